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
 * - the heap's time array holds +Infinity at every index >= size (see `#siftDown`);
 * - events scheduled before a run (shift changes, courier pickups, hourly samples for
 *   a whole month) may be moved to the calendar, a list sorted by (time, seq) of
 *   which only the head is in the heap (see `#toCalendar`). Keys never change, so the
 *   pop order is the same as with every event in the heap.
 */

export type Handler = (arg: number) => void;

/** Opaque event handle: generation * 2^24 + slot. */
export type EventHandle = number;

const SLOT_BITS = 0x1000000; // 2^24 slots at most
const NO_EVENT = -1;
/** Fewest events scheduled outside `run` that make `run` move them to the calendar. */
const CALENDAR_MIN = 64;

export class Scheduler {
  /**
   * The clock. PERF: a Float64Array, not a number field: a double stored in an object
   * field may become a fresh heap number plus a write barrier on every event (see
   * stats.ts); a typed array stores it in place.
   */
  readonly #clock = new Float64Array(1);
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
  /**
   * The event's seq, read only to break ties between equal times. PERF: kept per
   * slot, not in the heap: the heap then moves two arrays per level instead of
   * three, and equal times (which need the seq) are rare in continuous time.
   */
  #slotSeq: Float64Array;
  #slotGen: Uint32Array;
  #slotLive: Uint8Array;
  #free: Int32Array;
  #freeTop = 0;
  #slotCount = 0;

  // Heap of slot indices, with the times copied alongside so comparisons touch
  // only two contiguous arrays. PERF: a parallel time array avoids an indirection
  // through the slot arrays on every comparison (flatqueue's layout). One extra
  // entry past the slot capacity holds the +Infinity sentinel when the heap is full.
  #heapSlot: Int32Array;
  #heapTime: Float64Array;
  #size = 0;
  #seq = 0;

  /**
   * The calendar: events moved out of the heap at the start of a run, sorted by
   * (time, seq); entries [#calNext, #calLen) are not yet in the heap, and
   * #calHeadSlot is the slot of the one entry that is (or -1). PERF: a model
   * schedules its calendar up front (30 days of hourly samples, every shift change
   * and courier pickup: ~2,000 events for ~300 busy servers); kept in the heap they
   * would add three levels to every sift. Only the earliest is needed there, and
   * since it keeps its original seq, ties with later events resolve as before.
   */
  #calSlot = new Int32Array(0);
  #calTime = new Float64Array(0);
  #calNext = 0;
  #calLen = 0;
  #calHeadSlot = -1;
  /** Events scheduled outside `run` since the last `run` started. */
  #outside = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity | 0);
    this.#slotKind = new Int32Array(n);
    this.#slotArg = new Float64Array(n);
    this.#slotSeq = new Float64Array(n);
    this.#slotGen = new Uint32Array(n);
    this.#slotLive = new Uint8Array(n);
    this.#free = new Int32Array(n);
    this.#heapSlot = new Int32Array(n + 1);
    this.#heapTime = new Float64Array(n + 1).fill(Infinity);
  }

  /** Current simulated time in seconds from scenario start. */
  get now(): number {
    return this.#clock[0];
  }

  /** Registers a handler and returns its kind number (use it in `schedule`). */
  register(handler: Handler): number {
    this.#handlers.push(handler);
    return this.#handlers.length - 1;
  }

  /** Number of events not yet dispatched (including cancelled ones not yet popped). */
  get pending(): number {
    return (this.#topConsumed ? this.#size - 1 : this.#size) + this.#calLen - this.#calNext;
  }

  /** Schedules `kind(arg)` after `delay` seconds (>= 0). */
  schedule(delay: number, kind: number, arg = 0): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`Negative or NaN delay ${delay}`);
    const slot = this.#push(this.#clock[0] + delay, kind, arg);
    return this.#slotGen[slot] * SLOT_BITS + slot;
  }

  /** Schedules `kind(arg)` at absolute time `time` (>= now). */
  scheduleAt(time: number, kind: number, arg = 0): EventHandle {
    if (!(time >= this.#clock[0])) throw new RangeError(`Event time ${time} is before now ${this.#clock[0]}`);
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
    while (this.#size > 0 && this.#slotLive[this.#heapSlot[0]] === 0) this.#dropTop();
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
    if (this.#outside >= CALENDAR_MIN && 2 * this.#outside >= this.#size) this.#toCalendar();
    this.#outside = 0;
    this.#running = true;
    this.#stopped = false;
    const handlers = this.#handlers;
    const clock = this.#clock;
    // The slot and heap arrays are read through `this` on every event, never cached in
    // locals: a handler may schedule enough events to make #grow replace them.
    let dispatched = 0;
    try {
      while (this.#size > 0) {
        const t = this.#heapTime[0];
        if (t > until) break;
        const slot = this.#heapSlot[0];
        if (this.#slotLive[slot] === 0) {
          this.#dropTop();
          continue;
        }
        const kind = this.#slotKind[slot];
        const arg = this.#slotArg[slot];
        this.#release(slot);
        clock[0] = t;
        dispatched++;
        this.#topConsumed = true;
        // The calendar's head is being consumed: its successor takes the root.
        if (slot === this.#calHeadSlot) this.#feed();
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
    if (!this.#stopped && until !== Infinity && clock[0] < until) clock[0] = until;
    return dispatched;
  }

  /** Empties the heap and resets the clock, keeping the memory (handlers stay). */
  reset(): void {
    this.#clock[0] = 0;
    this.events = 0;
    this.#heapTime.fill(Infinity, 0, this.#size);
    this.#size = 0;
    this.#seq = 0;
    this.#freeTop = 0;
    this.#topConsumed = false;
    this.#calNext = this.#calLen = 0;
    this.#calHeadSlot = -1;
    this.#outside = 0;
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
    if (!this.#running) this.#outside++;
    this.#slotKind[slot] = kind;
    this.#slotArg[slot] = arg;
    this.#slotSeq[slot] = this.#seq++;
    this.#slotLive[slot] = 1;
    this.#insert(slot, time);
    return slot;
  }

  /** Puts (slot, time) in the heap, replacing the consumed root if there is one. */
  #insert(slot: number, time: number): void {
    if (this.#topConsumed) {
      // Replace the consumed root (see #topConsumed); time >= now = its key.
      this.#topConsumed = false;
      this.#siftDown(slot, time, this.#size);
    } else {
      // Sift up. PERF: locals instead of fields inside the loop.
      const hs = this.#heapSlot;
      const ht = this.#heapTime;
      const sq = this.#slotSeq;
      const seq = sq[slot];
      let pos = this.#size++;
      while (pos > 0) {
        const parent = (pos - 1) >> 1;
        const pt = ht[parent];
        if (pt < time || (pt === time && sq[hs[parent]] < seq)) break;
        hs[pos] = hs[parent];
        ht[pos] = pt;
        pos = parent;
      }
      hs[pos] = slot;
      ht[pos] = time;
    }
  }

  /**
   * Places (slot, time) at the root's hole and sifts it down a heap of n entries.
   * PERF: ht[i] = +Infinity for i >= n, so the right child needs no bounds test (a
   * missing right child never wins against the left one).
   */
  #siftDown(slot: number, time: number, n: number): void {
    const hs = this.#heapSlot;
    const ht = this.#heapTime;
    const sq = this.#slotSeq;
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
        if (sq[hs[child + 1]] < sq[hs[child]]) child++;
      } else child += ((rt < lt) as unknown as number) | 0; // (bool | 0) is 0 or 1 in JS
      const ct = ht[child];
      if (time < ct || (time === ct && sq[slot] < sq[hs[child]])) break;
      hs[pos] = hs[child];
      ht[pos] = ct;
      pos = child;
      child = 2 * pos + 1;
    }
    hs[pos] = slot;
    ht[pos] = time;
  }

  /** Removes the heap top and returns its slot (the heap must be non-empty). */
  #popTop(): number {
    const top = this.#heapSlot[0];
    const n = --this.#size;
    const ht = this.#heapTime;
    if (n > 0) {
      const slot = this.#heapSlot[n];
      const time = ht[n];
      ht[n] = Infinity;
      this.#siftDown(slot, time, n);
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

  /** Removes a cancelled event from the top of the heap. */
  #dropTop(): void {
    const slot = this.#popTop();
    if (slot === this.#calHeadSlot) this.#feed();
    this.#release(slot);
  }

  /** Moves the calendar's next entry into the heap (the previous head has left it). */
  #feed(): void {
    const i = this.#calNext;
    if (i < this.#calLen) {
      const slot = this.#calSlot[i];
      this.#calHeadSlot = slot;
      this.#calNext = i + 1;
      this.#insert(slot, this.#calTime[i]);
    } else this.#calHeadSlot = -1;
  }

  /**
   * Empties the heap into the calendar (merged with what is left of it), dropping
   * cancelled events, and puts the calendar's head back in the heap. O(n log n),
   * called by `run` only when most pending events were scheduled from outside since
   * the last run, so the cost is bounded by the scheduling work itself.
   */
  #toCalendar(): void {
    const n = this.#size;
    const sq = this.#slotSeq;
    const aSlot = new Int32Array(n);
    const aTime = new Float64Array(n);
    let a = 0;
    while (this.#size > 0) {
      const slot = this.#heapSlot[0];
      const time = this.#heapTime[0];
      this.#popTop();
      if (this.#slotLive[slot] === 0) {
        this.#release(slot);
        continue;
      }
      aSlot[a] = slot;
      aTime[a] = time;
      a++;
    }
    // The old calendar's head was in the heap and is in `a` now; the rest follows it.
    const bSlot = this.#calSlot;
    const bTime = this.#calTime;
    let b = this.#calNext;
    const bEnd = this.#calLen;
    const len = a + bEnd - b;
    const cSlot = new Int32Array(len);
    const cTime = new Float64Array(len);
    let i = 0;
    for (let k = 0; k < len; k++) {
      const fromA = b >= bEnd || (i < a && (aTime[i] < bTime[b] || (aTime[i] === bTime[b] && sq[aSlot[i]] < sq[bSlot[b]])));
      if (fromA) {
        cSlot[k] = aSlot[i];
        cTime[k] = aTime[i];
        i++;
      } else {
        cSlot[k] = bSlot[b];
        cTime[k] = bTime[b];
        b++;
      }
    }
    this.#calSlot = cSlot;
    this.#calTime = cTime;
    this.#calNext = 0;
    this.#calLen = len;
    this.#feed();
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
    this.#slotSeq = g(this.#slotSeq, n);
    this.#slotGen = g(this.#slotGen, n);
    this.#slotLive = g(this.#slotLive, n);
    this.#free = g(this.#free, n);
    this.#heapSlot = g(this.#heapSlot, n + 1);
    const ht = new Float64Array(n + 1).fill(Infinity);
    ht.set(this.#heapTime.subarray(0, this.#size));
    this.#heapTime = ht;
  }
}

export { NO_EVENT };
