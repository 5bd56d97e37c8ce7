/**
 * Scenario loading at the boundary: text (YAML or JSON) -> plain data -> `--set`
 * overrides -> the zod `Scenario` schema. Pure: no file system, no console; the CLI
 * (src/cli/common.ts) and the HTTP API feed it text or already-parsed data.
 *
 * Every problem comes back as a value `{ path, message }`, all of them at once, so a
 * manager can fix a file in one pass. Range and type messages are generated here from
 * the schema itself (its number bounds, enum members, union options), not taken from
 * zod's defaults ("Invalid input"), so they always say the value received and what is
 * allowed: `demand.surge: 300 is too large; allowed 1 to 100`. Messages written by
 * hand in the schema (refinements, formats) are kept and prefixed with the value.
 *
 * Every message comes in English (`message`) and Simplified Chinese (`zh`), built side by
 * side from the same facts; `formatErrors(..., "zh")` prints the Chinese. Messages written
 * in the schema carry their Chinese as zod issue params (`params: { zh }`).
 *
 * Invariant: an unknown key is always an error (the schema's objects are strict) and
 * comes with the nearest known key when there is a close one; a typo is never ignored.
 *
 * Known limit: zod skips the scenario's cross-field checks (duplicate ids, unknown
 * station in a roster, ...) while some field has the wrong type or a missing required
 * value, so those can appear only in a second pass.
 */
import { Composer, type CST, type Document, isMap, isScalar, isSeq, LineCounter, Parser, YAMLParseError } from "yaml";
import type { DocumentOptions, Node as YamlNode, Pair, ParseOptions as YamlParseOptions, SchemaOptions } from "yaml";
import { ClockTime, DateTime, Dist, Duration, Profile, Scenario, ScenarioDescription, ScenarioName, StationName } from "./schema.js";

// ---------------------------------------------------------------- public types

/** One problem: `path` is dotted with [i] for list entries (`stations[3].serviceSec.mean`); "" = the whole file. */
export interface ScenarioError {
  path: string;
  /** English. */
  message: string;
  /** The same in Simplified Chinese (every message the loader makes has one). */
  zh?: string;
  /** 1-based line in the source text, when the problem can be placed in it. */
  line?: number;
  /** 1-based column (syntax errors only). */
  column?: number;
  /** The `--set path=value` argument the problem comes from, if any. */
  set?: string;
  /** Only on a last entry standing for problems not listed (see MAX_ERRORS): how many. */
  more?: number;
}

export type ParseResult = { ok: true; scenario: Scenario; resolved: unknown } | { ok: false; errors: ScenarioError[] };

export interface ParseOptions {
  /** Default: auto-detected (text starting with `{` or `[` is JSON; otherwise YAML). JSON is read by the YAML 1.2 parser, which accepts it and reports duplicate keys and positions. */
  format?: "yaml" | "json";
  /** `--set path=value` overrides, applied in order before validation. */
  sets?: string[];
  /** A name for the input (file name) used in messages. */
  source?: string;
}

/**
 * Largest scenario text accepted, in bytes (512 KiB), checked before parsing so a huge
 * export fails fast. A real scenario is a few KiB (the largest lists, tenMinute
 * profiles, hold 144 numbers); the YAML parser needs 4-10 s per MiB of many small
 * entries on a slow 2-core machine, so a larger limit would let a bad file stall the CLI.
 */
export const MAX_SCENARIO_BYTES = 512 * 1024;
/** Most problems returned (the rest are counted in a last entry): a wrong file can yield one per line. */
export const MAX_ERRORS = 200;
/** Most alias (`*name`) expansions allowed; guards against "billion laughs" alias bombs. */
export const MAX_YAML_ALIASES = 100;
/**
 * Most levels of lists and groups inside one another. A scenario needs 6
 * (staff.shifts[0].breaks[0].at: the file, staff, shifts, a shift, breaks, a break); the
 * YAML parser, validation and the error paths recurse once per level, and from a few
 * hundred levels the YAML composer runs out of stack ("Maximum call stack size exceeded",
 * which yaml reports as a syntax error; after one such overflow V8 may even abort the
 * process, "RegExpCompiler Allocation failed", on the next deep text). Deeper text is
 * refused between the YAML parser (iterative) and composer (see parseYaml), deeper data
 * (an HTTP body, what aliases stand for, --set values) before validation.
 */
export const MAX_NESTING = 50;
/** What the nesting messages say a scenario needs. */
const NESTING_HINT: Msg = { en: `a scenario needs at most 6 levels (such as staff.shifts[0].breaks[0].at)`, zh: `场景最多只需 6 层（如 staff.shifts[0].breaks[0].at）` };

const EMPTY_HINT: Msg = { en: "copy scenarios/default.yaml and edit it, or write {} to use every default", zh: "请复制 scenarios/default.yaml 再修改，或写 {} 使用全部默认值" };

/** The languages messages come in. */
export type ErrorLang = "en" | "zh";
/** A message in English and Simplified Chinese. */
interface Msg {
  en: string;
  zh: string;
}

/** `s` after Chinese text: a space before a value that starts with Latin letters, digits or quotes ("应为 true 或 false"), none before Chinese. */
function zl(s: string): string {
  return /^[\x21-\x7e]/.test(s) ? ` ${s}` : s;
}
/** `s` before Chinese text: a space after a value that ends with Latin letters, digits or quotes ("\"3h\" 无效"). */
function zr(s: string): string {
  return /[\x21-\x7e]$/.test(s) ? `${s} ` : s;
}

// ---------------------------------------------------------------- entry points

/**
 * Parses scenario text (YAML with comments, or JSON), applies `opts.sets`, validates.
 * Returns the scenario with every default filled in, and `resolved`: the data after
 * the overrides but before defaults (what a manifest should record).
 */
export function parseScenarioText(text: string, opts: ParseOptions = {}): ParseResult {
  // UTF-16 units, equal to bytes for ASCII: a cheap guard before parsing (the CLI also
  // checks the byte size with stat before reading).
  if (text.length > MAX_SCENARIO_BYTES) {
    return fail("", {
      en: `the ${opts.source ? "file" : "text"} is ${formatBytes(text.length)}; scenario files are limited to ${formatBytes(MAX_SCENARIO_BYTES)} (is this a data export rather than a scenario? a scenario is usually a few KiB)`,
      zh: `${opts.source ? "文件" : "文本"}有 ${formatBytes(text.length)}；场景文件最大 ${formatBytes(MAX_SCENARIO_BYTES)}（这是不是导出的数据，而不是场景？场景文件一般只有几 KiB）`,
    });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const binary = binaryReason(text);
  if (binary) return fail("", binary);
  if (text.trim() === "") return fail("", { en: `the ${opts.source ? "file" : "text"} is empty; ${EMPTY_HINT.en}`, zh: `${opts.source ? "文件" : "文本"}是空的；${EMPTY_HINT.zh}` });

  const format = opts.format ?? (/^\s*[[{]/.test(text) ? "json" : "yaml");
  const kind = format === "json" ? "JSON" : "YAML";
  const lineCounter = new LineCounter();
  // uniqueKeys: false because yaml's own check is quadratic in a mapping's size (30 s
  // for 512 KiB); findDuplicateKeys below does it in linear time, with both lines.
  const parsed = parseYaml(text, { merge: true, prettyErrors: false, uniqueKeys: false }, lineCounter);
  const deepText = (pos: { line: number; col: number }) => nestingMessage({ en: `${kind} nested too deeply at line ${pos.line}, column ${pos.col}`, zh: `${kind} 第 ${pos.line} 行第 ${pos.col} 列嵌套过深` });
  if ("deepAt" in parsed) {
    const pos = lineCounter.linePos(parsed.deepAt);
    return { ok: false, errors: [{ path: "", ...bi(deepText(pos)), line: pos.line, column: pos.col }] };
  }
  const doc = parsed.doc;

  const syntax: ScenarioError[] = [];
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    // Out of stack all the same (a deep structure the depth check does not see): said plainly.
    if (e.code === "RESOURCE_EXHAUSTION" && /call stack/i.test(e.message)) {
      return { ok: false, errors: [{ path: "", ...bi(deepText(pos)), line: pos.line, column: pos.col }] };
    }
    syntax.push({
      path: "",
      message: `${format === "json" ? "JSON" : "YAML"} syntax error at line ${pos.line}, column ${pos.col}: ${syntaxMessage(e.code, e.message, "en")}`,
      zh: `${kind} 语法错误，第 ${pos.line} 行第 ${pos.col} 列：${syntaxMessage(e.code, e.message, "zh")}`,
      line: pos.line,
      column: pos.col,
    });
  }
  // After the first few, syntax errors are mostly echoes of the first.
  if (syntax.length > 10) return { ok: false, errors: [...syntax.slice(0, 10), { path: "", message: `... and ${syntax.length - 10} more syntax errors`, zh: `……另有 ${syntax.length - 10} 处语法错误`, more: syntax.length - 10 }] };
  if (syntax.length) return { ok: false, errors: syntax };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // "Unresolved alias (the anchor must be set before the alias): c"
    const unresolved = /^Unresolved alias[^:]*:\s*(.+)$/i.exec(msg);
    if (unresolved) {
      const name = unresolved[1].trim();
      const line = aliasLine(text, name);
      return {
        ok: false,
        errors: [
          {
            path: "",
            message: `the alias *${name} names no anchor: write &${name} on the value it stands for, before the alias, or write the value out`,
            zh: `别名 *${name} 没有对应的锚点：请在它所代表的值上、别名之前写 &${name}，或直接写出取值`,
            ...(line !== undefined ? { line } : {}),
          },
        ],
      };
    }
    if (/alias/i.test(msg)) {
      return fail("", {
        en: `too many alias references (*name): the anchors expand to more than ${MAX_YAML_ALIASES} copies; write the values out or use fewer aliases`,
        zh: `别名引用（*name）过多：锚点展开后超过 ${MAX_YAML_ALIASES} 份；请直接写出取值，或少用别名`,
      });
    }
    if (e instanceof RangeError && /call stack/i.test(msg)) return fail("", nestingMessage({ en: `${kind} nested too deeply`, zh: `${kind} 嵌套过深` }));
    return fail("", { en: `could not read the ${format === "json" ? "JSON" : "YAML"}: ${msg}`, zh: `无法读取该 ${kind}：${msg}` });
  }
  if (data === null || data === undefined) {
    return fail("", { en: `the ${opts.source ? "file" : "text"} has no settings (only comments?); ${EMPTY_HINT.en}`, zh: `${opts.source ? "文件" : "文本"}里没有任何设置（只有注释？）；${EMPTY_HINT.zh}` });
  }

  const keyIndex = new WeakMap<object, Map<string, Pair>>();
  const lineOf = (path: Path) => lineOfPath(doc.contents, path, lineCounter, keyIndex);
  const duplicates = findDuplicateKeys(doc.contents, [], lineCounter);
  return validateData(data, opts.sets ?? [], lineOf, duplicates);
}

/** The first line (1-based) where `*name` is written, for the message of an alias without its anchor. */
function aliasLine(text: string, name: string): number | undefined {
  const re = new RegExp(`\\*${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`);
  const k = text.split("\n").findIndex((l) => re.test(l));
  return k >= 0 ? k + 1 : undefined;
}

/** Validates already-parsed data (an HTTP JSON body) the same way, with optional `--set` style overrides. */
export function parseScenarioData(data: unknown, sets: string[] = []): ParseResult {
  if (data === null || data === undefined) return fail("", { en: `the scenario is empty; ${EMPTY_HINT.en}`, zh: `场景是空的；${EMPTY_HINT.zh}` });
  return validateData(data, sets, () => undefined, []);
}

/**
 * Re-validates a scenario that code has edited (planner, API): returns it with
 * defaults re-applied. Throws a RangeError listing the problems: an invalid edit is a
 * programmer error, not user input.
 */
export function resolveScenario(scenario: Scenario): Scenario {
  const r = parseScenarioData(scenario);
  if (!r.ok) throw new RangeError(`edited scenario is invalid:\n${formatErrors(r.errors)}`);
  return r.scenario;
}

/**
 * Human-readable list of problems, one per line, at most `limit` (default 50) lines.
 * With `source` (a file name) a header names it. With `lang` "zh" the header and each
 * message are in Chinese (a message without its Chinese text, if any, in English).
 */
export function formatErrors(errors: ScenarioError[], source?: string, limit = 50, lang: ErrorLang = "en"): string {
  const zh = lang === "zh";
  const notListed = errors.at(-1)?.more;
  const list = notListed !== undefined ? errors.slice(0, -1) : errors;
  const total = list.length + (notListed ?? 0);
  const lines: string[] = [];
  if (source !== undefined) lines.push(zh ? `${source}：${total} 个问题` : `${source}: ${total === 1 ? "1 problem" : `${total} problems`}`);
  const shown = list.slice(0, limit);
  for (const e of shown) {
    // Override errors already start with "--set <arg>:" and name their path inside.
    const own = e.message.startsWith("--set ");
    const where = e.path && !own ? (zh ? `${e.path}：` : `${e.path}: `) : "";
    const line = e.line !== undefined && e.column === undefined && !/\blines? \d/.test(e.message);
    const at = own ? "" : e.set !== undefined ? (zh ? `（来自 --set ${e.set}）` : ` (from --set ${e.set})`) : line ? (zh ? `（第 ${e.line} 行）` : ` (line ${e.line})`) : "";
    lines.push(`${source !== undefined ? "  - " : ""}${where}${zh ? (e.zh ?? e.message) : e.message}${at}`);
  }
  if (total > shown.length) lines.push(`${source !== undefined ? "  " : ""}${zh ? `……另有 ${total - shown.length} 个问题；请先修改以上问题` : `... and ${total - shown.length} more; fix these first`}`);
  return lines.join("\n");
}

/** A problem's message in `lang`: the Chinese text when asked for and present, else the English. */
export function errorMessage(e: ScenarioError, lang: ErrorLang): string {
  return lang === "zh" ? (e.zh ?? e.message) : e.message;
}

// ---------------------------------------------------------------- validation

type Seg = string | number;
type Path = Seg[];

/** `{message, zh}` of a ScenarioError from a Msg. */
function bi(m: Msg): { message: string; zh: string } {
  return { message: m.en, zh: m.zh };
}

function fail(path: string, m: Msg): ParseResult {
  return { ok: false, errors: [{ path, ...bi(m) }] };
}

function validateData(input: unknown, sets: string[], lineOf: (p: Path) => number | undefined, early: ScenarioError[]): ParseResult {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return fail("", {
      en: `the top level must be a group of fields (name:, demand:, stations:, ...), not ${describeValue(input, "en")}${Array.isArray(input) ? "; remove the leading '- '" : ""}`,
      zh: `最外层必须是一组字段（name:、demand:、stations: 等），不能是${zl(describeValue(input, "zh"))}${Array.isArray(input) ? "；请去掉开头的 '- '" : ""}`,
    });
  }
  // Before anything recursive (the clone, the checks below, zod) walks it.
  const deep = nestedBeyond(input, MAX_NESTING);
  if (deep) return nestingFailure(deep, input, lineOf);
  const data: unknown = structuredClone(input);
  const errors = [...early];
  dropProtoKeys(data, [], (path) => {
    const err: ScenarioError = { path: formatPath(path), message: `"__proto__" is not a field name of a scenario; remove it`, zh: `"__proto__" 不是场景的字段名；请删除` };
    const line = lineOf(path);
    if (line !== undefined) err.line = line;
    errors.push(err);
  });
  const setPaths: { path: Path; arg: string }[] = [];
  for (const arg of sets) {
    const r = applySet(data, arg);
    if ("error" in r) errors.push(r.error);
    else setPaths.push({ path: r.path, arg });
  }
  if (setPaths.length) {
    const deeper = nestedBeyond(data, MAX_NESTING);
    if (deeper) return nestingFailure(deeper, data, lineOf, [...setPaths].reverse().find((x) => startsWith(deeper, x.path))?.arg);
  }
  // Validation goes on after a failed override: the file's own problems are still worth reporting.
  const result = Scenario.safeParse(data);
  let unexplained = 0;
  if (!result.success) {
    const issues = dropConsequences(result.error.issues as Issue[]);
    let i = 0;
    for (; i < issues.length && errors.length <= MAX_ERRORS; i++) {
      for (const e of explainIssue(issues[i], [], data)) {
        // The last override at or above the problem's path is where the bad value came from.
        const from = [...setPaths].reverse().find((s) => startsWith(e.pathArr, s.path));
        const err: ScenarioError = { path: formatPath(e.pathArr), message: e.message, zh: e.zh };
        if (from) err.set = from.arg;
        else {
          const line = lineOf(e.pathArr);
          if (line !== undefined) err.line = line;
        }
        // zod may report one slip twice (a huge "whole number" is also too large).
        if (!errors.some((x) => x.path === err.path && x.message === err.message)) errors.push(err);
      }
    }
    unexplained = issues.length - i;
  }
  if (errors.length > MAX_ERRORS || unexplained > 0) {
    const more = Math.max(0, errors.length - MAX_ERRORS) + unexplained;
    return { ok: false, errors: [...errors.slice(0, MAX_ERRORS), { path: "", message: `... and ${more} more ${more === 1 ? "problem" : "problems"}; fix these first`, zh: `……另有 ${more} 个问题；请先修改以上问题`, more }] };
  }
  if (errors.length) return { ok: false, errors };
  if (!result.success) throw new Error("unreachable: failed parse without issues");
  return { ok: true, scenario: result.data, resolved: data };
}

// ---------------------------------------------------------------- nesting

/** "<what>: more than 50 levels of lists or groups inside one another; a scenario needs at most 6 ...". */
function nestingMessage(what: Msg): Msg {
  return {
    en: `${what.en}: more than ${MAX_NESTING} levels of lists or groups inside one another; ${NESTING_HINT.en}`,
    zh: `${what.zh}：列表或字段组一层套一层，超过 ${MAX_NESTING} 层；${NESTING_HINT.zh}`,
  };
}

/** The error for data nested deeper than MAX_NESTING at `path`, named by the top-level field it is in (and the entry, in a list of them: `disruptions[2]`). */
function nestingFailure(path: Path, data: unknown, lineOf: (p: Path) => number | undefined, set?: string): ParseResult {
  const field = structural(schemaAt(path.slice(0, 1), data));
  const at = field && defOf(field).type === "array" && typeof path[1] === "number" ? path.slice(0, 2) : path.slice(0, 1);
  const err: ScenarioError = { path: formatPath(at), ...bi(nestingMessage({ en: "nested too deeply", zh: "嵌套过深" })) };
  if (set !== undefined) err.set = set;
  else {
    const line = lineOf(at);
    if (line !== undefined) err.line = line;
  }
  return { ok: false, errors: [err] };
}

/**
 * The path of the first list or group nested deeper than `max` levels in `root` (the
 * root itself is level 1), or undefined. Iterative, so a value nested thousands deep
 * does not overflow the stack here; a part shared by aliases is walked again only when
 * reached deeper than before.
 */
function nestedBeyond(root: unknown, max: number): Path | undefined {
  const stack: { v: unknown; depth: number; path: Path }[] = [{ v: root, depth: 1, path: [] }];
  const seen = new Map<object, number>();
  while (stack.length) {
    const { v, depth, path } = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth > max) return path;
    if ((seen.get(v) ?? 0) >= depth) continue;
    seen.set(v, depth);
    // Pushed last first: the first problem found is the first in the file's order.
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1, path: [...path, i] });
    else for (const k of Object.keys(v).reverse()) stack.push({ v: (v as Record<string, unknown>)[k], depth: depth + 1, path: [...path, k] });
  }
  return undefined;
}

/**
 * YAML (or JSON) text to a document, as yaml's parseDocument does it, but in its two
 * stages so that the nesting is checked in between: the parser (iterative: thousands of
 * levels cost it nothing but time) builds the concrete syntax tree, and a tree nested
 * deeper than MAX_NESTING is refused before the composer, which recurses once per level.
 * Returns the offset of the first collection too deep instead of a document then.
 */
function parseYaml(text: string, options: DocumentOptions & YamlParseOptions & SchemaOptions, lineCounter?: LineCounter): { doc: Document.Parsed } | { deepAt: number } {
  const tokens = [...new Parser(lineCounter?.addNewLine).parse(text)];
  const deepAt = cstNestedBeyond(tokens, MAX_NESTING);
  if (deepAt !== undefined) return { deepAt };
  let doc: Document.Parsed | undefined;
  // As parseDocument: the first document, and an error for a second one.
  for (const d of new Composer(options).compose(tokens, true, text.length)) {
    if (!doc) doc = d;
    else {
      doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
      break;
    }
  }
  return { doc: doc! };
}

/** Offset of the first list or group (block or flow) of a concrete syntax tree nested deeper than `max` levels, or undefined (iterative). */
function cstNestedBeyond(tokens: CST.Token[], max: number): number | undefined {
  const stack: [CST.Token | null | undefined, number][] = tokens.map((t) => [t, 0]);
  while (stack.length) {
    const [t, depth] = stack.pop()!;
    if (!t) continue;
    if (t.type === "document") stack.push([t.value, depth]);
    else if (t.type === "block-map" || t.type === "block-seq" || t.type === "flow-collection") {
      if (depth + 1 > max) return t.offset;
      for (const it of t.items) stack.push([it.key, depth + 1], [it.value, depth + 1]);
    }
  }
  return undefined;
}

/**
 * Removes every own `__proto__` key (YAML and JSON readers keep it as a plain key) and
 * reports its path: validation would otherwise set the parsed group's prototype with
 * it, so `roster: {__proto__: {pack: 3}}` would pass as an empty roster.
 */
function dropProtoKeys(v: unknown, path: Path, report: (path: Path) => void): void {
  if (Array.isArray(v)) v.forEach((x, i) => dropProtoKeys(x, [...path, i], report));
  else if (isRecord(v)) {
    if (Object.hasOwn(v, "__proto__")) {
      report([...path, "__proto__"]);
      delete (v as Record<string, unknown>).__proto__;
    }
    for (const k of Object.keys(v)) dropProtoKeys(v[k], [...path, k], report);
  }
}

function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => String(s) === String(path[i]));
}

/** `stations[3].serviceSec.mean`; keys that are not plain identifiers are quoted: `staff.roster["night shift"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else {
      const s = String(seg);
      if (/^[A-Za-z_][\w-]*$/.test(s)) out += out ? `.${s}` : s;
      else out += `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

// ---------------------------------------------------------------- zod internals
// zod 4 exposes each schema's definition at `schema._zod.def` (type, shape, element,
// options, innerType, checks, ...). We only read it, to say what a field accepts.

interface Def {
  type: string;
  shape?: Record<string, Sch>;
  element?: Sch;
  valueType?: Sch;
  keyType?: Sch;
  items?: Sch[];
  options?: Sch[];
  discriminator?: string;
  innerType?: Sch;
  in?: Sch;
  out?: Sch;
  getter?: () => Sch;
  values?: unknown[];
  entries?: Record<string, unknown>;
  checks?: { _zod: { def: CheckDef } }[];
  defaultValue?: unknown;
}
interface CheckDef {
  check: string;
  value?: number;
  inclusive?: boolean;
  format?: string;
  minimum?: number;
  maximum?: number;
  length?: number;
}
interface Sch {
  _zod: { def: Def; propValues?: Record<string, Set<unknown>> };
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  format?: string;
  values?: unknown[];
  keys?: string[];
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  exact?: boolean;
  errors?: Issue[][];
  note?: string;
  discriminator?: string;
  options?: unknown[];
  divisor?: number;
  /** Set by the schema on its own messages: `params: { zh }`, the message in Chinese. */
  params?: { zh?: string };
}

const defOf = (s: unknown): Def => (s as Sch)._zod.def;
const WRAPPERS = new Set(["default", "prefault", "optional", "nullable", "readonly", "catch", "nonoptional", "success"]);

/** Manager-facing descriptions of the schema's named value types, checked while unwrapping. */
/** Property names every object inherits (`__proto__`, `toString`, `constructor`...): refused as --set path segments. */
const INHERITED = new Set<string>(Object.getOwnPropertyNames(Object.prototype));
/** Fields that take text or {en, zh} (see `--set name.zh=…` in applySet). */
const BILINGUAL = new Set<unknown>([ScenarioName, ScenarioDescription, StationName]);
const NAMED = new Map<unknown, Msg>([
  [
    ScenarioDescription,
    { en: 'text, or the English and Chinese texts {en: "Is a spare printer worth it?", zh: "备用打印机值得买吗？"}', zh: '文本，或中英文两段文本 {en: "Is a spare printer worth it?", zh: "备用打印机值得买吗？"}' },
  ],
  [
    ScenarioName,
    { en: 'text such as "Double 11: 15 people", or the English and Chinese names {en: "Double 11: 15 people", zh: "双11：15 人"}', zh: '文本，如 "双11：15 人"，或中英文两个名称 {en: "Double 11: 15 people", zh: "双11：15 人"}' },
  ],
  [StationName, { en: 'text such as "Packing line 2", or the English and Chinese names {en: "Pack", zh: "打包"}', zh: '文本，如 "二号打包线"，或中英文两个名称 {en: "Pack", zh: "打包"}' }],
  [Duration, { en: 'a duration such as 90 (seconds), "90s", "45min", "3h" or "1h30m"', zh: '时长，如 90（秒）、"90s"、"45min"、"3h" 或 "1h30m"' }],
  [DateTime, { en: 'a date-time "YYYY-MM-DD HH:MM" such as "2026-11-11 09:00", or a clock time "HH:MM" on the start day', zh: '日期时间 "YYYY-MM-DD HH:MM"，如 "2026-11-11 09:00"，或开始当天的时刻 "HH:MM"' }],
  [ClockTime, { en: 'a clock time "HH:MM" from "00:00" to "24:00", such as "08:00"', zh: '时刻 "HH:MM"，从 "00:00" 到 "24:00"，如 "08:00"' }],
  [
    Dist,
    {
      en: 'a distribution: a number (a fixed value) or fields such as {dist: lognormal, mean: 12, cv: 0.4} with dist one of "deterministic", "uniform", "exponential", "normal", "lognormal", "triangular", "gamma", "erlang", "empirical"',
      zh: '分布：一个数字（固定值），或一组字段，如 {dist: lognormal, mean: 12, cv: 0.4}，dist 为 "deterministic"、"uniform"、"exponential"、"normal"、"lognormal"、"triangular"、"gamma"、"erlang"、"empirical" 之一',
    },
  ],
  [Profile, { en: 'one of "peak-day", "normal-day", "flat", or {hourly: [24 weights]}, or {tenMinute: [144 weights]}', zh: '"peak-day"、"normal-day"、"flat" 之一，或 {hourly: [24 个权重]}，或 {tenMinute: [144 个权重]}' }],
]);

/** Strips defaults, optionals and pipes (transforms) down to the schema that checks the input; stops at a named type. */
function unwrap(s: Sch | undefined): { schema: Sch | undefined; named?: Msg; defaulted?: Def } {
  let defaulted: Def | undefined;
  for (let guard = 0; s && guard < 50; guard++) {
    const named = NAMED.get(s);
    if (named) return { schema: s, named, defaulted };
    const d = defOf(s);
    if (WRAPPERS.has(d.type) && d.innerType) {
      if ((d.type === "default" || d.type === "prefault") && !defaulted) defaulted = d;
      s = d.innerType;
    } else if (d.type === "pipe" && d.in) s = defOf(d.in).type === "transform" ? d.out : d.in;
    else if (d.type === "lazy" && d.getter) s = d.getter();
    else break;
  }
  return { schema: s, defaulted };
}

/** Innermost structural schema (also through named types), for walking into objects/lists. */
function structural(s: Sch | undefined): Sch | undefined {
  let u = unwrap(s).schema;
  for (let guard = 0; u && guard < 10; guard++) {
    const d = defOf(u);
    if (d.type === "pipe" && d.in) u = unwrap(defOf(d.in).type === "transform" ? d.out : d.in).schema;
    else if (WRAPPERS.has(d.type) && d.innerType) u = unwrap(d.innerType).schema;
    else break;
  }
  return u;
}

/** The option of a union that applies to `data` (by discriminator, else the first object option holding `key`); nested unions are searched too. */
function unionOption(u: Sch, data: unknown, key?: Seg): Sch | undefined {
  const d = defOf(u);
  const opts = (d.options ?? []).map((o) => structural(o)).filter((o): o is Sch => !!o);
  if (d.discriminator && isRecord(data)) {
    const v = data[d.discriminator];
    const hit = opts.find((o) => o._zod.propValues?.[d.discriminator!]?.has(v));
    if (hit) return hit;
  }
  const fits = (o: Sch): boolean => {
    const od = defOf(o);
    if (key !== undefined) return typeof key === "number" ? od.type === "array" || od.type === "tuple" : od.type === "record" || (od.type === "object" && !!od.shape && key in od.shape);
    if (Array.isArray(data)) return od.type === "array" || od.type === "tuple";
    return isRecord(data) && (od.type === "object" || od.type === "record");
  };
  const direct = opts.find((o) => defOf(o).type !== "union" && fits(o));
  if (direct) return direct;
  for (const o of opts) {
    if (defOf(o).type !== "union") continue;
    const inner = unionOption(o, data, key);
    if (inner) return inner;
  }
  return undefined;
}

/** Schema of the child `seg` of a value checked by `s` (whose data is `data`). */
function childSchema(s: Sch | undefined, seg: Seg, data: unknown): Sch | undefined {
  let u = structural(s);
  if (!u) return undefined;
  if (defOf(u).type === "union") u = unionOption(u, data, seg);
  if (!u) return undefined;
  const d = defOf(u);
  switch (d.type) {
    case "object":
      return typeof seg === "string" ? d.shape?.[seg] : undefined;
    case "array":
      return d.element;
    case "record":
      return d.valueType;
    case "tuple":
      return typeof seg === "number" ? d.items?.[seg] : undefined;
    default:
      return undefined;
  }
}

function schemaAt(path: Path, data: unknown, root: unknown = Scenario): Sch | undefined {
  let s: Sch | undefined = root as Sch;
  let v = data;
  for (const seg of path) {
    s = childSchema(s, seg, v);
    v = isRecord(v) || Array.isArray(v) ? (v as Record<Seg, unknown>)[seg] : undefined;
    if (!s) return undefined;
  }
  return s;
}

/** Keys an object schema accepts; for a union, the option picked by its discriminator, else any option's keys; undefined for records / non-objects. */
function knownKeys(s: Sch | undefined, data: unknown): string[] | undefined {
  const u = structural(s);
  if (!u) return undefined;
  const d = defOf(u);
  if (d.type === "union") {
    const opts = (d.options ?? []).map((o) => structural(o)).filter((o): o is Sch => !!o);
    if (d.discriminator && isRecord(data)) {
      const hit = opts.find((o) => o._zod.propValues?.[d.discriminator!]?.has(data[d.discriminator!]));
      if (hit) return knownKeys(hit, data);
    }
    const keys = new Set<string>();
    for (const o of opts) for (const k of knownKeys(o, data) ?? []) keys.add(k);
    return keys.size ? [...keys] : undefined;
  }
  return d.type === "object" && d.shape ? Object.keys(d.shape) : undefined;
}

/**
 * The keys the object at `path` of `data` may have under the zod schema `root`
 * (undefined when that is not an object), and the nearest to an unknown `key`: the
 * HTTP API's bodies use it for the same "did you mean" hints as scenario files.
 */
export function unknownKeyHint(root: unknown, path: readonly (string | number)[], data: unknown, key: string): { keys: string[]; near?: string } {
  let v = data;
  for (const seg of path) v = isRecord(v) || Array.isArray(v) ? (v as Record<Seg, unknown>)[seg] : undefined;
  const keys = knownKeys(schemaAt([...path], data, root), v) ?? [];
  return { keys, near: nearest(key, keys) };
}

/**
 * A zod issue of another schema (`root`: an HTTP request body, the planner's options)
 * explained as the loader explains a scenario's, in English and Chinese: the value
 * received and what the schema allows (its range, its values; a message written in the
 * schema with its `params.zh`). `data` is the input that was checked.
 */
export function explainSchemaIssue(root: unknown, issue: { code: string; path: readonly PropertyKey[]; message: string }, data: unknown): { path: string; message: string; zh: string }[] {
  // A rule of the schema's own is said as written, as its English is (not after the value, as in a scenario file).
  const own = (issue as Issue).params?.zh;
  if (issue.code === "custom" && own !== undefined) return [{ path: formatPath(issue.path), message: issue.message, zh: own }];
  return explainIssue(issue as Issue, [], data, root).map((e) => ({ path: formatPath(e.pathArr), message: e.message, zh: e.zh }));
}

/** Gives a schema of another module the words the messages use for what it accepts, as the scenario's named types have theirs (NAMED). */
export function describeAs<T>(schema: T, words: { en: string; zh: string }): T {
  NAMED.set(schema, words);
  return schema;
}

let keyIndex: Map<string, string[]> | undefined;

/** Where else in the scenario a field of this name lives ("demand"), to catch a well-spelled key at the wrong level. */
function keyElsewhere(key: string): string[] | undefined {
  if (!keyIndex) {
    keyIndex = new Map();
    const seen = new Set<Sch>();
    const walk = (s: Sch | undefined, at: string, depth: number) => {
      const u = structural(s);
      if (!u || seen.has(u) || depth > 8) return;
      seen.add(u);
      const d = defOf(u);
      if (d.type === "object") {
        for (const [k, v] of Object.entries(d.shape ?? {})) {
          keyIndex!.set(k, [...(keyIndex!.get(k) ?? []), at]);
          walk(v, at ? `${at}.${k}` : k, depth + 1);
        }
      } else if (d.type === "array") walk(d.element, `${at}[]`, depth + 1);
      else if (d.type === "record") walk(d.valueType, `${at}.<name>`, depth + 1);
      else if (d.type === "union") for (const o of d.options ?? []) walk(o, at, depth + 1);
      seen.delete(u);
    };
    walk(Scenario as unknown as Sch, "", 0);
  }
  const places = (keyIndex.get(key) ?? []).filter((p) => p !== "");
  return places.length ? places.slice(0, 3) : undefined;
}

interface Range {
  min?: number;
  minInclusive?: boolean;
  max?: number;
  maxInclusive?: boolean;
  int?: boolean;
}

function numberRange(s: Sch | undefined): Range {
  const u = unwrap(s).schema;
  const r: Range = {};
  if (!u || defOf(u).type !== "number") return r;
  for (const c of defOf(u).checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === "greater_than" && cd.value !== undefined && (r.min === undefined || cd.value >= r.min)) [r.min, r.minInclusive] = [cd.value, cd.inclusive !== false];
    if (cd.check === "less_than" && cd.value !== undefined && (r.max === undefined || cd.value <= r.max)) [r.max, r.maxInclusive] = [cd.value, cd.inclusive !== false];
    if (cd.check === "number_format" && /int/.test(cd.format ?? "")) r.int = true;
  }
  return r;
}

/** "1 to 100", "more than 0 up to 10", "0 or more", "up to 1000" ("1 至 100", "大于 0，不超过 10", ...); "" if unbounded. */
function rangeText(r: Range, lang: ErrorLang): string {
  if (lang === "zh") {
    const lo = r.min === undefined ? undefined : r.minInclusive ? fmtNum(r.min) : `大于 ${fmtNum(r.min)}`;
    const hi = r.max === undefined ? undefined : r.maxInclusive ? fmtNum(r.max) : `小于 ${fmtNum(r.max)}`;
    if (lo !== undefined && hi !== undefined) return r.minInclusive && r.maxInclusive ? `${lo} 至 ${hi}` : `${r.minInclusive ? `${lo} 及以上` : lo}，${r.maxInclusive ? `不超过 ${hi}` : hi}`;
    if (lo !== undefined) return r.minInclusive ? `${lo} 及以上` : lo;
    if (hi !== undefined) return r.maxInclusive ? `不超过 ${hi}` : hi;
    return "";
  }
  const lo = r.min === undefined ? undefined : r.minInclusive ? `${fmtNum(r.min)}` : `more than ${fmtNum(r.min)}`;
  const hi = r.max === undefined ? undefined : r.maxInclusive ? `${fmtNum(r.max)}` : `less than ${fmtNum(r.max)}`;
  if (lo !== undefined && hi !== undefined) return r.minInclusive && r.maxInclusive ? `${lo} to ${hi}` : `${lo}${r.minInclusive ? " or more" : ""}, ${r.maxInclusive ? `up to ${hi}` : hi}`;
  if (lo !== undefined) return r.minInclusive ? `${lo} or more` : lo;
  if (hi !== undefined) return r.maxInclusive ? `up to ${hi}` : hi;
  return "";
}

function numberExpectation(s: Sch | undefined, lang: ErrorLang): string {
  const r = numberRange(s);
  const range = rangeText(r, lang);
  if (lang === "zh") return `${r.int ? "整数" : "数字"}${range ? `（${range}）` : ""}`;
  return `${r.int ? "a whole number" : "a number"}${range ? ` (${range})` : ""}`;
}

/** What a schema accepts, in a manager's words. */
function describeSchema(s: Sch | undefined, lang: ErrorLang, depth = 0): string {
  const zh = lang === "zh";
  const { schema: u, named } = unwrap(s);
  if (named) return named[lang];
  if (!u || depth > 3) return zh ? "有效的值" : "a valid value";
  const d = defOf(u);
  switch (d.type) {
    case "number":
      return numberExpectation(u, lang);
    case "string": {
      const max = d.checks?.map((c) => c._zod.def).find((c) => c.check === "max_length")?.maximum;
      if (zh) return max === undefined ? "文本" : `不超过 ${max} 个字符的文本`;
      return max === undefined ? "text" : `text of at most ${max} characters`;
    }
    case "boolean":
      return zh ? "true 或 false" : "true or false";
    case "literal":
      return oneOf(d.values ?? [], lang);
    case "enum":
      return oneOf(Object.values(d.entries ?? {}), lang);
    case "array":
      return zh ? `列表，每项为${zl(describeSchema(d.element, lang, depth + 1))}` : `a list of ${plural(describeSchema(d.element, lang, depth + 1))}`;
    case "record":
      return zh ? `一组 "名称: 值" 条目，每个值为${zl(describeSchema(d.valueType, lang, depth + 1))}` : `a group of "name: value" entries, each value ${describeSchema(d.valueType, lang, depth + 1)}`;
    case "object":
      return zh ? `一组字段（${Object.keys(d.shape ?? {}).join("、")}）` : `a group of fields (${Object.keys(d.shape ?? {}).join(", ")})`;
    case "union": {
      if (d.discriminator) {
        const values = (d.options ?? []).flatMap((o) => [...(structural(o)?._zod.propValues?.[d.discriminator!] ?? [])]);
        return zh ? `一组字段，其中 ${d.discriminator} 为 ${oneOf(values, lang)}` : `a group of fields with ${d.discriminator}: ${oneOf(values, lang)}`;
      }
      const opts = (d.options ?? []).map((o) => unwrap(o).schema);
      const lits = opts.flatMap((o) => (o && defOf(o).type === "literal" ? (defOf(o).values ?? []) : o && defOf(o).type === "enum" ? Object.values(defOf(o).entries ?? {}) : [undefined]));
      if (!lits.includes(undefined)) return oneOf(lits, lang);
      const each = (d.options ?? []).map((o) => describeSchema(o, lang, depth + 1));
      return zh ? each.map((x, i) => (i ? `，或${zl(x)}` : x)).join("") : each.join(", or ");
    }
    default:
      return zh ? "有效的值" : "a valid value";
  }
}

/** "a number (0 to 100)" -> "numbers (0 to 100)", for "a list of ...". */
function plural(desc: string): string {
  const table: [string, string][] = [
    ["a whole number", "whole numbers"],
    ["a number", "numbers"],
    ["a group of fields", "groups of fields"],
    ["a group of", "groups of"],
    ["a list", "lists"],
    ["a distribution", "distributions"],
    ["a duration", "durations"],
    ["a date-time", "date-times"],
    ["a clock time", "clock times"],
    ["text", "texts"],
    ["one of", "values, each one of"],
  ];
  for (const [one, many] of table) if (desc.startsWith(one)) return many + desc.slice(one.length);
  return `values, each ${desc}`;
}

/** `"a"`; `one of "a", "b"` (`"a"、"b" 之一`). */
function oneOf(values: unknown[], lang: ErrorLang): string {
  const shown = values.map((v) => JSON.stringify(v));
  if (shown.length === 1) return shown[0];
  return lang === "zh" ? `${shown.join("、")} 之一` : `one of ${shown.join(", ")}`;
}

/** `"a", "b"` (`"a"、"b"`): the values allowed, each as written in a file. */
function listValues(values: unknown[], lang: ErrorLang): string {
  return values.map((v) => JSON.stringify(v)).join(lang === "zh" ? "、" : ", ");
}

// ---------------------------------------------------------------- issue -> message

interface Explained {
  pathArr: Path;
  message: string;
  zh: string;
}

function getAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const seg of path) {
    if (!(isRecord(v) || Array.isArray(v)) || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<Seg, unknown>)[seg];
  }
  return v;
}

/**
 * Drops a refinement that compares fields ("sd must be at most 2 x mean") when a field
 * it names, or the field itself, is already invalid: zod still runs refinements after
 * non-fatal issues (a number out of range), and such a message would blame the wrong
 * field or say the same thing twice.
 */
function dropConsequences(issues: Issue[]): Issue[] {
  const bad = issues.filter((i) => i.code !== "custom" && i.path.length > 0);
  return issues.filter((i) => {
    if (i.code !== "custom" || i.path.length === 0) return true;
    // One field, one message: the field's own problem (an empty list) explains a rule about it.
    if (bad.some((b) => b.path.map(String).join("\u0000") === i.path.map(String).join("\u0000"))) return false;
    const parent = i.path.slice(0, -1).map(String).join("\u0000");
    return !bad.some((b) => {
      const key = String(b.path[b.path.length - 1]);
      return b.path.slice(0, -1).map(String).join("\u0000") === parent && key !== String(i.path[i.path.length - 1]) && new RegExp(`\\b${key.replace(/[^\w]/g, "")}\\b`).test(i.message);
    });
  });
}

function explainIssue(issue: Issue, prefix: Path, data: unknown, root: unknown = Scenario): Explained[] {
  const path: Path = [...prefix, ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))];
  const value = getAt(data, path);
  const schema = () => schemaAt(path, data, root);
  const one = (message: string, zh: string): Explained[] => [{ pathArr: path, message, zh }];
  const [v, vz] = [showValue(value, "en"), zr(showValue(value, "zh"))];
  const desc = (lang: ErrorLang) => describeSchema(schema(), lang);
  const missing = () => one(`missing; required: ${desc("en")}`, `缺少此项；必填，应为${zl(desc("zh"))}`);
  // A message written in the schema, with its Chinese from the issue's params.
  const own = issue.params?.zh;

  switch (issue.code) {
    case "unrecognized_keys": {
      const keys = knownKeys(schemaAt(path, data, root), value) ?? [];
      return (issue.keys ?? []).map((k) => {
        const near = nearest(k, keys);
        const elsewhere = near || root !== Scenario ? undefined : keyElsewhere(k);
        const hint = near ? `did you mean "${near}"?` : elsewhere ? `"${k}" belongs under ${elsewhere.join(" or ")}` : keys.length ? `allowed keys here: ${keys.join(", ")}` : "remove it";
        const zh = near ? `是不是 "${near}"？` : elsewhere ? `"${k}" 应写在 ${elsewhere.join(" 或 ")} 下` : keys.length ? `这里可用的键：${keys.join("、")}` : "请删除";
        return { pathArr: [...path, k], message: `unknown key; ${hint}`, zh: `未知的键；${zh}` };
      });
    }
    case "too_big":
    case "too_small": {
      const big = issue.code === "too_big";
      if (issue.origin === "array" || issue.origin === "set") {
        const n = Array.isArray(value) ? value.length : 0;
        const bound = Number(big ? issue.maximum : issue.minimum);
        const items = (k: number) => `${k} ${k === 1 ? "entry" : "entries"}`;
        if (issue.exact) return one(`a list of ${items(n)}; needs exactly ${bound}`, `列表有 ${n} 项；需要正好 ${bound} 项`);
        if (!big && n === 0) return one(`an empty list; needs at least ${items(bound)}`, `列表为空；至少需要 ${bound} 项`);
        return one(`a list of ${items(n)} is too ${big ? "long" : "short"}; ${big ? "at most" : "at least"} ${bound}`, `列表有 ${n} 项，${big ? "太多；最多" : "太少；至少"} ${bound} 项`);
      }
      if (issue.origin === "string") {
        const n = typeof value === "string" ? value.length : 0;
        const limit = Number(big ? issue.maximum : issue.minimum);
        if (!big && n === 0) return one(`empty text; needs at least ${limit === 1 ? "1 character" : `${limit} characters`}`, `文本为空；至少需要 ${limit} 个字符`);
        return one(`text of ${n} characters is too ${big ? "long" : "short"}; ${big ? "at most" : "at least"} ${limit === 1 ? "1 character" : `${limit} characters`}`, `文本有 ${n} 个字符，${big ? "太长；最多" : "太短；至少"} ${limit} 个字符`);
      }
      const r = numberRange(schema());
      const bound = Number(big ? issue.maximum : issue.minimum);
      const range = rangeText(r, "en") || `${big ? (issue.inclusive ? "up to" : "less than") : issue.inclusive ? "at least" : "more than"} ${bound}`;
      const rangeZh = rangeText(r, "zh") || `${big ? (issue.inclusive ? "不超过" : "小于") : issue.inclusive ? "至少" : "大于"} ${bound}`;
      // A share written in per cent (minShare: 95): say how to write it.
      const pct = big && r.min === 0 && r.max !== undefined && r.max <= 1 && typeof value === "number" && value > 1 && value / 100 <= r.max ? value : undefined;
      const hint = pct === undefined ? ["", ""] : [`; write shares as fractions (${fmtNum(pct / 100)} for ${fmtNum(pct)}%)`, `；比例请写成小数（${fmtNum(pct / 100)} 表示 ${fmtNum(pct)}%）`];
      return one(`${v} is too ${big ? "large" : "small"}; allowed ${range}${r.int ? " (whole numbers)" : ""}${hint[0]}`, `${vz}太${big ? "大" : "小"}；允许${zl(rangeZh)}${r.int ? "（整数）" : ""}${hint[1]}`);
    }
    case "invalid_type": {
      if (value === undefined) return missing();
      // `demand:` with nothing after it (children commented out) reads as null.
      if (value === null) {
        const { defaulted } = unwrap(schema());
        return one(`empty; expected ${desc("en")}${defaulted ? "; remove the line to use the default" : ""}`, `为空；应为${zl(desc("zh"))}${defaulted ? "；删除这一行即可使用默认值" : ""}`);
      }
      if (issue.expected === "int" && typeof value === "number" && Number.isFinite(value)) {
        const r = numberRange(schema());
        const [range, rangeZh] = [rangeText(r, "en"), rangeText(r, "zh")];
        return one(`${v} is not a whole number; allowed whole numbers${range ? ` ${range}` : ""}`, `${vz}不是整数；允许${rangeZh ? `${zl(rangeZh)} 的整数` : "整数"}`);
      }
      if (issue.expected === "number" && typeof value === "number") return one(`${v} is not a finite number; expected ${desc("en")}`, `${vz}不是有限的数字；应为${zl(desc("zh"))}`);
      return one(`${v} is ${typeName(value, "en")}; expected ${desc("en")}${typeHint(value, issue.expected, "en")}`, `${vz}是${zl(typeName(value, "zh"))}；应为${zl(desc("zh"))}${typeHint(value, issue.expected, "zh")}`);
    }
    case "invalid_value": {
      if (value === undefined) return missing();
      const values = issue.values ?? [];
      const near = typeof value === "string" ? nearest(value, values.filter((x): x is string => typeof x === "string")) : undefined;
      return one(`${v} is not allowed; allowed ${listValues(values, "en")}${near ? `; did you mean "${near}"?` : ""}`, `${vz}不是允许的取值；允许 ${listValues(values, "zh")}${near ? `；是不是 "${near}"？` : ""}`);
    }
    case "invalid_union":
      return explainUnion(issue, path, value, data, root);
    case "invalid_format": {
      const generic = /^Invalid/.test(issue.message);
      const msg = generic ? `does not have the expected format${issue.format ? ` (${issue.format})` : ""}` : issue.message;
      const zh = generic ? `格式不对${issue.format && issue.format !== "regex" ? `（${issue.format}）` : ""}` : (own ?? issue.message);
      return one(`${v} is not valid; ${msg}`, `${vz}无效；${zh}`);
    }
    case "custom": {
      const zh = own ?? issue.message;
      // A message that already quotes the value, or the key itself ("unknown shift "nite""), stands alone.
      const key = path.length ? JSON.stringify(String(path[path.length - 1])) : undefined;
      if (value === undefined || isRecord(value) || Array.isArray(value) || issue.message.includes(JSON.stringify(value)) || (key !== undefined && issue.message.includes(key))) return one(issue.message, zh);
      return one(`${v} is not valid; ${issue.message}`, `${vz}无效；${zh}`);
    }
    default: {
      // zod's own English message (no schema message reaches here): said to be invalid in Chinese, in words of its own.
      const zh = own ?? (issue.code === "not_multiple_of" && issue.divisor !== undefined ? `须为 ${issue.divisor} 的倍数` : "取值无效");
      return one(value === undefined ? issue.message : `${v}: ${issue.message}`, value === undefined ? zh : `${showValue(value, "zh")}：${zh}`);
    }
  }
}

function explainUnion(issue: Issue, path: Path, value: unknown, data: unknown, root: unknown): Explained[] {
  const [v, vz] = [showValue(value, "en"), zr(showValue(value, "zh"))];
  // A discriminated union whose tag (`dist`, `type`, `kind`) matches no option.
  if (issue.note === "No matching discriminator" || (issue.discriminator && !issue.errors?.length)) {
    const allowed = (issue.options ?? []).filter((o): o is string => typeof o === "string");
    const what = issue.discriminator ?? String(path[path.length - 1] ?? "value");
    if (value === undefined) {
      // The tag written under another key ("kind: power" for "type: power", as stations use `kind`).
      const parent = getAt(data, path.slice(0, -1));
      const under = isRecord(parent) ? Object.keys(parent).find((k) => k !== what && typeof parent[k] === "string" && allowed.includes(parent[k] as string)) : undefined;
      const tag = under !== undefined ? String((parent as Record<string, unknown>)[under]) : "";
      const hint = under !== undefined ? `; "${under}: ${tag}" is a ${what}: did you mean "${what}: ${tag}"?` : "";
      const hintZh = under !== undefined ? `；"${under}: ${tag}" 是 ${what} 的取值：是不是 "${what}: ${tag}"？` : "";
      return [{ pathArr: path, message: `missing; required: ${what} is ${oneOf(allowed, "en")}${hint}`, zh: `缺少此项；必填，${what} 为 ${oneOf(allowed, "zh")}${hintZh}` }];
    }
    const near = typeof value === "string" ? nearest(value, allowed) : undefined;
    return [
      {
        pathArr: path,
        message: `${v} is not a known ${what}; allowed ${listValues(allowed, "en")}${near ? `; did you mean "${near}"?` : ""}`,
        zh: `${vz}不是已知的 ${what}；允许 ${listValues(allowed, "zh")}${near ? `；是不是 "${near}"？` : ""}`,
      },
    ];
  }
  const branches = issue.errors ?? [];
  // A branch that failed only because the value has the wrong type/literal says nothing
  // specific; a branch with deeper issues is the one the writer meant.
  const rootOnly = (b: Issue[]) => b.every((i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value"));
  const deep = branches.filter((b) => b.length && !rootOnly(b));
  if (value !== undefined && deep.length) {
    const score = (b: Issue[]) => b.length + 10 * b.filter((i) => i.code === "unrecognized_keys" && i.path.length === 0).length;
    const best = deep.reduce((a, b) => (score(b) < score(a) ? b : a));
    return dropConsequences(best).flatMap((i) => explainIssue(i, path, data, root));
  }
  const schema = schemaAt(path, data, root);
  const [desc, descZh] = [describeSchema(schema, "en"), describeSchema(schema, "zh")];
  if (value === undefined) return [{ pathArr: path, message: `missing; required: ${desc}`, zh: `缺少此项；必填，应为${zl(descZh)}` }];
  const literals = branches.flatMap((b) => b.flatMap((i) => (i.code === "invalid_value" ? (i.values ?? []) : []))).filter((x): x is string => typeof x === "string");
  const near = typeof value === "string" ? nearest(value, literals) : undefined;
  const sameKind = branches.some((b) => b.some((i) => i.code === "invalid_value"));
  const notAllowed = sameKind && typeof value !== "object";
  const head = notAllowed ? `${v} is not allowed` : `${v} is ${typeName(value, "en")}`;
  const headZh = notAllowed ? `${vz}不是允许的取值` : `${vz}是${zl(typeName(value, "zh"))}`;
  return [{ pathArr: path, message: `${head}; expected ${desc}${near ? `; did you mean "${near}"?` : ""}`, zh: `${headZh}；应为${zl(descZh)}${near ? `；是不是 "${near}"？` : ""}` }];
}

function typeHint(value: unknown, expected: string | undefined, lang: ErrorLang): string {
  if (typeof value !== "string" || !(expected === "number" || expected === "int")) return "";
  const t = value.trim();
  if (/^-?[\d,_ ]+(\.\d+)?$/.test(t)) return lang === "zh" ? "；数字不要加引号，也不要用千位分隔符" : "; write numbers without quotes or thousands separators";
  if (/^-?\d+(\.\d+)?\s*%$/.test(t)) {
    const share = Number(t.replace("%", "")) / 100;
    return lang === "zh" ? `；比例请写成小数（${share} 表示 ${t}）` : `; write shares as fractions (${share} for ${t})`;
  }
  return "";
}

/** JavaScript's other type names, in Chinese (none comes from a file; code can pass them). */
const TYPE_ZH: Record<string, string> = { bigint: "大整数", function: "函数", symbol: "符号", undefined: "空" };

/** A received value's type in words: "text", "a number", "true/false" (文本、数字、布尔值（true/false）). */
function typeName(v: unknown, lang: ErrorLang): string {
  const zh = lang === "zh";
  if (v === null) return zh ? "空值（null）" : "empty (null)";
  if (Array.isArray(v)) return zh ? "列表" : "a list";
  switch (typeof v) {
    case "string":
      return zh ? "文本" : "text";
    case "number":
      return zh ? "数字" : "a number";
    case "boolean":
      return zh ? "布尔值（true/false）" : "true/false";
    case "object":
      return zh ? "一组字段" : "a group of fields";
    default:
      return zh ? (TYPE_ZH[typeof v] ?? "无法识别的值") : typeof v;
  }
}

function showValue(v: unknown, lang: ErrorLang): string {
  const zh = lang === "zh";
  if (v === undefined) return zh ? "空" : "nothing";
  if (v === null) return zh ? "null（空）" : "null (empty)";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : Number.isFinite(v) ? String(v) : v > 0 ? (zh ? "无穷大" : "infinity") : zh ? "负无穷大" : "-infinity";
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (Array.isArray(v)) return zh ? `含 ${v.length} 项的列表` : `a list of ${v.length} ${v.length === 1 ? "entry" : "entries"}`;
  if (isRecord(v)) {
    const keys = Object.keys(v);
    return keys.length ? `{${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", ..." : ""}}` : zh ? "{}（没有字段）" : "{} (no fields)";
  }
  return String(v);
}

function describeValue(v: unknown, lang: ErrorLang): string {
  const zh = lang === "zh";
  if (Array.isArray(v)) return zh ? "列表" : "a list";
  if (v === null || v === undefined) return zh ? "空" : "empty";
  return zh ? `${typeName(v, lang)}（${showValue(v, lang)}）` : `${typeName(v, lang)} (${showValue(v, lang)})`;
}

function fmtNum(n: number): string {
  return String(n);
}

/** "512 KiB", "1.5 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1)} MiB`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------- suggestions

/** Optimal-string-alignment (Damerau-Levenshtein with adjacent swaps) distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/** The candidate closest to `word` if it is close enough to be a likely typo (or a prefix of it), else undefined. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3;
  for (const c of candidates) {
    if (c === word) continue;
    let d = editDistance(word, c);
    // "service" for "serviceSec": a truncated key is a likely slip too.
    if (d > limit && word.length >= 4 && c.toLowerCase().startsWith(word.toLowerCase())) d = limit;
    if (d <= limit && d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

// ---------------------------------------------------------------- --set overrides

/** Parses `demand.surge`, `stations[3].serviceSec.mean`, `stations.pack.maxStaff` into segments. */
export function parseSetPath(text: string): Path | undefined {
  const path: Path = [];
  const re = /\[(\d+)\]|\.?([^.[\]\s]+)/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m || (m[2] !== undefined && pos > 0 && text[pos] !== ".") || (m[2] !== undefined && pos === 0 && text[0] === ".")) return undefined;
    path.push(m[1] !== undefined ? Number(m[1]) : m[2]);
    pos = re.lastIndex;
  }
  return path.length ? path : undefined;
}

/** A --set value read as YAML, as yaml's `parse` does (throws its first error); `deep` when nested more than MAX_NESTING levels. */
function parseSetValue(text: string): { value: unknown } | { deep: true } {
  const r = parseYaml(text, {});
  if ("deepAt" in r) return { deep: true };
  if (r.doc.errors.length) throw r.doc.errors[0];
  return { value: r.doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
}

/** Why yaml could not read a --set value, in Chinese: a syntax error as a file's is said (syntaxMessage), an alias without its anchor, too many aliases. */
function valueErrorZh(e: unknown): string {
  if (e instanceof YAMLParseError) return syntaxMessage(e.code, e.message, "zh");
  const msg = e instanceof Error ? e.message : String(e);
  const unresolved = /^Unresolved alias[^:]*:\s*(.+)$/i.exec(msg);
  if (unresolved) return `别名 *${unresolved[1].trim()} 没有对应的锚点（--set 的值里不能引用文件里的锚点）`;
  if (/alias/i.test(msg)) return `别名引用（*name）过多：锚点展开后超过 ${MAX_YAML_ALIASES} 份`;
  return "无法解析";
}

/**
 * Applies one `path=value` override to `root` in place. The value is read as YAML
 * (`30` a number, `true` a boolean, `3h` text, `[1,2]` a list). A missing group on the
 * way is created (from the schema's default when it has one, so `stations[3]` reaches
 * the default stations); a list may be extended by exactly one entry (`[n]` with n =
 * its length); a list of entries with ids may be addressed by id (`stations.pack`).
 */
function applySet(root: unknown, arg: string): { path: Path } | { error: ScenarioError } {
  const err = (path: string, m: Msg) => ({ error: { path, message: `--set ${arg}: ${m.en}`, zh: `--set ${arg}：${m.zh}`, set: arg } });
  const eq = arg.indexOf("=");
  if (eq < 0) {
    return err("", {
      en: 'expected path=value, such as demand.surge=30 or stations[3].serviceSec.mean=50 (no "=" found)',
      zh: '应写成“字段路径=值”，如 demand.surge=30 或 stations[3].serviceSec.mean=50（没有找到 "="）',
    });
  }
  const pathText = arg.slice(0, eq).trim();
  const valueText = arg.slice(eq + 1);
  const segs = parseSetPath(pathText);
  if (!segs) {
    return err(pathText, {
      en: `"${pathText}" is not a field path; write names joined by dots and list positions in brackets, such as stations[3].serviceSec.mean`,
      zh: `"${pathText}" 不是字段路径；字段名之间用点连接，列表位置写在方括号里，如 stations[3].serviceSec.mean`,
    });
  }
  // Names every JavaScript object inherits: never a scenario field, and following them
  // would reach (and change) the prototype shared by every object in the process.
  const bad = segs.find((x) => typeof x === "string" && INHERITED.has(x));
  if (bad !== undefined) return err(pathText, { en: `"${bad}" is not a field name of a scenario`, zh: `"${bad}" 不是场景的字段名` });
  let value: unknown;
  try {
    const read = valueText.trim() === "" ? { value: "" } : parseSetValue(valueText);
    if ("deep" in read) return err(pathText, nestingMessage({ en: "the value is nested too deeply", zh: "这个值嵌套过深" }));
    value = read.value;
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    return err(pathText, { en: `the value ${JSON.stringify(valueText)} cannot be read: ${why}; quote text values`, zh: `无法读取值 ${JSON.stringify(valueText)}：${valueErrorZh(e)}；文本值请加引号` });
  }

  let cur = root as Record<Seg, unknown>;
  let schema: Sch | undefined = Scenario as unknown as Sch;
  const done: Path = [];
  for (let i = 0; i < segs.length; i++) {
    let seg = segs[i];
    const here = formatPath(done) || "the scenario";
    const hereZh = formatPath(done) || "场景";
    if (Array.isArray(cur)) {
      if (typeof seg === "string") {
        const idx = cur.findIndex((x) => isRecord(x) && x.id === seg);
        if (idx < 0) {
          const ids = cur.filter(isRecord).map((x) => x.id).filter((x) => typeof x === "string") as string[];
          const near = nearest(seg, ids);
          return err(formatPath([...done, seg]), {
            en: `${here} has no entry with id "${seg}"${ids.length ? `; ids are ${ids.join(", ")}` : ""}${near ? `; did you mean "${near}"?` : ""}`,
            zh: `${zr(hereZh)}中没有 id 为 "${seg}" 的条目${ids.length ? `；现有的 id：${ids.join("、")}` : ""}${near ? `；是不是 "${near}"？` : ""}`,
          });
        }
        seg = idx;
      } else if (seg > cur.length) {
        return err(formatPath([...done, seg]), {
          en: `index [${seg}] is out of range: ${here} has ${cur.length} ${cur.length === 1 ? "entry" : "entries"}${cur.length ? ` ([0] to [${cur.length - 1}])` : ""}; [${cur.length}] adds one`,
          zh: `下标 [${seg}] 超出范围：${zr(hereZh)}有 ${cur.length} 项${cur.length ? `（[0] 至 [${cur.length - 1}]）` : ""}；用 [${cur.length}] 可添加一项`,
        });
      }
    } else if (isRecord(cur)) {
      if (typeof seg === "number") {
        return err(formatPath([...done, seg]), { en: `${here} is a group of fields, not a list; use a field name instead of [${seg}]`, zh: `${zr(hereZh)}是一组字段，不是列表；请用字段名代替 [${seg}]` });
      }
      const keys = knownKeys(schema, cur);
      if (keys && !keys.includes(seg)) {
        const near = nearest(seg, keys);
        return err(formatPath([...done, seg]), {
          en: `unknown key "${seg}" in ${here}; ${near ? `did you mean "${near}"?` : `allowed keys: ${keys.join(", ")}`}`,
          zh: `${zr(hereZh)}中没有 "${seg}" 这个键；${near ? `是不是 "${near}"？` : `可用的键：${keys.join("、")}`}`,
        });
      }
    }
    const childSch = childSchema(schema, seg, cur);
    done.push(seg);
    if (i === segs.length - 1) {
      (cur as Record<Seg, unknown>)[seg] = value;
      break;
    }
    let next = Object.hasOwn(cur, seg) ? (cur as Record<Seg, unknown>)[seg] : undefined;
    if (next === undefined) {
      next = materialize(childSch, root, done);
      if (next === undefined) {
        return err(formatPath(done), {
          en: `${formatPath(done)} is ${describeSchema(childSch, "en")}; it has no field ${JSON.stringify(segs[i + 1])}`,
          zh: `${formatPath(done)} 是${zl(describeSchema(childSch, "zh"))}，没有字段 ${JSON.stringify(segs[i + 1])}`,
        });
      }
      (cur as Record<Seg, unknown>)[seg] = next;
    } else if (typeof next === "string" && (segs[i + 1] === "en" || segs[i + 1] === "zh") && BILINGUAL.has(unwrap(childSch).schema as Sch)) {
      // Plain text reads as the English (or only) text, as the schema reads it: `name.zh=…`
      // on a file with `name: Default` gives { en: Default, zh: … }.
      next = { en: next };
      (cur as Record<Seg, unknown>)[seg] = next;
    } else if (typeof next === "string" && BILINGUAL.has(unwrap(childSch).schema as Sch)) {
      return err(formatPath([...done, segs[i + 1]]), {
        en: `${formatPath(done)} has the fields en and zh (or is text itself), not ${JSON.stringify(segs[i + 1])}`,
        zh: `${formatPath(done)} 的字段是 en 和 zh（或者它本身就是文本），没有 ${JSON.stringify(segs[i + 1])}`,
      });
    } else if (!(isRecord(next) || Array.isArray(next))) {
      const field = typeof segs[i + 1] === "number" ? `[${segs[i + 1]}]` : JSON.stringify(segs[i + 1]);
      return err(formatPath(done), {
        en: `${formatPath(done)} is ${showValue(next, "en")} (${typeName(next, "en")}), which has no field ${field}; set ${formatPath(done)} itself instead`,
        zh: `${formatPath(done)} 是 ${showValue(next, "zh")}（${typeName(next, "zh")}），没有字段 ${field}；请直接设置 ${formatPath(done)}`,
      });
    }
    cur = next as Record<Seg, unknown>;
    schema = childSch;
  }
  return { path: done };
}

/**
 * A fresh container for the absent field at `path`: its schema's default when that is
 * a group or list; else, for a group, what validation would fill in (the default roster
 * is computed from the stations, so `staff.roster.pack.day=8` keeps the rest of the
 * team); else {} / []. Undefined when the field is not a container (a number, text).
 */
function materialize(s: Sch | undefined, root: unknown, path: Path): unknown {
  const { defaulted } = unwrap(s);
  if (defaulted) {
    const dv = defaulted.defaultValue;
    if (isRecord(dv) || Array.isArray(dv)) return structuredClone(dv);
  }
  const u = structural(s);
  if (!u) return {};
  const t = defOf(u).type;
  const isGroup = t === "object" || t === "record" || (t === "union" && (defOf(u).options ?? []).some((o) => ["object", "record", "union"].includes(defOf(structural(o) ?? o).type)));
  if (isGroup) {
    const parsed = Scenario.safeParse(root);
    const filled = parsed.success ? getAt(parsed.data, path) : undefined;
    return isRecord(filled) ? structuredClone(filled) : {};
  }
  if (t === "array" || t === "tuple") return [];
  return undefined;
}

// ---------------------------------------------------------------- YAML positions

function keyText(k: unknown): string | undefined {
  if (isScalar(k)) return String(k.value);
  return undefined;
}

/** Line of the deepest node along `path` (the key's line for a field); `index` caches each mapping's keys so many errors stay linear. */
function lineOfPath(node: unknown, path: Path, lc: LineCounter, index: WeakMap<object, Map<string, Pair>>): number | undefined {
  let line: number | undefined;
  let cur = node;
  for (const seg of path) {
    if (isMap(cur)) {
      let keys = index.get(cur);
      if (!keys) {
        keys = new Map();
        for (const p of cur.items) {
          const k = keyText(p.key);
          if (k !== undefined && !keys.has(k)) keys.set(k, p as Pair);
        }
        index.set(cur, keys);
      }
      const pair = keys.get(String(seg));
      if (!pair) break;
      const k = pair.key as YamlNode | null;
      if (k?.range) line = lc.linePos(k.range[0]).line;
      cur = pair.value;
    } else if (isSeq(cur) && typeof seg === "number") {
      const item = cur.items[seg] as YamlNode | undefined;
      if (!item) break;
      if (item.range) line = lc.linePos(item.range[0]).line;
      cur = item;
    } else break;
  }
  return line;
}

/** Keys given twice in one mapping: an error (the parser would silently keep the last). */
function findDuplicateKeys(node: unknown, path: Path, lc: LineCounter): ScenarioError[] {
  const out: ScenarioError[] = [];
  if (isMap(node)) {
    const seen = new Map<string, number | undefined>();
    for (const pair of node.items) {
      const k = keyText(pair.key);
      const kn = pair.key as YamlNode | null;
      const line = kn?.range ? lc.linePos(kn.range[0]).line : undefined;
      if (k !== undefined) {
        if (seen.has(k)) {
          const first = seen.get(k);
          out.push({
            path: formatPath([...path, k]),
            message: `the key "${k}" is given twice${first !== undefined ? ` (lines ${first} and ${line})` : ""}; keep one`,
            zh: `键 "${k}" 写了两次${first !== undefined ? `（第 ${first} 行和第 ${line} 行）` : ""}；请只保留一个`,
            ...(line !== undefined ? { line } : {}),
          });
        } else seen.set(k, line);
      }
      out.push(...findDuplicateKeys(pair.value, k === undefined ? path : [...path, k], lc));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => out.push(...findDuplicateKeys(item, [...path, i], lc)));
  }
  return out;
}

// ---------------------------------------------------------------- binary input

/** Why `text` is not a text scenario (a spreadsheet or other binary renamed), or undefined. */
function binaryReason(text: string): Msg | undefined {
  if (text.startsWith("PK\u0003\u0004")) {
    return {
      en: "this looks like a binary file (a zip archive: an Excel .xlsx renamed?), not YAML/JSON; export the settings as text or start from scenarios/default.yaml",
      zh: "这看起来是二进制文件（zip 压缩包：是不是把 Excel .xlsx 改了扩展名？），不是 YAML/JSON；请把设置导出为文本，或从 scenarios/default.yaml 开始改",
    };
  }
  if (text.startsWith("\u00d0\u00cf\u0011\u00e0") || text.startsWith("\ufffd\ufffd\u0011\ufffd")) {
    return { en: "this looks like a binary file (an old Excel .xls renamed?), not YAML/JSON", zh: "这看起来是二进制文件（是不是把旧版 Excel .xls 改了扩展名？），不是 YAML/JSON" };
  }
  const head = text.slice(0, 8192);
  let nul = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0) nul++;
  if (nul > 0) {
    return {
      en: `this looks like a binary file (${nul} NUL bytes; an .xlsx or other document renamed?), not YAML/JSON`,
      zh: `这看起来是二进制文件（含 ${nul} 个 NUL 字节：是不是把 .xlsx 或其他文档改了扩展名？），不是 YAML/JSON`,
    };
  }
  return undefined;
}

/** yaml's syntax errors by code, in Chinese (yaml's own messages are English only). */
const SYNTAX_ZH: Record<string, string> = {
  ALIAS_PROPS: "别名（*name）不能带锚点或标签",
  BAD_ALIAS: "别名（*name）无效，或找不到对应的锚点（&name）",
  BAD_COLLECTION_TYPE: "列表或字段组的类型不对",
  BAD_DIRECTIVE: "无效的 YAML 指令（以 % 开头的行）",
  BAD_DQ_ESCAPE: "双引号文本里的转义（\\）无效",
  BAD_INDENT: "缩进不对",
  BAD_PROP_ORDER: "锚点（&）或标签（!）的位置不对",
  BAD_SCALAR_START: "值不能以这个字符开头；文本请加引号",
  BLOCK_AS_IMPLICIT_KEY: "键的写法不对",
  BLOCK_IN_FLOW: "方括号或花括号里不能换行写缩进的列表或字段",
  DUPLICATE_KEY: "键重复",
  IMPOSSIBLE: "无法解析",
  KEY_OVER_1024_CHARS: "键超过 1024 个字符",
  MISSING_CHAR: "缺少字符",
  MULTILINE_IMPLICIT_KEY: "键跨了多行",
  MULTIPLE_ANCHORS: "一个值有多个锚点（&）",
  MULTIPLE_DOCS: "文件里有多个文档",
  MULTIPLE_TAGS: "一个值有多个标签（!）",
  NON_STRING_KEY: "键必须是文本",
  RESOURCE_EXHAUSTION: "超出解析的资源限制",
  TAB_AS_INDENT: "用了 Tab 缩进",
  TAG_RESOLVE_FAILED: "无法识别的标签（!）",
  UNEXPECTED_TOKEN: "这里出现了不该有的字符",
};

/** yaml's "flow sequence" / "flow map" in Chinese: the brackets written. */
const flowName = (kind: string) => (kind === "map" ? "花括号 {} " : "方括号 [] ");

/**
 * yaml's messages that name the character missing or out of place, in Chinese as
 * specific (SYNTAX_ZH says only the kind of error): which quote or bracket is not
 * closed, which character a plain value cannot start with, which escape is bad.
 */
const SYNTAX_DETAIL_ZH: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Missing closing "quote/, () => '双引号没有闭合：缺少结尾的 "'],
  [/^Missing closing 'quote/, () => "单引号没有闭合：缺少结尾的 '"],
  [/^Flow (sequence|map) in block collection must be sufficiently indented and end with a (.)/, (m) => `${flowName(m[1])}没有闭合：缺少结尾的 ${m[2]}，或换行后缩进不够（续行要比所在的键缩进更多）`],
  [/^Flow (sequence|map) must end with a (.)/, (m) => `${flowName(m[1])}没有闭合：缺少结尾的 ${m[2]}`],
  [/^Missing , between flow (sequence|map) items/, (m) => `${flowName(m[1])}里的两项之间缺少逗号 ,`],
  [/^Missing , or : between flow (sequence|map) items/, (m) => `${flowName(m[1])}里的两项之间缺少逗号 , 或冒号 :`],
  [/^Missing space after : in flow (sequence|map)/, (m) => `${flowName(m[1])}里的冒号 : 后面缺少空格`],
  [/^Implicit map keys need to be followed by map values/, () => "键后面缺少冒号和值（应写成“键: 值”）"],
  [/^Comments must be separated from other tokens by white space/, () => "注释的 # 前面要有空格"],
  [/^Sequence item without - indicator/, () => '列表项前缺少 "- "'],
  [/^Tags and anchors must be separated from the next token by white space/, () => "标签（!）或锚点（&）后面要有空格"],
  [/^Missing directives-end(?:\/doc-start)? indicator line/, () => "缺少文档开始标记 '---'"],
  [/^Block collection cannot start on same line with directives-end marker/, () => "列表或字段组不能和 '---' 写在同一行"],
  [/^Missing newline after block sequence props/, () => "锚点（&）或标签（!）之后要换行再写列表"],
  [/^All mapping items must start at the same column/, () => "同一组的字段必须从同一列开始（请检查缩进）"],
  [/^All sequence items must start at the same column/, () => "同一列表的各项必须从同一列开始（请检查缩进）"],
  [/^Flow end indicator should be more indented than parent/, () => "结尾的 ] 或 } 要比所在的键缩进更多"],
  [/^Unexpected , in flow (sequence|map)/, (m) => `${flowName(m[1])}里有多余的逗号 ,`],
  [/^Unexpected empty item in flow (sequence|map)/, (m) => `${flowName(m[1])}里有空项（两个逗号之间没有值）`],
  [/^Unexpected \S+ token in YAML stream: "(.*)"$/, (m) => `这里不该有 ${m[1]}（是不是多了一个括号，或缩进不对？）`],
  [/^Unexpected scalar at node end/, () => "值的后面还有多余的内容（请检查缩进）"],
  [/^Plain value cannot start with .*?(\S)$/, (m) => `不加引号的值不能以 ${m[1]} 开头；文本请加引号`],
  [/^Invalid escape sequence (.+)$/, (m) => `双引号文本里的转义 ${m[1]} 无效（反斜杠本身请写成两个，或改用单引号）`],
  [/^Unresolved tag: (.+)$/, (m) => `无法识别的标签 ${m[1]}`],
  [/^Nested mappings are not allowed in compact mappings/, () => '一行里写了两个“键:”；每个字段单独一行，值里含 ": " 时请加引号'],
  [/^A block sequence may not be used as an implicit map key/, () => "列表不能用作键（请检查缩进）"],
  [/^Alias cannot be an empty string/, () => "* 后面缺少别名"],
  [/^Anchor cannot be an empty string/, () => "& 后面缺少锚点名"],
  [/^Block scalar header includes extra characters: (.+)$/, (m) => `多行文本标记（| 或 >）后面有多余的字符：${m[1]}`],
];

/** yaml's message without its own position suffix, plus a hint for the usual slips (in Chinese: what the message says when SYNTAX_DETAIL_ZH knows it, else what the code means, and the hint). */
function syntaxMessage(code: string, message: string, lang: ErrorLang): string {
  const base = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  const hints: Record<string, Msg> = {
    TAB_AS_INDENT: { en: "indent with spaces, not tabs", zh: "请用空格缩进，不要用 Tab" },
    MULTIPLE_DOCS: { en: "a scenario file holds one document; remove the extra '---'", zh: "场景文件只能有一个文档；请删除多余的 '---'" },
    BAD_INDENT: { en: "check the indentation and closing brackets", zh: "请检查缩进和右括号" },
    BLOCK_AS_IMPLICIT_KEY: { en: "check the indentation: each field on its own line, nested fields indented by the same number of spaces", zh: "请检查缩进：每个字段单独一行，同一层的字段缩进相同的空格数" },
    MULTILINE_IMPLICIT_KEY: { en: "a key and its ':' must be on one line; quote text containing ': '", zh: "键和它的 ':' 必须在同一行；含 ': ' 的文本请加引号" },
    MISSING_CHAR: { en: "a bracket or quote is not closed", zh: "有括号或引号没有闭合" },
  };
  const hint = hints[code];
  if (lang === "zh") {
    for (const [re, say] of SYNTAX_DETAIL_ZH) {
      const m = re.exec(base);
      if (m) return say(m);
    }
    const what = SYNTAX_ZH[code] ?? "无法解析";
    return hint ? `${what}（${hint.zh}）` : what;
  }
  return hint ? `${base} (${hint.en})` : base;
}
