/**
 * JSON export: the summary, every replication's flat figures (with its seed) and
 * the manifest, under `schemaVersion` so readers can check what they parse.
 * Hourly series of single runs are left out (the summary holds their averages).
 */
import { figuresOf } from "../experiment/replicate.js";
import type { Experiment, ExperimentSummary } from "../experiment/types.js";
import type { Manifest } from "./manifest.js";

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportJson {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  kind: "peakline-experiment";
  manifest: Manifest;
  stoppedBecause?: Experiment["stoppedBecause"];
  target?: Experiment["target"];
  summary: ExperimentSummary;
  /** Per replication; a figure with no observation in that replication is null. */
  replications: { index: number; seed: number; figures: Record<string, number | null> }[];
}

export function buildReportJson(exp: Experiment, manifest: Manifest): ReportJson {
  const out: ReportJson = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: "peakline-experiment",
    manifest,
    summary: exp.summary,
    replications: exp.runs.map((r, index) => ({ index, seed: exp.seeds[index] ?? r.seed, figures: figuresOf(r) })),
  };
  if (exp.stoppedBecause) out.stoppedBecause = exp.stoppedBecause;
  if (exp.target) out.target = exp.target;
  return out;
}

/**
 * JSON text. Non-finite numbers (the half-width of a single replication is
 * Infinity) are written as null, as JSON has no Infinity.
 */
export function renderJson(exp: Experiment, manifest: Manifest): string {
  return `${JSON.stringify(buildReportJson(exp, manifest), (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`;
}
