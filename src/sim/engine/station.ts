/**
 * A multi-server station: one FIFO queue, up to `maxServers` server slots of which
 * the first `capacity` are on duty. Capacity changes over time (shifts, breaks,
 * breakdowns) without losing, duplicating or double-serving a job.
 *
 * Rules when capacity drops below the number of busy slots (`dropRule`):
 * - "finish": each job in service on a slot that went off duty is finished by
 *   that server (a worker completes the parcel in hand before leaving); the slot
 *   then stays idle. Busy servers may exceed capacity until those jobs finish.
 * - "preempt": the job is taken off the slot and put back at the head of the
 *   queue with its remaining work (preempt-resume), to restart on the next free
 *   on-duty slot (a printer that breaks mid-batch).
 *
 * Each slot has a speed (1 = a trained worker; a temp at 0.6 takes 1/0.6 longer).
 * A free job starts on the lowest-numbered free on-duty slot, so the model puts
 * the fastest workers first. `hold(true)` stops new starts (a blocked station)
 * without touching jobs in service.
 *
 * Two classes of jobs (`secondClassFrom`): jobs with an id at or above it (returns at
 * a station that also ships orders) take slots like any job but keep their own
 * counts, waits and queue level (`waiting2`): `queueLength` and `queuedOrders` count
 * the first class only, in either mode. With `secondClass: "fifo"` they share the one
 * line (`queued` counts both); with "low" they wait in a line of their own and start
 * only when no first-class job waits (non-preemptive priority: a second-class job in
 * service is finished).
 *
 * Jobs are integer ids; nothing is allocated per job (ring buffer and slot arrays).
 */
import type { Scheduler } from "./scheduler.js";
import { Tally, TimeWeighted } from "./stats.js";

export type DropRule = "finish" | "preempt";

export interface StationOptions {
  id: string;
  /** Upper bound on simultaneous servers (slots). */
  maxServers: number;
  /** Servers on duty at time 0. */
  capacity?: number;
  dropRule?: DropRule;
  /** Work content of a job in seconds at speed 1. Called once per job start (not on resume). */
  service: (job: number) => number;
  /** Called when a job leaves the station. */
  done: (job: number) => void;
  /** Keep every wait for exact quantiles (default true). */
  keepWaits?: boolean;
  /** Jobs with an id at or above this are the second class (default: none). */
  secondClassFrom?: number;
  /** "fifo" (default): one line for both classes; "low": the second class waits apart and goes after the first. */
  secondClass?: "fifo" | "low";
}

/** A plain ring-buffer line of (job, time joined, work left): the second class's own line. */
class Line {
  job = new Int32Array(64);
  t = new Float64Array(64);
  work = new Float64Array(64);
  head = 0;
  size = 0;

  push(front: boolean, job: number, t: number, work: number): void {
    const n = this.job.length;
    if (this.size === n) {
      const job2 = new Int32Array(2 * n);
      const t2 = new Float64Array(2 * n);
      const work2 = new Float64Array(2 * n);
      for (let k = 0; k < this.size; k++) {
        const i = (this.head + k) % n;
        job2[k] = this.job[i];
        t2[k] = this.t[i];
        work2[k] = this.work[i];
      }
      this.job = job2;
      this.t = t2;
      this.work = work2;
      this.head = 0;
    }
    const m = this.job.length;
    const i = front ? (this.head + m - 1) % m : (this.head + this.size) % m;
    if (front) this.head = i;
    this.job[i] = job;
    this.t[i] = t;
    this.work[i] = work;
    this.size++;
  }

  /** Removes the head (read its job, t and work first). */
  shift(): void {
    this.head = (this.head + 1) % this.job.length;
    this.size--;
  }
}

/** A job taken out of a queue by `Station.drain`. */
export interface QueuedJob {
  job: number;
  /** When it joined the queue (its arrival, or when it was preempted). */
  t: number;
  /** Work left at speed 1 for a preempted job, -1 for a job not yet started. */
  work: number;
}

export class Station {
  readonly id: string;
  readonly maxServers: number;
  readonly dropRule: DropRule;

  /** First-class jobs that arrived / finished (a preempted job counts once). */
  arrivals = 0;
  served = 0;
  /** Second-class jobs that arrived / finished. */
  arrivals2 = 0;
  served2 = 0;
  /** First-class jobs waiting (the second class waits in `waiting2`, even when it shares the line). */
  readonly queueLength: TimeWeighted;
  readonly busyServers: TimeWeighted;
  /**
   * Slots at work: the on-duty slots, plus the off-duty slots still finishing a job
   * (rule "finish": a worker whose shift or break began completes the parcel in hand,
   * and is at work until then). So busy never exceeds it and utilisation is at most 1
   * without clipping.
   */
  readonly onDuty: TimeWeighted;
  /** Wait in queue before first service start, seconds (first class). */
  readonly waits: Tally;
  /** The same for the second class. */
  readonly waits2: Tally;
  /** Second-class jobs waiting to start (in either line; a preempted one is not counted again). */
  readonly waiting2: TimeWeighted;

  #sched: Scheduler;
  #kind: number;
  #class2: number;
  #low: Line | null;
  #waiting2 = 0;
  /**
   * Second-class jobs in the shared line ("fifo"; started ones back after a preemption
   * included), so the line's first-class level is #qSize - #queued2. Always 0 without a
   * second class or with "low" (its own line): the subtraction then changes nothing.
   */
  #queued2 = 0;
  #service: (job: number) => number;
  #done: (job: number) => void;
  #capacity: number;
  #held = false;
  #busy = 0;
  /** Busy slots with index < capacity (so "is a slot free?" is O(1)). */
  #busyOnDuty = 0;
  /** The level of `onDuty`: capacity + busy slots at or above it. */
  #atWork = 0;

  // Slots.
  #slotJob: Int32Array;
  #slotEnd: Float64Array;
  #slotHandle: Float64Array;
  /** Speed the job on the slot was started at (setSpeed may change #speed meanwhile). */
  #slotSpeed: Float64Array;
  #speed: Float64Array;
  /** Bit s set = slot s busy. PERF: finding the lowest free slot scans words, not slots (stations with hundreds of packers). */
  #busyBits: Uint32Array;
  /**
   * Every #busyBits word below this index is full (all 32 slots busy), so the search
   * for the lowest free slot starts here. PERF: with 1,800 packers a search from
   * word 0 read ~50 full words per start.
   */
  #lowWord = 0;

  // Queue: ring buffer deque (capacity a power of two).
  #qJob: Int32Array;
  #qTime: Float64Array;
  /** Remaining work of a preempted job, or -1 for a job not yet started. */
  #qWork: Float64Array;
  #qHead = 0;
  #qSize = 0;
  #qMask: number;

  constructor(sched: Scheduler, opts: StationOptions) {
    if (!(Number.isInteger(opts.maxServers) && opts.maxServers >= 0)) {
      throw new RangeError(`Station ${opts.id}: maxServers must be an integer >= 0, got ${opts.maxServers}`);
    }
    this.id = opts.id;
    this.maxServers = opts.maxServers;
    this.dropRule = opts.dropRule ?? "finish";
    this.#sched = sched;
    this.#service = opts.service;
    this.#done = opts.done;
    // Above every Int32 job id when there is no second class (a small integer: the compare stays cheap).
    this.#class2 = opts.secondClassFrom ?? 0x7fffffff;
    this.#low = opts.secondClass === "low" ? new Line() : null;
    this.#capacity = 0;
    this.#slotJob = new Int32Array(opts.maxServers).fill(-1);
    this.#slotEnd = new Float64Array(opts.maxServers);
    this.#slotHandle = new Float64Array(opts.maxServers).fill(-1);
    this.#slotSpeed = new Float64Array(opts.maxServers).fill(1);
    this.#speed = new Float64Array(opts.maxServers).fill(1);
    this.#busyBits = new Uint32Array((opts.maxServers + 31) >>> 5);
    const q = 1024;
    this.#qJob = new Int32Array(q);
    this.#qTime = new Float64Array(q);
    this.#qWork = new Float64Array(q);
    this.#qMask = q - 1;
    const t = sched.now;
    this.queueLength = new TimeWeighted(t, 0);
    this.busyServers = new TimeWeighted(t, 0);
    this.onDuty = new TimeWeighted(t, 0);
    this.waits = new Tally(opts.keepWaits ?? true);
    this.waits2 = new Tally(false);
    this.waiting2 = new TimeWeighted(t, 0);
    this.#kind = sched.register((slot) => this.#complete(slot));
    if (opts.capacity) this.setCapacity(opts.capacity);
  }

  get capacity(): number {
    return this.#capacity;
  }
  /** Jobs in the line, either class (the flex rule's view of a queue; "low" keeps the second class apart). */
  get queued(): number {
    return this.#qSize;
  }
  /** First-class jobs in the line (what `queueLength` tracks). */
  get queuedOrders(): number {
    return this.#qSize - this.#queued2;
  }
  get busy(): number {
    return this.#busy;
  }
  get held(): boolean {
    return this.#held;
  }
  /** Jobs present: queued (in either line) plus in service. */
  get inStation(): number {
    return this.#qSize + (this.#low ? this.#low.size : 0) + this.#busy;
  }
  /**
   * Queued jobs that have not started service yet, so have no wait in `waits` (a
   * preempted job back in the queue has). O(queue length): for the end of a run.
   */
  get queuedUnstarted(): number {
    return this.queuedUnstartedBelow(Infinity);
  }

  /** `queuedUnstarted` counting only jobs with an id below `limit` (one class of jobs). */
  queuedUnstartedBelow(limit: number): number {
    let n = 0;
    for (let k = 0; k < this.#qSize; k++) {
      const at = (this.#qHead + k) & this.#qMask;
      if (this.#qWork[at] < 0 && this.#qJob[at] < limit) n++;
    }
    return n;
  }

  /** A job arrives: starts at once on a free on-duty slot, or joins the back of its line. */
  arrive(job: number): void {
    if (job >= this.#class2) {
      this.#arrive2(job);
      return;
    }
    this.arrivals++;
    if (this.#qSize === 0 && this.#busyOnDuty < this.#capacity && !this.#held) {
      this.waits.add(0);
      this.#start(this.#freeSlot(), job);
      this.busyServers.set(this.#sched.now, this.#busy);
      return;
    }
    this.#pushBack(job, this.#sched.now, -1);
  }

  #arrive2(job: number): void {
    this.arrivals2++;
    const now = this.#sched.now;
    if (this.#qSize === 0 && this.#busyOnDuty < this.#capacity && !this.#held) {
      // Nothing waits in either line (a free slot would have taken it).
      this.waits2.add(0);
      this.#start(this.#freeSlot(), job);
      this.busyServers.set(now, this.#busy);
      return;
    }
    this.waiting2.set(now, ++this.#waiting2);
    if (this.#low) this.#low.push(false, job, now, -1);
    else {
      this.#queued2++;
      this.#pushBack(job, now, -1);
    }
  }

  /** Sets the number of on-duty slots (clamped to [0, maxServers]). */
  setCapacity(c: number): void {
    if (Number.isNaN(c)) throw new RangeError(`Station ${this.id}: capacity must be a number, got ${c}`);
    const cap = Math.max(0, Math.min(this.maxServers, Math.floor(c)));
    const old = this.#capacity;
    if (cap === old) return;
    const now = this.#sched.now;
    this.#capacity = cap;
    const preempted = cap < old && this.dropRule === "preempt";
    if (preempted) {
      // Highest slots first, each pushed to the front: the preempted jobs end up at
      // the head of the queue in slot order (lowest slot first), ahead of every job
      // that has not started yet.
      for (let s = old - 1; s >= cap; s--) {
        const job = this.#slotJob[s];
        if (job < 0) continue;
        this.#sched.cancel(this.#slotHandle[s]);
        // Work left at speed 1; the job ran at the speed it started with.
        const remaining = Math.max(0, (this.#slotEnd[s] - now) * this.#slotSpeed[s]);
        this.#slotJob[s] = -1;
        this.#slotHandle[s] = -1;
        this.#busyBits[s >>> 5] &= ~(1 << (s & 31));
        if (s >>> 5 < this.#lowWord) this.#lowWord = s >>> 5;
        this.#busy--;
        if (job < this.#class2) this.#pushFront(job, now, remaining);
        else if (this.#low) this.#low.push(true, job, now, remaining);
        else {
          this.#queued2++;
          this.#pushFront(job, now, remaining);
        }
      }
    }
    let b = 0;
    for (let s = 0; s < cap; s++) if (this.#slotJob[s] >= 0) b++;
    this.#busyOnDuty = b;
    const busy = this.#busy;
    this.#fill();
    // One update for the whole change, made only when the level changed (see #fill):
    // an update at an unchanged level would still split the area's sum and change
    // its rounding.
    if (preempted || this.#busy !== busy) this.busyServers.set(now, this.#busy);
    this.#atWorkChanged();
  }

  /** Sets `onDuty` to capacity + the off-duty slots finishing a job, when that changed. */
  #atWorkChanged(): void {
    const level = this.#capacity + this.#busy - this.#busyOnDuty;
    if (level === this.#atWork) return;
    this.#atWork = level;
    this.onDuty.set(this.#sched.now, level);
  }

  /** Speed of slot `slot` for jobs started from now on (1 = trained worker). */
  setSpeed(slot: number, speed: number): void {
    if (!(Number.isInteger(slot) && slot >= 0 && slot < this.maxServers)) {
      throw new RangeError(`Station ${this.id}: slot must be an integer in [0, ${this.maxServers - 1}], got ${slot}`);
    }
    if (!(speed > 0)) throw new RangeError(`Station ${this.id}: speed must be > 0, got ${speed}`);
    this.#speed[slot] = speed;
  }

  /** Blocks (true) or releases (false) new service starts. */
  hold(on: boolean): void {
    if (this.#held === on) return;
    this.#held = on;
    if (!on) {
      const busy = this.#busy;
      this.#fill();
      if (this.#busy !== busy) this.busyServers.set(this.#sched.now, this.#busy);
    }
  }

  /**
   * Takes every queued job out, in queue order, appending them to `out` (for a caller
   * that re-routes them, e.g. zones re-cut at a shift change). Jobs in service stay.
   */
  drain(out: QueuedJob[]): void {
    if (this.#qSize === 0) return;
    while (this.#qSize > 0) {
      const h = this.#qHead;
      out.push({ job: this.#qJob[h], t: this.#qTime[h], work: this.#qWork[h] });
      this.#qHead = (h + 1) & this.#qMask;
      this.#qSize--;
    }
    this.#queued2 = 0;
    this.queueLength.set(this.#sched.now, 0);
  }

  /**
   * Puts a drained job at the back of the queue, keeping when it joined (its wait runs
   * from then) and not counting it as a new arrival; starts it if a slot is free.
   */
  requeue(q: QueuedJob): void {
    if (q.job >= this.#class2) this.#queued2++;
    this.#pushBack(q.job, q.t, q.work);
    const busy = this.#busy;
    this.#fill();
    if (this.#busy !== busy) this.busyServers.set(this.#sched.now, this.#busy);
  }

  /**
   * Utilisation so far: busy server-seconds over server-seconds at work (`onDuty`; 0
   * when never staffed). At most 1 by construction; the clip only absorbs rounding.
   */
  utilization(t: number): number {
    const duty = this.onDuty.area(t);
    return duty > 0 ? Math.min(1, this.busyServers.area(t) / duty) : 0;
  }

  /** Lowest-numbered free on-duty slot (callers check busyOnDuty < capacity first). */
  #freeSlot(): number {
    const bits = this.#busyBits;
    const cap = this.#capacity;
    let w = this.#lowWord;
    for (let base = w << 5; base < cap; w++, base += 32) {
      const free = ~bits[w];
      if (free !== 0) {
        this.#lowWord = w;
        const s = base + 31 - Math.clz32(free & -free);
        if (s < cap) return s;
        break;
      }
    }
    throw new Error(`Station ${this.id}: no free slot (busyOnDuty ${this.#busyOnDuty}, capacity ${this.#capacity})`);
  }

  /**
   * Starts `job` on free on-duty `slot` with a fresh service time. The caller updates
   * `busyServers` once it has made all its changes at this instant.
   */
  #start(slot: number, job: number): void {
    this.#begin(slot, job, this.#service(job));
  }

  /** Starts `job` on `slot` with `work` seconds of work at speed 1 (a fresh or a resumed job). */
  #begin(slot: number, job: number, work: number): void {
    const speed = this.#speed[slot];
    const dur = work / speed;
    this.#slotJob[slot] = job;
    this.#slotSpeed[slot] = speed;
    this.#busyBits[slot >>> 5] |= 1 << (slot & 31);
    this.#slotEnd[slot] = this.#sched.now + dur;
    this.#slotHandle[slot] = this.#sched.schedule(dur, this.#kind, slot);
    this.#busy++;
    this.#busyOnDuty++;
  }

  /**
   * Starts queued jobs on free on-duty slots. `freed` is a slot that has just
   * become free (or -1). PERF: while jobs queue every on-duty slot is busy, so the
   * slot a completion frees is the lowest free one: reuse it without scanning
   * (a scan over hundreds of packers' slots per completion showed in profiles).
   * PERF: the levels (queue length here, busy servers in the callers) are updated
   * once per instant, not per job: every change happens at the same `now`, so the
   * skipped updates would add zero-width areas, and the values in between never
   * exceed the first or the last one (the max is unchanged).
   */
  #fill(freed = -1): void {
    if (this.#held) return;
    let hint = freed >= 0 && freed < this.#capacity ? freed : -1;
    const q0 = this.#qSize;
    while (this.#qSize > 0 && this.#busyOnDuty < this.#capacity) {
      const h = this.#qHead;
      const job = this.#qJob[h];
      const work = this.#qWork[h];
      const t = this.#qTime[h];
      this.#qHead = (h + 1) & this.#qMask;
      this.#qSize--;
      const slot = hint >= 0 && this.#busyOnDuty + 1 === this.#capacity ? hint : this.#freeSlot();
      hint = -1;
      if (work >= 0) {
        if (job >= this.#class2) this.#queued2--;
        this.#begin(slot, job, work);
      } else {
        if (job < this.#class2) this.waits.add(this.#sched.now - t);
        else {
          this.#queued2--;
          this.#started2(t);
        }
        this.#start(slot, job);
      }
    }
    if (this.#qSize !== q0) this.queueLength.set(this.#sched.now, this.#qSize - this.#queued2);
    if (this.#low !== null && this.#low.size > 0 && this.#qSize === 0) this.#fillLow();
  }

  /** Starts second-class jobs from their own line on free on-duty slots (the first-class line is empty). */
  #fillLow(): void {
    const line = this.#low!;
    while (line.size > 0 && this.#busyOnDuty < this.#capacity) {
      const h = line.head;
      const job = line.job[h];
      const t = line.t[h];
      const work = line.work[h];
      line.shift();
      const slot = this.#freeSlot();
      if (work >= 0) this.#begin(slot, job, work);
      else {
        this.#started2(t);
        this.#start(slot, job);
      }
    }
  }

  /** A second-class job that joined a line at `t` starts now. */
  #started2(t: number): void {
    const now = this.#sched.now;
    this.waits2.add(now - t);
    this.waiting2.set(now, --this.#waiting2);
  }

  #complete(slot: number): void {
    const job = this.#slotJob[slot];
    this.#slotJob[slot] = -1;
    this.#busyBits[slot >>> 5] &= ~(1 << (slot & 31));
    if (slot >>> 5 < this.#lowWord) this.#lowWord = slot >>> 5;
    this.#slotHandle[slot] = -1;
    this.#busy--;
    if (slot < this.#capacity) this.#busyOnDuty--;
    if (job < this.#class2) this.served++;
    else this.served2++;
    this.#fill(slot);
    this.busyServers.set(this.#sched.now, this.#busy);
    // An off-duty slot's last job done: that worker leaves.
    if (slot >= this.#capacity) this.#atWorkChanged();
    this.#done(job);
  }

  #pushBack(job: number, t: number, work: number): void {
    if (this.#qSize > this.#qMask) this.#growQueue();
    const i = (this.#qHead + this.#qSize) & this.#qMask;
    this.#qJob[i] = job;
    this.#qTime[i] = t;
    this.#qWork[i] = work;
    this.#qSize++;
    this.queueLength.set(this.#sched.now, this.#qSize - this.#queued2);
  }

  #pushFront(job: number, t: number, work: number): void {
    if (this.#qSize > this.#qMask) this.#growQueue();
    const i = (this.#qHead - 1) & this.#qMask;
    this.#qHead = i;
    this.#qJob[i] = job;
    this.#qTime[i] = t;
    this.#qWork[i] = work;
    this.#qSize++;
    this.queueLength.set(this.#sched.now, this.#qSize - this.#queued2);
  }

  #growQueue(): void {
    const n = (this.#qMask + 1) * 2;
    const job = new Int32Array(n);
    const time = new Float64Array(n);
    const work = new Float64Array(n);
    for (let k = 0; k < this.#qSize; k++) {
      const i = (this.#qHead + k) & this.#qMask;
      job[k] = this.#qJob[i];
      time[k] = this.#qTime[i];
      work[k] = this.#qWork[i];
    }
    this.#qJob = job;
    this.#qTime = time;
    this.#qWork = work;
    this.#qHead = 0;
    this.#qMask = n - 1;
  }
}
