/**
 * Planner benchmarks: the whole `plan` (guess, search, marginal effects, 2x check)
 * on a scenario file with a worker pool of 2 threads (this machine has 2 cores),
 * as `peakline plan` runs it. Figures: wallMs, replications (runs simulated),
 * evaluations, meets (1/0).
 *
 * - planner.default: scenarios/default.yaml with the two headline targets
 *   "late:d11-ship<=5%" and "within24h>=95%" and default settings (target: < 60 s).
 * - planner.large: scenarios/large-seller.yaml (~200,000 orders on the peak day,
 *   1.5-3 s per run) with "within24h>=95%", 4 replications per candidate and a bound
 *   of 60 runs (+4 for the 2x check): the cost of one bounded planning session at
 *   that size (about 1 minute on an idle 2-core machine; 9 minutes with 120 runs
 *   on a machine loaded 5x).
 */
import { readFileSync } from "node:fs";
import { createPlanEvaluator } from "../src/cli/plan.js";
import { parseScenarioText } from "../src/sim/model/load.js";
import type { Target } from "../src/sim/model/schema.js";
import { plan, type PlannerOptionsInput } from "../src/sim/planner/index.js";
import type { Figures } from "./benchmarks.js";

export async function benchPlanner(file: string, targets: Target[], options: PlannerOptionsInput = {}, workers = 2): Promise<Figures> {
  const parsed = parseScenarioText(readFileSync(new URL(`../${file}`, import.meta.url), "utf8"), { format: "yaml" });
  if (!parsed.ok) throw new Error(`${file}: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`);
  const evaluator = createPlanEvaluator(workers);
  try {
    const t0 = performance.now();
    const r = await plan(parsed.scenario, { ...options, targets }, { evaluate: evaluator.evaluate });
    const wallMs = performance.now() - t0;
    return { wallMs, replications: r.work.runs, evaluations: r.work.evaluations, meets: r.meets ? 1 : 0, planCost: r.evaluation.cost.total };
  } finally {
    await evaluator.close();
  }
}

export const plannerBenchmarks = {
  "planner.default": {
    about: 'plan scenarios/default.yaml for "late:d11-ship<=5%" + "within24h>=95%", default settings, 2 worker threads',
    run: () =>
      benchPlanner("scenarios/default.yaml", [
        { kind: "late-probability", rule: "d11-ship", maxProbability: 0.05 },
        { kind: "shipped-within", hours: 24, minShare: 0.95 },
      ]),
  },
  "planner.large": {
    about: 'plan scenarios/large-seller.yaml for "within24h>=95%", 4 replications per candidate, at most 60 runs in the search, 2 worker threads',
    run: () =>
      benchPlanner("scenarios/large-seller.yaml", [{ kind: "shipped-within", hours: 24, minShare: 0.95 }], {
        replications: 4,
        maxReplications: 12,
        maxRuns: 60,
        marginalReplications: 4,
        marginal: false,
      }),
  },
};
