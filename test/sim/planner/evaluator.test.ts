import { describe, expect, it } from "vitest";
import type { RunResult } from "../../../src/sim/model/result.js";
import { FlexRule, Scenario } from "../../../src/sim/model/schema.js";
import { Evaluator } from "../../../src/sim/planner/evaluator.js";
import { evaluateInProcess } from "./fixtures.js";

/**
 * Bottleneck pressure goes to the slowest station with work ahead. Pick: 2 people x 3600 / 20 s = 360 orders an
 * hour; pack: 5 x 3600 / 58 s = 310 alone, but with one weigher helping (the default flex rule) 6 x 3600 / 58 = 372
 * (pooled with the 3 weighers' 10 s: 8 x 3600 / 68 = 424, more). With the help pick is the slowest, and its queue
 * of 100 is its pressure; without it pack was blamed for the orders queued before it, which one more packer does
 * not move.
 */
describe("Evaluator.digest: bottleneck pressure", () => {
  const scenario = (flex: boolean) =>
    Scenario.parse({
      stations: [
        { id: "pick", kind: "pick", serviceSec: 20, maxStaff: 20 },
        { id: "pack", kind: "pack", serviceSec: 58, maxStaff: 20 },
        { id: "weigh", kind: "weigh", serviceSec: 10, maxStaff: 20 },
      ],
      staff: { shifts: [{ id: "all", start: "00:00", end: "24:00" }], absenceRate: 0, roster: { pick: { all: 2 }, pack: { all: 5 }, weigh: { all: 3 } }, flex: flex ? [FlexRule.parse({ from: "weigh", to: "pack" })] : [] },
    });
  const H = 3;
  const series = (queue: number, staff: number) => ({ queue: Array(H).fill(queue), staff: Array(H).fill(staff) });
  const run = {
    stations: {},
    hourly: { startSec: [0, 3600, 7200], stations: { pick: series(100, 2), pack: series(5, 5), weigh: series(0, 3) } },
    labour: { cost: 0, printerCost: 0 },
    shippedWithin: { h12: null, h24: null },
  } as unknown as RunResult;
  const pressure = (flex: boolean) => {
    const ev = new Evaluator({ scenario: scenario(flex), targets: [], evaluate: evaluateInProcess, baseSeed: 1, maxEvaluations: 1, maxRuns: 1, relevantHours: H });
    return Array.from(ev.digest(run).pressure);
  };

  it("counts the flex pool's help at the station it helps", () => {
    expect(pressure(true)).toEqual([300, 0, 0]);
    expect(pressure(false)).toEqual([0, 315, 0]);
  });
});
