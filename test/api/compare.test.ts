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

  it("pairs runs of one base seed with different replication counts over the replications both have", () => {
    const w = (x: number) => ({ "stations.pack.meanWaitMin": x });
    // B is A's experiment run longer (seeds 1-4 extend 1-2): pairs (1,1) and (2,2), differences -1 and -3.
    const a = { figures: [w(10), w(20)], seeds: [1, 2] };
    const b = { figures: [w(9), w(17), w(30), w(40)], seeds: [1, 2, 3, 4] };
    const c = compareRuns(a, b);
    expect(c).toMatchObject({ paired: true, common: 2, method: "paired" });
    expect(c.figures[0]).toMatchObject({ diff: -2, pairs: 2, b: { mean: 24, n: 4 } });
    expect(compareRuns(b, a)).toMatchObject({ paired: true, common: 2 });
    expect(compareRuns(b, a).figures[0].diff).toBe(2);
    // Seeds that only overlap in part (another base seed) are independent samples.
    expect(compareRuns(a, { figures: [w(1), w(2)], seeds: [2, 5] })).toMatchObject({ paired: false, common: 0, method: "welch" });
  });

  it("names figures only one run has (another station), which are not compared", () => {
    const c = compareRuns({ figures: [fig(1, 0, { "stations.gift.served": 5 })], seeds: [1] }, { figures: [fig(1, 0)], seeds: [1] });
    expect(c.onlyIn.a).toEqual(["stations.gift.served"]);
    expect(c.figures.map((f) => f.name)).not.toContain("stations.gift.served");
    expect(c.warnings).toEqual([{ message: "Not compared, in one run only (different stations, rules or couriers): stations.gift.served.", zh: "以下指标仅存在于其中一次运行（工位、规则或快递不同），未比较：stations.gift.served。" }]);
  });

  it("compares a figure some replications lack (null) over the replications that have it: paired over those where both do", () => {
    const w = (x: number | null) => ({ "stations.pack.meanWaitMin": x });
    // Replication 2 of A and 3 of B had no order start at pack.
    const a = { figures: [w(10), w(null), w(12), w(14)], seeds: [1, 2, 3, 4] };
    const b = { figures: [w(6), w(7), w(null), w(9)], seeds: [1, 2, 3, 4] };
    const f = compareRuns(a, b).figures[0];
    expect(f.a).toMatchObject({ mean: 12, n: 3 });
    expect(f.b).toMatchObject({ mean: 22 / 3, n: 3 });
    // Pairs 1 and 4 only: 6 - 10 and 9 - 14.
    expect(f.pairs).toBe(2);
    expect(f.diff).toBe(-4.5);
    expect(f.ci!.halfWidth).toBeGreaterThan(0);
    // No replication with both: no difference (not 0).
    const none = compareRuns({ figures: [w(1), w(null)], seeds: [1, 2] }, { figures: [w(null), w(3)], seeds: [1, 2] }).figures[0];
    expect(none).toMatchObject({ diff: null, pairs: 0 });
    expect(none.ci).toBeUndefined();
    // A figure no replication of a run has: null there; unpaired runs compare what they have.
    const unpaired = compareRuns({ figures: [w(null), w(null)], seeds: [1, 2] }, { figures: [w(3), w(5)], seeds: [7, 8] }).figures[0];
    expect(unpaired).toMatchObject({ a: null, b: { mean: 4, n: 2 }, diff: null });
    const welch = compareRuns({ figures: [w(null), w(2), w(4)], seeds: [1, 2, 3] }, { figures: [w(3), w(5)], seeds: [7, 8] }).figures[0];
    expect(welch.diff).toBe(1);
    expect(welch.ci).toBeDefined();
  });
});
