/**
 * The benchmark registry: name -> what it measures and a function returning its
 * figures (flat, units in the key: eventsPerSec, wallMs, jobsPerSec). `npm run bench`
 * runs each in a fresh child process (bench/one.ts), which adds `peakRssMiB`.
 *
 * Adding a benchmark is one entry here, e.g.
 *   "model.200k": { about: "default scenario, 200k orders", run: () => timeIt(() => simulate(...)) },
 * Names are dotted `<area>.<case>`; `npm run bench -- <prefix>` selects by prefix.
 * Keep heavy imports inside `run` (dynamic import) so one benchmark's child does not
 * load the others' modules.
 */
import { holdModel } from "./hold.js";
import { plannerBenchmarks } from "./planner.js";
import { replicationBenchmarks } from "./replications.js";

export type Figures = Record<string, number>;

export interface Benchmark {
  /** One line: what is measured, with sizes. */
  about: string;
  /** Runs by default (median reported; see bench/run.ts); 1 when absent. */
  runs?: number;
  run(): Figures | Promise<Figures>;
}

/**
 * Wall time of `fn` in milliseconds (performance.now, monotonic), and the process's
 * CPU time (user + system) meanwhile: on a shared machine cpuMs is the steadier
 * figure, wallMs the one users feel (and the one with worker threads, cpuMs > wallMs).
 */
export async function timeIt<T>(fn: () => T | Promise<T>): Promise<{ wallMs: number; cpuMs: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000, value };
}

/** The floor loop (bench/floor.ts) for `orders` orders, timed from cold. */
async function floorBench(orders: number): Promise<Figures> {
  const { floorDay } = await import("./floor.js");
  const r = floorDay(orders);
  if (!(r.meanTimeInSystemMin > 0)) throw new Error(`floor (${orders} orders): nothing shipped`);
  return { wallMs: r.wallMs, orders: r.orders, events: r.events };
}

export const benchmarks: Record<string, Benchmark> = {
  "kernel.hold10k": {
    about: "hold model, 10,000 pending events: pop + push with an exponential delay, 10M events timed",
    run: () => ({ eventsPerSec: holdModel(10_000, 10_000_000) }),
  },
  "kernel.hold1M": {
    about: "hold model, 1,000,000 pending events, 5M events timed",
    run: () => ({ eventsPerSec: holdModel(1_000_000, 5_000_000) }),
  },
  "tandem.1M": {
    about: "five M/M/c stations in series (2-3-2-6-2 servers, rho 0.8), 1,000,000 jobs, one run from cold",
    run: async () => {
      const { runTandem } = await import("../src/sim/engine/tandem.js");
      const servers = [2, 3, 2, 6, 2]; // the default 15-person team: print, pick, QC, pack, weigh
      const jobs = 1_000_000;
      const { wallMs, cpuMs, value } = await timeIt(() =>
        runTandem({
          seed: 1,
          arrivalRatePerSec: 1,
          jobs,
          stations: servers.map((c, i) => ({ id: `s${i}`, servers: c, service: { dist: "exponential", mean: 0.8 * c } })),
        }),
      );
      if (value.summary.departed !== jobs) throw new Error(`tandem.1M: ${value.summary.departed} of ${jobs} jobs left`);
      return { wallMs, cpuMs, jobsPerSec: jobs / (wallMs / 1000), eventsPerSec: value.summary.events / (wallMs / 1000) };
    },
  },
  "model.1M": {
    runs: 3,
    about: "1,000,000-order peak day through the five stations and the courier pickups, until the backlog clears (simulate() only)",
    run: async () => {
      const { benchModel, MILLION } = await import("./model.js");
      return benchModel(MILLION);
    },
  },
  "model.200k": {
    runs: 3,
    about: "scenarios/large-seller.yaml: ~200,000 orders on the peak day plus the days after (~365k in all), until the backlog clears",
    run: async () => {
      const { benchModel, largeSeller } = await import("./model.js");
      return benchModel(largeSeller());
    },
  },
  "model.200k.peakDay": {
    runs: 3,
    about: "scenarios/large-seller.yaml without the days after (daysAfter: [], as in model.1M): ~200,000 orders, until the backlog clears",
    run: async () => {
      const { benchModel, largeSellerPeakDay } = await import("./model.js");
      return benchModel(largeSellerPeakDay());
    },
  },
  "floor.1M": {
    runs: 3,
    about: "the floor under model.1M: 1,000,000 orders through five constant-staff FCFS stations in one inlined event loop, same draws, no shifts, printers, dock or couriers (bench/floor.ts)",
    run: () => floorBench(1_000_000),
  },
  "floor.365k": {
    runs: 3,
    about: "the floor under model.200k: 365,000 orders (model.200k's total with the days after) through the same loop",
    run: () => floorBench(365_000),
  },
  ...plannerBenchmarks,
  ...replicationBenchmarks,
};
