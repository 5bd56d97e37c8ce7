import { describe, expect, it } from "vitest";
import { chanceNote, differencePrecision, expectedByChance, isSignificant, visibleDifference } from "../../../src/sim/experiment/significance.js";
import { fmtDiff, pairedDifferences } from "../../../src/cli/compare.js";
import { wilson, wilsonDifference } from "../../../src/sim/experiment/estimate.js";
import type { Experiment } from "../../../src/sim/experiment/types.js";
import { fakeRun } from "./fixtures.js";

describe("the significance mark", () => {
  it("needs a difference that shows at the precision printed: 0.1 pp for a share, 0.01 (whole from 100) otherwise", () => {
    expect(differencePrecision("shippedWithin.h12", 0.001)).toEqual({ scale: 100, digits: 1 });
    expect(differencePrecision("orders.shipped", 3)).toEqual({ scale: 1, digits: 2 });
    expect(differencePrecision("orders.shipped", 300)).toEqual({ scale: 1, digits: 0 });
    expect(visibleDifference("shippedWithin.h12", 0.0003)).toBe(false); // 0.03 pp prints "0.0 pp"
    expect(visibleDifference("shippedWithin.h12", -0.0006)).toBe(true); // "-0.1 pp"
    expect(visibleDifference("orders.shipped", 0.004)).toBe(false); // "0.00"
    expect(visibleDifference("orders.shipped", -0.006)).toBe(true);
    expect(visibleDifference("orders.shipped", Number.NaN)).toBe(false);
    // As fmtDiff prints them.
    expect(fmtDiff("shippedWithin.h12", 0.0003)).toBe("0.0 pp");
    expect(fmtDiff("shippedWithin.h12", -0.0006)).toBe("-0.1 pp");
  });

  it("stars an interval that excludes 0 only when the difference is visible", () => {
    // Common random numbers: 0.03 pp with a tight interval excluding 0 ("0.0 pp [0.0, 0.0] *" before).
    expect(isSignificant("shippedWithin.h12", 0.0003, 0.0001, 0.0005)).toBe(false);
    expect(isSignificant("shippedWithin.h12", 0.012, 0.004, 0.02)).toBe(true);
    expect(isSignificant("shippedWithin.h12", 0.012, -0.004, 0.02)).toBe(false);
    expect(isSignificant("orders.shipped", -2.5, -4, -1)).toBe(true);
  });

  it("says how many marks chance alone gives, in both languages", () => {
    expect(expectedByChance(80)).toBe(4);
    expect(chanceNote(70, "*", "en")).toBe(
      "* the 95% interval of the paired difference excludes 0 and the difference shows at the precision printed (not 0.0). 70 figures were compared: even if nothing differed, about 3.5 would be marked by chance alone (5% each, no multiple-comparison adjustment), so a mark on a figure you did not set out to compare is a hint, not a finding.",
    );
    expect(chanceNote(70, "*", "zh")).toContain("共比较 70 个指标：即使两者毫无差别，也约有 3.5 个会因偶然被标出");
  });

  it("compare's paired differences use it: a steady 0.03 pp is not starred, 2 pp is", () => {
    const exp = (h12: number[]) => ({ runs: h12.map((v, i) => fakeRun({ seed: i, shippedWithin: { h12: v, h24: 1 } })) }) as unknown as Experiment;
    const base = [0.5, 0.6, 0.55, 0.52];
    const tiny = pairedDifferences(exp(base), exp(base.map((v) => v + 0.0003)))["shippedWithin.h12"]!;
    expect(tiny.low).toBeGreaterThan(0); // the interval excludes 0...
    expect(tiny.significant).toBe(false); // ...but "0.0 pp" gets no star
    const real = pairedDifferences(exp(base), exp(base.map((v, i) => v + 0.02 + i * 0.001)))["shippedWithin.h12"]!;
    expect(real.significant).toBe(true);
  });

  it("a 0/1 figure's difference comes from the two Wilson intervals (Newcombe), never 0 wide", () => {
    // Newcombe (1998), independent samples: 56/70 against 48/80, difference 0.2, 0.0524 to 0.3339.
    const a = [...Array(48).fill(1), ...Array(32).fill(0)];
    const b = [...Array(56).fill(1), ...Array(14).fill(0)];
    const w = wilsonDifference(a, b, false)!;
    expect(w.diff).toBeCloseTo(0.2, 12);
    expect(w.low).toBeCloseTo(0.0524, 4);
    expect(w.high).toBeCloseTo(0.3339, 4);
    // Paired, every pair late in both: -16.1 to +16.1 points, where a t interval says 0.
    const same = wilsonDifference(Array(20).fill(1), Array(20).fill(1), true)!;
    expect(same.diff).toBe(0);
    expect(same.high).toBeCloseTo(1 - wilson(20, 20).low, 12);
    expect(same.low).toBeCloseTo(-same.high, 12);
    expect(same.high).toBeCloseTo(0.1611, 4);
    expect(wilsonDifference([], [1], false)).toBeNull();

    const runs = (late: number[]) => ({ runs: late.map((l, i) => fakeRun({ seed: i, late: { "d11-ship": l } })) }) as unknown as Experiment;
    const both = pairedDifferences(runs(Array(20).fill(2)), runs(Array(20).fill(5)))["deadlines.d11-ship.anyLate"]!;
    expect(both).toMatchObject({ mean: 0, interval: "wilson", significant: false });
    expect(both.high).toBeCloseTo(0.1611, 4);
    expect(both.low).toBeCloseTo(-0.1611, 4);
    // None late in A, all in B: the difference is 100 points, and starred.
    const all = pairedDifferences(runs(Array(20).fill(0)), runs(Array(20).fill(1)))["deadlines.d11-ship.anyLate"]!;
    expect(all).toMatchObject({ mean: 1, significant: true });
    expect(all.low).toBeGreaterThan(0.6);
  });
});
