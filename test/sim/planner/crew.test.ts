import { describe, expect, it } from "vitest";
import { Scenario } from "../../../src/sim/model/schema.js";
import { analyticGuess } from "../../../src/sim/planner/guess.js";
import { plan, validatePlanRequest } from "../../../src/sim/planner/index.js";
import type { PlanConstraintsResolved, PlanVariables } from "../../../src/sim/planner/types.js";
import { applyMove, crewOf, fillCrews, moveBlockedBy, moveLabel, planOf, resolveFixed, shortCrew, staffMove, violated } from "../../../src/sim/planner/variables.js";
import { renderPlanText } from "../../../src/sim/report/plan.js";
import { evaluateInProcess, mmcScenario } from "./fixtures.js";

/** The crew rule (`minCrew`, `--min-crew`): a station staffed on a shift has 0 or at least minCrew people there. */

const twoShifts = () =>
  Scenario.parse({
    staff: {
      shifts: [
        { id: "day", start: "08:00", end: "20:00" },
        { id: "night", start: "20:00", end: "08:00" },
      ],
      roster: { pack: { day: 4, night: 2 }, pick: { day: 3, night: 1 }, qc: { day: 1 } },
      temps: { qc: { day: 1 } },
    },
  });

const limits = (s: Scenario, minCrew: number, extra: Partial<PlanConstraintsResolved> = {}): PlanConstraintsResolved => ({
  allowTemps: true,
  fixed: {},
  maxStaff: Object.fromEntries(s.stations.map((x) => [x.id, x.maxStaff])),
  minCrew,
  ...extra,
});

describe("crew rule: moves and constraints", () => {
  it("opens a station with a whole crew and closes it with the whole crew; one fewer from a mixed crew is blocked", () => {
    const s = twoShifts();
    const c = limits(s, 2);
    const p = planOf(s);
    // pick / night has 1 person: below the rule, so the scenario's own plan breaks it.
    expect(shortCrew(s, c, p)).toEqual({ station: "pick", shift: "night", crew: 1 });
    expect(violated(s, c, p)).toBe("minCrew");
    expect(violated(s, limits(s, 1), p)).toBeUndefined();
    const q: PlanVariables = { ...p, roster: { ...p.roster, pick: { day: 3, night: 2 } } };
    expect(violated(s, c, q)).toBeUndefined();

    // Nobody at weigh / night: one more means a whole crew.
    const open = staffMove(c, q, "weigh", "night", "permanent", 1);
    expect(open).toEqual({ kind: "staff", station: "weigh", shift: "night", type: "permanent", delta: 2, crew: true });
    expect(moveLabel(open)).toBe("weigh / night +2 permanent (a whole crew: the station opens on this shift)");
    expect(crewOf(applyMove(q, open), "weigh", "night")).toBe(2);
    expect(moveBlockedBy(s, c, q, open)).toBeUndefined();
    // A crew of 3 loses one at a time.
    expect(staffMove(c, q, "pick", "day", "permanent", -1)).toEqual({ kind: "staff", station: "pick", shift: "day", type: "permanent", delta: -1 });
    // A crew of 2, both permanent: one fewer takes both (the station closes on that shift), and it is allowed.
    const close = staffMove(c, q, "pick", "night", "permanent", -1);
    expect(close).toMatchObject({ delta: -2, crew: true });
    expect(moveBlockedBy(s, c, q, close)).toBeUndefined();
    expect(crewOf(applyMove(q, close), "pick", "night")).toBe(0);
    // qc / day: 1 permanent + 1 temp. Removing either leaves one person: blocked by the rule.
    const mixed = staffMove(c, q, "qc", "day", "temp", -1);
    expect(mixed.delta).toBe(-1);
    expect(moveBlockedBy(s, c, q, mixed)).toBe("minCrew");
    // A hand-made move below the rule is blocked too; without the rule it is not.
    const plusOne = { kind: "staff", station: "weigh", shift: "night", type: "permanent", delta: 1 } as const;
    expect(moveBlockedBy(s, c, q, plusOne)).toBe("minCrew");
    expect(moveBlockedBy(s, limits(s, 1), q, plusOne)).toBeUndefined();
    expect(staffMove(limits(s, 1), q, "weigh", "night", "permanent", 1)).toEqual(plusOne);
  });

  it("fillCrews makes up short crews with permanent people, or temps when permanent ones are fixed or capped", () => {
    const s = twoShifts();
    const p = planOf(s);
    const filled = fillCrews(s, limits(s, 3), p);
    expect(filled.roster.pick).toEqual({ day: 3, night: 3 });
    expect(filled.roster.pack).toEqual({ day: 4, night: 3 });
    expect(filled.roster.qc).toEqual({ day: 2, night: 0 });
    expect(shortCrew(s, limits(s, 3), filled)).toBeUndefined();
    // pick / night's permanent count fixed at 1: temps make up the crew.
    const fixedPerm = fillCrews(s, limits(s, 3, { fixed: { "pick.night.permanent": 1 } }), p);
    expect(fixedPerm.roster.pick.night).toBe(1);
    expect(fixedPerm.temps.pick.night).toBe(2);
    // The permanent limit reached (4 + 2 + 3 + 1 + 1 = 11 permanent): temps only.
    const capped = fillCrews(s, limits(s, 2, { maxPermanent: 11 }), p);
    expect(capped.roster.pick.night).toBe(1);
    expect(capped.temps.pick.night).toBe(1);
  });

  it("the analytic guess keeps the rule", () => {
    const s = twoShifts();
    for (const minCrew of [2, 3]) {
      const g = analyticGuess(s, { targets: [{ kind: "shipped-within", hours: 24, minShare: 0.95 }], constraints: limits(s, minCrew), utilization: 0.85 });
      expect(shortCrew(s, { minCrew }, g.plan)).toBeUndefined();
      expect(violated(s, limits(s, minCrew), g.plan)).toBeUndefined();
    }
    // A desk one person carries (25% busy): the guess makes up the crew rather than closing the desk.
    const desk = mmcScenario(1, 15, 1);
    const target = [{ kind: "mean-wait", station: "desk", maxMin: 1 }] as const;
    expect(analyticGuess(desk, { targets: [...target], constraints: limits(desk, 1), utilization: 0.85 }).plan.roster.desk.all).toBe(1);
    expect(analyticGuess(desk, { targets: [...target], constraints: limits(desk, 2), utilization: 0.85 }).plan.roster.desk.all).toBe(2);
  });

  it("refuses fixed counts that leave a short crew nobody can join, and a rule larger than a station's places", () => {
    const s = twoShifts();
    // pick.night fixed at 1 permanent: temps can join it, unless temps are not allowed.
    expect(resolveFixed(s, ["pick.night=1"], { minCrew: 2 }).ok).toBe(true);
    const noTemps = resolveFixed(s, ["pick.night=1"], { minCrew: 2, allowTemps: false });
    expect(!noTemps.ok && noTemps.errors).toEqual([
      expect.objectContaining({ path: "fixed[0]", message: expect.stringMatching(/^leaves 1 person at pick \/ night with no one free to join them, fewer than minCrew \(2\)/) }),
    ]);
    // Both types fixed ("pick.night" at the scenario's 1 + 0): nobody can join either; the CLI names its flag.
    const both = resolveFixed(s, ["pick.night"], { minCrew: 2, style: "cli" });
    expect(!both.ok && both.errors[0].message).toMatch(/fewer than --min-crew \(2\).*or lower --min-crew$/);
    // Printers fixed below a print crew (the default scenario: 1 printer per operator).
    const def = Scenario.parse({});
    const printers = resolveFixed(def, ["printers=1"], { minCrew: 2 });
    expect(!printers.ok && printers.errors).toEqual([
      expect.objectContaining({ path: "fixed[0]", message: "fixes 1 printer, work for 1 print operator at once (1 per operator), fewer than a crew of minCrew (2); fix at least 2 printers or lower minCrew" }),
    ]);
    expect(resolveFixed(def, ["printers=2"], { minCrew: 2 }).ok).toBe(true);
    // With the print people fixed too, the plan keeps both as given (one of them covers breaks).
    expect(resolveFixed(def, ["printers=1", "print.day=2"], { minCrew: 2 }).ok).toBe(true);
    // 0 is always allowed: the station is closed on that shift.
    expect(resolveFixed(s, ["pick.night=0"], { minCrew: 2, allowTemps: false }).ok).toBe(true);

    const desk = mmcScenario(1, 15, 1);
    const tooBig = validatePlanRequest({ ...desk, stations: [{ ...desk.stations[0], maxStaff: 2 }] }, { targets: ["wait:desk<=1min"], minCrew: 3 });
    expect(!tooBig.ok && tooBig.issues).toEqual([
      {
        path: "minCrew",
        message: "minCrew (3) is more than desk (maxStaff 2) has room for, so no crew fits there; minCrew must be from 1 to 2, or raise maxStaff in the scenario",
        // The page's Chinese names the page's field.
        zh: "“每工位每班至少（人）”（minCrew）为 3，超过了 desk（maxStaff 2）能容纳的人数，排不下一整组；须在 1 到 2 之间，或在场景中调高 maxStaff",
      },
    ]);
    const notWhole = validatePlanRequest(desk, { targets: ["wait:desk<=1min"], minCrew: 1.5 });
    expect(!notWhole.ok && notWhole.issues[0]).toEqual({ path: "minCrew", message: "minCrew must be a whole number", zh: "1.5 不是整数；允许 1 至 50 的整数" });
  });
});

describe("crew rule: the search", () => {
  // One desk, 1 order a minute, 15 s each (25% busy): one person meets a 1-minute mean wait
  // (M/M/1: 0.08 min), so without the rule the plan is a lone person, whose absence empties the
  // desk. Absence is rare here (0.1%: none on these seeds), so the targets do not see the risk.
  const desk = () => {
    const s = mmcScenario(1, 15, 1);
    return { ...s, staff: { ...s.staff, absenceRate: 0.001 } };
  };
  const options = { targets: ["wait:desk<=1min"], marginal: true, marginalReplications: 4, stress: false, replications: 4, maxReplications: 30 };

  it("without the rule plans one person and says how to plan a crew; with minCrew 2 plans two and never fewer", async () => {
    const lone = await plan(desk(), options, { evaluate: evaluateInProcess });
    expect(lone.plan.roster.desk.all).toBe(1);
    expect(lone.warnings).toContainEqual(expect.objectContaining({ path: "staff.roster.desk.all", source: "both", en: expect.stringMatching(/^one person works at desk/) }));
    // The station and shift by name in each language (an unnamed shift quoted), not as a field path.
    expect(lone.notes).toContainEqual(
      expect.objectContaining({
        code: "lone-crew",
        en: expect.stringMatching(/^The plan has one person alone at desk \/ all shift: .* “Crew per station and shift at least” set to 2 \(minCrew: 2\)\.$/),
        zh: expect.stringMatching(/^方案中 desk \/ all 班 只有 1 人.*把“每工位每班至少（人）”设为 2（minCrew: 2）后重新规划。$/),
      }),
    );
    // Asked from the command line, the note names the flag.
    const cli = await plan(desk(), options, { evaluate: evaluateInProcess, wording: "cli" });
    expect(cli.notes.find((n) => n.code === "lone-crew")).toMatchObject({ en: expect.stringMatching(/plan again with --min-crew 2\.$/), zh: expect.stringMatching(/请加 --min-crew 2 重新规划。$/) });

    const crew = await plan(desk(), { ...options, minCrew: 2 }, { evaluate: evaluateInProcess });
    expect(crew.meets).toBe(true);
    expect(crew.constraints.minCrew).toBe(2);
    expect(crew.plan.roster.desk.all + crew.plan.temps.desk.all).toBe(2);
    expect(crew.warnings.filter((w) => w.source !== "scenario" && w.en.startsWith("one person"))).toEqual([]);
    expect(crew.notes.map((n) => n.code)).not.toContain("lone-crew");
    // The one-fewer row takes the whole crew (the station would close): simulated, and it fails the target.
    const fewer = crew.marginal.find((m) => m.move.kind === "staff" && m.move.delta < 0 && m.move.type === "permanent");
    expect(fewer?.move).toMatchObject({ delta: -2, crew: true });
    expect(fewer?.label).toBe("desk / all -2 permanent (the whole crew: the station closes on this shift)");
    expect(fewer?.meetsPoint).toBe(false);
    // The report says which rule shaped the plan (and has no constraints line when none did).
    expect(renderPlanText(crew, "en")).toContain("\nConstraints: crews of at least 2 per station and shift.\n");
    expect(renderPlanText(crew, "zh")).toContain("\n约束：每工位每班至少 2 人。\n");
    expect(renderPlanText(lone, "en")).not.toContain("Constraints:");
    // No plan the search simulated ever had a crew of one.
    for (const step of crew.steps) if (step.move?.kind === "staff") expect(Math.abs(step.move.delta) === 1 || step.move.crew).toBe(true);
  });
});

describe("bottleneck on a shift nobody works", () => {
  it("says nobody works there and that the stations after it are empty on that shift too", async () => {
    // 2 orders a minute around the clock; a day shift only (08:00-20:00, fixed: 3 pickers and 6
    // packers, each about 45% busy on duty) clears each night's orders by mid-morning, so 24 h is met without a night
    // crew, and orders queue at pick all night.
    const s = Scenario.parse({
      name: "night bottleneck",
      seed: 3,
      horizon: "3d",
      demand: { baselinePerDay: 2880, surge: 1, presaleOrders: 0, daysAfter: [], profile: "flat", linesPerOrder: 1, bestSellers: { prepackedShare: 0, lineShare: 0, prepackedStock: 0 } },
      stations: [
        { id: "pick", kind: "pick", serviceSec: { dist: "lognormal", mean: 20, cv: 0.5 }, maxStaff: 20 },
        { id: "pack", kind: "pack", serviceSec: { dist: "lognormal", mean: 40, cv: 0.5 }, maxStaff: 20 },
      ],
      staff: {
        shifts: [
          { id: "day", start: "08:00", end: "20:00" },
          { id: "night", start: "20:00", end: "08:00" },
        ],
        absenceRate: 0,
        roster: { pick: { day: 3 }, pack: { day: 6 } },
      },
      printers: { count: 0, spares: 0, mtbf: 0, costPerDay: 0 },
      couriers: [{ id: "c", share: 1, pickups: ["06:00", "12:00", "18:00", "23:30"] }],
    });
    const r = await plan(s, { targets: ["within24h>=90%"], start: "scenario", fixed: ["pick.day", "pack.day"], marginal: false, stress: false, replications: 4, maxReplications: 20 }, { evaluate: evaluateInProcess });
    expect(r.meets).toBe(true);
    expect(r.plan.roster.pick.night + r.plan.roster.pack.night).toBe(0);
    expect(r.bottleneck).toMatchObject({ station: "pick", shift: "night" });
    expect(r.bottleneck?.en).toMatch(/^Pick \/ night shift holds the line back: nobody works at Pick on that shift, so the orders reaching it then wait for the next shift \(mean queue [\d.]+ orders\)\. People there would help only with people at Pack on that shift too \(nobody there either\)\.$/);
    expect(r.bottleneck?.zh).toMatch(/^拣货 \/ 夜班：该班次拣货无人上岗.*只有打包在该班次也有人时/);
  });
});
