/**
 * Replication helpers for validation against queueing theory.
 */
import { replicationSeed } from "../../src/sim/engine/random.js";
import { runTandem, type TandemOptions, type TandemSummary } from "../../src/sim/engine/tandem.js";
import { estimate, type Estimate } from "../../src/sim/experiment/estimate.js";

/** R independent replications of a tandem run (seeds replicationSeed(base, r)). */
export function replicateTandem(base: number, R: number, opts: Omit<TandemOptions, "seed">): TandemSummary[] {
  return Array.from({ length: R }, (_, r) => runTandem({ ...opts, seed: replicationSeed(base, r) }).summary);
}

/**
 * The 95% t interval of the replication means, widened by `biasAllowance` x |theory|.
 * Returns a readable record so a failing expect shows every number.
 */
export function ciCheck(values: number[], theory: number, biasAllowance: number) {
  const e: Estimate = estimate(values);
  const tolerance = e.halfWidth + biasAllowance * Math.abs(theory);
  return {
    theory,
    mean: e.mean,
    halfWidth: e.halfWidth,
    tolerance,
    inside: Math.abs(e.mean - theory) <= tolerance,
  };
}
