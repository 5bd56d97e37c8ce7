/**
 * Small scenarios for planner tests (each run takes milliseconds): flat arrivals
 * over one day, one 24-hour shift, no absences, no printers, no breaks (but the
 * print desk's, below).
 */
import { Scenario, type ScenarioInput } from "../../../src/sim/model/schema.js";
import { simulate } from "../../../src/sim/model/simulate.js";
import type { Evaluate } from "../../../src/sim/planner/index.js";

/** In-process evaluate: one simulation per seed. */
export const evaluateInProcess: Evaluate = async (scenario, seeds) => seeds.map((seed) => simulate(scenario, { seed }));

/** The common part: flat demand over one day, no absences, no printers, four pickups. */
export const base = (ordersPerDay: number): ScenarioInput => ({
  name: "planner test",
  seed: 11,
  horizon: "2d",
  demand: {
    baselinePerDay: ordersPerDay,
    surge: 1,
    presaleOrders: 0,
    daysAfter: [],
    profile: "flat",
    linesPerOrder: 1,
    bestSellers: { prepackedShare: 0, lineShare: 0, prepackedStock: 0 },
  },
  staff: { shifts: [{ id: "all", start: "00:00", end: "24:00" }], absenceRate: 0 },
  printers: { count: 0, spares: 0, mtbf: 0, costPerDay: 0 },
  couriers: [{ id: "c", share: 1, pickups: ["06:00", "12:00", "18:00", "23:30"] }],
});

/**
 * One M/M/c station: Poisson arrivals at `perMin` a minute for a day, exponential
 * service with mean `serviceSec`, `people` servers around the clock.
 */
export function mmcScenario(perMin: number, serviceSec: number, people: number): Scenario {
  return Scenario.parse({
    ...base(perMin * 1440),
    stations: [{ id: "desk", kind: "generic", serviceSec: { dist: "exponential", mean: serviceSec }, maxStaff: 50 }],
    staff: { ...(base(0).staff as object), roster: { desk: { all: people } } },
  });
}

/**
 * A three-station line at 3 orders a minute: pick (20 s, 3 people, 33% busy),
 * pack (75 s, `packers` people: 1 or 2 are far too few, 3 are enough), weigh
 * (15 s, 2 people, 38% busy).
 */
export function lineScenario(packers: number, packMaxStaff = 40): Scenario {
  return Scenario.parse({
    ...base(3 * 1440),
    stations: [
      { id: "pick", kind: "pick", serviceSec: { dist: "lognormal", mean: 20, cv: 0.5 }, maxStaff: 20 },
      { id: "pack", kind: "pack", serviceSec: { dist: "lognormal", mean: 75, cv: 0.5 }, maxStaff: packMaxStaff },
      { id: "weigh", kind: "weigh", serviceSec: { dist: "lognormal", mean: 15, cv: 0.5 }, maxStaff: 20 },
    ],
    // No flex help from weigh (the default rule): pack alone is short.
    staff: { ...(base(0).staff as object), roster: { pick: { all: 3 }, pack: { all: packers }, weigh: { all: 2 } }, flex: [] },
  });
}

/**
 * One print desk at 1 order a minute, around the clock, ~20 s a waybill (18 s handling
 * + 2.4 s label): one printer slot is a third busy. The shift has a 1-hour break at
 * 12:00 for half the team, so a lone operator stops printing for an hour (60 orders
 * pile up, a mean wait near 2 min over the day) while two cover each other's break,
 * even on one printer (wait ~0.1 min). Printers never fail; one costs `printerCost` a day.
 */
export function printDeskScenario(people: number, printers: number, printerCost = 20): Scenario {
  return Scenario.parse({
    ...base(1440),
    stations: [{ id: "print", kind: "print", serviceSec: { dist: "lognormal", mean: 18, cv: 0.3 }, needs: ["printers"], maxStaff: 10 }],
    staff: { shifts: [{ id: "all", start: "00:00", end: "24:00", breaks: [{ at: "12:00", duration: "1h", share: 0.5 }] }], absenceRate: 0, roster: { print: { all: people } } },
    printers: { count: printers, spares: 0, mtbf: 0, costPerDay: printerCost },
  });
}

/**
 * Pick (100 s, exponential) feeding pack (120 s, exponential) at 1 order a minute,
 * with `pickers` and `packers` around the clock. A lone picker (167% busy) throttles
 * the flow into pack, so pack's mean wait falls: with 2 pickers, 3 packers wait ~1 min
 * and 2 packers ~40 min; with 1 picker, 2 packers wait ~1.1 min (the lone picker still
 * clears the day's orders within the 2-day run). With a wait target at pack alone, a
 * packer fewer fails until a picker has gone, then holds: the removal pass must try
 * it again.
 */
export function throttledLineScenario(pickers: number, packers: number): Scenario {
  return Scenario.parse({
    ...base(1440),
    stations: [
      { id: "pick", kind: "generic", serviceSec: { dist: "exponential", mean: 100 }, maxStaff: 20 },
      { id: "pack", kind: "generic", serviceSec: { dist: "exponential", mean: 120 }, maxStaff: 20 },
    ],
    staff: { ...(base(0).staff as object), roster: { pick: { all: pickers }, pack: { all: packers } } },
  });
}
