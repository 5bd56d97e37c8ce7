/**
 * A figure with no observation is null, not 0 (a 0 reads as a real, good figure): the
 * wait at a station where no order started, the utilisation of a station never on
 * duty, the time to ship when nothing shipped, the shares of no peak-day orders. And
 * a run cut by its horizon says how many orders were still waiting at each station
 * (their waits are not in the station's wait).
 */
import { describe, expect, it } from "vitest";
import { figuresOf } from "../../../src/sim/experiment/replicate.js";
import { Scenario, type ScenarioInput } from "../../../src/sim/model/schema.js";
import { simulate } from "../../../src/sim/model/simulate.js";

/** A small peak day (about 1,000 orders) on the default line; `over` is merged shallowly per section. */
function scenario(over: ScenarioInput = {}): Scenario {
  return Scenario.parse({
    ...over,
    name: "nulls",
    demand: { baselinePerDay: 100, surge: 10, presaleOrders: 0, daysAfter: [], ...(over.demand ?? {}) },
    staff: { absenceRate: 0, ...(over.staff ?? {}) },
  });
}

/** The default team (DOMAIN.md) on the day shift, with nobody at pack (and no weigher helping there). */
const NO_PACKERS = { roster: { print: { day: 2 }, pick: { day: 3 }, qc: { day: 2 }, pack: { day: 0 }, weigh: { day: 2 } }, flex: [] };

describe("figures without observations are null", () => {
  it("nobody rostered at pack: pack has no wait and no utilisation, weigh (staffed, idle) 0% and no wait, nothing shipped has no time", () => {
    const r = simulate(scenario({ staff: NO_PACKERS }));
    expect(r.orders.arrived).toBeGreaterThan(500);
    expect(r.orders.shipped).toBe(0);
    expect(r.stations.pack).toMatchObject({ utilization: null, meanWaitMin: null, p95WaitMin: null, served: 0, staffHours: 0 });
    // Every order waits at pack, none started: all of them are queued there at the end.
    expect(r.stations.pack.queuedAtEnd).toBe(r.orders.arrived);
    expect(r.stations.pack.inStationAtEnd).toBe(r.orders.arrived);
    // Weigh was on duty with nothing to do: idle is 0%, a real figure; no order started there: no wait.
    expect(r.stations.weigh.utilization).toBe(0);
    expect(r.stations.weigh).toMatchObject({ meanWaitMin: null, p95WaitMin: null });
    // The stations before pack worked: real figures.
    for (const id of ["print", "pick", "qc"]) {
      expect(r.stations[id].utilization).toBeGreaterThan(0);
      expect(r.stations[id].meanWaitMin).toEqual(expect.any(Number));
    }
    expect(r.timeInSystemMin).toEqual({ mean: null, p50: null, p95: null });
    expect(r.timeToCollectMin).toEqual({ mean: null, p50: null, p95: null });
    // There were peak-day orders, and none shipped in time: 0 is the real share.
    expect(r.shippedWithin.h12).toBe(0);
    expect(r.shippedWithin.h24).toBe(0);
    // The flat figures carry the nulls (a summary leaves the run out of them).
    const f = figuresOf(r);
    expect(f["stations.pack.meanWaitMin"]).toBeNull();
    expect(f["stations.pack.utilization"]).toBeNull();
    expect(f["stations.weigh.utilization"]).toBe(0);
    expect(f["timeInSystemMin.mean"]).toBeNull();
    expect(f["shippedWithin.h24"]).toBe(0);
    // JSON keeps null (not 0, not dropped).
    expect(JSON.parse(JSON.stringify(r)).stations.pack.meanWaitMin).toBeNull();
  });

  it("no peak-day order at all: the shipped-within shares, undetermined ones included, are null", () => {
    const r = simulate(scenario({ demand: { baselinePerDay: 0.0001, surge: 1 } }));
    expect(r.orders.peakDay).toBe(0);
    expect(r.shippedWithin).toEqual({ h12: null, h24: null, undeterminedH12: null, undeterminedH24: null });
    expect(r.timeInSystemMin.mean).toBeNull();
    for (const id of r.stationOrder) expect(r.stations[id]).toMatchObject({ meanWaitMin: null, p95WaitMin: null, queuedAtEnd: 0 });
    // The run ended (nothing to do) at 01:00, before the day shift came on duty: no utilisation either.
    expect(r.endSec).toBeLessThan(8 * 3600);
    expect(r.stations.pack.utilization).toBeNull();
    expect(figuresOf(r)["shippedWithin.undeterminedH12"]).toBeNull();
  });

  it("a run cut by its horizon counts the orders still waiting at each station; the waits cover the started orders", () => {
    const r = simulate(scenario({ horizon: "10h", demand: { baselinePerDay: 300 } }));
    expect(r.cleared).toBe(false);
    const pack = r.stations.pack;
    expect(pack.queuedAtEnd).toBeGreaterThan(50);
    // Waiting, not started: part of the orders there, and what the last hourly sample shows queued.
    expect(pack.queuedAtEnd).toBeLessThanOrEqual(pack.inStationAtEnd);
    expect(pack.queuedAtEnd).toBe(r.hourly.stations.pack.queue.at(-1));
    // The mean is still a number: over the orders that started (those served plus those in service).
    expect(pack.meanWaitMin).toEqual(expect.any(Number));
    const total = r.stationOrder.reduce((a, id) => a + (r.stations[id].queuedAtEnd ?? 0), 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(r.orders.backlogAtEnd);
  });

  it("the same seed gives the same figures as before the nulls: a staffed run has no null", () => {
    const r = simulate(scenario());
    for (const id of r.stationOrder) {
      expect(r.stations[id].utilization).toEqual(expect.any(Number));
      expect(r.stations[id].meanWaitMin).toEqual(expect.any(Number));
      expect(r.stations[id].queuedAtEnd).toBe(0);
    }
    // But "any late" of the 48 h rule, which judges no order when all are paid in the Double 11 window.
    expect(Object.entries(figuresOf(r)).filter(([, v]) => typeof v !== "number").map(([k]) => k)).toEqual(["deadlines.ship-48h.anyLate"]);
  });
});
