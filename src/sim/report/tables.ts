/**
 * The report's tables as plain data (columns with a kind, rows of raw numbers), in
 * one place so the CSV, XLSX, HTML and terminal output hold the same numbers.
 * Shares stay 0..1 here; each renderer formats them (0.0% in XLSX, "98%" in HTML).
 */
import { type Estimate, intervalOf, quantileNeeds } from "../experiment/estimate.js";
import { isCountFigure, isShareFigure, replicationRows } from "../experiment/replicate.js";
import type { DeadlineSummary, Experiment, StationSummary } from "../experiment/types.js";
import { formatSec } from "../model/time.js";
import { colon, figureLabel, fmtNum, formatDayKey, formatDeadline, type Lang, noOrderNote, paren, percentileNote, shiftLabel, stationLabel, t, UNFINISHED_MARK, unfinishedNote, WAIT_MARK, waitsNote } from "./i18n.js";

export type ColKind = "text" | "int" | "num" | "num2" | "pct";
export type Cell = string | number | null;

export interface Column {
  key: string;
  /** Heading with its unit, e.g. "Mean wait (min)"; shares get their unit from the renderer. */
  label: string;
  kind: ColKind;
  /** A change: shown with its sign ("+2", "-1", never "-0.0"), shares in percentage points where shown as text. */
  signed?: boolean;
}

export interface Table {
  name: TableName;
  title: string;
  columns: Column[];
  rows: Cell[][];
  /** Per-row kind override for numeric columns (the summary's rows mix shares and counts). */
  rowKinds?: ColKind[];
  /**
   * Per-cell kind overrides, after `rowKinds`: the min and max of a count in the summary are
   * whole ("int") while its mean and interval keep decimals.
   */
  cellKinds?: { row: number; key: string; kind: ColKind }[];
  /**
   * Cells to mark where shown as text (HTML), by row index and column key, and the note
   * that explains each mark: `WAIT_MARK` on the waits of a station with orders still
   * waiting when a run ended, `UNFINISHED_MARK` on times from payment that leave out
   * orders not shipped (collected) when a run stopped at its horizon. CSV and XLSX keep
   * the raw numbers; their tables carry the counts of those orders.
   */
  marks?: { row: number; key: string; mark: string }[];
  /** The notes that explain the marks, one per kind of mark (joined by a line break). */
  note?: string;
}

export const TABLE_NAMES = ["summary", "deadlines", "hourly", "stations", "staffing", "cohorts", "couriers", "bottlenecks", "shipping", "replications"] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/**
 * Heading of a column for a renderer: shares get "(%)" where shown as percentages,
 * "(0-1)" where raw; in Chinese in full-width brackets, as every other unit ("（%）").
 */
export function heading(col: Column, shares: "percent" | "fraction", lang: Lang = "en"): string {
  if (col.kind !== "pct") return col.label;
  if (col.signed && shares === "percent") return `${col.label}${paren(lang, lang === "zh" ? "百分点" : "pp")}`;
  return `${col.label}${paren(lang, shares === "percent" ? "%" : "0-1")}`;
}

/** What displayNames reads: a run's summary (as stored) and its scenario. */
export interface NamedRun {
  summary: Pick<Experiment["summary"], "stations" | "deadlines" | "couriers">;
  scenario: Pick<Experiment["scenario"], "stations">;
}

/** Display names of stations, rules and couriers keyed like figure names ("stations.pack"). */
export function displayNames(exp: NamedRun, lang: Lang): Record<string, string> {
  const names: Record<string, string> = {};
  for (const s of exp.summary.stations) names[`stations.${s.id}`] = s.name[lang] || s.id;
  for (const st of exp.scenario.stations) names[`stations.${st.id}`] ??= stationLabel(st, lang);
  for (const d of exp.summary.deadlines) names[`deadlines.${d.id}`] = d.label[lang] || d.id;
  for (const c of exp.summary.couriers) names[`couriers.${c.id}`] = c.name || c.id;
  return names;
}

/** Unit of a figure by its name. */
export function figureUnit(name: string, lang: Lang): string {
  const zh = lang === "zh";
  if (isShareFigure(name)) return zh ? "比例" : "share";
  if (/Min\.|Min$/.test(name)) return zh ? "分钟" : "min";
  if (name === "run.endHours" || name.endsWith(".staffHours") || name === "labour.hours") return zh ? "小时" : "h";
  if (name.endsWith("Cost") || name === "labour.cost") return zh ? "元" : "¥ (CNY)";
  if (name.endsWith(".pickupsCapped")) return zh ? "次" : "pickups";
  if (name === "mechanisms.dockBlockedHours") return zh ? "小时" : "h";
  if (name === "mechanisms.printerFailures") return zh ? "次" : "failures";
  if (name === "mechanisms.dockMax") return zh ? "包裹" : "parcels";
  if (name === "returns.arrivalToDoneHours" || name === "returns.meanWaitHours") return zh ? "小时" : "h";
  if (name === "returns.allHandledDays" || name === "returns.handled95Days") return zh ? "天" : "days";
  if (name.startsWith("returns.")) return zh ? "件" : "returns";
  return zh ? "单" : "orders";
}

const col = (key: string, label: string, kind: ColKind): Column => ({ key, label, kind });

/**
 * The deadline rules that judged no order in any replication (the 48 h rule when every
 * payment falls in the Double 11 window): they have no risk to show, so the per-rule
 * figures, the replications' late columns and the text and HTML deadline tables leave
 * them out and say so once (noRuleNote); the deadlines table (CSV, XLSX) keeps one row
 * with 0 orders judged and the rest empty, and the JSON keeps them whole.
 */
export function rulesJudgingNone(deadlines: readonly DeadlineSummary[]): DeadlineSummary[] {
  return deadlines.filter((d) => d.orders.max === 0);
}

/** Whether a figure name belongs to one of `rules` ("deadlines.ship-48h.late"). */
export function isRuleFigure(name: string, rules: readonly { id: string }[]): boolean {
  return rules.some((d) => name.startsWith(`deadlines.${d.id}.`));
}

/** The one line about the rules that judged no order (undefined when every rule judged some). */
export function noRuleNote(exp: Pick<Experiment, "summary" | "scenario">, lang: Lang, where: "run" | "compare" = "run"): string | undefined {
  const none = rulesJudgingNone(exp.summary.deadlines);
  if (!none.length) return undefined;
  // A stored scenario's rule is looked up by id; without one, read as unwindowed.
  const windowed = (id: string) => {
    const r = exp.scenario.deadlines?.find((x) => x.id === id);
    return !!r && (r.paidFrom !== undefined || r.paidTo !== undefined);
  };
  return noOrderNote(lang, none.map((d) => ({ label: d.label[lang] || d.id, windowed: windowed(d.id) })), where);
}

/** The interval method of an estimate in words ("Wilson (20 of 20)" with its count; a cut interval at 0-1 for a share, at 0 otherwise). */
function intervalLabel(e: Estimate, lang: Lang, share: boolean): string {
  const iv = intervalOf(e);
  if (iv.method === "wilson") {
    const k = e.k ?? Math.round(e.mean * e.n);
    return `${t(lang, "intervalWilson")}${paren(lang, lang === "en" ? `${k} of ${e.n}` : `${e.n} 次中 ${k} 次`)}`;
  }
  if (iv.method === "t-clipped") return t(lang, share ? "intervalClipped" : "intervalClippedZero");
  return t(lang, "intervalT");
}

function summaryTable(exp: Experiment, lang: Lang): Table {
  const names = displayNames(exp, lang);
  const rows: Cell[][] = [];
  const kinds: ColKind[] = [];
  const cellKinds: Table["cellKinds"] = [];
  const none = rulesJudgingNone(exp.summary.deadlines);
  for (const [name, e] of Object.entries(exp.summary.figures)) {
    if (isRuleFigure(name, none)) continue;
    // n: the replications that have the figure; a figure none has (null) gets empty cells.
    if (e === null) rows.push([name, figureLabel(name, lang, names), figureUnit(name, lang), null, null, null, null, 0, null, null, null]);
    else {
      // The interval: clipped to [0, 1] for a share, at 0 for the rest, Wilson's for a 0/1 indicator (no t half-width then).
      const iv = intervalOf(e);
      const hw = iv.method !== "wilson" && Number.isFinite(e.halfWidth) ? e.halfWidth : null;
      const bounds = Number.isFinite(e.halfWidth) || iv.method === "wilson" ? [iv.low, iv.high] : [null, null];
      rows.push([name, figureLabel(name, lang, names), figureUnit(name, lang), e.mean, hw, e.min, e.max, e.n, ...bounds, intervalLabel(e, lang, isShareFigure(name))]);
      // A count's min and max are replications' counts: whole ("139", not "139.0").
      if (isCountFigure(name)) cellKinds.push({ row: rows.length - 1, key: "min", kind: "int" }, { row: rows.length - 1, key: "max", kind: "int" });
    }
    kinds.push(isShareFigure(name) ? "pct" : "num");
  }
  return {
    name: "summary",
    title: lang === "en" ? "Figures over the replications" : "各次仿真的指标",
    columns: [
      col("figure", lang === "en" ? "Figure id" : "指标代码", "text"),
      col("label", t(lang, "figure"), "text"),
      col("unit", t(lang, "unit"), "text"),
      col("mean", t(lang, "mean"), "num"),
      col("halfWidth", t(lang, "halfWidth"), "num"),
      col("min", t(lang, "min"), "num"),
      col("max", t(lang, "max"), "num"),
      col("n", t(lang, "replications"), "int"),
      col("ciLow", t(lang, "ciLow"), "num"),
      col("ciHigh", t(lang, "ciHigh"), "num"),
      col("interval", t(lang, "interval"), "text"),
    ],
    rows,
    rowKinds: kinds,
    cellKinds,
    ...summaryMarks(exp, lang, rows),
  };
}

/**
 * The interval of an estimate as text, with the formatter of its numbers (`hw` for a t
 * half-width, `r` for min and max; default `v`): "± 0.4" for a t interval; "+1.0%/-2.0%"
 * for a share's interval clipped at 0 or 1, or another figure's cut at 0 (x above the mean,
 * y below: never "± hw" past a bound no replication can pass); "Wilson 83.9%-100.0%" for a
 * 0/1 indicator. `range` is "[min, max]", or for the indicator its count "(20/20)".
 */
export function estimateText(e: Estimate, v: (x: number) => string, lang: Lang, hw: (x: number) => string = v, r: (x: number) => string = v): { interval: string; range: string } {
  const iv = intervalOf(e);
  if (iv.method === "wilson") {
    const k = e.k ?? Math.round(e.mean * e.n);
    return { interval: `${t(lang, "intervalWilson")} ${v(iv.low)}-${v(iv.high)}`, range: paren(lang, `${k}/${e.n}`).trim() };
  }
  const range = `[${r(e.min)}, ${r(e.max)}]`;
  if (!Number.isFinite(e.halfWidth)) return { interval: "± –", range };
  if (iv.method === "t-clipped") {
    const up = v(iv.high - e.mean);
    const down = v(e.mean - iv.low);
    // Both ends within rounding of the mean (a mean near 0 with a tinier spread): no bound to
    // show, and "+0.00/-0.00" would print a minus zero.
    if (!/[1-9]/.test(up) && !/[1-9]/.test(down)) return { interval: `± ${hw(e.halfWidth)}`, range };
    // A mean that rounds to 0 is cut at 0 by a hair: "-0", never a minus zero with decimals.
    return { interval: `+${up}/-${/[1-9]/.test(down) ? down : "0"}`, range };
  }
  return { interval: `± ${hw(e.halfWidth)}`, range };
}

/**
 * The notes on the intervals of the figures table: always that a 0/1 indicator's interval
 * is Wilson's (when one is shown), when some share's interval was cut at 0 or 1 how to read
 * "+x/-y", and when some other figure's was cut at 0 the same and that its replications are
 * skewed (a few far above the rest), so more of them are needed.
 */
export function intervalNotes(figures: Experiment["summary"]["figures"], lang: Lang): string[] {
  const methods = Object.values(figures).flatMap((e) => (e ? [intervalOf(e)] : []));
  const out: string[] = [];
  if (methods.some((m) => m.method === "wilson")) out.push(t(lang, "wilsonNote"));
  const cut = Object.entries(figures).filter(([, e]) => e && intervalOf(e).method === "t-clipped" && Number.isFinite(e.halfWidth));
  if (cut.some(([name]) => isShareFigure(name))) out.push(t(lang, "clippedNote"));
  if (cut.some(([name]) => !isShareFigure(name))) out.push(t(lang, "clippedZeroNote"));
  return out;
}

/**
 * A rule's late-count percentiles as the reports show them: P90 from quantileNeeds(0.9) = 10
 * replications, P99 from 100; with fewer, null ("–"): the nearest-rank percentile would be
 * the worst replication's count, not a tail that 1 replication in 10 (100) reaches. The
 * summary (JSON) keeps both.
 */
export function latePercentiles(d: Pick<DeadlineSummary, "lateP90" | "lateP99" | "late">): { p90: number | null; p99: number | null } {
  return { p90: d.late.n >= quantileNeeds(0.9) ? d.lateP90 : null, p99: d.late.n >= quantileNeeds(0.99) ? d.lateP99 : null };
}

/** The note under a deadlines table that leaves a percentile out (see latePercentiles); undefined when it shows both. */
export function latePercentileNote(n: number, lang: Lang): string | undefined {
  const left = [
    { label: t(lang, "lateP90"), need: quantileNeeds(0.9) },
    { label: t(lang, "lateP99"), need: quantileNeeds(0.99) },
  ].filter((x) => n < x.need);
  return left.length ? percentileNote(lang, n, left) : undefined;
}

/**
 * The marked figures of the figures table (the mean cell): the waits of each waiting
 * station (`WAIT_MARK`) and the times from payment that leave out unfinished orders
 * (`UNFINISHED_MARK`).
 */
function summaryMarks(exp: Experiment, lang: Lang, rows: Cell[][]): Pick<Table, "marks" | "note"> {
  const marked = figureMarks(exp, lang);
  const intervals = intervalNotes(exp.summary.figures, lang);
  if (!marked.notes.length) return intervals.length ? { note: intervals.join("\n") } : {};
  const marks = rows.flatMap((r, row) => {
    const mark = marked.mark(String(r[0]));
    return mark && r[3] !== null ? [{ row, key: "mean", mark }] : [];
  });
  return { marks, note: [...marked.notes, ...intervals].join("\n") };
}

/**
 * Which figures of an experiment carry a mark, and the notes that explain them, for
 * every renderer of the figures (text, HTML): the mean and P95 wait of a station where
 * some replication ended with orders still waiting (`WAIT_MARK`), and the times from
 * payment to shipped (collected) when some replication stopped at its horizon with
 * orders not shipped (collected) (`UNFINISHED_MARK`): they cover the finished orders only.
 */
export function figureMarks(exp: Experiment, lang: Lang): { mark: (name: string) => string; notes: string[] } {
  const sum = exp.summary;
  const f = sum.figures;
  const marks = new Map<string, string>();
  const notes: string[] = [];
  const waiting = waitingStations(exp);
  const wn = waitsNoteOf(exp, lang, waiting);
  if (wn !== undefined) {
    for (const s of waiting) for (const k of ["meanWaitMin", "p95WaitMin"]) marks.set(`stations.${s.id}.${k}`, WAIT_MARK);
    notes.push(wn);
  }
  const unshipped = f["orders.backlogAtEnd"]?.mean ?? 0;
  const uncollected = (f["orders.arrived"]?.mean ?? 0) - (f["orders.collected"]?.mean ?? 0);
  if (uncollected > 0) {
    const per = sum.replications > 1;
    const n = (x: number) => (per ? fmtNum(x, 1) : fmtNum(x, 0));
    // A figure no replication has (nothing shipped, or collected) is "–": nothing to mark.
    const tis = unshipped > 0 && !!f["timeInSystemMin.mean"];
    const ttc = !!f["timeToCollectMin.mean"];
    for (const q of ["mean", "p50", "p95"]) {
      if (tis) marks.set(`timeInSystemMin.${q}`, UNFINISHED_MARK);
      if (ttc) marks.set(`timeToCollectMin.${q}`, UNFINISHED_MARK);
    }
    if (tis || ttc) notes.push(unfinishedNote(lang, { ...(tis ? { unshipped: n(unshipped) } : {}), ...(ttc ? { uncollected: n(uncollected) } : {}) }, per));
  }
  return { mark: (name) => marks.get(name) ?? "", notes };
}

/**
 * The stations whose waits leave orders out: some replication ended with orders still
 * waiting there, not started (a run cut by its horizon). A station without a wait
 * (null: no order started there) has nothing to mark; its count of waiting orders says why.
 */
function waitingStations(exp: Experiment): StationSummary[] {
  return exp.summary.stations.filter((s) => (s.queuedAtEnd?.max ?? 0) > 0 && s.meanWaitMin !== null);
}

/** The note under a table whose waits carry the mark (undefined when none does). */
function waitsNoteOf(exp: Experiment, lang: Lang, waiting: StationSummary[]): string | undefined {
  if (!waiting.length) return undefined;
  const names = displayNames(exp, lang);
  return waitsNote(lang, waiting.map((s) => ({ name: names[`stations.${s.id}`] ?? s.id, waiting: fmtNum(s.queuedAtEnd!.mean, 1) })), exp.summary.replications > 1);
}

function deadlineText(exp: Experiment, d: { deadlineSec?: number; withinHours?: number }, lang: Lang): string {
  if (d.deadlineSec !== undefined) return formatDeadline(exp.scenario, d.deadlineSec);
  if (d.withinHours !== undefined) return lang === "en" ? `within ${d.withinHours} h of payment` : `付款后 ${d.withinHours} 小时内`;
  return "";
}

function deadlinesTable(exp: Experiment, lang: Lang): Table {
  const notes = [latePercentileNote(exp.summary.replications, lang), noRuleNote(exp, lang)].filter((x) => x !== undefined);
  const note = notes.length ? notes.join("\n") : undefined;
  return {
    name: "deadlines",
    title: t(lang, "deadlines"),
    columns: [
      col("rule", lang === "en" ? "Rule id" : "规则代码", "text"),
      col("label", t(lang, "rule"), "text"),
      col("milestone", t(lang, "milestone"), "text"),
      col("deadline", t(lang, "deadline"), "text"),
      col("orders", `${t(lang, "ordersJudged")}${paren(lang, lang === "en" ? "mean" : "均值")}`, "num"),
      col("lateMean", t(lang, "lateMean"), "num"),
      col("lateHalfWidth", `${t(lang, "late")} ${t(lang, "halfWidth")}`, "num"),
      col("lateP90", t(lang, "lateP90"), "int"),
      col("lateP99", t(lang, "lateP99"), "int"),
      col("lateUnfinished", `${t(lang, "lateUnfinished")}${paren(lang, lang === "en" ? "mean" : "均值")}`, "num"),
      col("undetermined", `${t(lang, "undetermined")}${paren(lang, lang === "en" ? "mean" : "均值")}`, "num"),
      col("pAnyLate", t(lang, "pAnyLate"), "pct"),
      col("pLow", `${t(lang, "ci95")} ${lang === "en" ? "low" : "下限"}`, "pct"),
      col("pHigh", `${t(lang, "ci95")} ${lang === "en" ? "high" : "上限"}`, "pct"),
      col("runsLate", lang === "en" ? "Replications with late orders" : "出现超时的仿真次数", "int"),
      col("replications", t(lang, "replications"), "int"),
    ],
    rows: exp.summary.deadlines.map((d) => {
      const head: Cell[] = [d.id, d.label[lang] || d.id, t(lang, d.milestone === "shipped" ? "milestoneShipped" : "milestoneCollected"), deadlineText(exp, d, lang)];
      // A rule that judged no order in any replication: one row with its 0 orders, no zeros of late orders or risk.
      if (d.orders.max === 0) return [...head, 0, ...new Array<Cell>(11).fill(null)];
      return [
        ...head,
        d.orders.mean,
        d.late.mean,
        Number.isFinite(d.late.halfWidth) ? d.late.halfWidth : null,
        // Too few replications for a percentile: empty, not the worst replication under its name.
        latePercentiles(d).p90,
        latePercentiles(d).p99,
        d.lateUnfinished.mean,
        d.undetermined?.mean ?? 0,
        d.pAnyLate.p,
        d.pAnyLate.low,
        d.pAnyLate.high,
        d.pAnyLate.k,
        d.pAnyLate.n,
      ];
    }),
    ...(note ? { note } : {}),
  };
}

function riskTable(exp: Experiment, lang: Lang, which: "cohorts" | "couriers"): Table {
  const rows: Cell[][] = [];
  for (const d of exp.summary.deadlines) {
    if (d.orders.max === 0) continue; // judged no order: nothing at risk (noRuleNote)
    const cells = which === "cohorts" ? d.byCohort : d.byCourier;
    for (const [key, c] of Object.entries(cells)) {
      const label = which === "cohorts" ? formatDayKey(key, lang) : (exp.summary.couriers.find((x) => x.id === key)?.name ?? key);
      rows.push([d.id, d.label[lang] || d.id, key, label, c.ordersMean, c.late.mean, Number.isFinite(c.late.halfWidth) ? c.late.halfWidth : null, c.pAnyLate.p, c.pAnyLate.low, c.pAnyLate.high]);
    }
  }
  const keyLabel = which === "cohorts" ? t(lang, "cohort") : t(lang, "courier");
  return {
    name: which,
    title: t(lang, which === "cohorts" ? "byCohort" : "byCourier"),
    columns: [
      col("rule", lang === "en" ? "Rule id" : "规则代码", "text"),
      col("ruleLabel", t(lang, "rule"), "text"),
      col("key", which === "cohorts" ? (lang === "en" ? "Payment day (YYYY-MM-DD)" : "付款日（年-月-日）") : lang === "en" ? "Courier id" : "快递代码", "text"),
      col("label", keyLabel, "text"),
      col("orders", `${t(lang, "ordersJudged")}${paren(lang, lang === "en" ? "mean" : "均值")}`, "num"),
      col("lateMean", t(lang, "lateMean"), "num"),
      col("lateHalfWidth", `${t(lang, "late")} ${t(lang, "halfWidth")}`, "num"),
      col("pAnyLate", t(lang, "pAnyLate"), "pct"),
      col("pLow", `${t(lang, "ci95")} ${lang === "en" ? "low" : "下限"}`, "pct"),
      col("pHigh", `${t(lang, "ci95")} ${lang === "en" ? "high" : "上限"}`, "pct"),
    ],
    rows,
  };
}

function hourlyTable(exp: Experiment, lang: Lang): Table {
  const h = exp.summary.hourly;
  const names = displayNames(exp, lang);
  const ids = exp.summary.stations.map((s) => s.id);
  const columns: Column[] = [
    col("hour", lang === "en" ? "Hour from start" : "自开始的小时", "int"),
    col("time", `${t(lang, "time")}${paren(lang, exp.scenario.timeZone)}`, "text"),
    col("runs", t(lang, "runsRunning"), "int"),
    col("arrivals", t(lang, "arrivals"), "num"),
    col("shipped", t(lang, "shippedPerHour"), "num"),
    col("collected", t(lang, "collectedPerHour"), "num"),
    col("backlog", `${t(lang, "backlog")} ${lang === "en" ? "mean" : "均值"}`, "num"),
    col("backlogMin", `${t(lang, "backlog")} ${t(lang, "min")}`, "int"),
    col("backlogMax", `${t(lang, "backlog")} ${t(lang, "max")}`, "int"),
    col("dock", t(lang, "dock"), "num"),
  ];
  for (const id of ids) {
    const n = names[`stations.${id}`] ?? id;
    columns.push(col(`${id}.queue`, `${n} ${t(lang, "queue")}`, "num"), col(`${id}.utilization`, `${n} ${t(lang, "utilization")}`, "pct"));
  }
  const rows: Cell[][] = h.startSec.map((sec, i) => {
    const row: Cell[] = [Math.round(sec / 3600), formatSec(exp.scenario, sec), h.runs[i], h.arrivals[i], h.shipped[i], h.collected[i], h.backlog.mean[i], h.backlog.min[i], h.backlog.max[i], h.dock[i]];
    // Utilisation of an hour nobody was on duty: none (empty), not 0% (idle).
    for (const id of ids) row.push(h.stations[id].queue[i], h.stations[id].utilization[i]);
    return row;
  });
  return { name: "hourly", title: lang === "en" ? "Hourly series (mean over replications)" : "逐小时数据（各次仿真的均值）", columns, rows };
}

function stationsTable(exp: Experiment, lang: Lang): Table {
  return {
    name: "stations",
    title: lang === "en" ? "Stations" : "工位",
    columns: [
      col("station", lang === "en" ? "Station id" : "工位代码", "text"),
      col("name", t(lang, "station"), "text"),
      col("utilization", t(lang, "utilization"), "pct"),
      col("utilizationHalfWidth", `${t(lang, "utilization")} ${t(lang, "halfWidth")}`, "pct"),
      col("peakDayUtilization", t(lang, "peakDayUtilization"), "pct"),
      col("meanWaitMin", t(lang, "meanWaitMin"), "num"),
      col("meanWaitHalfWidth", `${t(lang, "meanWaitMin")} ${t(lang, "halfWidth")}`, "num"),
      col("p95WaitMin", t(lang, "p95WaitMin"), "num"),
      col("queuedAtEnd", lang === "en" ? "Waiting at end (orders, mean)" : "结束时仍在排队（单，均值）", "num"),
      col("maxQueue", t(lang, "maxQueue"), "num"),
      col("meanQueue", t(lang, "meanQueue"), "num2"),
      col("served", t(lang, "served"), "num"),
      col("staffHours", t(lang, "staffHours"), "num"),
      col("busyHours", t(lang, "busyHours"), "num"),
    ],
    // Empty where no replication observed the figure (never on duty; no order started).
    rows: exp.summary.stations.map((s) => [
      s.id,
      s.name[lang] || s.id,
      s.utilization?.mean ?? null,
      s.utilization && Number.isFinite(s.utilization.halfWidth) ? s.utilization.halfWidth : null,
      s.peakDayUtilization?.mean ?? null,
      s.meanWaitMin?.mean ?? null,
      s.meanWaitMin && Number.isFinite(s.meanWaitMin.halfWidth) ? s.meanWaitMin.halfWidth : null,
      s.p95WaitMin?.mean ?? null,
      // Summaries stored before the count existed: unknown, empty.
      s.queuedAtEnd?.mean ?? null,
      s.maxQueue.mean,
      s.meanQueue.mean,
      s.served.mean,
      s.staffHours.mean,
      s.busyHours.mean,
    ]),
    ...stationMarks(exp, lang),
  };
}

/** The marked waits of the stations table: the mean and P95 wait cells of each waiting station's row. */
function stationMarks(exp: Experiment, lang: Lang): Pick<Table, "marks" | "note"> {
  const waiting = waitingStations(exp);
  const note = waitsNoteOf(exp, lang, waiting);
  if (note === undefined) return {};
  const marks = waiting.flatMap((s) => {
    const row = exp.summary.stations.indexOf(s);
    return [{ row, key: "meanWaitMin", mark: WAIT_MARK }, { row, key: "p95WaitMin", mark: WAIT_MARK }];
  });
  return { marks, note };
}

function staffingTable(exp: Experiment, lang: Lang): Table {
  const s = exp.scenario;
  const rows: Cell[][] = [];
  for (const st of s.stations) {
    for (const sh of s.staff.shifts) {
      const perm = s.staff.roster?.[st.id]?.[sh.id] ?? 0;
      const temps = s.staff.temps[st.id]?.[sh.id] ?? 0;
      rows.push([st.id, stationLabel(st, lang), sh.id, shiftLabel(sh.id, lang), `${sh.start}-${sh.end}`, perm, temps, perm + temps]);
    }
  }
  return {
    name: "staffing",
    title: t(lang, "staffing"),
    columns: [
      col("station", lang === "en" ? "Station id" : "工位代码", "text"),
      col("name", t(lang, "station"), "text"),
      col("shiftId", lang === "en" ? "Shift id" : "班次代码", "text"),
      col("shift", t(lang, "shift"), "text"),
      col("hours", t(lang, "hours"), "text"),
      col("permanent", `${t(lang, "permanent")}${paren(lang, lang === "en" ? "people" : "人")}`, "int"),
      col("temps", `${t(lang, "temps")}${paren(lang, lang === "en" ? "people" : "人")}`, "int"),
      col("total", `${lang === "en" ? "Total" : "合计"}${paren(lang, lang === "en" ? "people" : "人")}`, "int"),
    ],
    rows,
  };
}

function bottlenecksTable(exp: Experiment, lang: Lang): Table {
  return {
    name: "bottlenecks",
    title: t(lang, "bottlenecks"),
    columns: [
      col("from", lang === "en" ? "From" : "开始", "text"),
      col("to", lang === "en" ? "To" : "结束", "text"),
      col("station", lang === "en" ? "Station id" : "工位代码", "text"),
      col("name", t(lang, "station"), "text"),
      col("unstaffed", lang === "en" ? "Nobody on duty" : "无人在岗", "text"),
      col("stopped", lang === "en" ? "On duty, could not work (a resource down)" : "有人在岗但无法作业（资源中断）", "text"),
      col("utilization", t(lang, "utilization"), "pct"),
      col("meanQueue", t(lang, "meanQueue"), "num"),
      col("maxQueue", t(lang, "maxQueue"), "num"),
      col("staff", lang === "en" ? "People on duty (mean)" : "在岗人数（均值）", "num2"),
      col("arrivalsPerHour", t(lang, "arrivals"), "num"),
      col("inReplications", t(lang, "bottleneckIn"), "int"),
      col("replications", t(lang, "replications"), "int"),
    ],
    rows: exp.summary.bottlenecks.map((b) => [
      formatSec(exp.scenario, b.fromSec),
      formatSec(exp.scenario, b.toSec),
      b.station,
      b.name[lang] || b.station,
      t(lang, b.unstaffed ? "yes" : "no"),
      t(lang, b.stopped ? "yes" : "no"),
      b.utilization,
      b.meanQueue,
      b.maxQueue,
      b.staff,
      b.arrivalsPerHour,
      // Summaries stored before the count existed: unknown, empty.
      b.inReplications?.k ?? null,
      b.inReplications?.n ?? null,
    ]),
    note: t(lang, "bottlenecksNote"),
  };
}

/**
 * The 12 h / 24 h shares over the replications: mean and interval (clipped to 0-1), the
 * worst replication with its seed, and against the scenario's target the replications
 * below it (Wilson). Empty for a summary stored before the spread was kept.
 */
function shippingTable(exp: Experiment, lang: Lang): Table {
  const f = exp.summary.figures;
  const rows: Cell[][] = (exp.summary.shareTails ?? []).map((x) => {
    const e = f[x.figure];
    const iv = e ? intervalOf(e) : undefined;
    const finite = e && Number.isFinite(e.halfWidth);
    const b = x.belowTarget;
    return [
      x.figure,
      figureLabel(x.figure, lang),
      e?.mean ?? null,
      finite ? iv!.low : null,
      finite ? iv!.high : null,
      x.worst.share,
      x.worst.index,
      String(x.worst.seed),
      x.target ?? null,
      b ? b.k : null,
      b ? b.n : null,
      b ? b.p : null,
      b ? b.low : null,
      b ? b.high : null,
    ];
  });
  return {
    name: "shipping",
    title: t(lang, "shipping"),
    columns: [
      col("figure", lang === "en" ? "Figure id" : "指标代码", "text"),
      col("label", t(lang, "figure"), "text"),
      col("mean", t(lang, "mean"), "pct"),
      col("ciLow", t(lang, "ciLow"), "pct"),
      col("ciHigh", t(lang, "ciHigh"), "pct"),
      col("worst", t(lang, "worstReplication"), "pct"),
      col("worstIndex", t(lang, "worstIndex"), "int"),
      col("worstSeed", t(lang, "worstSeed"), "text"),
      col("target", t(lang, "targetAtLeast"), "pct"),
      col("below", t(lang, "belowTarget"), "int"),
      col("replications", t(lang, "replications"), "int"),
      col("pBelow", t(lang, "shareBelowTarget"), "pct"),
      col("pBelowLow", `${t(lang, "shareBelowTarget")}${colon(lang)}${t(lang, "ciLow")}`, "pct"),
      col("pBelowHigh", `${t(lang, "shareBelowTarget")}${colon(lang)}${t(lang, "ciHigh")}`, "pct"),
    ],
    rows,
  };
}

/**
 * One row per replication with its seed (text, so that no spreadsheet writes it as
 * 1.2E+09): what each one shipped, its 12 h / 24 h shares, late orders per rule, labour
 * cost and backlog at the end. `run --seed <seed>` with the same file and --set replays it.
 */
function replicationsTable(exp: Experiment, lang: Lang): Table {
  // Late orders per rule, headed by the rule's label; a rule that judged no order has no column (noRuleNote).
  const rules = exp.summary.deadlines.filter((d) => d.orders.max > 0).map((d) => d.id);
  const ruleLabel = (id: string) => {
    const d = exp.summary.deadlines.find((x) => x.id === id)!;
    return d.label[lang] || d.id;
  };
  const rows: Cell[][] = replicationRows(exp.runs, exp.seeds).map((r) => [
    r.index,
    String(r.seed),
    r.ordersShipped,
    r.shippedWithinH12,
    r.shippedWithinH24,
    ...rules.map((id) => r.late[id] ?? null),
    r.labourCost,
    r.backlogAtEnd,
    t(lang, r.cleared ? "yes" : "no"),
  ]);
  return {
    name: "replications",
    title: t(lang, "replicationsTable"),
    columns: [
      col("index", t(lang, "replicationIndex"), "int"),
      col("seed", t(lang, "seed"), "text"),
      col("ordersShipped", `${t(lang, "ordersShipped")}${paren(lang, lang === "en" ? "orders" : "单")}`, "int"),
      col("shippedWithinH12", figureLabel("shippedWithin.h12", lang), "pct"),
      col("shippedWithinH24", figureLabel("shippedWithin.h24", lang), "pct"),
      ...rules.map((id) => col(`late.${id}`, `${t(lang, "late")}${paren(lang, ruleLabel(id))}`, "int")),
      col("labourCost", `${t(lang, "labourCost")}${paren(lang, lang === "en" ? "¥" : "元")}`, "num"),
      col("backlogAtEnd", `${t(lang, "backlogAtEnd")}${paren(lang, lang === "en" ? "orders" : "单")}`, "int"),
      col("cleared", t(lang, "cleared"), "text"),
    ],
    rows,
  };
}

/** Every table of the report in `lang`. */
export function buildTables(exp: Experiment, lang: Lang): Record<TableName, Table> {
  return {
    summary: summaryTable(exp, lang),
    shipping: shippingTable(exp, lang),
    deadlines: deadlinesTable(exp, lang),
    hourly: hourlyTable(exp, lang),
    stations: stationsTable(exp, lang),
    staffing: staffingTable(exp, lang),
    cohorts: riskTable(exp, lang, "cohorts"),
    couriers: riskTable(exp, lang, "couriers"),
    bottlenecks: bottlenecksTable(exp, lang),
    replications: replicationsTable(exp, lang),
  };
}

/** One table by name (throws RangeError naming the valid tables). */
export function buildTable(exp: Experiment, lang: Lang, name: string): Table {
  if (!(TABLE_NAMES as readonly string[]).includes(name)) throw new RangeError(`unknown table "${name}"; tables are ${TABLE_NAMES.join(", ")}`);
  return buildTables(exp, lang)[name as TableName];
}
