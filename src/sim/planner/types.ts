/**
 * The planner's JSON-able types: decision variables, moves, evaluations and the
 * final `PlanResult` (what the CLI prints, the reports render and the API returns).
 * Units are in the keys or stated: costs in the scenario's currency, shares and
 * probabilities 0..1, waits in minutes.
 */
import type { Target } from "../model/schema.js";
import type { TriedShift } from "./shifts.js";
import type { TargetStatus, TargetsSource } from "./targets.js";

export type WorkerType = "permanent" | "temp";

/** The decision variables: headcount per station per shift, and printers. */
export interface PlanVariables {
  /** Permanent staff: station id -> shift id -> people. */
  roster: Record<string, Record<string, number>>;
  /** Temporary staff: station id -> shift id -> people. */
  temps: Record<string, Record<string, number>>;
  /** Printers in use (spares are not a decision: the scenario's `printers.spares`). */
  printers: number;
}

/**
 * One step of the search: one person (or printer) more or fewer. A staff move is
 * larger only to keep the crew rule (`minCrew`): opening a station on a shift brings
 * a whole crew (+minCrew), and one fewer from a crew of minCrew closes the station on
 * that shift (-minCrew).
 */
export type Move =
  | {
      kind: "staff";
      station: string;
      shift: string;
      type: WorkerType;
      /** People added (> 0) or removed (< 0). */
      delta: number;
      /** The move opens (delta > 0) or closes (delta < 0) the station on this shift with a whole crew (the crew rule). */
      crew?: boolean;
      /** Printers added with the person (a print operator needs a printer to work at). */
      printers?: number;
    }
  | { kind: "printers"; delta: 1 | -1 };

/**
 * Constraint names used in explanations and marginal effects. "printers": a print
 * operator on duty with no printer to work at (printers fixed, or a printer fewer).
 */
export type ConstraintId = "maxStaff" | "maxHeadcount" | "maxPermanent" | "budget" | "fixed" | "noTemps" | "printers" | "minimum" | "minCrew";

/** A plan's cost over the costing period (the demand days: the peak day and the days after). */
export interface PlanCost {
  /** Rostered labour: people x paid hours (overtime weighted) x rate, every day a shift runs in the period. */
  labour: number;
  /** Printers in use x costPerDay x days (the scenario's spares are costed too, as fixed). */
  printers: number;
  total: number;
  /** Days costed. */
  days: number;
  /** People on the roster (permanent + temporary, summed over shifts). */
  headcount: number;
  permanent: number;
  temps: number;
}

export interface TargetCheck {
  target: Target;
  /** Compact text form, e.g. "late:d11-ship<=5%". */
  key: string;
  label: { en: string; zh: string };
  unit: "probability" | "share" | "min";
  limit: number;
  /** "<=" (risk, wait) or ">=" (share shipped). */
  sense: "<=" | ">=";
  status: TargetStatus;
  estimate: number;
  /** 95% interval (Wilson for a probability, t for a share or wait). */
  low: number;
  high: number;
  /** Replications the decision rests on. */
  replications: number;
  /** Of those, the replications that alone missed the limit (any late order; a share under it; a wait over it). */
  missedRuns: number;
}

/** A peak-day share over the replications: mean, 95% t interval clipped to [0, 1], the worst run, replications with the figure. */
export interface ShareFigure {
  mean: number;
  low: number;
  high: number;
  min: number;
  n: number;
}

export interface StationLoad {
  /** Mean over the replications; a replication where the station was never on duty counts 0 (nobody busy). */
  utilization: number;
  /** Over the peak day only, mean over the replications with someone on duty that day; null when none had. */
  peakDayUtilization: number | null;
  /** Mean over the replications where some order started service there; null when in none. */
  meanWaitMin: number | null;
  meanQueue: number;
}

/** A plan evaluated by simulation with common random numbers. */
export interface PlanEvaluation {
  plan: PlanVariables;
  cost: PlanCost;
  checks: TargetCheck[];
  /** Every target "meets". */
  meets: boolean;
  replications: number;
  /** What the model charged, mean over the replications (labour + printers over the simulated run). */
  simulatedCost: { labour: number; printers: number; total: number };
  /** Mean over replications, per station. */
  stations: Record<string, StationLoad>;
  /** Peak-day orders shipped within 12 h and 24 h of payment, whatever the targets (null: no peak-day orders). */
  shippedWithin: { h12: ShareFigure | null; h24: ShareFigure | null };
}

export interface BottleneckInfo {
  station: string;
  /** The shift where the station is under most pressure, when one is. */
  shift?: string;
  /** Utilisation over the run, 0..1. */
  utilization: number;
  /** Utilisation over the peak day, 0..1 (what its staffing is judged by); null when nobody was on duty that day. */
  peakDayUtilization?: number | null;
  /** Mean end-of-hour queue in those hours. */
  meanQueue: number;
  /** The constraint that stops adding people here, if any. */
  blockedBy?: ConstraintId;
  /** Human explanation. */
  en: string;
  zh: string;
}

/** The effect of one person (or printer) more or fewer, re-simulated with the same seeds. */
export interface MarginalEffect {
  move: Move;
  /** "pack / day +1 permanent". */
  label: string;
  allowed: boolean;
  blockedBy?: ConstraintId;
  deltaCost: number;
  /** Per target: the estimate after the move and its change (after - plan), same seeds. */
  effects?: Array<{ key: string; estimate: number; delta: number }>;
  /** Per target: the plan's own estimate on the same seeds (what `delta` is measured against). */
  base?: Array<{ key: string; estimate: number }>;
  /** Whether the changed plan still meets every target by the point estimates (a screening, not the CI rule). */
  meetsPoint?: boolean;
  replications?: number;
  /**
   * One fewer only: why the plan keeps this person (or printer), as the removal pass
   * found it (see RemovalVerdict). Absent on a move the table cannot run (blocked).
   */
  removal?: RemovalVerdict;
}

/**
 * What the removal pass made of a plan one fewer: the reason the recommendation keeps
 * the person (or printer) although the marginal table may show the targets still met
 * by the point estimates on its own seeds.
 * - "screen": a target missed by the point estimate on the first `replications` seeds
 *   (the pass's quick screen);
 * - "fails": a target missed by the point estimate, or its 95% interval wholly on the
 *   wrong side, over `replications` seeds (the full rule);
 * - "undecided": every point estimate on the right side but an interval still
 *   straddling its limit at `replications`, the most allowed (maxReplications): not
 *   shown to meet, so not taken;
 * - "not-tried": the removal pass did not try it: the plan itself was not shown to meet
 *   the targets, or the search stopped first (`reason`: the plan's `stoppedBecause`).
 */
export interface RemovalVerdict {
  outcome: "screen" | "fails" | "undecided" | "not-tried";
  replications?: number;
  reason?: StoppedBecause;
}

/**
 * A scenario warning (scenarioWarnings in src/sim/model/warnings.ts) of the planned
 * scenario: `source` "scenario" for the scenario as given only (typically about the
 * roster the plan replaces), "plan" for the scenario with the plan applied only
 * (`applyPlan`), "both" for one they share.
 */
export interface PlanWarning {
  path: string;
  en: string;
  zh: string;
  source: "scenario" | "plan" | "both";
}

export type StoppedBecause =
  /** Targets met, and the removal pass is done. */
  | "targets-met"
  /** `maxEvaluations` candidate evaluations used. */
  | "max-evaluations"
  /** `maxRuns` simulated replications used. */
  | "max-runs"
  /** Every move that could help is blocked by a constraint. */
  | "constraints"
  /** Moves are allowed but none lowers the risk (the targets are out of reach of staffing: couriers, horizon...). */
  | "no-improving-move"
  /** Stopped by the caller (Ctrl-C / AbortSignal): the best plan found so far. */
  | "interrupted";

export interface PlanStep {
  /** Evaluations done when this step was taken. */
  evaluation: number;
  phase: "guess" | "add" | "remove";
  action: string;
  move?: Move;
  cost: number;
  /** Sum of target shortfalls (0 = every point estimate on the good side). */
  shortfall: number;
  status: TargetStatus;
  replications: number;
}

/** A sentence for the report, in both languages. */
export interface Note {
  code: string;
  en: string;
  zh: string;
}

export interface PlanSettings {
  /** Replications per candidate in the search (first batch). */
  replications: number;
  /** Most replications of one plan when its CI straddles a target. */
  maxReplications: number;
  /** Most candidate evaluations (a batch of replications of one plan = one evaluation). */
  maxEvaluations: number;
  /** Most simulated replications in all. */
  maxRuns: number;
  /** Candidates simulated per add step (the most promising by bottleneck pressure). */
  candidates: number;
  /** Utilisation the analytic guess aims at, 0..1. */
  utilization: number;
  /** Base seed: replication r of every candidate runs with replicationSeed(seed, r). */
  seed: number;
  marginal: boolean;
  marginalReplications: number;
  stress: boolean;
  /** Forecast multiplier of the stress test (DOMAIN: 2x the forecast). */
  stressFactor: number;
}

export interface PlanConstraintsResolved {
  maxHeadcount?: number;
  maxPermanent?: number;
  budget?: number;
  allowTemps: boolean;
  /**
   * Fewest people at a station on a shift where it is staffed at all (permanent and
   * temps together): 0 or at least this many. Absent or 1: no rule.
   */
  minCrew?: number;
  /** Fixed variables as "station.shift.type" or "printers" -> value. */
  fixed: Record<string, number>;
  /** Station id -> most people on duty at once (the scenario's maxStaff). */
  maxStaff: Record<string, number>;
}

export interface PlanResult {
  schemaVersion: 1;
  /** Scenario name (its English name when it has two). */
  scenario: string;
  /** The scenario's Chinese name, when it has one. */
  scenarioZh?: string;
  targets: Target[];
  /**
   * Where `targets` come from: the request ("options"), the scenario's `targets`, or the
   * defaults ("default": neither names any; see defaultTargets). Absent in plans stored before.
   */
  targetsSource?: TargetsSource;
  constraints: PlanConstraintsResolved;
  settings: PlanSettings;
  /** Shift ids in scenario order, station ids in route order (for tables). */
  shifts: string[];
  stations: string[];
  /**
   * Shifts the planner was asked to try beside the scenario's own (`tryShifts`), each with
   * the people the plan puts on it (0: left out). Their ids are among `shifts`, and the
   * plan's roster and temps name them: `plannedScenario` adds those staffed to the scenario.
   */
  tryShifts?: TriedShift[];
  /** The recommendation. `meets` false when no plan met every target (see `notes`). */
  plan: PlanVariables;
  evaluation: PlanEvaluation;
  meets: boolean;
  stoppedBecause: StoppedBecause;
  /** The scenario's own staffing, evaluated with the same seeds. */
  baseline: PlanEvaluation;
  /** The analytic first guess (not simulated on its own unless the search started there). */
  guess: { plan: PlanVariables; cost: PlanCost; notes: Note[] };
  bottleneck?: BottleneckInfo;
  marginal: MarginalEffect[];
  /** The plan at `stressFactor` x the forecast. */
  stress?: { forecastFactor: number; checks: TargetCheck[]; meets: boolean; replications: number; stations: Record<string, StationLoad>; shippedWithin: PlanEvaluation["shippedWithin"] };
  steps: PlanStep[];
  notes: Note[];
  /**
   * What the model runs as written but does nothing, or not what the file seems to say,
   * in the scenario planned and in the scenario with the plan applied, without repeats.
   */
  warnings: PlanWarning[];
  /**
   * The search's evaluations and runs (never more than `settings.maxEvaluations` and
   * `settings.maxRuns`); `after`: those of the marginal effects and the stress test,
   * which run outside the bounds once the search is over.
   */
  work: { evaluations: number; runs: number; after?: { evaluations: number; runs: number } };
}

/** Progress reported between evaluations. */
export interface PlanProgress {
  phase: "baseline" | "guess" | "add" | "remove" | "confirm" | "marginal" | "stress" | "done";
  /** Evaluations and runs of the search so far (what maxEvaluations and maxRuns bound). */
  evaluations: number;
  runs: number;
  /** Cost of the best plan that meets every target so far (undefined until one does). */
  bestCost?: number;
  /** What is happening, in English with ids ("trying pack / day +1 permanent"). */
  message: string;
  /** The same in Chinese, stations and shifts by their names (尝试 打包 / 白班 +1 正式工). */
  zh?: string;
}
