/**
 * The dock and courier pickups (揽收). A shipped parcel waits at the dock in its
 * courier's FIFO line; at each pickup time the courier takes as many as it can,
 * bounded by its capacity per pickup and by what is left of its daily cap (the
 * depot's overflow limit). The dock holds `capacity` parcels: when full, packing
 * stops until a pickup makes room (`onFull`).
 */
import type { Scheduler } from "../engine/scheduler.js";
import type { Scenario } from "./schema.js";
import { CLOCK_RE, clockOnDay } from "./time.js";

export class Dock {
  readonly capacity: number;
  /** Parcels waiting, all couriers. */
  level = 0;
  maxLevel = 0;
  readonly collectedBy: Int32Array;
  readonly pickups: Int32Array;
  readonly capped: Int32Array;
  /** Current daily cap per courier (a what-if may cut it). */
  readonly dailyCap: Float64Array;

  #lines: Int32Array[];
  #head: Int32Array;
  #tail: Int32Array;
  #perPickup: Float64Array;
  #takenDay: Int32Array;
  #taken: Float64Array;
  #pickupCourier: Int32Array;
  #pickupDay: Int32Array;
  #onCollect: (order: number) => void;
  #onLevel: (full: boolean) => void;
  #full = false;

  constructor(sched: Scheduler, s: Scenario, days: number, onCollect: (order: number) => void, onLevel: (full: boolean) => void) {
    const n = s.couriers.length;
    this.capacity = s.dock.capacity;
    this.#onCollect = onCollect;
    this.#onLevel = onLevel;
    this.collectedBy = new Int32Array(n);
    this.pickups = new Int32Array(n);
    this.capped = new Int32Array(n);
    this.dailyCap = Float64Array.from(s.couriers.map((c) => c.dailyCap));
    this.#perPickup = Float64Array.from(s.couriers.map((c) => c.capacityPerPickup));
    this.#lines = s.couriers.map(() => new Int32Array(1024));
    this.#head = new Int32Array(n);
    this.#tail = new Int32Array(n);
    this.#takenDay = new Int32Array(n).fill(-1);
    this.#taken = new Float64Array(n);
    // Every pickup of every day, scheduled up front (a few hundred events; the
    // scheduler keeps them out of its queue until they are due).
    const courierOf: number[] = [];
    const dayOf: number[] = [];
    const times: number[] = [];
    const dayStart = Float64Array.from({ length: days + 1 }, (_, d) => clockOnDay(s, d, "00:00"));
    s.couriers.forEach((c, ci) => {
      for (let day = 0; day < days; day++) {
        for (const clock of c.pickups) {
          courierOf.push(ci);
          dayOf.push(day);
          times.push(pickupTime(s, dayStart, day, clock));
        }
      }
    });
    this.#pickupCourier = Int32Array.from(courierOf);
    this.#pickupDay = Int32Array.from(dayOf);
    const kPickup = sched.register((i) => this.#pickup(i));
    times.forEach((t, i) => {
      if (t >= sched.now) sched.scheduleAt(t, kPickup, i);
    });
  }

  /** Parcels waiting for courier `c`. */
  waiting(c: number): number {
    return this.#tail[c] - this.#head[c];
  }

  /** A shipped parcel of courier `c` arrives at the dock. */
  put(order: number, c: number): void {
    let line = this.#lines[c];
    if (this.#tail[c] === line.length) {
      // Compact, or grow when more than half is live.
      const live = this.#tail[c] - this.#head[c];
      const next = live * 2 > line.length ? new Int32Array(line.length * 2) : line;
      next.set(line.subarray(this.#head[c], this.#tail[c]), 0);
      this.#lines[c] = line = next;
      this.#head[c] = 0;
      this.#tail[c] = live;
    }
    line[this.#tail[c]++] = order;
    this.level++;
    if (this.level > this.maxLevel) this.maxLevel = this.level;
    if (!this.#full && this.level >= this.capacity) {
      this.#full = true;
      this.#onLevel(true);
    }
  }

  #pickup(i: number): void {
    const c = this.#pickupCourier[i];
    const day = this.#pickupDay[i];
    if (this.#takenDay[c] !== day) {
      this.#takenDay[c] = day;
      this.#taken[c] = 0;
    }
    this.pickups[c]++;
    const waiting = this.waiting(c);
    const room = Math.max(0, Math.min(this.#perPickup[c], this.dailyCap[c] - this.#taken[c]));
    const n = Math.min(waiting, room);
    if (n < waiting) this.capped[c]++;
    const line = this.#lines[c];
    for (let k = 0; k < n; k++) this.#onCollect(line[this.#head[c]++]);
    this.#taken[c] += n;
    this.collectedBy[c] += n;
    this.level -= n;
    if (this.#full && this.level < this.capacity) {
      this.#full = false;
      this.#onLevel(false);
    }
  }
}

/**
 * Seconds of clock time "HH:MM" on `day`, equal to clockOnDay(s, day, clock). PERF: on
 * a day of exactly 24 h (no DST change) the wall clock runs evenly from midnight, so
 * the time is midnight plus the clock's seconds (exact: both are whole seconds);
 * clockOnDay's time-zone conversion costs ~30 us per uncached call, and 32 days x 15
 * pickups of them were a fifth of a small run. Days of another length ask clockOnDay.
 */
function pickupTime(s: Scenario, dayStart: Float64Array, day: number, clock: string): number {
  const m = CLOCK_RE.exec(clock);
  if (m && dayStart[day + 1] - dayStart[day] === 86400) return dayStart[day] + Number(m[1]) * 3600 + Number(m[2]) * 60;
  return clockOnDay(s, day, clock);
}
