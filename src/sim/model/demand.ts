/**
 * Demand: orders per day x intraday profile -> a piecewise-constant arrival rate
 * in 10-minute buckets over the peak day and the days after.
 *
 * The peak-day shape follows the seller's own plan in DOMAIN.md:
 *   00:00-00:10 flash sales (the sharpest spike), 00:10-02:00 impulse buying,
 *   02:00-22:00 "rational" buying with peaks at the end of the working day and in
 *   the evening, 22:00-24:00 the last-call rush.
 * The shares of the day in each block are ours (DOMAIN.md gives the shape, not
 * the numbers): 8% in the first 10 minutes, 17% until 02:00, 60% from 02:00 to
 * 22:00, 15% in the last two hours.
 */
import type { Scenario } from "./schema.js";

export const BUCKET_SEC = 600;
export const BUCKETS_PER_DAY = 144;

type Profile = Scenario["demand"]["profile"];

/** Relative hourly weights of a "rational" day, 00..23 (ours: night trough, peaks ~17:00 and ~21:00). */
const RATIONAL_HOURLY = [3, 2, 1, 0.6, 0.5, 0.6, 1, 2, 3.5, 4.5, 5, 5, 4.5, 4.5, 5, 5.5, 6.5, 7.5, 6.5, 6, 7.5, 8.5, 7.5, 5];
/** A normal day's hourly weights (ours: the usual online-shop curve). */
const NORMAL_HOURLY = [2.5, 1.5, 0.8, 0.5, 0.4, 0.5, 1, 2, 3.5, 5, 6, 6, 5, 5, 5.5, 5.5, 5.5, 5.5, 5, 5.5, 6.5, 7.5, 7, 4.5];

function normalise(w: number[]): Float64Array {
  const out = Float64Array.from(w);
  const total = out.reduce((a, b) => a + b, 0);
  for (let i = 0; i < out.length; i++) out[i] /= total;
  return out;
}

/** Shares of the day's orders in each 10-minute bucket (sum 1). */
export function bucketShares(profile: Profile): Float64Array {
  if (profile === "flat") return normalise(new Array(BUCKETS_PER_DAY).fill(1));
  if (profile === "normal-day") return normalise(NORMAL_HOURLY.flatMap((w) => new Array(6).fill(w)));
  if (profile === "peak-day") {
    const w = new Array<number>(BUCKETS_PER_DAY).fill(0);
    w[0] = 0.08; // 00:00-00:10
    for (let b = 1; b < 12; b++) w[b] = 0.17 / 11; // 00:10-02:00
    const mid = RATIONAL_HOURLY.slice(2, 22);
    const midTotal = mid.reduce((a, b) => a + b, 0);
    for (let h = 2; h < 22; h++) for (let k = 0; k < 6; k++) w[h * 6 + k] = (0.6 * RATIONAL_HOURLY[h]) / midTotal / 6;
    for (let b = 132; b < 144; b++) w[b] = 0.15 / 12; // 22:00-24:00
    return normalise(w);
  }
  if ("hourly" in profile) return normalise(profile.hourly.flatMap((x) => new Array(6).fill(x)));
  return normalise(profile.tenMinute);
}

export interface DemandPlan {
  /** Segment starts (s) and rates (orders/s) for PiecewisePoisson. */
  starts: Float64Array;
  rates: Float64Array;
  /** End of the last demand day (s). */
  end: number;
  /** Expected paid orders per day (excluding presale). */
  perDay: number[];
  /** Presale orders released at 00:00 of the peak day. */
  presale: number;
}

/**
 * Builds the rate function. `dayStartSec(d)` gives each day's 00:00 in seconds
 * from the start (days are 86,400 s except across a DST change).
 */
export function demandPlan(s: Scenario, dayStartSec: (day: number) => number): DemandPlan {
  const d = s.demand;
  const ff = d.forecastFactor;
  const perDay = [d.baselinePerDay * d.surge * ff, ...d.daysAfter.map((m) => d.baselinePerDay * m * ff)];
  const peak = bucketShares(d.profile);
  const after = bucketShares(d.afterProfile);
  const n = perDay.length * BUCKETS_PER_DAY;
  const starts = new Float64Array(n);
  const rates = new Float64Array(n);
  for (let day = 0; day < perDay.length; day++) {
    const t0 = dayStartSec(day);
    const len = (dayStartSec(day + 1) - t0) / BUCKETS_PER_DAY;
    const shares = day === 0 ? peak : after;
    for (let b = 0; b < BUCKETS_PER_DAY; b++) {
      const i = day * BUCKETS_PER_DAY + b;
      starts[i] = t0 + b * len;
      rates[i] = (perDay[day] * shares[b]) / len;
    }
  }
  return { starts, rates, end: dayStartSec(perDay.length), perDay, presale: Math.round(d.presaleOrders * ff) };
}

/**
 * Orders the scenario brings in all (presale plus every day's volume), whatever the
 * horizon cuts off: a size for cost estimates, not a model output.
 */
export function expectedOrders(s: Scenario): number {
  const d = s.demand;
  const days = d.surge + d.daysAfter.reduce((a, m) => a + m, 0);
  return Math.round(d.presaleOrders * d.forecastFactor) + d.baselinePerDay * d.forecastFactor * days;
}
