/**
 * The reproducibility manifest carried by every export: what ran (the resolved
 * scenario and its hash), with which seeds, by which Peakline version, and the
 * one-line command that re-runs the same figures.
 *
 * Pure: the caller (CLI, API) supplies what needs I/O: the version (package.json),
 * the SHA-256 of `canonicalJson(scenario)` (node:crypto) and the time stamp.
 */
import { type Scenario, scenarioName, scenarioNameZh } from "../model/schema.js";
import type { Experiment, StoppedBecause, TargetSpec } from "../experiment/types.js";
import { stoppedReason } from "./i18n.js";

export interface Manifest {
  peaklineVersion: string;
  /** ISO time stamp of the export (absent when the caller wants byte-identical exports). */
  generatedAt?: string;
  /** The scenario's name (its English name when it has two). */
  scenarioName: string;
  /** Its Chinese name, when it has one. */
  scenarioNameZh?: string;
  /** SHA-256 (hex) of `canonicalJson(scenario)`. */
  scenarioSha256: string;
  /** The scenario as run: defaults filled in and `--set` overrides applied. */
  scenario: Scenario;
  /** Base seed; replication r ran with `replicationSeed(seed, r)` = seeds[r]. */
  seed: number;
  replications: number;
  seeds: number[];
  stoppedBecause?: StoppedBecause;
  target?: TargetSpec;
  /** The command that re-runs these figures. */
  command: string;
  /**
   * What the run changed from its scenario file ("path=value" overrides, what-ifs such
   * as "+printer-down@09:00/3h"), so a report headed by the file's name and question
   * says that it answers a different one. Absent or empty: none.
   */
  changes?: string[];
  /** e.g. "node v20.20.2". */
  runtime?: string;
}

export interface ManifestInfo {
  version: string;
  sha256: string;
  command: string;
  changes?: string[];
  generatedAt?: string;
  runtime?: string;
}

/** A duration as the scenario files write it, to the minute: "45min", "3h", "1h15m" (not "1.25h"). */
function durationCode(sec: number): string {
  if (sec < 60) return `${sec}s`;
  const total = Math.round(sec / 60);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return h ? `${h}h${m ? `${m}m` : ""}` : `${m}min`;
}

/** A what-if disruption in a changes list: "+printer-down@2026-11-11 09:00/3h", "+courier-cap:zto<=600/day". */
export function disruptionChange(d: { type: string; at?: string; duration?: number; item?: string; courier?: string; dailyCap?: number }): string {
  const what = d.item ?? d.courier;
  const cap = d.type === "courier-cap" && d.dailyCap !== undefined ? `<=${d.dailyCap}/day` : "";
  const when = d.at && d.type !== "courier-cap" ? `@${d.at}${d.duration ? `/${durationCode(d.duration)}` : ""}` : "";
  return `+${d.type}${what ? `:${what}` : ""}${cap}${when}`;
}

/** The manifest's name fields of a scenario. */
export function names(s: Scenario): Pick<Manifest, "scenarioName" | "scenarioNameZh"> {
  const zh = scenarioNameZh(s.name);
  return zh !== undefined ? { scenarioName: scenarioName(s.name, "en"), scenarioNameZh: zh } : { scenarioName: scenarioName(s.name, "en") };
}

export function buildManifest(exp: Experiment, info: ManifestInfo): Manifest {
  const m: Manifest = {
    peaklineVersion: info.version,
    ...names(exp.scenario),
    scenarioSha256: info.sha256,
    scenario: exp.scenario,
    seed: exp.seed,
    replications: exp.runs.length,
    seeds: exp.seeds,
    command: info.command,
  };
  if (info.generatedAt) m.generatedAt = info.generatedAt;
  if (info.changes?.length) m.changes = info.changes;
  if (exp.stoppedBecause) m.stoppedBecause = exp.stoppedBecause;
  if (exp.target) m.target = { figure: exp.target.figure, halfWidth: exp.target.halfWidth, relative: exp.target.relative };
  if (info.runtime) m.runtime = info.runtime;
  return m;
}

/**
 * JSON with object keys sorted at every level and no whitespace: the same scenario
 * always gives the same text, whatever order its keys were written or filled in.
 * Hash this text for `scenarioSha256`.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

/** Quotes one shell word for POSIX shells ('...' when it holds anything but safe characters). */
export function shellQuote(word: string): string {
  if (word !== "" && /^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** "npx tsx src/cli.ts <args...>" with each argument quoted as needed. */
export function commandLine(args: readonly string[]): string {
  return ["npx", "tsx", "src/cli.ts", ...args].map(shellQuote).join(" ");
}

/** An ISO instant as "2026-11-23 14:12 (Asia/Shanghai)": the wall clock where the scenario is. */
export function localTime(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${timeZone})`;
}

/** The manifest as (key, label, value) rows for tables (CSV, XLSX, HTML). */
export function manifestRows(m: Manifest, lang: "en" | "zh"): [string, string, string][] {
  const en = lang === "en";
  const rows: [string, string, string][] = [
    ["peaklineVersion", en ? "Peakline version" : "Peakline 版本", m.peaklineVersion],
    ["scenarioName", en ? "Scenario" : "场景", en ? m.scenarioName : (m.scenarioNameZh ?? m.scenarioName)],
    ["scenarioSha256", en ? "Scenario SHA-256" : "场景 SHA-256", m.scenarioSha256],
    ["seed", en ? "Base seed" : "基础种子", String(m.seed)],
    ["replications", en ? "Replications" : "仿真次数", String(m.replications)],
    ["seeds", en ? "Replication seeds" : "各次仿真的种子", m.seeds.join(" ")],
  ];
  // The reason in words, in English with its code in brackets (as in --json); Chinese readers get the words alone.
  if (m.stoppedBecause) rows.push(["stoppedBecause", en ? "Stopped because" : "停止原因", en ? `${stoppedReason(m.stoppedBecause, lang)} (${m.stoppedBecause})` : stoppedReason(m.stoppedBecause, lang)]);
  if (m.target) rows.push(["target", en ? "Target half-width" : "目标半宽", `${m.target.figure} ${m.target.relative ? `${m.target.halfWidth * 100}%` : m.target.halfWidth}`]);
  if (m.changes?.length) rows.push(["changes", en ? "Changed from the scenario" : "相对场景的改动", m.changes.join("  ")]);
  rows.push(["command", en ? "Re-run with" : "复现命令", m.command]);
  // In the scenario's time zone, the instant itself in brackets (UTC, as the JSON keeps it).
  if (m.generatedAt) rows.push(["generatedAt", en ? "Generated" : "生成时间", `${localTime(m.generatedAt, m.scenario.timeZone)} [${m.generatedAt}]`]);
  if (m.runtime) rows.push(["runtime", en ? "Runtime" : "运行环境", m.runtime]);
  rows.push(["scenario", en ? "Resolved scenario (JSON)" : "完整场景（JSON）", canonicalJson(m.scenario)]);
  return rows;
}
