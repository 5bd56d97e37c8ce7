/**
 * Validation against queueing theory.
 *
 * Each steady-state check runs R = 10 independent replications (seeds
 * replicationSeed(base, r)) of 60,000 jobs at 1 arrival/s, deletes a warm-up of
 * 2,000 s, builds the 95% t interval of the replication means with `estimate()` and
 * asserts that the theoretical value lies inside the interval widened by a bias
 * allowance of 1% of the theoretical value.
 *
 * Why 1% is enough and not a fudge: the runs start empty and idle, and the
 * deviation from steady state decays like exp(-t / tau) with relaxation time
 * tau = 1 / (mu (1 - sqrt(rho))^2) for a single server (Morse); at the most
 * congested station here (rho = 0.8, mu = 1.25/s) tau ~ 72 s, and multi-server
 * stations relax faster. A 2,000 s warm-up is > 25 tau, so the residual start-up
 * bias is below e^-25 of the initial gap, i.e. nil. What remains is the t
 * interval's normal approximation for means of ~58,000 autocorrelated waits; 1%
 * covers it, and it is small next to the half-widths (~3%), so the tests still
 * catch real errors: a service rate off by 2% moves the M/M/1 wait by ~11%.
 * (Checked over 20 base seeds per case: no case fell outside; the fixed seeds keep
 * the suite deterministic.)
 *
 * Little's law is an identity, not an estimate, for a run that starts and ends
 * empty: the area under the queue-length curve is exactly the sum of the waits.
 * That test runs a time-varying day (piecewise Poisson arrivals, staffing changes)
 * and asserts equality to rounding error.
 */
import { describe, expect, it } from "vitest";
import { PiecewisePoisson } from "../../../src/sim/engine/arrivals.js";
import { makeDist } from "../../../src/sim/engine/distributions.js";
import { erlangB, erlangC, mg1PriorityWq, mg1Wq, minServersForWq, mmcLq, mmcWaitTail, mmcWq } from "../../../src/sim/engine/queueing.js";
import { RandomStreams, replicationSeed } from "../../../src/sim/engine/random.js";
import { Scheduler } from "../../../src/sim/engine/scheduler.js";
import { Station } from "../../../src/sim/engine/station.js";
import { Tally } from "../../../src/sim/engine/stats.js";
import { ciCheck, replicateTandem } from "../../helpers/theory.js";

const R = 10;
const JOBS = 60_000;
const WARMUP_SEC = 2_000;
const BIAS = 0.01;
const LAMBDA = 1; // arrivals per second

describe("queueing formulas (src/sim/engine/queueing.ts)", () => {
  it("Erlang B and C match textbook values", () => {
    // a = 2 Erlangs on 3 servers: B = (8/6) / (1 + 2 + 2 + 8/6) = 0.2105; C = 0.4444.
    expect(erlangB(3, 2, 1)).toBeCloseTo(0.21052631578947367, 12);
    expect(erlangC(3, 2, 1)).toBeCloseTo(4 / 9, 12);
    // M/M/1: C = rho, Wq = rho / (mu - lambda).
    expect(erlangC(1, 0.8, 1)).toBeCloseTo(0.8, 12);
    expect(mmcWq(1, 0.8, 1)).toBeCloseTo(4, 12);
    expect(mmcLq(1, 0.8, 1)).toBeCloseTo(3.2, 12);
    // Large c stays finite (no factorial overflow): 1000 servers at rho 0.95.
    const c = erlangC(1000, 950, 1);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
  });

  it("unstable or empty systems give the limits, bad input throws naming the parameter", () => {
    expect(erlangC(2, 3, 1)).toBe(1);
    expect(mmcWq(2, 2, 1)).toBe(Infinity);
    expect(erlangC(2, 0, 1)).toBe(0);
    expect(mmcWq(2, 0, 1)).toBe(0);
    expect(() => erlangC(1.5, 1, 1)).toThrow(/c must be an integer >= 1, got 1.5/);
    expect(() => erlangC(2, -1, 1)).toThrow(/lambda.*-1/);
    expect(() => mmcWq(2, 1, 0)).toThrow(/mu.*0/);
    expect(() => mg1Wq(1, 0, 0)).toThrow(/meanS/);
  });

  it("Pollaczek-Khinchine reduces to M/M/1 for exponential service and halves it for deterministic", () => {
    expect(mg1Wq(0.8, 1, 1)).toBeCloseTo(mmcWq(1, 0.8, 1), 12);
    expect(mg1Wq(0.8, 1, 0)).toBeCloseTo(mmcWq(1, 0.8, 1) / 2, 12);
    expect(mg1Wq(1, 1, 0)).toBe(Infinity);
  });

  it("Cobham's priority waits: one class is Pollaczek-Khinchine, and the load-weighted waits keep Kleinrock's conservation law", () => {
    const one = { lambda: 0.8, meanS: 1, varS: 1 };
    expect(mg1PriorityWq([one])[0]).toBeCloseTo(mg1Wq(0.8, 1, 1), 12);
    const a = { lambda: 0.5, meanS: 1, varS: 1 };
    const b = { lambda: 0.2, meanS: 1.5, varS: 2.25 };
    const [w1, w2] = mg1PriorityWq([a, b]);
    // W0 = (0.5 * 2 + 0.2 * 4.5) / 2 = 0.95; W1 = 0.95 / 0.5; W2 = 0.95 / (0.5 * 0.2).
    expect(w1).toBeCloseTo(1.9, 12);
    expect(w2).toBeCloseTo(9.5, 12);
    // Kleinrock: sum rho_k W_k = rho W_FIFO, W_FIFO the P-K wait of the mixed stream (any order of service).
    const lambda = a.lambda + b.lambda;
    const meanS = (a.lambda * a.meanS + b.lambda * b.meanS) / lambda;
    const es2 = (a.lambda * (a.varS + a.meanS ** 2) + b.lambda * (b.varS + b.meanS ** 2)) / lambda;
    expect(0.5 * w1 + 0.3 * w2).toBeCloseTo(0.8 * mg1Wq(lambda, meanS, es2 - meanS ** 2), 12);
    expect(mg1PriorityWq([a, { lambda: 0.4, meanS: 1.5, varS: 0 }])[1]).toBe(Infinity);
    expect(() => mg1PriorityWq([a, { lambda: 0.2, meanS: 0, varS: 0 }])).toThrow(/class 1 meanS.*> 0, got 0/);
  });

  it("wait tail and minimum staffing", () => {
    expect(mmcWaitTail(3, 2, 1, 0)).toBeCloseTo(erlangC(3, 2, 1), 12);
    expect(mmcWaitTail(3, 2, 1, 1)).toBeCloseTo((4 / 9) * Math.exp(-1), 12);
    // 10 jobs/min, 1 min each: at least 11 servers for stability; 12 for Wq <= 0.1 min.
    const c = minServersForWq(10, 1, 0.1);
    expect(mmcWq(c, 10, 1)).toBeLessThanOrEqual(0.1);
    expect(mmcWq(c - 1, 10, 1)).toBeGreaterThan(0.1);
    expect(minServersForWq(10, 1, Infinity)).toBe(11);
  });
});

describe("simulation vs theory (replication CIs)", () => {
  it("M/M/1 at rho 0.8: mean wait Wq, P(wait > 0), mean time in system", () => {
    const mu = 1.25;
    const runs = replicateTandem(101, R, {
      arrivalRatePerSec: LAMBDA,
      jobs: JOBS,
      warmupSec: WARMUP_SEC,
      stations: [{ servers: 1, service: { dist: "exponential", mean: 1 / mu } }],
    });
    expect(ciCheck(runs.map((s) => s.stations[0].meanWaitSec), mmcWq(1, LAMBDA, mu), BIAS)).toMatchObject({ inside: true });
    expect(ciCheck(runs.map((s) => s.stations[0].pWait), erlangC(1, LAMBDA, mu), BIAS)).toMatchObject({ inside: true });
    expect(ciCheck(runs.map((s) => s.meanSojournSec), mmcWq(1, LAMBDA, mu) + 1 / mu, BIAS)).toMatchObject({ inside: true });
    expect(runs.every((s) => s.departed === JOBS)).toBe(true);
  });

  it("M/M/3 at rho 0.8: Wq and P(wait > 0) vs Erlang C, Lq, utilisation", () => {
    const c = 3;
    const mu = LAMBDA / (0.8 * c);
    const runs = replicateTandem(202, R, {
      arrivalRatePerSec: LAMBDA,
      jobs: JOBS,
      warmupSec: WARMUP_SEC,
      stations: [{ servers: c, service: { dist: "exponential", mean: 1 / mu } }],
    });
    expect(ciCheck(runs.map((s) => s.stations[0].meanWaitSec), mmcWq(c, LAMBDA, mu), BIAS)).toMatchObject({ inside: true });
    expect(ciCheck(runs.map((s) => s.stations[0].pWait), erlangC(c, LAMBDA, mu), BIAS)).toMatchObject({ inside: true });
    expect(ciCheck(runs.map((s) => s.stations[0].meanQueue), mmcLq(c, LAMBDA, mu), BIAS)).toMatchObject({ inside: true });
    expect(ciCheck(runs.map((s) => s.stations[0].utilization), 0.8, BIAS)).toMatchObject({ inside: true });
  });

  it("M/D/1 at rho 0.8: Wq vs Pollaczek-Khinchine", () => {
    const d = 0.8;
    const runs = replicateTandem(303, R, {
      arrivalRatePerSec: LAMBDA,
      jobs: JOBS,
      warmupSec: WARMUP_SEC,
      stations: [{ servers: 1, service: { dist: "deterministic", value: d } }],
    });
    expect(ciCheck(runs.map((s) => s.stations[0].meanWaitSec), mg1Wq(LAMBDA, d, 0), BIAS)).toMatchObject({ inside: true });
    // P(wait > 0) = rho for any M/G/1.
    expect(ciCheck(runs.map((s) => s.stations[0].pWait), LAMBDA * d, BIAS)).toMatchObject({ inside: true });
  });

  it("tandem of M/M/1, M/M/2, M/M/3 vs the Jackson network, station by station", () => {
    const net = [
      { servers: 1, rho: 0.7 },
      { servers: 2, rho: 0.8 },
      { servers: 3, rho: 0.75 },
    ];
    const runs = replicateTandem(404, R, {
      arrivalRatePerSec: LAMBDA,
      jobs: JOBS,
      warmupSec: WARMUP_SEC,
      stations: net.map((n) => ({ servers: n.servers, service: { dist: "exponential", mean: (n.rho * n.servers) / LAMBDA } })),
    });
    let sojourn = 0;
    net.forEach((n, i) => {
      const mu = LAMBDA / (n.rho * n.servers);
      const wq = mmcWq(n.servers, LAMBDA, mu);
      sojourn += wq + 1 / mu;
      expect(ciCheck(runs.map((s) => s.stations[i].meanWaitSec), wq, BIAS), `station ${i} Wq`).toMatchObject({ inside: true });
      expect(ciCheck(runs.map((s) => s.stations[i].pWait), erlangC(n.servers, LAMBDA, mu), BIAS), `station ${i} P(wait)`).toMatchObject({
        inside: true,
      });
    });
    expect(ciCheck(runs.map((s) => s.meanSojournSec), sojourn, BIAS)).toMatchObject({ inside: true });
  });
});

describe("two classes at one station vs theory (returns among orders)", () => {
  // Orders at 0.5/s with 1 s of work, returns at 0.2/s with 1.5 s (both exponential):
  // rho = 0.5 + 0.3 = 0.8 on one server, the same warm-up and interval rules as above
  // (checked over 12 other base seeds per case: all inside). The waits are taken from
  // the service calls (first start), so they do not rely on the station's own tallies.
  const orders = { lambda: 0.5, meanS: 1, varS: 1 };
  const returns = { lambda: 0.2, meanS: 1.5, varS: 2.25 };
  const RETURN = 1_000_000;

  /** Mean waits (orders, returns) of the jobs that arrive after the warm-up, from the start times the station reports. */
  function runTwoClasses(seed: number, secondClass: "low" | "fifo"): { w1: number; w2: number } {
    const T = JOBS / (orders.lambda + returns.lambda); // arrivals stop here; the run ends when the station empties
    const streams = new RandomStreams(seed);
    const sched = new Scheduler();
    const work = [makeDist({ dist: "exponential", mean: orders.meanS }), makeDist({ dist: "exponential", mean: returns.meanS })];
    const workRng = [streams.stream("orders.service"), streams.stream("returns.service")];
    const gapRng = [streams.stream("orders.arrivals"), streams.stream("returns.arrivals")];
    const rate = [orders.lambda, returns.lambda];
    const arrivedAt: number[][] = [[], []];
    const waits = [new Tally(false), new Tally(false)];
    const st = new Station(sched, {
      id: "qc",
      maxServers: 1,
      capacity: 1,
      secondClassFrom: RETURN,
      secondClass,
      service: (job) => {
        const c = job >= RETURN ? 1 : 0;
        const t = arrivedAt[c][job - c * RETURN];
        if (t >= WARMUP_SEC) waits[c].add(sched.now - t);
        return work[c].sample(workRng[c]);
      },
      done: () => undefined,
    });
    const kArrive = sched.register((c) => {
      arrivedAt[c].push(sched.now); // before arrive(): a job may start (and be looked up) at once
      st.arrive(c * RETURN + arrivedAt[c].length - 1);
      const gap = -Math.log(1 - gapRng[c]()) / rate[c];
      if (sched.now + gap < T) sched.schedule(gap, kArrive, c);
    });
    for (const c of [0, 1]) sched.schedule(-Math.log(1 - gapRng[c]()) / rate[c], kArrive, c);
    sched.run();
    // The station's own tallies count the same jobs, class by class.
    const [n1, n2] = arrivedAt.map((a) => a.length);
    expect([st.served, st.served2, st.waits.count, st.waits2.count]).toEqual([n1, n2, n1, n2]);
    return { w1: waits[0].mean, w2: waits[1].mean };
  }

  it('"low" (outbound first): orders and returns wait as Cobham\'s non-preemptive priority formula says', () => {
    const runs = Array.from({ length: R }, (_, r) => runTwoClasses(replicationSeed(505, r), "low"));
    const [w1, w2] = mg1PriorityWq([orders, returns]);

    expect(ciCheck(runs.map((x) => x.w1), w1, BIAS)).toMatchObject({ inside: true });
    expect(ciCheck(runs.map((x) => x.w2), w2, BIAS)).toMatchObject({ inside: true });
  });

  it('"fifo": both classes wait the Pollaczek-Khinchine wait of the mixed stream', () => {
    const runs = Array.from({ length: R }, (_, r) => runTwoClasses(replicationSeed(606, r), "fifo"));
    const lambda = orders.lambda + returns.lambda;
    const meanS = (orders.lambda * orders.meanS + returns.lambda * returns.meanS) / lambda;
    const es2 = (orders.lambda * 2 * orders.meanS ** 2 + returns.lambda * 2 * returns.meanS ** 2) / lambda;
    const w = mg1Wq(lambda, meanS, es2 - meanS ** 2);

    expect(ciCheck(runs.map((x) => x.w1), w, BIAS)).toMatchObject({ inside: true });
    expect(ciCheck(runs.map((x) => x.w2), w, BIAS)).toMatchObject({ inside: true });
  });
});

describe("Little's law on a time-varying run", () => {
  it("L = lambda W holds exactly for the queue and for the whole station", () => {
    // A compressed peak day: quiet, a surge above capacity (the queue builds), a lull.
    const streams = new RandomStreams(5);
    const arrivals = new PiecewisePoisson([0, 3600, 7200], [0.5, 2.5, 0.2], 10_800, streams.stream("arrivals"));
    const service = makeDist({ dist: "exponential", mean: 1.5 });
    const serviceRng = streams.stream("service");
    const sched = new Scheduler();
    const arrivedAt: number[] = [];
    const sojourn = new Tally(false);
    const st = new Station(sched, {
      id: "pack",
      maxServers: 4,
      capacity: 2,
      dropRule: "finish",
      service: () => service.sample(serviceRng),
      done: (job) => sojourn.add(sched.now - arrivedAt[job]),
    });
    const arrive = sched.register(() => {
      arrivedAt.push(sched.now);
      st.arrive(arrivedAt.length - 1);
      const t = arrivals.next();
      if (t !== Infinity) sched.scheduleAt(t, arrive, 0);
    });
    const staff = sched.register((c) => st.setCapacity(c));
    sched.scheduleAt(arrivals.next(), arrive, 0);
    // Staffing changes mid-run, including a drop while busy (jobs in hand finish).
    for (const [t, c] of [
      [3000, 3],
      [5000, 1],
      [6000, 4],
      [9000, 2],
    ]) {
      sched.scheduleAt(t, staff, c);
    }
    sched.run();

    const T = sched.now; // the last departure: the station is empty at 0 and at T
    const n = arrivedAt.length;
    expect(n).toBeGreaterThan(10_000);
    expect(st.served).toBe(n);
    expect(st.queueLength.max).toBeGreaterThan(100); // the surge did build a queue
    const lambda = n / T;
    // Queue: L = area / T, W = mean wait.
    const lQueue = st.queueLength.area(T) / T;
    expect(lQueue / (lambda * st.waits.mean)).toBeCloseTo(1, 9);
    // Whole station (queue + service): L from both level curves, W = mean time in station.
    const lStation = (st.queueLength.area(T) + st.busyServers.area(T)) / T;
    expect(lStation / (lambda * sojourn.mean)).toBeCloseTo(1, 9);
  });
});
