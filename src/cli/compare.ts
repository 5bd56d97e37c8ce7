/**
 * `peakline compare A.yaml B.yaml [C.yaml ...]`: runs every scenario with the same
 * replication seeds (common random numbers: the model draws each random source
 * from its own stream, so replication r of A and of B see the same arrivals
 * unless the demand itself differs) and reports each figure side by side, the
 * difference from the first scenario and the 95% interval of the paired
 * difference (per-replication differences -> t interval; for a 0/1 figure, P(any late)
 * or cleared, the paired difference of two proportions from their Wilson intervals,
 * Newcombe's method). A difference whose
 * interval excludes 0 and which shows at the precision printed (not "0.0") is marked
 * "*" (src/sim/experiment/significance.ts); a note under the table says how many marks
 * chance alone would give.
 */
import { basename } from "node:path";
import type { Command } from "commander";
import { estimate, wilsonDifference } from "../sim/experiment/estimate.js";
import { runExperiments } from "../sim/experiment/pool.js";
import { figuresOf, isIndicatorFigure, isShareFigure } from "../sim/experiment/replicate.js";
import { chanceNote, differencePrecision, expectedByChance, isSignificant } from "../sim/experiment/significance.js";
import type { Estimate, Experiment } from "../sim/experiment/types.js";
import { colon, figureLabel, fmtNum, fmtPct, type Lang, LANGS, t } from "../sim/report/i18n.js";
import { displayNames, isRuleFigure, noRuleNote, rulesJudgingNone } from "../sim/report/tables.js";
import { textTable } from "../sim/report/text.js";
import { scenarioName } from "../sim/model/schema.js";
import { CliError, collect, loadScenarioFileDetailed, parseChoiceOption, parseIntOption, say, WORKERS_HELP } from "./common.js";
import { formatEstimate, jsonText, progressLabel, progressReporter, withCancel } from "./run.js";

export const DEFAULT_COMPARE_REPLICATIONS = 20;

export interface PairedDifference extends Estimate {
  /** 95% interval of the mean paired difference. */
  low: number;
  high: number;
  /** The interval excludes 0 and the difference shows at the precision printed (see significance.ts). */
  significant: boolean;
}

/**
 * Paired differences other - base of every figure both have, replication by replication,
 * over the replications where both have an observation (`n` of them; a figure is null
 * in a replication without one); null when there is no such replication.
 */
export function pairedDifferences(base: Experiment, other: Experiment): Record<string, PairedDifference | null> {
  const n = Math.min(base.runs.length, other.runs.length);
  const fa = base.runs.slice(0, n).map(figuresOf);
  const fb = other.runs.slice(0, n).map(figuresOf);
  const out: Record<string, PairedDifference | null> = {};
  for (const name of Object.keys(fa[0] ?? {})) {
    if (!(name in (fb[0] ?? {}))) continue;
    const d: number[] = [];
    const xs: number[] = [];
    const ys: number[] = [];
    for (let r = 0; r < n; r++) {
      const x = fa[r][name];
      const y = fb[r][name];
      if (x !== null && x !== undefined && y !== null && y !== undefined) {
        d.push(y - x);
        xs.push(x);
        ys.push(y);
      }
    }
    if (d.length === 0) {
      out[name] = null;
      continue;
    }
    const e = estimate(d);
    // A 0/1 figure (any late, cleared): the difference of two proportions of replications, from their
    // Wilson intervals (paired); a t interval on 0/1 differences is 0 wide when every pair agrees.
    const w = isIndicatorFigure(name) ? wilsonDifference(xs, ys, true) : null;
    const low = w ? w.low : e.mean - e.halfWidth;
    const high = w ? w.high : e.mean + e.halfWidth;
    const halfWidth = w ? w.halfWidth : e.halfWidth;
    out[name] = { ...e, halfWidth, low, high, ...(w ? { interval: "wilson" as const } : {}), significant: Number.isFinite(halfWidth) && isSignificant(name, e.mean, low, high) };
  }
  return out;
}

/**
 * A paired difference in the figure's unit: shares in percentage points ("+1.2 pp",
 * "+1.2 个百分点" with `unit`), a difference that rounds to zero as plain "0.0" (never
 * "-0.0" or "+0.00"), and a sign on every other one.
 */
export function fmtDiff(name: string, x: number, lang: Lang = "en", unit = true): string {
  if (!Number.isFinite(x)) return "–";
  const share = isShareFigure(name);
  // The precision the significance mark is judged at (significance.ts).
  const p = differencePrecision(name, x);
  let s = fmtNum(x * p.scale, p.digits);
  if (/^-?[0.,]+$/.test(s)) s = s.replace("-", "");
  else if (x > 0) s = `+${s}`;
  return share && unit ? `${s}${lang === "zh" ? " 个百分点" : " pp"}` : s;
}

interface CompareOpts {
  set?: string[];
  replications?: number;
  seed?: number;
  json?: boolean;
  lang: Lang;
  workers?: number;
}

export function registerCompare(program: Command): void {
  program
    .command("compare")
    .description("run two or more scenarios with common random numbers and show each figure's paired difference from the first")
    .argument("<scenarios...>", "scenario files: the first is the baseline")
    .option("--replications <r>", `replications per scenario (default ${DEFAULT_COMPARE_REPLICATIONS})`, parseIntOption("--replications", 2, 100_000))
    .option("--seed <n>", "base seed shared by all scenarios (default: the first scenario's seed)", parseIntOption("--seed", 0, 2 ** 32 - 1))
    .option("--set <path=value>", "override a field in every scenario (repeatable), e.g. --set demand.surge=30", collect)
    .option("--workers <w>", WORKERS_HELP, parseIntOption("--workers", 1, 256))
    .option("--json", "print JSON instead of a table")
    .addOption(program.createOption("--lang <lang>", "language of the table: en or zh").default("en").argParser(parseChoiceOption("--lang", LANGS)))
    .action(async (files: string[], opts: CompareOpts) => {
      if (files.length < 2) {
        throw new CliError(
          say(
            opts.lang,
            `compare needs at least two scenario files, the baseline first (e.g. compare scenarios/default.yaml scenarios/surge-30x.yaml); got ${files.length}`,
            `'compare' 需要至少两个场景文件，第一个是基准（如 scenarios/default.yaml scenarios/surge-30x.yaml）；实为 ${files.length} 个`,
          ),
        );
      }
      const scenarios = files.map((f) => loadScenarioFileDetailed(f, opts.set ?? [], opts.lang).scenario);
      const replications = opts.replications ?? DEFAULT_COMPARE_REPLICATIONS;
      const seed = opts.seed ?? scenarios[0].seed;
      const progress = progressReporter(progressLabel(opts.lang, files.length), opts.lang);
      let exps: Experiment[];
      try {
        exps = await withCancel((signal) => runExperiments(scenarios, { replications, seed, workers: opts.workers, mainThread: true, signal, onProgress: (d, n) => progress.update(d, n) }), opts.lang);
      } finally {
        progress.stop();
      }
      const diffs = exps.slice(1).map((e) => pairedDifferences(exps[0], e));
      const lang = opts.lang;
      // The figures each comparison has an interval for (the most over the scenarios compared with the first).
      const compared = Math.max(0, ...diffs.map((d) => Object.values(d).filter((x) => x !== null && Number.isFinite(x.halfWidth)).length));
      if (opts.json) {
        process.stdout.write(
          jsonText({
            seed,
            seeds: exps[0].seeds,
            replications,
            set: opts.set ?? [],
            scenarios: exps.map((e, i) => ({ file: files[i], name: e.summary.scenario, ...(e.summary.scenarioZh !== undefined ? { nameZh: e.summary.scenarioZh } : {}), figures: e.summary.figures })),
            differences: diffs.map((d, i) => ({ file: files[i + 1], vs: files[0], figures: d })),
            // `significant` marks an interval excluding 0 with a difference that shows at the printed precision; chance alone marks about 5% of the figures compared.
            significance: { compared, expectedByChance: expectedByChance(compared) },
          }),
        );
        return;
      }
      const labels = files.map((f) => basename(f));
      const names = displayNames(exps[0], lang);
      // A rule that judged no order in any scenario compared: no rows of zeros, one line under the table (the JSON keeps them).
      const none = rulesJudgingNone(exps[0].summary.deadlines).filter((d) => exps.every((e) => e.summary.deadlines.some((x) => x.id === d.id && x.orders.max === 0)));
      const all = [...new Set(exps.flatMap((e) => Object.keys(e.summary.figures)))].filter((name) => !isRuleFigure(name, none));
      const headers = [t(lang, "figure"), ...labels];
      // Each difference is "that scenario minus the first", paired replication by replication.
      for (const l of labels.slice(1)) headers.push(`${t(lang, "difference")}${lang === "zh" ? `（${l} − ${labels[0]}）` : ` (${l} − ${labels[0]})`}`, t(lang, "diffCi"));
      const rows = all.map((name) => {
        const row = [figureLabel(name, lang, names), ...exps.map((e) => (e.summary.figures[name] ? formatEstimate(name, e.summary.figures[name], undefined, { range: false, lang }) : "–"))];
        // A figure only some replications have: its difference is over the replications where both scenarios have it.
        for (const d of diffs) {
          const x = d[name];
          if (!x) row.push("–", "–");
          else row.push(fmtDiff(name, x.mean, lang), `[${fmtDiff(name, x.low, lang, false)}, ${fmtDiff(name, x.high, lang, false)}]${x.significant ? " *" : "  "}`);
        }
        return row;
      });
      const out = [
        lang === "en"
          ? `Common random numbers: ${t(lang, "baseSeed")} ${seed}, ${replications} replications each; ${labels.map((l, i) => `${l} = ${scenarioName(exps[i].scenario.name, lang)}`).join("; ")}`
          : `共同随机数：${t(lang, "baseSeed")} ${seed}，每个场景 ${replications} 次仿真；${labels.map((l, i) => `${l} = ${scenarioName(exps[i].scenario.name, lang)}`).join("；")}`,
        ...(opts.set?.length ? [`${lang === "en" ? "In every scenario" : "所有场景均覆盖"}${colon(lang)}${opts.set.map((x) => `--set ${x}`).join(" ")}`] : []),
        "",
        textTable(headers, rows, headers.map((_, j) => (j === 0 ? "l" : "r"))),
        "",
        ...(none.length ? [noRuleNote({ scenario: exps[0].scenario, summary: { ...exps[0].summary, deadlines: none } }, lang, "compare")!] : []),
        chanceNote(compared, "*", lang),
      ];
      process.stdout.write(`${out.join("\n")}\n`);
    });
}
