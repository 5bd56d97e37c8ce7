/**
 * Summarising replications: every figure as a 95% t interval, the deadline risk
 * (P(any order late) with a Wilson interval, late-count mean and tail) by rule,
 * payment-day cohort and courier, hourly series averaged index by index, the
 * station table, the bottleneck of each period and the advice sentences.
 *
 * Pure and deterministic: the same runs in the same order give the same summary.
 */
import type { RunResult } from "../model/result.js";
import { scenarioName, scenarioNameZh, type Scenario } from "../model/schema.js";
import { adviseAll } from "../report/advice.js";
import { estimate, estimateOf, nearestRank, wilson } from "./estimate.js";
import { figuresOf } from "./replicate.js";
import type {
  Bottleneck,
  CourierSummary,
  DeadlineSummary,
  Estimate,
  ExperimentSummary,
  HourlySummary,
  Proportion,
  RiskCell,
  StationHourlySummary,
  StationSummary,
} from "./types.js";

/**
 * A station is a bottleneck candidate in an hour when orders pile up in front of it:
 * a mean end-of-hour queue of at least this many orders (a few orders waiting is
 * normal batching, not a bottleneck)...
 */
export const MIN_QUEUE = 10;
/** ...or it runs at least this busy with something waiting. */
const HIGH_UTILISATION = 0.9;
/** Fewer people on duty than this (mean over replications) counts as nobody. */
const UNSTAFFED = 0.5;
/** A staffed station below this utilisation can lend people (flex). */
const IDLE_UTILISATION = 0.6;

export function proportion(k: number, n: number): Proportion {
  const w = wilson(k, n);
  return { k, n, p: w.p, low: w.low, high: w.high };
}

/** Summarises runs of one scenario (in replication order). Throws on an empty list. */
export function summarize(scenario: Scenario, runs: readonly RunResult[]): ExperimentSummary {
  if (runs.length === 0) throw new RangeError("summarize: need at least one run");
  const n = runs.length;

  // Figures: names from the first run, in its order; a name missing in a run counts as 0.
  // A null (no observation in that run) is left out: the estimate is over the runs that
  // have the figure (its n), and null when none has it.
  const perRun = runs.map(figuresOf);
  const names = Object.keys(perRun[0]);
  for (const f of perRun) for (const k of Object.keys(f)) if (!names.includes(k)) names.push(k);
  const figures: Record<string, Estimate | null> = {};
  for (const name of names) figures[name] = estimateOf(perRun.map((f) => (f[name] === undefined ? 0 : f[name])));

  const hourly = summarizeHourly(runs);
  const stations = summarizeStations(runs);
  const bottlenecks = findBottlenecks(hourly, stations);
  const core = {
    scenario: scenarioName(scenario.name, "en"),
    ...(scenarioNameZh(scenario.name) !== undefined ? { scenarioZh: scenarioNameZh(scenario.name) } : {}),
    replications: n,
    figures,
    cleared: proportion(runs.filter((r) => r.cleared).length, n),
    deadlines: summarizeDeadlines(runs),
    stations,
    couriers: summarizeCouriers(runs),
    hourly,
    bottlenecks,
  };
  return { ...core, advice: adviseAll(scenario, core) };
}

function est(runs: readonly RunResult[], get: (r: RunResult) => number): Estimate {
  return estimate(runs.map(get));
}

/**
 * The runs in which a rule (or one of its cells) judged any order: P(any late) is over
 * those. When none did, all of them (0 of n; every report shows "–" for a rule that
 * judged no order).
 */
function judgedOr(orders: readonly number[], n: number): number {
  return orders.filter((x) => x > 0).length || n;
}

/** One cell per key; a key absent from a replication counts as 0 orders, 0 late there. */
function riskCells(perRun: readonly Record<string, { orders: number; late: number }>[]): Record<string, RiskCell> {
  const n = perRun.length;
  const out: Record<string, RiskCell> = {};
  for (const key of [...new Set(perRun.flatMap((x) => Object.keys(x)))]) {
    const orders = perRun.map((x) => x[key]?.orders ?? 0);
    const late = perRun.map((x) => x[key]?.late ?? 0);
    out[key] = {
      ordersMean: orders.reduce((a, b) => a + b, 0) / n,
      late: estimate(late),
      pAnyLate: proportion(late.filter((x) => x > 0).length, judgedOr(orders, n)),
    };
  }
  return out;
}

function summarizeDeadlines(runs: readonly RunResult[]): DeadlineSummary[] {
  const first = runs[0];
  return first.deadlines.map((d0, i) => {
    const rows = runs.map((r) => r.deadlines.find((d) => d.id === d0.id) ?? r.deadlines[i]);
    const late = rows.map((d) => d.late);
    // Cohort keys are days "YYYY-MM-DD": sorted; couriers keep the scenario's order.
    const cohorts = riskCells(rows.map((d) => d.byCohort));
    const byCohort: Record<string, RiskCell> = {};
    for (const k of Object.keys(cohorts).sort()) byCohort[k] = cohorts[k];
    const out: DeadlineSummary = {
      id: d0.id,
      label: d0.label,
      milestone: d0.milestone,
      orders: estimate(rows.map((d) => d.orders)),
      late: estimate(late),
      lateUnfinished: estimate(rows.map((d) => d.lateUnfinished)),
      undetermined: estimate(rows.map((d) => d.undetermined)),
      lateP90: nearestRank(late, 0.9),
      lateP99: nearestRank(late, 0.99),
      pAnyLate: proportion(late.filter((x) => x > 0).length, judgedOr(rows.map((d) => d.orders), runs.length)),
      byCohort,
      byCourier: riskCells(rows.map((d) => d.byCourier)),
    };
    if (d0.deadlineSec !== undefined) out.deadlineSec = d0.deadlineSec;
    if (d0.withinHours !== undefined) out.withinHours = d0.withinHours;
    return out;
  });
}

function summarizeStations(runs: readonly RunResult[]): StationSummary[] {
  return runs[0].stationOrder.map((id) => {
    const get = (k: "maxQueue" | "meanQueue" | "served" | "staffHours" | "busyHours") => est(runs, (r) => r.stations[id]?.[k] ?? 0);
    // Over the replications with an observation (a station missing from a run: 0, as above).
    const opt = (k: "utilization" | "meanWaitMin" | "p95WaitMin") => estimateOf(runs.map((r) => (r.stations[id] ? r.stations[id][k] : 0)));
    return {
      id,
      name: runs[0].stations[id].name,
      utilization: opt("utilization"),
      meanWaitMin: opt("meanWaitMin"),
      p95WaitMin: opt("p95WaitMin"),
      maxQueue: get("maxQueue"),
      meanQueue: get("meanQueue"),
      served: get("served"),
      queuedAtEnd: est(runs, (r) => r.stations[id]?.queuedAtEnd ?? 0),
      staffHours: get("staffHours"),
      busyHours: get("busyHours"),
    };
  });
}

function summarizeCouriers(runs: readonly RunResult[]): CourierSummary[] {
  return runs[0].couriers.map((c0, i) => {
    const rows = runs.map((r) => r.couriers.find((c) => c.id === c0.id) ?? r.couriers[i]);
    return {
      id: c0.id,
      name: c0.name,
      allocated: estimate(rows.map((c) => c.allocated)),
      collected: estimate(rows.map((c) => c.collected)),
      pickups: estimate(rows.map((c) => c.pickups)),
      pickupsCapped: estimate(rows.map((c) => c.pickupsCapped)),
      pCapped: proportion(rows.filter((c) => c.pickupsCapped > 0).length, runs.length),
    };
  });
}

/** Hourly series averaged across replications (see HourlySummary for runs that ended early). */
export function summarizeHourly(runs: readonly RunResult[]): HourlySummary {
  const n = runs.length;
  let H = 0;
  let longest = runs[0];
  for (const r of runs) {
    if (r.hourly.startSec.length > H) {
      H = r.hourly.startSec.length;
      longest = r;
    }
  }
  const zeros = () => new Array<number>(H).fill(0);
  const meanOf = (get: (r: RunResult) => number[]) => {
    const out = zeros();
    for (const r of runs) {
      const a = get(r);
      for (let i = 0; i < a.length && i < H; i++) out[i] += a[i];
    }
    for (let i = 0; i < H; i++) out[i] /= n;
    return out;
  };
  const running = zeros();
  for (const r of runs) for (let i = 0; i < r.hourly.startSec.length; i++) running[i]++;

  const bMin = new Array<number>(H).fill(Infinity);
  const bMax = zeros();
  for (const r of runs) {
    const b = r.hourly.backlog;
    for (let i = 0; i < H; i++) {
      const v = i < b.length ? b[i] : 0; // a run that ended had cleared its backlog
      if (v < bMin[i]) bMin[i] = v;
      if (v > bMax[i]) bMax[i] = v;
    }
  }

  const stations: Record<string, StationHourlySummary> = {};
  for (const id of runs[0].stationOrder) {
    const busySum = zeros();
    const staffSum = zeros();
    const queueMax = zeros();
    for (const r of runs) {
      const s = r.hourly.stations[id];
      if (!s) continue;
      for (let i = 0; i < s.busy.length && i < H; i++) {
        busySum[i] += s.busy[i];
        staffSum[i] += s.staff[i];
        if (s.queue[i] > queueMax[i]) queueMax[i] = s.queue[i];
      }
    }
    stations[id] = {
      queue: meanOf((r) => r.hourly.stations[id]?.queue ?? []),
      queueMax,
      // Ratio of sums: hours where nobody was on duty do not drag the mean to 0.
      utilization: busySum.map((b, i) => (staffSum[i] > 0 ? Math.min(1, b / staffSum[i]) : null)),
      busy: busySum.map((b, i) => (running[i] > 0 ? b / running[i] : 0)),
      staff: staffSum.map((s, i) => (running[i] > 0 ? s / running[i] : 0)),
      arrivals: meanOf((r) => r.hourly.stations[id]?.arrivals ?? []),
      completions: meanOf((r) => r.hourly.stations[id]?.completions ?? []),
    };
  }
  return {
    startSec: longest.hourly.startSec.slice(0, H),
    runs: running,
    arrivals: meanOf((r) => r.hourly.arrivals),
    shipped: meanOf((r) => r.hourly.shipped),
    collected: meanOf((r) => r.hourly.collected),
    backlog: { mean: meanOf((r) => r.hourly.backlog), min: bMin.map((v) => (Number.isFinite(v) ? v : 0)), max: bMax },
    dock: meanOf((r) => r.hourly.dock),
    stations,
  };
}

interface BlockStat {
  util: number;
  meanQueue: number;
  maxQueue: number;
  staff: number;
  busy: number;
  arrivals: number;
  completions: number;
}

function blockStat(s: StationHourlySummary, from: number, to: number): BlockStat {
  let busy = 0;
  let staff = 0;
  let qSum = 0;
  let qMax = 0;
  let arr = 0;
  let comp = 0;
  for (let i = from; i < to; i++) {
    busy += s.busy[i];
    staff += s.staff[i];
    qSum += s.queue[i];
    if (s.queue[i] > qMax) qMax = s.queue[i];
    arr += s.arrivals[i];
    comp += s.completions[i];
  }
  const h = Math.max(1, to - from);
  return { util: staff > 0 ? Math.min(1, busy / staff) : 0, meanQueue: qSum / h, maxQueue: qMax, staff: staff / h, busy, arrivals: arr, completions: comp };
}

/**
 * The bottleneck hour by hour, consecutive hours with the same station (and the
 * same staffed / unstaffed state) merged into periods. In a line, work piles up in
 * front of the slowest station, so the candidate with the longest mean queue wins
 * (ties: the busier one); an hour where nothing waits has no bottleneck. A station
 * with a queue and nobody on duty (a night without a shift) is reported as
 * unstaffed: more people on the existing shift would not help there.
 */
export function findBottlenecks(hourly: HourlySummary, stations: readonly StationSummary[]): Bottleneck[] {
  const H = hourly.startSec.length;
  const ids = stations.map((s) => s.id);
  const hours: { station: string | undefined; unstaffed: boolean }[] = [];
  for (let i = 0; i < H; i++) {
    let best: string | undefined;
    let bestQ = -1;
    let bestU = -1;
    for (const id of ids) {
      const s = hourly.stations[id];
      const qi = s.queue[i];
      const ui = s.utilization[i] ?? 0; // nobody on duty: nobody busy
      const candidate = qi >= MIN_QUEUE || (ui >= HIGH_UTILISATION && qi > 0);
      if (!candidate) continue;
      if (qi > bestQ || (qi === bestQ && ui > bestU)) {
        best = id;
        bestQ = qi;
        bestU = ui;
      }
    }
    hours.push({ station: best, unstaffed: best !== undefined && hourly.stations[best].staff[i] < UNSTAFFED });
  }
  const out: Bottleneck[] = [];
  for (let i = 0; i < H; ) {
    const { station: id, unstaffed } = hours[i];
    let j = i;
    while (j + 1 < H && hours[j + 1].station === id && hours[j + 1].unstaffed === unstaffed) j++;
    if (id !== undefined) {
      const from = i;
      const to = j + 1;
      const st = hourly.stations[id];
      const b = blockStat(st, from, to);
      const meta = stations.find((s) => s.id === id)!;
      const bn: Bottleneck = {
        station: id,
        name: meta.name,
        unstaffed,
        fromSec: hourly.startSec[from],
        toSec: hourly.startSec[to - 1] + 3600,
        utilization: b.util,
        meanQueue: b.meanQueue,
        maxQueue: b.maxQueue,
        staff: b.staff,
        arrivalsPerHour: b.arrivals / (to - from),
        perPersonHour: b.busy > 0 ? b.completions / b.busy : Number.NaN,
        queueAtStart: from > 0 ? st.queue[from - 1] : 0,
      };
      let idle: Bottleneck["idlest"];
      for (const other of ids) {
        if (other === id) continue;
        const o = blockStat(hourly.stations[other], from, to);
        if (o.staff >= 1 && o.util < IDLE_UTILISATION && (!idle || o.util < idle.utilization)) idle = { station: other, utilization: o.util, staff: o.staff };
      }
      if (idle) bn.idlest = idle;
      out.push(bn);
    }
    i = j + 1;
  }
  return out;
}
