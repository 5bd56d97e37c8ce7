import { describe, expect, it } from "vitest";
import { replicationSeed } from "../../../src/sim/engine/random.js";
import { estimate, wilson } from "../../../src/sim/experiment/estimate.js";
import { createSeedRunner, createWorkerPool, lanesWorthStarting, MIN_REPLICATIONS_TO_STOP, nextReplications, resolveWorkers, runExperiment, runExperiments, stopDecision } from "../../../src/sim/experiment/pool.js";
import { figureEstimate } from "../../../src/sim/experiment/replicate.js";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { scenario } from "./fixtures.js";

const s = scenario();
/** Runs without the machine-dependent wall time. */
const stripRuns = (runs: { perf: { events: number; wallMs: number } }[]) => runs.map((r) => ({ ...r, perf: { events: r.perf.events, wallMs: 0 } }));

describe("runExperiment", () => {
  it("gives identical results with 1 and 2 workers (in-process, pool, pool + main thread)", async () => {
    const progress: [number, number][] = [];
    const one = await runExperiment(s, { replications: 6, seed: 9, workers: 1 });
    const two = await runExperiment(s, { replications: 6, seed: 9, workers: 2, onProgress: (d, n) => progress.push([d, n]) });
    const mixed = await runExperiment(s, { replications: 6, seed: 9, workers: 2, mainThread: true });
    expect(one.perf?.workers).toBe(1);
    expect(two.perf?.workers).toBe(2);
    expect(mixed.perf?.workers).toBe(2);
    expect(two.summary).toEqual(one.summary);
    expect(mixed.summary).toEqual(one.summary);
    expect(stripRuns(two.runs)).toEqual(stripRuns(one.runs));
    expect(stripRuns(mixed.runs)).toEqual(stripRuns(one.runs));
    expect(two.seeds).toEqual([0, 1, 2, 3, 4, 5].map((r) => replicationSeed(9, r)));
    expect(two.runs.map((r) => r.seed)).toEqual(two.seeds);
    expect(progress.map((p) => p[0])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.every((p) => p[1] === 6)).toBe(true);
    expect(two.stoppedBecause).toBe("replications");
  });

  it("cancels: an aborted signal rejects with an AbortError", async () => {
    const ac = new AbortController();
    const p = runExperiment(s, { replications: 50, workers: 2, mainThread: true, signal: ac.signal, onProgress: (d) => d === 1 && ac.abort() });
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    const ac2 = new AbortController();
    const q = runExperiment(s, { replications: 50, workers: 1, signal: ac2.signal, onProgress: (d) => d === 2 && ac2.abort() });
    await expect(q).rejects.toMatchObject({ name: "AbortError" });
  });

  it("runs on a lent pool (a server's): same results, a cancel stops only its own tasks, the pool stays open", async () => {
    const pool = createWorkerPool(2);
    try {
      const one = await runExperiment(s, { replications: 6, seed: 9, workers: 1 });
      const lent = await runExperiment(s, { replications: 6, seed: 9, pool, mainThread: false });
      expect(lent.perf?.workers).toBe(2);
      expect(lent.summary).toEqual(one.summary);
      expect(stripRuns(lent.runs)).toEqual(stripRuns(one.runs));
      // Two experiments at once on the same threads; one is cancelled, the other completes.
      const ac = new AbortController();
      const cancelled = runExperiment(s, { replications: 40, seed: 3, pool, mainThread: false, signal: ac.signal, onProgress: (d) => d === 1 && ac.abort() });
      const other = runExperiment(s, { replications: 6, seed: 9, pool, mainThread: false });
      await expect(cancelled).rejects.toMatchObject({ name: "AbortError" });
      expect((await other).summary).toEqual(one.summary);
      // Still open after the cancel and after the planner-style runner closes.
      const seeds = createSeedRunner(2, { pool, mainThread: false });
      const byPool = await seeds.evaluate(s, [one.seeds[0]]);
      await seeds.close();
      expect(stripRuns(byPool)).toEqual(stripRuns(one.runs.slice(0, 1)));
      expect(stripRuns((await runExperiment(s, { replications: 2, seed: 9, pool, mainThread: false })).runs)).toEqual(stripRuns(one.runs.slice(0, 2)));
    } finally {
      await pool.close();
    }
    await expect(pool.run({ scenario: s, seed: 1 }, new AbortController().signal)).rejects.toThrow(/closed/);
  });

  it("starts no threads for a short job when the thread count is left to it (this thread alone is faster)", async () => {
    const file = (name: string) => scenario(parse(readFileSync(new URL(`../../../scenarios/${name}`, import.meta.url), "utf8")));
    const small = file("default.yaml"); // ~11,000 orders
    const large = file("large-seller.yaml"); // ~365,000 orders
    expect(lanesWorthStarting(2, 20, [small])).toBe(1);
    expect(lanesWorthStarting(2, 100, [small])).toBe(2);
    expect(lanesWorthStarting(2, 2, [large])).toBe(2);
    expect(lanesWorthStarting(2, 20, [small, small, small, small])).toBe(2);
    const auto = await runExperiment(s, { replications: 4, seed: 9, mainThread: true });
    const one = await runExperiment(s, { replications: 4, seed: 9, workers: 1 });
    expect(auto.perf?.workers).toBe(1);
    expect(stripRuns(auto.runs)).toEqual(stripRuns(one.runs));
    // Asked for explicitly, threads are started however short the job.
    expect((await runExperiment(s, { replications: 4, seed: 9, workers: 2, mainThread: true })).perf?.workers).toBe(2);
  });

  it("checks its options", async () => {
    await expect(runExperiment(s, { replications: 0 })).rejects.toThrow(/replications must be a whole number >= 1/);
    await expect(runExperiment(s, { replications: 2, target: { figure: "nope", halfWidth: 1, relative: false } })).rejects.toThrow(/unknown figure "nope"/);
    expect(resolveWorkers(8, 3)).toBe(3);
    expect(resolveWorkers(undefined, 1)).toBe(1);
  });
});

describe("target half-width", () => {
  it("stops at once when a first batch of 20 meets the target", async () => {
    const e = await runExperiment(s, { replications: 20, workers: 1, target: { figure: "orders.arrived", halfWidth: 1e9, relative: false }, maxReplications: 40 });
    expect(e.stoppedBecause).toBe("target-met");
    expect(e.runs.length).toBe(20);
    expect(e.target?.achievedHalfWidth).toBeLessThanOrEqual(1e9);
  });

  it("trusts a half-width stop from 20 replications on: a target met after 4 goes on to 20", async () => {
    expect(MIN_REPLICATIONS_TO_STOP).toBe(20);
    const e = await runExperiment(s, { replications: 4, workers: 1, target: { figure: "orders.arrived", halfWidth: 1e9, relative: false }, maxReplications: 40 });
    expect(e.stoppedBecause).toBe("target-met");
    expect(e.runs.length).toBe(20);
    // A maximum below 20 stops there, not as met.
    const few = await runExperiment(s, { replications: 4, workers: 1, target: { figure: "orders.arrived", halfWidth: 1e9, relative: false }, maxReplications: 9 });
    expect(few.stoppedBecause).toBe("max-replications");
    expect(few.runs.length).toBe(9);
  });

  it("the stop rule: met only with 20 replications or more whose values differ", () => {
    const est = (values: number[]) => estimate(values);
    const spread = est([0.99, 1, 1, 0.98, 1, 1, 1, 1, 1, 1]);
    // Ten replications within the goal: go on to 20, not stop.
    expect(stopDecision(10, spread, 0.05, 200)).toEqual({ next: 20 });
    const twenty = est([...Array(19).fill(1), 0.99]);
    expect(stopDecision(20, twenty, 0.05, 200)).toEqual({ stop: "target-met" });
    // Every replication the same (100% shipped in all 20, half-width 0): never met; doubles, up to the maximum.
    const same = est(Array(20).fill(1));
    expect(same.halfWidth).toBe(0);
    expect(stopDecision(20, same, 0.05, 200)).toEqual({ next: 40 });
    expect(stopDecision(20, same, 0.05, 30)).toEqual({ next: 30 });
    expect(stopDecision(30, est(Array(30).fill(1)), 0.05, 30)).toEqual({ stop: "max-replications" });
    // No observation at all: more cannot help.
    expect(stopDecision(5, null, 0.05, 200)).toEqual({ stop: "no-observation" });
    // A 0/1 indicator all 0 (nothing late in 20): its Wilson half-width is 0.16, not 0, and all equal: go on.
    const none = figureEstimate("deadlines.d11-ship.anyLate", Array(20).fill(0));
    expect(none.halfWidth).toBeCloseTo(wilson(0, 20).high, 12);
    expect(stopDecision(20, none, 0.5, 200)).toEqual({ next: 40 });
  });

  it("stops when the figure has no observation in the first batch (a rule that judged no order): more cannot narrow it", async () => {
    // The 48 h rule judges no order when every order is paid in the Double 11 window.
    const e = await runExperiment(s, { replications: 3, workers: 1, target: { figure: "deadlines.ship-48h.anyLate", halfWidth: 0.01, relative: true }, maxReplications: 60 });
    expect(e.summary.figures["deadlines.ship-48h.orders"]!.max).toBe(0);
    expect(e.stoppedBecause).toBe("no-observation");
    expect(e.runs.length).toBe(3);
    expect(e.summary.figures["deadlines.ship-48h.anyLate"]).toBeNull();
  });

  it("adds replications until the relative half-width is met, or stops at the maximum", async () => {
    const met = await runExperiment(s, { replications: 4, workers: 1, target: { figure: "orders.arrived", halfWidth: 0.05, relative: true }, maxReplications: 60 });
    expect(met.stoppedBecause).toBe("target-met");
    expect(met.target!.achievedHalfWidth).toBeLessThanOrEqual(0.05 * met.target!.mean);
    expect(met.summary.figures["orders.arrived"]!.halfWidth).toBe(met.target!.achievedHalfWidth);
    const capped = await runExperiment(s, { replications: 4, workers: 1, target: { figure: "orders.arrived", halfWidth: 0.0001, relative: true }, maxReplications: 9 });
    expect(capped.stoppedBecause).toBe("max-replications");
    expect(capped.runs.length).toBe(9);
    expect(capped.target!.achievedHalfWidth).toBeGreaterThan(0.0001 * capped.target!.mean);
    // The added batches continue the seed sequence: the first 4 runs are those of a plain 4-replication run.
    const plain = await runExperiment(s, { replications: 4, workers: 1 });
    expect(stripRuns(capped.runs.slice(0, 4))).toEqual(stripRuns(plain.runs));
  });

  it("grows the count by what the variance says is needed, at least one more, at most double", () => {
    expect(nextReplications(10, 2, 1, 1000)).toBe(20); // needs 40: capped at double
    expect(nextReplications(10, 1.1, 1, 1000)).toBe(13); // ceil(10 * 1.21)
    expect(nextReplications(10, 1.01, 1, 1000)).toBe(11);
    expect(nextReplications(10, 5, 1, 15)).toBe(15);
    expect(nextReplications(2, Infinity, 1, 100)).toBe(4);
    expect(nextReplications(5, 1, 0, 100)).toBe(10);
  });
});

describe("runExperiments (compare)", () => {
  it("runs every scenario with the same seeds (common random numbers)", async () => {
    const b = scenario({ name: "more packers", horizon: "3d", demand: { baselinePerDay: 20, surge: 10, daysAfter: [1], presaleOrders: 0 }, staff: { roster: { print: { day: 2 }, pick: { day: 3 }, qc: { day: 2 }, pack: { day: 9 }, weigh: { day: 2 } } } });
    const [ea, eb] = await runExperiments([s, b], { replications: 3, seed: 4, workers: 1 });
    expect(eb.seeds).toEqual(ea.seeds);
    // Same arrivals replication by replication (one random stream per source).
    expect(eb.runs.map((r) => r.orders.arrived)).toEqual(ea.runs.map((r) => r.orders.arrived));
    expect(eb.runs.map((r) => r.hourly.arrivals)).toEqual(ea.runs.map((r) => r.hourly.arrivals));
    expect(eb.summary.figures["stations.pack.staffHours"]!.mean).toBeGreaterThan(ea.summary.figures["stations.pack.staffHours"]!.mean);
  });
});
