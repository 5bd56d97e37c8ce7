import { max, mean, min, quantile, sampleVariance } from "simple-statistics";
import { describe, expect, it } from "vitest";
import { makeRng } from "../../../src/sim/engine/random.js";
import { Tally, TimeWeighted } from "../../../src/sim/engine/stats.js";

describe("TimeWeighted", () => {
  it("integrates a step level by hand", () => {
    // Level: 0 on [0,2), 3 on [2,5), 1 on [5,9), 0 on [9,10).
    const q = new TimeWeighted();
    q.set(2, 3);
    q.set(5, 1);
    q.set(9, 0);
    expect(q.area(10)).toBe(0 * 2 + 3 * 3 + 1 * 4 + 0 * 1);
    expect(q.mean(10)).toBeCloseTo(1.3, 12);
    expect(q.max).toBe(3);
    expect(q.value).toBe(0);
  });

  it("answers area and mean at a time between updates (t >= the last update)", () => {
    const q = new TimeWeighted();
    q.set(2, 3);
    expect(q.area(4)).toBe(6);
    expect(q.mean(4)).toBe(1.5);
    q.set(5, 1);
    expect(q.area(5)).toBe(9);
  });

  it("starts at a given time and level", () => {
    const q = new TimeWeighted(5, 2);
    expect(q.mean(5)).toBe(2); // empty interval: the current level
    expect(q.area(7)).toBe(4);
    q.set(8, 4);
    expect(q.area(10)).toBe(2 * 3 + 4 * 2);
    expect(q.mean(10)).toBe(14 / 5);
    expect(q.max).toBe(4);
  });

  it("several updates at the same time count only the last level", () => {
    const q = new TimeWeighted();
    q.set(1, 5);
    q.set(1, 2);
    q.set(3, 0);
    expect(q.area(3)).toBe(4);
    expect(q.max).toBe(5); // the max sees every level, even one that lasted no time
  });

  it("resetAt restarts the window (warm-up deletion) keeping the current level", () => {
    const q = new TimeWeighted();
    q.set(2, 7);
    q.set(10, 3);
    q.resetAt(10);
    expect(q.max).toBe(3);
    expect(q.area(12)).toBe(6);
    q.set(12, 2);
    expect(q.area(14)).toBe(10);
    expect(q.mean(14)).toBe(10 / 4);
  });
});

describe("Tally", () => {
  const rng = makeRng(17, "tally");
  const data = Array.from({ length: 5000 }, () => -Math.log(1 - rng()) * 30);

  it("matches simple-statistics on mean, variance, min, max and quantiles", () => {
    const t = new Tally(true, 4); // tiny initial capacity: exercises growth
    for (const x of data) t.add(x);
    expect(t.count).toBe(data.length);
    expect(t.mean).toBeCloseTo(mean(data), 10);
    expect(t.variance).toBeCloseTo(sampleVariance(data), 8);
    expect(t.sd).toBeCloseTo(Math.sqrt(sampleVariance(data)), 9);
    expect(t.min).toBe(min(data));
    expect(t.max).toBe(max(data));
    for (const p of [0, 0.1, 0.5, 0.9, 0.95, 0.99, 1]) expect(t.quantile(p)).toBe(quantile(data, p));
  });

  it("keeps insertion order in values() until a quantile is asked, and re-sorts after new values", () => {
    const t = new Tally();
    for (const x of [3, 1, 2]) t.add(x);
    expect([...t.values()]).toEqual([3, 1, 2]);
    expect(t.quantile(0.5)).toBe(2);
    t.add(-10);
    t.add(100);
    expect(t.quantile(0)).toBe(-10);
    expect(t.quantile(1)).toBe(100);
    expect(t.quantile(0.5)).toBe(2);
  });

  it("Welford stays accurate for values with a large common offset", () => {
    const shifted = data.slice(0, 1000).map((x) => 1e9 + x);
    const t = new Tally(false);
    for (const x of shifted) t.add(x);
    expect(t.variance).toBeCloseTo(sampleVariance(data.slice(0, 1000)), 4);
  });

  it("empty and single-value tallies", () => {
    const t = new Tally();
    expect([t.count, t.mean, t.variance, t.quantile(0.5)]).toEqual([0, 0, 0, 0]);
    t.add(4);
    expect([t.count, t.mean, t.variance, t.min, t.max, t.quantile(0.95)]).toEqual([1, 4, 0, 4, 4, 4]);
  });

  it("without keep: exact streaming moments, histogram quantiles within 1% of the exact ones", () => {
    const t = new Tally(false);
    for (const x of data) t.add(x);
    expect(t.mean).toBeCloseTo(mean(data), 10);
    expect(t.variance).toBeCloseTo(sampleVariance(data), 8);
    expect(t.values().length).toBe(0);
    // Bins are 1/128 of an octave (< 0.8% wide), the answer is a bin's middle; neighbouring
    // order statistics of 5000 draws differ by well under 0.5% here.
    for (const p of [0.1, 0.5, 0.9, 0.95, 0.99]) {
      const exact = quantile(data, p);
      expect(Math.abs(t.quantile(p) - exact) / exact).toBeLessThan(0.01);
    }
    expect(t.quantile(0)).toBeGreaterThanOrEqual(t.min);
    expect(t.quantile(1)).toBeLessThanOrEqual(t.max);
  });

  it("without keep: zero observations (waits of jobs served at once) give quantile 0", () => {
    const t = new Tally(false);
    for (let i = 0; i < 70; i++) t.add(0);
    for (let i = 1; i <= 30; i++) t.add(i);
    expect(t.quantile(0.5)).toBe(0);
    expect(t.quantile(0.69)).toBe(0);
    expect(t.quantile(0.99)).toBeGreaterThan(25);
    t.reset();
    t.add(5);
    expect(Math.abs(t.quantile(0.5) - 5)).toBeLessThan(0.05);
  });

  it("reset forgets everything", () => {
    const t = new Tally();
    for (const x of data) t.add(x);
    t.reset();
    expect([t.count, t.mean, t.variance, t.min, t.max]).toEqual([0, 0, 0, Infinity, -Infinity]);
    t.add(1);
    t.add(3);
    expect([t.mean, t.variance, t.quantile(0.5)]).toEqual([2, 2, 2]);
    expect([...t.values()]).toEqual([1, 3]);
  });
});
