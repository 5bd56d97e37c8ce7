import { describe, expect, it } from "vitest";
import { makeRng } from "../../../src/sim/engine/random.js";
import { Scheduler } from "../../../src/sim/engine/scheduler.js";
import { Station } from "../../../src/sim/engine/station.js";
import { stationHarness } from "../../helpers/engine.js";

type Probe = { t: number; busy: number; queued: number; capacity: number };

describe("Station: FIFO service", () => {
  it("serves one server first-come first-served", () => {
    const h = stationHarness({ maxServers: 1, capacity: 1, work: () => 3 });
    h.arriveAt(0, 0);
    h.arriveAt(1, 1);
    h.arriveAt(2, 2);
    h.sched.run();
    expect(h.done).toEqual([
      [0, 3],
      [1, 6],
      [2, 9],
    ]);
    expect([...h.st.waits.values()]).toEqual([0, 2, 4]);
    expect([h.st.arrivals, h.st.served, h.st.inStation]).toEqual([3, 3, 0]);
  });

  it("starts a queued job on the first server to free up", () => {
    const works = [5, 1, 1];
    const h = stationHarness({ maxServers: 2, capacity: 2, work: (j) => works[j] });
    for (const j of [0, 1, 2]) h.arriveAt(0, j);
    h.sched.run();
    expect(h.done).toEqual([
      [1, 1],
      [2, 2],
      [0, 5],
    ]);
  });

  it("measures utilisation as busy over on-duty server-time", () => {
    const h = stationHarness({ maxServers: 2, capacity: 2, work: () => 5 });
    h.arriveAt(0, 0);
    h.sched.run(10);
    expect(h.st.busyServers.area(10)).toBe(5);
    expect(h.st.utilization(10)).toBe(0.25);
  });
});

describe("Station: capacity drop with dropRule 'finish'", () => {
  it("lets jobs in service finish, starts nothing beyond capacity; busy may exceed capacity meanwhile", () => {
    const h = stationHarness({ maxServers: 2, capacity: 2, dropRule: "finish", work: () => 10 });
    const probes: Probe[] = [];
    const probe = (t: number) => h.at(t, () => probes.push({ t, busy: h.st.busy, queued: h.st.queued, capacity: h.st.capacity }));
    h.arriveAt(0, 0);
    h.arriveAt(0, 1);
    h.arriveAt(1, 2);
    h.arriveAt(1, 3);
    h.at(2, () => h.st.setCapacity(1));
    probe(5);
    probe(15);
    h.sched.run();
    // Both jobs in hand finish at 10; only one server is on duty afterwards.
    expect(h.done).toEqual([
      [0, 10],
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
    expect(probes).toEqual([
      { t: 5, busy: 2, queued: 2, capacity: 1 },
      { t: 15, busy: 1, queued: 1, capacity: 1 },
    ]);
    expect([...h.st.waits.values()]).toEqual([0, 0, 9, 19]);
  });

  it("counts a still-busy off-duty slot again when capacity comes back", () => {
    const h = stationHarness({ maxServers: 2, capacity: 2, dropRule: "finish", work: () => 10 });
    h.arriveAt(0, 0);
    h.arriveAt(0, 1);
    h.arriveAt(1, 2);
    h.at(2, () => h.st.setCapacity(1));
    h.at(3, () => h.st.setCapacity(2)); // slot 1 is back on duty and still busy: no extra start
    h.sched.run();
    expect(h.done).toEqual([
      [0, 10],
      [1, 10],
      [2, 20],
    ]);
  });
});

describe("Station: capacity drop with dropRule 'preempt'", () => {
  it("puts the job back at the queue head with its remaining work; it finishes later by exactly that work", () => {
    const h = stationHarness({ maxServers: 2, capacity: 2, dropRule: "preempt", work: () => 10 });
    const probes: Probe[] = [];
    h.arriveAt(0, 0);
    h.arriveAt(0, 1);
    h.arriveAt(1, 2);
    h.at(4, () => h.st.setCapacity(1));
    h.at(5, () => probes.push({ t: 5, busy: h.st.busy, queued: h.st.queued, capacity: h.st.capacity }));
    // Of the two queued, only job 2 has not started (job 1's wait is already recorded).
    const unstarted: number[] = [];
    h.at(5, () => unstarted.push(h.st.queuedUnstarted));
    h.at(12, () => unstarted.push(h.st.queuedUnstarted));
    h.sched.run();
    expect(unstarted).toEqual([1, 1]);
    expect(h.st.queuedUnstarted).toBe(0);
    // Job 1 had 6 s left at t=4; it resumes at 10 (ahead of job 2) and ends at 16.
    expect(h.done).toEqual([
      [0, 10],
      [1, 16],
      [2, 26],
    ]);
    expect(probes).toEqual([{ t: 5, busy: 1, queued: 2, capacity: 1 }]);
    expect(h.started).toEqual([0, 1, 2]); // work drawn once per job, not again on resume
    expect([...h.st.waits.values()]).toEqual([0, 0, 15]); // a resume is not a new wait
    expect(h.st.served).toBe(3);
  });

  it("converts remaining time to work with the speed the job started at, not a later setSpeed", () => {
    const h = stationHarness({ maxServers: 2, capacity: 2, dropRule: "preempt", work: () => 10 });
    h.st.setSpeed(1, 0.5);
    h.arriveAt(0, 0); // slot 0, speed 1: ends 10
    h.arriveAt(0, 1); // slot 1, speed 0.5: would end 20
    h.at(2, () => h.st.setSpeed(1, 2)); // applies to later starts only
    h.at(4, () => h.st.setCapacity(1)); // 16 s left at speed 0.5 = 8 s of work
    h.sched.run();
    expect(h.done).toEqual([
      [0, 10],
      [1, 18],
    ]);
  });

  it("keeps several preempted jobs ahead of waiting ones, lowest slot first", () => {
    const h = stationHarness({ maxServers: 3, capacity: 3, dropRule: "preempt", work: (j) => [10, 20, 30, 1][j] });
    for (const j of [0, 1, 2]) h.arriveAt(0, j);
    h.arriveAt(1, 3);
    h.at(5, () => h.st.setCapacity(1)); // jobs 1 (15 left) and 2 (25 left) go back
    h.sched.run();
    expect(h.done).toEqual([
      [0, 10],
      [1, 25],
      [2, 50],
      [3, 51],
    ]);
  });
});

describe("Station: capacity raise, hold, speed", () => {
  it("starts queued jobs when capacity rises", () => {
    const h = stationHarness({ maxServers: 3, work: () => 10 });
    expect(h.st.capacity).toBe(0);
    h.arriveAt(0, 0);
    h.arriveAt(1, 1);
    h.arriveAt(2, 2);
    h.at(5, () => h.st.setCapacity(2));
    h.at(6, () => h.st.setCapacity(3));
    h.sched.run();
    expect(h.done).toEqual([
      [0, 15],
      [1, 15],
      [2, 16],
    ]);
    expect([...h.st.waits.values()]).toEqual([5, 4, 4]);
  });

  it("clamps capacity to [0, maxServers] and rejects NaN", () => {
    const h = stationHarness({ maxServers: 3, work: () => 1 });
    h.st.setCapacity(7.9);
    expect(h.st.capacity).toBe(3);
    h.st.setCapacity(-2);
    expect(h.st.capacity).toBe(0);
    h.st.setCapacity(2.7);
    expect(h.st.capacity).toBe(2);
    expect(() => h.st.setCapacity(Number.NaN)).toThrow(/capacity.*NaN/);
  });

  it("hold stops new starts without touching the job in service; release starts the queue", () => {
    const works = [5, 3, 1];
    const h = stationHarness({ maxServers: 1, capacity: 1, work: (j) => works[j] });
    const seen: string[] = [];
    h.arriveAt(0, 0);
    h.at(1, () => h.st.hold(true));
    h.arriveAt(2, 1);
    h.arriveAt(6, 2); // the server is idle but held: this one queues too
    h.at(7, () => seen.push(`busy=${h.st.busy} queued=${h.st.queued} held=${h.st.held}`));
    h.at(8, () => h.st.hold(false));
    h.sched.run();
    expect(h.done).toEqual([
      [0, 5],
      [1, 11],
      [2, 12],
    ]);
    expect(seen).toEqual(["busy=0 queued=2 held=true"]);
    expect([...h.st.waits.values()]).toEqual([0, 6, 5]);
  });

  it("runs each slot at its speed and starts a job on the lowest free slot", () => {
    const h = stationHarness({ maxServers: 2, capacity: 2, work: () => 4 });
    h.st.setSpeed(1, 0.5);
    h.arriveAt(0, 0); // slot 0: 4 s
    h.arriveAt(0, 1); // slot 1: 8 s
    h.arriveAt(5, 2); // slot 0 free again: ends 9
    h.arriveAt(8.5, 3); // slot 0 busy, slot 1 free: ends 16.5
    h.sched.run();
    expect(h.done).toEqual([
      [0, 4],
      [1, 8],
      [2, 9],
      [3, 16.5],
    ]);
  });

  it("finds the lowest free slot beyond the first 32 and again below once a low one frees", () => {
    // Slot s runs at speed 1 / (1 + s/64), so a job's duration tells its slot.
    const h = stationHarness({ maxServers: 80, capacity: 80, work: (j) => (j === 5 || j === 40 || j >= 70 ? 1 : 1000) });
    for (let s = 0; s < 80; s++) h.st.setSpeed(s, 1 / (1 + s / 64));
    for (let j = 0; j < 70; j++) h.arriveAt(0, j); // slots 0..69: words 0 and 1 full
    for (const j of [70, 71, 72]) h.arriveAt(2, j); // slots 5 and 40 have freed by then
    h.sched.run(10);
    const end = new Map(h.done.map(([j, t]) => [j, t]));
    expect(end.get(5)).toBeCloseTo(1 + 5 / 64, 9);
    expect(end.get(40)).toBeCloseTo(1 + 40 / 64, 9);
    expect(end.get(70)).toBeCloseTo(2 + (1 + 5 / 64), 9); // slot 5, not the first never-used slot 70
    expect(end.get(71)).toBeCloseTo(2 + (1 + 40 / 64), 9); // slot 40
    expect(end.get(72)).toBeCloseTo(2 + (1 + 70 / 64), 9); // slot 70
  });

  it("rejects a bad slot or speed", () => {
    const h = stationHarness({ maxServers: 2, work: () => 1 });
    expect(() => h.st.setSpeed(2, 1)).toThrow(/slot.*2/);
    expect(() => h.st.setSpeed(0, 0)).toThrow(/speed.*0/);
    expect(() => new Station(new Scheduler(), { id: "x", maxServers: -1, service: () => 1, done: () => undefined })).toThrow(/maxServers.*-1/);
  });

  it("keeps FIFO order when the queue ring buffer grows while wrapped around", () => {
    const h = stationHarness({ maxServers: 1, capacity: 1, work: () => 1 });
    for (let j = 0; j < 600; j++) h.arriveAt(0, j);
    // By t=301 the head has moved ~300 places; 1500 more arrivals force growth past 1024.
    for (let j = 600; j < 2100; j++) h.arriveAt(301, j);
    h.sched.run();
    expect(h.done.length).toBe(2100);
    expect(h.done.map((d) => d[0])).toEqual(Array.from({ length: 2100 }, (_, j) => j));
    expect(h.done[2099][1]).toBe(2100);
  });
});

describe("Station: two classes of jobs (returns among orders)", () => {
  const R = 100; // jobs >= 100 are the second class

  it('"low": a second-class job waits until no first-class job waits, and a job in hand is finished', () => {
    const h = stationHarness({ maxServers: 1, capacity: 1, secondClassFrom: R, secondClass: "low", work: (j) => (j >= R ? 4 : 2) });
    h.arriveAt(0, 0); // in service 0-2
    h.arriveAt(0.5, R); // a return arrives first...
    h.arriveAt(1, 1); // ...but the order behind it goes first: 2-4
    h.arriveAt(1, 2); // 4-6
    h.arriveAt(6.5, 3); // the return started at 6 and is not interrupted: 10-12
    h.sched.run();
    expect(h.done).toEqual([
      [0, 2],
      [1, 4],
      [2, 6],
      [R, 10],
      [3, 12],
    ]);
    // Counts and waits stay apart: the first class's are the orders'.
    expect([h.st.arrivals, h.st.served, h.st.arrivals2, h.st.served2]).toEqual([4, 4, 1, 1]);
    expect([...h.st.waits.values()]).toEqual([0, 1, 3, 3.5]);
    expect([h.st.waits2.count, h.st.waits2.mean]).toEqual([1, 5.5]);
    expect(h.st.queueLength.max).toBe(2); // orders only
    expect(h.st.waiting2.max).toBe(1);
    expect(h.st.waiting2.area(12)).toBe(5.5); // Little: the one return waited 5.5 s
  });

  it('"fifo": both classes in one line, first come first served', () => {
    const h = stationHarness({ maxServers: 1, capacity: 1, secondClassFrom: R, secondClass: "fifo", work: (j) => (j >= R ? 4 : 2) });
    h.arriveAt(0, 0);
    h.arriveAt(0.5, R);
    h.arriveAt(1, 1);
    h.sched.run();
    expect(h.done).toEqual([
      [0, 2],
      [R, 6],
      [1, 8],
    ]);
    expect([...h.st.waits.values()]).toEqual([0, 5]);
    expect(h.st.waits2.mean).toBe(1.5);
    // The line held both, but the queue level is the orders': order 1 waited 1-6, the return 0.5-2 (in waiting2).
    expect(h.st.queueLength.max).toBe(1);
    expect(h.st.queueLength.area(8)).toBe(5);
    expect([h.st.waiting2.max, h.st.waiting2.area(8)]).toEqual([1, 1.5]);
  });

  it('"fifo": a preempted return back at the head of the shared line is in the line, not in the orders\' queue', () => {
    const h = stationHarness({ maxServers: 1, capacity: 1, dropRule: "preempt", secondClassFrom: R, secondClass: "fifo", work: (j) => (j >= R ? 4 : 2) });
    const seen: number[][] = [];
    const look = () => seen.push([h.sched.now, h.st.queued, h.st.queuedOrders, h.st.queueLength.value, h.st.waiting2.value]);
    h.arriveAt(0, R); // in service 0-...
    h.arriveAt(1, 0); // waits behind it
    h.at(2, () => h.st.setCapacity(0)); // the return is preempted with 2 s left: the head of the line
    h.at(2, look);
    h.at(3, () => h.st.setCapacity(1)); // the return resumes 3-5, the order 5-7
    h.at(3, look);
    h.sched.run();
    expect(h.done).toEqual([
      [R, 5],
      [0, 7],
    ]);
    // [t, line, orders in it, queue level, returns waiting to start]: the preempted return has started, so it is not in waiting2.
    expect(seen).toEqual([
      [2, 2, 1, 1, 0],
      [3, 1, 1, 1, 0],
    ]);
    expect(h.st.queueLength.area(7)).toBe(4); // the order's wait, 1-5
    expect([h.st.queued, h.st.queuedOrders]).toEqual([0, 0]);
  });

  it('"low": second-class jobs start when staff comes on or a hold ends, and a preempted one resumes before the other returns', () => {
    const h = stationHarness({ maxServers: 2, capacity: 0, dropRule: "preempt", secondClassFrom: R, secondClass: "low", work: () => 10 });
    h.arriveAt(0, R);
    h.arriveAt(0, R + 1);
    h.at(1, () => h.st.setCapacity(1)); // R starts at 1
    h.at(4, () => h.st.setCapacity(0)); // R preempted with 7 s left, back at the head of the returns' line
    h.at(5, () => h.st.hold(true));
    h.at(6, () => h.st.setCapacity(2)); // held: nothing starts
    h.at(8, () => h.st.hold(false)); // R resumes (7 s), R+1 starts (10 s)
    h.sched.run();
    expect(h.done).toEqual([
      [R, 15],
      [R + 1, 18],
    ]);
    expect(h.started).toEqual([R, R + 1]); // R's work was drawn once
    expect([h.st.arrivals, h.st.served, h.st.arrivals2, h.st.served2, h.st.inStation]).toEqual([0, 0, 2, 2, 0]);
    expect(h.st.waits.count).toBe(0);
    expect([h.st.waits2.count, h.st.waits2.mean]).toEqual([2, (1 + 8) / 2]);
  });
});

describe("Station: two classes under random capacity changes and holds", () => {
  for (const dropRule of ["finish", "preempt"] as const) {
    it(`"low" loses no job and never starts a second-class job while a first-class one waits (${dropRule})`, () => {
      const rng = makeRng(7, `two-classes/${dropRule}`);
      const C2 = 1_000_000;
      const sched = new Scheduler();
      const violations: string[] = [];
      let n1 = 0;
      let n2 = 0;
      const finished = new Set<number>();
      const st: Station = new Station(sched, {
        id: "qc",
        maxServers: 4,
        capacity: 2,
        dropRule,
        secondClassFrom: C2,
        secondClass: "low",
        service: (job) => {
          if (job >= C2 && st.queued > 0) violations.push(`t=${sched.now}: return ${job} started with ${st.queued} orders waiting`);
          return -2 * Math.log(1 - rng());
        },
        done: (job) => {
          if (finished.has(job)) violations.push(`job ${job} done twice`);
          finished.add(job);
        },
      });
      driveRandomly(sched, st, rng, 0.75, (k) => {
        if (k === 0) st.arrive(n1++);
        else st.arrive(C2 + n2++);
      }, () => {
        if (st.arrivals + st.arrivals2 !== st.served + st.served2 + st.inStation) violations.push(`t=${sched.now}: not conserved`);
      });
      expect(violations).toEqual([]);
      expect(n2).toBeGreaterThan(2000);
      expect(finished.size).toBe(n1 + n2);
      expect([st.served, st.served2, st.inStation, st.waiting2.value]).toEqual([n1, n2, 0, 0]);
      expect([st.waits.count, st.waits2.count]).toEqual([n1, n2]);
    });
  }
});

describe('Station: "fifo" queue level under random capacity changes and holds', () => {
  for (const dropRule of ["finish", "preempt"] as const) {
    it(`counts first-class jobs only, returns waiting in waiting2 (${dropRule})`, () => {
      const rng = makeRng(11, `fifo-queue/${dropRule}`);
      const C2 = 1_000_000;
      const sched = new Scheduler();
      const violations: string[] = [];
      let n1 = 0;
      let n2 = 0;
      const st: Station = new Station(sched, { id: "qc", maxServers: 4, capacity: 2, dropRule, secondClassFrom: C2, secondClass: "fifo", service: () => -2 * Math.log(1 - rng()), done: () => {} });
      driveRandomly(sched, st, rng, 0.6, (k) => {
        if (k === 0) st.arrive(n1++);
        else st.arrive(C2 + n2++);
      }, () => {
        if (st.queueLength.value !== st.queuedOrders) violations.push(`t=${sched.now}: level ${st.queueLength.value}, ${st.queuedOrders} orders in line`);
        // Orders not yet started are in the line; with "finish" nothing comes back to it.
        if (st.queuedOrders < st.queuedUnstartedBelow(C2) || (dropRule === "finish" && st.queuedOrders !== st.queuedUnstartedBelow(C2))) violations.push(`t=${sched.now}: ${st.queuedOrders} orders in line`);
        // The rest of the line is returns: those not yet started (waiting2) and, with "preempt", some started ones.
        const returns = st.queued - st.queuedOrders;
        if (returns < st.waiting2.value || (dropRule === "finish" && returns !== st.waiting2.value)) violations.push(`t=${sched.now}: ${returns} returns in line, ${st.waiting2.value} waiting`);
      });
      expect(violations).toEqual([]);
      expect(n2).toBeGreaterThan(4000);
      expect([st.queued, st.queuedOrders, st.queueLength.value, st.waiting2.value]).toEqual([0, 0, 0, 0]);
      // Little's law on the orders alone: with "finish" an order is in the queue exactly while it waits.
      const t = sched.now;
      if (dropRule === "finish") expect(st.queueLength.area(t)).toBeCloseTo(st.waits.mean * st.waits.count, 6);
      else expect(st.queueLength.area(t)).toBeGreaterThanOrEqual(st.waits.mean * st.waits.count - 1e-6);
      expect(st.waiting2.area(t)).toBeCloseTo(st.waits2.mean * st.waits2.count, 6);
    });
  }
});

describe("Station: conservation under random capacity changes and holds", () => {
  for (const dropRule of ["finish", "preempt"] as const) {
    it(`loses and duplicates no job (${dropRule})`, () => {
      const rng = makeRng(99, `conservation/${dropRule}`);
      const works: number[] = [];
      const h = stationHarness({
        maxServers: 5,
        capacity: 3,
        dropRule,
        work: (j) => works[j],
      });
      const horizon = 20_000;
      let n = 0;
      for (let t = -Math.log(1 - rng()); t < horizon; t += -Math.log(1 - rng())) {
        works.push(-3 * Math.log(1 - rng()));
        h.arriveAt(t, n++);
      }
      for (let t = 25; t < horizon; t += 50 * rng()) {
        const c = Math.floor(rng() * 6);
        h.at(t, () => h.st.setCapacity(c));
        if (rng() < 0.1) {
          const on = rng() < 0.5;
          h.at(t, () => h.st.hold(on));
        }
      }
      const violations: string[] = [];
      for (let t = 3.5; t < horizon; t += 7) {
        h.at(t, () => {
          const st = h.st;
          if (st.arrivals !== st.served + st.inStation) violations.push(`t=${t}: ${st.arrivals} != ${st.served} + ${st.inStation}`);
          if (st.busy > st.maxServers) violations.push(`t=${t}: busy ${st.busy} > maxServers`);
          if (dropRule === "preempt" && st.busy > st.capacity) violations.push(`t=${t}: busy ${st.busy} > capacity ${st.capacity}`);
        });
      }
      // Afterwards: full staff, no hold, run until empty.
      h.at(horizon, () => {
        h.st.hold(false);
        h.st.setCapacity(5);
      });
      h.sched.run();

      expect(violations).toEqual([]);
      expect(n).toBeGreaterThan(15_000);
      const times = new Map<number, number>();
      for (const [job] of h.done) times.set(job, (times.get(job) ?? 0) + 1);
      expect(h.done.length).toBe(n);
      expect(times.size).toBe(n);
      expect([...times.values()].every((k) => k === 1)).toBe(true);
      // First starts are FIFO and each job's work is drawn once.
      expect(h.started).toEqual(Array.from({ length: n }, (_, j) => j));
      expect([h.st.arrivals, h.st.served, h.st.inStation, h.st.busy]).toEqual([n, n, 0, 0]);
      // All slots run at speed 1, so busy server-seconds equal the total work.
      const totalWork = works.reduce((a, b) => a + b, 0);
      expect(h.st.busyServers.area(h.sched.now)).toBeCloseTo(totalWork, 6);
    });
  }
});

/**
 * Drives a station at random until t = 20,000 and then runs the scheduler: arrivals at
 * 0.6 a second (`arrive(0)` with probability `firstShare`, else `arrive(1)`), and about
 * every 25 s a capacity change (0 to 4 slots) or, one time in ten, a hold toggled; at the
 * end the hold is lifted and 4 slots serve what is left. `check` runs after each action.
 */
function driveRandomly(sched: Scheduler, st: Station, rng: () => number, firstShare: number, arrive: (k: 0 | 1) => void, check: () => void): void {
  const act = sched.register((k) => {
    if (k < 2) arrive(k as 0 | 1);
    else if (k === 2) st.setCapacity(Math.floor(rng() * 5));
    else st.hold(!st.held);
    check();
  });
  const horizon = 20_000;
  for (let t = 0; t < horizon; t += -Math.log(1 - rng()) / 0.6) sched.scheduleAt(t, act, rng() < firstShare ? 0 : 1);
  for (let t = 25; t < horizon; t += 50 * rng()) sched.scheduleAt(t, act, rng() < 0.9 ? 2 : 3);
  const end = sched.register(() => {
    st.hold(false);
    st.setCapacity(4);
  });
  sched.scheduleAt(horizon, end, 0);
  sched.run();
}
