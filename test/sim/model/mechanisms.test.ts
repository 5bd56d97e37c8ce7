/**
 * One test per mechanism of the fulfilment model, each built so that it fails if
 * the mechanism breaks (not merely if the run crashes).
 */
import { describe, expect, it } from "vitest";
import { demandPlan } from "../../../src/sim/model/demand.js";
import { Scenario, type ScenarioInput } from "../../../src/sim/model/schema.js";
import { simulate } from "../../../src/sim/model/simulate.js";
import { clockOnDay } from "../../../src/sim/model/time.js";

/** A small peak day (1,000 orders, no days after) on the default line; `over` is merged shallowly per section. */
function scenario(over: ScenarioInput = {}): Scenario {
  const base: ScenarioInput = {
    name: "test",
    demand: { baselinePerDay: 100, surge: 10, presaleOrders: 0, daysAfter: [], ...(over.demand ?? {}) },
    staff: { absenceRate: 0, ...(over.staff ?? {}) },
  };
  return Scenario.parse({ ...over, ...base });
}

const H = (h: number) => h; // hour index in the hourly series (start day = hour 0)

describe("demand", () => {
  it("the peak-day profile integrates to the day's volume", () => {
    const s = scenario({ demand: { baselinePerDay: 300, surge: 15 } });
    const plan = demandPlan(s, (d) => clockOnDay(s, d, "00:00"));
    let total = 0;
    for (let i = 0; i < 144; i++) total += plan.rates[i] * 600;
    expect(total).toBeCloseTo(4500, 6);
    // The flash-sale bucket is the sharpest: more than any other 10 minutes.
    const first = plan.rates[0];
    for (let i = 1; i < 144; i++) expect(plan.rates[i]).toBeLessThan(first);
    // 22:00-24:00 last call is higher than the 02:00-08:00 trough.
    expect(plan.rates[140]).toBeGreaterThan(plan.rates[30]);
  });

  it("arrivals on the peak day average the day's volume (within the Poisson CI)", () => {
    const s = scenario({ demand: { baselinePerDay: 100, surge: 10, presaleOrders: 200 } });
    const counts: number[] = [];
    for (let seed = 1; seed <= 20; seed++) counts.push(simulate(s, { seed }).orders.peakDay);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    // Poisson(1000) + 200 presale: sd of the mean of 20 = sqrt(1000/20) ~ 7.1; 4 sd.
    expect(Math.abs(mean - 1200)).toBeLessThan(4 * Math.sqrt(1000 / 20));
  });
});

describe("printers", () => {
  it("a printer-down window has no print completions inside it", () => {
    const s = scenario({
      printers: { count: 2, spares: 0, mtbf: 0 },
      disruptions: [{ type: "printer-down", at: "2026-11-11 09:00", duration: "3h", count: 2 }],
    });
    const r = simulate(s);
    const print = r.hourly.stations.print.completions;
    expect(print[H(8)]).toBeGreaterThan(0);
    expect(print[H(9)]).toBe(0);
    expect(print[H(10)]).toBe(0);
    expect(print[H(11)]).toBe(0);
    expect(print[H(12)]).toBeGreaterThan(0);
  });

  it("a spare swaps in: with one spare, printing resumes after the swap", () => {
    const base = { count: 1, mtbf: 0, swapTime: "10min" };
    const down = [{ type: "printer-down" as const, at: "2026-11-11 09:00", duration: "3h", count: 1 }];
    const none = simulate(scenario({ printers: { ...base, spares: 0 }, disruptions: down }));
    const spare = simulate(scenario({ printers: { ...base, spares: 1 }, disruptions: down }));
    expect(none.hourly.stations.print.completions[H(10)]).toBe(0);
    expect(spare.hourly.stations.print.completions[H(10)]).toBeGreaterThan(0);
  });

  it("more print staff cannot beat printer capacity", () => {
    // One printer at 6 labels/min: each waybill holds it 10 s + handling, whatever the staff.
    const run = (printStaff: number, printers: number) =>
      simulate(
        scenario({
          demand: { baselinePerDay: 300, surge: 10, presaleOrders: 2000 },
          printers: { count: printers, spares: 0, mtbf: 0, labelsPerMin: 6 },
          staff: { roster: { print: { day: printStaff }, pick: { day: 30 }, qc: { day: 20 }, pack: { day: 40 }, weigh: { day: 10 } } },
        }),
      ).hourly.stations.print.completions[H(9)];
    const oneStaff = run(1, 1);
    const tenStaff = run(10, 1);
    expect(tenStaff).toBeLessThanOrEqual(360);
    expect(Math.abs(tenStaff - oneStaff)).toBeLessThan(0.1 * oneStaff);
    expect(run(10, 2)).toBeGreaterThan(1.7 * tenStaff); // a second printer does help
  });

  it("an operator running several printers handles one waybill at a time: more printers per person lift only the printers' share", () => {
    // One operator round the clock with a queue all day (30,000 presale orders at 00:00); `perOperator` printers for him.
    const served = (perOperator: number, labelsPerMin: number, handlingSec: number) =>
      simulate(
        Scenario.parse({
          name: "print only",
          demand: { baselinePerDay: 10_000, surge: 10, presaleOrders: 30_000, daysAfter: [] },
          stations: [{ id: "print", kind: "print", serviceSec: { dist: "lognormal", mean: handlingSec, cv: 0.05 }, needs: ["printers"], maxStaff: 1 }],
          staff: { shifts: [{ id: "all", start: "00:00", end: "24:00" }], roster: { print: { all: 1 } }, absenceRate: 0 },
          printers: { count: perOperator, perOperator, spares: 0, mtbf: 0, labelsPerMin },
          dock: { capacity: 1_000_000 }, // print is the last station: a full dock would hold it
          horizon: "1d",
        }),
      ).stations.print.served;
    const day = 86_400;
    // Handling 10 s, label 3 s (20/min): one printer turns over every 13 s; with 2 or 4 the
    // operator's 10 s of handling per waybill is the limit (8,640 a day), not 2 or 4 x 6,646.
    expect(served(1, 20, 10)).toBeGreaterThan(0.97 * (day / 13));
    expect(served(1, 20, 10)).toBeLessThanOrEqual(day / 13 + 1);
    for (const k of [2, 4]) {
      expect(served(k, 20, 10)).toBeLessThanOrEqual(day / 10 + 1);
      expect(served(k, 20, 10)).toBeGreaterThan(0.97 * (day / 10));
    }
    // Handling 2 s, label 6 s (10/min): the printers are the limit, and a second one doubles the output.
    expect(served(2, 10, 2)).toBeGreaterThan(0.97 * 2 * (day / 8));
    expect(served(2, 10, 2)).toBeLessThanOrEqual(2 * (day / 8) + 2);
  });

  it("counts busy and on-duty print staff in people, not printers (two printers per operator)", () => {
    const r = simulate(
      scenario({
        demand: { baselinePerDay: 300, surge: 10, presaleOrders: 2000 },
        printers: { count: 4, perOperator: 2, spares: 0, mtbf: 0 },
        staff: { roster: { print: { day: 2 }, pick: { day: 30 }, qc: { day: 20 }, pack: { day: 40 }, weigh: { day: 10 } } },
      }),
    );
    const h = r.hourly.stations.print;
    // 08:00-09:00: the presale and night backlog keeps both operators' four printers busy.
    expect(h.staff[H(8)]).toBeCloseTo(2, 9);
    expect(h.busy[H(8)]).toBeGreaterThan(1.9);
    for (let i = 0; i < h.busy.length; i++) {
      expect(h.busy[i]).toBeLessThanOrEqual(h.staff[i] + 1e-9);
      if (h.staff[i] > 0) expect(h.utilization[i]).toBeCloseTo(h.busy[i] / h.staff[i], 9);
      else expect(h.utilization[i]).toBeNull(); // nobody on duty: no figure, not an idle 0
    }
    // Only the day shift is staffed: the night hours have no utilisation.
    expect(h.staff[H(2)]).toBe(0);
    expect(h.utilization[H(2)]).toBeNull();
  });

  it("random failures happen at the MTBF rate per operating hour, only while a printer is worked", () => {
    // 4 printers and 1 spare, but 2 print operators on the 08:00-20:00 shift: 2 printers
    // run 12 h a day, and only they wear.
    const s = scenario({ printers: { count: 4, spares: 1, mtbf: "10h", mttr: "1h" } });
    let failures = 0;
    let operatingHours = 0;
    let calendarHours = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const r = simulate(s, { seed });
      failures += r.mechanisms.printerFailures;
      // One printer per on-duty print slot: the station's staffed hours x printers per operator.
      operatingHours += r.stations.print.staffHours * s.printers.perOperator;
      calendarHours += r.endSec / 3600;
    }
    // Failures are a Poisson process of rate (printers operating) / MTBF: the expected
    // count is the operating hours / 10 h. Within 3.3 sd (two-sided 0.1%).
    const expected = operatingHours / 10;
    expect(Math.abs(failures - expected)).toBeLessThan(3.3 * Math.sqrt(expected));
    // In calendar time all 4 printers would wear round the clock: about 4x as many.
    expect(failures).toBeLessThan((0.5 * 4 * calendarHours) / 10);
  });

});

describe("staff", () => {
  it("a shift change changes busy staff; a staggered break halves it", () => {
    // Without the default flex rule, which would add a weigher to the packers when their queue is long.
    const r = simulate(scenario({ demand: { presaleOrders: 3000 }, staff: { flex: [] } }));
    const pack = r.hourly.stations.pack;
    expect(pack.staff[H(7)]).toBe(0); // before the 08:00 shift
    expect(pack.busy[H(7)]).toBe(0);
    expect(pack.staff[H(9)]).toBeCloseTo(6, 6);
    expect(pack.busy[H(9)]).toBeGreaterThan(5);
    // 12:00-13:00 lunch, half away: each finishes the parcel in hand first (a minute or so).
    expect(pack.staff[H(12)]).toBeGreaterThan(3);
    expect(pack.staff[H(12)]).toBeLessThan(3.05);
    expect(pack.staff[H(21)]).toBe(0); // after 20:00
  });

  it("a worker finishing a parcel past the shift's end is at work until it is done: busy never exceeds staff, with no clipping", () => {
    const r = simulate(scenario({ demand: { presaleOrders: 3000 }, staff: { flex: [] } }));
    for (const [id, st] of Object.entries(r.stations)) {
      // The ratio unclipped: busy hours within staff hours (up to rounding).
      expect(st.busyHours, id).toBeLessThanOrEqual(st.staffHours * (1 + 1e-12));
      const h = r.hourly.stations[id];
      h.busy.forEach((b, i) => expect(b, `${id} hour ${i}`).toBeLessThanOrEqual(h.staff[i] + 1e-9));
    }
  });

  it("people a resource stops are on duty and idle: staff stays, utilisation falls, `blocked` counts them", () => {
    // Both printers down 09:00-12:00 without a spare: the two print operators stand idle.
    const r = simulate(
      scenario({
        demand: { presaleOrders: 3000 },
        printers: { count: 2, spares: 0, mtbf: 0 },
        disruptions: [{ type: "printer-down", at: "2026-11-11 09:00", duration: "3h", count: 2 }],
      }),
    );
    const print = r.hourly.stations.print;
    expect(print.staff[H(10)]).toBeCloseTo(2, 6);
    expect(print.blocked![H(10)]).toBeCloseTo(2, 6);
    expect(print.busy[H(10)]).toBe(0);
    expect(print.utilization[H(10)]).toBe(0);
    // One printer down: one operator idle, utilisation (busy over people on duty) at most a half.
    const one = simulate(
      scenario({
        demand: { presaleOrders: 3000 },
        printers: { count: 2, spares: 0, mtbf: 0 },
        disruptions: [{ type: "printer-down", at: "2026-11-11 09:00", duration: "3h", count: 1 }],
      }),
    ).hourly.stations.print;
    expect(one.staff[H(10)]).toBeCloseTo(2, 6);
    expect(one.blocked![H(10)]).toBeCloseTo(1, 6);
    expect(one.utilization[H(10)]!).toBeLessThanOrEqual(0.5 + 1e-9);
    expect(one.blocked![H(14)]).toBe(0);
  });

  it("temps work slower at first", () => {
    const roster = { print: { day: 4 }, pick: { day: 10 }, qc: { day: 6 }, weigh: { day: 4 } };
    const perm = simulate(scenario({ demand: { presaleOrders: 3000 }, staff: { roster: { ...roster, pack: { day: 6 } } } }));
    const temps = simulate(scenario({ demand: { presaleOrders: 3000 }, staff: { roster: { ...roster, pack: { day: 0 } }, temps: { pack: { day: 6 } } } }));
    // Same headcount, 60% productivity on the first shift: about 60% of the output in a busy hour.
    const ratio = temps.hourly.stations.pack.completions[H(9)] / perm.hourly.stations.pack.completions[H(9)];
    expect(ratio).toBeGreaterThan(0.45);
    expect(ratio).toBeLessThan(0.75);
  });

  it("absences remove people (each person absent with the given probability)", () => {
    const all = scenario({ staff: { absenceRate: 0 } });
    const half = Scenario.parse({ ...all, staff: { ...all.staff, absenceRate: 0.5 } });
    expect(simulate(all).hourly.stations.pack.staff[H(9)]).toBe(6);
    const present: number[] = [];
    for (let seed = 1; seed <= 40; seed++) present.push(simulate(half, { seed }).hourly.stations.pack.staff[H(9)]);
    const mean = present.reduce((a, b) => a + b, 0) / present.length;
    // Binomial(6, 0.5): mean 3, sd of the mean of 40 = sqrt(1.5/40) ~ 0.19; 4 sd.
    expect(Math.abs(mean - 3)).toBeLessThan(0.8);
  });

  it("the flex pool moves when the queue says it should, and not otherwise", () => {
    const flex = [{ from: "weigh", to: "pack", queueAbove: 30, sourceQueueBelow: 5, maxPeople: 1, walk: "1min" }];
    const busy = simulate(scenario({ demand: { presaleOrders: 3000 }, staff: { flex } }));
    expect(busy.mechanisms.flexMoves[0]).toBeGreaterThan(0);
    expect(Math.max(...busy.hourly.stations.pack.staff)).toBeGreaterThan(6); // 6 packers + a helper
    const quiet = simulate(scenario({ demand: { baselinePerDay: 10 }, staff: { flex } }));
    expect(quiet.mechanisms.flexMoves[0]).toBe(0);
  });
});

describe("picking", () => {
  it("one main aisle is slower than two when pickers crowd it", () => {
    const roster = { print: { day: 2 }, pick: { day: 8 }, qc: { day: 6 }, pack: { day: 20 }, weigh: { day: 4 } };
    const line = (aisles: number) =>
      simulate(
        Scenario.parse({
          ...scenario({ demand: { presaleOrders: 3000 }, staff: { roster } }),
          stations: [
            { id: "pick", kind: "pick", serviceSec: 8, perLineSec: 10, aisles, pickersPerAisle: 3, congestion: 0.15 },
          ],
          staff: { roster: { pick: { day: 8 } }, absenceRate: 0 },
        }),
      );
    const one = line(1).hourly.stations.pick.completions[H(9)];
    const two = line(2).hourly.stations.pick.completions[H(9)];
    // 8 pickers: one aisle -> 5 over the comfortable 3 -> +75% time; two -> 1 over -> +15%.
    expect(two / one).toBeGreaterThan(1.3);
  });

  it("best-sellers near the packing tables shorten picks", () => {
    const mk = (saving: number) =>
      simulate(
        Scenario.parse({
          name: "t",
          demand: { baselinePerDay: 100, surge: 10, presaleOrders: 3000, daysAfter: [], bestSellers: { lineShare: 0.8, nearPackingSavingSec: saving, prepackedShare: 0 } },
          stations: [{ id: "pick", kind: "pick", serviceSec: 5, perLineSec: 10 }],
          staff: { roster: { pick: { day: 3 } }, absenceRate: 0 },
        }),
      );
    expect(mk(6).hourly.stations.pick.completions[H(9)]).toBeGreaterThan(1.2 * mk(0).hourly.stations.pick.completions[H(9)]);
  });

  it("QC sends a share back to pick (rework)", () => {
    const r = simulate(
      Scenario.parse({
        ...scenario(),
        stations: [
          { id: "pick", kind: "pick", serviceSec: 5, perLineSec: 5 },
          { id: "qc", kind: "qc", serviceSec: 5, reworkShare: 0.2, reworkTo: "pick" },
        ],
        staff: { roster: { pick: { day: 3 }, qc: { day: 2 } }, absenceRate: 0 },
      }),
    );
    const extra = r.stations.pick.served - r.orders.arrived;
    expect(r.stations.qc.served).toBe(r.stations.pick.served);
    // 20% rework, geometric: about 0.25 x orders; binomial sd ~ 15.
    expect(extra).toBeGreaterThan(0.2 * r.orders.arrived);
    expect(extra).toBeLessThan(0.3 * r.orders.arrived);
  });
});

describe("pre-packed best-sellers", () => {
  it("stock runs out when it should, and pre-packed orders skip pick, QC and pack", () => {
    const r = simulate(scenario({ demand: { bestSellers: { prepackedShare: 0.3, prepackedStock: 100 } } }));
    expect(r.orders.prepacked).toBe(100);
    expect(r.mechanisms.prepackedLeft).toBe(0);
    expect(r.stations.pack.served).toBe(r.orders.arrived - 100);
    expect(r.stations.print.served).toBe(r.orders.arrived);
    expect(r.stations.weigh.served).toBe(r.orders.arrived);
    const big = simulate(scenario({ demand: { bestSellers: { prepackedShare: 0.3, prepackedStock: 100_000 } } }));
    expect(big.orders.prepacked).toBeLessThan(big.orders.arrived);
    expect(big.mechanisms.prepackedLeft).toBe(100_000 - big.orders.prepacked);
  });
});

describe("disruptions", () => {
  it("an order-system outage stops print, pick, QC and weigh but not pack", () => {
    const r = simulate(
      scenario({
        demand: { presaleOrders: 3000 },
        disruptions: [{ type: "order-system", at: "2026-11-11 10:00", duration: "2h" }],
        stations: undefined,
      }),
    );
    const c = (id: string, h: number) => r.hourly.stations[id].completions[h];
    for (const id of ["print", "pick", "qc", "weigh"]) {
      expect(c(id, H(9))).toBeGreaterThan(0);
      expect(c(id, H(10))).toBeLessThanOrEqual(8); // only orders already in hand are finished
      expect(c(id, H(11))).toBe(0);
    }
    expect(c("pack", H(10))).toBeGreaterThan(0);
  });

  it("a disruption that began before the start is cut at the start; one that ended before never happens", () => {
    const run = (disruptions: ScenarioInput["disruptions"]) => simulate(scenario({ demand: { presaleOrders: 500 }, disruptions }));
    const strip = (r: ReturnType<typeof simulate>) => ({ ...r, perf: undefined });
    // 10 h from 23:00 the day before = 9 h from 00:00, into the 08:00 shift (not 10 h from 00:00).
    const cut = run([{ type: "order-system", at: "2026-11-10 23:00", duration: "10h" }]);
    expect(strip(cut)).toEqual(strip(run([{ type: "order-system", at: "2026-11-11 00:00", duration: "9h" }])));
    expect(strip(cut)).not.toEqual(strip(run([{ type: "order-system", at: "2026-11-11 00:00", duration: "10h" }])));
    expect(cut.hourly.stations.print.completions[H(8)]).toBe(0);
    expect(cut.hourly.stations.print.completions[H(9)]).toBeGreaterThan(0);
    // Over by the start (here: ending exactly at it): as if it were not there (printers and couriers alike).
    const none = strip(run([]));
    expect(strip(run([{ type: "order-system", at: "2026-11-10 00:00", duration: "24h" }]))).toEqual(none);
    expect(strip(run([{ type: "printer-down", at: "2026-11-10 00:00", duration: "24h", count: 2 }]))).toEqual(none);
    expect(strip(run([{ type: "courier-cap", courier: "zto", at: "2026-11-10 00:00", duration: "24h", dailyCap: 1 }]))).toEqual(none);
  });

  it("running out of cartons stops packing until the delivery", () => {
    const r = simulate(scenario({ demand: { presaleOrders: 3000 }, disruptions: [{ type: "consumables", item: "cartons", at: "2026-11-11 09:00", duration: "2h" }] }));
    expect(r.hourly.stations.pack.completions[H(10)]).toBe(0);
    expect(r.hourly.stations.pack.completions[H(11)]).toBeGreaterThan(0);
  });
});

describe("couriers and dock", () => {
  it("a full dock blocks packing until a pickup makes room", () => {
    const r = simulate(
      scenario({
        demand: { presaleOrders: 2000 },
        dock: { capacity: 200 },
        couriers: [{ id: "zto", share: 1, pickups: ["16:00"] }],
        staff: { flex: [] },
      }),
    );
    expect(r.mechanisms.dockBlockedHours).toBeGreaterThan(1);
    const pack = r.hourly.stations.pack.completions;
    // The dock fills before 12:00 (6 packers ~ 390/h); no packing from then to the 16:00 pickup.
    expect(pack[H(13)]).toBe(0);
    expect(pack[H(14)]).toBe(0);
    expect(pack[H(16)]).toBeGreaterThan(0);
    // Weigh (after pack) is held too: past the capacity only by the parcels in weighers' hands when it filled.
    expect(r.mechanisms.dockMax).toBeGreaterThanOrEqual(200);
    expect(r.mechanisms.dockMax).toBeLessThanOrEqual(200 + Math.ceil(Math.max(...r.hourly.stations.weigh.staff)));
    expect(r.hourly.stations.weigh.completions[H(13)]).toBe(0);
    expect(r.hourly.stations.weigh.dockHeld).toBeDefined();
    // The packers on duty then could not work: counted in `blocked`, as held by the dock.
    const p = r.hourly.stations.pack;
    for (const h of [H(13), H(14)]) {
      expect(p.busy[h]).toBe(0);
      expect(p.staff[h]).toBeGreaterThan(0);
      expect(p.dockHeld![h]).toBeCloseTo(p.staff[h], 9);
      expect(p.blocked![h]).toBeCloseTo(p.staff[h], 9);
    }
    // The hour the dock fills (from 08:00 at ~400 parcels an hour) is held only in part; other stations carry no dock series.
    expect(p.dockHeld![H(8)]).toBeGreaterThan(0.5);
    expect(p.dockHeld![H(8)]).toBeLessThan(p.staff[H(8)] - p.busy[H(8)] + 1e-9);
    expect(p.dockHeld![H(7)]).toBe(0);
    expect(r.hourly.stations.pick.dockHeld).toBeUndefined();
    // Over the run, the held people-hours are at most the packers' hours while the dock was full.
    const heldHours = p.dockHeld!.reduce((a, b) => a + b, 0);
    expect(heldHours).toBeGreaterThan(0);
    expect(heldHours).toBeLessThanOrEqual(r.mechanisms.dockBlockedHours * Math.max(...p.staff) + 1e-9);
  });

  it("a courier's daily cap limits what it takes each day", () => {
    const r = simulate(
      scenario({
        demand: { presaleOrders: 2000 },
        couriers: [{ id: "zto", share: 1, pickups: ["12:00", "18:00"], dailyCap: 300 }],
      }),
    );
    const perDay: number[] = [];
    r.hourly.collected.forEach((n, h) => (perDay[Math.floor(h / 24)] = (perDay[Math.floor(h / 24)] ?? 0) + n));
    for (const n of perDay) expect(n).toBeLessThanOrEqual(300);
    expect(r.couriers[0].pickupsCapped).toBeGreaterThan(0);
  });

  it("a courier-cap what-if cuts the cap from its start time", () => {
    const s = scenario({
      demand: { presaleOrders: 2000 },
      couriers: [{ id: "zto", share: 1, pickups: ["12:00", "18:00"] }],
      disruptions: [{ type: "courier-cap", courier: "zto", at: "2026-11-11 15:00", dailyCap: 100 }],
    });
    const r = simulate(s);
    // Day 0: uncapped at 12:00; at 18:00 only up to 100 for the whole day, already exceeded -> 0.
    expect(r.hourly.collected[H(12)]).toBeGreaterThan(100);
    expect(r.hourly.collected[H(18)]).toBe(0);
    expect(r.hourly.collected[24 + 12]).toBeLessThanOrEqual(100);
  });

  it("capacity allocation sends a full courier's overflow of the day to the others by share", () => {
    const couriers = [
      { id: "zto", share: 0.4, pickups: ["16:00"], dailyCap: 100 },
      { id: "yto", share: 0.3, pickups: ["16:00"] },
      { id: "sf", share: 0.3, pickups: ["16:00"], capacityPerPickup: 150 },
    ];
    const by = (r: ReturnType<typeof simulate>) => Object.fromEntries(r.couriers.map((c) => [c.id, c.allocated]));
    const shared = by(simulate(scenario({ couriers })));
    const cap = by(simulate(scenario({ couriers, courierAllocation: "capacity" })));
    // One day of ~1,000 orders: by share ZTO gets ~400 and SF ~300, more than each can take.
    expect(shared.zto).toBeGreaterThan(300);
    expect(shared.sf).toBeGreaterThan(200);
    // By capacity: ZTO stops at its daily cap, SF at one pickup x 150; YTO (no cap) takes the rest.
    expect(cap).toEqual({ zto: 100, yto: shared.zto + shared.yto + shared.sf - 250, sf: 150 });
    // A courier-cap what-if in force counts as the day's cap: none after 00:00 means none that day.
    const cut = by(simulate(scenario({ couriers, courierAllocation: "capacity", disruptions: [{ type: "courier-cap", courier: "zto", at: "2026-11-11 00:00", dailyCap: 0 }] })));
    expect(cut.zto).toBe(0);
    // With no share given, equal shares: three uncapped couriers split ~1,000 orders about evenly.
    const even = by(simulate(scenario({ courierAllocation: "capacity", couriers: couriers.map((c) => ({ id: c.id, pickups: c.pickups })) })));
    for (const n of Object.values(even)) expect(Math.abs(n - 333)).toBeLessThan(80);
    // A standby courier without a share takes only what the others cannot.
    const standby = by(simulate(scenario({ courierAllocation: "capacity", couriers: [couriers[0], { ...couriers[2], share: 0.6 }, { id: "jd", pickups: ["16:00"] }] })));
    expect(standby).toEqual({ zto: 100, sf: 150, jd: shared.zto + shared.yto + shared.sf - 250 });
  });

  it("a courier's tracking-record delay makes the pickup-scan rule late, not the pickups", () => {
    const base = {
      demand: { presaleOrders: 500 },
      couriers: [
        { id: "zto", share: 0.5, pickups: ["16:00"] },
        { id: "sf", share: 0.5, pickups: ["16:00"] },
      ],
      deadlines: [
        { id: "collect-24h", milestone: "collected" as const, within: "24h" },
        { id: "ship-24h", milestone: "shipped" as const, within: "24h" },
      ],
    };
    const r0 = simulate(scenario(base));
    // SF's record shows 12 h after its 16:00 pickup: an order paid before 04:00 whose
    // parcel goes at 16:00 the same day is still on time, one picked up a day after its
    // payment day's 16:00 is now late.
    const r1 = simulate(scenario({ ...base, couriers: [base.couriers[0], { ...base.couriers[1], recordDelay: "12h" }] }));
    expect(r1.hourly.collected).toEqual(r0.hourly.collected);
    expect(r1.timeToCollectMin).toEqual(r0.timeToCollectMin);
    const rule = (r: typeof r0, id: string) => r.deadlines.find((d) => d.id === id)!;
    expect(rule(r1, "ship-24h")).toEqual(rule(r0, "ship-24h"));
    expect(rule(r1, "collect-24h").byCourier.zto).toEqual(rule(r0, "collect-24h").byCourier.zto);
    expect(rule(r1, "collect-24h").byCourier.sf.late).toBeGreaterThan(rule(r0, "collect-24h").byCourier.sf.late + 50);
  });
});

describe("returns", () => {
  // 1,000 orders over the peak day and 500 presale; returns come back exactly 2 days after pickup.
  const base: ScenarioInput = { demand: { presaleOrders: 500, daysAfter: [3, 2] } };
  const off = simulate(scenario(base));
  const returns = { share: 0.5, delaySec: 2 * 86400, station: "qc", serviceSec: 300 };
  const on = simulate(scenario({ ...base, returns })); // outbound first (the default)
  const fifo = simulate(scenario({ ...base, returns: { ...returns, priority: "fifo" } }));

  it("take the returns station's people from outbound work, only once the first parcels are back", () => {
    const firstPickup = off.hourly.collected.findIndex((n) => n > 0);
    const back = firstPickup + 48; // the hour the first returns arrive
    const qc = (r: typeof on) => r.hourly.stations.qc;
    for (const r of [on, fifo]) {
      // Before the first return: the same run, draw for draw (returns have their own streams).
      expect(qc(r).busy.slice(0, back)).toEqual(qc(off).busy.slice(0, back));
      expect(r.hourly.shipped.slice(0, back)).toEqual(off.hourly.shipped.slice(0, back));
      // Then QC's people also handle returns: busier in that hour, though its orders are the same.
      expect(qc(r).busy[back]).toBeGreaterThan(qc(off).busy[back] + 0.5);
      expect(qc(r).arrivals[back]).toBe(qc(off).arrivals[back]); // hourly arrivals: orders only
      // QC's people spend 5 minutes on each handled return, on top of the same outbound work
      // (within an hour: the returns in hand at the end, and rework drawn for other orders).
      expect(Math.abs(r.stations.qc.busyHours - off.stations.qc.busyHours - (r.returns!.processed * 300) / 3600)).toBeLessThan(1);
    }
    // In one line, orders wait behind returns (here 2 min without returns, 2 h with them);
    // outbound first, they barely notice them: only a return already in hand delays an
    // order. (The returns' own waits are compared with theory in the engine's tests: here
    // the runs end at different times, so different returns are still waiting.)
    expect(fifo.stations.qc.meanWaitMin!).toBeGreaterThan(10 * off.stations.qc.meanWaitMin!);
    expect(on.stations.qc.meanWaitMin!).toBeLessThan(2 * off.stations.qc.meanWaitMin!);
    expect([on.returns!.priority, fifo.returns!.priority]).toEqual(["outbound-first", "fifo"]);
  });

  it("count orders only in the returns station's queue figures, in one line with them as outbound first; returns waiting in maxWaiting", () => {
    for (const r of [on, fifo]) {
      const qc = r.stations.qc;
      const hq = r.hourly.stations.qc.queue;
      // Little's law on the orders alone: QC finishes what it starts (dropRule "finish") and ends with no order waiting,
      // so its queue's area is its orders' waits (returns waiting would add theirs).
      expect(qc.meanQueue * r.endSec).toBeCloseTo(qc.meanWaitMin! * 60 * qc.served, 3);
      // Returns are still waiting at the end, but the hourly queue (orders) is empty, as the station's orders-at-the-end.
      expect(r.returns!.waitingAtEnd).toBeGreaterThan(0);
      expect([hq[hq.length - 1], qc.queuedAtEnd]).toEqual([0, 0]);
      expect(qc.maxQueue).toBe(Math.max(qc.maxQueue, ...hq)); // the series samples the same level
      expect(qc.maxQueue).toBeLessThan(r.returns!.maxWaiting);
    }
    // In one line the orders wait behind returns: a longer queue of orders than outbound first.
    expect(fifo.stations.qc.meanQueue).toBeGreaterThan(10 * on.stations.qc.meanQueue);
  });

  it("count every return: received = handled + waiting; collected parcels back after the end are on their way", () => {
    const r = on.returns!;
    expect(off.returns).toBeUndefined();
    expect(r.station).toBe("qc");
    expect(r.arrived).toBeGreaterThan(0);
    expect(r.arrived).toBe(r.processed + r.waitingAtEnd);
    // About half of the collected parcels come back, before the end of the run or after it.
    const total = r.arrived + r.onTheWayAtEnd;
    expect(Math.abs(total - 0.5 * on.orders.collected)).toBeLessThan(4 * Math.sqrt(0.25 * on.orders.collected));
    expect(on.orders.collected).toBe(on.orders.arrived); // outbound cleared as before
    // The station's orders-at-the-end leave the returns out (they are counted above).
    expect(r.waitingAtEnd).toBeGreaterThan(0);
    expect(on.stations.qc.inStationAtEnd).toBe(0);
    expect(on.stations.qc.queuedAtEnd).toBe(0);
    // Served counts orders only (with the returns it would be ~r.processed higher; rework draws differ a little).
    expect(Math.abs(on.stations.qc.served - off.stations.qc.served)).toBeLessThan(r.processed / 10);
    // A return's wait is part of its time to handled; at some moment at least the ones left at the end waited together.
    expect(r.meanWaitHours!).toBeLessThan(r.arrivalToDoneHours!);
    expect(r.p95WaitHours!).toBeGreaterThan(r.meanWaitHours!);
    expect(r.maxWaiting).toBeGreaterThanOrEqual(r.waitingAtEnd - 1);
  });

  it('with until "handled", run on until every return is handled, the orders unchanged; by day, the counts add up', () => {
    const all = simulate(scenario({ ...base, returns: { ...returns, until: "handled" } }));
    const r = all.returns!;
    expect(on.returns!.allHandled).toBe(false); // the outbound run left some
    expect([r.until, r.allHandled, r.waitingAtEnd, r.onTheWayAtEnd]).toEqual(["handled", true, 0, 0]);
    expect(r.processed).toBe(on.returns!.arrived + on.returns!.onTheWayAtEnd); // the same parcels come back
    expect(all.endSec).toBeGreaterThan(on.endSec);
    expect(r.lastHandledSec!).toBeLessThanOrEqual(all.endSec);
    expect(all.endSec - r.lastHandledSec!).toBeLessThanOrEqual(3600); // stopped at the next hourly check
    // The orders' side is the same run: the outbound work was done before the run went on.
    expect(all.deadlines).toEqual(on.deadlines);
    expect(all.timeInSystemMin).toEqual(on.timeInSystemMin);
    expect(all.stations.qc.meanWaitMin).toBe(on.stations.qc.meanWaitMin);
    // By day: received and handled add up to the totals, and the waiting carried over matches.
    for (const x of [r, on.returns!]) {
      expect(x.byDay.reduce((a, d) => a + d.received, 0)).toBe(x.arrived);
      expect(x.byDay.reduce((a, d) => a + d.handled, 0)).toBe(x.processed);
      expect(x.byDay[x.byDay.length - 1].waitingAtEnd).toBe(x.waitingAtEnd);
      expect(x.byDay[1].startSec - x.byDay[0].startSec).toBe(86400);
    }
    expect(r.byDay.length).toBeGreaterThan(on.returns!.byDay.length);
  });

  it('with until "handled", only the returns team works and is paid once the last order is collected', () => {
    const all = simulate(scenario({ ...base, returns: { ...returns, until: "handled" } }));
    const r = all.returns!;
    // The outbound run stops at the hourly check that finds every order collected: the same moment.
    expect(r.outboundDoneSec).toBe(on.endSec);
    expect(on.returns!.outboundDoneSec).toBeNull();
    const after = on.hourly.startSec.length; // the first hour after the outbound was done
    expect(all.hourly.startSec[after]).toBe(on.endSec);
    for (const id of all.stationOrder) {
      const staff = all.hourly.stations[id].staff.slice(after);
      if (id === "qc") {
        expect(Math.max(...staff)).toBeGreaterThan(0); // the returns team keeps its shifts
        continue;
      }
      // Every other team went home: nobody on duty, no shift paid, utilisation over its working hours only.
      expect(Math.max(...staff)).toBe(0);
      expect(all.labour.byStation[id]).toEqual(on.labour.byStation[id]);
      expect(all.stations[id].staffHours).toBeCloseTo(on.stations[id].staffHours, 6);
      expect(all.stations[id].utilization!).toBeCloseTo(on.stations[id].utilization!, 6);
    }
    expect(all.labour.printerCost).toBe(on.labour.printerCost);
    // The after-sales tail is the returns team's later shifts, and all the extra cost.
    expect(r.afterSales.cost).toBeGreaterThan(0);
    expect(on.returns!.afterSales).toEqual({ hours: 0, cost: 0 });
    expect(all.labour.byStation.qc.cost).toBeCloseTo(on.labour.byStation.qc.cost + r.afterSales.cost, 6);
    expect(all.labour.cost).toBeCloseTo(on.labour.cost + r.afterSales.cost, 6);
    // 95% of the returns were handled by handled95Sec: by the end of its day at least 95%, by the end of the day before fewer.
    const day = r.byDay.findLastIndex((d) => d.startSec <= r.handled95Sec!);
    const upTo = (k: number) => r.byDay.slice(0, k + 1).reduce((a, d) => a + d.handled, 0);
    expect(upTo(day)).toBeGreaterThanOrEqual(0.95 * r.processed);
    expect(upTo(day - 1)).toBeLessThan(0.95 * r.processed);
    expect(r.handled95Sec!).toBeLessThan(r.lastHandledSec!);
    expect(on.returns!.handled95Sec).toBeNull();
  });

  it("refuse a station that is not there, or prints", () => {
    const bad = (station: string) => Scenario.safeParse({ returns: { share: 0.3, station } });
    expect(bad("returns").error?.issues[0]).toMatchObject({ path: ["returns", "station"], message: expect.stringContaining('unknown station "returns"') });
    expect(bad("print").error?.issues[0]).toMatchObject({ path: ["returns", "station"], message: expect.stringContaining("printer station") });
    expect(Scenario.safeParse({ returns: { share: 0, station: "returns" } }).success).toBe(true); // off: not checked
    expect(Scenario.safeParse({ returns: { share: 0.3, until: "never" } }).error?.issues[0].path).toEqual(["returns", "until"]);
    expect(Scenario.safeParse({ returns: { share: 0.3, priority: "returns-first" } }).error?.issues[0].path).toEqual(["returns", "priority"]);
  });
});

describe("whole run", () => {
  it("peak-day utilisation is busy over on-duty time on day 0 only, not diluted by the quieter days after", () => {
    const r = simulate(scenario({ demand: { presaleOrders: 2000, daysAfter: [3, 2, 1] } }), { seed: 5 });
    const pack = r.stations.pack;
    const h = r.hourly.stations.pack;
    let busy = 0;
    let staff = 0;
    for (let k = 0; k < 24; k++) [busy, staff] = [busy + h.busy[k], staff + h.staff[k]];
    expect(pack.peakDayUtilization).toBeCloseTo(busy / staff, 9);
    expect(pack.peakDayUtilization!).toBeGreaterThan(pack.utilization! + 0.1);
    // Nobody on duty on the peak day: no figure (a night shift from day 1 only).
    const later = simulate(scenario({ staff: { shifts: [{ id: "n", start: "08:00", end: "20:00", days: [1, 2] }], roster: { print: { n: 2 }, pick: { n: 3 }, qc: { n: 2 }, pack: { n: 6 }, weigh: { n: 2 } } } }));
    expect(later.stations.pack.peakDayUtilization).toBeNull();
  });

  it("conserves orders: arrived = shipped + backlog, collected <= shipped", () => {
    const r = simulate(scenario({ horizon: "20h", demand: { presaleOrders: 3000 } }));
    expect(r.orders.shipped + r.orders.backlogAtEnd).toBe(r.orders.arrived);
    expect(r.orders.collected).toBeLessThanOrEqual(r.orders.shipped);
    expect(r.cleared).toBe(false);
  });

  it("a run cut by its horizon counts open 12 h / 24 h windows as undetermined, not as missed", () => {
    // Nothing ships (the order system is down all run), flat demand, cut at 20:00: every
    // window of 24 h is still open at the end, and the 12 h window of an order paid after
    // 08:00 is too (12/20 of the orders); the rest missed 12 h.
    const s = scenario({
      horizon: "20h",
      demand: { baselinePerDay: 1000, surge: 10, profile: "flat" },
      disruptions: [{ type: "order-system", at: "2026-11-11 00:00", duration: "1d" }],
    });
    const r = simulate(s);
    expect(r.orders.shipped).toBe(0);
    expect(r.shippedWithin.h12).toBe(0);
    expect(r.shippedWithin.h24).toBe(0);
    expect(r.shippedWithin.undeterminedH24).toBe(1);
    // Binomial(n, 0.6): 4 sd.
    const n = r.orders.peakDay;
    expect(Math.abs(r.shippedWithin.undeterminedH12! - 0.6)).toBeLessThan(4 * Math.sqrt(0.24 / n));
    // A run that clears leaves nothing undetermined.
    const full = simulate(scenario());
    expect(full.cleared).toBe(true);
    expect(full.shippedWithin.undeterminedH12).toBe(0);
    expect(full.shippedWithin.undeterminedH24).toBe(0);
  });

  it("clears and stops once every order is collected", () => {
    const r = simulate(scenario());
    expect(r.cleared).toBe(true);
    expect(r.orders.collected).toBe(r.orders.arrived);
    expect(r.endSec).toBeLessThan(3 * 86400);
  });
});
