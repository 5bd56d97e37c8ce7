/**
 * XLSX export (exceljs): sheets Summary, Shipping (the 12 h / 24 h shares' spread over
 * the replications), Advice, Deadlines, Cohorts, Couriers, Hourly, Stations,
 * Bottlenecks, Staffing, Replications (one row per replication, with its seed) and
 * Manifest (named in Chinese in a Chinese workbook: 摘要, 改进建议, 时效规则... see
 * SHEETS). Each sheet: a bold
 * heading row with units, frozen, with an autofilter; numbers stay numbers with a
 * number format (0.0% for shares, #,##0 for counts, 0.00 for small means).
 */
import type ExcelJS from "exceljs";
import type { Experiment } from "../experiment/types.js";
import { adviceKindLabel, type Lang, t } from "./i18n.js";
import { type Manifest, manifestRows } from "./manifest.js";
import { buildTables, type Cell, type ColKind, type Column, heading } from "./tables.js";

/** What a sheet needs of a table (the risk report's and the plan report's tables both fit). */
export interface SheetTable {
  columns: Column[];
  rows: Cell[][];
  /** Per-row kind of the numeric columns (rows that mix shares and counts). */
  rowKinds?: ColKind[];
  /** Per-cell kinds after `rowKinds` (a count's whole min and max in the summary). */
  cellKinds?: { row: number; key: string; kind: ColKind }[];
}

const XLSX_CELL_MAX = 32_000;

/**
 * Sheet names by language, the risk report's and the plan report's. Excel allows at
 * most 31 characters and none of []:*?/\ in a name (test/sim/report/xlsx.test.ts).
 */
export const SHEETS = {
  Summary: { en: "Summary", zh: "摘要" },
  Shipping: { en: "Shipping", zh: "发货比例" },
  Advice: { en: "Advice", zh: "改进建议" },
  Deadlines: { en: "Deadlines", zh: "时效规则" },
  Cohorts: { en: "Cohorts", zh: "按付款日" },
  Couriers: { en: "Couriers", zh: "快递" },
  Hourly: { en: "Hourly", zh: "逐小时" },
  Stations: { en: "Stations", zh: "工位" },
  Bottlenecks: { en: "Bottlenecks", zh: "瓶颈时段" },
  Staffing: { en: "Staffing", zh: "排班" },
  Replications: { en: "Replications", zh: "各次仿真" },
  Manifest: { en: "Manifest", zh: "可复现信息" },
  Targets: { en: "Targets", zh: "目标" },
  Marginal: { en: "Marginal", zh: "增减一人" },
  Cost: { en: "Cost", zh: "成本" },
  Steps: { en: "Steps", zh: "搜索步骤" },
  Notes: { en: "Notes", zh: "说明" },
} as const satisfies Record<string, Record<Lang, string>>;
export type SheetKey = keyof typeof SHEETS;

/** A sheet's name in the workbook's language. */
export const sheetName = (key: SheetKey, lang: Lang): string => SHEETS[key][lang];

const NUMFMT: Record<ColKind, string | undefined> = {
  text: undefined,
  int: "#,##0",
  num: "#,##0.0",
  num2: "0.00",
  pct: "0.0%",
};

/** The same formats with a sign on every change but zero. */
const SIGNED: Record<ColKind, string | undefined> = {
  text: undefined,
  int: "+#,##0;-#,##0;0",
  num: "+#,##0.0;-#,##0.0;0.0",
  num2: "+0.00;-0.00;0.00",
  // A share's change is written in percentage points (see addTable).
  pct: "+0.0;-0.0;0.0",
};

/** Column width from the longest text in it (CJK characters count double), within [8, 60]. */
function widthOf(values: string[]): number {
  let w = 8;
  for (const v of values) {
    let n = 0;
    for (const ch of v) n += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
    if (n + 2 > w) w = n + 2;
  }
  return Math.min(60, w);
}

/** Bold, frozen heading row with an autofilter. */
export function finish(ws: ExcelJS.Worksheet, columns: number): void {
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: "middle", wrapText: true };
  head.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF5" } };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns } };
}

/** One table as a sheet: headings with units, numbers as numbers with a number format. */
export function addTable(wb: ExcelJS.Workbook, sheet: SheetKey, tb: SheetTable, lang: Lang): void {
  const ws = wb.addWorksheet(sheetName(sheet, lang));
  ws.columns = tb.columns.map((c, j) => {
    const samples = tb.rows.slice(0, 200).map((r) => {
      const v = r[j];
      return typeof v === "number" ? v.toFixed(c.kind === "pct" ? 3 : 1) : (v ?? "");
    });
    // Numbers stay numbers; a change carries its sign, a share's change in percentage points (headed "pp" / "百分点").
    const header = heading(c, "percent", lang);
    const numFmt = c.signed ? SIGNED[c.kind] : NUMFMT[c.kind];
    return { header, key: c.key, width: widthOf([header.slice(0, 40), ...samples]), style: numFmt ? { numFmt } : {} };
  });
  // A share's change as points to one decimal (so a change that rounds to zero is 0, not "-0.0").
  const points = tb.columns.map((c) => c.signed === true && c.kind === "pct");
  for (const r of tb.rows) ws.addRow(r.map((v, j) => (typeof v === "number" && !Number.isFinite(v) ? null : points[j] && typeof v === "number" ? Math.round(v * 1000) / 10 || 0 : v)));
  if (tb.rowKinds) {
    // Rows that mix shares and counts (the summary): format each numeric cell by its row's kind.
    tb.rowKinds.forEach((kind, i) => {
      const row = ws.getRow(i + 2);
      tb.columns.forEach((c, j) => {
        if (c.kind === "num") row.getCell(j + 1).numFmt = NUMFMT[kind === "pct" ? "pct" : "num"]!;
      });
    });
  }
  for (const k of tb.cellKinds ?? []) {
    const j = tb.columns.findIndex((c) => c.key === k.key);
    const fmt = NUMFMT[k.kind];
    if (j >= 0 && fmt) ws.getRow(k.row + 2).getCell(j + 1).numFmt = fmt;
  }
  finish(ws, tb.columns.length);
}

/** The reproducibility manifest as a sheet. */
function addManifestSheet(wb: ExcelJS.Workbook, manifest: Manifest, lang: Lang): void {
  const man = wb.addWorksheet(sheetName("Manifest", lang));
  man.columns = [
    { header: lang === "en" ? "Key" : "键", key: "key", width: 18 },
    { header: lang === "en" ? "Item" : "项目", key: "label", width: 26 },
    { header: lang === "en" ? "Value" : "值", key: "value", width: 100 },
  ];
  for (const [key, label, value] of manifestRows(manifest, lang)) {
    // Excel holds at most 32,767 characters in a cell: a long scenario JSON continues on the next rows.
    for (let off = 0, part = 1; off < value.length || off === 0; off += XLSX_CELL_MAX, part++) {
      man.addRow([part === 1 ? key : `${key} (${part})`, label, value.slice(off, off + XLSX_CELL_MAX)]);
      if (value.length === 0) break;
    }
  }
  finish(man, 3);
}

/**
 * A workbook with Peakline's properties (creator, title, the manifest's generation
 * time), its sheets added by `fill`, then the manifest sheet; as .xlsx bytes.
 */
export async function workbookBytes(title: string, manifest: Manifest, lang: Lang, fill: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  // PERF: exceljs takes ~0.4 s to load; only XLSX exports pay for it (CLI start-up stays fast).
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  wb.creator = `Peakline ${manifest.peaklineVersion}`;
  wb.title = title;
  if (manifest.generatedAt) {
    wb.created = new Date(manifest.generatedAt);
    wb.modified = wb.created;
  }
  fill(wb);
  addManifestSheet(wb, manifest, lang);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/** The risk report's workbook as bytes (.xlsx). */
export function renderXlsx(exp: Experiment, lang: Lang, manifest: Manifest): Promise<Uint8Array> {
  return workbookBytes(t(lang, "title"), manifest, lang, (wb) => {
    const tables = buildTables(exp, lang);
    addTable(wb, "Summary", tables.summary, lang);
    addTable(wb, "Shipping", tables.shipping, lang);

    const advice = wb.addWorksheet(sheetName("Advice", lang));
    advice.columns = [
      { header: lang === "en" ? "Kind" : "类型", key: "kind", width: 12 },
      { header: t(lang, "whatToChange"), key: "text", width: 120 },
    ];
    for (const a of exp.summary.advice) advice.addRow([adviceKindLabel(a.kind, lang), a[lang]]).alignment = { wrapText: true, vertical: "top" };
    finish(advice, 2);

    addTable(wb, "Deadlines", tables.deadlines, lang);
    addTable(wb, "Cohorts", tables.cohorts, lang);
    addTable(wb, "Couriers", tables.couriers, lang);
    addTable(wb, "Hourly", tables.hourly, lang);
    addTable(wb, "Stations", tables.stations, lang);
    addTable(wb, "Bottlenecks", tables.bottlenecks, lang);
    addTable(wb, "Staffing", tables.staffing, lang);
    addTable(wb, "Replications", tables.replications, lang);
  });
}
