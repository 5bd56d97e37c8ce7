/**
 * Small builders for engine tests: a Station on its own Scheduler with scripted
 * actions at absolute times and a log of completions, so tests read as traces.
 */
import { Scheduler } from "../../src/sim/engine/scheduler.js";
import { Station, type StationOptions } from "../../src/sim/engine/station.js";

export interface Harness {
  sched: Scheduler;
  st: Station;
  /** [job, time] for each completion, in order. */
  done: [number, number][];
  /** Jobs in the order the station asked for their work (once per job, at first start). */
  started: number[];
  /** Runs `fn` at absolute time t. Actions scheduled before `run` precede, at equal times, events scheduled during it. */
  at(t: number, fn: () => void): void;
  arriveAt(t: number, job: number): void;
}

export function stationHarness(
  opts: Partial<Omit<StationOptions, "service" | "done">> & { maxServers: number; work: (job: number) => number },
): Harness {
  const sched = new Scheduler();
  const done: [number, number][] = [];
  const started: number[] = [];
  const { work, ...rest } = opts;
  const st = new Station(sched, {
    id: "s",
    ...rest,
    service: (job) => {
      started.push(job);
      return work(job);
    },
    done: (job) => done.push([job, sched.now]),
  });
  const actions: (() => void)[] = [];
  const actKind = sched.register((i) => actions[i]());
  const at = (t: number, fn: () => void) => {
    actions.push(fn);
    sched.scheduleAt(t, actKind, actions.length - 1);
  };
  return { sched, st, done, started, at, arriveAt: (t, job) => at(t, () => st.arrive(job)) };
}
