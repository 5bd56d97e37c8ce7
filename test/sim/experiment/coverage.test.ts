/**
 * Theory tests of the replication statistics on an M/M/c station built straight
 * from the engine (fast, and the true mean is known from Erlang C).
 *
 * Each replication starts in the stationary distribution (the number in system is
 * drawn from the M/M/c steady state), so the time-average queue length over
 * [0, T] has expectation exactly Lq: no warm-up bias, and a correct 95% t interval
 * covers Lq in about 95 of 100 experiments (94.5% measured over 400 experiments
 * at these settings; P(fewer than 90 of 100) is then about 2.5%, and the seeds
 * are fixed, so the test is deterministic).
 */
import { describe, expect, it } from "vitest";
import { estimate } from "../../../src/sim/experiment/estimate.js";
import { mmcLq } from "../../../src/sim/engine/queueing.js";
import { makeRng, replicationSeed } from "../../../src/sim/engine/random.js";
import { Scheduler } from "../../../src/sim/engine/scheduler.js";
import { Station } from "../../../src/sim/engine/station.js";

/** Stationary P(N = n) of M/M/c for n = 0..nMax. */
function stationary(c: number, lambda: number, mu: number, nMax: number): number[] {
  const a = lambda / mu;
  const rho = a / c;
  const p: number[] = [];
  let term = 1;
  for (let n = 0; n <= nMax; n++) {
    if (n > 0) term *= n <= c ? a / n : rho;
    p.push(term);
  }
  const total = p.reduce((x, y) => x + y, 0);
  return p.map((x) => x / total);
}

/** Time-average queue length of one stationary M/M/c replication of length T. */
function mmcReplication(seed: number, c: number, lambda: number, mu: number, T: number, dist: number[]): number {
  const sched = new Scheduler(256);
  const rArr = makeRng(seed, "arrivals");
  const rSvc = makeRng(seed, "service");
  const rInit = makeRng(seed, "initial");
  const exp = (r: () => number, rate: number) => -Math.log(1 - r()) / rate;
  const st = new Station(sched, { id: "s", maxServers: c, capacity: c, service: () => exp(rSvc, mu), done: () => {}, keepWaits: false });
  let job = 0;
  // Initial state from the steady state (memoryless service: fresh service times are exact).
  let u = rInit();
  let n0 = 0;
  while (n0 < dist.length - 1 && u > dist[n0]) u -= dist[n0++];
  for (let i = 0; i < n0; i++) st.arrive(job++);
  st.queueLength.resetAt(0);
  const arrive = sched.register(() => {
    st.arrive(job++);
    sched.schedule(exp(rArr, lambda), arrive);
  });
  sched.schedule(exp(rArr, lambda), arrive);
  sched.run(T);
  return st.queueLength.mean(T);
}

describe("confidence intervals over replications (M/M/c)", () => {
  const c = 2;
  const mu = 1;
  const lambda = 1.0; // rho = 0.5: replication means close enough to normal for the t interval
  const T = 1000;
  const trueLq = mmcLq(c, lambda, mu);
  const dist = stationary(c, lambda, mu, 400);

  it("the 95% interval covers the true Lq in at least 90 of 100 independent experiments", () => {
    const R = 10;
    let covered = 0;
    let coveredNarrow = 0;
    for (let k = 0; k < 100; k++) {
      const values = Array.from({ length: R }, (_, r) => mmcReplication(replicationSeed(1000 + k, r), c, lambda, mu, T, dist));
      const e = estimate(values);
      if (Math.abs(e.mean - trueLq) <= e.halfWidth) covered++;
      if (Math.abs(e.mean - trueLq) <= e.halfWidth / 3) coveredNarrow++;
    }
    expect(trueLq).toBeCloseTo(1 / 3, 10); // Erlang C at rho 0.5, c = 2
    expect(covered).toBeGreaterThanOrEqual(90);
    // The check has teeth: an interval a third as wide (e.g. z * sd / n) covers far less.
    expect(coveredNarrow).toBeLessThan(60);
  });

  it("half-widths shrink as 1/sqrt(R): R = 10 vs R = 40 gives a ratio near 2", () => {
    let hw10 = 0;
    let hw40 = 0;
    const sets = 12;
    for (let k = 0; k < sets; k++) {
      const v40 = Array.from({ length: 40 }, (_, r) => mmcReplication(replicationSeed(5000 + k, r), c, lambda, mu, 300, dist));
      hw40 += estimate(v40).halfWidth;
      hw10 += estimate(v40.slice(0, 10)).halfWidth;
    }
    // Expected ratio 2 * t(9)/t(39) * E[s10]/E[s40], about 2.2 for normal replication means.
    const ratio = hw10 / hw40;
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.7);
  });
});
