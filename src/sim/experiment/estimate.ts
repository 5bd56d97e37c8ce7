/**
 * Confidence intervals across replications.
 *
 * A figure's replications are i.i.d. draws; its 95% interval is
 * mean +- t(0.975, n-1) * sd / sqrt(n). Proportions use the Wilson score interval,
 * which stays inside [0, 1] and is sensible at 0 of n (P(late) is often 0).
 *
 * Three kinds of figure get more than the plain t interval (see `shareEstimate`,
 * `nonNegativeEstimate` and `indicatorEstimate`):
 * - a share (0..1 in every replication, e.g. the share shipped within 24 h): the t
 *   interval clipped to [0, 1]. Near 100% the replications pile up at the bound with a
 *   long lower tail, and mean +- t half-width can pass 100% ("99.0% +- 2.0%"), which no
 *   share can reach; the clipped interval says the same and stays possible. `halfWidth`
 *   stays the t half-width (the precision a target asks for), `low`/`high` are clipped.
 * - a figure that cannot be negative (a count, a wait, a queue, hours, a cost: every other
 *   figure of a run): the t interval with its low end cut at 0. A heavy upper tail (one
 *   replication with a 295 min wait among waits of 2-20 min) makes the half-width larger
 *   than the mean ("19.6 +- 30.4"), and the interval would reach waits no run can have.
 *   As for a share, `halfWidth` stays the t half-width and `low`/`high` hold the cut
 *   interval, but only when it was cut (else mean +- halfWidth, as before).
 *   Differences between runs (compare) can be negative and keep the plain t interval.
 * - a 0/1 indicator per replication (P(any order late), backlog cleared): a proportion of
 *   replications, k of n, with the Wilson interval, as the deadlines table. A t interval on
 *   0/1 values is 0 wide when every replication agrees ("100% +- 0%" at 20 of 20, where
 *   Wilson gives 83.9-100%).
 */
import { mean, quantile, sampleStandardDeviation } from "simple-statistics";

export interface Estimate {
  mean: number;
  /**
   * 95% confidence half-width of the mean (Infinity for n < 2): t(0.975, n-1) sd / sqrt(n).
   * For a Wilson interval (`interval: "wilson"`): the larger of its two distances from the
   * mean (the interval is not symmetric: read `low` and `high`).
   */
  halfWidth: number;
  min: number;
  max: number;
  n: number;
  /**
   * The 95% interval [low, high] where it is not simply mean +- halfWidth: a share's t
   * interval clipped to [0, 1], a non-negative figure's cut at 0, or a 0/1 indicator's
   * Wilson interval. Absent elsewhere (and from summaries stored before it existed): read
   * mean +- halfWidth (see `intervalOf`).
   */
  low?: number;
  high?: number;
  /**
   * How [low, high] was made: "t" (mean +- halfWidth), "t-clipped" (a share whose t interval
   * passed 0 or 1, or a non-negative figure's that passed 0, cut there), "wilson" (k of n
   * replications, Wilson score interval).
   * Absent: "t".
   */
  interval?: "t" | "t-clipped" | "wilson";
  /** Wilson only: the replications where the indicator was 1 (k of n). */
  k?: number;
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

/**
 * A share's estimate (every value in [0, 1]): the t interval clipped to [0, 1] in
 * `low`/`high` ("t-clipped" when the clip cut it, else "t"); `halfWidth` stays the t
 * half-width. With one replication (no half-width) the interval is all of [0, 1].
 */
export function shareEstimate(values: readonly number[]): Estimate {
  const e = estimate(values);
  const lo = e.mean - e.halfWidth;
  const hi = e.mean + e.halfWidth;
  const low = Math.max(0, lo);
  const high = Math.min(1, hi);
  return { ...e, low, high, interval: low !== lo || high !== hi ? "t-clipped" : "t" };
}

/**
 * The estimate of a figure that cannot be negative (every value >= 0: a count, a wait, a
 * queue, hours, a cost): when mean - halfWidth is below 0, the interval [0, mean +
 * halfWidth] in `low`/`high` ("t-clipped"); otherwise, or with one replication (no
 * half-width), the plain estimate (mean +- halfWidth). `halfWidth` stays the t half-width.
 */
export function nonNegativeEstimate(values: readonly number[]): Estimate {
  const e = estimate(values);
  const lo = e.mean - e.halfWidth;
  if (!(lo < 0) || !Number.isFinite(e.halfWidth)) return e;
  return { ...e, low: 0, high: e.mean + e.halfWidth, interval: "t-clipped" };
}

/**
 * The estimate of a 0/1 indicator per replication (a value above 0.5 counts as 1): the
 * share k / n of replications where it was 1 with its Wilson interval (`wilson`, as P(any
 * order late) in the deadlines table), `halfWidth` the larger of the interval's distances
 * from the mean, `k` the count. min and max are those of the values (0 or 1).
 */
export function indicatorEstimate(values: readonly number[]): Estimate {
  const e = estimate(values);
  if (e.n === 0) return e;
  let k = 0;
  for (const v of values) if (v > 0.5) k++;
  const w = wilson(k, e.n);
  return { ...e, mean: w.p, halfWidth: Math.max(w.p - w.low, w.high - w.p), low: w.low, high: w.high, interval: "wilson", k };
}

/**
 * The 95% interval of an estimate: its `low`/`high` when it has them (a clipped share, a
 * Wilson indicator), else mean +- halfWidth (so also for summaries stored before).
 */
export function intervalOf(e: Estimate): { low: number; high: number; method: "t" | "t-clipped" | "wilson" } {
  if (e.low !== undefined && e.high !== undefined) return { low: e.low, high: e.high, method: e.interval ?? "t" };
  return { low: e.mean - e.halfWidth, high: e.mean + e.halfWidth, method: "t" };
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

/**
 * 95% interval of the difference B - A of two proportions of replications (0/1 values, a
 * value above 0.5 counting as 1) from their Wilson intervals: Newcombe's hybrid score
 * method (Newcombe 1998, method 10 for independent samples; for paired replications, with
 * common random numbers, his paired method with the phi correlation of the pairs, 0 when it
 * is undefined). Unlike a t interval on the 0/1 differences it is not 0 wide when every
 * pair agrees (20 of 20 late in both: -16.1 to +16.1 points). `paired`: a[i] and b[i] are
 * one replication's; otherwise the two samples are independent (any lengths). `halfWidth`:
 * the larger distance of the interval from the difference. Null when a sample is empty.
 */
export function wilsonDifference(a: readonly number[], b: readonly number[], paired: boolean): { diff: number; low: number; high: number; halfWidth: number } | null {
  const na = a.length;
  const nb = b.length;
  if (na === 0 || nb === 0 || (paired && na !== nb)) return null;
  const ka = a.filter((v) => v > 0.5).length;
  const kb = b.filter((v) => v > 0.5).length;
  const wa = wilson(ka, na);
  const wb = wilson(kb, nb);
  let phi = 0;
  if (paired) {
    // 2 x 2 table of the pairs: both 1, only A, only B, neither.
    let both = 0;
    let onlyA = 0;
    let onlyB = 0;
    let neither = 0;
    for (let i = 0; i < na; i++) {
      const x = a[i] > 0.5;
      const y = b[i] > 0.5;
      if (x && y) both++;
      else if (x) onlyA++;
      else if (y) onlyB++;
      else neither++;
    }
    const den = Math.sqrt((both + onlyA) * (onlyB + neither) * (both + onlyB) * (onlyA + neither));
    phi = den > 0 ? (both * neither - onlyA * onlyB) / den : 0;
  }
  const diff = wb.p - wa.p;
  // B - A: the lower end from B's lower and A's upper distances, the upper from B's upper and A's lower.
  const dl = Math.sqrt(Math.max(0, (wb.p - wb.low) ** 2 - 2 * phi * (wb.p - wb.low) * (wa.high - wa.p) + (wa.high - wa.p) ** 2));
  const du = Math.sqrt(Math.max(0, (wb.high - wb.p) ** 2 - 2 * phi * (wb.high - wb.p) * (wa.p - wa.low) + (wa.p - wa.low) ** 2));
  const low = Math.max(-1, diff - dl);
  const high = Math.min(1, diff + du);
  return { diff, low, high, halfWidth: Math.max(diff - low, high - diff) };
}

/** Empirical quantile of values (0 when empty). */
export function q(values: readonly number[], p: number): number {
  return values.length ? quantile(values as number[], p) : 0;
}

/** The 1-based rank of the nearest-rank p quantile among n values (1..n). */
function rankOf(p: number, n: number): number {
  return Math.min(n, Math.max(1, Math.ceil(p * n - 1e-9)));
}

/**
 * Nearest-rank quantile: the smallest value with at least a share p of the values
 * at or below it (always one of the values, so a count stays whole). With 10
 * replications the 0.9 quantile is the 9th smallest: 1 run in 10 reaches it.
 */
export function nearestRank(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[rankOf(p, sorted.length) - 1];
}

/**
 * The fewest values whose nearest-rank p quantile is not simply their largest: rank
 * ceil(p n) < n, that is n >= 1 / (1 - p): 10 for P90, 100 for P99. With fewer, "P90"
 * is the worst replication and says nothing of how often it is reached.
 */
export function quantileNeeds(p: number): number {
  if (!(p < 1)) return Infinity; // P100 is the largest of any number of values
  let n = 1;
  while (rankOf(p, n) >= n) n++;
  return n;
}
