/**
 * The planner as the API runs it: `plan(scenario, options, hooks)` from
 * src/sim/planner, simulating candidates on the app's shared worker threads
 * (never on the server's own thread), so the server keeps answering while a plan
 * computes.
 */
import { createSeedRunner, type WorkerPool } from "../sim/experiment/pool.js";
import { plan } from "../sim/planner/index.js";
import type { Engine } from "./jobs.js";

export function defaultPlanner(pool: () => WorkerPool): Pick<Engine, "plan" | "planEvaluator"> {
  return {
    plan,
    planEvaluator: (workers, signal) => {
      const runner = createSeedRunner(workers ?? 2, { mainThread: false, pool: pool() });
      return { workers: runner.workers, evaluate: (scenario, seeds) => runner.evaluate(scenario, seeds, signal), close: () => runner.close() };
    },
  };
}
