import { describe, expect, it } from "vitest";
import { makeRng, RandomStreams, replicationSeed } from "../../../src/sim/engine/random.js";

const draw = (rng: () => number, n: number) => Array.from({ length: n }, () => rng());

describe("makeRng", () => {
  it("gives the same sequence for the same (seed, source)", () => {
    expect(draw(makeRng(42, "arrivals"), 1000)).toEqual(draw(makeRng(42, "arrivals"), 1000));
  });

  it("gives different sequences for another source or another seed", () => {
    const base = draw(makeRng(42, "arrivals"), 100);
    expect(draw(makeRng(42, "pick.service"), 100)).not.toEqual(base);
    expect(draw(makeRng(43, "arrivals"), 100)).not.toEqual(base);
  });

  it("draws uniforms in [0, 1)", () => {
    const xs = draw(makeRng(1, "u"), 100_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    // SE of the mean of U(0,1) is sqrt(1/12 / n) ~ 0.0009.
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / xs.length));
  });

  it("is pinned: the generator and seeding scheme do not change silently (every seeded result depends on them)", () => {
    const r = makeRng(42, "arrivals");
    expect(draw(r, 3)).toEqual([0.09669156046584249, 0.10787259554490447, 0.9512710100971162]);
  });
});

describe("RandomStreams", () => {
  it("returns the same stream object for a name and lists the sources used", () => {
    const s = new RandomStreams(7);
    const a = s.stream("arrivals");
    expect(s.stream("arrivals")).toBe(a);
    s.stream("pack.service");
    expect(s.sources).toEqual(["arrivals", "pack.service"]);
    expect(s.seed).toBe(7);
  });

  it("keeps streams independent: drawing from one never shifts another", () => {
    const alone = new RandomStreams(9);
    const expected = draw(alone.stream("arrivals"), 50);
    const busy = new RandomStreams(9);
    const got: number[] = [];
    const other = busy.stream("pick.service");
    const arr = busy.stream("arrivals");
    for (let i = 0; i < 50; i++) {
      draw(other, i % 4); // a varying number of draws elsewhere
      got.push(arr());
    }
    expect(got).toEqual(expected);
  });

  it("matches makeRng for (seed, source)", () => {
    expect(draw(new RandomStreams(3).stream("x"), 20)).toEqual(draw(makeRng(3, "x"), 20));
  });
});

describe("replicationSeed", () => {
  it("is stable (pinned values); replication 0 is the base seed itself", () => {
    expect([0, 1, 2, 99].map((r) => replicationSeed(42, r))).toEqual([42, 2860932040, 404444327, 1569208776]);
    expect(replicationSeed(0, 0)).toBe(0);
    expect(replicationSeed(4294967295, 0)).toBe(4294967295);
    expect(replicationSeed(4294967295, 7)).toBe(3610910960);
  });

  it("gives distinct unsigned 32-bit seeds for neighbouring replications and base seeds", () => {
    const seen = new Set<number>();
    let bad = 0;
    for (const base of [0, 1, 2, 42]) {
      for (let r = 0; r < 2500; r++) {
        const s = replicationSeed(base, r);
        if (!(Number.isInteger(s) && s >= 0 && s < 2 ** 32)) bad++;
        seen.add(s);
      }
    }
    expect(bad).toBe(0);
    expect(seen.size).toBe(10_000);
  });

  it("does not depend on call order (a worker can compute any replication's seed alone)", () => {
    const forward = Array.from({ length: 20 }, (_, r) => replicationSeed(5, r));
    const backward = Array.from({ length: 20 }, (_, i) => replicationSeed(5, 19 - i)).reverse();
    expect(backward).toEqual(forward);
  });
});
