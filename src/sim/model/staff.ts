/**
 * Staff: shifts x roster -> a step function of people on duty per station, with
 * breaks, absences and temporary workers' learning ramp; and what they cost.
 *
 * - A shift runs on each day in `days` (default: every day of the horizon); an
 *   end at or before the start means it ends the next day (night shift), and a
 *   night shift also covers the first night, from the evening before the start
 *   (see `shiftDays`). A shift that began before the start is paid in full.
 * - Each rostered person is absent for a whole shift with probability
 *   `absenceRate`, independently. Person k (from 0) of a station's permanent staff
 *   (or temps) on a shift has draws of their own, one per day, keyed by the team's
 *   stream "<station>.absence.<shift>.perm" ("...temp") (see `absentByDay`): one more packer on the day shift leaves the other packers'
 *   absences, the night shift's and every other station's as they were (common
 *   random numbers for the planner's one-more/one-fewer table and run comparisons).
 * - Everyone on a shift takes each break, `share` of the people (permanent and
 *   temporary alike) at a time: groups one after another, each off the line for
 *   the break's duration, cut at the shift's end (`breakGroups`); breaks are paid.
 * - Temps work at `initial` productivity on their first shift, `gainPerShift`
 *   more on each later occurrence of that shift, capped at `max` (ours).
 */
import type { Rng } from "../engine/random.js";
import type { Scenario } from "./schema.js";
import { clockMinutes, clockOnDay } from "./time.js";

export interface StaffStep {
  /** Time of the change, seconds. */
  t: number;
  perm: number;
  temp: number;
  /** Mean productivity of the temps on duty (1 when none). */
  tempSpeed: number;
}

export interface ShiftWork {
  station: string;
  shift: string;
  day: number;
  startSec: number;
  endSec: number;
  perm: number;
  temp: number;
  tempSpeed: number;
}

const clockMin = clockMinutes;

/**
 * The days (0 = start day) on which a shift's occurrences begin, within a horizon of
 * `days` days, in order: its `days` list, or every day. An overnight shift (its end
 * at or before its start) by default also runs the night that began the evening
 * before the start (day -1), so the first night is covered: on Double 11 that is
 * the presale release and the flash-sale wave at 00:00. A day -1 occurrence that
 * ends by the start is left out.
 */
export function shiftDays(s: Scenario, sh: { start: string; end: string; days?: number[] }, days: number): number[] {
  const overnight = clockMin(sh.end) <= clockMin(sh.start);
  const list = sh.days ?? Array.from({ length: days + (overnight ? 1 : 0) }, (_, i) => (overnight ? i - 1 : i));
  const firstNight = overnight && clockOnDay(s, 0, sh.end) > 0;
  return [...new Set(list)].filter((d) => d < days && (d >= 0 || (d === -1 && firstNight))).sort((a, b) => a - b);
}

/**
 * Absent people of a team of `n` on each day of `worked` (ascending, from -1), absent
 * with probability `p` each. Person k's draw for day d is a hash of (k, d) and a key
 * from the team's stream (`rng`, two draws): a person's absences depend on nobody
 * else's roster, and not on which days the shift works. PERF: one stream per person
 * (seedrandom's seeding, ~4 us each) cost 58 ms for the 3,440 people of the 1M bench;
 * the hash costs nothing. Nothing is drawn with `p` 0.
 */
function absentByDay(n: number, worked: readonly number[], p: number, rng: Rng): number[] {
  const absent = worked.map(() => 0);
  if (p <= 0 || worked.length === 0 || n === 0) return absent;
  const a = (rng() * 4294967296) >>> 0;
  const b = (rng() * 4294967296) >>> 0;
  for (let k = 0; k < n; k++) {
    const person = fmix32(a ^ Math.imul(k + 1, 0x9e3779b1));
    for (let j = 0; j < worked.length; j++) {
      const u = fmix32(person ^ b ^ Math.imul(worked[j] + 2, 0x7feb352d)) / 4294967296;
      if (u < p) absent[j]++;
    }
  }
  return absent;
}

/** MurmurHash3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Every (station, shift, day) worked, with the people present after absences.
 * `absenceRng` gives the stream of a source name ("<station>.absence.<shift>.<perm|temp>",
 * one per team, keying each person's draws: see `absentByDay`).
 */
export function shiftWork(s: Scenario, days: number, absenceRng: (source: string) => Rng): ShiftWork[] {
  const out: ShiftWork[] = [];
  const roster = s.staff.roster ?? {};
  const tp = s.staff.tempProductivity;
  const p = s.staff.absenceRate;
  for (const st of s.stations) {
    for (const sh of s.staff.shifts) {
      const perm = roster[st.id]?.[sh.id] ?? 0;
      const temp = s.staff.temps[st.id]?.[sh.id] ?? 0;
      if (perm + temp === 0) continue;
      const worked = shiftDays(s, sh, days);
      const permAbsent = absentByDay(perm, worked, p, absenceRng(`${st.id}.absence.${sh.id}.perm`));
      const tempAbsent = absentByDay(temp, worked, p, absenceRng(`${st.id}.absence.${sh.id}.temp`));
      worked.forEach((day, occurrence) => {
        const startSec = clockOnDay(s, day, sh.start);
        const endSec = clockOnDay(s, clockMin(sh.end) <= clockMin(sh.start) ? day + 1 : day, sh.end);
        out.push({
          station: st.id,
          shift: sh.id,
          day,
          startSec,
          endSec,
          perm: perm - permAbsent[occurrence],
          temp: temp - tempAbsent[occurrence],
          tempSpeed: Math.min(tp.max, tp.initial + tp.gainPerShift * occurrence),
        });
      });
    }
  }
  return out;
}

/**
 * A break is taken by everyone on the shift, `share` of them at a time: ceil(1 / share)
 * groups one after another, each for the break's duration (share 0.5: half the team
 * at 12:00, the other half at 13:00; share 1: all at once; share 0: no break).
 */
export function breakGroups(share: number): number {
  return share > 0 ? Math.ceil(1 / share - 1e-9) : 0;
}

/** People of a team of `n` in group `k` of a break (the groups add up to `n`; the first is round(share x n)). */
export function breakGroup(n: number, share: number, k: number): number {
  return Math.round(Math.min(1, (k + 1) * share) * n) - Math.round(Math.min(1, k * share) * n);
}

interface Piece {
  from: number;
  to: number;
  perm: number;
  temp: number;
  speed: number;
}

/** The step function of people on duty at one station (breaks subtracted). */
export function staffSteps(s: Scenario, work: ShiftWork[], station: string): StaffStep[] {
  const pieces: Piece[] = [];
  for (const w of work) {
    if (w.station !== station) continue;
    pieces.push({ from: w.startSec, to: w.endSec, perm: w.perm, temp: w.temp, speed: w.tempSpeed });
    const sh = s.staff.shifts.find((x) => x.id === w.shift)!;
    for (const br of sh.breaks) {
      // The break's clock time on the shift's day, or the next day for a night shift.
      let at = clockOnDay(s, w.day, br.at);
      if (at < w.startSec) at = clockOnDay(s, w.day + 1, br.at);
      // Everyone takes it, `share` of the people at a time, one group after another.
      for (let k = 0, n = breakGroups(br.share); k < n; k++) {
        const from = at + k * br.duration;
        if (from >= w.endSec) break;
        const to = Math.min(w.endSec, from + br.duration);
        pieces.push({ from, to, perm: -breakGroup(w.perm, br.share, k), temp: -breakGroup(w.temp, br.share, k), speed: w.tempSpeed });
      }
    }
  }
  const times = [...new Set(pieces.flatMap((p) => [p.from, p.to]))].sort((a, b) => a - b);
  // Sweep over the change times: `active` holds the indices of the pieces covering t,
  // in piece order, so the sums add the same terms in the same order as a scan of
  // every piece would. PERF: that scan was O(times x pieces), ~20 ms of a run's set-up
  // over a month's horizon (before the JIT had compiled it).
  const byFrom = pieces.map((_, k) => k).sort((a, b) => pieces[a].from - pieces[b].from || a - b);
  let next = 0;
  let active: number[] = [];
  const steps: StaffStep[] = [];
  for (const t of times) {
    active = active.filter((k) => t < pieces[k].to);
    while (next < byFrom.length && pieces[byFrom[next]].from <= t) {
      const k = byFrom[next++];
      if (t < pieces[k].to) {
        let at = active.length;
        while (at > 0 && active[at - 1] > k) at--;
        active.splice(at, 0, k);
      }
    }
    let perm = 0;
    let temp = 0;
    let speedSum = 0;
    for (const k of active) {
      const p = pieces[k];
      perm += p.perm;
      temp += p.temp;
      speedSum += p.temp * p.speed;
    }
    const step = { t, perm: Math.max(0, perm), temp: Math.max(0, temp), tempSpeed: temp > 0 ? speedSum / temp : 1 };
    const last = steps[steps.length - 1];
    if (last && last.perm === step.perm && last.temp === step.temp && last.tempSpeed === step.tempSpeed) continue;
    steps.push(step);
  }
  return steps;
}

/** Paid hours of one person for a shift of `hours`, overtime weighted. */
export function paidHours(s: Scenario, hours: number): number {
  const c = s.staff.cost;
  return Math.min(hours, c.overtimeAfterHours) + Math.max(0, hours - c.overtimeAfterHours) * c.overtimeFactor;
}

/** A staffing warning: the field, and what is wrong in English and Chinese. */
export interface StaffingWarning {
  path: string;
  en: string;
  zh: string;
}

const SHIFT_ZH: Record<string, string> = { day: "白班", night: "夜班", early: "早班", late: "晚班" };

/**
 * Staffing that the model accepts but that pays people who cannot work: more people
 * on a shift than the station has places (`maxStaff`; the model puts the rest off
 * the line), or more print operators than printers for them. One warning each,
 * naming the field; an empty list when the roster fits.
 */
export function staffingWarnings(s: Scenario): StaffingWarning[] {
  const out: StaffingWarning[] = [];
  s.stations.forEach((st, i) => {
    const stEn = st.name.en ?? st.id;
    const stZh = st.name.zh ?? st.name.en ?? st.id;
    for (const sh of s.staff.shifts) {
      // A 0-hour shift ("24:00" to "00:00") pays no one: scenarioWarnings says so for the shift itself.
      if (clockMin(sh.start) === 1440 && clockMin(sh.end) === 0) continue;
      const perm = s.staff.roster?.[st.id]?.[sh.id] ?? 0;
      const temps = s.staff.temps[st.id]?.[sh.id] ?? 0;
      const people = perm + temps;
      // The field to change: the temps when the permanent staff alone would fit.
      const pathFor = (limit: number) => (temps > 0 && perm <= limit ? `staff.temps.${st.id}.${sh.id}` : `staff.roster.${st.id}.${sh.id}`);
      const who = `${people} ${people === 1 ? "person" : "people"}${temps ? ` (${temps} ${temps === 1 ? "temp" : "temps"})` : ""}`;
      const whoZh = `${people} 人${temps ? `（其中临时工 ${temps} 人）` : ""}`;
      const shZh = SHIFT_ZH[sh.id] ?? `${sh.id} 班`;
      if (people > st.maxStaff) {
        out.push({
          path: pathFor(st.maxStaff),
          en: `${who} on the ${sh.id} shift but ${stEn} has places for ${st.maxStaff} (stations[${i}].maxStaff): ${people - st.maxStaff} would be paid and idle`,
          zh: `${shZh}排了 ${whoZh}，但${stZh}只有 ${st.maxStaff} 个工位（stations[${i}].maxStaff）：${people - st.maxStaff} 人领工资却无法上岗`,
        });
        continue;
      }
      const usable = Math.ceil(s.printers.count / s.printers.perOperator);
      if (st.needs.includes("printers") && people > usable) {
        out.push({
          path: pathFor(usable),
          en: `${who} on the ${sh.id} shift but ${s.printers.count} printers (${s.printers.perOperator} per operator) give work to ${usable} (printers.count): ${people - usable} would have no printer`,
          zh: `${shZh}排了 ${whoZh}，但 ${s.printers.count} 台打印机（每人 ${s.printers.perOperator} 台）只够 ${usable} 人用（printers.count）：${people - usable} 人没有打印机`,
        });
      }
    }
  });
  return out;
}
