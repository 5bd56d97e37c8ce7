/**
 * The capacity planner: the cheapest staffing (people per station per shift,
 * permanent and temporary, and printers) whose risk meets every target.
 *
 * Method (the README paragraph says the same in prose):
 * 1. Analytic first guess from the load (guess.ts): fluid windows and Erlang C.
 * 2. Greedy add on the bottleneck, simulated with common random numbers: while the
 *    plan does not meet the targets, rank the moves "+1 person at station x shift"
 *    (and "+1 printer") by bottleneck pressure per cost (queue-hours while busy in
 *    the hours that matter to the targets), simulate the best `candidates` on the
 *    same seeds and keep the one with the largest drop in target shortfall per
 *    unit of cost. Comparisons use the first `replications` seeds plus the seeds
 *    where the current plan did worst (CRN: a move's effect shows where it matters).
 * 3. Removal pass: from the first plan that meets the targets, try removing one
 *    person at a time, least utilised per unit of cost first (temps before
 *    permanent staff on the same shift), and keep a removal when the targets still
 *    hold by the statistical rule. Passes repeat until one removes no one (a removal
 *    that failed may hold after another), and each rejected plan's verdict is kept
 *    for the marginal table. Throughout, every print operator on duty has a printer
 *    (an added one brings his; a printer stays while its operator does; with the
 *    printers fixed no operator is added beyond them), unless the user fixed both.
 * 4. Statistical rule: a plan meets a target when the 95% interval of its risk is
 *    on the good side of the limit (Wilson upper bound for P(any late), t bounds for
 *    shares and waits). While the interval straddles the limit and the point
 *    estimate is on the good side, replications are added (doubling, or straight to
 *    the fewest that could show a probability target) up to `maxReplications`; a
 *    plan still undecided there, or whose point estimate misses, does not meet.
 * 5. Bounds: `maxEvaluations` (batches of replications) and `maxRuns` (replications)
 *    bound the search, hard: a batch of candidates is cut to what is left before it
 *    starts. `stoppedBecause` says which bound, or which other reason, ended it. An
 *    AbortSignal stops between evaluations with the best plan so far.
 * 6. Afterwards: the marginal effect of +1/-1 at each station and shift and of a
 *    printer (same seeds), and the plan re-checked at 2x the forecast; outside the
 *    bounds, their work counted apart (`work.after`).
 *
 * Pure: no I/O; simulations go through the injected `evaluate`.
 */
import type { Scenario, Target } from "../model/schema.js";
import { decideAll, Evaluator, overallStatus, StopSearch, toChecks, toEvaluation, totalShortfall, type Evaluate, type RunDigest } from "./evaluator.js";
import { analyticGuess, idlePeakHours } from "./guess.js";
import { peopleOnShift, plannedScenario, type ShiftSpec, shiftSpan, type TriedShift, withShifts, worksBetween } from "./shifts.js";

/** Share of the peak day's orders paid while the line cannot work above which the plan's notes say so. */
const IDLE_NOTE_SHARE = 0.05;
import { type MessageStyle, PlannerOptions, PlannerOptionsCli, type PlannerOptionsInput } from "./options.js";
import { checkHorizon, checkTargets, minReplicationsFor, planTargets, pointMeets, targetKey, type TargetDecision, type TargetsSource } from "./targets.js";
import type { BottleneckInfo, ConstraintId, MarginalEffect, Move, Note, PlanConstraintsResolved, PlanEvaluation, PlanProgress, PlanResult, PlanSettings, PlanStep, PlanVariables, PlanWarning, RemovalVerdict, StoppedBecause, WorkerType } from "./types.js";
import {
  applyMove,
  applyPlan,
  demandDays,
  shiftDaysIn,
  enforceFixed,
  fitPrintOperators,
  getCount,
  idlePrintOperatorsAt,
  minPrinters,
  moveBlockedBy,
  moveCost,
  moveLabel,
  moveLabelZh,
  peakOnDuty,
  planCost,
  planKey,
  planOf,
  printStations,
  resolveFixed,
  staffMove,
  crewOf,
  minCrewOf,
  usablePrintOperators,
  violated,
} from "./variables.js";
import { explainSchemaIssue } from "../model/load.js";
import { toSec } from "../model/time.js";
import { scenarioWarnings, type WarningNames } from "../model/warnings.js";
import { shiftLabel, stationLabel } from "../report/i18n.js";

/**
 * Fewest replications on which a share or wait target (t interval) counts as met. Ten
 * runs of a skewed figure make an over-confident interval: a day lost to a rare event
 * (the one print operator absent, 3% of days) is missing from 10 runs three times in
 * four, and a plan "met" 95% within 24 h at 99.8% [99.5%, 100%] on 10 runs averaged
 * 93.5% on 20. Twenty is also what the one-more/one-fewer table re-simulates, so a plan
 * declared met is never shown missing its target there on the same seeds by the mean.
 */
export const MIN_MEETS_T = 20;

/** Least drop of the shortfall, relative to the current one, that counts as progress. */
const MIN_RELATIVE_DROP = 0.005;

export interface PlanHooks {
  /** Runs the scenario once per seed (required): in-process `replicate`, or the worker pool. */
  evaluate: Evaluate;
  onProgress?(p: PlanProgress): void;
  /** Aborting stops the search between evaluations; the best plan so far is returned. */
  signal?: AbortSignal;
  /** Where the plan was asked, for the notes' wording: "cli" names flags (--min-crew), "page" (default) the page's fields. */
  wording?: "cli" | "page";
  /** How the warnings name the scenario's fields (the API: a what-if by its index in the request). */
  warningNames?: WarningNames;
}

export interface PlanInputIssue {
  path: string;
  message: string;
  /** The message in Chinese, where there is one (the CLI shows it with --lang zh). */
  zh?: string;
}

/** Bad planner input (options, targets, fixed variables): the boundary answers 2 / HTTP 400. */
export class PlanInputError extends Error {
  constructor(readonly issues: PlanInputIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
    this.name = "PlanInputError";
  }
}

export interface PlanRequest {
  /** The scenario planned: the one given, with the tried shifts after its own (nobody on them). */
  scenario: Scenario;
  /** Shifts the planner may add (options.tryShifts), parsed. */
  tryShifts: ShiftSpec[];
  options: PlannerOptions;
  targets: Target[];
  /** Where `targets` come from: the options, the scenario, or the defaults (neither names any). */
  targetsSource: TargetsSource;
  constraints: PlanConstraintsResolved;
  settings: PlanSettings;
}

/**
 * Validates options against the scenario (targets, fixed variables, ranges, late
 * targets whose deadline the horizon cannot reach). Targets: `options.targets` when
 * given, else the scenario's `targets`, else the default targets (see planTargets).
 * `style` words the option messages for the API (default) or the CLI (see options.ts).
 */
export function validatePlanRequest(
  scenario0: Scenario,
  input: PlannerOptionsInput | PlannerOptions,
  style: MessageStyle = "api",
): { ok: true; request: PlanRequest } | { ok: false; issues: PlanInputIssue[] } {
  // The same rules either way; only the wording differs (JSON field names, or text to print after a flag).
  const schema = style === "cli" ? PlannerOptionsCli : PlannerOptions;
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    // The Chinese as the loader words a scenario's problems (the value, the range or values allowed), or the schema's own.
    const zh = (i: (typeof parsed.error.issues)[number]) => explainSchemaIssue(schema, i, input).map((e) => e.zh).join("；");
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(options)", message: i.message, zh: zh(i) })) };
  }
  const o = parsed.data;
  const issues: PlanInputIssue[] = [];
  // Tried shifts join the scenario's own before anything else is checked: --fix and the
  // crew rule may name them. Their ids must be new (a roster names shifts by id).
  const taken = new Map(scenario0.staff.shifts.map((sh) => [sh.id, "scenario"] as [string, string]));
  o.tryShifts.forEach((sh, i) => {
    const clash = taken.get(sh.id);
    if (clash !== undefined) {
      const field = style === "api" ? `tryShifts[${i}].id` : "--try-shift";
      issues.push({
        path: style === "api" ? `tryShifts[${i}].id` : `tryShifts[${i}]`,
        message:
          clash === "scenario"
            ? `${style === "api" ? `${field} ` : ""}"${sh.id}" is already a shift of the scenario (${scenario0.staff.shifts.map((x) => x.id).join(", ")}); give the new shift another id`
            : `${style === "api" ? `${field} ` : ""}"${sh.id}" is tried twice; give each shift its own id`,
        zh: clash === "scenario" ? `"${sh.id}" 已是场景中的班次（${scenario0.staff.shifts.map((x) => x.id).join("、")}）；请给新班次另起一个 id` : `"${sh.id}" 重复出现；每个班次请用不同的 id`,
      });
    }
    taken.set(sh.id, "tried");
    // The plan is costed over the demand days: a shift working on none of them would be free.
    const days = demandDays(scenario0);
    if (shiftDaysIn(scenario0, sh, days) === 0) {
      const list = Array.from({ length: days }, (_, d) => d).join(", ");
      issues.push({
        path: style === "api" ? `tryShifts[${i}].days` : `tryShifts[${i}]`,
        message: `${style === "api" ? `tryShifts[${i}].days ` : ""}${JSON.stringify(sh.days)}: the shift works on none of the demand days (day ${list}), over which the planner costs a plan; give days among them`,
        zh: `${style === "api" ? `tryShifts[${i}].days ` : ""}${JSON.stringify(sh.days)}：该班次不在任何一个需求日（第 ${list.replaceAll(", ", "、")} 天）上班，而规划器按需求日计算方案成本；请从中选择 days`,
      });
    }
  });
  const s = withShifts(scenario0, o.tryShifts);
  const { targets, source: targetsSource } = planTargets(s, o.targets);
  if (targets.length === 0) {
    issues.push({
      path: "targets",
      message: 'no target: give at least one, such as "late:d11-ship<=5%", "within24h>=95%" or "wait:pack<=30min"',
      zh: '没有目标：请至少给出一个，如 "late:d11-ship<=5%"、"within24h>=95%" 或 "wait:pack<=30min"',
    });
  }
  issues.push(...checkTargets(s, targets));
  // Only for known rules (an unknown one is reported above).
  issues.push(...checkHorizon(s, targets));
  const fixed = resolveFixed(s, o.fixed, { allowTemps: o.allowTemps, maxHeadcount: o.maxHeadcount, maxPermanent: o.maxPermanent, minCrew: o.minCrew, style });
  if (!fixed.ok) issues.push(...fixed.errors);
  // A crew must fit at each station: a station whose maxStaff is below it could only stay empty.
  const tight = s.stations.filter((st) => st.maxStaff < o.minCrew);
  if (tight.length > 0) {
    const room = Math.min(...tight.map((st) => st.maxStaff));
    const list = tight.map((st) => `${st.id} (maxStaff ${st.maxStaff})`).join(", ");
    const listZh = tight.map((st) => `${st.id}（maxStaff ${st.maxStaff}）`).join("、");
    issues.push({
      path: "minCrew",
      message:
        style === "api"
          ? `minCrew (${o.minCrew}) is more than ${list} has room for, so no crew fits there; minCrew must be from 1 to ${room}, or raise maxStaff in the scenario`
          : `is more than ${list} has room for, so no crew fits there; it must be from 1 to ${room} (got ${o.minCrew}), or raise maxStaff in the scenario`,
      // The API's Chinese names the page's field (the page is where it is read), as the plan's notes do.
      zh:
        style === "api"
          ? `“每工位每班至少（人）”（minCrew）为 ${o.minCrew}，超过了 ${listZh}能容纳的人数，排不下一整组；须在 1 到 ${room} 之间，或在场景中调高 maxStaff`
          : `超过了 ${listZh}能容纳的人数，排不下一整组；须在 1 到 ${room} 之间（实为 ${o.minCrew}），或在场景中调高 maxStaff`,
    });
  }
  // Every order passes every station of the route: a headcount below one crew per station
  // leaves one empty, and then nothing ships at all (the search could only report that).
  const least = s.stations.length * o.minCrew;
  if (o.maxHeadcount !== undefined && o.maxHeadcount < least) {
    const per = o.minCrew > 1 ? { en: `a crew of ${o.minCrew}`, zh: `每工位一组 ${o.minCrew} 人` } : { en: "one person", zh: "每工位 1 人" };
    const en = `cannot staff the ${s.stations.length} stations of the route (${s.stations.map((st) => st.id).join(", ")}), which every order passes: it needs at least ${least} people, ${per.en} at each on some shift`;
    const zh = `不够给路线上的 ${s.stations.length} 个工位（${s.stations.map((st) => st.id).join("、")}）排人，每个订单都要经过它们：至少需要 ${least} 人，${per.zh}，任一班次均可`;
    issues.push({
      path: "maxHeadcount",
      message: style === "api" ? `maxHeadcount (${o.maxHeadcount}) ${en}` : `${en} (got ${o.maxHeadcount})`,
      zh: style === "api" ? `maxHeadcount 为 ${o.maxHeadcount}，${zh}` : `${zh}（实为 ${o.maxHeadcount}）`,
    });
  }
  if (issues.length) return { ok: false, issues };
  const maxStaff = Object.fromEntries(s.stations.map((st) => [st.id, st.maxStaff]));
  const constraints: PlanConstraintsResolved = {
    maxHeadcount: o.maxHeadcount,
    maxPermanent: o.maxPermanent,
    budget: o.budget,
    allowTemps: o.allowTemps,
    minCrew: o.minCrew,
    fixed: fixed.ok ? fixed.fixed : {},
    maxStaff,
  };
  const settings: PlanSettings = {
    replications: o.replications,
    maxReplications: o.maxReplications,
    maxEvaluations: o.maxEvaluations,
    maxRuns: o.maxRuns,
    candidates: o.candidates,
    utilization: o.utilization,
    seed: o.seed ?? s.seed,
    marginal: o.marginal,
    marginalReplications: o.marginalReplications,
    stress: o.stress,
    stressFactor: o.stressFactor,
  };
  return { ok: true, request: { scenario: s, tryShifts: o.tryShifts, options: o, targets, targetsSource, constraints, settings } };
}

/** Hours from the start that matter to the targets (bottleneck pressure is counted there). */
function relevantHours(s: Scenario, targets: readonly Target[]): number {
  let h = 0;
  const demandEnd = demandDays(s) * 24;
  for (const t of targets) {
    if (t.kind === "shipped-within") h = Math.max(h, 24 + t.hours);
    else if (t.kind === "mean-wait") h = Math.max(h, Math.ceil(s.horizon / 3600));
    else {
      const d = s.deadlines.find((x) => x.id === t.rule);
      if (d?.by !== undefined) h = Math.max(h, Math.ceil(toSec(s, d.by) / 3600));
      else h = Math.max(h, demandEnd + Math.ceil((d?.within ?? 0) / 3600));
    }
  }
  return Math.max(24, Math.min(h, Math.ceil(s.horizon / 3600)));
}

const CONSTRAINT_TEXT: Record<ConstraintId, { en: string; zh: string }> = {
  maxStaff: { en: "the station's maxStaff (tables, floor space)", zh: "工位人数上限 maxStaff（工作台、场地）" },
  maxHeadcount: { en: "the total headcount limit (--max-headcount)", zh: "总人数上限（--max-headcount）" },
  maxPermanent: { en: "the permanent staff limit (--max-permanent)", zh: "正式工人数上限（--max-permanent）" },
  budget: { en: "the budget (--budget)", zh: "预算上限（--budget）" },
  fixed: { en: "a fixed variable (--fix)", zh: "固定不变的变量（--fix）" },
  noTemps: { en: "no temps allowed (--no-temps)", zh: "不允许临时工（--no-temps）" },
  printers: { en: "the printers (no printer free for another print operator)", zh: "打印机数量（没有空闲打印机给再多一名打单员）" },
  minimum: { en: "nobody left to remove", zh: "已无人可减" },
  minCrew: { en: "the crew rule (--min-crew): a station staffed on a shift keeps a whole crew", zh: "每班最少人数（--min-crew）：有人上岗的工位须保持整组人员" },
};

export function constraintText(c: ConstraintId): { en: string; zh: string } {
  return CONSTRAINT_TEXT[c];
}

const STOPPED_TEXT: Record<StoppedBecause, { en: string; zh: string }> = {
  "targets-met": { en: "targets met and no one more can be removed", zh: "已达标且无法再减人" },
  "max-evaluations": { en: "the evaluation limit was reached (--max-evaluations)", zh: "达到评估次数上限（--max-evaluations）" },
  "max-runs": { en: "the replication limit was reached (--max-runs)", zh: "达到仿真次数上限（--max-runs）" },
  constraints: { en: "the constraints block every helpful change", zh: "约束挡住了所有有效调整" },
  "no-improving-move": { en: "no change lowers the risk any more", zh: "任何调整都不再降低风险" },
  interrupted: { en: "interrupted (Ctrl-C): best plan so far", zh: "已中断（Ctrl-C）：目前最好的方案" },
};

/** Why the search stopped, in words (the reports and the progress lines). */
export function stoppedText(c: StoppedBecause): { en: string; zh: string } {
  return STOPPED_TEXT[c];
}

/**
 * Plans the cheapest staffing that meets the targets. See the file comment.
 * Throws PlanInputError on bad input (before any simulation).
 */
export async function plan(scenario: Scenario, options: PlannerOptionsInput | PlannerOptions, hooks: PlanHooks): Promise<PlanResult> {
  const v = validatePlanRequest(scenario, options);
  if (!v.ok) throw new PlanInputError(v.issues);
  const { targets, targetsSource, constraints: C, settings: cfg, tryShifts } = v.request;
  const s = v.request.scenario;
  const shifts = s.staff.shifts.map((x) => x.id);
  const stationIds = s.stations.map((x) => x.id);
  const K = shifts.length;
  const usesPrinters = s.stations.some((st) => st.needs.includes("printers"));
  const notes: Note[] = [];
  const steps: PlanStep[] = [];
  const R0 = cfg.replications;
  const Rmax = cfg.maxReplications;
  let phase: PlanProgress["phase"] = "baseline";
  let bestMeeting: { plan: PlanVariables; cost: number } | undefined;

  const step = { en: "starting", zh: "开始" };
  const ev = new Evaluator({
    scenario: s,
    targets,
    evaluate: hooks.evaluate,
    baseSeed: cfg.seed,
    maxEvaluations: cfg.maxEvaluations,
    maxRuns: cfg.maxRuns,
    signal: hooks.signal,
    relevantHours: relevantHours(s, targets),
    // A finished evaluation moves the counts on; the step being worked on stays what it was.
    onEvaluated: () => progress(step.en, step.zh),
  });
  const progress = (message: string, zh: string) => {
    step.en = message;
    step.zh = zh;
    hooks.onProgress?.({ phase, evaluations: ev.evaluations, runs: ev.runs, bestCost: bestMeeting?.cost, message, zh });
  };

  for (const t of targets) {
    const need = minReplicationsFor(t);
    if (need > Rmax) {
      notes.push({
        code: "replications-too-few",
        en: `${targetKey(t)}: showing a probability this small at 95% confidence needs at least ${Number.isFinite(need) ? need : "unlimited"} replications with no late run; maxReplications is ${Rmax}, so no plan can be shown to meet it. Raise --max-replications or relax the target.`,
        zh: `${targetKey(t)}：要在95%置信度下证明如此小的概率，至少需要 ${Number.isFinite(need) ? need : "无限"} 次无超时的仿真；当前 maxReplications 为 ${Rmax}，无法证明任何方案达标。请提高 --max-replications 或放宽目标。`,
      });
    }
  }

  const seedsUpTo = (n: number) => Array.from({ length: n }, (_, r) => r);
  // A share or a wait is shown to meet its target on MIN_MEETS_T replications at least
  // (or all --max-replications allows): see MIN_MEETS_T.
  const minMeets = targets.some((t) => t.kind !== "late-probability") ? Math.min(Rmax, MIN_MEETS_T) : 0;

  /** Decision on replications 0..n-1 with sequential extension (rule 4). */
  const confirm = (p: PlanVariables) => {
    const e = ev.entry(p);
    return confirmEntry(e, Math.max(R0, ev.have(e)));
  };
  /**
   * The same for any entry (the plan itself, or the plan at the stress test's forecast),
   * from `start` replications: added while the point estimates meet and the intervals
   * straddle a limit, up to Rmax.
   */
  const confirmEntry = async (e: ReturnType<typeof ev.entry>, start: number): Promise<{ status: "meets" | "fails" | "undecided"; decisions: TargetDecision[]; n: number }> => {
    let n = start;
    await ev.ensure(e, seedsUpTo(n));
    const keep = () => phase === "add" || phase === "remove" || phase === "stress";
    for (;;) {
      const decisions = decideAll(targets, ev.prefix(e, n), Rmax);
      const status = overallStatus(decisions);
      if (status === "meets" && n < minMeets) {
        phase = keep() ? phase : "confirm";
        progress(`confirming with ${minMeets} replications`, `用 ${minMeets} 次仿真确认`);
        await ev.ensure(e, seedsUpTo(minMeets));
        n = minMeets;
        continue;
      }
      if (status !== "undecided") return { status, decisions, n };
      const point = targets.every((t, i) => pointMeets(t, decisions[i]));
      if (!point || n >= Rmax) return { status: point ? "undecided" : "fails", decisions, n };
      let next = Math.min(Rmax, 2 * n);
      targets.forEach((t, i) => {
        const d = decisions[i];
        if (t.kind === "late-probability" && d.status === "undecided" && d.estimate === 0) next = Math.max(next, Math.min(Rmax, minReplicationsFor(t)));
      });
      phase = keep() ? phase : "confirm";
      progress(`confirming with ${next} replications`, `用 ${next} 次仿真确认`);
      await ev.ensure(e, seedsUpTo(next));
      n = next;
    }
  };

  /** Comparison seeds for candidates of plan p: the first R0, plus up to R0 where p did worst. */
  const comparisonSeeds = (p: PlanVariables): number[] => {
    const e = ev.entry(p);
    const base = seedsUpTo(R0);
    const extra: Array<{ r: number; bad: number }> = [];
    for (const [r, d] of e.digests) {
      if (r < R0) continue;
      let bad = 0;
      targets.forEach((t, i) => {
        const x = d.samples[i];
        if (t.kind === "late-probability") bad += x.value + x.smooth;
        else if (t.kind === "shipped-within") bad += Math.max(0, t.minShare - x.value);
        else bad += Math.max(0, x.value - t.maxMin) / Math.max(1, t.maxMin) + (x.unserved ?? 0);
      });
      if (bad > 0) extra.push({ r, bad });
    }
    extra.sort((a, b) => b.bad - a.bad || a.r - b.r);
    return [...base, ...extra.slice(0, R0).map((x) => x.r)].sort((a, b) => a - b);
  };

  const shortfallOn = (p: PlanVariables, seeds: readonly number[]): number => totalShortfall(targets, decideAll(targets, ev.at(ev.entry(p), seeds), Rmax));

  /** The type of person to add at (station, shift): permanent when allowed, else temp. */
  const addMove = (p: PlanVariables, station: string, shift: string): { move: Move; blockedBy?: ConstraintId } => {
    // A print operator needs printers to work at: add them with the person when the slots would exceed the printers.
    const withPrinters = (type: WorkerType): Move => {
      // From nobody, a whole crew (the crew rule).
      const m = staffMove(C, p, station, shift, type, 1);
      const st = s.stations.find((x) => x.id === station);
      if (!st?.needs.includes("printers") || "printers" in C.fixed) return m;
      let slots = 0;
      for (const x of s.stations) if (x.needs.includes("printers")) slots = Math.max(slots, peakOnDuty(s, applyMove(p, m), x.id) * s.printers.perOperator);
      const extra = slots - p.printers;
      return extra > 0 ? { ...m, printers: extra } : m;
    };
    const perm = withPrinters("permanent");
    const permBlock = moveBlockedBy(s, C, p, perm);
    if (permBlock === undefined) return { move: perm };
    const temp = withPrinters("temp");
    const tempBlock = moveBlockedBy(s, C, p, temp);
    if (tempBlock === undefined) return { move: temp };
    // Report the more telling constraint (maxStaff/budget rather than "no temps").
    return { move: perm, blockedBy: permBlock === "fixed" || permBlock === "maxPermanent" ? tempBlock : permBlock };
  };

  /** Mean bottleneck pressure of plan p per (station, shift) over the given seeds. */
  const pressureOf = (p: PlanVariables, seeds: readonly number[]): Float64Array => {
    const ds = ev.at(ev.entry(p), seeds);
    const out = new Float64Array(stationIds.length * K);
    for (const d of ds) for (let i = 0; i < out.length; i++) out[i] += d.pressure[i] / ds.length;
    return out;
  };

  /** Stations whose staffing can help the targets that are not met. */
  const relevantStations = (decisions: TargetDecision[]): Set<string> => {
    const out = new Set<string>();
    targets.forEach((t, i) => {
      if (decisions[i].status === "meets") return;
      if (t.kind === "mean-wait") {
        out.add(t.station);
        // Orders left unserved may be held up before the station (nobody at pick starves pack).
        if ((decisions[i].unservedRuns ?? 0) > 0) for (const id of stationIds.slice(0, stationIds.indexOf(t.station))) out.add(id);
      } else for (const id of stationIds) out.add(id);
    });
    if (out.size === 0) for (const id of stationIds) out.add(id);
    return out;
  };

  interface Candidate {
    move: Move;
    score: number;
    blockedBy?: ConstraintId;
  }
  const rankAdds = (p: PlanVariables, seeds: readonly number[], decisions: TargetDecision[]): Candidate[] => {
    const pr = pressureOf(p, seeds);
    const rel = relevantStations(decisions);
    const out: Candidate[] = [];
    s.stations.forEach((st, i) => {
      if (!rel.has(st.id)) return;
      shifts.forEach((sh, k) => {
        const { move, blockedBy } = addMove(p, st.id, sh);
        const cost = Math.max(1e-9, moveCost(s, move));
        out.push({ move, score: pr[i * K + k] / cost, blockedBy });
      });
    });
    if (usesPrinters) {
      // A printer helps only where printers, not people, limit the print slots.
      const move: Move = { kind: "printers", delta: 1 };
      const printSt = s.stations.map((st, i) => ({ st, i })).filter((x) => x.st.needs.includes("printers") && rel.has(x.st.id));
      let slotsPeople = 0;
      let press = 0;
      for (const { st, i } of printSt) {
        for (const sh of shifts) slotsPeople = Math.max(slotsPeople, (getCount(p, st.id, sh, "permanent") + getCount(p, st.id, sh, "temp")) * s.printers.perOperator);
        for (let k = 0; k < K; k++) press += pr[i * K + k];
      }
      if (printSt.length > 0 && p.printers < slotsPeople) out.push({ move, score: press / Math.max(1e-9, moveCost(s, move)), blockedBy: moveBlockedBy(s, C, p, move) });
    }
    out.sort((a, b) => b.score - a.score);
    return out;
  };

  const record = (ph: PlanStep["phase"], action: string, p: PlanVariables, decisions: TargetDecision[], move?: Move) => {
    steps.push({ evaluation: ev.evaluations, phase: ph, action, move, cost: planCost(s, p).total, shortfall: totalShortfall(targets, decisions), status: overallStatus(decisions), replications: decisions[0]?.n ?? 0 });
  };

  // ------------------------------------------------------------------ baseline and guess
  const basePlan = planOf(s);
  const guess = analyticGuess(s, { targets, constraints: C, utilization: cfg.utilization });
  let x = v.request.options.start === "scenario" ? enforceFixed(basePlan, C.fixed) : guess.plan;
  if (v.request.options.start === "scenario") {
    // Print operators the scenario's printers give no work to: a printer each, or (printers fixed) not kept.
    const fitted = fitPrintOperators(s, C, x);
    if (planKey(fitted) !== planKey(x)) {
      notes.push(
        fitted.printers !== x.printers
          ? { code: "start-printers", en: `The scenario has more print operators on duty at once than its ${x.printers} printer(s) give work to; the search starts with ${fitted.printers} printers.`, zh: `场景中同时在岗的打单员多于 ${x.printers} 台打印机能安排的人数；搜索从 ${fitted.printers} 台打印机开始。` }
          : { code: "start-printers", en: `The scenario has more print operators on duty at once than its ${x.printers} fixed printer(s) give work to; the search starts without those who have no printer.`, zh: `场景中同时在岗的打单员多于固定的 ${x.printers} 台打印机能安排的人数；搜索开始时不含没有打印机的人员。` },
      );
      x = fitted;
    }
  }
  if (v.request.options.start === "scenario" && violated(s, C, x) !== undefined) {
    notes.push({ code: "start-violates", en: `The scenario's own staffing breaks ${constraintText(violated(s, C, x)!).en}; the search starts from the analytic guess instead.`, zh: `场景现有排班违反约束：${constraintText(violated(s, C, x)!).zh}，改从解析估算方案开始搜索。` });
    x = guess.plan;
  }
  notes.push(...guess.notes);

  let stoppedBecause: StoppedBecause | undefined;
  /** What the removal pass made of each plan one fewer it tried (by plan key): why it kept the person. */
  const removalVerdicts = new Map<string, RemovalVerdict>();
  let xDecision: { status: "meets" | "fails" | "undecided"; decisions: TargetDecision[]; n: number } | undefined;

  try {
    progress("simulating the scenario's own staffing", "仿真场景现有排班");
    await ev.ensure(ev.entry(basePlan), seedsUpTo(R0));
    phase = "guess";
    progress("simulating the analytic guess", "仿真解析估算方案");
    xDecision = await confirm(x);
    record("guess", v.request.options.start === "scenario" ? "start from the scenario's staffing" : "start from the analytic guess", x, xDecision.decisions);
    if (xDecision.status === "meets") bestMeeting = { plan: x, cost: planCost(s, x).total };

    // ---------------------------------------------------------------- greedy add
    phase = "add";
    while (xDecision.status !== "meets") {
      const seeds = comparisonSeeds(x);
      const e = ev.entry(x);
      await ev.ensure(e, seeds);
      const here = shortfallOn(x, seeds);
      const decisionsOnSeeds = decideAll(targets, ev.at(e, seeds), Rmax);
      const ranked = rankAdds(x, seeds, decisionsOnSeeds.map((d, i) => (xDecision!.decisions[i].status === "meets" ? xDecision!.decisions[i] : d)));
      const allowed = ranked.filter((c) => c.blockedBy === undefined);
      if (allowed.length === 0) {
        stoppedBecause = "constraints";
        break;
      }
      let chosen: { move: Move; gain: number } | undefined;
      // A move must cut the shortfall by a visible amount: a picker added upstream of a
      // short pack team shifts the share by a hair and would otherwise be "progress".
      const minDrop = Math.max(1e-9, MIN_RELATIVE_DROP * here);
      for (let from = 0; from < allowed.length && !chosen; from += cfg.candidates) {
        let batch = allowed.slice(from, from + cfg.candidates);
        // The bounds are hard: a batch started near them is cut to what is left (all of
        // it is simulated at once, so ensure's own check cannot stop it half-way).
        const fit = ev.fitting(batch.map((c) => ev.entry(applyMove(x, c.move))), seeds);
        if (fit.stop) {
          if (fit.count === 0) throw new StopSearch(fit.stop);
          batch = batch.slice(0, fit.count);
        }
        progress(`trying ${batch.map((c) => moveLabel(c.move)).join(", ")}`, `尝试 ${batch.map((c) => moveLabelZh(c.move, s)).join("，")}`);
        // Concurrent: a worker pool keeps every core busy across candidates.
        await Promise.all(batch.map((c) => ev.ensure(ev.entry(applyMove(x, c.move)), seeds)));
        for (const c of batch) {
          const y = applyMove(x, c.move);
          const drop = here - shortfallOn(y, seeds);
          const gain = drop / Math.max(1e-9, moveCost(s, c.move));
          if (drop > minDrop && (!chosen || gain > chosen.gain)) chosen = { move: c.move, gain };
        }
      }
      if (!chosen) {
        // Where the pressure is highest but people cannot be added, a constraint binds.
        stoppedBecause = ranked[0]?.blockedBy !== undefined ? "constraints" : "no-improving-move";
        break;
      }
      x = applyMove(x, chosen.move);
      xDecision = await confirm(x);
      record("add", moveLabel(chosen.move), x, xDecision.decisions, chosen.move);
      progress(`added ${moveLabel(chosen.move)}`, `已采用 ${moveLabelZh(chosen.move, s)}`);
      if (xDecision.status === "meets") bestMeeting = { plan: x, cost: planCost(s, x).total };
    }

    // ---------------------------------------------------------------- removal pass
    if (xDecision.status === "meets") {
      phase = "remove";
      const utilOf = (p: PlanVariables) => toEvaluation(s, targets, p, ev.prefix(ev.entry(p), ev.have(ev.entry(p))), Rmax).stations;
      // Each removal is made from the current plan: one fewer, or the whole crew when one fewer would break the crew rule.
      const removals: Array<(p: PlanVariables) => Move> = [];
      for (const st of stationIds) for (const sh of shifts) for (const type of ["temp", "permanent"] as WorkerType[]) removals.push((p) => staffMove(C, p, st, sh, type, -1));
      if (usesPrinters) removals.push(() => ({ kind: "printers", delta: -1 }));
      // Passes until one removes no one: a removal that failed may hold once another has
      // been made (a printer fewer, a team elsewhere), so every one-fewer move from the
      // final plan has been tried by the same rule (the marginal table reports the verdicts).
      for (let changed = true; changed; ) {
        changed = false;
        const util = utilOf(x);
        const keyOf = (m: Move) => {
          const saving = -moveCost(s, m);
          const u = m.kind === "printers" ? 0.5 : util[m.station]?.utilization ?? 0;
          // Least utilised per unit of saving first; temps (dearer per unit of work) before permanent on ties.
          return (u + 0.05) / Math.max(saving, 1e-9);
        };
        const order = [...removals].sort((a, b) => keyOf(a(x)) - keyOf(b(x)));
        for (const moveFrom of order) {
          for (;;) {
            const m = moveFrom(x);
            if (moveBlockedBy(s, C, x, m) !== undefined) break;
            if (m.kind === "printers" && x.printers <= minPrinters(s)) break;
            const y = applyMove(x, m);
            const key = planKey(y);
            // Tried before (from this plan, in an earlier pass): the same seeds give the same verdict.
            if (removalVerdicts.has(key)) break;
            // Quick screen on the first R0 seeds, then the full rule.
            await ev.ensure(ev.entry(y), seedsUpTo(R0));
            const quick = decideAll(targets, ev.prefix(ev.entry(y), R0), Rmax);
            if (!targets.every((t, i) => pointMeets(t, quick[i]))) {
              removalVerdicts.set(key, { outcome: "screen", replications: R0 });
              break;
            }
            const d = await confirm(y);
            if (d.status !== "meets") {
              removalVerdicts.set(key, { outcome: d.status, replications: d.n });
              break;
            }
            x = y;
            xDecision = d;
            changed = true;
            bestMeeting = { plan: x, cost: planCost(s, x).total };
            record("remove", moveLabel(m), x, d.decisions, m);
            progress(`removed ${moveLabel(m)}`, `已采用 ${moveLabelZh(m, s)}`);
          }
        }
      }
      stoppedBecause = "targets-met";
    }
  } catch (err) {
    if (!(err instanceof StopSearch)) throw err;
    stoppedBecause = err.reason;
  }

  // The recommendation: the cheapest plan shown to meet the targets; else, of the simulated
  // plans within the constraints (the search's current one, the scenario's own), the one
  // with the smallest shortfall on common seeds (an early Ctrl-C leaves the guess unsimulated).
  const final = bestMeeting?.plan ?? bestEvaluated();
  function bestEvaluated(): PlanVariables {
    const pool = [x, basePlan].filter((p) => ev.have(ev.entry(p)) > 0 && violated(s, C, p) === undefined);
    if (pool.length === 0) return x;
    const n = Math.min(...pool.map((p) => ev.have(ev.entry(p))));
    const score = (p: PlanVariables) => totalShortfall(targets, decideAll(targets, ev.prefix(ev.entry(p), n), Rmax));
    return pool.reduce((a, b) => (score(b) < score(a) - 1e-12 ? b : a));
  }
  const interrupted = stoppedBecause === "interrupted";
  const finalEntry = ev.entry(final);
  const nFinal = Math.max(1, ev.have(finalEntry));
  const evaluation: PlanEvaluation = toEvaluation(s, targets, final, ev.prefix(finalEntry, nFinal), Rmax);
  const baseEntry = ev.entry(basePlan);
  const baseline = toEvaluation(s, targets, basePlan, ev.prefix(baseEntry, ev.have(baseEntry)), Rmax);
  const meets = evaluation.meets;
  stoppedBecause ??= meets ? "targets-met" : "no-improving-move";

  // ------------------------------------------------------------------ bottleneck
  const bottleneck = findBottleneck(final, ev.prefix(finalEntry, nFinal));
  function findBottleneck(p: PlanVariables, ds: RunDigest[]): BottleneckInfo | undefined {
    if (ds.length === 0) return undefined;
    const pr = new Float64Array(stationIds.length * K);
    for (const d of ds) for (let i = 0; i < pr.length; i++) pr[i] += d.pressure[i] / ds.length;
    let best = -1;
    for (let i = 0; i < pr.length; i++) if (best < 0 || pr[i] > pr[best]) best = i;
    const util = evaluation.stations;
    let si: number;
    let shift: string | undefined;
    if (best >= 0 && pr[best] > 0) {
      si = Math.floor(best / K);
      shift = shifts[best % K];
    } else {
      // No queue anywhere: the most utilised station binds.
      si = stationIds.reduce((b, id, i) => (util[id].utilization > util[stationIds[b]].utilization ? i : b), 0);
    }
    const st = stationIds[si];
    const blockedBy = shift ? addMove(p, st, shift).blockedBy : undefined;
    const u = util[st];
    const stName = (lang: "en" | "zh") => stationLabel(s.stations[si], lang);
    const where = (lang: "en" | "zh") => (shift ? `${stName(lang)} / ${shiftLabel(shift, lang)}` : stName(lang));
    const why = blockedBy ? constraintText(blockedBy) : undefined;
    const info = { station: st, shift, utilization: u.utilization, peakDayUtilization: u.peakDayUtilization, meanQueue: u.meanQueue, blockedBy };
    // The peak day's utilisation: over the whole run the quieter days after dilute it.
    const busy = u.peakDayUtilization ?? u.utilization;
    const busyEn = `${u.peakDayUtilization !== null ? "peak-day utilisation" : "utilisation"} ${(busy * 100).toFixed(0)}%`;
    const busyZh = `${u.peakDayUtilization !== null ? "大促当天利用率" : "利用率"} ${(busy * 100).toFixed(0)}%`;
    if (shift !== undefined && crewOf(p, st, shift) === 0) {
      // Nobody there on that shift: the queue is the orders waiting for the next one. People at this
      // station alone would only move the queue on, where the later stations are empty on that shift too.
      const after = s.stations.slice(si + 1).filter((x) => crewOf(p, x.id, shift) === 0);
      const names = (lang: "en" | "zh") => after.map((x) => stationLabel(x, lang)).join(lang === "en" ? ", " : "、");
      const q = u.meanQueue.toFixed(1);
      return {
        ...info,
        en: `${where("en")} holds the line back: nobody works at ${stName("en")} on that shift, so the orders reaching it then wait for the next shift (mean queue ${q} orders)${after.length ? `. People there would help only with people at ${names("en")} on that shift too (nobody there either)` : ""}${why ? `; adding people there is blocked by ${why.en}` : ""}.`,
        zh: `${where("zh")}：该班次${stName("zh")}无人上岗，此时到达的订单要等下一个班次（平均排队 ${q} 单）${after.length ? `。只有${names("zh")}在该班次也有人时，在此加人才有用（那里也无人）` : ""}${why ? `；无法再加人：${why.zh}` : ""}。`,
      };
    }
    return {
      ...info,
      en: `${where("en")} holds the line back (${busyEn}, mean queue ${u.meanQueue.toFixed(1)} orders)${why ? `; adding people there is blocked by ${why.en}` : ""}.`,
      zh: `${where("zh")}拖慢了整条线（${busyZh}，平均排队 ${u.meanQueue.toFixed(1)} 单）${why ? `；无法再加人：${why.zh}` : ""}。`,
    };
  }

  // ------------------------------------------------------------------ explanation
  explain();
  function explain(): void {
    // The targets by their labels, in each language's punctuation.
    const bestIn = (lang: "en" | "zh") => evaluation.checks.map((c) => `${c.label[lang]}${lang === "en" ? ": " : "："}${fmtEst(c.estimate, c.unit)} [${fmtEst(c.low, c.unit)}, ${fmtEst(c.high, c.unit)}]`).join(lang === "en" ? "; " : "；");
    const best = bestIn("en");
    const bestZh = bestIn("zh");
    if (stoppedBecause === "constraints") {
      const ranked = rankAdds(final, seedsUpTo(Math.min(R0, nFinal)), decideAll(targets, ev.prefix(finalEntry, nFinal), Rmax))
        .filter((c) => c.blockedBy !== undefined)
        .slice(0, 3);
      // Grouped by constraint: "the budget (--budget) blocks pack / day +1 permanent, pick / day +1 permanent".
      const groups = new Map<ConstraintId, Move[]>();
      for (const c of ranked) groups.set(c.blockedBy ?? "minimum", [...(groups.get(c.blockedBy ?? "minimum") ?? []), c.move]);
      const blocks = [...groups].map(([id, ms]) => `${constraintText(id).en} blocks ${ms.map(moveLabel).join(", ")}`).join("; ");
      const blocksZh = [...groups].map(([id, ms]) => `${constraintText(id).zh}挡住了 ${ms.map((m) => moveLabelZh(m, s)).join("，")}`).join("；");
      const binding = ranked[0]?.blockedBy;
      // The planner gives every print operator a printer; one more on the same printers would only cover breaks and absences.
      const pm = ranked.find((c) => c.blockedBy === "printers" && c.move.kind === "staff")?.move;
      const example = pm?.kind === "staff" ? `--fix ${pm.station}.${pm.shift}=${getCount(final, pm.station, pm.shift, "permanent") + 1} --fix printers=${final.printers}` : "";
      const relief = pm
        ? {
            en: ` The planner puts no more print operators on duty than the printers give work to (one more would only stand in for the others' breaks and absences, and the scenario check warns about it); to plan with such cover, fix both (${example}).`,
            zh: `规划器不会安排多于打印机可用人数的打单员（多出的人只能替补他人的休息和缺勤，场景检查也会对此发出警告）；如需这样的替补，请同时固定两者（${example}）。`,
          }
        : { en: "", zh: "" };
      notes.push({
        code: "infeasible-constraints",
        en: `No plan within the constraints meets the targets. The binding constraint is ${binding ? constraintText(binding).en : "unknown"}: ${blocks}. Best reachable risk: ${best}.${relief.en}`,
        zh: `在约束内没有达标的方案。起约束作用的是${binding ? constraintText(binding).zh : "未知约束"}：${blocksZh}。可达到的最好风险：${bestZh}。${relief.zh}`,
      });
    } else if (stoppedBecause === "no-improving-move") {
      notes.push({
        code: "no-improving-move",
        en: `Adding one person (or printer) anywhere no longer lowers the risk, so staffing alone cannot meet the targets (look at couriers' caps and pickups, the horizon, disruptions). Best reachable risk: ${best}.`,
        zh: `任何位置再加一人（或一台打印机）都不再降低风险，仅靠排班无法达标（请检查快递揽收上限与揽收时间、仿真时长、突发事件）。可达到的最好风险：${bestZh}。`,
      });
    } else if (stoppedBecause === "max-evaluations" || stoppedBecause === "max-runs") {
      const evals = stoppedBecause === "max-evaluations";
      const which = evals ? `--max-evaluations ${cfg.maxEvaluations}` : `--max-runs ${cfg.maxRuns}`;
      const whichZh = evals ? `（评估 ${cfg.maxEvaluations} 次，--max-evaluations）` : `（仿真 ${cfg.maxRuns} 次，--max-runs）`;
      notes.push({
        code: "work-bound",
        en: `The search stopped at its work bound (${which})${meets ? "; the plan meets the targets but a cheaper one may exist" : " before a plan met the targets"}. Best risk: ${best}.`,
        zh: `搜索达到工作量上限${whichZh}${meets ? "；方案已达标，但可能存在更便宜的方案" : "，尚未找到达标方案"}。当前最好风险：${bestZh}。`,
      });
    } else if (stoppedBecause === "interrupted") {
      notes.push({ code: "interrupted", en: `Interrupted: the best plan found so far${meets ? " (meets the targets)" : " (does not meet the targets yet)"}.`, zh: `已中断：返回目前找到的最好方案${meets ? "（已达标）" : "（尚未达标）"}。` });
    }
    // A wait target failed by orders that never started service: say so, as the wait shown is only a lower bound then.
    const finalDecisions = decideAll(targets, ev.prefix(finalEntry, nFinal), Rmax);
    targets.forEach((t, i) => {
      const d = finalDecisions[i];
      if (t.kind !== "mean-wait" || !d.unservedRuns) return;
      const st = s.stations.find((x) => x.id === t.station);
      const name = (lang: "en" | "zh") => (st ? stationLabel(st, lang) : t.station);
      const share = `${((d.unserved ?? 0) * 100).toFixed(1)}%`;
      notes.push({
        code: "wait-unserved",
        en: `${evaluation.checks[i].label.en}: in ${d.unservedRuns} of ${d.n} runs orders had not started service at ${name("en")} when the run ended (${share} of its orders on average; nobody on duty there or before it on the route?). Their wait is unknown, so those runs fail the target, and the wait shown is a lower bound.`,
        zh: `${evaluation.checks[i].label.zh}：${d.n} 次仿真中有 ${d.unservedRuns} 次在结束时仍有订单未在${name("zh")}开始处理（平均占其订单的 ${share}；该工位或其上游无人在岗？）。这些订单的等待时间未知，这些仿真按未达标计，显示的等待时间只是下限。`,
      });
    });
    // Print operators with no printer, both fixed by the user: kept as given, but say so.
    for (const id of printStations(s)) {
      const { idle } = idlePrintOperatorsAt(s, final, id);
      if (idle <= 0) continue;
      const st = s.stations.find((x) => x.id === id)!;
      const onDuty = peakOnDuty(s, final, id);
      const usable = usablePrintOperators(s, final.printers);
      notes.push({
        code: "fixed-idle-print-operators",
        en: `${stationLabel(st, "en")}: the fixed values put ${onDuty} people on duty at once, but the fixed ${final.printers} printer(s) (${s.printers.perOperator} per operator) give work to ${usable}; ${idle} ${idle === 1 ? "has" : "have"} no printer and only cover the others' breaks and absences. The plan keeps both as fixed (--fix); fix more printers or fewer people.`,
        zh: `${stationLabel(st, "zh")}：固定值使同时在岗 ${onDuty} 人，但固定的 ${final.printers} 台打印机（每人 ${s.printers.perOperator} 台）只够 ${usable} 人用；${idle} 人没有打印机，只能替补他人的休息和缺勤。方案按固定值（--fix）保留两者；请固定更多打印机或更少人员。`,
      });
    }
    if (C.budget !== undefined && !meets) {
      const minimum = planCost(s, enforceFixed({ roster: {}, temps: {}, printers: minPrinters(s) }, C.fixed)).total;
      if (C.budget < minimum) notes.push({ code: "budget-below-minimum", en: `The budget ${C.budget} is below the cost of the smallest possible plan (${minimum.toFixed(0)}: fixed variables and one printer).`, zh: `预算 ${C.budget} 低于最小方案的成本（${minimum.toFixed(0)}：固定变量加一台打印机）。` });
    }
  }

  /**
   * Why the recommendation keeps what a one-fewer move takes away: the removal pass's
   * verdict on that plan, or "not-tried" when the pass never tried it from this plan.
   * After a finished pass (targets met), every allowed one-fewer move has a verdict:
   * the pass repeats until it removes no one, and this plan is where it ended.
   */
  function removalVerdictOf(m: Move): RemovalVerdict {
    const v = removalVerdicts.get(planKey(applyMove(final, m)));
    return v ?? { outcome: "not-tried", reason: stoppedBecause };
  }

  // ------------------------------------------------------------------ marginal effects and stress test
  const marginal: MarginalEffect[] = [];
  let stress: PlanResult["stress"];
  if (!interrupted && cfg.marginal) {
    phase = "marginal";
    progress("marginal effects of one person more or fewer", "计算增减一人的边际影响");
    try {
      await ev.unbounded(async () => {
        const seeds = seedsUpTo(cfg.marginalReplications);
        await ev.ensure(finalEntry, seeds);
        const here = decideAll(targets, ev.at(finalEntry, seeds), Rmax);
        const moves: Array<{ move: Move; blockedBy?: ConstraintId }> = [];
        for (const st of stationIds) {
          for (const sh of shifts) {
            moves.push(addMove(final, st, sh));
            const type: WorkerType = getCount(final, st, sh, "temp") > 0 ? "temp" : "permanent";
            const m: Move = staffMove(C, final, st, sh, type, -1);
            moves.push({ move: m, blockedBy: moveBlockedBy(s, C, final, m) });
          }
        }
        if (usesPrinters) {
          for (const delta of [1, -1] as const) {
            const m: Move = { kind: "printers", delta };
            const b = moveBlockedBy(s, C, final, m);
            // Fixed first, then the last printer, then a print operator left without one.
            moves.push({ move: m, blockedBy: b !== "fixed" && delta < 0 && final.printers <= minPrinters(s) ? "minimum" : b });
          }
        }
        // Simulate moves blocked only by soft limits (budget, headcount): "what one more would buy".
        const simulate = (b?: ConstraintId) => b === undefined || b === "budget" || b === "maxHeadcount" || b === "maxPermanent";
        const todo = moves.filter((m) => simulate(m.blockedBy));
        for (let i = 0; i < todo.length; i += 4) {
          if (hooks.signal?.aborted) throw new StopSearch("interrupted");
          await Promise.all(todo.slice(i, i + 4).map((m) => ev.ensure(ev.entry(applyMove(final, m.move)), seeds)));
          progress(`marginal effects ${Math.min(i + 4, todo.length)}/${todo.length}`, `边际影响 ${Math.min(i + 4, todo.length)}/${todo.length}`);
        }
        for (const m of moves) {
          const eff: MarginalEffect = { move: m.move, label: moveLabel(m.move), allowed: m.blockedBy === undefined, blockedBy: m.blockedBy, deltaCost: moveCost(s, m.move) };
          if (simulate(m.blockedBy)) {
            const after = decideAll(targets, ev.at(ev.entry(applyMove(final, m.move)), seeds), Rmax);
            eff.effects = targets.map((t, i) => ({ key: targetKey(t), estimate: after[i].estimate, delta: after[i].estimate - here[i].estimate }));
            eff.base = targets.map((t, i) => ({ key: targetKey(t), estimate: here[i].estimate }));
            eff.meetsPoint = targets.every((t, i) => pointMeets(t, after[i]));
            eff.replications = seeds.length;
            if (m.move.delta < 0) eff.removal = removalVerdictOf(m.move);
          }
          marginal.push(eff);
        }
      });
    } catch (err) {
      if (!(err instanceof StopSearch)) throw err;
      notes.push({ code: "marginal-interrupted", en: "Marginal effects were interrupted.", zh: "边际分析已中断。" });
    }
  }
  if (!interrupted && !hooks.signal?.aborted && cfg.stress) {
    phase = "stress";
    progress(`checking the plan at ${cfg.stressFactor}x the forecast`, `检验方案在 ${cfg.stressFactor} 倍预测量下的表现`);
    const factor = Math.min(10, s.demand.forecastFactor * cfg.stressFactor);
    const stressed: Scenario = applyPlan({ ...s, demand: { ...s.demand, forecastFactor: factor } }, final);
    try {
      await ev.unbounded(async () => {
        const e = ev.entry(final, `stress${factor}:`, stressed);
        // As many replications as it takes to decide (pass or fail), as for the plan itself: 20 runs
        // with no late one cannot show P(late) <= 5% (the Wilson bound is 16%), 73 can.
        const { decisions, n } = await confirmEntry(e, Math.min(cfg.marginalReplications, Rmax));
        const ds = ev.prefix(e, n);
        const stEval = toEvaluation(s, targets, final, ds, Rmax);
        stress = { forecastFactor: factor, checks: toChecks(targets, decisions, s), meets: overallStatus(decisions) === "meets", replications: ds.length, stations: stEval.stations, shippedWithin: stEval.shippedWithin };
      });
    } catch (err) {
      if (!(err instanceof StopSearch)) throw err;
    }
  }
  phase = "done";
  progress(stoppedText(stoppedBecause).en, stoppedText(stoppedBecause).zh);

  // The tried shifts with the people the plan puts on them.
  const tried: TriedShift[] = tryShifts.map((sh) => ({ ...sh, people: peopleOnShift(final, sh.id) }));
  // Warnings of the scenario as given and with the plan applied, each once.
  const warnings: PlanWarning[] = [];
  const seen = new Map<string, PlanWarning>();
  for (const [source, list] of [
    ["scenario", scenarioWarnings(scenario, hooks.warningNames)],
    ["plan", scenarioWarnings(plannedScenario(scenario, { plan: final, tryShifts: tried }), hooks.warningNames)],
  ] as const) {
    for (const w of list) {
      const key = `${w.path}\u0000${w.en}`;
      const had = seen.get(key);
      if (had) {
        if (had.source !== source) had.source = "both";
        continue;
      }
      const pw: PlanWarning = { path: w.path, en: w.en, zh: w.zh, source };
      seen.set(key, pw);
      warnings.push(pw);
    }
  }

  // Lone people in the plan (warned about above): say how to plan without them.
  if (minCrewOf(C) < 2 && s.staff.absenceRate > 0) {
    // The scenario check's own "one person" warnings (it leaves out stations a flex pool helps into).
    // "staff.roster.print.day" -> the station and shift by name in each language.
    const lone = warnings.filter((w) => w.source !== "scenario" && w.en.startsWith("one person works at ")).map((w) => w.path.split(".").slice(2));
    const named = (lang: "en" | "zh") =>
      lone.map(([st, sh]) => {
        const station = s.stations.find((x) => x.id === st);
        return `${station ? stationLabel(station, lang) : st} / ${shiftLabel(sh, lang)}`;
      });
    if (lone.length > 0) {
      notes.push({
        code: "lone-crew",
        // Worded for where the plan was asked: the CLI's flag, or the page's field (the API's minCrew).
        en: `The plan has one person alone at ${named("en").join(", ")}: an absence there leaves the station empty for the shift (see the warnings). To plan crews of at least two, plan again with ${hooks.wording === "cli" ? "--min-crew 2" : "“Crew per station and shift at least” set to 2 (minCrew: 2)"}.`,
        zh: `方案中 ${named("zh").join("、")} 只有 1 人：此人缺勤时该工位整班无人（见警告）。如需每班至少 2 人，请${hooks.wording === "cli" ? "加 --min-crew 2 " : "把“每工位每班至少（人）”设为 2（minCrew: 2）后"}重新规划。`,
      });
    }
  }

  // Hours the line cannot work under the plan's shifts: headcounts do not reach the orders paid then.
  const idle = idlePeakHours(s, final);
  const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;
  const triedList = (lang: "en" | "zh"): string => tried.map((sh) => `${sh.id} ${shiftSpan(sh, lang)}`).join(lang === "zh" ? "、" : ", ");
  if (idle.ranges.length > 0 && idle.share >= IDLE_NOTE_SHARE) {
    const span = (sep: string) => idle.ranges.map(([a, b]) => `${hh(a)}-${hh(b)}`).join(sep);
    const pctText = `${(idle.share * 100).toFixed(0)}%`;
    // The tried shifts working in some idle hour of the peak day.
    const covering = tried.filter((sh) => idle.ranges.some(([a, b]) => worksBetween(sh, a, b)));
    // A shift to try: the first idle hours not worked by a tried shift, on the peak day.
    const [a, b] = idle.ranges.find(([x, y]) => !tried.some((sh) => worksBetween(sh, x, y))) ?? idle.ranges[0];
    const spec = `${a === 0 ? "launch" : "late"}=${hh(a)}-${hh(b)}@0`;
    const how = { en: hooks.wording === "cli" ? `--try-shift ${spec}` : `“Shifts to try” ${spec} (tryShifts)`, zh: hooks.wording === "cli" ? `--try-shift ${spec}` : `“可试加班次” ${spec}（tryShifts）` };
    notes.push({
      code: "idle-hours",
      en:
        `Under this plan the line is not working ${span(" and ")} on the peak day (some station has nobody on duty), when ${pctText} of its orders are paid (presale included): those wait for the next shift whatever the headcounts. ` +
        (tried.length === 0
          ? `The planner staffs the scenario's shifts; an earlier shift or a launch crew at every station would ship them sooner, and may meet a 12-hour share for less. Let the planner try one (${how.en}), or add it to the scenario.`
          : covering.length === 0
            ? `None of the shifts tried (${triedList("en")}) works in those hours; to try one that does: ${how.en}.`
            : `The shifts tried there (${covering.map((sh) => `${sh.id} ${shiftSpan(sh, "en")}`).join(", ")}) are not staffed at every station in those hours: the search found other people did more for the targets per yuan.`),
      zh:
        `按本方案，大促当天 ${span("、")} 整条线没有开工（有工位无人上岗），而当天 ${pctText} 的订单（含预售）在此期间付款：无论各班人数多少，这些订单都要等到下一个班次。` +
        (tried.length === 0
          ? `规划器在场景已有的班次内排人；增加更早的班次或各工位的开门班，能更早发出这些订单，满足 12 小时发货比例可能更省钱。可让规划器试加一个班次（${how.zh}），或在场景中添加。`
          : covering.length === 0
            ? `试加的班次（${triedList("zh")}）都不在这些时段上班；如要试一个在这些时段上班的：${how.zh}。`
            : `在这些时段上班的试加班次（${covering.map((sh) => `${sh.id} ${shiftSpan(sh, "zh")}`).join("、")}）没有在每个工位都排上人：搜索发现把钱花在别处对目标更有用。`),
    });
  }
  // The tried shifts: which the plan staffs (to add to the scenario) and which it leaves out.
  if (tried.length > 0) {
    const used = tried.filter((sh) => sh.people > 0);
    const unused = tried.filter((sh) => sh.people === 0);
    const one = (sh: TriedShift, lang: "en" | "zh") => (lang === "zh" ? `${sh.id}（${shiftSpan(sh, lang)}，${sh.people} 人）` : `${sh.id} (${shiftSpan(sh, lang)}, ${sh.people} ${sh.people === 1 ? "person" : "people"})`);
    const en: string[] = [];
    const zh: string[] = [];
    if (used.length > 0) {
      // As a line of the scenario file's staff.shifts (YAML flow style).
      const yaml = used.map((sh) => `{id: ${sh.id}, start: "${sh.start}", end: "${sh.end}"${sh.days ? `, days: [${sh.days.join(", ")}]` : ""}${sh.breaks.length ? `, breaks: [${sh.breaks.map((b) => `{at: "${b.at}", duration: ${b.duration}, share: ${b.share}}`).join(", ")}]` : ""}}`).join(", ");
      en.push(`The plan adds the shift${used.length > 1 ? "s" : ""} ${used.map((sh) => one(sh, "en")).join(", ")}: to run the plan, add ${yaml} to the scenario's staff.shifts, with the plan's people on ${used.length > 1 ? "them" : "it"} in staff.roster${hooks.wording === "cli" ? "" : " (Apply does both on the page)"}.`);
      zh.push(`方案增加了班次 ${used.map((sh) => one(sh, "zh")).join("、")}：要按方案运行，请把 ${yaml} 加入场景的 staff.shifts，并在 staff.roster 中按方案排人${hooks.wording === "cli" ? "" : "（页面上点“应用”即可两步完成）"}。`);
    }
    if (unused.length > 0) {
      en.push(`Tried and left out: ${unused.map((sh) => `${sh.id} (${shiftSpan(sh, "en")})`).join(", ")}; nobody there did more for the targets per yuan than the people planned.`);
      zh.push(`试过但未采用：${unused.map((sh) => `${sh.id}（${shiftSpan(sh, "zh")}）`).join("、")}；在这些班次排人，每元对目标的帮助不如方案中的人员。`);
    }
    notes.push({ code: "tried-shifts", en: en.join(" "), zh: zh.join("") });
  }

  return {
    schemaVersion: 1,
    scenario: s.name.en,
    ...(s.name.zh !== undefined ? { scenarioZh: s.name.zh } : {}),
    targets: [...targets],
    targetsSource,
    constraints: C,
    settings: cfg,
    shifts,
    stations: stationIds,
    ...(tried.length > 0 ? { tryShifts: tried } : {}),
    plan: final,
    evaluation,
    meets,
    stoppedBecause,
    baseline,
    guess: { plan: guess.plan, cost: planCost(s, guess.plan), notes: guess.notes },
    bottleneck,
    marginal,
    stress,
    steps,
    notes,
    warnings,
    work: { evaluations: ev.evaluations, runs: ev.runs, ...(ev.extraEvaluations > 0 ? { after: { evaluations: ev.extraEvaluations, runs: ev.extraRuns } } : {}) },
  };
}

function fmtEst(x: number, unit: "probability" | "share" | "min"): string {
  if (!Number.isFinite(x)) return "n/a";
  return unit === "min" ? `${x.toFixed(1)} min` : `${(x * 100).toFixed(1)}%`;
}
