import { describe, expect, it } from "vitest";
import { simulate } from "../../../src/sim/model/simulate.js";
import { Scenario } from "../../../src/sim/model/schema.js";
import { plan, validatePlanRequest } from "../../../src/sim/planner/index.js";
import { parseShiftText, plannedScenario, withShifts, worksBetween } from "../../../src/sim/planner/shifts.js";
import { sampleTarget } from "../../../src/sim/planner/targets.js";
import type { Target } from "../../../src/sim/model/schema.js";
import { base, evaluateInProcess } from "./fixtures.js";

const QUICK = { marginal: false, stress: false } as const;

/**
 * One order a minute around the clock through pick (30 s) and pack (60 s), worked by a
 * day shift 10:00-18:00 only (pick 2, pack 3: 240 and 180 orders an hour). Orders paid
 * after 18:00 wait for 10:00 the next day (more than 12 h until 22:00, and those after
 * queue behind them), so at most ~18/24 of the day's orders ship within 12 h whatever
 * the headcounts; within 24 h, all of them do.
 */
function dayOnly(): Scenario {
  return Scenario.parse({
    ...base(1440),
    name: "day shift only",
    seed: 5,
    stations: [
      { id: "pick", kind: "pick", serviceSec: { dist: "lognormal", mean: 30, cv: 0.5 }, maxStaff: 20 },
      { id: "pack", kind: "pack", serviceSec: { dist: "lognormal", mean: 60, cv: 0.5 }, maxStaff: 20 },
    ],
    staff: { shifts: [{ id: "day", start: "10:00", end: "18:00" }], absenceRate: 0, roster: { pick: { day: 2 }, pack: { day: 3 } }, flex: [] },
  });
}

const within12: Target = { kind: "shipped-within", hours: 12, minShare: 0.9 };

describe("shifts the planner may add (tryShifts)", () => {
  it("reads the text form, with and without days", () => {
    expect(parseShiftText("launch=00:00-08:00")).toEqual({ id: "launch", start: "00:00", end: "08:00" });
    expect(parseShiftText("early=4:00-12:00@0, 1")).toEqual({ id: "early", start: "04:00", end: "12:00", days: [0, 1] });
    expect(parseShiftText("launch 00:00-08:00")).toBeUndefined();
  });

  it("tells which hours of the peak day a shift works (a night shift from the evening before too)", () => {
    expect(worksBetween({ start: "00:00", end: "08:00" }, 7, 8)).toBe(true);
    expect(worksBetween({ start: "00:00", end: "08:00" }, 8, 24)).toBe(false);
    expect(worksBetween({ start: "20:00", end: "08:00" }, 2, 3)).toBe(true);
    // Only from day 0 on: the night before the start is not worked.
    expect(worksBetween({ start: "20:00", end: "08:00", days: [0] }, 2, 3)).toBe(false);
    expect(worksBetween({ start: "20:00", end: "08:00", days: [0] }, 21, 22)).toBe(true);
    expect(worksBetween({ start: "10:00", end: "18:00", days: [1] }, 0, 24)).toBe(false);
  });

  it("a tried shift with nobody on it changes no draw of the run (common random numbers)", () => {
    const s = dayOnly();
    const a = simulate(s, { seed: 9 });
    const b = simulate(withShifts(s, [{ id: "night", start: "18:00", end: "06:00", breaks: [] }]), { seed: 9 });
    expect(b.orders).toEqual(a.orders);
    expect(b.timeInSystemMin).toEqual(a.timeInSystemMin);
  });

  it("refuses an id the scenario has, an id tried twice and a text that is not a shift, naming the entry", () => {
    const s = dayOnly();
    const bad = validatePlanRequest(s, { targets: [within12], tryShifts: ["day=20:00-08:00", "n=20:00-08:00", "n=00:00-04:00", "night 20-08"] });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const by = Object.fromEntries(bad.issues.map((i) => [i.path, i.message]));
    // The text that is not a shift is a schema error: it is reported alone, before the ids are compared.
    expect(by["tryShifts.3"]).toMatch(/is not a shift: write id=HH:MM-HH:MM/);
    const ids = validatePlanRequest(s, { targets: [within12], tryShifts: ["day=20:00-08:00", "n=20:00-08:00", "n=00:00-04:00"] });
    expect(ids.ok).toBe(false);
    if (ids.ok) return;
    const m = Object.fromEntries(ids.issues.map((i) => [i.path, i]));
    expect(m["tryShifts[0].id"].message).toMatch(/"day" is already a shift of the scenario/);
    expect(m["tryShifts[0].id"].zh).toMatch(/已是场景中的班次/);
    expect(m["tryShifts[2].id"].message).toMatch(/"n" is tried twice/);
    expect(m["tryShifts[1].id"]).toBeUndefined();
  });

  it("--fix may name a tried shift", () => {
    const v = validatePlanRequest(dayOnly(), { targets: [within12], tryShifts: ["night=20:00-08:00"], fixed: ["pack.night=2"] });
    expect(v.ok).toBe(true);
  });

  it("without a tried shift the 12 h target is out of reach and the note says which shift to try; with it the plan staffs it, meets, and runs as evaluated", async () => {
    const s = dayOnly();
    const without = await plan(s, { ...QUICK, targets: [within12], maxEvaluations: 30 }, { evaluate: evaluateInProcess, wording: "cli" });
    expect(without.meets).toBe(false);
    expect(without.tryShifts).toBeUndefined();
    const idle = without.notes.find((n) => n.code === "idle-hours");
    expect(idle?.en).toMatch(/not working 00:00-10:00 and 18:00-24:00 on the peak day .* Let the planner try one \(--try-shift launch=00:00-10:00@0\)/);

    const r = await plan(s, { ...QUICK, targets: [within12], tryShifts: ["eve=18:00-24:00"] }, { evaluate: evaluateInProcess, wording: "cli" });
    expect(r.meets).toBe(true);
    expect(r.shifts).toEqual(["day", "eve"]);
    const eve = r.tryShifts?.[0];
    expect(eve?.id).toBe("eve");
    expect(eve!.people).toBeGreaterThan(0);
    expect(r.plan.roster.pick.eve + r.plan.temps.pick.eve).toBeGreaterThan(0);
    expect(r.plan.roster.pack.eve + r.plan.temps.pack.eve).toBeGreaterThan(0);
    const note = r.notes.find((n) => n.code === "tried-shifts");
    expect(note?.en).toMatch(/The plan adds the shift eve \(18:00-24:00, \d+ people\): to run the plan, add \{id: eve, start: "18:00", end: "24:00"\}/);

    // The scenario as planned has the night shift with the plan's people, and gives the plan's figures on its seeds.
    const planned = plannedScenario(s, r);
    expect(planned.staff.shifts.map((x) => x.id)).toEqual(["day", "eve"]);
    expect(Scenario.safeParse(planned).success).toBe(true);
    const n = r.evaluation.replications;
    const { replicationSeed } = await import("../../../src/sim/engine/random.js");
    const shares = Array.from({ length: n }, (_, i) => sampleTarget(within12, simulate(planned, { seed: replicationSeed(r.settings.seed, i) })).value);
    expect(shares.reduce((a, b) => a + b, 0) / n).toBeCloseTo(r.evaluation.checks[0].estimate, 10);
  });

  it("when no tried shift works in the idle hours, the note says so and names one that would", async () => {
    const r = await plan(dayOnly(), { ...QUICK, targets: [within12], tryShifts: ["mid=11:00-15:00"], maxEvaluations: 30 }, { evaluate: evaluateInProcess, wording: "cli" });
    const idle = r.notes.find((n) => n.code === "idle-hours");
    expect(idle?.en).toMatch(/None of the shifts tried \(mid 11:00-15:00\) works in those hours; to try one that does: --try-shift launch=00:00-10:00@0\.$/);
    expect(idle?.zh).toMatch(/试加的班次（mid 11:00-15:00）都不在这些时段上班/);
  });

  it("a tried shift the plan does not need is left out and said so", async () => {
    const s = dayOnly();
    // A 24 h share, met by the scenario's own staffing: starting there, the search only removes.
    const r = await plan(s, { ...QUICK, start: "scenario", targets: [{ kind: "shipped-within", hours: 24, minShare: 0.9 }], tryShifts: ["late=14:00-22:00"] }, { evaluate: evaluateInProcess });
    expect(r.meets).toBe(true);
    expect(r.tryShifts).toEqual([{ id: "late", start: "14:00", end: "22:00", breaks: [], people: 0 }]);
    expect(r.notes.find((n) => n.code === "tried-shifts")?.en).toMatch(/^Tried and left out: late \(14:00-22:00\)/);
    expect(plannedScenario(s, r).staff.shifts.map((x) => x.id)).toEqual(["day"]);
  });

  it("refuses a tried shift that works on no demand day (the planner could not cost it)", () => {
    const v = validatePlanRequest(dayOnly(), { targets: [within12], tryShifts: ["after=10:00-18:00@1"] });
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.issues[0].path).toBe("tryShifts[0].days");
    expect(v.issues[0].message).toMatch(/works on none of the demand days \(day 0\)/);
  });
});
