import { describe, expect, it } from "vitest";
import { PiecewisePoisson } from "../../../src/sim/engine/arrivals.js";
import { makeRng } from "../../../src/sim/engine/random.js";

// A peak-day-like shape in miniature: a spike, a gap with no orders, a busy stretch, a tail.
const STARTS = [0, 100, 300, 600];
const RATES = [0.5, 0, 2, 0.2];
const END = 1000;
const SEG_EXPECTED = [50, 0, 600, 80];
const TOTAL = 730;
const R = 400;
/** Standard errors allowed (two-sided P(fail) ~ 6e-5 per check). */
const Z = 4;

function drawAll(pp: PiecewisePoisson): number[] {
  const out: number[] = [];
  for (let t = pp.next(); t !== Infinity; t = pp.next()) out.push(t);
  return out;
}

function replications() {
  const counts: number[] = [];
  const seg = [0, 0, 0, 0];
  let inGap = 0;
  let outside = 0;
  let notIncreasing = 0;
  let sumPos = 0;
  let nPos = 0;
  for (let r = 0; r < R; r++) {
    const ts = drawAll(new PiecewisePoisson(STARTS, RATES, END, makeRng(1, `rep${r}`)));
    counts.push(ts.length);
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i];
      if (i > 0 && !(t > ts[i - 1])) notIncreasing++;
      if (t < 0 || t >= END) outside++;
      let s = 0;
      while (s + 1 < STARTS.length && STARTS[s + 1] <= t) s++;
      seg[s]++;
      if (s === 1) inGap++;
      if (s === 2) {
        sumPos += t;
        nPos++;
      }
    }
  }
  return { counts, seg, inGap, outside, notIncreasing, meanPosInBusy: sumPos / nPos, nPos };
}

describe("PiecewisePoisson", () => {
  const rep = replications();

  it("reports the expected count Lambda", () => {
    const pp = new PiecewisePoisson(STARTS, RATES, END, makeRng(1, "x"));
    expect(pp.expectedTotal).toBeCloseTo(TOTAL, 9);
    expect(pp.expected(0, 100)).toBeCloseTo(50, 9);
    expect(pp.expected(50, 350)).toBeCloseTo(25 + 0 + 100, 9);
    expect(pp.expected(-10, 2000)).toBeCloseTo(TOTAL, 9);
  });

  it("produces Lambda arrivals on average over many replications (Poisson mean and variance)", () => {
    const n = rep.counts.length;
    const mean = rep.counts.reduce((a, b) => a + b, 0) / n;
    const variance = rep.counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    // Count ~ Poisson(730): SE of the mean sqrt(730 / R) ~ 1.35.
    expect(Math.abs(mean - TOTAL)).toBeLessThan(Z * Math.sqrt(TOTAL / n));
    // Var(s^2) for a Poisson(l) count is (l + 2 l^2) / n; a fixed-spacing generator would give ~0.
    expect(Math.abs(variance - TOTAL)).toBeLessThan(Z * Math.sqrt((TOTAL + 2 * TOTAL * TOTAL) / n));
  });

  it("matches the expected count in every segment", () => {
    for (let s = 0; s < STARTS.length; s++) {
      const mean = rep.seg[s] / R;
      expect(Math.abs(mean - SEG_EXPECTED[s])).toBeLessThanOrEqual(Z * Math.sqrt(SEG_EXPECTED[s] / R));
    }
  });

  it("produces no arrival in a zero-rate segment nor outside the horizon; times increase strictly", () => {
    expect(rep.inGap).toBe(0);
    expect(rep.outside).toBe(0);
    expect(rep.notIncreasing).toBe(0);
  });

  it("spreads arrivals uniformly within a constant-rate segment", () => {
    // Uniform on [300, 600): mean 450, sd 300 / sqrt(12).
    expect(Math.abs(rep.meanPosInBusy - 450)).toBeLessThan(Z * (300 / Math.sqrt(12) / Math.sqrt(rep.nPos)));
  });

  it("keeps returning Infinity after the horizon, and returns it at once for an all-zero rate", () => {
    const pp = new PiecewisePoisson([0], [0.01], 10, makeRng(1, "short"));
    drawAll(pp);
    expect(pp.next()).toBe(Infinity);
    expect(pp.next()).toBe(Infinity);
    expect(new PiecewisePoisson([0, 5], [0, 0], 10, makeRng(1, "zero")).next()).toBe(Infinity);
  });

  it("starts at the first segment start", () => {
    const ts = drawAll(new PiecewisePoisson([3600, 7200], [1, 0.5], 10800, makeRng(5, "late")));
    expect(ts.length).toBeGreaterThan(4000);
    expect(Math.min(...ts)).toBeGreaterThanOrEqual(3600);
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const a = drawAll(new PiecewisePoisson(STARTS, RATES, END, makeRng(7, "arrivals")));
    const b = drawAll(new PiecewisePoisson(STARTS, RATES, END, makeRng(7, "arrivals")));
    const c = drawAll(new PiecewisePoisson(STARTS, RATES, END, makeRng(8, "arrivals")));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it("rejects bad segments, naming the offending entry", () => {
    const rng = makeRng(1, "bad");
    expect(() => new PiecewisePoisson([0, 10], [1, -1], 20, rng)).toThrow(/rates\[1\].*-1/);
    expect(() => new PiecewisePoisson([0, 10], [1, Number.NaN], 20, rng)).toThrow(/rates\[1\]/);
    expect(() => new PiecewisePoisson([0, 10, 10], [1, 1, 1], 20, rng)).toThrow(/starts\[2\]/);
    expect(() => new PiecewisePoisson([0, 10], [1], 20, rng)).toThrow(/same non-zero length/);
    expect(() => new PiecewisePoisson([], [], 20, rng)).toThrow(/same non-zero length/);
    expect(() => new PiecewisePoisson([0, 10], [1, 1], 10, rng)).toThrow(/end \(10\)/);
  });
});
