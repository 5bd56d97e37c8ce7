/**
 * Deadline rules as data, judged per order after the run.
 *
 * A rule with a payment window (paidFrom/paidTo) judges the orders paid inside
 * it; a rule without a window judges every order that no windowed rule judges
 * (DOMAIN.md: the Double 11 dates for orders paid 11-17 Nov, "within 48 h of
 * payment" otherwise). An order is late when its milestone (shipped, or
 * collected = courier pickup scan) came after the deadline or never came.
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
  const nc = s.couriers.length;
  return rules.map((r) => {
    let orders = 0;
    let late = 0;
    let unfinished = 0;
    // PERF: counters in typed arrays indexed by day and courier (no Map per order).
    const dayOrders = new Int32Array(maxDay + 1);
    const dayLate = new Int32Array(maxDay + 1);
    const cOrders = new Int32Array(nc);
    const cLate = new Int32Array(nc);
    const milestone = r.d.milestone === "shipped" ? shipped : collected;
    for (let o = 0; o < n; o++) {
      const p = paid[o];
      if (r.windowed) {
        if (p < r.from || p > r.to) continue;
      } else {
        let matched = false;
        for (const w of windowed) if (p >= w.from && p <= w.to) matched = true;
        if (matched) continue;
      }
      orders++;
      dayOrders[day[o]]++;
      cOrders[courier[o]]++;
      const deadline = r.by ?? p + r.within!;
      const m = milestone[o];
      if (m > deadline) {
        late++;
        dayLate[day[o]]++;
        cLate[courier[o]]++;
        if (m === Infinity) unfinished++;
      }
    }
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
      orders,
      late,
      lateUnfinished: unfinished,
      byCohort,
      byCourier: byC,
    };
  });
}
