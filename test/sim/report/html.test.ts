import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderReport } from "../../../src/sim/report/index.js";
import { chartJsBundle, experiment, manifestOf } from "./fixtures.js";

const CHROMIUM = "/usr/bin/chromium";

async function html(lang: "en" | "zh" = "en", withCharts = true): Promise<string> {
  const exp = await experiment();
  return (await renderReport(exp, { format: "html", lang, manifest: manifestOf(exp), chartJs: withCharts ? chartJsBundle() : undefined })) as string;
}

describe("HTML report (static checks)", () => {
  it("is self-contained: no network references in src or href, Chart.js inlined", async () => {
    const h = await html();
    expect(h).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(h).not.toMatch(/<link\b/i);
    expect(h).not.toMatch(/<script[^>]+src=/i);
    expect(h).toContain("Chart.js v4");
    expect(h).toContain("@page { size: A4");
  });

  it("escapes scenario text (a name holding </script> and markup)", async () => {
    const h = await html();
    expect(h).not.toContain("<b>名</b>");
    expect(h).toContain("micro, &quot;quoted&quot; &lt;b&gt;名&lt;/b&gt;&lt;/script&gt;");
    // The embedded chart data cannot close its script element.
    const data = /<script type="application\/json" id="peakline-data">([\s\S]*?)<\/script>/.exec(h)![1];
    expect(data).not.toContain("</");
  });

  it("holds the figures, the advice, the staffing, the assumptions and the manifest with the re-run command", async () => {
    const exp = await experiment();
    const h = await html("zh");
    expect(h).toContain('<html lang="zh-CN">');
    expect(h).toContain("发货时效风险报告");
    expect(h).toContain("打包");
    expect(h).toContain("排班（各班次人数）");
    expect(h).toContain("主要假设");
    expect(h).toContain(exp.seeds.join(" "));
    expect(h).toContain("npx tsx src/cli.ts report scenarios/x.yaml --seed 2 --replications 3 --set &#39;name=a b&#39; --format html --out r.html");
    expect(h).toMatch(/[0-9a-f]{64}/);
    for (const a of exp.summary.advice) expect(h).toContain(a.zh.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"));
    expect(h).toContain("2小时内发货");
    // When it was made, in the scenario's time zone (the manifest keeps the ISO instant).
    expect(h).toContain("生成时间：2026-11-01 08:00 (Asia/Shanghai)");
  });

  it("speaks Chinese in the assumptions and the staffing, not the scenario's ids and codes", async () => {
    const h = await html("zh");
    const section = (id: string) => new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`).exec(h)![1];
    const assumptions = section("assumptions");
    expect(assumptions).toContain("对数正态分布，均值 6 秒");
    expect(assumptions).toContain("返工 1.0% 回到拣货");
    expect(assumptions).toContain("大促当天曲线");
    expect(assumptions).not.toMatch(/lognormal|peak-day|回到 pick/);
    const staffing = section("staffing");
    expect(staffing).toContain("<td class=\"\">白班</td>");
    expect(staffing).not.toContain(">day<");
  });

  it("says 'no cap' for a courier without one, and gives a cap the file sets", async () => {
    const exp = await experiment();
    const couriers = exp.scenario.couriers.map((c, i) => (i === 0 ? { ...c, dailyCap: 2000 } : c));
    const capped = { ...exp, scenario: { ...exp.scenario, couriers } };
    const section = (h: string) => /<section id="assumptions">([\s\S]*?)<\/section>/.exec(h)![1];
    const en = section((await renderReport(capped, { format: "html", lang: "en", manifest: manifestOf(capped) })) as string);
    expect(en).toContain("no cap per pickup, ≤ 2,000/day");
    expect(en).toContain("no cap per pickup, no daily cap");
    expect(en).not.toContain("10,000,000");
    const zh = section((await renderReport(capped, { format: "html", lang: "zh", manifest: manifestOf(capped) })) as string);
    expect(zh).toContain("每次不限，每天 ≤ 2,000");
    expect(zh).toContain("每次不限，每天不限");
  });

  it("names no courier in the deadline advice of rules judged on shipment (every rule of this file), in either language", async () => {
    const exp = await experiment();
    const rules = exp.summary.advice.filter((a) => a.kind === "deadline");
    expect(rules.length).toBeGreaterThan(0); // ship-2h has late orders
    for (const lang of ["en", "zh"] as const) {
      const section = /<section id="advice">([\s\S]*?)<\/section>/.exec(await html(lang))![1];
      expect(section).toContain(lang === "en" ? "Shipped within 2 h:" : "2小时内发货：");
      expect(section).not.toMatch(lang === "en" ? /courier/i : /快递/);
    }
  });

  it("states a courier's tracking-record delay and the returns in the assumptions", async () => {
    const exp = await experiment();
    const couriers = exp.scenario.couriers.map((c, i) => (i === 0 ? { ...c, recordDelay: 4 * 3600 } : c));
    const returns = { ...exp.scenario.returns, share: 0.3, station: "pack" };
    const x = { ...exp, scenario: { ...exp.scenario, couriers, returns } };
    const section = (h: string) => /<section id="assumptions">([\s\S]*?)<\/section>/.exec(h)![1];
    const en = section((await renderReport(x, { format: "html", lang: "en", manifest: manifestOf(x) })) as string);
    expect(en).toContain("tracking record 4 h after pickup");
    expect(en).toContain("30% of collected parcels, back about 6 days after pickup, handled at Pack when no order waits there (orders first)");
    const zh = section((await renderReport(x, { format: "html", lang: "zh", manifest: manifestOf(x) })) as string);
    expect(zh).toContain("揽收后 4 小时出物流记录");
    expect(zh).toContain("由打包在无订单等待时处理（订单优先）");
    // In one line with the orders; and a run stored before the priority existed was that.
    const fifo = { ...x, scenario: { ...x.scenario, returns: { ...returns, priority: "fifo" as const } } };
    expect(section((await renderReport(fifo, { format: "html", lang: "en", manifest: manifestOf(fifo) })) as string)).toContain("handled at Pack in one line with its orders (first come, first served)");
    const { priority: _, ...before } = returns;
    const old = { ...x, scenario: { ...x.scenario, returns: before as typeof returns } };
    expect(section((await renderReport(old, { format: "html", lang: "zh", manifest: manifestOf(old) })) as string)).toContain("由打包与订单排同一队、先到先处理");
    // Neither, when the scenario has neither.
    const plain = section((await renderReport(exp, { format: "html", lang: "en", manifest: manifestOf(exp) })) as string);
    expect(plain).not.toContain("tracking record");
    expect(plain).not.toContain("Returns");
  });

  it("names the scenario in the report's language; a run stored with a plain-text name keeps it", async () => {
    const exp = structuredClone(await experiment());
    exp.scenario.name = { en: "Peak A", zh: "大促甲" };
    exp.scenario.description = { en: "Does one spare do?", zh: "一台备用机够吗？" };
    const zh = (await renderReport(exp, { format: "html", lang: "zh", manifest: manifestOf(exp) })) as string;
    expect(zh).toMatch(/<title>[^<]*：大促甲<\/title>/);
    expect(zh).toContain("<b>大促甲</b>");
    expect(zh).not.toContain("Peak A</b>");
    expect(zh).toContain("<p>一台备用机够吗？</p>");
    const en = (await renderReport(exp, { format: "html", lang: "en", manifest: manifestOf(exp) })) as string;
    expect(en).toContain("<b>Peak A</b>");
    expect(en).toContain("<p>Does one spare do?</p>");
    const m = manifestOf(exp);
    expect([m.scenarioName, m.scenarioNameZh]).toEqual(["Peak A", "大促甲"]);
    // Runs stored before names were bilingual hold the name as text.
    (exp.scenario as { name: unknown }).name = "Old run";
    const old = (await renderReport(exp, { format: "html", lang: "zh", manifest: manifestOf(exp) })) as string;
    expect(old).toContain("<b>Old run</b>");
  });

  it("says under the file's name and question what the run changed from it", async () => {
    const exp = await experiment();
    expect(await html("en")).not.toContain('id="changes"');
    const manifest = { ...manifestOf(exp), changes: ["demand.surge=30", "+printer-down@09:00/3h"] };
    const en = (await renderReport(exp, { format: "html", lang: "en", manifest })) as string;
    expect(en).toContain("Changed from the scenario (the question above is the file&#39;s): </b><code>demand.surge=30  +printer-down@09:00/3h</code>");
    expect(en.indexOf('id="changes"')).toBeLessThan(en.indexOf("</header>"));
    const zh = (await renderReport(exp, { format: "html", lang: "zh", manifest })) as string;
    expect(zh).toContain("相对场景的改动（上面的问题是原文件的）：</b>");
    // And in the reproducibility block of every format.
    const csv = (await renderReport(exp, { format: "csv", lang: "en", table: "manifest", manifest })) as string;
    expect(csv).toContain("demand.surge=30  +printer-down@09:00/3h");
  });

  it("renders a run stored before 'undetermined', returns and record delays existed (every format)", async () => {
    const exp = structuredClone(await experiment());
    for (const d of exp.summary.deadlines) delete d.undetermined;
    delete (exp.scenario as { returns?: unknown }).returns;
    for (const c of exp.scenario.couriers) delete (c as { recordDelay?: unknown }).recordDelay;
    for (const format of ["html", "csv", "xlsx", "json"] as const) {
      await expect(renderReport(exp, { format, lang: "zh", manifest: manifestOf(exp) })).resolves.toBeTruthy();
    }
  });

  it("names 12 h / 24 h windows left open by a run cut at its horizon on the headline cards", async () => {
    const exp = structuredClone(await experiment());
    const f = exp.summary.figures;
    const before = (await renderReport(exp, { format: "html", lang: "zh", manifest: manifestOf(exp) })) as string;
    expect(before).not.toContain("% 未判定");
    f["shippedWithin.undeterminedH12"] = { ...f["shippedWithin.h12"]!, mean: 0.25, max: 0.25 };
    const after = (await renderReport(exp, { format: "html", lang: "zh", manifest: manifestOf(exp) })) as string;
    expect(after).toMatch(/<div class="v">[0-9.]+% \+ 25% 未判定<\/div><div class="k">大促当天订单发货时效 12 小时内<\/div>/);
  });

  it("leaves a rule that judged no order out of the deadline table, the figures and the cards, saying so once", async () => {
    const text = await html("en", false);
    // No row of zeros and "–" risk: one line under the deadline table instead.
    expect(text).not.toMatch(/<tr><td>December orders within 48 h<\/td>/);
    expect(text).toContain('<p class="muted" id="rules-without-orders">December orders within 48 h: applies to no order in this run (no order was paid in its window), so it has no risk to show and is left out of the tables.</p>');
    // Once in the report (the resolved scenario's JSON at the end keeps the rule).
    const body = (h: string) => h.slice(0, h.indexOf('<section id="manifest">'));
    expect(body(text).match(/December orders within 48 h/g)).toHaveLength(1);
    expect(text).not.toContain("<code>deadlines.december.");
    const zh = await html("zh", false);
    expect(zh).toContain("“12月订单48小时内发货”在本次仿真中没有适用的订单（没有订单在其付款时段内付款），没有风险可显示，表中不列出。");
    expect(body(zh).match(/12月订单48小时内发货/g)).toHaveLength(1);
    expect(text).not.toMatch(/<div class="k">[^<]*December orders/);
    // Nor a whisker in the risk chart.
    const data = JSON.parse(/<script type="application\/json" id="peakline-data">([\s\S]*?)<\/script>/.exec(text)![1]) as { risk: { label: string }[] };
    expect(data.risk.map((r) => r.label)).toEqual(["Double 11: shipped by 20 Nov 24:00", "Shipped within 2 h"]);
    // The rules that judged orders keep their interval.
    expect(text).toMatch(/<tr><td>Shipped within 2 h<\/td>.*?\[[0-9.]+%, [0-9.]+%\] \(\d\/3\)<\/td>/);
  });

  it("writes a disruption's duration as a manager does (1 h 15 min, not 1.3 h)", async () => {
    const exp = await experiment();
    const x = { ...exp, scenario: { ...exp.scenario, disruptions: [{ type: "order-system" as const, at: "2026-11-11 00:00", duration: 4500 }, { type: "power" as const, at: "2026-11-11 09:00", duration: 3 * 3600 }] } };
    const section = (h: string) => /<section id="assumptions">([\s\S]*?)<\/section>/.exec(h)![1];
    const en = section((await renderReport(x, { format: "html", lang: "en", manifest: manifestOf(x) })) as string);
    expect(en).toContain("order system down 2026-11-11 00:00 for 1 h 15 min; power cut 2026-11-11 09:00 for 3 h");
    expect(en).not.toContain("1.3 h");
    const zh = section((await renderReport(x, { format: "html", lang: "zh", manifest: manifestOf(x) })) as string);
    expect(zh).toContain("订单系统宕机 2026-11-11 00:00 起 1 小时 15 分钟；停电 2026-11-11 09:00 起 3 小时");
  });

  it("in Chinese: the stop reason without its English code, rules by their labels in the replications table, a custom shift by a name", async () => {
    const exp = await experiment();
    const shifts = [{ ...exp.scenario.staff.shifts[0], id: "launch", start: "00:00", end: "08:00" }, ...exp.scenario.staff.shifts];
    const x = { ...exp, scenario: { ...exp.scenario, staff: { ...exp.scenario.staff, shifts } } };
    const manifest = { ...manifestOf(x), stoppedBecause: "replications" as const };
    const zh = (await renderReport(x, { format: "html", lang: "zh", manifest })) as string;
    expect(zh).toContain("<tr><th>停止原因</th><td>已完成指定的仿真次数</td></tr>");
    expect(zh).not.toContain("(replications)");
    const reps = /<details id="replications">([\s\S]*?)<\/details>/.exec(zh)![1];
    expect(reps).toContain("超时订单（双11：11月20日24:00前发货）");
    expect(reps).toContain("超时订单（2小时内发货）");
    expect(reps).not.toMatch(/（(d11-ship|ship-2h|december)）/);
    const staffing = /<section id="staffing">([\s\S]*?)<\/section>/.exec(zh)![1];
    expect(staffing).toContain(`<td class="">launch 班</td><td class="">00:00-08:00</td>`);
    expect(staffing).not.toContain("“launch”");
    const en = (await renderReport(x, { format: "html", lang: "en", manifest })) as string;
    expect(en).toContain("<tr><th>Stopped because</th><td>the requested replications were run (replications)</td></tr>");
    expect(/<details id="replications">([\s\S]*?)<\/details>/.exec(en)![1]).toContain("Late orders (Shipped within 2 h)");
    expect(/<section id="staffing">([\s\S]*?)<\/section>/.exec(en)![1]).toContain(`<td class="">launch shift</td>`);
  });

  it("says under the headline when the horizon cut the peak day, and not otherwise", async () => {
    const exp = structuredClone(await experiment());
    expect(await html("en", false)).not.toContain('id="peak-day-cut"');
    exp.summary.peakDayCut = { endSec: 20 * 3600, dayEndSec: 24 * 3600, orders: 150 };
    const en = (await renderReport(exp, { format: "html", lang: "en", manifest: manifestOf(exp) })) as string;
    expect(/<section id="headline">[\s\S]*?<\/section>/.exec(en)![0]).toContain(
      '<p class="notice" id="peak-day-cut">The peak day is incomplete: the horizon ends at 20:00 on 11 Nov, before the day&#39;s demand ends (24:00), so the 12 h / 24 h shares cover only the 150 peak-day orders paid by 20:00',
    );
    const zh = (await renderReport(exp, { format: "html", lang: "zh", manifest: manifestOf(exp) })) as string;
    expect(zh).toContain("大促当天不完整：仿真在11月11日 20:00 结束");
  });

  it("without the Chart.js bundle says the charts are left out", async () => {
    const h = await html("en", false);
    expect(h).not.toContain("<canvas");
    expect(h).toContain("Chart left out");
  });
});

describe.skipIf(!existsSync(CHROMIUM))("HTML report in headless Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "peakline-html-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("draws every chart (non-blank canvases), without errors or network requests", async () => {
    const { chromium } = await import("playwright-core");
    const file = join(dir, "r.html");
    writeFileSync(file, await html("zh"));
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(`file://${file}`);
      await page.waitForFunction(() => document.body.dataset.charts === "drawn", undefined, { timeout: 10_000 });
      const canvases = await page.evaluate(() =>
        [...document.querySelectorAll("canvas")].map((c) => {
          const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
          return { id: c.id, painted, total: c.width * c.height };
        }),
      );
      expect(canvases.map((c) => c.id)).toEqual(["chart-backlog", "chart-queues", "chart-risk"]);
      for (const c of canvases) expect(c.painted, c.id).toBeGreaterThan(c.total * 0.01);
      expect(errors).toEqual([]);
      expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
      // Printable: the PDF renders (A4).
      const pdf = await page.pdf({ format: "A4" });
      expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    } finally {
      await browser.close();
    }
  });
});

if (!existsSync(CHROMIUM)) {
  // Visible in the test output, so a skipped browser check is noticed.
  console.warn(`skipping the HTML browser test: ${CHROMIUM} not found (apt-get install -y chromium)`);
}
