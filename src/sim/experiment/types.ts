/**
 * Types of an experiment: R independent replications of one scenario, each with
 * its own seed `replicationSeed(baseSeed, r)`, and what summarises them.
 *
 * Every summary field is a pure function of (scenario, runs in index order), so
 * it is identical whatever the number of worker threads that produced the runs.
 * Wall-clock times are kept out of the summary for that reason (they live in
 * `Experiment.perf`).
 */
import type { Scenario } from "../model/schema.js";
import type { RunResult } from "../model/result.js";
import type { Estimate } from "./estimate.js";

export type { Estimate };

/** A proportion over replications with its Wilson 95% interval. */
export interface Proportion {
  /** Replications where the event happened. */
  k: number;
  /** Replications. */
  n: number;
  /** k / n (NaN when n = 0). */
  p: number;
  low: number;
  high: number;
}

/** Risk of one slice (a payment-day cohort or a courier) under one deadline rule. */
export interface RiskCell {
  /** Mean orders judged in this slice per replication. */
  ordersMean: number;
  /** Late orders per replication. */
  late: Estimate;
  /** P(at least one late order in this slice). */
  pAnyLate: Proportion;
}

export interface DeadlineSummary {
  id: string;
  label: { en: string; zh: string };
  milestone: "shipped" | "collected";
  /** Fixed deadline, seconds from the scenario start (rules with `by`). */
  deadlineSec?: number;
  /** Hours after payment (rules with `within`). */
  withinHours?: number;
  orders: Estimate;
  late: Estimate;
  /** Of the late: still without the milestone when the run ended. */
  lateUnfinished: Estimate;
  /**
   * Pickup-scan rules only: of the late, those that had shipped by their deadline (late
   * because of the courier, not the line). Absent from shipped rules and from summaries
   * stored before it existed.
   */
  lateShipped?: Estimate;
  /**
   * Unfinished at the run's end with the deadline after it (runs cut by the horizon):
   * not in `late`. Absent from runs stored before it existed (read it as 0).
   */
  undetermined?: Estimate;
  /** 90th / 99th percentile of the late count over replications (nearest rank: one of the counts). */
  lateP90: number;
  lateP99: number;
  /** P(any order late) = share of replications with late > 0, Wilson interval. */
  pAnyLate: Proportion;
  /** By payment day "YYYY-MM-DD" (sorted). */
  byCohort: Record<string, RiskCell>;
  /** By courier id (scenario order). */
  byCourier: Record<string, RiskCell>;
}

export interface StationSummary {
  id: string;
  name: { en: string; zh: string };
  /**
   * Busy over on-duty server-time, 0..1, over the replications where the station was
   * on duty (`n` of them); null when it never was.
   */
  utilization: Estimate | null;
  /** The same over the peak day only (null when nobody was on duty that day, or for summaries stored before it existed). */
  peakDayUtilization?: Estimate | null;
  /**
   * Waits over the replications where some order started service there (`n` of them;
   * null when in none). Each replication's wait covers the orders that started: see
   * `queuedAtEnd` for those still waiting when a run ended.
   */
  meanWaitMin: Estimate | null;
  p95WaitMin: Estimate | null;
  maxQueue: Estimate;
  meanQueue: Estimate;
  served: Estimate;
  /**
   * Orders still waiting there, not started, when a replication ended (max > 0: some
   * replication's waits leave them out). Absent from summaries stored before it existed.
   */
  queuedAtEnd?: Estimate;
  staffHours: Estimate;
  busyHours: Estimate;
}

export interface CourierSummary {
  id: string;
  name: string;
  allocated: Estimate;
  collected: Estimate;
  pickups: Estimate;
  pickupsCapped: Estimate;
  /** P(at least one capped pickup). */
  pCapped: Proportion;
}

export interface StationHourlySummary {
  /** Mean (over replications) queue length at the end of each hour. */
  queue: number[];
  /** Largest queue at the end of each hour over the replications. */
  queueMax: number[];
  /** Busy / on-duty over the hour, pooled over the replications (ratio of sums), 0..1; null when nobody was on duty in any. */
  utilization: (number | null)[];
  /** Mean busy servers and on-duty staff over the hour, averaged over running replications. */
  busy: number[];
  staff: number[];
  /** Mean people on duty who could not work over the hour (a resource down, no working printer for them, a full dock), counted in `staff`. */
  blocked: number[];
  /** Packing and the stations after it: of `blocked`, those idle because the dock was full. */
  dockHeld?: number[];
  /** Mean arrivals and completions per hour. */
  arrivals: number[];
  completions: number[];
}

/**
 * Hourly series averaged index by index across replications. A replication stops
 * when its backlog has cleared; after its end it counts with 0 for flows and levels
 * (nothing arrives, nothing waits) and is left out of busy/staff/utilisation.
 */
export interface HourlySummary {
  startSec: number[];
  /** Replications still running in each hour. */
  runs: number[];
  arrivals: number[];
  shipped: number[];
  collected: number[];
  /** Backlog (released, not shipped) at the end of each hour: mean and the band over replications. */
  backlog: { mean: number[]; min: number[]; max: number[] };
  dock: number[];
  stations: Record<string, StationHourlySummary>;
}

/**
 * The station holding the line back over a period (consecutive hours with the same
 * bottleneck). Found replication by replication (see `findBottlenecks`): an hour's
 * bottleneck is the station that was it in at least half the replications; the figures
 * of the period (utilisation, queues, staff, arrivals) are pooled over all of them.
 */
export interface Bottleneck {
  station: string;
  name: { en: string; zh: string };
  /** Nobody on duty there while orders waited (no shift covers the period). */
  unstaffed: boolean;
  /**
   * Held up by a resource: half or more of the people on duty could not work (a resource
   * the station needs was down: order system, network, power, cartons, labels; no
   * working printer for them; the dock full, at packing and after), so more people would not help.
   * Absent when false.
   */
  stopped?: boolean;
  /** With `stopped`: the mean people on duty who could not work in the period. */
  blocked?: number;
  /** With `stopped` at packing or after it: of `blocked`, those idle because the dock was full. */
  dockHeld?: number;
  /**
   * The replications in which the station was the bottleneck for most of the period (at
   * least half its hours), k of n with the Wilson interval. Absent from summaries stored
   * before it existed.
   */
  inReplications?: Proportion;
  fromSec: number;
  toSec: number;
  /**
   * Pooled utilisation over the period, 0..1, of the people on duty who could work (busy
   * over staff - blocked); null with nobody on duty in any replication (no figure).
   */
  utilization: number | null;
  /**
   * Mean end-of-hour queue in the period, and the largest of the period's queue samples
   * (means over replications) with the queue at its start (`queueAtStart`) among them.
   */
  meanQueue: number;
  maxQueue: number;
  /** Mean on-duty people over the period (0 = nobody on duty). */
  staff: number;
  /** Orders arriving at the station per hour, mean over the period. */
  arrivalsPerHour: number;
  /** Orders one busy person finishes per hour (NaN when nobody worked). */
  perPersonHour: number;
  /** Queue at the start of the period. */
  queueAtStart: number;
  /** Least utilised staffed station over the period (a flex source), if any is below 60%. */
  idlest?: { station: string; utilization: number; staff: number };
}

/**
 * The spread over replications of the share of peak-day orders shipped within 12 h or 24 h:
 * the mean hides a heavy lower tail (a day both print operators are absent ships almost
 * nothing), so the worst replication, with its seed to replay it, and how many replications
 * fell below the scenario's target for the window.
 */
export interface ShareTail {
  /** "shippedWithin.h12" or "shippedWithin.h24". */
  figure: string;
  hours: 12 | 24;
  /** The worst replication: its share, index and seed (`run --seed <seed>` replays it). */
  worst: { share: number; index: number; seed: number };
  /** The scenario's target for the window (`targets`: shipped-within, minShare), when it has one. */
  target?: number;
  /** With a target: the replications below it, k of n with the Wilson interval (n: those with peak-day orders). */
  belowTarget?: Proportion;
}

/** A "what to change" sentence in both languages. */
export interface Advice {
  kind: "bottleneck" | "balance" | "unstaffed" | "stopped" | "deadline" | "courier" | "dock" | "ship12h" | "returns";
  en: string;
  zh: string;
}

/** See ExperimentSummary.peakDayCut. */
export interface PeakDayCut {
  endSec: number;
  dayEndSec: number;
  orders: number;
}

export interface ExperimentSummary {
  /** Scenario name (its English name when it has two). */
  scenario: string;
  /** The scenario's Chinese name, when it has one. */
  scenarioZh?: string;
  replications: number;
  /**
   * Every named figure of `figuresOf`, as mean +- 95% t half-width [min, max] over the
   * replications that have it (`n`: a figure is null in a run without an observation);
   * null when no replication has it. Shares carry their interval clipped to [0, 1], other
   * figures (none can be negative) theirs cut at 0 when mean - half-width is below 0, and
   * 0/1 indicators (anyLate, run.cleared) the Wilson interval of k of n, in `low`/`high`
   * (see `figureEstimate`).
   */
  figures: Record<string, Estimate | null>;
  /** Replications whose backlog cleared before the horizon. */
  cleared: Proportion;
  /**
   * The 12 h and 24 h shares' worst replication and replications below the target (those
   * with an observation: none when no replication had peak-day orders). Absent from
   * summaries stored before it existed.
   */
  shareTails?: ShareTail[];
  /**
   * Present when the horizon ends before the peak day does (`run --set horizon=20h`): the
   * runs end at `endSec` (seconds from the start; the latest of them), before the day's
   * demand ends at `dayEndSec`, so the 12 h / 24 h shares are over the peak-day orders
   * paid by then (`orders`: their mean over the replications), not the whole day's. The
   * shares are kept (what they say of those orders is right) and the reports say so.
   */
  peakDayCut?: PeakDayCut;
  deadlines: DeadlineSummary[];
  stations: StationSummary[];
  couriers: CourierSummary[];
  hourly: HourlySummary;
  bottlenecks: Bottleneck[];
  advice: Advice[];
}

/** Why a run stopped adding replications; "no-observation": the target figure had none in any replication so far (more cannot narrow it). */
export type StoppedBecause = "replications" | "target-met" | "max-replications" | "no-observation";

/** A sequential stopping rule: add replications until the figure's half-width is small enough. */
export interface TargetSpec {
  /** A name of `figuresOf` (e.g. "shippedWithin.h24"). */
  figure: string;
  /** Absolute half-width, or a fraction of |mean| when `relative` (0.01 = 1%). */
  halfWidth: number;
  relative: boolean;
}

export interface Experiment {
  scenario: Scenario;
  /** Base seed; replication r ran with `replicationSeed(seed, r)`. */
  seed: number;
  seeds: number[];
  runs: RunResult[];
  summary: ExperimentSummary;
  /** Why the replications stopped (always "replications" without a target). */
  stoppedBecause?: StoppedBecause;
  /**
   * The target and where it ended: the half-width and mean of the figure; `allEqual` when
   * every replication gave the figure the same value (a zero-variance interval, never
   * taken as met: see MIN_REPLICATIONS_TO_STOP in pool.ts).
   */
  target?: TargetSpec & { achievedHalfWidth: number; mean: number; allEqual?: boolean };
  /** Wall-clock of the whole experiment, ms, and the worker threads used (1 = in-process). */
  perf?: { wallMs: number; workers: number };
}
