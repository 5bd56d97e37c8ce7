import { describe, expect, it } from "vitest";
import { Scenario } from "../../../src/sim/model/schema.js";
import { applyMove, applyPlan, minPrinters, moveBlockedBy, overlappingShifts, peakOnDuty, planCost, planOf, resolveFixed, violated } from "../../../src/sim/planner/variables.js";
import type { PlanConstraintsResolved } from "../../../src/sim/planner/types.js";
import { expectFullyChinese } from "../../helpers/chinese.js";

const twoShiftsInput = () => ({
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
const twoShifts = () => Scenario.parse(twoShiftsInput());

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

  it("resolveFixed says every refusal in Chinese too, for the CLI and the API", () => {
    const s = twoShifts();
    const ids = ["print", "pick", "qc", "pack", "weigh", "day", "night", "mid", "packing", "evening"];
    const cases: [string[], object][] = [
      [["packing.day=1", "pack.evening=1", "pack=3", "pack.day=x", "pick.day=99", "printers=0"], {}],
      [["pick.night.temps=3"], { allowTemps: false }],
      [["pick.day=20", "pick.day.temps=15"], {}],
      [["pick.night=1"], { minCrew: 2, allowTemps: false }],
      [["printers=1"], { minCrew: 2 }],
      [["pack.day=8"], { maxHeadcount: 5 }],
      [["pack.day=8"], { maxPermanent: 5 }],
    ];
    let n = 0;
    for (const [specs, limits] of cases) {
      for (const style of ["cli", "api"] as const) {
        const r = resolveFixed(s, specs, { ...limits, style });
        expect(r.ok, specs.join(" ")).toBe(false);
        for (const e of r.ok ? [] : r.errors) {
          expectFullyChinese(e.zh, [...ids, ...specs]);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThanOrEqual(20);
    const bad = resolveFixed(s, ["packing.day=1", "pack.evening=1", "pack=3", "pack.day=x"]);
    expect(!bad.ok && bad.errors.map((e) => e.zh)).toEqual([
      '未知的工位 "packing"；现有工位：print、pick、qc、pack、weigh（或 "printers"）',
      '未知的班次 "evening"；现有班次：day、night、mid',
      '固定人数须写明班次："pack.day=3"',
      '应写成 "station.shift=N"、"station.shift.temps=N"、"station.shift"、"station" 或 "printers=N"，实为 "pack.day=x"',
    ]);
    // The API's Chinese names the JSON field, the CLI's the flag (printed before it).
    const api = resolveFixed(s, ["pack.day=8"], { maxHeadcount: 5 });
    expect(!api.ok && api.errors[0].zh).toBe("maxHeadcount（5）少于固定变量中的 8 名人员：请提高 maxHeadcount 或减少固定人数");
  });

  it("resolveFixed refuses a fixed count above the station's maxStaff, naming the range", () => {
    const s = twoShifts();
    expect(resolveFixed(s, ["pick.day=30", "pick.night.temps=30"]).ok).toBe(true);
    const r = resolveFixed(s, ["pick.day=31"]);
    expect(r).toEqual({ ok: false, errors: [{ path: "fixed[0]", message: "pick has room for 30 people at once (its maxStaff), so a fixed count there must be from 0 to 30, got 31", zh: expect.any(String) }] });
    const temps = resolveFixed(s, ["pick.night.temps=31"]);
    expect(!temps.ok && temps.errors[0].message).toContain("must be from 0 to 30, got 31");
  });

  it("resolveFixed counts fixed people together as maxStaff does: permanent and temps, overlapping shifts, the scenario's own values", () => {
    const s = twoShifts();
    // Day 20 + 10 temps = 30 fits; one more temp does not.
    expect(resolveFixed(s, ["pick.day=20", "pick.day.temps=10"]).ok).toBe(true);
    const both = resolveFixed(s, ["pick.day=20", "pick.day.temps=11"]);
    expect(both.ok).toBe(false);
    if (!both.ok) {
      expect(both.errors).toHaveLength(1);
      expect(both.errors[0].path).toBe("fixed[1]");
      expect(both.errors[0].message).toBe('the fixed counts at pick ("pick.day=20", "pick.day.temps=11") put 31 people on duty at once (permanent and temps, overlapping shifts count together), more than its maxStaff of 30; together they must put from 0 to 30 people on duty at once');
    }
    // Day and mid overlap (12:00-20:00); day and night do not.
    expect(resolveFixed(s, ["pick.day=20", "pick.night=20"]).ok).toBe(true);
    const overlap = resolveFixed(s, ["pick.day=20", "pick.mid=20"], { style: "cli" });
    expect(!overlap.ok && overlap.errors[0].message).toContain('(--fix "pick.day=20", --fix "pick.mid=20") put 40 people on duty at once');
    // "pack" keeps the scenario's values: 4 + 2 temps + 1 on duty at once, refused where maxStaff is 6.
    const six = { ...s, stations: s.stations.map((st) => (st.id === "pack" ? { ...st, maxStaff: 6 } : st)) };
    const kept = resolveFixed(six, ["pack"]);
    expect(!kept.ok && kept.errors[0].message).toContain("put 7 people on duty at once");
  });

  it("resolveFixed keeps one printer at least where a station prints, as the search does", () => {
    const s = twoShifts();
    expect(minPrinters(s)).toBe(1);
    const r = resolveFixed(s, ["printers=0"]);
    expect(r).toEqual({ ok: false, errors: [{ path: "fixed[0]", message: "printers must be from 1 to 1000 (print needs a printer, and the search keeps one at least), got 0", zh: expect.any(String) }] });
    expect(resolveFixed(s, ["printers=1", "printers=1000"]).ok).toBe(true);
    const many = resolveFixed(s, ["printers=1001", "pick.day=2000"]);
    expect(!many.ok && many.errors.map((e) => e.message)).toEqual(["pick has room for 30 people at once (its maxStaff), so a fixed count there must be from 0 to 30, got 2000"]);
    const more = resolveFixed(s, ["printers=1001"]);
    expect(!more.ok && more.errors[0].message).toBe("printers must be from 1 to 1000 (print needs a printer, and the search keeps one at least), got 1001");
    // The scenario's own count, kept by "printers", is held to the same range.
    const none = Scenario.parse({ ...twoShiftsInput(), printers: { count: 0 } });
    const kept = resolveFixed(none, ["printers"]);
    expect(!kept.ok && kept.errors[0].message).toContain("keeps the scenario's 0 printers, but printers must be from 1 to 1000");
    // Without a printing station no printer is needed.
    const desk = Scenario.parse({ stations: [{ id: "desk", kind: "generic", serviceSec: { dist: "exponential", mean: 60 } }], staff: { roster: { desk: { day: 1 } } }, printers: { count: 0 } });
    expect(minPrinters(desk)).toBe(0);
    expect(resolveFixed(desk, ["printers=0"]).ok).toBe(true);
    const deskMore = resolveFixed(desk, ["printers=1001"]);
    expect(!deskMore.ok && deskMore.errors[0].message).toBe("printers must be from 0 to 1000, got 1001");
  });

  it("resolveFixed refuses temps that no-temps forbids, and more fixed people than the headcount limits", () => {
    const s = twoShifts();
    const api = resolveFixed(s, ["pick.day.temps=2"], { allowTemps: false });
    expect(!api.ok && api.errors[0]).toMatchObject({ path: "fixed[0]", message: expect.stringMatching(/^conflicts with allowTemps: false: it fixes 2 temps at pick \/ day/) });
    const cli = resolveFixed(s, ["pick.day.temps=2"], { allowTemps: false, style: "cli" });
    expect(!cli.ok && cli.errors[0].message).toBe("conflicts with --no-temps: it fixes 2 temps at pick / day, where --no-temps allows no temps beyond the scenario's own (0); drop --no-temps or fix at most 0 temps there");
    // Keeping the scenario's own temps (pack / day has 2), or fixing none, is no conflict.
    expect(resolveFixed(s, ["pack.day.temps=2", "pick.day.temps=0", "pack"], { allowTemps: false }).ok).toBe(true);
    expect(resolveFixed(s, ["pick.day.temps=2"], { allowTemps: true }).ok).toBe(true);
    const head = resolveFixed(s, ["pick.day=5", "pick.day.temps=3"], { maxHeadcount: 7, maxPermanent: 4, style: "cli" });
    expect(!head.ok && head.errors.map((e) => [e.path, e.message])).toEqual([
      ["maxHeadcount", "must be at least the 8 people fixed by --fix (got 7): raise --max-headcount or fix fewer people"],
      ["maxPermanent", "must be at least the 5 permanent people fixed by --fix (got 4): raise --max-permanent or fix fewer people"],
    ]);
    expect(resolveFixed(s, ["pick.day=5", "pick.day.temps=3"], { maxHeadcount: 8, maxPermanent: 5 }).ok).toBe(true);
  });
});
