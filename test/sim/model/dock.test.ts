/**
 * Courier pickup times: the dock computes them from each day's midnight on days of
 * exactly 24 h (a shortcut around the time-zone conversion) and asks clockOnDay on
 * the others, so they must equal clockOnDay everywhere, across DST changes too.
 */
import { describe, expect, it } from "vitest";
import { Scheduler } from "../../../src/sim/engine/scheduler.js";
import { Dock } from "../../../src/sim/model/dock.js";
import { Scenario } from "../../../src/sim/model/schema.js";
import { clockOnDay } from "../../../src/sim/model/time.js";

/** Runs the dock with one parcel always waiting per courier and returns [courier, time] of every pickup. */
function pickupTimes(s: Scenario, days: number): [number, number][] {
  const sched = new Scheduler();
  const seen: [number, number][] = [];
  let dock: Dock | null = null;
  dock = new Dock(
    sched,
    s,
    days,
    (order) => {
      seen.push([order, sched.now]);
      dock!.put(order, order); // order id = courier: the next pickup finds a parcel again
    },
    () => undefined,
  );
  s.couriers.forEach((_, c) => dock!.put(c, c));
  sched.run();
  return seen;
}

describe("Dock pickups", () => {
  for (const [timeZone, start] of [
    ["Europe/Berlin", "2026-10-20 00:00"], // DST ends on 25 Oct (a 25 h day)
    ["America/New_York", "2026-03-01 00:00"], // DST starts on 8 Mar (a 23 h day)
    ["Asia/Shanghai", "2026-11-11 00:00"],
  ]) {
    it(`happen at clockOnDay of every day and clock (${timeZone}, from ${start})`, () => {
      const s = Scenario.parse({
        name: "pickups",
        timeZone,
        start,
        couriers: [
          { id: "a", share: 0.5, pickups: ["01:30", "02:30", "12:00", "23:45"] },
          { id: "b", share: 0.5, pickups: ["03:00", "17:10"] },
        ],
      });
      const days = 20;
      const expected: [number, number][] = [];
      s.couriers.forEach((c, ci) => {
        for (let d = 0; d < days; d++) for (const clock of c.pickups) expected.push([ci, clockOnDay(s, d, clock)]);
      });
      expected.sort((x, y) => x[1] - y[1] || x[0] - y[0]);
      const got = pickupTimes(s, days).sort((x, y) => x[1] - y[1] || x[0] - y[0]);
      expect(got).toEqual(expected);
      // The DST cases really have a day that is not 24 h long.
      const lengths = Array.from({ length: days }, (_, d) => clockOnDay(s, d + 1, "00:00") - clockOnDay(s, d, "00:00"));
      if (timeZone !== "Asia/Shanghai") expect(lengths.some((l) => l !== 86400)).toBe(true);
    });
  }
});
