import { describe, expect, it } from "vitest";
import { figureLabel, fmtCell, fmtPct, formatDeadline, formatPeriod, MESSAGES, peopleOf } from "../../../src/sim/report/i18n.js";
import { canonicalJson, commandLine, shellQuote } from "../../../src/sim/report/manifest.js";
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
