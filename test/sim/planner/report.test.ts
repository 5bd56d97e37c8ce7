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
  s = { ...mmcScenario(4, 60, 2), name: 'Desk <script>alert("x")</script> & co' };
  r = await plan(s, { targets: [{ kind: "mean-wait", station: "desk", maxMin: 0.3 }], marginalReplications: 4, maxReplications: 20 }, { evaluate: evaluateInProcess });
  manifest = buildPlanManifest(r, s, { version: "0.1.0", sha256: "ab".repeat(32), command: "npx tsx src/cli.ts plan desk.yaml" }, [1, 2, 3]);
});

describe("plan report", () => {
  it("tables hold the plan, the change against the scenario and the marginal effects", () => {
    const t = buildPlanTables(r, "en", s);
    expect(t.staffing.rows[0]).toEqual(["desk", '"all" shift', 6, 0, 6, 2, 4]);
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
