/**
 * "What to change" sentences in English and Chinese, from a summary's bottlenecks,
 * deadline risks and courier caps. Shared by the summary, the reports, the
 * planner and the UI so the wording stays the same everywhere.
 *
 * The staffing hint is a flow balance, not an optimisation: to clear by the end of
 * the shift what waits at its start and what arrives during it, a station needs
 *   (arrivals + queue at start) / (orders one busy person finishes per hour x hours)
 * people on duty (hour by hour, see extraStaff); the hint is that minus the people it
 * had.
 * The planner gives the cheapest staffing that meets a target; this only points.
 */
import { makeDist } from "../engine/distributions.js";
import type { Scenario } from "../model/schema.js";
import { shiftDays, shiftWork } from "../model/staff.js";
import { clockOnDay, toSec } from "../model/time.js";
import { quantileNeeds } from "../experiment/estimate.js";
import type { Advice, Bottleneck, ExperimentSummary, HourlySummary, RiskCell } from "../experiment/types.js";
import { stationLoads } from "../planner/guess.js";
import { fmtInt, fmtMoney, fmtNum, fmtOr, fmtPct, formatDay, formatDayKey, formatPeriod, formatWhen, type Lang, peopleOf, shiftName, stationLabel } from "./i18n.js";

type Core = Omit<ExperimentSummary, "advice">;

/** Share of peak-day orders shipped within 12 h below which we flag it (the guides: ship as many as you can in the first 12 h). */
const SHIP12_FLAG = 0.5;

function kindOf(scenario: Scenario, id: string): string | undefined {
  return scenario.stations.find((s) => s.id === id)?.kind;
}

function both(kind: Advice["kind"], f: (lang: Lang) => string): Advice {
  return { kind, en: f("en"), zh: f("zh") };
}

/**
 * The shift that covers most of [fromSec, toSec) on the days it runs, with the
 * overlap and the start and end of its occurrence that contains `fromSec` (or of the
 * first occurrence overlapping the period), seconds from the start.
 */
export function shiftCovering(scenario: Scenario, fromSec: number, toSec: number): { id: string; overlapSec: number; startSec: number; endSec: number } | undefined {
  let best: { id: string; overlapSec: number; startSec: number; endSec: number } | undefined;
  const d0 = Math.floor(fromSec / 86400) - 1;
  const d1 = Math.ceil(toSec / 86400);
  for (const sh of scenario.staff.shifts) {
    let overlap = 0;
    let occurrence: { startSec: number; endSec: number } | undefined;
    for (const d of shiftDays(scenario, sh, d1 + 1)) {
      if (d < d0) continue;
      const a = clockOnDay(scenario, d, sh.start);
      let b = clockOnDay(scenario, d, sh.end);
      if (b <= a) b = clockOnDay(scenario, d + 1, sh.end); // crosses midnight
      const o = Math.max(0, Math.min(b, toSec) - Math.max(a, fromSec));
      if (o > 0 && (occurrence === undefined || (a <= fromSec && fromSec < b))) occurrence = { startSec: a, endSec: b };
      overlap += o;
    }
    if (overlap > 0 && occurrence !== undefined && (!best || overlap > best.overlapSec)) best = { id: sh.id, overlapSec: overlap, ...occurrence };
  }
  return best;
}

/**
 * People to add so the station keeps up over the period, or (with the station's
 * hourly series and the shift occurrence that covers the period) over that whole
 * shift: 0 = the people on duty already clear it in time.
 *
 * Without the series: clear the queue at the period's start and what arrives in the
 * period by its end, (arrivals x hours + queue) / (orders per busy person-hour x
 * hours) people on duty.
 *
 * Over the shift [s, T) (fluid bound, hour by hour): a service rate c leaves nothing
 * waiting at T when c >= (Q(s) + A(s, T)) / (T - s), the queue carried in at the
 * shift's start plus all that arrives during it, and c >= A(t, T) / (T - t) for each
 * hour t from the shift's start to the period's start (a burst later in the shift
 * cannot be worked off in advance). The period's own figure is thus judged with the
 * hours before it: a queue that reaches pack late in the day because pick released
 * it late asks for the people who clear the day's work by the shift's end, not for
 * a crowd that clears the queue in the last two hours; a morning catch-up is judged
 * over the whole shift.
 */
export function extraStaff(
  b: Bottleneck,
  series?: { startSec: readonly number[]; queue: readonly number[]; arrivals: readonly number[]; staff: readonly number[]; blocked?: readonly number[] },
  shift?: { startSec: number; endSec: number },
): number {
  if (!(b.perPersonHour > 0)) return 1;
  const need = (rate: number, staff: number) => Math.max(0, Math.ceil(rate / b.perPersonHour - staff - 1e-9));
  // Without the series, the period's own people who could work (blocked is there when it was held up).
  const working = b.staff - (b.blocked ?? 0);
  const periodRate = (b.arrivalsPerHour * (b.toSec - b.fromSec) / 3600 + b.queueAtStart) / Math.max(1e-9, (b.toSec - b.fromSec) / 3600);
  if (!series || !shift || series.startSec.length === 0) return need(periodRate, working);
  const h0 = series.startSec[0];
  const idx = (sec: number) => Math.round((sec - h0) / 3600);
  const s = Math.max(0, idx(shift.startSec));
  const from = Math.max(s, idx(b.fromSec));
  const end = Math.min(series.arrivals.length, Math.max(idx(shift.endSec), idx(b.toSec)));
  if (end <= from) return need(periodRate, working);
  // Arrivals from hour t to the end, summed backwards.
  let after = 0;
  for (let t = end - 1; t > from; t--) after += series.arrivals[t] ?? 0;
  let rate = 0;
  for (let t = from; t >= s; t--) {
    after += series.arrivals[t] ?? 0;
    const carried = t === s && s > 0 ? (series.queue[s - 1] ?? 0) : 0;
    rate = Math.max(rate, (after + carried) / (end - t));
  }
  // The people on duty over the shift's hours (breaks and absences included), as the rate is over
  // them, less those who could not work (a printer down, a resource out): orders per busy
  // person-hour are only earned by people who can work.
  let staff = 0;
  for (let t = s; t < end; t++) staff += (series.staff[t] ?? 0) - (series.blocked?.[t] ?? 0);
  return need(rate, staff / (end - s));
}

/**
 * The slowest station after `station` on the route whose capacity on the shift
 * (lineBalance) is below `station`'s by more than BALANCE_BAND, with both capacities;
 * undefined when none is (or `station` has nobody rostered on the shift).
 */
export function slowerLater(scenario: Scenario, station: string, shiftId: string): { mine: StationCapacity; later: StationCapacity } | undefined {
  const caps = lineBalance(scenario, shiftId);
  const mine = caps.find((c) => c.station === station);
  if (!mine) return undefined;
  const at = (id: string) => scenario.stations.findIndex((x) => x.id === id);
  const later = caps.filter((c) => at(c.station) > at(station) && c.ordersPerHour < mine.ordersPerHour * (1 - BALANCE_BAND)).sort((x, y) => x.ordersPerHour - y.ordersPerHour)[0];
  return later ? { mine, later } : undefined;
}

/**
 * How often the periods' station was the bottleneck: "in 14 of 20 replications" (a range over
 * several periods: "in 12-20 of 20 replications"), "20 次仿真中 14 次"; empty for one replication
 * and for summaries stored before the count existed.
 */
export function howOften(list: readonly Bottleneck[], lang: Lang): string {
  const counts = list.map((b) => b.inReplications).filter((p) => p !== undefined);
  if (counts.length === 0 || counts.length < list.length) return "";
  const n = counts[0].n;
  if (n <= 1) return "";
  const lo = Math.min(...counts.map((p) => p.k));
  const hi = Math.max(...counts.map((p) => p.k));
  const k = lo === hi ? fmtInt(lo) : `${fmtInt(lo)}-${fmtInt(hi)}`;
  return lang === "en" ? `in ${k} of ${fmtInt(n)} replications` : `${fmtInt(n)} 次仿真中 ${k} 次`;
}

/** The sentence for one bottleneck period (a staffed station that cannot keep up). */
export function bottleneckSentence(scenario: Scenario, b: Bottleneck, lang: Lang, hourly?: HourlySummary): string {
  const st = scenario.stations.find((s) => s.id === b.station);
  const kind = st?.kind;
  const name = b.name[lang];
  const when = formatPeriod(scenario, b.fromSec, b.toSec, lang);
  const shift = shiftCovering(scenario, b.fromSec, b.toSec);
  const shiftText = shift ? shiftName(scenario, shift.id, lang) : undefined;
  const series = hourly?.stations[b.station];
  const extra = extraStaff(b, series && hourly ? { startSec: hourly.startSec, queue: series.queue, arrivals: series.arrivals, staff: series.staff, blocked: series.blocked } : undefined, shift);
  const who = peopleOf(kind, b.name, lang, extra);
  const maxStaff = st?.maxStaff ?? Infinity;
  // People on duty, whole: a worker finishing a parcel past the shift's end adds a hair (1.0001).
  const onDuty = Math.ceil(b.staff - 0.05);
  const fits = onDuty + extra <= maxStaff;
  // Print: one operator works `perOperator` printers, so people beyond count / perOperator
  // find no free printer: the hint then names the printers the extra people need too.
  // The base is the shift's roster when known: the period's mean staff mixes shifts and breaks.
  const pr = st?.needs.includes("printers") ? scenario.printers : undefined;
  const rostered = shift ? (scenario.staff.roster?.[b.station]?.[shift.id] ?? 0) + (scenario.staff.temps[b.station]?.[shift.id] ?? 0) : 0;
  const printersNeeded = pr ? Math.max(0, (Math.max(onDuty, rostered) + extra) * pr.perOperator - pr.count) : 0;
  // A later station of the route that finishes fewer orders per hour on that shift: more people
  // here would only move the queue on to it, and the line would ship no more.
  const slower = extra > 0 && shift ? slowerLater(scenario, b.station, shift.id) : undefined;
  const flex = b.idlest;
  const flexName = flex ? (scenario.stations.find((s) => s.id === flex.station)?.name?.[lang] ?? flex.station) : undefined;
  const flexWho = flex ? peopleOf(kindOf(scenario, flex.station), { en: flexName!, zh: flexName! }, lang) : undefined;

  const often = howOften([b], lang);
  const fromStart = shift !== undefined && shift.startSec <= 0;
  if (lang === "en") {
    const head = `${name} is the bottleneck ${when}${often ? ` ${often}` : ""} (utilisation ${fmtOr(b.utilization, fmtPct)}, queue up to ${fmtInt(b.maxQueue)})`;
    let act: string;
    // A shift from the run's start (the presale release) cannot start earlier.
    if (extra === 0) act = `the ${shiftText ?? "shift"} works the queue off before it ends${fromStart ? "" : "; an earlier start (an early or night shift) would ship sooner"}`;
    else if (slower) {
      const other = stationLabel(scenario.stations.find((x) => x.id === slower.later.station)!, "en");
      const help = slower.later.helpedBy ? ` with ${stationLabel(scenario.stations.find((x) => x.id === slower.later.helpedBy)!, "en")}'s help` : "";
      act = `but ${other} is slower on the ${shiftText} (${fmtInt(slower.later.ordersPerHour)} orders an hour${help}, ${name} ${fmtInt(slower.mine.ordersPerHour)}): more people at ${name} would only move the queue on to ${other}, so relieve ${other} first`;
      return `${head}, ${act}.`;
    } else if (fits && printersNeeded > 0) act = `add ${extra} ${who}${shiftText ? ` to the ${shiftText}` : ""} and ${printersNeeded} printer${printersNeeded > 1 ? "s" : ""} (${pr!.count === 1 ? "the one printer is" : `all ${pr!.count} printers are`} in use at ${pr!.perOperator} per operator: more people alone would not print more)`;
    else if (fits) act = `add ${extra} ${who}${shiftText ? ` to the ${shiftText}` : ""}`;
    else act = `only ${maxStaff} people fit at ${name}: add an earlier or later shift there instead of more people at once`;
    if (flex && extra > 0) act += ` or move ${flexWho} over (flex; ${flexName} is ${fmtPct(flex.utilization)} busy)`;
    return `${head}: ${act}.`;
  }
  const head = `${when} ${name}是瓶颈（${often ? `${often}；` : ""}利用率 ${fmtOr(b.utilization, fmtPct)}，队列最多 ${fmtInt(b.maxQueue)} 单）`;
  let act: string;
  if (extra === 0) act = `${shiftText ?? "本班次"}结束前可清完积压${fromStart ? "" : "；提早开工（早班或夜班）可更快发货"}`;
  else if (slower) {
    const other = stationLabel(scenario.stations.find((x) => x.id === slower.later.station)!, "zh");
    const help = slower.later.helpedBy ? `，含${stationLabel(scenario.stations.find((x) => x.id === slower.later.helpedBy)!, "zh")}支援` : "";
    return `${head}，但${shiftText}${other}更慢（每小时 ${fmtInt(slower.later.ordersPerHour)} 单${help}；${name} ${fmtInt(slower.mine.ordersPerHour)} 单）：在${name}加人只会把队列转到${other}，应先缓解${other}。`;
  } else if (fits && printersNeeded > 0) act = `${shiftText ?? ""}增加 ${extra} 名${who}，并增加 ${printersNeeded} 台打印机（${pr!.count} 台打印机已全部在用，每人操作 ${pr!.perOperator} 台：只加人不会多打单）`;
  else if (fits) act = `${shiftText ? `${shiftText}` : ""}增加 ${extra} 名${who}`;
  else act = `${name}最多容纳 ${maxStaff} 人：请增加早班或晚班，而不是同时加人`;
  if (flex && extra > 0) act += `，或从${flexName}调人支援（机动支援；${flexName}利用率 ${fmtPct(flex.utilization)}）`;
  return `${head}：${act}。`;
}

/** One sentence for a station's periods with nobody on duty while orders wait there. */
function unstaffedSentence(scenario: Scenario, list: Bottleneck[], lang: Lang): string {
  const b = list[0];
  const name = b.name[lang];
  const when = formatPeriod(scenario, b.fromSec, b.toSec, lang);
  const maxQ = Math.max(...list.map((x) => x.maxQueue));
  const more = list.length - 1;
  const shift = shiftCovering(scenario, b.fromSec, b.toSec);
  const who = peopleOf(kindOf(scenario, b.station), b.name, lang);
  const often = howOften(list, lang);
  if (lang === "en") {
    const also = more > 0 ? ` and ${more} more period${more > 1 ? "s" : ""}` : "";
    const act = shift ? `put ${who} on the ${shiftName(scenario, shift.id, "en")} at ${name}` : "add a night shift or extend the shifts";
    return `Nobody is on duty at ${name} ${when}${also} while orders wait (queue up to ${fmtInt(maxQ)}${often ? `; ${often}` : ""}): ${act}.`;
  }
  const also = more > 0 ? `等 ${more + 1} 个时段` : "";
  const act = shift ? `在${shiftName(scenario, shift.id, "zh")}安排${who}` : "增加夜班或延长班次";
  return `${when}${also} ${name}无人在岗而订单在等待（队列最多 ${fmtInt(maxQ)} 单${often ? `；${often}` : ""}）：${act}。`;
}

/** What stops a station, in the advice's words (the resource a what-if takes away). */
const STOP_CAUSES: Record<string, { en: string; zh: string; fallback: { en: string; zh: string } }> = {
  "order-system": { en: "the order system was down", zh: "订单系统宕机", fallback: { en: "waybills printed ahead for the presale orders", zh: "提前打好预售订单的面单" } },
  power: { en: "the power was cut", zh: "停电", fallback: { en: "a generator or UPS for the printers and scanners", zh: "为打印机和扫描枪备发电机或 UPS" } },
  network: { en: "the network was down", zh: "断网", fallback: { en: "a mobile hotspot as a second line", zh: "备一条移动热点网络" } },
  cartons: { en: "cartons ran out", zh: "纸箱用完", fallback: { en: "cartons stocked for the peak before it", zh: "大促前备足纸箱" } },
  labels: { en: "label rolls ran out", zh: "面单纸用完", fallback: { en: "label rolls stocked for the peak before it", zh: "大促前备足面单纸" } },
  "printer-down": { en: "printers were down", zh: "打印机停机", fallback: { en: "a spare printer ready to swap in", zh: "备好可随时替换的备用打印机" } },
  dock: {
    en: "the dock was full",
    zh: "待揽收区已满",
    fallback: { en: "more or earlier courier pickups, or room for more parcels on the dock", zh: "与快递商约定更多或更早的揽收，或扩大待揽收区" },
  },
};

/** A full dock is named as a cause of a packing stop when it idled at least this share of the people who could not work. */
const DOCK_CAUSE_SHARE = 0.2;

/**
 * The scheduled disruptions that stop `station` and overlap [periodFrom, periodTo): those taking
 * a resource it needs (printers down for a station that prints).
 */
export function stopCauses(scenario: Scenario, station: string, periodFrom: number, periodTo: number): string[] {
  const st = scenario.stations.find((x) => x.id === station);
  if (!st) return [];
  const out: string[] = [];
  for (const d of scenario.disruptions) {
    if (d.type === "courier-cap" || d.duration === undefined) continue;
    const need = d.type === "printer-down" ? "printers" : d.type === "order-system" ? "orderSystem" : d.type === "consumables" ? d.item : d.type;
    if (!st.needs.includes(need as (typeof st.needs)[number])) continue;
    const a = toSec(scenario, d.at);
    if (a < periodTo && a + d.duration > periodFrom) {
      const key = d.type === "consumables" ? d.item : d.type;
      if (!out.includes(key)) out.push(key);
    }
  }
  return out;
}

/**
 * One sentence for a station's periods held up by a resource (half or more of its people
 * on duty could not work: a resource it needs down, no working printer for them) while
 * orders waited: more people would not help; the scheduled disruptions behind it are
 * named with the fallback that shortens them, and for printers without a scheduled
 * disruption (failures) the spare and the technician.
 */
function stoppedSentence(scenario: Scenario, list: Bottleneck[], lang: Lang): string {
  const b = list[0];
  const name = b.name[lang];
  const when = formatPeriod(scenario, b.fromSec, b.toSec, lang);
  const maxQ = Math.max(...list.map((x) => x.maxQueue));
  const more = list.length - 1;
  const often = howOften(list, lang);
  const causes = [...new Set(list.flatMap((x) => stopCauses(scenario, x.station, x.fromSec, x.toSec)))];
  const scheduled = causes.length > 0;
  if (list.some((x) => (x.dockHeld ?? 0) >= DOCK_CAUSE_SHARE * (x.blocked ?? 0) && (x.dockHeld ?? 0) > 0)) causes.push("dock");
  const prints = scenario.stations.find((x) => x.id === b.station)?.needs.includes("printers") ?? false;
  // Means over replications: whole people when near one (an absence in one replication makes 1.95).
  const ppl = (x: number) => (Math.abs(x - Math.round(x)) < 0.1 ? fmtInt(x) : fmtNum(x, 1));
  const people = `${ppl(b.blocked ?? b.staff)} of ${ppl(b.staff)}`;
  if (lang === "en") {
    const also = more > 0 ? ` and ${more} more period${more > 1 ? "s" : ""}` : "";
    const why = causes.length > 0 ? causes.map((c) => STOP_CAUSES[c].en).join(" and ") : prints ? "no working printer for them: failures" : "a resource it needs was down";
    const fix =
      causes.length > 0
        ? `more people would not help: ${scheduled ? "this is what the disruption costs (compare the scenario without it), and " : ""}${causes.map((c) => STOP_CAUSES[c].fallback.en).join(" or ")} is what shortens it`
        : prints
          ? "more people would not help: a spare printer, or a technician on site, shortens the stop"
          : "more people would not help";
    return `${name} was held up ${when}${also}: ${people} people on duty could not work (${why}) while orders waited (queue up to ${fmtInt(maxQ)}${often ? `; ${often}` : ""}): ${fix}.`;
  }
  const also = more > 0 ? `等 ${more + 1} 个时段` : "";
  const why = causes.length > 0 ? causes.map((c) => STOP_CAUSES[c].zh).join("、") : prints ? "没有可用的打印机：故障" : "所需资源中断";
  const fix =
    causes.length > 0
      ? `加人无济于事：${scheduled ? "这是该中断的代价（可与不含中断的场景对比），" : ""}缩短停工要靠${scheduled ? "后备方案：" : ""}${causes.map((c) => STOP_CAUSES[c].fallback.zh).join("，或")}`
      : prints
        ? "加人无济于事：备用打印机或现场技术员可缩短停工"
        : "加人无济于事";
  return `${when}${also} ${name}受阻：在岗 ${ppl(b.staff)} 人中有 ${ppl(b.blocked ?? b.staff)} 人无法作业（${why}），订单在等待（队列最多 ${fmtInt(maxQ)} 单${often ? `；${often}` : ""}）：${fix}。`;
}

/** Cells whose late rates are within this share of each other are told as alike, not one named the most at risk. */
export const ALIKE_BAND = 0.1;

/**
 * The cells (payment days, couriers) most at risk by their late rate, late orders over
 * the orders they judged, pooled over the replications (by count alone the biggest
 * courier, or the peak day, would always lead): the highest rate and every cell within
 * ALIKE_BAND of it, in the record's order, with the lowest and highest of their rates.
 * When that is every cell (of two or more), none stands out: `alike`. Undefined
 * without late orders.
 */
export function mostAtRisk(cells: Record<string, RiskCell>): { keys: string[]; low: number; high: number; alike: boolean } | undefined {
  const rated = Object.entries(cells)
    .filter(([, c]) => c.ordersMean > 0)
    .map(([key, c]) => ({ key, rate: c.late.mean / c.ordersMean }));
  const high = Math.max(0, ...rated.map((c) => c.rate));
  if (!(high > 0)) return undefined;
  const top = rated.filter((c) => c.rate * (1 + ALIKE_BAND) >= high);
  return { keys: top.map((c) => c.key), low: Math.min(...top.map((c) => c.rate)), high, alike: rated.length > 1 && top.length === rated.length };
}

/** The station that holds the line (holdingStation) and why. */
export type Holding =
  | { kind: "unstaffed"; station: string; shift: string; maxQueue: number }
  | { kind: "slower"; station: string; shift: string; capacity: StationCapacity; behind: StationCapacity }
  | { kind: "queue"; station: string; shift?: string; maxQueue: number; noneSlower: boolean };

/** Nobody rostered at the station on the shift (roster and temps), and no flex help from a station that has people on it. */
function nobodyOn(s: Scenario, station: string, shiftId: string): boolean {
  const people = (id: string) => (s.staff.roster?.[id]?.[shiftId] ?? 0) + (s.staff.temps[id]?.[shiftId] ?? 0);
  if (people(station) > 0) return false;
  return !s.staff.flex.some((f) => f.to === station && f.maxPeople > 0 && people(f.from) > 0);
}

/**
 * The station that holds the line, as the bottleneck sentences reason:
 * - "unstaffed": a station with nobody rostered on a shift the other stations work, while
 *   orders wait there (an unstaffed period that the shift covers): no order gets past it
 *   on that shift. A night with no shift at all is not one: the whole line is off;
 * - else the staffed bottleneck with the longest queue ("queue"), or the slowest station
 *   after it on that shift when one is slower by more than BALANCE_BAND ("slower":
 *   slowerLater, flex help included): more people at the bottleneck would only move the
 *   queue on to it, as its sentence says.
 * Of an unstaffed station and the staffed bottleneck, the one with the longer queue.
 * Undefined without a queue.
 */
export function holdingStation(scenario: Scenario, core: Pick<Core, "bottlenecks">): Holding | undefined {
  let unstaffed: Extract<Holding, { kind: "unstaffed" }> | undefined;
  for (const b of core.bottlenecks) {
    if (!b.unstaffed || b.maxQueue < 1) continue;
    const shift = shiftCovering(scenario, b.fromSec, b.toSec);
    // A night without a shift (the whole line is off), or a shift nobody else works either.
    if (!shift || !nobodyOn(scenario, b.station, shift.id) || scenario.stations.every((x) => x.id === b.station || nobodyOn(scenario, x.id, shift.id))) continue;
    if (!unstaffed || b.maxQueue > unstaffed.maxQueue) unstaffed = { kind: "unstaffed", station: b.station, shift: shift.id, maxQueue: b.maxQueue };
  }
  const worst = core.bottlenecks.filter((b) => !b.unstaffed && !b.stopped && b.maxQueue >= 1).reduce<Bottleneck | undefined>((a, b) => (!a || b.maxQueue > a.maxQueue ? b : a), undefined);
  if (unstaffed && (!worst || unstaffed.maxQueue >= worst.maxQueue)) return unstaffed;
  if (!worst) return undefined;
  const shift = shiftCovering(scenario, worst.fromSec, worst.toSec);
  if (shift) {
    const slower = slowerLater(scenario, worst.station, shift.id);
    if (slower) return { kind: "slower", station: slower.later.station, shift: shift.id, capacity: slower.later, behind: slower.mine };
  }
  const noneSlower = !!shift && lineBalance(scenario, shift.id).some((c) => c.station === worst.station);
  return { kind: "queue", station: worst.station, ...(shift ? { shift: shift.id } : {}), maxQueue: worst.maxQueue, noneSlower };
}

/** What to do about the station holding the line, as a clause ("relieve Pack first: ..."; lower case). */
export function holdingText(scenario: Scenario, h: Holding, lang: Lang): string {
  const st = scenario.stations.find((x) => x.id === h.station);
  const name = st ? stationLabel(st, lang) : h.station;
  const label = (id: string) => {
    const x = scenario.stations.find((y) => y.id === id);
    return x ? stationLabel(x, lang) : id;
  };
  if (h.kind === "unstaffed") {
    const sh = shiftName(scenario, h.shift, lang);
    const who = peopleOf(st?.kind, { en: stationLabel(st ?? { id: h.station }, "en"), zh: stationLabel(st ?? { id: h.station }, "zh") }, lang);
    return lang === "en"
      ? `nobody is on duty at ${name} on the ${sh} while orders wait there (queue up to ${fmtInt(h.maxQueue)}): no order gets past it, so put ${who} on the ${sh} first`
      : `${sh}${name}无人在岗而订单在等待（队列最多 ${fmtInt(h.maxQueue)} 单）：订单都过不了这个工位，应先在${sh}安排${who}`;
  }
  if (h.kind === "slower") {
    const sh = shiftName(scenario, h.shift, lang);
    const from = label(h.behind.station);
    const help = h.capacity.helpedBy ? (lang === "en" ? ` with ${label(h.capacity.helpedBy)}'s help` : `（含${label(h.capacity.helpedBy)}支援）`) : "";
    return lang === "en"
      ? `relieve ${name} first: on the ${sh} it finishes only ${fmtInt(h.capacity.ordersPerHour)} orders an hour${help}, fewer than ${from} (${fmtInt(h.behind.ordersPerHour)}) where the queue builds, and the line ships no faster than ${name}`
      : `应优先缓解${name}：${sh}${name}每小时只能完成 ${fmtInt(h.capacity.ordersPerHour)} 单${help}，比队列积压的${from}（${fmtInt(h.behind.ordersPerHour)} 单）慢，整条线的发货受它限制`;
  }
  const sh = h.shift !== undefined && h.noneSlower ? shiftName(scenario, h.shift, lang) : undefined;
  return lang === "en"
    ? `relieve ${name} first: its queue is the longest (up to ${fmtInt(h.maxQueue)})${sh ? ` and no later station is slower on the ${sh}` : ""}`
    : `应优先缓解${name}：其队列最长（最多 ${fmtInt(h.maxQueue)} 单）${sh ? `，且${sh}其后没有更慢的工位` : ""}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "Print, Pick and QC" / "打单、拣货、QC". */
function listText(names: readonly string[], lang: Lang): string {
  if (lang === "zh") return names.join("、");
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * The risk sentence of each deadline rule with late orders in some replication: the
 * payment day most at risk by its late rate (mostAtRisk), for a pickup-scan rule the
 * courier too, and what to do. A shipped rule names no courier: an order ships when it
 * leaves the packing line onto the dock, before any courier touches it, so a courier's
 * late rate there only mirrors when its orders were paid or reached the line. A shipped
 * rule points at the station holding the line (holdingStation). A pickup-scan rule asks
 * the couriers for extra pickups only for the late orders that had shipped in time (on
 * the dock, or waiting for the tracking record), and points at the station for those
 * that had not.
 */
export function deadlineSentences(scenario: Scenario, core: Core): Advice[] {
  const out: Advice[] = [];
  const holding = holdingStation(scenario, core);
  for (const d of core.deadlines) {
    if (d.pAnyLate.k === 0) continue;
    const cohort = mostAtRisk(d.byCohort);
    // Only a rule judged on the courier's pickup scan: a courier cannot make an order ship late.
    const courier = d.milestone === "collected" ? mostAtRisk(d.byCourier) : undefined;
    const courierName = (id: string) => core.couriers.find((c) => c.id === id)?.name ?? id;
    // A pickup-scan rule: how many late orders had shipped in time (a summary stored before the count: all of them, as it used to say).
    const shippedLate = d.milestone === "collected" ? (d.lateShipped ? d.lateShipped.mean : d.late.mean) : 0;
    const notShipped = Math.max(0, d.late.mean - shippedLate);
    const courierPart = d.milestone === "collected" && shippedLate > 0;
    const linePart = !!holding && (d.milestone === "shipped" || notShipped > 0);
    // The tail: "1 replication in 10 has P90 or more" from quantileNeeds(0.9) = 10 replications
    // on; with fewer the nearest-rank P90 is the largest of them, so it is named as the worst
    // of n; one replication has no tail (its count is the mean).
    const n = d.late.n;
    const tail = n >= quantileNeeds(0.9) ? "p90" : n > 1 ? "worst" : undefined;
    out.push(
      both("deadline", (lang) => {
        const label = d.label[lang] || d.id;
        const p = fmtPct(d.pAnyLate.p);
        const ci = `${fmtPct(d.pAnyLate.low)}-${fmtPct(d.pAnyLate.high)}`;
        const fixed = d.deadlineSec !== undefined ? formatWhen(scenario, d.deadlineSec, lang, true) : undefined;
        const pct = (x: number) => fmtPct(x, 1);
        const range = (r: { low: number; high: number }) => (pct(r.low) === pct(r.high) ? pct(r.high) : `${pct(r.low)}-${pct(r.high)}`);
        const named: string[] = [];
        const alike: string[] = [];
        const line = linePart ? holdingText(scenario, holding!, lang) : "";
        if (lang === "en") {
          let s = `${label}: P(any order late) ${p} (95% CI ${ci}), ${fmtNum(d.late.mean, 1)} late orders on average`;
          if (tail === "p90") s += `, 1 replication in 10 has ${fmtInt(d.lateP90)} or more`;
          else if (tail === "worst") s += `, the worst of ${n} replications had ${fmtInt(d.late.max)}`;
          if (cohort?.alike) alike.push(`every payment day about the same (${range(cohort)} late)`);
          else if (cohort) named.push(`orders paid ${listText(cohort.keys.map((k) => formatDayKey(k, "en")), "en")} (${range(cohort)} of them late)`);
          if (courier?.alike) alike.push(`every courier about the same (${range(courier)} of its orders late)`);
          else if (courier) named.push(`${courier.keys.length > 1 ? "couriers" : "courier"} ${listText(courier.keys.map(courierName), "en")} (${range(courier)} of ${courier.keys.length > 1 ? "their" : "its"} orders late)`);
          if (named.length) s += `; most at risk: ${named.join(", ")}`;
          if (alike.length) s += `; ${alike.join("; ")}`;
          if (courierPart) {
            const by = fixed ? `by ${fixed}` : "in time";
            const who = notShipped > 0 ? `${fmtNum(shippedLate, 1)} of them on average` : "All of them";
            s += `. ${who} had shipped ${by} but had no pickup scan then: agree extra pickups with the couriers${fixed ? ` before ${fixed}` : ""}`;
            if (linePart) s += `; the other ${fmtNum(notShipped, 1)} had not shipped. ${capitalise(line)}`;
          } else if (linePart) s += `. ${capitalise(line)}`;
          return s + ".";
        }
        let s = `${label}：出现超时的概率 ${p}（95% 置信区间 ${ci}），平均 ${fmtNum(d.late.mean, 1)} 单超时`;
        if (tail === "p90") s += `，每 10 次仿真中有 1 次达到 ${fmtInt(d.lateP90)} 单以上`;
        else if (tail === "worst") s += `，${n} 次仿真中最差的一次有 ${fmtInt(d.late.max)} 单超时`;
        if (cohort?.alike) alike.push(`各付款日的超时比例相近（${range(cohort)}）`);
        else if (cohort) named.push(`${listText(cohort.keys.map((k) => formatDayKey(k, "zh")), "zh")}付款的订单（${range(cohort)} 超时）`);
        if (courier?.alike) alike.push(`各快递的超时比例相近（${range(courier)}）`);
        else if (courier) named.push(`快递 ${listText(courier.keys.map(courierName), "zh")}（其订单 ${range(courier)} 超时）`);
        if (named.length) s += `；风险最高：${named.join("、")}`;
        if (alike.length) s += `；${alike.join("；")}`;
        if (courierPart) {
          const by = fixed ? `在${fixed}前` : "按时";
          const who = notShipped > 0 ? `其中平均 ${fmtNum(shippedLate, 1)} 单` : "这些订单都";
          s += `。${who}已${by}发货，但届时还没有揽收记录：请与快递商约定${fixed ? `在${fixed}前` : ""}加派揽收`;
          if (linePart) s += `；其余 ${fmtNum(notShipped, 1)} 单还没发货。${line}`;
        } else if (linePart) s += `。${line}`;
        return s + "。";
      }),
    );
  }
  return out;
}

/** Couriers that left parcels behind because of a cap. */
export function courierSentences(core: Core): Advice[] {
  return core.couriers
    .filter((c) => c.pCapped.k > 0)
    .map((c) =>
      both("courier", (lang) =>
        lang === "en"
          ? `${c.name} left parcels behind at ${fmtNum(c.pickupsCapped.mean, 1)} pickups per replication (in ${fmtPct(c.pCapped.p)} of replications): agree an extra pickup or a higher cap, or move share to a courier with room.`
          : `${c.name} 平均每次仿真有 ${fmtNum(c.pickupsCapped.mean, 1)} 次揽收因上限留下包裹（${fmtPct(c.pCapped.p)} 的仿真中出现）：与快递商约定加派揽收或提高上限，或把份额分给有余量的快递。`,
      ),
    );
}

/** Stations whose capacity is within this share of the slowest one's are balanced with it. */
export const BALANCE_BAND = 0.15;

export interface StationCapacity {
  station: string;
  /** Peak-day orders per hour the shift's roster can finish there (see lineBalance), flex help included. */
  ordersPerHour: number;
  /** With flex help: the station the helpers come from and the capacity of its own people alone. */
  helpedBy?: string;
  alone?: number;
}

/**
 * Capacity of each station on a shift, in peak-day orders per hour: the rostered
 * people present (absence deducted, temps at their first-shift speed, at most
 * `maxStaff`), times 3600 / the work one order brings to the station (per-line
 * picking with aisle crowding, rework visits, the label time at print), print
 * limited by its printers; stations that pre-packed orders skip count per arriving
 * order. Breaks and printer failures are left out: it is the line's shape, not a
 * forecast. Stations with nobody rostered are omitted.
 *
 * A flex rule (weighers helping the packers) adds to the receiving station what the
 * source's people can spare at the same throughput X, at trained speed, at most
 * `maxPeople` of them: X = (people + min(maxPeople, sourcePeople - X x sourceWork /
 * 3600)) x 3600 / work, i.e. the smaller of "maxPeople more people" and the two teams
 * pooled over both stations' work. Help only raises it (a source slower than the
 * receiver has nothing to spare and holds the line itself); the walk-over and the
 * rule's queue thresholds are left out, so it is an upper bound.
 */
export function lineBalance(s: Scenario, shiftId: string): StationCapacity[] {
  const present = 1 - s.staff.absenceRate;
  const peopleAt = (id: string) => {
    const st = s.stations.find((x) => x.id === id)!;
    // Places first for the permanent staff, as the model fills them (fastest first).
    const perm = Math.min(st.maxStaff, s.staff.roster?.[id]?.[shiftId] ?? 0);
    const temps = Math.min(st.maxStaff - perm, s.staff.temps[id]?.[shiftId] ?? 0);
    return (perm + temps * s.staff.tempProductivity.initial) * present;
  };
  const pickers = s.stations.filter((x) => x.kind === "pick").reduce((a, x) => a + peopleAt(x.id), 0);
  const d = s.demand;
  const peak = d.baselinePerDay * d.surge * d.forecastFactor + d.presaleOrders;
  const prepacked = peak > 0 ? Math.min(d.bestSellers.prepackedStock, peak * d.bestSellers.prepackedShare) / peak : 0;
  const out: StationCapacity[] = [];
  // Seconds of work per peak-day order arriving at the line, by station (for the flex help below).
  const work = new Map<string, { people: number; sec: number; printers: boolean }>();
  for (const load of stationLoads(s, pickers)) {
    const people = peopleAt(load.id);
    if (!(people > 0) || !(load.workSec > 0)) continue;
    const servers = load.printerSlots ? Math.min(people * s.printers.perOperator, s.printers.count) : people;
    const share = Math.max(load.skipsPrepacked ? 1 - prepacked : 1, 1e-9);
    out.push({ station: load.id, ordersPerHour: (servers * 3600) / load.workSec / share });
    work.set(load.id, { people, sec: load.workSec * share, printers: !!load.printerSlots });
  }
  for (const f of s.staff.flex) {
    const to = out.find((c) => c.station === f.to);
    const from = work.get(f.from);
    const w = work.get(f.to);
    // Print's capacity is its printers', which helpers do not add to.
    if (!to || !from || !w || w.printers || from.printers || f.maxPeople <= 0) continue;
    const most = ((w.people + f.maxPeople) * 3600) / w.sec;
    const pooled = ((w.people + from.people) * 3600) / (w.sec + from.sec);
    const helped = Math.min(most, pooled);
    if (helped > to.ordersPerHour * (1 + 1e-9)) {
      to.alone ??= to.ordersPerHour;
      to.helpedBy ??= f.from;
      to.ordersPerHour = helped;
    }
  }
  return out;
}

/** "Pack 430 (with Weigh's help; 381 alone)", "打包 430（含称重支援；单独 381）". */
export function capacityText(s: Scenario, c: StationCapacity, lang: Lang): string {
  const name = (id: string) => stationLabel(s.stations.find((x) => x.id === id)!, lang);
  const help = c.helpedBy !== undefined && c.alone !== undefined ? (lang === "en" ? ` (with ${name(c.helpedBy)}'s help; ${fmtInt(c.alone)} alone)` : `（含${name(c.helpedBy)}支援；单独 ${fmtInt(c.alone)}）`) : "";
  return `${name(c.station)} ${fmtInt(c.ordersPerHour)}${help}`;
}

/**
 * When the worst bottleneck's station is within BALANCE_BAND of the slowest station
 * of its shift together with others, one sentence with every station's capacity:
 * relieving the bottleneck alone only moves the queue to the next of them, so they
 * are raised together.
 */
export function balanceSentence(scenario: Scenario, core: Core): Advice | undefined {
  const worst = core.bottlenecks.filter((b) => !b.unstaffed && !b.stopped && b.maxQueue >= 1).sort((a, b) => b.maxQueue - a.maxQueue)[0];
  if (!worst) return undefined;
  const shift = shiftCovering(scenario, worst.fromSec, worst.toSec);
  if (!shift) return undefined;
  const caps = lineBalance(scenario, shift.id).sort((a, b) => a.ordersPerHour - b.ordersPerHour);
  if (caps.length < 2) return undefined;
  const slowest = caps[0].ordersPerHour;
  const tight = caps.filter((c) => c.ordersPerHour <= slowest * (1 + BALANCE_BAND));
  // Only about the station the simulation found holding the line, and only when others are as tight.
  if (tight.length < 2 || !tight.some((c) => c.station === worst.station)) return undefined;
  const next = tight.find((c) => c.station !== worst.station)!;
  const gain = Math.max(0, next.ordersPerHour / slowest - 1);
  const name = (id: string, lang: Lang) => stationLabel(scenario.stations.find((x) => x.id === id)!, lang);
  const list = (lang: Lang) => caps.map((c) => capacityText(scenario, c, lang)).join(lang === "en" ? ", " : "，");
  const tightNames = (lang: Lang) => {
    const n = tight.map((c) => name(c.station, lang));
    return lang === "en" ? (n.length === 2 ? n.join(" and ") : `${n.slice(0, -1).join(", ")} and ${n[n.length - 1]}`) : n.join("、");
  };
  const band = fmtPct(BALANCE_BAND);
  return both("balance", (lang) => {
    const sh = shiftName(scenario, shift.id, lang);
    const first = name(worst.station, lang);
    const second = name(next.station, lang);
    const none = gain < 0.005;
    if (lang === "en") {
      const alone = none ? `the line gains nothing until ${second} is raised too` : `the line gains at most ${fmtPct(gain)} before ${second} holds it`;
      return `Line balance on the ${sh} (orders per hour the rostered people can finish): ${list("en")}. ${tightNames("en")} are within ${band} of each other: relieving ${first} alone moves the queue to ${second} (${alone}), so raise them together.`;
    }
    const alone = none ? `在${second}也加人之前整条线不会提升` : `整条线最多提升 ${fmtPct(gain)}，随后${second}成为瓶颈`;
    return `作业线平衡（${sh}，按排班人数每小时可完成订单）：${list("zh")}。${tightNames("zh")}相差不到 ${band}：只缓解${first}，队列会转到${second}（${alone}），应一起加人。`;
  });
}

/** Staffed bottleneck periods advised on at most (the worst by queue, told in time order). */
export const MAX_BOTTLENECK_SENTENCES = 5;

/**
 * All advice: the worst staffed bottleneck periods in time order, unstaffed periods
 * merged per station, then deadlines, couriers, a full dock and the 12-hour share.
 */
export function adviseAll(scenario: Scenario, core: Core): Advice[] {
  const out: Advice[] = [];
  const unstaffed = new Map<string, Bottleneck[]>();
  const stopped = new Map<string, Bottleneck[]>();
  for (const b of core.bottlenecks) {
    const into = b.unstaffed ? unstaffed : b.stopped ? stopped : undefined;
    if (!into || b.maxQueue < 1) continue;
    const list = into.get(b.station) ?? [];
    list.push(b);
    into.set(b.station, list);
  }
  // A period whose queue never reached one order (a mean over replications) needs no advice.
  const staffed = core.bottlenecks
    .filter((b) => !b.unstaffed && !b.stopped && b.maxQueue >= 1)
    .map((b, i) => ({ b, i }))
    .sort((x, y) => y.b.maxQueue - x.b.maxQueue || x.i - y.i)
    .slice(0, MAX_BOTTLENECK_SENTENCES)
    .sort((x, y) => x.i - y.i);
  for (const { b } of staffed) out.push(both("bottleneck", (lang) => bottleneckSentence(scenario, b, lang, core.hourly)));
  const balance = balanceSentence(scenario, core);
  if (balance) out.push(balance);
  for (const list of stopped.values()) out.push(both("stopped", (lang) => stoppedSentence(scenario, list, lang)));
  for (const list of unstaffed.values()) out.push(both("unstaffed", (lang) => unstaffedSentence(scenario, list, lang)));
  out.push(...deadlineSentences(scenario, core));
  out.push(...courierSentences(core));
  const blocked = core.figures["mechanisms.dockBlockedHours"];
  if (blocked && blocked.max > 0) {
    const cap = scenario.dock.capacity;
    out.push(
      both("dock", (lang) =>
        lang === "en"
          ? `Packing stopped for ${fmtNum(blocked.mean, 1)} h per replication on average because the dock was full (${fmtInt(cap)} parcels): agree more or earlier courier pickups, or make room for more parcels.`
          : `待揽收区已满（${fmtInt(cap)} 个包裹），平均每次仿真打包停工 ${fmtNum(blocked.mean, 1)} 小时：与快递商约定更多或更早的揽收，或扩大待揽收区。`,
      ),
    );
  }
  const h12 = core.figures["shippedWithin.h12"];
  const h24 = core.figures["shippedWithin.h24"];
  // Only when the share is low even if every undetermined order (run cut by its horizon) shipped in time.
  const und12 = core.figures["shippedWithin.undeterminedH12"]?.mean ?? 0;
  if (h12 && h24 && h12.mean + und12 < SHIP12_FLAG) out.push(ship12hSentence(scenario, core, h12.mean, h24.mean));
  const returns = returnsSentence(scenario, core);
  if (returns) out.push(returns);
  return out;
}

/**
 * When each station first has someone on duty on the peak day (seconds from the start,
 * which opens the peak day; Infinity: nobody that day), from the roster (absences left
 * out; a flex helper counts at the station helped).
 */
export function firstOnDuty(s: Scenario): Map<string, number> {
  const dayEnd = clockOnDay(s, 1, "00:00");
  const never = () => 1; // nobody absent
  const work = shiftWork(s, 2, () => never).filter((w) => w.perm + w.temp > 0 && w.endSec > 0 && w.startSec < dayEnd);
  const out = new Map<string, number>();
  for (const st of s.stations) {
    const from = new Set([st.id, ...s.staff.flex.filter((f) => f.to === st.id && f.maxPeople > 0).map((f) => f.from)]);
    out.set(st.id, Math.min(Infinity, ...work.filter((w) => from.has(w.station)).map((w) => Math.max(0, w.startSec))));
  }
  return out;
}

/**
 * The 12-hour share sentence. When some station of the route has nobody on duty in the
 * first hours of the peak day, an order ships only once the last of them starts:
 * staffing the first station early only moves the queue on to the next (a print-only
 * crew 00:00-08:00 leaves the share as it was), so it says to start the whole line
 * earlier and names the stations with nobody on duty then. When the whole line works
 * from the start, the line is short of capacity: the station holding it (holdingStation).
 */
function ship12hSentence(scenario: Scenario, core: Core, h12: number, h24: number): Advice {
  const first = firstOnDuty(scenario);
  const route = scenario.stations;
  const at = (st: Scenario["stations"][number]) => first.get(st.id) ?? Infinity;
  const late = route.filter((st) => at(st) > 0);
  const early = route.filter((st) => at(st) <= 0);
  // A station nobody works on the peak day at all: nothing ships before someone does.
  const never = late.filter((st) => at(st) === Infinity);
  const lineStart = Math.max(0, ...route.map(at));
  const holding = late.length ? undefined : holdingStation(scenario, core);
  // The stations late to start, grouped by when they start (in route order).
  const groups: { at: number; members: Scenario["stations"] }[] = [];
  for (const st of late) {
    const g = groups.find((x) => x.at === at(st));
    if (g) g.members.push(st);
    else groups.push({ at: at(st), members: [st] });
  }
  // The first station late to start after the first that starts early: where that early start leaves the queue.
  const next = early.length ? late.find((st) => route.indexOf(st) > route.indexOf(early[0])) : undefined;
  return both("ship12h", (lang) => {
    const head =
      lang === "en"
        ? `Only ${fmtPct(h12)} of peak-day orders ship within 12 h of payment (${fmtPct(h24)} within 24 h); the guides' rule is to ship as many as you can in the first 12 hours`
        : `大促当天订单仅 ${fmtPct(h12)} 在付款后 12 小时内发货（24 小时内 ${fmtPct(h24)}）；前 12 小时要尽量多发`;
    const names = (list: Scenario["stations"]) => listText(list.map((st) => stationLabel(st, lang)), lang);
    if (!late.length) {
      if (!holding) return head + (lang === "en" ? "." : "。");
      return lang === "en"
        ? `${head}. The whole line is on duty from the start of the day, so it is short of capacity: ${holdingText(scenario, holding, "en")}.`
        : `${head}。整条线从当天一开始就有人在岗，是产能不足：${holdingText(scenario, holding, "zh")}。`;
    }
    const day = formatDay(scenario, 0, lang);
    if (never.length) {
      const one = never.length === 1;
      const who = one ? peopleOf(never[0].kind, { en: stationLabel(never[0], "en"), zh: stationLabel(never[0], "zh") }, lang) : lang === "en" ? "people" : "人手";
      return lang === "en"
        ? `${head}, but ${names(never)} ${one ? "has" : "have"} nobody on duty on ${day}: no order gets past ${one ? "it" : "them"}, so put ${who} on duty there first.`
        : `${head}，但${day}全天${names(never)}无人在岗：订单都过不了，应先在那里安排${who}。`;
    }
    const all = early.length === 0;
    const window = formatPeriod(scenario, 0, lineStart, lang);
    if (lang === "en") {
      const gap = groups.map((g) => `${names(g.members)} ${g.members.length > 1 ? "have" : "has"} nobody on duty before ${formatWhen(scenario, g.at, "en")}`).join("; ");
      const act = all ? `start the whole line earlier, with a launch crew at every station ${window} or an early shift at each` : `start ${names(late)} earlier too, with a launch crew there ${window} or an early shift`;
      const moves = all ? "an early start at one station only moves the queue on to the next" : next ? `the early start at ${names(early)} only moves the queue on to ${stationLabel(next, "en")}` : `the early start at ${names(early)} ships nothing before ${names(late)} start`;
      return `${head}, but ${gap}: ${act} (an order ships only once every station of the route has worked it, so ${moves}).`;
    }
    const gap = groups.map((g) => `${formatWhen(scenario, g.at, "zh")} 前${names(g.members)}${all && groups.length === 1 ? "都" : ""}无人在岗`).join("，");
    const act = all ? `请让整条线提早开工，在${window} 给每个工位安排开线人手，或每个工位都排早班` : `${names(late)}也要提早开工，在${window} 安排开线人手或排早班`;
    const moves = all ? "只让一个工位提早开工，队列只会转到下一个工位" : next ? `${names(early)}提早开工只会把队列转到${stationLabel(next, "zh")}` : `在${names(late)}开工之前，${names(early)}提早开工也发不出订单`;
    return `${head}，但${gap}${all ? "" : `（${names(early)}已有人在岗）`}：${act}（订单要经过路线上每个工位才能发货：${moves}）。`;
  });
}

/**
 * The after-sales work the runs leave, or when they finished it: returns still in hand
 * when the orders were all collected, in person-hours at the returns station; with
 * returns.until "handled", when the last one was handled.
 */
function returnsSentence(scenario: Scenario, core: Core): Advice | undefined {
  const r = scenario.returns as Scenario["returns"] | undefined; // a stored run from before returns has none
  if (!r || !(r.share > 0)) return undefined;
  const st = scenario.stations.find((x) => x.id === r.station);
  const name = st ? { en: stationLabel(st, "en"), zh: stationLabel(st, "zh") } : { en: r.station, zh: r.station };
  const waiting = core.figures["returns.waitingAtEnd"]?.mean ?? 0;
  const last = core.figures["returns.allHandledDays"];
  const wait = core.figures["returns.meanWaitHours"];
  if (last && last.n > 0) {
    const when = (d: number, lang: Lang) => formatDay(scenario, d * 86400, lang); // a mean of times: the day, not the minute
    const some = last.n < core.replications; // the others ended at the horizon with returns left
    const p95 = core.figures["returns.handled95Days"];
    const tail = core.figures["returns.afterSalesCost"];
    // The last few returns trickle in for days: say when 95% are done when that is a day or more earlier.
    const early = p95 && p95.n > 0 && last.mean - p95.mean >= 1 ? p95.mean : null;
    return both("returns", (lang) =>
      lang === "en"
        ? `Returns: ${name.en} handles the last one around ${when(last.mean, "en")} on average (the latest replication: ${when(last.max, "en")}${some ? `; ${core.replications - last.n} of ${core.replications} replications reached the horizon first` : ""})${early !== null ? `, 95% of them by ${when(early, "en")}` : ""}${wait ? `; a return waits ${fmtNum(wait.mean, 1)} h on average before handling` : ""}. Keep that team's after-sales hours until then${early !== null ? " (a smaller team can take the last few)" : ""}${tail && tail.n > 0 ? `; once the orders are all collected its shifts cost ${fmtMoney(tail.mean)}` : ""}.`
        : `退货：${name.zh}平均在${when(last.mean, "zh")}左右处理完最后一件（最晚的一次仿真：${when(last.max, "zh")}${some ? `；${core.replications} 次仿真中有 ${core.replications - last.n} 次未处理完就已到仿真结束` : ""}）${early !== null ? `，95% 在${when(early, "zh")}前处理完` : ""}${wait ? `；退货开始处理前平均等待 ${fmtNum(wait.mean, 1)} 小时` : ""}。该组的售后人手需保留到那时${early !== null ? "（最后零星几件可由少量人手处理）" : ""}${tail && tail.n > 0 ? `；订单全部揽收后，该组班次成本 ${fmtMoney(tail.mean)}` : ""}。`,
    );
  }
  if (waiting < 1) return undefined;
  const hours = (waiting * makeDist(r.serviceSec).mean) / 3600;
  return both("returns", (lang) =>
    lang === "en"
      ? `Returns: ${fmtInt(waiting)} returns on average are still waiting at ${name.en} when the orders are all collected (about ${fmtNum(hours, 0)} person-hours of work), with more on their way back: plan after-sales hours at ${name.en} for the days after (returns.until: handled follows them to the end).`
      : `退货：订单全部揽收时，${name.zh}平均仍有 ${fmtInt(waiting)} 件退货待处理（约 ${fmtNum(hours, 0)} 人时），且还有退货在途：请为${name.zh}安排大促后几天的售后人手（设置 returns.until: handled 可仿真到全部处理完）。`,
  );
}
