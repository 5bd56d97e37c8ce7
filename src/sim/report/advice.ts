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
import { shiftDays } from "../model/staff.js";
import { clockOnDay } from "../model/time.js";
import type { Advice, Bottleneck, ExperimentSummary, HourlySummary } from "../experiment/types.js";
import { stationLoads } from "../planner/guess.js";
import { fmtInt, fmtMoney, fmtNum, fmtPct, formatDay, formatDayKey, formatPeriod, formatWhen, type Lang, peopleOf, shiftLabel, stationLabel } from "./i18n.js";

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
  series?: { startSec: readonly number[]; queue: readonly number[]; arrivals: readonly number[]; staff: readonly number[] },
  shift?: { startSec: number; endSec: number },
): number {
  if (!(b.perPersonHour > 0)) return 1;
  const need = (rate: number, staff: number) => Math.max(0, Math.ceil(rate / b.perPersonHour - staff - 1e-9));
  const periodRate = (b.arrivalsPerHour * (b.toSec - b.fromSec) / 3600 + b.queueAtStart) / Math.max(1e-9, (b.toSec - b.fromSec) / 3600);
  if (!series || !shift || series.startSec.length === 0) return need(periodRate, b.staff);
  const h0 = series.startSec[0];
  const idx = (sec: number) => Math.round((sec - h0) / 3600);
  const s = Math.max(0, idx(shift.startSec));
  const from = Math.max(s, idx(b.fromSec));
  const end = Math.min(series.arrivals.length, Math.max(idx(shift.endSec), idx(b.toSec)));
  if (end <= from) return need(periodRate, b.staff);
  // Arrivals from hour t to the end, summed backwards.
  let after = 0;
  for (let t = end - 1; t > from; t--) after += series.arrivals[t] ?? 0;
  let rate = 0;
  for (let t = from; t >= s; t--) {
    after += series.arrivals[t] ?? 0;
    const carried = t === s && s > 0 ? (series.queue[s - 1] ?? 0) : 0;
    rate = Math.max(rate, (after + carried) / (end - t));
  }
  // The people on duty over the shift's hours (breaks and absences included), as the rate is over them.
  let staff = 0;
  for (let t = s; t < end; t++) staff += series.staff[t] ?? 0;
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
 * How often the periods' station was the bottleneck: "in 14 of 20 runs" (a range over
 * several periods: "in 12-20 of 20 runs"), "20 次运行中 14 次"; empty for one replication
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
  return lang === "en" ? `in ${k} of ${fmtInt(n)} runs` : `${fmtInt(n)} 次运行中 ${k} 次`;
}

/** The sentence for one bottleneck period (a staffed station that cannot keep up). */
export function bottleneckSentence(scenario: Scenario, b: Bottleneck, lang: Lang, hourly?: HourlySummary): string {
  const st = scenario.stations.find((s) => s.id === b.station);
  const kind = st?.kind;
  const name = b.name[lang];
  const when = formatPeriod(scenario, b.fromSec, b.toSec, lang);
  const shift = shiftCovering(scenario, b.fromSec, b.toSec);
  const shiftText = shift ? shiftLabel(shift.id, lang) : undefined;
  const series = hourly?.stations[b.station];
  const extra = extraStaff(b, series && hourly ? { startSec: hourly.startSec, queue: series.queue, arrivals: series.arrivals, staff: series.staff } : undefined, shift);
  const who = peopleOf(kind, b.name, lang, extra);
  const maxStaff = st?.maxStaff ?? Infinity;
  const fits = Math.ceil(b.staff) + extra <= maxStaff;
  // Print: one operator works `perOperator` printers, so people beyond count / perOperator
  // find no free printer: the hint then names the printers the extra people need too.
  // The base is the shift's roster when known: the period's mean staff mixes shifts and breaks.
  const pr = st?.needs.includes("printers") ? scenario.printers : undefined;
  const rostered = shift ? (scenario.staff.roster?.[b.station]?.[shift.id] ?? 0) + (scenario.staff.temps[b.station]?.[shift.id] ?? 0) : 0;
  const printersNeeded = pr ? Math.max(0, (Math.max(Math.ceil(b.staff), rostered) + extra) * pr.perOperator - pr.count) : 0;
  // A later station of the route that finishes fewer orders per hour on that shift: more people
  // here would only move the queue on to it, and the line would ship no more.
  const slower = extra > 0 && shift ? slowerLater(scenario, b.station, shift.id) : undefined;
  const flex = b.idlest;
  const flexName = flex ? (scenario.stations.find((s) => s.id === flex.station)?.name?.[lang] ?? flex.station) : undefined;
  const flexWho = flex ? peopleOf(kindOf(scenario, flex.station), { en: flexName!, zh: flexName! }, lang) : undefined;

  const often = howOften([b], lang);
  if (lang === "en") {
    const head = `${name} is the bottleneck ${when}${often ? ` ${often}` : ""} (utilisation ${fmtPct(b.utilization)}, queue up to ${fmtInt(b.maxQueue)})`;
    let act: string;
    if (extra === 0) act = `the ${shiftText ?? "shift"} works the queue off before it ends; an earlier start (an early or night shift) would ship sooner`;
    else if (slower) {
      const other = stationLabel(scenario.stations.find((x) => x.id === slower.later.station)!, "en");
      const help = slower.later.helpedBy ? ` with ${stationLabel(scenario.stations.find((x) => x.id === slower.later.helpedBy)!, "en")}'s help` : "";
      act = `but ${other} is slower on the ${shiftText} (${fmtInt(slower.later.ordersPerHour)} orders an hour${help}, ${name} ${fmtInt(slower.mine.ordersPerHour)}): more people at ${name} would only move the queue on to ${other}, so relieve ${other} first`;
      return `${head}, ${act}.`;
    } else if (fits && printersNeeded > 0) act = `add ${extra} ${who}${shiftText ? ` to the ${shiftText}` : ""} and ${printersNeeded} printer${printersNeeded > 1 ? "s" : ""} (all ${pr!.count} printers are in use at ${pr!.perOperator} per operator: more people alone would not print more)`;
    else if (fits) act = `add ${extra} ${who}${shiftText ? ` to the ${shiftText}` : ""}`;
    else act = `only ${maxStaff} people fit at ${name}: add an earlier or later shift there instead of more people at once`;
    if (flex && extra > 0) act += ` or move ${flexWho} over (flex; ${flexName} is ${fmtPct(flex.utilization)} busy)`;
    return `${head}: ${act}.`;
  }
  const head = `${when} ${name}是瓶颈（${often ? `${often}；` : ""}利用率 ${fmtPct(b.utilization)}，队列最多 ${fmtInt(b.maxQueue)} 单）`;
  let act: string;
  if (extra === 0) act = `${shiftText ?? "本班次"}结束前可清完积压；提早开工（早班或夜班）可更快发货`;
  else if (slower) {
    const other = stationLabel(scenario.stations.find((x) => x.id === slower.later.station)!, "zh");
    const help = slower.later.helpedBy ? `，含${stationLabel(scenario.stations.find((x) => x.id === slower.later.helpedBy)!, "zh")}支援` : "";
    return `${head}，但${shiftText}${other}更慢（每小时 ${fmtInt(slower.later.ordersPerHour)} 单${help}；${name} ${fmtInt(slower.mine.ordersPerHour)} 单）：在${name}加人只会把队列转到${other}，应先缓解${other}。`;
  } else if (fits && printersNeeded > 0) act = `${shiftText ?? ""}增加 ${extra} 名${who}，并增加 ${printersNeeded} 台打印机（${pr!.count} 台打印机已全部在用，每人操作 ${pr!.perOperator} 台：只加人不会多打单）`;
  else if (fits) act = `${shiftText ? `${shiftText}` : ""}增加 ${extra} 名${who}`;
  else act = `${name}最多容纳 ${maxStaff} 人：请增加早班或晚班，而不是同时加人`;
  if (flex && extra > 0) act += `，或从${flexName}调人支援（灵活调配；${flexName}利用率 ${fmtPct(flex.utilization)}）`;
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
    const act = shift ? `put ${who} on the ${shiftLabel(shift.id, "en")} at ${name}` : "add a night shift or extend the shifts";
    return `Nobody is on duty at ${name} ${when}${also} while orders wait (queue up to ${fmtInt(maxQ)}${often ? `; ${often}` : ""}): ${act}.`;
  }
  const also = more > 0 ? `等 ${more + 1} 个时段` : "";
  const act = shift ? `在${shiftLabel(shift.id, "zh")}安排${who}` : "增加夜班或延长班次";
  return `${when}${also} ${name}无人在岗而订单在等待（队列最多 ${fmtInt(maxQ)} 单${often ? `；${often}` : ""}）：${act}。`;
}

function argmaxKey<T>(rec: Record<string, T>, score: (v: T) => number): string | undefined {
  let best: string | undefined;
  let bestV = 0;
  for (const [k, v] of Object.entries(rec)) {
    const s = score(v);
    if (s > bestV) {
      best = k;
      bestV = s;
    }
  }
  return best;
}

/** The risk sentence of each deadline rule with late orders in some replication. */
export function deadlineSentences(scenario: Scenario, core: Core): Advice[] {
  const out: Advice[] = [];
  const worst = core.bottlenecks.filter((b) => !b.unstaffed).sort((a, b) => b.maxQueue - a.maxQueue)[0];
  for (const d of core.deadlines) {
    if (d.pAnyLate.k === 0) continue;
    const cohort = argmaxKey(d.byCohort, (c) => c.late.mean);
    const courier = argmaxKey(d.byCourier, (c) => c.late.mean);
    const courierName = courier ? (core.couriers.find((c) => c.id === courier)?.name ?? courier) : undefined;
    out.push(
      both("deadline", (lang) => {
        const label = d.label[lang] || d.id;
        const p = fmtPct(d.pAnyLate.p);
        const ci = `${fmtPct(d.pAnyLate.low)}-${fmtPct(d.pAnyLate.high)}`;
        const fixed = d.deadlineSec !== undefined ? formatWhen(scenario, d.deadlineSec, lang, true) : undefined;
        if (lang === "en") {
          let s = `${label}: P(any order late) ${p} (95% CI ${ci}), ${fmtNum(d.late.mean, 1)} late orders on average, 1 run in 10 has ${fmtInt(d.lateP90)} or more`;
          const parts: string[] = [];
          if (cohort) parts.push(`orders paid ${formatDayKey(cohort, "en")}`);
          if (courierName) parts.push(`courier ${courierName}`);
          if (parts.length) s += `; most at risk: ${parts.join(", ")}`;
          if (d.milestone === "collected") s += `. Agree extra pickups with the couriers${fixed ? ` before ${fixed}` : ""}`;
          else if (worst) s += `. Relieve ${worst.name.en} first (its queue is the longest)`;
          return s + ".";
        }
        let s = `${label}：出现超时的概率 ${p}（95% 置信区间 ${ci}），平均 ${fmtNum(d.late.mean, 1)} 单超时，十次中有一次达到 ${fmtInt(d.lateP90)} 单以上`;
        const parts: string[] = [];
        if (cohort) parts.push(`${formatDayKey(cohort, "zh")}付款的订单`);
        if (courierName) parts.push(`快递 ${courierName}`);
        if (parts.length) s += `；风险最高：${parts.join("、")}`;
        if (d.milestone === "collected") s += `。请与快递商约定${fixed ? `在${fixed}前` : ""}加派揽收`;
        else if (worst) s += `。优先缓解${worst.name.zh}（其队列最长）`;
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
          ? `${c.name} left parcels behind at ${fmtNum(c.pickupsCapped.mean, 1)} pickups per run (in ${fmtPct(c.pCapped.p)} of runs): agree an extra pickup or a higher cap, or move share to a courier with room.`
          : `${c.name} 平均每次运行有 ${fmtNum(c.pickupsCapped.mean, 1)} 次揽收因上限留下包裹（${fmtPct(c.pCapped.p)} 的运行出现）：与快递商约定加派揽收或提高上限，或把份额分给有余量的快递。`,
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
  const worst = core.bottlenecks.filter((b) => !b.unstaffed && b.maxQueue >= 1).sort((a, b) => b.maxQueue - a.maxQueue)[0];
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
    const sh = shiftLabel(shift.id, lang);
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
  for (const b of core.bottlenecks) {
    if (!b.unstaffed) continue;
    const list = unstaffed.get(b.station) ?? [];
    list.push(b);
    unstaffed.set(b.station, list);
  }
  // A period whose queue never reached one order (a mean over replications) needs no advice.
  const staffed = core.bottlenecks
    .filter((b) => !b.unstaffed && b.maxQueue >= 1)
    .map((b, i) => ({ b, i }))
    .sort((x, y) => y.b.maxQueue - x.b.maxQueue || x.i - y.i)
    .slice(0, MAX_BOTTLENECK_SENTENCES)
    .sort((x, y) => x.i - y.i);
  for (const { b } of staffed) out.push(both("bottleneck", (lang) => bottleneckSentence(scenario, b, lang, core.hourly)));
  const balance = balanceSentence(scenario, core);
  if (balance) out.push(balance);
  for (const list of unstaffed.values()) out.push(both("unstaffed", (lang) => unstaffedSentence(scenario, list, lang)));
  out.push(...deadlineSentences(scenario, core));
  out.push(...courierSentences(core));
  const blocked = core.figures["mechanisms.dockBlockedHours"];
  if (blocked && blocked.max > 0) {
    const cap = scenario.dock.capacity;
    out.push(
      both("dock", (lang) =>
        lang === "en"
          ? `Packing stopped for ${fmtNum(blocked.mean, 1)} h per run on average because the dock was full (${fmtInt(cap)} parcels): agree more or earlier courier pickups, or make room for more parcels.`
          : `待揽收区已满（${fmtInt(cap)} 个包裹），平均每次运行打包停工 ${fmtNum(blocked.mean, 1)} 小时：与快递商约定更多或更早的揽收，或扩大待揽收区。`,
      ),
    );
  }
  const h12 = core.figures["shippedWithin.h12"];
  const h24 = core.figures["shippedWithin.h24"];
  // Only when the share is low even if every undetermined order (run cut by its horizon) shipped in time.
  const und12 = core.figures["shippedWithin.undeterminedH12"]?.mean ?? 0;
  if (h12 && h24 && h12.mean + und12 < SHIP12_FLAG) {
    const first = core.bottlenecks.find((b) => !b.unstaffed);
    out.push(
      both("ship12h", (lang) =>
        lang === "en"
          ? `Only ${fmtPct(h12.mean)} of peak-day orders ship within 12 h of payment (${fmtPct(h24.mean)} within 24 h); the guides' rule is to ship as many as you can in the first 12 hours${first ? `: staff ${first.name.en} from the first hours of the day` : ""}.`
          : `大促当天订单仅 ${fmtPct(h12.mean)} 在付款后 12 小时内发货（24 小时内 ${fmtPct(h24.mean)}）；前 12 小时要尽量多发${first ? `：${first.name.zh}从当天最早的时段起就要有足够人手` : ""}。`,
      ),
    );
  }
  const returns = returnsSentence(scenario, core);
  if (returns) out.push(returns);
  return out;
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
        ? `Returns: ${name.en} handles the last one around ${when(last.mean, "en")} on average (the latest run: ${when(last.max, "en")}${some ? `; ${core.replications - last.n} of ${core.replications} runs reached the horizon first` : ""})${early !== null ? `, 95% of them by ${when(early, "en")}` : ""}${wait ? `; a return waits ${fmtNum(wait.mean, 1)} h on average before handling` : ""}. Keep that team's after-sales hours until then${early !== null ? " (a smaller team can take the last few)" : ""}${tail && tail.n > 0 ? `; once the orders are all collected its shifts cost ${fmtMoney(tail.mean)}` : ""}.`
        : `退货：${name.zh}平均在${when(last.mean, "zh")}左右处理完最后一件（最晚一次运行：${when(last.max, "zh")}${some ? `；${core.replications} 次运行中有 ${core.replications - last.n} 次先到仿真结束` : ""}）${early !== null ? `，95% 在${when(early, "zh")}前处理完` : ""}${wait ? `；退货开始处理前平均等待 ${fmtNum(wait.mean, 1)} 小时` : ""}。该组的售后人手需保留到那时${early !== null ? "（最后零星几件可由少量人手处理）" : ""}${tail && tail.n > 0 ? `；订单全部揽收后，该组班次成本 ${fmtMoney(tail.mean)}` : ""}。`,
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
