import { describe, expect, it } from "vitest";
import { compareRuns } from "../../src/api/compare.js";

const fig = (late: number, und?: number, extra: Record<string, number> = {}) => ({
  "deadlines.d11-ship.late": late,
  ...(und === undefined ? {} : { "deadlines.d11-ship.undetermined": und }),
  ...extra,
});

describe("compareRuns", () => {
  it("compares like for like without warnings", () => {
    const c = compareRuns({ figures: [fig(3, 0), fig(5, 0)], seeds: [1, 2] }, { figures: [fig(1, 0), fig(2, 0)], seeds: [1, 2] });
    expect(c.paired).toBe(true);
    expect(c.figures.find((f) => f.name === "deadlines.d11-ship.late")!.diff).toBe(-2.5);
    expect(c.onlyIn).toEqual({ a: [], b: [] });
    expect(c.warnings).toEqual([]);
  });

  it("warns when one run was stored before undetermined orders were counted (its late counts include them)", () => {
    const old = { figures: [fig(40), fig(42)], seeds: [1, 2] };
    const now = { figures: [fig(2, 38), fig(3, 39)], seeds: [1, 2] };
    const c = compareRuns(old, now);
    expect(c.onlyIn).toEqual({ a: [], b: ["deadlines.d11-ship.undetermined"] });
    expect(c.warnings).toHaveLength(1);
    expect(c.warnings[0].message).toMatch(/^Run A was stored by an earlier version .* Run A again to compare like for like\.$/);
    expect(c.warnings[0].zh).toContain("请重新运行 A");
    // The other way round names run B.
    expect(compareRuns(now, old).warnings[0].message).toMatch(/^Run B was stored/);
  });

  it("names figures only one run has (another station), which are not compared", () => {
    const c = compareRuns({ figures: [fig(1, 0, { "stations.gift.served": 5 })], seeds: [1] }, { figures: [fig(1, 0)], seeds: [1] });
    expect(c.onlyIn.a).toEqual(["stations.gift.served"]);
    expect(c.figures.map((f) => f.name)).not.toContain("stations.gift.served");
    expect(c.warnings).toEqual([{ message: "Not compared, in one run only (different stations, rules or couriers): stations.gift.served.", zh: "以下指标仅存在于其中一次运行（工位、规则或快递不同），未比较：stations.gift.served。" }]);
  });
});
