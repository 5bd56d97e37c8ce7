/**
 * The record of one simulated run: flat, typed, JSON-serialisable, units in keys.
 * Everything downstream (replications, reports, API, UI, planner) reads this.
 *
 * Times are seconds from the scenario start (`startEpochMs` in `timeZone` is the
 * calendar anchor); durations in output keys carry their unit (Min, Sec, Ms).
 * "Shipped" = the order left the last station (weighed, waybill and weight
 * recorded, parcel on the dock): the platform's "marked shipped". "Collected" =
 * the courier took it at a pickup (the logistics record / pickup scan, 揽收); the
 * deadline rules judge it when the courier's tracking record appears (its
 * `recordDelay` later).
 *
 * A figure with no observation is `null`, never 0: a station that started no order
 * has no wait, a station never on duty has no utilisation, a run that shipped nothing
 * has no time to ship. 0 would read as a real (and good) figure.
 */

/** Over a set of observations; every field null when the set is empty. */
export interface Quantiles {
  mean: number | null;
  p50: number | null;
  p95: number | null;
}

export interface StationResult {
  id: string;
  name: { en: string; zh: string };
  /** Busy server-time over on-duty server-time, 0..1; null when the station was never on duty. */
  utilization: number | null;
  /** The same over the peak day (day 0) only: the figure its staffing is judged by; null when nobody was on duty that day. */
  peakDayUtilization: number | null;
  /**
   * Wait in the queue before service, minutes, over the orders that started service
   * here (null when none did). Orders still waiting at the end (`queuedAtEnd`) are
   * not in it: with some, the figure covers only part of the orders.
   */
  meanWaitMin: number | null;
  p95WaitMin: number | null;
  maxQueue: number;
  /** Time-average queue length over the run. */
  meanQueue: number;
  /** Orders that finished service here (rework visits count again). */
  served: number;
  /** Orders waiting or in service at the end. */
  inStationAtEnd: number;
  /**
   * Orders waiting here at the end that had not started service (their waits are not
   * in `meanWaitMin` / `p95WaitMin`). Absent from runs stored before it existed.
   */
  queuedAtEnd?: number;
  /** On-duty person-hours (staff present and able to work). */
  staffHours: number;
  busyHours: number;
}

export interface CountByKey {
  orders: number;
  late: number;
}

export interface DeadlineResult {
  id: string;
  label: { en: string; zh: string };
  milestone: "shipped" | "collected";
  /** Fixed deadline in seconds from start, when the rule has `by`. */
  deadlineSec?: number;
  /** Hours after payment, when the rule has `within`. */
  withinHours?: number;
  /** Orders judged by this rule. */
  orders: number;
  /** Orders that reached the milestone after the deadline, or had not reached it by a deadline before the run's end. */
  late: number;
  /** Of the late: those still without the milestone at the end of the run. */
  lateUnfinished: number;
  /**
   * Pickup-scan rules only: of the late, those that had shipped by their deadline (on
   * the dock, or picked up but with the tracking record not yet shown): late because
   * of the courier, not the line. Absent from shipped rules and from runs stored before it.
   */
  lateShipped?: number;
  /**
   * Orders still without the milestone at the end of the run whose deadline is after
   * it (a run cut by its horizon): not late, not on time, not in `late`. 0 when the
   * run cleared.
   */
  undetermined: number;
  /** By payment day (YYYY-MM-DD in the scenario's time zone). */
  byCohort: Record<string, CountByKey>;
  /** By courier id. */
  byCourier: Record<string, CountByKey>;
}

export interface CourierResult {
  id: string;
  name: string;
  /** Orders allocated to this courier. */
  allocated: number;
  collected: number;
  /** Pickups that left parcels behind because of the per-pickup or daily cap. */
  pickupsCapped: number;
  pickups: number;
}

export interface StationHourly {
  arrivals: number[];
  completions: number[];
  /** Queue length at the end of each hour. */
  queue: number[];
  /** Mean busy people over the hour (at print: busy printers / printers per operator). */
  busy: number[];
  /**
   * Mean people on duty over the hour: present after absences and breaks, with flex
   * helpers, those who cannot work for a resource down or a printer short included,
   * and those finishing a parcel past their shift's end.
   */
  staff: number[];
  /** Busy over on duty (`busy` / `staff`) over the hour, 0..1; null when nobody was on duty (no figure, not 0). */
  utilization: (number | null)[];
  /**
   * Mean people on duty over the hour who could not work (counted in `staff`): a resource
   * the station needs was down (order system, network, power, cartons, labels), (print)
   * no working printer for them, or (packing and after) the dock was full (`dockHeld`). `staff` -
   * `blocked` could work. Absent from runs stored before it existed.
   */
  blocked?: number[];
  /**
   * Packing and the stations after it (weigh) only: mean people on duty over the hour who
   * were idle because the dock was full (they may not start a parcel with nowhere to put
   * it), counted in `blocked`. Absent from other stations and from runs stored before it
   * existed.
   */
  dockHeld?: number[];
}

/** Column-wise hourly series; index i covers [startSec[i], startSec[i] + 3600). */
export interface HourlySeries {
  startSec: number[];
  /** Orders paid/released in the hour. */
  arrivals: number[];
  shipped: number[];
  collected: number[];
  /** Orders released but not yet shipped, at the end of the hour. */
  backlog: number[];
  /** Parcels on the dock waiting for a courier, at the end of the hour. */
  dock: number[];
  stations: Record<string, StationHourly>;
}

export interface RunResult {
  schemaVersion: 1;
  /** Scenario name (its English name when it has two). */
  scenario: string;
  /** The scenario's Chinese name, when it has one. */
  scenarioZh?: string;
  seed: number;
  timeZone: string;
  /** Scenario start (00:00 of the peak day) as epoch milliseconds. */
  startEpochMs: number;
  /** When the run ended, seconds from start (backlog cleared, or the horizon). */
  endSec: number;
  /** True when every order was collected before the horizon. */
  cleared: boolean;
  orders: {
    arrived: number;
    presale: number;
    /** Served from pre-packed stock (skipped pick, QC and pack). */
    prepacked: number;
    shipped: number;
    collected: number;
    /** Orders not yet shipped when the run ended. */
    backlogAtEnd: number;
    /** Orders paid on the peak day (including presale released at 00:00). */
    peakDay: number;
  };
  stationOrder: string[];
  stations: Record<string, StationResult>;
  /** Payment (or release) to shipped, minutes, over shipped orders (null when nothing shipped). */
  timeInSystemMin: Quantiles;
  /** Payment to collected, minutes, over collected orders (null when nothing was collected). */
  timeToCollectMin: Quantiles;
  /**
   * Shares (0..1) of peak-day orders shipped within 12 h and 24 h of payment, and of
   * those undetermined: unshipped when a run cut by its horizon ended, with the window
   * still open then (they may yet ship in time; 0 whenever the backlog cleared). So
   * 1 - h12 - undeterminedH12 is the share known to miss 12 h. The undetermined shares
   * are optional: runs stored before they existed lack them (read as 0). Every share is
   * null when there were no peak-day orders.
   */
  shippedWithin: { h12: number | null; h24: number | null; undeterminedH12?: number | null; undeterminedH24?: number | null };
  deadlines: DeadlineResult[];
  couriers: CourierResult[];
  labour: {
    hours: number;
    cost: number;
    printerCost: number;
    byStation: Record<string, { hours: number; cost: number }>;
  };
  hourly: HourlySeries;
  /**
   * Returns (only when the scenario's returns.share > 0): parcels that came back and
   * were handled at `station` between its outbound orders. The run ends when the
   * outbound backlog clears, so returns still waiting or on their way then are
   * counted, not simulated further. The station's served, waits and hourly
   * arrivals and completions are its orders only; its utilisation, busy hours and
   * hourly busy staff include the time spent on returns (the team's real load). Its
   * queue (maxQueue, meanQueue, hourly queue) is orders only with either priority:
   * returns waiting, in their own line ("outbound-first") or in the orders' ("fifo"),
   * are in maxWaiting.
   */
  returns?: {
    station: string;
    /** Who went first at that station (see the scenario's `returns.priority`). */
    priority: "outbound-first" | "fifo";
    arrived: number;
    processed: number;
    waitingAtEnd: number;
    /** Collected parcels that will come back after the end of the run (before the horizon). */
    onTheWayAtEnd: number;
    /** Mean time from a return's arrival to done, hours (null when none was done). */
    arrivalToDoneHours: number | null;
    /** Arrival to the start of handling, hours, over the returns that started (mean, p95; null when none did). */
    meanWaitHours: number | null;
    p95WaitHours: number | null;
    /** Most returns received and not yet started at any moment. */
    maxWaiting: number;
    /** When the run could end (see the scenario's `returns.until`). */
    until: "outbound" | "handled";
    /** Every return that comes back before the horizon was handled before the end. */
    allHandled: boolean;
    /** When the last return was handled, seconds from start (null when none was). */
    lastHandledSec: number | null;
    /** With until "handled" and every return handled: by when 95% of them were, seconds from start (else null). */
    handled95Sec: number | null;
    /**
     * With until "handled": the hourly sample at which the last order was collected, seconds
     * from start (null when the run ended first or until is "outbound"). From then on only
     * the returns station works; the other teams go home and are not paid.
     */
    outboundDoneSec: number | null;
    /** The returns station's shifts that started after `outboundDoneSec` (included in `labour`). */
    afterSales: { hours: number; cost: number };
    /** Each calendar day from the peak day to the end of the run: returns received, handled, and received but not handled at the day's end. */
    byDay: { startSec: number; received: number; handled: number; waitingAtEnd: number }[];
  };
  /** What the mechanisms did (for tests and for explaining a run). */
  mechanisms: {
    printerFailures: number;
    /** Moves of flex helpers, per flex rule in scenario order. */
    flexMoves: number[];
    /** Hours packing was stopped because the dock was full. */
    dockBlockedHours: number;
    dockMax: number;
    /** Pre-packed parcels left at the end. */
    prepackedLeft: number;
    /** Expected orders from the demand plan (presale + integral of the rate). */
    expectedOrders: number;
  };
  perf: { events: number; wallMs: number };
}

/** Optional hooks; the engine never needs them. */
export interface Observer {
  /** Called about every simulated hour with the clock and the horizon, seconds. */
  progress?(nowSec: number, horizonSec: number): void;
}
