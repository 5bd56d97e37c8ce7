/**
 * Statistics collected during a run: time-weighted levels (queue length, busy
 * servers) apart from tallies of observations (waits).
 */
import { quantileSorted } from "simple-statistics";

// PERF: the doubles a statistic updates on every event live in a Float64Array, not in
// object fields. V8 kept some of those fields tagged (they first held small integers):
// the optimised Station code then boxed every new double in a fresh heap number and
// ran the write barrier for the old statistics object; under callgrind 3.5% of the
// instructions of the 200k-order run were write barriers, ~0 after this change.

const T0 = 0;
const LAST_T = 1;
const VALUE = 2;
const AREA = 3;
const MAX = 4;

/** Time-weighted level: mean over time, max, current value. O(1) per update. */
export class TimeWeighted {
  /** [t0, last update time, value, area since t0 up to the last update, max]. */
  readonly #s = new Float64Array(5);

  constructor(t0 = 0, value = 0) {
    const s = this.#s;
    s[T0] = t0;
    s[LAST_T] = t0;
    s[VALUE] = value;
    s[MAX] = value;
  }

  /** The level changes to `value` at time `t` (t never decreases). */
  set(t: number, value: number): void {
    const s = this.#s;
    s[AREA] += s[VALUE] * (t - s[LAST_T]);
    s[LAST_T] = t;
    s[VALUE] = value;
    if (value > s[MAX]) s[MAX] = value;
  }

  get value(): number {
    return this.#s[VALUE];
  }
  get max(): number {
    return this.#s[MAX];
  }
  /** Integral of the level from t0 to t (e.g. busy server-seconds). */
  area(t: number): number {
    const s = this.#s;
    return s[AREA] + s[VALUE] * (t - s[LAST_T]);
  }
  /** Time average from t0 to t (0 for an empty interval). */
  mean(t: number): number {
    const span = t - this.#s[T0];
    return span > 0 ? this.area(t) / span : this.#s[VALUE];
  }
  /** Restarts the averaging window at t (warm-up deletion), keeping the current level. */
  resetAt(t: number): void {
    const s = this.#s;
    s[T0] = t;
    s[LAST_T] = t;
    s[AREA] = 0;
    s[MAX] = s[VALUE];
  }
}

/**
 * Histogram bins for streaming quantiles, taken straight from the float's bits:
 * the exponent and the top 7 mantissa bits, so each bin spans 1/128 of an octave
 * (< 0.8% relative width). PERF: no Math.log per observation.
 */
const H_MANT_BITS = 7;
const H_SHIFT = 20 - H_MANT_BITS; // the high word holds 20 mantissa bits
const H_MIN = 2 ** -20; // ~1e-6; smaller values count as zero
const H_BASE = (1023 - 20) << H_MANT_BITS; // bin of H_MIN
const H_BINS = (60 << H_MANT_BITS) + 1; // up to 2^40 (~1e12)
const scratch = new Float64Array(1);
const scratchHi = new Uint32Array(scratch.buffer, 4, 1); // little-endian high word

function binOf(x: number): number {
  scratch[0] = x;
  const b = (scratchHi[0] >>> H_SHIFT) - H_BASE;
  return b < H_BINS ? b : H_BINS - 1;
}

function binMid(b: number): number {
  // Value at the bin's lower edge times the middle of the bin's span.
  const e = ((b + H_BASE) >>> H_MANT_BITS) - 1023;
  const m = (b + H_BASE) & ((1 << H_MANT_BITS) - 1);
  return 2 ** e * (1 + (m + 0.5) / (1 << H_MANT_BITS));
}

/**
 * Tally of observations: streaming mean and variance (Welford), min, max.
 * Quantiles: with `keep` the values are stored (growable Float64Array) and
 * quantiles are exact; without, a log histogram (1% bins) gives quantiles within
 * 0.5% relative error in O(1) memory. PERF: sorting millions of waits at the end
 * of every replication cost more than the simulation; the model uses histograms.
 */
export class Tally {
  count = 0;
  /** [mean, m2 (Welford), min, max] (see the PERF note above TimeWeighted). */
  readonly #m = Float64Array.of(0, 0, Infinity, -Infinity);
  #values: Float64Array | null;
  #sorted = false;
  #hist: Float64Array | null;
  /** Observations <= H_MIN (zero waits), kept apart from the histogram. */
  #low = 0;

  constructor(keep = true, initialCapacity = 1024) {
    this.#values = keep ? new Float64Array(initialCapacity) : null;
    this.#hist = keep ? null : new Float64Array(H_BINS);
  }

  add(x: number): void {
    const n = ++this.count;
    const m = this.#m;
    const d = x - m[0];
    m[0] += d / n;
    m[1] += d * (x - m[0]);
    if (x < m[2]) m[2] = x;
    if (x > m[3]) m[3] = x;
    const h = this.#hist;
    if (h) {
      if (x <= H_MIN) this.#low++;
      else h[binOf(x)]++;
      return;
    }
    const v = this.#values;
    if (v) {
      if (n > v.length) {
        const b = new Float64Array(v.length * 2);
        b.set(v);
        this.#values = b;
        b[n - 1] = x;
      } else v[n - 1] = x;
      this.#sorted = false;
    }
  }

  /** Smallest observation (Infinity when empty). */
  get min(): number {
    return this.#m[2];
  }
  /** Largest observation (-Infinity when empty). */
  get max(): number {
    return this.#m[3];
  }
  get mean(): number {
    return this.count > 0 ? this.#m[0] : 0;
  }
  /** Sample variance (n - 1). */
  get variance(): number {
    return this.count > 1 ? this.#m[1] / (this.count - 1) : 0;
  }
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  /** Quantile p in [0, 1] (0 when empty): exact when values are kept, else from the histogram. */
  quantile(p: number): number {
    if (this.count === 0) return 0;
    const v = this.#values;
    if (!v) return this.#histQuantile(p);
    const view = v.subarray(0, this.count);
    if (!this.#sorted) {
      view.sort();
      this.#sorted = true;
    }
    return quantileSorted(view as unknown as number[], p);
  }

  #histQuantile(p: number): number {
    const h = this.#hist!;
    const rank = p * (this.count - 1);
    let acc = this.#low;
    if (rank < acc) return Math.max(this.min, 0);
    for (let i = 0; i < H_BINS; i++) {
      acc += h[i];
      if (rank < acc) {
        return Math.min(this.max, Math.max(this.min, binMid(i)));
      }
    }
    return this.max;
  }

  /** The kept values (a view, in insertion order until `quantile` sorts them). */
  values(): Float64Array {
    return this.#values ? this.#values.subarray(0, this.count) : new Float64Array(0);
  }

  reset(): void {
    this.count = 0;
    this.#m.set([0, 0, Infinity, -Infinity]);
    this.#sorted = false;
    this.#low = 0;
    this.#hist?.fill(0);
  }
}
