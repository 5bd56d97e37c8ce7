/**
 * English and Simplified Chinese wording for the CLI tables and the reports, with
 * the seller guides' terms: 打单 (print), 拣货 (pick), QC, 打包 (pack), 称重 (weigh),
 * 揽收 (courier pickup). Station names come from the scenario (`name.en/zh`, filled
 * by the model); these are the fallbacks by station kind.
 *
 * Pure: formatting uses Intl only.
 */
import { formatSec, startEpochMs, wallClock } from "../model/time.js";
import type { Cell, ColKind } from "./tables.js";

export type Lang = "en" | "zh";
export const LANGS: readonly Lang[] = ["en", "zh"];

const en = {
  title: "Shipment-deadline risk report",
  subtitle: "Peakline simulation of the peak-day line",
  scenario: "Scenario",
  seed: "Seed",
  replications: "Replications",
  figure: "Figure",
  mean: "Mean",
  halfWidth: "± 95% half-width",
  min: "Min",
  max: "Max",
  n: "n",
  meanCi: "Mean ± 95% CI",
  range: "[min, max]",
  orders: "Orders",
  arrived: "Arrived (paid)",
  peakDay: "Peak-day orders (with presale)",
  presale: "Presale",
  prepacked: "Pre-packed",
  shipped: "Shipped",
  collected: "Collected (揽收 pickup scan)",
  backlogAtEnd: "Backlog at end",
  station: "Station",
  utilization: "Utilisation",
  peakDayUtilization: "Utilisation, peak day",
  meanWaitMin: "Mean wait (min)",
  p95WaitMin: "P95 wait (min)",
  maxQueue: "Max queue (orders)",
  meanQueue: "Mean queue (orders)",
  served: "Served (orders)",
  staffHours: "Staff hours (h)",
  busyHours: "Busy hours (h)",
  queuedAtEnd: "Waiting at end (orders)",
  timeInSystem: "Payment to shipped (min)",
  timeToCollect: "Payment to pickup scan (min)",
  p50: "P50",
  p95: "P95",
  shippedWithin: "Peak-day orders shipped within",
  h12: "12 h",
  h24: "24 h",
  deadlines: "Platform deadlines",
  rule: "Rule",
  milestone: "Milestone",
  milestoneShipped: "shipped",
  milestoneCollected: "pickup scan",
  deadline: "Deadline",
  ordersJudged: "Orders judged",
  late: "Late orders",
  lateMean: "Late orders (mean)",
  lateUnfinished: "Late, never reached",
  undetermined: "Undetermined",
  undeterminedNote: "Undetermined: orders still unfinished when the run ended (its horizon) with a deadline after that; neither late nor on time.",
  pAnyLate: "P(any order late)",
  ci95: "95% CI",
  ciLow: "95% CI low",
  ciHigh: "95% CI high",
  interval: "Interval",
  intervalT: "t",
  intervalClipped: "t, cut at 0-1",
  intervalWilson: "Wilson",
  wilsonNote: "P(any order late) and \"backlog cleared\" are shares of replications (each replication is 0 or 1): their 95% interval is Wilson's for k of n replications, as in the deadlines table, not mean ± t half-width (which is 0 wide when every replication agrees).",
  clippedNote: "+x/-y: a share's 95% t interval cut at 0% or 100%, which mean ± half-width would pass: its upper end x above the mean, its lower end y below.",
  intervalClippedZero: "t, cut at 0",
  clippedZeroNote: "+x/-y on a figure that cannot be negative (a wait, a queue, a count): mean ± half-width would pass below 0, so its 95% t interval is cut at 0 (y is the mean). The replications are skewed, a few far above the rest (see [min, max]): run more replications before trusting the interval.",
  shipping: "Peak-day orders shipped within 12 h / 24 h over the replications",
  window: "Window",
  worstReplication: "Worst replication",
  worstSeed: "Seed of the worst",
  worstIndex: "Worst replication (index from 0)",
  targetAtLeast: "Target (at least)",
  belowTarget: "Replications below the target",
  shareBelowTarget: "Share of replications below the target",
  replay: "Replay one replication alone with run --seed <seed> (and the same --set).",
  replicationsTable: "Replications (replay one alone with run --seed <seed>)",
  replicationIndex: "Replication (index from 0)",
  ordersShipped: "Orders shipped",
  bottleneckIn: "Bottleneck in (replications)",
  bottlenecksNote: "Found replication by replication: an hour's bottleneck is the station with the longest queue in at least half of the replications (a station below 70% busy only while its queue grows); \"Bottleneck in\" counts the replications where it was so for most of the period. The other figures are means over all replications.",
  lateP90: "Late P90",
  lateP99: "Late P99",
  cohort: "Payment day",
  byCohort: "Risk by payment day",
  byCourier: "Risk by courier",
  courier: "Courier",
  couriers: "Couriers",
  allocated: "Allocated",
  pickups: "Pickups",
  pickupsCapped: "Pickups capped",
  pCapped: "P(capped)",
  labour: "Labour",
  labourHours: "Labour hours (h)",
  labourCost: "Labour cost",
  printerCost: "Printer cost",
  perf: "Performance",
  events: "Events",
  wallMs: "Wall time (ms)",
  hour: "Hour",
  time: "Time",
  backlog: "Backlog (orders)",
  backlogBand: "Backlog min-max over replications",
  dock: "On the dock (parcels)",
  arrivals: "Arrivals (orders/h)",
  shippedPerHour: "Shipped (orders/h)",
  collectedPerHour: "Collected (orders/h)",
  queue: "Queue (orders)",
  runsRunning: "Replications running",
  chartBacklog: "Backlog over time, with the platform deadlines",
  chartQueues: "Queue in front of each station",
  chartRisk: "P(any order late) by rule",
  heatmap: "Utilisation by station and hour",
  bottlenecks: "Bottleneck by period",
  period: "Period",
  noBottleneck: "No station held the line back (no hour in which one station had the longest queue, of 10 or more orders, in at least half of the replications).",
  whatToChange: "What to change",
  nothingToChange: "No change needed: no deadline at risk and no lasting queue.",
  staffing: "Staffing (people per shift)",
  shift: "Shift",
  hours: "Hours",
  permanent: "Permanent",
  temps: "Temps",
  assumptions: "Key assumptions",
  manifest: "Reproducibility",
  version: "Peakline version",
  scenarioHash: "Scenario SHA-256",
  baseSeed: "Base seed",
  seeds: "Replication seeds",
  command: "Re-run with",
  generatedAt: "Generated",
  stoppedBecause: "Stopped because",
  stoppedTarget: "the target half-width was met",
  stoppedMax: "the maximum number of replications was reached",
  stoppedReplications: "the requested replications were run",
  stoppedNoObservation: "the target figure had no observation in any replication (such as a rule that judged no order), so more replications could not narrow it",
  cleared: "Backlog cleared before the horizon",
  difference: "Difference",
  diffCi: "95% CI of paired difference",
  significant: "CI excludes 0",
  value: "Value",
  unit: "Unit",
  table: "Table",
  demand: "Demand",
  baselinePerDay: "Normal-day orders",
  surge: "Peak-day surge",
  forecastFactor: "Forecast factor",
  horizon: "Horizon",
  start: "Start",
  printers: "Printers",
  disruptions: "Disruptions",
  none: "none",
  absenceRate: "Absence rate",
  tempProductivity: "Temp productivity (initial)",
  dockCapacity: "Dock capacity (parcels)",
  yes: "yes",
  no: "no",
} as const;

export type MsgKey = keyof typeof en;

const zh: Record<MsgKey, string> = {
  title: "发货时效风险报告",
  subtitle: "Peakline 大促当天作业线仿真",
  scenario: "场景",
  seed: "随机种子",
  replications: "仿真次数",
  figure: "指标",
  mean: "均值",
  halfWidth: "± 95% 半宽",
  min: "最小",
  max: "最大",
  n: "次数",
  meanCi: "均值 ± 95% 置信区间",
  range: "[最小, 最大]",
  orders: "订单",
  arrived: "已付款订单",
  peakDay: "大促当天订单（含预售）",
  presale: "预售",
  prepacked: "预打包",
  shipped: "已发货",
  collected: "已揽收",
  backlogAtEnd: "结束时积压",
  station: "工位",
  utilization: "利用率",
  peakDayUtilization: "大促当天利用率",
  meanWaitMin: "平均等待（分钟）",
  p95WaitMin: "P95 等待（分钟）",
  maxQueue: "最长队列（单）",
  meanQueue: "平均队列（单）",
  served: "完成（单）",
  staffHours: "在岗工时（小时）",
  busyHours: "忙碌工时（小时）",
  queuedAtEnd: "结束时仍在排队（单）",
  timeInSystem: "付款至发货（分钟）",
  timeToCollect: "付款至揽收（分钟）",
  p50: "P50",
  p95: "P95",
  shippedWithin: "大促当天订单发货时效",
  h12: "12 小时内",
  h24: "24 小时内",
  deadlines: "平台时效规则",
  rule: "规则",
  milestone: "节点",
  milestoneShipped: "发货",
  milestoneCollected: "揽收",
  deadline: "截止",
  ordersJudged: "适用订单",
  late: "超时订单",
  lateMean: "超时订单（均值）",
  lateUnfinished: "超时且未完成",
  undetermined: "未判定",
  undeterminedNote: "未判定：仿真结束时仍未完成、且截止时间在仿真结束之后的订单，既不算超时也不算按时。",
  pAnyLate: "出现超时的概率",
  ci95: "95% 置信区间",
  ciLow: "95% 置信区间 下限",
  ciHigh: "95% 置信区间 上限",
  interval: "区间方法",
  intervalT: "t",
  intervalClipped: "t（截断于 0-1）",
  intervalWilson: "Wilson",
  wilsonNote: "“出现超时的概率”和“在时限前清空积压”是仿真次数的比例（每次仿真为 0 或 1）：其 95% 区间为 n 次中 k 次的 Wilson 区间（与平台时效规则表相同），而非均值 ± t 半宽（各次仿真结果相同时宽度为 0）。",
  clippedNote: "+x/-y：比例的 95% t 区间在 0% 或 100% 处截断（均值 ± 半宽会超出）：上限比均值高 x，下限比均值低 y。",
  intervalClippedZero: "t（截断于 0）",
  clippedZeroNote: "不可能为负的指标（等待时间、队列、数量）上的 +x/-y：均值 ± 半宽会低于 0，因此其 95% t 区间在 0 处截断（y 即均值）。各次仿真结果偏斜，少数几次远高于其余（见 [最小, 最大]）：请增加仿真次数后再采信该区间。",
  shipping: "大促当天订单 12 / 24 小时内发货：各次仿真的分布",
  window: "时效",
  worstReplication: "最差的一次仿真",
  worstSeed: "最差一次的种子",
  worstIndex: "最差的一次仿真（序号从 0 起）",
  targetAtLeast: "目标（不低于）",
  belowTarget: "低于目标的仿真次数",
  shareBelowTarget: "低于目标的仿真占比",
  replay: "用 run --seed <种子>（及相同的 --set）可单独复现某一次仿真。",
  replicationsTable: "各次仿真（用 run --seed <种子> 单独复现）",
  replicationIndex: "仿真序号（从 0 起）",
  ordersShipped: "已发货订单",
  bottleneckIn: "为瓶颈的仿真次数",
  bottlenecksNote: "逐次仿真判定：某小时的瓶颈是在至少一半的仿真中队列最长的工位（利用率低于 70% 的工位仅在其队列增长时计入）；“为瓶颈的仿真次数”统计该工位在时段内多数小时为瓶颈的仿真。其他数字为所有仿真的均值。",
  lateP90: "超时 P90",
  lateP99: "超时 P99",
  cohort: "付款日",
  byCohort: "按付款日的风险",
  byCourier: "按快递的风险",
  courier: "快递",
  couriers: "快递",
  allocated: "分配",
  pickups: "揽收次数",
  pickupsCapped: "揽收达上限次数",
  pCapped: "达上限概率",
  labour: "人工",
  labourHours: "人工工时（小时）",
  labourCost: "人工成本",
  printerCost: "打印机成本",
  perf: "性能",
  events: "事件数",
  wallMs: "耗时（毫秒）",
  hour: "小时",
  time: "时间",
  backlog: "积压（单）",
  backlogBand: "各次仿真的积压最小-最大",
  dock: "待揽收（包裹）",
  arrivals: "到达（单/小时）",
  shippedPerHour: "发货（单/小时）",
  collectedPerHour: "揽收（单/小时）",
  queue: "队列（单）",
  runsRunning: "仍在运行的仿真",
  chartBacklog: "积压随时间变化及平台截止时间",
  chartQueues: "各工位前的队列",
  chartRisk: "各规则出现超时的概率",
  heatmap: "各工位逐小时利用率",
  bottlenecks: "各时段瓶颈",
  period: "时段",
  noBottleneck: "没有工位拖慢作业线（没有任何一个小时有某个工位在至少一半的仿真中队列最长且达到 10 单以上）。",
  whatToChange: "改进建议",
  nothingToChange: "无需调整：没有时效风险，也没有持续的积压。",
  staffing: "排班（各班次人数）",
  shift: "班次",
  hours: "时间",
  permanent: "正式员工",
  temps: "临时工",
  assumptions: "主要假设",
  manifest: "可复现信息",
  version: "Peakline 版本",
  scenarioHash: "场景 SHA-256",
  baseSeed: "基础种子",
  seeds: "各次仿真的种子",
  command: "复现命令",
  generatedAt: "生成时间",
  stoppedBecause: "停止原因",
  stoppedTarget: "已达到目标半宽",
  stoppedMax: "已达到最大仿真次数",
  stoppedReplications: "已完成指定的仿真次数",
  stoppedNoObservation: "目标指标在所有仿真中都没有观测值（例如某条规则没有评判任何订单），增加仿真次数也无法缩小其区间",
  cleared: "仿真结束前清空积压",
  difference: "差值",
  diffCi: "配对差异的 95% 置信区间",
  significant: "区间不含 0",
  value: "数值",
  unit: "单位",
  table: "表",
  demand: "需求",
  baselinePerDay: "平日订单量",
  surge: "大促倍数",
  forecastFactor: "预测系数",
  horizon: "仿真时长",
  start: "开始",
  printers: "打印机",
  disruptions: "突发事件",
  none: "无",
  absenceRate: "缺勤率",
  tempProductivity: "临时工初始效率",
  dockCapacity: "待揽收区容量（包裹）",
  yes: "是",
  no: "否",
};

export const MESSAGES: Record<Lang, Record<MsgKey, string>> = { en, zh };

/** The message `key` in `lang`. */
export function t(lang: Lang, key: MsgKey): string {
  return MESSAGES[lang][key];
}

/** A label's colon: ": " in English, the full-width "：" (no space) in Chinese. */
export function colon(lang: Lang): string {
  return lang === "en" ? ": " : "：";
}

/** A heading's bracketed unit or qualifier: " (mean)" in English, the full-width "（均值）" (no space) in Chinese. */
export function paren(lang: Lang, text: string): string {
  return lang === "en" ? ` (${text})` : `（${text}）`;
}

/** Names of the guides' stations by kind (fallback when the scenario gives none). */
export const KIND_NAMES: Record<string, { en: string; zh: string }> = {
  print: { en: "Print", zh: "打单" },
  pick: { en: "Pick", zh: "拣货" },
  qc: { en: "QC", zh: "QC" },
  pack: { en: "Pack", zh: "打包" },
  weigh: { en: "Weigh", zh: "称重" },
};

/** The people of a station by kind: "packer(s)" / "打包员". */
const PEOPLE: Record<string, { en: string; enOne: string; zh: string }> = {
  print: { en: "print operators", enOne: "print operator", zh: "打单员" },
  pick: { en: "pickers", enOne: "picker", zh: "拣货员" },
  qc: { en: "QC checkers", enOne: "QC checker", zh: "QC 员" },
  pack: { en: "packers", enOne: "packer", zh: "打包员" },
  weigh: { en: "weighers", enOne: "weigher", zh: "称重员" },
};

/** "packers" (or "packer" when `count` is 1) / "打包员"; other stations: "people at X" / "X人员". */
export function peopleOf(kind: string | undefined, name: { en: string; zh: string }, lang: Lang, count = 2): string {
  const p = kind ? PEOPLE[kind] : undefined;
  if (p) return lang === "zh" ? p.zh : count === 1 ? p.enOne : p.en;
  if (lang === "zh") return `${name.zh}人员`;
  return `${count === 1 ? "person" : "people"} at ${name.en}`;
}

/** Display name of a station: the scenario's name, else the kind's, else the id. */
export function stationLabel(st: { id: string; kind?: string; name?: { en?: string; zh?: string } }, lang: Lang): string {
  return st.name?.[lang] || (st.kind ? KIND_NAMES[st.kind]?.[lang] : undefined) || st.name?.en || st.id;
}

const SHIFT_NAMES: Record<string, { en: string; zh: string }> = {
  day: { en: "day shift", zh: "白班" },
  night: { en: "night shift", zh: "夜班" },
  early: { en: "early shift", zh: "早班" },
  late: { en: "late shift", zh: "晚班" },
  evening: { en: "evening shift", zh: "晚班" },
  morning: { en: "morning shift", zh: "早班" },
};

/**
 * A shift by name: the usual ones by their name ("day shift" / "白班"); a shift of the
 * scenario's own ("launch") as "launch shift" / "launch 班", with its hours when given
 * ("launch shift 00:00-08:00" / "launch 班（00:00-08:00）"): its id alone says little to
 * a reader. Tables with an hours column (staffing, the planner's) leave the hours out.
 */
export function shiftLabel(id: string, lang: Lang, hours?: { start: string; end: string }): string {
  const s = SHIFT_NAMES[id];
  if (s) return s[lang];
  const span = hours ? `${hours.start}-${hours.end}` : "";
  if (lang === "en") return `${id} shift${span ? ` ${span}` : ""}`;
  return `${id} 班${span ? `（${span}）` : ""}`;
}

/** A scenario's shift by name, with its hours when it is one of the scenario's own (see shiftLabel). */
export function shiftName(s: { staff: { shifts: readonly { id: string; start: string; end: string }[] } }, id: string, lang: Lang): string {
  return shiftLabel(id, lang, s.staff.shifts.find((x) => x.id === id));
}

// ---------------------------------------------------------------- numbers

/**
 * A duration as a manager writes it, to the minute: "45 min", "3 h", "1 h 15 min";
 * zh "45 分钟", "3 小时", "1 小时 15 分钟" (spaced as the reports write "3 小时"); under a minute in seconds ("30 s" / "30 秒").
 */
export function fmtDuration(sec: number, lang: Lang): string {
  if (!Number.isFinite(sec)) return "–";
  if (sec < 60) return lang === "en" ? `${fmtNum(sec, Number.isInteger(sec) ? 0 : 1)} s` : `${fmtNum(sec, Number.isInteger(sec) ? 0 : 1)} 秒`;
  const total = Math.round(sec / 60);
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (lang === "en") return [h ? `${fmtInt(h)} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ");
  return [h ? `${fmtInt(h)} 小时` : "", m ? `${m} 分钟` : ""].filter(Boolean).join(" ");
}

/** 1240 -> "1,240" (rounded to a whole number). */
export function fmtInt(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? "∞" : x < 0 ? "-∞" : "–";
  return Math.round(x).toLocaleString("en-US");
}

/** A number with `digits` decimals and thousands separators. */
export function fmtNum(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return x > 0 ? "∞" : x < 0 ? "-∞" : "–";
  return x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `f(x)`, or "–" when there is no figure (null: nothing observed; see RunResult). */
export function fmtOr(x: number | null | undefined, f: (x: number) => string): string {
  return x === null || x === undefined ? "–" : f(x);
}

/** The mark on a wait that leaves out orders still waiting when the run ended (see `waitsNote`). */
export const WAIT_MARK = "*";

/** The mark on a time from payment that leaves out orders not yet shipped (collected) when the run ended (see `unfinishedNote`). */
export const UNFINISHED_MARK = "†";

/**
 * The note under figures carrying `UNFINISHED_MARK`: payment to shipped covers the
 * orders shipped, payment to collected those collected; a run cut by its horizon left
 * `unshipped` orders not shipped and `uncollected` not collected (already formatted;
 * undefined when none), and their times, at least as long as the run, are not in the
 * figures, so they read short. `perReplication`: the counts are means over replications.
 */
export function unfinishedNote(lang: Lang, c: { unshipped?: string; uncollected?: string }, perReplication = false): string {
  const mean = perReplication ? (lang === "en" ? ", mean over replications" : "（各次仿真均值）") : "";
  if (lang === "zh") {
    const parts = [c.unshipped !== undefined ? `${c.unshipped} 单未发货` : "", c.uncollected !== undefined ? `${c.uncollected} 单未揽收` : ""].filter(Boolean).join("、");
    return `${UNFINISHED_MARK} 付款至发货（揽收）时间仅统计已发货（已揽收）的订单：仿真结束时仍有${parts}${mean}，其时间（至少持续到运行结束）未计入，故数字偏短。`;
  }
  const parts = [c.unshipped !== undefined ? `${c.unshipped} orders not shipped` : "", c.uncollected !== undefined ? `${c.uncollected} ${c.unshipped !== undefined ? "" : "orders "}not collected` : ""].filter(Boolean).join(" and ");
  return `${UNFINISHED_MARK} Times from payment over the orders shipped (collected) only: the run stopped at its horizon with ${parts}${mean}; their times (lasting at least until the end) are not in the figures, which therefore read short.`;
}

/**
 * The note under a table whose waits carry `WAIT_MARK`: a station's waits cover the
 * orders that started service there; `stations` still had orders waiting when the run
 * ended (`waiting`: how many, already formatted), and those are not in the figure.
 * `perReplication`: the counts are means over replications.
 */
export function waitsNote(lang: Lang, stations: { name: string; waiting: string }[], perReplication = false): string {
  if (lang === "zh") {
    const list = stations.map((x) => `${x.name}（${perReplication ? "各次仿真均值 " : ""}${x.waiting} 单）`).join("、");
    return `${WAIT_MARK} 等待时间仅统计已开始处理的订单：运行结束时${list}仍有订单在排队，其等待时间（至少持续到运行结束）未计入。`;
  }
  const list = stations.map((x) => `${x.name} (${x.waiting} orders${perReplication ? ", mean over replications" : ""})`).join(", ");
  return `${WAIT_MARK} Waits over the orders that started service only: when the run ended, orders were still waiting at ${list}; their waits (lasting at least until the end) are not in the figure.`;
}

/**
 * The note under a deadlines table whose late-count percentiles are left out ("–"): each
 * of `left` (its column's label and the replications it needs, see quantileNeeds) is a
 * nearest-rank percentile that with `n` replications would only be the worst one's count,
 * which the figures table already shows as the late orders' max.
 */
export function percentileNote(lang: Lang, n: number, left: { label: string; need: number }[]): string {
  if (lang === "zh") {
    const needs = left.map((x, i) => `${x.label} 至少需要 ${x.need} ${i === 0 ? "次仿真" : "次"}`).join("、");
    return `${needs}（不足时显示“–”）：只有 ${n} 次仿真时，按最近秩取的百分位数只是最差一次仿真的超时单数，即指标表中超时订单的最大值。`;
  }
  const needs = left.map((x, i) => `${x.label} ${i === 0 ? "needs " : ""}at least ${x.need}${i === 0 ? " replications" : ""}`).join(" and ");
  return `${needs} ("–" until then): with ${n} replication${n === 1 ? "" : "s"} a nearest-rank percentile would only be the worst replication's count, which the figures table shows as the late orders' max.`;
}

/** 0.983 -> "98%"; small non-zero shares keep one decimal ("0.4%"). */
export function fmtPct(x: number, digits?: number): string {
  if (!Number.isFinite(x)) return "–";
  const v = x * 100;
  const d = digits ?? (v !== 0 && Math.abs(v) < 10 ? 1 : 0);
  return `${v.toFixed(d)}%`;
}

/**
 * A report table cell as plain text: "–" for no value, numbers by the column's kind
 * (`pctDigits` fixes a percentage's decimals; default as fmtPct; `signed`: a change, see
 * Column.signed). Callers escape for HTML.
 */
export function fmtCell(v: Cell, kind: ColKind, pctDigits?: number, signed = false): string {
  if (v === null) return "–";
  if (typeof v === "string") return v;
  if (signed && Number.isFinite(v)) {
    // A change: a share in percentage points (the heading says "pp"), a sign on all but zero.
    const s = kind === "pct" ? fmtNum(v * 100, pctDigits ?? 1) : fmtCell(v, kind, pctDigits);
    return /^-?[0.,]+$/.test(s) ? s.replace("-", "") : v > 0 ? `+${s}` : s;
  }
  switch (kind) {
    case "pct":
      return fmtPct(v, pctDigits);
    case "int":
      return fmtInt(v);
    case "num2":
      return fmtNum(v, 2);
    case "num":
      return Math.abs(v) >= 100 ? fmtInt(v) : fmtNum(v, 1);
    default:
      return String(v);
  }
}

// ---------------------------------------------------------------- calendar

interface Zoned {
  timeZone: string;
  start: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const p2 = (n: number) => String(n).padStart(2, "0");

/** Wall clock of `sec` from the scenario start; `endOfDay` shows midnight as 24:00 of the day before. */
function clockAt(s: Zoned, sec: number, endOfDay = false): { m: number; d: number; hm: string; dayIndex: number } {
  const base = startEpochMs(s);
  let w = wallClock(base + sec * 1000, s.timeZone);
  let hm = `${p2(w.h)}:${p2(w.mi)}`;
  if (endOfDay && w.h === 0 && w.mi === 0) {
    w = wallClock(base + (sec - 60) * 1000, s.timeZone);
    hm = "24:00";
  }
  return { m: w.m, d: w.d, hm, dayIndex: w.y * 400 + w.m * 32 + w.d };
}

/** "11 Nov 08:00" / "11月11日 08:00". */
export function formatWhen(s: Zoned, sec: number, lang: Lang, endOfDay = false): string {
  const c = clockAt(s, sec, endOfDay);
  return lang === "en" ? `${c.d} ${MONTHS[c.m - 1]} ${c.hm}` : `${c.m}月${c.d}日 ${c.hm}`;
}

/** "11 Nov" / "11月11日". */
export function formatDay(s: Zoned, sec: number, lang: Lang): string {
  const c = clockAt(s, sec);
  return lang === "en" ? `${c.d} ${MONTHS[c.m - 1]}` : `${c.m}月${c.d}日`;
}

/** A cohort key "2026-11-11" -> "11 Nov" / "11月11日". */
export function formatDayKey(key: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) return key;
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return lang === "en" ? `${d} ${MONTHS[mo - 1]}` : `${mo}月${d}日`;
}

/**
 * A period: "08:00-20:00 on 11 Nov", "20:00 on 11 Nov to 08:00 on 12 Nov";
 * zh "11月11日 08:00-20:00", "11月11日 20:00 至 11月12日 08:00".
 */
export function formatPeriod(s: Zoned, fromSec: number, toSec: number, lang: Lang): string {
  const a = clockAt(s, fromSec);
  const b = clockAt(s, toSec, true);
  const dayA = lang === "en" ? `${a.d} ${MONTHS[a.m - 1]}` : `${a.m}月${a.d}日`;
  const dayB = lang === "en" ? `${b.d} ${MONTHS[b.m - 1]}` : `${b.m}月${b.d}日`;
  if (a.dayIndex === b.dayIndex) return lang === "en" ? `${a.hm}-${b.hm} on ${dayA}` : `${dayA} ${a.hm}-${b.hm}`;
  return lang === "en" ? `${a.hm} on ${dayA} to ${b.hm} on ${dayB}` : `${dayA} ${a.hm} 至 ${dayB} ${b.hm}`;
}

// ---------------------------------------------------------------- figures

const FIGURE_PARTS: Record<string, { en: string; zh: string }> = {
  "orders.arrived": { en: en.arrived, zh: zh.arrived },
  "orders.peakDay": { en: en.peakDay, zh: zh.peakDay },
  "orders.presale": { en: en.presale, zh: zh.presale },
  "orders.prepacked": { en: en.prepacked, zh: zh.prepacked },
  "orders.shipped": { en: en.shipped, zh: zh.shipped },
  "orders.collected": { en: en.collected, zh: zh.collected },
  "orders.backlogAtEnd": { en: en.backlogAtEnd, zh: zh.backlogAtEnd },
  "run.endHours": { en: "Run length (h)", zh: "运行时长（小时）" },
  "run.cleared": { en: en.cleared, zh: zh.cleared },
  "shippedWithin.h12": { en: "Peak-day orders shipped within 12 h", zh: "大促当天订单 12 小时内发货" },
  "shippedWithin.h24": { en: "Peak-day orders shipped within 24 h", zh: "大促当天订单 24 小时内发货" },
  "shippedWithin.undeterminedH12": { en: "Peak-day orders, 12 h undetermined (run ended first)", zh: "大促当天订单 12 小时发货未判定（仿真先结束）" },
  "shippedWithin.undeterminedH24": { en: "Peak-day orders, 24 h undetermined (run ended first)", zh: "大促当天订单 24 小时发货未判定（仿真先结束）" },
  "timeInSystemMin.mean": { en: "Payment to shipped, mean (min)", zh: "付款至发货均值（分钟）" },
  "timeInSystemMin.p50": { en: "Payment to shipped, P50 (min)", zh: "付款至发货 P50（分钟）" },
  "timeInSystemMin.p95": { en: "Payment to shipped, P95 (min)", zh: "付款至发货 P95（分钟）" },
  "timeToCollectMin.mean": { en: "Payment to pickup scan, mean (min)", zh: "付款至揽收均值（分钟）" },
  "timeToCollectMin.p50": { en: "Payment to pickup scan, P50 (min)", zh: "付款至揽收 P50（分钟）" },
  "timeToCollectMin.p95": { en: "Payment to pickup scan, P95 (min)", zh: "付款至揽收 P95（分钟）" },
  "labour.hours": { en: en.labourHours, zh: zh.labourHours },
  "labour.cost": { en: en.labourCost, zh: zh.labourCost },
  "labour.printerCost": { en: en.printerCost, zh: zh.printerCost },
  "mechanisms.printerFailures": { en: "Printer failures", zh: "打印机故障次数" },
  "mechanisms.dockBlockedHours": { en: "Packing stopped, dock full (h)", zh: "待揽收区满导致打包停工（小时）" },
  "mechanisms.dockMax": { en: "Most parcels on the dock", zh: "待揽收区最多包裹数" },
  "returns.arrived": { en: "Returns received", zh: "收到退货" },
  "returns.processed": { en: "Returns handled", zh: "已处理退货" },
  "returns.waitingAtEnd": { en: "Returns waiting at the end", zh: "结束时待处理退货" },
  "returns.arrivalToDoneHours": { en: "Return received to handled, mean (h)", zh: "退货到仓至处理完成均值（小时）" },
  "returns.meanWaitHours": { en: "Return waiting before handling, mean (h)", zh: "退货开始处理前等待均值（小时）" },
  "returns.maxWaiting": { en: "Most returns waiting at once", zh: "同时待处理退货最多件数" },
  "returns.allHandledDays": { en: "Last return handled (days from the start)", zh: "最后一件退货处理完（距开始天数）" },
  "returns.handled95Days": { en: "95% of returns handled (days from the start)", zh: "95% 退货处理完（距开始天数）" },
  "returns.afterSalesCost": { en: "After-sales labour cost once the orders are collected", zh: "订单揽收完后的售后人工成本" },
};

const SUB: Record<string, { en: string; zh: string }> = {
  utilization: { en: en.utilization, zh: zh.utilization },
  peakDayUtilization: { en: en.peakDayUtilization, zh: zh.peakDayUtilization },
  meanWaitMin: { en: en.meanWaitMin, zh: zh.meanWaitMin },
  p95WaitMin: { en: en.p95WaitMin, zh: zh.p95WaitMin },
  maxQueue: { en: en.maxQueue, zh: zh.maxQueue },
  meanQueue: { en: en.meanQueue, zh: zh.meanQueue },
  served: { en: en.served, zh: zh.served },
  staffHours: { en: en.staffHours, zh: zh.staffHours },
  orders: { en: en.ordersJudged, zh: zh.ordersJudged },
  late: { en: en.late, zh: zh.late },
  lateUnfinished: { en: en.lateUnfinished, zh: zh.lateUnfinished },
  undetermined: { en: en.undetermined, zh: zh.undetermined },
  anyLate: { en: en.pAnyLate, zh: zh.pAnyLate },
  allocated: { en: en.allocated, zh: zh.allocated },
  collected: { en: "Collected", zh: "已揽收" },
  pickupsCapped: { en: en.pickupsCapped, zh: zh.pickupsCapped },
};

/**
 * Human label of a figure name: "stations.pack.utilization" -> "Pack: Utilisation".
 * `names` maps station/deadline/courier ids to display names (default: the id).
 */
export function figureLabel(name: string, lang: Lang, names: Record<string, string> = {}): string {
  const fixed = FIGURE_PARTS[name];
  if (fixed) return fixed[lang];
  const m = /^(stations|deadlines|couriers)\.(.+)\.([A-Za-z0-9]+)$/.exec(name);
  if (m) {
    const sub = SUB[m[3]]?.[lang] ?? m[3];
    const who = names[`${m[1]}.${m[2]}`] ?? m[2];
    return lang === "en" ? `${who}: ${sub}` : `${who}：${sub}`;
  }
  return name;
}

/** "YYYY-MM-DD HH:MM" in the scenario's zone, with midnight shown as "24:00" of the day before (how deadlines are written). */
export function formatDeadline(s: Zoned, sec: number): string {
  const a = formatSec(s, sec);
  if (!a.endsWith(" 00:00")) return a;
  return `${formatSec(s, sec - 60).slice(0, 10)} 24:00`;
}

/** Why a run stopped adding replications, in words (`stoppedBecause`; absent: the requested replications were run). */
export function stoppedReason(why: string | undefined, lang: Lang): string {
  if (why === "target-met") return t(lang, "stoppedTarget");
  if (why === "max-replications") return t(lang, "stoppedMax");
  if (why === "no-observation") return t(lang, "stoppedNoObservation");
  return t(lang, "stoppedReplications");
}

/**
 * The one line for deadline rules that judged no order in any replication (the 48 h rule
 * when every payment falls in the Double 11 window), which the per-rule tables leave out
 * rather than list as rows of zeros and "–" risk. `windowed`: the rule judges orders paid
 * in its own window (paidFrom/paidTo); else the orders no windowed rule takes. `where`:
 * "run" (this run's replications) or "compare" (every scenario compared).
 */
export function noOrderNote(lang: Lang, rules: readonly { label: string; windowed: boolean }[], where: "run" | "compare" = "run"): string {
  const en = lang === "en";
  const why = (r: { windowed: boolean }) =>
    r.windowed ? (en ? "no order was paid in its window" : "没有订单在其付款时段内付款") : en ? "every order was paid in another rule's window" : "所有订单的付款时间都在其他规则的时段内";
  if (en) return rules.map((r) => `${r.label}: applies to no order ${where === "run" ? "in this run" : "in any scenario compared"} (${why(r)}), so it has no risk to show and is left out of the tables.`).join(" ");
  return rules.map((r) => `“${r.label}”${where === "run" ? "在本次仿真中" : "在所比较的各场景中都"}没有适用的订单（${why(r)}），没有风险可显示，表中不列出。`).join("");
}

/**
 * The line saying the horizon cut the peak day: the run ends at `endSec` (seconds from the
 * start), before the day's demand ends at `dayEndSec`, so the 12 h / 24 h shares are over
 * the `orders` paid by then (already formatted), not the whole day's (see peakDayCut in
 * summary.ts).
 */
export function peakDayCutNote(s: Zoned, cut: { endSec: number; dayEndSec: number; orders: string }, lang: Lang): string {
  const hm = formatWhen(s, cut.endSec, lang).slice(-5);
  const at = lang === "en" ? `${hm} on ${formatDay(s, cut.endSec, lang)}` : formatWhen(s, cut.endSec, lang);
  const end = formatWhen(s, cut.dayEndSec, lang, true).slice(-5);
  const horizon = fmtDuration(cut.dayEndSec, lang);
  return lang === "en"
    ? `The peak day is incomplete: the horizon ends at ${at}, before the day's demand ends (${end}), so the 12 h / 24 h shares cover only the ${cut.orders} peak-day orders paid by ${hm}, not the whole day's; for the whole day's, set the horizon to ${horizon} or more.`
    : `大促当天不完整：仿真在${at} 结束，早于当天需求结束（${end}），因此 12 / 24 小时内发货比例只统计 ${hm} 前付款的 ${cut.orders} 单大促当天订单，而非全天；要得到全天的比例，请把仿真时长（horizon）设为至少 ${horizon}。`;
}

const ADVICE_KINDS: Record<string, { en: string; zh: string }> = {
  bottleneck: { en: "Bottleneck", zh: "瓶颈" },
  balance: { en: "Staff balance", zh: "人手平衡" },
  unstaffed: { en: "Nobody on duty", zh: "无人在岗" },
  stopped: { en: "Could not work", zh: "有人无法作业" },
  deadline: { en: "Deadline", zh: "发货期限" },
  courier: { en: "Courier", zh: "快递" },
  dock: { en: "Dock", zh: "发货区" },
  ship12h: { en: "First 12 hours", zh: "前 12 小时" },
  returns: { en: "Returns", zh: "退货" },
};

/** An advice's kind in words (its code when unknown: a stored run's newer kind). */
export function adviceKindLabel(kind: string, lang: Lang): string {
  return ADVICE_KINDS[kind]?.[lang] ?? kind;
}

/** An amount of money: costs are in yuan (the scenario's rates per hour and per day), "¥41,213". */
export function fmtMoney(x: number): string {
  return Number.isFinite(x) ? `¥${fmtInt(x)}` : "–";
}
