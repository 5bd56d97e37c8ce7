/**
 * staffSteps is a sweep over the change times; checked here against the direct
 * definition: at each change time, sum every shift and break covering it (in the
 * same order, so even the temps' mean speed matches to the bit).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenarioText } from "../../../src/sim/model/load.js";
import { makeRng, RandomStreams, replicationSeed } from "../../../src/sim/engine/random.js";
import { Scenario, type ScenarioInput } from "../../../src/sim/model/schema.js";
import { simulate } from "../../../src/sim/model/simulate.js";
import { shiftWork, staffingWarnings, staffSteps, type ShiftWork, type StaffStep } from "../../../src/sim/model/staff.js";
import { clockOnDay } from "../../../src/sim/model/time.js";

function direct(s: Scenario, work: ShiftWork[], station: string): StaffStep[] {
  const pieces: { from: number; to: number; perm: number; temp: number; speed: number }[] = [];
  for (const w of work.filter((x) => x.station === station)) {
    pieces.push({ from: w.startSec, to: w.endSec, perm: w.perm, temp: w.temp, speed: w.tempSpeed });
    for (const br of s.staff.shifts.find((x) => x.id === w.shift)!.breaks) {
      let at = clockOnDay(s, w.day, br.at);
      if (at < w.startSec) at = clockOnDay(s, w.day + 1, br.at);
      // Everyone, `share` at a time: the people gone after group k are round(min(1, (k + 1) share) n).
      let gonePerm = 0;
      let goneTemp = 0;
      for (let k = 0; br.share > 0 && gonePerm + goneTemp < w.perm + w.temp && at < w.endSec; k++, at += br.duration) {
        const frac = Math.min(1, (k + 1) * br.share);
        const perm = Math.round(frac * w.perm) - gonePerm;
        const temp = Math.round(frac * w.temp) - goneTemp;
        gonePerm += perm;
        goneTemp += temp;
        pieces.push({ from: at, to: Math.min(w.endSec, at + br.duration), perm: -perm, temp: -temp, speed: w.tempSpeed });
      }
    }
  }
  const out: StaffStep[] = [];
  for (const t of [...new Set(pieces.flatMap((p) => [p.from, p.to]))].sort((a, b) => a - b)) {
    const on = pieces.filter((p) => p.from <= t && t < p.to);
    const perm = on.reduce((a, p) => a + p.perm, 0);
    const temp = on.reduce((a, p) => a + p.temp, 0);
    const speed = on.reduce((a, p) => a + p.temp * p.speed, 0);
    const step = { t, perm: Math.max(0, perm), temp: Math.max(0, temp), tempSpeed: temp > 0 ? speed / temp : 1 };
    const last = out[out.length - 1];
    if (!(last && last.perm === step.perm && last.temp === step.temp && last.tempSpeed === step.tempSpeed)) out.push(step);
  }
  return out;
}

describe("staffSteps", () => {
  it("matches the direct sum over overlapping shifts, breaks, absences and temps' ramps", () => {
    const s = Scenario.parse({
      horizon: "6d",
      staff: {
        absenceRate: 0.2,
        shifts: [
          { id: "day", start: "08:00", end: "20:00", breaks: [{ at: "12:00", duration: "1h", share: 0.5 }, { at: "17:30", duration: "30min", share: 0.3 }] },
          { id: "night", start: "20:00", end: "08:00", breaks: [{ at: "00:00", duration: "1h", share: 0.5 }] },
          { id: "early", start: "06:00", end: "14:00", days: [0, 2, 3], breaks: [{ at: "10:00", duration: "20min", share: 1 }] },
          { id: "late", start: "14:00", end: "23:00" },
        ],
        roster: { pack: { day: 9, night: 5, early: 3, late: 4 }, pick: { day: 7, late: 2 } },
        temps: { pack: { day: 6, night: 2, early: 3 } },
        tempProductivity: { initial: 0.55, gainPerShift: 0.13, max: 0.95 },
      },
    });
    const streams = new Map<string, ReturnType<typeof makeRng>>();
    const work = shiftWork(s, 7, (id) => streams.get(id) ?? streams.set(id, makeRng(3, id)).get(id)!);
    for (const id of ["pack", "pick", "weigh"]) {
      const steps = staffSteps(s, work, id);
      expect(steps).toEqual(direct(s, work, id));
      if (id !== "weigh") expect(steps.length).toBeGreaterThan(20);
    }
  });
});

describe("breaks", () => {
  const hoursOnDuty = (share: number, n: number, duration = "1h") => {
    const s = Scenario.parse({ horizon: "1d", staff: { absenceRate: 0, shifts: [{ id: "day", start: "08:00", end: "20:00", breaks: [{ at: "12:00", duration, share }] }], roster: { pick: { day: n } } } });
    const steps = staffSteps(s, shiftWork(s, 1, (id) => makeRng(1, id)), "pick");
    let sum = 0;
    steps.forEach((x, k) => (sum += (x.perm * ((steps[k + 1]?.t ?? x.t) - x.t)) / 3600));
    return { sum, steps: steps.map((x) => [x.t / 3600, x.perm]) };
  };

  it("are taken by everyone, share of the team at a time, one group after another", () => {
    // Half at 12:00, the rest at 13:00: three pickers go 2 then 1.
    expect(hoursOnDuty(0.5, 3).steps).toEqual([
      [8, 3],
      [12, 1],
      [13, 2],
      [14, 3],
      [20, 0],
    ]);
    // Every person works the shift less the break, whatever the share (when the groups fit in the shift: 5 h from 12:00 to 20:00 at most).
    for (const share of [1, 0.5, 0.3, 0.25, 0.2]) for (const n of [1, 3, 7, 20]) expect(hoursOnDuty(share, n).sum, `share ${share}, ${n} people`).toBeCloseTo(n * 11, 9);
    // No break with share 0; groups that would start after the shift's end are not taken.
    expect(hoursOnDuty(0, 5).sum).toBe(60);
    expect(hoursOnDuty(0.25, 4, "3h").sum).toBe(4 * 12 - 3 - 3 - 2); // one person each at 12, 15, 18 (cut at 20) and 21 (none)
  });
});

describe("night shifts", () => {
  const night = (days?: number[]) =>
    Scenario.parse({
      horizon: "3d",
      staff: {
        absenceRate: 0,
        shifts: [
          { id: "day", start: "08:00", end: "20:00" },
          { id: "night", start: "20:00", end: "08:00", ...(days ? { days } : {}), breaks: [{ at: "22:00", duration: "1h", share: 1 }] },
        ],
        roster: { pack: { day: 6, night: 4 } },
      },
    });
  const steps = (s: Scenario) => staffSteps(s, shiftWork(s, 4, (id) => makeRng(1, id)), "pack");
  const at = (list: StaffStep[], t: number) => list.filter((x) => x.t <= t).at(-1)?.perm ?? 0;

  it("cover the first night by default: the shift that began the evening before the start works from 00:00", () => {
    const s = night();
    const work = shiftWork(s, 4, (id) => makeRng(1, id)).filter((w) => w.station === "pack" && w.shift === "night");
    // Nights beginning 10 to 14 Nov (day -1 to 3): the first began 4 h before the start.
    expect(work.map((w) => [w.day, w.startSec / 3600, w.endSec / 3600])).toEqual([
      [-1, -4, 8],
      [0, 20, 32],
      [1, 44, 56],
      [2, 68, 80],
      [3, 92, 104],
    ]);
    const list = steps(s);
    expect(at(list, 0)).toBe(4); // the flash-sale wave at 00:00 meets the night crew
    expect(at(list, 7.5 * 3600)).toBe(4);
    expect(at(list, 9 * 3600)).toBe(6);
    expect(at(list, 22.5 * 3600)).toBe(0); // the night's break (share 1) from 22:00
  });

  it("follow a days list: -1 is that first night, and without it the first night is not worked", () => {
    expect(at(steps(night([0, 1])), 3600)).toBe(0);
    expect(at(steps(night([-1])), 3600)).toBe(4);
    expect(at(steps(night([-1])), 21 * 3600)).toBe(0);
    // A day shift has no night before the start: the file is rejected at day -1.
    const early = Scenario.safeParse({ staff: { shifts: [{ id: "day", start: "08:00", end: "20:00", days: [-1, 0] }], roster: { pack: { day: 3 } } } });
    expect(early.success).toBe(false);
    expect(early.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["staff.shifts.0.days.0", "day -1 is the night before the start, worked only by a shift that runs past midnight; this shift is 08:00-20:00: use days from 0"],
    ]);
    // Nor does a night shift that ends at midnight, as the run begins; by default it starts on day 0.
    const midnight = { id: "night", start: "20:00", end: "00:00" };
    const ends = Scenario.safeParse({ staff: { shifts: [{ ...midnight, days: [-1, 0] }], roster: { pack: { night: 3 } } } });
    expect(ends.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["staff.shifts.0.days.0", "day -1 is the night before the start, but this shift ends at 00:00, when the run begins: it would work no time in the run; use days from 0"],
    ]);
    const byDefault = Scenario.parse({ staff: { shifts: [midnight], roster: { pack: { night: 3 } } } });
    expect(shiftWork(byDefault, 2, (id) => makeRng(1, id)).filter((w) => w.station === "pack").map((w) => w.day)).toEqual([0, 1]);
  });
});

describe("absences", () => {
  /** The default line with a night shift; `pack` and `temps` set the packers (and temps) per shift. */
  const line = (pack: { day: number; night: number }, over: { absenceRate?: number; temps?: Record<string, Record<string, number>>; horizon?: string } = {}) =>
    Scenario.parse({
      name: "absences",
      ...(over.horizon ? { horizon: over.horizon } : {}),
      staff: {
        absenceRate: over.absenceRate ?? 0.1,
        shifts: [
          { id: "day", start: "08:00", end: "20:00" },
          { id: "night", start: "20:00", end: "08:00" },
        ],
        roster: { print: { day: 2 }, pick: { day: 3, night: 2 }, qc: { day: 2 }, pack, weigh: { day: 2 } },
        temps: over.temps ?? {},
        flex: [],
      },
    } satisfies ScenarioInput);
  /** shiftWork as simulate wires it: one stream per source name, from the replication's seed. */
  const work = (s: Scenario, seed: number, days = 10) => {
    const streams = new RandomStreams(seed);
    return shiftWork(s, days, (source) => streams.stream(source));
  };
  const absent = (w: ShiftWork[], s: Scenario, station: string, shift: string, kind: "perm" | "temp" = "perm") => {
    const n = kind === "perm" ? (s.staff.roster?.[station]?.[shift] ?? 0) : (s.staff.temps[station]?.[shift] ?? 0);
    return w.filter((x) => x.station === station && x.shift === shift).map((x) => n - x[kind]);
  };
  const seeds = Array.from({ length: 200 }, (_, r) => replicationSeed(1, r));

  it("one more packer on the day shift keeps everyone else's absences: the first six's, the night shift's, the other stations'", () => {
    const six = line({ day: 6, night: 4 });
    const seven = line({ day: 7, night: 4 });
    let added = 0;
    for (const seed of seeds) {
      const a = work(six, seed);
      const b = work(seven, seed);
      // The seventh packer is the only change: each day, absent the same or one more.
      const a6 = absent(a, six, "pack", "day");
      const b7 = absent(b, seven, "pack", "day");
      b7.forEach((n, d) => {
        expect(n - a6[d], `seed ${seed}, day ${d}`).toBeGreaterThanOrEqual(0);
        expect(n - a6[d], `seed ${seed}, day ${d}`).toBeLessThanOrEqual(1);
        added += n - a6[d];
      });
      expect(absent(b, seven, "pack", "night"), `seed ${seed}`).toEqual(absent(a, six, "pack", "night"));
      expect(b.filter((x) => x.station !== "pack")).toEqual(a.filter((x) => x.station !== "pack"));
    }
    // The seventh packer is absent too, now and then (200 seeds x 10 days at 10%: ~200).
    expect(added).toBeGreaterThan(100);
  });

  it("a person keeps their draws whatever the other shifts, the temps, the horizon and the shifts' days", () => {
    const s = line({ day: 6, night: 4 }, { temps: { pack: { day: 3 } } });
    const t = (over: Parameters<typeof line>[1], pack = { day: 6, night: 4 }) => line(pack, { temps: { pack: { day: 3 } }, ...over });
    for (const seed of seeds.slice(0, 50)) {
      const w = work(s, seed);
      // More night packers, more temps: the day shift's permanent packers as they were.
      expect(absent(work(t({}, { day: 6, night: 9 }), seed), s, "pack", "day")).toEqual(absent(w, s, "pack", "day"));
      const moreTemps = t({ temps: { pack: { day: 5 } } });
      expect(absent(work(moreTemps, seed), moreTemps, "pack", "day")).toEqual(absent(w, s, "pack", "day"));
      // More permanent packers: the temps as they were.
      const morePerm = t({}, { day: 8, night: 4 });
      expect(absent(work(morePerm, seed), morePerm, "pack", "day", "temp")).toEqual(absent(w, s, "pack", "day", "temp"));
      // A longer run: the same absences on the days both cover.
      expect(absent(work(s, seed, 20), s, "pack", "night").slice(0, 11)).toEqual(absent(w, s, "pack", "night"));
      // The night shift worked on some days only: those days' absences as when it works every day.
      const some = Scenario.parse({ ...s, staff: { ...s.staff, shifts: [s.staff.shifts[0], { ...s.staff.shifts[1], days: [1, 4, 5] }] } });
      const nights = absent(w, s, "pack", "night"); // days -1 to 9
      expect(absent(work(some, seed), some, "pack", "night")).toEqual([nights[2], nights[5], nights[6]]);
    }
  });

  it("each person is absent with probability absenceRate, independently of the others", () => {
    // 9 people (6 permanent, 3 temps) on each of 10 days, 4 on each of 11 nights, over 200 seeds.
    const p = 0.2;
    const s = line({ day: 6, night: 4 }, { absenceRate: p, temps: { pack: { day: 3 } } });
    const perDay: number[] = [];
    let people = 0;
    let gone = 0;
    for (const seed of seeds) {
      const w = work(s, seed);
      const day = absent(w, s, "pack", "day").map((n, d) => n + absent(w, s, "pack", "day", "temp")[d]);
      const night = absent(w, s, "pack", "night");
      perDay.push(...day);
      people += 9 * day.length + 4 * night.length;
      gone += day.reduce((a, b) => a + b, 0) + night.reduce((a, b) => a + b, 0);
    }
    // The share: 4 standard errors of a binomial share over `people` trials (28,800: 0.0094).
    expect(Math.abs(gone / people - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / people));
    // Independent people: the absent count of a 9-person shift has the binomial variance 9 p (1 - p) = 1.44
    // (a shared draw would give 81 p (1 - p)); the sample variance of 2,000 shifts has an sd of ~0.046, 4 sd.
    const m = perDay.reduce((a, b) => a + b, 0) / perDay.length;
    const v = perDay.reduce((a, b) => a + (b - m) ** 2, 0) / (perDay.length - 1);
    expect(Math.abs(v - 9 * p * (1 - p))).toBeLessThan(4 * 0.046);
  });

  it("simulate: one more day-shift packer leaves the night shift's packers on duty as they were", () => {
    // People on duty per hour, rounded off the time-weighted sums' last bits.
    const run = (day: number, seed: number) => simulate(line({ day, night: 4 }, { absenceRate: 0.3, horizon: "4d" }), { seed }).hourly.stations.pack.staff.map((x) => Math.round(x * 1e6) / 1e6);
    for (let seed = 1; seed <= 5; seed++) {
      const a = run(6, seed);
      const b = run(7, seed);
      // The night hours (21:00-07:00) of each night: the night shift alone.
      const nights = (x: number[]) => x.filter((_, h) => h % 24 < 7 || h % 24 >= 21);
      expect(nights(b), `seed ${seed}`).toEqual(nights(a));
      expect(b).not.toEqual(a);
    }
  });
});

describe("staffingWarnings", () => {
  it("is empty for every shift that fits; names temps, places and printers when one does not", () => {
    expect(staffingWarnings(Scenario.parse({ name: "ok" }))).toEqual([]);
    const dir = new URL("../../../scenarios/", import.meta.url);
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".yaml"))) {
      const r = parseScenarioText(readFileSync(new URL(f, dir), "utf8"), { format: "yaml", source: f });
      expect(r.ok && staffingWarnings(r.scenario), f).toEqual([]);
    }
    const s = Scenario.parse({
      name: "crowded",
      printers: { count: 4, perOperator: 2 },
      staff: { roster: { print: { day: 3 }, pack: { day: 38 } }, temps: { pack: { day: 4 } } },
    });
    expect(staffingWarnings(s)).toEqual([
      {
        path: "staff.roster.print.day",
        en: "3 people on the day shift but 4 printers (2 per operator) give work to 2 (printers.count): 1 would have no printer",
        zh: "白班排了 3 人，但 4 台打印机（每人 2 台）只够 2 人用（printers.count）：1 人没有打印机",
      },
      {
        path: "staff.temps.pack.day",
        en: "42 people (4 temps) on the day shift but Pack has places for 40 (stations[3].maxStaff): 2 would be paid and idle",
        zh: "白班排了 42 人（其中临时工 4 人），但打包只有 40 个工位（stations[3].maxStaff）：2 人领工资却无法上岗",
      },
    ]);
    // Permanent staff alone over the places: the roster is the field to change, temps or not.
    const over = Scenario.parse({ name: "over", staff: { roster: { pack: { day: 41 } }, temps: { pack: { day: 2 } } } });
    expect(staffingWarnings(over).map((w) => w.path)).toEqual(["staff.roster.pack.day"]);
  });
});
