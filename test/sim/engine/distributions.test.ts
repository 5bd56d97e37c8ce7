import { describe, expect, it } from "vitest";
import { makeDist, normalCdf, stdNormal } from "../../../src/sim/engine/distributions.js";
import { makeRng } from "../../../src/sim/engine/random.js";
import type { DistSpec } from "../../../src/sim/model/schema.js";

const N = 200_000;
/** Standard errors allowed between a sample moment and the analytic one (two-sided P(fail) ~ 6e-5 per check). */
const Z = 4;

/** Sample mean, variance (n-1) and 4th central moment, plus min. */
function moments(xs: Float64Array) {
  const n = xs.length;
  let s = 0;
  let min = Infinity;
  for (const x of xs) {
    s += x;
    if (x < min) min = x;
  }
  const m = s / n;
  let s2 = 0;
  let s4 = 0;
  for (const x of xs) {
    const d = (x - m) * (x - m);
    s2 += d;
    s4 += d * d;
  }
  return { mean: m, variance: s2 / (n - 1), m4: s4 / n, min };
}

const cases: [string, DistSpec][] = [
  ["deterministic", { dist: "deterministic", value: 5 }],
  ["uniform", { dist: "uniform", min: 2, max: 7 }],
  ["exponential", { dist: "exponential", mean: 3 }],
  ["normal, truncation negligible", { dist: "normal", mean: 10, sd: 2 }],
  ["normal, truncated at 0 often", { dist: "normal", mean: 1, sd: 1.5 }],
  ["lognormal cv 0.3", { dist: "lognormal", mean: 6, cv: 0.3 }],
  ["lognormal cv 1", { dist: "lognormal", mean: 10, cv: 1 }],
  ["triangular", { dist: "triangular", min: 1, mode: 2, max: 6 }],
  ["gamma shape 4", { dist: "gamma", mean: 5, cv: 0.5 }],
  ["gamma shape 0.25 (boost path)", { dist: "gamma", mean: 5, cv: 2 }],
  ["erlang k 3", { dist: "erlang", k: 3, mean: 9 }],
  ["empirical lines per order", { dist: "empirical", values: [1, 2, 3, 4, 5], weights: [55, 25, 11, 6, 3] }],
];

describe("distributions: sample moments match the analytic ones", () => {
  for (const [name, spec] of cases) {
    it(name, () => {
      const d = makeDist(spec);
      const rng = makeRng(11, `dist/${name}`);
      const xs = new Float64Array(N);
      for (let i = 0; i < N; i++) xs[i] = d.sample(rng);
      const m = moments(xs);
      expect(m.min).toBeGreaterThanOrEqual(0);
      if (d.variance === 0) {
        expect(m.mean).toBe(d.mean);
        expect(m.variance).toBe(0);
        return;
      }
      // Mean: SE = sigma / sqrt(n), with the analytic sigma.
      const seMean = Math.sqrt(d.variance / N);
      expect(Math.abs(m.mean - d.mean)).toBeLessThan(Z * seMean);
      // Variance: SE of s^2 is sqrt((mu4 - sigma^4) / n); mu4 estimated from the sample.
      const seVar = Math.sqrt(Math.max(m.m4 - m.variance * m.variance, 0) / N);
      expect(Math.abs(m.variance - d.variance)).toBeLessThan(Z * seVar);
    });
  }

  it("normal truncated at 0 reports the truncated moments, not the parent's", () => {
    const d = makeDist({ dist: "normal", mean: 1, sd: 1.5 });
    // E[X | X > 0] for N(1, 1.5^2) is about 1.6 (a > mean), so the parent's 1 would be wrong.
    expect(d.mean).toBeGreaterThan(1.5);
    expect(d.variance).toBeLessThan(1.5 * 1.5);
  });

  it("empirical draws each value with its weight's share and never a weight-0 value", () => {
    const d = makeDist({ dist: "empirical", values: [10, 20, 30, 40], weights: [0, 1, 0, 3] });
    const rng = makeRng(3, "empirical");
    const counts = new Map<number, number>();
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = d.sample(rng);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([20, 40]);
    const p = 0.25;
    expect(Math.abs(counts.get(20)! / n - p)).toBeLessThan(Z * Math.sqrt((p * (1 - p)) / n));
    // A uniform draw of exactly 0 or exactly on a boundary must not pick a weight-0 value.
    expect(d.sample(() => 0)).toBe(20);
    expect(d.sample(() => 0.25)).toBe(40);
    expect(d.sample(() => 0.9999999)).toBe(40);
  });

  it("is deterministic for a given stream", () => {
    const d = makeDist({ dist: "lognormal", mean: 12, cv: 0.4 });
    const a = makeRng(5, "s");
    const b = makeRng(5, "s");
    for (let i = 0; i < 100; i++) expect(d.sample(a)).toBe(d.sample(b));
  });
});

describe("distributions: bad parameters throw naming the parameter and value", () => {
  const bad: [DistSpec, RegExp][] = [
    [{ dist: "deterministic", value: -1 }, /value.*-1/],
    [{ dist: "uniform", min: -2, max: 5 }, /min.*-2/],
    [{ dist: "uniform", min: 5, max: 2 }, /max.*2/],
    [{ dist: "exponential", mean: 0 }, /mean.*0/],
    [{ dist: "exponential", mean: Number.NaN }, /mean.*NaN/],
    [{ dist: "normal", mean: 5, sd: -1 }, /sd.*-1/],
    [{ dist: "normal", mean: 1, sd: 3 }, /sd \(3\)/],
    [{ dist: "lognormal", mean: -4, cv: 0.3 }, /mean.*-4/],
    [{ dist: "lognormal", mean: 4, cv: -0.3 }, /cv.*-0.3/],
    [{ dist: "triangular", min: 3, mode: 2, max: 6 }, /mode.*2/],
    [{ dist: "triangular", min: 1, mode: 2, max: 1.5 }, /max.*1.5/],
    [{ dist: "gamma", mean: 5, cv: 0 }, /cv.*0/],
    [{ dist: "erlang", k: 1.5, mean: 3 }, /k.*1.5/],
    [{ dist: "erlang", k: 2, mean: 0 }, /mean.*0/],
    [{ dist: "empirical", values: [] }, /values/],
    [{ dist: "empirical", values: [1, -2] }, /values/],
    [{ dist: "empirical", values: [1, 2], weights: [1] }, /weights/],
    [{ dist: "empirical", values: [1, 2], weights: [0, 0] }, /weights/],
  ];
  for (const [spec, re] of bad) {
    it(`${JSON.stringify(spec)} -> ${re}`, () => {
      expect(() => makeDist(spec)).toThrow(RangeError);
      expect(() => makeDist(spec)).toThrow(re);
      expect(() => makeDist(spec)).toThrow(new RegExp(`^${spec.dist} distribution`));
    });
  }
});

describe("normalCdf", () => {
  it("matches tabulated values to 1e-6", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
    expect(normalCdf(3)).toBeCloseTo(0.998650102, 6);
    expect(normalCdf(-5)).toBeLessThan(1e-6);
  });
});

describe("stdNormal (ziggurat)", () => {
  it("passes a Kolmogorov-Smirnov test against the normal CDF, tails and both signs included", () => {
    // 1e6 draws: the KS statistic's 0.1% critical value is 1.95/sqrt(n) ~ 0.002; a
    // wrong layer table or a lost sign shows as D > 0.01. normalCdf's own error
    // (1.5e-7) is far below. The tails beyond R = 3.44 (layer 0's tail method) and
    // beyond 4 must hold their shares within 4 binomial standard errors.
    const n = 1_000_000;
    const rng = makeRng(11, "ks");
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = stdNormal(rng);
    xs.sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const c = normalCdf(xs[i]);
      d = Math.max(d, c - i / n, (i + 1) / n - c);
    }
    expect(d).toBeLessThan(1.95 / Math.sqrt(n));
    for (const [cut, lo, hi] of [
      [3.442619855899, -Infinity, -3.442619855899],
      [3.442619855899, 3.442619855899, Infinity],
      [4, 4, Infinity],
    ]) {
      const p = 1 - normalCdf(cut);
      const count = xs.filter((x) => x > lo && x < hi).length;
      expect(Math.abs(count - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    }
  });
});
