import { describe, expect, it } from "vitest";
import { makeRng } from "../../../src/sim/engine/random.js";
import { Scheduler } from "../../../src/sim/engine/scheduler.js";

/** A scheduler whose single handler logs [now, arg] for every dispatched event. */
function logging(initialCapacity?: number) {
  const sched = new Scheduler(initialCapacity);
  const log: [number, number][] = [];
  const kind = sched.register((arg) => log.push([sched.now, arg]));
  return { sched, log, kind };
}

describe("Scheduler: order", () => {
  it("pops events in time order whatever the schedule order", () => {
    const { sched, log, kind } = logging();
    sched.schedule(5, kind, 1);
    sched.schedule(1, kind, 2);
    sched.schedule(3, kind, 3);
    sched.scheduleAt(2, kind, 4);
    sched.schedule(0, kind, 5);
    expect(sched.run()).toBe(5);
    expect(log).toEqual([
      [0, 5],
      [1, 2],
      [2, 4],
      [3, 3],
      [5, 1],
    ]);
    expect(sched.now).toBe(5);
    expect(sched.events).toBe(5);
  });

  it("pops equal times first-in-first-out, in schedule order", () => {
    const { sched, log, kind } = logging();
    for (const arg of [10, 11, 12]) sched.schedule(2, kind, arg);
    sched.schedule(1, kind, 1);
    for (const arg of [13, 14]) sched.scheduleAt(2, kind, arg);
    sched.run();
    expect(log).toEqual([
      [1, 1],
      [2, 10],
      [2, 11],
      [2, 12],
      [2, 13],
      [2, 14],
    ]);
  });

  it("runs a zero-delay event scheduled by a handler after those already due at that time", () => {
    const sched = new Scheduler();
    const log: string[] = [];
    const follow = sched.register((arg) => log.push(`follow${arg}`));
    const first = sched.register((arg) => {
      log.push(`first${arg}`);
      sched.schedule(0, follow, arg);
    });
    sched.schedule(1, first, 1);
    sched.schedule(1, first, 2);
    sched.schedule(1, follow, 9);
    sched.run();
    expect(log).toEqual(["first1", "first2", "follow9", "follow1", "follow2"]);
  });

  it("passes the integer argument and dispatches to the registered kind", () => {
    const sched = new Scheduler();
    const seen: string[] = [];
    const a = sched.register((arg) => seen.push(`a${arg}`));
    const b = sched.register((arg) => seen.push(`b${arg}`));
    expect([a, b]).toEqual([0, 1]);
    sched.schedule(1, b, 7);
    sched.schedule(2, a, 123456789);
    sched.run();
    expect(seen).toEqual(["b7", "a123456789"]);
  });
});

describe("Scheduler: cancel", () => {
  it("never fires a cancelled event and does not count it", () => {
    const { sched, log, kind } = logging();
    sched.schedule(1, kind, 1);
    const h = sched.schedule(2, kind, 2);
    sched.schedule(3, kind, 3);
    expect(sched.isPending(h)).toBe(true);
    sched.cancel(h);
    expect(sched.isPending(h)).toBe(false);
    sched.cancel(h); // twice is harmless
    expect(sched.run()).toBe(2);
    expect(log).toEqual([
      [1, 1],
      [3, 3],
    ]);
    expect(sched.events).toBe(2);
  });

  it("ignores a stale handle after its slot was reused", () => {
    const { sched, log, kind } = logging();
    const old = sched.schedule(1, kind, 1);
    sched.run();
    expect(sched.isPending(old)).toBe(false);
    // Only one slot was ever used, so the next event recycles it.
    const fresh = sched.schedule(1, kind, 2);
    expect(fresh).not.toBe(old);
    sched.cancel(old);
    expect(sched.isPending(fresh)).toBe(true);
    sched.run();
    expect(log).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it("ignores a stale handle of a cancelled event whose slot was recycled", () => {
    const { sched, log, kind } = logging();
    const h = sched.schedule(1, kind, 1);
    sched.cancel(h);
    sched.run(); // the cancelled event pops, its slot goes back to the free list
    expect(sched.now).toBe(0); // a skipped event does not move the clock
    const h2 = sched.schedule(1, kind, 2);
    sched.cancel(h);
    sched.run();
    expect(sched.isPending(h2)).toBe(false);
    expect(log).toEqual([[1, 2]]);
  });

  it("lets a handler cancel another pending event and cancel itself harmlessly", () => {
    const sched = new Scheduler();
    const log: number[] = [];
    const handles: number[] = [];
    const k = sched.register((arg) => {
      log.push(arg);
      if (arg === 1) {
        sched.cancel(handles[1]);
        sched.cancel(handles[0]); // itself: already dispatched
      }
    });
    handles.push(sched.schedule(1, k, 1), sched.schedule(2, k, 2), sched.schedule(3, k, 3));
    sched.run();
    expect(log).toEqual([1, 3]);
  });

  it("ignores negative handles", () => {
    const { sched, kind } = logging();
    sched.schedule(1, kind, 1);
    sched.cancel(-1);
    expect(sched.isPending(-1)).toBe(false);
    expect(sched.run()).toBe(1);
  });
});

describe("Scheduler: run, stop, clock", () => {
  it("run(until) dispatches events up to and including `until`, then advances the clock to it", () => {
    const { sched, log, kind } = logging();
    for (const t of [1, 2, 3, 5]) sched.schedule(t, kind, t);
    expect(sched.run(3)).toBe(3);
    expect(sched.now).toBe(3);
    expect(sched.run(4)).toBe(0);
    expect(sched.now).toBe(4);
    expect(sched.run()).toBe(1);
    expect(sched.now).toBe(5);
    expect(log.map((e) => e[0])).toEqual([1, 2, 3, 5]);
  });

  it("run(until) on an empty queue advances the clock", () => {
    const sched = new Scheduler();
    sched.run(42);
    expect(sched.now).toBe(42);
    sched.run();
    expect(sched.now).toBe(42);
  });

  it("stop() returns after the current event; a later run resumes", () => {
    const sched = new Scheduler();
    const log: number[] = [];
    const k = sched.register((arg) => {
      log.push(arg);
      if (arg === 2) sched.stop();
    });
    for (const t of [1, 2, 3, 4]) sched.schedule(t, k, t);
    expect(sched.run(10)).toBe(2);
    expect(sched.now).toBe(2); // not advanced to `until` after a stop
    expect(log).toEqual([1, 2]);
    expect(sched.run()).toBe(2);
    expect(log).toEqual([1, 2, 3, 4]);
  });

  it("peekTime skips cancelled events, also from inside a handler", () => {
    const sched = new Scheduler();
    const peeks: number[] = [];
    const k = sched.register(() => {
      peeks.push(sched.peekTime());
      sched.schedule(10, k2, 0);
    });
    const k2 = sched.register(() => undefined);
    sched.schedule(1, k, 0);
    const h = sched.schedule(2, k2, 0);
    sched.schedule(3, k2, 0);
    sched.cancel(h);
    expect(sched.peekTime()).toBe(1);
    sched.run();
    expect(peeks).toEqual([3]);
    expect(sched.peekTime()).toBe(Infinity);
    expect(sched.now).toBe(11);
  });

  it("pending counts the events not yet dispatched, also from inside a handler", () => {
    const sched = new Scheduler();
    const seen: number[] = [];
    const k = sched.register(() => seen.push(sched.pending));
    sched.schedule(1, k, 0);
    sched.schedule(2, k, 0);
    expect(sched.pending).toBe(2);
    sched.run();
    expect(seen).toEqual([1, 0]);
    expect(sched.pending).toBe(0);
  });

  it("refuses a re-entrant run", () => {
    const sched = new Scheduler();
    const k = sched.register(() => sched.run());
    sched.schedule(1, k, 0);
    expect(() => sched.run()).toThrow(/re-entrant/);
  });

  it("keeps the queue valid when a handler throws", () => {
    const sched = new Scheduler();
    const log: number[] = [];
    const k = sched.register((arg) => {
      if (arg === 2) throw new Error("boom");
      log.push(arg);
    });
    for (const t of [1, 2, 3, 4]) sched.schedule(t, k, t);
    expect(() => sched.run()).toThrow("boom");
    expect(sched.pending).toBe(2);
    sched.run();
    expect(log).toEqual([1, 3, 4]);
  });

  it("reset() empties the queue, zeroes the clock and invalidates old handles", () => {
    const { sched, log, kind } = logging();
    sched.schedule(1, kind, 1);
    sched.run();
    const h = sched.schedule(5, kind, 2);
    sched.reset();
    expect(sched.now).toBe(0);
    expect(sched.events).toBe(0);
    expect(sched.pending).toBe(0);
    expect(sched.isPending(h)).toBe(false);
    const h2 = sched.schedule(2, kind, 3);
    sched.cancel(h);
    expect(sched.isPending(h2)).toBe(true);
    sched.run();
    expect(log).toEqual([
      [1, 1],
      [2, 3],
    ]);
  });
});

describe("Scheduler: events scheduled before a run (the pre-scheduled list)", () => {
  // 64 or more events scheduled outside `run` move to a sorted pre-scheduled list whose head alone
  // is queued; the pop order must still be (time, seq) throughout.
  type Ev = { time: number; seq: number; id: number; live: boolean };

  it("interleaves pre-scheduled and handler-scheduled events by (time, seq), ties included", () => {
    const sched = new Scheduler(16);
    const got: [number, number][] = [];
    const k = sched.register((id) => {
      got.push([sched.now, id]);
      // A handler-scheduled event at a whole time that pre-scheduled events also use:
      // it must run after them (its seq is larger).
      if (id < 100 && id % 10 === 0) sched.scheduleAt(Math.ceil(sched.now) + 1, k, 1000 + id);
    });
    for (let i = 0; i < 100; i++) sched.scheduleAt(i % 20, k, i); // 5 events at each whole time 0..19
    sched.run();
    const ref: Ev[] = [];
    for (let i = 0; i < 100; i++) ref.push({ time: i % 20, seq: i, id: i, live: true });
    // Handler events: scheduled when event id (multiple of 10) runs at time id % 20.
    for (let i = 0; i < 100; i += 10) ref.push({ time: (i % 20) + 1, seq: 100 + i, id: 1000 + i, live: true });
    ref.sort((a, b) => a.time - b.time || a.seq - b.seq);
    expect(got).toEqual(ref.map((e) => [e.time, e.id]));
  });

  it("cancels pre-scheduled events (the list's head and later ones) and counts them as pending", () => {
    const { sched, log, kind } = logging(16);
    const handles = Array.from({ length: 80 }, (_, i) => sched.scheduleAt(1 + i, kind, i));
    sched.cancel(handles[0]); // the earliest: the list's head once the run starts
    sched.cancel(handles[50]);
    expect(sched.pending).toBe(80);
    expect(sched.run(10)).toBe(9); // events 1..9 at times 2..10
    expect(sched.pending).toBe(69); // 70 left, one of them cancelled but not yet popped
    expect(sched.peekTime()).toBe(11);
    sched.cancel(handles[60]);
    sched.run();
    expect(log.map((e) => e[1])).toEqual(Array.from({ length: 80 }, (_, i) => i).filter((i) => i !== 0 && i !== 50 && i !== 60));
    expect(sched.pending).toBe(0);
  });

  it("merges a second batch scheduled between runs with what is left of the pre-scheduled list", () => {
    const rng = makeRng(5, "calendar");
    const sched = new Scheduler(16);
    const got: [number, number][] = [];
    const k = sched.register((id) => got.push([sched.now, id]));
    const ref: Ev[] = [];
    let seq = 0;
    const add = (time: number, id: number) => {
      sched.scheduleAt(time, k, id);
      ref.push({ time, seq: seq++, id, live: true });
    };
    for (let i = 0; i < 300; i++) add(Math.floor(rng() * 100), i);
    sched.run(40);
    // More than half of what is pending, scheduled from outside: the next run merges it.
    for (let i = 300; i < 700; i++) add(40 + Math.floor(rng() * 100), i);
    sched.run(90);
    for (let i = 700; i < 720; i++) add(90 + Math.floor(rng() * 20), i); // too few to move: stays queued
    sched.run();
    ref.sort((a, b) => a.time - b.time || a.seq - b.seq);
    expect(got).toEqual(ref.map((e) => [e.time, e.id]));
  });

  it("reset() forgets the pre-scheduled list", () => {
    const { sched, log, kind } = logging(16);
    for (let i = 0; i < 100; i++) sched.scheduleAt(i, kind, i);
    sched.run(10);
    sched.reset();
    expect(sched.pending).toBe(0);
    sched.schedule(1, kind, 999);
    sched.run();
    expect(log[log.length - 1]).toEqual([1, 999]);
    expect(log.length).toBe(12);
  });
});

describe("Scheduler: bad input", () => {
  it("throws on a negative or NaN delay, with the value in the message", () => {
    const { sched, kind } = logging();
    expect(() => sched.schedule(-3, kind)).toThrow(/-3/);
    expect(() => sched.schedule(-3, kind)).toThrow(RangeError);
    expect(() => sched.schedule(Number.NaN, kind)).toThrow(/NaN/);
    expect(sched.pending).toBe(0);
  });

  it("throws on scheduleAt in the past, naming the time and now", () => {
    const { sched, kind } = logging();
    sched.run(10);
    expect(() => sched.scheduleAt(5, kind)).toThrow(/5 is before now 10/);
    expect(() => sched.scheduleAt(Number.NaN, kind)).toThrow(/NaN/);
    expect(() => sched.scheduleAt(10, kind)).not.toThrow();
  });
});

describe("Scheduler: capacity and stress", () => {
  it("grows beyond its initial capacity and keeps the order", () => {
    const { sched, log, kind } = logging(16);
    const rng = makeRng(7, "grow");
    const n = 50_000;
    for (let i = 0; i < n; i++) sched.schedule(Math.floor(rng() * 1000), kind, i);
    expect(sched.pending).toBe(n);
    expect(sched.run()).toBe(n);
    expect(log.length).toBe(n);
    let outOfOrder = 0;
    for (let i = 1; i < n; i++) {
      const [t0, a0] = log[i - 1];
      const [t1, a1] = log[i];
      // Same time: schedule order, which here is the arg order.
      if (!(t1 > t0 || (t1 === t0 && a1 > a0))) outOfOrder++;
    }
    expect(outOfOrder).toBe(0);
  });

  it("dispatches the right kind and arg when a handler makes the slot arrays grow mid-run", () => {
    // Regression: run() once cached the slot arrays in locals, so after a handler
    // triggered growth it read kinds and args from the replaced (stale) arrays.
    const sched = new Scheduler(16);
    const got: string[] = [];
    const kinds = [0, 1, 2].map((k) => sched.register((arg) => got.push(`${k}:${arg}`)));
    const burst = sched.register(() => {
      for (let i = 0; i < 100; i++) sched.schedule(1 + i, kinds[i % 3], 1000 + i);
    });
    for (let i = 0; i < 10; i++) sched.schedule(0.5, kinds[i % 3], i);
    sched.schedule(0.25, burst, 0);
    sched.run();
    const expected = [...Array.from({ length: 10 }, (_, i) => `${i % 3}:${i}`), ...Array.from({ length: 100 }, (_, i) => `${i % 3}:${1000 + i}`)];
    expect(got).toEqual(expected);
  });

  it("matches a sorted reference under random schedules, cancels and handler pushes", () => {
    // Reference: a plain list popped by minimum (time, seq). Times are small integers
    // so ties are frequent and the FIFO rule is exercised.
    type Ev = { time: number; seq: number; id: number; live: boolean };
    const rng = makeRng(2024, "stress");
    const sched = new Scheduler(16);
    const ref: Ev[] = [];
    let refSeq = 0;
    let nextId = 0;
    const handles = new Map<number, number>(); // id -> handle
    const byId = new Map<number, Ev>();
    const got: [number, number][] = [];
    const budget = { left: 20_000 };

    const add = (delay: number): void => {
      const id = nextId++;
      handles.set(id, sched.schedule(delay, kind, id));
      const ev = { time: sched.now + delay, seq: refSeq++, id, live: true };
      ref.push(ev);
      byId.set(id, ev);
    };
    const kind = sched.register((id) => {
      got.push([sched.now, id]);
      handles.delete(id);
      // Each event schedules 0-3 follow-ups and cancels one random pending event now and then.
      const k = budget.left > 0 ? Math.floor(rng() * 4) : 0;
      for (let i = 0; i < k && budget.left > 0; i++, budget.left--) add(Math.floor(rng() * 20));
      if (rng() < 0.2 && handles.size > 0) {
        const ids = [...handles.keys()];
        const victim = ids[Math.floor(rng() * ids.length)];
        sched.cancel(handles.get(victim)!);
        handles.delete(victim);
        byId.get(victim)!.live = false;
      }
    });
    for (let i = 0; i < 200; i++) add(Math.floor(rng() * 50));
    sched.run();

    ref.sort((a, b) => a.time - b.time || a.seq - b.seq);
    const expected = ref.filter((e) => e.live).map((e) => [e.time, e.id]);
    expect(got.length).toBeGreaterThan(10_000);
    expect(got).toEqual(expected);
    expect(sched.pending).toBe(0);
  });
  it("keeps (time, seq) order across time scales from microseconds to weeks, run(until) and peekTime", () => {
    // The calendar queue re-lays its buckets as the number of pending events and their
    // spacing change; the order must not. Delays mix 1e-6 s to 1e6 s (so buckets are
    // sometimes far too narrow or too wide), bursts of equal times, and run(until)
    // stops followed by events earlier than the one peeked.
    const rng = makeRng(7, "scales");
    const sched = new Scheduler(16);
    const got: number[] = [];
    const ref: { time: number; seq: number; id: number }[] = [];
    let seq = 0;
    let id = 0;
    const kind = sched.register((x) => {
      got.push(x);
      if (id < 30_000) {
        const n = Math.floor(rng() * 3);
        for (let i = 0; i < n; i++) add(delay());
      }
    });
    const delay = (): number => {
      const u = rng();
      if (u < 0.05) return 0;
      if (u < 0.1) return 1e6 * rng();
      return 10 ** (-6 + 8 * rng());
    };
    const add = (d: number): void => {
      sched.schedule(d, kind, id);
      ref.push({ time: sched.now + d, seq: seq++, id: id++ });
    };
    for (let i = 0; i < 500; i++) add(delay());
    // Bursts at one instant, beyond the others.
    for (let i = 0; i < 300; i++) add(5);
    let until = 0;
    while (sched.pending > 0) {
      until += 0.5 + 50 * rng();
      sched.run(until);
      if (sched.pending > 0) expect(sched.peekTime()).toBeGreaterThan(until);
      // An event before the one just peeked (the queue's position must move back).
      if (id < 30_000) add(0.25 * rng());
    }
    ref.sort((a, b) => a.time - b.time || a.seq - b.seq);
    expect(got.length).toBe(ref.length);
    expect(got).toEqual(ref.map((e) => e.id));
  });
});
