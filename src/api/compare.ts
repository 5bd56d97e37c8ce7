/**
 * Two stored runs side by side, figure by figure (the flat names of `figuresOf`).
 *
 * When both runs used the same replication seeds (common random numbers), the
 * difference B - A is estimated from the paired per-replication differences: the
 * shared randomness cancels and the interval is much narrower than from two
 * independent samples. That holds too when one run has more replications from the
 * same base seed (its seeds extend the other's): the pairs are the replications both
 * have. Otherwise the interval is Welch's for independent samples.
 *
 * Each figure's `significant` follows the command line's `*` (significance.ts): the
 * interval excludes 0 and the difference shows at the precision printed (a share to 0.1
 * percentage point, other figures to 0.01, whole from 100 up). About 5% of the figures
 * compared are marked by chance alone when nothing differs (`significance`).
 */
import { sampleVariance } from "simple-statistics";
import { estimate, t975, type Estimate, wilsonDifference } from "../sim/experiment/estimate.js";
import { figureEstimateOf, isIndicatorFigure, isShareFigure } from "../sim/experiment/replicate.js";
import { chanceNote, expectedByChance, isSignificant } from "../sim/experiment/significance.js";

export interface RunFigures {
  /** Per replication; null (or absent) where the replication has no observation of the figure. */
  figures: Record<string, number | null>[];
  seeds: number[];
}

export interface FigureComparison {
  name: string;
  /** A share 0..1 (shown as a percentage). */
  share: boolean;
  /** Over the replications that have the figure (`n` of them); null when none has it. */
  a: Estimate | null;
  b: Estimate | null;
  /**
   * B - A: paired, the mean of the per-replication differences over the replications
   * where both runs have the figure; else mean(B) - mean(A). Null when there is none.
   */
  diff: number | null;
  /** Paired: the replications where both runs have the figure (the differences' count). */
  pairs?: number;
  /**
   * 95% interval of the difference; absent when it cannot be computed (fewer than 2
   * replications). For a 0/1 figure (any late, cleared) the difference of two proportions
   * from their Wilson intervals (Newcombe; paired or independent), not symmetric:
   * `halfWidth` is the larger of its distances from `diff`.
   */
  ci?: { low: number; high: number; halfWidth: number };
  /**
   * The difference is marked: its interval excludes 0 and it shows at the precision the
   * command line prints (not "0.0"; see significance.ts). False without an interval.
   */
  significant: boolean;
}

export interface Comparison {
  /** True when every replication of one run has its seed among the other's (the same base seed). */
  paired: boolean;
  /** Paired: the replications both runs have (fewer than a run's own when the counts differ). */
  common: number;
  method: "paired" | "welch";
  figures: FigureComparison[];
  /** Figures only one run has (not compared): other stations, rules or couriers, or a run stored by an earlier version. */
  onlyIn: { a: string[]; b: string[] };
  /** What makes the two runs not like for like, in both languages (empty when nothing does). */
  warnings: { message: string; zh: string }[];
  /**
   * The figures with an interval (`compared`), the marks chance alone gives among them when
   * nothing differs (5% each, no multiple-comparison adjustment), and that in a sentence.
   */
  significance: { compared: number; expectedByChance: number; message: string; zh: string };
}

/**
 * The replications to pair, as [index in a, index in b] by equal seed, when one run's
 * seeds are all among the other's (the same base seed, any replication counts), else
 * null.
 */
export function seedPairs(a: readonly number[], b: readonly number[]): Array<[number, number]> | null {
  const inB = new Map(b.map((s, j) => [s, j] as const));
  const pairs: Array<[number, number]> = [];
  a.forEach((s, i) => {
    const j = inB.get(s);
    if (j !== undefined) pairs.push([i, j]);
  });
  return pairs.length > 0 && pairs.length === Math.min(a.length, b.length) ? pairs : null;
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
  const pairs = seedPairs(a.seeds, b.seeds);
  const paired = pairs !== null;
  const names = Object.keys(a.figures[0] ?? {}).filter((n) => n in (b.figures[0] ?? {}));
  const figures = names.map((name): FigureComparison => {
    // A replication without an observation (null, or a name it lacks) is left out.
    const xa = a.figures.map((f) => f[name] ?? null);
    const xb = b.figures.map((f) => f[name] ?? null);
    // By the figure's kind, as in the runs' summaries (a 0/1 indicator: Wilson; a share: clipped to [0, 1]).
    const ea = figureEstimateOf(name, xa);
    const eb = figureEstimateOf(name, xb);
    const out: FigureComparison = { name, share: isShareFigure(name), a: ea, b: eb, diff: null, significant: false };
    let hw = Infinity;
    // A 0/1 figure (any late, cleared): the difference of two proportions from their Wilson intervals (Newcombe).
    const indicator = isIndicatorFigure(name);
    let wil: ReturnType<typeof wilsonDifference> = null;
    if (pairs) {
      // Over the replications where both have the figure (same seed, same random numbers).
      const d: number[] = [];
      const pa: number[] = [];
      const pb: number[] = [];
      for (const [i, j] of pairs) {
        const [v, w] = [xa[i], xb[j]];
        if (v !== null && w !== null && v !== undefined && w !== undefined) {
          d.push(w - v);
          pa.push(v);
          pb.push(w);
        }
      }
      out.pairs = d.length;
      if (d.length) {
        const e = estimate(d);
        out.diff = e.mean;
        hw = e.halfWidth;
        if (indicator) wil = wilsonDifference(pa, pb, true);
      }
    } else if (ea && eb) {
      out.diff = eb.mean - ea.mean;
      const va = xa.filter((v) => v !== null);
      const vb = xb.filter((v) => v !== null);
      hw = welchHalfWidth(va, vb);
      if (indicator) wil = wilsonDifference(va, vb, false);
    }
    if (out.diff !== null && wil) {
      out.ci = { low: wil.low, high: wil.high, halfWidth: wil.halfWidth };
      out.significant = isSignificant(name, out.diff, wil.low, wil.high);
    } else if (out.diff !== null && Number.isFinite(hw)) {
      out.ci = { low: out.diff - hw, high: out.diff + hw, halfWidth: hw };
      out.significant = isSignificant(name, out.diff, out.ci.low, out.ci.high);
    }
    return out;
  });
  const compared = figures.filter((f) => f.ci !== undefined).length;
  const onlyIn = {
    a: Object.keys(a.figures[0] ?? {}).filter((n) => !(n in (b.figures[0] ?? {}))),
    b: Object.keys(b.figures[0] ?? {}).filter((n) => !(n in (a.figures[0] ?? {}))),
  };
  return {
    paired,
    common: pairs?.length ?? 0,
    method: paired ? "paired" : "welch",
    figures,
    onlyIn,
    warnings: compareWarnings(onlyIn),
    significance: { compared, expectedByChance: expectedByChance(compared), message: chanceNote(compared, undefined, "en"), zh: chanceNote(compared, undefined, "zh") },
  };
}

/** A figure that exists since runs count orders left undetermined by the horizon (before, they counted as late). */
const UNDETERMINED = /\.undetermined$/;

function compareWarnings(onlyIn: { a: string[]; b: string[] }): { message: string; zh: string }[] {
  const out: { message: string; zh: string }[] = [];
  for (const [run, other, names] of [["A", "B", onlyIn.b], ["B", "A", onlyIn.a]] as const) {
    if (!names.some((n) => UNDETERMINED.test(n))) continue;
    out.push({
      message: `Run ${run} was stored by an earlier version that did not count undetermined orders: if it was cut by its horizon, its late counts include orders that run ${other} counts as undetermined, so a lateness difference may come from the counting alone. Run ${run} again to compare like for like.`,
      zh: `运行 ${run} 由较早版本保存，未统计“未判定”订单：若该运行在仿真结束时被截断，其超时数包含运行 ${other} 计为未判定的订单，超时差异可能仅来自统计口径。请重新运行 ${run} 再比较。`,
    });
  }
  const other = [...onlyIn.a, ...onlyIn.b].filter((n) => !UNDETERMINED.test(n) && !n.startsWith("shippedWithin.undetermined"));
  if (other.length) {
    out.push({
      message: `Not compared, in one run only (different stations, rules or couriers): ${other.join(", ")}.`,
      zh: `以下指标仅存在于其中一次运行（工位、规则或快递不同），未比较：${other.join("、")}。`,
    });
  }
  return out;
}
