/**
 * Shared CLI plumbing: exit codes, user-facing errors, reading scenario files,
 * atomic writes, option parsers for commander.
 *
 * Contract: a user mistake (bad file, bad flag, bad value) is a `CliError` with exit
 * code 2 (USAGE) and a message naming the file/flag/field and what is allowed; it is
 * printed without a stack trace. Anything else is a bug: "internal error: ..." and
 * exit code 1 (stack only with PEAKLINE_DEBUG=1).
 */
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import type { Stats } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { CommanderError, InvalidArgumentError } from "commander";
import { type ErrorLang, formatBytes, formatErrors, MAX_SCENARIO_BYTES, nearest, parseScenarioText } from "../sim/model/load.js";
import type { Scenario } from "../sim/model/schema.js";
import { scenarioWarnings } from "../sim/model/warnings.js";

export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A problem the user can fix; `message` is shown as is, `code` is the exit code (default 2). */
export class CliError extends Error {
  readonly code: ExitCode;
  constructor(message: string, code: ExitCode = EXIT.USAGE) {
    super(message);
    this.name = "CliError";
    this.code = code;
  }
}

/** Prints `message` (if any) to stderr and exits with `code`. */
export function exitWith(code: ExitCode, message?: string): never {
  if (message) process.stderr.write(message.endsWith("\n") ? message : `${message}\n`);
  process.exit(code);
}

// ---------------------------------------------------------------- reading scenarios

/**
 * `en` or `zh` by `lang`: the CLI's own messages (reading a file, a flag refused by a
 * command), in the language of --lang. Every command words its errors with this.
 */
export function say(lang: ErrorLang, en: string, zh: string): string {
  return lang === "zh" ? zh : en;
}

function statOrThrow(file: string, lang: ErrorLang): Stats {
  try {
    return statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new CliError(say(lang, `${file}: no such file${similarFiles(file, lang)}`, `${file}：文件不存在${similarFiles(file, lang)}`));
    if (code === "EACCES" || code === "EPERM") throw new CliError(say(lang, `${file}: permission denied; the file cannot be read by this user`, `${file}：没有权限；当前用户无法读取这个文件`));
    if (code === "ENAMETOOLONG") throw new CliError(say(lang, `${file.slice(0, 80)}...: the file name is too long`, `${file.slice(0, 80)}...：文件名太长`));
    throw new CliError(say(lang, `${file}: cannot open (${code ?? (e as Error).message})`, `${file}：无法打开（${code ?? (e as Error).message}）`));
  }
}

/** "; did you mean scenarios/default.yaml?" when the folder holds a close name. */
function similarFiles(file: string, lang: ErrorLang): string {
  try {
    const dir = dirname(file);
    const names = readdirSync(dir);
    const near = nearest(basename(file), names);
    return near ? say(lang, `; did you mean ${join(dir, near)}?`, `；是不是 ${join(dir, near)}？`) : "";
  } catch {
    return "";
  }
}

/** First byte offset at which `bytes` stops being valid UTF-8 (lead/continuation structure only), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= bytes.length) return i;
    for (let k = 1; k <= n; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * Reads a scenario file as text, refusing with a clear CliError (exit 2): a missing
 * file, a folder, a device or pipe (which could block forever), no permission, more
 * than 5 MiB (checked with stat before reading), a binary file (a spreadsheet renamed
 * .yaml), text that is not UTF-8 (GBK from a Chinese Windows editor). A UTF-16 file
 * with a byte-order mark (Excel's "Unicode text") is decoded; a UTF-8 BOM is dropped.
 * The messages are in `lang` (--lang).
 */
export function readScenarioFile(file: string, lang: ErrorLang = "en"): string {
  const st = statOrThrow(file, lang);
  if (st.isDirectory()) {
    let names: string[] = [];
    try {
      names = readdirSync(file).filter((n) => /\.(ya?ml|json)$/i.test(n));
    } catch {
      // An unreadable folder: the main message is enough.
    }
    const listed = `${names.slice(0, 8).join(", ")}${names.length > 8 ? ", ..." : ""}`;
    throw new CliError(
      say(
        lang,
        `${file}: is a folder, not a file; give a scenario file such as scenarios/default.yaml${names.length ? `; scenario files in it: ${listed}` : ""}`,
        `${file}：这是文件夹，不是文件；请给出场景文件，如 scenarios/default.yaml${names.length ? `；这个文件夹里的场景文件：${listed}` : ""}`,
      ),
    );
  }
  if (!st.isFile()) throw new CliError(say(lang, `${file}: is not a regular file (a device or pipe?); give a scenario file`, `${file}：不是普通文件（是设备或管道？）；请给出场景文件`));
  if (st.size > MAX_SCENARIO_BYTES) {
    throw new CliError(
      say(
        lang,
        `${file}: the file is ${formatBytes(st.size)}; scenario files are limited to ${formatBytes(MAX_SCENARIO_BYTES)} (is this a data export rather than a scenario? a scenario is usually a few KiB)`,
        `${file}：文件有 ${formatBytes(st.size)}；场景文件最大 ${formatBytes(MAX_SCENARIO_BYTES)}（这是不是导出的数据，而不是场景？场景文件一般只有几 KiB）`,
      ),
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM") throw new CliError(say(lang, `${file}: permission denied; the file cannot be read by this user`, `${file}：没有权限；当前用户无法读取这个文件`));
    if (code === "EISDIR") throw new CliError(say(lang, `${file}: is a folder, not a file`, `${file}：这是文件夹，不是文件`));
    throw new CliError(say(lang, `${file}: cannot read (${code ?? (e as Error).message})`, `${file}：无法读取（${code ?? (e as Error).message}）`));
  }
  return decodeScenarioBytes(bytes, file, lang);
}

/** Bytes -> text with the checks of `readScenarioFile` (exported for tests and the API). */
export function decodeScenarioBytes(bytes: Uint8Array, file: string, lang: ErrorLang = "en"): string {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const refuse = (en: string, zh: string) => new CliError(say(lang, `${file}: ${en}`, `${file}：${zh}`));
  if (starts(0x50, 0x4b, 0x03, 0x04)) {
    throw refuse(
      "this looks like a binary file (a zip archive: an Excel .xlsx renamed?), not YAML/JSON; save the scenario as text, or start from scenarios/default.yaml",
      "这看起来是二进制文件（zip 压缩包：是不是把 Excel .xlsx 改了扩展名？），不是 YAML/JSON；请把场景存为文本，或从 scenarios/default.yaml 开始改",
    );
  }
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) throw refuse("this looks like a binary file (an old Excel .xls or Word .doc renamed?), not YAML/JSON", "这看起来是二进制文件（是不是把旧版 Excel .xls 或 Word .doc 改了扩展名？），不是 YAML/JSON");
  if (starts(0x25, 0x50, 0x44, 0x46)) throw refuse("this looks like a PDF, not YAML/JSON", "这看起来是 PDF，不是 YAML/JSON");
  if (starts(0x1f, 0x8b)) throw refuse("this looks like a gzip-compressed file, not YAML/JSON; decompress it first", "这看起来是 gzip 压缩文件，不是 YAML/JSON；请先解压");
  if (starts(0xff, 0xfe)) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (starts(0xfe, 0xff)) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) throw refuse("this looks like a binary file (it contains NUL bytes: an .xlsx or other document renamed?), not YAML/JSON", "这看起来是二进制文件（含 NUL 字节：是不是把 .xlsx 或其他文档改了扩展名？），不是 YAML/JSON");
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    throw refuse(
      `is not UTF-8 text${at >= 0 ? ` (first bad byte on line ${line})` : ""}; it was probably saved as GBK/ANSI: save it again as UTF-8`,
      `不是 UTF-8 文本${at >= 0 ? `（第 ${line} 行起有无法识别的字节）` : ""}；可能是按 GBK/ANSI 保存的：请重新存为 UTF-8`,
    );
  }
}

export interface LoadedScenario {
  /** Validated, every default filled in. */
  scenario: Scenario;
  /** The file's data after `--set` overrides, before defaults (for manifests). */
  resolved: unknown;
  /** The file's text as read. */
  text: string;
}

/**
 * Reads and validates a scenario file, applying `sets` (`--set path=value`). Throws
 * CliError(USAGE) whose message lists every problem with its field path (in Chinese
 * with `lang` "zh": the file's problems and the reading errors above); prints
 * the scenario's warnings (what runs as written but does nothing, or not what the
 * file seems to say: see scenarioWarnings) to stderr, unless `warn` is false.
 */
export function loadScenarioFileDetailed(file: string, sets: string[] = [], lang: "en" | "zh" = "en", warn = true): LoadedScenario {
  const text = readScenarioFile(file, lang);
  const format = /\.json$/i.test(file) ? "json" : /\.ya?ml$/i.test(file) ? "yaml" : undefined;
  const r = parseScenarioText(text, { format, sets, source: file });
  if (!r.ok) throw new CliError(formatErrors(r.errors, file, 50, lang), EXIT.USAGE);
  // A valid scenario is run as asked, with its warnings on stderr.
  if (warn) writeWarnings(scenarioWarnings(r.scenario), lang);
  return { scenario: r.scenario, resolved: r.resolved, text };
}

/**
 * Scenario warnings on stderr, one a line: "warning: <path>: <message>" (with --lang zh
 * "警告：<path>：<message>"); `where`, when given, is added after the message (the
 * planner's "(in the plan)" for a warning of the scenario with the plan applied).
 */
export function writeWarnings(list: readonly { path: string; en: string; zh: string }[], lang: "en" | "zh" = "en", where?: { en: string; zh: string }): void {
  for (const w of list) {
    process.stderr.write(lang === "en" ? `warning: ${w.path}: ${w.en}${where ? ` ${where.en}` : ""}\n` : `警告：${w.path}：${w.zh}${where ? where.zh : ""}\n`);
  }
}

/** The agreed contract: the validated scenario, or CliError(USAGE) listing every problem (printed by `runCli`, exit 2). */
export function loadScenarioFile(file: string, sets: string[] = []): Scenario {
  return loadScenarioFileDetailed(file, sets).scenario;
}

// ---------------------------------------------------------------- writing

/**
 * Fails before a long run when `--out` cannot be written: its folder is missing or
 * not a folder, or no file can be created there (read-only, permissions, /proc...).
 * Creates and removes a probe file next to the target, as the atomic write will.
 * Worded in `lang` (the command's --lang).
 */
export function checkOutWritable(flag: string, out: string, lang: ErrorLang = "en"): void {
  const dir = dirname(out);
  let dirStat: Stats | undefined;
  try {
    dirStat = statSync(dir);
  } catch {
    dirStat = undefined;
  }
  const refuse = (en: string, zh: string) => new CliError(say(lang, `${flag} ${out}: ${en}`, `${flag} ${out}：${zh}`));
  if (!dirStat) throw refuse(`the folder ${dir} does not exist`, `文件夹 ${dir} 不存在`);
  if (!dirStat.isDirectory()) throw refuse(`${dir} is a file, not a folder`, `${dir} 是文件，不是文件夹`);
  let outStat: Stats | undefined;
  try {
    outStat = lstatSync(out);
  } catch {
    outStat = undefined; // a new file
  }
  if (outStat?.isDirectory()) throw refuse("it is a folder; give a file name", "这是文件夹；请给出文件名");
  // The atomic write replaces the name: a link, a pipe or a device there would be replaced, not written to.
  if (outStat && !outStat.isFile()) throw refuse("it exists and is not a regular file (a link, pipe or device); give a plain file name", "已存在且不是普通文件（链接、管道或设备）；请给出普通文件名");
  const probe = join(dir, `.${basename(out)}.${process.pid}.${randomBytes(4).toString("hex")}.probe`);
  try {
    closeSync(openSync(probe, "wx", 0o644));
    unlinkSync(probe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EROFS" ? "the folder is read-only" : `no file can be created there (${code ?? (e as Error).message})`;
    const whyZh = code === "EACCES" || code === "EPERM" ? "没有权限" : code === "EROFS" ? "文件夹是只读的" : `无法在那里创建文件（${code ?? (e as Error).message}）`;
    throw refuse(`cannot write in the folder ${dir}: ${why}`, `无法在文件夹 ${dir} 中写入：${whyZh}`);
  }
}

/**
 * Writes `data` to `path` all-or-nothing: into a temporary file in the same folder
 * (so the rename stays on one file system and is atomic), flushed, then renamed over
 * `path`. On any failure the temporary file is removed and `path` is untouched.
 * Throws CliError (in `lang`): exit 2 for an unusable path (missing folder, no
 * permission, a folder in the way), exit 1 for other failures (disk full).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, lang: ErrorLang = "en"): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", 0o644);
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Already failing; the original error is the one to report.
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // Not created, or already renamed.
    }
    const code = (e as NodeJS.ErrnoException).code;
    const refuse = (en: string, zh: string, exit: ExitCode = EXIT.USAGE) => new CliError(say(lang, `${path}: cannot write${en}`, `${path}：无法写入${zh}`), exit);
    if (code === "ENOENT" || code === "ENOTDIR") {
      let exists = false;
      try {
        exists = statSync(dirname(path)).isDirectory();
      } catch {
        exists = false;
      }
      throw exists
        ? refuse(`: no file can be created in the folder ${dirname(path)} (${code})`, `：无法在文件夹 ${dirname(path)} 中创建文件（${code}）`)
        : refuse(`: the folder ${dirname(path)} does not exist`, `：文件夹 ${dirname(path)} 不存在`);
    }
    if (code === "EACCES" || code === "EPERM" || code === "EROFS") throw refuse(": permission denied", "：没有权限");
    if (code === "EISDIR") throw refuse(": it is a folder", "：这是文件夹");
    throw refuse(` (${code ?? (e as Error).message})`, `（${code ?? (e as Error).message}）`, EXIT.FAILURE);
  }
}

// ---------------------------------------------------------------- output formats

/** What an --out extension says the file is ("htm" is html, "txt" text). */
const EXTENSION_FORMAT: Record<string, string> = { html: "html", htm: "html", xlsx: "xlsx", csv: "csv", json: "json", txt: "text", text: "text" };
/** The extension a format's file is named with. */
const FORMAT_EXTENSION: Record<string, string> = { html: "html", xlsx: "xlsx", csv: "csv", json: "json", text: "txt" };

/**
 * The format of an export written to `out`: `--format` when given, else the one the
 * extension of `out` names (among `formats`), else `fallback` for a name without
 * extension (a command with a default format) or without --out. Exit 2, before
 * anything is written, when they cannot agree:
 * - --format and the extension name two different formats (--out r.html --format xlsx);
 * - --format csv with an --out whose extension is not .csv (the report names its CSV
 *   files after it, FILE-table.csv: out/y.json would give out/y.json-summary.csv);
 * - no --format and an extension that is none of `formats` (and no fallback).
 */
export function outputFormat<T extends string>(format: T | undefined, out: string | undefined, formats: readonly T[], fallback?: T, lang: ErrorLang = "en"): T {
  const refuse = (en: string, zh: string) => new CliError(say(lang, en, zh));
  if (out === undefined) {
    if (format !== undefined) return format;
    if (fallback !== undefined) return fallback;
    throw refuse(`--format is needed; use --format ${formats.join("|")}`, `需要 --format；请用 --format ${formats.join("|")}`);
  }
  const ext = extname(out).slice(1).toLowerCase();
  const said = EXTENSION_FORMAT[ext];
  const named = said !== undefined && (formats as readonly string[]).includes(said) ? (said as T) : undefined;
  const exts = formats.map((f) => `.${FORMAT_EXTENSION[f] ?? f}`);
  const names = exts.join(", ");
  if (format !== undefined) {
    if (named !== undefined && named !== format) {
      const want = `.${FORMAT_EXTENSION[format] ?? format}`;
      throw refuse(
        `--out ${out} and --format ${format} disagree: the extension .${ext} says ${named}, --format says ${format}; drop --format, or give --out a ${want} name`,
        `--out ${out} 与 --format ${format} 不一致：扩展名 .${ext} 表示 ${named}，--format 却是 ${format}；请去掉 --format，或把 --out 改为 ${want} 文件名`,
      );
    }
    if (format === "csv" && ext !== "" && ext !== "csv") {
      const csv = join(dirname(out), `${basename(out, extname(out))}.csv`);
      throw refuse(
        `--out ${out} and --format csv disagree: the extension .${ext} is not .csv; give --out a .csv name such as ${csv} (or no extension)`,
        `--out ${out} 与 --format csv 不一致：扩展名 .${ext} 不是 .csv；请把 --out 改为 .csv 文件名，如 ${csv}（或不带扩展名）`,
      );
    }
    return format;
  }
  if (named !== undefined) return named;
  if (ext === "" && fallback !== undefined) return fallback;
  throw refuse(
    `--format is needed: cannot tell the format from --out ${out} (${ext === "" ? "no extension" : `.${ext} is none of ${names}`}); use --format ${formats.join("|")}, or name the file ${names}`,
    `需要 --format：无法从 --out ${out} 看出格式（${ext === "" ? "没有扩展名" : `.${ext} 不是 ${exts.join("、")} 之一`}）；请用 --format ${formats.join("|")}，或把文件命名为 ${exts.join("、")} 之一`,
  );
}

// ---------------------------------------------------------------- running

/**
 * Prints what an error means for the user and returns the exit code: CliError -> its
 * message and code; commander's own errors (already printed by commander) -> 0 for
 * help/version, 2 otherwise; anything else -> "internal error: ..." and 1, worded in
 * the command line's --lang (the error's own text is the bug's, as thrown).
 */
export function reportError(err: unknown, stderr: (s: string) => void = (s) => process.stderr.write(s)): ExitCode {
  if (err instanceof CliError) {
    stderr(err.message.endsWith("\n") ? err.message : `${err.message}\n`);
    return err.code;
  }
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  const msg = err instanceof Error ? err.message.split("\n")[0] : String(err);
  const debug = process.env.PEAKLINE_DEBUG === "1";
  stderr(
    say(
      optionLang,
      `internal error: ${msg}${debug ? "" : " (set PEAKLINE_DEBUG=1 for details)"}\n`,
      `内部错误：${msg}${debug ? "" : "（设置 PEAKLINE_DEBUG=1 可查看详情）"}\n`,
    ),
  );
  if (debug && err instanceof Error && err.stack) stderr(`${err.stack}\n`);
  return EXIT.FAILURE;
}

/**
 * Runs a CLI body: on a thrown error prints it (see `reportError`) and exits with its
 * code; on success sets exit code 0 and lets pending output drain.
 */
export async function runCli(fn: () => unknown | Promise<unknown>): Promise<void> {
  // `peakline ... | head` closes stdout early: that is not an error.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(EXIT.OK);
  });
  try {
    await fn();
    process.exitCode = EXIT.OK;
  } catch (err) {
    process.exit(reportError(err));
  }
}

// ---------------------------------------------------------------- option parsers

/** Help for run/compare/report's --workers (see lanesWorthStarting in src/sim/experiment/pool.ts). */
export const WORKERS_HELP = "threads running replications, this one included (default: available CPUs, or 1 when the job looks short; 1 = no worker threads)";

/**
 * The language a refused option value (and an internal error) is worded in. Commander
 * reads the options in the order typed, so a bad value before `--lang zh` is met before
 * --lang is: `main` sets this from the whole command line first (argvLang), and back to
 * "en" after. A command's action words its own errors by its parsed `--lang` (`say`).
 */
let optionLang: ErrorLang = "en";

export function setOptionLang(lang: ErrorLang): void {
  optionLang = lang;
}

/** The language a command line asks for: the value of its last --lang (or --lang=zh) before any "--"; "en" without one. */
export function argvLang(args: readonly string[]): ErrorLang {
  let lang: ErrorLang = "en";
  for (let i = 0; i < args.length && args[i] !== "--"; i++) {
    const v = args[i] === "--lang" ? args[i + 1] : args[i].startsWith("--lang=") ? args[i].slice("--lang=".length) : undefined;
    if (v !== undefined) lang = v === "zh" ? "zh" : "en";
  }
  return lang;
}

/** What commander prints after a usage error, by language. */
export const HELP_AFTER_ERROR = { en: "(add --help for usage)", zh: "（加 --help 查看用法）" };

/**
 * A refused option value: commander's InvalidArgumentError (its "error: option ... is
 * invalid." before `en`); with --lang zh a CliError in Chinese instead, which commander
 * passes through unworded ("--min-crew：须为 1 到 50 的整数（实为 \"abc\"）"). For a
 * command's own option parsers too (run's --target-halfwidth): --lang may come after.
 */
export function refuseOption(name: string, en: string, zh: string): Error {
  return optionLang === "zh" ? new CliError(`${name}：${zh}\n${HELP_AFTER_ERROR.zh}`) : new InvalidArgumentError(en);
}

/** Commander parser for a whole-number option in [min, max]; a bad value exits 2 naming the flag and range. */
export function parseIntOption(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const t = value.trim();
    const n = /^[+-]?\d+$/.test(t) ? Number(t) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw refuseOption(name, `${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`, `须为 ${min} 到 ${max} 的整数（实为 ${JSON.stringify(value)}）`);
    }
    return n;
  };
}

/** Commander parser for a number option in [min, max] (or (min, max] with `exclusiveMin`). */
export function parseNumberOption(name: string, min: number, max: number, opts: { exclusiveMin?: boolean } = {}): (value: string) => number {
  return (value) => {
    const t = value.trim();
    const n = t === "" ? NaN : Number(t);
    const low = opts.exclusiveMin ? n > min : n >= min;
    if (!Number.isFinite(n) || !low || n > max) {
      throw refuseOption(
        name,
        `${name} must be a number from ${opts.exclusiveMin ? "more than " : ""}${min} to ${max}; got ${JSON.stringify(value)}`,
        `须为${opts.exclusiveMin ? `大于 ${min}、不超过 ${max} 的数字` : ` ${min} 到 ${max} 的数字`}（实为 ${JSON.stringify(value)}）`,
      );
    }
    return n;
  };
}

/** Commander parser for a choice option. */
export function parseChoiceOption<T extends string>(name: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    const near = nearest(value, choices);
    throw refuseOption(
      name,
      `${name} must be one of ${choices.join(", ")}; got ${JSON.stringify(value)}${near ? ` (did you mean ${near}?)` : ""}`,
      `须为 ${choices.join("、")} 之一（实为 ${JSON.stringify(value)}）${near ? `；是不是 ${near}？` : ""}`,
    );
  };
}

/** Commander collector for a repeatable option such as `--set path=value`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
