import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { Scenario } from "../../../src/sim/model/schema.js";
import { plan, type PlanResult } from "../../../src/sim/planner/index.js";
import { buildPlanManifest, buildPlanTables, PLAN_TABLES, renderPlan, renderPlanCsv } from "../../../src/sim/report/plan.js";
import type { Manifest } from "../../../src/sim/report/manifest.js";
import { evaluateInProcess, mmcScenario } from "./fixtures.js";

let s: Scenario;
let r: PlanResult;
let manifest: Manifest;

beforeAll(async () => {
  s = { ...mmcScenario(4, 60, 2), name: { en: 'Desk <script>alert("x")</script> & co' } };
  r = await plan(s, { targets: [{ kind: "mean-wait", station: "desk", maxMin: 0.3 }], marginalReplications: 4, maxReplications: 20 }, { evaluate: evaluateInProcess });
  manifest = buildPlanManifest(r, s, { version: "0.1.0", sha256: "ab".repeat(32), command: "npx tsx src/cli.ts plan desk.yaml" }, [1, 2, 3]);
});

describe("plan report", () => {
  it("tables hold the plan, the change against the scenario and the marginal effects", () => {
    const t = buildPlanTables(r, "en", s);
    expect(t.staffing.rows[0]).toEqual(["desk", "all shift", 6, 0, 6, 2, 4]);
    expect(t.staffing.rows.at(-1)?.[0]).toBe("Printers (in use)");
    expect(t.targets.rows[0].slice(0, 2)).toEqual(["Mean wait at desk <= 0.3 min", 0.3]);
    expect(t.targets.rowKinds).toEqual(["num2"]);
    expect(t.marginal.rows[0][0]).toBe("This plan (same 4 seeds)");
    expect(t.marginal.rows.length).toBe(1 + r.marginal.length);
    expect(t.cost.rows.find((x) => x[0] === "Headcount")?.slice(1, 3)).toEqual([6, 2]);
    const zh = buildPlanTables(r, "zh", s);
    expect(zh.staffing.title).toBe("推荐排班（每班人数）");
  });

  it("HTML is self-contained and escapes scenario text", async () => {
    const html = (await renderPlan(r, { format: "html", lang: "zh", manifest, scenario: s })) as string;
    expect(html).toContain("<!doctype html>");
    expect(html).toContain("Desk &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
    expect(html).not.toContain('<script>alert("x")');
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(html).toContain("该方案满足全部目标");
  });

  it("XLSX has one sheet per table with numbers kept as numbers", async () => {
    const bytes = (await renderPlan(r, { format: "xlsx", lang: "en", manifest, scenario: s })) as Uint8Array;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Staffing", "Targets", "Marginal", "Cost", "Steps", "Notes", "Manifest"]);
    const staffing = wb.getWorksheet("Staffing")!;
    expect(staffing.getRow(2).getCell(3).value).toBe(6);
    expect(wb.getWorksheet("Manifest")!.getColumn(1).values).toContain("scenarioSha256");
    // A Chinese workbook names its sheets in Chinese.
    const zh = (await renderPlan(r, { format: "xlsx", lang: "zh", manifest, scenario: s })) as Uint8Array;
    const wz = new ExcelJS.Workbook();
    await wz.xlsx.load(zh.buffer.slice(zh.byteOffset, zh.byteOffset + zh.byteLength) as ArrayBuffer);
    expect(wz.worksheets.map((w) => w.name)).toEqual(["排班", "目标", "增减一人", "成本", "搜索步骤", "说明", "可复现信息"]);
  });

  it("CSV renders every table; an unknown table is a RangeError", () => {
    for (const name of PLAN_TABLES) {
      const text = renderPlanCsv(r, "en", name, manifest, s);
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text.split("\r\n").length).toBeGreaterThan(1);
    }
    expect(renderPlanCsv(r, "en", "targets", manifest, s)).toContain("Mean wait at desk <= 0.3 min,0.3,");
    expect(() => renderPlanCsv(r, "en", "nope", manifest, s)).toThrow(/unknown table "nope"/);
  });

  it("JSON round-trips the PlanResult with the manifest", async () => {
    const text = (await renderPlan(r, { format: "json", lang: "en", manifest })) as string;
    const back = JSON.parse(text);
    expect(back.kind).toBe("peakline-plan");
    expect(back.plan.plan).toEqual(r.plan);
    expect(back.plan.evaluation.checks[0].key).toBe("wait:desk<=0.3min");
    expect(back.manifest.seeds).toEqual([1, 2, 3]);
    const text2 = (await renderPlan(r, { format: "text", lang: "en", manifest, scenario: s })) as string;
    expect(text2).toContain("## Recommended staffing (people per shift)");
  });
});

describe("plan report for Chinese readers and by target names", () => {
  let s2: Scenario;
  let r2: PlanResult;
  beforeAll(async () => {
    // A 10-day horizon reaches the d11-ship deadline (20 Nov 24:00); the run itself ends when the day's orders are out.
    s2 = { ...mmcScenario(4, 60, 6), horizon: 10 * 86_400, name: { en: "Front desk", zh: "前台" } };
    r2 = await plan(s2, { targets: ["wait:desk<=0.3min", "late:d11-ship<=50%"], start: "scenario", marginalReplications: 2, maxReplications: 20, stress: false }, { evaluate: evaluateInProcess });
  });

  it("heads the marginal-effect columns with the targets' names in the report's language, not their keys", () => {
    const en = buildPlanTables(r2, "en", s2).marginal.columns.map((c) => c.label);
    expect(en).toContain('P(any order late for "Double 11: shipped by 20 Nov 24:00") <= 50% after');
    expect(en).toContain("Mean wait at desk <= 0.3 min change");
    const zh = buildPlanTables(r2, "zh", s2).marginal.columns.map((c) => c.label);
    expect(zh).toContain("“双11：11月20日24:00前发货”出现超时订单的概率 <= 50% 调整后");
    expect(zh).toContain("“双11：11月20日24:00前发货”出现超时订单的概率 <= 50% 变化");
    for (const label of [...en, ...zh]) expect(label).not.toMatch(/late:|wait:/);
    // The columns keep the keys as their ids (CSV, XLSX readers).
    expect(buildPlanTables(r2, "zh", s2).marginal.columns.map((c) => c.key)).toContain("late:d11-ship<=50%.after");
  });

  it("in a terminal heads the marginal columns T1, T2 and names the targets under the table; changes carry their sign", async () => {
    for (const lang of ["en", "zh"] as const) {
      const text = (await renderPlan(r2, { format: "text", lang, manifest, scenario: s2 })) as string;
      const part = text.slice(text.indexOf(lang === "en" ? "## One person" : "## 增减一人"));
      const table = part.split("\n\n")[0].split("\n").filter(Boolean);
      expect(table[1]).toMatch(lang === "en" ? /T1 after +T1 change +T2 after \(%\) +T2 change \(pp\)/ : /T1 调整后 +T1 变化 +T2 调整后（%） +T2 变化（百分点）/);
      expect(table.at(-2)).toBe(lang === "en" ? "T1: Mean wait at desk <= 0.3 min" : "T1：desk 平均等待 <= 0.3 分钟");
      expect(table.at(-1)).toMatch(/^T2[:：]/);
      // No table line wider than the legend's longest line needs.
      expect(Math.max(...table.slice(0, -2).map((l) => l.length))).toBeLessThan(200);
      expect(part).not.toMatch(/-0\.0\b/);
    }
    const t = buildPlanTables(r2, "en", s2);
    expect(t.marginal.columns.filter((c) => c.signed).map((c) => c.key)).toEqual(["deltaCost", "wait:desk<=0.3min.delta", "late:d11-ship<=50%.delta"]);
    // XLSX: a share's change in percentage points too (a number, signed format), not a "%" that reads as a relative change.
    for (const lang of ["en", "zh"] as const) {
      const bytes = (await renderPlan(r2, { format: "xlsx", lang, manifest, scenario: s2 })) as Uint8Array;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      const ws = wb.getWorksheet(lang === "en" ? "Marginal" : "增减一人")!;
      const j = t.marginal.columns.findIndex((c) => c.key === "late:d11-ship<=50%.delta") + 1;
      expect(String(ws.getRow(1).getCell(j).value)).toMatch(lang === "en" ? / change \(pp\)$/ : / 变化（百分点）$/);
      const k = t.marginal.rows.findIndex((row, i) => i > 0 && typeof row[j - 1] === "number");
      const raw = t.marginal.rows[k][j - 1] as number;
      expect(ws.getRow(k + 2).getCell(j).value).toBe(Math.round(raw * 1000) / 10 || 0);
      expect(ws.getRow(k + 2).getCell(j).numFmt).toBe("+0.0;-0.0;0.0");
    }
  });

  it("Chinese titles take a full-width colon with no space and the scenario's Chinese name; English keeps ': ' and the English name", async () => {
    expect([r2.scenario, r2.scenarioZh]).toEqual(["Front desk", "前台"]);
    const text = (await renderPlan(r2, { format: "text", lang: "zh", manifest, scenario: s2 })) as string;
    expect(text.split("\n")[0]).toBe("产能规划方案：前台");
    const html = (await renderPlan(r2, { format: "html", lang: "zh", manifest, scenario: s2 })) as string;
    expect(html).toContain("<h1>产能规划方案：前台</h1>");
    expect(html).toContain("<title>产能规划方案 · 前台</title>");
    expect(html).not.toContain("产能规划方案: ");
    const en = (await renderPlan(r2, { format: "text", lang: "en", manifest, scenario: s2 })) as string;
    expect(en.split("\n")[0]).toBe("Capacity plan: Front desk");
  });

  it("reports the search's work apart from the checks after it", async () => {
    expect(r2.work.evaluations).toBeLessThanOrEqual(r2.settings.maxEvaluations);
    const en = (await renderPlan(r2, { format: "text", lang: "en", manifest, scenario: s2 })) as string;
    expect(en).toMatch(new RegExp(`Work: ${r2.work.evaluations} evaluations, ${r2.work.runs} replications simulated; then ${r2.work.after!.evaluations} evaluations, ${r2.work.after!.runs} replications checking the plan \\(marginal effects\\)\\.`));
    const zh = (await renderPlan(r2, { format: "text", lang: "zh", manifest, scenario: s2 })) as string;
    expect(zh).toContain(`工作量：${r2.work.evaluations} 次评估，${r2.work.runs} 次仿真；之后核查方案（边际影响）另用 ${r2.work.after!.evaluations} 次评估、${r2.work.after!.runs} 次仿真。`);
  });

  it("states the peak-day shares without a target on them, and the replications that missed a limit", async () => {
    const sw = r.evaluation.shippedWithin;
    const p1 = (x: number) => `${(x * 100).toFixed(1)}%`;
    const en = (await renderPlan(r, { format: "text", lang: "en", manifest, scenario: s })) as string;
    expect(en).toContain(`Peak-day orders shipped: within 12 h ${p1(sw.h12!.mean)} [${p1(sw.h12!.low)}, ${p1(sw.h12!.high)}], worst replication ${p1(sw.h12!.min)}; within 24 h ${p1(sw.h24!.mean)}`);
    expect(en).toContain(`(${sw.h12!.n} replications).`);
    const zh = (await renderPlan(r, { format: "text", lang: "zh", manifest, scenario: s })) as string;
    expect(zh).toContain(`大促当天订单发货比例：12 小时内 ${p1(sw.h12!.mean)}`);
    expect(zh).toContain(`最差一次 ${p1(sw.h12!.min)}`);
    // The targets table: a column of replications that missed the limit, which the JSON has per check.
    const t = buildPlanTables(r, "en", s).targets;
    const at = t.columns.findIndex((c) => c.key === "missedRuns");
    expect(t.columns[at].label).toBe("Replications that missed the limit");
    expect(t.rows[0][at]).toBe(r.evaluation.checks[0].missedRuns);
    // The cost a budget needs (what the runs charge) beside the planner's yardstick.
    const sim = Math.round(r.evaluation.simulatedCost.total).toLocaleString("en-US");
    expect(en).toContain(`A run of this plan charges ${sim} on average (labour and printers)`);
    expect(en).toContain(`budget from ${sim}.`);
    expect(zh).toContain(`按本方案仿真，平均计费 ${Math.round(r.evaluation.simulatedCost.total).toLocaleString("en-US")}（人工和打印机）`);
    // A missed limit is said beside the estimate in the headline.
    const missed = { ...r, evaluation: { ...r.evaluation, checks: r.evaluation.checks.map((c) => ({ ...c, missedRuns: 3 })) } };
    expect((await renderPlan(missed, { format: "text", lang: "en", manifest, scenario: s })) as string).toMatch(/\(n = \d+; 3 of them missed the limit\)/);
    expect((await renderPlan(missed, { format: "text", lang: "zh", manifest, scenario: s })) as string).toMatch(/（n = \d+；其中 3 次未达限值）/);
  });
});
