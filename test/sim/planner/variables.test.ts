import { describe, expect, it } from "vitest";
import { Scenario } from "../../../src/sim/model/schema.js";
import { applyMove, applyPlan, moveBlockedBy, overlappingShifts, peakOnDuty, planCost, planOf, resolveFixed, violated } from "../../../src/sim/planner/variables.js";
import type { PlanConstraintsResolved } from "../../../src/sim/planner/types.js";

const twoShifts = () =>
  Scenario.parse({
    staff: {
      shifts: [
        { id: "day", start: "08:00", end: "20:00" },
        { id: "night", start: "20:00", end: "08:00" },
        { id: "mid", start: "12:00", end: "22:00" },
      ],
      roster: { pack: { day: 4, night: 2, mid: 1 }, pick: { day: 3 } },
      temps: { pack: { day: 2 } },
    },
  });

const noLimits = (s: Scenario): PlanConstraintsResolved => ({ allowTemps: true, fixed: {}, maxStaff: Object.fromEntries(s.stations.map((x) => [x.id, x.maxStaff])) });

describe("plan variables", () => {
  it("planOf fills every station x shift; applyPlan writes roster, temps and printers back", () => {
    const s = twoShifts();
    const p = planOf(s);
    expect(p.roster.qc).toEqual({ day: 0, night: 0, mid: 0 });
    expect(p.temps.pack.day).toBe(2);
    p.roster.qc.night = 3;
    p.temps.pick.mid = 1;
    p.printers = 5;
    const t = applyPlan(s, p);
    expect(t.staff.roster?.qc.night).toBe(3);
    expect(t.staff.temps.pick.mid).toBe(1);
    expect(t.printers.count).toBe(5);
    expect(t.seed).toBe(s.seed);
    expect(Scenario.safeParse(t).success).toBe(true);
    expect(planOf(t)).toEqual(p);
    // The input scenario is untouched.
    expect(s.staff.roster?.qc).toBeUndefined();
  });

  it("costs each person's paid shift hours (overtime after 8 h at 1.5x) every demand day, and printers with spares", () => {
    const s = Scenario.parse({ staff: { roster: { pack: { day: 2 } }, temps: { pack: { day: 1 } } }, printers: { count: 3, spares: 1, costPerDay: 20 } });
    const c = planCost(s, planOf(s));
    const days = 1 + s.demand.daysAfter.length;
    const paid = 8 + 4 * 1.5; // a 12-hour day shift
    expect(c.days).toBe(days);
    expect(c.labour).toBeCloseTo((2 * 25 + 30) * paid * days);
    expect(c.printers).toBe(4 * 20 * days);
    expect(c).toMatchObject({ headcount: 3, permanent: 2, temps: 1 });
  });

  it("maxStaff counts the people of overlapping shifts together", () => {
    const s = twoShifts();
    expect(overlappingShifts(s)).toEqual({ day: ["day", "mid"], night: ["night", "mid"], mid: ["day", "night", "mid"] });
    // 12:00-20:00: day 4 + 2 temps + mid 1 = 7.
    expect(peakOnDuty(s, planOf(s), "pack")).toBe(7);
    const c = { ...noLimits(s), maxStaff: { ...noLimits(s).maxStaff, pack: 7 } };
    expect(violated(s, c, planOf(s))).toBeUndefined();
    expect(moveBlockedBy(s, c, planOf(s), { kind: "staff", station: "pack", shift: "mid", type: "permanent", delta: 1 })).toBe("maxStaff");
    // Night and day do not overlap: one more at night still fits.
    expect(moveBlockedBy(s, c, planOf(s), { kind: "staff", station: "pack", shift: "night", type: "permanent", delta: 1 })).toBeUndefined();
  });

  it("constraints: headcount, permanent cap, no temps, budget, fixed", () => {
    const s = twoShifts();
    const p = planOf(s);
    const add = { kind: "staff", station: "qc", shift: "day", type: "permanent", delta: 1 } as const;
    const addTemp = { ...add, type: "temp" } as const;
    expect(moveBlockedBy(s, { ...noLimits(s), maxHeadcount: 12 }, p, add)).toBe("maxHeadcount");
    expect(moveBlockedBy(s, { ...noLimits(s), maxHeadcount: 13 }, p, add)).toBeUndefined();
    expect(moveBlockedBy(s, { ...noLimits(s), maxPermanent: 10 }, p, add)).toBe("maxPermanent");
    expect(moveBlockedBy(s, { ...noLimits(s), maxPermanent: 10 }, p, addTemp)).toBeUndefined();
    expect(moveBlockedBy(s, { ...noLimits(s), allowTemps: false, fixed: { "pack.day.temp": 2 } }, p, addTemp)).toBe("noTemps");
    expect(moveBlockedBy(s, { ...noLimits(s), budget: planCost(s, p).total + 1 }, p, add)).toBe("budget");
    expect(moveBlockedBy(s, { ...noLimits(s), fixed: { "qc.day.permanent": 0 } }, p, add)).toBe("fixed");
    expect(moveBlockedBy(s, noLimits(s), p, { ...add, delta: -1 })).toBe("minimum");
    expect(applyMove(p, { kind: "staff", station: "print", shift: "day", type: "permanent", delta: 1, printers: 2 }).printers).toBe(p.printers + 2);
  });

  it("a plan with a fixed variable at another value breaks the constraint (the scenario's own staffing under --fix pack.day=5)", () => {
    const s = twoShifts();
    const p = planOf(s);
    expect(violated(s, { ...noLimits(s), fixed: { "pack.day.permanent": p.roster.pack.day } }, p)).toBeUndefined();
    expect(violated(s, { ...noLimits(s), fixed: { "pack.day.permanent": p.roster.pack.day + 1 } }, p)).toBe("fixed");
    expect(violated(s, { ...noLimits(s), fixed: { printers: p.printers + 1 } }, p)).toBe("fixed");
  });

  it("resolveFixed reads the --fix forms and names bad ones", () => {
    const s = twoShifts();
    const r = resolveFixed(s, ["pack.day=5", "pick.night.temps=2", "pack.mid", "printers=4"]);
    expect(r).toEqual({ ok: true, fixed: { "pack.day.permanent": 5, "pick.night.temp": 2, "pack.mid.permanent": 1, "pack.mid.temp": 0, printers: 4 } });
    const all = resolveFixed(s, ["pick", "printers"]);
    expect(all.ok && Object.keys(all.fixed).length).toBe(7);
    const bad = resolveFixed(s, ["packing.day=1", "pack.evening=1", "pack=3", "pack.day=x"]);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.map((e) => e.path)).toEqual(["fixed[0]", "fixed[1]", "fixed[2]", "fixed[3]"]);
      expect(bad.errors[0].message).toContain('unknown station "packing"');
      expect(bad.errors[1].message).toContain('unknown shift "evening"');
      expect(bad.errors[2].message).toContain("give the shift");
    }
  });
});
