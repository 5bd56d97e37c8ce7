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

  it("marks a figure significant only when its interval excludes 0 and the difference shows (not 0.0), and says how many marks chance gives", () => {
    const h = (x: number, w: number) => ({ "shippedWithin.h12": x, "stations.pack.meanWaitMin": w });
    const base = [0.5, 0.6, 0.55, 0.52];
    const a = { figures: base.map((x, i) => h(x, 10 + i)), seeds: [1, 2, 3, 4] };
    // B: 0.03 pp more in every replication (an interval excluding 0, "0.0 pp"), and 2 min less wait.
    const b = { figures: base.map((x, i) => h(x + 0.0003, 8 + i - i * 0.01)), seeds: [1, 2, 3, 4] };
    const c = compareRuns(a, b);
    const share = c.figures.find((f) => f.name === "shippedWithin.h12")!;
    expect(share.ci!.low).toBeGreaterThan(0);
    expect(share.significant).toBe(false);
    const wait = c.figures.find((f) => f.name === "stations.pack.meanWaitMin")!;
    expect(wait.ci!.high).toBeLessThan(0);
    expect(wait.significant).toBe(true);
    expect(c.significance).toMatchObject({ compared: 2, expectedByChance: 0.1 });
    expect(c.significance.message).toContain("2 figures were compared: even if nothing differed, about 0.1 would be marked by chance alone");
    expect(c.significance.zh).toContain("共比较 2 个指标");
    // No interval (one replication each): not significant.
    expect(compareRuns({ figures: [h(0.5, 1)], seeds: [1] }, { figures: [h(0.9, 5)], seeds: [1] }).figures.every((f) => f.significant === false)).toBe(true);
  });

  it("estimates each run's 0/1 figures with the Wilson interval and shares clipped to [0, 1], as the runs' summaries", () => {
    const f = (late: number, h24: number) => ({ "deadlines.d11-ship.anyLate": late, "shippedWithin.h24": h24 });
    const a = { figures: Array.from({ length: 20 }, (_, i) => f(1, i === 0 ? 0.8 : 1)), seeds: Array.from({ length: 20 }, (_, i) => i) };
    const c = compareRuns(a, a);
    expect(c.figures[0].a).toMatchObject({ interval: "wilson", k: 20, high: 1 });
    expect(c.figures[0].a!.low).toBeCloseTo(0.8389, 4);
    expect(c.figures[1].a).toMatchObject({ interval: "t-clipped", high: 1 });
    // Their difference: Wilson-based (Newcombe), not a 0-wide t interval, paired or not.
    expect(c.figures[0].diff).toBe(0);
    expect(c.figures[0].ci!.high).toBeCloseTo(0.1611, 4);
    expect(c.figures[0].significant).toBe(false);
    const none = { figures: a.figures.map((x) => ({ ...x, "deadlines.d11-ship.anyLate": 0 })), seeds: a.seeds.map((x) => x + 100) };
    const welch = compareRuns(none, a).figures[0];
    expect(welch).toMatchObject({ diff: 1, significant: true });
    expect(welch.ci!.low).toBeGreaterThan(0.6);
  });

  it("cuts each run's interval of a figure that cannot be negative at 0, but not the difference, which can be", () => {
    const seeds = Array.from({ length: 10 }, (_, i) => i);
    const a = { figures: seeds.map((i) => fig(i === 0 ? 100 : 2)), seeds };
    const b = { figures: seeds.map(() => fig(1)), seeds };
    const c = compareRuns(a, b).figures.find((f) => f.name === "deadlines.d11-ship.late")!;
    expect(c.a).toMatchObject({ low: 0, interval: "t-clipped" });
    expect(c.diff).toBeCloseTo(-10.8, 9);
    expect(c.ci!.low).toBeLessThan(-10.8);
    expect(c.ci!.high).toBeGreaterThan(0);
  });
});
