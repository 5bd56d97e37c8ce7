/**
 * Two stored runs side by side, figure by figure (the flat names of `figuresOf`).
 *
 * When both runs used the same replication seeds (common random numbers), the
 * difference B - A is estimated from the paired per-replication differences: the
 * shared randomness cancels and the interval is much narrower than from two
 * independent samples. Otherwise the interval is Welch's for independent samples.
 */
import { sampleVariance } from "simple-statistics";
import { estimate, t975, type Estimate } from "../sim/experiment/estimate.js";
import { isShareFigure } from "../sim/experiment/replicate.js";

export interface RunFigures {
  figures: Record<string, number>[];
  seeds: number[];
}

export interface FigureComparison {
  name: string;
  /** A share 0..1 (shown as a percentage). */
  share: boolean;
  a: Estimate;
  b: Estimate;
  /** mean(B) - mean(A). */
  diff: number;
  /** 95% interval of the difference; absent when it cannot be computed (fewer than 2 replications). */
  ci?: { low: number; high: number; halfWidth: number };
}

export interface Comparison {
  /** True when the runs share their seeds, replication by replication. */
  paired: boolean;
  method: "paired" | "welch";
  figures: FigureComparison[];
}

export function sameSeeds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.length > 0 && a.every((s, i) => s === b[i]);
}

/** Welch's 95% half-width for mean(B) - mean(A) from independent samples. */
function welchHalfWidth(a: number[], b: number[]): number {
  if (a.length < 2 || b.length < 2) return Infinity;
  const va = sampleVariance(a) / a.length;
  const vb = sampleVariance(b) / b.length;
  const se2 = va + vb;
  if (se2 === 0) return 0;
  const df = (se2 * se2) / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  return t975(df) * Math.sqrt(se2);
}

/** Compares every figure present in both runs, in A's order. */
export function compareRuns(a: RunFigures, b: RunFigures): Comparison {
  const paired = sameSeeds(a.seeds, b.seeds);
  const names = Object.keys(a.figures[0] ?? {}).filter((n) => n in (b.figures[0] ?? {}));
  const figures = names.map((name): FigureComparison => {
    const xa = a.figures.map((f) => f[name] ?? Number.NaN);
    const xb = b.figures.map((f) => f[name] ?? Number.NaN);
    const ea = estimate(xa);
    const eb = estimate(xb);
    const diff = eb.mean - ea.mean;
    const hw = paired ? estimate(xb.map((v, i) => v - xa[i])).halfWidth : welchHalfWidth(xa, xb);
    const out: FigureComparison = { name, share: isShareFigure(name), a: ea, b: eb, diff };
    if (Number.isFinite(hw)) out.ci = { low: diff - hw, high: diff + hw, halfWidth: hw };
    return out;
  });
  return { paired, method: paired ? "paired" : "welch", figures };
}
