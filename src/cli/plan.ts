/**
 * `peakline plan <scenario>`: the cheapest staffing (people per station per shift,
 * permanent and temporary, and printers) that meets the deadline-risk targets.
 *
 *   peakline plan scenarios/default.yaml --target "late:d11-ship<=5%" --target "within24h>=95%"
 *   peakline plan s.yaml --target "wait:pack<=30min" --max-headcount 20 --budget 40000 --fix pick.day=3
 *   peakline plan s.yaml --out out/plan.html --lang zh      (the format from the extension, or --format)
 *   peakline plan scenarios/surge-30x.yaml --json            (no targets in the file: the default targets, as the page)
 *
 * Progress goes to stderr (a status bar on a terminal, plain lines otherwise), and so
 * do the scenario's warnings, as `run` prints them: the scenario's on loading, then
 * those of the scenario with the plan applied, marked "(in the plan)".
 * Ctrl-C once: the search stops after the current batch and prints the best plan so
 * far (stoppedBecause "interrupted"); Ctrl-C again: exit at once (code 130).
 * Bad targets, constraints or flags exit 2 with the flag and the allowed form.
 * Targets: --target, else the scenario's `targets`, else the planner's default targets
 * (defaultTargets in src/sim/planner, which the web page's planner tab shows too); a
 * line on stderr says when the defaults are used, and the JSON has targetsSource "default".
 */
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { setMaxListeners } from "node:events";
import { availableParallelism } from "node:os";
import { replicationSeed } from "../sim/engine/random.js";
import { createSeedRunner } from "../sim/experiment/pool.js";
import type { Target } from "../sim/model/schema.js";
import { plan, PlanInputError, type Evaluate, type PlanInputIssue, type PlannerOptionsInput, type PlanProgress, type PlanResult, parseTarget, planTargets, targetKey, type TargetsSource, validatePlanRequest } from "../sim/planner/index.js";
import { LANGS, type Lang } from "../sim/report/i18n.js";
import { commandLine } from "../sim/report/manifest.js";
import { buildPlanManifest, PLAN_FORMATS, PLAN_TABLES, type PlanFormat, renderPlan } from "../sim/report/plan.js";
import { checkOutWritable, CliError, collect, EXIT, loadScenarioFileDetailed, outputFormat, parseChoiceOption, parseIntOption, parseNumberOption, say, writeFileAtomic, writeWarnings } from "./common.js";
import { peaklineVersion, scenarioHash } from "../runtime.js";

// ---------------------------------------------------------------- evaluation (in-process or a persistent pool)

export interface PlanEvaluator {
  evaluate: Evaluate;
  workers: number;
  close(): Promise<void>;
}

/**
 * The planner's `evaluate`: replications of a candidate on `workers` lanes of one
 * long-lived pool (createSeedRunner), with this thread as one lane so that small
 * runs start at once; workers = 1 runs here, yielding between runs so Ctrl-C and
 * progress output get a turn. Results do not depend on the worker count.
 */
export function createPlanEvaluator(workers = availableParallelism(), signal?: AbortSignal): PlanEvaluator {
  const runner = createSeedRunner(workers, { mainThread: true });
  return { workers: runner.workers, evaluate: (scenario, seeds) => runner.evaluate(scenario, seeds, signal), close: () => runner.close() };
}

// ---------------------------------------------------------------- options

interface PlanOpts {
  target?: string[];
  set?: string[];
  maxHeadcount?: number;
  maxPermanent?: number;
  minCrew?: number;
  budget?: number;
  temps: boolean;
  fix?: string[];
  tryShift?: string[];
  replications?: number;
  maxReplications?: number;
  maxEvaluations?: number;
  maxRuns?: number;
  candidates?: number;
  utilization?: number;
  seed?: number;
  workers?: number;
  start?: "guess" | "scenario";
  marginal: boolean;
  marginalReplications?: number;
  stress: boolean;
  format?: PlanFormat;
  json?: boolean;
  out?: string;
  table?: string;
  lang: Lang;
  progress: boolean;
}

/** Parses every --target; exit 2 naming the bad one and the allowed forms (in Chinese with `lang` zh). */
export function targetsFromFlags(flags: readonly string[], lang: Lang = "en"): Target[] {
  return flags.map((text, i) => {
    const r = parseTarget(text, flags.length > 1 ? `--target #${i + 1}` : "--target");
    if (!r.ok) throw new CliError(lang === "zh" ? `${r.error.path}：${r.error.zh}` : `${r.error.path}: ${r.error.message}`);
    return r.target;
  });
}

function plannerOptions(opts: PlanOpts, targets: Target[] | undefined): PlannerOptionsInput {
  const o: PlannerOptionsInput = { allowTemps: opts.temps, fixed: opts.fix ?? [], marginal: opts.marginal, stress: opts.stress };
  if (targets && targets.length) o.targets = targets;
  if (opts.tryShift?.length) o.tryShifts = opts.tryShift;
  if (opts.maxHeadcount !== undefined) o.maxHeadcount = opts.maxHeadcount;
  if (opts.maxPermanent !== undefined) o.maxPermanent = opts.maxPermanent;
  if (opts.minCrew !== undefined) o.minCrew = opts.minCrew;
  if (opts.budget !== undefined) o.budget = opts.budget;
  if (opts.replications !== undefined) o.replications = opts.replications;
  if (opts.maxReplications !== undefined) o.maxReplications = opts.maxReplications;
  if (opts.maxEvaluations !== undefined) o.maxEvaluations = opts.maxEvaluations;
  if (opts.maxRuns !== undefined) o.maxRuns = opts.maxRuns;
  if (opts.candidates !== undefined) o.candidates = opts.candidates;
  if (opts.utilization !== undefined) o.utilization = opts.utilization;
  if (opts.seed !== undefined) o.seed = opts.seed;
  if (opts.start !== undefined) o.start = opts.start;
  if (opts.marginalReplications !== undefined) o.marginalReplications = opts.marginalReplications;
  return o;
}

/** Option paths of the planner -> the flag a user typed. */
const FLAG_OF: Record<string, string> = {
  targets: "--target",
  maxHeadcount: "--max-headcount",
  maxPermanent: "--max-permanent",
  minCrew: "--min-crew",
  budget: "--budget",
  fixed: "--fix",
  tryShifts: "--try-shift",
  replications: "--replications",
  maxReplications: "--max-replications",
  maxEvaluations: "--max-evaluations",
  maxRuns: "--max-runs",
  candidates: "--candidates",
  utilization: "--utilization",
  seed: "--seed",
  start: "--start",
  marginalReplications: "--marginal-replications",
};

/** Where the targets of a plan come from, with the targets themselves (see planTargets). */
interface TargetsUsed {
  targets: readonly Target[];
  source: TargetsSource;
}

/**
 * Where a planner input problem came from, as the user typed it: the flag alone
 * ("--max-replications"), a repeated flag with its number and text
 * ('--fix #1 "desk.night=2"'), for targets read from the scenario file, the file
 * and the entry, and for the default targets (neither gives any), which one
 * ('default target #1 "late:d11-ship<=5%"'). API field names stay out: they mean
 * nothing on the command line.
 */
function flagOf(path: string, opts: PlanOpts, file: string, used?: TargetsUsed): string {
  const head = path.split(".")[0].replace(/\[\d+\]$/, "");
  const idx = /\[(\d+)\]/.exec(path)?.[1] ?? /^[a-zA-Z]+\.(\d+)/.exec(path)?.[1];
  if (head === "targets" && used?.source === "default") {
    const t = idx !== undefined ? used.targets[Number(idx)] : undefined;
    const which = t ? ` #${Number(idx) + 1} ${JSON.stringify(targetKey(t))}` : "";
    return say(opts.lang, `default target${which}`, `默认目标${which}`);
  }
  if (head === "targets" && !opts.target?.length) return idx !== undefined ? `${file} targets[${idx}]` : file;
  const flag = FLAG_OF[head];
  if (!flag) return path;
  if (idx === undefined || (head !== "fixed" && head !== "targets" && head !== "tryShifts")) return flag;
  const typed = (head === "fixed" ? opts.fix : head === "tryShifts" ? opts.tryShift : opts.target)?.[Number(idx)];
  return `${flag} #${Number(idx) + 1}${typed !== undefined ? ` ${JSON.stringify(typed)}` : ""}`;
}

/** Planner input problems as CLI lines: "--flag: message", in Chinese where the planner has it and --lang zh asks. */
function issuesText(issues: readonly PlanInputIssue[], opts: PlanOpts, file: string, used?: TargetsUsed): string {
  const sep = opts.lang === "zh" ? "：" : ": ";
  // A default target nobody chose: --target is a way out too.
  const hint = (i: PlanInputIssue) => (used?.source === "default" && /^targets\b/.test(i.path) ? say(opts.lang, " Or give --target: the scenario names no targets of its own.", "或用 --target 指定目标：场景本身未设目标。") : "");
  return issues.map((i) => `${flagOf(i.path, opts, file, used)}${sep}${opts.lang === "zh" && i.zh ? i.zh : i.message}${hint(i)}`).join("\n");
}

/**
 * The line saying a plan is held to the default targets (neither the scenario nor
 * --target names any), as the web page's planner tab is: stderr, so that stdout stays
 * the export (JSON records it as `targetsSource: "default"`).
 */
export function defaultTargetsLine(targets: readonly Target[], lang: Lang): string {
  const list = targets.map((x) => JSON.stringify(targetKey(x)));
  return say(
    lang,
    `No targets in the scenario or --target: planning against the default targets ${list.join(", ")} (as the web page's planner does); give --target to choose others`,
    `场景和 --target 都没有给出目标：按默认目标 ${list.join("、")} 规划（与网页规划器相同）；可用 --target 指定其他目标`,
  );
}

// ---------------------------------------------------------------- progress

const PHASE_ZH: Record<PlanProgress["phase"], string> = {
  baseline: "现有排班",
  guess: "起点",
  add: "加人",
  remove: "减人",
  confirm: "确认",
  marginal: "边际影响",
  stress: "压力检验",
  done: "完成",
};

/** Progress in the report's language: Chinese phases and messages (stations and shifts by name) with --lang zh. */
function progressWords(lang: Lang) {
  const zh = lang === "zh";
  return {
    bar: zh ? "规划 {bar} {value}/{total} 次评估 | {runs} 次仿真 | 最优成本 {best} | {phase}：{message}" : "plan {bar} {value}/{total} evaluations | {runs} runs | best {best} | {phase}: {message}",
    phase: (p: PlanProgress) => (zh ? PHASE_ZH[p.phase] : p.phase),
    message: (p: PlanProgress) => (zh ? (p.zh ?? p.message) : p.message),
    line: (p: PlanProgress, best: string) =>
      zh
        ? `规划 [${PHASE_ZH[p.phase]}] 已评估 ${p.evaluations} 次，仿真 ${p.runs} 次，最优成本 ${best}：${p.zh ?? p.message}\n`
        : `plan [${p.phase}] ${p.evaluations} evaluations, ${p.runs} runs, best ${best}: ${p.message}\n`,
  };
}

function progressLine(lang: Lang): { update(p: PlanProgress, maxEvaluations: number): void; stop(): void } {
  const stream = process.stderr;
  const w = progressWords(lang);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({ stream, format: w.bar, hideCursor: true, clearOnComplete: false, barsize: 20 }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      update(p, max) {
        const payload = { runs: p.runs, best: p.bestCost !== undefined ? Math.round(p.bestCost).toLocaleString("en-US") : "-", phase: w.phase(p), message: w.message(p).slice(0, 60) };
        if (!started) {
          bar.start(max, Math.min(p.evaluations, max), payload);
          started = true;
        } else bar.update(Math.min(p.evaluations, max), payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  // Not a terminal: a plain line per phase change and every 10 evaluations.
  let lastPhase = "";
  let lastEval = -10;
  return {
    update(p) {
      if (p.phase !== lastPhase || p.evaluations - lastEval >= 10 || p.phase === "done") {
        lastPhase = p.phase;
        lastEval = p.evaluations;
        stream.write(w.line(p, p.bestCost !== undefined ? String(Math.round(p.bestCost)) : "-"));
      }
    },
    stop() {},
  };
}

// ---------------------------------------------------------------- command

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description("find the cheapest staffing (people per station and shift, temps, printers) that meets deadline-risk targets")
    .argument("<scenario>", "scenario file, e.g. scenarios/default.yaml")
    .option("--target <spec>", 'a target (repeatable; default: the scenario\'s targets, else the defaults late:d11-ship<=5% where the scenario has that rule and within24h>=95%, as on the web page): "late:<rule><=5%", "within24h>=95%" (12 or 24), "wait:<station><=30min"', collect)
    .option("--set <path=value>", "override a scenario field (repeatable), e.g. --set demand.surge=30", collect)
    .option("--max-headcount <n>", "most people on the roster in all (permanent + temps, all shifts)", parseIntOption("--max-headcount", 0, 100_000))
    .option("--max-permanent <n>", "most permanent people (the rest must be temps)", parseIntOption("--max-permanent", 0, 100_000))
    .option("--min-crew <n>", "at each station, on each shift it is staffed, at least n people (2: one absence never empties a station; default 1, no rule)", parseIntOption("--min-crew", 1, 50))
    .option("--budget <amount>", "most planned cost (labour + printers over the demand days), scenario currency", parseNumberOption("--budget", 0, 1e12, { exclusiveMin: true }))
    .option("--no-temps", "do not add temporary workers")
    .option("--fix <spec>", 'keep a variable as given (repeatable): "pick.day=3", "pick.day.temps=2", "pick.day", "pick", "printers=4", "printers"', collect)
    .option("--try-shift <spec>", 'a shift the planner may add beside the scenario\'s own, with nobody on it at first (repeatable): "launch=00:00-08:00" every day, "launch=00:00-08:00@0" the peak day only; no breaks (write a shift with breaks in the scenario)', collect)
    .option("--replications <r>", "replications per candidate (default 10)", parseIntOption("--replications", 2, 1000))
    .option("--max-replications <m>", "most replications of one plan while its interval straddles a target (default 100, or --replications when more)", parseIntOption("--max-replications", 2, 10_000))
    .option("--max-evaluations <n>", "most candidate evaluations (default 120)", parseIntOption("--max-evaluations", 1, 100_000))
    .option("--max-runs <n>", "most simulated replications in the search (default 4000)", parseIntOption("--max-runs", 1, 10_000_000))
    .option("--candidates <k>", "candidates simulated per step (default 3)", parseIntOption("--candidates", 1, 20))
    .option("--utilization <u>", "utilisation the analytic guess plans for (default 0.85)", parseNumberOption("--utilization", 0.3, 1))
    .option("--seed <n>", "base seed of the replications (default: the scenario's seed)", parseIntOption("--seed", 0, 2 ** 32 - 1))
    .option("--workers <w>", "worker threads (default: available CPUs; 1 = in this process)", parseIntOption("--workers", 1, 256))
    .addOption(program.createOption("--start <from>", "start from the analytic guess or the scenario's staffing").default("guess").argParser(parseChoiceOption("--start", ["guess", "scenario"] as const)))
    .option("--no-marginal", "skip the +1/-1 marginal effects")
    .option("--marginal-replications <r>", "replications for marginal effects and the 2x-forecast check (default 20)", parseIntOption("--marginal-replications", 2, 1000))
    .option("--no-stress", "skip the 2x-forecast check")
    .option("--format <format>", `output: ${PLAN_FORMATS.join(", ")} (default: from the --out extension, else text)`, parseChoiceOption("--format", PLAN_FORMATS))
    .option("--json", "the plan as JSON: the same as --format json")
    .option("--out <file>", "write the export to this file (atomically) instead of stdout")
    .option("--table <name>", `CSV only: which table (${PLAN_TABLES.join(", ")}; default staffing)`)
    .addOption(program.createOption("--lang <lang>", "language: en or zh").default("en").argParser(parseChoiceOption("--lang", LANGS)))
    .option("--no-progress", "no progress output on stderr")
    .action(async (file: string, opts: PlanOpts) => {
      const args = process.argv.slice(2);
      await runPlanCommand(file, opts, args);
    });
}

async function runPlanCommand(file: string, opts: PlanOpts, args: string[]): Promise<void> {
  // The scenario's warnings on stderr now, as run prints them; those of the planned scenario after the search.
  const { scenario } = loadScenarioFileDetailed(file, opts.set ?? [], opts.lang);
  const targets = opts.target ? targetsFromFlags(opts.target, opts.lang) : undefined;
  // As report: the format from --out's extension unless --format says it (and they must agree); text without either.
  const zh = opts.lang === "zh";
  // --json is --format json (as run and compare spell it).
  if (opts.json && opts.format !== undefined && opts.format !== "json") {
    throw new CliError(say(opts.lang, `--json and --format ${opts.format} disagree: --json is --format json; drop one of them`, `--json 与 --format ${opts.format} 不一致：--json 即 --format json；请去掉其中一个`));
  }
  const format = outputFormat(opts.json ? "json" : opts.format, opts.out, PLAN_FORMATS, "text", opts.lang);
  if (format === "xlsx" && !opts.out) throw new CliError(zh ? "--format xlsx 需要 --out 文件（工作簿不能输出到终端）" : "--format xlsx needs --out FILE (a workbook is not printed to the terminal)");
  if (opts.table !== undefined && format !== "csv") throw new CliError(zh ? "--table 只用于 --format csv" : "--table is for --format csv");
  if (opts.table !== undefined && !(PLAN_TABLES as readonly string[]).includes(opts.table)) {
    throw new CliError(zh ? `--table 须为 ${PLAN_TABLES.join("、")} 之一（实为 ${JSON.stringify(opts.table)}）` : `--table must be one of ${PLAN_TABLES.join(", ")}; got ${JSON.stringify(opts.table)}`);
  }
  // Before a search of a minute or more, not after it.
  if (opts.out) checkOutWritable("--out", opts.out, opts.lang);
  // Options, targets, fixed variables and the horizon, worded for the command line, before the pool starts.
  const options = plannerOptions(opts, targets);
  // Neither the file nor --target names a target: the defaults, as the page's planner tab plans against.
  const planned = planTargets(scenario, targets);
  const used: TargetsUsed = { targets: planned.targets, source: planned.source };
  const checked = validatePlanRequest(scenario, options, "cli");
  if (!checked.ok) throw new CliError(issuesText(checked.issues, opts, file, used));
  if (planned.source === "default") process.stderr.write(`${defaultTargetsLine(planned.targets, opts.lang)}\n`);

  const ac = new AbortController();
  // Every pool task listens to the signal: many at once is expected, not a leak.
  setMaxListeners(0, ac.signal);
  let interrupts = 0;
  const onSig = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write(opts.lang === "zh" ? "\n正在停止：以目前最好的方案结束（再按 Ctrl-C 立即退出）\n" : "\nstopping: finishing with the best plan so far (Ctrl-C again to quit at once)\n");
      ac.abort();
    } else process.exit(130);
  };
  process.on("SIGINT", onSig);
  process.on("SIGTERM", onSig);
  const evaluator = createPlanEvaluator(opts.workers, ac.signal);
  const progress = opts.progress ? progressLine(opts.lang) : undefined;
  let result: PlanResult;
  try {
    result = await plan(scenario, options, {
      evaluate: evaluator.evaluate,
      signal: ac.signal,
      wording: "cli",
      onProgress: (p) => progress?.update(p, options.maxEvaluations ?? 120),
    });
  } catch (e) {
    if (e instanceof PlanInputError) throw new CliError(issuesText(e.issues, opts, file, used));
    throw e;
  } finally {
    progress?.stop();
    process.off("SIGINT", onSig);
    process.off("SIGTERM", onSig);
    await evaluator.close();
  }

  // The plan's own warnings (the scenario with the plan applied; the scenario's were printed on loading).
  writeWarnings(
    result.warnings.filter((w) => w.source === "plan"),
    opts.lang,
    { en: "(in the plan)", zh: "（方案中）" },
  );
  const seeds = Array.from({ length: result.evaluation.replications }, (_, r) => replicationSeed(result.settings.seed, r));
  const manifest = buildPlanManifest(result, scenario, { version: peaklineVersion(), sha256: scenarioHash(scenario), command: commandLine(args), generatedAt: new Date().toISOString(), runtime: `node ${process.version}` }, seeds);
  const data = await renderPlan(result, { format, lang: opts.lang, manifest, table: opts.table, scenario });
  if (opts.out) {
    writeFileAtomic(opts.out, data, opts.lang);
    if (format !== "text") process.stdout.write(await renderPlan(result, { format: "text", lang: opts.lang, manifest, scenario }) as string);
    process.stderr.write(opts.lang === "zh" ? `已写入 ${opts.out}\n` : `wrote ${opts.out}\n`);
  } else process.stdout.write(data as string);
  // Not meeting the targets is an answer, not a failure: exit 0 and say so in the output.
  process.exitCode = EXIT.OK;
}
