import { describe, expect, it } from "vitest";
import { minServersForWq } from "../../../src/sim/engine/queueing.js";
import { Scenario } from "../../../src/sim/model/schema.js";
import { analyticGuess, hourlyDemand, idlePeakHours, shiftAvailability, stationLoads } from "../../../src/sim/planner/guess.js";
import { planOf } from "../../../src/sim/planner/variables.js";
import type { PlanConstraintsResolved } from "../../../src/sim/planner/types.js";
import { mmcScenario } from "./fixtures.js";

const limits = (s: Scenario, extra: Partial<PlanConstraintsResolved> = {}): PlanConstraintsResolved => ({
  allowTemps: true,
  fixed: {},
  maxStaff: Object.fromEntries(s.stations.map((x) => [x.id, x.maxStaff])),
  ...extra,
});

describe("analytic guess", () => {
  it("hourly demand adds up to the day's orders plus presale", () => {
    const s = Scenario.parse({ demand: { presaleOrders: 700 } });
    const { orders } = hourlyDemand(s, 24 * 8);
    const total = orders.reduce((a, b) => a + b, 0);
    const expected = 700 + s.demand.baselinePerDay * (s.demand.surge + s.demand.daysAfter.reduce((a, b) => a + b, 0));
    expect(total).toBeCloseTo(expected, 6);
    expect(orders[0]).toBeGreaterThan(700);
  });

  it("availability deducts breaks and absences", () => {
    const s = Scenario.parse({ staff: { absenceRate: 0.1, shifts: [{ id: "day", start: "08:00", end: "20:00", breaks: [{ at: "12:00", duration: "1h", share: 0.5 }] }] } });
    const [a] = shiftAvailability(s, 24);
    expect(a[7]).toBe(0);
    expect(a[8]).toBeCloseTo(0.9);
    // Everyone takes the hour, half at 12:00 and half at 13:00.
    expect(a[12]).toBeCloseTo(0.45);
    expect(a[13]).toBeCloseTo(0.45);
    expect(a[14]).toBeCloseTo(0.9);
    expect(a.reduce((x, y) => x + y, 0)).toBeCloseTo(0.9 * 11);
  });

  it("pick's work per order adds lines x per-line time, and slows with a crowd", () => {
    const s = Scenario.parse({});
    const [print, pick] = stationLoads(s);
    expect(print.serviceSec).toBeCloseTo(6 + 60 / 25);
    // Two printers per operator: a printer turns over at most every 2 x 6 s of handling (one waybill at a time).
    expect(stationLoads(Scenario.parse({ printers: { perOperator: 2 } }))[0].serviceSec).toBeCloseTo(12);
    expect(stationLoads(Scenario.parse({ printers: { perOperator: 2, labelsPerMin: 5 } }))[0].serviceSec).toBeCloseTo(6 + 12);
    expect(pick.serviceSec).toBeGreaterThan(20);
    expect(stationLoads(s, 20)[1].serviceSec).toBeGreaterThan(pick.serviceSec * 1.5);
  });

  it("a mean-wait target gives the Erlang C servers", () => {
    const s = mmcScenario(4, 60, 1);
    for (const maxMin of [0.05, 0.3, 1]) {
      const g = analyticGuess(s, { targets: [{ kind: "mean-wait", station: "desk", maxMin }], constraints: limits(s) });
      expect(g.plan.roster.desk.all).toBe(minServersForWq(4 / 60, 1 / 60, maxMin * 60));
    }
  });

  it("respects fixed variables and moves a capped permanent workforce to temps", () => {
    const s = Scenario.parse({});
    const targets = [{ kind: "shipped-within", hours: 24, minShare: 0.95 }] as const;
    const free = analyticGuess(s, { targets: [...targets], constraints: limits(s) });
    expect(free.plan.roster.pack.day).toBeGreaterThanOrEqual(3);
    const fixed = analyticGuess(s, { targets: [...targets], constraints: limits(s, { fixed: { "pack.day.permanent": 9, printers: 3 } }) });
    expect(fixed.plan.roster.pack.day).toBe(9);
    expect(fixed.plan.printers).toBe(3);
    const capped = analyticGuess(s, { targets: [...targets], constraints: limits(s, { maxPermanent: 4 }) });
    const perm = Object.values(capped.plan.roster).reduce((a, t) => a + t.day, 0);
    const temps = Object.values(capped.plan.temps).reduce((a, t) => a + t.day, 0);
    expect(perm).toBe(4);
    expect(temps).toBeGreaterThan(0);
    expect(capped.notes.map((n) => n.code)).toContain("guess-permanent-cap");
  });
});

describe("idlePeakHours: when the line cannot work under a plan's shifts", () => {
  const s = Scenario.parse({});
  it("the default day shift 08:00-20:00 leaves 00:00-08:00 and 20:00-24:00, with the orders paid then (presale at 00:00 included)", () => {
    const idle = idlePeakHours(s, planOf(s));
    expect(idle.ranges).toEqual([
      [0, 8],
      [20, 24],
    ]);
    const { orders } = hourlyDemand(s, 24);
    const sum = (a: number, b: number) => orders.slice(a, b).reduce((x, y) => x + y, 0);
    expect(idle.share).toBeCloseTo((sum(0, 8) + sum(20, 24)) / sum(0, 24), 12);
    expect(idle.share).toBeGreaterThan(0.5);
  });
  it("a night shift staffed at every station closes the gap; one station left empty on it does not", () => {
    const both = Scenario.parse({ staff: { shifts: [{ id: "day", start: "08:00", end: "20:00" }, { id: "night", start: "20:00", end: "08:00" }] } });
    const p = planOf(both);
    for (const st of both.stations) p.roster[st.id].night = 1;
    expect(idlePeakHours(both, p)).toEqual({ ranges: [], share: 0 });
    p.roster.weigh.night = 0;
    expect(idlePeakHours(both, p).ranges).toEqual([
      [0, 8],
      [20, 24],
    ]);
  });
});
