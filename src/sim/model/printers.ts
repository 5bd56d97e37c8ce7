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
 * Failures form a Poisson process of rate operating/mtbf (operating <= inUse); the
 * next failure is redrawn whenever the number operating changes (memoryless, so
 * exact). The printer that fails is one of those in use.
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
    this.#kFail = sched.register(() => {
      this.#failHandle = -1;
      this.failures++;
      this.#breakOne(this.#mttr > 0 ? -this.#mttr * Math.log(1 - this.#repairRng()) : 0);
      // The next failure: drawn already if the number operating changed, else now.
      if (this.#failHandle === -1) this.#rescheduleFailure();
    });
    this.#kRepair = sched.register(() => this.#repaired());
    this.#kSwap = sched.register(() => {
      this.#pendingSwaps--;
      this.inUse++;
      this.#changed();
    });
  }

  /** Printers running now (at most inUse); a change redraws the time to the next failure. */
  setOperating(n: number): void {
    const k = Math.max(0, Math.min(n, this.inUse));
    if (k === this.#operating) return;
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

  #rescheduleFailure(): void {
    this.#sched.cancel(this.#failHandle);
    this.#failHandle = -1;
    if (this.#mtbf > 0 && this.#operating > 0) {
      const mean = this.#mtbf / this.#operating;
      this.#failHandle = this.#sched.schedule(-mean * Math.log(1 - this.#failRng()), this.#kFail);
    }
  }
}
