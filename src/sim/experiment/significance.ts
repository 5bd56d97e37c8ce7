/**
 * When a difference between two runs' figures is marked significant (compare's `*`,
 * the API's `significant`), one rule for the command line and the API.
 *
 * A difference is significant when its 95% interval excludes 0 AND it is visible at
 * the precision it is printed with (a share in percentage points to one decimal, other
 * figures to two decimals, whole numbers from 100 up). With common random numbers the
 * paired differences can be so steady that a difference of 0.01 pp has an interval
 * excluding 0 ("0.0 pp [0.0, 0.0] *"): real, but of no size anyone can act on.
 *
 * No multiple-comparison adjustment is made to the mark: a comparison holds some 70
 * figures, many of them functions of one another, and each has a 5% chance of a mark
 * when nothing differs, so about 0.05 x the figures compared are marked by chance alone
 * (`expectedByChance`). The outputs say so in one line (`chanceNote`).
 */
import { fmtNum } from "../report/i18n.js";
import { isShareFigure } from "./replicate.js";

/** The nominal level of each interval: 5% of the figures compared get a mark by chance when nothing differs. */
export const CHANCE_PER_FIGURE = 0.05;

/**
 * How a difference of this figure is printed: a share in percentage points (x 100) to 1
 * decimal; another figure to 2 decimals, or whole from 100 up.
 */
export function differencePrecision(name: string, x: number): { scale: number; digits: number } {
  if (isShareFigure(name)) return { scale: 100, digits: 1 };
  return { scale: 1, digits: Math.abs(x) >= 100 ? 0 : 2 };
}

/** Whether a difference shows as something other than 0 at the precision it is printed with. */
export function visibleDifference(name: string, x: number): boolean {
  if (!Number.isFinite(x)) return false;
  const { scale, digits } = differencePrecision(name, x);
  return Math.round(Math.abs(x * scale) * 10 ** digits) >= 1;
}

/** A difference's mark: its 95% interval [low, high] excludes 0 and the mean difference is visible when printed. */
export function isSignificant(name: string, diff: number, low: number, high: number): boolean {
  return (low > 0 || high < 0) && visibleDifference(name, diff);
}

/** Marks expected by chance alone among `compared` figures when nothing differs. */
export function expectedByChance(compared: number): number {
  return compared * CHANCE_PER_FIGURE;
}

/** The one-line note under a comparison: what the mark means and how many come by chance. */
export function chanceNote(compared: number, mark: string | undefined, lang: "en" | "zh"): string {
  const expected = fmtNum(expectedByChance(compared), 1);
  if (lang === "zh") {
    const head = mark ? `${mark} 配对差异的 95% 置信区间不含 0，且差异在所示精度下不为 0。` : "“显著”：配对差异的 95% 置信区间不含 0，且差异在所示精度下不为 0。";
    return `${head}共比较 ${compared} 个指标：即使两者毫无差别，也约有 ${expected} 个会因偶然被标出（每个 5%，未做多重比较校正）；对事先没打算比较的指标，标记只是提示，不是结论。`;
  }
  const head = mark ? `${mark} the 95% interval of the paired difference excludes 0 and the difference shows at the precision printed (not 0.0).` : "Significant: the 95% interval of the difference excludes 0 and the difference shows at the precision printed (not 0.0).";
  return `${head} ${compared} figures were compared: even if nothing differed, about ${expected} would be marked by chance alone (5% each, no multiple-comparison adjustment), so a mark on a figure you did not set out to compare is a hint, not a finding.`;
}
