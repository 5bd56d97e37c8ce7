/** A hand-built case: every order's lateness per rule is known, so the counts must be exact. */
import { describe, expect, it } from "vitest";
import { evaluateDeadlines } from "../../../src/sim/model/deadlines.js";
import { Scenario } from "../../../src/sim/model/schema.js";
import { dayKey, toSec } from "../../../src/sim/model/time.js";

const s = Scenario.parse({
  name: "deadlines",
  couriers: [
    { id: "zto", share: 0.5, pickups: ["12:00"] },
    { id: "sf", share: 0.5, pickups: ["16:00"] },
  ],
});
const D = 86400;
const H = 3600;
const NEVER = Infinity;

// paid, shipped, collected, day, courier
const rows: [number, number, number, number, number][] = [
  [0, 2 * H, 10 * H, 0, 0], // on time everywhere
  [1 * H, 9 * D + 23 * H, 14 * D, 0, 1], // shipped 20 Nov 23:00 (on time), collected 25 Nov 00:00 (on time)
  [5 * H, 10 * D + 1, 15 * D + 60, 0, 0], // shipped 21 Nov 00:00:01: late to ship; collected 26 Nov 00:01: late
  [2 * D, NEVER, NEVER, 2, 1], // never shipped: late on both d11 rules
  [6 * D + 23 * H, 8 * D, 14 * D + 23 * H, 6, 0], // paid 17 Nov 23:00: inside the window, on time
  [7 * D + H, 7 * D + 40 * H, 10 * D, 7, 1], // paid 18 Nov 01:00: outside the window -> 48 h rule, shipped after 39 h: on time
  [8 * D, 8 * D + 49 * H, 12 * D, 8, 0], // paid 19 Nov: 48 h rule, shipped after 49 h: late
];
const col = (k: number) => Float64Array.from(rows.map((r) => r[k]));

/** The rules of `sc` over the hand-built rows, by rule id (the run ended 30 days in). */
const judge = (sc: Scenario) =>
  Object.fromEntries(
    evaluateDeadlines(sc, rows.length, col(0), col(1), col(2), Int16Array.from(rows.map((r) => r[3])), Uint8Array.from(rows.map((r) => r[4])), (d) => dayKey(sc, d), toSec, 30 * D).map((r) => [r.id, r]),
  );

describe("deadline rules", () => {
  const by = judge(s);

  it("judges each order by every rule that applies to it", () => {
    expect(by["d11-ship"].orders).toBe(5);
    expect(by["d11-ship"].late).toBe(2);
    expect(by["d11-ship"].lateUnfinished).toBe(1);
    expect(by["d11-collect"].orders).toBe(5);
    expect(by["d11-collect"].late).toBe(2);
    expect(by["ship-48h"].orders).toBe(2);
    expect(by["ship-48h"].late).toBe(1);
    for (const r of Object.values(by)) expect(r.undetermined).toBe(0);
  });

  it("breaks the late count down by payment day and courier", () => {
    expect(by["d11-ship"].byCohort).toEqual({
      "2026-11-11": { orders: 3, late: 1 },
      "2026-11-13": { orders: 1, late: 1 },
      "2026-11-17": { orders: 1, late: 0 },
    });
    expect(by["d11-ship"].byCourier).toEqual({ zto: { orders: 3, late: 1 }, sf: { orders: 2, late: 1 } });
    expect(by["ship-48h"].byCohort).toEqual({ "2026-11-18": { orders: 1, late: 0 }, "2026-11-19": { orders: 1, late: 1 } });
  });

  it("counts the late pickup scans of orders that had shipped by the deadline (the couriers' part), for pickup-scan rules only", () => {
    // The order shipped 21 Nov 00:00:01, before the 25 Nov deadline, was collected 26 Nov: the courier's; the one never shipped: the line's.
    expect(by["d11-collect"]).toMatchObject({ late: 2, lateUnfinished: 1, lateShipped: 1 });
    expect(by["d11-ship"].lateShipped).toBeUndefined();
    expect(by["ship-48h"].lateShipped).toBeUndefined();
  });

  it("puts the fixed deadlines at the right instants (Asia/Shanghai)", () => {
    expect(by["d11-ship"].deadlineSec).toBe(10 * D); // 20 Nov 24:00 = 21 Nov 00:00
    expect(by["d11-collect"].deadlineSec).toBe(15 * D);
    expect(by["ship-48h"].withinHours).toBe(48);
  });
});

describe("a run cut by its horizon", () => {
  // The run ends 12 Nov 06:00 (30 h after the start) with some orders unfinished.
  const end = 30 * H;
  const cut: [number, number, number, number, number][] = [
    [0, 2 * H, 10 * H, 0, 0], // shipped and collected: on time
    [1 * H, NEVER, NEVER, 0, 1], // unfinished, D11 deadlines days away: undetermined
    [23 * H, 26 * H, NEVER, 0, 0], // shipped, not yet collected by the end: collect undetermined
    [-3 * D, NEVER, NEVER, 0, 0], // paid 8 Nov (48 h rule), unfinished: its deadline passed before the end: late
    [-D - 2 * H, NEVER, NEVER, 0, 1], // paid 9 Nov 22:00, 48 h rule: deadline 11 Nov 22:00 < end: late
    [-H, NEVER, NEVER, 0, 1], // paid 10 Nov 23:00, 48 h rule: deadline 12 Nov 23:00 > end: undetermined
  ];
  const c = (k: number) => Float64Array.from(cut.map((r) => r[k]));
  const res = evaluateDeadlines(s, cut.length, c(0), c(1), c(2), Int16Array.from(cut.map((r) => r[3])), Uint8Array.from(cut.map((r) => r[4])), (d) => dayKey(s, d), toSec, end);
  const by = Object.fromEntries(res.map((r) => [r.id, r]));

  it("counts an unfinished order as undetermined, not late, when its deadline is after the end", () => {
    expect(by["d11-ship"]).toMatchObject({ orders: 3, late: 0, lateUnfinished: 0, undetermined: 1 });
    expect(by["d11-collect"]).toMatchObject({ orders: 3, late: 0, lateUnfinished: 0, undetermined: 2 });
    expect(by["ship-48h"]).toMatchObject({ orders: 3, late: 2, lateUnfinished: 2, undetermined: 1 });
  });

  it("leaves undetermined orders out of the late counts by day and courier", () => {
    expect(by["ship-48h"].byCourier).toEqual({ zto: { orders: 1, late: 1 }, sf: { orders: 2, late: 1 } });
    expect(by["d11-ship"].byCourier).toEqual({ zto: { orders: 2, late: 0 }, sf: { orders: 1, late: 0 } });
  });
});

describe("a courier's tracking-record delay", () => {
  // The same orders, with SF's tracking record showing 25 h after its pickup scan.
  const lagged = Scenario.parse({
    name: "deadlines, record delay",
    couriers: [
      { id: "zto", share: 0.5, pickups: ["12:00"] },
      { id: "sf", share: 0.5, pickups: ["16:00"], recordDelay: "25h" },
    ],
  });
  const by = judge(lagged);

  it("judges the collected milestone when the record appears, for that courier's orders only", () => {
    // Row 2: SF picked it up 25 Nov 00:00, its record shows 26 Nov 01:00: now late.
    expect(by["d11-collect"]).toMatchObject({ orders: 5, late: 3, lateUnfinished: 1 });
    expect(by["d11-collect"].byCourier).toEqual({ zto: { orders: 3, late: 1 }, sf: { orders: 2, late: 2 } });
    // That order had shipped 20 Nov: late because of the courier, as the one shipped 21 Nov and collected 26 Nov.
    expect(by["d11-collect"].lateShipped).toBe(2);
  });

  it("leaves the shipped milestone alone", () => {
    expect(by["d11-ship"]).toMatchObject({ orders: 5, late: 2 });
    expect(by["ship-48h"]).toMatchObject({ orders: 2, late: 1 });
  });

  it("refuses a delay over 7 days, naming the field", () => {
    const r = Scenario.safeParse({ name: "x", couriers: [{ id: "sf", pickups: ["16:00"], recordDelay: "8d" }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ["couriers", 0, "recordDelay"], message: expect.stringContaining("at most 7 days") });
  });
});

describe("rule labels", () => {
  it("name the date and the time limit the rule judges by, also after an override", () => {
    const labels = (input: object) => Scenario.parse(input).deadlines.map((d) => d.label);
    expect(labels({})).toEqual([
      { en: "Double 11: shipped by 20 Nov 24:00", zh: "双11：11月20日24:00前发货" },
      { en: "Double 11: courier pickup scan by 25 Nov 24:00", zh: "双11：11月25日24:00前有揽收记录" },
      { en: "Shipped within 48 h of payment", zh: "付款后48小时内发货" },
    ]);
    // A rule of one's own may use the placeholders too; a label without them stays as written.
    const own = labels({ deadlines: [{ id: "a", label: { en: "Ship by {by}", zh: "{by}前发货" }, milestone: "shipped", by: "2026-12-01 09:30" }, { id: "b", label: { en: "36h rule" }, milestone: "shipped", within: "36h" }] });
    expect(own).toEqual([{ en: "Ship by 1 Dec 09:30", zh: "12月1日09:30前发货" }, { en: "36h rule" }]);
    // Parsing the parsed scenario again changes nothing.
    const once = Scenario.parse({});
    expect(Scenario.parse(once).deadlines).toEqual(once.deadlines);
  });
});
