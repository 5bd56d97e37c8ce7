/**
 * Figures with no observation in the reports: "–" in text and HTML, an empty cell in
 * CSV and XLSX, null in JSON, never 0. And the waits of a station where a run cut by
 * its horizon left orders waiting are marked (they cover the started orders only).
 */
import { parse } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { experimentText } from "../../../src/cli/run.js";
import { runExperiment } from "../../../src/sim/experiment/pool.js";
import type { Experiment } from "../../../src/sim/experiment/types.js";
import { Scenario } from "../../../src/sim/model/schema.js";
import { UNFINISHED_MARK, WAIT_MARK } from "../../../src/sim/report/i18n.js";
import { renderReport } from "../../../src/sim/report/index.js";
import { manifestOf } from "./fixtures.js";

/** Nobody at pack: no order gets past it (pack and weigh start none, nothing ships). */
const NO_PACKERS = {
  name: "no packers",
  horizon: "1d",
  demand: { baselinePerDay: 20, surge: 10, daysAfter: [], presaleOrders: 0 },
  staff: { roster: { print: { day: 2 }, pick: { day: 3 }, qc: { day: 2 }, pack: { day: 0 }, weigh: { day: 2 } }, flex: [] },
};

/** 3,000 orders and a horizon at 10:00: orders still waiting at the stations when the runs end. */
const CUT = { name: "cut", horizon: "10h", demand: { baselinePerDay: 300, surge: 10, daysAfter: [], presaleOrders: 0 }, staff: { absenceRate: 0, flex: [] } };

let noPackers: Promise<Experiment> | undefined;
let cut: Promise<Experiment> | undefined;
const run = (input: object) => runExperiment(Scenario.parse(input), { replications: 2, seed: 3, workers: 1 });

async function csv(exp: Experiment, table: string, lang: "en" | "zh" = "en"): Promise<string[][]> {
  return parse((await renderReport(exp, { format: "csv", lang, table, manifest: manifestOf(exp) })) as string, { bom: true }) as string[][];
}

describe("a station nobody works at", () => {
  it("has no wait and no utilisation in the summary (not 0)", async () => {
    const exp = await (noPackers ??= run(NO_PACKERS));
    const pack = exp.summary.stations.find((s) => s.id === "pack")!;
    expect(pack).toMatchObject({ utilization: null, meanWaitMin: null, p95WaitMin: null });
    expect(exp.summary.figures["stations.pack.meanWaitMin"]).toBeNull();
    expect(exp.summary.figures["timeInSystemMin.mean"]).toBeNull();
    // Weigh was on duty and idle: 0% is real.
    expect(exp.summary.figures["stations.weigh.utilization"]).toMatchObject({ mean: 0, n: 2 });
  });

  it("shows empty CSV cells, with n = 0 in the summary table", async () => {
    const exp = await (noPackers ??= run(NO_PACKERS));
    const st = await csv(exp, "stations");
    const head = st[0];
    const pack = st.find((r) => r[0] === "pack")!;
    for (const h of ["Utilisation (0-1)", "Mean wait (min)", "P95 wait (min)"]) expect(pack[head.indexOf(h)], h).toBe("");
    expect(Number(pack[head.indexOf("Waiting at end (orders, mean)")])).toBeGreaterThan(0);
    const weigh = st.find((r) => r[0] === "weigh")!;
    expect(weigh[head.indexOf("Utilisation (0-1)")]).toBe("0");
    const sum = await csv(exp, "summary");
    const w = sum.find((r) => r[0] === "stations.pack.meanWaitMin")!;
    // mean, half-width, min, max, n = 0, then the interval's low and high and its method: all empty.
    expect(w.slice(3)).toEqual(["", "", "", "", "0", "", "", ""]);
    const tis = sum.find((r) => r[0] === "timeInSystemMin.mean")!;
    expect(tis[3]).toBe("");
    // Hours nobody was on duty at pack: no utilisation, not 0%.
    const hourly = await csv(exp, "hourly");
    const col = hourly[0].indexOf("Pack Utilisation (0-1)");
    expect(hourly.slice(1).every((r) => r[col] === "")).toBe(true);
  });

  it("shows – in the HTML and the text, null in JSON, an empty cell in XLSX", async () => {
    const exp = await (noPackers ??= run(NO_PACKERS));
    for (const lang of ["en", "zh"] as const) {
      const html = (await renderReport(exp, { format: "html", lang, manifest: manifestOf(exp) })) as string;
      const row = html.match(/<tr><td class="">(Pack|打包)<\/td>.*?<\/tr>/)![0];
      // Utilisation over the run and the peak day, mean wait, P95 wait.
      expect(row.match(/<td class="num">–<\/td>/g)).toHaveLength(4);
      expect(html).toMatch(/<tr><td>(Pack: Mean wait \(min\)|打包：平均等待（分钟）)<\/td><td class="num">–<\/td>/);
      const text = experimentText(exp, lang);
      expect(text).toMatch(lang === "en" ? /Pack: Mean wait \(min\) +–\n/ : /打包：平均等待（分钟） +–\n/);
      expect(text).toMatch(lang === "en" ? /Payment to shipped, mean \(min\) +–\n/ : /付款至发货均值（分钟） +–\n/);
    }
    const json = JSON.parse((await renderReport(exp, { format: "json", lang: "en", manifest: manifestOf(exp) })) as string);
    expect(json.summary.figures["stations.pack.meanWaitMin"]).toBeNull();
    expect(json.summary.stations.find((s: { id: string }) => s.id === "pack").utilization).toBeNull();
    expect(json.replications[0].figures["stations.pack.utilization"]).toBeNull();
    const { default: Excel } = await import("exceljs");
    const wb: ExcelJS.Workbook = new Excel.Workbook();
    await wb.xlsx.load((await renderReport(exp, { format: "xlsx", lang: "en", manifest: manifestOf(exp) })) as never);
    const ws = wb.getWorksheet("Stations")!;
    const heads = (ws.getRow(1).values as unknown[]).map(String);
    const packRow = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(1).value === "pack")!;
    expect(packRow.getCell(heads.indexOf("Mean wait (min)")).value).toBeNull();
    expect(packRow.getCell(heads.indexOf("Utilisation (%)")).value).toBeNull();
  });
});

describe("runs cut by their horizon with orders still waiting", () => {
  it("count them per station and mark the waits, with a note in English and Chinese", async () => {
    const exp = await (cut ??= run(CUT));
    const pack = exp.summary.stations.find((s) => s.id === "pack")!;
    expect(pack.queuedAtEnd!.max).toBeGreaterThan(0);
    expect(pack.meanWaitMin).not.toBeNull();
    const weigh = exp.summary.stations.find((s) => s.id === "weigh")!;
    expect(weigh.queuedAtEnd!.max).toBe(0);

    const en = (await renderReport(exp, { format: "html", lang: "en", manifest: manifestOf(exp) })) as string;
    const packRow = en.match(/<tr><td class="">Pack<\/td>.*?<\/tr>/)![0];
    expect(packRow.match(new RegExp(`\\d\\${WAIT_MARK}</td>`, "g"))).toHaveLength(2);
    expect(en.match(/<tr><td class="">Weigh<\/td>.*?<\/tr>/)![0]).not.toContain(WAIT_MARK);
    expect(en).toMatch(/\* Waits over the orders that started service only: when the run ended, orders were still waiting at [^<]*Pack \([\d,.]+ orders, mean over replications\)/);
    // The figures table marks the same waits.
    expect(en).toMatch(/<tr><td>Pack: Mean wait \(min\)<\/td><td class="num">[\d.,]+\*<\/td>/);
    const zh = (await renderReport(exp, { format: "html", lang: "zh", manifest: manifestOf(exp) })) as string;
    expect(zh).toMatch(/\* 等待时间仅统计已开始处理的订单：运行结束时[^<]*打包（各次仿真均值 [\d,.]+ 单）/);

    const text = experimentText(exp, "en");
    expect(text).toMatch(/Pack: Mean wait \(min\) +[^\n]*\]\*\n/);
    expect(text).toContain("* Waits over the orders that started service only");
    expect(experimentText(exp, "zh")).toContain("* 等待时间仅统计已开始处理的订单");

    // CSV keeps the raw number and says how many waited.
    const st = await csv(exp, "stations");
    const row = st.find((r) => r[0] === "pack")!;
    expect(Number(row[st[0].indexOf("Mean wait (min)")])).toBeCloseTo(pack.meanWaitMin!.mean, 5);
    expect(Number(row[st[0].indexOf("Waiting at end (orders, mean)")])).toBeCloseTo(pack.queuedAtEnd!.mean, 5);
  });

  it("mark the times from payment, which cover the shipped (collected) orders only, with a note in English and Chinese", async () => {
    const exp = await (cut ??= run(CUT));
    const f = exp.summary.figures;
    expect(f["orders.backlogAtEnd"]!.min).toBeGreaterThan(0);
    expect(f["timeInSystemMin.p95"]).not.toBeNull();
    const unshipped = f["orders.backlogAtEnd"]!.mean.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

    const en = (await renderReport(exp, { format: "html", lang: "en", manifest: manifestOf(exp) })) as string;
    expect(en).toMatch(new RegExp(`<tr><td>Payment to shipped, P95 \\(min\\)</td><td class="num">[\\d.,]+${UNFINISHED_MARK}</td>`));
    // Nothing was collected by 10:00: no time to pickup, nothing to mark, and the note does not count them.
    expect(f["timeToCollectMin.mean"]).toBeNull();
    expect(en).toMatch(/<tr><td>Payment to pickup scan, mean \(min\)<\/td><td class="num">–<\/td>/);
    expect(en).not.toContain("not collected");
    // Not on a count.
    expect(en).not.toMatch(new RegExp(`<tr><td>Orders shipped</td><td class="num">[^<]*${UNFINISHED_MARK}`));
    // The headline card carries it too.
    expect(en).toMatch(new RegExp(`<div class="v">[\\d,]+${UNFINISHED_MARK}</div><div class="k">Payment to shipped \\(min\\) P95</div>`));
    expect(en).toContain(`${UNFINISHED_MARK} Times from payment over the orders shipped (collected) only: the run stopped at its horizon with ${unshipped} orders not shipped`);
    const zh = (await renderReport(exp, { format: "html", lang: "zh", manifest: manifestOf(exp) })) as string;
    expect(zh).toContain(`${UNFINISHED_MARK} 付款至发货（揽收）时间仅统计已发货（已揽收）的订单：仿真结束时仍有${unshipped} 单未发货`);

    const text = experimentText(exp, "en");
    expect(text).toMatch(new RegExp(`Payment to shipped, mean \\(min\\) +[^\\n]*\\]${UNFINISHED_MARK}\\n`));
    expect(text).toContain(`${UNFINISHED_MARK} Times from payment over the orders shipped (collected) only`);
    expect(experimentText(exp, "zh")).toContain(`${UNFINISHED_MARK} 付款至发货（揽收）时间仅统计`);
  });

  it("leave the times from payment unmarked when every run cleared", async () => {
    const exp = await run({ ...CUT, horizon: "3d" });
    expect(exp.summary.figures["run.cleared"]!.mean).toBe(1);
    expect(experimentText(exp, "en")).not.toContain(UNFINISHED_MARK);
    expect((await renderReport(exp, { format: "html", lang: "en", manifest: manifestOf(exp) })) as string).not.toContain(UNFINISHED_MARK);
  });
});
