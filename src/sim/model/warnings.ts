/**
 * Warnings: what a valid scenario asks for that the model runs as written but that
 * does nothing, or something other than what the file seems to say. The CLI prints
 * them (`warning: <path>: <message>`), the API returns them in `warnings`, the page
 * shows them in yellow. Each names the field to look at and says, in English and
 * Chinese, what the model will actually do. An empty list for the library scenarios.
 *
 * The checks read the model's own rules (keep them in step):
 * - staffing that pays people who cannot work: staff.ts (`staffingWarnings`);
 * - lines per order are `max(1, round(draw))`: simulate.ts;
 * - a shift whose end is at or before its start ends the next day, so end = start is
 *   24 hours, and "24:00" (the end of the day, the next day's 00:00) to "00:00" is 0 hours;
 *   a break is placed at its clock time on the shift's day (or the next day, if earlier
 *   than the start) and taken by everyone, `share` at a time in groups one after
 *   another, each group dropped if it would start at or after the end and cut at the
 *   end: staff.ts;
 * - a station with no one on duty never serves an order; pre-packed orders skip the
 *   pick, QC and pack stations: simulate.ts;
 * - each person of a shift is absent with probability `absenceRate`, independently, for
 *   the whole shift: staff.ts;
 * - courier shares are weights (`share ?? 0`), normalised over the couriers, so a courier
 *   without one gets no orders under share allocation: simulate.ts;
 * - a disruption starting before the run is cut at the start (one that ended before
 *   never fires); one starting at or after the end of the horizon never fires: simulate.ts;
 * - "printer-down" takes down at most the printers in use; spares are not taken down
 *   and swap in for the broken ones as usual: printers.ts;
 * - a disruption stops the stations that need its resource (`needs`), and a station
 *   works only while someone is on duty: simulate.ts, staff.ts.
 *
 * Clock arithmetic here is in minutes of the day (no DST shift: the checks are static).
 */
import { type DistSpec, NO_CAP_PER_PICKUP, NO_DAILY_CAP, type Scenario } from "./schema.js";
import { breakGroups, shiftWork, staffingWarnings, type StaffingWarning } from "./staff.js";
import { formatSec, toSec } from "./time.js";

/** A warning: the field, and what is wrong in English and Chinese. */
export type ScenarioWarning = StaffingWarning;

/** How the warnings name fields of the scenario where the caller knows better names. */
export interface WarningNames {
  /**
   * The field of the scenario's disruption `i`, as "disruptions[i]" by default. The API
   * appends a request's what-ifs to the scenario's own disruptions and names those by
   * the request's own index, as its errors do (see whatIfNames in src/api/library.ts).
   */
  disruption?: (i: number) => string;
}

const disruptionField = (i: number) => `disruptions[${i}]`;

/** Every warning of a valid scenario, in the order of the file's sections; empty when nothing looks wrong. */
export function scenarioWarnings(s: Scenario, names: WarningNames = {}): ScenarioWarning[] {
  const disruption = names.disruption ?? disruptionField;
  return [...linesWarnings(s), ...staffingWarnings(s), ...unstaffedWarnings(s), ...loneWarnings(s), ...shiftWarnings(s), ...courierWarnings(s, disruption), ...disruptionWarnings(s, disruption), ...deadlineWarnings(s)];
}

// ---------------------------------------------------------------- helpers

const SHIFT_ZH: Record<string, string> = { day: "白班", night: "夜班", early: "早班", late: "晚班" };
const shiftZh = (id: string) => SHIFT_ZH[id] ?? `${id} 班`;

const clockMin = (c: string) => {
  const [h, m] = c.split(":").map(Number);
  return h * 60 + m;
};

/** A number for a message: at most `digits` decimals, no trailing zeros. */
function num(x: number, digits = 2): string {
  return String(Number(x.toFixed(digits)));
}

/** "90s", "10min", "3h", "1h30m", "2d", "1d6h" (as a manager writes durations). */
function formatDuration(sec: number): string {
  if (sec < 60) return `${num(sec)}s`;
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.round((sec % 3600) / 60);
  if (!d && !h) return `${m}min`;
  return `${d ? `${d}d` : ""}${h ? `${h}h` : ""}${m ? `${m}m` : ""}`;
}

// ---------------------------------------------------------------- demand

/** Mean of a distribution spec (the normal's `mean` parameter, before its truncation at 0). */
function distMean(d: DistSpec): number {
  switch (d.dist) {
    case "deterministic":
      return d.value;
    case "uniform":
      return (d.min + d.max) / 2;
    case "triangular":
      return (d.min + d.mode + d.max) / 3;
    case "empirical": {
      const w = d.weights ?? d.values.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      return d.values.reduce((a, v, i) => a + v * w[i], 0) / total;
    }
    default:
      return d.mean;
  }
}

/** Lines per order are max(1, round(draw)): a spec below one line is not what the model runs. */
function linesWarnings(s: Scenario): ScenarioWarning[] {
  const d = s.demand.linesPerOrder;
  const mean = distMean(d);
  if (d.dist === "deterministic" ? d.value >= 0.5 : mean >= 1) return [];
  const what = d.dist === "deterministic" ? `${num(mean)} lines per order` : `a mean of ${num(mean)} lines per order`;
  const whatZh = d.dist === "deterministic" ? `每单 ${num(mean)} 行` : `平均每单 ${num(mean)} 行`;
  return [
    {
      path: "demand.linesPerOrder",
      en: `${what}, but every order has at least one line: draws below 0.5 count as 1`,
      zh: `${whatZh}，但每单至少 1 行：抽到小于 0.5 的按 1 行计`,
    },
  ];
}

// ---------------------------------------------------------------- staff

/** Length of a shift in minutes as staff.ts reads it: an end at or before the start is the next day. */
function shiftMinutes(start: string, end: string): number {
  const a = clockMin(start);
  const b = clockMin(end);
  return b > a ? b - a : b + 1440 - a;
}

/** Shifts that run at least one day of the run (staff.ts skips the days after it) for more than 0 hours. */
function runningShifts(s: Scenario): Set<string> {
  const days = Math.max(1, Math.ceil(s.horizon / 86400)) + 1;
  return new Set(s.staff.shifts.filter((sh) => shiftMinutes(sh.start, sh.end) > 0 && (sh.days === undefined || sh.days.some((d) => d < days))).map((sh) => sh.id));
}

/**
 * A station nobody works during the run, with no flex help into it: orders that must
 * pass it stay in its queue (pre-packed orders skip pick, QC and pack).
 */
function unstaffedWarnings(s: Scenario): ScenarioWarning[] {
  const running = runningShifts(s);
  const people = (id: string) => {
    let n = 0;
    for (const sh of running) n += (s.staff.roster?.[id]?.[sh] ?? 0) + (s.staff.temps[id]?.[sh] ?? 0);
    return n;
  };
  const prepacked = s.demand.bestSellers.prepackedStock > 0 && s.demand.bestSellers.prepackedShare > 0;
  const out: ScenarioWarning[] = [];
  for (const st of s.stations) {
    if (people(st.id) > 0) continue;
    if (s.staff.flex.some((f) => f.to === st.id && f.maxPeople > 0 && people(f.from) > 0)) continue;
    const stEn = st.name.en ?? st.id;
    const stZh = st.name.zh ?? st.name.en ?? st.id;
    const skipped = prepacked && (st.kind === "pick" || st.kind === "qc" || st.kind === "pack");
    out.push({
      path: `staff.roster.${st.id}`,
      en: `no one works at ${stEn} on any shift of the run (roster and temps): ${skipped ? "only pre-packed orders get past it" : "no order gets past it, so the run ships nothing"}`,
      zh: `整个运行期间没有任何班次给${stZh}排人（正式工和临时工）：${skipped ? "只有预包装的订单能通过" : "订单都过不了这个工位，一单也发不出去"}`,
    });
  }
  return out;
}

/**
 * A station one person works on a shift, with no flex help into it: whenever that person
 * is absent (`absenceRate`, for the whole shift) nobody is there, and no order gets past
 * the station until the next shift. Rare per shift, but over a peak with several such
 * shifts likely, and a plan judged on the mean share shipped can hide it.
 */
function loneWarnings(s: Scenario): ScenarioWarning[] {
  const a = s.staff.absenceRate;
  if (!(a > 0)) return [];
  const running = runningShifts(s);
  const out: ScenarioWarning[] = [];
  const pct = num(a * 100, 1);
  const every = Math.max(1, Math.round(1 / a));
  for (const st of s.stations) {
    if (s.staff.flex.some((f) => f.to === st.id && f.maxPeople > 0)) continue;
    const stEn = st.name.en ?? st.id;
    const stZh = st.name.zh ?? st.name.en ?? st.id;
    for (const sh of s.staff.shifts) {
      if (!running.has(sh.id)) continue;
      const perm = s.staff.roster?.[st.id]?.[sh.id] ?? 0;
      if (perm + (s.staff.temps[st.id]?.[sh.id] ?? 0) !== 1) continue;
      out.push({
        // The field holding the one person: the roster, or the temps.
        path: `staff.${perm === 1 ? "roster" : "temps"}.${st.id}.${sh.id}`,
        en: `one person works at ${stEn} on the ${sh.id} shift: with ${pct}% absence, about one such shift in ${every} has nobody there, and no order gets past ${stEn} until the next shift (a second person, or flex help into ${stEn}, covers it)`,
        zh: `${shiftZh(sh.id)}${stZh}只有 1 人：缺勤率 ${pct}%，约每 ${every} 个这样的班次就有 1 个无人在岗，订单在下一个班次之前都过不了${stZh}（再加 1 人，或从其他工位机动支援，即可避免）`,
      });
    }
  }
  return out;
}

/**
 * Shifts with end = start (read as 24 hours) or of 0 hours ("24:00" to "00:00"), breaks
 * outside their shift (never taken) and breaks running past its end (cut at the end).
 */
function shiftWarnings(s: Scenario): ScenarioWarning[] {
  const out: ScenarioWarning[] = [];
  const c = s.staff.cost;
  s.staff.shifts.forEach((sh, i) => {
    const len = shiftMinutes(sh.start, sh.end);
    if (len === 0) {
      // Only "24:00" to "00:00": 24:00 is the next day's 00:00, and the end, at or before the start, is that same instant.
      out.push({
        path: `staff.shifts[${i}].start`,
        en: `the ${sh.id} shift runs from ${sh.start} to ${sh.end}, 0 hours: ${sh.start} is the end of the day (the next day's 00:00), the same moment as the end, so no one on it works or is paid; for a whole day write start "00:00", end "24:00"`,
        zh: `${shiftZh(sh.id)}从 ${sh.start} 到 ${sh.end}，共 0 小时：${sh.start} 是当天结束（即次日 00:00），与结束时间是同一时刻，排在这个班次的人既不上岗也不计工资；全天班请写 start "00:00"、end "24:00"`,
      });
      // Its breaks are moot: the warning above says what to fix.
      return;
    }
    if (clockMin(sh.start) === clockMin(sh.end)) {
      const overtime = Math.max(0, 24 - c.overtimeAfterHours);
      out.push({
        path: `staff.shifts[${i}].end`,
        en: `end is the same as start (${sh.start}): read as a 24-hour shift, everyone on it paid 24 h${overtime > 0 && c.overtimeFactor > 1 ? ` (${num(overtime)} h of it overtime)` : ""}`,
        zh: `结束时间与开始时间相同（${sh.start}）：按 24 小时班次计算，每人计 24 小时工资${overtime > 0 && c.overtimeFactor > 1 ? `（其中 ${num(overtime)} 小时为加班）` : ""}`,
      });
    }
    sh.breaks.forEach((br, j) => {
      // Minutes from the shift's start to the break, as staffSteps places it.
      const a = clockMin(sh.start);
      const b = clockMin(br.at);
      const offset = b >= a ? b - a : b + 1440 - a;
      if (offset >= len) {
        out.push({
          path: `staff.shifts[${i}].breaks[${j}].at`,
          en: `the break at ${br.at} never happens: it is outside the ${sh.id} shift (${sh.start}-${sh.end})`,
          zh: `${br.at} 的休息不会发生：不在${shiftZh(sh.id)}（${sh.start}-${sh.end}）之内`,
        });
        return;
      }
      // staffSteps takes the break in groups one after another, each cut at the shift's
      // end (min(end, from + duration)); a group starting at or after the end has none.
      const left = (len - offset) * 60;
      const groups = breakGroups(br.share);
      const span = groups * br.duration;
      if (span <= left) return;
      if (groups <= 1) {
        out.push({
          path: `staff.shifts[${i}].breaks[${j}].duration`,
          en: `the break at ${br.at} (${formatDuration(br.duration)}) runs past the end of the ${sh.id} shift (${sh.start}-${sh.end}): it ends with the shift, so only ${formatDuration(left)} of it is taken`,
          zh: `${br.at} 开始的休息（${formatDuration(br.duration)}）超出${shiftZh(sh.id)}（${sh.start}-${sh.end}）的结束时间：随班次结束而结束，只休 ${formatDuration(left)}`,
        });
        return;
      }
      const full = Math.floor(left / br.duration);
      const rem = left - full * br.duration;
      const none = groups - full - (rem > 0 ? 1 : 0);
      out.push({
        path: `staff.shifts[${i}].breaks[${j}].duration`,
        en: `the break at ${br.at} is taken in ${groups} groups (share ${num(br.share)}) of ${formatDuration(br.duration)} one after another, ${formatDuration(span)} in all, past the end of the ${sh.id} shift (${sh.start}-${sh.end}): ${full} of the ${groups} groups get it in full${rem > 0 ? `, one only ${formatDuration(rem)}` : ""}${none > 0 ? `, ${none} none` : ""}; start it earlier or raise the share`,
        zh: `${br.at} 开始的休息分 ${groups} 批（每批 ${num(br.share * 100, 0)}%）轮流休 ${formatDuration(br.duration)}，共 ${formatDuration(span)}，超出${shiftZh(sh.id)}（${sh.start}-${sh.end}）的结束时间：${groups} 批中 ${full} 批休满${rem > 0 ? `，1 批只休 ${formatDuration(rem)}` : ""}${none > 0 ? `，${none} 批休不到` : ""}；请提前开始或提高每批比例`,
      });
    });
  });
  return out;
}

// ---------------------------------------------------------------- couriers

/**
 * Shares are weights normalised over the couriers: say so when they do not add up to
 * 1, and name each courier that gets no orders (`share ?? 0` is 0) where the file
 * expects parcels from it: no share at all, or a share of 0 with caps of its own or a
 * courier-cap what-if naming it. A courier whose caps take nothing is consistent.
 */
function courierWarnings(s: Scenario, disruption: (i: number) => string): ScenarioWarning[] {
  if (s.courierAllocation !== "share") return [];
  const out: ScenarioWarning[] = [];
  const shares = s.couriers.map((c) => c.share ?? 0);
  const sum = shares.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6) {
    const used = s.couriers.map((c, i) => `${c.id} ${num(shares[i] / sum)}`);
    out.push({
      path: "couriers",
      en: `shares add up to ${num(sum, 3)}, so orders are split in proportion: ${used.join(", ")}`,
      zh: `各快递的 share 合计 ${num(sum, 3)}，按比例分单：${used.join("、")}`,
    });
  }
  s.couriers.forEach((c, i) => {
    if (shares[i] > 0 || c.capacityPerPickup === 0 || c.dailyCap === 0) return;
    const capped = s.disruptions.findIndex((d) => d.type === "courier-cap" && d.courier === c.id);
    const ownCaps = [c.capacityPerPickup !== NO_CAP_PER_PICKUP ? "capacityPerPickup" : "", c.dailyCap !== NO_DAILY_CAP ? "dailyCap" : ""].filter(Boolean);
    if (c.share === 0 && ownCaps.length === 0 && capped < 0) return;
    const who = `${c.id}${c.name ? ` (${c.name})` : ""}`;
    const whoZh = `${c.id}${c.name ? `（${c.name}）` : ""}`;
    const why = [ownCaps.length ? `its ${ownCaps.join(" and ")} ${ownCaps.length === 1 ? "is" : "are"} set` : "", capped >= 0 ? `a courier-cap what-if (${disruption(capped)}) names it` : ""].filter(Boolean);
    const whyZh = [ownCaps.length ? `设置了它的 ${ownCaps.join(" 和 ")}` : "", capped >= 0 ? `突发事件 ${disruption(capped)} 对它设了揽收上限` : ""].filter(Boolean);
    const has = c.share === undefined ? "has no share" : "has share 0";
    // A space after a Latin id, none after the full-width bracket of a name.
    const hasZh = `${c.name ? "" : " "}${c.share === undefined ? "没有设置 share" : "的 share 为 0"}`;
    out.push({
      path: `couriers[${i}].share`,
      en: `${who} ${has}, so with courierAllocation "share" it gets no orders and its pickups collect nothing${why.length ? `, though ${why.join(" and ")}` : ""}; give it a share, or use courierAllocation "capacity"`,
      zh: `${whoZh}${hasZh}，按 share 分单（courierAllocation "share"）时分不到任何订单，它的揽收什么也收不到${whyZh.length ? `，尽管${whyZh.join("，且")}` : ""}；请给它设置 share，或改用 courierAllocation "capacity"`,
    });
  });
  return out;
}

// ---------------------------------------------------------------- disruptions

/** "2026-11-10 23:00 to 2026-11-11 01:00"; the end's date is left out on the same day. */
function windowText(s: Scenario, from: number, to: number): { en: string; zh: string } {
  const a = formatSec(s, from);
  const b = formatSec(s, to);
  const bShort = b.slice(0, 10) === a.slice(0, 10) ? b.slice(11) : b;
  return { en: `${a} to ${bShort}`, zh: `${a} 至 ${bShort}` };
}

/**
 * A disruption in hours when nobody is rostered at any station it stops (nor a flex
 * helper who could come to one) stops no work: the orders then wait for the next shift
 * anyway. Absences are left out: rostered is enough to say it may bite.
 */
function idleWindow(s: Scenario, d: Scenario["disruptions"][number], at: number): { en: string; zh: string } | undefined {
  if (d.type === "courier-cap" || d.duration === undefined || d.duration <= 0) return undefined;
  const from = Math.max(0, at);
  const to = Math.min(s.horizon, at + d.duration);
  if (to <= from) return undefined;
  const resource = d.type === "printer-down" ? "printers" : d.type === "order-system" ? "orderSystem" : d.type === "consumables" ? d.item : d.type;
  const hit = s.stations.filter((st) => st.needs.includes(resource));
  if (!hit.length) return undefined; // stops nothing at all: the route has no station needing it
  const ids = new Set(hit.map((st) => st.id));
  for (const f of s.staff.flex) if (ids.has(f.to)) ids.add(f.from);
  const days = Math.max(1, Math.ceil(s.horizon / 86400)) + 1;
  const never = () => 1; // nobody absent
  const staffed = shiftWork(s, days, () => never).some((w) => ids.has(w.station) && w.perm + w.temp > 0 && w.startSec < to && w.endSec > from);
  if (staffed) return undefined;
  const when = windowText(s, from, to);
  const names = { en: hit.map((st) => st.name?.en ?? st.id).join(", "), zh: hit.map((st) => st.name?.zh ?? st.name?.en ?? st.id).join("、") };
  return {
    en: `stops no work: nobody is rostered at ${names.en} (the stations it stops) from ${when.en}, so the orders then wait for the next shift anyway; move it into working hours to test it`,
    zh: `不影响作业：${when.zh}期间${names.zh}（受影响的工位）无人排班，这段时间的订单本来就要等下一个班次；请把它移到工作时间内再测试`,
  };
}

function disruptionWarnings(s: Scenario, disruption: (i: number) => string): ScenarioWarning[] {
  const out: ScenarioWarning[] = [];
  const end = formatSec(s, s.horizon);
  s.disruptions.forEach((d, i) => {
    const field = disruption(i);
    const at = toSec(s, d.at);
    if (at >= s.horizon) {
      out.push({
        path: `${field}.at`,
        en: `never happens within the run: it starts ${formatSec(s, at)}, after the run ends at ${end} (start + horizon)`,
        zh: `运行期间不会发生：开始于 ${formatSec(s, at)}，晚于运行结束时间 ${end}（start + horizon）`,
      });
    } else if (at < 0 && d.duration !== undefined && d.duration > 0) {
      // simulate.ts cuts it at the run's start, or leaves it out when it ended before.
      const was = windowText(s, at, at + d.duration);
      if (at + d.duration <= 0) {
        out.push({
          path: `${field}.at`,
          en: `never happens within the run: it runs ${was.en}, before the run starts (${s.start})`,
          zh: `运行期间不会发生：时间为 ${was.zh}，早于运行开始时间（${s.start}）`,
        });
      } else {
        const now = windowText(s, 0, at + d.duration);
        out.push({
          path: `${field}.at`,
          en: `starts before the run starts (${s.start}): only ${now.en} is simulated, not ${was.en}`,
          zh: `开始于运行开始（${s.start}）之前：只模拟 ${now.zh}，而不是 ${was.zh}`,
        });
      }
    }
    const idle = idleWindow(s, d, at);
    if (idle) out.push({ path: `${field}.at`, ...idle });
    if (d.type === "printer-down" && d.count > s.printers.count) {
      const p = s.printers;
      const swapped = Math.min(p.spares, p.count);
      out.push({
        path: `${field}.count`,
        en:
          p.count === 0
            ? `${d.count} printers down but there are none (printers.count is 0): nothing goes down`
            : `${d.count} printers down but only ${p.count} are in use (printers.count): all ${p.count} go down${swapped > 0 ? `; spares are not taken down, and ${swapped} ${swapped === 1 ? "swaps" : "swap"} in after ${formatDuration(p.swapTime)}` : ""}`,
        zh:
          p.count === 0
            ? `${d.count} 台打印机故障，但没有打印机（printers.count 为 0）：不会有打印机停机`
            : `${d.count} 台打印机故障，但在用的只有 ${p.count} 台（printers.count）：${p.count} 台全部停机${swapped > 0 ? `；备用机不受影响，${swapped} 台备用机在 ${formatDuration(p.swapTime)} 后换上` : ""}`,
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------- deadlines

/**
 * A rule whose payment window misses every order of the run: its dates are the
 * platform's, fixed, and do not move with `start` (a scenario moved to next year's
 * Double 11 keeps this year's rules). It would report 0 orders judged and "meets"
 * any target on it.
 */
function deadlineWarnings(s: Scenario): ScenarioWarning[] {
  const days = Math.min(1 + s.demand.daysAfter.length, Math.ceil(s.horizon / 86400));
  const last = Math.min(days * 86400, s.horizon);
  const out: ScenarioWarning[] = [];
  s.deadlines.forEach((d, i) => {
    if (d.paidFrom === undefined && d.paidTo === undefined) return;
    const from = d.paidFrom === undefined ? -Infinity : toSec(s, d.paidFrom);
    const to = d.paidTo === undefined ? Infinity : toSec(s, d.paidTo);
    if (from < last && to >= 0) return;
    const rule = [d.paidFrom, d.paidTo].filter(Boolean).join(" to ");
    const ruleZh = [d.paidFrom, d.paidTo].filter(Boolean).join(" 至 ");
    const run = windowText(s, 0, last);
    out.push({
      path: `deadlines[${i}]`,
      en: `rule ${d.id} judges orders paid ${d.paidFrom ? (d.paidTo ? rule : `from ${rule}`) : `up to ${rule}`}, but this run's orders are paid ${run.en}: it judges no order, and any target on it is met by default. Its dates do not move with start: set paidFrom, paidTo and by for this run's dates`,
      zh: `规则 ${d.id} 评判付款时间在 ${d.paidFrom ? (d.paidTo ? `${ruleZh} 之间` : `${ruleZh} 之后`) : `${ruleZh} 之前`}的订单，但本次运行的订单付款时间为 ${run.zh}：它评判不到任何订单，针对它的目标一律算作达标。规则的日期不随 start 改变：请按本次运行的日期设置 paidFrom、paidTo 和 by`,
    });
  });
  return out;
}
