import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_TABLES, renderReport } from "../../../src/sim/report/index.js";
import { experiment, manifestOf, NAME } from "./fixtures.js";

async function csvOf(table: string, lang: "en" | "zh" = "en"): Promise<{ text: string; rows: string[][] }> {
  const exp = await experiment();
  const text = (await renderReport(exp, { format: "csv", lang, table, manifest: manifestOf(exp) })) as string;
  return { text, rows: parse(text, { bom: true }) as string[][] };
}

describe("CSV export", () => {
  it("starts with a UTF-8 BOM and has Chinese headings with --lang zh", async () => {
    const { text, rows } = await csvOf("deadlines", "zh");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(rows[0]).toContain("出现超时的概率（0-1）");
    expect(rows[0][1]).toBe("规则");
    expect(rows[1][1]).toBe("双11：11月20日24:00前发货");
  });

  it("puts every Chinese heading's unit in full-width brackets, as the English ones in ASCII", async () => {
    for (const table of CSV_TABLES) {
      const zh = (await csvOf(table, "zh")).rows[0];
      expect(zh.filter((h) => /[()]/.test(h)), table).toEqual([]);
      const en = (await csvOf(table, "en")).rows[0];
      expect(en.filter((h) => /[（）]/.test(h)), table).toEqual([]);
    }
    const { rows } = await csvOf("deadlines", "zh");
    expect(rows[0]).toEqual(expect.arrayContaining(["适用订单（均值）", "超时且未完成（均值）", "未判定（均值）", "95% 置信区间 下限（0-1）"]));
    expect((await csvOf("staffing", "zh")).rows[0]).toEqual(expect.arrayContaining(["正式员工（人）", "临时工（人）", "合计（人）"]));
    expect((await csvOf("hourly", "zh")).rows[0][1]).toBe("时间（Asia/Shanghai）");
    expect((await csvOf("deadlines", "en")).rows[0]).toEqual(expect.arrayContaining(["Orders judged (mean)", "95% CI low (0-1)"]));
  });

  it("holds the run's numbers", async () => {
    const exp = await experiment();
    const { rows } = await csvOf("deadlines");
    const head = rows[0];
    const row = rows.find((r) => r[0] === "ship-2h")!;
    const d = exp.summary.deadlines.find((x) => x.id === "ship-2h")!;
    expect(d.late.mean).toBeGreaterThan(0);
    expect(Number(row[head.indexOf("Late orders (mean)")])).toBeCloseTo(d.late.mean, 5);
    expect(Number(row[head.indexOf("P(any order late) (0-1)")])).toBeCloseTo(d.pAnyLate.p, 6);
    expect(row[head.indexOf("Deadline")]).toBe("within 2 h of payment");
    // A rule that judged no order: no risk to estimate, so the cells are empty (not 0% [0%, 71%]).
    const none = rows.find((r) => r[0] === "december")!;
    expect(exp.summary.deadlines.find((x) => x.id === "december")!.orders.mean).toBe(0);
    expect([head.indexOf("P(any order late) (0-1)"), head.indexOf("95% CI low (0-1)"), head.indexOf("95% CI high (0-1)")].map((i) => none[i])).toEqual(["", "", ""]);
    // Shown once: 0 orders judged and the rest empty, no zeros of late orders; its figures are not in the summary table.
    expect(none.slice(head.indexOf("Orders judged (mean)"))).toEqual(["0", ...new Array(11).fill("")]);

    const sum = await csvOf("summary");
    expect(sum.rows.filter((r) => r[0].startsWith("deadlines.december."))).toEqual([]);
    expect(sum.rows.filter((r) => r[0].startsWith("deadlines.ship-2h.")).length).toBeGreaterThan(0);
    const shipped = sum.rows.find((r) => r[0] === "orders.shipped")!;
    expect(Number(shipped[3])).toBeCloseTo(exp.summary.figures["orders.shipped"]!.mean, 5);
    expect(Number(shipped[7])).toBe(3);

    const hourly = await csvOf("hourly");
    expect(hourly.rows.length - 1).toBe(exp.summary.hourly.startSec.length);
    expect(hourly.rows[1][1]).toBe("2026-11-11 00:00");
    const bi = hourly.rows[0].indexOf("Backlog (orders) mean");
    expect(hourly.rows.slice(1).map((r) => Number(r[bi]))).toEqual(exp.summary.hourly.backlog.mean.map((x) => Math.round(x * 1e6) / 1e6));
  });

  it("quotes per RFC 4180: commas, quotes and newlines survive a round trip", async () => {
    const { rows } = await csvOf("manifest");
    const name = rows.find((r) => r[0] === "scenarioName")!;
    expect(name[2]).toBe(NAME);
    const cmd = rows.find((r) => r[0] === "command")!;
    expect(cmd[2]).toContain("--set 'name=a b'");
    const scen = rows.find((r) => r[0] === "scenario")!;
    expect(JSON.parse(scen[2]).name).toEqual({ en: NAME });
  });

  it("every table renders, and an unknown table is refused with the list", async () => {
    for (const t of CSV_TABLES) expect((await csvOf(t)).rows.length, t).toBeGreaterThan(1);
    const exp = await experiment();
    await expect(renderReport(exp, { format: "csv", lang: "en", table: "nope", manifest: manifestOf(exp) })).rejects.toThrow(/unknown table "nope"; tables are summary, deadlines/);
  });
});
