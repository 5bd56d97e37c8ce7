/**
 * Calendar conversion at the model's edge. Inside the engine a time is seconds
 * from the scenario start (00:00 of the peak day in the scenario's time zone);
 * here manager-written times ("2026-11-11 09:00", "08:00") become such seconds
 * and back. Time zones are resolved with Intl (no DST assumption: a clock time
 * on day d is converted on that day).
 */
/** A clock time "HH:MM" (00:00 to 24:00). */
export const CLOCK_RE = /^([01]?\d|2[0-4]):([0-5]\d)$/;
/** Minutes after midnight of a valid clock time ("08:30" -> 510). */
export function clockMinutes(c: string): number {
  const m = CLOCK_RE.exec(c)!;
  return Number(m[1]) * 60 + Number(m[2]);
}
/** A date-time "YYYY-MM-DD HH:MM" (a space or a T between). */
export const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[ T]([01]?\d|2[0-4]):([0-5]\d)$/;

interface Zoned {
  timeZone: string;
  start: string;
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    fmtCache.set(tz, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a time zone. */
export function wallClock(epochMs: number, tz: string): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const parts = fmt(tz).formatToParts(new Date(epochMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { y: get("year"), m: get("month"), d: get("day"), h: get("hour") % 24, mi: get("minute"), s: get("second") };
}

/** Epoch ms of a wall-clock time in a time zone (hour 24 = next day's 00:00). */
export function zonedEpochMs(y: number, m: number, d: number, h: number, mi: number, tz: string): number {
  const naive = Date.UTC(y, m - 1, d, h, mi);
  // Offset at the guess, then once more at the corrected instant (handles DST edges).
  let t = naive;
  for (let k = 0; k < 2; k++) {
    const w = wallClock(t, tz);
    const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s);
    t = naive - (asUtc - t);
  }
  return t;
}

function parseDateTime(text: string): [number, number, number, number, number] | undefined {
  const m = DATETIME_RE.exec(text);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
}

// PERF: Intl conversions cost microseconds each and a run asks for hundreds
// (pickups and shifts of every day); results are memoised per zone and start.
const memo = new Map<string, number>();
function memoised(key: string, f: () => number): number {
  let v = memo.get(key);
  if (v === undefined) {
    if (memo.size > 100_000) memo.clear();
    v = f();
    memo.set(key, v);
  }
  return v;
}

/** Epoch ms of the scenario start. */
export function startEpochMs(s: Zoned): number {
  return memoised(`${s.timeZone}|${s.start}`, () => computeStart(s));
}

function computeStart(s: Zoned): number {
  const p = parseDateTime(s.start);
  if (!p) {
    const c = CLOCK_RE.exec(s.start);
    if (!c) throw new RangeError(`start "${s.start}" is not a date-time`);
    throw new RangeError(`start must be a full date-time "YYYY-MM-DD HH:MM", got "${s.start}"`);
  }
  return zonedEpochMs(p[0], p[1], p[2], p[3], p[4], s.timeZone);
}

/** Seconds of a clock time "HH:MM" on day `day` (0 = start day) from the scenario start. */
export function clockOnDay(s: Zoned, day: number, clock: string): number {
  return memoised(`${s.timeZone}|${s.start}|${day}|${clock}`, () => computeClockOnDay(s, day, clock));
}

function computeClockOnDay(s: Zoned, day: number, clock: string): number {
  const c = CLOCK_RE.exec(clock);
  if (!c) throw new RangeError(`"${clock}" is not a clock time HH:MM`);
  const st = parseDateTime(s.start)!;
  const base = new Date(Date.UTC(st[0], st[1] - 1, st[2] + day));
  const ms = zonedEpochMs(base.getUTCFullYear(), base.getUTCMonth() + 1, base.getUTCDate(), Number(c[1]), Number(c[2]), s.timeZone);
  return (ms - startEpochMs(s)) / 1000;
}

/** Seconds from the scenario start of a date-time text, or of a clock time on the start day. */
export function toSec(s: Zoned, text: string): number {
  return memoised(`${s.timeZone}|${s.start}|@${text}`, () => computeToSec(s, text));
}

function computeToSec(s: Zoned, text: string): number {
  const p = parseDateTime(text);
  if (p) return (zonedEpochMs(p[0], p[1], p[2], p[3], p[4], s.timeZone) - startEpochMs(s)) / 1000;
  return clockOnDay(s, 0, text);
}

/** "YYYY-MM-DD HH:MM" of a time in seconds from the start, in the scenario's zone. */
export function formatSec(s: Zoned, sec: number): string {
  const w = wallClock(startEpochMs(s) + sec * 1000, s.timeZone);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${w.y}-${p(w.m)}-${p(w.d)} ${p(w.h)}:${p(w.mi)}`;
}

/** "YYYY-MM-DD" (the calendar day in the scenario's zone) of day index `day` from the start. */
export function dayKey(s: Zoned, day: number): string {
  const st = parseDateTime(s.start)!;
  const d = new Date(Date.UTC(st[0], st[1] - 1, st[2] + day));
  return d.toISOString().slice(0, 10);
}
