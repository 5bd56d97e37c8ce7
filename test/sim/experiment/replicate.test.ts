import { describe, expect, it } from "vitest";
import { replicationSeed } from "../../../src/sim/engine/random.js";
import { estimate } from "../../../src/sim/experiment/estimate.js";
import { figureEstimate, figureNames, figuresOf, isCountFigure, isShareFigure, replicate, replicationSeeds } from "../../../src/sim/experiment/replicate.js";
import { summarize } from "../../../src/sim/experiment/summary.js";
import { simulate } from "../../../src/sim/model/simulate.js";
import { scenario } from "./fixtures.js";

describe("replicate", () => {
  const s = scenario();

  it("replication r runs with replicationSeed(base, r), and a batch starting at `first` continues the sequence", () => {
    const all = replicate(s, { replications: 3, seed: 11 });
    expect(all.map((r) => r.seed)).toEqual([0, 1, 2].map((r) => replicationSeed(11, r)));
    const tail = replicate(s, { replications: 2, seed: 11, first: 1 });
    const strip = (r: (typeof all)[number]) => ({ ...r, perf: { events: r.perf.events, wallMs: 0 } });
    expect(tail.map(strip)).toEqual(all.slice(1).map(strip));
    expect(replicationSeeds(11, 2, 1)).toEqual([replicationSeed(11, 1), replicationSeed(11, 2)]);
  });

  it("defaults to the scenario's seed", () => {
    const [r] = replicate(s, { replications: 1 });
    expect(r.seed).toBe(replicationSeed(s.seed, 0));
  });

  it("figuresOf has the names figureNames promises, with the contract's examples", () => {
    const run = simulate(s, { seed: 3 });
    const f = figuresOf(run);
    expect(Object.keys(f)).toEqual(figureNames(s));
    for (const name of ["orders.shipped", "shippedWithin.h24", "stations.pack.utilization", "deadlines.d11-ship.late", "deadlines.d11-ship.anyLate", "labour.cost"]) {
      expect(f, name).toHaveProperty([name]);
    }
    expect(f["orders.shipped"]).toBe(run.orders.shipped);
    expect(f["stations.pack.utilization"]).toBe(run.stations.pack.utilization);
    expect(f["deadlines.d11-ship.anyLate"]).toBe(run.deadlines[0].late > 0 ? 1 : 0);
    // Every figure a number, but "any late" of a rule that judged no order here (the 48 h rule: every order paid in the Double 11 window).
    expect(run.deadlines.find((d) => d.id === "ship-48h")!.orders).toBe(0);
    expect(f["deadlines.ship-48h.anyLate"]).toBeNull();
    expect(Object.entries(f).filter(([, v]) => !Number.isFinite(v)).map(([k]) => k)).toEqual(["deadlines.ship-48h.anyLate"]);
  });

  it("the summary's figures are estimate() of the per-replication figures", () => {
    const runs = replicate(s, { replications: 4, seed: 5 });
    const sum = summarize(s, runs);
    expect(sum.replications).toBe(4);
    const shipped = runs.map((r) => r.orders.shipped);
    expect(sum.figures["orders.shipped"]).toEqual(estimate(shipped));
    expect(sum.figures["orders.shipped"]!.n).toBe(4);
    // Runs differ, so the interval has width.
    expect(new Set(shipped).size).toBeGreaterThan(1);
    expect(sum.figures["orders.shipped"]!.halfWidth).toBeGreaterThan(0);
  });

  it("half-widths of a model figure shrink about as 1/sqrt(R) (R = 8 vs 32)", () => {
    const runs = replicate(s, { replications: 32, seed: 77 });
    const a = summarize(s, runs.slice(0, 8)).figures["orders.arrived"]!.halfWidth;
    const b = summarize(s, runs).figures["orders.arrived"]!.halfWidth;
    // Expected about 2 * t(7)/t(31) = 2.3; one set of runs is noisy, hence the wide band.
    expect(a / b).toBeGreaterThan(1.2);
    expect(a / b).toBeLessThan(4);
  });
});

describe("figures by kind", () => {
  const s = scenario();

  it("counts are whole in every replication; time-averaged queues, waits, hours and costs are not counts", () => {
    const runs = replicate(s, { replications: 2, seed: 9 });
    const names = figureNames(s);
    const counts = names.filter(isCountFigure);
    expect(counts).toEqual(expect.arrayContaining(["orders.shipped", "stations.weigh.maxQueue", "stations.pack.served", "deadlines.d11-ship.late", "deadlines.d11-ship.undetermined", "couriers.zto.pickupsCapped", "mechanisms.printerFailures", "mechanisms.dockMax"]));
    for (const name of ["stations.weigh.meanQueue", "stations.weigh.meanWaitMin", "stations.weigh.staffHours", "labour.cost", "run.endHours", "shippedWithin.h24", "deadlines.d11-ship.anyLate"]) expect(isCountFigure(name), name).toBe(false);
    for (const run of runs) {
      const f = figuresOf(run);
      for (const name of counts) if (f[name] !== null) expect(Number.isInteger(f[name]), `${name} = ${f[name]}`).toBe(true);
    }
  });

  it("every figure but a share or a 0/1 indicator has its interval cut at 0: none can be negative", () => {
    const tail = [...Array(9).fill(1), 100];
    for (const name of figureNames(s).filter((n) => !isShareFigure(n))) expect(figureEstimate(name, tail), name).toMatchObject({ low: 0, interval: "t-clipped", halfWidth: estimate(tail).halfWidth });
  });
});
