/**
 * Non-homogeneous Poisson arrivals from a piecewise-constant rate, generated
 * exactly by inversion of the cumulative intensity:
 * unit-rate Poisson epochs E1 < E2 < ... (exponential gaps) map to the times t
 * with Lambda(t) = E_i, where Lambda is piecewise linear. No "rate x dt"
 * approximation, and no rejected draws (unlike thinning), so the number of
 * uniforms used depends only on the number of arrivals.
 */
import type { Rng } from "./random.js";

export class PiecewisePoisson {
  /** Segment start times (seconds), ascending; segment i is [starts[i], starts[i+1]). */
  readonly starts: Float64Array;
  /** Rate in segment i, arrivals per second (>= 0). */
  readonly rates: Float64Array;
  /** End of the last segment (no arrivals after it). */
  readonly end: number;
  /** Lambda at each segment start. */
  readonly #cum: Float64Array;
  #rng: Rng;
  #seg = 0;
  /**
   * [target, t]: the unit-rate epoch reached and the last arrival time. PERF: in a
   * Float64Array, not number fields, so a new arrival stores no heap number (see
   * stats.ts).
   */
  readonly #state = new Float64Array(2);

  constructor(starts: ArrayLike<number>, rates: ArrayLike<number>, end: number, rng: Rng) {
    if (starts.length !== rates.length || starts.length === 0) {
      throw new RangeError(`starts (${starts.length}) and rates (${rates.length}) must have the same non-zero length`);
    }
    for (let i = 0; i < rates.length; i++) {
      if (!(rates[i] >= 0 && Number.isFinite(rates[i]))) throw new RangeError(`rates[${i}] must be a finite number >= 0, got ${rates[i]}`);
      if (i > 0 && !(starts[i] > starts[i - 1])) throw new RangeError(`starts must ascend: starts[${i}] = ${starts[i]}`);
    }
    if (!(end > starts[starts.length - 1])) throw new RangeError(`end (${end}) must be after the last start`);
    this.starts = Float64Array.from(starts);
    this.rates = Float64Array.from(rates);
    this.end = end;
    this.#cum = new Float64Array(starts.length + 1);
    for (let i = 0; i < starts.length; i++) {
      const segEnd = i + 1 < starts.length ? starts[i + 1] : end;
      this.#cum[i + 1] = this.#cum[i] + rates[i] * (segEnd - starts[i]);
    }
    this.#rng = rng;
    this.#state[1] = this.starts[0];
  }

  /** Expected number of arrivals over the whole horizon (Lambda(end)). */
  get expectedTotal(): number {
    return this.#cum[this.#cum.length - 1];
  }

  /** Expected arrivals between a and b. */
  expected(a: number, b: number): number {
    return this.#lambda(b) - this.#lambda(a);
  }

  /** Next arrival time in seconds, or Infinity once the horizon is over. */
  next(): number {
    const st = this.#state;
    st[0] += -Math.log(1 - this.#rng());
    const target = st[0];
    const cum = this.#cum;
    const n = this.starts.length;
    if (target >= cum[n]) {
      st[1] = Infinity;
      return Infinity;
    }
    while (cum[this.#seg + 1] <= target) this.#seg++;
    const i = this.#seg;
    // rates[i] > 0 here, because cum[i] <= target < cum[i+1].
    const t = this.starts[i] + (target - cum[i]) / this.rates[i];
    st[1] = t;
    return t;
  }

  #lambda(t: number): number {
    const s = this.starts;
    if (t <= s[0]) return 0;
    if (t >= this.end) return this.#cum[s.length];
    let i = 0;
    while (i + 1 < s.length && s[i + 1] <= t) i++;
    return this.#cum[i] + this.rates[i] * (t - s[i]);
  }
}
