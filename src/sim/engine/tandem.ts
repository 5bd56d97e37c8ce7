/**
 * A reference network built from the kernel alone: Poisson arrivals (homogeneous
 * or piecewise-constant rate) into stations in series, each a FIFO multi-server
 * `Station` with its own service distribution. With exponential service this is a
 * tandem of M/M/c queues, whose stations behave as independent M/M/c queues in
 * steady state (Jackson / Burke), so theory gives every station's mean wait.
 *
 * One builder serves the validation tests (test/sim/engine/theory, determinism) and
 * the benchmark (bench/, `tandem.1M`), so what is validated is what is measured.
 *
 * Random numbers: one stream per source (`arrivals`, `<station id>.service`), so a
 * change at one station never shifts the arrival sequence (common random numbers).
 */
import type { DistSpec } from "../model/schema.js";
import { PiecewisePoisson } from "./arrivals.js";
import { makeDist } from "./distributions.js";
import { RandomStreams } from "./random.js";
import { Scheduler } from "./scheduler.js";
import { Station } from "./station.js";
import { Tally } from "./stats.js";

export interface TandemStationSpec {
  /** Station id, also the random source name prefix (default `s<i>`). */
  id?: string;
  /** Servers, all on duty for the whole run (integer >= 1). */
  servers: number;
  /** Service time in seconds. */
  service: DistSpec;
}

export interface TandemOptions {
  seed: number;
  /** Homogeneous Poisson arrivals, jobs per second. Give this or `arrivals`. */
  arrivalRatePerSec?: number;
  /** Piecewise-constant arrival rate: segment i covers [startsSec[i], startsSec[i+1]) (the last ends at endSec). */
  arrivals?: { startsSec: number[]; ratesPerSec: number[]; endSec: number };
  stations: TandemStationSpec[];
  /** Admit at most this many jobs, then run until all have left. */
  jobs?: number;
  /** Stop the run at this time in seconds (jobs still inside stay there). Default Infinity. */
  horizonSec?: number;
  /** Statistics restart at this time in seconds (warm-up deletion). Default 0. */
  warmupSec?: number;
}

export interface TandemStationSummary {
  id: string;
  servers: number;
  /** Jobs that started service after the warm-up (the wait observations). */
  waitsCount: number;
  meanWaitSec: number;
  /** Share of jobs arriving after the warm-up that found no free server (had to queue). */
  pWait: number;
  /** 95th percentile wait (histogram estimate, < 0.5% relative error). */
  p95WaitSec: number;
  /** Time-average queue length after the warm-up. */
  meanQueue: number;
  maxQueue: number;
  utilization: number;
  served: number;
}

export interface TandemSummary {
  seed: number;
  /** Jobs admitted over the whole run. */
  arrived: number;
  departed: number;
  endSec: number;
  events: number;
  /** Mean time in the system of jobs that arrived after the warm-up and left. */
  meanSojournSec: number;
  stations: TandemStationSummary[];
}

export interface TandemRun {
  summary: TandemSummary;
  /** Arrival time of each admitted job (index = job id), seconds. */
  arrivalTimesSec: Float64Array;
  scheduler: Scheduler;
  stations: Station[];
}

/** Builds the network and runs it to the end (all jobs left, or the horizon). Pure, deterministic per seed. */
export function runTandem(opts: TandemOptions): TandemRun {
  const { seed, stations: specs } = opts;
  const maxJobs = opts.jobs ?? Infinity;
  const horizon = opts.horizonSec ?? Infinity;
  const warmup = opts.warmupSec ?? 0;
  if (specs.length === 0) throw new RangeError("runTandem: stations must not be empty");
  if (maxJobs === Infinity && horizon === Infinity) throw new RangeError("runTandem: give jobs or horizonSec, or the run never ends");
  if (!(maxJobs >= 0)) throw new RangeError(`runTandem: jobs must be >= 0, got ${maxJobs}`);
  if (!(warmup >= 0)) throw new RangeError(`runTandem: warmupSec must be >= 0, got ${warmup}`);

  const streams = new RandomStreams(seed);
  const arrRng = streams.stream("arrivals");
  let nextArrival: () => number;
  if (opts.arrivals) {
    const a = opts.arrivals;
    const pp = new PiecewisePoisson(a.startsSec, a.ratesPerSec, a.endSec, arrRng);
    nextArrival = () => pp.next();
  } else {
    const rate = opts.arrivalRatePerSec ?? Number.NaN;
    if (!(rate > 0 && Number.isFinite(rate))) throw new RangeError(`runTandem: arrivalRatePerSec must be a finite number > 0, got ${rate}`);
    const mean = 1 / rate;
    let t = 0;
    nextArrival = () => (t += -mean * Math.log(1 - arrRng()));
  }

  const sched = new Scheduler(1024);
  let arrivalTimes = new Float64Array(maxJobs === Infinity ? 1 << 16 : Math.max(1, maxJobs));
  let arrived = 0;
  let departed = 0;
  const sojourn = new Tally(false);

  const stations: Station[] = [];
  // Arrivals after the warm-up at each station, and those that had to queue (for pWait).
  const arrivedAfterWarmup = new Float64Array(specs.length);
  const queuedAfterWarmup = new Float64Array(specs.length);
  /** Hands job to station k, counting whether it queues (nothing free, or others waiting). */
  const handTo = (k: number, job: number): void => {
    const st = stations[k];
    if (sched.now >= warmup) {
      arrivedAfterWarmup[k]++;
      // The station's own start condition; no capacity changes here, so busy = busy on duty.
      if (st.queued > 0 || st.busy >= st.capacity || st.held) queuedAfterWarmup[k]++;
    }
    st.arrive(job);
  };
  for (let i = specs.length - 1; i >= 0; i--) {
    const spec = specs[i];
    if (!(Number.isInteger(spec.servers) && spec.servers >= 1)) {
      throw new RangeError(`runTandem: stations[${i}].servers must be an integer >= 1, got ${spec.servers}`);
    }
    const id = spec.id ?? `s${i}`;
    const dist = makeDist(spec.service);
    const rng = streams.stream(`${id}.service`);
    const done =
      i + 1 < specs.length
        ? (job: number) => handTo(i + 1, job)
        : (job: number) => {
          departed++;
          const a = arrivalTimes[job];
          if (a >= warmup) sojourn.add(sched.now - a);
        };
    stations.unshift(
      // PERF: waits go to a histogram (keepWaits false): storing and sorting a million
      // waits per station cost more than the simulation itself.
      new Station(sched, { id, maxServers: spec.servers, capacity: spec.servers, service: () => dist.sample(rng), done, keepWaits: false }),
    );
  }

  const arriveKind = sched.register(() => {
    const job = arrived++;
    if (job >= arrivalTimes.length) {
      const b = new Float64Array(arrivalTimes.length * 2);
      b.set(arrivalTimes);
      arrivalTimes = b;
    }
    arrivalTimes[job] = sched.now;
    handTo(0, job);
    if (arrived < maxJobs) {
      const t = nextArrival();
      if (t < horizon) sched.scheduleAt(t, arriveKind, 0);
    }
  });
  if (warmup > 0) {
    const warmKind = sched.register(() => {
      const now = sched.now;
      for (const s of stations) {
        s.queueLength.resetAt(now);
        s.busyServers.resetAt(now);
        s.onDuty.resetAt(now);
        s.waits.reset();
      }
    });
    sched.scheduleAt(warmup, warmKind, 0);
  }
  if (maxJobs > 0) {
    const t = nextArrival();
    if (t < horizon) sched.scheduleAt(t, arriveKind, 0);
  }

  sched.run(horizon);
  const end = sched.now;

  const summary: TandemSummary = {
    seed,
    arrived,
    departed,
    endSec: end,
    events: sched.events,
    meanSojournSec: sojourn.mean,
    stations: stations.map((s, i) => {
      return {
        id: s.id,
        servers: specs[i].servers,
        waitsCount: s.waits.count,
        meanWaitSec: s.waits.mean,
        pWait: arrivedAfterWarmup[i] > 0 ? queuedAfterWarmup[i] / arrivedAfterWarmup[i] : 0,
        p95WaitSec: s.waits.quantile(0.95),
        meanQueue: s.queueLength.mean(end),
        maxQueue: s.queueLength.max,
        utilization: s.utilization(end),
        served: s.served,
      };
    }),
  };
  return { summary, arrivalTimesSec: arrivalTimes.subarray(0, arrived), scheduler: sched, stations };
}
