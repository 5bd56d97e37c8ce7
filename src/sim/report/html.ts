/**
 * The shipment-deadline risk report as one self-contained, printable HTML file.
 *
 * No network references: Chart.js is inlined from the bundle text the caller
 * passes in `chartJs` (src/sim does no file I/O; the CLI reads
 * node_modules/chart.js/dist/chart.umd.min.js, see `src/cli/report.ts`). The
 * deadline lines and the interval whiskers are drawn by tiny inline Chart.js
 * plugins. Without `chartJs` the report still holds every table, and says where
 * the charts would be.
 *
 * Every text from the scenario is HTML-escaped; the chart data is embedded as JSON
 * with "<" escaped, so a scenario name cannot close the script element.
 */
import { makeDist } from "../engine/distributions.js";
import type { Estimate } from "../experiment/estimate.js";
import { isCountFigure } from "../experiment/replicate.js";
import type { Experiment } from "../experiment/types.js";
import { type DistSpec, inLang, NO_CAP_PER_PICKUP, NO_DAILY_CAP, type Scenario, scenarioName } from "../model/schema.js";
import { formatSec, startEpochMs } from "../model/time.js";
import { colon, fmtCell, fmtDuration, fmtInt, fmtMoney, fmtNum, fmtPct, formatDayKey, formatWhen, type Lang, paren, peakDayCutNote, stationLabel, stoppedReason, t } from "./i18n.js";
import { localTime, type Manifest, manifestRows } from "./manifest.js";
import { buildTables, type Cell, type ColKind, estimateText, figureMarks, heading, latePercentileNote, latePercentiles, noRuleNote, type Table } from "./tables.js";


/** An ISO instant as "YYYY-MM-DD HH:MM (zone)" in the scenario's time zone (the manifest keeps the ISO text). */
export interface HtmlOptions {
  lang: Lang;
  manifest: Manifest;
  /** The text of chart.js/dist/chart.umd.min.js; without it the charts are left out. */
  chartJs?: string;
}

export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** JSON safe inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "number" && !Number.isFinite(x) ? null : x))
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function htmlTable(tb: Table, lang: Lang, opts: { skip?: string[]; bars?: { key: string; max: number } } = {}): string {
  const cols = tb.columns.map((c, j) => ({ c, j })).filter(({ c }) => !opts.skip?.includes(c.key));
  const head = cols.map(({ c }) => `<th class="${c.kind === "text" ? "" : "num"}">${esc(heading(c, "percent", lang))}</th>`).join("");
  const body = tb.rows
    .map((r, i) => {
      const cells = cols
        .map(({ c, j }) => {
          const kind = tb.cellKinds?.find((k) => k.row === i && k.key === c.key)?.kind ?? (tb.rowKinds && c.kind === "num" ? (tb.rowKinds[i] === "pct" ? "pct" : "num") : c.kind);
          let inner = esc(fmtCell(r[j], kind));
          inner += tb.marks?.find((m) => m.row === i && m.key === c.key)?.mark ?? "";
          if (opts.bars && c.key === opts.bars.key && typeof r[j] === "number" && opts.bars.max > 0) {
            const w = Math.max(0, Math.min(100, ((r[j] as number) / opts.bars.max) * 100));
            inner = `<span class="bar"><span style="width:${w.toFixed(1)}%"></span></span>${inner}`;
          }
          return `<td class="${c.kind === "text" ? "" : "num"}">${inner}</td>`;
        })
        .join("");
      return `<tr>${cells}</tr>`;
    })
    .join("\n");
  const note = tb.note ? tb.note.split("\n").map((n) => `\n<p class="muted">${esc(n)}</p>`).join("") : "";
  return `<table class="data"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${note}`;
}

function distText(d: DistSpec, lang: Lang): string {
  if (lang === "zh") {
    switch (d.dist) {
      case "deterministic":
        return `${d.value} 秒`;
      case "uniform":
        return `均匀分布 ${d.min}-${d.max} 秒`;
      case "exponential":
        return `指数分布，均值 ${d.mean} 秒`;
      case "normal":
        return `正态分布，均值 ${d.mean} 秒，标准差 ${d.sd}`;
      case "lognormal":
        return `对数正态分布，均值 ${d.mean} 秒，变异系数 ${d.cv}`;
      case "triangular":
        return `三角分布 ${d.min}/${d.mode}/${d.max} 秒`;
      case "gamma":
        return `伽马分布，均值 ${d.mean} 秒，变异系数 ${d.cv}`;
      case "erlang":
        return `埃尔朗分布 k=${d.k}，均值 ${d.mean} 秒`;
      case "empirical":
        return `经验分布（${d.values.length} 个值）`;
    }
  }
  switch (d.dist) {
    case "deterministic":
      return `${d.value} s`;
    case "uniform":
      return `uniform ${d.min}-${d.max} s`;
    case "exponential":
      return `exponential, mean ${d.mean} s`;
    case "normal":
      return `normal, mean ${d.mean} s, sd ${d.sd}`;
    case "lognormal":
      return `lognormal, mean ${d.mean} s, cv ${d.cv}`;
    case "triangular":
      return `triangular ${d.min}/${d.mode}/${d.max} s`;
    case "gamma":
      return `gamma, mean ${d.mean} s, cv ${d.cv}`;
    case "erlang":
      return `erlang k=${d.k}, mean ${d.mean} s`;
    case "empirical":
      return `empirical (${d.values.length} values)`;
  }
}

const PROFILE_NAMES: Record<string, { en: string; zh: string }> = {
  "peak-day": { en: "peak day (the guides' shape)", zh: "大促当天曲线（按卖家指南）" },
  "normal-day": { en: "normal day", zh: "平日曲线" },
  flat: { en: "flat (constant rate)", zh: "均匀（恒定速率）" },
};

const DISRUPTION_NAMES: Record<string, { en: string; zh: string }> = {
  "printer-down": { en: "printer(s) down", zh: "打印机故障" },
  "order-system": { en: "order system down", zh: "订单系统宕机" },
  power: { en: "power cut", zh: "停电" },
  network: { en: "network failure", zh: "断网" },
  consumables: { en: "consumables run out", zh: "耗材用完" },
  "courier-cap": { en: "courier caps pickups", zh: "快递限量揽收" },
};


/** The key inputs a reader needs to judge the figures. */
function assumptions(s: Scenario, lang: Lang): [string, string][] {
  const en = lang === "en";
  const d = s.demand;
  const rows: [string, string][] = [
    [t(lang, "scenario"), scenarioName(s.name, lang)],
    [t(lang, "start"), `${s.start} (${s.timeZone})`],
    [t(lang, "horizon"), fmtDuration(s.horizon, lang)],
    [t(lang, "baselinePerDay"), fmtInt(d.baselinePerDay)],
    [t(lang, "surge"), `${d.surge}x`],
    [t(lang, "forecastFactor"), `${d.forecastFactor}x`],
    [t(lang, "presale"), fmtInt(d.presaleOrders)],
    [en ? "Peak-day profile" : "大促当天分布", typeof d.profile === "string" ? (PROFILE_NAMES[d.profile]?.[lang] ?? d.profile) : en ? "custom" : "自定义"],
    [en ? "Days after the peak (x normal)" : "大促后各天（平日倍数）", d.daysAfter.join(", ")],
    [en ? "Best-sellers: share of lines / pre-packed stock" : "爆款：行占比 / 预打包库存", `${fmtPct(d.bestSellers.lineShare)} / ${fmtInt(d.bestSellers.prepackedStock)}`],
  ];
  for (const st of s.stations) {
    let text = distText(st.serviceSec, lang);
    if (st.perLineSec) text += en ? ` + per line ${distText(st.perLineSec, lang)}` : ` + 每行 ${distText(st.perLineSec, lang)}`;
    if (st.reworkShare > 0) {
      const back = s.stations.find((x) => x.id === st.reworkTo);
      const to = back ? stationLabel(back, lang) : (st.reworkTo ?? "");
      text += en ? `; rework ${fmtPct(st.reworkShare)} to ${to}` : `；返工 ${fmtPct(st.reworkShare)} 回到${to}`;
    }
    rows.push([`${stationLabel(st, lang)}${colon(lang)}${en ? "handling time" : "作业时间"}`, text]);
  }
  rows.push([t(lang, "absenceRate"), fmtPct(s.staff.absenceRate)]);
  rows.push([t(lang, "tempProductivity"), fmtPct(s.staff.tempProductivity.initial)]);
  const stName = (id: string) => {
    const st = s.stations.find((x) => x.id === id);
    return st ? stationLabel(st, lang) : id;
  };
  if (s.staff.flex.length) rows.push([en ? "Flex rules" : "机动支援", s.staff.flex.map((f) => `${stName(f.from)} → ${stName(f.to)} (≤ ${f.maxPeople})`).join("; ")]);
  const p = s.printers;
  // mtbf 0 switches random failures off (printers.ts).
  const mtbf = p.mtbf > 0 ? `MTBF ${fmtDuration(p.mtbf, lang)}` : en ? "no random failures" : "无随机故障";
  rows.push([t(lang, "printers"), en ? `${p.count} + ${p.spares} spare, ${p.labelsPerMin} labels/min, ${mtbf}, repair ${fmtDuration(p.technicianOnSite ? p.technicianMttr : p.mttr, lang)}${p.technicianOnSite ? " (technician on site)" : ""}` : `${p.count} 台 + ${p.spares} 台备用，每分钟 ${p.labelsPerMin} 张，${mtbf}，维修 ${fmtDuration(p.technicianOnSite ? p.technicianMttr : p.mttr, lang)}${p.technicianOnSite ? "（技术员驻场）" : ""}`]);
  for (const c of s.couriers) {
    // The default caps are "no cap" (schema.ts): say so rather than print 10,000,000.
    const perPickup = c.capacityPerPickup === NO_CAP_PER_PICKUP ? (en ? "no cap per pickup" : "每次不限") : en ? `≤ ${fmtInt(c.capacityPerPickup)}/pickup` : `每次 ≤ ${fmtInt(c.capacityPerPickup)}`;
    const perDay = c.dailyCap === NO_DAILY_CAP ? (en ? "no daily cap" : "每天不限") : en ? `≤ ${fmtInt(c.dailyCap)}/day` : `每天 ≤ ${fmtInt(c.dailyCap)}`;
    const record = (c.recordDelay ?? 0) > 0 ? (en ? `, tracking record ${fmtDuration(c.recordDelay, lang)} after pickup` : `，揽收后 ${fmtDuration(c.recordDelay, lang)}出物流记录`) : "";
    rows.push([`${t(lang, "courier")} ${c.name ?? c.id}`, en ? `share ${c.share ?? "-"}, pickups ${c.pickups.join(" ")}, ${perPickup}, ${perDay}${record}` : `份额 ${c.share ?? "-"}，揽收 ${c.pickups.join(" ")}，${perPickup}，${perDay}${record}`]);
  }
  rows.push([t(lang, "dockCapacity"), fmtInt(s.dock.capacity)]);
  // A run stored before returns existed has no `returns` in its scenario.
  const r = s.returns as Scenario["returns"] | undefined;
  if (r && r.share > 0) {
    const at = s.stations.find((x) => x.id === r.station);
    const where = at ? stationLabel(at, lang) : r.station;
    const meanDays = makeDist(r.delaySec).mean / 86400;
    const days = fmtNum(meanDays, Number.isInteger(meanDays) ? 0 : 1);
    // Runs stored before the priority existed handled returns in one line with the orders.
    const fifo = (r.priority ?? "fifo") === "fifo";
    const handled = r.until === "handled";
    rows.push([
      en ? "Returns" : "退货",
      en
        ? `${fmtPct(r.share)} of collected parcels, back about ${days} days after pickup, handled at ${where} ${fifo ? "in one line with its orders (first come, first served)" : "when no order waits there (orders first)"}; work per return: ${distText(r.serviceSec, lang)}; ${handled ? `the runs go on until every return is handled; once the orders are all collected only ${where} keeps its shifts (and their cost), the other teams go home` : "the runs end when the orders are collected (returns then waiting are counted, not handled)"}`
        : `已揽收包裹的 ${fmtPct(r.share)}，揽收后约 ${days} 天退回，由${where}${fifo ? "与订单排同一队、先到先处理" : "在无订单等待时处理（订单优先）"}；每件作业时间：${distText(r.serviceSec, lang)}；${handled ? `仿真持续到退货全部处理完；订单全部揽收后只有${where}继续按班次上班（并计成本），其他组下班` : "订单全部揽收即结束仿真（届时待处理的退货只计数、不再处理）"}`,
    ]);
  }
  const courierName = (id: string) => s.couriers.find((c) => c.id === id)?.name ?? id;
  rows.push([
    t(lang, "disruptions"),
    s.disruptions.length
      ? s.disruptions
          .map((x) => {
            // What each one touches: how many printers, which item, which courier and its cap.
            const what =
              x.type === "printer-down"
                ? en ? ` (${x.count})` : `（${x.count} 台）`
                : x.type === "consumables"
                  ? en ? ` (${x.item})` : `（${x.item === "cartons" ? "纸箱" : "面单"}）`
                  : x.type === "courier-cap"
                    ? en ? ` (${courierName(x.courier)}: ≤ ${fmtInt(x.dailyCap)}/day)` : `（${courierName(x.courier)}：每天 ≤ ${fmtInt(x.dailyCap)}）`
                    : "";
            return `${DISRUPTION_NAMES[x.type]?.[lang] ?? x.type}${what} ${x.at}${"duration" in x && x.duration !== undefined ? (en ? ` for ${fmtDuration(x.duration, lang)}` : ` 起 ${fmtDuration(x.duration, lang)}`) : ""}`;
          })
          .join(en ? "; " : "；")
      : t(lang, "none"),
  ]);
  return rows;
}

const CSS = `
:root { --ink:#1f2933; --muted:#616e7c; --line:#d9e2ec; --accent:#2563eb; --bad:#b91c1c; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 16px 24px; font-size: 13px; line-height: 1.45; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 22px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 3px; } h3 { font-size: 14px; margin: 14px 0 6px; }
.muted { color: var(--muted); } .changes { background: #fff7e0; padding: 4px 8px; border-radius: 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.card .v { font-size: 20px; font-weight: 600; } .card .k { color: var(--muted); font-size: 12px; } .card .s { color: var(--muted); font-size: 11px; margin-top: 2px; } .card.bad .v { color: var(--bad); }
table.data { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 12px; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
table.data th { background: #f0f4f8; font-weight: 600; }
.risk-block table.data td:first-child { white-space: nowrap; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { display: inline-block; width: 60px; height: 8px; background: #eef2f7; margin-right: 6px; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: var(--bad); }
.chart { position: relative; height: 280px; width: 100%; margin: 6px 0 4px; }
.chart.small { height: 220px; }
ul.advice li { margin: 4px 0; }
table.heat { border-collapse: collapse; font-size: 10px; margin: 6px 0; }
table.heat th, table.heat td { border: 1px solid #fff; padding: 1px 2px; text-align: center; min-width: 24px; }
table.heat th.row { text-align: left; white-space: nowrap; padding-right: 6px; }
table.heat td.off { background: #e5e7eb; color: #9ca3af; }
.legend span { display: inline-block; width: 28px; text-align: center; font-size: 10px; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 11px; }
pre { white-space: pre-wrap; word-break: break-all; background: #f8fafc; border: 1px solid var(--line); padding: 6px; }
.risk-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 4px 16px; }
th.num { white-space: normal; }
td.risk { color: var(--bad); font-weight: 600; }
.notice { border: 1px solid #f59e0b; background: #fffbeb; padding: 6px 10px; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { size: A4; margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5px; }
  h2 { break-after: avoid; }
  section, table.data tr, .card, .chart { break-inside: avoid; }
  .chart { height: 230px; }
  details > pre { display: block; }
}
`;

/** Colour of a utilisation 0..1 on a white-to-red scale (readable in grey print too). */
function heatColour(u: number): string {
  const x = Math.max(0, Math.min(1, u));
  const r = Math.round(255 - 40 * x);
  const g = Math.round(255 - 200 * x);
  const b = Math.round(255 - 200 * x);
  return `rgb(${r},${g},${b})`;
}

function heatmap(exp: Experiment, lang: Lang): string {
  const h = exp.summary.hourly;
  const s = exp.scenario;
  const H = h.startSec.length;
  const days = Math.ceil(H / 24);
  const headCells = Array.from({ length: 24 }, (_, i) => `<th>${String(i).padStart(2, "0")}</th>`).join("");
  const rows: string[] = [];
  for (const st of exp.summary.stations) {
    const sh = h.stations[st.id];
    for (let d = 0; d < days; d++) {
      const cells: string[] = [];
      for (let k = 0; k < 24; k++) {
        const i = d * 24 + k;
        const u = i < H ? sh.utilization[i] : null;
        if (i >= H) cells.push(`<td class="off"></td>`);
        else if (u === null || sh.staff[i] <= 0) cells.push(`<td class="off" title="${esc(lang === "en" ? "nobody on duty" : "无人在岗")}">·</td>`);
        else {
          cells.push(`<td style="background:${heatColour(u)};color:${u > 0.65 ? "#fff" : "#111"}">${Math.round(u * 100)}</td>`);
        }
      }
      const label = `${esc(st.name[lang] || st.id)} · ${esc(formatDayKey(formatSec(s, d * 86400).slice(0, 10), lang))}`;
      rows.push(`<tr><th class="row">${label}</th>${cells.join("")}</tr>`);
    }
  }
  const legend = [0, 0.2, 0.4, 0.6, 0.8, 1].map((u) => `<span style="background:${heatColour(u)};color:${u > 0.65 ? "#fff" : "#111"}">${u * 100}%</span>`).join("");
  return `<p class="muted">${esc(lang === "en" ? "Busy over on-duty time per hour (%), mean over replications; grey: nobody on duty. Columns are hours of the day." : "每小时忙碌时间占在岗时间的比例（%），各次仿真均值；灰色：无人在岗。列为一天中的小时。")}</p>
<div class="legend">${legend}</div>
<table class="heat"><thead><tr><th class="row">${esc(t(lang, "station"))}</th>${headCells}</tr></thead><tbody>
${rows.join("\n")}
</tbody></table>`;
}

/**
 * Late orders as "mean ± half-width", or "mean +x/-y" when the interval was cut at 0 (a
 * heavy tail: "5.0 ± 10.5" would say some replication could have fewer than none).
 */
function lateText(e: Estimate, lang: Lang): string {
  return `${fmtNum(e.mean, 1)} ${estimateText(e, (x) => fmtNum(x, 1), lang).interval}`;
}

/** Deadline risk per rule, compact: late as mean ± half-width, P(any late) with its interval. */
function deadlineTable(exp: Experiment, lang: Lang): string {
  const en = lang === "en";
  // Runs cut by their horizon may leave orders undetermined: a column and a note then, nothing otherwise.
  const undetermined = exp.summary.deadlines.some((d) => (d.undetermined?.max ?? 0) > 0);
  const head = [t(lang, "rule"), t(lang, "milestone"), t(lang, "deadline"), t(lang, "ordersJudged"), `${t(lang, "late")}${paren(lang, t(lang, "meanCi"))}`, `${t(lang, "lateP90")} / ${t(lang, "lateP99")}`, `${t(lang, "pAnyLate")} [${t(lang, "ci95")}]`];
  if (undetermined) head.push(`${t(lang, "undetermined")}${paren(lang, en ? "mean" : "均值")}`);
  // A rule that judged no order in any replication: no row of zeros, one line under the table (noRuleNote).
  const rows = exp.summary.deadlines.filter((d) => d.orders.max > 0).map((d) => {
    const when = d.deadlineSec !== undefined ? formatWhen(exp.scenario, d.deadlineSec, lang, true) : en ? `${d.withinHours} h after payment` : `付款后 ${d.withinHours} 小时`;
    const pc = latePercentiles(d);
    const cells = [
      `<td>${esc(d.label[lang] || d.id)}</td>`,
      `<td>${esc(t(lang, d.milestone === "shipped" ? "milestoneShipped" : "milestoneCollected"))}</td>`,
      `<td class="num">${esc(when)}</td>`,
      `<td class="num">${fmtInt(d.orders.mean)}</td>`,
      `<td class="num">${esc(lateText(d.late, lang))}</td>`,
      `<td class="num">${pc.p90 === null ? "–" : fmtInt(pc.p90)} / ${pc.p99 === null ? "–" : fmtInt(pc.p99)}</td>`,
      `<td class="num${d.pAnyLate.k > 0 ? " risk" : ""}">${fmtPct(d.pAnyLate.p)} [${fmtPct(d.pAnyLate.low)}, ${fmtPct(d.pAnyLate.high)}] (${d.pAnyLate.k}/${d.pAnyLate.n})</td>`,
    ];
    if (undetermined) cells.push(`<td class="num">${fmtNum(d.undetermined?.mean ?? 0, 1)}</td>`);
    return `<tr>${cells.join("")}</tr>`;
  });
  const none = noRuleNote(exp, lang);
  const pcNote = rows.length ? latePercentileNote(exp.summary.replications, lang) : undefined;
  const note = `${pcNote ? `\n<p class="muted">${esc(pcNote)}</p>` : ""}${undetermined ? `\n<p class="muted">${esc(t(lang, "undeterminedNote"))}</p>` : ""}${none ? `\n<p class="muted" id="rules-without-orders">${esc(none)}</p>` : ""}`;
  return `<table class="data" id="deadline-table"><thead><tr>${head.map((h, j) => `<th class="${j >= 2 ? "num" : ""}">${esc(h)}</th>`).join("")}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>${note}`;
}

/** Late orders by payment day or by courier: one small table per rule, with bars scaled to the worst cell. */
function riskTables(exp: Experiment, lang: Lang, which: "cohorts" | "couriers"): string {
  const parts: string[] = [];
  const all = exp.summary.deadlines.flatMap((d) => Object.values(which === "cohorts" ? d.byCohort : d.byCourier));
  const maxLate = Math.max(0, ...all.map((c) => c.late.mean));
  for (const d of exp.summary.deadlines) {
    const cells = Object.entries(which === "cohorts" ? d.byCohort : d.byCourier).filter(([, c]) => c.ordersMean > 0);
    if (cells.length === 0) continue;
    const rows = cells.map(([key, c]) => {
      const label = which === "cohorts" ? formatDayKey(key, lang) : (exp.summary.couriers.find((x) => x.id === key)?.name ?? key);
      const w = maxLate > 0 ? (c.late.mean / maxLate) * 100 : 0;
      return `<tr><td>${esc(label)}</td><td class="num">${fmtInt(c.ordersMean)}</td><td class="num"><span class="bar"><span style="width:${w.toFixed(1)}%"></span></span>${esc(lateText(c.late, lang))}</td><td class="num${c.pAnyLate.k > 0 ? " risk" : ""}">${fmtPct(c.pAnyLate.p)} [${fmtPct(c.pAnyLate.low)}, ${fmtPct(c.pAnyLate.high)}]</td></tr>`;
    });
    const key = which === "cohorts" ? t(lang, "cohort") : t(lang, "courier");
    parts.push(`<div class="risk-block"><div class="muted">${esc(d.label[lang] || d.id)}</div>
<table class="data"><thead><tr><th>${esc(key)}</th><th class="num">${esc(t(lang, "ordersJudged"))}</th><th class="num">${esc(`${t(lang, "late")}${paren(lang, t(lang, "meanCi"))}`)}</th><th class="num">${esc(t(lang, "pAnyLate"))} [${esc(t(lang, "ci95"))}]</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table></div>`);
  }
  return parts.length ? `<div class="risk-grid">${parts.join("\n")}</div>` : `<p>${esc(t(lang, "none"))}</p>`;
}

/** The drawing script: reads the embedded data, draws three charts with two tiny plugins. */
const DRAW = `
(function () {
  var D = JSON.parse(document.getElementById("peakline-data").textContent);
  if (typeof Chart === "undefined") return;
  Chart.defaults.animation = false;
  Chart.defaults.font.size = 11;
  var fmt = new Intl.DateTimeFormat(D.lang === "zh" ? "zh-CN" : "en-GB", { timeZone: D.timeZone, month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  function when(h) { return fmt.format(new Date(D.startEpochMs + h * 3600000)); }
  var palette = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#4b5563", "#9333ea"];
  // Vertical lines at the fixed platform deadlines (hours from the start).
  var deadlineLines = {
    id: "deadlineLines",
    afterDatasetsDraw: function (chart, args, opts) {
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      (opts.lines || []).forEach(function (l, i) {
        if (l.hour < x.min || l.hour > x.max) return;
        var px = x.getPixelForValue(l.hour);
        ctx.save();
        ctx.strokeStyle = "#b91c1c"; ctx.lineWidth = 1.5; ctx.setLineDash([6, 4]);
        ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
        ctx.setLineDash([]); ctx.fillStyle = "#b91c1c"; ctx.font = "11px sans-serif";
        ctx.textAlign = px > (area.left + area.right) / 2 ? "right" : "left";
        ctx.fillText(l.label, px + (ctx.textAlign === "right" ? -4 : 4), area.top + 12 + 13 * i);
        ctx.restore();
      });
    }
  };
  // 95% interval whiskers on bars: opts.intervals[i] = [low, high].
  var whiskers = {
    id: "whiskers",
    afterDatasetsDraw: function (chart, args, opts) {
      var meta = chart.getDatasetMeta(0), y = chart.scales.y, ctx = chart.ctx;
      (opts.intervals || []).forEach(function (iv, i) {
        var bar = meta.data[i]; if (!bar || !iv) return;
        var top = y.getPixelForValue(iv[1]), bottom = y.getPixelForValue(iv[0]);
        ctx.save(); ctx.strokeStyle = "#111827"; ctx.lineWidth = 1.5;
        ctx.beginPath(); ctx.moveTo(bar.x, top); ctx.lineTo(bar.x, bottom);
        ctx.moveTo(bar.x - 6, top); ctx.lineTo(bar.x + 6, top);
        ctx.moveTo(bar.x - 6, bottom); ctx.lineTo(bar.x + 6, bottom); ctx.stroke(); ctx.restore();
      });
    }
  };
  function pts(arr) { return arr.map(function (v, i) { return { x: D.hours[i], y: v }; }); }
  var xAxis = { type: "linear", min: 0, max: D.xMax, title: { display: true, text: D.t.timeAxis },
    ticks: { stepSize: D.xMax > 96 ? 24 : 6, maxRotation: 0, autoSkip: true, callback: function (v) { return when(v); } } };
  var common = { responsive: true, maintainAspectRatio: false, devicePixelRatio: 2, animation: false, parsing: false, normalized: true,
    interaction: { mode: "nearest", axis: "x", intersect: false },
    plugins: { tooltip: { callbacks: { title: function (items) { return items.length ? when(items[0].parsed.x) : ""; } } } } };

  new Chart(document.getElementById("chart-backlog"), {
    type: "line",
    data: { datasets: [
      { label: D.t.backlogMax, data: pts(D.backlog.max), borderColor: "rgba(37,99,235,0.25)", backgroundColor: "rgba(37,99,235,0.12)", pointRadius: 0, borderWidth: 1, fill: "+1" },
      { label: D.t.backlogMin, data: pts(D.backlog.min), borderColor: "rgba(37,99,235,0.25)", pointRadius: 0, borderWidth: 1, fill: false },
      { label: D.t.backlog, data: pts(D.backlog.mean), borderColor: "#2563eb", pointRadius: 0, borderWidth: 2, fill: false },
      { label: D.t.dock, data: pts(D.dock), borderColor: "#059669", pointRadius: 0, borderWidth: 1.5, borderDash: [4, 3], fill: false }
    ] },
    options: Object.assign({}, common, { scales: { x: xAxis, y: { beginAtZero: true, title: { display: true, text: D.t.orders } } },
      plugins: Object.assign({}, common.plugins, { deadlineLines: { lines: D.deadlines } }) }),
    plugins: [deadlineLines]
  });

  new Chart(document.getElementById("chart-queues"), {
    type: "line",
    data: { datasets: D.stations.map(function (s, i) { return { label: s.name, data: pts(s.queue), borderColor: palette[i % palette.length], pointRadius: 0, borderWidth: 1.8, fill: false }; }) },
    options: Object.assign({}, common, { scales: { x: xAxis, y: { beginAtZero: true, title: { display: true, text: D.t.queue } } },
      plugins: Object.assign({}, common.plugins, { deadlineLines: { lines: D.deadlines } }) }),
    plugins: [deadlineLines]
  });

  new Chart(document.getElementById("chart-risk"), {
    type: "bar",
    data: { labels: D.risk.map(function (r) { return r.label; }), datasets: [{ label: D.t.pAnyLate, data: D.risk.map(function (r) { return r.p; }), backgroundColor: "rgba(185,28,28,0.7)" }] },
    options: { responsive: true, maintainAspectRatio: false, devicePixelRatio: 2, animation: false,
      scales: { y: { min: 0, max: 1, ticks: { callback: function (v) { return Math.round(v * 100) + "%"; } } } },
      plugins: { legend: { display: false }, whiskers: { intervals: D.risk.map(function (r) { return [r.low, r.high]; }) } } },
    plugins: [whiskers]
  });
  document.body.setAttribute("data-charts", "drawn");
})();
`;

/** The report as HTML text. */
export function renderHtml(exp: Experiment, opts: HtmlOptions): string {
  const { lang, manifest } = opts;
  const s = exp.scenario;
  const sum = exp.summary;
  const tables = buildTables(exp, lang);
  const hourly = sum.hourly;
  const H = hourly.startSec.length;
  const dataHours = H;
  const deadlineLines = sum.deadlines
    .filter((d) => d.deadlineSec !== undefined)
    .map((d) => ({ hour: d.deadlineSec! / 3600, label: `${d.label[lang] || d.id}` }));
  // Show the deadlines even when the backlog cleared long before: the gap is the safety margin.
  const xMax = Math.max(dataHours, ...deadlineLines.map((l) => l.hour + 6));
  const data = {
    lang,
    timeZone: s.timeZone,
    startEpochMs: startEpochMs(s),
    xMax,
    hours: hourly.startSec.map((x) => x / 3600),
    backlog: hourly.backlog,
    dock: hourly.dock,
    deadlines: deadlineLines,
    stations: sum.stations.map((st) => ({ id: st.id, name: st.name[lang] || st.id, queue: hourly.stations[st.id].queue })),
    // A rule that judged no order has no risk to draw (the table shows "–").
    risk: sum.deadlines.filter((d) => d.orders.mean > 0).map((d) => ({ label: d.label[lang] || d.id, p: d.pAnyLate.p, low: d.pAnyLate.low, high: d.pAnyLate.high })),
    t: {
      time: t(lang, "time"),
      timeAxis: `${t(lang, "time")}${paren(lang, s.timeZone)}`,
      backlog: `${t(lang, "backlog")}${paren(lang, t(lang, "mean"))}`,
      backlogMin: `${t(lang, "backlog")} ${t(lang, "min")}`,
      backlogMax: `${t(lang, "backlog")} ${t(lang, "max")}`,
      dock: t(lang, "dock"),
      orders: t(lang, "orders"),
      queue: t(lang, "queue"),
      pAnyLate: t(lang, "pAnyLate"),
    },
  };

  const f = sum.figures;
  const card = (k: string, v: string, bad = false, sub?: string) => `<div class="card${bad ? " bad" : ""}"><div class="v">${esc(v)}</div><div class="k">${esc(k)}</div>${sub ? `<div class="s">${esc(sub)}</div>` : ""}</div>`;
  const cards = [
    // A run cut by its horizon leaves some windows open at the end: named on the card, as for the deadlines below.
    ...(["h12", "h24"] as const).map((h) => {
      const und = f[`shippedWithin.undetermined${h.toUpperCase()}`]?.mean ?? 0;
      const v = f[`shippedWithin.${h}`]?.mean ?? NaN;
      // The mean hides a heavy lower tail: the worst replication (its seed replays it) and those below the target.
      const tail = (sum.shareTails ?? []).find((x) => x.figure === `shippedWithin.${h}`);
      const below = tail?.belowTarget && tail.target !== undefined ? `${lang === "en" ? "; " : "；"}${lang === "en" ? `${tail.belowTarget.k} of ${tail.belowTarget.n} below ${fmtPct(tail.target)}` : `${tail.belowTarget.n} 次中 ${tail.belowTarget.k} 次低于 ${fmtPct(tail.target)}`}` : "";
      const sub = tail && sum.replications > 1 ? `${lang === "en" ? `worst replication ${fmtPct(tail.worst.share)} (seed ${tail.worst.seed})` : `最差一次 ${fmtPct(tail.worst.share)}（种子 ${tail.worst.seed}）`}${below}` : undefined;
      return card(`${t(lang, "shippedWithin")} ${t(lang, h)}`, `${fmtPct(v)}${und > 0 ? ` + ${fmtPct(und)} ${t(lang, "undetermined")}` : ""}`, h === "h12" && v < 0.5, sub);
    }),
    // A rule that judged no order (e.g. the 48 h rule when every order falls in the Double 11 window) has no risk to headline.
    // Orders left undetermined by a run cut at its horizon are named on the card: "0% late" alone would read as safe.
    ...sum.deadlines.filter((d) => d.orders.mean > 0).map((d) => {
      const und = d.undetermined?.mean ?? 0;
      const undText = und > 0 ? ` + ${fmtInt(und)} ${t(lang, "undetermined")}` : "";
      return card(`${t(lang, "pAnyLate")}${colon(lang)}${d.label[lang] || d.id}`, `${fmtPct(d.pAnyLate.p)} (${fmtPct(d.pAnyLate.low)}-${fmtPct(d.pAnyLate.high)})${undText}`, d.pAnyLate.k > 0 || und > 0);
    }),
    card(t(lang, "arrived"), fmtInt(f["orders.arrived"]?.mean ?? NaN)),
    // Marked when runs stopped at the horizon with orders unshipped (see the note under the figures).
    card(`${t(lang, "timeInSystem")} P95`, `${fmtNum(f["timeInSystemMin.p95"]?.mean ?? NaN, 0)}${figureMarks(exp, lang).mark("timeInSystemMin.p95")}`),
    card(t(lang, "labourCost"), fmtMoney(f["labour.cost"]?.mean ?? NaN)),
  ].join("");

  const stopped = stoppedReason(exp.stoppedBecause, lang);
  const deadlineCaption = sum.deadlines
    .filter((d) => d.deadlineSec !== undefined)
    .map((d) => `${esc(d.label[lang] || d.id)}${colon(lang)}${esc(formatWhen(s, d.deadlineSec!, lang, true))}`)
    .join(lang === "en" ? "; " : "；");
  const charts = opts.chartJs !== undefined;
  const chartBox = (id: string, small = false) =>
    charts ? `<div class="chart${small ? " small" : ""}"><canvas id="${id}"></canvas></div>` : `<p class="notice">${esc(lang === "en" ? "Chart left out: the report was rendered without the Chart.js bundle." : "图表未包含：生成报告时未提供 Chart.js。")}</p>`;

  const advice = sum.advice.length ? `<ul class="advice">${sum.advice.map((a) => `<li>${esc(a[lang])}</li>`).join("\n")}</ul>` : `<p>${esc(t(lang, "nothingToChange"))}</p>`;
  const bottlenecks = sum.bottlenecks.length ? htmlTable(tables.bottlenecks, lang, { skip: ["station"] }) : `<p>${esc(t(lang, "noBottleneck"))}</p>`;

  // A rule that judged no order has no figures (summaryTable leaves them out; the deadlines section says so).
  const figuresRows = Object.entries(f)
    .filter(([name]) => tables.summary.rows.some((r) => r[0] === name))
    .map(([name, e]) => {
      const row = tables.summary.rows.find((r) => r[0] === name)!;
      const i = tables.summary.rows.indexOf(row);
      // No replication observed the figure (null): dashes, not 0.
      if (e === null) return `<tr><td>${esc(String(row[1]))}</td><td class="num">–</td><td class="num">–</td><td class="num">–</td><td><code>${esc(name)}</code></td></tr>`;
      const pct = tables.summary.rowKinds![i] === "pct";
      const whole = Number.isInteger(e.min) && Number.isInteger(e.max) && Number.isInteger(e.mean);
      const v = (x: number) => (pct ? fmtPct(x) : whole || Math.abs(x) >= 100 ? fmtInt(x) : fmtNum(x, 2));
      const mark = tables.summary.marks?.find((m) => m.row === i)?.mark ?? "";
      // Over fewer replications than were run when some had no observation.
      const some = e.n < sum.replications ? (lang === "en" ? ` (${e.n} of ${sum.replications} replications)` : `（${sum.replications} 次仿真中 ${e.n} 次）`) : "";
      // "± hw"; an interval cut at 0 (or a share's at 1) as "+x/-y"; a 0/1 indicator's Wilson
      // interval with its count. A count's min and max are whole (replications' counts).
      const parts = estimateText(e, v, lang, v, isCountFigure(name) ? fmtInt : v);
      return `<tr><td>${esc(String(row[1]))}</td><td class="num">${esc(v(e.mean))}${mark}</td><td class="num">${esc(parts.interval)}</td><td class="num">${esc(parts.range)}${esc(some)}</td><td><code>${esc(name)}</code></td></tr>`;
    })
    .join("\n");

  const manifestTable = manifestRows(manifest, lang)
    .filter(([k]) => k !== "scenario" && k !== "command")
    .map(([, label, value]) => `<tr><th>${esc(label)}</th><td>${esc(value)}</td></tr>`)
    .join("\n");

  return `<!doctype html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Peakline ${esc(manifest.peaklineVersion)}">
<title>${esc(t(lang, "title"))}${colon(lang)}${esc(scenarioName(s.name, lang))}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${esc(t(lang, "title"))}</h1>
<div class="muted">${esc(t(lang, "subtitle"))} · ${esc(t(lang, "scenario"))}${colon(lang)}<b>${esc(scenarioName(s.name, lang))}</b> · ${esc(t(lang, "replications"))}${colon(lang)}${exp.runs.length}${esc(paren(lang, stopped))} · ${esc(t(lang, "baseSeed"))}${colon(lang)}${exp.seed}${manifest.generatedAt ? ` · ${esc(t(lang, "generatedAt"))}${colon(lang)}${esc(localTime(manifest.generatedAt, s.timeZone))}` : ""}</div>
${s.description ? `<p>${esc(inLang(s.description, lang))}</p>` : ""}
${manifest.changes?.length ? `<p class="changes" id="changes"><b>${esc(lang === "en" ? "Changed from the scenario (the question above is the file's)" : "相对场景的改动（上面的问题是原文件的）")}${colon(lang)}</b><code>${esc(manifest.changes.join("  "))}</code></p>` : ""}
</header>

<section id="headline"><div class="cards">${cards}</div>${sum.peakDayCut ? `\n<p class="notice" id="peak-day-cut">${esc(peakDayCutNote(s, { ...sum.peakDayCut, orders: fmtInt(sum.peakDayCut.orders) }, lang))}</p>` : ""}</section>

<section id="advice"><h2>${esc(t(lang, "whatToChange"))}</h2>${advice}</section>

<section id="backlog"><h2>${esc(t(lang, "chartBacklog"))}</h2>
${chartBox("chart-backlog")}
<p class="muted">${esc(lang === "en" ? "Mean over replications; the shaded band spans the lowest and highest replication. Dashed red lines: fixed platform deadlines" : "各次仿真的均值；阴影为最低与最高的仿真。红色虚线：平台固定截止时间")}${deadlineCaption ? paren(lang, deadlineCaption) : ""}${lang === "en" ? "." : "。"}</p>
</section>

<section id="queues"><h2>${esc(t(lang, "chartQueues"))}</h2>
${chartBox("chart-queues")}
</section>

<section id="risk"><h2>${esc(t(lang, "deadlines"))}</h2>
${chartBox("chart-risk", true)}
<p class="muted">${esc(lang === "en" ? "P(any order late) = share of replications with at least one late order; whiskers: 95% Wilson interval." : "出现超时的概率 = 至少有一单超时的仿真所占比例；须线：95% Wilson 区间。")}</p>
${deadlineTable(exp, lang)}
<h3>${esc(t(lang, "byCohort"))}</h3>
${riskTables(exp, lang, "cohorts")}
<h3>${esc(t(lang, "byCourier"))}</h3>
${riskTables(exp, lang, "couriers")}
</section>

<section id="utilisation"><h2>${esc(t(lang, "heatmap"))}</h2>
${heatmap(exp, lang)}
<h3>${esc(lang === "en" ? "Stations" : "工位")}</h3>
${htmlTable(tables.stations, lang, { skip: ["station", "utilizationHalfWidth", "meanWaitHalfWidth", "busyHours"] })}
</section>

<section id="bottlenecks"><h2>${esc(t(lang, "bottlenecks"))}</h2>${bottlenecks}</section>

<section id="staffing"><h2>${esc(t(lang, "staffing"))}</h2>${htmlTable(tables.staffing, lang, { skip: ["station", "shiftId"] })}</section>

<section id="assumptions"><h2>${esc(t(lang, "assumptions"))}</h2>
<table class="data"><tbody>
${assumptions(s, lang)
  .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`)
  .join("\n")}
</tbody></table>
</section>

${tables.shipping.rows.length ? `<section id="shipping"><h2>${esc(t(lang, "shipping"))}</h2>
${htmlTable(tables.shipping, lang, { skip: ["figure", "worstIndex"] })}
<p class="muted">${esc(t(lang, "replay"))}</p>
</section>
` : ""}<section id="figures"><h2>${esc(t(lang, "meanCi"))}</h2>
<table class="data"><thead><tr><th>${esc(t(lang, "figure"))}</th><th class="num">${esc(t(lang, "mean"))}</th><th class="num">${esc(t(lang, "ci95"))}</th><th class="num">${esc(t(lang, "range"))}</th><th>id</th></tr></thead><tbody>
${figuresRows}
</tbody></table>${tables.summary.note ? tables.summary.note.split("\n").map((n) => `\n<p class="muted">${esc(n)}</p>`).join("") : ""}
<details id="replications"><summary>${esc(t(lang, "replicationsTable"))}</summary>
${htmlTable(tables.replications, lang)}
</details>
</section>

<section id="manifest"><h2>${esc(t(lang, "manifest"))}</h2>
<table class="data"><tbody>
${manifestTable}
</tbody></table>
<p>${esc(t(lang, "command"))}:</p>
<pre id="rerun-command">${esc(manifest.command)}</pre>
<details><summary>${esc(lang === "en" ? "Resolved scenario (JSON, hashed above)" : "完整场景（JSON，即上面的哈希对象）")}</summary>
<pre>${esc(JSON.stringify(manifest.scenario, null, 1))}</pre>
</details>
</section>

<script type="application/json" id="peakline-data">${scriptJson(data)}</script>
${charts ? `<script>\n${opts.chartJs!.replace(/<\/script/gi, "<\\/script")}\n</script>\n<script>${DRAW}</script>` : ""}
</body>
</html>
`;
}
