import { describe, expect, it } from "vitest";
import { minServersForWq, mmcWq } from "../../../src/sim/engine/queueing.js";
import { replicationSeed } from "../../../src/sim/engine/random.js";
import { simulate } from "../../../src/sim/model/simulate.js";
import { applyPlan, plan, PlanInputError, type PlanProgress } from "../../../src/sim/planner/index.js";
import { decideTarget, sampleTarget } from "../../../src/sim/planner/targets.js";
import type { Target } from "../../../src/sim/model/schema.js";
import { evaluateInProcess, lineScenario, mmcScenario } from "./fixtures.js";

const QUICK = { marginal: false, stress: false } as const;

describe("plan on a single M/M/c station with a mean-wait target", () => {
  // lambda = 4/min, mean service 1 min (a = 4 Erlangs). Wq(5) = 0.55 min, Wq(6) = 0.14 min:
  // with a 0.3 min limit the Erlang C answer, 6, is clear-cut on both sides.
  const lambda = 4 / 60;
  const mu = 1 / 60;
  const limitMin = 0.3;
  const target: Target = { kind: "mean-wait", station: "desk", maxMin: limitMin };

  it("the formula's answer is clear-cut (test premise)", () => {
    const c = minServersForWq(lambda, mu, limitMin * 60);
    expect(c).toBe(6);
    expect(mmcWq(c - 1, lambda, mu) / 60).toBeGreaterThan(1.5 * limitMin);
    expect(mmcWq(c, lambda, mu) / 60).toBeLessThan(0.6 * limitMin);
  });

  it("returns the Erlang C number of servers, from the analytic guess", async () => {
    const s = mmcScenario(4, 60, 1);
    const r = await plan(s, { ...QUICK, targets: [target] }, { evaluate: evaluateInProcess });
    expect(r.meets).toBe(true);
    expect(r.stoppedBecause).toBe("targets-met");
    expect(r.plan.roster.desk.all).toBe(minServersForWq(lambda, mu, limitMin * 60));
    expect(r.plan.temps.desk.all).toBe(0);
    // The removal pass tried 5 and the simulation rejected it.
    expect(r.guess.plan.roster.desk.all).toBe(6);
  });

  it("reaches the same answer by adding from the scenario's 2 people", async () => {
    const s = mmcScenario(4, 60, 2);
    const r = await plan(s, { ...QUICK, targets: [target], start: "scenario" }, { evaluate: evaluateInProcess });
    expect(r.plan.roster.desk.all).toBe(6);
    expect(r.steps.filter((x) => x.phase === "add").map((x) => x.action)).toEqual(Array(4).fill("desk / all +1 permanent"));
  });

  it("the plan meets its target when re-simulated with fresh seeds", async () => {
    const s = mmcScenario(4, 60, 1);
    const r = await plan(s, { ...QUICK, targets: [target] }, { evaluate: evaluateInProcess });
    const applied = applyPlan(s, r.plan);
    const samples = Array.from({ length: 20 }, (_, i) => sampleTarget(target, simulate(applied, { seed: replicationSeed(987_654, i) })));
    expect(decideTarget(target, samples).status).toBe("meets");
  });
});

describe("plan on a line where only pack is short", () => {
  const target: Target = { kind: "shipped-within", hours: 12, minShare: 0.95 };

  it("adds to pack only, and the result meets the target on fresh seeds", async () => {
    const s = lineScenario(1);
    const r = await plan(s, { ...QUICK, targets: [target], start: "scenario" }, { evaluate: evaluateInProcess });
    expect(r.meets).toBe(true);
    const adds = r.steps.filter((x) => x.phase === "add");
    expect(adds.length).toBeGreaterThanOrEqual(2);
    for (const a of adds) expect(a.move).toMatchObject({ kind: "staff", station: "pack" });
    expect(r.plan.roster.pack.all).toBe(3);
    expect(r.plan.roster.pick.all).toBeLessThanOrEqual(3);
    expect(r.plan.roster.weigh.all).toBeLessThanOrEqual(2);
    const applied = applyPlan(s, r.plan);
    const samples = Array.from({ length: 10 }, (_, i) => sampleTarget(target, simulate(applied, { seed: replicationSeed(4242, i) })));
    expect(decideTarget(target, samples).estimate).toBeGreaterThanOrEqual(0.95);
  });

  it("explains an infeasible maxStaff instead of looping, in bounded work", async () => {
    const s = lineScenario(1, 2);
    const r = await plan(s, { ...QUICK, targets: [target], start: "scenario", maxEvaluations: 40 }, { evaluate: evaluateInProcess });
    expect(r.meets).toBe(false);
    expect(r.stoppedBecause).toBe("constraints");
    expect(r.plan.roster.pack.all).toBe(2);
    expect(r.work.evaluations).toBeLessThanOrEqual(40);
    const note = r.notes.find((n) => n.code === "infeasible-constraints");
    expect(note?.en).toMatch(/maxStaff/);
    expect(note?.en).toMatch(/Peak-day orders shipped within 12 h >= 95%: \d/);
    expect(note?.zh).toContain("打包 /");
    expect(r.bottleneck).toMatchObject({ station: "pack", blockedBy: "maxStaff" });
  });

  it("explains a budget too small for the load", async () => {
    const s = lineScenario(3);
    // 4 people for a day cost 4 x 24 h paid hours; the line needs 1 + 3 + 1 = 5 at least.
    const r = await plan(s, { ...QUICK, targets: [target], budget: 4 * 25 * (8 + 16 * 1.5) + 1 }, { evaluate: evaluateInProcess });
    expect(r.meets).toBe(false);
    expect(r.stoppedBecause).toBe("constraints");
    expect(r.evaluation.cost.total).toBeLessThanOrEqual(4 * 25 * (8 + 16 * 1.5) + 1);
    expect(r.notes.find((n) => n.code === "infeasible-constraints")?.en).toMatch(/budget/);
  });
});

describe("plan: hooks, bounds and input errors", () => {
  const target: Target = { kind: "mean-wait", station: "desk", maxMin: 0.3 };

  it("reports progress and stops cleanly on abort with the best plan so far", async () => {
    const s = mmcScenario(4, 60, 2);
    const ac = new AbortController();
    const seen: PlanProgress[] = [];
    const r = await plan(s, { targets: [target], start: "scenario" }, {
      evaluate: evaluateInProcess,
      signal: ac.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.evaluations >= 3) ac.abort();
      },
    });
    expect(r.stoppedBecause).toBe("interrupted");
    expect(r.work.evaluations).toBeLessThanOrEqual(4);
    expect(r.marginal).toEqual([]);
    expect(r.stress).toBeUndefined();
    expect(seen.map((p) => p.phase)).toContain("add");
    expect(r.plan.roster.desk.all).toBeGreaterThanOrEqual(2);
  });

  it("says which bound stopped the search", async () => {
    const s = mmcScenario(4, 60, 2);
    const r = await plan(s, { ...QUICK, targets: [target], start: "scenario", maxEvaluations: 3 }, { evaluate: evaluateInProcess });
    expect(r.stoppedBecause).toBe("max-evaluations");
    expect(r.work.evaluations).toBe(3);
    expect(r.notes.some((n) => n.code === "work-bound" && n.en.includes("(--max-evaluations 3)") && n.zh.includes("评估 3 次"))).toBe(true);
  });

  it("rejects unknown rules, stations and fixed variables before simulating", async () => {
    const s = mmcScenario(4, 60, 2);
    let calls = 0;
    const evaluate = async () => {
      calls++;
      return [];
    };
    const bad = plan(s, { targets: [{ kind: "late-probability", rule: "nope", maxProbability: 0.05 }, { kind: "mean-wait", station: "desk", maxMin: 1 }], fixed: ["desk.night=2"] }, { evaluate });
    await expect(bad).rejects.toBeInstanceOf(PlanInputError);
    const err = (await bad.catch((e: unknown) => e)) as PlanInputError;
    expect(err.issues.map((i) => i.path)).toEqual(["targets[0]", "fixed[0]"]);
    expect(err.issues[0].message).toContain("nope");
    expect(err.issues[1].message).toContain('unknown shift "night"');
    await expect(plan(s, {}, { evaluate })).rejects.toThrow(/no target/);
    expect(calls).toBe(0);
  });

  it("gives marginal effects and the 2x-forecast check with the same seeds", async () => {
    const s = mmcScenario(4, 60, 6);
    const r = await plan(s, { targets: [target], start: "scenario", marginalReplications: 4, maxReplications: 20 }, { evaluate: evaluateInProcess });
    expect(r.plan.roster.desk.all).toBe(6);
    const plus = r.marginal.find((m) => m.move.kind === "staff" && m.move.delta === 1)!;
    const minus = r.marginal.find((m) => m.move.kind === "staff" && m.move.delta === -1)!;
    expect(plus.deltaCost).toBeGreaterThan(0);
    expect(minus.deltaCost).toBe(-plus.deltaCost);
    // Wq(7) < Wq(6) < Wq(5) on the same seeds.
    expect(plus.effects![0].delta).toBeLessThan(0);
    expect(minus.effects![0].delta).toBeGreaterThan(0.2);
    expect(minus.meetsPoint).toBe(false);
    // At 2x the forecast 8 Erlangs on 6 servers never keep up.
    expect(r.stress?.forecastFactor).toBe(2);
    expect(r.stress?.meets).toBe(false);
    expect(r.stress?.checks[0].estimate).toBeGreaterThan(10);
  });
});
