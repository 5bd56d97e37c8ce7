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
import { clockOnDay } from "../model/time.js";
import { adviseAll } from "../report/advice.js";
import { nearestRank, nonNegativeEstimate, wilson } from "./estimate.js";
import { figureEstimateOf, figuresOf } from "./replicate.js";
import type {
  Bottleneck,
  CourierSummary,
  DeadlineSummary,
  Estimate,
  ExperimentSummary,
  HourlySummary,
  PeakDayCut,
  Proportion,
  RiskCell,
  ShareTail,
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
/**
 * Share of a staffed station's people on duty who could not work (a resource it needs
 * down, no working printer for them) from which an hour counts as held up by the
 * resource rather than short of people.
 */
const HELD_UP = 0.5;
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
  // By the figure's kind: 0/1 indicators (anyLate, cleared) as proportions of replications
  // with the Wilson interval, shares with the t interval clipped to [0, 1], the rest (none
  // can be negative) with it cut at 0 (replicate.ts).
  for (const name of names) figures[name] = figureEstimateOf(name, perRun.map((f) => (f[name] === undefined ? 0 : f[name])));

  const hourly = summarizeHourly(runs);
  const stations = summarizeStations(runs);
  const bottlenecks = findBottlenecks(runs, hourly, stations);
  const core = {
    scenario: scenarioName(scenario.name, "en"),
    ...(scenarioNameZh(scenario.name) !== undefined ? { scenarioZh: scenarioNameZh(scenario.name) } : {}),
    replications: n,
    figures,
    cleared: proportion(runs.filter((r) => r.cleared).length, n),
    shareTails: shareTails(scenario, runs),
    ...peakDayCutOf(scenario, runs),
    deadlines: summarizeDeadlines(runs),
    stations,
    couriers: summarizeCouriers(runs),
    hourly,
    bottlenecks,
  };
  return { ...core, advice: adviseAll(scenario, core) };
}

/**
 * `{ peakDayCut }` when the runs end before the peak day (day 0, the start's day) does:
 * its orders paid after the end never arrived, so the 12 h / 24 h shares are over part of
 * the day (see ExperimentSummary.peakDayCut); `{}` otherwise.
 */
export function peakDayCutOf(scenario: Pick<Scenario, "start" | "timeZone">, runs: readonly RunResult[]): { peakDayCut?: PeakDayCut } {
  const dayEndSec = clockOnDay(scenario, 1, "00:00");
  const endSec = Math.max(...runs.map((r) => r.endSec));
  if (!(endSec < dayEndSec)) return {};
  return { peakDayCut: { endSec, dayEndSec, orders: runs.reduce((a, r) => a + r.orders.peakDay, 0) / runs.length } };
}

/**
 * The 12 h and 24 h shares' worst replication (the first of equal ones) and, against the
 * scenario's shipped-within target for the window, the replications below it; over the
 * replications with peak-day orders (a share is null without), none when there are none.
 */
export function shareTails(scenario: Pick<Scenario, "targets">, runs: readonly RunResult[]): ShareTail[] {
  const out: ShareTail[] = [];
  for (const hours of [12, 24] as const) {
    const key = hours === 12 ? "h12" : "h24";
    let worst: ShareTail["worst"] | undefined;
    const values: number[] = [];
    runs.forEach((r, index) => {
      const v = r.shippedWithin[key];
      if (v === null || v === undefined) return;
      values.push(v);
      if (!worst || v < worst.share) worst = { share: v, index, seed: r.seed };
    });
    if (!worst) continue;
    const tail: ShareTail = { figure: `shippedWithin.${key}`, hours, worst };
    // A stored scenario from before targets existed has none.
    const target = (scenario.targets ?? []).find((t) => t.kind === "shipped-within" && t.hours === hours);
    if (target && target.kind === "shipped-within") {
      tail.target = target.minShare;
      tail.belowTarget = proportion(values.filter((v) => v < target.minShare).length, values.length);
    }
    out.push(tail);
  }
  return out;
}

// Every count, queue and number of hours here is >= 0: an interval that would pass below 0 is cut there (estimate.ts).
function est(runs: readonly RunResult[], get: (r: RunResult) => number): Estimate {
  return nonNegativeEstimate(runs.map(get));
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
      late: nonNegativeEstimate(late),
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
      orders: nonNegativeEstimate(rows.map((d) => d.orders)),
      late: nonNegativeEstimate(late),
      lateUnfinished: nonNegativeEstimate(rows.map((d) => d.lateUnfinished)),
      undetermined: nonNegativeEstimate(rows.map((d) => d.undetermined)),
      lateP90: nearestRank(late, 0.9),
      lateP99: nearestRank(late, 0.99),
      pAnyLate: proportion(late.filter((x) => x > 0).length, judgedOr(rows.map((d) => d.orders), runs.length)),
      byCohort,
      byCourier: riskCells(rows.map((d) => d.byCourier)),
    };
    // Pickup-scan rules: the late orders that had shipped in time (runs stored before the count have none).
    if (d0.milestone === "collected" && rows.every((d) => d.lateShipped !== undefined)) out.lateShipped = nonNegativeEstimate(rows.map((d) => d.lateShipped!));
    if (d0.deadlineSec !== undefined) out.deadlineSec = d0.deadlineSec;
    if (d0.withinHours !== undefined) out.withinHours = d0.withinHours;
    return out;
  });
}

function summarizeStations(runs: readonly RunResult[]): StationSummary[] {
  return runs[0].stationOrder.map((id) => {
    const get = (k: "maxQueue" | "meanQueue" | "served" | "staffHours" | "busyHours") => est(runs, (r) => r.stations[id]?.[k] ?? 0);
    // Over the replications with an observation (a station missing from a run: 0, as above).
    // As the figures of the same name (a utilisation is a share: its interval clipped to [0, 1]).
    const opt = (k: "utilization" | "meanWaitMin" | "p95WaitMin") => figureEstimateOf(`stations.${id}.${k}`, runs.map((r) => (r.stations[id] ? r.stations[id][k] : 0)));
    return {
      id,
      name: runs[0].stations[id].name,
      utilization: opt("utilization"),
      peakDayUtilization: figureEstimateOf(`stations.${id}.peakDayUtilization`, runs.map((r) => r.stations[id]?.peakDayUtilization ?? null)),
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
      allocated: nonNegativeEstimate(rows.map((c) => c.allocated)),
      collected: nonNegativeEstimate(rows.map((c) => c.collected)),
      pickups: nonNegativeEstimate(rows.map((c) => c.pickups)),
      pickupsCapped: nonNegativeEstimate(rows.map((c) => c.pickupsCapped)),
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
    const blockedSum = zeros();
    const heldSum = zeros();
    let held = false;
    const queueMax = zeros();
    for (const r of runs) {
      const s = r.hourly.stations[id];
      if (!s) continue;
      for (let i = 0; i < s.busy.length && i < H; i++) {
        busySum[i] += s.busy[i];
        staffSum[i] += s.staff[i];
        blockedSum[i] += s.blocked?.[i] ?? 0;
        if (s.dockHeld) {
          held = true;
          heldSum[i] += s.dockHeld[i] ?? 0;
        }
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
      blocked: blockedSum.map((s, i) => (running[i] > 0 ? s / running[i] : 0)),
      ...(held ? { dockHeld: heldSum.map((s, i) => (running[i] > 0 ? s / running[i] : 0)) } : {}),
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
  /** Busy over the people on duty who could work (`staff` - `blocked`); 0 with nobody able to (callers that report it say null). */
  util: number;
  /** Mean people on duty who could not work (a resource down, no printer, a full dock). */
  blocked: number;
  /** Of `blocked`, packers idle because the dock was full. */
  dockHeld: number;
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
  let blocked = 0;
  let dockHeld = 0;
  for (let i = from; i < to; i++) {
    busy += s.busy[i];
    staff += s.staff[i];
    blocked += s.blocked?.[i] ?? 0;
    dockHeld += s.dockHeld?.[i] ?? 0;
    qSum += s.queue[i];
    if (s.queue[i] > qMax) qMax = s.queue[i];
    arr += s.arrivals[i];
    comp += s.completions[i];
  }
  const h = Math.max(1, to - from);
  const working = staff - blocked;
  return { util: working > 1e-9 ? Math.min(1, busy / working) : 0, blocked: blocked / h, dockHeld: dockHeld / h, meanQueue: qSum / h, maxQueue: qMax, staff: staff / h, busy, arrivals: arr, completions: comp };
}

/**
 * Below this utilisation a staffed station is not named the bottleneck of an hour unless
 * its queue (the longest) grew over the hour: people idle while orders wait there are held
 * up by something else (an earlier station, a stopped resource, a queue left from a
 * shorter-handed hour), and adding people would not help.
 */
export const LOW_UTILISATION = 0.7;

/**
 * One replication's bottleneck in hour i: the candidate station with the longest queue
 * (ties: the busier one), a candidate having a queue of MIN_QUEUE or more, or a queue and
 * HIGH_UTILISATION; `unstaffed` when nobody was on duty there in the hour. A staffed
 * station below LOW_UTILISATION counts only while its queue grows (else: no bottleneck).
 */
export function runBottleneck(run: RunResult, ids: readonly string[], i: number): { station: string; unstaffed: boolean; stopped: boolean } | undefined {
  let best: string | undefined;
  let bestQ = -1;
  let bestU = -1;
  for (const id of ids) {
    const s = run.hourly.stations[id];
    if (!s || i >= s.queue.length) continue; // the run had ended
    const qi = s.queue[i];
    // Busy over those who could work (a printer down leaves its operator idle, not the printer less busy).
    const working = (s.staff[i] ?? 0) - (s.blocked?.[i] ?? 0);
    const ui = working > 1e-9 ? Math.min(1, (s.busy[i] ?? 0) / working) : 0; // nobody able to work: nobody busy
    const candidate = qi >= MIN_QUEUE || (ui >= HIGH_UTILISATION && qi > 0);
    if (!candidate) continue;
    if (qi > bestQ || (qi === bestQ && ui > bestU)) {
      best = id;
      bestQ = qi;
      bestU = ui;
    }
  }
  if (best === undefined) return undefined;
  const s = run.hourly.stations[best];
  const unstaffed = (s.staff[i] ?? 0) < UNSTAFFED;
  // Half the people on duty or more could not work: held up by a resource, not short of people.
  const stopped = !unstaffed && (s.blocked?.[i] ?? 0) >= HELD_UP * (s.staff[i] ?? 0);
  const growing = bestQ > (i > 0 ? (s.queue[i - 1] ?? 0) : 0);
  if (!unstaffed && !stopped && bestU < LOW_UTILISATION && !growing) return undefined;
  return { station: best, unstaffed, stopped };
}

/**
 * The bottleneck periods of replications, robust to one odd replication (a day a whole
 * team is absent lifts the mean queue of its station, and a bottleneck found on means
 * would name that station for everyone):
 * 1. each replication's bottleneck hour by hour (`runBottleneck`: the longest queue, at a
 *    station either busy, at least LOW_UTILISATION, or with a growing queue);
 * 2. an hour's bottleneck is the station that was it in the most replications, when that
 *    is at least half of all of them (a replication that had ended has none): a station
 *    held up in one replication of twenty is not the line's bottleneck;
 * 3. consecutive hours with the same station (and the same staffed / unstaffed state)
 *    merge into periods; a staffed period whose pooled utilisation is below
 *    LOW_UTILISATION is dropped unless its station's mean queue is the longest of the
 *    period and grew over it.
 * The period's figures are pooled over all replications (the hourly summary), and
 * `inReplications` counts the replications in which the station was the bottleneck for at
 * least half of the period's hours. A station with a queue and nobody on duty (a night
 * without a shift, in the pooled staff) is reported as unstaffed: more people on the
 * existing shift would not help there.
 */
export function findBottlenecks(runs: readonly RunResult[], hourly: HourlySummary, stations: readonly StationSummary[]): Bottleneck[] {
  const H = hourly.startSec.length;
  const n = runs.length;
  const ids = stations.map((s) => s.id);
  // perRun[r][i]: replication r's bottleneck station in hour i; held[r][i]: held up by a resource there.
  const found = runs.map((r) => Array.from({ length: H }, (_, i) => runBottleneck(r, ids, i)));
  const perRun = found.map((row) => row.map((b) => b?.station));
  const hours: { station: string | undefined; unstaffed: boolean; stopped: boolean }[] = [];
  for (let i = 0; i < H; i++) {
    const count = new Map<string, number>();
    for (const row of perRun) {
      const id = row[i];
      if (id !== undefined) count.set(id, (count.get(id) ?? 0) + 1);
    }
    let best: string | undefined;
    let bestC = 0;
    for (const id of ids) {
      const c = count.get(id) ?? 0;
      // Ties: the longer mean queue.
      if (c > bestC || (c === bestC && c > 0 && best !== undefined && hourly.stations[id].queue[i] > hourly.stations[best].queue[i])) {
        best = id;
        bestC = c;
      }
    }
    if (best !== undefined && 2 * bestC < n) best = undefined;
    const unstaffed = best !== undefined && hourly.stations[best].staff[i] < UNSTAFFED;
    // Held up when it was so in at least half the replications where it was the bottleneck
    // (pooled figures would let one replication's absence tip the share).
    let held = 0;
    if (best !== undefined && !unstaffed) for (const row of found) if (row[i]?.station === best && row[i]!.stopped) held++;
    hours.push({ station: best, unstaffed, stopped: best !== undefined && !unstaffed && 2 * held >= bestC });
  }
  const out: Bottleneck[] = [];
  for (let i = 0; i < H; ) {
    const { station: id, unstaffed, stopped } = hours[i];
    let j = i;
    while (j + 1 < H && hours[j + 1].station === id && hours[j + 1].unstaffed === unstaffed && hours[j + 1].stopped === stopped) j++;
    if (id !== undefined) {
      const from = i;
      const to = j + 1;
      const st = hourly.stations[id];
      const b = blockStat(st, from, to);
      const queueAtStart = from > 0 ? st.queue[from - 1] : 0;
      // Low utilisation with people on duty: only a queue that is the longest and grew.
      const longest = ids.every((other) => other === id || blockStat(hourly.stations[other], from, to).meanQueue <= b.meanQueue);
      const grew = st.queue[to - 1] > queueAtStart;
      if (!unstaffed && !stopped && b.util < LOW_UTILISATION && !(longest && grew)) {
        i = j + 1;
        continue;
      }
      const inRuns = perRun.filter((row) => {
        let c = 0;
        for (let h = from; h < to; h++) if (row[h] === id) c++;
        return 2 * c >= to - from;
      }).length;
      const meta = stations.find((s) => s.id === id)!;
      const bn: Bottleneck = {
        station: id,
        name: meta.name,
        unstaffed,
        ...(stopped ? { stopped: true, blocked: b.blocked, ...(b.dockHeld > 0 ? { dockHeld: b.dockHeld } : {}) } : {}),
        inReplications: proportion(inRuns, n),
        fromSec: hourly.startSec[from],
        toSec: hourly.startSec[to - 1] + 3600,
        // Nobody on duty: no figure (not 0%, which would read as an idle team).
        utilization: unstaffed && b.staff === 0 ? null : b.util,
        meanQueue: b.meanQueue,
        // The queue at the period's start counts: a period that works a queue down had it largest then.
        maxQueue: Math.max(b.maxQueue, queueAtStart),
        staff: b.staff,
        arrivalsPerHour: b.arrivals / (to - from),
        perPersonHour: b.busy > 0 ? b.completions / b.busy : Number.NaN,
        queueAtStart,
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
