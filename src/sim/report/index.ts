/**
 * Reports of an experiment: HTML (printable, self-contained), XLSX, CSV (one table),
 * JSON. Pure: returns text or bytes; the caller writes them (atomically) and
 * supplies what needs I/O: the manifest's version and scenario hash, and for HTML
 * the Chart.js bundle text (`chartJs`, from node_modules/chart.js/dist/chart.umd.min.js).
 */
import type { Experiment } from "../experiment/types.js";
import { CSV_TABLES, renderCsv } from "./csv.js";
import { renderHtml } from "./html.js";
import type { Lang } from "./i18n.js";
import { renderJson } from "./json.js";
import type { Manifest } from "./manifest.js";
import { renderXlsx } from "./xlsx.js";

export { buildManifest, canonicalJson, commandLine, shellQuote, type Manifest } from "./manifest.js";
export { CSV_TABLES } from "./csv.js";
export { TABLE_NAMES, buildTables } from "./tables.js";

export const REPORT_FORMATS = ["html", "xlsx", "csv", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  format: ReportFormat;
  lang: Lang;
  /** CSV only: which table (default "summary"); see CSV_TABLES. */
  table?: string;
  manifest: Manifest;
  /** HTML only: the Chart.js UMD bundle text to inline; without it the charts are left out. */
  chartJs?: string;
}

/** Renders a report: a string for html/csv/json, bytes for xlsx. */
export async function renderReport(exp: Experiment, opts: RenderOptions): Promise<Uint8Array | string> {
  switch (opts.format) {
    case "html":
      return renderHtml(exp, { lang: opts.lang, manifest: opts.manifest, chartJs: opts.chartJs });
    case "xlsx":
      return renderXlsx(exp, opts.lang, opts.manifest);
    case "csv":
      return renderCsv(exp, opts.lang, opts.table ?? "summary", opts.manifest);
    case "json":
      return renderJson(exp, opts.manifest);
    default:
      throw new RangeError(`unknown report format "${String(opts.format)}"; formats are ${REPORT_FORMATS.join(", ")}`);
  }
}

/** Every CSV table by name (what `report --format csv` writes without --table). */
export function renderCsvTables(exp: Experiment, lang: Lang, manifest: Manifest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CSV_TABLES) out[name] = renderCsv(exp, lang, name, manifest);
  return out;
}
