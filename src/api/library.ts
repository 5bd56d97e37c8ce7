/**
 * The scenario library the API offers: the files shipped in `scenarios/` (read
 * once at start, read-only) and the scenarios saved through the API (SQLite).
 * Parsing and validation are the loader's (src/sim/model/load.ts); this module
 * only finds the text, and turns a run request (id / object / text + sets +
 * extra disruptions) into a validated Scenario with errors as `{path, message}`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { errorMessage, parseScenarioData, parseScenarioText, type ParseResult, type ScenarioError } from "../sim/model/load.js";
import { type Scenario, scenarioName, scenarioNameZh } from "../sim/model/schema.js";
import type { WarningNames } from "../sim/model/warnings.js";
import { ApiError, type Issue, validationError } from "./errors.js";
import type { RunStore } from "./store.js";

export type ScenarioSource = "file" | "saved";

export interface LibraryEntry {
  id: string;
  /** The scenario's name (its English name when it has two). */
  name: string;
  /** Its Chinese name, when it has one. */
  nameZh?: string;
  source: ScenarioSource;
  format: "yaml" | "json";
  /** False when a file in scenarios/ does not validate (it is listed so the problem is visible). */
  ok: boolean;
  updatedAt?: string;
}

/** The entry's name fields of a scenario (`name` in English, `nameZh` when it has a Chinese one). */
export function entryNames(s: { name: Scenario["name"] | string }): { name: string; nameZh?: string } {
  const zh = scenarioNameZh(s.name);
  return zh !== undefined ? { name: scenarioName(s.name, "en"), nameZh: zh } : { name: scenarioName(s.name, "en") };
}

export interface ScenarioText {
  id: string;
  source: ScenarioSource;
  format: "yaml" | "json";
  text: string;
}

/** Ids of saved scenarios: lower-case, URL-safe, like the schema's ids but a little longer. */
export const SCENARIO_ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * Used when scenarios/default.yaml is missing (a trimmed checkout): every schema
 * default is DOMAIN.md's 15-person team and 15x surge, so `{}` plus a name is the
 * default scenario.
 */
const FALLBACK_DEFAULT = `# Peakline defaults: DOMAIN.md's 15-person team (print 2, pick 3, QC 2, pack 6, weigh 2), a 15x surge.
name: { en: "Default peak day", zh: "默认大促日" }
`;

const FILE_EXT = new Set([".yaml", ".yml", ".json"]);

/**
 * The loader's problems as API issues, paths under `prefix`, messages in `lang` (the
 * request's Accept-Language, see preferredLang) with the line when the message has none.
 */
export function toIssues(errors: readonly ScenarioError[], prefix = "", lang: "en" | "zh" = "en"): Issue[] {
  return errors.map((e) => {
    const message = errorMessage(e, lang);
    const line = e.line !== undefined && !/line \d/.test(e.message) ? (lang === "zh" ? `（第 ${e.line} 行）` : ` (line ${e.line})`) : "";
    return { path: prefix && e.path ? `${prefix}.${e.path}` : prefix || e.path, message: `${message}${line}` };
  });
}

export class ScenarioLibrary {
  readonly dir: string;
  readonly #store: RunStore;
  #files = new Map<string, ScenarioText & { name: string; nameZh?: string; ok: boolean }>();

  constructor(dir: string, store: RunStore) {
    this.dir = dir;
    this.#store = store;
    this.reload();
  }

  /** Re-reads scenarios/ (ids are file names without extension; the first of default.yaml / default.json wins). */
  reload(): { id: string; errors: ScenarioError[] }[] {
    const files = new Map<string, ScenarioText & { name: string; nameZh?: string; ok: boolean }>();
    const problems: { id: string; errors: ScenarioError[] }[] = [];
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).sort();
    } catch {
      names = [];
    }
    for (const f of names) {
      const ext = extname(f).toLowerCase();
      if (!FILE_EXT.has(ext)) continue;
      const full = join(this.dir, f);
      try {
        if (!statSync(full).isFile()) continue;
      } catch {
        continue;
      }
      const id = basename(f, extname(f));
      if (files.has(id)) continue;
      const text = readFileSync(full, "utf8");
      const format = ext === ".json" ? "json" : "yaml";
      const r = parseScenarioText(text, { format, source: f });
      if (!r.ok) problems.push({ id, errors: r.errors });
      files.set(id, { id, source: "file", format, text, ...(r.ok ? entryNames(r.scenario) : { name: id }), ok: r.ok });
    }
    if (!files.has("default")) {
      const r = parseScenarioText(FALLBACK_DEFAULT);
      files.set("default", { id: "default", source: "file", format: "yaml", text: FALLBACK_DEFAULT, ...(r.ok ? entryNames(r.scenario) : { name: "default" }), ok: r.ok });
    }
    this.#files = files;
    return problems;
  }

  isFile(id: string): boolean {
    return this.#files.has(id);
  }

  /** Files first (default.yaml leading), then saved scenarios, each sorted by id. */
  list(): LibraryEntry[] {
    const files = [...this.#files.values()]
      .sort((a, b) => (a.id === "default" ? -1 : b.id === "default" ? 1 : a.id.localeCompare(b.id)))
      .map(({ id, name, nameZh, source, format, ok }) => ({ id, name, ...(nameZh !== undefined ? { nameZh } : {}), source, format, ok }));
    const saved = this.#store.listScenarios().map((s) => ({ id: s.id, ...entryNames({ name: { en: s.name, zh: s.nameZh } }), source: "saved" as const, format: s.format, ok: true, updatedAt: s.updatedAt }));
    return [...files, ...saved];
  }

  get(id: string): ScenarioText | undefined {
    const f = this.#files.get(id);
    if (f) return { id: f.id, source: f.source, format: f.format, text: f.text };
    const s = this.#store.getScenario(id);
    return s && { id: s.id, source: "saved", format: s.format, text: s.text };
  }
}

/** Where a run's scenario comes from. Exactly one of the three. */
export interface ScenarioRequest {
  /** A library id ("default") or the scenario as a JSON object. */
  scenario?: string | Record<string, unknown>;
  /** Scenario text (YAML or JSON) as typed in the page. */
  scenarioText?: string;
  format?: "yaml" | "json";
  sets?: string[];
  /** Appended to the scenario's own disruptions (what-ifs). */
  disruptions?: unknown[];
}

/**
 * A valid request's scenario; `names` names its fields in warnings by the request's
 * paths (whatIfNames).
 */
export type ResolveResult = { ok: true; scenario: Scenario; scenarioId: string | null; names: WarningNames } | { ok: false; status: 400 | 404; issues: Issue[] };

/**
 * Warning names for a scenario whose first `own` disruptions are its own and the rest
 * a request's what-ifs (appended): the scenario's own stay `disruptions[i]`, a what-if
 * is named by its index in the request's `disruptions`, as resolveScenario's errors
 * name it, not by its place in the combined list.
 */
export function whatIfNames(own: number): WarningNames {
  return { disruption: (i) => `disruptions[${i < own ? i : i - own}]` };
}

/**
 * Builds the validated scenario of a request. Problems come back with paths
 * relative to the request body: `scenarioText` problems under their own path with
 * the line, `--set` problems naming the set, extra disruptions as `disruptions[i]...`;
 * their messages in `lang`.
 */
export function resolveScenario(lib: ScenarioLibrary, req: ScenarioRequest, lang: "en" | "zh" = "en"): ResolveResult {
  const sets = req.sets ?? [];
  let first: ParseResult;
  let scenarioId: string | null = null;
  let prefix = "";
  if (typeof req.scenario === "string") {
    const entry = lib.get(req.scenario);
    if (!entry) {
      const message = lang === "zh" ? `没有 id 为 "${req.scenario}" 的场景；GET /api/scenarios 可列出全部场景` : `no scenario with id "${req.scenario}"; GET /api/scenarios lists them`;
      return { ok: false, status: 404, issues: [{ path: "scenario", message }] };
    }
    scenarioId = entry.id;
    first = parseScenarioText(entry.text, { format: entry.format, sets, source: entry.id });
  } else if (req.scenario !== undefined) {
    prefix = "scenario";
    first = parseScenarioData(req.scenario, sets);
  } else {
    prefix = "scenarioText";
    first = parseScenarioText(req.scenarioText ?? "", { format: req.format, sets });
  }
  if (!first.ok) return { ok: false, status: 400, issues: setAware(first.errors, prefix, sets, lang) };

  const extra = req.disruptions ?? [];
  if (extra.length === 0) return { ok: true, scenario: first.scenario, scenarioId, names: {} };

  const data = structuredClone(first.resolved) as Record<string, unknown>;
  const own = Array.isArray(data.disruptions) ? data.disruptions : [];
  data.disruptions = [...own, ...extra];
  const second = parseScenarioData(data);
  if (second.ok) return { ok: true, scenario: second.scenario, scenarioId, names: whatIfNames(own.length) };
  // Problems in the appended entries point at the request's own `disruptions[i]`.
  const issues = second.errors.map((e) => {
    const m = /^disruptions\[(\d+)\](.*)$/.exec(e.path);
    if (m && Number(m[1]) >= own.length) return { path: `disruptions[${Number(m[1]) - own.length}]${m[2]}`, message: errorMessage(e, lang) };
    return { path: prefix && e.path ? `${prefix}.${e.path}` : e.path || prefix, message: errorMessage(e, lang) };
  });
  return { ok: false, status: 400, issues };
}

/**
 * The language a request prefers by its Accept-Language header: "zh" when its most
 * wanted language is Chinese (zh, zh-CN, zh-Hans...), else "en". The UI sends its own.
 */
export function preferredLang(acceptLanguage: string | undefined): "en" | "zh" {
  let best = "";
  let bestQ = -1;
  for (const part of (acceptLanguage ?? "").split(",").slice(0, 20)) {
    const [tag, ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find((m) => m)?.[1];
    const w = q === undefined ? 1 : Number(q);
    if (tag && w > bestQ) {
      best = tag.toLowerCase();
      bestQ = w;
    }
  }
  return best === "zh" || best.startsWith("zh-") ? "zh" : "en";
}

/**
 * The scenario part of a new job (a run or a plan) from its request body: the
 * validated scenario, the job's name, and the overrides and what-ifs as stored with
 * the run. Throws the 404 / 400 error with the request's field paths.
 */
export function jobScenarioOrThrow(
  lib: ScenarioLibrary,
  req: ScenarioRequest & { name?: string },
  /** The language of the default name (the scenario's name in it) and of the validation messages. */
  lang: "en" | "zh" = "en",
): { name: string; scenario: Scenario; scenarioId: string | null; sets: string[]; whatIf: { disruptions: unknown[] } | undefined; names: WarningNames } {
  const r = resolveScenario(lib, req, lang);
  if (!r.ok) {
    if (r.status === 404) throw new ApiError("not-found", { what: "scenario", id: String(req.scenario) });
    throw validationError(r.issues, lang);
  }
  // The what-ifs as the scenario parsed them (they are its last disruptions), not as the request wrote
  // them: durations in seconds, so the report's changes, the history and the compare view read "1h",
  // "60min" and 3600 alike.
  const n = req.disruptions?.length ?? 0;
  return {
    name: req.name ?? scenarioName(r.scenario.name, lang),
    scenario: r.scenario,
    scenarioId: r.scenarioId,
    sets: req.sets ?? [],
    whatIf: n ? { disruptions: r.scenario.disruptions.slice(-n) } : undefined,
    names: r.names,
  };
}

/** Errors coming from an override point at the request's `sets[i]` (the message names the field); the rest belong to the scenario. */
function setAware(errors: ScenarioError[], prefix: string, sets: string[], lang: "en" | "zh"): Issue[] {
  return errors.map((e) => {
    if (e.set !== undefined) {
      const i = sets.lastIndexOf(e.set);
      const own = errorMessage(e, lang);
      const message = e.message.startsWith("--set ") ? own : lang === "zh" ? `${e.path}：${own}（来自 ${e.set}）` : `${e.path}: ${own} (from ${e.set})`;
      return { path: `sets[${i}]`, message };
    }
    return toIssues([e], prefix, lang)[0];
  });
}
