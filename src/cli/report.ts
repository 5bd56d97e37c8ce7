/**
 * `peakline report <scenario> --format html|xlsx|csv|json --out FILE`: runs the
 * replications and writes the shipment-deadline risk report atomically (a failed
 * write leaves no file). CSV without --table writes one file per table:
 * FILE's base + "-<table>.csv".
 */
import type { Command } from "commander";
import { MIN_REPLICATIONS_TO_STOP } from "../sim/experiment/pool.js";
import type { Experiment } from "../sim/experiment/types.js";
import { type Lang, LANGS } from "../sim/report/i18n.js";
import { buildManifest, commandLine, CSV_TABLES, type Manifest, REPORT_FORMATS, renderCsvTables, renderReport, type ReportFormat } from "../sim/report/index.js";
import { checkOutWritable, CliError, collect, EXIT, loadScenarioFileDetailed, outputFormat, parseChoiceOption, parseIntOption, say, WORKERS_HELP, writeFileAtomic } from "./common.js";
import { peaklineVersion, readChartJs as readChartJsFile, scenarioHash } from "../runtime.js";
import { checkMaxReplications, DEFAULT_RUN_REPLICATIONS, DEFAULT_TARGET_FIGURE, MAX_REPLICATIONS_FLAG, parseHalfWidth, runWithProgress, stoppedText, targetOf } from "./run.js";

export const DEFAULT_REPORT_REPLICATIONS = 20;

/** The Chart.js bundle for HTML reports, as a CLI error (exit 1, in `lang`) when it is missing. */
export function readChartJs(lang: Lang = "en", read: () => string = readChartJsFile): string {
  try {
    return read();
  } catch (e) {
    const { file, reason } = e as { file?: string; reason?: string };
    const why = reason ?? (e as Error).message;
    throw new CliError(
      say(
        lang,
        (e as Error).message,
        `无法读取 HTML 报告所需的 Chart.js 文件${file ? ` ${file}` : ""}（${why}）；请运行 \`npm ci\` 重新安装依赖`,
      ),
      EXIT.FAILURE,
    );
  }
}

/** The manifest of an export made by the CLI, with the command that re-runs it. */
export function cliManifest(exp: Experiment, file: string, sets: string[], extra: string[], command = "report"): Manifest {
  const args = [command, file, "--seed", String(exp.seed), "--replications", String(exp.runs.length)];
  for (const s of sets) args.push("--set", s);
  args.push(...extra);
  return buildManifest(exp, {
    version: peaklineVersion(),
    sha256: scenarioHash(exp.scenario),
    command: commandLine(args),
    changes: sets,
    generatedAt: new Date().toISOString(),
    runtime: `node ${process.version}`,
  });
}

/** FILE "out/r.csv" + table "hourly" -> "out/r-hourly.csv". */
export function csvTablePath(out: string, table: string): string {
  const base = /\.csv$/i.test(out) ? out.slice(0, -4) : out;
  return `${base}-${table}.csv`;
}

interface ReportOpts {
  format?: ReportFormat;
  out: string;
  lang: Lang;
  replications?: number;
  seed?: number;
  set?: string[];
  table?: string;
  workers?: number;
  targetHalfwidth?: { halfWidth: number; relative: boolean };
  targetFigure?: string;
  maxReplications?: number;
}

export function registerReport(program: Command): void {
  program
    .command("report")
    .description("run the replications and write the shipment-deadline risk report (HTML, XLSX, CSV or JSON)")
    .argument("<scenario>", "scenario file, e.g. scenarios/default.yaml")
    .requiredOption("--out <file>", "file to write (written atomically)")
    .option("--format <format>", "html, xlsx, csv or json (default: from the --out extension)", parseChoiceOption("--format", REPORT_FORMATS))
    .addOption(program.createOption("--lang <lang>", "language: en or zh").default("en").argParser(parseChoiceOption("--lang", LANGS)))
    .option("--replications <r>", `replications (default ${DEFAULT_REPORT_REPLICATIONS}; with --target-halfwidth the start, default ${DEFAULT_RUN_REPLICATIONS})`, parseIntOption("--replications", 1, MAX_REPLICATIONS_FLAG))
    .option("--seed <n>", "base seed (default: the scenario's seed)", parseIntOption("--seed", 0, 2 ** 32 - 1))
    .option("--set <path=value>", "override a scenario field (repeatable)", collect)
    .option("--table <name>", `CSV only: write one table (${CSV_TABLES.join(", ")}); default: every table, one file each`, parseChoiceOption("--table", CSV_TABLES))
    .option("--workers <w>", WORKERS_HELP, parseIntOption("--workers", 1, 256))
    .option(
      "--target-halfwidth <x>",
      `add replications until the half-width of --target-figure is at most x (or "1%" of the mean); trusted from ${MIN_REPLICATIONS_TO_STOP} replications on and never while every replication gives the same value`,
      parseHalfWidth,
    )
    .option("--target-figure <name>", `figure for --target-halfwidth (default ${DEFAULT_TARGET_FIGURE})`)
    .option("--max-replications <m>", "upper limit with --target-halfwidth, at least --replications; only with --target-halfwidth", parseIntOption("--max-replications", 1, MAX_REPLICATIONS_FLAG))
    .action(async (file: string, opts: ReportOpts) => {
      // --format and the --out extension must agree (an Excel file named r.html helps nobody).
      const format = outputFormat(opts.format, opts.out, REPORT_FORMATS, undefined, opts.lang);
      if (opts.table && format !== "csv") {
        const from = opts.format === undefined ? { en: ` (from --out ${opts.out})`, zh: `（由 --out ${opts.out} 判断）` } : { en: "", zh: "" };
        throw new CliError(
          say(
            opts.lang,
            `--table is for --format csv only: this report is ${format}${from.en}; drop --table, or use --format csv (or an --out name ending .csv)`,
            `--table 只用于 --format csv：这份报告是 ${format}${from.zh}；请去掉 --table，或改用 --format csv（或把 --out 改为 .csv 文件名）`,
          ),
        );
      }
      const replications = opts.replications ?? (opts.targetHalfwidth ? DEFAULT_RUN_REPLICATIONS : DEFAULT_REPORT_REPLICATIONS);
      checkMaxReplications(opts.targetHalfwidth !== undefined, opts.maxReplications, opts.replications, replications, false, opts.lang);
      checkOutWritable("--out", opts.out, opts.lang);
      const sets = opts.set ?? [];
      const { scenario } = loadScenarioFileDetailed(file, sets, opts.lang);
      const target = targetOf(scenario, opts);
      const chartJs = format === "html" ? readChartJs(opts.lang) : undefined;
      const exp = await runWithProgress(scenario, { replications, seed: opts.seed, workers: opts.workers, target, maxReplications: opts.maxReplications }, opts.lang);
      const extra = ["--format", format, "--out", opts.out];
      if (opts.lang !== "en") extra.push("--lang", opts.lang);
      if (opts.table) extra.push("--table", opts.table);
      const manifest = cliManifest(exp, file, sets, extra);
      const written: string[] = [];
      if (format === "csv" && !opts.table) {
        const tables = renderCsvTables(exp, opts.lang, manifest);
        for (const [name, text] of Object.entries(tables)) {
          const path = csvTablePath(opts.out, name);
          writeFileAtomic(path, text, opts.lang);
          written.push(path);
        }
      } else {
        const data = await renderReport(exp, { format, lang: opts.lang, table: opts.table, manifest, chartJs });
        writeFileAtomic(opts.out, data, opts.lang);
        written.push(opts.out);
      }
      if (exp.target) process.stderr.write(`${stoppedText(exp, opts.lang)}\n`);
      process.stderr.write(opts.lang === "zh" ? `已写入 ${written.join("、")}\n` : `wrote ${written.join(", ")}\n`);
    });
}
