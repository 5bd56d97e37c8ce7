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
 * Invariant: an unknown key is always an error (the schema's objects are strict) and
 * comes with the nearest known key when there is a close one; a typo is never ignored.
 *
 * Known limit: zod skips the scenario's cross-field checks (duplicate ids, unknown
 * station in a roster, ...) while some field has the wrong type or a missing required
 * value, so those can appear only in a second pass.
 */
import { Composer, type CST, type Document, isMap, isScalar, isSeq, LineCounter, Parser, YAMLParseError } from "yaml";
import type { DocumentOptions, Node as YamlNode, Pair, ParseOptions as YamlParseOptions, SchemaOptions } from "yaml";
import { ClockTime, DateTime, Dist, Duration, Profile, Scenario, ScenarioDescription, ScenarioName } from "./schema.js";

// ---------------------------------------------------------------- public types

/** One problem: `path` is dotted with [i] for list entries (`stations[3].serviceSec.mean`); "" = the whole file. */
export interface ScenarioError {
  path: string;
  message: string;
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
const NESTING_HINT = `a scenario needs at most 6 levels (such as staff.shifts[0].breaks[0].at)`;

const EMPTY_HINT = "copy scenarios/default.yaml and edit it, or write {} to use every default";

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
    return fail("", `the ${opts.source ? "file" : "text"} is ${formatBytes(text.length)}; scenario files are limited to ${formatBytes(MAX_SCENARIO_BYTES)} (is this a data export rather than a scenario? a scenario is usually a few KiB)`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const binary = binaryReason(text);
  if (binary) return fail("", binary);
  if (text.trim() === "") return fail("", `the ${opts.source ? "file" : "text"} is empty; ${EMPTY_HINT}`);

  const format = opts.format ?? (/^\s*[[{]/.test(text) ? "json" : "yaml");
  const kind = format === "json" ? "JSON" : "YAML";
  const lineCounter = new LineCounter();
  // uniqueKeys: false because yaml's own check is quadratic in a mapping's size (30 s
  // for 512 KiB); findDuplicateKeys below does it in linear time, with both lines.
  const parsed = parseYaml(text, { merge: true, prettyErrors: false, uniqueKeys: false }, lineCounter);
  if ("deepAt" in parsed) {
    const pos = lineCounter.linePos(parsed.deepAt);
    return { ok: false, errors: [{ path: "", message: nestingMessage(`${kind} nested too deeply at line ${pos.line}, column ${pos.col}`), line: pos.line, column: pos.col }] };
  }
  const doc = parsed.doc;

  const syntax: ScenarioError[] = [];
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    // Out of stack all the same (a deep structure the depth check does not see): said plainly.
    if (e.code === "RESOURCE_EXHAUSTION" && /call stack/i.test(e.message)) {
      return { ok: false, errors: [{ path: "", message: nestingMessage(`${kind} nested too deeply at line ${pos.line}, column ${pos.col}`), line: pos.line, column: pos.col }] };
    }
    syntax.push({ path: "", message: `${format === "json" ? "JSON" : "YAML"} syntax error at line ${pos.line}, column ${pos.col}: ${syntaxMessage(e.code, e.message)}`, line: pos.line, column: pos.col });
  }
  // After the first few, syntax errors are mostly echoes of the first.
  if (syntax.length > 10) return { ok: false, errors: [...syntax.slice(0, 10), { path: "", message: `... and ${syntax.length - 10} more syntax errors`, more: syntax.length - 10 }] };
  if (syntax.length) return { ok: false, errors: syntax };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/alias/i.test(msg)) return fail("", `too many alias references (*name): the anchors expand to more than ${MAX_YAML_ALIASES} copies; write the values out or use fewer aliases`);
    if (e instanceof RangeError && /call stack/i.test(msg)) return fail("", nestingMessage(`${kind} nested too deeply`));
    return fail("", `could not read the ${format === "json" ? "JSON" : "YAML"}: ${msg}`);
  }
  if (data === null || data === undefined) return fail("", `the ${opts.source ? "file" : "text"} has no settings (only comments?); ${EMPTY_HINT}`);

  const keyIndex = new WeakMap<object, Map<string, Pair>>();
  const lineOf = (path: Path) => lineOfPath(doc.contents, path, lineCounter, keyIndex);
  const duplicates = findDuplicateKeys(doc.contents, [], lineCounter);
  return validateData(data, opts.sets ?? [], lineOf, duplicates);
}

/** Validates already-parsed data (an HTTP JSON body) the same way, with optional `--set` style overrides. */
export function parseScenarioData(data: unknown, sets: string[] = []): ParseResult {
  if (data === null || data === undefined) return fail("", `the scenario is empty; ${EMPTY_HINT}`);
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
 * With `source` (a file name) a header names it.
 */
export function formatErrors(errors: ScenarioError[], source?: string, limit = 50): string {
  const notListed = errors.at(-1)?.more;
  const list = notListed !== undefined ? errors.slice(0, -1) : errors;
  const total = list.length + (notListed ?? 0);
  const lines: string[] = [];
  if (source !== undefined) lines.push(`${source}: ${total === 1 ? "1 problem" : `${total} problems`}`);
  const shown = list.slice(0, limit);
  for (const e of shown) {
    // Override errors already start with "--set <arg>:" and name their path inside.
    const own = e.message.startsWith("--set ");
    const where = e.path && !own ? `${e.path}: ` : "";
    const at = own ? "" : e.set !== undefined ? ` (from --set ${e.set})` : e.line !== undefined && e.column === undefined && !/\blines? \d/.test(e.message) ? ` (line ${e.line})` : "";
    lines.push(`${source !== undefined ? "  - " : ""}${where}${e.message}${at}`);
  }
  if (total > shown.length) lines.push(`${source !== undefined ? "  " : ""}... and ${total - shown.length} more; fix these first`);
  return lines.join("\n");
}

// ---------------------------------------------------------------- validation

type Seg = string | number;
type Path = Seg[];

function fail(path: string, message: string): ParseResult {
  return { ok: false, errors: [{ path, message }] };
}

function validateData(input: unknown, sets: string[], lineOf: (p: Path) => number | undefined, early: ScenarioError[]): ParseResult {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return fail("", `the top level must be a group of fields (name:, demand:, stations:, ...), not ${describeValue(input)}${Array.isArray(input) ? "; remove the leading '- '" : ""}`);
  }
  // Before anything recursive (the clone, the checks below, zod) walks it.
  const deep = nestedBeyond(input, MAX_NESTING);
  if (deep) return nestingFailure(deep, input, lineOf);
  const data: unknown = structuredClone(input);
  const errors = [...early];
  dropProtoKeys(data, [], (path) => {
    const err: ScenarioError = { path: formatPath(path), message: `"__proto__" is not a field name of a scenario; remove it` };
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
        const err: ScenarioError = { path: formatPath(e.pathArr), message: e.message };
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
    return { ok: false, errors: [...errors.slice(0, MAX_ERRORS), { path: "", message: `... and ${more} more ${more === 1 ? "problem" : "problems"}; fix these first`, more }] };
  }
  if (errors.length) return { ok: false, errors };
  if (!result.success) throw new Error("unreachable: failed parse without issues");
  return { ok: true, scenario: result.data, resolved: data };
}

// ---------------------------------------------------------------- nesting

/** "<what>: more than 50 levels of lists or groups inside one another; a scenario needs at most 6 ...". */
function nestingMessage(what: string): string {
  return `${what}: more than ${MAX_NESTING} levels of lists or groups inside one another; ${NESTING_HINT}`;
}

/** The error for data nested deeper than MAX_NESTING at `path`, named by the top-level field it is in (and the entry, in a list of them: `disruptions[2]`). */
function nestingFailure(path: Path, data: unknown, lineOf: (p: Path) => number | undefined, set?: string): ParseResult {
  const field = structural(schemaAt(path.slice(0, 1), data));
  const at = field && defOf(field).type === "array" && typeof path[1] === "number" ? path.slice(0, 2) : path.slice(0, 1);
  const err: ScenarioError = { path: formatPath(at), message: nestingMessage("nested too deeply") };
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
}

const defOf = (s: unknown): Def => (s as Sch)._zod.def;
const WRAPPERS = new Set(["default", "prefault", "optional", "nullable", "readonly", "catch", "nonoptional", "success"]);

/** Manager-facing descriptions of the schema's named value types, checked while unwrapping. */
/** Property names every object inherits (`__proto__`, `toString`, `constructor`...): refused as --set path segments. */
const INHERITED = new Set<string>(Object.getOwnPropertyNames(Object.prototype));
/** Fields that take text or {en, zh} (see `--set name.zh=…` in applySet). */
const BILINGUAL = new Set<unknown>([ScenarioName, ScenarioDescription]);
const NAMED = new Map<unknown, string>([
  [ScenarioDescription, 'text, or the English and Chinese texts {en: "Is a spare printer worth it?", zh: "备用打印机值得买吗？"}'],
  [ScenarioName, 'text such as "Double 11: 15 people", or the English and Chinese names {en: "Double 11: 15 people", zh: "双11：15 人"}'],
  [Duration, 'a duration such as 90 (seconds), "90s", "45min", "3h" or "1h30m"'],
  [DateTime, 'a date-time "YYYY-MM-DD HH:MM" such as "2026-11-11 09:00", or a clock time "HH:MM" on the start day'],
  [ClockTime, 'a clock time "HH:MM" from "00:00" to "24:00", such as "08:00"'],
  [Dist, 'a distribution: a number (a fixed value) or fields such as {dist: lognormal, mean: 12, cv: 0.4} with dist one of "deterministic", "uniform", "exponential", "normal", "lognormal", "triangular", "gamma", "erlang", "empirical"'],
  [Profile, 'one of "peak-day", "normal-day", "flat", or {hourly: [24 weights]}, or {tenMinute: [144 weights]}'],
]);

/** Strips defaults, optionals and pipes (transforms) down to the schema that checks the input; stops at a named type. */
function unwrap(s: Sch | undefined): { schema: Sch | undefined; named?: string; defaulted?: Def } {
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

let keyIndex: Map<string, string[]> | undefined;

/** Where else in the scenario a field of this name lives ("demand"), to catch a well-spelled key at the wrong level. */
function keyElsewhere(key: string): string | undefined {
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
  return places.length ? places.slice(0, 3).join(" or ") : undefined;
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

/** "1 to 100", "more than 0 up to 10", "0 or more", "up to 1000"; "" if unbounded. */
function rangeText(r: Range): string {
  const lo = r.min === undefined ? undefined : r.minInclusive ? `${fmtNum(r.min)}` : `more than ${fmtNum(r.min)}`;
  const hi = r.max === undefined ? undefined : r.maxInclusive ? `${fmtNum(r.max)}` : `less than ${fmtNum(r.max)}`;
  if (lo !== undefined && hi !== undefined) return r.minInclusive && r.maxInclusive ? `${lo} to ${hi}` : `${lo}${r.minInclusive ? " or more" : ""}, ${r.maxInclusive ? `up to ${hi}` : hi}`;
  if (lo !== undefined) return r.minInclusive ? `${lo} or more` : lo;
  if (hi !== undefined) return r.maxInclusive ? `up to ${hi}` : hi;
  return "";
}

function numberExpectation(s: Sch | undefined): string {
  const r = numberRange(s);
  const range = rangeText(r);
  return `${r.int ? "a whole number" : "a number"}${range ? ` (${range})` : ""}`;
}

/** What a schema accepts, in a manager's words. */
function describeSchema(s: Sch | undefined, depth = 0): string {
  const { schema: u, named } = unwrap(s);
  if (named) return named;
  if (!u || depth > 3) return "a valid value";
  const d = defOf(u);
  switch (d.type) {
    case "number":
      return numberExpectation(u);
    case "string": {
      const max = d.checks?.map((c) => c._zod.def).find((c) => c.check === "max_length")?.maximum;
      return max === undefined ? "text" : `text of at most ${max} characters`;
    }
    case "boolean":
      return "true or false";
    case "literal":
      return oneOf(d.values ?? []);
    case "enum":
      return oneOf(Object.values(d.entries ?? {}));
    case "array":
      return `a list of ${plural(describeSchema(d.element, depth + 1))}`;
    case "record":
      return `a group of "name: value" entries, each value ${describeSchema(d.valueType, depth + 1)}`;
    case "object":
      return `a group of fields (${Object.keys(d.shape ?? {}).join(", ")})`;
    case "union": {
      if (d.discriminator) {
        const values = (d.options ?? []).flatMap((o) => [...(structural(o)?._zod.propValues?.[d.discriminator!] ?? [])]);
        return `a group of fields with ${d.discriminator}: ${oneOf(values)}`;
      }
      const opts = (d.options ?? []).map((o) => unwrap(o).schema);
      const lits = opts.flatMap((o) => (o && defOf(o).type === "literal" ? (defOf(o).values ?? []) : o && defOf(o).type === "enum" ? Object.values(defOf(o).entries ?? {}) : [undefined]));
      if (!lits.includes(undefined)) return oneOf(lits);
      return (d.options ?? []).map((o) => describeSchema(o, depth + 1)).join(", or ");
    }
    default:
      return "a valid value";
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

function oneOf(values: unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v));
  if (shown.length === 1) return shown[0];
  return `one of ${shown.join(", ")}`;
}

// ---------------------------------------------------------------- issue -> message

interface Explained {
  pathArr: Path;
  message: string;
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

function explainIssue(issue: Issue, prefix: Path, data: unknown): Explained[] {
  const path: Path = [...prefix, ...issue.path.map((p) => (typeof p === "number" ? p : String(p)))];
  const value = getAt(data, path);
  const schema = () => schemaAt(path, data);
  const one = (message: string): Explained[] => [{ pathArr: path, message }];
  const missing = () => one(`missing; required: ${describeSchema(schema())}`);

  switch (issue.code) {
    case "unrecognized_keys": {
      const keys = knownKeys(schemaAt(path, data), value) ?? [];
      return (issue.keys ?? []).map((k) => {
        const near = nearest(k, keys);
        const elsewhere = near ? undefined : keyElsewhere(k);
        const hint = near ? `did you mean "${near}"?` : elsewhere ? `"${k}" belongs under ${elsewhere}` : keys.length ? `allowed keys here: ${keys.join(", ")}` : "remove it";
        return { pathArr: [...path, k], message: `unknown key; ${hint}` };
      });
    }
    case "too_big":
    case "too_small": {
      const big = issue.code === "too_big";
      if (issue.origin === "array" || issue.origin === "set") {
        const n = Array.isArray(value) ? value.length : 0;
        const bound = Number(big ? issue.maximum : issue.minimum);
        const items = (k: number) => `${k} ${k === 1 ? "entry" : "entries"}`;
        if (issue.exact) return one(`a list of ${items(n)}; needs exactly ${bound}`);
        if (!big && n === 0) return one(`an empty list; needs at least ${items(bound)}`);
        return one(`a list of ${items(n)} is too ${big ? "long" : "short"}; ${big ? "at most" : "at least"} ${bound}`);
      }
      if (issue.origin === "string") {
        const n = typeof value === "string" ? value.length : 0;
        const limit = Number(big ? issue.maximum : issue.minimum);
        if (!big && n === 0) return one(`empty text; needs at least ${limit === 1 ? "1 character" : `${limit} characters`}`);
        return one(`text of ${n} characters is too ${big ? "long" : "short"}; ${big ? "at most" : "at least"} ${limit === 1 ? "1 character" : `${limit} characters`}`);
      }
      let range = rangeText(numberRange(schema()));
      if (!range) range = `${big ? (issue.inclusive ? "up to" : "less than") : issue.inclusive ? "at least" : "more than"} ${Number(big ? issue.maximum : issue.minimum)}`;
      return one(`${showValue(value)} is too ${big ? "large" : "small"}; allowed ${range}${numberRange(schema()).int ? " (whole numbers)" : ""}`);
    }
    case "invalid_type": {
      if (value === undefined) return missing();
      // `demand:` with nothing after it (children commented out) reads as null.
      if (value === null) {
        const { defaulted } = unwrap(schema());
        return one(`empty; expected ${describeSchema(schema())}${defaulted ? "; remove the line to use the default" : ""}`);
      }
      if (issue.expected === "int" && typeof value === "number" && Number.isFinite(value)) {
        const range = rangeText(numberRange(schema()));
        return one(`${showValue(value)} is not a whole number; allowed whole numbers${range ? ` ${range}` : ""}`);
      }
      if (issue.expected === "number" && typeof value === "number") return one(`${showValue(value)} is not a finite number; expected ${describeSchema(schema())}`);
      return one(`${showValue(value)} is ${typeName(value)}; expected ${describeSchema(schema())}${typeHint(value, issue.expected)}`);
    }
    case "invalid_value": {
      if (value === undefined) return missing();
      const values = issue.values ?? [];
      const near = typeof value === "string" ? nearest(value, values.filter((v): v is string => typeof v === "string")) : undefined;
      return one(`${showValue(value)} is not allowed; allowed ${values.map((v) => JSON.stringify(v)).join(", ")}${near ? `; did you mean "${near}"?` : ""}`);
    }
    case "invalid_union":
      return explainUnion(issue, path, value, data);
    case "invalid_format": {
      const msg = /^Invalid/.test(issue.message) ? `does not have the expected format${issue.format ? ` (${issue.format})` : ""}` : issue.message;
      return one(`${showValue(value)} is not valid; ${msg}`);
    }
    case "custom": {
      // A message that already quotes the value, or the key itself ("unknown shift "nite""), stands alone.
      const key = path.length ? JSON.stringify(String(path[path.length - 1])) : undefined;
      if (value === undefined || isRecord(value) || Array.isArray(value) || issue.message.includes(JSON.stringify(value)) || (key !== undefined && issue.message.includes(key))) return one(issue.message);
      return one(`${showValue(value)} is not valid; ${issue.message}`);
    }
    default:
      return one(value === undefined ? issue.message : `${showValue(value)}: ${issue.message}`);
  }
}

function explainUnion(issue: Issue, path: Path, value: unknown, data: unknown): Explained[] {
  // A discriminated union whose tag (`dist`, `type`, `kind`) matches no option.
  if (issue.note === "No matching discriminator" || (issue.discriminator && !issue.errors?.length)) {
    const allowed = (issue.options ?? []).filter((o): o is string => typeof o === "string");
    const what = issue.discriminator ?? String(path[path.length - 1] ?? "value");
    if (value === undefined) {
      // The tag written under another key ("kind: power" for "type: power", as stations use `kind`).
      const parent = getAt(data, path.slice(0, -1));
      const under = isRecord(parent) ? Object.keys(parent).find((k) => k !== what && typeof parent[k] === "string" && allowed.includes(parent[k] as string)) : undefined;
      const hint = under !== undefined ? `; "${under}: ${String((parent as Record<string, unknown>)[under])}" is a ${what}: did you mean "${what}: ${String((parent as Record<string, unknown>)[under])}"?` : "";
      return [{ pathArr: path, message: `missing; required: ${what} is ${oneOf(allowed)}${hint}` }];
    }
    const near = typeof value === "string" ? nearest(value, allowed) : undefined;
    return [{ pathArr: path, message: `${showValue(value)} is not a known ${what}; allowed ${allowed.map((v) => JSON.stringify(v)).join(", ")}${near ? `; did you mean "${near}"?` : ""}` }];
  }
  const branches = issue.errors ?? [];
  // A branch that failed only because the value has the wrong type/literal says nothing
  // specific; a branch with deeper issues is the one the writer meant.
  const rootOnly = (b: Issue[]) => b.every((i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value"));
  const deep = branches.filter((b) => b.length && !rootOnly(b));
  if (value !== undefined && deep.length) {
    const score = (b: Issue[]) => b.length + 10 * b.filter((i) => i.code === "unrecognized_keys" && i.path.length === 0).length;
    const best = deep.reduce((a, b) => (score(b) < score(a) ? b : a));
    return dropConsequences(best).flatMap((i) => explainIssue(i, path, data));
  }
  const schema = schemaAt(path, data);
  const desc = describeSchema(schema);
  if (value === undefined) return [{ pathArr: path, message: `missing; required: ${desc}` }];
  const literals = branches.flatMap((b) => b.flatMap((i) => (i.code === "invalid_value" ? (i.values ?? []) : []))).filter((v): v is string => typeof v === "string");
  const near = typeof value === "string" ? nearest(value, literals) : undefined;
  const sameKind = branches.some((b) => b.some((i) => i.code === "invalid_value"));
  const head = sameKind && typeof value !== "object" ? `${showValue(value)} is not allowed` : `${showValue(value)} is ${typeName(value)}`;
  return [{ pathArr: path, message: `${head}; expected ${desc}${near ? `; did you mean "${near}"?` : ""}` }];
}

function typeHint(value: unknown, expected?: string): string {
  if (typeof value !== "string" || !(expected === "number" || expected === "int")) return "";
  const t = value.trim();
  if (/^-?[\d,_ ]+(\.\d+)?$/.test(t)) return "; write numbers without quotes or thousands separators";
  if (/^-?\d+(\.\d+)?\s*%$/.test(t)) return `; write shares as fractions (${Number(t.replace("%", "")) / 100} for ${t})`;
  return "";
}

function typeName(v: unknown): string {
  if (v === null) return "empty (null)";
  if (Array.isArray(v)) return "a list";
  switch (typeof v) {
    case "string":
      return "text";
    case "number":
      return "a number";
    case "boolean":
      return "true/false";
    case "object":
      return "a group of fields";
    default:
      return typeof v;
  }
}

function showValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null (empty)";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : Number.isFinite(v) ? String(v) : v > 0 ? "infinity" : "-infinity";
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (Array.isArray(v)) return `a list of ${v.length} ${v.length === 1 ? "entry" : "entries"}`;
  if (isRecord(v)) {
    const keys = Object.keys(v);
    return keys.length ? `{${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", ..." : ""}}` : "{} (no fields)";
  }
  return String(v);
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (v === null || v === undefined) return "empty";
  return `${typeName(v)} (${showValue(v)})`;
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

/**
 * Applies one `path=value` override to `root` in place. The value is read as YAML
 * (`30` a number, `true` a boolean, `3h` text, `[1,2]` a list). A missing group on the
 * way is created (from the schema's default when it has one, so `stations[3]` reaches
 * the default stations); a list may be extended by exactly one entry (`[n]` with n =
 * its length); a list of entries with ids may be addressed by id (`stations.pack`).
 */
function applySet(root: unknown, arg: string): { path: Path } | { error: ScenarioError } {
  const err = (path: string, message: string) => ({ error: { path, message: `--set ${arg}: ${message}`, set: arg } });
  const eq = arg.indexOf("=");
  if (eq < 0) return err("", 'expected path=value, such as demand.surge=30 or stations[3].serviceSec.mean=50 (no "=" found)');
  const pathText = arg.slice(0, eq).trim();
  const valueText = arg.slice(eq + 1);
  const segs = parseSetPath(pathText);
  if (!segs) return err(pathText, `"${pathText}" is not a field path; write names joined by dots and list positions in brackets, such as stations[3].serviceSec.mean`);
  // Names every JavaScript object inherits: never a scenario field, and following them
  // would reach (and change) the prototype shared by every object in the process.
  const bad = segs.find((x) => typeof x === "string" && INHERITED.has(x));
  if (bad !== undefined) return err(pathText, `"${bad}" is not a field name of a scenario`);
  let value: unknown;
  try {
    const read = valueText.trim() === "" ? { value: "" } : parseSetValue(valueText);
    if ("deep" in read) return err(pathText, nestingMessage("the value is nested too deeply"));
    value = read.value;
  } catch (e) {
    return err(pathText, `the value ${JSON.stringify(valueText)} cannot be read: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}; quote text values`);
  }

  let cur = root as Record<Seg, unknown>;
  let schema: Sch | undefined = Scenario as unknown as Sch;
  const done: Path = [];
  for (let i = 0; i < segs.length; i++) {
    let seg = segs[i];
    const here = formatPath(done) || "the scenario";
    if (Array.isArray(cur)) {
      if (typeof seg === "string") {
        const idx = cur.findIndex((x) => isRecord(x) && x.id === seg);
        if (idx < 0) {
          const ids = cur.filter(isRecord).map((x) => x.id).filter((x) => typeof x === "string") as string[];
          const near = nearest(seg, ids);
          return err(formatPath([...done, seg]), `${here} has no entry with id "${seg}"${ids.length ? `; ids are ${ids.join(", ")}` : ""}${near ? `; did you mean "${near}"?` : ""}`);
        }
        seg = idx;
      } else if (seg > cur.length) {
        return err(formatPath([...done, seg]), `index [${seg}] is out of range: ${here} has ${cur.length} ${cur.length === 1 ? "entry" : "entries"}${cur.length ? ` ([0] to [${cur.length - 1}])` : ""}; [${cur.length}] adds one`);
      }
    } else if (isRecord(cur)) {
      if (typeof seg === "number") return err(formatPath([...done, seg]), `${here} is a group of fields, not a list; use a field name instead of [${seg}]`);
      const keys = knownKeys(schema, cur);
      if (keys && !keys.includes(seg)) {
        const near = nearest(seg, keys);
        return err(formatPath([...done, seg]), `unknown key "${seg}" in ${here}; ${near ? `did you mean "${near}"?` : `allowed keys: ${keys.join(", ")}`}`);
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
      if (next === undefined) return err(formatPath(done), `${formatPath(done)} is ${describeSchema(childSch)}; it has no field ${JSON.stringify(segs[i + 1])}`);
      (cur as Record<Seg, unknown>)[seg] = next;
    } else if (typeof next === "string" && (segs[i + 1] === "en" || segs[i + 1] === "zh") && BILINGUAL.has(unwrap(childSch).schema as Sch)) {
      // Plain text reads as the English (or only) text, as the schema reads it: `name.zh=…`
      // on a file with `name: Default` gives { en: Default, zh: … }.
      next = { en: next };
      (cur as Record<Seg, unknown>)[seg] = next;
    } else if (typeof next === "string" && BILINGUAL.has(unwrap(childSch).schema as Sch)) {
      return err(formatPath([...done, segs[i + 1]]), `${formatPath(done)} has the fields en and zh (or is text itself), not ${JSON.stringify(segs[i + 1])}`);
    } else if (!(isRecord(next) || Array.isArray(next))) {
      return err(formatPath(done), `${formatPath(done)} is ${showValue(next)} (${typeName(next)}), which has no field ${typeof segs[i + 1] === "number" ? `[${segs[i + 1]}]` : JSON.stringify(segs[i + 1])}; set ${formatPath(done)} itself instead`);
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
          out.push({ path: formatPath([...path, k]), message: `the key "${k}" is given twice${first !== undefined ? ` (lines ${first} and ${line})` : ""}; keep one`, ...(line !== undefined ? { line } : {}) });
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
function binaryReason(text: string): string | undefined {
  if (text.startsWith("PK\u0003\u0004")) return "this looks like a binary file (a zip archive: an Excel .xlsx renamed?), not YAML/JSON; export the settings as text or start from scenarios/default.yaml";
  if (text.startsWith("\u00d0\u00cf\u0011\u00e0") || text.startsWith("\ufffd\ufffd\u0011\ufffd")) return "this looks like a binary file (an old Excel .xls renamed?), not YAML/JSON";
  const head = text.slice(0, 8192);
  let nul = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0) nul++;
  if (nul > 0) return `this looks like a binary file (${nul} NUL bytes; an .xlsx or other document renamed?), not YAML/JSON`;
  return undefined;
}

/** yaml's message without its own position suffix, plus a hint for the usual slips. */
function syntaxMessage(code: string, message: string): string {
  const base = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  const hints: Record<string, string> = {
    TAB_AS_INDENT: "indent with spaces, not tabs",
    MULTIPLE_DOCS: "a scenario file holds one document; remove the extra '---'",
    BAD_INDENT: "check the indentation and closing brackets",
    BLOCK_AS_IMPLICIT_KEY: "check the indentation: each field on its own line, nested fields indented by the same number of spaces",
    MULTILINE_IMPLICIT_KEY: "a key and its ':' must be on one line; quote text containing ': '",
    MISSING_CHAR: "a bracket or quote is not closed",
  };
  return hints[code] ? `${base} (${hints[code]})` : base;
}
