import { describe, expect, it } from "vitest";
import { figureLabel, fmtCell, fmtDuration, fmtPct, formatDeadline, formatPeriod, MESSAGES, noOrderNote, peakDayCutNote, peopleOf, shiftLabel, shiftName } from "../../../src/sim/report/i18n.js";
import { canonicalJson, commandLine, disruptionChange, shellQuote } from "../../../src/sim/report/manifest.js";
import { displayWidth, textTable } from "../../../src/sim/report/text.js";

const zone = { timeZone: "Asia/Shanghai", start: "2026-11-11 00:00" };

describe("i18n", () => {
  it("has the same keys and no empty message in en and zh", () => {
    expect(Object.keys(MESSAGES.zh).sort()).toEqual(Object.keys(MESSAGES.en).sort());
    for (const lang of ["en", "zh"] as const) for (const [k, v] of Object.entries(MESSAGES[lang])) expect(v, `${lang}.${k}`).not.toBe("");
  });

  it("uses the guides' station terms", () => {
    expect(peopleOf("pack", { en: "Pack", zh: "打包" }, "zh")).toBe("打包员");
    expect(peopleOf("pack", { en: "Pack", zh: "打包" }, "en", 1)).toBe("packer");
    expect(figureLabel("stations.pick.utilization", "zh", { "stations.pick": "拣货" })).toBe("拣货：利用率");
    expect(figureLabel("orders.collected", "zh")).toBe("已揽收");
  });

  it("formats periods, deadlines and shares", () => {
    expect(formatPeriod(zone, 8 * 3600, 20 * 3600, "en")).toBe("08:00-20:00 on 11 Nov");
    expect(formatPeriod(zone, 8 * 3600, 24 * 3600, "en")).toBe("08:00-24:00 on 11 Nov");
    expect(formatPeriod(zone, 20 * 3600, 32 * 3600, "zh")).toBe("11月11日 20:00 至 11月12日 08:00");
    expect(formatDeadline(zone, 10 * 86400)).toBe("2026-11-20 24:00");
    expect(fmtPct(0.983)).toBe("98%");
    expect(fmtPct(0.004)).toBe("0.4%");
  });

  it("writes durations as a manager does, never rounded to a tenth of an hour", () => {
    // The order system down for 1 h 15 min read "+1.3 h".
    expect(fmtDuration(4500, "en")).toBe("1 h 15 min");
    expect(fmtDuration(4500, "zh")).toBe("1 小时 15 分钟");
    expect(fmtDuration(3 * 3600, "en")).toBe("3 h");
    expect(fmtDuration(3 * 3600, "zh")).toBe("3 小时");
    expect(fmtDuration(45 * 60, "en")).toBe("45 min");
    expect(fmtDuration(45 * 60, "zh")).toBe("45 分钟");
    expect(fmtDuration(90 * 60, "en")).toBe("1 h 30 min");
    expect(fmtDuration(185 * 3600, "en")).toBe("185 h");
    expect(fmtDuration(30, "en")).toBe("30 s");
    expect(fmtDuration(30, "zh")).toBe("30 秒");
    // The changes list writes them as the scenario files do.
    expect(disruptionChange({ type: "order-system", at: "2026-11-11 00:00", duration: 4500 })).toBe("+order-system@2026-11-11 00:00/1h15m");
    expect(disruptionChange({ type: "printer-down", at: "09:00", duration: 3 * 3600 })).toBe("+printer-down@09:00/3h");
    expect(disruptionChange({ type: "power", at: "09:00", duration: 1800 })).toBe("+power@09:00/30min");
  });

  it("names a scenario's own shift naturally, with its hours where known, and the usual ones by name", () => {
    expect(shiftLabel("day", "en")).toBe("day shift");
    expect(shiftLabel("day", "zh")).toBe("白班");
    // Tables with an hours column (staffing, the planner's) name it without them.
    expect(shiftLabel("launch", "en")).toBe("launch shift");
    expect(shiftLabel("launch", "zh")).toBe("launch 班");
    const s = { staff: { shifts: [{ id: "launch", start: "00:00", end: "08:00" }, { id: "day", start: "08:00", end: "20:00" }] } };
    expect(shiftName(s, "launch", "en")).toBe("launch shift 00:00-08:00");
    expect(shiftName(s, "launch", "zh")).toBe("launch 班（00:00-08:00）");
    expect(shiftName(s, "day", "zh")).toBe("白班");
    for (const lang of ["en", "zh"] as const) expect(shiftName(s, "launch", lang)).not.toMatch(/["“”]/);
  });

  it("says once that a rule applies to no order, and that a cut peak day covers the orders paid by the end", () => {
    expect(noOrderNote("en", [{ label: "Shipped within 48 h of payment", windowed: false }])).toBe(
      "Shipped within 48 h of payment: applies to no order in this run (every order was paid in another rule's window), so it has no risk to show and is left out of the tables.",
    );
    expect(noOrderNote("zh", [{ label: "付款后48小时内发货", windowed: false }], "compare")).toBe("“付款后48小时内发货”在所比较的各场景中都没有适用的订单（所有订单的付款时间都在其他规则的时段内），没有风险可显示，表中不列出。");
    const cut = { endSec: 20 * 3600, dayEndSec: 24 * 3600, orders: "4,764" };
    expect(peakDayCutNote(zone, cut, "en")).toBe(
      "The peak day is incomplete: the horizon ends at 20:00 on 11 Nov, before the day's demand ends (24:00), so the 12 h / 24 h shares cover only the 4,764 peak-day orders paid by 20:00, not the whole day's; for the whole day's, set the horizon to 24 h or more.",
    );
    expect(peakDayCutNote(zone, cut, "zh")).toBe(
      "大促当天不完整：仿真在11月11日 20:00 结束，早于当天需求结束（24:00），因此 12 / 24 小时内发货比例只统计 20:00 前付款的 4,764 单大促当天订单，而非全天；要得到全天的比例，请把仿真时长（horizon）设为至少 24 小时。",
    );
  });
});

describe("fmtCell", () => {
  it("writes a change with its sign, a share's change in percentage points, and no -0.0", () => {
    expect(fmtCell(0.0123, "pct", 1, true)).toBe("+1.2");
    expect(fmtCell(-0.0004, "pct", 1, true)).toBe("0.0");
    expect(fmtCell(-3, "int", undefined, true)).toBe("-3");
    expect(fmtCell(2590, "int", undefined, true)).toBe("+2,590");
    expect(fmtCell(0, "int", undefined, true)).toBe("0");
    expect(fmtCell(-0.001, "num2", undefined, true)).toBe("0.00");
    expect(fmtCell(null, "pct", 1, true)).toBe("–");
    expect(fmtCell(0.0123, "pct", 1)).toBe("1.2%");
  });
});

describe("manifest helpers", () => {
  it("canonical JSON does not depend on key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it("quotes shell words only when needed", () => {
    expect(shellQuote("demand.surge=30")).toBe("demand.surge=30");
    expect(shellQuote("name=it's")).toBe("'name=it'\\''s'");
    expect(commandLine(["run", "a b.yaml"])).toBe("npx tsx src/cli.ts run 'a b.yaml'");
  });
});

describe("text tables", () => {
  it("pads by display width (CJK counts double) and right-aligns numbers", () => {
    expect(displayWidth("打包ab")).toBe(6);
    const t = textTable(["工位", "n"], [["打包", "1,240"], ["QC", "7"]]);
    expect(t.split("\n")).toEqual(["工位      n", "----  -----", "打包  1,240", "QC        7"]);
  });
});
