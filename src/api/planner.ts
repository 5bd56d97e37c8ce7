/**
 * The planner as the API runs it: `plan(scenario, options, hooks)` from
 * src/sim/planner, simulating candidates on worker threads through the planner
 * helper's evaluator (one pool per plan job, closed when the job ends), so the
 * server keeps answering while a plan computes.
 */
import { createPlanEvaluator } from "../cli/plan.js";
import { plan } from "../sim/planner/index.js";
import type { Engine } from "./jobs.js";

export function defaultPlanner(): Pick<Engine, "plan" | "planEvaluator"> {
  // At least two threads: with one, createPlanEvaluator simulates on the event loop.
  return { plan, planEvaluator: (workers, signal) => createPlanEvaluator(Math.max(2, workers ?? 2), signal) };
}
