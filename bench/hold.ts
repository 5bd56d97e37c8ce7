/**
 * The classic hold model (Jones 1986) for event-set benchmarks: pre-fill N pending
 * events, then every dispatched event schedules one new event after a random delay,
 * so the event list stays at N. Reports dispatched events per second.
 *
 * Delays come from a pre-drawn table of 2^20 exponential variates (seeded stream),
 * cycled: the figure measures the scheduler (event list, slots, dispatch), not the random
 * number generator (an Alea draw plus a log costs about as much as an event-list step).
 * 1M un-timed events warm up the JIT before the timed ones. The N pre-filled events
 * start in the scheduler's pre-scheduled list (scheduled before the run) and are all due within
 * the first ~100k events, so during the timed part all N are in the queue.
 */
import { makeRng } from "../src/sim/engine/random.js";
import { Scheduler } from "../src/sim/engine/scheduler.js";

export function holdModel(pending: number, timedEvents: number, warmupEvents = 1_000_000): number {
  const rng = makeRng(1, "bench.hold");
  const mask = (1 << 20) - 1;
  const delays = new Float64Array(mask + 1);
  for (let i = 0; i <= mask; i++) delays[i] = -Math.log(1 - rng());
  let j = 0;

  const sched = new Scheduler(pending);
  let left = warmupEvents + timedEvents;
  let t0 = 0;
  const kind = sched.register(() => {
    if (--left === timedEvents) t0 = performance.now();
    if (left > 0) sched.schedule(delays[j++ & mask], kind, 0);
    else sched.stop();
  });
  for (let i = 0; i < pending; i++) sched.schedule(delays[j++ & mask], kind, 0);
  sched.run();
  const ms = performance.now() - t0;
  return timedEvents / (ms / 1000);
}
