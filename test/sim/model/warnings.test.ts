import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenarioText } from "../../../src/sim/model/load.js";
import { Scenario } from "../../../src/sim/model/schema.js";
import { makeRng } from "../../../src/sim/engine/random.js";
import { shiftWork, staffSteps } from "../../../src/sim/model/staff.js";
import { scenarioWarnings } from "../../../src/sim/model/warnings.js";

const TEAM = { print: { day: 2 }, pick: { day: 3 }, qc: { day: 2 }, pack: { day: 6 }, weigh: { day: 2 } };
const warn = (input: object) => scenarioWarnings(Scenario.parse({ name: "w", ...input }));
const paths = (input: object) => warn(input).map((w) => w.path);

describe("scenarioWarnings", () => {
  it("is empty for the defaults and for every library scenario", () => {
    expect(warn({})).toEqual([]);
    const dir = new URL("../../../scenarios/", import.meta.url);
    const files = readdirSync(dir).filter((x) => /\.(ya?ml|json)$/.test(x));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const r = parseScenarioText(readFileSync(new URL(f, dir), "utf8"), { format: f.endsWith(".json") ? "json" : "yaml", source: f });
      expect(r.ok && scenarioWarnings(r.scenario), f).toEqual([]);
    }
  });

  it("keeps the staffing warnings, with the station's field in brackets", () => {
    expect(warn({ staff: { roster: { ...TEAM, pack: { day: 41 } } } })).toEqual([
      {
        path: "staff.roster.pack.day",
        en: "41 people on the day shift but Pack has places for 40 (stations[3].maxStaff): 1 would be paid and idle",
        zh: "白班排了 41 人，但打包只有 40 个工位（stations[3].maxStaff）：1 人领工资却无法上岗",
      },
    ]);
  });

  /** A day shift round the clock ("00:00" to "24:00", the default team on it): every what-if hour is worked. */
  const ALL_DAY = { staff: { shifts: [{ id: "day", start: "00:00", end: "24:00" }] } };

  it("says a disruption after the end of the run never happens", () => {
    // The default run: 2026-11-11 00:00 + 30d.
    expect(warn({ disruptions: [{ type: "power", at: "2027-10-01 09:00", duration: "1h" }] })).toEqual([
      {
        path: "disruptions[0].at",
        en: "never happens within the run: it starts 2027-10-01 09:00, after the run ends at 2026-12-11 00:00 (start + horizon)",
        zh: "运行期间不会发生：开始于 2027-10-01 09:00，晚于运行结束时间 2026-12-11 00:00（start + horizon）",
      },
    ]);
    // At the end itself: never; a minute before: it happens.
    expect(paths({ ...ALL_DAY, horizon: "2d", disruptions: [{ type: "network", at: "09:00", duration: "1h" }, { type: "network", at: "2026-11-13 00:00", duration: "1h" }, { type: "network", at: "2026-11-12 23:59", duration: "1h" }] })).toEqual(["disruptions[1].at"]);
    expect(paths({ disruptions: [{ type: "courier-cap", courier: "zto", at: "2026-12-24 09:00", dailyCap: 10 }] })).toEqual(["disruptions[0].at"]);
  });

  it("says a disruption before the start never happens, or is cut at the start", () => {
    expect(warn({ ...ALL_DAY, disruptions: [{ type: "order-system", at: "2026-11-10 22:00", duration: "1h" }, { type: "network", at: "2026-11-10 23:30", duration: "1h" }] })).toEqual([
      {
        path: "disruptions[0].at",
        en: "never happens within the run: it runs 2026-11-10 22:00 to 23:00, before the run starts (2026-11-11 00:00)",
        zh: "运行期间不会发生：时间为 2026-11-10 22:00 至 23:00，早于运行开始时间（2026-11-11 00:00）",
      },
      {
        path: "disruptions[1].at",
        en: "starts before the run starts (2026-11-11 00:00): only 2026-11-11 00:00 to 00:30 is simulated, not 2026-11-10 23:30 to 2026-11-11 00:30",
        zh: "开始于运行开始（2026-11-11 00:00）之前：只模拟 2026-11-11 00:00 至 00:30，而不是 2026-11-10 23:30 至 2026-11-11 00:30",
      },
    ]);
    // At the start, or a cap with no end (in force from the start either way): as written.
    expect(warn({ ...ALL_DAY, disruptions: [{ type: "order-system", at: "2026-11-11 00:00", duration: "1h15m" }, { type: "courier-cap", courier: "sf", at: "2026-11-10 09:00", dailyCap: 100 }] })).toEqual([]);
  });

  it("says a disruption in hours when nobody works at the stations it stops changes nothing", () => {
    // The default team works 08:00-20:00: the order system down at 00:00 (DOMAIN's story) stops no one.
    const first = { type: "order-system", at: "2026-11-11 00:00", duration: "1h" };
    expect(warn({ disruptions: [first] })).toEqual([
      {
        path: "disruptions[0].at",
        en: "stops no work: nobody is rostered at Print, Pick, QC, Weigh (the stations it stops) from 2026-11-11 00:00 to 01:00, so the orders then wait for the next shift anyway; move it into working hours to test it",
        zh: "不影响作业：2026-11-11 00:00 至 01:00期间打单、拣货、QC、称重（受影响的工位）无人排班，这段时间的订单本来就要等下一个班次；请把它移到工作时间内再测试",
      },
    ]);
    // Overlapping a shift by a minute, or with a night shift at one station it stops: it bites.
    expect(paths({ disruptions: [{ ...first, at: "07:00", duration: "61min" }] })).toEqual([]);
    const night = { shifts: [{ id: "day", start: "08:00", end: "20:00" }, { id: "night", start: "20:00", end: "08:00" }] };
    expect(paths({ staff: { ...night, roster: { ...TEAM, weigh: { night: 2 } } }, disruptions: [first] })).toEqual([]);
    // Cartons running out stop packing only: nobody packs at night.
    expect(warn({ disruptions: [{ type: "consumables", item: "cartons", at: "21:00", duration: "2h" }] }).map((w) => w.en)).toEqual([
      expect.stringContaining("nobody is rostered at Pack (the stations it stops) from 2026-11-11 21:00 to 23:00"),
    ]);
    // A flex helper who could come to the station counts: weighers at night help the packers.
    const flex = { staff: { ...night, roster: { ...TEAM, weigh: { day: 2, night: 2 } }, flex: [{ from: "weigh", to: "pack", maxPeople: 2 }] } };
    expect(paths({ ...flex, disruptions: [{ type: "consumables", item: "cartons", at: "21:00", duration: "2h" }] })).toEqual([]);
  });

  it("says what a printer-down for more printers than there are takes down", () => {
    expect(warn({ disruptions: [{ type: "printer-down", at: "09:00", duration: "3h", count: 3 }] })).toEqual([
      {
        path: "disruptions[0].count",
        en: "3 printers down but only 2 are in use (printers.count): all 2 go down; spares are not taken down, and 1 swaps in after 10min",
        zh: "3 台打印机故障，但在用的只有 2 台（printers.count）：2 台全部停机；备用机不受影响，1 台备用机在 10min 后换上",
      },
    ]);
    const down = { disruptions: [{ type: "printer-down", at: "09:00", duration: "3h", count: 5 }] };
    expect(warn({ ...down, printers: { count: 2, spares: 0 } }).map((w) => w.en)).toEqual(["5 printers down but only 2 are in use (printers.count): all 2 go down"]);
    expect(warn({ ...down, printers: { count: 4, spares: 3, swapTime: "1h30m" } }).map((w) => w.en)).toEqual(["5 printers down but only 4 are in use (printers.count): all 4 go down; spares are not taken down, and 3 swap in after 1h30m"]);
    expect(warn({ ...down, printers: { count: 0 } }).filter((w) => w.path === "disruptions[0].count").map((w) => w.en)).toEqual(["5 printers down but there are none (printers.count is 0): nothing goes down"]);
    expect(warn({ ...down, printers: { count: 5 } })).toEqual([]);
  });

  it("says courier shares that do not add up to 1 are used in proportion", () => {
    const couriers = [
      { id: "zto", share: 0.9, pickups: ["11:00"] },
      { id: "yto", share: 0.6, pickups: ["12:00"] },
    ];
    expect(warn({ couriers })).toEqual([
      {
        path: "couriers",
        en: "shares add up to 1.5, so orders are split in proportion: zto 0.6, yto 0.4",
        zh: "各快递的 share 合计 1.5，按比例分单：zto 0.6、yto 0.4",
      },
    ]);
    // A courier without a share gets none of the orders.
    expect(warn({ couriers: [{ id: "zto", share: 0.5, pickups: ["11:00"] }, { id: "sf", pickups: ["16:00"] }] }).map((w) => w.en)).toEqual([
      "shares add up to 0.5, so orders are split in proportion: zto 1, sf 0",
      'sf has no share, so with courierAllocation "share" it gets no orders and its pickups collect nothing; give it a share, or use courierAllocation "capacity"',
    ]);
    // Rounding in the sum is not a warning; allocation by capacity ignores the shares.
    expect(0.7 + 0.1 + 0.1 + 0.1).not.toBe(1);
    expect(warn({ couriers: [0.7, 0.1, 0.1, 0.1].map((share, i) => ({ id: `c${i}`, share, pickups: ["12:00"] })) })).toEqual([]);
    expect(warn({ couriers, courierAllocation: "capacity" })).toEqual([]);
  });

  it("says a rule whose payment window misses every order of the run judges none (next year's Double 11 keeps this year's dates)", () => {
    const w = warn({ start: "2027-11-11 00:00", staff: { roster: TEAM } });
    expect(w.map((x) => x.path)).toEqual(["deadlines[0]", "deadlines[1]"]);
    expect(w[0].en).toBe(
      "rule d11-ship judges orders paid 2026-11-11 00:00 to 2026-11-17 24:00, but this run's orders are paid 2027-11-11 00:00 to 2027-11-18 00:00: it judges no order, and any target on it is met by default. Its dates do not move with start: set paidFrom, paidTo and by for this run's dates",
    );
    expect(w[0].zh).toMatch(/^规则 d11-ship 评判付款时间在 2026-11-11 00:00 至 2026-11-17 24:00 之间的订单/);
    // One day of orders on 19 Nov misses the 11-17 Nov window; the catch-all 48 h rule is never warned of.
    expect(paths({ start: "2026-11-19 00:00", demand: { daysAfter: [] }, staff: { roster: TEAM } })).toEqual(["deadlines[0]", "deadlines[1]"]);
    // A window that takes any of the run's orders is fine (the run's last day is 17 Nov).
    expect(paths({ start: "2026-11-17 00:00", demand: { daysAfter: [] }, staff: { roster: TEAM } })).toEqual([]);
  });

  it("says a break outside its shift never happens, night shifts wrapping past midnight", () => {
    const shifts = [
      { id: "day", start: "08:00", end: "20:00", breaks: [{ at: "12:00", duration: "1h", share: 1 }, { at: "23:00", duration: "1h" }, { at: "20:00", duration: "30min" }, { at: "08:00", duration: "15min", share: 1 }] },
      { id: "night", start: "20:00", end: "08:00", breaks: [{ at: "00:00", duration: "1h" }, { at: "07:30", duration: "30min", share: 1 }, { at: "12:00", duration: "1h" }] },
    ];
    expect(warn({ staff: { shifts, roster: TEAM } })).toEqual([
      { path: "staff.shifts[0].breaks[1].at", en: "the break at 23:00 never happens: it is outside the day shift (08:00-20:00)", zh: "23:00 的休息不会发生：不在白班（08:00-20:00）之内" },
      { path: "staff.shifts[0].breaks[2].at", en: "the break at 20:00 never happens: it is outside the day shift (08:00-20:00)", zh: "20:00 的休息不会发生：不在白班（08:00-20:00）之内" },
      { path: "staff.shifts[1].breaks[2].at", en: "the break at 12:00 never happens: it is outside the night shift (20:00-08:00)", zh: "12:00 的休息不会发生：不在夜班（20:00-08:00）之内" },
    ]);
    // "24:00" is the end of the day: outside a shift ending then, inside one ending later.
    expect(paths({ staff: { shifts: [{ id: "all", start: "00:00", end: "24:00", breaks: [{ at: "24:00", duration: "1h" }] }], roster: { print: { all: 1 }, pick: { all: 1 }, qc: { all: 1 }, pack: { all: 1 }, weigh: { all: 1 } }, absenceRate: 0 } })).toEqual(["staff.shifts[0].breaks[0].at"]);
    expect(paths({ staff: { shifts: [{ id: "late", start: "16:00", end: "02:00", breaks: [{ at: "24:00", duration: "30min" }] }], roster: { print: { late: 1 }, pick: { late: 1 }, qc: { late: 1 }, pack: { late: 1 }, weigh: { late: 1 } }, absenceRate: 0 } })).toEqual([]);
  });

  it("warns of exactly the breaks that staffSteps drops", () => {
    for (const [start, end] of [["08:00", "20:00"], ["20:00", "08:00"], ["16:00", "02:00"], ["00:00", "24:00"], ["06:00", "06:00"]]) {
      for (const at of ["00:00", "02:00", "06:00", "07:30", "08:00", "12:00", "19:59", "20:00", "23:00", "24:00"]) {
        const s = Scenario.parse({ name: "b", staff: { shifts: [{ id: "x", start, end, breaks: [{ at, duration: "1min", share: 1 }] }], roster: { print: { x: 1 }, pick: { x: 1 }, qc: { x: 1 }, pack: { x: 1 }, weigh: { x: 1 } }, absenceRate: 0 } });
        const [w] = shiftWork(s, 1, () => makeRng(1, "a")).filter((x) => x.station === "pack");
        const taken = staffSteps(s, [w], "pack").some((step) => step.perm === 0 && step.t < w.endSec);
        const warned = scenarioWarnings(s).some((x) => x.path === "staff.shifts[0].breaks[0].at");
        expect(warned, `${at} in ${start}-${end}`).toBe(!taken);
      }
    }
  });

  it("says a shift ending at its start is read as 24 hours", () => {
    expect(warn({ staff: { shifts: [{ id: "day", start: "08:00", end: "08:00" }], roster: TEAM } })).toEqual([
      {
        path: "staff.shifts[0].end",
        en: "end is the same as start (08:00): read as a 24-hour shift, everyone on it paid 24 h (16 h of it overtime)",
        zh: "结束时间与开始时间相同（08:00）：按 24 小时班次计算，每人计 24 小时工资（其中 16 小时为加班）",
      },
    ]);
    expect(warn({ staff: { shifts: [{ id: "day", start: "08:00", end: "08:00" }], roster: TEAM, cost: { overtimeFactor: 1 } } }).map((w) => w.en)).toEqual(["end is the same as start (08:00): read as a 24-hour shift, everyone on it paid 24 h"]);
    // A whole day written as one, and a night shift, are as meant.
    expect(warn({ staff: { shifts: [{ id: "day", start: "00:00", end: "24:00" }, { id: "night", start: "20:00", end: "08:00" }], roster: TEAM } })).toEqual([]);
  });

  it("says lines per order below one count as one line", () => {
    expect(warn({ demand: { linesPerOrder: 0 } })).toEqual([
      { path: "demand.linesPerOrder", en: "0 lines per order, but every order has at least one line: draws below 0.5 count as 1", zh: "每单 0 行，但每单至少 1 行：抽到小于 0.5 的按 1 行计" },
    ]);
    expect(warn({ demand: { linesPerOrder: { dist: "uniform", min: 0, max: 1.5 } } })).toEqual([
      { path: "demand.linesPerOrder", en: "a mean of 0.75 lines per order, but every order has at least one line: draws below 0.5 count as 1", zh: "平均每单 0.75 行，但每单至少 1 行：抽到小于 0.5 的按 1 行计" },
    ]);
    expect(paths({ demand: { linesPerOrder: { dist: "exponential", mean: 0.8 } } })).toEqual(["demand.linesPerOrder"]);
    expect(paths({ demand: { linesPerOrder: { dist: "empirical", values: [0, 1, 2], weights: [5, 3, 1] } } })).toEqual(["demand.linesPerOrder"]);
    // A fixed 0.6 rounds to 1 line, as does a mean of one or more: no noise.
    for (const linesPerOrder of [0.6, 1, { dist: "lognormal", mean: 1, cv: 2 }, { dist: "empirical", values: [0, 1, 2] }, { dist: "triangular", min: 0, mode: 1, max: 2 }]) {
      expect(warn({ demand: { linesPerOrder } }), JSON.stringify(linesPerOrder)).toEqual([]);
    }
  });

  it("says a station no one works at stops every order", () => {
    expect(warn({ staff: { roster: { ...TEAM, qc: { day: 0 } } } })).toEqual([
      {
        path: "staff.roster.qc",
        en: "no one works at QC on any shift of the run (roster and temps): no order gets past it, so the run ships nothing",
        zh: "整个运行期间没有任何班次给QC排人（正式工和临时工）：订单都过不了这个工位，一单也发不出去",
      },
    ]);
    // A roster naming only pack leaves the other stations empty.
    expect(paths({ staff: { roster: { pack: { day: 6 } } } })).toEqual(["staff.roster.print", "staff.roster.pick", "staff.roster.qc", "staff.roster.weigh"]);
    // Pre-packed orders skip pick, QC and pack.
    expect(warn({ demand: { bestSellers: { prepackedStock: 500 } }, staff: { roster: { ...TEAM, pack: {} }, flex: [] } }).map((w) => w.en)).toEqual([
      "no one works at Pack on any shift of the run (roster and temps): only pre-packed orders get past it",
    ]);
    // The default flex rule (weighers help the packers) is someone at pack.
    expect(warn({ staff: { roster: { ...TEAM, pack: {} } } })).toEqual([]);
    // Temps, or a flex helper from a staffed station, are someone; a helper from an empty one is not.
    expect(warn({ staff: { roster: { ...TEAM, qc: { day: 0 } }, temps: { qc: { day: 2 } } } })).toEqual([]);
    expect(warn({ staff: { roster: { ...TEAM, qc: { day: 0 } }, flex: [{ from: "weigh", to: "qc" }] } })).toEqual([]);
    expect(paths({ staff: { roster: { ...TEAM, qc: { day: 0 } }, flex: [{ from: "weigh", to: "qc", maxPeople: 0 }] } })).toEqual(["staff.roster.qc"]);
    // A shift on days after the run is no one.
    const shifts = [{ id: "day", start: "08:00", end: "20:00" }, { id: "later", start: "08:00", end: "20:00", days: [10] }];
    expect(paths({ horizon: "3d", staff: { shifts, roster: { ...TEAM, qc: { later: 2 } } } })).toEqual(["staff.roster.qc"]);
    expect(paths({ horizon: "20d", staff: { shifts, roster: { ...TEAM, qc: { later: 2 } } } })).toEqual([]);
  });

  it("says a station one person works on a shift stops whenever that person is absent", () => {
    expect(warn({ staff: { roster: { ...TEAM, print: { day: 1 } } } })).toEqual([
      {
        path: "staff.roster.print.day",
        en: "one person works at Print on the day shift: with 3% absence, about one such shift in 33 has nobody there, and no order gets past Print until the next shift (a second person, or flex help into Print, covers it)",
        zh: "白班打单只有 1 人：缺勤率 3%，约每 33 个这样的班次就有 1 个无人在岗，订单在下一个班次之前都过不了打单（再加 1 人，或从其他工位机动支援，即可避免）",
      },
    ]);
    // One permanent and one temp are two people; a lone temp is one.
    expect(warn({ staff: { roster: { ...TEAM, print: { day: 1 } }, temps: { print: { day: 1 } } } })).toEqual([]);
    expect(paths({ staff: { roster: { ...TEAM, qc: { day: 0 } }, temps: { qc: { day: 1 } } } })).toEqual(["staff.temps.qc.day"]);
    // Per shift that runs; no absence, or flex help into the station, and there is no such risk.
    const shifts = [{ id: "day", start: "08:00", end: "20:00" }, { id: "night", start: "20:00", end: "08:00" }];
    expect(paths({ staff: { shifts, roster: { ...TEAM, weigh: { day: 1, night: 1 } } } })).toEqual(["staff.roster.weigh.day", "staff.roster.weigh.night"]);
    expect(warn({ staff: { absenceRate: 0, roster: { ...TEAM, weigh: { day: 1 } } } })).toEqual([]);
    expect(warn({ staff: { roster: { ...TEAM, weigh: { day: 1 } }, flex: [{ from: "pack", to: "weigh" }] } })).toEqual([]);
    // The rate in the message is the scenario's.
    expect(warn({ staff: { absenceRate: 0.1, roster: { ...TEAM, weigh: { day: 1 } } } })[0].en).toContain("with 10% absence, about one such shift in 10 has nobody there");
  });

  it("names a courier that gets no orders under share allocation where the file expects parcels from it", () => {
    const zto = { id: "zto", name: "中通 ZTO", share: 0.6, pickups: ["11:00"] };
    const yto = { id: "yto", name: "圆通 YTO", share: 0.4, pickups: ["12:00"] };
    // No share at all: shares of the others add up to 1, so only this warning.
    expect(warn({ couriers: [zto, yto, { id: "sf", name: "顺丰 SF", pickups: ["16:00"] }] })).toEqual([
      {
        path: "couriers[2].share",
        en: 'sf (顺丰 SF) has no share, so with courierAllocation "share" it gets no orders and its pickups collect nothing; give it a share, or use courierAllocation "capacity"',
        zh: 'sf（顺丰 SF）没有设置 share，按 share 分单（courierAllocation "share"）时分不到任何订单，它的揽收什么也收不到；请给它设置 share，或改用 courierAllocation "capacity"',
      },
    ]);
    // share: 0 with caps of its own, or a courier-cap what-if naming it: surprising.
    expect(warn({ couriers: [zto, yto, { id: "sf", share: 0, pickups: ["16:00"], dailyCap: 500 }] }).map((w) => [w.path, w.en, w.zh])).toEqual([
      [
        "couriers[2].share",
        'sf has share 0, so with courierAllocation "share" it gets no orders and its pickups collect nothing, though its dailyCap is set; give it a share, or use courierAllocation "capacity"',
        'sf 的 share 为 0，按 share 分单（courierAllocation "share"）时分不到任何订单，它的揽收什么也收不到，尽管设置了它的 dailyCap；请给它设置 share，或改用 courierAllocation "capacity"',
      ],
    ]);
    expect(
      warn({ couriers: [zto, yto, { id: "sf", share: 0, pickups: ["16:00"], capacityPerPickup: 300, dailyCap: 500 }], disruptions: [{ type: "courier-cap", courier: "sf", at: "09:00", dailyCap: 100 }] }).map((w) => w.en),
    ).toEqual([
      'sf has share 0, so with courierAllocation "share" it gets no orders and its pickups collect nothing, though its capacityPerPickup and dailyCap are set and a courier-cap what-if (disruptions[0]) names it; give it a share, or use courierAllocation "capacity"',
    ]);
    // share: 0 and nothing else said about it: switched off on purpose. Caps of 0 take nothing anyway.
    expect(warn({ couriers: [zto, yto, { id: "sf", share: 0, pickups: ["16:00"] }] })).toEqual([]);
    expect(warn({ couriers: [zto, yto, { id: "sf", pickups: ["16:00"], dailyCap: 0 }] })).toEqual([]);
    expect(warn({ couriers: [zto, yto, { id: "sf", share: 0, pickups: ["16:00"], capacityPerPickup: 0, dailyCap: 500 }] })).toEqual([]);
    // Allocation by capacity ignores the shares.
    expect(warn({ couriers: [zto, yto, { id: "sf", pickups: ["16:00"], dailyCap: 500 }], courierAllocation: "capacity" })).toEqual([]);
  });

  it("says a break running past the end of its shift is cut there", () => {
    const shifts = [
      { id: "day", start: "08:00", end: "20:00", breaks: [{ at: "19:30", duration: "1h", share: 1 }, { at: "12:00", duration: "8h", share: 1 }, { at: "19:00", duration: "1h", share: 1 }] },
      { id: "night", start: "20:00", end: "08:00", breaks: [{ at: "07:45", duration: "30min", share: 1 }, { at: "23:00", duration: "10h", share: 1 }] },
    ];
    expect(warn({ staff: { shifts, roster: TEAM } })).toEqual([
      {
        path: "staff.shifts[0].breaks[0].duration",
        en: "the break at 19:30 (1h) runs past the end of the day shift (08:00-20:00): it ends with the shift, so only 30min of it is taken",
        zh: "19:30 开始的休息（1h）超出白班（08:00-20:00）的结束时间：随班次结束而结束，只休 30min",
      },
      {
        path: "staff.shifts[1].breaks[0].duration",
        en: "the break at 07:45 (30min) runs past the end of the night shift (20:00-08:00): it ends with the shift, so only 15min of it is taken",
        zh: "07:45 开始的休息（30min）超出夜班（20:00-08:00）的结束时间：随班次结束而结束，只休 15min",
      },
      {
        path: "staff.shifts[1].breaks[1].duration",
        en: "the break at 23:00 (10h) runs past the end of the night shift (20:00-08:00): it ends with the shift, so only 9h of it is taken",
        zh: "23:00 开始的休息（10h）超出夜班（20:00-08:00）的结束时间：随班次结束而结束，只休 9h",
      },
    ]);
    // Taken in groups (share 0.5: two), the groups run one after another: 12:00 + 2 x 4h ends at the end, 12:00 + 2 x 5h does not.
    expect(paths({ staff: { shifts: [{ id: "day", start: "08:00", end: "20:00", breaks: [{ at: "12:00", duration: "4h" }] }], roster: TEAM } })).toEqual([]);
    expect(warn({ staff: { shifts: [{ id: "day", start: "08:00", end: "20:00", breaks: [{ at: "12:00", duration: "5h" }, { at: "16:00", duration: "1h", share: 0.2 }] }], roster: TEAM } })).toEqual([
      {
        path: "staff.shifts[0].breaks[0].duration",
        en: "the break at 12:00 is taken in 2 groups (share 0.5) of 5h one after another, 10h in all, past the end of the day shift (08:00-20:00): 1 of the 2 groups get it in full, one only 3h; start it earlier or raise the share",
        zh: "12:00 开始的休息分 2 批（每批 50%）轮流休 5h，共 10h，超出白班（08:00-20:00）的结束时间：2 批中 1 批休满，1 批只休 3h；请提前开始或提高每批比例",
      },
      {
        path: "staff.shifts[0].breaks[1].duration",
        en: "the break at 16:00 is taken in 5 groups (share 0.2) of 1h one after another, 5h in all, past the end of the day shift (08:00-20:00): 4 of the 5 groups get it in full, 1 none; start it earlier or raise the share",
        zh: "16:00 开始的休息分 5 批（每批 20%）轮流休 1h，共 5h，超出白班（08:00-20:00）的结束时间：5 批中 4 批休满，1 批休不到；请提前开始或提高每批比例",
      },
    ]);
    // Ending exactly at the end (12:00 + 8h, 19:00 + 1h) is as written; so is a whole-day shift's late break.
    expect(paths({ staff: { shifts: [{ id: "all", start: "00:00", end: "24:00", breaks: [{ at: "23:00", duration: "1h", share: 1 }] }], roster: { print: { all: 1 }, pick: { all: 1 }, qc: { all: 1 }, pack: { all: 1 }, weigh: { all: 1 } }, absenceRate: 0 } })).toEqual([]);
  });

  it("warns of exactly the breaks that staffSteps cuts at the end of the shift", () => {
    const stepsFor = (start: string, end: string, at: string, duration: number) => {
      const s = Scenario.parse({ name: "b", staff: { shifts: [{ id: "x", start, end, breaks: [{ at, duration, share: 1 }] }], roster: { print: { x: 1 }, pick: { x: 1 }, qc: { x: 1 }, pack: { x: 1 }, weigh: { x: 1 } }, absenceRate: 0 } });
      const [w] = shiftWork(s, 1, () => makeRng(1, "a")).filter((x) => x.station === "pack");
      return { s, w, steps: staffSteps(s, [w], "pack") };
    };
    for (const [start, end] of [["08:00", "20:00"], ["20:00", "08:00"], ["16:00", "02:00"], ["00:00", "24:00"], ["06:00", "06:00"]]) {
      for (const at of ["00:00", "01:30", "06:00", "07:30", "12:00", "19:00", "19:59", "23:00", "24:00"]) {
        for (const duration of [60, 1800, 3600, 7 * 3600]) {
          const { s, w, steps } = stepsFor(start, end, at, duration);
          const taken = steps.some((step) => step.perm === 0 && step.t < w.endSec);
          // Cut: a second less of break changes nothing (it ends with the shift either way).
          const cut = taken && JSON.stringify(stepsFor(start, end, at, duration - 1).steps) === JSON.stringify(steps);
          const warned = scenarioWarnings(s).some((x) => x.path === "staff.shifts[0].breaks[0].duration");
          expect(warned, `${at} for ${duration} s in ${start}-${end}`).toBe(cut);
        }
      }
    }
  });

  it("says a shift from 24:00 to 00:00 is 0 hours long, and that no one works at a station staffed only then", () => {
    const shifts = [{ id: "day", start: "08:00", end: "20:00" }, { id: "night", start: "24:00", end: "00:00", breaks: [{ at: "02:00", duration: "1h" }] }];
    expect(warn({ staff: { shifts, roster: { ...TEAM, qc: { night: 2 } } } })).toEqual([
      {
        path: "staff.roster.qc",
        en: "no one works at QC on any shift of the run (roster and temps): no order gets past it, so the run ships nothing",
        zh: "整个运行期间没有任何班次给QC排人（正式工和临时工）：订单都过不了这个工位，一单也发不出去",
      },
      {
        path: "staff.shifts[1].start",
        en: 'the night shift runs from 24:00 to 00:00, 0 hours: 24:00 is the end of the day (the next day\'s 00:00), the same moment as the end, so no one on it works or is paid; for a whole day write start "00:00", end "24:00"',
        zh: '夜班从 24:00 到 00:00，共 0 小时：24:00 是当天结束（即次日 00:00），与结束时间是同一时刻，排在这个班次的人既不上岗也不计工资；全天班请写 start "00:00"、end "24:00"',
      },
    ]);
    // No "paid and idle" for people on a shift that pays no one.
    expect(paths({ staff: { shifts, roster: { ...TEAM, pack: { day: 6, night: 60 } } } })).toEqual(["staff.shifts[1].start"]);
    // Every other pair is as staff.ts reads it: 24:00-24:00 and 00:00-00:00 are 24 hours (warned as end = start); 00:00-24:00 a whole day.
    const one = (start: string, end: string) => paths({ staff: { shifts: [{ id: "x", start, end }], roster: { print: { x: 1 }, pick: { x: 1 }, qc: { x: 1 }, pack: { x: 1 }, weigh: { x: 1 } }, absenceRate: 0 } });
    expect(one("24:00", "24:00")).toEqual(["staff.shifts[0].end"]);
    expect(one("00:00", "00:00")).toEqual(["staff.shifts[0].end"]);
    expect(one("00:00", "24:00")).toEqual([]);
    expect(one("24:00", "08:00")).toEqual([]);
  });

  it("says 0 hours for exactly the shifts staffSteps gives no time", () => {
    const clocks = ["00:00", "00:01", "08:00", "23:59", "24:00"];
    for (const start of clocks) {
      for (const end of clocks) {
        const s = Scenario.parse({ name: "z", staff: { shifts: [{ id: "x", start, end }], roster: { print: { x: 1 }, pick: { x: 1 }, qc: { x: 1 }, pack: { x: 1 }, weigh: { x: 1 } }, absenceRate: 0 } });
        const [w] = shiftWork(s, 1, () => makeRng(1, "a")).filter((x) => x.station === "pack");
        expect(scenarioWarnings(s).some((x) => x.path === "staff.shifts[0].start"), `${start}-${end}`).toBe(w.endSec === w.startSec);
      }
    }
  });
});
