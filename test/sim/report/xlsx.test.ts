import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { renderReport } from "../../../src/sim/report/index.js";
import { SHEETS } from "../../../src/sim/report/xlsx.js";
import { experiment, manifestOf } from "./fixtures.js";

describe("XLSX export", () => {
  it("opens with exceljs and holds the numbers, formats, frozen headings and filters", async () => {
    const exp = await experiment();
    const bytes = (await renderReport(exp, { format: "xlsx", lang: "zh", manifest: manifestOf(exp) })) as Uint8Array;
    expect(bytes).toBeInstanceOf(Uint8Array);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as never);
    const names = wb.worksheets.map((w) => w.name);
    // A Chinese workbook names its sheets in Chinese.
    expect(names).toEqual(["摘要", "发货比例", "改进建议", "时效规则", "按付款日", "快递", "逐小时", "工位", "瓶颈时段", "排班", "各次仿真", "可复现信息"]);

    const st = wb.getWorksheet("工位")!;
    const head = (st.getRow(1).values as unknown[]).slice(1);
    expect(head).toContain("利用率（%）");
    expect(st.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(st.autoFilter).toBeTruthy();
    const uCol = head.indexOf("利用率（%）") + 1;
    const pack = exp.summary.stations.findIndex((s) => s.id === "pack");
    const cell = st.getRow(pack + 2).getCell(uCol);
    expect(cell.value).toBeCloseTo(exp.summary.stations[pack].utilization!.mean, 12);
    expect(cell.numFmt).toBe("0.0%");
    expect(st.getColumn(uCol).width).toBeGreaterThan(8);

    const dl = wb.getWorksheet("时效规则")!;
    const dh = (dl.getRow(1).values as unknown[]).slice(1);
    const lateCol = dh.indexOf("超时订单（均值）") + 1;
    const d = exp.summary.deadlines[1];
    expect(dl.getRow(3).getCell(1).value).toBe(d.id);
    expect(dl.getRow(3).getCell(lateCol).value).toBeCloseTo(d.late.mean, 12);

    const sum = wb.getWorksheet("摘要")!;
    const rows = sum.getSheetValues().slice(2) as unknown[][];
    const h24 = rows.find((r) => r[1] === "shippedWithin.h24")!;
    expect(h24[4]).toBeCloseTo(exp.summary.figures["shippedWithin.h24"]!.mean, 12);
    const h24Row = rows.indexOf(h24) + 2;
    expect(sum.getRow(h24Row).getCell(4).numFmt).toBe("0.0%");
    const arrivedRow = rows.findIndex((r) => r[1] === "orders.arrived") + 2;
    expect(sum.getRow(arrivedRow).getCell(4).numFmt).toBe("#,##0.0");

    const man = wb.getWorksheet("可复现信息")!;
    const mrows = man.getSheetValues().slice(2) as unknown[][];
    expect(mrows.find((r) => r[1] === "seeds")?.[3]).toBe(exp.seeds.join(" "));
    expect(mrows.find((r) => r[1] === "peaklineVersion")?.[3]).toBe("9.9.9-test");
  });

  it("names its sheets in English for an English workbook, and every name is one Excel accepts", async () => {
    const exp = await experiment();
    const bytes = (await renderReport(exp, { format: "xlsx", lang: "en", manifest: manifestOf(exp) })) as Uint8Array;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Summary", "Shipping", "Advice", "Deadlines", "Cohorts", "Couriers", "Hourly", "Stations", "Bottlenecks", "Staffing", "Replications", "Manifest"]);
    // Excel: at most 31 characters, none of [ ] : * ? / \, names unique within a workbook.
    for (const lang of ["en", "zh"] as const) {
      const names = Object.values(SHEETS).map((n) => n[lang]);
      expect(new Set(names).size).toBe(names.length);
      for (const n of names) {
        expect([...n].length).toBeLessThanOrEqual(31);
        expect(n).not.toMatch(/[[\]:*?\/\\]/);
      }
    }
  });
});
