/**
 * Discrete-event scheduler: a clock in seconds and a binary heap of pending events
 * kept in typed arrays (flatqueue style).
 *
 * An event is (time, seq, kind, arg): `kind` picks a handler registered once with
 * `register`, `arg` is an integer the handler interprets (an order id, a server
 * slot...). Nothing is allocated per event: events live in slot arrays recycled
 * through a free list, and the heap holds slot indices.
 *
 * Invariants:
 * - events pop in (time, seq) order; seq grows by one per schedule call, so equal
 *   times pop first-in-first-out and runs are reproducible;
 * - a cancelled event stays in the heap (lazy deletion) and is skipped when it pops;
 *   its slot is recycled only then, and the generation stamp in the handle makes a
 *   stale handle harmless.
 */

export type Handler = (arg: number) => void;

/** Opaque event handle: generation * 2^24 + slot. */
export type EventHandle = number;

const SLOT_BITS = 0x1000000; // 2^24 slots at most
const NO_EVENT = -1;

export class Scheduler {
  /** Current simulated time in seconds from scenario start. */
  now = 0;
  /** Events dispatched so far (cancelled events are not counted). */
  events = 0;

  #handlers: Handler[] = [];
  #stopped = false;

  // Slot storage (one per pending event).
  #slotTime: Float64Array;
  #slotKind: Int32Array;
  #slotArg: Float64Array;
  #slotGen: Uint32Array;
  #slotLive: Uint8Array;
  #free: Int32Array;
  #freeTop = 0;
  #slotCount = 0;

  // Heap of slot indices, with the keys copied alongside so comparisons touch
  // only two contiguous arrays. PERF: parallel key arrays avoid an indirection
  // through the slot arrays on every comparison (flatqueue's layout).
  #heapSlot: Int32Array;
  #heapTime: Float64Array;
  #heapSeq: Float64Array;
  #size = 0;
  #seq = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity | 0);
    this.#slotTime = new Float64Array(n);
    this.#slotKind = new Int32Array(n);
    this.#slotArg = new Float64Array(n);
    this.#slotGen = new Uint32Array(n);
    this.#slotLive = new Uint8Array(n);
    this.#free = new Int32Array(n);
    this.#heapSlot = new Int32Array(n);
    this.#heapTime = new Float64Array(n);
    this.#heapSeq = new Float64Array(n);
  }

  /** Registers a handler and returns its kind number (use it in `schedule`). */
  register(handler: Handler): number {
    this.#handlers.push(handler);
    return this.#handlers.length - 1;
  }

  /** Number of events in the heap (including cancelled ones not yet popped). */
  get pending(): number {
    return this.#size;
  }

  /** Schedules `kind(arg)` after `delay` seconds (>= 0). */
  schedule(delay: number, kind: number, arg = 0): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`Negative or NaN delay ${delay}`);
    return this.#push(this.now + delay, kind, arg);
  }

  /** Schedules `kind(arg)` at absolute time `time` (>= now). */
  scheduleAt(time: number, kind: number, arg = 0): EventHandle {
    if (!(time >= this.now)) throw new RangeError(`Event time ${time} is before now ${this.now}`);
    return this.#push(time, kind, arg);
  }

  /** Cancels a pending event; a handle that already fired or was cancelled is ignored. */
  cancel(handle: EventHandle): void {
    if (handle < 0) return;
    const slot = handle % SLOT_BITS;
    const gen = (handle - slot) / SLOT_BITS;
    if (slot < this.#slotCount && this.#slotGen[slot] === gen) this.#slotLive[slot] = 0;
  }

  /** True if the handle refers to an event still pending. */
  isPending(handle: EventHandle): boolean {
    if (handle < 0) return false;
    const slot = handle % SLOT_BITS;
    const gen = (handle - slot) / SLOT_BITS;
    return slot < this.#slotCount && this.#slotGen[slot] === gen && this.#slotLive[slot] === 1;
  }

  /** Makes `run` return after the event being processed. */
  stop(): void {
    this.#stopped = true;
  }

  /** Time of the next live event, or Infinity. */
  peekTime(): number {
    this.#dropCancelledTop();
    return this.#size > 0 ? this.#heapTime[0] : Infinity;
  }

  /**
   * Runs events in order until the heap is empty, the next event is later than
   * `until` (the clock is then advanced to `until`), or `stop()` is called.
   * Returns the number of events dispatched by this call.
   */
  run(until = Infinity): number {
    this.#stopped = false;
    const handlers = this.#handlers;
    const slotKind = this.#slotKind;
    const slotArg = this.#slotArg;
    const slotLive = this.#slotLive;
    let dispatched = 0;
    while (this.#size > 0) {
      const t = this.#heapTime[0];
      if (t > until) break;
      const slot = this.#popTop();
      if (slotLive[slot] === 0) {
        this.#release(slot);
        continue;
      }
      const kind = slotKind[slot];
      const arg = slotArg[slot];
      this.#release(slot);
      this.now = t;
      dispatched++;
      handlers[kind](arg);
      if (this.#stopped) break;
    }
    this.events += dispatched;
    if (!this.#stopped && until !== Infinity && this.now < until) this.now = until;
    return dispatched;
  }

  /** Empties the heap and resets the clock, keeping the memory (handlers stay). */
  reset(): void {
    this.now = 0;
    this.events = 0;
    this.#size = 0;
    this.#seq = 0;
    this.#freeTop = 0;
    // Bump generations so handles from the previous run never match.
    for (let i = 0; i < this.#slotCount; i++) {
      this.#slotGen[i] = (this.#slotGen[i] + 1) & 0xffffff;
      this.#slotLive[i] = 0;
    }
    for (let i = this.#slotCount - 1; i >= 0; i--) this.#free[this.#freeTop++] = i;
  }

  #push(time: number, kind: number, arg: number): EventHandle {
    let slot: number;
    if (this.#freeTop > 0) slot = this.#free[--this.#freeTop];
    else {
      if (this.#slotCount === this.#slotTime.length) this.#grow();
      slot = this.#slotCount++;
    }
    const seq = this.#seq++;
    this.#slotTime[slot] = time;
    this.#slotKind[slot] = kind;
    this.#slotArg[slot] = arg;
    this.#slotLive[slot] = 1;

    // Sift up. PERF: locals instead of fields inside the loop.
    const hs = this.#heapSlot;
    const ht = this.#heapTime;
    const hq = this.#heapSeq;
    let pos = this.#size++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pt = ht[parent];
      if (pt < time || (pt === time && hq[parent] < seq)) break;
      hs[pos] = hs[parent];
      ht[pos] = pt;
      hq[pos] = hq[parent];
      pos = parent;
    }
    hs[pos] = slot;
    ht[pos] = time;
    hq[pos] = seq;
    return this.#slotGen[slot] * SLOT_BITS + slot;
  }

  /** Removes the heap top and returns its slot (the heap must be non-empty). */
  #popTop(): number {
    const hs = this.#heapSlot;
    const ht = this.#heapTime;
    const hq = this.#heapSeq;
    const top = hs[0];
    const n = --this.#size;
    if (n > 0) {
      const slot = hs[n];
      const time = ht[n];
      const seq = hq[n];
      const half = n >> 1;
      let pos = 0;
      while (pos < half) {
        let child = 2 * pos + 1;
        const right = child + 1;
        if (right < n && (ht[right] < ht[child] || (ht[right] === ht[child] && hq[right] < hq[child]))) child = right;
        const ct = ht[child];
        if (time < ct || (time === ct && seq < hq[child])) break;
        hs[pos] = hs[child];
        ht[pos] = ct;
        hq[pos] = hq[child];
        pos = child;
      }
      hs[pos] = slot;
      ht[pos] = time;
      hq[pos] = seq;
    }
    return top;
  }

  #dropCancelledTop(): void {
    while (this.#size > 0 && this.#slotLive[this.#heapSlot[0]] === 0) this.#release(this.#popTop());
  }

  #release(slot: number): void {
    this.#slotLive[slot] = 0;
    this.#slotGen[slot] = (this.#slotGen[slot] + 1) & 0xffffff;
    this.#free[this.#freeTop++] = slot;
  }

  #grow(): void {
    const n = this.#slotTime.length * 2;
    if (n > SLOT_BITS) throw new RangeError(`More than ${SLOT_BITS} pending events`);
    const g = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.#slotTime = g(this.#slotTime);
    this.#slotKind = g(this.#slotKind);
    this.#slotArg = g(this.#slotArg);
    this.#slotGen = g(this.#slotGen);
    this.#slotLive = g(this.#slotLive);
    this.#free = g(this.#free);
    this.#heapSlot = g(this.#heapSlot);
    this.#heapTime = g(this.#heapTime);
    this.#heapSeq = g(this.#heapSeq);
  }
}

export { NO_EVENT };
