/**
 * Deadline rules as data, judged per order after the run.
 *
 * A rule with a payment window (paidFrom/paidTo) judges the orders paid inside
 * it; a rule without a window judges every order that no windowed rule judges
 * (DOMAIN.md: the Double 11 dates for orders paid 11-17 Nov, "within 48 h of
 * payment" otherwise). An order is late when its milestone came after the
 * deadline, or had not come by a deadline that passed before the run ended. The
 * milestones: shipped, or collected = the courier's pickup scan as the platform
 * sees it, once the courier's tracking record appears (`recordDelay` after the
 * pickup). An order still without its milestone when the run ended (cut by its
 * horizon) before the deadline is undetermined: neither late nor on time, counted
 * apart. For a pickup-scan rule, the late orders that had shipped by their deadline
 * are counted too (`lateShipped`): the courier's part of the lateness, not the line's.
 */
import type { CountByKey, DeadlineResult } from "./result.js";
import type { Scenario } from "./schema.js";

type ToSec = (s: Scenario, text: string) => number;

export function evaluateDeadlines(
  s: Scenario,
  n: number,
  paid: Float64Array,
  shipped: Float64Array,
  collected: Float64Array,
  day: Int16Array,
  courier: Uint8Array,
  dayKey: (day: number) => string,
  toSec: ToSec,
  endSec: number,
): DeadlineResult[] {
  const rules = s.deadlines.map((d) => ({
    d,
    from: d.paidFrom !== undefined ? toSec(s, d.paidFrom) : -Infinity,
    to: d.paidTo !== undefined ? toSec(s, d.paidTo) : Infinity,
    windowed: d.paidFrom !== undefined || d.paidTo !== undefined,
    by: d.by !== undefined ? toSec(s, d.by) : undefined,
    within: d.within,
  }));
  const windowed = rules.filter((r) => r.windowed);
  let maxDay = 0;
  for (let o = 0; o < n; o++) if (day[o] > maxDay) maxDay = day[o];
  // PERF: whether some windowed rule judges an order is computed once, not per
  // window-less rule and order (that was a for-of over the windows per order).
  let judged: Uint8Array | null = null;
  if (windowed.length > 0 && rules.some((r) => !r.windowed)) {
    judged = new Uint8Array(n);
    for (const w of windowed) markWindow(judged, paid, n, w.from, w.to);
  }
  const nc = s.couriers.length;
  const lag = s.couriers.some((c) => c.recordDelay > 0) ? Float64Array.from(s.couriers, (c) => c.recordDelay) : null;
  const totals = new Float64Array(5);
  return rules.map((r) => {
    // PERF: counters in typed arrays indexed by day and courier (no Map per order).
    const dayOrders = new Int32Array(maxDay + 1);
    const dayLate = new Int32Array(maxDay + 1);
    const cOrders = new Int32Array(nc);
    const cLate = new Int32Array(nc);
    countRule(
      n,
      paid,
      r.d.milestone === "shipped" ? shipped : collected,
      r.d.milestone === "shipped" ? null : lag,
      r.d.milestone === "shipped" ? null : shipped,
      day,
      courier,
      r.windowed ? null : judged,
      r.from,
      r.to,
      r.by ?? Number.NaN,
      r.within ?? Number.NaN,
      endSec,
      dayOrders,
      dayLate,
      cOrders,
      cLate,
      totals,
    );
    const byCohort: Record<string, CountByKey> = {};
    for (let d = 0; d <= maxDay; d++) if (dayOrders[d] > 0) byCohort[dayKey(d)] = { orders: dayOrders[d], late: dayLate[d] };
    const byC: Record<string, CountByKey> = {};
    for (let c = 0; c < nc; c++) if (cOrders[c] > 0) byC[s.couriers[c].id] = { orders: cOrders[c], late: cLate[c] };
    return {
      id: r.d.id,
      label: { en: r.d.label.en ?? r.d.id, zh: r.d.label.zh ?? r.d.label.en ?? r.d.id },
      milestone: r.d.milestone,
      ...(r.by !== undefined ? { deadlineSec: r.by } : {}),
      ...(r.within !== undefined ? { withinHours: r.within / 3600 } : {}),
      orders: totals[0],
      late: totals[1],
      lateUnfinished: totals[2],
      undetermined: totals[3],
      ...(r.d.milestone === "collected" ? { lateShipped: totals[4] } : {}),
      byCohort,
      byCourier: byC,
    };
  });
}

/** Sets judged[o] = 1 for the orders paid in [from, to]. */
function markWindow(judged: Uint8Array, paid: Float64Array, n: number, from: number, to: number): void {
  for (let o = 0; o < n; o++) {
    const p = paid[o];
    if (p >= from && p <= to) judged[o] = 1;
  }
}

/**
 * Counts one rule over all orders into the counters; totals = [orders, late,
 * late and unfinished, undetermined, late but shipped by the deadline] (see the file
 * comment; the last only with `shipped`, for a pickup-scan rule, else 0).
 * A windowed rule (skip null) judges the orders paid in [from, to]; a window-less rule
 * judges those with skip[o] = 0. The deadline is `by` when it is a number, else paid + within.
 * lag (per courier, seconds, or null for none) is added to the milestone: the tracking record's delay.
 * PERF: a plain loop over typed arrays in its own function, so V8 optimises it.
 */
function countRule(
  n: number,
  paid: Float64Array,
  milestone: Float64Array,
  lag: Float64Array | null,
  shipped: Float64Array | null,
  day: Int16Array,
  courier: Uint8Array,
  skip: Uint8Array | null,
  from: number,
  to: number,
  by: number,
  within: number,
  end: number,
  dayOrders: Int32Array,
  dayLate: Int32Array,
  cOrders: Int32Array,
  cLate: Int32Array,
  totals: Float64Array,
): void {
  const fixed = !Number.isNaN(by);
  let orders = 0;
  let late = 0;
  let unfinished = 0;
  let undetermined = 0;
  let lateShipped = 0;
  for (let o = 0; o < n; o++) {
    const p = paid[o];
    if (skip === null) {
      if (p < from || p > to) continue;
    } else if (skip[o] === 1) continue;
    orders++;
    dayOrders[day[o]]++;
    cOrders[courier[o]]++;
    const deadline = fixed ? by : p + within;
    const m = lag === null ? milestone[o] : milestone[o] + lag[courier[o]];
    if (m > deadline) {
      if (m === Infinity && deadline > end) {
        undetermined++;
        continue;
      }
      late++;
      dayLate[day[o]]++;
      cLate[courier[o]]++;
      if (m === Infinity) unfinished++;
      if (shipped !== null && shipped[o] <= deadline) lateShipped++;
    }
  }
  totals[0] = orders;
  totals[1] = late;
  totals[2] = unfinished;
  totals[3] = undetermined;
  totals[4] = lateShipped;
}
