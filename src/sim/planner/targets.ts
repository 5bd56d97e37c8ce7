/**
 * Planner targets: the compact text form used on the command line, their labels,
 * what each measures in one run, and the statistical decision "does a plan meet it".
 *
 * Text forms (spaces allowed around the operator; case-insensitive keywords):
 *   late:<rule><=<p>        P(any order late for deadline rule) <= p   e.g. late:d11-ship<=5%
 *   within<H>h>=<share>     share of peak-day orders shipped within H = 12 or 24 h   e.g. within24h>=95%
 *   wait:<station><=<time>  mean wait at a station <= time (30min, 0.5h, 90s; a bare number = minutes)
 * Probabilities and shares are "5%" or "0.05".
 *
 * Decision rule (why "upper end of the CI"): a plan meets a target only when the
 * 95% confidence interval of its risk lies on the right side of the limit, so a
 * recommended plan is unlikely to be a lucky draw. P(any late) uses the Wilson
 * interval (it stays sensible at 0 late runs out of n); shares and waits use the
 * t interval of the per-replication values.
 */
import { estimate, wilson } from "../experiment/estimate.js";
import type { RunResult } from "../model/result.js";
import { duplicateTargets, parseDuration, type Scenario, type Target } from "../model/schema.js";
import { clockOnDay, formatSec, toSec } from "../model/time.js";
import { stationLabel } from "../report/i18n.js";

export type { Target };

/** z(0.975): the 95% two-sided normal quantile used by the Wilson interval. */
const Z = 1.959963984540054;

export interface TargetParseError {
  /** Where the bad text came from, e.g. "--target[1]" or "targets[0].rule". */
  path: string;
  message: string;
  /** The message in Chinese. */
  zh: string;
}

const FORMS = { en: 'expected "late:<rule><=5%", "within24h>=95%" (12 or 24 h) or "wait:<station><=30min"', zh: '应写成 "late:<rule><=5%"、"within24h>=95%"（12 或 24 h）或 "wait:<station><=30min"' };

function parseFraction(text: string): number | undefined {
  const t = text.trim();
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  if (pct) return Number(pct[1]) / 100;
  if (/^\d*\.?\d+$/.test(t)) return Number(t);
  return undefined;
}

/** Minutes from "30min", "0.5h", "90s", "1h30m" or a bare number of minutes. */
function parseMinutes(text: string): number | undefined {
  const t = text.trim();
  if (/^\d*\.?\d+$/.test(t)) return Number(t);
  const sec = parseDuration(t);
  return sec === undefined ? undefined : sec / 60;
}

/**
 * Parses one CLI target. `path` names the flag in messages. Checks the syntax and
 * ranges only; `checkTargets` checks rule and station ids against a scenario.
 */
export function parseTarget(text: string, path = "--target"): { ok: true; target: Target } | { ok: false; error: TargetParseError } {
  const fail = (m: { en: string; zh: string }) => ({ ok: false as const, error: { path, message: `${m.en} (got ${JSON.stringify(text)})`, zh: `${m.zh}（实为 ${JSON.stringify(text)}）` } });
  const t = text.trim();
  let m = /^late\s*:\s*([a-z][a-z0-9_-]{0,31})\s*<=\s*(.+)$/i.exec(t);
  if (m) {
    const p = parseFraction(m[2]);
    if (p === undefined || p < 0 || p > 1) return fail({ en: "the probability must be from 0 to 1 or 0% to 100%, such as 5% or 0.05", zh: "概率须在 0 到 1 或 0% 到 100% 之间，如 5% 或 0.05" });
    return { ok: true, target: { kind: "late-probability", rule: m[1], maxProbability: p } };
  }
  m = /^within\s*(\d+)\s*h\s*>=\s*(.+)$/i.exec(t);
  if (m) {
    const hours = Number(m[1]);
    if (hours !== 12 && hours !== 24) return fail({ en: "the hours must be 12 or 24 (the shares the model records)", zh: "小时数须为 12 或 24（模型只记录这两个比例）" });
    const share = parseFraction(m[2]);
    if (share === undefined || share < 0 || share > 1) return fail({ en: "the share must be from 0 to 1 or 0% to 100%, such as 95% or 0.95", zh: "比例须在 0 到 1 或 0% 到 100% 之间，如 95% 或 0.95" });
    return { ok: true, target: { kind: "shipped-within", hours: hours as 12 | 24, minShare: share } };
  }
  m = /^wait\s*:\s*([a-z][a-z0-9_-]{0,31})\s*<=\s*(.+)$/i.exec(t);
  if (m) {
    const min = parseMinutes(m[2]);
    if (min === undefined || !Number.isFinite(min) || min < 0) return fail({ en: "the wait must be a duration >= 0 such as 30min, 0.5h, 90s, or a number of minutes", zh: "等待时间须为不小于 0 的时长，如 30min、0.5h、90s，或分钟数" });
    return { ok: true, target: { kind: "mean-wait", station: m[1], maxMin: min } };
  }
  return fail(FORMS);
}

/** Checks rule and station ids against the scenario; one error per unknown id. */
export function checkTargets(scenario: Scenario, targets: readonly Target[], pathOf: (i: number) => string = (i) => `targets[${i}]`): TargetParseError[] {
  const errors: TargetParseError[] = [];
  const rules = scenario.deadlines.map((d) => d.id);
  const stations = scenario.stations.map((s) => s.id);
  targets.forEach((t, i) => {
    if (t.kind === "late-probability" && !rules.includes(t.rule)) {
      errors.push({ path: pathOf(i), message: `unknown deadline rule "${t.rule}"; rules are ${rules.join(", ") || "(none)"}`, zh: `未知的截止规则 "${t.rule}"；现有规则：${rules.join("、") || "（无）"}` });
    }
    if (t.kind === "mean-wait" && !stations.includes(t.station)) {
      errors.push({ path: pathOf(i), message: `unknown station "${t.station}"; stations are ${stations.join(", ")}`, zh: `未知的工位 "${t.station}"；现有工位：${stations.join("、")}` });
    }
  });
  // Two limits on one measure: which one would the plan have to meet?
  for (const d of duplicateTargets(targets)) {
    errors.push({ path: pathOf(d.index), message: `another target for ${d.measure}, as #${d.first + 1} is; keep one, with the limit you mean`, zh: `与第 ${d.first + 1} 个目标重复，都是 ${d.measure} 的目标；请只保留一个，写上您要的限值` });
  }
  return errors;
}

/** "1d", "36h", "1d12h30min": a duration in seconds as a scenario file writes it. */
function durationText(sec: number): string {
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.round((sec % 3600) / 60);
  return `${d ? `${d}d` : ""}${h ? `${h}h` : ""}${m ? `${m}min` : ""}` || "0h";
}

/**
 * The latest payment time (seconds from the start) among the orders a deadline rule
 * judges, or undefined when it judges none. Payments run from the start to the end
 * of the last demand day within the horizon (presale is released at 00:00). A rule
 * with a payment window judges the payments inside it; a rule without one, those no
 * windowed rule judges. This is the supremum of the payment period, not the last
 * order of a particular run: a day's last orders can come up to its 24:00.
 */
function latestJudgedPayment(s: Scenario, rule: Scenario["deadlines"][number]): number | undefined {
  const end = Math.min(clockOnDay(s, 1 + s.demand.daysAfter.length, "00:00"), s.horizon);
  const windowOf = (d: Scenario["deadlines"][number]) => ({ from: d.paidFrom !== undefined ? toSec(s, d.paidFrom) : -Infinity, to: d.paidTo !== undefined ? toSec(s, d.paidTo) : Infinity });
  const windowed = (d: Scenario["deadlines"][number]) => d.paidFrom !== undefined || d.paidTo !== undefined;
  if (windowed(rule)) {
    const w = windowOf(rule);
    return w.from < end && w.to >= 0 ? Math.min(w.to, end) : undefined;
  }
  // Step back from the end over the windows that cover the payments just before it.
  const windows = s.deadlines.filter(windowed).map(windowOf);
  let t = end;
  for (let moved = true; moved && t > 0; ) {
    moved = false;
    for (const w of windows) {
      if (w.from < t && w.to >= t) {
        t = w.from;
        moved = true;
      }
    }
  }
  return t > 0 ? t : undefined;
}

/**
 * Late targets whose rule's deadline comes after the end of the scenario's horizon.
 * A run stops at its horizon at the latest; orders without their milestone then,
 * before a later deadline, are undetermined, and a late target counts them as late
 * (nothing proves they make it). With a deadline after the horizon the last orders
 * can never be shown on time, so no staffing meets the target and the search would
 * add people up to maxStaff and blame it. Refused up front instead.
 * For a "within W of payment" rule the deadline that matters is that of the last
 * payments the demand can produce: the end of the last demand day within the
 * horizon + W (a bound, rather than the last order of each run).
 */
export function checkHorizon(s: Scenario, targets: readonly Target[], pathOf: (i: number) => string = (i) => `targets[${i}]`): TargetParseError[] {
  const errors: TargetParseError[] = [];
  targets.forEach((t, i) => {
    if (t.kind !== "late-probability") return;
    const d = s.deadlines.find((x) => x.id === t.rule);
    if (!d) return;
    const paid = latestJudgedPayment(s, d);
    if (paid === undefined) return;
    const deadline = d.by !== undefined ? toSec(s, d.by) : paid + (d.within ?? 0);
    if (deadline <= s.horizon) return;
    const zone = s.timeZone;
    // A fixed deadline as the rule writes it ("2026-11-20 24:00"); a relative one as a calendar time.
    const at = d.by ?? formatSec(s, deadline);
    const lastPaid = formatSec(s, paid);
    const hours = d.within !== undefined ? +(d.within / 3600).toFixed(2) : 0;
    const need = durationText(Math.ceil(deadline / 86400) * 86400);
    const horizon = durationText(s.horizon);
    const horizonEnd = formatSec(s, s.horizon);
    const name = { en: d.label.en ?? d.id, zh: d.label.zh ?? d.label.en ?? d.id };
    const open = d.milestone === "shipped" ? { en: "still not shipped", zh: "仍未发货" } : { en: "still without a courier pickup scan", zh: "仍无揽收记录" };
    const whenEn = d.by !== undefined ? `${at} (${zone})` : `${at} (${zone}: ${hours} h after the last payments, at the end of the last demand day within the horizon, ${lastPaid})`;
    const whenZh = d.by !== undefined ? `${at}（${zone}）` : `${at}（${zone}；最后的付款时间即仿真时长内最后一个需求日的结束 ${lastPaid} 之后 ${hours} 小时）`;
    errors.push({
      path: pathOf(i),
      message: `${targetKey(t)}: the deadline of rule "${name.en}" (${d.id}) is ${whenEn}, after the end of the horizon ${horizon} (${horizonEnd}); orders ${open.en} when the run stops cannot be shown on time and count as late, so no staffing can meet this target. Lengthen the scenario's horizon to at least ${need}.`,
      zh: `${targetKey(t)}：规则“${name.zh}”（${d.id}）的截止时间为 ${whenZh}，晚于仿真时长 horizon ${horizon} 的结束时间（${horizonEnd}）；仿真结束时${open.zh}的订单无法证明按时，按超时计，任何排班都无法达标。请把场景的 horizon 延长到至少 ${need}。`,
    });
  });
  return errors;
}

/** Where a plan's targets come from: the request (`--target`, the API's `options.targets`), the scenario's `targets`, or `defaultTargets`. */
export type TargetsSource = "options" | "scenario" | "default";

/** The deadline rule the default late target is for (DOMAIN: shipped by 20 Nov 24:00), and its limit. */
export const DEFAULT_LATE_RULE = "d11-ship";
export const DEFAULT_MAX_LATE_PROBABILITY = 0.05;
/** The default shipping target: this share of peak-day orders shipped within 24 h. */
export const DEFAULT_MIN_SHARE_24H = 0.95;

/**
 * The targets a plan is held to when neither the request nor the scenario names any,
 * those of scenarios/default.yaml: P(any order late for the "d11-ship" rule) <= 5% where
 * the scenario has that rule, and 95% of peak-day orders shipped within 24 h. The one
 * source of these defaults: the planner (CLI and API) and the web page's planner tab
 * (served by the API with each scenario) use them.
 */
export function defaultTargets(s: Pick<Scenario, "deadlines">): Target[] {
  const out: Target[] = [];
  if (s.deadlines.some((d) => d.id === DEFAULT_LATE_RULE)) out.push({ kind: "late-probability", rule: DEFAULT_LATE_RULE, maxProbability: DEFAULT_MAX_LATE_PROBABILITY });
  out.push({ kind: "shipped-within", hours: 24, minShare: DEFAULT_MIN_SHARE_24H });
  return out;
}

/**
 * The targets a plan uses and where they come from: `given` (the request's, even an
 * empty list, which is refused as "no target"), else the scenario's `targets`, else
 * `defaultTargets`.
 */
export function planTargets(s: Pick<Scenario, "deadlines" | "targets">, given?: readonly Target[]): { targets: Target[]; source: TargetsSource } {
  if (given !== undefined) return { targets: [...given], source: "options" };
  if (s.targets.length > 0) return { targets: [...s.targets], source: "scenario" };
  return { targets: defaultTargets(s), source: "default" };
}

const pct = (x: number) => `${+(x * 100).toFixed(2)}%`;

/** The compact text form (round-trips through `parseTarget`). */
export function targetKey(t: Target): string {
  switch (t.kind) {
    case "late-probability":
      return `late:${t.rule}<=${pct(t.maxProbability)}`;
    case "shipped-within":
      return `within${t.hours}h>=${pct(t.minShare)}`;
    case "mean-wait":
      return `wait:${t.station}<=${+t.maxMin.toFixed(3)}min`;
  }
}

/**
 * A sentence naming the target, in English and Chinese. With the scenario, the rule
 * and the station go by their names ("Double 11: shipped by 20 Nov 24:00", 打包)
 * rather than their ids.
 */
export function targetLabel(t: Target, s?: Scenario): { en: string; zh: string } {
  switch (t.kind) {
    case "late-probability": {
      const d = s?.deadlines.find((x) => x.id === t.rule);
      const en = d?.label.en ?? t.rule;
      const zh = d?.label.zh ?? d?.label.en ?? t.rule;
      return { en: `P(any order late for "${en}") <= ${pct(t.maxProbability)}`, zh: `“${zh}”出现超时订单的概率 <= ${pct(t.maxProbability)}` };
    }
    case "shipped-within":
      return { en: `Peak-day orders shipped within ${t.hours} h >= ${pct(t.minShare)}`, zh: `大促当天订单${t.hours}小时内发货比例 >= ${pct(t.minShare)}` };
    case "mean-wait": {
      const st = s?.stations.find((x) => x.id === t.station);
      const en = st ? stationLabel(st, "en") : t.station;
      const zh = st ? stationLabel(st, "zh") : t.station;
      return { en: `Mean wait at ${en} <= ${+t.maxMin.toFixed(2)} min`, zh: `${zh} 平均等待 <= ${+t.maxMin.toFixed(2)} 分钟` };
    }
  }
}

/** What one run says about one target. */
export interface TargetSample {
  /** The decision value: 0/1 (any late), a share 0..1, or minutes. */
  value: number;
  /**
   * A continuous companion used only to rank candidates (common random numbers
   * make small changes visible): late orders / judged orders for a late target,
   * else the value itself.
   */
  smooth: number;
  /**
   * Mean-wait targets: orders that had not started service at the station when
   * the run ended (queued there, or still at a station before it on the route),
   * as a share of those plus the orders served there. Above 0 the run has not
   * shown the wait (see `waitSample`).
   */
  unserved?: number;
}

/**
 * A run's mean wait at a station, honestly. The station's own mean covers only the
 * orders that started service there: with nobody on duty, or a station upstream
 * left empty, no order starts, no wait is recorded, and the mean is null. Orders
 * that never started service at the station by the end of the run are waiting
 * still, for all the run shows for ever; like an order left undetermined by a late
 * target's horizon, they count against the target: such a run fails it (see
 * `decideTarget`), whatever the mean of the orders that did start. Its value is then
 * a lower bound instead of the served-only mean: the time-average queue x the run's
 * length (every order's time in the queue, the unserved up to the end, by Little's
 * law) over every order that reached the station, so the reports show a large wait
 * rather than 0 and the search sees it shrink as people are added. A run with no wait
 * at all (null) fails too, even with no order left unserved (none reached the station).
 */
function waitSample(station: string, run: RunResult): TargetSample {
  const r = run.stations[station];
  if (!r) return { value: 0, smooth: 0 };
  // Queued at the station itself: the last hourly sample is taken at the end of the run
  // (orders in service there have started and their wait is recorded).
  const queue = run.hourly?.stations?.[station]?.queue;
  let unserved = queue?.length ? (queue[queue.length - 1] ?? 0) : r.inStationAtEnd;
  // Still upstream (queued or in service before it on the route): not yet arrived here.
  const at = run.stationOrder?.indexOf(station) ?? -1;
  for (let i = 0; i < at; i++) unserved += run.stations[run.stationOrder[i]]?.inStationAtEnd ?? 0;
  if (unserved <= 0 && r.meanWaitMin !== null) return { value: r.meanWaitMin, smooth: r.meanWaitMin, unserved: 0 };
  const reached = r.served + r.inStationAtEnd;
  const lower = reached > 0 ? (r.meanQueue * run.endSec) / reached / 60 : 0;
  const value = Math.max(r.meanWaitMin ?? 0, lower);
  // No wait at all (null: no order started service there, e.g. none reached it): nothing
  // shows the target met, so the run counts as one with every order unserved and fails it.
  return { value, smooth: value, unserved: unserved > 0 ? unserved / (unserved + r.served) : 1 };
}

/** Measures one run against a target. */
export function sampleTarget(t: Target, run: RunResult): TargetSample {
  switch (t.kind) {
    case "late-probability": {
      const d = run.deadlines.find((x) => x.id === t.rule);
      if (!d) return { value: 0, smooth: 0 };
      // Conservative: an order left undetermined by a run cut at its horizon is not
      // known to be on time, so it counts as late here (the run's own report keeps it apart).
      const late = d.late + (d.undetermined ?? 0);
      return { value: late > 0 ? 1 : 0, smooth: d.orders > 0 ? late / d.orders : 0 };
    }
    case "shipped-within": {
      // No peak-day orders (null): no share shipped in time to show, counted as 0.
      const v = (t.hours === 12 ? run.shippedWithin.h12 : run.shippedWithin.h24) ?? 0;
      return { value: v, smooth: v };
    }
    case "mean-wait":
      return waitSample(t.station, run);
  }
}

export type TargetStatus = "meets" | "fails" | "undecided";

export interface TargetDecision {
  status: TargetStatus;
  /** Point estimate (probability, share or minutes). */
  estimate: number;
  /** 95% interval. */
  low: number;
  high: number;
  n: number;
  /** Mean of the smooth companion. */
  smooth: number;
  /** Mean-wait targets: runs that left orders unserved at the station (any fails the target), and the mean unserved share. */
  unservedRuns?: number;
  unserved?: number;
  /**
   * Replications that, alone, missed the limit: a run with any late order (late
   * targets), a share under the limit, a wait over it (or orders left unserved). The
   * decision is on the mean; this is the tail a manager lives through on the day:
   * "meets on average, but 12 of 73 simulated days shipped under 95% within 24 h".
   */
  missedRuns: number;
}

/** The limit and which side of it is good. */
export function limitOf(t: Target): { limit: number; le: boolean; unit: "probability" | "share" | "min" } {
  switch (t.kind) {
    case "late-probability":
      return { limit: t.maxProbability, le: true, unit: "probability" };
    case "shipped-within":
      return { limit: t.minShare, le: false, unit: "share" };
    case "mean-wait":
      return { limit: t.maxMin, le: true, unit: "min" };
  }
}

/**
 * Decides a target from n samples (replications).
 * - P(any late) <= p: meets when the Wilson upper bound <= p; fails when the lower
 *   bound > p. A limit of 0 cannot be shown by sampling: it "meets" only with no
 *   late run at all in `nMax` replications.
 * - share >= s: meets when mean - halfWidth >= s; fails when mean + halfWidth < s.
 * - wait <= w: meets when mean + halfWidth <= w; fails when mean - halfWidth > w,
 *   or when any run left orders unserved at the station (their wait is unbounded as
 *   far as the run shows; more replications cannot undo an observed one).
 * A zero-variance sample (every run 100% shipped, say) has halfWidth 0.
 */
export function decideTarget(t: Target, samples: readonly TargetSample[], nMax = Infinity): TargetDecision {
  const n = samples.length;
  let smooth = 0;
  for (const s of samples) smooth += s.smooth;
  smooth = n ? smooth / n : Number.NaN;
  const { limit, le } = limitOf(t);
  let missedRuns = 0;
  for (const s of samples) if ((le ? s.value > limit : s.value < limit) || (s.unserved ?? 0) > 0) missedRuns++;
  if (n === 0) return { status: "undecided", estimate: Number.NaN, low: Number.NaN, high: Number.NaN, n, smooth, missedRuns };
  if (t.kind === "late-probability") {
    let k = 0;
    for (const s of samples) k += s.value;
    const w = wilson(k, n);
    let status: TargetStatus = w.high <= limit ? "meets" : w.low > limit ? "fails" : "undecided";
    if (limit === 0) status = k > 0 ? "fails" : n >= nMax ? "meets" : "undecided";
    return { status, estimate: w.p, low: w.low, high: w.high, n, smooth, missedRuns };
  }
  const e = estimate(samples.map((s) => s.value));
  const hw = Number.isFinite(e.halfWidth) ? e.halfWidth : Infinity;
  // A share's interval is clipped to [0, 1] (the t interval can overshoot; decisions are unchanged as limits are in [0, 1]).
  const low = t.kind === "shipped-within" ? Math.max(0, e.mean - hw) : e.mean - hw;
  const high = t.kind === "shipped-within" ? Math.min(1, e.mean + hw) : e.mean + hw;
  let status: TargetStatus;
  if (le) status = high <= limit ? "meets" : low > limit ? "fails" : "undecided";
  else status = low >= limit ? "meets" : high < limit ? "fails" : "undecided";
  if (t.kind === "mean-wait") {
    let unservedRuns = 0;
    let unserved = 0;
    for (const s of samples) {
      if ((s.unserved ?? 0) > 0) unservedRuns++;
      unserved += (s.unserved ?? 0) / n;
    }
    if (unservedRuns > 0) status = "fails";
    return { status, estimate: e.mean, low, high, n, smooth, unservedRuns, unserved, missedRuns };
  }
  return { status, estimate: e.mean, low, high, n, smooth, missedRuns };
}

/** Whether the point estimate is on the good side of the limit (a plan worth more replications); never with orders left unserved. */
export function pointMeets(t: Target, d: TargetDecision): boolean {
  const { limit, le } = limitOf(t);
  if ((d.unservedRuns ?? 0) > 0) return false;
  return le ? d.estimate <= limit : d.estimate >= limit;
}

/**
 * Replications needed before a probability target can be shown at all: with 0
 * late runs out of n the Wilson upper bound is z^2 / (n + z^2), which is <= p
 * only from n >= z^2 (1 - p) / p (73 runs for 5%, 381 for 1%).
 */
export function minReplicationsFor(t: Target): number {
  if (t.kind !== "late-probability") return 2;
  const p = t.maxProbability;
  if (p <= 0) return Infinity;
  if (p >= 1) return 1;
  return Math.max(2, Math.ceil((Z * Z * (1 - p)) / p - 1e-9));
}

/**
 * How far a decision is from its target, >= 0 (0 = on the good side), for ranking
 * candidates by risk reduction per cost. Late targets add the late-order share so
 * that progress shows before P(any late) moves; waits are relative to the limit.
 */
export function shortfall(t: Target, d: TargetDecision): number {
  if (!Number.isFinite(d.estimate)) return 1;
  switch (t.kind) {
    case "late-probability":
      return Math.max(0, d.estimate - t.maxProbability) + d.smooth;
    case "shipped-within":
      return Math.max(0, t.minShare - d.estimate);
    case "mean-wait":
      // Runs with orders left unserved add their share, and the unserved share itself,
      // so that progress shows while the wait's lower bound is still under the limit.
      return Math.max(0, d.estimate - t.maxMin) / Math.max(t.maxMin, 1) + (d.n > 0 ? (d.unservedRuns ?? 0) / d.n : 0) + (d.unserved ?? 0);
  }
}
