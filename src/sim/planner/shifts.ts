/**
 * Shifts the planner may add (`tryShifts`): a launch crew at 00:00 for the presale
 * release, an early shift, a night shift. The scenario's own shifts are staffed as
 * they stand; a shift tried here joins them with nobody on it, and the search staffs
 * it like any other where its people do the most for their cost. A tried shift the
 * plan leaves empty is not part of the plan.
 *
 * Written as the scenario writes a shift ({id, start, end, days?, breaks?}) or as
 * text, "launch=00:00-08:00" (every day) or "launch=00:00-08:00@0" (the peak day
 * only; "@0,1": the peak day and the next). Text gives no breaks: a shift with a
 * meal break is written as an object.
 *
 * Tried shifts go after the scenario's own. Each person has absence draws of their
 * own (see staff.ts), so staffing a tried shift changes no one else's absences
 * (common random numbers between the plans with and without it).
 */
import type { Scenario } from "../model/schema.js";
import type { PlanResult, PlanVariables } from "./types.js";
import { applyPlan } from "./variables.js";

export type ShiftSpec = Scenario["staff"]["shifts"][number];

/** Most shifts one request may try (each adds a column of variables to the search). */
export const MAX_TRY_SHIFTS = 6;

const TEXT = /^\s*([A-Za-z0-9_-]+)\s*=\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*(?:@\s*(-?\d+(?:\s*,\s*-?\d+)*))?\s*$/;

/** "launch=00:00-08:00@0" as a shift object; undefined when the text has another shape. */
export function parseShiftText(text: string): { id: string; start: string; end: string; days?: number[] } | undefined {
  const m = TEXT.exec(text);
  if (!m) return undefined;
  const pad = (c: string) => (c.length === 4 ? `0${c}` : c);
  const out: { id: string; start: string; end: string; days?: number[] } = { id: m[1], start: pad(m[2]), end: pad(m[3]) };
  if (m[4] !== undefined) out.days = m[4].split(",").map((d) => Number(d.trim()));
  return out;
}

/** The scenario with the tried shifts appended after its own (nobody on them). */
export function withShifts(s: Scenario, tried: readonly ShiftSpec[]): Scenario {
  if (tried.length === 0) return s;
  return { ...s, staff: { ...s.staff, shifts: [...s.staff.shifts, ...tried] } };
}

/** People on a shift under the plan, every station, permanent and temps. */
export function peopleOnShift(p: PlanVariables, shift: string): number {
  let n = 0;
  for (const t of [p.roster, p.temps]) for (const st of Object.keys(t)) n += t[st][shift] ?? 0;
  return n;
}

/** The tried shifts the plan puts people on. */
export function usedShifts(p: PlanVariables, tried: readonly ShiftSpec[]): ShiftSpec[] {
  return tried.filter((sh) => peopleOnShift(p, sh.id) > 0);
}

/** A tried shift as the result reports it: the shift, and the people the plan puts on it (0: left out). */
export type TriedShift = ShiftSpec & { people: number };

/**
 * The scenario as the plan staffs it: the tried shifts the plan puts people on added
 * after the scenario's own, then the plan's roster, temps and printers (`applyPlan`).
 */
export function plannedScenario(s: Scenario, r: Pick<PlanResult, "plan" | "tryShifts">): Scenario {
  const have = new Set(s.staff.shifts.map((sh) => sh.id));
  const add = (r.tryShifts ?? []).filter((sh) => sh.people > 0 && !have.has(sh.id)).map(({ people: _people, ...sh }) => sh);
  return applyPlan(withShifts(s, add), r.plan);
}

/** "00:00-08:00", with the days when the shift does not run every day ("00:00-08:00, day 0"). */
export function shiftSpan(sh: Pick<ShiftSpec, "start" | "end" | "days">, lang: "en" | "zh"): string {
  const span = `${sh.start}-${sh.end}`;
  if (sh.days === undefined) return span;
  const only0 = sh.days.length === 1 && sh.days[0] === 0;
  if (lang === "zh") return only0 ? `${span}，仅大促当天` : `${span}，第 ${sh.days.join("、")} 天`;
  return only0 ? `${span}, the peak day only` : `${span}, day${sh.days.length > 1 ? "s" : ""} ${sh.days.join(", ")}`;
}

/**
 * Whether the shift works some time in hours [fromH, toH) of the peak day (day 0): a
 * shift beginning that day, or a night shift from the evening before (day -1) running
 * into it.
 */
export function worksBetween(sh: Pick<ShiftSpec, "start" | "end" | "days">, fromH: number, toH: number): boolean {
  const min = (c: string) => Number(c.slice(0, 2)) * 60 + Number(c.slice(3, 5));
  const a = min(sh.start);
  const b = min(sh.end);
  const on = (d: number) => sh.days === undefined || sh.days.includes(d);
  const overlaps = (x: number, y: number) => x < toH * 60 && y > fromH * 60;
  const overnight = b <= a;
  if (on(0) && overlaps(a, overnight ? 1440 : b)) return true;
  return overnight && on(-1) && b > 0 && overlaps(0, b);
}
