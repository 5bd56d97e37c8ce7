/**
 * One replication of the peak: orders arrive (presale at 00:00, then a
 * non-homogeneous Poisson stream shaped by the intraday profile), flow through
 * the route of stations (print, pick, QC, pack, weigh by default), are shipped
 * onto the dock and collected by couriers at their pickup times. Staff follow
 * the shifts; printers fail and are repaired; scheduled disruptions take
 * resources away. A share of collected parcels may come back as returns, handled
 * between outbound orders by one station's team. The run ends when every order
 * has been collected after the last arrival, or at the horizon (returns still
 * waiting or on their way then are counted, not simulated further).
 *
 * Pure: no I/O. Same scenario + same seed = the same RunResult (except perf.wallMs).
 * Each random source has its own stream (see `streams.stream(...)` calls), so a
 * change at one station leaves every other source's draws unchanged.
 *
 * Per-order data lives column-wise in typed arrays (`Orders`); the hot path
 * (arrive -> station -> next station) allocates nothing per order.
 */
import { PiecewisePoisson } from "../engine/arrivals.js";
import { makeDist, type Dist } from "../engine/distributions.js";
import { RandomStreams, type Rng } from "../engine/random.js";
import { Scheduler } from "../engine/scheduler.js";
import { Station } from "../engine/station.js";
import { Tally, TimeWeighted } from "../engine/stats.js";
import { evaluateDeadlines } from "./deadlines.js";
import { demandPlan } from "./demand.js";
import { Dock } from "./dock.js";
import { PrinterPool } from "./printers.js";
import type { HourlySeries, Observer, Quantiles, RunResult, StationResult } from "./result.js";
import type { ResourceId, Scenario } from "./schema.js";
import { paidHours, shiftWork, staffSteps, type StaffStep } from "./staff.js";
import { clockOnDay, dayKey, startEpochMs, toSec } from "./time.js";
import { ZonePick, type ServiceCentre } from "./zones.js";

export interface SimulateOptions {
  /** Overrides scenario.seed. */
  seed?: number;
  observer?: Observer;
  /** Sampling period of the hourly series, seconds (default 3600). */
  sampleEverySec?: number;
}

const NOT_YET = Infinity;
const RESOURCES: ResourceId[] = ["orderSystem", "network", "power", "printers", "cartons", "labels"];

/** Column-wise order table, grown by doubling. */
class Orders {
  n = 0;
  paid: Float64Array;
  shipped: Float64Array;
  collected: Float64Array;
  lines: Uint16Array;
  bestLines: Uint16Array;
  courier: Uint8Array;
  day: Int16Array;
  prepacked: Uint8Array;
  constructor(cap: number) {
    this.paid = new Float64Array(cap);
    this.shipped = new Float64Array(cap);
    this.collected = new Float64Array(cap);
    this.lines = new Uint16Array(cap);
    this.bestLines = new Uint16Array(cap);
    this.courier = new Uint8Array(cap);
    this.day = new Int16Array(cap);
    this.prepacked = new Uint8Array(cap);
  }
  add(): number {
    if (this.n === this.paid.length) this.#grow();
    return this.n++;
  }
  #grow(): void {
    const g = <T extends Float64Array | Uint16Array | Uint8Array | Int16Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.paid = g(this.paid);
    this.shipped = g(this.shipped);
    this.collected = g(this.collected);
    this.lines = g(this.lines);
    this.bestLines = g(this.bestLines);
    this.courier = g(this.courier);
    this.day = g(this.day);
    this.prepacked = g(this.prepacked);
  }
}

/** Mean, P50 and P95 of a tally; all null when it holds no observation (not 0). */
function quantilesOf(x: Tally): Quantiles {
  if (x.count === 0) return { mean: null, p50: null, p95: null };
  return { mean: x.mean, p50: x.quantile(0.5), p95: x.quantile(0.95) };
}

export function simulate(s: Scenario, opts: SimulateOptions = {}): RunResult {
  const wall0 = performance.now();
  const seed = opts.seed ?? s.seed;
  const streams = new RandomStreams(seed);
  const sched = new Scheduler(4096);
  const horizon = s.horizon;
  const days = Math.max(1, Math.ceil(horizon / 86400)) + 1;
  const dayStart = (d: number) => clockOnDay(s, d, "00:00");
  const dayStarts = Float64Array.from({ length: days + 1 }, (_, d) => dayStart(d));
  const dayOf = (t: number) => {
    let d = 0;
    while (d + 1 < dayStarts.length && dayStarts[d + 1] <= t) d++;
    return d;
  };

  // The hourly samples are scheduled before anything else so that, at a whole hour,
  // the sample closing [h-1, h) runs before events at h (a 12:00 pickup counts in 12:00-13:00).
  const every = opts.sampleEverySec ?? 3600;
  let onSample = (): void => {};
  const kSample = sched.register(() => onSample());
  for (let t = every; t <= horizon; t += every) sched.scheduleAt(t, kSample);

  // ------------------------------------------------------------ demand
  const plan = demandPlan(s, dayStart);
  // Demand after the horizon is never simulated: keep the segments that start before it.
  let segs = plan.starts.length;
  while (segs > 1 && plan.starts[segs - 1] >= horizon) segs--;
  const arrivals = new PiecewisePoisson(plan.starts.subarray(0, segs), plan.rates.subarray(0, segs), Math.max(Math.min(plan.end, horizon), plan.starts[segs - 1] + 1), streams.stream("arrivals"));
  const expected = plan.presale + arrivals.expectedTotal;
  const orders = new Orders(Math.ceil(expected * 1.1 + 6 * Math.sqrt(expected) + 1024));
  const linesDist = makeDist(s.demand.linesPerOrder);
  const rngLines = streams.stream("orders.lines");
  const rngBest = streams.stream("orders.bestsellers");
  const rngSingle = streams.stream("orders.prepackable");
  const rngCourier = streams.stream("orders.courier");
  const bs = s.demand.bestSellers;
  let prepackedStock = bs.prepackedStock;
  let prepackedCount = 0;

  // Courier allocation: cumulative shares ("capacity" with no share given: equal shares).
  const byCapacity = s.courierAllocation === "capacity";
  const weights: number[] = s.couriers.map((c) => c.share ?? 0);
  if (byCapacity && !weights.some((w) => w > 0)) weights.fill(1);
  const wTotal = weights.reduce((a, b) => a + b, 0);
  const courierCum = Float64Array.from(weights.map((_, i) => weights.slice(0, i + 1).reduce((a, b) => a + b, 0) / wTotal));
  const allocated = new Int32Array(s.couriers.length);
  // "capacity": a courier's orders of the day stop at what it can take that day (its daily cap as
  // in force now, courier-cap what-ifs included, and its pickups x capacity per pickup); the others
  // take the overflow by share (a courier without a share only when those with one are full). The
  // order's day stands for its pickup day.
  const perDayPickups = Float64Array.from(s.couriers.map((c) => c.pickups.length * c.capacityPerPickup));
  const allocatedToday = new Int32Array(s.couriers.length);
  let allocDay = -1;
  const pickCourier = (u: number, day: number): number => {
    if (day !== allocDay) {
      allocatedToday.fill(0);
      allocDay = day;
    }
    // Among those with room: by share; when only couriers without a share have room, equally.
    let room = 0;
    let open = 0;
    for (let c = 0; c < weights.length; c++) {
      if (allocatedToday[c] >= Math.min(dockRef!.dailyCap[c], perDayPickups[c])) continue;
      room += weights[c];
      open++;
    }
    if (open === 0) {
      // Everyone is full: by share, to wait at the dock.
      let c = 0;
      while (c < courierCum.length - 1 && courierCum[c] < u) c++;
      return c;
    }
    let acc = 0;
    let last = 0;
    for (let c = 0; c < weights.length; c++) {
      if (allocatedToday[c] >= Math.min(dockRef!.dailyCap[c], perDayPickups[c])) continue;
      const w = room > 0 ? weights[c] / room : 1 / open;
      if (w === 0) continue;
      acc += w;
      last = c;
      if (u <= acc) return c;
    }
    return last;
  };

  // ------------------------------------------------------------ resources
  const down = new Int32Array(RESOURCES.length); // overlapping outages count
  const resIndex = (r: ResourceId) => RESOURCES.indexOf(r);

  // ------------------------------------------------------------ returns
  // A return is a job at the returns station with id RETURN + order id (order ids
  // stay far below 2^30), so the station tells it apart from outbound orders.
  const RETURN = 2 ** 30;
  const ret = s.returns;
  const retOn = ret.share > 0;
  const untilHandled = retOn && ret.until === "handled";
  const retI = retOn ? s.stations.findIndex((st) => st.id === ret.station) : -1;
  let returnsScheduled = 0;
  let returnsArrived = 0;
  let returnsProcessed = 0;
  let returnAt = new Float64Array(retOn ? 1024 : 0);
  const returnTally = new Tally(false);
  // Per calendar day (the scenario's days from the peak day): returns received and handled.
  const retByDay = { received: new Int32Array(retOn ? days + 1 : 0), handled: new Int32Array(retOn ? days + 1 : 0) };
  let lastHandledSec = -1;
  const returnDone = (o: number): void => {
    returnsProcessed++;
    retByDay.handled[dayOf(sched.now)]++;
    lastHandledSec = sched.now;
    returnTally.add((sched.now - returnAt[o]) / 3600);
    if (untilHandled) handledAt.add(sched.now);
  };
  /** When each return was handled, seconds (kept with until "handled", for the 95% point). */
  const handledAt = new Tally(untilHandled);
  /**
   * With until "handled": the hourly sample at which the last order was collected
   * (-1 before). From then on only the returns station works: every other team goes
   * home, its later shifts are not run or paid, and the printers are returned.
   */
  let outboundDoneSec = -1;

  // ------------------------------------------------------------ stations
  const route = s.stations;
  const S = route.length;
  const stations: ServiceCentre[] = new Array(S);
  const needs = route.map((st) => st.needs.filter((r) => r !== "printers").map(resIndex));
  const usesPrinters = route.map((st) => st.needs.includes("printers"));
  const skipIfPrepacked = route.map((st) => st.kind === "pick" || st.kind === "qc" || st.kind === "pack");
  const isPack = route.map((st) => st.kind === "pack");
  const stationIndex = new Map(route.map((st, i) => [st.id, i]));
  const reworkTo = route.map((st) => (st.reworkTo !== undefined ? stationIndex.get(st.reworkTo)! : -1));

  const flexInto = route.map(() => 0);
  for (const f of s.staff.flex) flexInto[stationIndex.get(f.to)!] += f.maxPeople;
  const perOp = s.printers.perOperator;
  const collectedTally = new Tally(false);
  const shippedTally = new Tally(false);
  let shippedCount = 0;
  let collectedCount = 0;
  let arrivalsDone = false;
  let peakDayOrders = 0;
  let ship12 = 0;
  let ship24 = 0;
  let dockRef: Dock | null = null;

  const next = (o: number, from: number): number => {
    let i = from + 1;
    if (orders.prepacked[o] === 1) while (i < S && skipIfPrepacked[i]) i++;
    return i;
  };
  const enter = (o: number, i: number): void => {
    if (i < S) {
      stations[i].arrive(o);
      return;
    }
    // Left the last station: marked shipped, parcel on the dock.
    const t = sched.now;
    orders.shipped[o] = t;
    shippedCount++;
    const tis = t - orders.paid[o];
    shippedTally.add(tis / 60);
    if (orders.day[o] === 0) {
      if (tis <= 12 * 3600) ship12++;
      if (tis <= 24 * 3600) ship24++;
    }
    dockRef!.put(o, orders.courier[o]);
  };

  for (let i = 0; i < S; i++) {
    const st = route[i];
    const svc: Dist = makeDist(st.serviceSec);
    const rng: Rng = streams.stream(`${st.id}.service`);
    let service: (o: number) => number;
    if (st.kind === "pick" && st.zones) {
      service = () => 0; // parts' work: see ZonePick below
    } else if (st.kind === "pick" && st.perLineSec) {
      const perLine = makeDist(st.perLineSec);
      const lineRng = streams.stream(`${st.id}.lines`);
      const saving = bs.nearPackingSavingSec;
      const aisles = st.aisles;
      const comfortable = st.pickersPerAisle;
      const congestion = st.congestion;
      service = (o) => {
        let t = svc.sample(rng);
        const n = orders.lines[o];
        const best = orders.bestLines[o];
        for (let k = 0; k < n; k++) {
          const x = perLine.sample(lineRng);
          t += k < best ? Math.max(0.2 * x, x - saving) : x;
        }
        // Aisle congestion: pickers on the floor per main aisle above the comfortable number slow everyone.
        const crowd = stations[i].capacity / aisles - comfortable;
        return crowd > 0 ? t * (1 + congestion * crowd) : t;
      };
    } else if (usesPrinters[i]) {
      // A waybill holds its printer for the label's print time plus the operator's handling
      // (serial on one printer). An operator working perOperator (m) printers, his slots,
      // overlaps one printer's label with another's handling but handles one waybill at a
      // time: each printer then turns a waybill over every max(label + handling, m x
      // handling), so a person never handles more than one person's worth however many
      // printers he runs. (People beyond printers / m stand: see `standing` in refresh.)
      const labelSec = 60 / s.printers.labelsPerMin;
      const m = perOp;
      service = () => {
        const x = svc.sample(rng);
        return m > 1 && m * x > labelSec + x ? m * x : labelSec + x;
      };
    } else service = () => svc.sample(rng);

    let done: (o: number) => void;
    if (reworkTo[i] >= 0 && st.reworkShare > 0) {
      const back = reworkTo[i];
      const share = st.reworkShare;
      const rr = streams.stream(`${st.id}.rework`);
      done = (o) => enter(o, rr() < share ? back : next(o, i));
    } else done = (o) => enter(o, next(o, i));

    if (i === retI) {
      // The returns station: a return's work is its own draw and it leaves after this station.
      const outService = service;
      const outDone = done;
      const retWork = makeDist(ret.serviceSec);
      const retRng = streams.stream("returns.service");
      service = (o) => (o >= RETURN ? retWork.sample(retRng) : outService(o));
      done = (o) => (o >= RETURN ? returnDone(o - RETURN) : outDone(o));
    }

    const maxServers = st.maxStaff * (usesPrinters[i] ? perOp : 1) + flexInto[i] * (usesPrinters[i] ? perOp : 1);
    if (st.kind === "pick" && st.zones) {
      // Zone picking: each zone's part is the fixed part plus its lines' walks, shorter
      // inside a zone; no aisle congestion (see zones.ts).
      const zones = st.zones;
      const perLine = st.perLineSec ? makeDist(st.perLineSec) : null;
      const lineRng = streams.stream(`${st.id}.lines`);
      const merge = makeDist(zones.consolidateSec);
      const mergeRng = streams.stream(`${st.id}.consolidate`);
      const saving = bs.nearPackingSavingSec;
      const walk = zones.walkFactor;
      stations[i] = new ZonePick(sched, {
        id: st.id,
        zones: zones.count,
        maxPeople: Math.max(1, maxServers),
        dropRule: st.dropRule,
        lines: (o) => orders.lines[o],
        bestLines: (o) => orders.bestLines[o],
        partWork: (n, best) => {
          let t = svc.sample(rng);
          if (perLine) {
            for (let k = 0; k < n; k++) {
              const x = perLine.sample(lineRng) * walk;
              t += k < best ? Math.max(0.2 * x, x - saving) : x;
            }
          }
          return t;
        },
        zoneRng: streams.stream(`${st.id}.zones`),
        consolidate: () => merge.sample(mergeRng),
        done,
      });
    } else {
      // At the returns station, returns are the second class: the station's own figures (waits, served,
      // queue) stay the orders', in either priority.
      const classes = i === retI ? { secondClassFrom: RETURN, secondClass: ret.priority === "fifo" ? ("fifo" as const) : ("low" as const) } : {};
      stations[i] = new Station(sched, { id: st.id, maxServers: Math.max(1, maxServers), dropRule: st.dropRule, service, done, keepWaits: false, ...classes });
    }
  }

  // ------------------------------------------------------------ staff
  const work = shiftWork(s, days, (source) => streams.stream(source));
  const steps: StaffStep[][] = route.map((st) => staffSteps(s, work, st.id));
  const base = route.map(() => ({ perm: 0, temp: 0, tempSpeed: 1 }));
  // Flex: people out of `from` (walking or at `to`), and arrived at `to`.
  const flex = s.staff.flex.map((f) => ({ ...f, fromI: stationIndex.get(f.from)!, toI: stationIndex.get(f.to)!, out: 0, arrived: 0 }));
  const flexMoves = new Int32Array(flex.length);

  let printers: PrinterPool | null = null;
  /** On-duty slots of each printer station, i.e. printers being worked. */
  const printing = new Int32Array(S);
  /**
   * People on duty who cannot work, in slots: a resource the station needs is down (the
   * order system, power...), or (print) no printer for them. They are present and paid:
   * the station's staff and utilisation count them (at work = on-duty slots + these).
   */
  const standing = route.map(() => new TimeWeighted(sched.now, 0));
  const refresh = (i: number): void => {
    const st = stations[i];
    const b = base[i];
    let out = 0;
    let inn = 0;
    for (const f of flex) {
      if (f.fromI === i) out += Math.min(f.out, b.perm + b.temp);
      if (f.toI === i) inn += Math.min(f.arrived, base[f.fromI].perm + base[f.fromI].temp);
    }
    // People on duty, fastest first: permanent, flex helpers (trained), temps.
    const perm = Math.max(0, b.perm - out);
    const temp = Math.max(0, b.temp - Math.max(0, out - b.perm));
    const people = Math.min(route[i].maxStaff + inn, perm + inn + temp);
    let ok = true;
    for (const r of needs[i]) if (down[r] > 0) ok = false;
    let cap = ok ? people : 0;
    let slotsPerPerson = 1;
    if (usesPrinters[i]) {
      slotsPerPerson = perOp;
      cap = Math.min(cap * perOp, printers ? printers.inUse : s.printers.count);
    }
    for (let k = 0; k < cap; k++) {
      const person = Math.floor(k / slotsPerPerson);
      st.setSpeed(k, person < perm + inn ? 1 : b.tempSpeed);
    }
    st.setCapacity(cap);
    const present = people * slotsPerPerson;
    const idle = Math.max(0, present - st.capacity);
    if (idle !== standing[i].value) standing[i].set(sched.now, idle);
    if (usesPrinters[i] && printers) {
      // Printers wear only while worked (see printers.ts): one per on-duty print slot.
      printing[i] = cap;
      let n = 0;
      for (let k = 0; k < S; k++) n += printing[k];
      printers.setOperating(n);
    }
  };

  const kStaff = sched.register((arg) => {
    const i = arg % 64;
    const k = (arg - i) / 64;
    if (outboundDoneSec >= 0 && i !== retI) return; // gone home (see closeOutbound)
    const step = steps[i][k];
    base[i].perm = step.perm;
    base[i].temp = step.temp;
    base[i].tempSpeed = step.tempSpeed;
    refresh(i);
    for (const f of flex) if (f.fromI === i) refresh(f.toI);
  });
  steps.forEach((list, i) =>
    list.forEach((step, k) => {
      if (step.t < horizon) sched.scheduleAt(Math.max(0, step.t), kStaff, k * 64 + i);
    }),
  );

  // Flex pool rule (stated in README): a helper walks from `from` to `to` when to's queue is
  // above `queueAbove` and from's is below `sourceQueueBelow`; walks back when to's queue has
  // fallen to half the trigger or from's own queue has doubled its threshold.
  const kFlexArrive = sched.register((r) => {
    flex[r].arrived++;
    refresh(flex[r].toI);
  });
  const kFlexBack = sched.register((r) => {
    flex[r].out--;
    refresh(flex[r].fromI);
  });
  const kFlexCheck = sched.register((r) => {
    const f = flex[r];
    const from = stations[f.fromI];
    const to = stations[f.toI];
    const available = base[f.fromI].perm + base[f.fromI].temp - f.out;
    if (to.queued > f.queueAbove && from.queued < f.sourceQueueBelow && f.out < f.maxPeople && available > 0) {
      f.out++;
      flexMoves[r]++;
      refresh(f.fromI);
      sched.schedule(f.walk, kFlexArrive, r);
    } else if (f.arrived > 0 && (to.queued <= f.queueAbove / 2 || from.queued >= 2 * Math.max(1, f.sourceQueueBelow))) {
      f.arrived--;
      refresh(f.toI);
      sched.schedule(f.walk, kFlexBack, r);
    }
    if (sched.now + f.checkEvery < horizon) sched.schedule(f.checkEvery, kFlexCheck, r);
  });
  flex.forEach((_, r) => sched.schedule(0, kFlexCheck, r));

  // ------------------------------------------------------------ printers
  const printerStations = route.map((_, i) => i).filter((i) => usesPrinters[i]);
  printers = new PrinterPool(sched, s, streams.stream("printers.failures"), streams.stream("printers.repairs"), () => {
    for (const i of printerStations) refresh(i);
  });

  // ------------------------------------------------------------ disruptions
  const kDown = sched.register((r) => {
    down[r]++;
    for (let i = 0; i < S; i++) if (needs[i].includes(r)) refresh(i);
  });
  const kUp = sched.register((r) => {
    down[r]--;
    for (let i = 0; i < S; i++) if (needs[i].includes(r)) refresh(i);
  });
  const capChanges: { courier: number; cap: number }[] = [];
  const kCap = sched.register((k) => {
    dockRef!.dailyCap[capChanges[k].courier] = capChanges[k].cap;
  });
  // A window that began before the run is cut at the start (it lasts only what is left of
  // it); one that ended before the start never happens.
  const from = s.disruptions.map((d) => toSec(s, d.at));
  const kPrinterDown = sched.register((k) => {
    const d = s.disruptions[k];
    if (d.type === "printer-down") printers!.forceDown(d.count, from[k] + d.duration - sched.now);
  });
  s.disruptions.forEach((d, k) => {
    const at = Math.max(0, from[k]);
    if (d.duration !== undefined && from[k] + d.duration <= 0) return;
    if (d.type === "printer-down") {
      sched.scheduleAt(at, kPrinterDown, k);
      return;
    }
    if (d.type === "courier-cap") {
      const ci = s.couriers.findIndex((c) => c.id === d.courier);
      capChanges.push({ courier: ci, cap: d.dailyCap });
      sched.scheduleAt(at, kCap, capChanges.length - 1);
      if (d.duration !== undefined) {
        capChanges.push({ courier: ci, cap: s.couriers[ci].dailyCap });
        sched.scheduleAt(from[k] + d.duration, kCap, capChanges.length - 1);
      }
      return;
    }
    const r: ResourceId = d.type === "order-system" ? "orderSystem" : d.type === "consumables" ? d.item : d.type;
    sched.scheduleAt(at, kDown, resIndex(r));
    sched.scheduleAt(from[k] + d.duration, kUp, resIndex(r));
  });

  // ------------------------------------------------------------ dock and couriers
  /**
   * The stations a full dock holds: packing and every station after it (weigh), whose
   * parcels go onto the dock too (a prepacked order skips packing but is still weighed),
   * or the last station of a route without packing. Their jobs in service finish, so the
   * dock can pass its capacity by at most their busy slots.
   */
  const firstPack = isPack.indexOf(true);
  const dockHolds = route.map((_, i) => i >= (firstPack >= 0 ? firstPack : S - 1));
  const heldByDock = route.map((_, i) => i).filter((i) => dockHolds[i]);
  const rngReturn = streams.stream("returns");
  const retDelay = makeDist(ret.delaySec);
  const rngRetDelay = streams.stream("returns.delay");
  const kReturn = sched.register((o) => {
    returnsArrived++;
    retByDay.received[dayOf(sched.now)]++;
    returnAt[o] = sched.now;
    stations[retI].arrive(RETURN + o);
  });
  let dockBlockedSec = 0;
  let dockBlockedSince = -1;
  /**
   * Packers on duty and idle while the dock was full (they may not start a parcel: it
   * would have nowhere to go), in slot-seconds per station: counted in `blocked`, with
   * their own hourly `dockHeld`. `heldMark` is on-duty minus busy area when the hold began.
   */
  const heldArea = new Float64Array(S);
  const heldMark = new Float64Array(S);
  const idleArea = (i: number, t: number) => stations[i].onDuty.area(t) - stations[i].busyServers.area(t);
  const dockHeldArea = (i: number, t: number) => heldArea[i] + (dockBlockedSince >= 0 && dockHolds[i] ? idleArea(i, t) - heldMark[i] : 0);
  const dock = new Dock(
    sched,
    s,
    days,
    (o) => {
      const t = sched.now;
      orders.collected[o] = t;
      collectedCount++;
      collectedTally.add((t - orders.paid[o]) / 60);
      if (retOn && rngReturn() < ret.share) {
        const at = t + retDelay.sample(rngRetDelay);
        if (at < horizon) {
          if (o >= returnAt.length) {
            const grown = new Float64Array(Math.max(2 * returnAt.length, o + 1));
            grown.set(returnAt);
            returnAt = grown;
          }
          returnsScheduled++;
          sched.scheduleAt(at, kReturn, o);
        }
      }
    },
    (full) => {
      const t = sched.now;
      for (const i of heldByDock) {
        if (full) heldMark[i] = idleArea(i, t);
        else if (dockBlockedSince >= 0) heldArea[i] += idleArea(i, t) - heldMark[i];
        stations[i].hold(full);
      }
      if (full) dockBlockedSince = sched.now;
      else if (dockBlockedSince >= 0) {
        dockBlockedSec += sched.now - dockBlockedSince;
        dockBlockedSince = -1;
      }
    },
  );
  dockRef = dock;

  // ------------------------------------------------------------ arrivals
  const newOrder = (t: number): number => {
    const o = orders.add();
    orders.paid[o] = t;
    orders.shipped[o] = NOT_YET;
    orders.collected[o] = NOT_YET;
    const d = t < dayStarts[1] ? 0 : dayOf(t);
    orders.day[o] = d;
    if (d === 0) peakDayOrders++;
    // Order lines; a share of orders is a single best-seller that could be pre-packed.
    let lines: number;
    let best: number;
    if (rngSingle() < bs.prepackedShare) {
      lines = 1;
      best = 1;
      if (prepackedStock > 0) {
        prepackedStock--;
        prepackedCount++;
        orders.prepacked[o] = 1;
      }
    } else {
      lines = Math.max(1, Math.min(1000, Math.round(linesDist.sample(rngLines))));
      best = 0;
      for (let k = 0; k < lines; k++) if (rngBest() < bs.lineShare) best++;
    }
    orders.lines[o] = lines;
    orders.bestLines[o] = best;
    const u = rngCourier();
    let c = 0;
    if (byCapacity) allocatedToday[(c = pickCourier(u, d))]++;
    else while (c < courierCum.length - 1 && courierCum[c] < u) c++;
    orders.courier[o] = c;
    allocated[c]++;
    enter(o, next(o, -1));
    return o;
  };
  const kArrive = sched.register(() => {
    // The next arrival is scheduled before this order enters the first station (a
    // binary heap once made that order cheaper; the calendar queue does not care). The
    // order fixes the two events' seqs, which matter only if they fall on the very same
    // instant (continuous draws: practically never); it is kept so results stay the same.
    const t = arrivals.next();
    if (t < Infinity) sched.scheduleAt(t, kArrive);
    else arrivalsDone = true;
    newOrder(sched.now);
  });
  const kPresale = sched.register(() => {
    for (let k = 0; k < plan.presale; k++) newOrder(sched.now);
  });
  sched.scheduleAt(0, kPresale);
  {
    const t = arrivals.next();
    if (t < Infinity) sched.scheduleAt(t, kArrive);
    else arrivalsDone = true;
  }

  // ------------------------------------------------------------ hourly series and end of run
  const hourly: HourlySeries = { startSec: [], arrivals: [], shipped: [], collected: [], backlog: [], dock: [], stations: {} };
  for (let i = 0; i < S; i++) {
    hourly.stations[route[i].id] = { arrivals: [], completions: [], queue: [], busy: [], staff: [], utilization: [], blocked: [], ...(dockHolds[i] ? { dockHeld: [] } : {}) };
  }
  const lastArr = new Float64Array(S);
  const lastDone = new Float64Array(S);
  const lastBusy = new Float64Array(S);
  const lastDuty = new Float64Array(S);
  const lastStanding = new Float64Array(S);
  const lastHeld = new Float64Array(S);
  /** Slot-seconds at work or standing (people on duty, whether they can work or not). */
  const staffedArea = (i: number, t: number) => stations[i].onDuty.area(t) + standing[i].area(t);
  let lastOrders = 0;
  let lastShipped = 0;
  let lastCollected = 0;
  let lastSample = 0;
  const sample = (): void => {
    const t = sched.now;
    const span = t - lastSample;
    if (span <= 0) return;
    hourly.startSec.push(lastSample);
    hourly.arrivals.push(orders.n - lastOrders);
    hourly.shipped.push(shippedCount - lastShipped);
    hourly.collected.push(collectedCount - lastCollected);
    hourly.backlog.push(orders.n - shippedCount);
    hourly.dock.push(dock.level);
    lastOrders = orders.n;
    lastShipped = shippedCount;
    lastCollected = collectedCount;
    for (let i = 0; i < S; i++) {
      const st = stations[i];
      const h = hourly.stations[route[i].id];
      const busy = st.busyServers.area(t);
      const duty = staffedArea(i, t);
      const held = dockHeldArea(i, t);
      const blocked = standing[i].area(t) + held;
      h.arrivals.push(st.arrivals - lastArr[i]);
      h.completions.push(st.served - lastDone[i]);
      // Orders only: returns sharing the line ("fifo") wait in returns.maxWaiting, as with "outbound-first".
      h.queue.push(i === retI ? (st as Station).queuedOrders : st.queued);
      // People, not slots: a print operator works `perOp` printers (slots).
      const slots = usesPrinters[i] ? perOp : 1;
      h.busy.push((busy - lastBusy[i]) / span / slots);
      h.staff.push((duty - lastDuty[i]) / span / slots);
      // Busy over staffed is at most 1 (see Station.onDuty); the clip only absorbs rounding.
      h.utilization.push(duty - lastDuty[i] > 0 ? Math.min(1, (busy - lastBusy[i]) / (duty - lastDuty[i])) : null);
      h.blocked!.push((blocked - lastStanding[i]) / span / slots);
      h.dockHeld?.push((held - lastHeld[i]) / span);
      lastHeld[i] = held;
      lastArr[i] = st.arrivals;
      lastDone[i] = st.served;
      lastBusy[i] = busy;
      lastDuty[i] = duty;
      lastStanding[i] = blocked;
    }
    lastSample = t;
  };
  /** With until "handled", once the last order is collected: every team but the returns station's goes home. */
  const closeOutbound = (): void => {
    outboundDoneSec = sched.now;
    for (let i = 0; i < S; i++) if (i !== retI) base[i].perm = base[i].temp = 0;
    // Every station, the returns station too: flex helpers from a closed team leave it.
    for (let i = 0; i < S; i++) refresh(i);
  };
  onSample = () => {
    sample();
    opts.observer?.progress?.(sched.now, horizon);
    if (arrivalsDone && collectedCount === orders.n) {
      if (!untilHandled || returnsProcessed === returnsScheduled) sched.stop();
      else if (outboundDoneSec < 0) closeOutbound();
    }
  };

  // Stop as soon as everything is collected (checked at the sample points: the
  // series then ends on a whole hour, and the clock is the end of that hour), and with
  // returns.until "handled" once every return that comes back before the horizon is handled.
  sched.run(horizon);
  const end = sched.now;
  if (lastSample < end) sample();
  if (dockBlockedSince >= 0) dockBlockedSec += end - dockBlockedSince;
  const cleared = arrivalsDone && collectedCount === orders.n;

  // ------------------------------------------------------------ results
  const retSt = retOn ? (stations[retI] as Station) : null;
  /** Each calendar day up to the end of the run: returns received, handled, and waiting at its end. */
  const returnsByDay = () => {
    const out: { startSec: number; received: number; handled: number; waitingAtEnd: number }[] = [];
    let waiting = 0;
    for (let d = 0, last = dayOf(end); d <= last; d++) {
      waiting += retByDay.received[d] - retByDay.handled[d];
      out.push({ startSec: dayStarts[d], received: retByDay.received[d], handled: retByDay.handled[d], waitingAtEnd: waiting });
    }
    return out;
  };
  const stationResults: Record<string, StationResult> = {};
  // Busy and on-duty time over the peak day (day 0), from the hourly samples: what the
  // day's staffing is judged by, not diluted by the quieter days after.
  const peakEnd = dayStarts.length > 1 ? dayStarts[1] : 86400;
  const peakDay = (h: { busy: number[]; staff: number[] }): number | null => {
    let busy = 0;
    let duty = 0;
    for (let k = 0; k < hourly.startSec.length && hourly.startSec[k] < peakEnd; k++) {
      const span = Math.min(peakEnd, k + 1 < hourly.startSec.length ? hourly.startSec[k + 1] : end) - hourly.startSec[k];
      busy += h.busy[k] * span;
      duty += h.staff[k] * span;
    }
    return duty > 0 ? Math.min(1, busy / duty) : null;
  };
  route.forEach((st, i) => {
    const x = stations[i];
    const slots = usesPrinters[i] ? perOp : 1;
    stationResults[st.id] = {
      id: st.id,
      name: { en: st.name.en ?? st.id, zh: st.name.zh ?? st.name.en ?? st.id },
      // No observation, no figure (null, not 0): never on duty, or no order started here.
      // People on duty who could not work (a resource down, no printer) count as staffed, idle.
      utilization: staffedArea(i, end) > 0 ? Math.min(1, x.busyServers.area(end) / staffedArea(i, end)) : null,
      peakDayUtilization: peakDay(hourly.stations[st.id]),
      meanWaitMin: x.waits.count > 0 ? x.waits.mean / 60 : null,
      p95WaitMin: x.waits.count > 0 ? x.waits.quantile(0.95) / 60 : null,
      maxQueue: x.queueLength.max,
      meanQueue: x.queueLength.mean(end),
      served: x.served,
      // Orders only: returns still in hand at the end are counted in `returns`.
      inStationAtEnd: i === retI ? x.inStation - (returnsArrived - returnsProcessed) : x.inStation,
      queuedAtEnd: i === retI ? (x as Station).queuedUnstartedBelow(RETURN) : x.queuedUnstarted,
      staffHours: staffedArea(i, end) / 3600 / slots,
      busyHours: x.busyServers.area(end) / 3600 / slots,
    };
  });

  // Labour: every shift that started before the end of the run is paid in full; once the
  // outbound is done (until "handled"), only the returns station's shifts, counted apart
  // as the after-sales tail.
  const byStation: Record<string, { hours: number; cost: number }> = {};
  for (const st of route) byStation[st.id] = { hours: 0, cost: 0 };
  let hours = 0;
  let cost = 0;
  let tailHours = 0;
  let tailCost = 0;
  const c = s.staff.cost;
  const outboundEnd = outboundDoneSec >= 0 ? outboundDoneSec : end;
  for (const w of work) {
    if (w.startSec >= end) continue;
    const tail = w.startSec >= outboundEnd;
    if (tail && w.station !== ret.station) continue;
    const h = (w.endSec - w.startSec) / 3600;
    const ph = paidHours(s, h);
    const wc = w.perm * ph * c.permanentPerHour + w.temp * ph * c.tempPerHour;
    byStation[w.station].hours += (w.perm + w.temp) * h;
    byStation[w.station].cost += wc;
    hours += (w.perm + w.temp) * h;
    cost += wc;
    if (tail) {
      tailHours += (w.perm + w.temp) * h;
      tailCost += wc;
    }
  }
  // Printers are hired by the day until the outbound is done.
  const runDays = Math.max(1, Math.ceil(outboundEnd / 86400));
  const printerCost = (s.printers.count + s.printers.spares) * s.printers.costPerDay * runDays;

  const deadlines = evaluateDeadlines(s, orders.n, orders.paid, orders.shipped, orders.collected, orders.day, orders.courier, (d) => dayKey(s, d), toSec, end);
  // Every order is shipped at most once (shippedCount counts exactly the orders whose
  // shipped time is set), and prepackedCount counts the orders marked pre-packed.
  const backlog = orders.n - shippedCount;
  const prepacked = prepackedCount;
  // A run cut by its horizon: a peak-day order still unshipped whose 12 h (24 h) window
  // runs past the end may yet ship in time, so it is undetermined, not "not within".
  let und12 = 0;
  let und24 = 0;
  if (backlog > 0) {
    for (let o = 0; o < orders.n; o++) {
      if (orders.day[o] !== 0 || orders.shipped[o] !== NOT_YET) continue;
      const paid = orders.paid[o];
      if (paid + 12 * 3600 > end) und12++;
      if (paid + 24 * 3600 > end) und24++;
    }
  }

  return {
    schemaVersion: 1,
    scenario: s.name.en,
    ...(s.name.zh !== undefined ? { scenarioZh: s.name.zh } : {}),
    seed,
    timeZone: s.timeZone,
    startEpochMs: startEpochMs(s),
    endSec: end,
    cleared,
    orders: {
      arrived: orders.n,
      presale: plan.presale,
      prepacked,
      shipped: shippedCount,
      collected: collectedCount,
      backlogAtEnd: backlog,
      peakDay: peakDayOrders,
    },
    stationOrder: route.map((st) => st.id),
    stations: stationResults,
    timeInSystemMin: quantilesOf(shippedTally),
    timeToCollectMin: quantilesOf(collectedTally),
    // Shares of the peak-day orders: none when there were none.
    shippedWithin: {
      h12: peakDayOrders ? ship12 / peakDayOrders : null,
      h24: peakDayOrders ? ship24 / peakDayOrders : null,
      undeterminedH12: peakDayOrders ? und12 / peakDayOrders : null,
      undeterminedH24: peakDayOrders ? und24 / peakDayOrders : null,
    },
    deadlines,
    couriers: s.couriers.map((cr, i) => ({
      id: cr.id,
      name: cr.name ?? cr.id,
      allocated: allocated[i],
      collected: dock.collectedBy[i],
      pickupsCapped: dock.capped[i],
      pickups: dock.pickups[i],
    })),
    labour: { hours, cost, printerCost, byStation },
    hourly,
    perf: { events: sched.events, wallMs: performance.now() - wall0 },
    ...(retOn
      ? {
          returns: {
            station: ret.station,
            priority: ret.priority,
            arrived: returnsArrived,
            processed: returnsProcessed,
            waitingAtEnd: returnsArrived - returnsProcessed,
            onTheWayAtEnd: returnsScheduled - returnsArrived,
            arrivalToDoneHours: returnTally.count > 0 ? returnTally.mean : null,
            meanWaitHours: retSt!.waits2.count > 0 ? retSt!.waits2.mean / 3600 : null,
            p95WaitHours: retSt!.waits2.count > 0 ? retSt!.waits2.quantile(0.95) / 3600 : null,
            maxWaiting: retSt!.waiting2.max,
            until: ret.until,
            allHandled: returnsProcessed === returnsScheduled,
            lastHandledSec: lastHandledSec >= 0 ? lastHandledSec : null,
            handled95Sec: untilHandled && returnsProcessed === returnsScheduled && handledAt.count > 0 ? handledAt.quantile(0.95) : null,
            outboundDoneSec: outboundDoneSec >= 0 ? outboundDoneSec : null,
            afterSales: { hours: tailHours, cost: tailCost },
            byDay: returnsByDay(),
          },
        }
      : {}),
    mechanisms: {
      printerFailures: printers.failures,
      flexMoves: Array.from(flexMoves),
      dockBlockedHours: dockBlockedSec / 3600,
      dockMax: dock.maxLevel,
      prepackedLeft: prepackedStock,
      expectedOrders: expected,
    },
  };
}
