/**
 * The report's intervals (Wilson for 0/1 figures, shares clipped to 0-1), the 12 h / 24 h
 * shares' spread, the per-replication table and how often each bottleneck was one, in
 * every format.
 */
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { experimentText } from "../../../src/cli/run.js";
import { renderReport } from "../../../src/sim/report/index.js";
import { expectFullyChinese } from "../../helpers/chinese.js";
import { experiment, manifestOf } from "./fixtures.js";

async function csv(table: string, lang: "en" | "zh" = "en"): Promise<string[][]> {
  const exp = await experiment();
  return parse((await renderReport(exp, { format: "csv", lang, table, manifest: manifestOf(exp) })) as string, { bom: true }) as string[][];
}

describe("0/1 figures and shares in the figures table", () => {
  it("CSV: a 0/1 figure has no t half-width but the deadlines table's Wilson interval, with its method and count", async () => {
    const exp = await experiment();
    const rows = await csv("summary");
    const head = rows[0];
    expect(head.slice(8)).toEqual(["95% CI low", "95% CI high", "Interval"]);
    const d = exp.summary.deadlines.find((x) => x.id === "ship-2h")!;
    const row = rows.find((r) => r[0] === "deadlines.ship-2h.anyLate")!;
    expect(row[head.indexOf("± 95% half-width")]).toBe("");
    expect(Number(row[head.indexOf("95% CI low")])).toBeCloseTo(d.pAnyLate.low, 6);
    expect(Number(row[head.indexOf("95% CI high")])).toBeCloseTo(d.pAnyLate.high, 6);
    expect(row[head.indexOf("Interval")]).toBe(`Wilson (${d.pAnyLate.k} of ${d.pAnyLate.n})`);
    const cleared = rows.find((r) => r[0] === "run.cleared")!;
    expect(cleared[head.indexOf("Interval")]).toBe(`Wilson (${exp.summary.cleared.k} of 3)`);
    // A count keeps mean ± t half-width, its interval spelled out.
    const shipped = rows.find((r) => r[0] === "orders.shipped")!;
    const e = exp.summary.figures["orders.shipped"]!;
    expect(Number(shipped[head.indexOf("95% CI low")])).toBeCloseTo(e.mean - e.halfWidth, 5);
    expect(shipped[head.indexOf("Interval")]).toBe("t");
    // A share's interval never leaves 0-1.
    for (const r of rows.slice(1).filter((x) => /^shippedWithin\.|utilization$/.test(x[0]) && x[8] !== "")) {
      expect(Number(r[8]), r[0]).toBeGreaterThanOrEqual(0);
      expect(Number(r[9]), r[0]).toBeLessThanOrEqual(1);
    }
    const zh = await csv("summary", "zh");
    expect(zh[0].slice(8)).toEqual(["95% 置信区间 下限", "95% 置信区间 上限", "区间方法"]);
    expect(zh.find((r) => r[0] === "run.cleared")![10]).toBe(`Wilson（3 次中 ${exp.summary.cleared.k} 次）`);
  });

  it("HTML: the 0/1 figures' Wilson interval with the count, and the notes", async () => {
    const exp = await experiment();
    const d = exp.summary.deadlines.find((x) => x.id === "ship-2h")!;
    const h = (await renderReport(exp, { format: "html", lang: "en", manifest: manifestOf(exp) })) as string;
    const pct = (x: number) => `${(x * 100).toFixed(x !== 0 && x < 0.1 ? 1 : 0)}%`;
    expect(h).toContain(`<tr><td>Shipped within 2 h: P(any order late)</td><td class="num">${pct(d.pAnyLate.p)}</td><td class="num">Wilson ${pct(d.pAnyLate.low)}-${pct(d.pAnyLate.high)}</td><td class="num">(${d.pAnyLate.k}/${d.pAnyLate.n})</td>`);
    expect(h).toContain('<th class="num">95% CI</th><th class="num">[min, max]</th>');
    expect(h).toContain("their 95% interval is Wilson&#39;s for k of n replications");
    const zh = (await renderReport(exp, { format: "html", lang: "zh", manifest: manifestOf(exp) })) as string;
    expect(zh).toContain("其 95% 区间为 n 次中 k 次的 Wilson 区间");
  });
});

describe("the 12 h / 24 h shares' spread and the replications", () => {
  it("CSV: the worst replication with its seed, which the replications table lists", async () => {
    const exp = await experiment();
    const sh = await csv("shipping");
    expect(sh[0]).toEqual([
      "Figure id", "Figure", "Mean (0-1)", "95% CI low (0-1)", "95% CI high (0-1)", "Worst replication (0-1)", "Worst replication (index from 0)", "Seed of the worst",
      "Target (at least) (0-1)", "Replications below the target", "Replications", "Share of replications below the target (0-1)",
      "Share of replications below the target: 95% CI low (0-1)", "Share of replications below the target: 95% CI high (0-1)",
    ]);
    const h24 = sh.find((r) => r[0] === "shippedWithin.h24")!;
    const values = exp.runs.map((r) => r.shippedWithin.h24!);
    const worst = values.indexOf(Math.min(...values));
    expect(Number(h24[5])).toBeCloseTo(values[worst], 6);
    expect([Number(h24[6]), h24[7]]).toEqual([worst, String(exp.seeds[worst])]);
    // No target in the scenario: nothing to count below it.
    expect(h24.slice(8)).toEqual(["", "", "", "", "", ""]);

    const reps = await csv("replications");
    expect(reps[0]).toEqual(["Replication (index from 0)", "Seed", "Orders shipped (orders)", "Peak-day orders shipped within 12 h (0-1)", "Peak-day orders shipped within 24 h (0-1)", "Late orders (Double 11: shipped by 20 Nov 24:00)", "Late orders (Shipped within 2 h)", "Labour cost (¥)", "Backlog at end (orders)", "Backlog cleared before the horizon"]);
    // The rule that judges no order ("december") has no column: one line in the deadlines section says so.
    expect(reps.slice(1).map((r) => [Number(r[0]), r[1], Number(r[2]), Number(r[6]), Number(r[7])])).toEqual(
      exp.runs.map((r, i) => [i, String(exp.seeds[i]), r.orders.shipped, r.deadlines.find((d) => d.id === "ship-2h")!.late, Math.round(r.labour.cost * 1e6) / 1e6]),
    );
    expect(reps[worst + 1][1]).toBe(h24[7]);
    expect((await csv("replications", "zh"))[0].slice(0, 3)).toEqual(["仿真序号（从 0 起）", "随机种子", "已发货订单（单）"]);
  });

  it("XLSX: Shipping and Replications sheets, seeds as text", async () => {
    const exp = await experiment();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from((await renderReport(exp, { format: "xlsx", lang: "en", manifest: manifestOf(exp) })) as Uint8Array) as never);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.slice(0, 2)).toEqual(["Summary", "Shipping"]);
    expect(names).toContain("Replications");
    const reps = wb.getWorksheet("Replications")!;
    expect(reps.rowCount).toBe(1 + exp.runs.length);
    expect(reps.getRow(2).getCell(2).value).toBe(String(exp.seeds[0]));
    expect(reps.getRow(2).getCell(4).numFmt).toBe("0.0%");
    const sum = wb.getWorksheet("Summary")!;
    const head = (sum.getRow(1).values as unknown[]).slice(1);
    expect(head.slice(8)).toEqual(["95% CI low", "95% CI high", "Interval"]);
    const rows = sum.getSheetValues().slice(2) as unknown[][];
    const r = rows.indexOf(rows.find((x) => x[1] === "run.cleared")!) + 2;
    expect(sum.getRow(r).getCell(9).numFmt).toBe("0.0%");
    expect(sum.getRow(r).getCell(5).value).toBeNull();
  });

  it("HTML: the spread under the headline cards and in its own table, every replication in a collapsed table", async () => {
    const exp = await experiment();
    const h = (await renderReport(exp, { format: "html", lang: "en", manifest: manifestOf(exp) })) as string;
    const tail = exp.summary.shareTails!.find((x) => x.hours === 24)!;
    expect(h).toMatch(new RegExp(`<div class="k">Peak-day orders shipped within 24 h</div><div class="s">worst replication [\\d.]+% \\(seed ${tail.worst.seed}\\)</div>`));
    expect(h).toContain('<section id="shipping"><h2>Peak-day orders shipped within 12 h / 24 h over the replications</h2>');
    const details = /<details id="replications">([\s\S]*?)<\/details>/.exec(h)![1];
    for (const seed of exp.seeds) expect(details).toContain(`<td class="">${seed}</td>`);
    const zh = (await renderReport(exp, { format: "html", lang: "zh", manifest: manifestOf(exp) })) as string;
    expect(zh).toMatch(new RegExp(`<div class="s">最差一次 [\\d.]+%（种子 ${tail.worst.seed}）</div>`));
  });
});

describe("bottlenecks in the report", () => {
  it("say in how many replications the station was the bottleneck, with a note on how they are found", async () => {
    const exp = await experiment();
    const rows = await csv("bottlenecks");
    expect(rows[0].slice(-2)).toEqual(["Bottleneck in (replications)", "Replications"]);
    expect(rows.length - 1).toBe(exp.summary.bottlenecks.length);
    exp.summary.bottlenecks.forEach((b, i) => expect(rows[i + 1].slice(-2)).toEqual([String(b.inReplications!.k), "3"]));
    // The nights at print, in every replication (a period needs at least half of them).
    expect(exp.summary.bottlenecks.map((b) => [b.station, b.unstaffed, b.inReplications!.k])).toEqual([["print", true, 3], ["print", true, 3]]);
    const h = (await renderReport(exp, { format: "html", lang: "en", manifest: manifestOf(exp) })) as string;
    expect(h).toContain("Found replication by replication: an hour&#39;s bottleneck is the station with the longest queue in at least half of the replications");
  });
});

describe("a run stored before these fields existed", () => {
  it("renders in every format without them", async () => {
    const exp = structuredClone(await experiment());
    for (const e of Object.values(exp.summary.figures)) {
      if (!e) continue;
      delete e.low;
      delete e.high;
      delete e.interval;
      delete e.k;
    }
    delete exp.summary.shareTails;
    for (const b of exp.summary.bottlenecks) delete b.inReplications;
    for (const format of ["html", "csv", "xlsx", "json"] as const) {
      await expect(renderReport(exp, { format, lang: "zh", manifest: manifestOf(exp) })).resolves.toBeTruthy();
    }
    const rows = parse((await renderReport(exp, { format: "csv", lang: "en", table: "bottlenecks", manifest: manifestOf(exp) })) as string, { bom: true }) as string[][];
    for (const r of rows.slice(1)) expect(r.slice(-2)).toEqual(["", ""]);
    expect(((await renderReport(exp, { format: "csv", lang: "en", table: "shipping", manifest: manifestOf(exp) })) as string).trim().split("\n")).toHaveLength(1);
  });
});

describe("figures that cannot be negative, counts and late percentiles in every format", () => {
  // The fixture's 3 replications: QC's waits and queues spread so far that mean - half-width < 0;
  // a station's longest queue is a count (Weigh: 2, 2 and 3 orders, mean 2.33); 3 replications
  // are too few for a late P90 or P99 (both would be the worst replication's count).
  const CUT = "stations.qc.meanWaitMin";

  it("CSV: no interval passes below 0; a cut one keeps its t half-width, says so, and the deadlines' P90 / P99 are empty", async () => {
    const exp = await experiment();
    const rows = await csv("summary");
    const head = rows[0];
    const low = head.indexOf("95% CI low");
    for (const r of rows.slice(1).filter((x) => x[low] !== "")) expect(Number(r[low]), r[0]).toBeGreaterThanOrEqual(0);
    const e = exp.summary.figures[CUT]!;
    expect(e.mean - e.halfWidth).toBeLessThan(0);
    const row = rows.find((r) => r[0] === CUT)!;
    expect([row[low], row[head.indexOf("Interval")]]).toEqual(["0", "t, cut at 0"]);
    expect(Number(row[head.indexOf("± 95% half-width")])).toBeCloseTo(e.halfWidth, 5);
    expect(Number(row[head.indexOf("95% CI high")])).toBeCloseTo(e.mean + e.halfWidth, 5);
    expect((await csv("summary", "zh")).find((r) => r[0] === CUT)![10]).toBe("t（截断于 0）");
    const dl = await csv("deadlines");
    const d = dl.find((r) => r[0] === "ship-2h")!;
    expect(Number(d[dl[0].indexOf("Late orders (mean)")])).toBeGreaterThan(0);
    expect([d[dl[0].indexOf("Late P90")], d[dl[0].indexOf("Late P99")]]).toEqual(["", ""]);
    // The JSON keeps the fields.
    expect(exp.summary.deadlines.find((x) => x.id === "ship-2h")!.lateP90).toBe(exp.summary.figures["deadlines.ship-2h.late"]!.max);
  });

  it("text: +x/-y for a cut interval with its note, whole min and max of a count, and no P90 / P99 from 3 replications", async () => {
    const exp = await experiment();
    const en = experimentText(exp, "en");
    expect(en).toMatch(/^QC: Mean wait \(min\) +[\d.]+ \+[\d.]+\/-[\d.]+ \[[\d.]+, [\d.]+\]$/m);
    expect(en).not.toMatch(/^QC: Mean wait \(min\) .*±/m);
    expect(en).toContain("+x/-y on a figure that cannot be negative (a wait, a queue, a count): mean ± half-width would pass below 0, so its 95% t interval is cut at 0");
    // A count whose mean is not whole: the mean keeps its decimals, min and max print whole.
    expect(Number.isInteger(exp.summary.figures["stations.weigh.maxQueue"]!.mean)).toBe(false);
    expect(en).toMatch(/^Weigh: Max queue \(orders\) +\d+\.\d\d ± [\d.]+ \[\d+, \d+\]$/m);
    expect(en).toMatch(/^Printer failures +1\.67 ± [\d.]+ \[1, 2\]$/m);
    expect(en).toMatch(/^Shipped within 2 h +[\d.]+% +[\d.]+%-[\d.]+% +[\d.]+ +– +–$/m);
    expect(en).toContain('Late P90 needs at least 10 replications and Late P99 at least 100 ("–" until then): with 3 replications a nearest-rank percentile would only be the worst replication\'s count');
    const zh = experimentText(exp, "zh");
    const line = (text: string, start: string) => text.split("\n").find((l) => l.startsWith(start));
    expectFullyChinese(line(zh, "不可能为负的指标"));
    expectFullyChinese(line(zh, "超时 P90 至少需要 10 次仿真、超时 P99 至少需要 100 次"));
  });

  it("HTML: the same in the figures and the deadlines table", async () => {
    const exp = await experiment();
    const h = (await renderReport(exp, { format: "html", lang: "en", manifest: manifestOf(exp) })) as string;
    expect(h).toMatch(/<tr><td>QC: Mean wait \(min\)<\/td><td class="num">[\d.]+<\/td><td class="num">\+[\d.]+\/-[\d.]+<\/td>/);
    expect(h).toMatch(/<tr><td>Weigh: Max queue \(orders\)<\/td><td class="num">\d+\.\d\d<\/td><td class="num">± [\d.]+<\/td><td class="num">\[\d+, \d+\]<\/td>/);
    expect(h).toContain("+x/-y on a figure that cannot be negative");
    // The deadlines table and the notes under it.
    const table = h.slice(h.indexOf('id="deadline-table"'), h.indexOf("</section>", h.indexOf('id="deadline-table"')));
    expect(table).toContain('<td class="num">– / –</td>');
    expect(table).toContain("Late P90 needs at least 10 replications");
    const zh = (await renderReport(exp, { format: "html", lang: "zh", manifest: manifestOf(exp) })) as string;
    expect(zh).toContain("超时 P90 至少需要 10 次仿真、超时 P99 至少需要 100 次");
    expect(zh).toContain("不可能为负的指标");
  });

  it("XLSX: a count's min and max as whole numbers, its mean with a decimal; no P90 / P99 from 3 replications", async () => {
    const exp = await experiment();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from((await renderReport(exp, { format: "xlsx", lang: "en", manifest: manifestOf(exp) })) as Uint8Array) as never);
    const sum = wb.getWorksheet("Summary")!;
    const head = (sum.getRow(1).values as unknown[]).slice(1);
    const col = (label: string) => head.indexOf(label) + 1;
    const rowOf = (name: string) => sum.getRow((sum.getSheetValues().slice(2) as unknown[][]).findIndex((x) => x[1] === name) + 2);
    for (const name of ["stations.weigh.maxQueue", "mechanisms.printerFailures"]) {
      const r = rowOf(name);
      expect([r.getCell(col("Min")).numFmt, r.getCell(col("Max")).numFmt], name).toEqual(["#,##0", "#,##0"]);
      expect(r.getCell(col("Mean")).numFmt, name).toBe("#,##0.0");
    }
    // Not a count: a wait's min and max keep their decimals.
    expect(rowOf(CUT).getCell(col("Min")).numFmt).toBe("#,##0.0");
    expect(rowOf(CUT).getCell(col("95% CI low")).value).toBe(0);
    const dl = wb.getWorksheet("Deadlines")!;
    const dh = (dl.getRow(1).values as unknown[]).slice(1);
    const d = dl.getRow((dl.getSheetValues().slice(2) as unknown[][]).findIndex((x) => x[1] === "ship-2h") + 2);
    expect([d.getCell(dh.indexOf("Late P90") + 1).value, d.getCell(dh.indexOf("Late P99") + 1).value]).toEqual([null, null]);
  });
});
