/**
 * Replications in-process, and the flat named figures of one run.
 *
 * Replication r always runs with `replicationSeed(baseSeed, r)`: the seed depends
 * on the index alone, so any split of the indices (batches, worker threads) gives
 * the same runs, and two scenarios run with the same base seed share random
 * numbers replication by replication (common random numbers).
 */
import { replicationSeed } from "../engine/random.js";
import type { RunResult } from "../model/result.js";
import type { Scenario } from "../model/schema.js";
import { simulate } from "../model/simulate.js";
import { type Estimate, indicatorEstimate, nonNegativeEstimate, shareEstimate } from "./estimate.js";

export interface ReplicateOptions {
  /** Number of replications (>= 1). */
  replications: number;
  /** Base seed (default: the scenario's seed). */
  seed?: number;
  /** Index of the first replication (default 0), to run a batch r = first .. first + replications - 1. */
  first?: number;
}

/** Seeds of replications first .. first + n - 1. */
export function replicationSeeds(baseSeed: number, n: number, first = 0): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = replicationSeed(baseSeed, first + i);
  return out;
}

/** Runs replications one after the other in this thread. */
export function replicate(scenario: Scenario, opts: ReplicateOptions): RunResult[] {
  const base = opts.seed ?? scenario.seed;
  const seeds = replicationSeeds(base, opts.replications, opts.first ?? 0);
  return seeds.map((seed) => simulate(scenario, { seed }));
}

/**
 * The flat named figures of one run (what replications are summarised over).
 * Units follow the RunResult keys: shares 0..1, minutes, orders, hours, currency.
 * `deadlines.<id>.anyLate` is 1 when any order was late, else 0.
 * A figure with no observation in the run is null (the wait at a station where no
 * order started, utilisation of a station never on duty, time to ship when nothing
 * shipped, shares of no peak-day orders): summaries leave that run out of it.
 * Wall-clock time is deliberately not a figure (it differs between machines).
 */
export function figuresOf(run: RunResult): Record<string, number | null> {
  const f: Record<string, number | null> = {};
  const o = run.orders;
  f["orders.arrived"] = o.arrived;
  f["orders.peakDay"] = o.peakDay;
  f["orders.presale"] = o.presale;
  f["orders.prepacked"] = o.prepacked;
  f["orders.shipped"] = o.shipped;
  f["orders.collected"] = o.collected;
  f["orders.backlogAtEnd"] = o.backlogAtEnd;
  f["run.endHours"] = run.endSec / 3600;
  f["run.cleared"] = run.cleared ? 1 : 0;
  f["shippedWithin.h12"] = run.shippedWithin.h12;
  f["shippedWithin.h24"] = run.shippedWithin.h24;
  // Absent from runs stored before they existed (read as 0); null with no peak-day orders.
  f["shippedWithin.undeterminedH12"] = run.shippedWithin.undeterminedH12 === undefined ? 0 : run.shippedWithin.undeterminedH12;
  f["shippedWithin.undeterminedH24"] = run.shippedWithin.undeterminedH24 === undefined ? 0 : run.shippedWithin.undeterminedH24;
  f["timeInSystemMin.mean"] = run.timeInSystemMin.mean;
  f["timeInSystemMin.p50"] = run.timeInSystemMin.p50;
  f["timeInSystemMin.p95"] = run.timeInSystemMin.p95;
  f["timeToCollectMin.mean"] = run.timeToCollectMin.mean;
  f["timeToCollectMin.p50"] = run.timeToCollectMin.p50;
  f["timeToCollectMin.p95"] = run.timeToCollectMin.p95;
  for (const id of run.stationOrder) {
    const s = run.stations[id];
    if (!s) continue;
    const p = `stations.${id}.`;
    f[p + "utilization"] = s.utilization;
    // Runs stored before it existed have none.
    f[p + "peakDayUtilization"] = s.peakDayUtilization ?? null;
    f[p + "meanWaitMin"] = s.meanWaitMin;
    f[p + "p95WaitMin"] = s.p95WaitMin;
    f[p + "maxQueue"] = s.maxQueue;
    f[p + "meanQueue"] = s.meanQueue;
    f[p + "served"] = s.served;
    f[p + "staffHours"] = s.staffHours;
  }
  for (const d of run.deadlines) {
    const p = `deadlines.${d.id}.`;
    f[p + "orders"] = d.orders;
    f[p + "late"] = d.late;
    f[p + "lateUnfinished"] = d.lateUnfinished;
    f[p + "undetermined"] = d.undetermined;
    // No order judged by the rule in this run: no observation of "any late" (null, not 0).
    f[p + "anyLate"] = d.orders > 0 ? (d.late > 0 ? 1 : 0) : null;
  }
  for (const c of run.couriers) {
    const p = `couriers.${c.id}.`;
    f[p + "allocated"] = c.allocated;
    f[p + "collected"] = c.collected;
    f[p + "pickupsCapped"] = c.pickupsCapped;
  }
  f["labour.hours"] = run.labour.hours;
  f["labour.cost"] = run.labour.cost;
  f["labour.printerCost"] = run.labour.printerCost;
  f["mechanisms.printerFailures"] = run.mechanisms.printerFailures;
  f["mechanisms.dockBlockedHours"] = run.mechanisms.dockBlockedHours;
  f["mechanisms.dockMax"] = run.mechanisms.dockMax;
  if (run.returns) {
    f["returns.arrived"] = run.returns.arrived;
    f["returns.processed"] = run.returns.processed;
    f["returns.waitingAtEnd"] = run.returns.waitingAtEnd;
    f["returns.arrivalToDoneHours"] = run.returns.arrivalToDoneHours;
    // Stored runs from before returns waits were kept lack them.
    f["returns.meanWaitHours"] = run.returns.meanWaitHours ?? null;
    f["returns.maxWaiting"] = run.returns.maxWaiting ?? null;
    // Followed until handled: the day (from the start) the last one was; none when some were left.
    if (run.returns.until === "handled") {
      f["returns.allHandledDays"] = run.returns.allHandled && run.returns.lastHandledSec !== null ? run.returns.lastHandledSec / 86400 : null;
      // Stored runs from before the after-sales tail was kept apart lack these.
      f["returns.handled95Days"] = run.returns.handled95Sec != null ? run.returns.handled95Sec / 86400 : null;
      f["returns.afterSalesCost"] = run.returns.afterSales?.cost ?? null;
    }
  }
  return f;
}

/** The figure names a scenario's runs will have (same names and order as `figuresOf`). */
export function figureNames(scenario: Scenario): string[] {
  const names = [
    "orders.arrived",
    "orders.peakDay",
    "orders.presale",
    "orders.prepacked",
    "orders.shipped",
    "orders.collected",
    "orders.backlogAtEnd",
    "run.endHours",
    "run.cleared",
    "shippedWithin.h12",
    "shippedWithin.h24",
    "shippedWithin.undeterminedH12",
    "shippedWithin.undeterminedH24",
    "timeInSystemMin.mean",
    "timeInSystemMin.p50",
    "timeInSystemMin.p95",
    "timeToCollectMin.mean",
    "timeToCollectMin.p50",
    "timeToCollectMin.p95",
  ];
  for (const s of scenario.stations) {
    for (const k of ["utilization", "peakDayUtilization", "meanWaitMin", "p95WaitMin", "maxQueue", "meanQueue", "served", "staffHours"]) names.push(`stations.${s.id}.${k}`);
  }
  for (const d of scenario.deadlines) for (const k of ["orders", "late", "lateUnfinished", "undetermined", "anyLate"]) names.push(`deadlines.${d.id}.${k}`);
  for (const c of scenario.couriers) for (const k of ["allocated", "collected", "pickupsCapped"]) names.push(`couriers.${c.id}.${k}`);
  names.push("labour.hours", "labour.cost", "labour.printerCost", "mechanisms.printerFailures", "mechanisms.dockBlockedHours", "mechanisms.dockMax");
  if (scenario.returns.share > 0) names.push("returns.arrived", "returns.processed", "returns.waitingAtEnd", "returns.arrivalToDoneHours", "returns.meanWaitHours", "returns.maxWaiting");
  if (scenario.returns.share > 0 && scenario.returns.until === "handled") names.push("returns.allHandledDays", "returns.handled95Days", "returns.afterSalesCost");
  return names;
}

/** Whether a figure is a share in 0..1 (printed as a percentage). */
export function isShareFigure(name: string): boolean {
  return name.startsWith("shippedWithin.") || name.endsWith(".utilization") || name.endsWith(".peakDayUtilization") || name.endsWith(".anyLate") || name === "run.cleared";
}

/**
 * Whether a figure is a 0/1 indicator per replication (any order late under a rule; the
 * backlog cleared): over replications a proportion k of n, estimated with the Wilson
 * interval (see `figureEstimate`).
 */
export function isIndicatorFigure(name: string): boolean {
  return name.endsWith(".anyLate") || name === "run.cleared";
}

/**
 * Whether a figure counts whole things in every replication (orders, parcels, pickups,
 * failures, returns; a station's longest queue, read at sample points): its min and max
 * over replications are whole numbers, and the reports print them so (its mean may not be).
 * Not the time-averaged queue (meanQueue), waits, hours or costs.
 */
export function isCountFigure(name: string): boolean {
  if (name.startsWith("orders.") || COUNT_FIGURES.includes(name)) return true;
  const head = name.slice(0, name.indexOf("."));
  const last = name.slice(name.lastIndexOf(".") + 1);
  return COUNT_FIELDS[head]?.includes(last) ?? false;
}

const COUNT_FIGURES = ["mechanisms.printerFailures", "mechanisms.dockMax", "returns.arrived", "returns.processed", "returns.waitingAtEnd", "returns.maxWaiting"];
/** By the figure's group ("stations.<id>.<field>"): the fields that are counts. */
const COUNT_FIELDS: Record<string, readonly string[]> = {
  stations: ["maxQueue", "served"],
  deadlines: ["orders", "late", "lateUnfinished", "undetermined"],
  couriers: ["allocated", "collected", "pickupsCapped"],
};

/**
 * A figure's estimate over replications, by its kind: a 0/1 indicator as a proportion of
 * replications with the Wilson interval, a share with its t interval clipped to [0, 1],
 * any other figure mean +- t half-width cut at 0 (see estimate.ts): every figure of a run
 * is a count, a time, hours or a cost, none of which can be negative.
 */
export function figureEstimate(name: string, values: readonly number[]): Estimate {
  if (isIndicatorFigure(name)) return indicatorEstimate(values);
  if (isShareFigure(name)) return shareEstimate(values);
  return nonNegativeEstimate(values);
}

/** `figureEstimate` over the replications that have the figure (null: no observation); null when none has it. */
export function figureEstimateOf(name: string, values: readonly (number | null)[]): Estimate | null {
  const have: number[] = [];
  for (const v of values) if (v !== null) have.push(v);
  return have.length ? figureEstimate(name, have) : null;
}

/**
 * One replication's headline figures, with its seed: `run --seed <seed>` (same file, same
 * --set) replays it alone and gives these figures again. What `run --json` lists as
 * `replications` and the reports' per-replication table hold.
 */
export interface ReplicationRow {
  /** Replication index, from 0. */
  index: number;
  seed: number;
  ordersShipped: number;
  /** Shares 0..1 of the peak-day orders shipped within 12 h / 24 h (null: no peak-day orders). */
  shippedWithinH12: number | null;
  shippedWithinH24: number | null;
  /** Late orders per deadline rule id (in the scenario's order). */
  late: Record<string, number>;
  labourCost: number;
  backlogAtEnd: number;
  cleared: boolean;
}

/** The per-replication rows of runs in replication order; `seeds[i]` (else the run's own seed) is replication i's. */
export function replicationRows(runs: readonly RunResult[], seeds: readonly number[] = []): ReplicationRow[] {
  return runs.map((r, index) => ({
    index,
    seed: seeds[index] ?? r.seed,
    ordersShipped: r.orders.shipped,
    shippedWithinH12: r.shippedWithin.h12,
    shippedWithinH24: r.shippedWithin.h24,
    late: Object.fromEntries(r.deadlines.map((d) => [d.id, d.late])),
    labourCost: r.labour.cost,
    backlogAtEnd: r.orders.backlogAtEnd,
    cleared: r.cleared,
  }));
}
