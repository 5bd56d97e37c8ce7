/**
 * Zone picking (DOMAIN.md: "orders assigned to pickers by shelf zone, one person
 * responsible per zone"): the pick station's shelves are cut into zones, each line of an
 * order lies in one zone (uniformly at random), and each zone's part of the order is
 * picked by the people responsible for that zone, from that zone's own queue. An
 * order leaves the station when its last part is picked; an order with lines in
 * several zones then waits `consolidateSec` for its parts to be merged.
 *
 * People on duty are dealt to the zones like cards: with P pickers and Z zones there
 * are g = min(P, Z) groups, zone z belongs to group z mod g and person k works for
 * group k mod g (in slot floor(k / g), so the fastest people spread over the groups).
 * With P >= Z each zone has its own people; with fewer pickers than zones a picker is
 * responsible for several zones (their parts in one queue, first come first served).
 * When g changes (a shift change, a break) the zones are re-dealt: parts not yet
 * started move to their zone's new group, keeping their place by the time they
 * joined the queue (preempted parts first); parts in service are finished where they are.
 *
 * What this costs against one shared queue is the point of modelling it: a zone's
 * picker can be idle while another zone's queue grows (separate queues), and an
 * order waits for its slowest part. What it saves is walking (`walkFactor`) and the
 * aisle congestion of whole-order picking (one zone, its own people: none is applied).
 *
 * Each group is an engine `Station`, so temps' speeds, the drop rule and the
 * statistics work as at any station. The station's figures are the orders': arrivals
 * and served count orders; an order waits from its arrival until its last part starts,
 * and is queued meanwhile (the queue counts orders, as at whole-order picking); busy
 * and on-duty time sum over the groups.
 */
import type { Rng } from "../engine/random.js";
import type { Scheduler } from "../engine/scheduler.js";
import { Station, type DropRule, type QueuedJob } from "../engine/station.js";
import { Tally, TimeWeighted } from "../engine/stats.js";

/** What the model reads of a station: a plain `Station` or a `ZonePick`. */
export interface ServiceCentre {
  readonly id: string;
  readonly arrivals: number;
  readonly served: number;
  readonly capacity: number;
  readonly queued: number;
  /** Queued orders that have not started service (no wait recorded yet). */
  readonly queuedUnstarted: number;
  readonly inStation: number;
  readonly queueLength: { readonly max: number; mean(t: number): number };
  readonly busyServers: { area(t: number): number };
  readonly onDuty: { area(t: number): number };
  readonly waits: Tally;
  arrive(job: number): void;
  setCapacity(c: number): void;
  setSpeed(slot: number, speed: number): void;
  hold(on: boolean): void;
  utilization(t: number): number;
}

export interface ZonePickOptions {
  id: string;
  zones: number;
  /** Most people at once. */
  maxPeople: number;
  dropRule: DropRule;
  /** Order lines of an order, and how many of them are best-sellers (the first ones). */
  lines(order: number): number;
  bestLines(order: number): number;
  /** Work of one zone's part of an order, seconds at speed 1 (`best` of its `lines` are best-sellers). */
  partWork(lines: number, best: number): number;
  /** Which zone each line lies in. */
  zoneRng: Rng;
  /** Merge time of an order with lines in several zones, seconds. */
  consolidate(): number;
  /** Called when an order leaves the station. */
  done(order: number): void;
}

/** Sums of the groups' time-weighted levels (area is additive). */
class AreaSum {
  constructor(private readonly parts: () => { area(t: number): number }[]) {}
  area(t: number): number {
    let a = 0;
    for (const p of this.parts()) a += p.area(t);
    return a;
  }
}

export class ZonePick implements ServiceCentre {
  readonly id: string;
  readonly zones: number;
  arrivals = 0;
  served = 0;
  /** Orders with a part not yet started. */
  readonly queueLength: TimeWeighted;
  readonly busyServers: AreaSum;
  readonly onDuty: AreaSum;
  readonly waits = new Tally(false);

  #sched: Scheduler;
  #o: ZonePickOptions;
  #groups: Station[];
  #g = 1;
  #people = 0;
  #speed: Float64Array;
  /** Orders with a part not yet started. */
  #queued = 0;
  #kMerged: number;

  // Parts: ids from a free list; the order, zone, lines and best-seller lines of each.
  #partOrder = new Int32Array(256);
  #partZone = new Int32Array(256);
  #partLines = new Int32Array(256);
  #partBest = new Int32Array(256);
  #free: number[] = [];
  #nParts = 0;
  // Orders: parts still to pick, parts not yet started, whether the order is counted as
  // queued, whether it spans several zones, and when it arrived.
  #left = new Int32Array(1024);
  #unstarted = new Int32Array(1024);
  #waiting = new Uint8Array(1024);
  #multi = new Uint8Array(1024);
  #arrived = new Float64Array(1024);
  // Per-arrival scratch: lines and best-seller lines per zone, the zones touched.
  #zl: Int32Array;
  #zb: Int32Array;
  #touched: Int32Array;

  constructor(sched: Scheduler, o: ZonePickOptions) {
    this.id = o.id;
    this.zones = o.zones;
    this.#sched = sched;
    this.#o = o;
    const groups = Math.max(1, Math.min(o.zones, o.maxPeople));
    this.#groups = Array.from(
      { length: groups },
      (_, j) => new Station(sched, { id: `${o.id}#${j}`, maxServers: Math.max(1, o.maxPeople), dropRule: o.dropRule, service: (p) => this.#start(p), done: (p) => this.#partDone(p), keepWaits: false }),
    );
    this.#speed = new Float64Array(Math.max(1, o.maxPeople)).fill(1);
    this.queueLength = new TimeWeighted(sched.now, 0);
    this.busyServers = new AreaSum(() => this.#groups.map((s) => s.busyServers));
    this.onDuty = new AreaSum(() => this.#groups.map((s) => s.onDuty));
    this.#zl = new Int32Array(o.zones);
    this.#zb = new Int32Array(o.zones);
    this.#touched = new Int32Array(o.zones);
    this.#kMerged = sched.register((order) => this.#o.done(order));
  }

  /** People on duty. */
  get capacity(): number {
    return this.#people;
  }
  get queued(): number {
    return this.#queued;
  }
  /** The queued orders: an order's wait is recorded when its last part starts. */
  get queuedUnstarted(): number {
    return this.#queued;
  }
  /** Orders with parts still to pick. */
  get inStation(): number {
    return this.arrivals - this.served;
  }
  /** Groups of zones worked by separate people (min(people, zones); kept while no one is on duty). */
  get groups(): number {
    return this.#g;
  }
  /** Parts queued and in service per group (for tests). */
  groupLoad(): { queued: number; busy: number; capacity: number }[] {
    return this.#groups.map((s) => ({ queued: s.queued, busy: s.busy, capacity: s.capacity }));
  }

  arrive(order: number): void {
    this.arrivals++;
    const o = this.#o;
    const n = o.lines(order);
    const best = o.bestLines(order);
    const Z = this.zones;
    const zl = this.#zl;
    const zb = this.#zb;
    const touched = this.#touched;
    let parts = 0;
    for (let k = 0; k < n; k++) {
      const z = Math.floor(o.zoneRng() * Z);
      if (zl[z] === 0) touched[parts++] = z;
      zl[z]++;
      if (k < best) zb[z]++;
    }
    if (order >= this.#left.length) this.#growOrders(order);
    this.#left[order] = parts;
    this.#unstarted[order] = parts;
    this.#waiting[order] = 0;
    this.#multi[order] = parts > 1 ? 1 : 0;
    this.#arrived[order] = this.#sched.now;
    for (let k = 0; k < parts; k++) {
      const z = touched[k];
      const p = this.#newPart();
      this.#partOrder[p] = order;
      this.#partZone[p] = z;
      this.#partLines[p] = zl[z];
      this.#partBest[p] = zb[z];
      zl[z] = 0;
      zb[z] = 0;
      this.#groups[z % this.#g].arrive(p);
    }
    if (this.#unstarted[order] > 0) {
      this.#waiting[order] = 1;
      this.queueLength.set(this.#sched.now, ++this.#queued);
    }
  }

  setSpeed(slot: number, speed: number): void {
    if (!(Number.isInteger(slot) && slot >= 0 && slot < this.#speed.length)) {
      throw new RangeError(`Station ${this.id}: slot must be an integer in [0, ${this.#speed.length - 1}], got ${slot}`);
    }
    this.#speed[slot] = speed;
    this.#groups[slot % this.#g].setSpeed(Math.floor(slot / this.#g), speed);
  }

  /** Sets the people on duty (clamped to [0, maxPeople]); re-deals the zones when the groups change. */
  setCapacity(c: number): void {
    if (Number.isNaN(c)) throw new RangeError(`Station ${this.id}: capacity must be a number, got ${c}`);
    const people = Math.max(0, Math.min(this.#speed.length, Math.floor(c)));
    if (people === this.#people) return;
    this.#people = people;
    // No one on duty: the zones keep their groups (parts wait where they are).
    const g = people > 0 ? Math.min(people, this.#groups.length) : this.#g;
    const moved: QueuedJob[] = [];
    const regroup = g !== this.#g;
    if (regroup) for (const s of this.#groups) s.drain(moved);
    this.#g = g;
    for (let k = 0; k < people; k++) this.#groups[k % g].setSpeed(Math.floor(k / g), this.#speed[k]);
    for (let j = 0; j < this.#groups.length; j++) {
      const n = j < g && people > 0 ? Math.floor(people / g) + (j < people % g ? 1 : 0) : 0;
      this.#groups[j].setCapacity(n);
    }
    if (regroup) {
      // Preempted parts (pushed back to their old group's head by the capacity change) move too.
      for (const s of this.#groups) s.drain(moved);
      // Preempted parts first, then by the time they joined; ties keep the old queue order.
      moved.sort((a, b) => (b.work >= 0 ? 1 : 0) - (a.work >= 0 ? 1 : 0) || a.t - b.t);
      for (const q of moved) this.#groups[this.#partZone[q.job] % g].requeue(q);
    }
  }

  hold(on: boolean): void {
    for (const s of this.#groups) s.hold(on);
  }

  utilization(t: number): number {
    const duty = this.onDuty.area(t);
    return duty > 0 ? Math.min(1, this.busyServers.area(t) / duty) : 0;
  }

  /** Part p starts (not a resumed one): its work; the order's wait ends with its last part's start. */
  #start(p: number): number {
    const order = this.#partOrder[p];
    if (--this.#unstarted[order] === 0) {
      const now = this.#sched.now;
      this.waits.add(now - this.#arrived[order]);
      if (this.#waiting[order] === 1) {
        this.#waiting[order] = 0;
        this.queueLength.set(now, --this.#queued);
      }
    }
    return this.#o.partWork(this.#partLines[p], this.#partBest[p]);
  }

  #partDone(p: number): void {
    const order = this.#partOrder[p];
    this.#free.push(p);
    if (--this.#left[order] > 0) return;
    this.served++;
    if (this.#multi[order] === 1) this.#sched.schedule(this.#o.consolidate(), this.#kMerged, order);
    else this.#o.done(order);
  }

  #newPart(): number {
    if (this.#free.length > 0) return this.#free.pop()!;
    const p = this.#nParts++;
    if (p === this.#partOrder.length) {
      const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.#partOrder = grow(this.#partOrder);
      this.#partZone = grow(this.#partZone);
      this.#partLines = grow(this.#partLines);
      this.#partBest = grow(this.#partBest);
    }
    return p;
  }

  #growOrders(order: number): void {
    let len = this.#left.length;
    while (len <= order) len *= 2;
    const left = new Int32Array(len);
    left.set(this.#left);
    const unstarted = new Int32Array(len);
    unstarted.set(this.#unstarted);
    const waiting = new Uint8Array(len);
    waiting.set(this.#waiting);
    const multi = new Uint8Array(len);
    multi.set(this.#multi);
    const arrived = new Float64Array(len);
    arrived.set(this.#arrived);
    this.#left = left;
    this.#unstarted = unstarted;
    this.#waiting = waiting;
    this.#multi = multi;
    this.#arrived = arrived;
  }
}
