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
 *   times pop first-in-first-out and runs are reproducible. (time, seq) is a total
 *   order, so the pop sequence depends only on the keys, never on the heap's shape;
 *   that is what makes the "replace top" trick in `run` invisible;
 * - a cancelled event stays in the heap (lazy deletion) and is skipped when it pops;
 *   its slot is recycled only then, and the generation stamp in the handle makes a
 *   stale handle harmless;
 * - heap key arrays hold +Infinity at every index >= size (see `#siftDown`).
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
  #running = false;
  /**
   * True while a handler runs and the heap root is the event being dispatched,
   * already consumed but not yet removed. PERF: most handlers schedule exactly one
   * follow-up event (a service completion schedules the next start); the first push
   * then overwrites the root and sifts it down, one O(log n) pass instead of a pop's
   * sift-down plus a push's sift-up. The heap holds the same set of keys as after
   * pop + push, so the pop order is unchanged.
   */
  #topConsumed = false;

  // Slot storage (one per pending event).
  #slotKind: Int32Array;
  #slotArg: Float64Array;
  #slotGen: Uint32Array;
  #slotLive: Uint8Array;
  #free: Int32Array;
  #freeTop = 0;
  #slotCount = 0;

  // Heap of slot indices, with the keys copied alongside so comparisons touch
  // only two contiguous arrays. PERF: parallel key arrays avoid an indirection
  // through the slot arrays on every comparison (flatqueue's layout). One extra
  // entry past the slot capacity holds the +Infinity sentinel when the heap is full.
  #heapSlot: Int32Array;
  #heapTime: Float64Array;
  #heapSeq: Float64Array;
  #size = 0;
  #seq = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity | 0);
    this.#slotKind = new Int32Array(n);
    this.#slotArg = new Float64Array(n);
    this.#slotGen = new Uint32Array(n);
    this.#slotLive = new Uint8Array(n);
    this.#free = new Int32Array(n);
    this.#heapSlot = new Int32Array(n + 1);
    this.#heapTime = new Float64Array(n + 1).fill(Infinity);
    this.#heapSeq = new Float64Array(n + 1);
  }

  /** Registers a handler and returns its kind number (use it in `schedule`). */
  register(handler: Handler): number {
    this.#handlers.push(handler);
    return this.#handlers.length - 1;
  }

  /** Number of events in the heap (including cancelled ones not yet popped). */
  get pending(): number {
    return this.#topConsumed ? this.#size - 1 : this.#size;
  }

  /** Schedules `kind(arg)` after `delay` seconds (>= 0). */
  schedule(delay: number, kind: number, arg = 0): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`Negative or NaN delay ${delay}`);
    const slot = this.#push(this.now + delay, kind, arg);
    return this.#slotGen[slot] * SLOT_BITS + slot;
  }

  /** Schedules `kind(arg)` at absolute time `time` (>= now). */
  scheduleAt(time: number, kind: number, arg = 0): EventHandle {
    if (!(time >= this.now)) throw new RangeError(`Event time ${time} is before now ${this.now}`);
    const slot = this.#push(time, kind, arg);
    return this.#slotGen[slot] * SLOT_BITS + slot;
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
    this.#settleTop();
    while (this.#size > 0 && this.#slotLive[this.#heapSlot[0]] === 0) this.#release(this.#popTop());
    return this.#size > 0 ? this.#heapTime[0] : Infinity;
  }

  /**
   * Runs events in order until the heap is empty, the next event is later than
   * `until` (the clock is then advanced to `until`), or `stop()` is called.
   * Returns the number of events dispatched by this call. Not re-entrant: a handler
   * must not call `run`.
   */
  run(until = Infinity): number {
    if (this.#running) throw new Error("Scheduler.run called from inside a handler (run is not re-entrant)");
    this.#running = true;
    this.#stopped = false;
    const handlers = this.#handlers;
    // The slot arrays are read through `this` on every event, never cached in locals:
    // a handler may schedule enough events to make #grow replace them.
    let dispatched = 0;
    try {
      while (this.#size > 0) {
        const t = this.#heapTime[0];
        if (t > until) break;
        const slot = this.#heapSlot[0];
        if (this.#slotLive[slot] === 0) {
          this.#popTop();
          this.#release(slot);
          continue;
        }
        const kind = this.#slotKind[slot];
        const arg = this.#slotArg[slot];
        this.#release(slot);
        this.now = t;
        dispatched++;
        this.#topConsumed = true;
        handlers[kind](arg);
        if (this.#topConsumed) {
          this.#topConsumed = false;
          this.#popTop();
        }
        if (this.#stopped) break;
      }
    } finally {
      // A throwing handler leaves the consumed root behind; remove it so the heap stays valid.
      this.#settleTop();
      this.#running = false;
      this.events += dispatched;
    }
    if (!this.#stopped && until !== Infinity && this.now < until) this.now = until;
    return dispatched;
  }

  /** Empties the heap and resets the clock, keeping the memory (handlers stay). */
  reset(): void {
    this.now = 0;
    this.events = 0;
    this.#heapTime.fill(Infinity, 0, this.#size);
    this.#size = 0;
    this.#seq = 0;
    this.#freeTop = 0;
    this.#topConsumed = false;
    // Bump generations so handles from the previous run never match.
    for (let i = 0; i < this.#slotCount; i++) {
      this.#slotGen[i] = (this.#slotGen[i] + 1) & 0xffffff;
      this.#slotLive[i] = 0;
    }
    for (let i = this.#slotCount - 1; i >= 0; i--) this.#free[this.#freeTop++] = i;
  }

  /**
   * Inserts the event and returns its slot. PERF: returns the slot (a small integer),
   * not the handle: a handle above 2^31 is a heap-allocated double whenever it crosses
   * a call boundary that V8 does not inline, one allocation per event; built in the
   * small public methods it is usually inlined into the caller and never boxed.
   */
  #push(time: number, kind: number, arg: number): number {
    let slot: number;
    if (this.#freeTop > 0) slot = this.#free[--this.#freeTop];
    else {
      if (this.#slotCount === this.#slotKind.length) this.#grow();
      slot = this.#slotCount++;
    }
    const seq = this.#seq++;
    this.#slotKind[slot] = kind;
    this.#slotArg[slot] = arg;
    this.#slotLive[slot] = 1;

    if (this.#topConsumed) {
      // Replace the consumed root (see #topConsumed); time >= now = its key.
      this.#topConsumed = false;
      this.#siftDown(slot, time, seq, this.#size);
    } else {
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
    }
    return slot;
  }

  /**
   * Places (slot, time, seq) at the root's hole and sifts it down a heap of n entries.
   * PERF: ht[i] = +Infinity for i >= n, so the right child needs no bounds test (a
   * missing right child never wins against the left one).
   */
  #siftDown(slot: number, time: number, seq: number, n: number): void {
    const hs = this.#heapSlot;
    const ht = this.#heapTime;
    const hq = this.#heapSeq;
    let pos = 0;
    let child = 1;
    while (child < n) {
      const lt = ht[child];
      const rt = ht[child + 1];
      // PERF: the smaller child is picked by arithmetic, `child += (rt < lt) | 0`, which
      // V8 compiles without a branch; a compare-and-jump here mispredicts about half
      // the time (the heap's order between siblings is random). Equal times are rare
      // and take the predictable slow path for the FIFO tie-break on seq.
      if (rt === lt) {
        if (hq[child + 1] < hq[child]) child++;
      } else child += ((rt < lt) as unknown as number) | 0; // (bool | 0) is 0 or 1 in JS
      const ct = ht[child];
      if (time < ct || (time === ct && seq < hq[child])) break;
      hs[pos] = hs[child];
      ht[pos] = ct;
      hq[pos] = hq[child];
      pos = child;
      child = 2 * pos + 1;
    }
    hs[pos] = slot;
    ht[pos] = time;
    hq[pos] = seq;
  }

  /** Removes the heap top and returns its slot (the heap must be non-empty). */
  #popTop(): number {
    const top = this.#heapSlot[0];
    const n = --this.#size;
    const ht = this.#heapTime;
    if (n > 0) {
      const slot = this.#heapSlot[n];
      const time = ht[n];
      const seq = this.#heapSeq[n];
      ht[n] = Infinity;
      this.#siftDown(slot, time, seq, n);
    } else ht[0] = Infinity;
    return top;
  }

  /** Removes a consumed root left by a handler that scheduled nothing (outside the hot loop). */
  #settleTop(): void {
    if (this.#topConsumed) {
      this.#topConsumed = false;
      this.#popTop();
    }
  }

  #release(slot: number): void {
    this.#slotLive[slot] = 0;
    this.#slotGen[slot] = (this.#slotGen[slot] + 1) & 0xffffff;
    this.#free[this.#freeTop++] = slot;
  }

  #grow(): void {
    const n = this.#slotKind.length * 2;
    if (n > SLOT_BITS) throw new RangeError(`More than ${SLOT_BITS} pending events`);
    const g = <T extends Float64Array | Int32Array | Uint32Array | Uint8Array>(a: T, len: number): T => {
      const b = new (a.constructor as new (n: number) => T)(len);
      b.set(a);
      return b;
    };
    this.#slotKind = g(this.#slotKind, n);
    this.#slotArg = g(this.#slotArg, n);
    this.#slotGen = g(this.#slotGen, n);
    this.#slotLive = g(this.#slotLive, n);
    this.#free = g(this.#free, n);
    this.#heapSlot = g(this.#heapSlot, n + 1);
    const ht = new Float64Array(n + 1).fill(Infinity);
    ht.set(this.#heapTime.subarray(0, this.#size));
    this.#heapTime = ht;
    this.#heapSeq = g(this.#heapSeq, n + 1);
  }
}

export { NO_EVENT };
