/**
 * Confidence intervals across replications.
 *
 * A figure's replications are i.i.d. draws; its 95% interval is
 * mean +- t(0.975, n-1) * sd / sqrt(n). Proportions use the Wilson score interval,
 * which stays inside [0, 1] and is sensible at 0 of n (P(late) is often 0).
 */
import { mean, quantile, sampleStandardDeviation } from "simple-statistics";

export interface Estimate {
  mean: number;
  /** 95% confidence half-width of the mean (Infinity for n < 2). */
  halfWidth: number;
  min: number;
  max: number;
  n: number;
}

/** Two-sided 95% t quantile t(0.975, df). Exact table to df 30, then Cornish-Fisher expansion. */
export function t975(df: number): number {
  const table = [
    Infinity, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101,
    2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
  ];
  if (df < 1) return Infinity;
  if (df <= 30) return table[Math.floor(df)];
  const z = 1.959963984540054;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3;
}

export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, halfWidth: Infinity, min: Number.NaN, max: Number.NaN, n: 0 };
  const m = mean(values as number[]);
  const hw = n > 1 ? (t975(n - 1) * sampleStandardDeviation(values as number[])) / Math.sqrt(n) : Infinity;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return { mean: m, halfWidth: hw, min: lo, max: hi, n };
}

/**
 * The estimate of a figure that some replications lack (null: no observation in that
 * run, e.g. the wait at a station where no order started): mean, interval and range
 * over the replications that have it, `n` of them; null when none has it.
 */
export function estimateOf(values: readonly (number | null)[]): Estimate | null {
  const have: number[] = [];
  for (const v of values) if (v !== null) have.push(v);
  return have.length ? estimate(have) : null;
}

/** Wilson 95% interval for k successes in n trials: [low, high]. */
export function wilson(k: number, n: number): { p: number; low: number; high: number } {
  if (n === 0) return { p: Number.NaN, low: 0, high: 1 };
  const z = 1.959963984540054;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { p, low: Math.max(0, c - h), high: Math.min(1, c + h) };
}

/** Empirical quantile of values (0 when empty). */
export function q(values: readonly number[], p: number): number {
  return values.length ? quantile(values as number[], p) : 0;
}

/**
 * Nearest-rank quantile: the smallest value with at least a share p of the values
 * at or below it (always one of the values, so a count stays whole). With 10
 * replications the 0.9 quantile is the 9th smallest: 1 run in 10 reaches it.
 */
export function nearestRank(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const k = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length - 1e-9)));
  return sorted[k - 1];
}
