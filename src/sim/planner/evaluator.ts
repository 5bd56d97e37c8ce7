/**
 * Evaluating plans by simulation with common random numbers (CRN).
 *
 * Replication r of every plan runs with `replicationSeed(baseSeed, r)`, so two
 * plans are compared on the same orders, service draws and absences: differences
 * between neighbours show with few replications. Each run is reduced at once to a
 * small digest (target samples, station loads, bottleneck pressure), so thousands
 * of runs fit in memory; digests are cached by plan and replication index, and a
 * replication is never simulated twice for the same plan.
 */
import { replicationSeed } from "../engine/random.js";
import type { RunResult } from "../model/result.js";
import type { Scenario, Target } from "../model/schema.js";
import { shiftAvailability, stationLoads } from "./guess.js";
import { decideTarget, limitOf, sampleTarget, shortfall, targetKey, targetLabel, type TargetDecision, type TargetSample } from "./targets.js";
import { shareEstimate } from "../experiment/estimate.js";
import type { PlanEvaluation, PlanVariables, ShareFigure, StationLoad, TargetCheck } from "./types.js";
import { applyPlan, planCost, planKey } from "./variables.js";

/** Runs the scenario once per seed, results in seed order. Injected: in-process, or a worker pool. */
export type Evaluate = (scenario: Scenario, seeds: number[]) => Promise<RunResult[]>;

export interface RunDigest {
  samples: TargetSample[];
  labour: number;
  printers: number;
  /** Per station (route order). */
  util: Float64Array;
  /** The same over the peak day only (NaN: nobody on duty that day, or a run stored without it). */
  peakUtil: Float64Array;
  wait: Float64Array;
  queue: Float64Array;
  /** Bottleneck pressure per station x shift (index s * K + k): queue-hours while busy, in the targets' window. */
  pressure: Float64Array;
  /** Peak-day shares shipped within 12 h and 24 h (NaN: no peak-day orders), shown whatever the targets. */
  h12: number;
  h24: number;
}

export class StopSearch extends Error {
  constructor(readonly reason: "max-evaluations" | "max-runs" | "interrupted") {
    super(reason);
  }
}

export interface EvaluatorOptions {
  scenario: Scenario;
  targets: readonly Target[];
  evaluate: Evaluate;
  baseSeed: number;
  maxEvaluations: number;
  maxRuns: number;
  signal?: AbortSignal;
  /** Hours from the start that matter to the targets (pressure is counted there). */
  relevantHours: number;
  onEvaluated?: () => void;
}

interface Entry {
  plan: PlanVariables;
  scenario: Scenario;
  digests: Map<number, RunDigest>;
}

export class Evaluator {
  readonly o: EvaluatorOptions;
  /** Evaluations and runs of the search: never more than maxEvaluations / maxRuns. */
  evaluations = 0;
  runs = 0;
  /** Evaluations and runs outside the search's bounds (marginal effects, stress test), counted apart. */
  extraEvaluations = 0;
  extraRuns = 0;
  #unbounded = false;
  /**
   * Evaluations and runs started but not finished. Candidates are simulated
   * concurrently: each must find room for itself counting the others in flight,
   * or a batch started one short of the limit would end three over it.
   */
  #pendingEvaluations = 0;
  #pendingRuns = 0;
  #cache = new Map<string, Entry>();
  #avail: Float64Array[];
  /** Mean service time per visit at trained speed (s), and servers per on-duty person (printer slots). */
  #service: Float64Array;
  #slots: Float64Array;
  #K: number;
  #S: number;
  /** Flex rules by receiving station: the source station's index and the most people moved. */
  #flexInto: { from: number; most: number }[][];

  constructor(o: EvaluatorOptions) {
    this.o = o;
    this.#K = o.scenario.staff.shifts.length;
    this.#S = o.scenario.stations.length;
    this.#avail = shiftAvailability(o.scenario, Math.max(1, Math.min(Math.ceil(o.scenario.horizon / 3600), o.relevantHours)));
    this.#service = Float64Array.from(stationLoads(o.scenario, 0), (l) => Math.max(l.serviceSec, 1e-6));
    this.#slots = Float64Array.from(o.scenario.stations, (st) => (st.needs.includes("printers") ? o.scenario.printers.perOperator : 1));
    const at = (id: string) => o.scenario.stations.findIndex((x) => x.id === id);
    this.#flexInto = o.scenario.stations.map((st) =>
      o.scenario.staff.flex.filter((f) => f.to === st.id && f.maxPeople > 0 && !st.needs.includes("printers") && at(f.from) >= 0).map((f) => ({ from: at(f.from), most: f.maxPeople })),
    );
  }

  /** Runs `fn` without counting against maxEvaluations / maxRuns (post-search analyses). */
  async unbounded<T>(fn: () => Promise<T>): Promise<T> {
    this.#unbounded = true;
    try {
      return await fn();
    } finally {
      this.#unbounded = false;
    }
  }

  entry(plan: PlanVariables, variant = "", scenario?: Scenario): Entry {
    const key = variant + planKey(plan);
    let e = this.#cache.get(key);
    if (!e) {
      e = { plan, scenario: scenario ?? applyPlan(this.o.scenario, plan), digests: new Map() };
      this.#cache.set(key, e);
    }
    return e;
  }

  /** Replication indices of `indices` not simulated yet for this entry. */
  missing(e: Entry, indices: readonly number[]): number[] {
    return indices.filter((r) => !e.digests.has(r));
  }

  /** The bound that `runs` more runs in one more evaluation would break (counting those in flight), if any. */
  #overBound(runs: number): "max-evaluations" | "max-runs" | undefined {
    if (this.#unbounded) return undefined;
    if (this.evaluations + this.#pendingEvaluations >= this.o.maxEvaluations) return "max-evaluations";
    if (this.runs + this.#pendingRuns + runs > this.o.maxRuns) return "max-runs";
    return undefined;
  }

  /**
   * How many of `entries`, in order, can be simulated on `indices` within the bounds
   * (entries with nothing missing cost nothing), and the bound that cuts the rest.
   * The search cuts a batch of candidates to this before starting it.
   */
  fitting(entries: readonly Entry[], indices: readonly number[]): { count: number; stop?: "max-evaluations" | "max-runs" } {
    if (this.#unbounded) return { count: entries.length };
    let evals = this.evaluations + this.#pendingEvaluations;
    let runs = this.runs + this.#pendingRuns;
    for (let i = 0; i < entries.length; i++) {
      const m = this.missing(entries[i], indices).length;
      if (m === 0) continue;
      if (evals >= this.o.maxEvaluations) return { count: i, stop: "max-evaluations" };
      if (runs + m > this.o.maxRuns) return { count: i, stop: "max-runs" };
      evals++;
      runs += m;
    }
    return { count: entries.length };
  }

  /** Ensures digests for the given replication indices; throws StopSearch when a bound or the signal stops it. */
  async ensure(e: Entry, indices: readonly number[]): Promise<void> {
    const missing = this.missing(e, indices);
    if (missing.length === 0) return;
    if (this.o.signal?.aborted) throw new StopSearch("interrupted");
    const over = this.#overBound(missing.length);
    if (over) throw new StopSearch(over);
    const bounded = !this.#unbounded;
    // Reserved before the await: concurrent calls see this one's share of the bounds.
    if (bounded) {
      this.#pendingEvaluations++;
      this.#pendingRuns += missing.length;
    }
    const seeds = missing.map((r) => replicationSeed(this.o.baseSeed, r));
    let results: RunResult[];
    try {
      results = await this.o.evaluate(e.scenario, seeds);
    } catch (err) {
      if (this.o.signal?.aborted) throw new StopSearch("interrupted");
      throw err;
    } finally {
      if (bounded) {
        this.#pendingEvaluations--;
        this.#pendingRuns -= missing.length;
      }
    }
    if (results.length !== seeds.length) throw new Error(`evaluate returned ${results.length} runs for ${seeds.length} seeds`);
    results.forEach((run, i) => e.digests.set(missing[i], this.digest(run)));
    if (bounded) {
      this.evaluations++;
      this.runs += missing.length;
      this.o.onEvaluated?.();
    } else {
      this.extraEvaluations++;
      this.extraRuns += missing.length;
    }
    if (this.o.signal?.aborted) throw new StopSearch("interrupted");
  }

  /** Digests at indices 0..n-1 (which must be present). */
  prefix(e: Entry, n: number): RunDigest[] {
    const out: RunDigest[] = [];
    for (let r = 0; r < n; r++) {
      const d = e.digests.get(r);
      if (!d) break;
      out.push(d);
    }
    return out;
  }

  /** Replications 0..n-1 all present. */
  have(e: Entry): number {
    let n = 0;
    while (e.digests.has(n)) n++;
    return n;
  }

  at(e: Entry, indices: readonly number[]): RunDigest[] {
    return indices.map((r) => e.digests.get(r)!).filter((d) => d !== undefined);
  }

  /**
   * Bottleneck pressure, hour by hour: the orders still waiting for a station
   * (queued there or upstream of it) are held back by the slowest station among
   * those that still have work ahead, where "slowest" is on-duty servers x 3600 /
   * mean service time (orders per hour; 0 when nobody is on duty). That station gets
   * the waiting orders as pressure, credited to the shifts on duty in that hour.
   * A backlog sitting at the first station because the pack team downstream is slow
   * is thus pack's pressure, not print's; an absent lone weigher makes weigh's.
   */
  digest(run: RunResult): RunDigest {
    const s = this.o.scenario;
    const S = this.#S;
    const K = this.#K;
    const util = new Float64Array(S);
    const peakUtil = new Float64Array(S).fill(Number.NaN);
    const wait = new Float64Array(S);
    const queue = new Float64Array(S);
    const pressure = new Float64Array(S * K);
    const H = this.#avail[0]?.length ?? 0;
    const series = s.stations.map((st) => run.hourly.stations[st.id]);
    s.stations.forEach((st, i) => {
      const r = run.stations[st.id];
      if (r) {
        // Never on duty / no order started: no figure (NaN, left out of the means).
        util[i] = r.utilization ?? Number.NaN;
        peakUtil[i] = r.peakDayUtilization ?? Number.NaN;
        wait[i] = r.meanWaitMin ?? Number.NaN;
        queue[i] = r.meanQueue;
      }
    });
    const n = Math.min(H, run.hourly.startSec.length);
    for (let t = 0; t < n; t++) {
      let upstream = 0;
      let best = -1;
      let bestRate = Infinity;
      let bestWork = 0;
      for (let i = 0; i < S; i++) {
        const h = series[i];
        if (!h) continue;
        upstream += h.queue[t] ?? 0;
        if (upstream <= 0) continue;
        const st = s.stations[i];
        const people = h.staff[t] ?? 0;
        const servers = people * this.#slots[i];
        let svc = this.#service[i];
        if (st.kind === "pick" && st.perLineSec && !st.zones) {
          const crowd = servers / st.aisles - st.pickersPerAisle;
          if (crowd > 0) svc *= 1 + st.congestion * crowd;
        }
        let rate = (servers * 3600) / svc;
        // Flex helpers (weighers at pack) as lineBalance counts them: at most `maxPeople` more,
        // and no more than the two teams pooled over both stations' work.
        for (const f of this.#flexInto[i]) {
          const from = series[f.from]?.staff[t] ?? 0;
          if (!(from > 0)) continue;
          const most = ((servers + f.most) * 3600) / svc;
          const pooled = ((servers + from) * 3600) / (svc + this.#service[f.from]);
          rate = Math.max(rate, Math.min(most, pooled));
        }
        if (rate < bestRate) {
          bestRate = rate;
          best = i;
          bestWork = upstream;
        }
      }
      if (best < 0) continue;
      for (let k = 0; k < K; k++) pressure[best * K + k] += this.#avail[k][t] * bestWork;
    }
    return {
      samples: this.o.targets.map((t) => sampleTarget(t, run)),
      labour: run.labour.cost,
      printers: run.labour.printerCost,
      util,
      peakUtil,
      wait,
      queue,
      pressure,
      h12: run.shippedWithin.h12 ?? Number.NaN,
      h24: run.shippedWithin.h24 ?? Number.NaN,
    };
  }
}

export function decideAll(targets: readonly Target[], digests: readonly RunDigest[], nMax: number): TargetDecision[] {
  return targets.map((t, i) =>
    decideTarget(
      t,
      digests.map((d) => d.samples[i]),
      nMax,
    ),
  );
}

/** Sum of target shortfalls (0 when every point estimate is on the good side). */
export function totalShortfall(targets: readonly Target[], decisions: readonly TargetDecision[]): number {
  let x = 0;
  targets.forEach((t, i) => (x += shortfall(t, decisions[i])));
  return x;
}

export function overallStatus(decisions: readonly TargetDecision[]): "meets" | "fails" | "undecided" {
  if (decisions.some((d) => d.status === "fails")) return "fails";
  if (decisions.every((d) => d.status === "meets")) return "meets";
  return "undecided";
}

export function toChecks(targets: readonly Target[], decisions: readonly TargetDecision[], s?: Scenario): TargetCheck[] {
  return targets.map((t, i) => {
    const d = decisions[i];
    const { limit, le, unit } = limitOf(t);
    return { target: t, key: targetKey(t), label: targetLabel(t, s), unit, limit, sense: le ? "<=" : ">=", status: d.status, estimate: d.estimate, low: d.low, high: d.high, replications: d.n, missedRuns: d.missedRuns };
  });
}

/** The JSON-able evaluation of a plan over its digests. */
export function toEvaluation(s: Scenario, targets: readonly Target[], plan: PlanVariables, digests: readonly RunDigest[], nMax: number): PlanEvaluation {
  const decisions = decideAll(targets, digests, nMax);
  const n = digests.length;
  const mean = (f: (d: RunDigest) => number) => (n ? digests.reduce((x, d) => x + f(d), 0) / n : Number.NaN);
  // Over the replications that have the figure (someone on duty; some order started
  // service there); null when none has.
  const meanOver = (f: (d: RunDigest) => number): number | null => {
    const have = digests.map(f).filter((x) => !Number.isNaN(x));
    return have.length ? have.reduce((a, b) => a + b, 0) / have.length : null;
  };
  const stations: Record<string, StationLoad> = {};
  s.stations.forEach((st, i) => {
    // A station never on duty in any run ranks as idle (0): nobody there was busy.
    stations[st.id] = { utilization: meanOver((d) => d.util[i]) ?? 0, peakDayUtilization: meanOver((d) => d.peakUtil[i]), meanWaitMin: meanOver((d) => d.wait[i]), meanQueue: mean((d) => d.queue[i]) };
  });
  const labour = mean((d) => d.labour);
  const printers = mean((d) => d.printers);
  // The peak-day shares, with or without a target on them (a manager reads both).
  const share = (f: (d: RunDigest) => number): ShareFigure | null => {
    const have = digests.map(f).filter((x) => !Number.isNaN(x));
    if (!have.length) return null;
    const e = shareEstimate(have);
    return { mean: e.mean, low: e.low!, high: e.high!, min: e.min, n: e.n };
  };
  return {
    plan,
    cost: planCost(s, plan),
    checks: toChecks(targets, decisions, s),
    meets: overallStatus(decisions) === "meets",
    replications: n,
    simulatedCost: { labour, printers, total: labour + printers },
    stations,
    shippedWithin: { h12: share((d) => d.h12), h24: share((d) => d.h24) },
  };
}
