/**
 * Printer failures run on a clock of printer-hours worked: the k-th failure comes when
 * the printing done since the start reaches the sum of the first k draws, however the
 * number of printers operating went up and down on the way (common random numbers
 * across print teams, breaks and outages).
 */
import { describe, expect, it } from "vitest";
import { makeRng } from "../../../src/sim/engine/random.js";
import { Scheduler } from "../../../src/sim/engine/scheduler.js";
import { PrinterPool } from "../../../src/sim/model/printers.js";
import { Scenario } from "../../../src/sim/model/schema.js";

const MTBF = 10 * 3600;

/**
 * Runs a pool of 10 printers (10 spares, swap and repair at once, so a failure never
 * leaves fewer in use than the 4 at most asked for) with `operating(t)` printers worked,
 * changing every half hour, for `hours`; returns the printer-seconds worked at each failure.
 */
function wearAtFailures(seed: number, operating: (halfHour: number) => number, hours: number): number[] {
  const s = Scenario.parse({ name: "printers", printers: { count: 10, spares: 10, swapTime: 0, mtbf: MTBF, mttr: 0 } });
  const sched = new Scheduler(64);
  let n = 0;
  let worked = 0;
  let since = 0;
  let seen = 0;
  const out: number[] = [];
  const pool: PrinterPool = new PrinterPool(sched, s, makeRng(seed, "printers.failures"), makeRng(seed, "printers.repairs"), () => {
    if (pool.failures > seen) {
      seen = pool.failures;
      out.push(worked + n * (sched.now - since));
    }
  });
  const kChange = sched.register((k) => {
    worked += n * (sched.now - since);
    since = sched.now;
    n = operating(k);
    pool.setOperating(n);
  });
  for (let k = 0; k < 2 * hours; k++) sched.scheduleAt(k * 1800, kChange, k);
  sched.run(hours * 3600);
  return out;
}

describe("printer failures", () => {
  it("come after the same printer-hours of work whatever the number operating on the way", () => {
    for (let seed = 1; seed <= 10; seed++) {
      // The draws: exponential printer-seconds between failures, mean MTBF.
      const rng = makeRng(seed, "printers.failures");
      const expected: number[] = [];
      for (let sum = 0; expected.length < 40; ) expected.push((sum += -MTBF * Math.log(1 - rng())));
      // Two operators all day; or 1 to 4 with breaks and nights off (another team's day).
      const steady = wearAtFailures(seed, () => 2, 500);
      const varied = wearAtFailures(seed, (k) => (k % 48 < 16 ? 0 : [1, 3, 4, 0, 2, 4][k % 6]), 800);
      for (const got of [steady, varied]) {
        expect(got.length).toBeGreaterThanOrEqual(40);
        got.slice(0, 40).forEach((w, i) => expect(w / expected[i], `seed ${seed}, failure ${i + 1}`).toBeCloseTo(1, 9));
      }
    }
  });
});
