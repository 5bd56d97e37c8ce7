import { describe, expect, it } from "vitest";
import { minServersForWq, mmcWq } from "../../../src/sim/engine/queueing.js";
import { replicationSeed } from "../../../src/sim/engine/random.js";
import { simulate } from "../../../src/sim/model/simulate.js";
import { applyPlan, MIN_MEETS_T, plan, PlanInputError, validatePlanRequest, type PlanProgress } from "../../../src/sim/planner/index.js";
import { Scenario } from "../../../src/sim/model/schema.js";
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
    // A share shown to meet on 20 replications at least (MIN_MEETS_T), not on the 10 it starts with.
    expect(r.evaluation.checks[0].status).toBe("meets");
    expect(r.evaluation.checks[0].replications).toBeGreaterThanOrEqual(MIN_MEETS_T);
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

describe("plan: a mean-wait target is not met by leaving the station unserved", () => {
  it("with nobody at the station (fixed at 0, no temps) the target fails: no wait recorded is not a short wait", async () => {
    const s = mmcScenario(4, 60, 0);
    const r = await plan(s, { ...QUICK, targets: ["wait:desk<=0.3min"], fixed: ["desk.all=0"], allowTemps: false }, { evaluate: evaluateInProcess });
    expect(r.plan.roster.desk.all + r.plan.temps.desk.all).toBe(0);
    expect(r.meets).toBe(false);
    expect(r.evaluation.checks[0].status).toBe("fails");
    // The wait shown is the lower bound over every order that reached the desk (hours), not 0.
    expect(r.evaluation.checks[0].estimate).toBeGreaterThan(60);
    const note = r.notes.find((n) => n.code === "wait-unserved");
    expect(note?.en).toMatch(/in \d+ of \d+ runs orders had not started service at desk/);
    expect(note?.zh).toContain("次在结束时仍有订单未在desk开始处理");
  });

  it("the removal pass keeps people before and at the station (it used to remove the whole line)", async () => {
    const s = lineScenario(3);
    const r = await plan(s, { ...QUICK, targets: ["wait:pack<=5min"], start: "scenario" }, { evaluate: evaluateInProcess });
    expect(r.meets).toBe(true);
    expect(r.plan.roster.pick.all + r.plan.temps.pick.all).toBeGreaterThanOrEqual(1);
    expect(r.plan.roster.pack.all + r.plan.temps.pack.all).toBeGreaterThanOrEqual(2);
    // Re-simulated: pack serves every order that reaches it, within the limit.
    const run = simulate(applyPlan(s, r.plan), { seed: replicationSeed(777, 0) });
    expect(run.stations.pack.served).toBeGreaterThan(4000);
    expect(run.stations.pick.inStationAtEnd + run.stations.pack.inStationAtEnd).toBe(0);
    expect(run.stations.pack.meanWaitMin).toBeLessThanOrEqual(5);
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

  it("never does more evaluations or runs than the bounds, cutting a batch of candidates started near them", async () => {
    // Three candidates per add step (pick, pack, weigh) simulated at once: limits that fall
    // inside a batch used to end one or two over (3 -> 4, 5 -> 7, 6 -> 7).
    const s = lineScenario(1);
    for (const seed of [1, 2, 3]) {
      for (const maxEvaluations of [3, 5, 6]) {
        const r = await plan(s, { ...QUICK, targets: ["within12h>=95%"], start: "scenario", maxEvaluations, seed }, { evaluate: evaluateInProcess });
        expect(r.stoppedBecause, `seed ${seed}, max ${maxEvaluations}`).toBe("max-evaluations");
        expect(r.work.evaluations, `seed ${seed}, max ${maxEvaluations}`).toBe(maxEvaluations);
        expect(r.steps.every((x) => x.evaluation <= maxEvaluations)).toBe(true);
      }
      // The same for runs: 10 per evaluation, so 45 ends inside the second batch.
      const r = await plan(s, { ...QUICK, targets: ["within12h>=95%"], start: "scenario", maxRuns: 45, seed }, { evaluate: evaluateInProcess });
      expect(r.stoppedBecause).toBe("max-runs");
      expect(r.work.runs).toBeLessThanOrEqual(45);
    }
  });

  it("counts the checks after the search apart from its bounded work", async () => {
    const s = lineScenario(1);
    const r = await plan(s, { targets: ["within12h>=95%"], start: "scenario", maxEvaluations: 3, marginalReplications: 2 }, { evaluate: evaluateInProcess });
    expect(r.work.evaluations).toBe(3);
    // The +1/-1 moves (those not simulated by the search already) and the 2x-forecast check, outside the bound.
    expect(r.work.after?.evaluations).toBeGreaterThanOrEqual(2);
    expect(r.work.after?.runs).toBeGreaterThanOrEqual(2 * r.work.after!.evaluations);
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
    // An empty list given is "no target"; none given (and none in the scenario) is the defaults (targets.test.ts).
    await expect(plan(s, { targets: [] }, { evaluate })).rejects.toThrow(/no target/);
    expect(calls).toBe(0);
  });

  it("refuses a late target whose rule's deadline is after the end of the horizon, before simulating", async () => {
    let calls = 0;
    const evaluate: typeof evaluateInProcess = async (sc, seeds) => {
      calls++;
      return evaluateInProcess(sc, seeds);
    };
    // The default scenario's d11-ship rule: shipped by 20 Nov 24:00; a 1-day horizon ends on 12 Nov 00:00.
    const s = Scenario.parse({ horizon: "1d", targets: [{ kind: "late-probability", rule: "d11-ship", maxProbability: 0.05 }] });
    const err = (await plan(s, QUICK, { evaluate }).catch((e: unknown) => e)) as PlanInputError;
    expect(err).toBeInstanceOf(PlanInputError);
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0].path).toBe("targets[0]");
    expect(err.issues[0].message).toContain('rule "Double 11: shipped by 20 Nov 24:00" (d11-ship)');
    expect(err.issues[0].message).toContain("2026-11-20 24:00 (Asia/Shanghai)");
    expect(err.issues[0].message).toContain("the horizon 1d (2026-11-12 00:00)");
    expect(err.issues[0].message).toContain("Lengthen the scenario's horizon to at least 10d");
    expect(err.issues[0].zh).toContain("请把场景的 horizon 延长到至少 10d");
    expect(calls).toBe(0);
    // 10 days reach the deadline.
    expect(validatePlanRequest({ ...s, horizon: 10 * 86_400 }, QUICK).ok).toBe(true);
  });

  it("for a rule within N hours of payment, the deadline of the last demand day's payments counts", () => {
    const s = Scenario.parse({ horizon: "3d", demand: { daysAfter: [1] }, deadlines: [{ id: "w48", milestone: "shipped", within: "48h" }] });
    const v = validatePlanRequest(s, { targets: ["late:w48<=5%"] });
    expect(v.ok).toBe(false);
    // Payments until the end of 12 Nov (2 demand days) + 48 h = 15 Nov 00:00: 4 days.
    expect(!v.ok && v.issues[0].message).toMatch(/is 2026-11-15 00:00 \(Asia\/Shanghai: 48 h after .* 2026-11-13 00:00\).*at least 4d/);
    expect(validatePlanRequest({ ...s, horizon: 4 * 86_400 }, { targets: ["late:w48<=5%"] }).ok).toBe(true);
    // A window-less rule that judges no order (every payment falls in a windowed rule) is no obstacle.
    const d11 = Scenario.parse({ horizon: "10d" });
    expect(validatePlanRequest(d11, { targets: ["late:ship-48h<=5%", "late:d11-ship<=5%"] }).ok).toBe(true);
  });

  it("the 2x-forecast check adds replications until it can decide: 0 late runs of 73 pass P(late) <= 5%, of 20 they cannot", async () => {
    // One desk at 1 order a minute, 60 s each: the 10-day horizon leaves days of slack before 20 Nov at twice the load too.
    const s = Scenario.parse({ ...mmcScenario(1, 60, 4), horizon: "10d" });
    const r = await plan(s, { targets: [{ kind: "late-probability", rule: "d11-ship", maxProbability: 0.05 }], start: "scenario", marginalReplications: 4, maxReplications: 100 }, { evaluate: evaluateInProcess });
    expect(r.stress?.checks[0]).toMatchObject({ status: "meets", estimate: 0, replications: 73, missedRuns: 0 });
    expect(r.stress?.meets).toBe(true);
    expect(r.stress?.replications).toBe(73);
    // Counted with the checks after the search, not against its bounds.
    expect(r.work.after?.runs).toBeGreaterThanOrEqual(73);
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
    // The peak-day shares come with every plan, with no target on them (the target here is a wait).
    const sw = r.evaluation.shippedWithin;
    expect(sw.h12?.n).toBe(r.evaluation.replications);
    expect(sw.h24?.n).toBe(r.evaluation.replications);
    expect(sw.h12!.low).toBeLessThanOrEqual(sw.h12!.mean);
    expect(sw.h12!.min).toBeLessThanOrEqual(sw.h12!.mean);
    expect(sw.h24!.mean).toBeGreaterThanOrEqual(sw.h12!.mean);
    expect(r.stress?.shippedWithin.h12?.mean).toBeLessThanOrEqual(sw.h12!.mean);
    // Replications over the wait limit, each counted: no more than were run, and at 2x all of them.
    expect(r.evaluation.checks[0].missedRuns).toBeLessThanOrEqual(r.evaluation.replications);
    expect(r.stress?.checks[0].missedRuns).toBe(r.stress?.replications);
  });
});
