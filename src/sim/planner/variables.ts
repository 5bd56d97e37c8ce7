/**
 * Decision variables: reading them from a scenario, writing a plan back
 * (`applyPlan`), what a plan costs, and which constraints a plan or a move breaks.
 *
 * The planned cost is deterministic so that the search, the budget and the report
 * agree: every rostered person is paid for the whole shift (overtime weighted,
 * breaks paid, as the model pays them) on every day the shift runs within the
 * costing period, and printers (in use + the scenario's spares) are paid per day.
 * The costing period is the demand days (the peak day and the days after, where
 * orders arrive). The model's own charge over the simulated run (absentees unpaid,
 * shifts until the backlog clears) is reported next to it as `simulatedCost`.
 */
import type { Scenario } from "../model/schema.js";
import { paidHours, shiftDays } from "../model/staff.js";
import { shiftLabel, stationLabel } from "../report/i18n.js";
import type { MessageStyle } from "./options.js";
import type { ConstraintId, Move, PlanConstraintsResolved, PlanCost, PlanVariables, WorkerType } from "./types.js";

const CLOCK = /^(\d{1,2}):(\d{2})$/;
/** Minutes after midnight of "HH:MM". */
export function clockMinutes(c: string): number {
  const m = CLOCK.exec(c);
  if (!m) throw new RangeError(`"${c}" is not a clock time HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Length of a shift in hours; an end at or before the start is the next day (night shift). */
export function shiftHours(sh: { start: string; end: string }): number {
  const a = clockMinutes(sh.start);
  let b = clockMinutes(sh.end);
  if (b <= a) b += 1440;
  return (b - a) / 60;
}

/** Demand days: the peak day and the days after (where orders arrive). */
export function demandDays(s: Scenario): number {
  return 1 + s.demand.daysAfter.length;
}

/** Occurrences of a shift that begin before `days` (a night shift's first night too: see `shiftDays`). */
export function shiftDaysIn(s: Scenario, sh: Scenario["staff"]["shifts"][number], days: number): number {
  return shiftDays(s, sh, days).length;
}

/** A plan with every station x shift present (0 where the scenario has nobody). */
export function planOf(s: Scenario): PlanVariables {
  const roster: PlanVariables["roster"] = {};
  const temps: PlanVariables["temps"] = {};
  for (const st of s.stations) {
    roster[st.id] = {};
    temps[st.id] = {};
    for (const sh of s.staff.shifts) {
      roster[st.id][sh.id] = s.staff.roster?.[st.id]?.[sh.id] ?? 0;
      temps[st.id][sh.id] = s.staff.temps[st.id]?.[sh.id] ?? 0;
    }
  }
  return { roster, temps, printers: s.printers.count };
}

export function clonePlan(p: PlanVariables): PlanVariables {
  const copy = (t: Record<string, Record<string, number>>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, { ...v }]));
  return { roster: copy(p.roster), temps: copy(p.temps), printers: p.printers };
}

export function getCount(p: PlanVariables, station: string, shift: string, type: WorkerType): number {
  return (type === "permanent" ? p.roster : p.temps)[station]?.[shift] ?? 0;
}

export function setCount(p: PlanVariables, station: string, shift: string, type: WorkerType, n: number): void {
  const table = type === "permanent" ? p.roster : p.temps;
  (table[station] ??= {})[shift] = n;
}

/** People of a station on a shift under the plan (permanent and temps). */
export function crewOf(p: PlanVariables, station: string, shift: string): number {
  return getCount(p, station, shift, "permanent") + getCount(p, station, shift, "temp");
}

/** The crew rule's minimum: a station staffed on a shift has at least this many there (1: no rule). */
export function minCrewOf(c: Pick<PlanConstraintsResolved, "minCrew">): number {
  return Math.max(1, c.minCrew ?? 1);
}

/** The first station x shift staffed below the crew rule (0 < people < minCrew), or undefined. */
export function shortCrew(s: Scenario, c: Pick<PlanConstraintsResolved, "minCrew">, p: PlanVariables): { station: string; shift: string; crew: number } | undefined {
  const min = minCrewOf(c);
  if (min <= 1) return undefined;
  for (const st of s.stations) {
    for (const sh of s.staff.shifts) {
      const crew = crewOf(p, st.id, sh.id);
      if (crew > 0 && crew < min) return { station: st.id, shift: sh.id, crew };
    }
  }
  return undefined;
}

/**
 * The plan with every station staffed below the crew rule on a shift made up to a crew:
 * permanent people while the permanent limit allows and the count is not fixed, else
 * temps (when allowed and not fixed). Upper limits are not checked here.
 */
export function fillCrews(s: Scenario, c: Pick<PlanConstraintsResolved, "minCrew" | "fixed" | "allowTemps" | "maxPermanent">, p: PlanVariables): PlanVariables {
  const min = minCrewOf(c);
  if (!shortCrew(s, c, p)) return p;
  const q = clonePlan(p);
  let permanent = planCost(s, q).permanent;
  for (const st of s.stations) {
    for (const sh of s.staff.shifts) {
      for (let crew = crewOf(q, st.id, sh.id); crew > 0 && crew < min; crew++) {
        const permOk = !(varKey(st.id, sh.id, "permanent") in c.fixed) && (c.maxPermanent === undefined || permanent < c.maxPermanent);
        const tempOk = c.allowTemps && !(varKey(st.id, sh.id, "temp") in c.fixed);
        const type: WorkerType | undefined = permOk ? "permanent" : tempOk ? "temp" : undefined;
        if (!type) break;
        setCount(q, st.id, sh.id, type, getCount(q, st.id, sh.id, type) + 1);
        if (type === "permanent") permanent++;
      }
    }
  }
  return q;
}

/**
 * One person more (dir 1) or fewer (dir -1) of `type` at a station on a shift, sized by
 * the crew rule: where nobody is, a whole crew (minCrew people); from a crew of
 * minCrew all of `type`, all of them (the station closes on that shift). One fewer from
 * a mixed crew of minCrew stays -1, which `moveBlockedBy` blocks as "minCrew".
 */
export function staffMove(c: Pick<PlanConstraintsResolved, "minCrew">, p: PlanVariables, station: string, shift: string, type: WorkerType, dir: 1 | -1): Move & { kind: "staff" } {
  const min = minCrewOf(c);
  const crew = crewOf(p, station, shift);
  if (dir > 0) return crew === 0 && min > 1 ? { kind: "staff", station, shift, type, delta: min, crew: true } : { kind: "staff", station, shift, type, delta: 1 };
  const own = getCount(p, station, shift, type);
  const closes = crew - 1 > 0 && crew - 1 < min && own === crew;
  return closes ? { kind: "staff", station, shift, type, delta: -own, crew: true } : { kind: "staff", station, shift, type, delta: -1 };
}

/** A new plan with the move applied (no constraint check). */
export function applyMove(p: PlanVariables, m: Move): PlanVariables {
  const q = clonePlan(p);
  if (m.kind === "printers") q.printers = Math.max(0, q.printers + m.delta);
  else {
    setCount(q, m.station, m.shift, m.type, Math.max(0, getCount(q, m.station, m.shift, m.type) + m.delta));
    if (m.printers) q.printers = Math.max(0, q.printers + m.printers);
  }
  return q;
}

/** A stable text key of a plan (cache key for its evaluations). */
export function planKey(p: PlanVariables): string {
  const part = (t: Record<string, Record<string, number>>) =>
    Object.keys(t)
      .sort()
      .map((st) =>
        Object.keys(t[st])
          .sort()
          .filter((sh) => t[st][sh] > 0)
          .map((sh) => `${st}.${sh}=${t[st][sh]}`)
          .join(","),
      )
      .filter((x) => x)
      .join(",");
  return `P[${part(p.roster)}]T[${part(p.temps)}]pr=${p.printers}`;
}

/**
 * The scenario with its roster, temps and printer count replaced by the plan's
 * (stations and shifts the scenario does not have are ignored). Everything else,
 * seed included, is kept, so the result runs as the plan was evaluated.
 */
export function applyPlan(s: Scenario, p: PlanVariables): Scenario {
  const roster: Record<string, Record<string, number>> = {};
  const temps: Record<string, Record<string, number>> = {};
  for (const st of s.stations) {
    for (const sh of s.staff.shifts) {
      const perm = p.roster[st.id]?.[sh.id] ?? 0;
      const temp = p.temps[st.id]?.[sh.id] ?? 0;
      (roster[st.id] ??= {})[sh.id] = clampInt(perm);
      if (temp > 0) (temps[st.id] ??= {})[sh.id] = clampInt(temp);
    }
  }
  return { ...s, staff: { ...s.staff, roster, temps }, printers: { ...s.printers, count: clampInt(p.printers) } };
}

/** The schema's range for headcounts and printers: whole numbers 0..1000. */
function clampInt(x: number): number {
  return Math.max(0, Math.min(1000, Math.round(x)));
}

/** Cost of one person of `type` on shift `shiftId` over the period (currency). */
export function personCost(s: Scenario, shiftId: string, type: WorkerType, days = demandDays(s)): number {
  const sh = s.staff.shifts.find((x) => x.id === shiftId);
  if (!sh) return 0;
  const rate = type === "permanent" ? s.staff.cost.permanentPerHour : s.staff.cost.tempPerHour;
  return rate * paidHours(s, shiftHours(sh)) * shiftDaysIn(s, sh, days);
}

export function printerCost(s: Scenario, days = demandDays(s)): number {
  return s.printers.costPerDay * days;
}

/** The planned cost of a plan (see the file comment). */
export function planCost(s: Scenario, p: PlanVariables, days = demandDays(s)): PlanCost {
  let labour = 0;
  let permanent = 0;
  let temps = 0;
  for (const st of s.stations) {
    for (const sh of s.staff.shifts) {
      const a = p.roster[st.id]?.[sh.id] ?? 0;
      const b = p.temps[st.id]?.[sh.id] ?? 0;
      permanent += a;
      temps += b;
      labour += a * personCost(s, sh.id, "permanent", days) + b * personCost(s, sh.id, "temp", days);
    }
  }
  const printers = (p.printers + s.printers.spares) * printerCost(s, days);
  return { labour, printers, total: labour + printers, days, headcount: permanent + temps, permanent, temps };
}

/** Cost change of a move (currency over the costing period). */
export function moveCost(s: Scenario, m: Move, days = demandDays(s)): number {
  if (m.kind === "printers") return m.delta * printerCost(s, days);
  return m.delta * personCost(s, m.shift, m.type, days) + (m.printers ?? 0) * printerCost(s, days);
}

/**
 * For each shift, the shifts on duty at the same time at some minute of the day
 * (itself included). `maxStaff` bounds the people of a station on duty at once, so
 * overlapping shifts share it. Days lists are ignored (conservative).
 */
export function overlappingShifts(s: Scenario): Record<string, string[]> {
  const cover = s.staff.shifts.map((sh) => {
    const on = new Uint8Array(1440);
    const a = clockMinutes(sh.start);
    const len = Math.round(shiftHours(sh) * 60);
    for (let k = 0; k < len; k++) on[(a + k) % 1440] = 1;
    return on;
  });
  const out: Record<string, string[]> = {};
  s.staff.shifts.forEach((sh, i) => {
    out[sh.id] = s.staff.shifts.filter((_, j) => cover[i].some((v, m) => v === 1 && cover[j][m] === 1)).map((x) => x.id);
  });
  return out;
}

/** People of a station on duty under the plan at each minute of a day (overlapping shifts added; days lists ignored). */
function dutyByMinute(s: Scenario, p: PlanVariables, station: string): Float64Array {
  const people = (sh: string) => (p.roster[station]?.[sh] ?? 0) + (p.temps[station]?.[sh] ?? 0);
  const load = new Float64Array(1440);
  for (const sh of s.staff.shifts) {
    const n = people(sh.id);
    if (n === 0) continue;
    const a = clockMinutes(sh.start);
    const len = Math.round(shiftHours(sh) * 60);
    for (let k = 0; k < len; k++) load[(a + k) % 1440] += n;
  }
  return load;
}

/** Most people of a station on duty at once under the plan (over the minutes of a day). */
export function peakOnDuty(s: Scenario, p: PlanVariables, station: string): number {
  let best = 0;
  for (const v of dutyByMinute(s, p, station)) if (v > best) best = v;
  return best;
}

/**
 * Print operators that `printers` printers give work to at once: ceil(printers /
 * perOperator). The model caps a print station's on-duty slots (people x perOperator)
 * at the printers in use (simulate.ts), so anyone beyond this has no printer: paid,
 * and adding nothing but cover for the others' breaks and absences. The scenario
 * warning about a roster uses the same count (staffingWarnings in staff.ts).
 */
export function usablePrintOperators(s: Scenario, printers: number): number {
  return Math.ceil(Math.max(0, printers) / Math.max(1, s.printers.perOperator));
}

/** The stations whose servers are printer slots. */
export function printStations(s: Scenario): string[] {
  return s.stations.filter((st) => st.needs.includes("printers")).map((st) => st.id);
}

/**
 * Print operators of `station` on duty with no printer at the worst minute of the day:
 * people on duty at once beyond `usablePrintOperators`. With `fixed` holding the
 * printers, the people the fixed variables put on duty at that minute are allowed
 * too (the user fixed both: the plan keeps them as given). 0 when everyone has a printer.
 */
export function idlePrintOperatorsAt(s: Scenario, p: PlanVariables, station: string, fixed: Record<string, number> = {}): { idle: number; minute: number } {
  const usable = usablePrintOperators(s, p.printers);
  const load = dutyByMinute(s, p, station);
  const allowed = "printers" in fixed ? dutyByMinute(s, enforceFixed({ roster: {}, temps: {}, printers: 0 }, fixed), station) : undefined;
  let idle = 0;
  let minute = -1;
  for (let m = 0; m < 1440; m++) {
    const x = load[m] - Math.max(usable, allowed?.[m] ?? 0);
    if (x > idle) {
      idle = x;
      minute = m;
    }
  }
  return { idle, minute };
}

/** Print operators without a printer at the worst station and minute (see idlePrintOperatorsAt); 0 when none. */
export function idlePrintOperators(s: Scenario, p: PlanVariables, fixed: Record<string, number> = {}): number {
  let worst = 0;
  for (const id of printStations(s)) worst = Math.max(worst, idlePrintOperatorsAt(s, p, id, fixed).idle);
  return worst;
}

/**
 * The plan with a printer for every print operator on duty at once: printers raised
 * to the print slots on duty at once (people x perOperator, at most 1000) unless the
 * printers are fixed; then the operators beyond them removed (temps first, and never
 * a fixed count). The search keeps this invariant: a plan that breaks it is blocked
 * by "printers" (see violated).
 */
export function fitPrintOperators(s: Scenario, c: Pick<PlanConstraintsResolved, "fixed">, p: PlanVariables): PlanVariables {
  const ids = printStations(s);
  if (ids.length === 0 || idlePrintOperators(s, p, c.fixed) === 0) return p;
  const q = clonePlan(p);
  if (!("printers" in c.fixed)) {
    let slots = 0;
    for (const id of ids) slots = Math.max(slots, peakOnDuty(s, q, id) * s.printers.perOperator);
    q.printers = Math.min(1000, Math.max(q.printers, slots));
    return q;
  }
  const shifts = s.staff.shifts.map((sh) => ({ id: sh.id, a: clockMinutes(sh.start), len: Math.round(shiftHours(sh) * 60) }));
  const covers = (x: (typeof shifts)[number], m: number) => (m - x.a + 1440) % 1440 < x.len;
  for (const id of ids) {
    for (let guard = 0; guard < 100_000; guard++) {
      const { idle, minute } = idlePrintOperatorsAt(s, q, id, c.fixed);
      if (idle <= 0) break;
      // One person fewer on a shift on duty at the worst minute: a temp first, the largest count first.
      let best: { sh: string; type: WorkerType; n: number } | undefined;
      for (const type of ["temp", "permanent"] as WorkerType[]) {
        for (const x of shifts) {
          if (!covers(x, minute) || varKey(id, x.id, type) in c.fixed) continue;
          const n = getCount(q, id, x.id, type);
          if (n > 0 && (!best || (best.type === type && n > best.n))) best = { sh: x.id, type, n };
        }
      }
      if (!best) break;
      setCount(q, id, best.sh, best.type, best.n - 1);
    }
  }
  return q;
}

/** Key of a fixed variable: "station.shift.permanent", "station.shift.temp" or "printers". */
export function varKey(station: string, shift: string, type: WorkerType): string {
  return `${station}.${shift}.${type}`;
}

/**
 * Fewest printers a plan may have: one when a station needs printers (the search
 * never removes the last one: nothing would print), else none.
 */
export function minPrinters(s: Scenario): number {
  return s.stations.some((st) => st.needs.includes("printers")) ? 1 : 0;
}

/** The other constraints a fixed variable must fit (besides the scenario's maxStaff and printers). */
export interface FixedLimits {
  /** false: no temps beyond the scenario's own (`--no-temps`, `allowTemps: false`). */
  allowTemps?: boolean;
  maxHeadcount?: number;
  maxPermanent?: number;
  /** The crew rule (`--min-crew`): a station staffed on a shift has at least this many there. */
  minCrew?: number;
  /** Wording: JSON field names for the API, flags for the CLI (see options.ts). */
  style?: MessageStyle;
}

export interface FixedIssue {
  path: string;
  message: string;
  zh: string;
}

/**
 * Resolves `--fix` specs against the scenario:
 *   "pick.day=3"        permanent pickers on shift day fixed at 3
 *   "pick.day.temps=2"  temps (also ".temp", ".permanent", ".perm")
 *   "pick.day"          fixed at the scenario's current value (permanent and temps)
 *   "pick"              every shift of pick, both types, at the current values
 *   "printers=4" / "printers"
 *
 * and refuses values no plan of the search could have, as the search's own
 * constraints (`violated`, `moveBlockedBy`) would judge them: a station's people on
 * duty at once (permanent and temps, overlapping shifts together) above its
 * `maxStaff`; fewer printers than `minPrinters` or more than 1000; temps beyond the
 * scenario's own where temps are not allowed; and more people fixed than
 * `maxHeadcount` / `maxPermanent` allow.
 */
export function resolveFixed(s: Scenario, specs: readonly string[], limits: FixedLimits = {}): { ok: true; fixed: Record<string, number> } | { ok: false; errors: FixedIssue[] } {
  const fixed: Record<string, number> = {};
  const errors: FixedIssue[] = [];
  const cli = limits.style === "cli";
  const cur = planOf(s);
  const stations = s.stations.map((x) => x.id);
  const shifts = s.staff.shifts.map((x) => x.id);
  /** The spec that last set each key (the one in force) and whether it gave the value. */
  const source: Record<string, { index: number; explicit: boolean }> = {};
  specs.forEach((spec, i) => {
    const path = `fixed[${i}]`;
    const m = /^\s*([a-z][a-z0-9_-]*)(?:\.([a-z][a-z0-9_-]*))?(?:\.(temps?|perm|permanent))?\s*(?:=\s*(\d+))?\s*$/i.exec(spec);
    const fail = (message: string, zh: string) => void errors.push({ path, message, zh });
    if (!m) {
      return fail(
        `expected "station.shift=N", "station.shift.temps=N", "station.shift", "station" or "printers=N", got ${JSON.stringify(spec)}`,
        `应写成 "station.shift=N"、"station.shift.temps=N"、"station.shift"、"station" 或 "printers=N"，实为 ${JSON.stringify(spec)}`,
      );
    }
    const [, a, shiftId, typeText, valueText] = m;
    const value = valueText !== undefined ? Number(valueText) : undefined;
    if (a === "printers" && shiftId === undefined && typeText === undefined) {
      fixed.printers = value ?? cur.printers;
      source.printers = { index: i, explicit: value !== undefined };
      return;
    }
    if (!stations.includes(a)) return fail(`unknown station "${a}"; stations are ${stations.join(", ")} (or "printers")`, `未知的工位 "${a}"；现有工位：${stations.join("、")}（或 "printers"）`);
    if (shiftId !== undefined && !shifts.includes(shiftId)) return fail(`unknown shift "${shiftId}"; shifts are ${shifts.join(", ")}`, `未知的班次 "${shiftId}"；现有班次：${shifts.join("、")}`);
    if (value !== undefined && shiftId === undefined) return fail(`give the shift to fix a count: "${a}.${shifts[0]}=${value}"`, `固定人数须写明班次："${a}.${shifts[0]}=${value}"`);
    const types: WorkerType[] = typeText === undefined ? (value !== undefined ? ["permanent"] : ["permanent", "temp"]) : /^temp/i.test(typeText) ? ["temp"] : ["permanent"];
    if (value !== undefined) {
      // One count at one station and shift: its own range first, so the message can name it.
      const max = s.stations.find((x) => x.id === a)!.maxStaff;
      if (value > max) {
        return fail(
          `${a} has room for ${max} people at once (its maxStaff), so a fixed count there must be from 0 to ${max}, got ${value}`,
          `${a} 最多同时容纳 ${max} 人（maxStaff），固定人数须在 0 到 ${max} 之间，实为 ${value}`,
        );
      }
      const own = getCount(cur, a, shiftId!, "temp");
      if (types[0] === "temp" && limits.allowTemps === false && value > own) {
        const flag = cli ? "--no-temps" : "allowTemps: false";
        return fail(
          `conflicts with ${flag}: it fixes ${value} temps at ${a} / ${shiftId}, where ${flag} allows no temps beyond the scenario's own (${own}); ${cli ? "drop --no-temps" : "set allowTemps to true"} or fix at most ${own} temps there`,
          `与 ${flag} 冲突：它在 ${a} / ${shiftId} 固定 ${value} 名临时工，而 ${flag} 不允许超出场景已有的临时工（${own} 名）；请${cli ? "去掉 --no-temps" : "把 allowTemps 设为 true"}，或在此最多固定 ${own} 名临时工`,
        );
      }
    }
    for (const sh of shiftId !== undefined ? [shiftId] : shifts) {
      for (const type of types) {
        fixed[varKey(a, sh, type)] = value ?? getCount(cur, a, sh, type);
        source[varKey(a, sh, type)] = { index: i, explicit: value !== undefined };
      }
    }
  });
  if (errors.length) return { ok: false, errors };

  const quoted = (i: number) => (cli ? `--fix ${JSON.stringify(specs[i])}` : JSON.stringify(specs[i]));
  // Printers: the search keeps one at least where a station prints, and the schema's 1000 at most.
  if (fixed.printers !== undefined) {
    const low = minPrinters(s);
    const n = fixed.printers;
    if (n < low || n > 1000) {
      const { index, explicit } = source.printers;
      const printing = s.stations.filter((st) => st.needs.includes("printers")).map((st) => st.id);
      const why = low > 0 ? ` (${printing.join(", ")} needs a printer, and the search keeps one at least)` : "";
      const whyZh = low > 0 ? `（${printing.join("、")} 需要打印机，规划至少保留一台）` : "";
      errors.push({
        path: `fixed[${index}]`,
        message: explicit ? `printers must be from ${low} to 1000${why}, got ${n}` : `keeps the scenario's ${n} printers, but printers must be from ${low} to 1000${why}`,
        zh: explicit ? `打印机数量须在 ${low} 到 1000 之间${whyZh}，实为 ${n}` : `场景现有 ${n} 台打印机，但打印机数量须在 ${low} 到 1000 之间${whyZh}`,
      });
    }
  }
  // Each station: the fixed people on duty at once (permanent and temps, overlapping shifts together) within maxStaff.
  const only = enforceFixed({ roster: {}, temps: {}, printers: 0 }, fixed);
  for (const st of s.stations) {
    const peak = peakOnDuty(s, only, st.id);
    if (peak <= st.maxStaff) continue;
    const used = [...new Set(Object.keys(source).filter((k) => k.startsWith(`${st.id}.`) && fixed[k] > 0).map((k) => source[k].index))].sort((x, y) => x - y);
    const last = used[used.length - 1];
    errors.push({
      path: `fixed[${last}]`,
      message: `the fixed counts at ${st.id} (${used.map(quoted).join(", ")}) put ${peak} people on duty at once (permanent and temps, overlapping shifts count together), more than its maxStaff of ${st.maxStaff}; together they must put from 0 to ${st.maxStaff} people on duty at once`,
      zh: `${st.id} 的固定人数（${used.map(quoted).join("，")}）使同时在岗人数达到 ${peak} 人（正式工与临时工、重叠班次合计），超过其 maxStaff ${st.maxStaff}；同时在岗合计须在 0 到 ${st.maxStaff} 人之间`,
    });
  }
  // The crew rule: fixed counts that leave a station staffed on a shift below minCrew, with
  // nothing free there to make up the crew (the other type fixed too, or no temps allowed).
  const min = minCrewOf(limits);
  if (min > 1) {
    for (const st of stations) {
      for (const sh of shifts) {
        const kp = varKey(st, sh, "permanent");
        const kt = varKey(st, sh, "temp");
        const low = (fixed[kp] ?? 0) + (fixed[kt] ?? 0);
        if (low === 0 || low >= min) continue;
        const permRoom = fixed[kp] ?? Infinity;
        const tempRoom = fixed[kt] ?? (limits.allowTemps === false ? getCount(cur, st, sh, "temp") : Infinity);
        if (permRoom + tempRoom >= min) continue;
        const index = Math.max(source[kp]?.index ?? -1, source[kt]?.index ?? -1);
        const flag = cli ? "--min-crew" : "minCrew";
        errors.push({
          path: `fixed[${index}]`,
          message: `leaves ${low} ${low === 1 ? "person" : "people"} at ${st} / ${sh} with no one free to join them, fewer than ${flag} (${min}): a station staffed on a shift needs a crew of at least ${min}; fix 0 or at least ${min} there, or lower ${flag}`,
          zh: `使 ${st} / ${sh} 只有 ${low} 人且无法再补人，少于 ${flag}（${min}）：有人上岗的工位每班至少 ${min} 人；请在此固定 0 人或至少 ${min} 人，或调低 ${flag}`,
        });
      }
    }
  }
  // The crew rule at a print station: the fixed printers must give work to a whole crew at once
  // (the search puts no more print operators on duty than the printers serve).
  // Not when the print people are fixed too: the plan then keeps both as given (see fitPrintOperators).
  const printIds = printStations(s);
  const printPeopleFixed = Object.keys(fixed).some((k) => printIds.some((id) => k.startsWith(`${id}.`)));
  if (min > 1 && fixed.printers !== undefined && printIds.length > 0 && !printPeopleFixed && usablePrintOperators(s, fixed.printers) < min) {
    const need = min * Math.max(1, s.printers.perOperator);
    const flag = cli ? "--min-crew" : "minCrew";
    const { index } = source.printers;
    errors.push({
      path: `fixed[${index}]`,
      message: `fixes ${fixed.printers} printer${fixed.printers === 1 ? "" : "s"}, work for ${usablePrintOperators(s, fixed.printers)} print operator${usablePrintOperators(s, fixed.printers) === 1 ? "" : "s"} at once (${s.printers.perOperator} per operator), fewer than a crew of ${flag} (${min}); fix at least ${need} printers or lower ${flag}`,
      zh: `固定 ${fixed.printers} 台打印机，只够 ${usablePrintOperators(s, fixed.printers)} 名打单员同时使用（每人 ${s.printers.perOperator} 台），少于 ${flag}（${min}）；请固定至少 ${need} 台打印机，或调低 ${flag}`,
    });
  }
  // Headcount limits: the fixed people alone must fit them.
  let permanent = 0;
  let temps = 0;
  for (const [k, v] of Object.entries(fixed)) {
    if (k === "printers") continue;
    if (k.endsWith(".temp")) temps += v;
    else permanent += v;
  }
  const cap = (field: "maxHeadcount" | "maxPermanent", flag: string, limit: number | undefined, n: number, who: string, whoZh: string) => {
    if (limit === undefined || n <= limit) return;
    errors.push({
      path: field,
      message: cli
        ? `must be at least the ${n} ${who} fixed by --fix (got ${limit}): raise ${flag} or fix fewer people`
        : `${field} (${limit}) is less than the ${n} ${who} the fixed variables hold: raise ${field} or fix fewer people`,
      zh: cli ? `须不少于 --fix 固定的 ${n} 名${whoZh}（实为 ${limit}）：请提高 ${flag} 或减少固定人数` : `${field}（${limit}）少于固定变量中的 ${n} 名${whoZh}：请提高 ${field} 或减少固定人数`,
    });
  };
  cap("maxHeadcount", "--max-headcount", limits.maxHeadcount, permanent + temps, "people", "人员");
  cap("maxPermanent", "--max-permanent", limits.maxPermanent, permanent, "permanent people", "正式工");
  return errors.length ? { ok: false, errors } : { ok: true, fixed };
}

/** Sets every fixed variable of the plan to its value. */
export function enforceFixed(p: PlanVariables, fixed: Record<string, number>): PlanVariables {
  const q = clonePlan(p);
  for (const [k, v] of Object.entries(fixed)) {
    if (k === "printers") q.printers = v;
    else {
      const [st, sh, type] = k.split(".");
      setCount(q, st, sh, type as WorkerType, v);
    }
  }
  return q;
}

/** The first constraint a plan breaks, or undefined when it satisfies them all. */
export function violated(s: Scenario, c: PlanConstraintsResolved, p: PlanVariables, cost = planCost(s, p)): ConstraintId | undefined {
  // A fixed variable at another value (the scenario's own staffing, when --fix gives a new one).
  for (const [k, v] of Object.entries(c.fixed)) {
    if (k === "printers" ? p.printers !== v : getCount(p, ...(k.split(".") as [string, string, WorkerType])) !== v) return "fixed";
  }
  for (const st of s.stations) if (peakOnDuty(s, p, st.id) > (c.maxStaff[st.id] ?? st.maxStaff)) return "maxStaff";
  if (shortCrew(s, c, p)) return "minCrew";
  // A print operator with no printer to work at (unless the user fixed both the printers and the people).
  if (idlePrintOperators(s, p, c.fixed) > 0) return "printers";
  if (c.maxHeadcount !== undefined && cost.headcount > c.maxHeadcount) return "maxHeadcount";
  if (c.maxPermanent !== undefined && cost.permanent > c.maxPermanent) return "maxPermanent";
  if (!c.allowTemps && cost.temps > 0) {
    // Temps already in the scenario and fixed are allowed; others are not.
    for (const st of s.stations) for (const sh of s.staff.shifts) if (getCount(p, st.id, sh.id, "temp") > (c.fixed[varKey(st.id, sh.id, "temp")] ?? 0)) return "noTemps";
  }
  if (c.budget !== undefined && cost.total > c.budget + 1e-9) return "budget";
  return undefined;
}

/** Why a move is not allowed from plan p (or undefined when it is). */
export function moveBlockedBy(s: Scenario, c: PlanConstraintsResolved, p: PlanVariables, m: Move): ConstraintId | undefined {
  if (m.kind === "printers") {
    if ("printers" in c.fixed) return "fixed";
    if (m.delta < 0 && p.printers <= 0) return "minimum";
    if (m.delta > 0 && p.printers >= 1000) return "maxStaff";
  } else {
    if (varKey(m.station, m.shift, m.type) in c.fixed) return "fixed";
    if (m.printers && "printers" in c.fixed) return "fixed";
    if (m.delta > 0 && m.type === "temp" && !c.allowTemps) return "noTemps";
    if (m.delta < 0 && getCount(p, m.station, m.shift, m.type) + m.delta < 0) return "minimum";
    const after = crewOf(p, m.station, m.shift) + m.delta;
    if (after > 0 && after < minCrewOf(c)) return "minCrew";
  }
  if (m.delta < 0) {
    // Removing never breaks an upper bound; the budget cannot get worse. But a printer
    // fewer must leave one for every print operator on duty.
    if (m.kind === "printers" && idlePrintOperators(s, applyMove(p, m), c.fixed) > 0) return "printers";
    return undefined;
  }
  return violated(s, c, applyMove(p, m));
}

/** "+1", "-1", "+2" (a whole crew)... */
export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

export function moveLabel(m: Move): string {
  const sign = signed(m.delta);
  if (m.kind === "printers") return `printers ${sign}`;
  return `${m.station} / ${m.shift} ${sign} ${m.type === "permanent" ? "permanent" : "temp"}${m.printers ? ` (+${m.printers} printer${m.printers > 1 ? "s" : ""})` : ""}${crewNote(m, "en")}`;
}

/** What a crew move does to the station on its shift, in words ("" for any other move). */
export function crewNote(m: Move, lang: "en" | "zh"): string {
  if (m.kind !== "staff" || !m.crew) return "";
  if (lang === "en") return m.delta > 0 ? " (a whole crew: the station opens on this shift)" : " (the whole crew: the station closes on this shift)";
  return m.delta > 0 ? "（整组：该工位此班开岗）" : "（整组：该工位此班撤岗）";
}

/** The move in Chinese; with the scenario, the station and shift by their names (打包 / 白班). */
export function moveLabelZh(m: Move, s?: Scenario): string {
  const sign = signed(m.delta);
  if (m.kind === "printers") return `打印机 ${sign}`;
  const st = s?.stations.find((x) => x.id === m.station);
  const station = st ? stationLabel(st, "zh") : m.station;
  const shift = s ? shiftLabel(m.shift, "zh") : m.shift;
  return `${station} / ${shift} ${sign} ${m.type === "permanent" ? "正式工" : "临时工"}${m.printers ? `（+${m.printers} 台打印机）` : ""}${crewNote(m, "zh")}`;
}
