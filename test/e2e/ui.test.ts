/**
 * The page in headless Chromium: edit the scenario, change a staffing number, run,
 * see the charts, switch to Chinese, download a report.
 *
 * Needs /usr/bin/chromium. In CI (process.env.CI set) a missing browser fails the
 * test; locally it is skipped with a message.
 */
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { haveChromium, launchBrowser, startServer } from "./browser.js";

const skip = !haveChromium() && !process.env.CI;
if (skip) console.warn("test/e2e/ui.test.ts skipped: /usr/bin/chromium is missing (apt-get install -y chromium); CI runs it");

/** A scenario small enough for a 3-replication run to take about a second. */
/** The axis titles of the chart on `canvas` (Chart.js 4's registry, the page's global Chart). */
async function axisTitles(page: Page, canvas: string): Promise<{ x: string; y: string }> {
  return page.$eval(canvas, (c) => {
    type Scale = { title?: { display?: boolean; text?: string } };
    const chart = (globalThis as unknown as { Chart: { getChart(c: Element): { options: { scales: Record<string, Scale> } } | undefined } }).Chart.getChart(c);
    const text = (s?: Scale) => (s?.title?.display ? (s.title.text ?? "") : "");
    return { x: text(chart?.options.scales.x), y: text(chart?.options.scales.y) };
  });
}

/** A difference shown as negative zero ("-0", "-0.0", "-0.00"), which must read "0.0". */
const NEGATIVE_ZERO = /(^|[^\d.])-0(\.0+)?(?![\d.])/;

const SMALL_YAML = `name: E2E small
demand:
  baselinePerDay: 20
  presaleOrders: 0
  daysAfter: [1]
`;

describe.skipIf(skip)("web UI in Chromium", () => {
  let browser: Browser;
  let page: Page;
  let server: Awaited<ReturnType<typeof startServer>>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "en-GB", acceptDownloads: true });
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(server.url);
    await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("loads the default scenario into the staffing grid", async () => {
    await expect.poll(() => page.inputValue("[data-testid=staff-pack-day-perm]")).toBe("6");
    expect(await page.textContent("[data-testid=staff-total]")).toContain("15");
    // The question the scenario answers, under its name.
    expect(await page.textContent("[data-testid=scenario-about]")).toContain("15-person team");
  });

  it("shows path-named errors for a bad scenario text", async () => {
    await page.click("#editor > summary");
    await page.fill("[data-testid=scenario-text]", "demand:\n  surge: 500\n");
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=validation].bad");
    expect(await page.textContent("[data-testid=validation]")).toContain("demand.surge");
  });

  it("warns about a roster that pays people who cannot work", async () => {
    await page.fill("[data-testid=scenario-text]", "staff:\n  roster:\n    pack: { day: 45 }\n");
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=validation].warn");
    const text = await page.textContent("[data-testid=validation]");
    expect(text).toContain("staff.roster.pack.day");
    expect(text).toContain("5 would be paid and idle");
  });

  it("edits the scenario, changes a staffing number and runs with live progress and charts", async () => {
    await page.fill("[data-testid=scenario-text]", SMALL_YAML);
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=validation].ok");
    await page.fill("[data-testid=staff-pack-day-perm]", "8");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toContain("staff.roster.pack.day=8");
    await page.fill("[data-testid=replications]", "3");
    await page.click("[data-testid=run]");
    await page.waitForSelector("[data-testid=progress-text][data-status=done]", { timeout: 60_000 });
    await page.waitForSelector("[data-testid=chart-backlog][data-ready=true]");
    await page.waitForSelector("[data-testid=chart-queue][data-ready=true]");
    expect(await page.locator("[data-testid=heatmap] tbody tr").count()).toBe(5);
    expect(await page.textContent("[data-testid=results-title]")).toContain("E2E small");
    // Every chart's axes say what they count, with units.
    expect(await axisTitles(page, "[data-testid=chart-backlog]")).toEqual({ x: "Time (MM-DD hh:mm)", y: "Backlog (orders)" });
    expect(await axisTitles(page, "[data-testid=chart-queue]")).toEqual({ x: "Time (MM-DD hh:mm)", y: "Queue (orders)" });
    expect(await axisTitles(page, "[data-testid=chart-risk]")).toEqual({ x: "Paid on (MM-DD)", y: "Late orders (mean per replication)" });
    // The heatmap's key: the scale as cells (100 included) and the grey of nobody on duty.
    const legend = page.locator("[data-testid=heatmap-legend]");
    expect(await legend.textContent()).toContain("% of the on-duty staff's time busy");
    expect(await legend.locator(".heat-swatch:not(.off)").allTextContents()).toEqual(["0", "50", "75", "90", "100"]);
    expect(await legend.textContent()).toContain("nobody on duty");
    // A cell with a figure shows it (whatever its colour); grey cells are the hours nobody was on duty.
    for (const cell of await page.locator("[data-testid=heatmap] tbody td:not(.off)").all()) expect(await cell.textContent()).toMatch(/^\d{1,3}$/);
    // A run of several days shows the peak day's 24 hours first; "all days" shows the whole run, and back.
    const dayButtons = page.locator("[data-testid=heatmap-days] button");
    expect(await dayButtons.first().getAttribute("aria-pressed")).toBe("true");
    expect(await dayButtons.first().textContent()).toBe("11-11");
    const columns = () => page.locator("[data-testid=heatmap] tbody tr:first-child td").count();
    expect(await columns()).toBe(24);
    await page.click("[data-testid=heatmap-day-all]");
    expect(await columns()).toBeGreaterThan(24);
    expect(await page.getAttribute("[data-testid=heatmap-day-all]", "aria-pressed")).toBe("true");
    await page.click("[data-testid=heatmap-day-11-11]");
    expect(await columns()).toBe(24);

    // The run really used the changed staffing.
    const runs = (await (await fetch(`${server.url}api/runs`)).json()) as { id: string }[];
    const run = (await (await fetch(`${server.url}api/runs/${runs[0].id}`)).json()) as { scenario: { staff: { roster: Record<string, Record<string, number>> } }; sets: string[] };
    expect(run.scenario.staff.roster.pack.day).toBe(8);
    expect(run.sets).toEqual(["staff.roster.pack.day=8"]);
  });

  it("marks the tab bar up as ARIA tabs, the selected tab kept in sync", async () => {
    const selected = () => page.$$eval("[role=tablist] [role=tab]", (tabs) => tabs.map((b) => `${b.getAttribute("data-tab")}=${b.getAttribute("aria-selected")}`));
    expect(await selected()).toEqual(["results=true", "history=false", "planner=false"]);
    for (const tab of await page.locator("[role=tab]").all()) {
      const panel = await tab.getAttribute("aria-controls");
      expect(await page.getAttribute(`#${panel}`, "role")).toBe("tabpanel");
      expect(await page.getAttribute(`#${panel}`, "aria-labelledby")).toBe(await tab.getAttribute("id"));
    }
    await page.click("[data-testid=tab-history]");
    expect(await selected()).toEqual(["results=false", "history=true", "planner=false"]);
    expect(await page.getByRole("tab", { name: "History & compare", selected: true }).count()).toBe(1);
    expect(await page.isVisible("#tab-history")).toBe(true);
    expect(await page.isHidden("#tab-results")).toBe(true);
    await page.click("[data-testid=tab-results]");
    expect(await selected()).toEqual(["results=true", "history=false", "planner=false"]);
    expect(await page.isVisible("#tab-results")).toBe(true);
  });

  it("names every what-if field for screen readers", async () => {
    const fields = page.locator(".whatifs input:not([type=checkbox]), .whatifs select");
    expect(await fields.count()).toBe(13);
    for (const f of await fields.all()) expect((await f.getAttribute("aria-label")) ?? "").not.toBe("");
    // No field without an accessible name in the accessibility tree.
    const tree = await page.locator(".whatifs").ariaSnapshot();
    expect(tree).not.toMatch(/- '?(textbox|spinbutton|combobox)(:|'|$)/m);
    expect(await page.getByRole("spinbutton", { name: "Printer down: duration in hours" }).getAttribute("data-testid")).toBe("whatif-printer-hours");
    expect(await page.getByRole("combobox", { name: "Courier cap: courier" }).getAttribute("data-testid")).toBe("whatif-courier-id");
    // The checkboxes keep their names from the line they start.
    expect(await page.getByRole("checkbox", { name: /^A printer down at 09:00 for 3 h$/ }).count()).toBe(1);
  });

  it("says so when no run had a late order, rather than show an empty risk chart", async () => {
    // The small scenario's run above: 20 orders a day, none late.
    await page.waitForSelector("[data-testid=risk-none]:not([hidden])");
    expect(await page.textContent("[data-testid=risk-none]")).toContain("No late order under any rule in any of the 3 replications");
  });

  it("shows a courier without a cap as an empty 'no cap' field, and an emptied field as no cap again", async () => {
    const cap = "[data-testid=courier-zto-daily-cap]";
    expect(await page.inputValue(cap)).toBe("");
    expect(await page.getAttribute(cap, "placeholder")).toBe("no cap");
    await page.fill(cap, "500");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toContain("couriers[0].dailyCap=500");
    await page.fill(cap, "");
    await expect.poll(() => page.textContent("[data-testid=changes]")).not.toContain("dailyCap");
    expect(await page.textContent("[data-testid=changes]")).toContain("staff.roster.pack.day=8");
  });

  it("keeps the grid's edits when the text is validated again, unless the text changed that value", async () => {
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=validation].ok");
    expect(await page.textContent("[data-testid=changes]")).toContain("staff.roster.pack.day=8");
    expect(await page.inputValue("[data-testid=staff-pack-day-perm]")).toBe("8");
    // The text now sets the packers itself: the text wins there.
    const roster = "staff:\n  roster:\n    print: { day: 2 }\n    pick: { day: 3 }\n    qc: { day: 2 }\n    pack: { day: 5 }\n    weigh: { day: 2 }\n";
    await page.fill("[data-testid=scenario-text]", `${SMALL_YAML}${roster}`);
    await page.fill("[data-testid=staff-weigh-day-perm]", "3");
    await page.click("[data-testid=validate]");
    // The box was already "ok" before: wait for the new text's values, not for the box.
    await expect.poll(() => page.inputValue("[data-testid=staff-pack-day-perm]")).toBe("5");
    expect(await page.textContent("[data-testid=changes]")).toContain("staff.roster.weigh.day=3");
    await page.fill("[data-testid=scenario-text]", SMALL_YAML);
    await page.click("[data-testid=validate]");
    // The default team's 6 packers (the text changed the value from 5: the text wins) before editing it again.
    await expect.poll(() => page.inputValue("[data-testid=staff-pack-day-perm]")).toBe("6");
    await page.waitForSelector("[data-testid=validation].ok");
    await page.fill("[data-testid=staff-pack-day-perm]", "8");
    await page.fill("[data-testid=staff-weigh-day-perm]", "2");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toBe("staff.roster.pack.day=8");
  });

  it("names each field the run cannot use, with what it allows, and holds the run until it is fixed", async () => {
    const problems = "[data-testid=input-problems]";
    expect(await page.isHidden(problems)).toBe(true);
    await page.fill("[data-testid=staff-pack-day-perm]", "-2");
    await expect.poll(() => page.textContent(problems)).toContain("Pack / day / Perm.: a whole number from 0 to 40");
    expect(await page.isDisabled("[data-testid=run]")).toBe(true);
    // An emptied what-if field is not 0: a courier capped at nothing would never collect.
    await page.check("[data-testid=whatif-courier-cap]");
    await page.fill("[data-testid=whatif-courier-capacity]", "");
    await expect.poll(() => page.textContent(problems)).toContain("Courier caps pickups: 中通 ZTO at most __ a day: a whole number of at least 0");
    expect(await page.textContent(problems)).toContain("Run needs 2 field(s) fixed");
    await page.uncheck("[data-testid=whatif-courier-cap]");
    await page.fill("[data-testid=whatif-courier-capacity]", "2000");
    await page.fill("[data-testid=staff-pack-day-perm]", "8");
    await expect.poll(() => page.isHidden(problems)).toBe(true);
    expect(await page.isDisabled("[data-testid=run]")).toBe(false);
  });

  it("sets the normal-day orders and the peak-day surge as changes, within the scenario format's ranges", async () => {
    const surge = "[data-testid=demand-surge]";
    const baseline = "[data-testid=demand-baseline]";
    // The small scenario: 20 orders a normal day, the default 15x surge, no presale.
    expect(await page.inputValue(baseline)).toBe("20");
    expect(await page.inputValue(surge)).toBe("15");
    expect(await page.textContent("[data-testid=demand-peak]")).toBe("≈ 300 orders paid on the peak day");
    // schema.ts: surge 1 to 100, baselinePerDay above 0 up to 5,000,000.
    expect([await page.getAttribute(surge, "min"), await page.getAttribute(surge, "max")]).toEqual(["1", "100"]);
    expect([await page.getAttribute(baseline, "min"), await page.getAttribute(baseline, "max")]).toEqual(["1", "5000000"]);
    await page.fill(surge, "20");
    await page.fill(baseline, "30");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toBe("demand.baselinePerDay=30  demand.surge=20  staff.roster.pack.day=8");
    expect(await page.textContent("[data-testid=demand-peak]")).toBe("≈ 600 orders paid on the peak day");
    expect(await page.getAttribute(surge, "class")).toContain("changed");
    // Out of range: named with what is allowed, and the run waits.
    await page.fill(surge, "500");
    await expect.poll(() => page.textContent("[data-testid=input-problems]")).toContain("Peak-day surge ×: a number from 1 to 100");
    expect(await page.isDisabled("[data-testid=run]")).toBe(true);
    await page.fill(baseline, "0");
    await expect.poll(() => page.textContent("[data-testid=input-problems]")).toContain("Orders on a normal day: a whole number from 1 to 5000000");
    // Back to the scenario's values: no change left.
    await page.fill(surge, "15");
    await page.fill(baseline, "20");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toBe("staff.roster.pack.day=8");
    expect(await page.isHidden("[data-testid=input-problems]")).toBe(true);
    expect(await page.isDisabled("[data-testid=run]")).toBe(false);
  });

  it("switches to Chinese", async () => {
    expect(await page.textContent("[data-testid=progress-text]")).toBe("Done");
    await page.click("[data-testid=lang-toggle]");
    await page.waitForSelector("text=人员排班");
    // Status lines are written again in the new language.
    expect(await page.textContent("[data-testid=progress-text]")).toBe("完成");
    expect(await page.textContent("[data-testid=staff-grid]")).toContain("打包");
    // Shifts and rules by their Chinese names, not the scenario's ids.
    expect(await page.textContent("[data-testid=staff-grid]")).toContain("白班 08:00");
    const risk = (await page.textContent("[data-testid=kpi-risk]")) ?? "";
    expect(risk).toContain("双11");
    expect(risk).not.toContain("d11-ship");
    expect(await page.textContent("[data-testid=tab-history]")).toBe("历史与对比");
    // The 24 h card says whose orders, as the 12 h card does; the forecast fields in Chinese.
    const kpis = (await page.textContent("[data-testid=kpis]")) ?? "";
    expect(kpis).toContain("大促当天 12 小时内发货");
    expect(kpis).toContain("大促当天 24 小时内发货");
    expect(await page.textContent("label:has([data-testid=demand-surge]) span")).toBe("大促倍数（×）");
    expect(await page.textContent("label:has([data-testid=demand-baseline]) span")).toBe("平日订单量（单/天）");
    expect(await page.textContent("[data-testid=demand-peak]")).toBe("大促当天约 300 单付款");
    // Axis titles, the heatmap key and the what-if fields' names are written again in Chinese.
    expect(await axisTitles(page, "[data-testid=chart-backlog]")).toEqual({ x: "时间（月-日 时:分）", y: "积压（单）" });
    expect(await axisTitles(page, "[data-testid=chart-queue]")).toEqual({ x: "时间（月-日 时:分）", y: "排队（单）" });
    expect(await axisTitles(page, "[data-testid=chart-risk]")).toEqual({ x: "付款日（月-日）", y: "超时订单（单，各次仿真均值）" });
    expect(await page.textContent("[data-testid=heatmap-legend]")).toContain("无人在岗");
    expect(await page.getAttribute("[data-testid=whatif-printer-hours]", "aria-label")).toBe("打印机故障：持续小时数");
    expect(await page.getByRole("combobox", { name: "退货：处理的组" }).getAttribute("data-testid")).toBe("whatif-returns-station");
    // The library's scenarios by their Chinese names.
    expect(await page.textContent("#scenario-select option[value=default]")).toContain("默认：15 人团队，15 倍爆单");
    expect(await page.textContent("#scenario-select option[value=stress-2x]")).toContain("压力测试");
  });

  it("downloads a report with content", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-csv]")]);
    expect(download.suggestedFilename()).toMatch(/^peakline-[0-9a-f]{12}-zh\.csv$/);
    const text = readFileSync((await download.path())!, "utf8");
    expect(text.length).toBeGreaterThan(100);
    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-xlsx]")]);
    expect(readFileSync((await xlsx.path())!).subarray(0, 2).toString("latin1")).toBe("PK");
    // The Chinese workbook names its sheets in Chinese.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await xlsx.path())!) as never);
    expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual(["摘要", "发货比例", "改进建议"]);
  });

  it("lists runs with their headline figures and compares two, figure by figure in words", async () => {
    // A second run of the small scenario, with fewer packers.
    await page.fill("[data-testid=staff-pack-day-perm]", "4");
    await page.click("[data-testid=run]");
    const doneRuns = async () => ((await (await fetch(`${server.url}api/runs?kind=run`)).json()) as { status: string }[]).filter((r) => r.status === "done").length;
    await expect.poll(doneRuns, { timeout: 60_000 }).toBe(2);
    // The page opens the finished run on the Results tab (its own "done" event may come after the API says done): then to History.
    const [newest] = (await (await fetch(`${server.url}api/runs?kind=run&limit=1`)).json()) as { id: string }[];
    await expect.poll(() => page.textContent("[data-testid=results-title]"), { timeout: 30_000 }).toContain(newest.id);
    await page.click("[data-testid=tab-history]");
    await expect.poll(() => page.locator("[data-testid=history] tbody tr").count()).toBe(2);
    const runs = (await (await fetch(`${server.url}api/runs?kind=run`)).json()) as { id: string; headline: { shippedWithin24hShare: number; labourCost: number } }[];
    const row = (await page.textContent(`[data-testid=history] tr:has([data-testid=history-select-${runs[0].id}])`)) ?? "";
    // The figures a manager compares runs by, without opening each (zh: ¥ and %).
    expect(row).toContain(`${(runs[0].headline.shippedWithin24hShare * 100).toFixed(1)}%`);
    expect(row).toContain("¥");
    // Ticked newest first: A is still the run started first (the baseline), B the later one, named in the heading.
    for (const r of runs) await page.check(`[data-testid=history-select-${r.id}]`);
    await page.click("[data-testid=compare]");
    await page.waitForSelector("[data-testid=compare-box]:not([hidden])");
    const [older, newer] = [runs[1].id, runs[0].id];
    const heading = () => page.textContent("[data-testid=compare-heading]");
    await expect.poll(heading).toMatch(new RegExp(`^B − A：E2E small（${newer}） 减 E2E small（${older}）$`));
    expect(await page.textContent("[data-testid=compare-a]")).toMatch(new RegExp(`^A，基准（先开始）：E2E small · ${older} · `));
    expect(await page.textContent("[data-testid=compare-b]")).toMatch(new RegExp(`^B（后开始）：E2E small · ${newer} · `));
    const headRow = await page.locator("[data-testid=compare-table] thead th").allTextContents();
    expect(headRow.slice(1, 4)).toEqual([`A · ${older}`, `B · ${newer}`, "B − A"]);
    // The later run has 4 packers against 8: its packers are busier, B − A positive, whichever run was ticked first.
    const diffOf = async (name: string) => (await page.locator(`[data-testid=compare-table] tr:has(td[title="${name}"]) td`).allTextContents())[3];
    const packUtil = await diffOf("stations.pack.utilization");
    expect(packUtil).toMatch(/^\+/);
    for (const r of runs) await page.uncheck(`[data-testid=history-select-${r.id}]`);
    for (const r of [...runs].reverse()) await page.check(`[data-testid=history-select-${r.id}]`);
    await page.click("[data-testid=compare]");
    await expect.poll(heading).toMatch(new RegExp(`^B − A：E2E small（${newer}） 减 E2E small（${older}）$`));
    expect(await diffOf("stations.pack.utilization")).toBe(packUtil);
    // Swapped on request, and said so.
    await page.click("[data-testid=compare-swap]");
    await expect.poll(heading).toMatch(new RegExp(`^B − A：E2E small（${older}） 减 E2E small（${newer}）$`));
    expect(await page.textContent("[data-testid=compare-a]")).toMatch(/^A（已交换：后开始）/);
    expect(await diffOf("stations.pack.utilization")).toMatch(/^-/);
    await page.click("[data-testid=compare-swap]");
    await expect.poll(heading).toMatch(new RegExp(`^B − A：E2E small（${newer}） 减 E2E small（${older}）$`));
    const table = (await page.textContent("[data-testid=compare-table]")) ?? "";
    expect(table).toContain("大促当天订单 24 小时内发货");
    expect(table).toContain("打包：");
    expect(table).not.toContain("shippedWithin.h24");
    // Differences of shares in 个百分点 (not "pp"), full-width brackets only, never "-0.0".
    const cells = () => page.locator("[data-testid=compare-table] tbody td.n").allTextContents();
    expect(table).toContain("个百分点");
    expect(table).not.toContain("pp");
    expect(table).not.toMatch(/[()]/);
    for (const c of await cells()) expect(c).not.toMatch(NEGATIVE_ZERO);
    // Differences that round to zero from below (the runs above may have none): "0.0", also in English.
    await page.route("**/api/compare?*", async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as { figures: unknown[] };
      const est = (mean: number) => ({ mean, halfWidth: 0.01, n: 3, min: mean, max: mean });
      json.figures.push(
        { name: "e2e.share", share: true, label: { en: "E2E share", zh: "E2E 比例" }, a: est(0.5), b: est(0.4996), diff: -0.0004, ci: { low: -0.0003, high: 0.0002, halfWidth: 0.00025 } },
        { name: "e2e.wait", share: false, label: { en: "E2E wait", zh: "E2E 等待" }, a: est(5.5), b: est(5.496), diff: -0.004, ci: { low: -0.003, high: 0.002, halfWidth: 0.0025 } },
      );
      await route.fulfill({ response, json });
    });
    await page.click("[data-testid=compare]");
    const figureRow = (name: string) => page.locator(`[data-testid=compare-table] tr:has(td[title="${name}"]) td`).allTextContents();
    await expect.poll(() => figureRow("e2e.share")).toEqual(["E2E 比例", "50.0%", "50.0%", "0.0 个百分点", "0.0 … 0.0 个百分点"]);
    expect(await figureRow("e2e.wait")).toEqual(["E2E 等待", "5.50", "5.50", "0.00", "0.00 … 0.00"]);
    await page.click("[data-testid=lang-toggle]");
    await expect.poll(() => figureRow("e2e.share")).toEqual(["E2E share", "50.0%", "50.0%", "0.0 pp", "0.0 … 0.0 pp"]);
    expect((await page.textContent("[data-testid=compare-table]")) ?? "").toContain(" pp");
    for (const c of await cells()) expect(c).not.toMatch(NEGATIVE_ZERO);
    await page.click("[data-testid=lang-toggle]");
    await expect.poll(() => figureRow("e2e.share")).toEqual(["E2E 比例", "50.0%", "50.0%", "0.0 个百分点", "0.0 … 0.0 个百分点"]);
    await page.unroute("**/api/compare?*");

    // Delete the older run (asked first): gone from the list and from the comparison.
    page.once("dialog", (d) => void d.accept());
    await page.click(`[data-testid=history-delete-${runs[1].id}]`);
    await expect.poll(() => page.locator("[data-testid=history] tbody tr").count()).toBe(1);
    expect(await page.isHidden("[data-testid=compare-box]")).toBe(true);
    expect((await fetch(`${server.url}api/runs/${runs[1].id}`)).status).toBe(404);
  });

  it("runs a power cut, a network failure or a consumable running out at a set time as a what-if", async () => {
    await page.check("[data-testid=whatif-outage]");
    await page.selectOption("[data-testid=whatif-outage-type]", "cartons");
    await page.fill("[data-testid=whatif-outage-at]", "10:00");
    await page.fill("[data-testid=whatif-outage-hours]", "2");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toContain("+consumables:cartons@10:00/2h");
    expect(await page.textContent("[data-testid=whatif-outage-type] option[value=cartons]")).toBe("纸箱用完");
    await page.selectOption("[data-testid=whatif-outage-type]", "power");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toContain("+power@10:00/2h");
    await page.click("[data-testid=run]");
    const runs = async () => (await (await fetch(`${server.url}api/runs?kind=run`)).json()) as { id: string; status: string; whatIf: { disruptions: { type: string; at: string; duration: number }[] } | null }[];
    await expect.poll(async () => (await runs()).filter((r) => r.status === "done").length, { timeout: 60_000 }).toBe(2);
    const latest = (await runs())[0];
    expect(latest.whatIf?.disruptions).toEqual([{ type: "power", at: "10:00", duration: 7200 }]);
    const run = (await (await fetch(`${server.url}api/runs/${latest.id}`)).json()) as { scenario: { disruptions: { type: string }[] } };
    expect(run.scenario.disruptions.map((d) => d.type)).toContain("power");
    await page.uncheck("[data-testid=whatif-outage]");
    await expect.poll(() => page.textContent("[data-testid=changes]")).not.toContain("+power");
  });

  it("sets a courier's tracking-record delay as a what-if (a scenario field, sent as a --set)", async () => {
    expect(await page.textContent("[data-testid=whatif-record-courier] option[value=sf]")).toBe("顺丰 SF");
    await page.check("[data-testid=whatif-record-delay]");
    await page.selectOption("[data-testid=whatif-record-courier]", "sf");
    await page.fill("[data-testid=whatif-record-hours]", "12");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toContain("couriers[2].recordDelay=12h");
    await page.uncheck("[data-testid=whatif-record-delay]");
    await expect.poll(() => page.textContent("[data-testid=changes]")).not.toContain("recordDelay");
  });

  it("sends returns to a team as a what-if, offering no printer station, orders first or in one line", async () => {
    const options = await page.$$eval("[data-testid=whatif-returns-station] option", (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(["pick", "qc", "pack", "weigh"]);
    await page.check("[data-testid=whatif-returns]");
    await page.fill("[data-testid=whatif-returns-pct]", "40");
    await page.selectOption("[data-testid=whatif-returns-station]", "pack");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toContain("returns.share=0.4  returns.station=pack  returns.priority=outbound-first");
    await page.selectOption("[data-testid=whatif-returns-priority]", "fifo");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toContain("returns.priority=fifo");
    expect(await page.textContent("[data-testid=changes]")).not.toContain("returns.until");
    await page.selectOption("[data-testid=whatif-returns-until]", "handled");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toContain("returns.priority=fifo  returns.until=handled");
    await page.selectOption("[data-testid=whatif-returns-until]", "outbound");
    await page.uncheck("[data-testid=whatif-returns]");
    await expect.poll(() => page.textContent("[data-testid=changes]")).not.toContain("returns.");
  });

  it("asks the planner and applies its recommendation to the grid in one click", async () => {
    await page.click("[data-testid=tab-planner]");
    await page.selectOption("[data-testid=plan-mode]", "quick");
    // The targets are the scenario's own (default.yaml: 5% and 95%), in percent; a limit out of range is named, not sent.
    expect(await page.inputValue('[data-testid="plan-target-late:d11-ship"]')).toBe("5");
    expect(await page.inputValue('[data-testid="plan-target-within24h"]')).toBe("95");
    await page.fill('[data-testid="plan-target-within24h"]', "150");
    await page.click("[data-testid=plan]");
    await expect.poll(() => page.textContent("[data-testid=plan-status]")).toMatch(/^请先改正：大促当天订单 24 小时内发货比例不低于：.*0 到 100/);
    await page.fill('[data-testid="plan-target-within24h"]', "80");
    // Once every limit is valid the "fix first" line goes: it does not stay to contradict the fields.
    await expect.poll(() => page.textContent("[data-testid=plan-status]")).toBe("");
    await page.fill('[data-testid="plan-target-late:d11-ship"]', "25");
    // Crews of at least two: no station is left to one person on a shift.
    await page.fill("[data-testid=plan-min-crew]", "2");
    await page.click("[data-testid=plan]");
    await page.waitForSelector("[data-testid=plan-apply]:not([hidden])", { timeout: 120_000 });
    // Done is a full bar, also when the search stopped before its most evaluations.
    expect(await page.$eval("#plan-progress-bar", (b) => (b as HTMLElement).style.width)).toBe("100%");
    const plans = (await (await fetch(`${server.url}api/runs?kind=plan`)).json()) as { id: string }[];
    type Table = Record<string, Record<string, number>>;
    const plan = (await (await fetch(`${server.url}api/runs/${plans[0].id}`)).json()) as { result: { constraints: { minCrew: number }; plan: { roster: Table; temps: Table } } };
    expect(plan.result.constraints.minCrew).toBe(2);
    expect((plan.result as unknown as { evaluation: { checks: { key: string }[] } }).evaluation.checks.map((c) => c.key)).toEqual(["late:d11-ship<=25%", "within24h>=80%"]);
    for (const [st, shifts] of Object.entries(plan.result.plan.roster)) {
      for (const [sh, n] of Object.entries(shifts)) expect([st, sh, n + (plan.result.plan.temps[st]?.[sh] ?? 0)]).not.toEqual([st, sh, 1]);
    }
    await page.click("[data-testid=plan-apply]");
    const want = String(plan.result.plan.roster.pick.day);
    await expect.poll(() => page.inputValue("[data-testid=staff-pick-day-perm]")).toBe(want);
    // The page is in Chinese since the language test.
    expect(await page.textContent("[data-testid=plan-status]")).toBe("已将推荐方案填入排班表。");
    // Even a quick search runs the 2x-forecast stress test and shows it beside the verdict; the one-more/one-fewer table needs a thorough one.
    type Check = { key: string; status: string; estimate: number };
    const stress = (plan.result as unknown as { stress: { meets: boolean; checks: Check[] } }).stress;
    expect(stress.checks.map((c) => c.key)).toEqual(["late:d11-ship<=25%", "within24h>=80%"]);
    const box = page.locator("[data-testid=plan-stress]");
    expect(await box.getAttribute("data-status")).toBe(stress.meets ? "meets" : stress.checks.some((c) => c.status === "fails") ? "fails" : "undecided");
    expect(await box.textContent()).toContain("压力测试：2 倍预测量");
    expect(await page.locator("[data-testid=plan-stress-row]").evaluateAll((rows) => rows.map((r) => `${r.getAttribute("data-key")}=${r.getAttribute("data-status")}`))).toEqual(stress.checks.map((c) => `${c.key}=${c.status}`));
    expect(await page.textContent("[data-testid=plan-marginal-none]")).toContain("快速搜索不计算");
  });

  it("shows the plan's 2x-forecast stress test next to its verdict and Apply, and what one person more or fewer does", async () => {
    // A thorough search of the same small scenario (a few seconds): with the marginal table.
    await page.selectOption("[data-testid=plan-mode]", "thorough");
    const before = ((await (await fetch(`${server.url}api/runs?kind=plan`)).json()) as unknown[]).length;
    await page.click("[data-testid=plan]");
    await expect.poll(async () => ((await (await fetch(`${server.url}api/runs?kind=plan`)).json()) as { status: string }[]).filter((r) => r.status === "done").length, { timeout: 120_000 }).toBe(before + 1);
    await page.waitForSelector("[data-testid=plan-marginal]", { timeout: 30_000 });
    const [latest] = (await (await fetch(`${server.url}api/runs?kind=plan&limit=1`)).json()) as { id: string }[];
    type Check = { key: string; status: string; estimate: number; unit: string };
    type Marginal = { move: { kind: string; station?: string; shift?: string; type?: string; delta: number }; effects?: { key: string; estimate: number }[]; meetsPoint?: boolean };
    const res = ((await (await fetch(`${server.url}api/runs/${latest.id}`)).json()) as { result: { meets: boolean; stress: { meets: boolean; checks: Check[] }; marginal: Marginal[] } }).result;
    // The verdict speaks of the forecast and of 2x it; the stress box says pass or fail per target.
    const verdict = (await page.textContent("[data-testid=plan-meets]")) ?? "";
    if (res.meets) expect(verdict).toMatch(res.stress.meets ? /在 2 倍预测量下也满足/ : /2 倍预测量下(不满足|未能证明满足)/);
    const stressText = (await page.textContent("[data-testid=plan-stress]")) ?? "";
    expect(stressText).toContain(res.stress.meets ? "通过：2 倍预测量下全部目标达标" : "2 倍预测量下");
    // The 12 h and 24 h shares at the forecast (with the worst run) and at 2x, though the targets carry no 12 h share.
    expect(await page.textContent("[data-testid=plan-shares]")).toMatch(/^大促当天订单 12 小时内发货：[\d.]+%（最差一次 [\d.]+%）（2 倍时 [\d.]+%） · 大促当天订单 24 小时内发货：[\d.]+%（最差一次 [\d.]+%）（2 倍时 [\d.]+%）$/);
    // Per target, the simulated days that missed its limit, of those run.
    const evaluated = (res as unknown as { evaluation: { checks: { key: string; missedRuns: number; replications: number }[] } }).evaluation.checks;
    expect(evaluated.length).toBeGreaterThan(0);
    for (const c of evaluated) expect(await page.locator(`[data-testid="plan-missed-${c.key}"]`).textContent()).toBe(`${c.missedRuns} / ${c.replications}`);
    // One row per move the planner simulated or ruled out, by station, shift and kind, in words.
    const rows = page.locator("[data-testid=plan-marginal-row]");
    expect(await rows.count()).toBe(res.marginal.length);
    const pack = res.marginal.find((m) => m.move.kind === "staff" && m.move.station === "pack" && m.move.delta === 1)!;
    const packRow = page.locator(`[data-testid=plan-marginal-row][data-move="pack.day.${pack.move.type}+1"]`);
    const cells = await packRow.locator("td").allTextContents();
    expect(cells[0]).toMatch(/^打包 \/ 白班 \+1 (正式工|临时工)$/);
    expect(cells[1]).toMatch(/^\+¥[\d,]+$/);
    // Per target: the estimate after the change (its change in brackets when there is one), then whether every target is still met.
    const within = pack.effects!.find((e) => e.key === "within24h>=80%")!;
    expect(cells[3]).toContain(`${(within.estimate * 100).toFixed(1)}%`);
    expect(cells[4]).toBe(pack.meetsPoint ? "是" : "否");
    expect(await page.textContent("[data-testid=plan-marginal-base]")).toContain("本方案");
    // In English too.
    await page.click("[data-testid=lang-toggle]");
    await expect.poll(() => page.textContent("[data-testid=plan-stress]")).toContain("Stress test: 2× the forecast");
    expect((await packRow.locator("td").first().textContent()) ?? "").toMatch(/^Pack \/ day \+1 (permanent|temp)$/);
    expect(await page.textContent("[data-testid=plan-marginal] summary")).toBe("One person more or fewer: what each change does");
    await page.click("[data-testid=lang-toggle]");
    await expect.poll(() => page.textContent("[data-testid=plan-marginal] summary")).toBe("增减一人的影响");

    // A plan that meets its targets at the forecast but fails at 2x (the reviewer's 30.2%): the verdict says so, and so does the line beside Apply.
    await page.route("**/api/runs/*", async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as { kind?: string; result?: { meets: boolean; stress: { meets: boolean; checks: Check[] } } };
      if (json.kind === "plan" && json.result?.stress) {
        json.result.meets = true;
        json.result.stress.meets = false;
        const c = json.result.stress.checks.find((x) => x.key === "within24h>=80%")!;
        Object.assign(c, { status: "fails", estimate: 0.302, low: 0.25, high: 0.35 });
      }
      await route.fulfill({ response, json });
    });
    await page.selectOption("[data-testid=plan-mode]", "quick");
    await page.click("[data-testid=plan]");
    await expect.poll(() => page.getAttribute("[data-testid=plan-stress]", "data-status"), { timeout: 120_000 }).toBe("fails");
    expect(await page.textContent("[data-testid=plan-meets]")).toBe("此排班在预测量下满足全部目标，但在 2 倍预测量下不满足（见下方压力测试）。");
    expect(await page.getAttribute('[data-testid=plan-stress-row][data-key="within24h>=80%"]', "data-status")).toBe("fails");
    expect(await page.textContent('[data-testid=plan-stress-row][data-key="within24h>=80%"]')).toContain("30.2%未达标");
    expect(await page.isVisible("[data-testid=plan-apply]")).toBe(true);
    expect(await page.getAttribute("[data-testid=plan-apply-note]", "data-status")).toBe("fails");
    expect(await page.textContent("[data-testid=plan-apply-note]")).toBe("⚠ 2 倍预测量压力测试未通过：大促当天订单24小时内发货比例 30.2%");
    await page.click("[data-testid=lang-toggle]");
    await expect.poll(() => page.textContent("[data-testid=plan-meets]")).toBe("This staffing meets every target at the forecast, but NOT at 2× the forecast (the stress test below).");
    expect(await page.textContent("[data-testid=plan-apply-note]")).toBe("⚠ Fails the 2× forecast stress test: Peak-day orders shipped within 24 h 30.2%");
    await page.click("[data-testid=lang-toggle]");
    await page.unroute("**/api/runs/*");
  });

  it("shows – for a station nobody works at and marks the waits a run cut by its horizon leaves out", async () => {
    await page.click("[data-testid=tab-results]");
    // 3,000 peak-day orders and a run that stops at 09:00, an hour into the day shift, with nobody at pack (and no weigher helping there).
    await page.fill("[data-testid=scenario-text]", "name: E2E cut\nhorizon: 9h\ndemand:\n  baselinePerDay: 200\n  presaleOrders: 0\n  daysAfter: [1]\nstaff:\n  flex: []\n");
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=validation].ok, [data-testid=validation].warn");
    await page.fill("[data-testid=staff-pack-day-perm]", "0");
    await page.fill("[data-testid=replications]", "2");
    await page.click("[data-testid=run]");
    await expect.poll(() => page.textContent("[data-testid=results-title]"), { timeout: 60_000 }).toContain("E2E cut");
    const cells = async (id: string) => page.locator(`[data-testid=stations-table] tr[data-station=${id}] td`).allTextContents();
    // Utilisation (run and peak day), mean wait, P95 wait: none to show at pack (the page is in Chinese since the language test).
    expect((await cells("pack")).slice(1, 5)).toEqual(["–", "–", "–", "–"]);
    expect(Number((await cells("pack"))[5].replace(/[^\d.]/g, ""))).toBeGreaterThan(0);
    // Print had orders still waiting at 09:00: its waits cover the started ones only; the run is all peak day,
    // so its utilisation over the run and over the peak day agree.
    const print = await cells("print");
    expect(print[2]).toBe(print[1]);
    expect(print[3]).toMatch(/\*$/);
    expect(print[4]).toMatch(/\*$/);
    const note = (await page.textContent("[data-testid=stations-note]")) ?? "";
    expect(note).toContain("等待时间仅统计已开始处理的订单");
    expect(note).toContain("打单（各次仿真均值");
    expect(note).toContain("–：无可统计");
    // Busy all hour: the heatmap still shows the number, in white on the dark red.
    const full = page.locator('[data-testid=heatmap] td[title*="忙碌 100%"]');
    expect(await full.count()).toBeGreaterThan(0);
    expect(await full.first().textContent()).toBe("100");
    expect(await full.first().evaluate((td) => getComputedStyle(td).color)).toBe("rgb(255, 255, 255)");
    // Nothing shipped: the payment-to-shipped figures are null in the API, not 0.
    const runs = (await (await fetch(`${server.url}api/runs`)).json()) as { id: string }[];
    const run = (await (await fetch(`${server.url}api/runs/${runs[0].id}`)).json()) as { summary: { figures: Record<string, unknown> } };
    expect(run.summary.figures["stations.pack.meanWaitMin"]).toBeNull();
    expect(run.summary.figures["timeInSystemMin.mean"]).toBeNull();
    // The run ends at 09:00, before the peak day does: the page says its shares cover the orders paid by then.
    expect(await page.isVisible("[data-testid=peak-cut]")).toBe(true);
    expect(await page.textContent("[data-testid=peak-cut]")).toMatch(/^大促当天不完整：仿真在 11-11 09:00 结束，早于当天需求结束（11-11 24:00）/);
  });

  it("shows a scenario's zone picking in the scenario line and the staffing grid, in both languages", async () => {
    const library = (await (await fetch(`${server.url}api/scenarios`)).json()) as { id: string }[];
    expect(library.map((s) => s.id)).toContain("zone-picking");
    await page.selectOption("#scenario-select", "zone-picking");
    // The page is in Chinese since the language test.
    await expect.poll(() => page.textContent("[data-testid=zone-info]")).toBe("拣货 · 3 区（按区拣货）");
    expect(await page.textContent("[data-testid=zone-tag-pick]")).toBe("3 区");
    expect(await page.getAttribute("[data-testid=zone-info]", "title")).toContain("70%");
    await page.click("[data-testid=lang-toggle]");
    await expect.poll(() => page.textContent("[data-testid=zone-info]")).toBe("Pick · 3 zones (zone picking)");
    expect(await page.textContent("[data-testid=zone-tag-pick]")).toBe("3 zones");
    // Whole-order picking: nothing about zones.
    await page.selectOption("#scenario-select", "default");
    await expect.poll(() => page.locator("[data-testid=zone-info]").count()).toBe(0);
    expect(await page.locator("[data-testid^=zone-tag-]").count()).toBe(0);
  });

  it("lists the scenario's own disruptions by the what-ifs and warns when a ticked one repeats or overlaps them", async () => {
    // The page is in English since the zone-picking test.
    const items = () => page.locator("[data-testid=whatif-scenario-item]").allTextContents();
    expect(await page.textContent("[data-testid=whatif-scenario]")).toBe("The scenario has no disruptions of its own. Ticked what-ifs are added to the scenario.");
    await page.selectOption("#scenario-select", "printer-down-no-spare");
    await expect.poll(items).toEqual(["2 printers down at 09:00 for 3 h"]);
    expect(await page.textContent("[data-testid=whatif-scenario]")).toContain("Ticked what-ifs are added to these.");
    expect(await page.isHidden("[data-testid=whatif-warnings]")).toBe(true);
    // A printer down ticked over the scenario's own two at the same time: still added (the changes line says so), and a warning says all are down.
    await page.check("[data-testid=whatif-printer-down]");
    await expect.poll(() => page.locator("[data-testid=whatif-warning]").allTextContents()).toEqual([
      "The ticked “a printer down at 09:00 for 3 h” overlaps the scenario's own “2 printers down at 09:00 for 3 h”: while both last, both printers are down.",
    ]);
    expect(await page.textContent("[data-testid=changes]")).toContain("+printer-down@09:00/3h");
    // At another time, not overlapping: no warning; overlapping: both apply.
    await page.fill("[data-testid=whatif-printer-at]", "14:00");
    await expect.poll(() => page.isHidden("[data-testid=whatif-warnings]")).toBe(true);
    await page.fill("[data-testid=whatif-printer-at]", "11:00");
    await expect.poll(() => page.textContent("[data-testid=whatif-warnings]")).toBe("The ticked “a printer down at 11:00 for 3 h” overlaps the scenario's own “2 printers down at 09:00 for 3 h”: while both last, both printers are down.");
    await page.fill("[data-testid=whatif-printer-at]", "09:00");
    await page.click("[data-testid=lang-toggle]");
    await expect.poll(items).toEqual(["2 台打印机故障，09:00 起 3 小时"]);
    expect(await page.textContent("[data-testid=whatif-scenario]")).toContain("勾选的假设情景会叠加在这些之上。");
    expect(await page.textContent("[data-testid=whatif-warnings]")).toBe("勾选的“一台打印机故障，09:00 起 3 小时”与场景本身的“2 台打印机故障，09:00 起 3 小时”时间重叠：重叠期间两台打印机同时故障。");
    await page.click("[data-testid=lang-toggle]");
    await page.uncheck("[data-testid=whatif-printer-down]");
    await expect.poll(() => page.isHidden("[data-testid=whatif-warnings]")).toBe(true);
    // The order system down for the first hour of work over a scenario that has it down then already.
    await page.selectOption("#scenario-select", "order-system-down");
    await expect.poll(items).toEqual(["order system down at 08:00 for 1 h"]);
    await page.check("[data-testid=whatif-order-system]");
    await expect.poll(() => page.textContent("[data-testid=whatif-warnings]")).toBe("“order system down at 08:00 for 1 h” is already in the scenario: ticked, it is added a second time, which changes nothing.");
    await page.uncheck("[data-testid=whatif-order-system]");
    // 2x forecast on the stress scenario, already at 2x.
    await page.selectOption("#scenario-select", "stress-2x");
    await expect.poll(items).toEqual(["the forecast at 2× (forecastFactor)"]);
    await page.check("[data-testid=whatif-forecast-2x]");
    await expect.poll(() => page.textContent("[data-testid=whatif-warnings]")).toBe("The scenario already runs at 2× the forecast: ticked, 2× makes it 4×.");
    await page.uncheck("[data-testid=whatif-forecast-2x]");
    await page.selectOption("#scenario-select", "default");
    await expect.poll(items).toEqual([]);
  });

  it("puts the order system down in the first hour of work, and asks the server for the what-ifs' warnings before Run", async () => {
    // The page is in English and on the default scenario (day shift 08:00-20:00) since the test above.
    const checks: { sets: string[]; disruptions: unknown[] }[] = [];
    const onRequest = (r: { url(): string; postData(): string | null }) => {
      if (r.url().endsWith("/api/scenarios/check")) checks.push(JSON.parse(r.postData() ?? "{}"));
    };
    page.on("request", onRequest);
    const runs = async () => ((await (await fetch(`${server.url}api/runs?kind=run`)).json()) as unknown[]).length;
    const before = await runs();
    const warnings = () => page.locator("[data-testid=whatif-warning]").allTextContents();
    try {
      // The hour from the first shift start on the peak day, not 00:00 when nobody works.
      expect(await page.textContent("[data-testid=whatif-order-system-when]")).toBe("(08:00–09:00)");
      await page.check("[data-testid=whatif-order-system]");
      await expect.poll(() => page.textContent("[data-testid=changes]")).toContain("+order-system@08:00/1h");
      // Ticking asks the server (debounced: one request), which has nothing to say about it.
      await expect.poll(() => checks.length).toBe(1);
      expect(checks[0].disruptions).toEqual([{ type: "order-system", at: "08:00", duration: 3600 }]);
      await page.waitForTimeout(500);
      expect(checks.length).toBe(1);
      expect(await page.isHidden("[data-testid=whatif-warnings]")).toBe(true);
      // An outage at night, when nobody is rostered: the server's warning shows before Run, naming the what-if.
      await page.check("[data-testid=whatif-outage]");
      await page.selectOption("[data-testid=whatif-outage-type]", "power");
      await page.fill("[data-testid=whatif-outage-at]", "03:00");
      await page.fill("[data-testid=whatif-outage-hours]", "2");
      await expect.poll(warnings).toEqual([
        "The ticked “power cut at 03:00 for 2 h” stops no work: nobody is rostered at Print, Weigh (the stations it stops) from 2026-11-11 03:00 to 05:00, so the orders then wait for the next shift anyway; move it into working hours to test it.",
      ]);
      // In Chinese without asking again (the answer has both languages).
      const asked = checks.length;
      await page.click("[data-testid=lang-toggle]");
      await expect.poll(warnings).toEqual([
        "勾选的“停电，03:00 起 2 小时”不影响作业：2026-11-11 03:00 至 05:00期间打单、称重（受影响的工位）无人排班，这段时间的订单本来就要等下一个班次；请把它移到工作时间内再测试。",
      ]);
      expect(await page.textContent("[data-testid=whatif-order-system-when]")).toBe("（08:00–09:00）");
      expect(await page.textContent("label:has([data-testid=whatif-order-system])")).toContain("上班第一个小时订单系统宕机");
      await page.waitForTimeout(500);
      expect(checks.length).toBe(asked);
      await page.click("[data-testid=lang-toggle]");
      // Moved into working hours: asked again, and the warning goes.
      await page.fill("[data-testid=whatif-outage-at]", "10:00");
      await expect.poll(() => checks.at(-1)?.disruptions).toEqual([
        { type: "order-system", at: "08:00", duration: 3600 },
        { type: "power", at: "10:00", duration: 7200 },
      ]);
      await page.waitForTimeout(500);
      expect(await page.isHidden("[data-testid=whatif-warnings]")).toBe(true);
      await page.uncheck("[data-testid=whatif-outage]");
      await page.uncheck("[data-testid=whatif-order-system]");
      // A day shift moved to 06:00 on the page moves the hour with it.
      await page.fill("[data-testid=shift-day-start]", "06:00");
      await expect.poll(() => page.textContent("[data-testid=whatif-order-system-when]")).toBe("(06:00–07:00)");
      await page.fill("[data-testid=shift-day-start]", "08:00");
      await expect.poll(() => page.textContent("[data-testid=whatif-order-system-when]")).toBe("(08:00–09:00)");
      // A night shift (20:00-08:00, also on the first night) is at work at 00:00.
      await page.selectOption("#scenario-select", "large-seller");
      await expect.poll(() => page.textContent("[data-testid=whatif-order-system-when]")).toBe("(00:00–01:00)");
      await page.selectOption("#scenario-select", "default");
      await expect.poll(() => page.textContent("[data-testid=whatif-order-system-when]")).toBe("(08:00–09:00)");
      // Nothing was run.
      expect(await runs()).toBe(before);
    } finally {
      page.off("request", onRequest);
    }
  });

  it("shows the plan's warnings with where each comes from, in both languages", async () => {
    // Pack staffed past its places (the plan replaces that roster) and courier shares adding up to 1.1 (the plan keeps them).
    await page.fill(
      "[data-testid=scenario-text]",
      `${SMALL_YAML}staff:\n  roster:\n    print: { day: 2 }\n    pick: { day: 3 }\n    qc: { day: 2 }\n    pack: { day: 45 }\n    weigh: { day: 2 }\ncouriers:\n  - { id: zto, share: 0.5, pickups: ["11:00", "17:00"] }\n  - { id: yto, share: 0.6, pickups: ["12:00", "18:00"] }\n`,
    );
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=validation].warn");
    await page.click("[data-testid=tab-planner]");
    await page.selectOption("[data-testid=plan-mode]", "quick");
    await page.fill('[data-testid="plan-target-late:d11-ship"]', "25");
    await page.click("[data-testid=plan]");
    await page.waitForSelector("[data-testid=plan-warning][data-source=scenario]", { timeout: 120_000 });
    const items = () => page.locator("[data-testid=plan-warning]").allTextContents();
    // The page is in English since the zone-picking test.
    expect(await page.textContent("[data-testid=plan-warnings]")).toContain("Check before you use this plan");
    const en = await items();
    expect(en.find((x) => x.includes("staff.roster.pack.day"))).toMatch(/^in your scenario staff\.roster\.pack\.day: .*5 would be paid and idle/);
    expect(en.find((x) => x.startsWith("in both couriers: "))).toContain("shares add up to 1.1");
    await page.click("[data-testid=lang-toggle]");
    await expect.poll(() => page.textContent("[data-testid=plan-warnings]")).toContain("使用此方案前请检查");
    const zh = await items();
    expect(zh.find((x) => x.includes("staff.roster.pack.day"))).toMatch(/^原场景中 staff\.roster\.pack\.day：.*5 人领工资却无法上岗/);
    expect(zh.find((x) => x.startsWith("两者都有 couriers："))).toContain("合计 1.1");
  });

  it("clears the results when the run they show is deleted (its exports are gone)", async () => {
    const shown = (await page.textContent("[data-testid=results-title]")) ?? "";
    const runs = (await (await fetch(`${server.url}api/runs?kind=run`)).json()) as { id: string; status: string }[];
    const run = runs.find((r) => shown.includes(r.id))!;
    expect(run).toBeDefined();
    await page.click("[data-testid=tab-history]");
    page.once("dialog", (d) => void d.accept());
    await page.click(`[data-testid=history-delete-${run.id}]`);
    await expect.poll(() => page.locator("[data-testid=history] tbody tr").count()).toBe(runs.length - 1);
    await page.click("[data-testid=tab-results]");
    expect(await page.isVisible("#results-empty")).toBe(true);
    expect(await page.isHidden("#results")).toBe(true);
  });

  /** The page in `l` (the language toggle, when it is in the other one). */
  const toLang = async (l: "en" | "zh") => {
    if ((await page.getAttribute("html", "lang")) !== (l === "zh" ? "zh-CN" : "en")) await page.click("[data-testid=lang-toggle]");
    await expect.poll(() => page.getAttribute("html", "lang")).toBe(l === "zh" ? "zh-CN" : "en");
  };
  const STATIONS = ["print", "pick", "qc", "pack", "weigh"];
  type RunView = { id: string; status: string; sets: string[]; scenario: { staff: { shifts: { id: string; start: string; end: string }[]; roster: Record<string, Record<string, number>>; temps: Record<string, Record<string, number>> } } };
  const finishedRuns = async () => ((await (await fetch(`${server.url}api/runs?kind=run`)).json()) as RunView[]).filter((r) => r.status === "done");
  /** Starts a run and waits for its results on the page; the run as the API has it. */
  const runAndWait = async (): Promise<RunView> => {
    const before = (await finishedRuns()).length;
    await page.click("[data-testid=run]");
    await expect.poll(async () => (await finishedRuns()).length, { timeout: 60_000 }).toBe(before + 1);
    const [latest] = await finishedRuns();
    await expect.poll(() => page.textContent("[data-testid=results-title]"), { timeout: 30_000 }).toContain(latest.id);
    return (await (await fetch(`${server.url}api/runs/${latest.id}`)).json()) as RunView;
  };

  /** `text` validated on a fresh grid (the default scenario loaded first: no page edits carried over). */
  const freshText = async (text: string) => {
    if ((await page.inputValue("#scenario-select")) !== "default") await page.selectOption("#scenario-select", "default");
    await expect.poll(() => page.locator("[data-testid^=shift-row-]").count()).toBe(1);
    await page.fill("[data-testid=scenario-text]", text);
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=validation].ok, [data-testid=validation].warn");
  };

  it("adds a night shift on the page, staffs it, runs with it, and removes it again", async () => {
    await toLang("en");
    await page.click("[data-testid=tab-results]");
    await freshText(SMALL_YAML);
    const rows = page.locator("[data-testid^=shift-row-]");
    expect(await rows.count()).toBe(1);
    // The add-shift fields suggest the night, from the day shift's end to its start.
    expect([await page.inputValue("[data-testid=shift-new-id]"), await page.inputValue("[data-testid=shift-new-start]"), await page.inputValue("[data-testid=shift-new-end]")]).toEqual(["night", "20:00", "08:00"]);
    // A taken id and a time past 24:00: each named with what it allows, and nothing added.
    const problems = "[data-testid=shift-problems]";
    expect(await page.isHidden(problems)).toBe(true);
    await page.fill("[data-testid=shift-new-id]", "day");
    await page.fill("[data-testid=shift-new-end]", "25:00");
    await page.click("[data-testid=shift-add]");
    await expect.poll(() => page.textContent(problems)).toBe("To add the shift, fix 2 field(s): New shift: id: another shift already has the id day; New shift: end: a clock time from 00:00 to 24:00, such as 20:00");
    expect(await rows.count()).toBe(1);
    await toLang("zh");
    await expect.poll(() => page.textContent(problems)).toBe("要添加班次，请先改正 2 处输入：新班次：编号：已有班次使用编号 day；新班次：结束时间：应为 00:00 到 24:00 之间的时刻，如 20:00");
    await toLang("en");
    await page.fill("[data-testid=shift-new-id]", "Night 2");
    await expect.poll(() => page.textContent(problems)).toContain("New shift: id: lower-case letters, digits, - or _, starting with a letter, at most 32 characters");
    // Fixed field by field: the line follows, and goes once nothing is left.
    await page.fill("[data-testid=shift-new-id]", "night");
    await expect.poll(() => page.textContent(problems)).toBe("To add the shift, fix 1 field(s): New shift: end: a clock time from 00:00 to 24:00, such as 20:00");
    await page.fill("[data-testid=shift-new-end]", "08:00");
    await expect.poll(() => page.isHidden(problems)).toBe(true);
    await page.click("[data-testid=shift-add]");

    // The new shift as columns of the grid, permanent and temporary at every station, nobody on them yet.
    await page.waitForSelector("[data-testid=staff-pack-night-perm]");
    expect(await page.textContent("[data-testid=staff-head-night]")).toBe("night 20:00–08:00");
    for (const st of STATIONS) for (const k of ["perm", "temp"]) expect(await page.inputValue(`[data-testid=staff-${st}-night-${k}]`)).toBe("0");
    expect(await page.textContent("[data-testid=shift-row-night]")).toContain("12 h, ends the next day");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toBe('staff.shifts[1]={id: "night", start: "20:00", end: "08:00"}');
    // The fields suggest a next one now.
    expect(await page.inputValue("[data-testid=shift-new-id]")).toBe("shift3");
    // People on it, and its start moved to 19:00: the grid's head follows.
    for (const st of STATIONS) await page.fill(`[data-testid=staff-${st}-night-perm]`, "2");
    await page.fill("[data-testid=staff-pack-night-temp]", "1");
    await page.fill("[data-testid=shift-night-start]", "19:00");
    await expect.poll(() => page.textContent("[data-testid=staff-head-night]")).toBe("night 19:00–08:00");
    // The day shift's end edited in place: a bad time is named below Run and holds the run.
    await page.fill("[data-testid=shift-day-end]", "25:00");
    await expect.poll(() => page.textContent("[data-testid=input-problems]")).toContain("day / End: a clock time from 00:00 to 24:00, such as 20:00");
    expect(await page.isDisabled("[data-testid=run]")).toBe(true);
    await page.fill("[data-testid=shift-day-end]", "19:00");
    await expect.poll(() => page.isHidden("[data-testid=input-problems]")).toBe(true);
    expect(await page.getAttribute("[data-testid=shift-day-end]", "class")).toContain("changed");
    const sets = [
      "staff.shifts.day.end=19:00",
      'staff.shifts[1]={id: "night", start: "19:00", end: "08:00"}',
      ...STATIONS.map((st) => `staff.roster.${st}.night=2`),
      "staff.temps.pack.night=1",
    ];
    await expect.poll(() => page.textContent("[data-testid=changes]")).toBe(sets.join("  "));

    await page.fill("[data-testid=replications]", "2");
    const run = await runAndWait();
    // The run had the shift, its people and its times, through the same sets as every grid edit.
    expect(run.sets).toEqual(sets);
    expect(run.scenario.staff.shifts.map((x) => `${x.id} ${x.start}-${x.end}`)).toEqual(["day 08:00-19:00", "night 19:00-08:00"]);
    expect(run.scenario.staff.roster.pack).toEqual({ day: 6, night: 2 });
    expect(run.scenario.staff.temps.pack).toEqual({ night: 1 });
    // People on duty at 22:00 on the peak day now (the day shift alone leaves the evening grey).
    const at22 = page.locator('[data-testid=heatmap] td[title^="Pack 11-11 22:00"]');
    expect(await at22.count()).toBe(1);
    expect(await at22.evaluate((td) => td.classList.contains("off"))).toBe(false);
    expect(await at22.getAttribute("title")).not.toContain(" 0 people");

    // Removed again: its columns and sets go; the last shift cannot be removed.
    await page.click("[data-testid=shift-night-remove]");
    await expect.poll(() => page.locator("[data-testid=staff-pack-night-perm]").count()).toBe(0);
    expect(await page.locator("[data-testid=staff-head-night]").count()).toBe(0);
    await expect.poll(() => page.textContent("[data-testid=changes]")).toBe("staff.shifts.day.end=19:00");
    expect(await page.isDisabled("[data-testid=shift-day-remove]")).toBe(true);
    await page.fill("[data-testid=shift-day-end]", "20:00");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toBe("none");
    expect(await page.inputValue("[data-testid=shift-new-id]")).toBe("night");
  });

  it("removes a shift the scenario text has, and keeps page shifts over a re-validated text", async () => {
    const roster = STATIONS.map((st) => `    ${st}: { early: ${st === "pack" ? 6 : 2}, late: 1 }\n`).join("");
    const text = (late: string, more = "") => `${SMALL_YAML}staff:\n  shifts:\n    - { id: early, start: "06:00", end: "14:00" }\n    - { id: late, start: "14:00", end: "${late}" }\n${more}  roster:\n${roster}`;
    await freshText(text("22:00"));
    // A third 8-hour shift: the night, from the late shift's end to the early one's start.
    expect([await page.inputValue("[data-testid=shift-new-id]"), await page.inputValue("[data-testid=shift-new-start]"), await page.inputValue("[data-testid=shift-new-end]")]).toEqual(["night", "22:00", "06:00"]);
    await page.click("[data-testid=shift-add]");
    await page.fill("[data-testid=staff-pack-night-perm]", "2");
    expect(await page.textContent("[data-testid=shift-row-night]")).toContain("8 h, ends the next day");
    // Validated again, unchanged: the page's shift and its people stay.
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=validation].ok, [data-testid=validation].warn");
    expect(await page.inputValue("[data-testid=staff-pack-night-perm]")).toBe("2");
    // The late shift removed: the list set again (no set removes an entry), the rosters that named it row by row.
    await page.click("[data-testid=shift-late-remove]");
    await expect.poll(() => page.locator("[data-testid=staff-pack-late-perm]").count()).toBe(0);
    const changes = (await page.textContent("[data-testid=changes]")) ?? "";
    expect(changes).toContain('staff.shifts=[{"id":"early","start":"06:00","end":"14:00","breaks":[]}]  staff.shifts[1]={id: "night", start: "22:00", end: "06:00"}');
    expect(changes).toContain('staff.roster.pack={"early":6,"night":2}');
    expect(changes).not.toContain("late");
    const run = await runAndWait();
    expect(run.scenario.staff.shifts.map((x) => x.id)).toEqual(["early", "night"]);
    expect(run.scenario.staff.roster.pack).toEqual({ early: 6, night: 2 });
    expect(run.scenario.staff.roster.print).toEqual({ early: 2 });
    // Validated again: the late shift stays removed while the text keeps it as it was...
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=validation].ok, [data-testid=validation].warn");
    expect(await page.locator("[data-testid=shift-row-late]").count()).toBe(0);
    expect(await page.inputValue("[data-testid=staff-pack-night-perm]")).toBe("2");
    // ...and comes back when the text changes it (the text wins there); the page's night shift stays.
    await page.fill("[data-testid=scenario-text]", text("23:00"));
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=validation].ok, [data-testid=validation].warn");
    await expect.poll(() => page.locator("[data-testid=shift-row-late]").count()).toBe(1);
    expect(await page.textContent("[data-testid=staff-head-late]")).toBe("late 14:00–23:00");
    expect(await page.inputValue("[data-testid=staff-pack-night-perm]")).toBe("2");
    // A text with a night shift of its own: the text's, and the page's edits of it go.
    await page.fill("[data-testid=scenario-text]", text("22:00", '    - { id: night, start: "21:00", end: "05:00" }\n'));
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=validation].ok, [data-testid=validation].warn");
    await expect.poll(() => page.textContent("[data-testid=staff-head-night]")).toBe("night 21:00–05:00");
    expect(await page.inputValue("[data-testid=staff-pack-night-perm]")).toBe("0");
    expect(await page.textContent("[data-testid=changes]")).toBe("none");
  });

  it("renames a shift: its people follow in the grid and the sets, a bad id is refused in both languages, a re-validated text keeps it", async () => {
    await toLang("en");
    await page.click("[data-testid=tab-results]");
    await freshText(SMALL_YAML);
    // A night shift, then the next one the fields suggest ("shift3", given 12:00-22:00), with people on it.
    await page.click("[data-testid=shift-add]");
    expect(await page.inputValue("[data-testid=shift-new-id]")).toBe("shift3");
    await page.fill("[data-testid=shift-new-start]", "12:00");
    await page.fill("[data-testid=shift-new-end]", "22:00");
    await page.click("[data-testid=shift-add]");
    await page.fill("[data-testid=staff-pack-shift3-perm]", "3");
    await page.fill("[data-testid=staff-pick-shift3-temp]", "1");
    // Renamed in place (Enter applies it): its columns, people and sets follow, no remove and add again.
    const idField = (id: string) => `[data-testid=shift-${id}-id]`;
    await page.fill(idField("shift3"), "late");
    await page.press(idField("shift3"), "Enter");
    await page.waitForSelector("[data-testid=staff-pack-late-perm]");
    expect(await page.locator("[data-testid=staff-pack-shift3-perm]").count()).toBe(0);
    expect(await page.inputValue("[data-testid=staff-pack-late-perm]")).toBe("3");
    expect(await page.inputValue("[data-testid=staff-pick-late-temp]")).toBe("1");
    expect(await page.textContent("[data-testid=staff-head-late]")).toBe("late 12:00–22:00");
    expect(await page.textContent("[data-testid=shift-row-late]")).toContain("10 h");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toBe('staff.shifts[1]={id: "night", start: "20:00", end: "08:00"}  staff.shifts[2]={id: "late", start: "12:00", end: "22:00"}  staff.roster.pack.late=3  staff.temps.pick.late=1');

    // An id another shift has, none, or not an id (as the schema takes ids): named under the shifts and below Run,
    // in either language; the run is held, the shift keeps its id and people.
    const problems = "[data-testid=shift-rename-problems]";
    expect(await page.isHidden(problems)).toBe(true);
    await page.fill(idField("late"), "night");
    await page.press(idField("late"), "Enter");
    await expect.poll(() => page.textContent(problems)).toBe("To rename the shift, fix 1 field(s): late / Id: another shift already has the id night");
    expect(await page.textContent("[data-testid=input-problems]")).toBe("Run needs 1 field(s) fixed: late / Id: another shift already has the id night");
    expect(await page.isDisabled("[data-testid=run]")).toBe(true);
    expect(await page.inputValue("[data-testid=staff-pack-late-perm]")).toBe("3");
    await toLang("zh");
    await expect.poll(() => page.textContent(problems)).toBe("要修改班次编号，请先改正 1 处输入：晚班 / 编号：已有班次使用编号 night");
    expect(await page.inputValue(idField("late"))).toBe("night");
    await toLang("en");
    await page.fill(idField("late"), "");
    await expect.poll(() => page.textContent(problems)).toBe("To rename the shift, fix 1 field(s): late / Id: a shift needs an id: lower-case letters, digits, - or _, starting with a letter, at most 32 characters");
    await toLang("zh");
    await expect.poll(() => page.textContent(problems)).toBe("要修改班次编号，请先改正 1 处输入：晚班 / 编号：班次须有编号：应由小写字母、数字、- 或 _ 组成，以字母开头，最多 32 个字符");
    await toLang("en");
    await page.fill(idField("late"), "Late shift");
    await expect.poll(() => page.textContent(problems)).toBe("To rename the shift, fix 1 field(s): late / Id: lower-case letters, digits, - or _, starting with a letter, at most 32 characters");
    await page.fill(idField("late"), "constructor");
    await expect.poll(() => page.textContent(problems)).toBe("To rename the shift, fix 1 field(s): late / Id: constructor is a reserved word; choose another id");
    expect(await page.locator("[data-testid=staff-pack-late-perm]").count()).toBe(1);
    await page.fill(idField("late"), "evening");
    await page.press(idField("late"), "Enter");
    await page.waitForSelector("[data-testid=staff-pack-evening-perm]");
    expect(await page.isHidden(problems)).toBe(true);
    expect(await page.isHidden("[data-testid=input-problems]")).toBe(true);

    // The scenario's own shift too: renamed by a set after its times, every roster row that named it set again under the new id.
    await page.fill(idField("day"), "early");
    await page.locator(idField("day")).blur();
    await page.waitForSelector("[data-testid=staff-pack-early-perm]");
    expect(await page.inputValue("[data-testid=staff-pack-early-perm]")).toBe("6");
    expect(await page.getAttribute(idField("early"), "class")).toContain("changed");
    const sets = [
      "staff.shifts.day.id=early",
      'staff.shifts[1]={id: "night", start: "20:00", end: "08:00"}',
      'staff.shifts[2]={id: "evening", start: "12:00", end: "22:00"}',
      'staff.roster.print={"early":2}',
      'staff.roster.pick={"early":3}',
      'staff.roster.qc={"early":2}',
      'staff.roster.pack={"early":6,"evening":3}',
      'staff.roster.weigh={"early":2}',
      "staff.temps.pick.evening=1",
    ];
    await expect.poll(() => page.textContent("[data-testid=changes]")).toBe(sets.join("  "));
    await page.fill("[data-testid=replications]", "2");
    const run = await runAndWait();
    expect(run.sets).toEqual(sets);
    expect(run.scenario.staff.shifts.map((x) => `${x.id} ${x.start}-${x.end}`)).toEqual(["early 08:00-20:00", "night 20:00-08:00", "evening 12:00-22:00"]);
    expect(run.scenario.staff.roster.pack).toEqual({ early: 6, evening: 3 });
    expect(run.scenario.staff.temps.pick).toEqual({ evening: 1 });
    // Validated again, unchanged: the renames stay, with their people.
    await page.click("[data-testid=validate]");
    await page.waitForSelector("[data-testid=validation].ok, [data-testid=validation].warn");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toBe(sets.join("  "));
    // Its scenario id again: no rename left to send.
    await page.fill(idField("early"), "day");
    await page.press(idField("early"), "Enter");
    await expect.poll(() => page.textContent("[data-testid=changes]")).toBe('staff.shifts[1]={id: "night", start: "20:00", end: "08:00"}  staff.shifts[2]={id: "evening", start: "12:00", end: "22:00"}  staff.roster.pack.evening=3  staff.temps.pick.evening=1');
  });

  it("applies a plan made with renamed shifts (the scenario's own and one added on the page), and not one made without them", async () => {
    await freshText(SMALL_YAML);
    await page.click("[data-testid=shift-add]");
    await page.waitForSelector("[data-testid=staff-pack-night-perm]");
    for (const [was, now] of [["night", "evening"], ["day", "early"]]) {
      await page.fill(`[data-testid=shift-${was}-id]`, now);
      await page.press(`[data-testid=shift-${was}-id]`, "Enter");
      await page.waitForSelector(`[data-testid=staff-pack-${now}-perm]`);
    }
    await page.click("[data-testid=tab-planner]");
    await page.selectOption("[data-testid=plan-mode]", "quick");
    await page.fill("[data-testid=plan-min-crew]", "1");
    const before = ((await (await fetch(`${server.url}api/runs?kind=plan`)).json()) as unknown[]).length;
    await page.click("[data-testid=plan]");
    await expect.poll(async () => ((await (await fetch(`${server.url}api/runs?kind=plan`)).json()) as { status: string }[]).filter((r) => r.status === "done").length, { timeout: 120_000 }).toBe(before + 1);
    await page.waitForSelector("[data-testid=plan-apply]:not([hidden])", { timeout: 30_000 });
    const [latest] = (await (await fetch(`${server.url}api/runs?kind=plan&limit=1`)).json()) as { id: string }[];
    type Table = Record<string, Record<string, number>>;
    const plan = ((await (await fetch(`${server.url}api/runs/${latest.id}`)).json()) as { result: { shifts: string[]; plan: { roster: Table; temps: Table } } }).result;
    expect(plan.shifts).toEqual(["early", "evening"]);
    await page.click("[data-testid=plan-apply]");
    for (const st of STATIONS) {
      for (const sh of ["early", "evening"]) {
        await expect.poll(() => page.inputValue(`[data-testid=staff-${st}-${sh}-perm]`)).toBe(String(plan.plan.roster[st]?.[sh] ?? 0));
        expect(await page.inputValue(`[data-testid=staff-${st}-${sh}-temp]`)).toBe(String(plan.plan.temps[st]?.[sh] ?? 0));
      }
    }
    // Renamed after the plan: it no longer fits the grid's shifts until the name is back.
    await page.fill("[data-testid=shift-evening-id]", "late");
    await page.press("[data-testid=shift-evening-id]", "Enter");
    await expect.poll(() => page.isHidden("[data-testid=plan-apply]")).toBe(true);
    await page.fill("[data-testid=shift-late-id]", "evening");
    await page.press("[data-testid=shift-late-id]", "Enter");
    await expect.poll(() => page.isVisible("[data-testid=plan-apply]")).toBe(true);
    // The evening shift removed: the plan no longer fits the grid, and says so instead of offering Apply.
    await page.click("[data-testid=shift-evening-remove]");
    await expect.poll(() => page.isHidden("[data-testid=plan-apply]")).toBe(true);
    expect(await page.textContent("[data-testid=plan-result]")).toContain("This plan was made for other stations or shifts than the staffing grid's");
    await page.click("[data-testid=tab-results]");
  });

  it("lets the planner try a launch crew: a bad shift is refused at its field, the plan marks the new shift, and Apply adds it to the grid with its day", async () => {
    await freshText(SMALL_YAML);
    await page.click("[data-testid=tab-planner]");
    await page.selectOption("[data-testid=plan-mode]", "quick");
    await page.fill("[data-testid=plan-min-crew]", "1");
    // An id the scenario has: refused before any simulation, naming the entry.
    await page.fill("[data-testid=plan-try-shifts]", "day=00:00-08:00");
    const before = ((await (await fetch(`${server.url}api/runs?kind=plan`)).json()) as unknown[]).length;
    await page.click("[data-testid=plan]");
    await expect.poll(() => page.textContent("[data-testid=plan-status]")).toContain("The request has problems");
    await expect.poll(() => page.textContent("body")).toContain('"day" is already a shift of the scenario');
    expect(((await (await fetch(`${server.url}api/runs?kind=plan`)).json()) as unknown[]).length).toBe(before);
    // A launch crew on the peak day only (00:00-08:00), with the default targets: the plan staffs it.
    await page.fill("[data-testid=plan-try-shifts]", "launch=00:00-08:00@0");
    await page.click("[data-testid=plan]");
    await expect.poll(async () => ((await (await fetch(`${server.url}api/runs?kind=plan`)).json()) as { status: string }[]).filter((r) => r.status === "done").length, { timeout: 120_000 }).toBe(before + 1);
    await page.waitForSelector("[data-testid=plan-apply]:not([hidden])", { timeout: 30_000 });
    const [latest] = (await (await fetch(`${server.url}api/runs?kind=plan&limit=1`)).json()) as { id: string }[];
    type Table = Record<string, Record<string, number>>;
    const res = ((await (await fetch(`${server.url}api/runs/${latest.id}`)).json()) as { result: { shifts: string[]; tryShifts: { id: string; people: number }[]; plan: { roster: Table; temps: Table } } }).result;
    expect(res.shifts).toEqual(["day", "launch"]);
    expect(res.tryShifts[0].people).toBeGreaterThan(0);
    expect(await page.textContent("[data-testid=plan-shift-launch]")).toContain("launch (new 00:00-08:00, peak day only)");
    expect(await page.textContent("[data-testid=plan-result]")).toContain("The plan adds the shift launch");
    await page.click("[data-testid=plan-apply]");
    await page.fill("[data-testid=plan-try-shifts]", "");
    await page.click("[data-testid=tab-results]");
    await page.waitForSelector("[data-testid=staff-pack-launch-perm]");
    for (const st of STATIONS) {
      for (const sh of ["day", "launch"]) {
        await expect.poll(() => page.inputValue(`[data-testid=staff-${st}-${sh}-perm]`)).toBe(String(res.plan.roster[st]?.[sh] ?? 0));
        expect(await page.inputValue(`[data-testid=staff-${st}-${sh}-temp]`)).toBe(String(res.plan.temps[st]?.[sh] ?? 0));
      }
    }
    expect(await page.textContent('#shift-table [data-shift-note="launch"]')).toBe("8 h, peak day only");
    // Sent with its day, so a run is the plan's.
    await expect.poll(() => page.textContent("#changes")).toContain('staff.shifts[1]={id: "launch", start: "00:00", end: "08:00", days: [0]}');
    await page.click("[data-testid=shift-launch-remove]");
  });

  it("shows the scenario's problems in the new language after a switch, asking the server again", async () => {
    await toLang("en");
    const box = "[data-testid=validation]";
    const bad = `${SMALL_YAML}staff:\n  shifts:\n    - { id: day, start: "25:00", end: "20:00" }\n`;
    await page.fill("[data-testid=scenario-text]", bad);
    await page.click("[data-testid=validate]");
    await page.waitForSelector(`${box}.bad`);
    expect(await page.textContent(box)).toContain('The scenario has problems:staff.shifts[0].start: "25:00" is not valid; expected a clock time "HH:MM"');
    await toLang("zh");
    await expect.poll(() => page.textContent(box)).toContain('场景有以下问题：staff.shifts[0].start："25:00" 无效；应为时刻 "HH:MM"');
    expect(await page.textContent(box)).not.toContain("expected");
    await toLang("en");
    await expect.poll(() => page.textContent(box)).toContain("expected a clock time");
    // A run refused for the text: asked again without starting a run (POST /api/runs/check).
    const runs = async () => ((await (await fetch(`${server.url}api/runs?kind=run`)).json()) as unknown[]).length;
    const before = await runs();
    await page.click("[data-testid=run]");
    await expect.poll(() => page.textContent(box)).toContain("The request has problems; each is named below:scenarioText.staff.shifts[0].start:");
    await toLang("zh");
    await expect.poll(() => page.textContent(box)).toContain('请求有误，请修改以下各项：scenarioText.staff.shifts[0].start："25:00" 无效；应为时刻 "HH:MM"');
    await toLang("en");
    await expect.poll(() => page.textContent(box)).toContain('scenarioText.staff.shifts[0].start: "25:00" is not valid');
    expect(await runs()).toBe(before);
    // Two shifts with one id: refused (both would take its people), in either language.
    await page.fill("[data-testid=scenario-text]", `${SMALL_YAML}staff:\n  shifts:\n    - { id: day, start: "08:00", end: "20:00" }\n    - { id: day, start: "20:00", end: "08:00" }\n`);
    await page.click("[data-testid=validate]");
    await expect.poll(() => page.textContent(box)).toContain('staff.shifts[1].id: duplicate shift id "day"');
    await toLang("zh");
    await expect.poll(() => page.textContent(box)).toContain('staff.shifts[1].id：班次 id "day" 重复');
    await toLang("en");
    await page.fill("[data-testid=scenario-text]", SMALL_YAML);
    await page.click("[data-testid=validate]");
    await page.waitForSelector(`${box}.ok`);
  });

  it("words refusals that are not about the scenario again after a language switch: planner options, too many runs, no answer", async () => {
    await toLang("en");
    await freshText(SMALL_YAML);
    const box = "[data-testid=validation]";
    const status = "[data-testid=plan-status]";
    // A crew larger than two stations have room for: the server's refusal, asked again in each language without starting a plan.
    const plans = async () => ((await (await fetch(`${server.url}api/runs?kind=plan`)).json()) as unknown[]).length;
    const before = await plans();
    await page.click("[data-testid=tab-planner]");
    await page.selectOption("[data-testid=plan-mode]", "quick");
    await page.fill("[data-testid=plan-min-crew]", "12");
    await page.click("[data-testid=plan]");
    await expect.poll(() => page.textContent(box)).toContain("options.minCrew: minCrew (12) is more than print (maxStaff 10), weigh (maxStaff 10) has room for");
    expect(await page.textContent(status)).toBe("The request has problems; each is named below:");
    await toLang("zh");
    await expect.poll(() => page.textContent(box)).toContain("options.minCrew：“每工位每班至少（人）”（minCrew）为 12，超过了 print（maxStaff 10）、weigh（maxStaff 10）能容纳的人数");
    expect(await page.textContent(box)).not.toContain("room for");
    expect(await page.textContent(status)).toBe("请求有误，请修改以下各项：");
    await toLang("en");
    await expect.poll(() => page.textContent(box)).toContain("has room for");
    expect(await page.textContent(box)).not.toContain("每工位");
    expect(await page.textContent(status)).toBe("The request has problems; each is named below:");
    expect(await plans()).toBe(before);
    await page.fill("[data-testid=plan-min-crew]", "1");

    // Too many runs at once (this server takes 2): worded on the page from the refusal's code, in either language.
    await page.click("[data-testid=tab-results]");
    const started: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}api/runs`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ scenario: "large-seller", replications: 100 }) });
      expect(res.status).toBe(202);
      started.push(((await res.json()) as { id: string }).id);
    }
    try {
      await page.fill("[data-testid=replications]", "2");
      await page.click("[data-testid=run]");
      await expect.poll(() => page.textContent(box)).toBe("The server is already running 2 runs and plans at once, its limit; wait for one to finish or cancel one, then try again.");
      await toLang("zh");
      await expect.poll(() => page.textContent(box)).toBe("服务器已在同时进行 2 个运行和规划，已达上限；请等其中一个结束或取消一个，再试一次。");
      await toLang("en");
      await expect.poll(() => page.textContent(box)).toBe("The server is already running 2 runs and plans at once, its limit; wait for one to finish or cancel one, then try again.");
    } finally {
      for (const id of started) await fetch(`${server.url}api/runs/${id}/cancel`, { method: "POST" });
    }
    const ended = async () => {
      const runs = (await (await fetch(`${server.url}api/runs?kind=run`)).json()) as { id: string; status: string }[];
      return runs.filter((r) => started.includes(r.id) && r.status !== "queued" && r.status !== "running").length;
    };
    await expect.poll(ended, { timeout: 60_000 }).toBe(2);

    // No answer at all (the request never reaches the server): said on the page, in either language.
    await page.route("**/api/runs", (route) => (route.request().method() === "POST" ? route.abort() : route.continue()));
    try {
      await page.click("[data-testid=run]");
      await expect.poll(() => page.textContent(box)).toBe("The server did not answer.");
      await toLang("zh");
      await expect.poll(() => page.textContent(box)).toBe("服务器没有响应。");
      await toLang("en");
      await expect.poll(() => page.textContent(box)).toBe("The server did not answer.");
    } finally {
      await page.unroute("**/api/runs");
    }
  });

  it("raised no page errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
