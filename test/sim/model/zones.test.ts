/**
 * Zone picking (src/sim/model/zones.ts): each zone's part of an order is picked from
 * that zone's own queue by the people responsible for it; an order leaves when its
 * last part is done, plus the merge time when it spans several zones.
 */
import { describe, expect, it } from "vitest";
import { mg1Wq, mmcWq } from "../../../src/sim/engine/queueing.js";
import { makeRng } from "../../../src/sim/engine/random.js";
import { Scheduler } from "../../../src/sim/engine/scheduler.js";
import { Scenario, type ScenarioInput } from "../../../src/sim/model/schema.js";
import { simulate } from "../../../src/sim/model/simulate.js";
import { ZonePick, type ZonePickOptions } from "../../../src/sim/model/zones.js";
import { stationLoads } from "../../../src/sim/planner/guess.js";

/** A ZonePick on its own scheduler; orders' lines given per order, zones drawn from `zoneOf` in turn. */
function bench(o: { zones: number; people: number; maxPeople?: number; lines: number[]; zoneOf: number[]; partSec?: number; mergeSec?: number }) {
  const sched = new Scheduler();
  const done: { order: number; t: number }[] = [];
  let k = 0;
  const opts: ZonePickOptions = {
    id: "pick",
    zones: o.zones,
    maxPeople: o.maxPeople ?? Math.max(1, o.people),
    dropRule: "finish",
    lines: (order) => o.lines[order],
    bestLines: () => 0,
    // Work: the part's lines x 10 s (+ partSec), so a part's length tells its line count.
    partWork: (n) => (o.partSec ?? 0) + 10 * n,
    // zoneRng() * zones lands in the zone listed next.
    zoneRng: () => (o.zoneOf[k++ % o.zoneOf.length] + 0.5) / o.zones,
    consolidate: () => o.mergeSec ?? 0,
    done: (order) => done.push({ order, t: sched.now }),
  };
  const zp = new ZonePick(sched, opts);
  zp.setCapacity(o.people);
  return { sched, zp, done };
}

describe("ZonePick", () => {
  it("an order spanning two zones leaves after its slower part plus the merge; a one-zone order right after its part", () => {
    // Order 0: 3 lines, zones 0, 1, 1 -> parts of 10 s (zone 0) and 20 s (zone 1), merged in 100 s.
    // Order 1: 1 line in zone 0 -> starts after order 0's zone-0 part (10 s), done at 20 s.
    const { sched, zp, done } = bench({ zones: 2, people: 2, lines: [3, 1], zoneOf: [0, 1, 1, 0], mergeSec: 100 });
    zp.arrive(0);
    zp.arrive(1);
    expect(zp.queued).toBe(1); // order 1 waits for zone 0's picker
    sched.run();
    expect(done).toEqual([
      { order: 1, t: 20 },
      { order: 0, t: 120 },
    ]);
    expect(zp.served).toBe(2);
    expect(zp.arrivals).toBe(2);
    // Order waits: 0 (both parts started at once) and 10 s (order 1 behind order 0's part).
    expect(zp.waits.count).toBe(2);
    expect(zp.waits.mean).toBeCloseTo(5, 9);
    expect(zp.queueLength.max).toBe(1);
  });

  it("zones have their own queues: a zone's picker idles while the other zone's orders wait", () => {
    // Four one-line orders, all in zone 1; two pickers, one per zone: they go one by one.
    const { sched, zp, done } = bench({ zones: 2, people: 2, lines: [1, 1, 1, 1], zoneOf: [1] });
    for (let o = 0; o < 4; o++) zp.arrive(o);
    sched.run();
    expect(done.map((d) => d.t)).toEqual([10, 20, 30, 40]);
    // Busy 40 s of 2 x 40 s on duty.
    expect(zp.utilization(40)).toBeCloseTo(0.5, 9);
  });

  it("with fewer pickers than zones a picker takes several zones; more pickers re-deal the zones and move the waiting parts", () => {
    // Three zones, one picker: every part in one queue. Orders 0-5, one line each in zones 0,1,2,0,1,2.
    const { sched, zp, done } = bench({ zones: 3, people: 1, maxPeople: 3, lines: [1, 1, 1, 1, 1, 1], zoneOf: [0, 1, 2] });
    for (let o = 0; o < 6; o++) zp.arrive(o);
    expect(zp.groups).toBe(1);
    expect(zp.queued).toBe(5);
    // At 5 s two more pickers arrive: three groups, one zone each; the five waiting parts move to their zones' queues.
    sched.scheduleAt(5, sched.register(() => zp.setCapacity(3)));
    sched.run();
    expect(zp.groups).toBe(3);
    // Order 0 (zone 0) finishes at 10 s on the first picker; order 1 (zone 1) and 2 (zone 2)
    // start at 5 s on the new pickers; then 3 (zone 0) at 10 s, 4 and 5 at 15 s.
    const at = Object.fromEntries(done.map((d) => [d.order, d.t]));
    expect(at).toEqual({ 0: 10, 1: 15, 2: 15, 3: 20, 4: 25, 5: 25 });
    expect(zp.queued).toBe(0);
    // Waits from each order's arrival at 0: 0, 5, 5, 10, 15, 15.
    expect(zp.waits.mean).toBeCloseTo(50 / 6, 9);
  });

  it("no order is lost or done twice while the people on duty keep changing", () => {
    const sched = new Scheduler();
    const rng = makeRng(7, "zones-test");
    const N = 3000;
    const lines = Array.from({ length: N }, () => 1 + Math.floor(rng() * 6));
    const seen = new Uint8Array(N);
    const zp = new ZonePick(sched, {
      id: "pick",
      zones: 7,
      maxPeople: 12,
      dropRule: "preempt",
      lines: (o) => lines[o],
      bestLines: (o) => lines[o] >> 1,
      partWork: (n) => 5 + 8 * n * rng(),
      zoneRng: rng,
      consolidate: () => 30 * rng(),
      done: (o) => seen[o]++,
    });
    const kArrive = sched.register((o) => zp.arrive(o));
    for (let o = 0; o < N; o++) sched.scheduleAt(o * 4, kArrive, o);
    const kCap = sched.register((c) => zp.setCapacity(c));
    for (let t = 0; t < N * 4; t += 97) sched.scheduleAt(t, kCap, Math.floor(rng() * 13));
    sched.scheduleAt(N * 4, kCap, 12);
    sched.run();
    expect(Array.from(seen).every((x) => x === 1)).toBe(true);
    expect(zp.served).toBe(N);
    expect(zp.queued).toBe(0);
    expect(zp.inStation).toBe(0);
  });
});

/** Pick only, open all day, a flat Poisson stream of one-line orders, exponential part times. */
function pickOnly(over: { zones?: number; people: number; perDay: number; meanSec: number }): Scenario {
  const input: ScenarioInput = {
    name: "zones",
    demand: { baselinePerDay: over.perDay, surge: 1, presaleOrders: 0, daysAfter: [], profile: "flat", linesPerOrder: 1, bestSellers: { lineShare: 0, prepackedShare: 0 } },
    stations: [
      {
        id: "pick",
        kind: "pick",
        serviceSec: { dist: "exponential", mean: over.meanSec },
        maxStaff: over.people,
        ...(over.zones ? { zones: { count: over.zones, consolidateSec: 0 } } : {}),
      },
    ],
    staff: { shifts: [{ id: "all", start: "00:00", end: "24:00" }], roster: { pick: { all: over.people } }, absenceRate: 0 },
  };
  return Scenario.parse(input);
}

describe("zone picking in the model", () => {
  // Two pickers, two zones, one-line orders uniformly over the zones: each zone is an
  // M/M/1 queue at half the rate (Pollaczek-Khinchine with exponential service), where
  // the same two pickers sharing one queue are an M/M/2 (Erlang C) with a much shorter wait.
  const perDay = 2016; // lambda = 1.4 orders/min; rho = 0.7 with 60 s parts
  const meanSec = 60;
  const lambda = perDay / 86400;
  const seeds = Array.from({ length: 30 }, (_, i) => i + 1);
  const stats = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
    return { m, se: sd / Math.sqrt(xs.length) };
  };

  it("two zones with one picker each wait as two M/M/1 queues (Pollaczek-Khinchine), longer than one shared M/M/2 queue", () => {
    const zoned = stats(seeds.map((seed) => simulate(pickOnly({ zones: 2, people: 2, perDay, meanSec }), { seed }).stations.pick.meanWaitMin!));
    const pooled = stats(seeds.map((seed) => simulate(pickOnly({ people: 2, perDay, meanSec }), { seed }).stations.pick.meanWaitMin!));
    const pk = mg1Wq(lambda / 2, meanSec, meanSec * meanSec) / 60; // 2.33 min
    const erlang = mmcWq(2, lambda, 1 / meanSec) / 60; // 0.96 min
    // Tolerance: 4 standard errors of the 30-run mean, plus 5% for the empty start of each day's run.
    expect(Math.abs(zoned.m - pk)).toBeLessThan(4 * zoned.se + 0.05 * pk);
    expect(Math.abs(pooled.m - erlang)).toBeLessThan(4 * pooled.se + 0.05 * erlang);
    expect(zoned.m).toBeGreaterThan(pooled.m + 4 * (zoned.se + pooled.se));
  });

  it("a shorter walk per line inside a zone cuts the pick work; the queue and waits count orders (Little's law)", () => {
    const base: ScenarioInput = { name: "zones", demand: { baselinePerDay: 200, surge: 10, presaleOrders: 0, daysAfter: [] }, staff: { absenceRate: 0 } };
    const whole = simulate(Scenario.parse(base));
    const withZones = (walkFactor: number) => {
      const s = Scenario.parse(base);
      s.stations[1] = { ...s.stations[1], zones: { count: 3, walkFactor, consolidateSec: { dist: "deterministic", value: 30 } } };
      return simulate(s);
    };
    const short = withZones(0.5);
    const same = withZones(1);
    // Half the walk per line: less work than whole-order picking; the same walk split over zones
    // repeats the fixed part per zone: more.
    expect(short.stations.pick.busyHours).toBeLessThan(whole.stations.pick.busyHours);
    expect(same.stations.pick.busyHours).toBeGreaterThan(whole.stations.pick.busyHours);
    for (const r of [short, same]) {
      expect(r.orders.shipped).toBe(r.orders.arrived);
      expect(r.stations.pick.served).toBe(whole.stations.pick.served);
      // Little: mean orders queued x run length = orders x mean wait.
      const p = r.stations.pick;
      expect(p.meanQueue * (r.endSec / 60)).toBeCloseTo(p.served * p.meanWaitMin!, 6);
    }
  });

  it("the planner's first guess counts the fixed part once per zone touched and the shorter walk", () => {
    const s = Scenario.parse({
      demand: { linesPerOrder: 2, bestSellers: { lineShare: 0, prepackedShare: 0 } },
      stations: [{ id: "pick", kind: "pick", serviceSec: 8, perLineSec: 10, zones: { count: 2, walkFactor: 0.5 } }],
    });
    // Two lines over two zones: 1.5 zones per order on average (1 + 1/2); walk 2 x 10 s x 0.5.
    expect(stationLoads(s, 100)[0].serviceSec).toBeCloseTo(1.5 * 8 + 10, 9);
    // Whole-order picking with 100 pickers on 2 aisles is slowed by congestion; zones are not.
    const whole = Scenario.parse({ ...s, stations: [{ ...s.stations[0], zones: undefined }] });
    expect(stationLoads(whole, 100)[0].serviceSec).toBeGreaterThan(8 + 20);
  });

  it("zones only at a pick station", () => {
    const r = Scenario.safeParse({ stations: [{ id: "pack", kind: "pack", serviceSec: 50, zones: { count: 3 } }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")).toMatch(/stations\.0\.zones: zone picking is for a pick station/);
  });
});
