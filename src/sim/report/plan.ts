/**
 * Exports of a capacity plan (`PlanResult`): terminal text, HTML (self-contained,
 * printable), XLSX, CSV (one table) and JSON. Pure: returns text or bytes; the
 * caller writes them atomically and supplies the manifest (version, scenario hash,
 * command; see manifest.ts).
 *
 * The tables are built once as plain data (columns with a kind, raw numbers) and
 * every renderer formats the same numbers, like the risk report (tables.ts). Shares
 * and probabilities stay 0..1 in the data; waits are minutes; costs are in the
 * scenario's currency over the costing period (`cost.days`).
 */
import { stringify } from "csv-stringify/sync";
import type { Scenario } from "../model/schema.js";
import type { MarginalEffect, PlanResult, PlanStep, RemovalVerdict, TargetCheck } from "../planner/types.js";
import { constraintText, stoppedText } from "../planner/search.js";
import { crewNote, signed } from "../planner/variables.js";
import { targetKey, targetLabel } from "../planner/targets.js";
import { esc } from "./html.js";
import { shiftSpan } from "../planner/shifts.js";
import { colon, fmtCell, fmtInt, fmtNum, fmtPct, type Lang, shiftLabel, stationLabel } from "./i18n.js";
import { type Manifest, manifestRows, names } from "./manifest.js";
import { addTable, workbookBytes } from "./xlsx.js";
import { type Cell, type ColKind, type Column, heading } from "./tables.js";
import { textTable } from "./text.js";

export const PLAN_TABLES = ["staffing", "targets", "marginal", "cost", "steps", "notes", "manifest"] as const;
export type PlanTableName = (typeof PLAN_TABLES)[number];
export const PLAN_FORMATS = ["text", "html", "xlsx", "csv", "json"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export interface PlanTable {
  name: PlanTableName;
  title: string;
  columns: Column[];
  rows: Cell[][];
  /** Per-row kind of the numeric "value" columns (targets mix shares and minutes). */
  rowKinds?: ColKind[];
}

const W = {
  en: {
    title: "Capacity plan",
    subtitle: "The cheapest staffing that meets the deadline-risk targets (Peakline planner)",
    verdictYes: "The plan meets every target.",
    verdictNo: "No plan found that meets every target: see the notes.",
    stopped: "Search stopped because",
    staffing: "Recommended staffing (people per shift)",
    targets: "Targets: risk with 95% confidence interval",
    marginal: "One person more or fewer (same seeds)",
    cost: "Cost",
    steps: "Search steps",
    notes: "Notes",
    manifest: "Reproducibility",
    station: "Station",
    shift: "Shift",
    permanent: "Permanent",
    temps: "Temps",
    total: "Total",
    current: "Scenario now",
    change: "Change",
    printers: "Printers (in use)",
    target: "Target",
    limit: "Limit",
    estimate: "Estimate",
    low: "95% CI low",
    high: "95% CI high",
    reps: "Replications",
    missed: "Replications that missed the limit",
    missedRuns: "{k} of them missed the limit",
    shares: "Peak-day orders shipped",
    sharesWithin: "within {h} h",
    sharesWorst: "worst replication",
    sharesRuns: "{n} replications",
    status: "Status",
    baseline: "Scenario now",
    stress: "At {f}x forecast",
    stressStatus: "Status at {f}x",
    move: "Change",
    allowed: "Allowed",
    blockedBy: "Blocked by",
    deltaCost: "Cost change",
    after: "after",
    delta: "change",
    item: "Item",
    plan: "Plan",
    scenario: "Scenario now",
    guess: "Analytic guess",
    labour: "Labour",
    printerCost: "Printers",
    totalCost: "Total",
    headcount: "Headcount",
    days: "Days costed",
    simulated: "Simulated charge (mean)",
    simulatedLine: "A run of this plan charges {sim} on average (labour and printers): it pays the shifts until the run ends, when the backlog is shipped and collected, not over the demand days the planner costs; {plan} is the planner's yardstick for comparing plans, budget from {sim}.",
    evaluation: "Evaluation",
    phase: "Phase",
    action: "Action",
    shortfall: "Shortfall",
    code: "Code",
    text: "Text",
    meets: "meets",
    fails: "fails",
    undecided: "undecided",
    yes: "yes",
    no: "no",
    bottleneck: "Binding bottleneck",
    constraints: "Constraints",
    cMinCrew: "crews of at least {n} per station and shift",
    cHeadcount: "at most {n} people",
    cPermanent: "at most {n} permanent",
    cBudget: "budget {n}",
    cNoTemps: "no temps beyond the scenario's",
    cFixed: "fixed",
    thisPlan: "This plan (same {n} seeds)",
    work: "Work",
    evaluations: "evaluations",
    runs: "replications simulated",
    workAfter: "then {e} evaluations, {r} replications checking the plan ({what})",
    workMarginal: "marginal effects",
    workStress: "{f}x forecast",
    spares: "spare(s)",
    min: "min",
    removal: "Removal pass",
    oneFewerPrinter: "one printer at least",
    operatorWithoutPrinter: "a print operator would have no printer",
    targetsDefault: "Targets: the defaults, as the scenario names none and none was given ({list}).",
  },
  zh: {
    title: "产能规划方案",
    subtitle: "满足发货时效风险目标的最低成本排班（Peakline 规划器）",
    verdictYes: "该方案满足全部目标。",
    verdictNo: "未找到满足全部目标的方案，见说明。",
    stopped: "搜索停止原因",
    staffing: "推荐排班（每班人数）",
    targets: "目标：风险及95%置信区间",
    marginal: "增减一人的影响（相同随机种子）",
    cost: "成本",
    steps: "搜索步骤",
    notes: "说明",
    manifest: "可复现信息",
    station: "工位",
    shift: "班次",
    permanent: "正式工",
    temps: "临时工",
    total: "合计",
    current: "当前场景",
    change: "变化",
    printers: "打印机（在用）",
    target: "目标",
    limit: "限值",
    estimate: "估计值",
    low: "95%置信下限",
    high: "95%置信上限",
    reps: "仿真次数",
    missed: "未达限值的仿真次数",
    missedRuns: "其中 {k} 次未达限值",
    shares: "大促当天订单发货比例",
    sharesWithin: "{h} 小时内",
    sharesWorst: "最差一次",
    sharesRuns: "{n} 次仿真",
    status: "状态",
    baseline: "当前场景",
    stress: "{f}倍预测量时",
    stressStatus: "{f}倍时状态",
    move: "调整",
    allowed: "允许",
    blockedBy: "受限于",
    deltaCost: "成本变化",
    after: "调整后",
    delta: "变化",
    item: "项目",
    plan: "方案",
    scenario: "当前场景",
    guess: "解析估算",
    labour: "人工",
    printerCost: "打印机",
    totalCost: "合计",
    headcount: "人数",
    days: "计费天数",
    simulated: "仿真计费（均值）",
    simulatedLine: "按本方案仿真，平均计费 {sim}（人工和打印机）：班次工资计到仿真结束，即积压订单发货并揽收完毕，而不是规划器计费的需求天数；{plan} 是规划器比较方案的口径，做预算请按 {sim}。",
    evaluation: "评估次数",
    phase: "阶段",
    action: "操作",
    shortfall: "差距",
    code: "代码",
    text: "内容",
    meets: "达标",
    fails: "未达标",
    undecided: "未定",
    yes: "是",
    no: "否",
    bottleneck: "瓶颈",
    constraints: "约束",
    cMinCrew: "每工位每班至少 {n} 人",
    cHeadcount: "总人数不超过 {n}",
    cPermanent: "正式工不超过 {n}",
    cBudget: "预算 {n}",
    cNoTemps: "不增加场景外的临时工",
    cFixed: "固定",
    thisPlan: "本方案（相同的 {n} 个种子）",
    work: "工作量",
    evaluations: "次评估",
    runs: "次仿真",
    workAfter: "之后核查方案（{what}）另用 {e} 次评估、{r} 次仿真",
    workMarginal: "边际影响",
    workStress: "{f}倍预测量",
    spares: "台备用",
    min: "分钟",
    removal: "减人环节",
    oneFewerPrinter: "至少保留一台打印机",
    operatorWithoutPrinter: "会有打单员没有打印机",
    targetsDefault: "目标：场景未设目标，也没有另行给出，使用默认目标（{list}）。",
  },
} as const;

type Words = (typeof W)["en"];
const words = (lang: Lang): Words => W[lang] as unknown as Words;

const PHASES: Record<PlanStep["phase"], { en: string; zh: string }> = {
  guess: { en: "start", zh: "起点" },
  add: { en: "add", zh: "加人" },
  remove: { en: "remove", zh: "减人" },
};

/** A step's action: the move in words, or where the search started. */
function stepAction(st: PlanStep, scenario: Scenario | undefined, lang: Lang): string {
  if (st.move) return moveText(st.move, scenario, lang);
  if (lang === "en") return st.action;
  return st.action.includes("scenario") ? "从场景现有排班开始" : "从解析估算方案开始";
}

export function stoppedLabel(r: PlanResult, lang: Lang): string {
  return stoppedText(r.stoppedBecause)[lang];
}

const col = (key: string, label: string, kind: ColKind, signed = false): Column => (signed ? { key, label, kind, signed } : { key, label, kind });

function stationName(s: Scenario | undefined, id: string, lang: Lang): string {
  const st = s?.stations.find((x) => x.id === id);
  return st ? stationLabel(st, lang) : id;
}

function statusWord(st: TargetCheck["status"], lang: Lang): string {
  return words(lang)[st];
}

function moveText(m: MarginalEffect["move"], s: Scenario | undefined, lang: Lang): string {
  const w = words(lang);
  const sign = signed(m.delta);
  if (m.kind === "printers") return `${w.printers} ${sign}`;
  const type = m.type === "permanent" ? w.permanent : w.temps;
  const printers = m.printers ? (lang === "en" ? ` (+${m.printers} printer${m.printers > 1 ? "s" : ""})` : `（+${m.printers} 台打印机）`) : "";
  return `${stationName(s, m.station, lang)} / ${shiftLabel(m.shift, lang)} ${sign} ${type}${printers}${crewNote(m, lang)}`;
}

/** The constraint that blocks a marginal move, in words ("" when none). */
function blockedText(m: MarginalEffect, lang: Lang): string {
  const w = words(lang);
  if (!m.blockedBy) return "";
  if (m.move.kind === "printers" && m.move.delta < 0) {
    if (m.blockedBy === "minimum") return w.oneFewerPrinter;
    if (m.blockedBy === "printers") return w.operatorWithoutPrinter;
  }
  return constraintText(m.blockedBy)[lang];
}

/**
 * Why the plan keeps what a one-fewer move takes away although the marginal table
 * shows every target still met by the point estimates on its seeds: the removal
 * pass's verdict (see RemovalVerdict), which uses its own seeds and the full rule.
 */
export function removalText(v: RemovalVerdict, r: PlanResult, lang: Lang): string {
  const en = lang === "en";
  const n = v.replications ?? 0;
  switch (v.outcome) {
    case "screen":
      return en ? `kept: the removal pass saw a target missed on its first ${n} seeds` : `保留：减人环节在前 ${n} 个种子上即见目标未达标`;
    case "fails":
      return en ? `kept: the removal pass found a target missed over ${n} seeds` : `保留：减人环节用 ${n} 个种子判定目标未达标`;
    case "undecided":
      return en
        ? `kept: not shown to meet the targets at 95% confidence within ${n} replications (--max-replications)`
        : `保留：在 ${n} 次仿真内（--max-replications）无法以95%置信度证明达标`;
    default:
      if (!r.meets) return en ? "not tried: this plan itself is not shown to meet the targets" : "未尝试：本方案本身未被证明达标";
      return en ? `not tried: the search stopped first (${stoppedText(v.reason ?? r.stoppedBecause).en})` : `未尝试：搜索已先停止（${stoppedText(v.reason ?? r.stoppedBecause).zh}）`;
  }
}

/** Every table of the plan report as plain data. `scenario` (the one planned) gives station names and current staffing. */
export function buildPlanTables(r: PlanResult, lang: Lang, scenario?: Scenario): Record<Exclude<PlanTableName, "manifest">, PlanTable> {
  const w = words(lang);
  const cur = r.baseline.plan;

  // Staffing: one row per station x shift with anyone now or in the plan, then printers.
  // A tried shift (not in the scenario) says so, with its hours.
  const tried = new Map((r.tryShifts ?? []).map((sh) => [sh.id, sh]));
  const shiftName = (id: string) => {
    const sh = tried.get(id);
    return sh ? `${shiftLabel(id, lang)} ${lang === "zh" ? `（新增：${shiftSpan(sh, lang)}）` : `(new: ${shiftSpan(sh, lang)})`}` : shiftLabel(id, lang);
  };
  const staffingRows: Cell[][] = [];
  for (const st of r.stations) {
    for (const sh of r.shifts) {
      const p = r.plan.roster[st]?.[sh] ?? 0;
      const t = r.plan.temps[st]?.[sh] ?? 0;
      const cp = cur.roster[st]?.[sh] ?? 0;
      const ct = cur.temps[st]?.[sh] ?? 0;
      if (p + t + cp + ct === 0) continue;
      staffingRows.push([stationName(scenario, st, lang), shiftName(sh), p, t, p + t, cp + ct, p + t - cp - ct]);
    }
  }
  staffingRows.push([w.printers, "", r.plan.printers, null, r.plan.printers, cur.printers, r.plan.printers - cur.printers]);
  const staffing: PlanTable = {
    name: "staffing",
    title: w.staffing,
    columns: [col("station", w.station, "text"), col("shift", w.shift, "text"), col("permanent", w.permanent, "int"), col("temps", w.temps, "int"), col("total", w.total, "int"), col("current", w.current, "int"), col("change", w.change, "int", true)],
    rows: staffingRows,
  };

  // Targets.
  const f = r.stress ? String(+r.stress.forecastFactor.toFixed(2)) : "2";
  const kindOf = (c: TargetCheck): ColKind => (c.unit === "min" ? "num2" : "pct");
  const targets: PlanTable = {
    name: "targets",
    title: w.targets,
    columns: [
      col("target", w.target, "text"),
      col("limit", w.limit, "num"),
      col("estimate", w.estimate, "num"),
      col("low", w.low, "num"),
      col("high", w.high, "num"),
      col("replications", w.reps, "int"),
      col("missedRuns", w.missed, "int"),
      col("status", w.status, "text"),
      col("baseline", w.baseline, "num"),
      col("stress", w.stress.replace("{f}", f), "num"),
      col("stressStatus", w.stressStatus.replace("{f}", f), "text"),
    ],
    rows: r.evaluation.checks.map((c, i) => {
      const b = r.baseline.checks[i];
      const s = r.stress?.checks[i];
      return [c.label[lang], c.limit, c.estimate, c.low, c.high, c.replications, c.missedRuns ?? null, statusWord(c.status, lang), b?.estimate ?? null, s?.estimate ?? null, s ? statusWord(s.status, lang) : null];
    }),
    rowKinds: r.evaluation.checks.map(kindOf),
  };

  // Marginal effects: per target the estimate after the move and its change.
  const keys = r.evaluation.checks.map((c) => c.key);
  const targetName = (c: TargetCheck) => (scenario ? targetLabel(c.target, scenario)[lang] : c.label[lang]);
  const marginal: PlanTable = {
    name: "marginal",
    title: w.marginal,
    columns: [
      col("move", w.move, "text"),
      col("allowed", w.allowed, "text"),
      col("blockedBy", w.blockedBy, "text"),
      col("deltaCost", w.deltaCost, "int", true),
      // Headed by the target's name in the report's language (its rule or station by name); the key stays the column's id.
      ...r.evaluation.checks.flatMap((c) => [col(`${c.key}.after`, `${targetName(c)} ${w.after}`, kindOf(c)), col(`${c.key}.delta`, `${targetName(c)} ${w.delta}`, kindOf(c), true)]),
      // Last, so the columns before keep their places: why a one-fewer that still meets by the point estimates is kept.
      col("removal", w.removal, "text"),
    ],
    rows: [
      ...baseRow(),
      ...r.marginal.map((m) => [
      moveText(m.move, scenario, lang),
      m.allowed ? w.yes : w.no,
      blockedText(m, lang),
      m.deltaCost,
      ...keys.flatMap((k) => {
        const e = m.effects?.find((x) => x.key === k);
        return [e?.estimate ?? null, e?.delta ?? null];
      }),
      m.move.delta < 0 && m.meetsPoint && m.removal ? removalText(m.removal, r, lang) : "",
      ]),
    ],
  };
  function baseRow(): Cell[][] {
    const base = r.marginal.find((m) => m.base)?.base;
    if (!base) return [];
    const n = r.marginal.find((m) => m.base)?.replications ?? 0;
    return [[w.thisPlan.replace("{n}", String(n)), "", "", 0, ...keys.flatMap((k) => [base.find((x) => x.key === k)?.estimate ?? null, null]), ""]];
  }

  // Cost: plan, scenario now, analytic guess.
  const c = r.evaluation.cost;
  const b = r.baseline.cost;
  const g = r.guess.cost;
  const cost: PlanTable = {
    name: "cost",
    title: w.cost,
    columns: [col("item", w.item, "text"), col("plan", w.plan, "num"), col("scenario", w.scenario, "num"), col("guess", w.guess, "num")],
    rows: [
      [w.labour, c.labour, b.labour, g.labour],
      [w.printerCost, c.printers, b.printers, g.printers],
      [w.totalCost, c.total, b.total, g.total],
      [w.headcount, c.headcount, b.headcount, g.headcount],
      [w.permanent, c.permanent, b.permanent, g.permanent],
      [w.temps, c.temps, b.temps, g.temps],
      [w.days, c.days, b.days, g.days],
      [w.simulated, r.evaluation.simulatedCost.total, r.baseline.simulatedCost.total, null],
    ],
    // Money as numbers; people and days as whole numbers (not "13.0").
    rowKinds: ["num", "num", "num", "int", "int", "int", "int", "num"],
  };

  const steps: PlanTable = {
    name: "steps",
    title: w.steps,
    columns: [col("evaluation", w.evaluation, "int"), col("phase", w.phase, "text"), col("action", w.action, "text"), col("cost", w.totalCost, "num"), col("shortfall", w.shortfall, "num2"), col("status", w.status, "text"), col("replications", w.reps, "int")],
    rows: r.steps.map((s) => [s.evaluation, PHASES[s.phase][lang], stepAction(s, scenario, lang), s.cost, s.shortfall, statusWord(s.status, lang), s.replications]),
  };

  const noteRows: Cell[][] = [];
  if (r.bottleneck) noteRows.push(["bottleneck", r.bottleneck[lang]]);
  for (const n of r.notes) noteRows.push([n.code, n[lang]]);
  const notes: PlanTable = { name: "notes", title: w.notes, columns: [col("code", w.code, "text"), col("text", w.text, "text")], rows: noteRows };

  return { staffing, targets, marginal, cost, steps, notes };
}

/** A manifest for a plan export (same shape as the risk report's; seeds = the recommended plan's replications). */
export function buildPlanManifest(r: PlanResult, scenario: Scenario, info: { version: string; sha256: string; command: string; generatedAt?: string; runtime?: string }, seeds: number[]): Manifest {
  const m: Manifest = {
    peaklineVersion: info.version,
    ...names(scenario),
    scenarioSha256: info.sha256,
    scenario,
    seed: r.settings.seed,
    replications: r.evaluation.replications,
    seeds,
    command: info.command,
  };
  if (info.generatedAt) m.generatedAt = info.generatedAt;
  if (info.runtime) m.runtime = info.runtime;
  return m;
}

// ---------------------------------------------------------------- formatting

function kindAt(tb: PlanTable, row: number, c: Column): ColKind {
  return tb.rowKinds && c.kind === "num" ? tb.rowKinds[row] : c.kind;
}

function formatRows(tb: PlanTable): string[][] {
  return tb.rows.map((r, i) => tb.columns.map((c, j) => fmtCell(r[j], kindAt(tb, i, c), 1, c.signed)));
}

function ciText(c: TargetCheck): string {
  const f = (x: number) => (c.unit === "min" ? `${fmtNum(x, 2)}` : fmtPct(x, 1));
  return `${f(c.estimate)} [${f(c.low)}, ${f(c.high)}]`;
}

function headline(r: PlanResult, lang: Lang): string[] {
  const w = words(lang);
  const c = r.evaluation.cost;
  const en = lang === "en";
  // Chinese punctuation in the Chinese text.
  const [colon, stop, semi, comma] = en ? [": ", ".", "; ", ", "] : ["：", "。", "；", "，"];
  const paren = (x: string) => (en ? ` (${x})` : `（${x}）`);
  return [
    r.meets ? w.verdictYes : w.verdictNo,
    // Targets nobody chose: say so (the JSON has targetsSource "default").
    ...(r.targetsSource === "default" ? [w.targetsDefault.replace("{list}", r.targets.map((x) => JSON.stringify(targetKey(x))).join(en ? ", " : "、"))] : []),
    // In words only: the code is in the JSON (`stoppedBecause`).
    `${w.stopped}${colon}${stoppedLabel(r, lang)}${stop}`,
    `${w.cost}${colon}${w.labour} ${fmtInt(c.labour)} + ${w.printerCost} ${fmtInt(c.printers)} = ${fmtInt(c.total)}${paren(`${w.days} ${c.days}${semi}${w.scenario} ${fmtInt(r.baseline.cost.total)}`)}${stop}`,
    // What a budget needs: the runs pay the shifts until they end, past the demand days the planner costs.
    ...(Number.isFinite(r.evaluation.simulatedCost?.total) ? [w.simulatedLine.replaceAll("{sim}", fmtInt(r.evaluation.simulatedCost.total)).replace("{plan}", fmtInt(c.total))] : []),
    ...r.evaluation.checks.map((x) => `${x.label[lang]}${colon}${ciText(x)} — ${statusWord(x.status, lang)}${paren(`n = ${x.replications}${x.missedRuns ? `${semi}${w.missedRuns.replace("{k}", fmtInt(x.missedRuns))}` : ""}`)}`),
    ...sharesLine(r, lang),
    ...(r.bottleneck ? [`${w.bottleneck}${colon}${r.bottleneck[lang]}`] : []),
    ...constraintsLine(r, lang),
    // The search's work is what --max-evaluations and --max-runs bound; the checks after it are counted apart.
    `${w.work}${colon}${r.work.evaluations} ${w.evaluations}${comma}${r.work.runs} ${w.runs}${r.work.after ? `${semi}${workAfter(r, lang)}` : ""}${stop}`,
  ];
}

/**
 * The peak-day shares within 12 h and 24 h, with or without targets on them: "Peak-day
 * orders shipped: within 12 h 54.9% [48.3%, 61.5%], worst replication 16.6%; within 24 h 98.9%
 * [96.6%, 100.0%], worst replication 78.2% (20 replications)". None for a plan result stored before.
 */
function sharesLine(r: PlanResult, lang: Lang): string[] {
  const sw = r.evaluation.shippedWithin;
  if (!sw) return [];
  const w = words(lang);
  const en = lang === "en";
  const parts = ([12, 24] as const).flatMap((h) => {
    const f = sw[h === 12 ? "h12" : "h24"];
    return f ? [{ h, f }] : [];
  });
  if (!parts.length) return [];
  const n = Math.max(...parts.map((x) => x.f.n));
  const body = parts.map(({ h, f }) => `${w.sharesWithin.replace("{h}", String(h))} ${fmtPct(f.mean, 1)} [${fmtPct(f.low, 1)}, ${fmtPct(f.high, 1)}]${en ? ", " : "，"}${w.sharesWorst} ${fmtPct(f.min, 1)}`).join(en ? "; " : "；");
  const runs = w.sharesRuns.replace("{n}", String(n));
  return [`${w.shares}${en ? ": " : "："}${body}${en ? ` (${runs}).` : `（${runs}）。`}`];
}

/** "Constraints: crews of at least 2 per station and shift; at most 20 people; fixed pick.day=3" (none: no line; maxStaff is the scenario's). */
function constraintsLine(r: PlanResult, lang: Lang): string[] {
  const w = words(lang);
  const c = r.constraints;
  const en = lang === "en";
  const n = (x: number) => fmtInt(x);
  const parts: string[] = [];
  if ((c.minCrew ?? 1) > 1) parts.push(w.cMinCrew.replace("{n}", n(c.minCrew!)));
  if (c.maxHeadcount !== undefined) parts.push(w.cHeadcount.replace("{n}", n(c.maxHeadcount)));
  if (c.maxPermanent !== undefined) parts.push(w.cPermanent.replace("{n}", n(c.maxPermanent)));
  if (c.budget !== undefined) parts.push(w.cBudget.replace("{n}", n(c.budget)));
  if (!c.allowTemps) parts.push(w.cNoTemps);
  const fixed = Object.entries(c.fixed).map(([k, v]) => (k === "printers" ? `printers=${v}` : `${k.replace(/\.permanent$/, "").replace(/\.temp$/, ".temps")}=${v}`));
  if (fixed.length) parts.push(`${w.cFixed} ${fixed.join(en ? ", " : "，")}`);
  return parts.length ? [`${w.constraints}${en ? ": " : "："}${parts.join(en ? "; " : "；")}${en ? "." : "。"}`] : [];
}

/** The checks after the search (outside its bounds): "then 15 evaluations, 267 replications checking the plan (marginal effects, 2x forecast)". */
function workAfter(r: PlanResult, lang: Lang): string {
  const w = words(lang);
  const a = r.work.after!;
  const what: string[] = [];
  if (r.marginal.length) what.push(w.workMarginal);
  if (r.stress) what.push(w.workStress.replace("{f}", String(+r.stress.forecastFactor.toFixed(2))));
  return w.workAfter
    .replace("{e}", String(a.evaluations))
    .replace("{r}", String(a.runs))
    .replace(lang === "en" ? " ({what})" : "（{what}）", what.length ? (lang === "en" ? ` (${what.join(", ")})` : `（${what.join("、")}）`) : "");
}

/** "Capacity plan: name" / "产能规划方案：name" (a full-width colon, no space, in Chinese). */
function titleLine(r: PlanResult, lang: Lang): string {
  return `${words(lang).title}${colon(lang)}${planScenario(r, lang)}`;
}

/** The plan's scenario name in `lang`. */
const planScenario = (r: PlanResult, lang: Lang): string => (lang === "zh" ? (r.scenarioZh ?? r.scenario) : r.scenario);

/** Terminal text: headline, staffing, targets, marginal effects, notes. */
export function renderPlanText(r: PlanResult, lang: Lang, scenario?: Scenario): string {
  const w = words(lang);
  const tables = buildPlanTables(r, lang, scenario);
  const out: string[] = [titleLine(r, lang), "", ...headline(r, lang), ""];
  const show = (tb: PlanTable) => {
    if (tb.rows.length === 0) return;
    out.push(`## ${tb.title}`);
    out.push(
      textTable(
        tb.columns.map((c) => heading(c, "percent", lang)),
        formatRows(tb),
      ),
    );
    out.push("");
  };
  show(tables.staffing);
  show(tables.targets);
  // A terminal is narrow: the marginal table heads each target's columns T1, T2, ... and names them below.
  const checks = r.evaluation.checks;
  const short = new Map(checks.flatMap((c, i) => [[`${c.key}.after`, `T${i + 1} ${w.after}`], [`${c.key}.delta`, `T${i + 1} ${w.delta}`]]));
  const rows = out.length;
  show({ ...tables.marginal, columns: tables.marginal.columns.map((c) => (short.has(c.key) ? { ...c, label: short.get(c.key)! } : c)) });
  const named = (c: TargetCheck) => (scenario ? targetLabel(c.target, scenario)[lang] : c.label[lang]);
  if (out.length > rows) out.splice(out.length - 1, 0, ...checks.map((c, i) => `T${i + 1}${colon(lang)}${named(c)}`));
  if (r.notes.length) {
    out.push(`## ${w.notes}`);
    for (const n of r.notes) out.push(`- ${n[lang]}`);
    out.push("");
  }
  return out.join("\n");
}

// ---------------------------------------------------------------- HTML

const CSS = `
body{font-family:-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1100px;color:#111;padding:0 1em}
h1{margin-bottom:0}.sub{color:#555;margin-top:.2em}
.verdict{font-size:1.15em;padding:.6em 1em;border-radius:6px;margin:1em 0}
.ok{background:#e6f4ea;border:1px solid #8bc79a}.bad{background:#fdecea;border:1px solid #e59a92}
table.data{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.92em}
table.data th,table.data td{border:1px solid #ccd;padding:.3em .6em}
table.data th{background:#e8eef5;text-align:left}td.num,th.num{text-align:right}
.pos{color:#b03030}.neg{color:#207040}
ul.notes li{margin:.3em 0}
@media print{body{margin:0}.verdict{break-inside:avoid}}
`;

function htmlTable(tb: PlanTable, lang: Lang): string {
  const head = tb.columns.map((c) => `<th class="${c.kind === "text" ? "" : "num"}">${esc(heading(c, "percent", lang))}</th>`).join("");
  const body = tb.rows
    .map((row, i) => {
      const cells = tb.columns
        .map((c, j) => {
          const text = esc(fmtCell(row[j], kindAt(tb, i, c), 1, c.signed));
          const cls = c.kind === "text" ? "" : "num";
          const sign = (c.key === "change" || c.key === "deltaCost") && typeof row[j] === "number" && row[j] !== 0 ? ((row[j] as number) > 0 ? " pos" : " neg") : "";
          return `<td class="${cls}${sign}">${text}</td>`;
        })
        .join("");
      return `<tr>${cells}</tr>`;
    })
    .join("\n");
  return `<h2>${esc(tb.title)}</h2>\n<table class="data"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** One self-contained HTML page (no scripts, no network references). */
export function renderPlanHtml(r: PlanResult, lang: Lang, manifest: Manifest, scenario?: Scenario): string {
  const w = words(lang);
  const tables = buildPlanTables(r, lang, scenario);
  const lines = headline(r, lang);
  const man = manifestRows(manifest, lang).filter(([k]) => k !== "scenario");
  return `<!doctype html>
<html lang="${lang === "zh" ? "zh-CN" : "en"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(w.title)} · ${esc(planScenario(r, lang))}</title>
<style>${CSS}</style></head><body>
<h1>${esc(titleLine(r, lang))}</h1>
<p class="sub">${esc(w.subtitle)}</p>
<div class="verdict ${r.meets ? "ok" : "bad"}">${lines.map((l) => esc(l)).join("<br>")}</div>
${htmlTable(tables.staffing, lang)}
${htmlTable(tables.targets, lang)}
${tables.marginal.rows.length ? htmlTable(tables.marginal, lang) : ""}
${htmlTable(tables.cost, lang)}
<h2>${esc(w.notes)}</h2>
<ul class="notes">${tables.notes.rows.map((n) => `<li>${esc(String(n[1]))}</li>`).join("") || "<li>–</li>"}</ul>
${htmlTable(tables.steps, lang)}
<h2>${esc(w.manifest)}</h2>
<table class="data"><tbody>${man.map(([, label, value]) => `<tr><th>${esc(label)}</th><td>${esc(value)}</td></tr>`).join("\n")}</tbody></table>
</body></html>
`;
}

// ---------------------------------------------------------------- XLSX

/** The workbook as bytes (.xlsx): one sheet per table and the manifest. */
export function renderPlanXlsx(r: PlanResult, lang: Lang, manifest: Manifest, scenario?: Scenario): Promise<Uint8Array> {
  return workbookBytes(words(lang).title, manifest, lang, (wb) => {
    const tables = buildPlanTables(r, lang, scenario);
    addTable(wb, "Staffing", tables.staffing, lang);
    addTable(wb, "Targets", tables.targets, lang);
    addTable(wb, "Marginal", tables.marginal, lang);
    addTable(wb, "Cost", tables.cost, lang);
    addTable(wb, "Steps", tables.steps, lang);
    addTable(wb, "Notes", tables.notes, lang);
  });
}

// ---------------------------------------------------------------- CSV and JSON

function csvCell(v: Cell): string | number {
  if (v === null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? (Number.isInteger(v) ? v : Math.round(v * 1e6) / 1e6) : "";
  return v;
}

/** One table as CSV (UTF-8 with BOM, RFC 4180 quoting; shares raw 0..1). Throws RangeError for an unknown table. */
export function renderPlanCsv(r: PlanResult, lang: Lang, table: string, manifest: Manifest, scenario?: Scenario): string {
  const csv = (header: string[], rows: (string | number)[][]) => stringify([header, ...rows], { bom: true, record_delimiter: "\r\n" });
  if (table === "manifest") {
    const en = lang === "en";
    return csv([en ? "Key" : "键", en ? "Item" : "项目", en ? "Value" : "值"], manifestRows(manifest, lang));
  }
  if (!(PLAN_TABLES as readonly string[]).includes(table)) throw new RangeError(`unknown table "${table}"; tables are ${PLAN_TABLES.join(", ")}`);
  const tb = buildPlanTables(r, lang, scenario)[table as Exclude<PlanTableName, "manifest">];
  return csv(
    tb.columns.map((c) => heading(c, "fraction", lang)),
    tb.rows.map((row) => row.map(csvCell)),
  );
}

/** The plan as JSON: `{ plan: PlanResult, manifest }`; non-finite numbers become null. */
export function renderPlanJson(r: PlanResult, manifest: Manifest): string {
  return `${JSON.stringify({ schemaVersion: 1, kind: "peakline-plan", plan: r, manifest }, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)}\n`;
}

export interface PlanRenderOptions {
  format: PlanFormat;
  lang: Lang;
  manifest: Manifest;
  /** CSV only (default "staffing"). */
  table?: string;
  /** The scenario planned: station names and current staffing. */
  scenario?: Scenario;
}

/** Renders a plan export: a string for text/html/csv/json, bytes for xlsx. */
export async function renderPlan(r: PlanResult, o: PlanRenderOptions): Promise<string | Uint8Array> {
  switch (o.format) {
    case "text":
      return renderPlanText(r, o.lang, o.scenario);
    case "html":
      return renderPlanHtml(r, o.lang, o.manifest, o.scenario);
    case "xlsx":
      return renderPlanXlsx(r, o.lang, o.manifest, o.scenario);
    case "csv":
      return renderPlanCsv(r, o.lang, o.table ?? "staffing", o.manifest, o.scenario);
    case "json":
      return renderPlanJson(r, o.manifest);
    default:
      throw new RangeError(`unknown plan format "${String(o.format)}"; formats are ${PLAN_FORMATS.join(", ")}`);
  }
}
