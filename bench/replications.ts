/**
 * Replication benchmarks: a whole experiment (R replications + summary), wall time
 * from the call to the summary, thread start-up included (what a user waits for):
 * - w1: one thread (in-process, no pool);
 * - w2: two lanes as the CLI runs them (this thread + one pool thread, `mainThread`);
 * - pool2: two pool threads, this thread idle (how a server runs them).
 * - replications.default100: scenarios/default.yaml, 100 replications (target: < 10 s with 2 workers);
 * - replications.large20: scenarios/large-seller.yaml, 20 replications.
 * Figures: w1.wallMs, w2.wallMs, pool2.wallMs, speedup (= w1 / w2), and a check
 * that all three gave the same summary (sameSummary = 1).
 */
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import type { Benchmark, Figures } from "./benchmarks.js";

async function replicationBench(file: string, replications: number): Promise<Figures> {
  const { runExperiment } = await import("../src/sim/experiment/pool.js");
  const { parseScenarioText } = await import("../src/sim/model/load.js");
  const parsed = parseScenarioText(readFileSync(new URL(`../scenarios/${file}`, import.meta.url), "utf8"));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.errors)}`);
  const s = parsed.scenario;
  const t1 = performance.now();
  const one = await runExperiment(s, { replications, workers: 1 });
  const w1 = performance.now() - t1;
  const t2 = performance.now();
  const two = await runExperiment(s, { replications, workers: 2, mainThread: true });
  const w2 = performance.now() - t2;
  const t3 = performance.now();
  const pool = await runExperiment(s, { replications, workers: 2 });
  const p2 = performance.now() - t3;
  const same = isDeepStrictEqual(one.summary, two.summary) && isDeepStrictEqual(one.summary, pool.summary);
  if (!same) throw new Error(`${file}: 1 and 2 workers gave different summaries`);
  return { "w1.wallMs": w1, "w2.wallMs": w2, "pool2.wallMs": p2, speedup: w1 / w2, sameSummary: same ? 1 : 0, replications };
}

export const replicationBenchmarks: Record<string, Benchmark> = {
  "replications.default100": {
    about: "scenarios/default.yaml, 100 replications + summary: 1 thread vs main + 1 pool thread vs 2 pool threads (start-up included)",
    run: () => replicationBench("default.yaml", 100),
  },
  "replications.large20": {
    about: "scenarios/large-seller.yaml, 20 replications + summary: 1 thread vs main + 1 pool thread vs 2 pool threads",
    run: () => replicationBench("large-seller.yaml", 20),
  },
};
