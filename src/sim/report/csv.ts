/**
 * CSV export: one table per file, UTF-8 with a byte-order mark (Excel otherwise
 * reads Chinese headings as GBK), quoting per RFC 4180 by csv-stringify.
 * Numbers are written raw (shares as 0..1, headed "(0-1)"), rounded to 6 decimals
 * to drop floating-point noise.
 */
import { stringify } from "csv-stringify/sync";
import type { Experiment } from "../experiment/types.js";
import type { Lang } from "./i18n.js";
import { type Manifest, manifestRows } from "./manifest.js";
import { buildTable, type Cell, heading, TABLE_NAMES } from "./tables.js";

/** Tables a CSV export can hold: the report's tables plus the manifest. */
export const CSV_TABLES = [...TABLE_NAMES, "manifest"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

function cell(v: Cell): string | number {
  if (v === null) return "";
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return "";
    return Number.isInteger(v) ? v : Math.round(v * 1e6) / 1e6;
  }
  return v;
}

function csv(header: string[], rows: (string | number)[][]): string {
  return stringify([header, ...rows], { bom: true, record_delimiter: "\r\n" });
}

/** One table as CSV text (with BOM). Throws RangeError for an unknown table name. */
export function renderCsv(exp: Experiment, lang: Lang, table: string, manifest: Manifest): string {
  if (table === "manifest") {
    const en = lang === "en";
    return csv([en ? "Key" : "键", en ? "Item" : "项目", en ? "Value" : "值"], manifestRows(manifest, lang));
  }
  if (!(CSV_TABLES as readonly string[]).includes(table)) throw new RangeError(`unknown table "${table}"; tables are ${CSV_TABLES.join(", ")}`);
  const tb = buildTable(exp, lang, table);
  return csv(
    tb.columns.map((c) => heading(c, "fraction", lang)),
    tb.rows.map((r) => r.map(cell)),
  );
}
