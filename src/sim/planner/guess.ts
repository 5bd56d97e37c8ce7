/**
 * The analytic first guess of a staffing plan, from the load (no simulation).
 *
 * 1. Load. Orders per hour come from the scenario's demand plan (the same rates the
 *    model draws from, presale released at 00:00). Each station's work per order at
 *    trained speed is its mean service time; pick adds lines per order x per-line
 *    time (less the best-seller walk saving) and slows with aisle congestion, print
 *    adds a label at `labelsPerMin` and its servers are printer slots (each turning
 *    over at most as fast as its operator handles: perOperator x handling), rework sends
 *    1/(1 - share) visits through the stations it loops over, and pre-packed orders
 *    (while the stock lasts) skip pick, QC and pack.
 * 2. Requirement. Servers needed = arrival rate x service time / target
 *    utilisation, taken over windows rather than single hours, because shifts do not
 *    cover every hour (the 00:00 spike waits for the morning shift) and the targets
 *    tolerate delay: work arriving in hours [t1, t2) must fit into the on-duty
 *    person-hours of [t1, t2 + L), where L is the delay a target allows
 *    (within-H shipping: H; a deadline `by`: up to the deadline; `within` W: W).
 *    That is the fluid condition for "no order waits longer than L". A mean-wait
 *    target instead asks, hour by hour, for the Erlang C number of servers
 *    (smallest c with M/M/c Wq <= the limit). Every station must also clear its
 *    work by two days after the last demand day.
 * 3. Shifts. Each requirement is a linear constraint sum_k c_k A_k >= need over the
 *    shifts k (A_k: one person's on-duty hours of shift k inside the window, breaks
 *    and absences deducted). Integer c_k are found greedily: while a constraint is
 *    short, add one person to the shift that covers it at the lowest cost per
 *    on-duty hour. This is the "max over the shift's hours" mapping, made exact for
 *    overlapping shifts and windows.
 * 4. People. Permanent staff first (cheaper per unit of work); temps (at their
 *    initial productivity) only where permanent people are capped or fixed.
 *    Printers = most print slots on duty at once, counted in people (a temp works a
 *    whole printer at temp speed); with the printers fixed, no more print operators
 *    on duty at once than they give work to (fitPrintOperators).
 * The guess only starts the search: the simulation corrects what the fluid and
 * M/M/c approximations miss (variability, tandem effects, failures, couriers).
 */
import { makeDist } from "../engine/distributions.js";
import { minServersForWq } from "../engine/queueing.js";
import { demandPlan } from "../model/demand.js";
import type { Scenario, Target } from "../model/schema.js";
import { breakGroups, shiftDays } from "../model/staff.js";
import { clockOnDay, toSec } from "../model/time.js";
import { stationLabel } from "../report/i18n.js";
import type { Note, PlanConstraintsResolved, PlanVariables } from "./types.js";
import { applyMove, clockMinutes, demandDays, enforceFixed, fillCrews, fitPrintOperators, idlePrintOperators, getCount, peakOnDuty, planCost, personCost, setCount, shiftHours, shortCrew, varKey, violated } from "./variables.js";

export interface StationLoadModel {
  id: string;
  /** Work per order at this station at trained speed, seconds (per visit x visits). */
  workSec: number;
  /** Mean service time of one visit, seconds. */
  serviceSec: number;
  visits: number;
  skipsPrepacked: boolean;
  /** Servers are printer slots (perOperator per person, capped by printers). */
  printerSlots: boolean;
}

/** Orders arriving per hour over the first `hours` hours (presale in hour 0), and pre-packed ones. */
export function hourlyDemand(s: Scenario, hours: number): { orders: Float64Array; prepacked: Float64Array } {
  const plan = demandPlan(s, (d) => clockOnDay(s, d, "00:00"));
  const orders = new Float64Array(hours);
  const n = plan.starts.length;
  for (let i = 0; i < n; i++) {
    const a = plan.starts[i];
    const b = i + 1 < n ? plan.starts[i + 1] : plan.end;
    // Split the bucket over the hours it overlaps (buckets are 10 min; DST days differ).
    for (let h = Math.floor(a / 3600); h < hours && h * 3600 < b; h++) {
      const lo = Math.max(a, h * 3600);
      const hi = Math.min(b, (h + 1) * 3600);
      if (hi > lo && h >= 0) orders[h] += plan.rates[i] * (hi - lo);
    }
  }
  if (hours > 0) orders[0] += plan.presale;
  // Pre-packed: a share of orders while the stock lasts.
  const prepacked = new Float64Array(hours);
  let stock = s.demand.bestSellers.prepackedStock;
  for (let h = 0; h < hours && stock > 0; h++) {
    const x = Math.min(stock, orders[h] * s.demand.bestSellers.prepackedShare);
    prepacked[h] = x;
    stock -= x;
  }
  return { orders, prepacked };
}

/**
 * The peak day's hours (0-23 from its 00:00) when the line does not work under `plan`:
 * no shift on duty then has someone at every station of the route. As ranges of whole
 * hours [from, to), with the share of the peak day's orders (presale included) paid in
 * them: those wait for the next shift whatever the headcounts, which a planner that only
 * staffs the scenario's shifts cannot change.
 */
export function idlePeakHours(s: Scenario, plan: PlanVariables): { ranges: [number, number][]; share: number } {
  const avail = shiftAvailability({ ...s, staff: { ...s.staff, absenceRate: 0 } }, 24);
  const staffed = s.staff.shifts.map((sh) => s.stations.every((st) => (plan.roster[st.id]?.[sh.id] ?? 0) + (plan.temps[st.id]?.[sh.id] ?? 0) > 0));
  const { orders } = hourlyDemand(s, 24);
  const total = orders.reduce((a, b) => a + b, 0);
  const ranges: [number, number][] = [];
  let idle = 0;
  for (let h = 0; h < 24; h++) {
    if (s.staff.shifts.some((_, k) => staffed[k] && avail[k][h] > 0)) continue;
    idle += orders[h];
    const last = ranges[ranges.length - 1];
    if (last && last[1] === h) last[1] = h + 1;
    else ranges.push([h, h + 1]);
  }
  return { ranges, share: total > 0 ? idle / total : 0 };
}

/** Per-station work per order (see the file comment). `pickers` sets the aisle congestion. */
export function stationLoads(s: Scenario, pickers = 0): StationLoadModel[] {
  const bs = s.demand.bestSellers;
  const lines = makeDist(s.demand.linesPerOrder).mean;
  // Orders that are a single best-seller have 1 line; the others `lines`, each a best-seller with lineShare.
  const meanLines = bs.prepackedShare + (1 - bs.prepackedShare) * Math.max(1, lines);
  const bestLines = bs.prepackedShare + (1 - bs.prepackedShare) * Math.max(1, lines) * bs.lineShare;
  const visits = s.stations.map(() => 1);
  s.stations.forEach((st, i) => {
    if (st.reworkTo === undefined || st.reworkShare <= 0) return;
    const j = s.stations.findIndex((x) => x.id === st.reworkTo);
    for (let k = j; k <= i; k++) visits[k] /= 1 - st.reworkShare;
  });
  return s.stations.map((st, i) => {
    let service = makeDist(st.serviceSec).mean;
    const printerSlots = st.needs.includes("printers");
    if (st.kind === "pick" && st.zones) {
      // Zone picking: the fixed part once per zone an order touches, a shorter walk per line, no congestion.
      const z = st.zones.count;
      const parts = (n: number) => z * (1 - (1 - 1 / z) ** Math.max(1, Math.round(n)));
      const ld = s.demand.linesPerOrder;
      let meanParts = parts(lines);
      if (ld.dist === "empirical") {
        const w = ld.weights ?? ld.values.map(() => 1);
        const wt = w.reduce((a, b) => a + b, 0);
        meanParts = ld.values.reduce((a, v, k) => a + (w[k] / wt) * parts(v), 0);
      }
      service *= bs.prepackedShare + (1 - bs.prepackedShare) * meanParts;
      if (st.perLineSec) {
        const per = makeDist(st.perLineSec).mean * st.zones.walkFactor;
        const saved = Math.max(0.2 * per, per - bs.nearPackingSavingSec);
        service += (meanLines - bestLines) * per + bestLines * saved;
      }
    } else if (st.kind === "pick" && st.perLineSec) {
      const per = makeDist(st.perLineSec).mean;
      const saved = Math.max(0.2 * per, per - bs.nearPackingSavingSec);
      service += (meanLines - bestLines) * per + bestLines * saved;
      const crowd = pickers / st.aisles - st.pickersPerAisle;
      if (crowd > 0) service *= 1 + st.congestion * crowd;
    } else if (printerSlots) {
      // A slot (printer) turns over every max(label + handling, perOperator x handling): an
      // operator handles one waybill at a time across his printers (see simulate.ts). On means.
      const label = 60 / s.printers.labelsPerMin;
      service = Math.max(service + label, s.printers.perOperator * service);
    }
    return { id: st.id, workSec: service * visits[i], serviceSec: service, visits: visits[i], skipsPrepacked: st.kind === "pick" || st.kind === "qc" || st.kind === "pack", printerSlots };
  });
}

/** One person's on-duty hours of each shift in each hour [h, h+1), breaks and absences deducted. */
export function shiftAvailability(s: Scenario, hours: number): Float64Array[] {
  const present = 1 - s.staff.absenceRate;
  const days = Math.ceil(hours / 24) + 1;
  return s.staff.shifts.map((sh) => {
    const a = new Float64Array(hours);
    const add = (from: number, to: number, w: number) => {
      for (let h = Math.max(0, Math.floor(from / 3600)); h < hours && h * 3600 < to; h++) {
        const lo = Math.max(from, h * 3600);
        const hi = Math.min(to, (h + 1) * 3600);
        if (hi > lo) a[h] += (w * (hi - lo)) / 3600;
      }
    };
    const night = clockMinutes(sh.end) <= clockMinutes(sh.start);
    for (const d of shiftDays(s, sh, days)) {
      const start = clockOnDay(s, d, sh.start);
      const end = clockOnDay(s, night ? d + 1 : d, sh.end);
      add(start, end, present);
      for (const br of sh.breaks) {
        let at = clockOnDay(s, d, br.at);
        if (at < start) at = clockOnDay(s, d + 1, br.at);
        // Everyone takes it, `share` at a time (staff.ts breakGroups).
        for (let k = 0, n = breakGroups(br.share); k < n && at + k * br.duration < end; k++) {
          const from = at + k * br.duration;
          add(from, Math.min(end, from + br.duration), -present * (Math.min(1, (k + 1) * br.share) - k * br.share));
        }
      }
    }
    for (let h = 0; h < hours; h++) if (a[h] < 0) a[h] = 0;
    return a;
  });
}

/** sum_k c_k A_k >= need, A_k = one person's on-duty hours of shift k in the capacity window. */
interface Requirement {
  need: number;
  a: Float64Array;
  /** For notes: what asked for it. */
  why: string;
}

interface SolveResult {
  c: number[];
  /** Requirements no allowed staffing could meet. */
  short: Requirement[];
}

/** Greedy integer cover (see the file comment, step 3). */
function solveCover(reqs: Requirement[], lo: number[], hi: number[], costPerHead: number[]): SolveResult {
  const K = lo.length;
  const c = lo.slice();
  const dead = new Uint8Array(reqs.length);
  const short: Requirement[] = [];
  const have = (r: Requirement) => {
    let x = 0;
    for (let k = 0; k < K; k++) x += c[k] * r.a[k];
    return x;
  };
  for (let guard = 0; guard < 100_000; guard++) {
    let worst = -1;
    let worstGap = 1e-9;
    for (let i = 0; i < reqs.length; i++) {
      if (dead[i]) continue;
      const r = reqs[i];
      const gap = r.need - have(r);
      // Relative gap, so a long window does not always win over a short one.
      const rel = gap / Math.max(r.need, 1e-9);
      if (gap > 1e-9 && rel > worstGap) {
        worstGap = rel;
        worst = i;
      }
    }
    if (worst < 0) break;
    const r = reqs[worst];
    let best = -1;
    let bestValue = 0;
    for (let k = 0; k < K; k++) {
      if (c[k] >= hi[k] || r.a[k] <= 0) continue;
      const value = r.a[k] / Math.max(costPerHead[k], 1e-9);
      // Ties (equal cover per cost) go to the smaller team, so equal shifts fill evenly.
      if (value > bestValue * (1 + 1e-9) || (best >= 0 && value >= bestValue * (1 - 1e-9) && c[k] < c[best])) {
        bestValue = value;
        best = k;
      }
    }
    if (best < 0) {
      dead[worst] = 1;
      short.push(r);
      continue;
    }
    c[best]++;
  }
  return { c, short };
}

function windowSum(prefix: Float64Array, a: number, b: number): number {
  const n = prefix.length - 1;
  const lo = Math.max(0, Math.min(n, a));
  const hi = Math.max(0, Math.min(n, b));
  return hi > lo ? prefix[hi] - prefix[lo] : 0;
}

function prefixOf(x: Float64Array): Float64Array {
  const p = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) p[i + 1] = p[i] + x[i];
  return p;
}

export interface GuessOptions {
  targets: readonly Target[];
  constraints: PlanConstraintsResolved;
  /** Utilisation aimed at, 0..1 (default 0.85). */
  utilization?: number;
}

/** The analytic first guess (see the file comment). Pure and fast (milliseconds). */
export function analyticGuess(s: Scenario, opts: GuessOptions): { plan: PlanVariables; notes: Note[] } {
  const u = opts.utilization ?? 0.85;
  const c = opts.constraints;
  const notes: Note[] = [];
  const D = demandDays(s);
  const demandEndH = D * 24;
  let gridH = demandEndH + 72;
  for (const d of s.deadlines) if (d.by !== undefined) gridH = Math.max(gridH, Math.ceil(toSec(s, d.by) / 3600) + 24);
  gridH = Math.max(24, Math.min(gridH, Math.ceil(s.horizon / 3600)));
  const { orders, prepacked } = hourlyDemand(s, gridH);
  const avail = shiftAvailability(s, gridH);
  const availPrefix = avail.map(prefixOf);
  const shifts = s.staff.shifts;
  const costPerHead = shifts.map((sh) => personCost(s, sh.id, "permanent", D) || shiftHours(sh));
  const tempSpeed = s.staff.tempProductivity.initial;

  // Per-station requirements for a given work per order (seconds) and mean service (for Erlang C).
  const buildReqs = (L: StationLoadModel): Requirement[] => {
    const work = new Float64Array(gridH);
    const arrivals = new Float64Array(gridH);
    for (let h = 0; h < gridH; h++) {
      const n = orders[h] - (L.skipsPrepacked ? prepacked[h] : 0);
      arrivals[h] = n * L.visits;
      work[h] = (n * L.workSec) / 3600; // person-hours
    }
    const wp = prefixOf(work);
    const reqs: Requirement[] = [];
    const win = (t1: number, t2: number, c1: number, c2: number, util: number, why: string) => {
      const need = windowSum(wp, t1, t2) / util;
      if (need <= 1e-9) return;
      reqs.push({ need, a: Float64Array.from(availPrefix, (p) => windowSum(p, c1, c2)), why });
    };
    // Every station clears its work by two days after the last demand day.
    win(0, demandEndH, 0, demandEndH + 48, 1, "clear");
    for (const t of opts.targets) {
      if (t.kind === "shipped-within") {
        for (let t1 = 0; t1 < 24; t1++) for (let t2 = t1 + 1; t2 <= 24; t2++) win(t1, t2, t1, t2 + t.hours, u, `within${t.hours}h`);
      } else if (t.kind === "late-probability") {
        const d = s.deadlines.find((x) => x.id === t.rule);
        if (!d) continue;
        const slack = d.milestone === "collected" ? 24 : 0;
        const from = d.paidFrom !== undefined ? Math.max(0, Math.floor(toSec(s, d.paidFrom) / 3600)) : 0;
        const to = d.paidTo !== undefined ? Math.min(gridH, Math.ceil(toSec(s, d.paidTo) / 3600)) : demandEndH;
        if (d.by !== undefined) {
          const by = Math.floor(toSec(s, d.by) / 3600) - slack;
          for (let t1 = from; t1 < to; t1++) win(t1, to, t1, by, u, `late:${t.rule}`);
        } else if (d.within !== undefined) {
          const W = Math.max(1, Math.floor(d.within / 3600) - slack);
          // Windows up to 3 x W long: longer ones are implied in practice and would cost O(hours^2).
          for (let t1 = from; t1 < to; t1++) for (let t2 = t1 + 1; t2 <= Math.min(to, t1 + 3 * W); t2++) win(t1, t2, t1, t2 + W, u, `late:${t.rule}`);
        }
      } else if (t.kind === "mean-wait" && t.station === L.id) {
        const mu = 1 / L.serviceSec;
        let uncovered = 0;
        for (let h = 0; h < gridH; h++) {
          if (arrivals[h] <= 0) continue;
          const on = avail.reduce((x, a) => x + a[h], 0);
          if (on <= 0) {
            uncovered++;
            continue;
          }
          const need = minServersForWq(arrivals[h] / 3600, mu, t.maxMin * 60, 10_000);
          // One person on duty all hour counts 1 server (x present share, already in A).
          reqs.push({ need, a: Float64Array.from(avail, (a) => a[h]), why: `wait:${L.id}` });
        }
        if (uncovered > 0) {
          notes.push({
            code: "wait-uncovered",
            en: `Orders reach ${stationLabel(s.stations.find((x) => x.id === L.id) ?? L, "en")} in ${uncovered} hour(s) when no shift is on duty: they wait for the next shift, which the mean-wait target counts.`,
            zh: `有 ${uncovered} 个小时订单到达${stationLabel(s.stations.find((x) => x.id === L.id) ?? L, "zh")}时没有班次在岗，订单需等到下一班次，平均等待目标会计入这段等待。`,
          });
        }
      }
    }
    return reqs;
  };

  const plan: PlanVariables = { roster: {}, temps: {}, printers: 0 };
  let maxSlots = 0;
  for (const st of s.stations) {
    // Bounds per shift: fixed values, the station's maxStaff, temps counted at their speed.
    const maxStaff = c.maxStaff[st.id] ?? st.maxStaff;
    const slotsPerPerson = st.needs.includes("printers") ? s.printers.perOperator : 1;
    const fixedPerm = shifts.map((sh) => c.fixed[varKey(st.id, sh.id, "permanent")]);
    const fixedTemp = shifts.map((sh) => c.fixed[varKey(st.id, sh.id, "temp")]);
    const tempsOk = c.allowTemps;
    const lo = shifts.map((_, k) => ((fixedPerm[k] ?? 0) + (fixedTemp[k] ?? 0) * tempSpeed) * slotsPerPerson);
    const hi = shifts.map((_, k) => {
      let people = maxStaff;
      if (fixedPerm[k] !== undefined && (fixedTemp[k] !== undefined || !tempsOk)) people = fixedPerm[k] + (fixedTemp[k] ?? 0) * tempSpeed;
      let slots = people * slotsPerPerson;
      if (slotsPerPerson > 0 && st.needs.includes("printers") && c.fixed.printers !== undefined) slots = Math.min(slots, c.fixed.printers);
      return Math.max(Math.floor(slots), Math.ceil(lo[k]));
    });
    // Pick: the service time depends on the crowd; iterate to a fixed point.
    let pickers = 0;
    let sol: SolveResult = { c: lo.map(Math.ceil), short: [] };
    for (let it = 0; it < 8; it++) {
      const L = stationLoads(s, pickers).find((x) => x.id === st.id)!;
      sol = solveCover(buildReqs(L), lo.map(Math.ceil), hi, costPerHead);
      const peak = Math.max(0, ...sol.c);
      if (st.kind !== "pick" || peak === pickers) break;
      pickers = peak;
    }
    if (sol.short.length > 0) {
      const whys = [...new Set(sol.short.map((r) => r.why))].join(", ");
      notes.push({
        code: "guess-capped",
        en: `${stationLabel(st, "en")}: even ${maxStaff} people per shift (maxStaff) or the fixed values cannot carry the load the analytic guess asks for (${whys}).`,
        zh: `${stationLabel(st, "zh")}：即使每班 ${maxStaff} 人（maxStaff）或按固定人数，也达不到解析估算要求的处理能力（${whys}）。`,
      });
    }
    shifts.forEach((sh, k) => {
      const people = sol.c[k] / slotsPerPerson;
      let perm = fixedPerm[k] ?? 0;
      let temp = fixedTemp[k] ?? 0;
      const rest = people - perm - temp * tempSpeed;
      if (rest > 1e-9) {
        if (fixedPerm[k] === undefined) perm += Math.ceil(rest - 1e-9);
        else if (fixedTemp[k] === undefined && tempsOk) temp += Math.ceil(rest / tempSpeed - 1e-9);
      }
      if (fixedPerm[k] === undefined) perm = Math.min(perm, maxStaff);
      setCount(plan, st.id, sh.id, "permanent", perm);
      setCount(plan, st.id, sh.id, "temp", temp);
    });
    if (st.needs.includes("printers")) {
      // Printers: the most print slots on duty at once over overlapping shifts.
      const slots: PlanVariables = { roster: { [st.id]: Object.fromEntries(shifts.map((sh, k) => [sh.id, Math.ceil(sol.c[k])])) }, temps: {}, printers: 0 };
      maxSlots = Math.max(maxSlots, peakOnDuty(s, slots, st.id));
    }
  }
  // No station prints: the scenario's printers stand (they are no decision, and cost what they cost).
  const prints = s.stations.some((st) => st.needs.includes("printers"));
  plan.printers = c.fixed.printers ?? (prints ? Math.max(1, maxSlots) : s.printers.count);

  // Permanent cap: move the excess to temps (more of them: they are slower).
  let fitted = enforceFixed(plan, c.fixed);
  if (c.maxPermanent !== undefined) {
    let perm = planCost(s, fitted).permanent;
    while (perm > c.maxPermanent) {
      let best: { st: string; sh: string; n: number } | undefined;
      for (const st of s.stations) for (const sh of shifts) {
        if (varKey(st.id, sh.id, "permanent") in c.fixed) continue;
        const n = getCount(fitted, st.id, sh.id, "permanent");
        if (n > 0 && (!best || n > best.n)) best = { st: st.id, sh: sh.id, n };
      }
      if (!best) break;
      setCount(fitted, best.st, best.sh, "permanent", best.n - 1);
      if (c.allowTemps && !(varKey(best.st, best.sh, "temp") in c.fixed)) {
        // One permanent person's work needs 1/tempSpeed temps (rounded up; the search trims).
        setCount(fitted, best.st, best.sh, "temp", getCount(fitted, best.st, best.sh, "temp") + Math.ceil(1 / tempSpeed - 1e-9));
      }
      perm--;
    }
    notes.push({
      code: "guess-permanent-cap",
      en: `Permanent staff capped at ${c.maxPermanent}: the rest of the guess is temps at ${Math.round(tempSpeed * 100)}% speed.`,
      zh: `正式工上限 ${c.maxPermanent} 人：其余按临时工（效率 ${Math.round(tempSpeed * 100)}%）估算。`,
    });
  }

  // A printer for every print operator on duty at once: the count above is in units of
  // work (temps at their speed, the permanent cap's extra temps), the model's in people.
  // With the printers fixed, the operators beyond them go (the trim below, as "printers").
  // The crew rule: a station staffed on a shift gets a whole crew.
  fitted = fillCrews(s, c, fitted);
  fitted = fitPrintOperators(s, c, fitted);

  // Headcount, budget, overlapping-shift maxStaff and printers: trim the largest free counts until the guess fits.
  for (let guard = 0; guard < 100_000; guard++) {
    const why = violated(s, c, fitted);
    if (why === undefined) break;
    if (why === "printers") {
      fitted = fitPrintOperators(s, c, fitted);
      if (violated(s, c, fitted) === "printers") break;
      continue;
    }
    if (why === "minCrew") {
      // A crew cut below the rule by the trim (or by the printers): the station closes on that shift.
      const short = shortCrew(s, c, fitted)!;
      let closed = false;
      for (const type of ["temp", "permanent"] as const) {
        if (varKey(short.station, short.shift, type) in c.fixed || getCount(fitted, short.station, short.shift, type) === 0) continue;
        setCount(fitted, short.station, short.shift, type, 0);
        closed = true;
      }
      if (!closed) break;
      continue;
    }
    let best: { st: string; sh: string; type: "permanent" | "temp"; n: number } | undefined;
    for (const st of s.stations) {
      if (why === "maxStaff" && peakOnDuty(s, fitted, st.id) <= (c.maxStaff[st.id] ?? st.maxStaff)) continue;
      for (const sh of shifts) for (const type of ["temp", "permanent"] as const) {
        if (varKey(st.id, sh.id, type) in c.fixed) continue;
        const n = getCount(fitted, st.id, sh.id, type);
        if (n > 0 && (!best || n > best.n)) best = { st: st.id, sh: sh.id, type, n };
      }
    }
    if (!best) {
      if (why === "budget" && c.fixed.printers === undefined && fitted.printers > 1 && idlePrintOperators(s, applyMove(fitted, { kind: "printers", delta: -1 }), c.fixed) === 0) {
        fitted.printers--;
        continue;
      }
      break;
    }
    setCount(fitted, best.st, best.sh, best.type, best.n - 1);
    if (guard === 0) {
      notes.push({
        code: "guess-trimmed",
        en: `The load-based guess breaks the ${why} constraint; it was trimmed (largest teams first) to fit before the search.`,
        zh: `按负荷估算的方案超出约束 ${why}，已在搜索前按人数最多的班组优先削减。`,
      });
    }
  }
  fitted = fitPrintOperators(s, c, enforceFixed(fitted, c.fixed));
  return { plan: fitted, notes };
}
