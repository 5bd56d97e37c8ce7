/**
 * The floor under `model.1M` / `model.200k` on this machine: the least a discrete-event
 * run of such a day can cost in this runtime, measured rather than argued.
 *
 * One function with everything inlined: a calendar queue in typed arrays (fixed
 * width, no cancellation, no generation stamps), five FCFS multi-server stations as
 * flat arrays (a free-slot stack, ring-buffer queues), the queue-length and busy-server
 * areas and a waits tally per station, and the same draws per order as the model
 * (`simulate.ts`): Poisson arrivals, lines per order, best-seller lines, a courier, a
 * lognormal service per station plus a lognormal walk per line at pick, from the
 * model's own generators and distributions (`makeRng`, `makeDist`).
 *
 * Left out, so the model can only cost more: shifts, breaks, absences and temps (staff
 * is constant: no capacity change, no preemption), printers and their failures,
 * disruptions, rework, the flex pool, the dock and courier pickups, the hourly series,
 * the per-order milestones and the deadline rules. The staffing is that of `model.1M`'s
 * day shift, so with arrivals spread evenly over 24 h almost no order queues (the
 * cheapest path through a station).
 *
 * Six events per order (an arrival, five service completions), as in the model.
 */
import { makeDist } from "../src/sim/engine/distributions.js";
import { makeRng } from "../src/sim/engine/random.js";
import { Tally } from "../src/sim/engine/stats.js";

/** `model.1M`'s per-shift staffing (print: 60 operators x 2 printers) and mean service times, seconds. */
const SERVERS = [120, 360, 230, 900, 170];
const SERVICE = [
  { mean: 4, cv: 0.3 },
  { mean: 8, cv: 0.4 },
  { mean: 14, cv: 0.4 },
  { mean: 55, cv: 0.35 },
  { mean: 10, cv: 0.3 },
];
const LABEL_SEC = 2; // 30 labels a minute
const PER_LINE = { mean: 10, cv: 0.5 };
const SAVING_SEC = 6;

export interface FloorResult {
  orders: number;
  events: number;
  wallMs: number;
  /** Mean payment to shipped, minutes (a sanity check that the run did the work). */
  meanTimeInSystemMin: number;
}

/** Simulates `orders` expected orders paid evenly over 24 h through the five stations, timed from cold. */
export function floorDay(orders: number, seed = 1): FloorResult {
  const t0 = performance.now();
  const rngArrive = makeRng(seed, "arrivals");
  const rngLines = makeRng(seed, "orders.lines");
  const rngBest = makeRng(seed, "orders.bestsellers");
  const rngSingle = makeRng(seed, "orders.prepackable");
  const rngCourier = makeRng(seed, "orders.courier");
  // The scenario defaults (schema.ts): lines per order, best-seller lines, single best-seller orders.
  const linesDist = makeDist({ dist: "empirical", values: [1, 2, 3, 4, 5], weights: [55, 25, 11, 6, 3] });
  const svc = SERVICE.map((d) => makeDist({ dist: "lognormal", ...d }));
  const svcRng = SERVICE.map((_, i) => makeRng(seed, `s${i}.service`));
  const perLine = makeDist({ dist: "lognormal", ...PER_LINE });
  const lineRng = makeRng(seed, "pick.lines");
  const rate = orders / 86400;
  const cap = Math.ceil(orders * 1.1 + 1024);
  const paid = new Float64Array(cap);
  const lines = new Uint16Array(cap);
  const best = new Uint16Array(cap);

  // Calendar queue: 4096 buckets of 0.05 s (events arrive ~70 a second).
  const EV = 1 << 16;
  const eT = new Float64Array(EV);
  const eKind = new Int32Array(EV);
  const eArg = new Int32Array(EV);
  const eNext = new Int32Array(EV);
  const free = new Int32Array(EV);
  let freeTop = 0;
  for (let i = EV - 1; i >= 0; i--) free[freeTop++] = i;
  const NB = 4096;
  const MASK = NB - 1;
  const INV = 20;
  const head = new Int32Array(NB).fill(-1);
  const tail = new Int32Array(NB).fill(-1);
  let cur = 0;
  let size = 0;
  const push = (t: number, kind: number, arg: number): void => {
    const s = free[--freeTop];
    eT[s] = t;
    eKind[s] = kind;
    eArg[s] = arg;
    const v = Math.floor(t * INV);
    if (v < cur) cur = v;
    const b = v & MASK;
    const tl = tail[b];
    size++;
    if (tl < 0) {
      head[b] = tail[b] = s;
      eNext[s] = -1;
    } else if (eT[tl] <= t) {
      eNext[tl] = s;
      eNext[s] = -1;
      tail[b] = s;
    } else {
      let prev = -1;
      let p = head[b];
      while (p >= 0 && eT[p] <= t) {
        prev = p;
        p = eNext[p];
      }
      eNext[s] = p;
      if (prev < 0) head[b] = s;
      else eNext[prev] = s;
    }
  };

  // Stations: slots, a free-slot stack, a ring-buffer queue, [lastT, queueArea, busyArea, maxQueue].
  const S = SERVERS.length;
  const maxC = Math.max(...SERVERS);
  const slotJob = new Int32Array(S * maxC);
  const freeSlot = new Int32Array(S * maxC);
  const freeTopS = new Int32Array(S);
  for (let i = 0; i < S; i++) {
    for (let k = 0; k < SERVERS[i]; k++) freeSlot[i * maxC + k] = SERVERS[i] - 1 - k;
    freeTopS[i] = SERVERS[i];
  }
  const QN = 1 << 20;
  const qJob = new Int32Array(S * QN);
  const qTime = new Float64Array(S * QN);
  const qHead = new Int32Array(S);
  const qSize = new Int32Array(S);
  const busy = new Int32Array(S);
  const lvl = new Float64Array(S * 4);
  const waits = SERVERS.map(() => new Tally(false));
  const tis = new Tally(false);
  let now = 0;

  const level = (i: number): void => {
    const b = i * 4;
    const dt = now - lvl[b];
    lvl[b + 1] += qSize[i] * dt;
    lvl[b + 2] += busy[i] * dt;
    lvl[b] = now;
    if (qSize[i] > lvl[b + 3]) lvl[b + 3] = qSize[i];
  };
  const start = (i: number, slot: number, o: number): void => {
    slotJob[i * maxC + slot] = o;
    busy[i]++;
    let x = svc[i].sample(svcRng[i]);
    if (i === 0) x += LABEL_SEC;
    else if (i === 1) {
      const n = lines[o];
      const bl = best[o];
      for (let k = 0; k < n; k++) {
        const y = perLine.sample(lineRng);
        x += k < bl ? Math.max(0.2 * y, y - SAVING_SEC) : y;
      }
    }
    push(now + x, 1 + i, slot);
  };
  const arrive = (i: number, o: number): void => {
    level(i);
    if (qSize[i] === 0 && freeTopS[i] > 0) {
      waits[i].add(0);
      start(i, freeSlot[i * maxC + --freeTopS[i]], o);
      return;
    }
    const k = i * QN + ((qHead[i] + qSize[i]++) & (QN - 1));
    qJob[k] = o;
    qTime[k] = now;
  };
  const complete = (i: number, slot: number): void => {
    level(i);
    const o = slotJob[i * maxC + slot];
    busy[i]--;
    if (qSize[i] > 0) {
      const h = i * QN + qHead[i];
      waits[i].add(now - qTime[h]);
      qHead[i] = (qHead[i] + 1) & (QN - 1);
      qSize[i]--;
      start(i, slot, qJob[h]);
    } else freeSlot[i * maxC + freeTopS[i]++] = slot;
    if (i + 1 < S) arrive(i + 1, o);
    else tis.add((now - paid[o]) / 60);
  };

  let n = 0;
  let ta = 0;
  const nextArrival = (): void => {
    ta += -Math.log(1 - rngArrive()) / rate;
    if (ta < 86400 && n < cap - 1) push(ta, 0, 0);
  };
  nextArrival();
  let events = 0;
  while (size > 0) {
    let v = cur;
    let h = head[v & MASK];
    while (h < 0 || Math.floor(eT[h] * INV) !== v) h = head[++v & MASK];
    cur = v;
    const b = v & MASK;
    head[b] = eNext[h];
    if (eNext[h] < 0) tail[b] = -1;
    size--;
    now = eT[h];
    const kind = eKind[h];
    const arg = eArg[h];
    free[freeTop++] = h;
    events++;
    if (kind === 0) {
      nextArrival();
      const o = n++;
      paid[o] = now;
      let l = 1;
      let bl = 1;
      if (rngSingle() >= 0.15) {
        l = Math.max(1, Math.min(1000, Math.round(linesDist.sample(rngLines))));
        bl = 0;
        for (let k = 0; k < l; k++) if (rngBest() < 0.4) bl++;
      }
      lines[o] = l;
      best[o] = bl;
      rngCourier();
      arrive(0, o);
    } else complete(kind - 1, arg);
  }
  return { orders: n, events, wallMs: performance.now() - t0, meanTimeInSystemMin: tis.mean };
}
