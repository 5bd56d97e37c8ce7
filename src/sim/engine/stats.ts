/**
 * Statistics collected during a run: time-weighted levels (queue length, busy
 * servers) apart from tallies of observations (waits).
 */
import { quantileSorted } from "simple-statistics";

/** Time-weighted level: mean over time, max, current value. O(1) per update. */
export class TimeWeighted {
  #t0: number;
  #lastT: number;
  #value: number;
  #area = 0;
  #max: number;

  constructor(t0 = 0, value = 0) {
    this.#t0 = t0;
    this.#lastT = t0;
    this.#value = value;
    this.#max = value;
  }

  /** The level changes to `value` at time `t` (t never decreases). */
  set(t: number, value: number): void {
    this.#area += this.#value * (t - this.#lastT);
    this.#lastT = t;
    this.#value = value;
    if (value > this.#max) this.#max = value;
  }

  get value(): number {
    return this.#value;
  }
  get max(): number {
    return this.#max;
  }
  /** Integral of the level from t0 to t (e.g. busy server-seconds). */
  area(t: number): number {
    return this.#area + this.#value * (t - this.#lastT);
  }
  /** Time average from t0 to t (0 for an empty interval). */
  mean(t: number): number {
    const span = t - this.#t0;
    return span > 0 ? this.area(t) / span : this.#value;
  }
  /** Restarts the averaging window at t (warm-up deletion), keeping the current level. */
  resetAt(t: number): void {
    this.#t0 = t;
    this.#lastT = t;
    this.#area = 0;
    this.#max = this.#value;
  }
}

/**
 * Tally of observations: streaming mean and variance (Welford), min, max; with
 * `keep` the values are stored (growable Float64Array) for exact quantiles.
 */
export class Tally {
  count = 0;
  #mean = 0;
  #m2 = 0;
  min = Infinity;
  max = -Infinity;
  #values: Float64Array | null;
  #sorted = false;

  constructor(keep = true, initialCapacity = 1024) {
    this.#values = keep ? new Float64Array(initialCapacity) : null;
  }

  add(x: number): void {
    const n = ++this.count;
    const d = x - this.#mean;
    this.#mean += d / n;
    this.#m2 += d * (x - this.#mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
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

  get mean(): number {
    return this.count > 0 ? this.#mean : 0;
  }
  /** Sample variance (n - 1). */
  get variance(): number {
    return this.count > 1 ? this.#m2 / (this.count - 1) : 0;
  }
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  /** Quantile p in [0, 1] of the kept values (0 when empty; NaN when values are not kept). */
  quantile(p: number): number {
    if (this.count === 0) return 0;
    const v = this.#values;
    if (!v) return Number.NaN;
    const view = v.subarray(0, this.count);
    if (!this.#sorted) {
      view.sort();
      this.#sorted = true;
    }
    return quantileSorted(view as unknown as number[], p);
  }

  /** The kept values (a view, in insertion order until `quantile` sorts them). */
  values(): Float64Array {
    return this.#values ? this.#values.subarray(0, this.count) : new Float64Array(0);
  }

  reset(): void {
    this.count = 0;
    this.#mean = 0;
    this.#m2 = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.#sorted = false;
  }
}
