/**
 * Printers: `count` in use, `spares` on the shelf. A printer fails after an
 * exponential operating time with mean `mtbf`: it runs only while an operator on
 * duty works it (the print station's on-duty slots, which the model reports through
 * `setOperating`), so a printer does not wear out overnight when nobody prints, nor
 * while the power, the order system or the labels are out. A spare is swapped in
 * after `swapTime`; the broken one is repaired after an exponential time with mean
 * `mttr` (or `technicianMttr` with the vendor's technician on site) and goes back
 * in use, or on the shelf if its place was taken by a spare. A scheduled "printer
 * down" takes printers out for a fixed time and otherwise behaves like a failure
 * (a spare still swaps in).
 *
 * Failures form a Poisson process of rate operating/mtbf (operating <= inUse),
 * drawn by its clock of printer-hours worked: each failure comes after an
 * exponential amount of printing (mean `mtbf` printer-hours, one draw per failure),
 * used up at `operating` printer-hours per hour. A change in the number operating
 * only moves the failure's time, so the k-th failure's draw stays the same when the
 * print team, its breaks or an outage change (common random numbers; redrawing at
 * each change, also exact, would reshuffle every later failure). The printer that
 * fails is one of those in use.
 */
import type { Rng } from "../engine/random.js";
import type { EventHandle, Scheduler } from "../engine/scheduler.js";
import type { Scenario } from "./schema.js";

export class PrinterPool {
  readonly count: number;
  inUse: number;
  spares: number;
  broken = 0;
  failures = 0;
  /** Printers running now (worked by an operator on duty); 0 until the model says otherwise. */
  #operating = 0;
  #pendingSwaps = 0;
  #sched: Scheduler;
  #failRng: Rng;
  #repairRng: Rng;
  #mtbf: number;
  #mttr: number;
  #swap: number;
  #failHandle: EventHandle = -1;
  /** Printer-seconds of work left before the next failure, as of `#since`. */
  #wearLeft = Infinity;
  #since = 0;
  #kFail: number;
  #kRepair: number;
  #kSwap: number;
  #onChange: () => void;

  constructor(sched: Scheduler, s: Scenario, failRng: Rng, repairRng: Rng, onChange: () => void) {
    const p = s.printers;
    this.count = p.count;
    this.inUse = p.count;
    this.spares = p.spares;
    this.#sched = sched;
    this.#failRng = failRng;
    this.#repairRng = repairRng;
    this.#mtbf = p.mtbf;
    this.#mttr = p.technicianOnSite ? p.technicianMttr : p.mttr;
    this.#swap = p.swapTime;
    this.#onChange = onChange;
    this.#since = sched.now;
    this.#wearLeft = this.#drawWear();
    this.#kFail = sched.register(() => {
      this.#failHandle = -1;
      this.failures++;
      this.#since = sched.now;
      this.#wearLeft = this.#drawWear();
      this.#breakOne(this.#mttr > 0 ? -this.#mttr * Math.log(1 - this.#repairRng()) : 0);
      // The next failure: scheduled already if the number operating changed, else now.
      if (this.#failHandle === -1) this.#rescheduleFailure();
    });
    this.#kRepair = sched.register(() => this.#repaired());
    this.#kSwap = sched.register(() => {
      this.#pendingSwaps--;
      this.inUse++;
      this.#changed();
    });
  }

  /** Printers running now (at most inUse); a change moves the next failure (its draw stays). */
  setOperating(n: number): void {
    const k = Math.max(0, Math.min(n, this.inUse));
    if (k === this.#operating) return;
    const now = this.#sched.now;
    this.#wearLeft -= this.#operating * (now - this.#since);
    this.#since = now;
    this.#operating = k;
    this.#rescheduleFailure();
  }

  /** Scheduled what-if: `n` printers go down now for `duration` seconds. */
  forceDown(n: number, duration: number): void {
    for (let i = 0; i < n && this.inUse > 0; i++) this.#breakOne(duration);
  }

  #breakOne(repairSec: number): void {
    this.inUse--;
    this.broken++;
    this.#sched.schedule(repairSec, this.#kRepair);
    if (this.spares > 0) {
      this.spares--;
      this.#pendingSwaps++;
      this.#sched.schedule(this.#swap, this.#kSwap);
    }
    this.#changed();
  }

  #repaired(): void {
    this.broken--;
    if (this.inUse + this.#pendingSwaps < this.count) this.inUse++;
    else this.spares++;
    this.#changed();
  }

  /** inUse changed: the model re-plans the print station, which reports the printers operating. */
  #changed(): void {
    if (this.#operating > this.inUse) this.setOperating(this.inUse);
    this.#onChange();
  }

  /** Printer-seconds of work to the next failure: exponential, mean mtbf (Infinity with mtbf 0: none). */
  #drawWear(): number {
    return this.#mtbf > 0 ? -this.#mtbf * Math.log(1 - this.#failRng()) : Infinity;
  }

  /** The next failure where the work left runs out at the number operating now (`#since` is now). */
  #rescheduleFailure(): void {
    this.#sched.cancel(this.#failHandle);
    this.#failHandle = -1;
    if (this.#operating > 0 && this.#wearLeft < Infinity) {
      // Rounding may leave a hair below 0: the failure is due now.
      this.#failHandle = this.#sched.schedule(Math.max(0, this.#wearLeft) / this.#operating, this.#kFail);
    }
  }
}
