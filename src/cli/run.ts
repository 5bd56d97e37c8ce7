/**
 * `peakline run <scenario>`: one replication (readable tables or --json), or many
 * (--replications / --target-halfwidth) with a progress bar and a table of
 * figures as mean ± 95% half-width [min, max].
 *
 * Also the helpers shared by `compare` and `report`: progress output, the target
 * option, Ctrl-C handling, the scenario hash and the package version.
 */
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { DEFAULT_MAX_REPLICATIONS, MIN_REPLICATIONS_TO_STOP, runExperiment, type RunExperimentOptions } from "../sim/experiment/pool.js";
import { figureNames, isCountFigure, isShareFigure, replicationRows } from "../sim/experiment/replicate.js";
import { intervalOf } from "../sim/experiment/estimate.js";
import type { Estimate, Experiment, TargetSpec } from "../sim/experiment/types.js";
import type { RunResult } from "../sim/model/result.js";
import { type Scenario, scenarioName } from "../sim/model/schema.js";
import { simulate } from "../sim/model/simulate.js";
import { clockOnDay, dayKey, formatSec } from "../sim/model/time.js";
import { colon, figureLabel, fmtInt, fmtMoney, fmtNum, fmtOr, fmtPct, formatDeadline, type Lang, LANGS, noOrderNote, paren, peakDayCutNote, stoppedReason, t, UNFINISHED_MARK, unfinishedNote, WAIT_MARK, waitsNote } from "../sim/report/i18n.js";
import { displayNames, estimateText, figureMarks, intervalNotes, isRuleFigure, latePercentileNote, latePercentiles, noRuleNote, rulesJudgingNone } from "../sim/report/tables.js";
import { textTable } from "../sim/report/text.js";
import { nearest } from "../sim/model/load.js";
import { CliError, collect, EXIT, loadScenarioFileDetailed, parseChoiceOption, parseIntOption, refuseOption, say, WORKERS_HELP } from "./common.js";

// ---------------------------------------------------------------- shared helpers

/** "1%" -> relative 0.01; "0.5" -> absolute 0.5. A bad value exits 2 in the command line's --lang, wherever --lang comes. */
export function parseHalfWidth(value: string): { halfWidth: number; relative: boolean } {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(value);
  const n = m ? Number(m[1]) : NaN;
  if (!m || !(n > 0) || (m[2] === "%" && n >= 100)) {
    throw refuseOption(
      "--target-halfwidth",
      `--target-halfwidth must be a number > 0 (absolute, in the figure's unit) or a percentage of the mean below 100% such as "1%"; got ${JSON.stringify(value)}`,
      `须为大于 0 的数（绝对值，与该指标同单位），或均值的百分比（小于 100%），如 "1%"（实为 ${JSON.stringify(value)}）`,
    );
  }
  return m[2] === "%" ? { halfWidth: n / 100, relative: true } : { halfWidth: n, relative: false };
}

export const DEFAULT_TARGET_FIGURE = "shippedWithin.h24";
/** Replications of `run --replications` / `--target-halfwidth` when --replications is not given. */
export const DEFAULT_RUN_REPLICATIONS = 20;

/** The target of --target-halfwidth / --target-figure, checked against the scenario's figure names (exit 2 if unknown, in `opts.lang`). */
export function targetOf(scenario: Scenario, opts: { targetHalfwidth?: { halfWidth: number; relative: boolean }; targetFigure?: string; lang?: Lang }): TargetSpec | undefined {
  const lang = opts.lang ?? "en";
  if (!opts.targetHalfwidth) {
    if (opts.targetFigure) {
      throw new CliError(
        say(
          lang,
          `--target-figure needs --target-halfwidth: it names the figure whose half-width --target-halfwidth aims at (e.g. --target-halfwidth 1% --target-figure ${opts.targetFigure})`,
          `--target-figure 需要 --target-halfwidth：它指定 --target-halfwidth 所针对的指标（如 --target-halfwidth 1% --target-figure ${opts.targetFigure}）`,
        ),
      );
    }
    return undefined;
  }
  const figure = opts.targetFigure ?? DEFAULT_TARGET_FIGURE;
  const names = figureNames(scenario);
  if (!names.includes(figure)) {
    const near = nearest(figure, names);
    throw new CliError(
      say(
        lang,
        `--target-figure: unknown figure "${figure}"${near ? ` (did you mean ${near}?)` : ""}; figures of this scenario are:\n  ${names.join("\n  ")}`,
        `--target-figure：未知的指标 "${figure}"${near ? `（是不是 ${near}？）` : ""}；本场景的指标有：\n  ${names.join("\n  ")}`,
      ),
    );
  }
  return { figure, ...opts.targetHalfwidth };
}

/** Largest --replications / --max-replications the commands accept. */
export const MAX_REPLICATIONS_FLAG = 100_000;

/**
 * --max-replications bounds what --target-halfwidth adds, so (exit 2 otherwise):
 * - it needs --target-halfwidth: without a target exactly the replications asked for are
 *   run (`run` without --replications: one run) and it would be silently ignored; the
 *   message also says when it is below them;
 * - with one, it must be at least the replications the run starts with: `--replications`
 *   when given, else its default (named as such: a flag never typed is no help in a message).
 * `hasTarget`: --target-halfwidth was given (checked before the scenario is read);
 * `single`: without --replications nor a target the command makes one run (`run`).
 * Worded in `lang` (the command's --lang).
 */
export function checkMaxReplications(hasTarget: boolean, maxReplications: number | undefined, given: number | undefined, replications: number, single = false, lang: Lang = "en"): void {
  if (maxReplications === undefined) return;
  if (!hasTarget) {
    const runs =
      given !== undefined
        ? { en: `exactly ${given} replications are run (--replications ${given})`, zh: `正好运行 ${given} 次仿真（--replications ${given}）` }
        : single
          ? { en: "a single run is made", zh: "只运行一次" }
          : { en: `exactly ${replications} replications are run (the default of --replications)`, zh: `正好运行 ${replications} 次仿真（--replications 的默认值）` };
    const isBelow = (given !== undefined || !single) && maxReplications < replications;
    const below = isBelow
      ? { en: `, and ${maxReplications} is below ${given !== undefined ? `--replications ${given}` : `those ${replications}`}`, zh: `，而且 ${maxReplications} 小于${given !== undefined ? ` --replications ${given}` : `这 ${replications} 次`}` }
      : { en: "", zh: "" };
    const from = given ?? DEFAULT_RUN_REPLICATIONS;
    throw new CliError(
      say(
        lang,
        `--max-replications ${maxReplications} needs --target-halfwidth: it caps the replications added to reach a target half-width; without one ${runs.en}, so it would be ignored${below.en}. ` +
          `Drop --max-replications, or add --target-halfwidth (such as 1%) with --max-replications from ${from} to ${MAX_REPLICATIONS_FLAG}`,
        `--max-replications ${maxReplications} 需要 --target-halfwidth：它限制为达到目标半宽而追加的仿真次数；没有目标时${runs.zh}，它不起作用${below.zh}。` +
          `请去掉 --max-replications，或加上 --target-halfwidth（如 1%）并把 --max-replications 设为 ${from} 到 ${MAX_REPLICATIONS_FLAG}`,
      ),
    );
  }
  if (maxReplications >= replications) return;
  if (given !== undefined) {
    throw new CliError(
      say(
        lang,
        `--max-replications (${maxReplications}) must be at least --replications (${given}); raise --max-replications to ${given} to ${MAX_REPLICATIONS_FLAG}, or give a smaller --replications`,
        `--max-replications（${maxReplications}）须不少于 --replications（${given}）；请把 --max-replications 调高到 ${given} 到 ${MAX_REPLICATIONS_FLAG}，或调低 --replications`,
      ),
    );
  }
  throw new CliError(
    say(
      lang,
      `--max-replications ${maxReplications} must be at least the starting replications (${replications}, the default of --replications); raise --max-replications or give a smaller --replications`,
      `--max-replications ${maxReplications} 须不少于起始仿真次数（${replications}，即 --replications 的默认值）；请调高 --max-replications，或给出更小的 --replications`,
    ),
  );
}

/** The progress label of `scenarios` scenarios' replications: "replications" / "仿真次数", "replications x 2 scenarios" / "仿真次数 × 2 个场景". */
export function progressLabel(lang: Lang, scenarios = 1): string {
  if (scenarios === 1) return lang === "en" ? "replications" : t(lang, "replications");
  return lang === "en" ? `replications x ${scenarios} scenarios` : `${t(lang, "replications")} × ${scenarios} 个场景`;
}

/**
 * Progress on stderr: a bar on a terminal, otherwise one plain line per ~10% (so
 * logs and CI output stay readable). cli-progress writes nothing to a non-TTY
 * stream unless told to, so the choice is made here explicitly. `label` is already
 * in `lang` (see progressLabel); `lang` words the bar's ETA.
 */
export function progressReporter(label: string, lang: Lang = "en"): { update(done: number, total: number): void; stop(): void } {
  const stream = process.stderr;
  if (stream.isTTY) {
    const eta = lang === "en" ? "ETA {eta_formatted}" : "预计剩余 {eta_formatted}";
    const bar = new cliProgress.SingleBar(
      { stream, format: `${label} {bar} {value}/{total} | {duration_formatted} | ${eta}`, hideCursor: true, clearOnComplete: false, etaBuffer: 20 },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else {
          bar.setTotal(total);
          bar.update(done);
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastShown = -1;
  return {
    update(done, total) {
      const step = Math.max(1, Math.ceil(total / 10));
      if (done === total || done - lastShown >= step) {
        lastShown = done;
        stream.write(`${label} ${done}/${total}\n`);
      }
    },
    stop() {},
  };
}

/**
 * Runs `fn` with an AbortSignal that fires on Ctrl-C (SIGINT) or SIGTERM; a
 * cancelled experiment becomes a CliError "cancelled" (exit 1, in `lang`), the pool destroyed.
 */
export async function withCancel<T>(fn: (signal: AbortSignal) => Promise<T>, lang: Lang = "en"): Promise<T> {
  const ac = new AbortController();
  const onSig = () => ac.abort();
  process.once("SIGINT", onSig);
  process.once("SIGTERM", onSig);
  try {
    return await fn(ac.signal);
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw new CliError(say(lang, "cancelled (Ctrl-C)", "已取消（Ctrl-C）"), EXIT.FAILURE);
    // The experiment's own argument checks (RangeError): the flags are checked before, so only a bug reaches this.
    if (e instanceof RangeError) throw new CliError(e.message);
    throw e;
  } finally {
    process.off("SIGINT", onSig);
    process.off("SIGTERM", onSig);
  }
}

/** Runs an experiment with progress on stderr (in `lang`) and Ctrl-C handling. */
export async function runWithProgress(scenario: Scenario, opts: Omit<RunExperimentOptions, "onProgress" | "signal">, lang: Lang = "en"): Promise<Experiment> {
  const progress = progressReporter(progressLabel(lang), lang);
  try {
    // mainThread: the CLI has nothing else to do, so this thread runs replications while the pool threads start.
    return await withCancel((signal) => runExperiment(scenario, { ...opts, mainThread: true, signal, onProgress: (d, n) => progress.update(d, n) }), lang);
  } finally {
    progress.stop();
  }
}

/** A number for the terminal: whole numbers without decimals, others with 2 (1 from 100 up). */
function fmtValue(x: number, whole: boolean): string {
  if (whole || Math.abs(x) >= 1000) return fmtInt(x);
  return fmtNum(x, Math.abs(x) >= 100 ? 1 : 2);
}

/**
 * "12.3 ± 0.4 [11.0, 13.9]" with shares as percentages; counts that are whole in every
 * replication stay whole, and a count's min and max always ("37.50 ± 11.33 [28, 139]"). A
 * share whose t interval passes 0% or 100% shows it cut there, as "+above/-below" the mean
 * ("99.0% +1.0%/-2.0% [81.3%, 100.0%]"), and so does any other figure whose interval passes
 * 0 ("19.58 +30.41/-19.58 [1.36, 294.6]": none can be negative); a 0/1 indicator per
 * replication (P(any order late), backlog cleared) its Wilson interval and count
 * ("100.0% Wilson 83.9%-100.0% (20/20)"). "–" for a figure no replication has (null). With
 * `of` (the replications run), a figure only some replications have says over how many:
 * "(3 of 10 runs)". `range: false` leaves out [min, max] (not the Wilson count).
 */
export function formatEstimate(name: string, e: Estimate | null, of?: { replications: number; lang: Lang }, opts: { range?: boolean; lang?: Lang } = {}): string {
  if (e === null) return "–";
  const lang = opts.lang ?? of?.lang ?? "en";
  const share = isShareFigure(name);
  const whole = Number.isInteger(e.min) && Number.isInteger(e.max) && Number.isInteger(e.mean);
  const v = (x: number) => (share ? fmtPct(x, 1) : fmtValue(x, whole));
  const hw = (x: number) => (share ? fmtPct(x, 1) : fmtValue(x, whole && x === 0));
  // A count's min and max are replications' counts: whole even when its mean is not ("[28, 139]").
  const r = (x: number) => (isCountFigure(name) ? fmtInt(x) : v(x));
  const some = of && e.n < of.replications ? (of.lang === "en" ? ` (${e.n} of ${of.replications} replications)` : `（${of.replications} 次仿真中 ${e.n} 次）`) : "";
  const parts = estimateText(e, v, lang, hw, r);
  const wilson = e.interval === "wilson";
  const range = wilson || opts.range !== false ? (parts.range.startsWith("（") ? parts.range : ` ${parts.range}`) : "";
  return `${v(e.mean)} ${parts.interval}${range}${some}`;
}

export function stoppedText(exp: Experiment, lang: Lang): string {
  const why = stoppedReason(exp.stoppedBecause, lang);
  // The code (as in --json's stoppedBecause) in English only; Chinese readers get the sentence.
  let s = `${t(lang, "stoppedBecause")}${colon(lang)}${why}${lang === "en" ? ` (${exp.stoppedBecause ?? "replications"}; ${exp.runs.length} replications)` : `（${exp.runs.length} 次）`}`;
  if (exp.target) {
    const tg = exp.target;
    const goal = tg.relative ? tg.halfWidth * Math.abs(tg.mean) : tg.halfWidth;
    // A relative target is a % of the mean: the achieved half-width is shown both ways.
    const pct = (x: number) => `${fmtNum(x * 100, 2)}%`;
    const ofMean = (share: number) => (lang === "en" ? `${pct(share)} of the mean` : `均值的 ${pct(share)}`);
    const achieved = tg.relative && tg.mean !== 0 ? ` (${ofMean(tg.achievedHalfWidth / Math.abs(tg.mean))})` : "";
    s += `\n${lang === "en" ? "target" : "目标"}: ${tg.figure} ± ${tg.relative ? `${fmtNum(goal, 4)} (${ofMean(tg.halfWidth)})` : tg.halfWidth}, ${lang === "en" ? "achieved" : "实际"} ± ${fmtNum(tg.achievedHalfWidth, 4)}${achieved}`;
    // Why a half-width at or under the goal did not stop the run (the stop rule, pool.ts).
    const value = isShareFigure(tg.figure) ? fmtPct(tg.mean, 1) : fmtNum(tg.mean, 2);
    if (tg.allEqual) {
      s += `\n${lang === "en" ? `every replication gave ${tg.figure} the same value (${value}): a zero-variance interval says nothing about how often it differs, so it never counts as met` : `每次仿真的 ${tg.figure} 都相同（${value}）：方差为零的区间说明不了它多久会不同一次，因此不算达到目标`}`;
    } else if (exp.stoppedBecause === "max-replications" && exp.runs.length < MIN_REPLICATIONS_TO_STOP && tg.achievedHalfWidth <= goal) {
      s += `\n${lang === "en" ? `the half-width is within the target, but a stop is trusted from ${MIN_REPLICATIONS_TO_STOP} replications on: raise --max-replications to at least ${MIN_REPLICATIONS_TO_STOP}` : `半宽已达到目标，但至少 ${MIN_REPLICATIONS_TO_STOP} 次仿真才认可停止：请把 --max-replications 提高到 ${MIN_REPLICATIONS_TO_STOP} 以上`}`;
    }
  }
  return s;
}

// ---------------------------------------------------------------- single run output

/** The --set overrides under the scenario's name: the file's name and question are not what was run. */
function changesLine(sets: readonly string[], lang: Lang): string {
  return `${lang === "en" ? "Changed from the file" : "相对文件的改动"}${colon(lang)}${sets.map((x) => `--set ${x}`).join(" ")}`;
}

function singleRunText(r: RunResult, s: Scenario, lang: Lang, sets: readonly string[] = []): string {
  const out: string[] = [];
  const en = lang === "en";
  out.push(`${t(lang, "scenario")}${colon(lang)}${scenarioName(s.name, lang)} · ${t(lang, "seed")}${colon(lang)}${r.seed} · ${en ? "ended" : "结束于"} ${formatSec(s, r.endSec)}${en ? ` (${endReason(r, "en")})` : `（${endReason(r, "zh")}）`} · ${t(lang, "events")}${colon(lang)}${fmtInt(r.perf.events)} · ${fmtInt(r.perf.wallMs)} ms`);
  if (sets.length) out.push(changesLine(sets, lang));
  out.push("");
  out.push(`## ${t(lang, "orders")}`);
  const o = r.orders;
  out.push(
    textTable(
      [t(lang, "arrived"), t(lang, "peakDay"), t(lang, "presale"), t(lang, "prepacked"), t(lang, "shipped"), t(lang, "collected"), t(lang, "backlogAtEnd")],
      [[o.arrived, o.peakDay, o.presale, o.prepacked, o.shipped, o.collected, o.backlogAtEnd].map(fmtInt)],
      ["r", "r", "r", "r", "r", "r", "r"],
    ),
  );
  out.push("");
  out.push(`## ${en ? "Stations" : "工位"}`);
  // "–" where nothing was observed (no order started: no wait; never on duty: no utilisation).
  // Orders still waiting when the run ended (a run cut by its horizon) are not in the
  // waits: those are marked, and the note under the table says how many.
  const waiting = r.stationOrder.filter((id) => (r.stations[id].queuedAtEnd ?? 0) > 0 && r.stations[id].meanWaitMin !== null);
  const mark = (id: string, v: string) => (waiting.includes(id) ? `${v}${WAIT_MARK}` : v);
  out.push(
    textTable(
      [t(lang, "station"), t(lang, "utilization"), t(lang, "peakDayUtilization"), t(lang, "meanWaitMin"), t(lang, "p95WaitMin"), t(lang, "queuedAtEnd"), t(lang, "maxQueue"), t(lang, "served"), t(lang, "staffHours")],
      r.stationOrder.map((id) => {
        const st = r.stations[id];
        return [
          st.name[lang] || id,
          fmtOr(st.utilization, (x) => fmtPct(x, 1)),
          fmtOr(st.peakDayUtilization ?? null, (x) => fmtPct(x, 1)),
          mark(id, fmtOr(st.meanWaitMin, (x) => fmtNum(x, 1))),
          mark(id, fmtOr(st.p95WaitMin, (x) => fmtNum(x, 1))),
          fmtInt(st.queuedAtEnd ?? 0),
          fmtInt(st.maxQueue),
          fmtInt(st.served),
          fmtNum(st.staffHours, 1),
        ];
      }),
      ["l", "r", "r", "r", "r", "r", "r", "r"],
    ),
  );
  if (waiting.length) out.push(waitsNote(lang, waiting.map((id) => ({ name: r.stations[id].name[lang] || id, waiting: fmtInt(r.stations[id].queuedAtEnd ?? 0) }))));
  if (r.returns) {
    const st = r.stations[r.returns.station]?.name[lang] || r.returns.station;
    const n = fmtInt(r.returns.processed);
    // Waits, queue and served are the orders'; busy time is the team's, returns included (returns waiting: see Returns).
    if (r.returns.priority === "fifo") out.push(en ? `${st}'s utilisation includes the ${n} returns it handled, first come first served with orders (see Returns); its waits, queue and served are orders only (returns waiting in the same line are counted under Returns).` : `${st}的利用率含其处理的 ${n} 件退货（与订单先到先处理，见“退货”）；等待、排队和完成数仅为订单（同队等待的退货计入“退货”）。`);
    else out.push(en ? `${st}'s utilisation includes the ${n} returns it handled when no order waited (see Returns); its waits, queue and served are orders only.` : `${st}的利用率含其在无订单等待时处理的 ${n} 件退货（见“退货”）；等待、排队和完成数仅为订单。`);
  }
  out.push("");
  out.push(`## ${en ? "Time in system (min)" : "时效（分钟）"}`);
  // A run cut by its horizon: the times cover the orders shipped (collected) only, marked, with a note.
  const unshipped = r.orders.backlogAtEnd;
  const uncollected = r.orders.arrived - r.orders.collected;
  const q = (x: number | null, cut: boolean) => fmtOr(x, (v) => `${fmtNum(v, 1)}${cut ? UNFINISHED_MARK : ""}`);
  const tis = (x: number | null) => q(x, unshipped > 0);
  const ttc = (x: number | null) => q(x, uncollected > 0);
  out.push(
    textTable(
      ["", t(lang, "mean"), t(lang, "p50"), t(lang, "p95")],
      [
        [t(lang, "timeInSystem"), tis(r.timeInSystemMin.mean), tis(r.timeInSystemMin.p50), tis(r.timeInSystemMin.p95)],
        [t(lang, "timeToCollect"), ttc(r.timeToCollectMin.mean), ttc(r.timeToCollectMin.p50), ttc(r.timeToCollectMin.p95)],
      ],
      ["l", "r", "r", "r"],
    ),
  );
  const tisCut = unshipped > 0 && r.timeInSystemMin.mean !== null;
  const ttcCut = uncollected > 0 && r.timeToCollectMin.mean !== null;
  if (tisCut || ttcCut) out.push(unfinishedNote(lang, { ...(tisCut ? { unshipped: fmtInt(unshipped) } : {}), ...(ttcCut ? { uncollected: fmtInt(uncollected) } : {}) }));
  out.push("");
  // A run cut by its horizon: the orders whose window was still open at the end are named apart.
  const u12 = r.shippedWithin.undeterminedH12 ?? 0;
  const u24 = r.shippedWithin.undeterminedH24 ?? 0;
  const und = u12 > 0 || u24 > 0 ? (lang === "en" ? ` (${t(lang, "undetermined")}: 12 h ${fmtPct(u12, 1)} · 24 h ${fmtPct(u24, 1)})` : `（${t(lang, "undetermined")}：12 小时 ${fmtPct(u12, 1)} · 24 小时 ${fmtPct(u24, 1)}）`) : "";
  const share = (x: number | null) => fmtOr(x, (v) => fmtPct(v, 1));
  out.push(`${t(lang, "shippedWithin")}${colon(lang)}${t(lang, "h12")} ${share(r.shippedWithin.h12)} · ${t(lang, "h24")} ${share(r.shippedWithin.h24)}${und}`);
  // The horizon cut the peak day: the shares are over the orders paid by then (see peakDayCut in summary.ts).
  const dayEndSec = clockOnDay(s, 1, "00:00");
  if (r.endSec < dayEndSec) out.push(peakDayCutNote(s, { endSec: r.endSec, dayEndSec, orders: fmtInt(r.orders.peakDay) }, lang));
  out.push("");
  out.push(`## ${t(lang, "deadlines")}`);
  // The undetermined column only when a run cut by its horizon left some (it is 0 whenever the backlog cleared).
  const undetermined = r.deadlines.some((d) => d.undetermined > 0);
  // A rule that judged no order has no row, one line instead.
  const judging = r.deadlines.filter((d) => d.orders > 0);
  const none = r.deadlines.filter((d) => d.orders === 0);
  out.push(
    textTable(
      [t(lang, "rule"), t(lang, "milestone"), t(lang, "deadline"), t(lang, "ordersJudged"), t(lang, "late"), t(lang, "lateUnfinished"), ...(undetermined ? [t(lang, "undetermined")] : [])],
      judging.map((d) => [
        d.label[lang] || d.id,
        t(lang, d.milestone === "shipped" ? "milestoneShipped" : "milestoneCollected"),
        d.deadlineSec !== undefined ? formatDeadline(s, d.deadlineSec) : en ? `${d.withinHours} h after payment` : `付款后 ${d.withinHours} 小时`,
        fmtInt(d.orders),
        fmtInt(d.late),
        fmtInt(d.lateUnfinished),
        ...(undetermined ? [fmtInt(d.undetermined)] : []),
      ]),
      ["l", "l", "l", "r", "r", "r", "r"],
    ),
  );
  if (undetermined) out.push(t(lang, "undeterminedNote"));
  if (none.length) {
    const windowed = (id: string) => s.deadlines.some((x) => x.id === id && (x.paidFrom !== undefined || x.paidTo !== undefined));
    out.push(noOrderNote(lang, none.map((d) => ({ label: d.label[lang] || d.id, windowed: windowed(d.id) }))));
  }
  out.push("");
  out.push(`## ${t(lang, "couriers")}`);
  out.push(
    textTable(
      [t(lang, "courier"), t(lang, "allocated"), t(lang, "collected"), t(lang, "pickups"), t(lang, "pickupsCapped")],
      r.couriers.map((c) => [c.name || c.id, fmtInt(c.allocated), fmtInt(c.collected), fmtInt(c.pickups), fmtInt(c.pickupsCapped)]),
      ["l", "r", "r", "r", "r"],
    ),
  );
  if (r.returns) {
    const x = r.returns;
    const st = r.stations[x.station]?.name[lang] || x.station;
    const hours = x.arrivalToDoneHours === null ? "–" : fmtNum(x.arrivalToDoneHours, 1);
    const wait = (h: number | null) => (h === null ? "–" : fmtNum(h, 1));
    out.push("");
    out.push(`## ${en ? "Returns" : "退货"}`);
    out.push(
      en
        ? `Handled at ${st}: ${fmtInt(x.arrived)} received, ${fmtInt(x.processed)} handled (mean ${hours} h after arrival), ${fmtInt(x.waitingAtEnd)} waiting at the end; ${fmtInt(x.onTheWayAtEnd)} more on their way back then`
        : `由${st}处理：收到 ${fmtInt(x.arrived)} 件，已处理 ${fmtInt(x.processed)} 件（到仓后平均 ${hours} 小时），结束时待处理 ${fmtInt(x.waitingAtEnd)} 件；另有 ${fmtInt(x.onTheWayAtEnd)} 件仍在退回途中`,
    );
    // Stored-run safe: a result from before `byDay` has none.
    const days = (x.byDay ?? []).map((d, i) => ({ ...d, i })).filter((d) => d.received > 0 || d.handled > 0);
    if (days.length) {
      out.push(
        textTable(
          [en ? "Day" : "日期", en ? "Received" : "到仓", en ? "Handled" : "处理", en ? "Waiting at day end" : "日末待处理"],
          days.map((d) => [dayKey(s, d.i), fmtInt(d.received), fmtInt(d.handled), fmtInt(d.waitingAtEnd)]),
          ["l", "r", "r", "r"],
        ),
      );
    }
    if (x.allHandled && x.lastHandledSec !== null) {
      const p95 = x.handled95Sec != null ? (en ? ` (95% by ${formatSec(s, x.handled95Sec)})` : `（95% 于 ${formatSec(s, x.handled95Sec)} 前）`) : "";
      out.push(en ? `All returns handled by ${formatSec(s, x.lastHandledSec)}${p95}` : `全部退货于 ${formatSec(s, x.lastHandledSec)} 前处理完毕${p95}`);
    }
    if (x.outboundDoneSec != null && x.afterSales) {
      out.push(
        en
          ? `Once the last order was collected (${formatSec(s, x.outboundDoneSec)}) only ${st} worked: ${fmtNum(x.afterSales.hours, 0)} person-hours of later shifts, cost ${fmtMoney(x.afterSales.cost)} (in the labour below); the other teams went home`
          : `最后一单揽收后（${formatSec(s, x.outboundDoneSec)}）只有${st}继续上班：之后的班次共 ${fmtNum(x.afterSales.hours, 0)} 人时，成本 ${fmtMoney(x.afterSales.cost)}（已计入下方人工）；其他组下班`,
      );
    }
    else if (x.until === "outbound" && x.waitingAtEnd + x.onTheWayAtEnd > 0)
      out.push(en ? "The run ends when the orders are collected; to follow the returns until they are all handled, set returns.until: handled" : "订单全部揽收即结束仿真；如需仿真到退货全部处理完，请设置 returns.until: handled");
    out.push(
      en
        ? `${x.priority === "fifo" ? "In line with the orders, first come first served" : "Outbound orders first (a return starts when no order waits)"}: a return waited ${wait(x.meanWaitHours)} h on average before handling (p95 ${wait(x.p95WaitHours)} h), up to ${fmtInt(x.maxWaiting)} waiting at once`
        : `${x.priority === "fifo" ? "与订单排同一队、先到先处理" : "出库订单优先（无订单等待时才处理退货）"}：退货开始处理前平均等待 ${wait(x.meanWaitHours)} 小时（p95 ${wait(x.p95WaitHours)} 小时），同时待处理最多 ${fmtInt(x.maxWaiting)} 件`,
    );
  }
  out.push("");
  out.push(`## ${t(lang, "labour")}`);
  out.push(`${t(lang, "labourHours")}${colon(lang)}${fmtNum(r.labour.hours, 1)} · ${t(lang, "labourCost")}${colon(lang)}${fmtMoney(r.labour.cost)} · ${t(lang, "printerCost")}${colon(lang)}${fmtMoney(r.labour.printerCost)}`);
  out.push(
    textTable(
      [t(lang, "station"), t(lang, "labourHours"), t(lang, "labourCost")],
      r.stationOrder.map((id) => [r.stations[id].name[lang] || id, fmtNum(r.labour.byStation[id]?.hours ?? 0, 1), fmtInt(r.labour.byStation[id]?.cost ?? 0)]),
      ["l", "r", "r"],
    ),
  );
  return `${out.join("\n")}\n`;
}

// ---------------------------------------------------------------- experiment output

/** The figures table, the deadline risk and the advice of an experiment, as text. */
export function experimentText(exp: Experiment, lang: Lang, sets: readonly string[] = []): string {
  const sum = exp.summary;
  const names = displayNames(exp, lang);
  const out: string[] = [];
  out.push(`${t(lang, "scenario")}${colon(lang)}${lang === "zh" ? (sum.scenarioZh ?? sum.scenario) : sum.scenario} · ${t(lang, "replications")}${colon(lang)}${sum.replications} · ${t(lang, "baseSeed")}${colon(lang)}${exp.seed}${exp.perf ? ` · ${fmtInt(exp.perf.wallMs)} ms, ${exp.perf.workers} ${lang === "en" ? "worker(s)" : "个线程"}` : ""}`);
  if (sets.length) out.push(changesLine(sets, lang));
  out.push(stoppedText(exp, lang));
  // The horizon cut the peak day: said before the shares it changes.
  if (sum.peakDayCut) out.push(peakDayCutNote(exp.scenario, { ...sum.peakDayCut, orders: fmtInt(sum.peakDayCut.orders) }, lang));
  out.push("");
  // Waits of a station where some replication ended with orders still waiting, and times
  // from payment of runs stopped at the horizon with orders unfinished: marked, with notes.
  const marks = figureMarks(exp, lang);
  const none = rulesJudgingNone(sum.deadlines);
  out.push(
    textTable(
      [t(lang, "figure"), `${t(lang, "meanCi")} ${t(lang, "range")}`],
      // A rule that judged no order has no figures here (the line under the deadlines says so).
      Object.entries(sum.figures).filter(([name]) => !isRuleFigure(name, none)).map(([name, e]) => [figureLabel(name, lang, names), `${formatEstimate(name, e, { replications: sum.replications, lang })}${e !== null ? marks.mark(name) : ""}`]),
      ["l", "r"],
    ),
  );
  out.push(...marks.notes);
  out.push(...intervalNotes(sum.figures, lang));
  // The 12 h / 24 h shares' spread: the mean hides a heavy lower tail (one day a team is absent).
  const tails = sum.shareTails ?? [];
  if (tails.length) {
    out.push("");
    out.push(`## ${t(lang, "shipping")}`);
    out.push(
      textTable(
        [t(lang, "window"), `${t(lang, "mean")} [${t(lang, "ci95")}]`, t(lang, "worstReplication"), t(lang, "worstSeed"), t(lang, "targetAtLeast"), `${t(lang, "belowTarget")} [${t(lang, "ci95")}]`],
        tails.map((x) => {
          const e = sum.figures[x.figure];
          const iv = e && Number.isFinite(e.halfWidth) ? intervalOf(e) : undefined;
          const b = x.belowTarget;
          const count = b ? (lang === "en" ? `${b.k} of ${b.n}` : `${b.n} 次中 ${b.k} 次`) : "";
          return [
            t(lang, x.hours === 12 ? "h12" : "h24"),
            e ? `${fmtPct(e.mean, 1)}${iv ? ` [${fmtPct(iv.low, 1)}, ${fmtPct(iv.high, 1)}]` : ""}` : "–",
            fmtPct(x.worst.share, 1),
            String(x.worst.seed),
            x.target !== undefined ? fmtPct(x.target, 1) : "–",
            b ? `${count} [${fmtPct(b.low, 1)}, ${fmtPct(b.high, 1)}]` : "–",
          ];
        }),
        ["l", "r", "r", "r", "r", "r"],
      ),
    );
    out.push(t(lang, "replay"));
  }
  out.push("");
  out.push(`## ${t(lang, "deadlines")}`);
  const undetermined = sum.deadlines.some((d) => (d.undetermined?.max ?? 0) > 0);
  out.push(
    textTable(
      [t(lang, "rule"), t(lang, "pAnyLate"), t(lang, "ci95"), t(lang, "lateMean"), t(lang, "lateP90"), t(lang, "lateP99"), ...(undetermined ? [`${t(lang, "undetermined")}${paren(lang, lang === "en" ? "mean" : "均值")}`] : [])],
      // No order judged in any replication (e.g. the 48 h rule when every order is in the Double 11 window): no row, the line below.
      sum.deadlines.filter((d) => !none.includes(d)).map((d) => [
        d.label[lang] || d.id,
        fmtPct(d.pAnyLate.p, 1),
        `${fmtPct(d.pAnyLate.low, 1)}-${fmtPct(d.pAnyLate.high, 1)}`,
        fmtNum(d.late.mean, 1),
        // Too few replications for a percentile: "–", not the worst replication under its name (the note below).
        fmtOr(latePercentiles(d).p90, fmtInt),
        fmtOr(latePercentiles(d).p99, fmtInt),
        ...(undetermined ? [fmtNum(d.undetermined?.mean ?? 0, 1)] : []),
      ]),
      ["l", "r", "r", "r", "r", "r", "r"],
    ),
  );
  const pcNote = sum.deadlines.length > none.length ? latePercentileNote(sum.replications, lang) : undefined;
  if (pcNote) out.push(pcNote);
  if (undetermined) out.push(t(lang, "undeterminedNote"));
  const noneNote = noRuleNote(exp, lang);
  if (noneNote) out.push(noneNote);
  if (sum.advice.length) {
    out.push("");
    out.push(`## ${t(lang, "whatToChange")}`);
    for (const a of sum.advice) out.push(`- ${a[lang]}`);
  }
  return `${out.join("\n")}\n`;
}

/** JSON-safe: Infinity (half-width of one replication) -> null. */
export function jsonText(v: unknown): string {
  return `${JSON.stringify(v, (_k, x) => (typeof x === "number" && !Number.isFinite(x) ? null : x), 2)}\n`;
}

// ---------------------------------------------------------------- command

interface RunOpts {
  seed?: number;
  json?: boolean;
  hourly?: boolean;
  set?: string[];
  replications?: number;
  workers?: number;
  targetHalfwidth?: { halfWidth: number; relative: boolean };
  targetFigure?: string;
  maxReplications?: number;
  lang: Lang;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("simulate a scenario once (tables or --json), or many times with confidence intervals (--replications)")
    .argument("<scenario>", "scenario file, e.g. scenarios/default.yaml")
    .option("--seed <n>", "seed (default: the scenario's seed); with --replications the base seed", parseIntOption("--seed", 0, 2 ** 32 - 1))
    .option("--set <path=value>", "override a scenario field (repeatable), e.g. --set demand.surge=30", collect)
    .option("--json", "print JSON instead of tables")
    .option("--hourly", "with --json: include the hourly series")
    .option("--replications <r>", `independent replications (seeds derived from the base seed); with --target-halfwidth the start (default ${DEFAULT_RUN_REPLICATIONS})`, parseIntOption("--replications", 1, MAX_REPLICATIONS_FLAG))
    .option("--workers <w>", WORKERS_HELP, parseIntOption("--workers", 1, 256))
    .option(
      "--target-halfwidth <x>",
      `add replications until the 95% half-width of --target-figure is at most x (absolute, or "1%" of the mean); a stop is trusted from ${MIN_REPLICATIONS_TO_STOP} replications on (a heavy tail hides in fewer) and never while every replication gives the figure the same value`,
      parseHalfWidth,
    )
    .option("--target-figure <name>", `figure for --target-halfwidth (default ${DEFAULT_TARGET_FIGURE})`)
    .option("--max-replications <m>", `upper limit with --target-halfwidth, at least --replications (default ${DEFAULT_MAX_REPLICATIONS}); only with --target-halfwidth`, parseIntOption("--max-replications", 1, MAX_REPLICATIONS_FLAG))
    .addOption(program.createOption("--lang <lang>", "language of the tables: en or zh").default("en").argParser(parseChoiceOption("--lang", LANGS)))
    .action(async (file: string, opts: RunOpts) => {
      // The hourly series is a part of the JSON output; the tables have no place for it.
      if (opts.hourly && !opts.json) {
        throw new CliError(
          say(
            opts.lang,
            "--hourly needs --json: the hourly series is part of the JSON output (run ... --json --hourly); the tables do not show it",
            "--hourly 需要 --json：逐小时序列只在 JSON 输出中（加 --json --hourly）；表格不显示它",
          ),
        );
      }
      // Flags that contradict each other, before the scenario is read (and its warnings printed).
      const replications = opts.replications ?? DEFAULT_RUN_REPLICATIONS;
      checkMaxReplications(opts.targetHalfwidth !== undefined, opts.maxReplications, opts.replications, replications, true, opts.lang);
      const { scenario } = loadScenarioFileDetailed(file, opts.set ?? [], opts.lang);
      const target = targetOf(scenario, opts);
      const lang = opts.lang;
      if (opts.replications === undefined && !target) {
        if (opts.workers !== undefined) {
          throw new CliError(
            say(
              lang,
              "--workers needs --replications or --target-halfwidth: a single run uses one thread",
              "--workers 需要 --replications 或 --target-halfwidth：单次运行只用一个线程",
            ),
          );
        }
        const r = simulate(scenario, { seed: opts.seed });
        if (opts.json) {
          const { hourly, ...rest } = r;
          process.stdout.write(jsonText(opts.hourly ? r : rest));
          void hourly;
        } else process.stdout.write(singleRunText(r, scenario, lang, opts.set ?? []));
        return;
      }
      const exp = await runWithProgress(scenario, { replications, seed: opts.seed, workers: opts.workers, target, maxReplications: opts.maxReplications }, lang);
      if (opts.json) {
        const { hourly, ...summary } = exp.summary;
        process.stdout.write(
          jsonText({
            scenario: exp.summary.scenario,
            ...(exp.summary.scenarioZh !== undefined ? { scenarioZh: exp.summary.scenarioZh } : {}),
            seed: exp.seed,
            seeds: exp.seeds,
            // One row per replication with its seed: `run --seed <seed>` (same file, same --set) replays it alone.
            // Their count is summary.replications (and seeds.length).
            replications: replicationRows(exp.runs, exp.seeds),
            stoppedBecause: exp.stoppedBecause,
            target: exp.target,
            summary: opts.hourly ? exp.summary : summary,
            perf: exp.perf,
          }),
        );
        void hourly;
      } else {
        process.stdout.write(experimentText(exp, lang, opts.set ?? []));
      }
    });
}

/** Why a run ended, for the summary's first line. */
function endReason(r: RunResult, lang: Lang): string {
  const en = lang === "en";
  const returns = r.returns?.until === "handled";
  if (!r.cleared || (returns && !r.returns!.allHandled)) return en ? "horizon reached" : "已到仿真结束";
  if (returns) return en ? "backlog cleared, returns handled" : "积压已清空，退货已处理完";
  return en ? "backlog cleared" : "积压已清空";
}
