/**
 * Discrete-event scheduler: a clock in seconds and a calendar queue (Brown 1988) of
 * pending events, kept in typed arrays.
 *
 * An event is (time, seq, kind, arg): `kind` picks a handler registered once with
 * `register`, `arg` is an integer the handler interprets (an order id, a server
 * slot...). Nothing is allocated per event: events live in slot arrays recycled
 * through a free list, and the queue links slot indices.
 *
 * The calendar queue: time is cut into buckets of `width` seconds; an event with
 * bucket number v = floor(time / width) sits in list v mod nb (nb a power of two),
 * each list sorted by (time, seq). The earliest event is found by walking the bucket
 * numbers upwards from the last one popped: the head of list v mod nb is the next
 * event when its own bucket number is v. With width about three times the mean gap
 * between the next events, an insert walks one or two list nodes and a pop passes
 * about one bucket: O(1) per event where a binary heap of a few thousand pending
 * service completions costs a dozen dependent loads (PERF: measured in bench/, see
 * the README). nb follows the number of pending events (doubling and halving) and
 * the width is re-estimated from the earliest events whenever nb changes or the
 * walks grow long.
 *
 * Invariants:
 * - events pop in (time, seq) order; seq grows by one per schedule call, so equal
 *   times pop first-in-first-out and runs are reproducible. (time, seq) is a total
 *   order, so the pop sequence depends only on the keys, never on the bucket layout
 *   (nb, width, when they change);
 * - every queued event's bucket number is >= #cur (an insert below it moves #cur down);
 * - a cancelled event stays queued (lazy deletion) and is skipped when it pops; its
 *   slot is recycled only then, and the generation stamp in the handle makes a stale
 *   handle harmless;
 * - events scheduled before a run (shift changes, courier pickups, hourly samples for
 *   a whole month) may be moved to the pre-scheduled list, sorted by (time, seq), of
 *   which only the head is queued (see `#toPreList`). Keys never change, so the pop
 *   order is the same as with every event queued.
 */

export type Handler = (arg: number) => void;

/** Opaque event handle: generation * 2^24 + slot. */
export type EventHandle = number;

const SLOT_BITS = 0x1000000; // 2^24 slots at most
const NO_EVENT = -1;
/** Fewest events scheduled outside `run` that make `run` move them to the pre-scheduled list. */
const PRE_MIN = 64;
const MIN_BUCKETS = 16;
/** Pops between checks of the walk lengths (see #tune). */
const TUNE_EVERY = 2048;
/** Mean list nodes walked plus empty buckets passed per pop above which the width is re-estimated. */
const TUNE_COST = 6;
const TWO_31 = 2147483648;

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

  // Slot storage (one per pending event).
  #slotKind: Int32Array;
  #slotArg: Float64Array;
  #slotTime: Float64Array;
  /** The event's seq, read only to break ties between equal times. */
  #slotSeq: Float64Array;
  /** Next slot in the same bucket list, or -1. */
  #slotNext: Int32Array;
  #slotGen: Uint32Array;
  #slotLive: Uint8Array;
  #free: Int32Array;
  #freeTop = 0;
  #slotCount = 0;

  // The calendar queue: list heads and tails per bucket (-1 = empty).
  #head: Int32Array;
  #tail: Int32Array;
  #mask: number;
  /** 1 / width, in buckets per second. A Float64Array for the reason given at #clock. */
  readonly #geom = new Float64Array(2); // [invWidth, cur]
  /** Queued events (cancelled ones included until they pop). */
  #size = 0;
  #seq = 0;
  /** Nodes walked and buckets passed since the last check (see #tune), and pops since. */
  #cost = 0;
  #pops = 0;

  /**
   * The pre-scheduled list: events moved out of the queue at the start of a run, sorted
   * by (time, seq); entries [#preNext, #preLen) are not yet queued, and #preHeadSlot is
   * the slot of the one entry that is (or -1). PERF: a model schedules its whole calendar up
   * front (30 days of hourly samples, every shift change and courier pickup: ~2,000
   * events for ~300 busy servers); queued, they would spread over the buckets and skew
   * the width. Only the earliest is needed there, and since it keeps its original
   * seq, ties with later events resolve as before.
   */
  #preSlot = new Int32Array(0);
  #preTime = new Float64Array(0);
  #preNext = 0;
  #preLen = 0;
  #preHeadSlot = -1;
  /** Events scheduled outside `run` since the last `run` started. */
  #outside = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity | 0);
    this.#slotKind = new Int32Array(n);
    this.#slotArg = new Float64Array(n);
    this.#slotTime = new Float64Array(n);
    this.#slotSeq = new Float64Array(n);
    this.#slotNext = new Int32Array(n);
    this.#slotGen = new Uint32Array(n);
    this.#slotLive = new Uint8Array(n);
    this.#free = new Int32Array(n);
    this.#head = new Int32Array(MIN_BUCKETS).fill(-1);
    this.#tail = new Int32Array(MIN_BUCKETS).fill(-1);
    this.#mask = MIN_BUCKETS - 1;
    this.#geom[0] = 1;
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
    return this.#size + this.#preLen - this.#preNext;
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
    while (this.#size > 0) {
      const slot = this.#min();
      if (this.#slotLive[slot] === 1) return this.#slotTime[slot];
      this.#drop(slot);
    }
    return Infinity;
  }

  /**
   * Runs events in order until the queue is empty, the next event is later than
   * `until` (the clock is then advanced to `until`), or `stop()` is called.
   * Returns the number of events dispatched by this call. Not re-entrant: a handler
   * must not call `run`.
   */
  run(until = Infinity): number {
    if (this.#running) throw new Error("Scheduler.run called from inside a handler (run is not re-entrant)");
    if (this.#outside >= PRE_MIN && 2 * this.#outside >= this.#size) this.#toPreList();
    this.#outside = 0;
    this.#running = true;
    this.#stopped = false;
    const handlers = this.#handlers;
    const clock = this.#clock;
    // The slot arrays are read through `this` on every event, never cached in locals:
    // a handler may schedule enough events to make #grow replace them.
    let dispatched = 0;
    try {
      while (this.#size > 0) {
        const slot = this.#min();
        const t = this.#slotTime[slot];
        if (t > until) break;
        this.#unlinkHead(slot);
        if (this.#slotLive[slot] === 0) {
          this.#release(slot);
          if (slot === this.#preHeadSlot) this.#feed();
          continue;
        }
        const kind = this.#slotKind[slot];
        const arg = this.#slotArg[slot];
        this.#release(slot);
        clock[0] = t;
        dispatched++;
        // The pre-scheduled list's head is being consumed: its successor is queued.
        if (slot === this.#preHeadSlot) this.#feed();
        handlers[kind](arg);
        if (this.#stopped) break;
      }
    } finally {
      this.#running = false;
      this.events += dispatched;
    }
    if (!this.#stopped && until !== Infinity && clock[0] < until) clock[0] = until;
    return dispatched;
  }

  /** Empties the queue and resets the clock, keeping the memory (handlers stay). */
  reset(): void {
    this.#clock[0] = 0;
    this.events = 0;
    this.#head.fill(-1);
    this.#tail.fill(-1);
    this.#size = 0;
    this.#geom[1] = 0;
    this.#cost = this.#pops = 0;
    this.#seq = 0;
    this.#freeTop = 0;
    this.#preNext = this.#preLen = 0;
    this.#preHeadSlot = -1;
    this.#outside = 0;
    // Bump generations so handles from the previous run never match.
    for (let i = 0; i < this.#slotCount; i++) {
      this.#slotGen[i] = (this.#slotGen[i] + 1) & 0xffffff;
      this.#slotLive[i] = 0;
    }
    for (let i = this.#slotCount - 1; i >= 0; i--) this.#free[this.#freeTop++] = i;
  }

  /**
   * Takes a slot for the event, queues it and returns the slot. PERF: returns the slot
   * (a small integer), not the handle: a handle above 2^31 is a heap-allocated double
   * whenever it crosses a call boundary that V8 does not inline, one allocation per
   * event; built in the small public methods it is usually inlined into the caller
   * and never boxed.
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
    this.#slotTime[slot] = time;
    this.#insert(slot);
    if (this.#size > 2 * (this.#mask + 1)) this.#rebuild(2 * (this.#mask + 1));
    return slot;
  }

  /** Links `slot` (its time and seq set) into its bucket's list, keeping it sorted by (time, seq). */
  #insert(slot: number): void {
    const st = this.#slotTime;
    const sq = this.#slotSeq;
    const next = this.#slotNext;
    const time = st[slot];
    const g = this.#geom;
    const v = Math.floor(time * g[0]);
    if (v < g[1]) g[1] = v;
    const b = v < TWO_31 ? v & this.#mask : v % (this.#mask + 1);
    const tail = this.#tail[b];
    this.#size++;
    if (tail < 0) {
      this.#head[b] = slot;
      this.#tail[b] = slot;
      next[slot] = -1;
      return;
    }
    const seq = sq[slot];
    // Appending is the common case for a new event (its seq is the largest).
    const tt = st[tail];
    if (tt < time || (tt === time && sq[tail] < seq)) {
      next[tail] = slot;
      next[slot] = -1;
      this.#tail[b] = slot;
      return;
    }
    let prev = -1;
    let p = this.#head[b];
    for (;;) {
      const pt = st[p];
      if (pt > time || (pt === time && sq[p] > seq)) break;
      prev = p;
      p = next[p];
      this.#cost++;
    }
    next[slot] = p;
    if (prev < 0) this.#head[b] = slot;
    else next[prev] = slot;
  }

  /**
   * The slot of the earliest queued event (the queue must be non-empty); sets #cur to
   * its bucket number. The event stays queued (see #unlinkHead).
   */
  #min(): number {
    const head = this.#head;
    const st = this.#slotTime;
    const g = this.#geom;
    const inv = g[0];
    const mask = this.#mask;
    let v = g[1];
    for (let k = 0; k <= mask; k++, v++) {
      const h = head[v < TWO_31 ? v & mask : v % (mask + 1)];
      if (h >= 0 && Math.floor(st[h] * inv) === v) {
        this.#cost += k;
        g[1] = v;
        return h;
      }
    }
    // A whole year of buckets without a due event (sparse times): search the heads.
    const sq = this.#slotSeq;
    let best = -1;
    for (let b = 0; b <= mask; b++) {
      const h = head[b];
      if (h >= 0 && (best < 0 || st[h] < st[best] || (st[h] === st[best] && sq[h] < sq[best]))) best = h;
    }
    this.#cost += mask + 1;
    g[1] = Math.floor(st[best] * inv);
    return best;
  }

  /** Removes `slot`, the head of the bucket #min just found, from the queue. */
  #unlinkHead(slot: number): void {
    const v = this.#geom[1];
    const b = v < TWO_31 ? v & this.#mask : v % (this.#mask + 1);
    const n = this.#slotNext[slot];
    this.#head[b] = n;
    if (n < 0) this.#tail[b] = -1;
    this.#size--;
    if (++this.#pops === TUNE_EVERY) this.#tune();
    else if (this.#size < (this.#mask + 1) >> 2 && this.#mask + 1 > MIN_BUCKETS) this.#rebuild((this.#mask + 1) >> 1);
  }

  /** Removes a cancelled event found by #min. */
  #drop(slot: number): void {
    this.#unlinkHead(slot);
    this.#release(slot);
    if (slot === this.#preHeadSlot) this.#feed();
  }

  /** Every TUNE_EVERY pops: re-estimates the width when walks have grown long. */
  #tune(): void {
    const cost = this.#cost;
    this.#pops = 0;
    this.#cost = 0;
    if (cost > TUNE_COST * TUNE_EVERY) this.#rebuild(this.#mask + 1);
  }

  /**
   * Re-lays the queue on `nb` buckets with a width estimated from the earliest events:
   * three times their mean gap, so the next events sit two or three to a bucket.
   * O(n log n), run when nb doubles or halves, or when #tune finds long walks.
   */
  #rebuild(nb: number): void {
    const n = this.#size;
    const slots = new Int32Array(n);
    let k = 0;
    for (let b = 0; b <= this.#mask; b++) for (let p = this.#head[b]; p >= 0; p = this.#slotNext[p]) slots[k++] = p;
    const st = this.#slotTime;
    const times = new Float64Array(n);
    for (let i = 0; i < n; i++) times[i] = st[slots[i]];
    times.sort();
    // The gap over the first quarter of the events (at least 16 of them when there are).
    const m = Math.min(n - 1, Math.max(16, n >> 2));
    let width = m > 0 ? (3 * (times[m] - times[0])) / m : 1 / this.#geom[0];
    if (!(width > 0 && Number.isFinite(width))) {
      const span = n > 1 ? times[n - 1] - times[0] : 0;
      width = span > 0 ? (3 * span) / n : 1 / this.#geom[0];
    }
    this.#head = new Int32Array(nb).fill(-1);
    this.#tail = new Int32Array(nb).fill(-1);
    this.#mask = nb - 1;
    this.#geom[0] = 1 / width;
    this.#geom[1] = n > 0 ? Math.floor(times[0] * this.#geom[0]) : Math.floor(this.#clock[0] * this.#geom[0]);
    this.#size = 0;
    this.#cost = 0;
    this.#pops = 0;
    // Re-linking in (time, seq) order appends every event: linear after the sort.
    const sq = this.#slotSeq;
    slots.sort((a, b) => st[a] - st[b] || sq[a] - sq[b]);
    for (let i = 0; i < n; i++) this.#insert(slots[i]);
  }

  /** Moves the pre-scheduled list's next entry into the queue (the previous head has left it). */
  #feed(): void {
    const i = this.#preNext;
    if (i < this.#preLen) {
      const slot = this.#preSlot[i];
      this.#preHeadSlot = slot;
      this.#preNext = i + 1;
      this.#slotTime[slot] = this.#preTime[i];
      this.#insert(slot);
    } else this.#preHeadSlot = -1;
  }

  /**
   * Empties the queue into the pre-scheduled list (merged with what is left of it),
   * dropping cancelled events, and queues the list's head again. O(n log n), called by
   * `run` only when most pending events were scheduled from outside since the last
   * run, so the cost is bounded by the scheduling work itself.
   */
  #toPreList(): void {
    const n = this.#size;
    const sq = this.#slotSeq;
    const st = this.#slotTime;
    const aSlot = new Int32Array(n);
    const aTime = new Float64Array(n);
    let a = 0;
    for (let b = 0; b <= this.#mask; b++) {
      for (let p = this.#head[b]; p >= 0; p = this.#slotNext[p]) {
        if (this.#slotLive[p] === 0) continue;
        aSlot[a++] = p;
      }
    }
    // Cancelled events leave with the queue (their slots are freed below, after the walk).
    for (let b = 0; b <= this.#mask; b++) {
      for (let p = this.#head[b]; p >= 0; ) {
        const nx = this.#slotNext[p];
        if (this.#slotLive[p] === 0) this.#release(p);
        p = nx;
      }
    }
    const live = aSlot.subarray(0, a).sort((x, y) => st[x] - st[y] || sq[x] - sq[y]);
    for (let i = 0; i < a; i++) aTime[i] = st[live[i]];
    this.#head.fill(-1);
    this.#tail.fill(-1);
    this.#size = 0;
    // The old list's head was queued and is in `live` now; the rest follows it.
    const bSlot = this.#preSlot;
    const bTime = this.#preTime;
    let b = this.#preNext;
    const bEnd = this.#preLen;
    const len = a + bEnd - b;
    const cSlot = new Int32Array(len);
    const cTime = new Float64Array(len);
    let i = 0;
    for (let k = 0; k < len; k++) {
      const fromA = b >= bEnd || (i < a && (aTime[i] < bTime[b] || (aTime[i] === bTime[b] && sq[live[i]] < sq[bSlot[b]])));
      if (fromA) {
        cSlot[k] = live[i];
        cTime[k] = aTime[i];
        i++;
      } else {
        cSlot[k] = bSlot[b];
        cTime[k] = bTime[b];
        b++;
      }
    }
    this.#preSlot = cSlot;
    this.#preTime = cTime;
    this.#preNext = 0;
    this.#preLen = len;
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
    this.#slotTime = g(this.#slotTime, n);
    this.#slotSeq = g(this.#slotSeq, n);
    this.#slotNext = g(this.#slotNext, n);
    this.#slotGen = g(this.#slotGen, n);
    this.#slotLive = g(this.#slotLive, n);
    this.#free = g(this.#free, n);
  }
}

export { NO_EVENT };
