import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenarioText } from "../../../src/sim/model/load.js";
import { estimate, estimateOf, indicatorEstimate, intervalOf, nearestRank, nonNegativeEstimate, quantileNeeds, shareEstimate, wilson } from "../../../src/sim/experiment/estimate.js";
import type { RunResult } from "../../../src/sim/model/result.js";
import { findBottlenecks, LOW_UTILISATION, MIN_QUEUE, peakDayCutOf, proportion, runBottleneck, shareTails, summarize, summarizeHourly } from "../../../src/sim/experiment/summary.js";
import { isIndicatorFigure, replicate } from "../../../src/sim/experiment/replicate.js";
import { extraStaff, howOften, lineBalance } from "../../../src/sim/report/advice.js";
import { FlexRule } from "../../../src/sim/model/schema.js";
import type { Bottleneck } from "../../../src/sim/experiment/types.js";
import { expectFullyChinese } from "../../helpers/chinese.js";
import { fakeRun, MICRO, scenario } from "./fixtures.js";

/** "HH:MM" of seconds from the start (the fixture's zone offset is whole hours from the start's midnight). */
const fmtClock = (sec: number) => `${String(Math.floor(sec / 3600) % 24).padStart(2, "0")}:00`;

const s = scenario();

describe("deadline risk", () => {
  const lates = [0, 0, 3, 0, 10, 0, 0, 0, 1, 0];
  const runs = lates.map((late, i) =>
    fakeRun({
      seed: i,
      late: { "d11-ship": late },
      cohorts: { "d11-ship": { "2026-11-12": { orders: 40, late }, ...(i === 0 ? { "2026-11-11": { orders: 60, late: 0 } } : {}) } },
      couriers: { "d11-ship": { yto: { orders: 30, late: Math.min(late, 1) }, zto: { orders: 70, late: late - Math.min(late, 1) } } },
    }),
  );
  const sum = summarize(s, runs);
  const d = sum.deadlines.find((x) => x.id === "d11-ship")!;

  it("P(any order late) is the share of replications with a late order, with the Wilson interval", () => {
    const w = wilson(3, 10);
    expect(d.pAnyLate).toEqual({ k: 3, n: 10, p: 0.3, low: w.low, high: w.high });
    expect(d.late.mean).toBeCloseTo(1.4, 12);
    expect(d.lateP90).toBe(3); // nearest rank: the 9th smallest of 10
    expect(d.lateP99).toBe(10);
    expect(sum.figures["deadlines.d11-ship.anyLate"]!.mean).toBeCloseTo(0.3, 12);
  });

  it("cohorts are the union over replications (absent = 0 orders, 0 late), sorted by day", () => {
    expect(Object.keys(d.byCohort)).toEqual(["2026-11-11", "2026-11-12"]);
    expect(d.byCohort["2026-11-11"].ordersMean).toBeCloseTo(6, 12);
    expect(d.byCohort["2026-11-12"].late.mean).toBeCloseTo(1.4, 12);
    expect(d.byCohort["2026-11-12"].pAnyLate.k).toBe(3);
  });

  it("couriers keep their own late counts", () => {
    expect(d.byCourier.yto.pAnyLate.k).toBe(3);
    expect(d.byCourier.zto.pAnyLate.k).toBe(2);
    expect(d.byCourier.zto.late.mean).toBeCloseTo((2 + 9) / 10, 12);
  });

  it("a rule with no late order in any replication gives P = 0 with an upper bound above 0", () => {
    const c = sum.deadlines.find((x) => x.id === "d11-collect")!;
    expect(c.pAnyLate.k).toBe(0);
    expect(c.pAnyLate.high).toBeGreaterThan(0.2);
  });

  it("deadline advice names the risk, the worst cohort and (on a pickup-scan rule) courier, in both languages", () => {
    const a = sum.advice.find((x) => x.kind === "deadline")!;
    expect(a.en).toContain("Rule d11-ship: P(any order late) 30%");
    expect(a.en).toContain("12 Nov");
    expect(a.zh).toContain("出现超时的概率 30%");
    expect(a.zh).toContain("11月12日");
    // A shipped-by rule: no courier (it collects after the order has shipped).
    expect(a.en).not.toContain("中通 ZTO");
    expect(a.zh).not.toContain("中通 ZTO");
    // The same lateness on the pickup-scan rule names the courier.
    const scan = summarize(
      s,
      lates.map((late, i) =>
        fakeRun({
          seed: i,
          late: { "d11-collect": late },
          lateShipped: { "d11-collect": late },
          couriers: { "d11-collect": { yto: { orders: 30, late: Math.min(late, 1) }, zto: { orders: 70, late: late - Math.min(late, 1) } } },
        }),
      ),
    ).advice.find((x) => x.kind === "deadline")!;
    expect(scan.en).toContain("Rule d11-collect: P(any order late) 30%");
    expect(scan.en).toContain("courier 中通 ZTO");
    expect(scan.zh).toContain("快递 中通 ZTO");
  });
});

describe("hourly series across replications", () => {
  it("averages index by index; a replication that ended counts as 0 backlog and drops out of utilisation", () => {
    const a = fakeRun({ backlog: [10, 20, 30], stations: [{ id: "pack", queue: [1, 2, 3], staff: [2, 2, 2], busy: [1, 2, 2] }] });
    const b = fakeRun({ backlog: [30, 40], stations: [{ id: "pack", queue: [3, 4], staff: [2, 2], busy: [2, 2] }] });
    const h = summarizeHourly([a, b]);
    expect(h.startSec).toEqual([0, 3600, 7200]);
    expect(h.runs).toEqual([2, 2, 1]);
    expect(h.backlog.mean).toEqual([20, 30, 15]);
    expect(h.backlog.min).toEqual([10, 20, 0]);
    expect(h.backlog.max).toEqual([30, 40, 30]);
    expect(h.stations.pack.queue).toEqual([2, 3, 1.5]);
    expect(h.stations.pack.queueMax).toEqual([3, 4, 3]);
    // Pooled: (1 + 2) / (2 + 2) in hour 0; hour 2 only from the run still going.
    expect(h.stations.pack.utilization).toEqual([0.75, 1, 1]);
    expect(h.stations.pack.staff).toEqual([2, 2, 2]);
  });
});

describe("bottlenecks and advice", () => {
  // 24 hours: nobody on duty 00-08 (print queues), pack overloaded 08-20, clear after.
  const H = 24;
  const hours = Array.from({ length: H }, (_, i) => i);
  const day = (i: number) => i >= 8 && i < 20;
  const run = fakeRun({
    stations: [
      { id: "print", queue: hours.map((i) => (i < 8 ? 100 * (i + 1) : 0)), staff: hours.map((i) => (day(i) ? 2 : 0)), busy: hours.map((i) => (day(i) ? 0.6 : 0)), arrivals: hours.map(() => 100), completions: hours.map((i) => (day(i) ? 170 : 0)) },
      { id: "pack", queue: hours.map((i) => (day(i) ? 50 * (i - 7) : 0)), staff: hours.map((i) => (day(i) ? 6 : 0)), busy: hours.map((i) => (day(i) ? 5.9 : 0)), arrivals: hours.map((i) => (day(i) ? 170 : 0)), completions: hours.map((i) => (day(i) ? 120 : 0)) },
      { id: "weigh", queue: hours.map(() => 0), staff: hours.map((i) => (day(i) ? 2 : 0)), busy: hours.map((i) => (day(i) ? 0.4 : 0)) },
    ],
  });
  const hourly = summarizeHourly([run]);
  const sum = summarize(s, [run]);

  it("finds the unstaffed night at print and the overloaded pack by day, merged into periods", () => {
    const b = findBottlenecks([run], hourly, sum.stations);
    expect(b.map((x) => [x.station, x.unstaffed, x.fromSec / 3600, x.toSec / 3600])).toEqual([
      ["print", true, 0, 8],
      ["pack", false, 8, 20],
    ]);
    const pack = b[1];
    expect(pack.utilization).toBeCloseTo(5.9 / 6, 12);
    expect(pack.maxQueue).toBe(600);
    expect(pack.perPersonHour).toBeCloseTo(120 / 5.9, 12);
    expect(pack.idlest?.station).toBe("weigh");
  });

  it("advises adding packers to the day shift or flexing weighers over, with the period and figures", () => {
    const a = sum.advice.find((x) => x.kind === "bottleneck")!;
    // Needed: 170 orders/h / (120 / 5.9 per busy person-hour) = 8.36 people; 6 on duty -> add 3.
    expect(a.en).toBe("Pack is the bottleneck 08:00-20:00 on 11 Nov (utilisation 98%, queue up to 600): add 3 packers to the day shift or move weighers over (flex; Weigh is 20% busy).");
    expect(a.zh).toContain("11月11日 08:00-20:00 打包是瓶颈（利用率 98%，队列最多 600 单）：白班增加 3 名打包员");
    expect(a.zh).toContain("称重");
  });

  it("counts only the people who could work: a printer down a fifth of the shift is not worked off by the same crew", () => {
    // 2 print operators finishing 100 orders per busy person-hour; 180 orders an hour over a 12-hour shift.
    const b = { perPersonHour: 100, staff: 2, arrivalsPerHour: 180, fromSec: 8 * 3600, toSec: 20 * 3600, queueAtStart: 0 } as Bottleneck;
    const series = (blocked: number) => ({
      startSec: Array.from({ length: 24 }, (_, i) => i * 3600),
      queue: new Array(24).fill(0),
      arrivals: Array.from({ length: 24 }, (_, i) => (i >= 8 && i < 20 ? 180 : 0)),
      staff: Array.from({ length: 24 }, (_, i) => (i >= 8 && i < 20 ? 2 : 0)),
      blocked: Array.from({ length: 24 }, (_, i) => (i >= 8 && i < 20 ? blocked : 0)),
    });
    const shift = { startSec: 8 * 3600, endSec: 20 * 3600 };
    expect(extraStaff(b, series(0), shift)).toBe(0); // 200 an hour >= 180
    expect(extraStaff(b, series(0.4), shift)).toBe(1); // 1.6 able to work: 160 an hour < 180
    // Without the series: the period's own blocked people (a held-up period).
    expect(extraStaff({ ...b, blocked: 0.4 }, undefined, undefined)).toBe(1);
  });

  it("judges a morning catch-up over the whole shift: no extra people when the shift clears the night's queue", () => {
    const catchUp = fakeRun({
      stations: [{ id: "print", queue: hours.map((i) => (i < 8 ? 100 * (i + 1) : i === 8 ? 500 : 0)), staff: hours.map((i) => (day(i) ? 2 : 0)), busy: hours.map((i) => (i === 8 ? 2 : day(i) ? 0.5 : 0)), arrivals: hours.map(() => 100), completions: hours.map((i) => (i === 8 ? 400 : day(i) ? 100 : 0)) }],
    });
    const a = summarize(s, [catchUp]).advice.find((x) => x.kind === "bottleneck")!;
    // The queue was 800 when the period began (the night's), 500 at its end: "up to" the largest.
    expect(a.en).toBe("Print is the bottleneck 08:00-09:00 on 11 Nov (utilisation 100%, queue up to 800): the day shift works the queue off before it ends; an earlier start (an early or night shift) would ship sooner.");
    expect(a.zh).toContain("白班结束前可清完积压");
  });

  it("judges a queue that reaches pack late in the shift over the shift's hours, not over its last hours", () => {
    // Print holds the line until 17:00; pack then has the longest queue. Pack got 200
    // orders an hour from 08:00 to 18:00 and finishes 120 (6 people x 20), so 800 wait at 17:00.
    const late = fakeRun({
      stations: [
        { id: "print", queue: hours.map((i) => (i >= 8 && i < 17 ? 1000 : i === 17 ? 100 : 0)), staff: hours.map((i) => (day(i) ? 2 : 0)), busy: hours.map((i) => (day(i) ? 2 : 0)), arrivals: hours.map(() => 100), completions: hours.map((i) => (day(i) ? 200 : 0)) },
        { id: "pack", queue: hours.map((i) => (i >= 8 && i < 18 ? 80 * (i - 7) : i >= 18 && i < 20 ? 800 - 120 * (i - 17) : 0)), staff: hours.map((i) => (day(i) ? 6 : 0)), busy: hours.map((i) => (day(i) ? 6 : 0)), arrivals: hours.map((i) => (i >= 8 && i < 18 ? 200 : 0)), completions: hours.map((i) => (day(i) ? 120 : 0)) },
      ],
    });
    const a = summarize(s, [late]).advice.filter((x) => x.kind === "bottleneck").find((x) => x.en.startsWith("Pack"))!;
    // The day's work: 2,000 orders in 12 h = 166.7 an hour = 8.3 packers; 6 on duty -> add 3
    // (9 x 20 x 12 = 2,160 clears it by 20:00). Clearing 800 plus the last arrivals in the last
    // three hours would have asked for 10.
    expect(a.en).toBe("Pack is the bottleneck 17:00-20:00 on 11 Nov (utilisation 100%, queue up to 800): add 3 packers to the day shift.");
    expect(a.zh).toContain("白班增加 3 名打包员");
  });

  it("says when the station cannot hold more people (maxStaff)", () => {
    const packOnly = { ...s, stations: s.stations.map((st) => (st.id === "pack" ? { ...st, maxStaff: 7 } : st)) };
    const a = summarize(packOnly, [run]).advice.find((x) => x.kind === "bottleneck")!;
    expect(a.en).toContain("only 7 people fit at Pack: add an earlier or later shift there instead of more people at once");
    expect(a.zh).toContain("打包最多容纳 7 人");
  });

  it("names the printers extra print operators need when every printer is in use", () => {
    // 2 printers, 1 per operator (default.yaml); 2 operators busy all day, 1,000 waiting.
    const print = fakeRun({
      stations: [{ id: "print", queue: hours.map((i) => (day(i) ? 1000 : 0)), staff: hours.map((i) => (day(i) ? 2 : 0)), busy: hours.map((i) => (day(i) ? 2 : 0)), arrivals: hours.map((i) => (day(i) ? 400 : 0)), completions: hours.map((i) => (day(i) ? 300 : 0)) }],
    });
    // Print alone (on the default line pack and pick are slower than print: see the next test).
    const printOnly = { ...s, stations: s.stations.filter((st) => st.id === "print") };
    const a = summarize(printOnly, [print]).advice.find((x) => x.kind === "bottleneck")!;
    // Needed: (400 x 12 + 0) / (150 x 12) = 2.67 people; 2 on duty -> 1 more, and a printer for them.
    expect(a.en).toBe("Print is the bottleneck 08:00-20:00 on 11 Nov (utilisation 100%, queue up to 1,000): add 1 print operator to the day shift and 1 printer (all 2 printers are in use at 1 per operator: more people alone would not print more).");
    expect(a.zh).toContain("白班增加 1 名打单员，并增加 1 台打印机（2 台打印机已全部在用");
    // With a spare printer slot (3 printers) the hint is people only.
    const roomy = { ...printOnly, printers: { ...s.printers, count: 3 } };
    expect(summarize(roomy, [print]).advice.find((x) => x.kind === "bottleneck")!.en).toContain("add 1 print operator to the day shift");
  });

  it("does not ask for people at a station whose queue a slower later station would only take over", () => {
    const print = fakeRun({
      stations: [{ id: "print", queue: hours.map((i) => (day(i) ? 1000 : 0)), staff: hours.map((i) => (day(i) ? 2 : 0)), busy: hours.map((i) => (day(i) ? 2 : 0)), arrivals: hours.map((i) => (day(i) ? 400 : 0)), completions: hours.map((i) => (day(i) ? 300 : 0)) }],
    });
    // The default line's day shift (lineBalance): print 2 operators on 2 printers (6 s + 2.4 s label: 831 an hour with
    // 3% absence), pack 6 packers (55 s each: 381 an hour with absence), the slowest even with the default flex rule's one
    // weigher helping: 5.82 packers and 1.94 weighers pooled over 55 + 10 s = 430 an hour (below 6.82 packers' 446).
    const a = summarize(s, [print]).advice.find((x) => x.kind === "bottleneck")!;
    expect(a.en).toBe("Print is the bottleneck 08:00-20:00 on 11 Nov (utilisation 100%, queue up to 1,000), but Pack is slower on the day shift (430 orders an hour with Weigh's help, Print 831): more people at Print would only move the queue on to Pack, so relieve Pack first.");
    expect(a.zh).toMatch(/但白班打包更慢（每小时 430 单，含称重支援；打单 831 单）：在打单加人只会把队列转到打包，应先缓解打包。$/);
    // Without the flex rule, pack's own people alone.
    const noFlex = { ...s, staff: { ...s.staff, flex: [] } };
    expect(summarize(noFlex, [print]).advice.find((x) => x.kind === "bottleneck")!.en).toContain("but Pack is slower on the day shift (381 orders an hour, Print 831)");
  });

  // Three stations whose day-shift capacities are known by hand (absence 0, no pre-packed stock, no flex):
  // print 1 operator x 2 printers / (4 s + 60/30 s label) = 1,200/h; pack 20 / 60 s = 1,200/h; weigh 3 / 10 s = 1,080/h.
  const balanced = scenario({
    name: "balanced",
    demand: { bestSellers: { prepackedStock: 0 } },
    stations: [
      // 3 s of handling + a 2 s label on each of 2 printers per operator: each turns over every max(5, 2 x 3) = 6 s.
      { id: "print", kind: "print", name: { en: "Print", zh: "打单" }, serviceSec: 3, needs: ["printers"], maxStaff: 4 },
      { id: "pack", kind: "pack", name: { en: "Pack", zh: "打包" }, serviceSec: 60, maxStaff: 40 },
      { id: "weigh", kind: "weigh", name: { en: "Weigh", zh: "称重" }, serviceSec: 10, maxStaff: 10 },
    ],
    printers: { count: 2, perOperator: 2, labelsPerMin: 30 },
    staff: { absenceRate: 0, roster: { print: { day: 1 }, pack: { day: 20 }, weigh: { day: 3 } }, flex: [] },
  });

  it("computes each station's capacity on a shift from its roster (orders per hour)", () => {
    const caps = Object.fromEntries(lineBalance(balanced, "day").map((c) => [c.station, c.ordersPerHour]));
    expect(caps.print).toBeCloseTo(1200, 9);
    expect(caps.pack).toBeCloseTo(1200, 9);
    expect(caps.weigh).toBeCloseTo(1080, 9);
    // Print is capped by its printers: a second operator finds none free.
    const more = { ...balanced, staff: { ...balanced.staff, roster: { ...balanced.staff.roster, print: { day: 2 } } } };
    expect(lineBalance(more, "day").find((c) => c.station === "print")!.ordersPerHour).toBeCloseTo(1200, 9);
  });

  it("adds the flex pool's spare people to the station they help, up to maxPeople and what the source can spare", () => {
    const withFlex = (pack: number, weigh: number, maxPeople: number) =>
      lineBalance({ ...balanced, staff: { ...balanced.staff, roster: { ...balanced.staff.roster, pack: { day: pack }, weigh: { day: weigh } }, flex: [FlexRule.parse({ from: "weigh", to: "pack", maxPeople })] } }, "day");
    const at = (caps: ReturnType<typeof lineBalance>, id: string) => caps.find((c) => c.station === id)!;
    // 19 packers (1,140/h) and 4 weighers (1,440/h): one weigher more at pack would make 1,200/h, but then weigh keeps
    // only 3; pooled, 23 people over 60 + 10 s of work per order finish 1,183/h. The smaller holds.
    const one = withFlex(19, 4, 1);
    expect(at(one, "pack")).toEqual({ station: "pack", ordersPerHour: (23 * 3600) / 70, helpedBy: "weigh", alone: 1140 });
    expect(at(one, "weigh").ordersPerHour).toBeCloseTo(1440, 9);
    // Plenty of weighers: maxPeople binds, 19 + 1 packers = 1,200/h; with maxPeople 2, 21 = 1,260/h.
    expect(at(withFlex(19, 10, 1), "pack").ordersPerHour).toBeCloseTo(1200, 9);
    expect(at(withFlex(19, 10, 2), "pack").ordersPerHour).toBeCloseTo(1260, 9);
    // Weighers slower than the packers have nothing to spare: no help, pack alone.
    expect(at(withFlex(19, 3, 1), "pack")).toEqual({ station: "pack", ordersPerHour: 1140 });
  });

  it("says when the bottleneck is balanced within 15% with others: relieving it alone only moves the queue", () => {
    // The fake run's bottleneck is pack; 19 packers = 1,140/h, print 1,200/h, 4 weighers = 1,440/h.
    const roster = (pack: number, weigh: number) => ({ ...balanced, staff: { ...balanced.staff, roster: { ...balanced.staff.roster, pack: { day: pack }, weigh: { day: weigh } } } });
    const a = summarize(roster(19, 4), [run]).advice.find((x) => x.kind === "balance")!;
    expect(a.en).toBe(
      "Line balance on the day shift (orders per hour the rostered people can finish): Pack 1,140, Print 1,200, Weigh 1,440. Pack and Print are within 15% of each other: relieving Pack alone moves the queue to Print (the line gains at most 5.3% before Print holds it), so raise them together.",
    );
    expect(a.zh).toBe("作业线平衡（白班，按排班人数每小时可完成订单）：打包 1,140，打单 1,200，称重 1,440。打包、打单相差不到 15%：只缓解打包，队列会转到打单（整条线最多提升 5.3%，随后打单成为瓶颈），应一起加人。");
    // With a weigher helping at pack the list says so, and the gain before print holds the line shrinks.
    const helped = { ...roster(19, 4), staff: { ...roster(19, 4).staff, flex: [FlexRule.parse({ from: "weigh", to: "pack" })] } };
    const h = summarize(helped, [run]).advice.find((x) => x.kind === "balance")!;
    expect(h.en).toContain("Pack 1,183 (with Weigh's help; 1,140 alone), Print 1,200, Weigh 1,440.");
    expect(h.en).toContain("the line gains at most 1.4% before Print holds it");
    expect(h.zh).toContain("打包 1,183（含称重支援；单独 1,140），打单 1,200，称重 1,440。");
    // Weigh as slow as print: relieving pack gains nothing until weigh is raised too.
    expect(summarize(balanced, [run]).advice.find((x) => x.kind === "balance")!.en).toContain("relieving Pack alone moves the queue to Weigh (the line gains nothing until Weigh is raised too)");
    // A line with one clear bottleneck, or whose close stations do not include the bottleneck, gets no balance sentence.
    expect(summarize(roster(20, 1), [run]).advice.some((x) => x.kind === "balance")).toBe(false);
    expect(summarize(roster(30, 3), [run]).advice.some((x) => x.kind === "balance")).toBe(false);
  });

  it("gives no staffing advice for a period whose queue never reached one order", () => {
    const tiny = fakeRun({ stations: [{ id: "pack", queue: [0, 0.4, 0], staff: [2, 2, 2], busy: [2, 2, 2], arrivals: [10, 10, 10], completions: [10, 10, 10] }] });
    const ts = summarize(s, [tiny]);
    expect(ts.bottlenecks.map((b) => b.station)).toEqual(["pack"]);
    expect(ts.advice.filter((x) => x.kind === "bottleneck")).toEqual([]);
  });

  it("says nobody is on duty at night instead of adding people to a shift that is not there", () => {
    const a = sum.advice.find((x) => x.kind === "unstaffed")!;
    expect(a.en).toBe("Nobody is on duty at Print 00:00-08:00 on 11 Nov while orders wait (queue up to 800): add a night shift or extend the shifts.");
    expect(a.zh).toBe("11月11日 00:00-08:00 打单无人在岗而订单在等待（队列最多 800 单）：增加夜班或延长班次。");
  });

  it("no queue, no bottleneck", () => {
    const calm = fakeRun({ stations: [{ id: "pack", queue: [0, 3, 1], staff: [2, 2, 2], busy: [1, 1, 1] }] });
    const cs = summarize(s, [calm]);
    expect(cs.bottlenecks).toEqual([]);
    expect(cs.advice.filter((x) => x.kind === "bottleneck" || x.kind === "unstaffed")).toEqual([]);
  });

  it("flags a low 12-hour share and capped couriers", () => {
    const r = fakeRun({ shippedWithin: { h12: 0.3, h24: 0.8 }, capped: 2 });
    const adv = summarize(s, [r, r]).advice;
    expect(adv.find((x) => x.kind === "ship12h")?.en).toMatch(/^Only 30% of peak-day orders ship within 12 h of payment \(80% within 24 h\)/);
    expect(adv.find((x) => x.kind === "courier")?.zh).toContain("中通 ZTO 平均每次仿真有 2.0 次揽收因上限留下包裹");
  });
});

describe("summarize", () => {
  it("is deterministic and JSON-serialisable", () => {
    const runs = [fakeRun({ seed: 1, late: { "d11-ship": 2 } }), fakeRun({ seed: 2 })];
    const a = summarize(s, runs);
    expect(JSON.parse(JSON.stringify(a))).toEqual(JSON.parse(JSON.stringify(summarize(s, runs))));
  });

  it("refuses an empty list", () => {
    expect(() => summarize(s, [])).toThrow(RangeError);
  });
});

describe("the advice's words for replications", () => {
  it("says replications (仿真) as the tables do, never runs (运行)", () => {
    // Late orders, capped couriers, a full dock and bottlenecks: every sentence that counts replications.
    const busy = (seed: number) =>
      fakeRun({
        seed,
        late: { "d11-ship": 5 },
        capped: 2,
        dockBlockedHours: 3,
        stations: [
          { id: "pick", queue: [0, 0, 0], staff: [3, 3, 3] },
          { id: "pack", queue: [200, 400, 600], staff: [2, 2, 2], busy: [2, 2, 2] },
        ],
      });
    const adv = summarize(s, Array.from({ length: 20 }, (_, i) => busy(i))).advice;
    expect(adv.map((a) => a.kind)).toEqual(expect.arrayContaining(["bottleneck", "deadline", "courier", "dock"]));
    for (const a of adv) {
      expect(a.en, a.kind).not.toMatch(/\bruns?\b/);
      expect(a.zh, a.kind).not.toContain("运行");
    }
    expect(adv.find((a) => a.kind === "bottleneck")!.en).toContain("in 20 of 20 replications");
    expect(adv.find((a) => a.kind === "bottleneck")!.zh).toContain("20 次仿真中 20 次");
    expect(adv.find((a) => a.kind === "deadline")!.en).toContain("1 replication in 10 has 5 or more");
    expect(adv.find((a) => a.kind === "deadline")!.zh).toContain("每 10 次仿真中有 1 次达到 5 单以上");
    expect(adv.find((a) => a.kind === "courier")!.en).toContain("at 2.0 pickups per replication (in 100% of replications)");
    expect(adv.find((a) => a.kind === "courier")!.zh).toContain("平均每次仿真有 2.0 次揽收因上限留下包裹（100% 的仿真中出现）");
    expect(adv.find((a) => a.kind === "dock")!.zh).toContain("平均每次仿真打包停工 3.0 小时");
  });
});

describe("a scenario's own shift in the advice", () => {
  it("is named with its hours (launch shift 00:00-08:00 / launch 班（00:00-08:00）), not as a quoted id", () => {
    // The default team with a launch crew at print only 00:00-08:00: orders queue at pick behind it.
    const f = "default.yaml";
    const r = parseScenarioText(readFileSync(new URL(`../../../scenarios/${f}`, import.meta.url), "utf8"), {
      format: "yaml",
      source: f,
      sets: ['staff.shifts[1]={id: launch, start: "00:00", end: "08:00", days: [0]}', "staff.roster.print.launch=2"],
    });
    if (!r.ok) throw new Error(f);
    const adv = summarize(r.scenario, replicate(r.scenario, { replications: 2 })).advice;
    expect(adv.some((a) => a.en.includes("the launch shift 00:00-08:00"))).toBe(true);
    expect(adv.some((a) => a.zh.includes("launch 班（00:00-08:00）"))).toBe(true);
    for (const a of adv) {
      expect(a.en).not.toContain('"launch"');
      expect(a.zh).not.toContain("“launch”");
    }
  });
});

describe("a horizon that ends before the peak day does", () => {
  it("marks the summary's shares as over the orders paid by the end (peakDayCut), and only then", () => {
    const cut = summarize(s, [fakeRun({ hours: 20 }), fakeRun({ hours: 20 })]);
    expect(cut.peakDayCut).toEqual({ endSec: 20 * 3600, dayEndSec: 24 * 3600, orders: 100 });
    // The shares are kept: what they say of the orders paid by then is right.
    expect(cut.figures["shippedWithin.h12"]).not.toBeNull();
    expect(summarize(s, [fakeRun({ hours: 30 })]).peakDayCut).toBeUndefined();
    expect(peakDayCutOf(s, [fakeRun({ hours: 24 })])).toEqual({});
  });
});

describe("dock advice", () => {
  it("says packing stopped because the dock was full", () => {
    const adv = summarize(s, [fakeRun({ dockBlockedHours: 3 }), fakeRun({ dockBlockedHours: 0 })]).advice;
    expect(adv.find((x) => x.kind === "dock")?.en).toBe("Packing stopped for 1.5 h per replication on average because the dock was full (5,000 parcels): agree more or earlier courier pickups, or make room for more parcels.");
    expect(summarize(s, [fakeRun()]).advice.find((x) => x.kind === "dock")).toBeUndefined();
  });
});

describe("figures some replications do not have (null)", () => {
  // Replication 0: nobody at pack (no wait, no utilisation, nothing shipped); 1 and 2: a wait.
  const withNulls = (r: RunResult, waits: number | null, util: number | null, tis: number | null) => {
    r.stations.pack = { ...r.stations.pack, meanWaitMin: waits, p95WaitMin: waits === null ? null : 2 * waits, utilization: util, queuedAtEnd: waits === null ? 80 : 0 };
    r.timeInSystemMin = { mean: tis, p50: tis, p95: tis };
    return r;
  };
  const runs = [withNulls(fakeRun({ seed: 1 }), null, null, null), withNulls(fakeRun({ seed: 2 }), 4, 0.5, 60), withNulls(fakeRun({ seed: 3 }), 6, 0.7, 80)];
  const sum = summarize(s, runs);

  it("are estimated over the replications that have them, with their count; 0 would pull the mean down", () => {
    const w = sum.figures["stations.pack.meanWaitMin"]!;
    // Two replications: 5 ± 12.7 would pass 0, so the interval is cut there.
    expect(w).toEqual(nonNegativeEstimate([4, 6]));
    expect(w).toMatchObject({ mean: 5, halfWidth: estimate([4, 6]).halfWidth, low: 0, interval: "t-clipped" });
    expect(w.n).toBe(2);
    expect(sum.figures["stations.pack.utilization"]).toMatchObject({ mean: 0.6, n: 2, min: 0.5, max: 0.7 });
    expect(sum.figures["timeInSystemMin.mean"]).toMatchObject({ mean: 70, n: 2 });
    // Figures every replication has keep n = 3.
    expect(sum.figures["stations.pack.served"]!.n).toBe(3);
    const pack = sum.stations.find((x) => x.id === "pack")!;
    expect(pack.meanWaitMin).toEqual(nonNegativeEstimate([4, 6]));
    expect(pack.p95WaitMin!.mean).toBe(10);
    expect(pack.utilization!.n).toBe(2);
    expect(pack.queuedAtEnd).toMatchObject({ max: 80, n: 3 });
  });

  it("are null when no replication has them, in JSON too", () => {
    const none = summarize(s, [withNulls(fakeRun({ seed: 1 }), null, null, null), withNulls(fakeRun({ seed: 2 }), null, null, null)]);
    expect(none.figures["stations.pack.meanWaitMin"]).toBeNull();
    expect(none.figures["stations.pack.utilization"]).toBeNull();
    expect(none.figures["timeInSystemMin.p95"]).toBeNull();
    const pack = none.stations.find((x) => x.id === "pack")!;
    expect(pack).toMatchObject({ meanWaitMin: null, p95WaitMin: null, utilization: null });
    expect(JSON.parse(JSON.stringify(none)).figures["stations.pack.meanWaitMin"]).toBeNull();
    // The other station is unaffected.
    expect(none.figures["stations.pick.meanWaitMin"]).toMatchObject({ mean: 1, n: 2 });
  });

  it("estimateOf leaves nulls out and is null for none", () => {
    expect(estimateOf([null, 1, 3, null])).toEqual(estimate([1, 3]));
    expect(estimateOf([null, null])).toBeNull();
    expect(estimateOf([])).toBeNull();
  });
});

describe("returns advice", () => {
  const withReturns = (until: "outbound" | "handled") =>
    scenario({ demand: { presaleOrders: 500, daysAfter: [3, 2] }, returns: { share: 0.5, delaySec: 2 * 86400, station: "qc", serviceSec: 300, until } });

  it("counts the after-sales work left when the orders are collected, in person-hours at the returns team", () => {
    const sc = withReturns("outbound");
    const runs = replicate(sc, { replications: 3 });
    const a = summarize(sc, runs).advice.find((x) => x.kind === "returns")!;
    const waiting = runs.reduce((t, r) => t + r.returns!.waitingAtEnd, 0) / 3;
    expect(waiting).toBeGreaterThan(1);
    // 5 min each: waiting / 12 person-hours.
    expect(a.en).toBe(`Returns: ${Math.round(waiting).toLocaleString("en-US")} returns on average are still waiting at QC when the orders are all collected (about ${Math.round(waiting / 12)} person-hours of work), with more on their way back: plan after-sales hours at QC for the days after (returns.until: handled follows them to the end).`);
    expect(a.zh).toContain("QC平均仍有");
  });

  it("says when the last return is handled when the runs follow them", () => {
    const sc = withReturns("handled");
    const runs = replicate(sc, { replications: 3 });
    const a = summarize(sc, runs).advice.find((x) => x.kind === "returns")!;
    const last = Math.max(...runs.map((r) => r.returns!.lastHandledSec!));
    const day = new Date(sc.start.slice(0, 10) + "T00:00:00+08:00").getTime() + last * 1000;
    const label = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "Asia/Shanghai" }).format(day);
    // The last ones are handled on the day most are (the 95% point would be said a day or more before), and QC's later shifts cost:
    const mean = (f: (r: (typeof runs)[number]) => number) => runs.reduce((t, r) => t + f(r), 0) / runs.length;
    expect(mean((r) => r.returns!.lastHandledSec! - r.returns!.handled95Sec!)).toBeLessThan(86400);
    const tail = `¥${Math.round(mean((r) => r.returns!.afterSales.cost)).toLocaleString("en-US")}`;
    expect(a.en).toMatch(
      new RegExp(`^Returns: QC handles the last one around \\d+ \\w+ on average \\(the latest replication: ${label}\\); a return waits [\\d.]+ h on average before handling\\. Keep that team's after-sales hours until then; once the orders are all collected its shifts cost ${tail}\\.$`),
    );
    expect(a.zh).toContain(`订单全部揽收后，该组班次成本 ${tail}`);
    // No returns, no sentence.
    expect(summarize(scenario({}), replicate(scenario({}), { replications: 1 })).advice.some((x) => x.kind === "returns")).toBe(false);
  });

  it("says when 95% are handled when the last few come back days later", () => {
    const sc = scenario({
      demand: { presaleOrders: 500, daysAfter: [3, 2] },
      returns: { share: 0.5, delaySec: { dist: "lognormal", mean: 2 * 86400, cv: 1.2 }, station: "qc", serviceSec: 300, until: "handled" },
    });
    const runs = replicate(sc, { replications: 3 });
    const a = summarize(sc, runs).advice.find((x) => x.kind === "returns")!;
    const mean = (f: (r: (typeof runs)[number]) => number) => runs.reduce((t, r) => t + f(r), 0) / runs.length;
    expect(mean((r) => r.returns!.lastHandledSec! - r.returns!.handled95Sec!)).toBeGreaterThan(86400);
    const day = new Date(sc.start.slice(0, 10) + "T00:00:00+08:00").getTime() + mean((r) => r.returns!.handled95Sec!) * 1000;
    const label = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "Asia/Shanghai" }).format(day);
    expect(a.en).toContain(`, 95% of them by ${label}; a return waits`);
    expect(a.en).toContain("Keep that team's after-sales hours until then (a smaller team can take the last few); once");
    expect(a.zh).toContain("95% 在");
  });
});

describe("0/1 figures per replication (P(any order late), backlog cleared): a proportion with the Wilson interval", () => {
  // 20 replications: d11-ship late in every one, d11-collect in none.
  const runs = Array.from({ length: 20 }, (_, i) => fakeRun({ seed: i, late: { "d11-ship": 3 } }));
  const sum = summarize(s, runs);

  it("20 of 20 gives 83.9%-100%, 0 of 20 gives 0%-16.1%, never a 0-wide t interval", () => {
    const all = sum.figures["deadlines.d11-ship.anyLate"]!;
    expect(all).toMatchObject({ mean: 1, n: 20, k: 20, interval: "wilson", high: 1 });
    expect(all.low).toBeCloseTo(0.8389, 4);
    expect(all.halfWidth).toBeCloseTo(1 - all.low!, 12); // the larger distance from the mean, not 0
    const none = sum.figures["deadlines.d11-collect.anyLate"]!;
    expect(none).toMatchObject({ mean: 0, n: 20, k: 0, interval: "wilson", low: 0 });
    expect(none.high).toBeCloseTo(0.1611, 4);
    expect(sum.figures["run.cleared"]).toMatchObject({ mean: 1, k: 20, n: 20, interval: "wilson", low: all.low, high: 1 });
    // estimate() alone (a t interval) would say 100% ± 0.
    expect(estimate(Array(20).fill(1)).halfWidth).toBe(0);
  });

  it("the same interval as the deadlines table (one computation, wilson())", () => {
    for (const id of ["d11-ship", "d11-collect"]) {
      const p = sum.deadlines.find((d) => d.id === id)!.pAnyLate;
      const f = sum.figures[`deadlines.${id}.anyLate`]!;
      expect([f.mean, f.low, f.high, f.k, f.n]).toEqual([p.p, p.low, p.high, p.k, p.n]);
    }
    expect([sum.figures["run.cleared"]!.low, sum.figures["run.cleared"]!.high]).toEqual([sum.cleared.low, sum.cleared.high]);
    const w = wilson(7, 20);
    expect(indicatorEstimate([...Array(7).fill(1), ...Array(13).fill(0)])).toMatchObject({ mean: 0.35, k: 7, low: w.low, high: w.high });
  });

  it("isIndicatorFigure names exactly the 0/1 figures", () => {
    const names = Object.keys(sum.figures).filter(isIndicatorFigure);
    expect(names).toEqual(["run.cleared", "deadlines.d11-ship.anyLate", "deadlines.d11-collect.anyLate"]);
    for (const name of names) expect(sum.figures[name]!.interval).toBe("wilson");
    expect(Object.keys(sum.figures).filter((n) => sum.figures[n]?.interval === "wilson")).toEqual(names);
  });
});

describe("a share's interval is clipped to [0, 1]", () => {
  // 24 h share 100% in 19 replications, 81% in one: mean 99.05%, the t interval passes 100%.
  const values = [...Array(19).fill(1), 0.81];

  it("keeps the t half-width and cuts the interval at 1 (and at 0)", () => {
    const e = shareEstimate(values);
    expect(e.mean + e.halfWidth).toBeGreaterThan(1);
    expect(e).toMatchObject({ high: 1, interval: "t-clipped", halfWidth: estimate(values).halfWidth });
    expect(e.low).toBeCloseTo(e.mean - e.halfWidth, 12);
    const low = shareEstimate([0, 0, 0, 0.2]);
    expect(low.mean - low.halfWidth).toBeLessThan(0);
    expect(low).toMatchObject({ low: 0, interval: "t-clipped" });
    // Inside [0, 1]: plain t, low and high mean -+ half-width.
    const mid = shareEstimate([0.4, 0.5, 0.6]);
    expect(mid).toMatchObject({ interval: "t", low: mid.mean - mid.halfWidth, high: mid.mean + mid.halfWidth });
    expect(intervalOf(estimate([1, 2, 3]))).toEqual({ low: 2 - estimate([1, 2, 3]).halfWidth, high: 2 + estimate([1, 2, 3]).halfWidth, method: "t" });
  });

  it("in the summary's figures and the stations' utilisation", () => {
    const runs = values.map((h24, i) => fakeRun({ seed: i, shippedWithin: { h12: 0.5, h24 } }));
    const sum = summarize(s, runs);
    expect(sum.figures["shippedWithin.h24"]).toMatchObject({ high: 1, interval: "t-clipped" });
    expect(sum.figures["shippedWithin.h12"]).toMatchObject({ low: 0.5, high: 0.5, interval: "t" });
    expect(sum.stations[0].utilization).toMatchObject({ interval: "t" });
    expect(sum.figures["orders.shipped"]!.interval).toBeUndefined();
  });
});

describe("the 12 h / 24 h shares' spread: worst replication and replications below the target", () => {
  const withTarget = scenario({ ...MICRO, targets: [{ kind: "shipped-within", hours: 24, minShare: 0.95 }] });
  // Replication 3 (seed 236) ships nothing within 24 h: both print operators absent.
  const h24 = [1, 0.99, 0.97, 0, 1, 0.93, 1, 1];
  const runs = h24.map((v, i) => fakeRun({ seed: i === 3 ? 236 : 1000 + i, shippedWithin: { h12: 0.5 + i / 100, h24: v } }));

  it("names the worst replication with its seed, and counts those below the target with a Wilson interval", () => {
    const tails = summarize(withTarget, runs).shareTails!;
    expect(tails.map((x) => x.figure)).toEqual(["shippedWithin.h12", "shippedWithin.h24"]);
    expect(tails[1]).toMatchObject({ hours: 24, worst: { share: 0, index: 3, seed: 236 }, target: 0.95 });
    expect(tails[1].belowTarget).toEqual(proportion(2, 8));
    // No 12 h target in the scenario: the worst replication only.
    expect(tails[0]).toEqual({ figure: "shippedWithin.h12", hours: 12, worst: { share: 0.5, index: 0, seed: 1000 } });
    expect(shareTails(s, runs)[1].belowTarget).toBeUndefined();
  });

  it("leaves out replications without peak-day orders, and a window none has", () => {
    const none = fakeRun({ seed: 5 });
    none.shippedWithin = { h12: null, h24: null };
    expect(shareTails(withTarget, [none])).toEqual([]);
    expect(shareTails(withTarget, [none, runs[3]])[1]).toMatchObject({ worst: { index: 1, seed: 236 }, belowTarget: { k: 1, n: 1 } });
  });
});

describe("bottlenecks found replication by replication", () => {
  // Six hours, three stations, 20 replications. Pick always works its small queue.
  const H = 6;
  const hours = Array.from({ length: H }, (_, i) => i);
  const normal = (seed: number) =>
    fakeRun({
      seed,
      stations: [
        { id: "pick", queue: hours.map(() => 4), staff: hours.map(() => 3), busy: hours.map(() => 2.4), arrivals: hours.map(() => 100), completions: hours.map(() => 100) },
        { id: "qc", queue: hours.map(() => 2), staff: hours.map(() => 2), busy: hours.map(() => 1.2), arrivals: hours.map(() => 100), completions: hours.map(() => 100) },
        { id: "pack", queue: hours.map(() => 3), staff: hours.map(() => 6), busy: hours.map(() => 4), arrivals: hours.map(() => 100), completions: hours.map(() => 100) },
      ],
    });
  // The whole QC team absent: nobody there, 100 more orders waiting every hour.
  const qcAbsent = (seed: number) => {
    const r = normal(seed);
    const qc = r.hourly.stations.qc;
    qc.queue = hours.map((i) => 100 * (i + 1));
    qc.staff = hours.map(() => 0);
    qc.busy = hours.map(() => 0);
    return r;
  };

  it("one replication with the QC team absent does not make QC the bottleneck (its mean queue would)", () => {
    const runs = [qcAbsent(0), ...Array.from({ length: 19 }, (_, i) => normal(i + 1))];
    const sum = summarize(s, runs);
    // On the means QC has the longest queue, 15-30 orders from 01:00, with people on duty.
    expect(sum.hourly.stations.qc.queue.slice(1).every((q) => q >= MIN_QUEUE)).toBe(true);
    expect(sum.hourly.stations.qc.staff[0]).toBeGreaterThan(1);
    expect(runBottleneck(runs[0], ["pick", "qc", "pack"], 2)).toEqual({ station: "qc", unstaffed: true, stopped: false });
    expect(runBottleneck(runs[1], ["pick", "qc", "pack"], 2)).toBeUndefined();
    expect(sum.bottlenecks).toEqual([]);
    expect(sum.advice.filter((a) => a.kind === "bottleneck" || a.kind === "unstaffed")).toEqual([]);
  });

  it("a station that is the bottleneck in at least half the replications is named, with how often", () => {
    // Pack piles up (growing, 100% busy) in 12 replications of 20.
    const overloaded = (seed: number) => {
      const r = normal(seed);
      const p = r.hourly.stations.pack;
      p.queue = hours.map((i) => 40 * (i + 1));
      p.busy = hours.map(() => 6);
      return r;
    };
    const runs = [...Array.from({ length: 12 }, (_, i) => overloaded(i)), ...Array.from({ length: 8 }, (_, i) => normal(12 + i))];
    const sum = summarize(s, runs);
    expect(sum.bottlenecks.map((b) => [b.station, b.fromSec / 3600, b.toSec / 3600, b.inReplications?.k, b.inReplications?.n])).toEqual([["pack", 0, 6, 12, 20]]);
    const a = sum.advice.find((x) => x.kind === "bottleneck")!;
    expect(a.en).toMatch(/^Pack is the bottleneck 00:00-06:00 on 11 Nov in 12 of 20 replications \(utilisation \d+%, queue up to 145\)/);
    expect(a.zh).toContain("打包是瓶颈（20 次仿真中 12 次；利用率");
    // 9 of 20: not half of them, no period.
    const fewer = [...Array.from({ length: 9 }, (_, i) => overloaded(i)), ...Array.from({ length: 11 }, (_, i) => normal(9 + i))];
    expect(summarize(s, fewer).bottlenecks).toEqual([]);
  });

  it("never names a staffed station below 70% busy unless its queue is the longest and grows", () => {
    // Pack: 40% busy with 50 orders waiting every hour (a queue that does not grow): not the bottleneck.
    const idleQueue = (seed: number, grow: boolean) => {
      const r = normal(seed);
      const p = r.hourly.stations.pack;
      p.queue = hours.map((i) => (grow ? 50 + 30 * i : 50));
      p.busy = hours.map(() => 2.4);
      return r;
    };
    const still = Array.from({ length: 20 }, (_, i) => idleQueue(i, false));
    expect(runBottleneck(still[0], ["pick", "qc", "pack"], 0)).toEqual({ station: "pack", unstaffed: false, stopped: false }); // the first hour: grew from 0
    expect(runBottleneck(still[0], ["pick", "qc", "pack"], 3)).toBeUndefined();
    const b = summarize(s, still).bottlenecks;
    expect(b.map((x) => [x.station, x.fromSec / 3600, x.toSec / 3600])).toEqual([["pack", 0, 1]]);
    // Growing while people are idle (cartons ran out): it holds the line.
    const growing = summarize(s, Array.from({ length: 20 }, (_, i) => idleQueue(i, true))).bottlenecks;
    expect(growing.map((x) => [x.station, x.fromSec / 3600, x.toSec / 3600, x.inReplications?.k])).toEqual([["pack", 0, 6, 20]]);
    expect(growing[0].utilization).toBeCloseTo(0.4, 12);
    expect(LOW_UTILISATION).toBe(0.7);
  });
});

describe("how often a bottleneck was one, in words", () => {
  const b = (k: number, n: number) => ({ inReplications: proportion(k, n) }) as Bottleneck;
  it("one period, several (a range), one replication or a summary stored before the count: nothing", () => {
    expect(howOften([b(14, 20)], "en")).toBe("in 14 of 20 replications");
    expect(howOften([b(18, 20), b(20, 20)], "en")).toBe("in 18-20 of 20 replications");
    expect(howOften([b(18, 20), b(20, 20)], "zh")).toBe("20 次仿真中 18-20 次");
    expect(howOften([b(1, 1)], "en")).toBe("");
    expect(howOften([{} as Bottleneck], "en")).toBe("");
  });
});

describe("what to do about late orders and a low 12-hour share", () => {
  const H = 24;
  const hours = Array.from({ length: H }, (_, i) => i);
  const day = (i: number) => i >= 8 && i < 20;
  // Print busy all day with 1,000 waiting: on the default line Pack is slower (see "does not ask for people at a station...").
  const printBusy = { id: "print", queue: hours.map((i) => (day(i) ? 1000 : 0)), staff: hours.map((i) => (day(i) ? 2 : 0)), busy: hours.map((i) => (day(i) ? 2 : 0)), arrivals: hours.map((i) => (day(i) ? 400 : 0)), completions: hours.map((i) => (day(i) ? 300 : 0)) };
  const deadline = (sc: typeof s, run: RunResult, id: string) => summarize(sc, [run]).advice.find((a) => a.kind === "deadline" && a.en.startsWith(`Rule ${id}:`));
  const COURIERS = ["中通 ZTO", "圆通 YTO", "顺丰 SF"];

  it("names the station holding the line as the bottleneck sentence does (the slower later station), not the longest queue", () => {
    const sum = summarize(s, [fakeRun({ stations: [printBusy], late: { "d11-ship": 50 } })]);
    const a = sum.advice.find((x) => x.kind === "deadline")!;
    expect(a.en).toBe(
      "Rule d11-ship: P(any order late) 100% (95% CI 21%-100%), 50.0 late orders on average; most at risk: orders paid 11 Nov (50.0% of them late). Relieve Pack first: on the day shift it finishes only 430 orders an hour with Weigh's help, fewer than Print (831) where the queue builds, and the line ships no faster than Pack.",
    );
    expect(a.zh).toBe(
      "规则 d11-ship：出现超时的概率 100%（95% 置信区间 21%-100%），平均 50.0 单超时；风险最高：11月11日付款的订单（50.0% 超时）。应优先缓解打包：白班打包每小时只能完成 430 单（含称重支援），比队列积压的打单（831 单）慢，整条线的发货受它限制。",
    );
    expectFullyChinese(a.zh, ["d11-ship", ...COURIERS]);
    // The bullet above it says the same.
    expect(sum.advice.find((x) => x.kind === "bottleneck")!.en).toContain("so relieve Pack first.");
  });

  // Nobody picks on the day shift: print works the night's queue off by 09:00, then orders pile up at pick.
  const noPick = scenario({ ...MICRO, staff: { roster: { print: { day: 2 }, qc: { day: 2 }, pack: { day: 6 }, weigh: { day: 2 } } } });
  const pickIdle = (f: Partial<Parameters<typeof fakeRun>[0]> = {}) =>
    fakeRun({
      stations: [
        { id: "print", queue: hours.map((i) => (i < 8 ? 100 * (i + 1) : i === 8 ? 500 : 0)), staff: hours.map((i) => (day(i) ? 2 : 0)), busy: hours.map((i) => (i === 8 ? 2 : day(i) ? 1 : 0)), arrivals: hours.map(() => 100), completions: hours.map((i) => (i === 8 ? 400 : day(i) ? 100 : 0)) },
        { id: "pick", queue: hours.map((i) => (i < 9 ? 0 : 400 + 100 * (i - 8))), staff: hours.map(() => 0), busy: hours.map(() => 0) },
      ],
      ...f,
    });

  it("names an unstaffed station with orders waiting, saying nobody is on duty there, over a staffed one with a shorter queue", () => {
    const a = deadline(noPick, pickIdle({ late: { "d11-ship": 30 } }), "d11-ship")!;
    expect(a.en).toMatch(/\. Nobody is on duty at Pick on the day shift while orders wait there \(queue up to 1,900\): no order gets past it, so put pickers on the day shift first\.$/);
    expect(a.zh).toMatch(/。白班拣货无人在岗而订单在等待（队列最多 1,900 单）：订单都过不了这个工位，应先在白班安排拣货员。$/);
    expectFullyChinese(a.zh, ["d11-ship", ...COURIERS]);
    // A station with no one at night while the whole line is off holds nothing: the staffed print queue is named.
    const night = deadline(s, fakeRun({ stations: [printBusy, { id: "pick", queue: hours.map((i) => (i < 8 ? 2000 : 0)), staff: hours.map((i) => (day(i) ? 3 : 0)), busy: hours.map((i) => (day(i) ? 1 : 0)) }], late: { "d11-ship": 5 } }), "d11-ship")!;
    expect(night.en).toContain(". Relieve Pack first: on the day shift");
  });

  it("asks the couriers for extra pickups only for late orders that had shipped in time; for the others it names the station", () => {
    // Nothing shipped in time (the line held them): the station, no pickups.
    const none = deadline(noPick, pickIdle({ late: { "d11-collect": 30 }, lateShipped: { "d11-collect": 0 } }), "d11-collect")!;
    expect(none.en).toBe(
      "Rule d11-collect: P(any order late) 100% (95% CI 21%-100%), 30.0 late orders on average; most at risk: orders paid 11 Nov (30.0% of them late), courier 中通 ZTO (30.0% of its orders late). Nobody is on duty at Pick on the day shift while orders wait there (queue up to 1,900): no order gets past it, so put pickers on the day shift first.",
    );
    expect(none.zh).not.toContain("揽收");
    // All shipped in time and not picked up: the couriers only.
    const all = deadline(s, fakeRun({ stations: [printBusy], late: { "d11-collect": 30 }, lateShipped: { "d11-collect": 30 } }), "d11-collect")!;
    expect(all.en).toMatch(/\. All of them had shipped by 25 Nov 24:00 but had no pickup scan then: agree extra pickups with the couriers before 25 Nov 24:00\.$/);
    expect(all.zh).toMatch(/。这些订单都已在11月25日 24:00前发货，但届时还没有揽收记录：请与快递商约定在11月25日 24:00前加派揽收。$/);
    expectFullyChinese(all.zh, ["d11-collect", ...COURIERS]);
    // Some of each: both, with the counts.
    const some = deadline(s, fakeRun({ stations: [printBusy], late: { "d11-collect": 30 }, lateShipped: { "d11-collect": 20 } }), "d11-collect")!;
    expect(some.en).toMatch(
      /\. 20\.0 of them on average had shipped by 25 Nov 24:00 but had no pickup scan then: agree extra pickups with the couriers before 25 Nov 24:00; the other 10\.0 had not shipped\. Relieve Pack first: on the day shift it finishes only 430 orders an hour with Weigh's help, fewer than Print \(831\) where the queue builds, and the line ships no faster than Pack\.$/,
    );
    expect(some.zh).toMatch(/。其中平均 20\.0 单已在11月25日 24:00前发货，但届时还没有揽收记录：请与快递商约定在11月25日 24:00前加派揽收；其余 10\.0 单还没发货。应优先缓解打包：/);
    expectFullyChinese(some.zh, ["d11-collect", ...COURIERS]);
    // A summary stored before the count: the couriers, as it used to say.
    expect(deadline(s, fakeRun({ stations: [printBusy], late: { "d11-collect": 30 } }), "d11-collect")!.en).toMatch(/All of them had shipped by 25 Nov 24:00 but had no pickup scan then/);
  });

  it("ranks payment days and couriers by their late rate, not their late count, and says when they are alike", () => {
    // Couriers are ranked on the pickup-scan rule (d11-collect): only there can a courier make an order late.
    const run = (couriers: Record<string, { orders: number; late: number }>) =>
      fakeRun({
        late: { "d11-collect": 36 },
        lateShipped: { "d11-collect": 36 },
        // 11 Nov: 26 of 900 late (2.9%); 17 Nov: 10 of 100 (10%). By count 11 Nov would lead.
        cohorts: { "d11-collect": { "2026-11-11": { orders: 900, late: 26 }, "2026-11-17": { orders: 100, late: 10 } } },
        couriers: { "d11-collect": couriers },
      });
    // The big courier has more late orders, the small one the higher rate: the small one is named.
    const a = deadline(s, run({ zto: { orders: 700, late: 21 }, sf: { orders: 300, late: 15 } }), "d11-collect")!;
    expect(a.en).toContain("; most at risk: orders paid 17 Nov (10.0% of them late), courier sf (5.0% of its orders late)");
    expect(a.zh).toContain("；风险最高：11月17日付款的订单（10.0% 超时）、快递 sf（其订单 5.0% 超时）");
    // Rates within 10% of each other (4.0% and 4.3%): no courier stands out.
    const b = deadline(s, run({ zto: { orders: 700, late: 28 }, sf: { orders: 300, late: 13 } }), "d11-collect")!;
    expect(b.en).toContain("; most at risk: orders paid 17 Nov (10.0% of them late); every courier about the same (4.0%-4.3% of its orders late)");
    expect(b.zh).toContain("；风险最高：11月17日付款的订单（10.0% 超时）；各快递的超时比例相近（4.0%-4.3%）");
    expectFullyChinese(b.zh, ["d11-collect", ...COURIERS]);
    // Days (or couriers) within 10% of the highest rate are named together.
    const tied = fakeRun({
      late: { "d11-collect": 39 },
      lateShipped: { "d11-collect": 39 },
      cohorts: { "d11-collect": { "2026-11-11": { orders: 900, late: 10 }, "2026-11-16": { orders: 100, late: 19 }, "2026-11-17": { orders: 100, late: 20 } } },
      couriers: { "d11-collect": { zto: { orders: 700, late: 35 }, yto: { orders: 200, late: 2 }, sf: { orders: 100, late: 5 } } },
    });
    const c = deadline(s, tied, "d11-collect")!;
    expect(c.en).toContain("; most at risk: orders paid 16 Nov and 17 Nov (19.0%-20.0% of them late), couriers 中通 ZTO and sf (5.0% of their orders late).");
    expect(c.zh).toContain("；风险最高：11月16日、11月17日付款的订单（19.0%-20.0% 超时）、快递 中通 ZTO、sf（其订单 5.0% 超时）。");
  });

  it("names no courier for a rule judged on shipment: a courier only collects from the dock, after the order shipped", () => {
    const couriers = { zto: { orders: 700, late: 21 }, sf: { orders: 300, late: 15 } };
    const cohorts = { "2026-11-11": { orders: 900, late: 26 }, "2026-11-17": { orders: 100, late: 10 } };
    const run = fakeRun({
      stations: [printBusy],
      late: { "d11-ship": 36, "d11-collect": 36 },
      lateShipped: { "d11-collect": 36 },
      cohorts: { "d11-ship": cohorts, "d11-collect": cohorts },
      couriers: { "d11-ship": couriers, "d11-collect": couriers },
    });
    const ship = deadline(s, run, "d11-ship")!;
    // The payment day still, no courier: neither one standing out, nor "about the same".
    expect(ship.en).toContain("; most at risk: orders paid 17 Nov (10.0% of them late). Relieve Pack first:");
    expect(ship.zh).toContain("；风险最高：11月17日付款的订单（10.0% 超时）。应优先缓解打包：");
    for (const name of ["courier", "sf", "ZTO"]) expect(ship.en).not.toContain(name);
    for (const name of ["快递", "sf", "ZTO"]) expect(ship.zh).not.toContain(name);
    expectFullyChinese(ship.zh, ["d11-ship"]);
    // Alike couriers are not mentioned either.
    const alike = deadline(s, fakeRun({ stations: [printBusy], late: { "d11-ship": 41 }, couriers: { "d11-ship": { zto: { orders: 700, late: 28 }, sf: { orders: 300, late: 13 } } } }), "d11-ship")!;
    expect(alike.en).not.toMatch(/courier/);
    expect(alike.zh).not.toMatch(/快递/);
    // The same figures on the pickup-scan rule name the courier.
    const collect = deadline(s, run, "d11-collect")!;
    expect(collect.en).toContain("courier sf (5.0% of its orders late)");
    expect(collect.zh).toContain("快递 sf（其订单 5.0% 超时）");
  });

  const low = { shippedWithin: { h12: 0.3, h24: 0.8 } };
  const ship12 = (sc: typeof s, run: RunResult = fakeRun(low)) => summarize(sc, [run]).advice.find((x) => x.kind === "ship12h")!;
  const withLaunch = (roster: Record<string, Record<string, number>>) =>
    scenario({ ...MICRO, staff: { shifts: [{ id: "day", start: "08:00", end: "20:00" }, { id: "launch", start: "00:00", end: "08:00" }], roster } });

  it("says to start the whole line earlier when nobody works the first hours, not the first station", () => {
    const a = ship12(s);
    expect(a.en).toBe(
      "Only 30% of peak-day orders ship within 12 h of payment (80% within 24 h); the guides' rule is to ship as many as you can in the first 12 hours, but Print, Pick, QC, Pack and Weigh have nobody on duty before 11 Nov 08:00: start the whole line earlier, with a launch crew at every station 00:00-08:00 on 11 Nov or an early shift at each (an order ships only once every station of the route has worked it, so an early start at one station only moves the queue on to the next).",
    );
    expect(a.zh).toBe(
      "大促当天订单仅 30% 在付款后 12 小时内发货（24 小时内 80%）；前 12 小时要尽量多发，但11月11日 08:00 前打单、拣货、QC、打包、称重都无人在岗：请让整条线提早开工，在11月11日 00:00-08:00 给每个工位安排开线人手，或每个工位都排早班（订单要经过路线上每个工位才能发货：只让一个工位提早开工，队列只会转到下一个工位）。",
    );
    expectFullyChinese(a.zh);
  });

  it("names the stations still without anyone in the first hours when only some start early", () => {
    const a = ship12(withLaunch({ print: { day: 2, launch: 2 }, pick: { day: 3 }, qc: { day: 2 }, pack: { day: 6 }, weigh: { day: 2 } }));
    expect(a.en).toBe(
      "Only 30% of peak-day orders ship within 12 h of payment (80% within 24 h); the guides' rule is to ship as many as you can in the first 12 hours, but Pick, QC, Pack and Weigh have nobody on duty before 11 Nov 08:00: start Pick, QC, Pack and Weigh earlier too, with a launch crew there 00:00-08:00 on 11 Nov or an early shift (an order ships only once every station of the route has worked it, so the early start at Print only moves the queue on to Pick).",
    );
    expect(a.zh).toBe(
      "大促当天订单仅 30% 在付款后 12 小时内发货（24 小时内 80%）；前 12 小时要尽量多发，但11月11日 08:00 前拣货、QC、打包、称重无人在岗（打单已有人在岗）：拣货、QC、打包、称重也要提早开工，在11月11日 00:00-08:00 安排开线人手或排早班（订单要经过路线上每个工位才能发货：打单提早开工只会把队列转到拣货）。",
    );
    expectFullyChinese(a.zh);
    // Stations starting at different times are told apart.
    const shifts = [{ id: "day", start: "08:00", end: "20:00" }, { id: "launch", start: "00:00", end: "08:00" }, { id: "early", start: "06:00", end: "14:00" }];
    const staggered = scenario({ ...MICRO, staff: { shifts, roster: { print: { launch: 2, day: 2 }, pick: { launch: 3, day: 3 }, qc: { early: 2, day: 2 }, pack: { day: 6 }, weigh: { day: 2 } } } });
    expect(ship12(staggered).en).toContain(
      "but QC has nobody on duty before 11 Nov 06:00; Pack and Weigh have nobody on duty before 11 Nov 08:00: start QC, Pack and Weigh earlier too, with a launch crew there 00:00-08:00 on 11 Nov or an early shift (an order ships only once every station of the route has worked it, so the early start at Print and Pick only moves the queue on to QC).",
    );
    expect(ship12(staggered).zh).toContain("但11月11日 06:00 前QC无人在岗，11月11日 08:00 前打包、称重无人在岗（打单、拣货已有人在岗）");
    // A flex helper on duty counts at the station it helps: weighers at launch can help the packers (the default flex rule).
    const helped = withLaunch({ print: { day: 2, launch: 2 }, pick: { day: 3, launch: 3 }, qc: { day: 2, launch: 2 }, pack: { day: 6 }, weigh: { day: 2, launch: 2 } });
    expect(ship12(helped).en).not.toContain("but ");
  });

  it("names the station holding the line when the whole line works from the start, and a station nobody works that day", () => {
    const allDay = scenario({ ...MICRO, staff: { shifts: [{ id: "day", start: "00:00", end: "20:00" }] } });
    const a = ship12(allDay, fakeRun({ ...low, stations: [printBusy] }));
    expect(a.en).toBe(
      "Only 30% of peak-day orders ship within 12 h of payment (80% within 24 h); the guides' rule is to ship as many as you can in the first 12 hours. The whole line is on duty from the start of the day, so it is short of capacity: relieve Pack first: on the day shift it finishes only 430 orders an hour with Weigh's help, fewer than Print (831) where the queue builds, and the line ships no faster than Pack.",
    );
    expectFullyChinese(a.zh);
    const b = ship12(noPick);
    expect(b.en).toBe(
      "Only 30% of peak-day orders ship within 12 h of payment (80% within 24 h); the guides' rule is to ship as many as you can in the first 12 hours, but Pick has nobody on duty on 11 Nov: no order gets past it, so put pickers on duty there first.",
    );
    expect(b.zh).toBe("大促当天订单仅 30% 在付款后 12 小时内发货（24 小时内 80%）；前 12 小时要尽量多发，但11月11日全天拣货无人在岗：订单都过不了，应先在那里安排拣货员。");
  });
});

describe("a station held up by a resource (people on duty who cannot work)", () => {
  const withOutage = (disruptions: object[]) => {
    const sc = scenario({ disruptions, printers: { spares: 0, mtbf: 0 } } as never);
    return summarize(sc, replicate(sc, { replications: 10 }));
  };

  it("both printers down: the period is held up, not short of people, and the advice names the printers and the spare instead of adding print operators", () => {
    const sum = withOutage([{ type: "printer-down", at: "2026-11-11 09:00", duration: "3h", count: 2 }]);
    const held = sum.bottlenecks.find((b) => b.station === "print" && b.stopped);
    expect(held).toBeDefined();
    expect(held!.fromSec).toBe(9 * 3600);
    expect(held!.toSec).toBe(12 * 3600);
    expect(held!.unstaffed).toBe(false);
    expect(held!.blocked).toBeCloseTo(held!.staff, 6);
    const advice = sum.advice.find((a) => a.kind === "stopped")!;
    expect(advice.en).toMatch(/^Print was held up 09:00-12:00 on 11 Nov: 2 of 2 people on duty could not work \(printers were down\) while orders waited .*more people would not help: .*a spare printer ready to swap in is what shortens it\.$/);
    expect(advice.zh).toMatch(/打单受阻：在岗 2 人中有 2 人无法作业（打印机停机）/);
    expectFullyChinese(advice.zh);
    // No sentence asks for print operators in the stopped hours.
    for (const a of sum.advice.filter((x) => x.kind === "bottleneck")) expect(a.en).not.toMatch(/Print is the bottleneck 09:00/);
  });

  it("the order system down while the crew is there: named with its fallback, never as nobody on duty", () => {
    const sum = withOutage([{ type: "order-system", at: "2026-11-11 08:00", duration: "2h" }]);
    const advice = sum.advice.find((a) => a.kind === "stopped");
    expect(advice?.en).toMatch(/^Print was held up 08:00-10:00 on 11 Nov: .*\(the order system was down\).*waybills printed ahead for the presale orders/);
    expect(sum.advice.some((a) => a.kind === "unstaffed" && /08:00-10:00/.test(a.en))).toBe(false);
    // Staff stays on duty through the outage; the hours' people are counted as blocked.
    const print = sum.hourly.stations.print;
    expect(print.staff[8]).toBeGreaterThan(1.5);
    expect(print.blocked[8]).toBeCloseTo(print.staff[8], 6);
  });

  it("a full dock: packing is held up by the dock and the advice asks for pickups, not packers", () => {
    const sc = scenario({ dock: { capacity: 200 }, couriers: [{ id: "zto", share: 1, pickups: ["16:00"] }], staff: { flex: [] } } as never);
    const sum = summarize(sc, replicate(sc, { replications: 10 }));
    const held = sum.bottlenecks.filter((b) => b.station === "pack" && b.stopped);
    expect(held.length).toBeGreaterThan(0);
    for (const b of held) expect(b.dockHeld).toBeGreaterThan(0.5 * b.blocked!);
    expect(sum.hourly.stations.pack.dockHeld).toBeDefined();
    expect(sum.hourly.stations.pick.dockHeld).toBeUndefined();
    const advice = sum.advice.find((a) => a.kind === "stopped")!;
    expect(advice.en).toMatch(/^Pack was held up .*could not work \(the dock was full\).*more people would not help: more or earlier courier pickups, or room for more parcels on the dock is what shortens it\.$/);
    expect(advice.en).not.toMatch(/disruption/);
    expect(advice.zh).toMatch(/打包受阻：.*（待揽收区已满）/);
    expectFullyChinese(advice.zh);
    // No sentence asks for packers in the held hours.
    for (const b of held) {
      for (const a of sum.advice.filter((x) => x.kind === "bottleneck")) expect(a.en).not.toContain(`Pack is the bottleneck ${fmtClock(b.fromSec)}`);
    }
  });
});

describe("a figure that cannot be negative has its interval cut at 0", () => {
  // A heavy upper tail, as QC's mean wait on the default scenario (1.4-20 min, one replication 295 min):
  // the half-width exceeds the mean and mean - half-width would be a negative wait.
  const tail = [...Array(19).fill(2), 300];

  it("keeps the t half-width, cuts the low end at 0, and leaves an interval above 0 as it was", () => {
    const e = nonNegativeEstimate(tail);
    const t = estimate(tail);
    expect(t.mean - t.halfWidth).toBeLessThan(0);
    expect(e).toEqual({ ...t, low: 0, high: t.mean + t.halfWidth, interval: "t-clipped" });
    expect(intervalOf(e)).toEqual({ low: 0, high: t.mean + t.halfWidth, method: "t-clipped" });
    // Inside [0, ∞), one replication (no half-width) and all zeros: the plain estimate, no low/high.
    expect(nonNegativeEstimate([4, 5, 6])).toEqual(estimate([4, 5, 6]));
    expect(nonNegativeEstimate([7])).toEqual(estimate([7]));
    expect(nonNegativeEstimate([0, 0, 0])).toEqual(estimate([0, 0, 0]));
  });

  it("in the summary's figures, the stations' waits and the deadlines' late counts (all of a cohort and courier too)", () => {
    const runs = tail.map((x, i) => {
      const r = fakeRun({ seed: i, late: { "d11-ship": i === 0 ? 200 : 0 } });
      r.stations.pack.meanWaitMin = x;
      return r;
    });
    const sum = summarize(s, runs);
    for (const name of ["stations.pack.meanWaitMin", "deadlines.d11-ship.late"]) expect(sum.figures[name], name).toMatchObject({ low: 0, interval: "t-clipped" });
    expect(sum.stations.find((x) => x.id === "pack")!.meanWaitMin).toMatchObject({ low: 0, interval: "t-clipped" });
    const d = sum.deadlines.find((x) => x.id === "d11-ship")!;
    for (const e of [d.late, d.byCohort["2026-11-11"].late, d.byCourier.zto.late]) expect(e).toMatchObject({ mean: 10, low: 0, interval: "t-clipped" });
    // Every interval of the summary stays at or above 0.
    for (const [name, e] of Object.entries(sum.figures)) if (e && Number.isFinite(e.halfWidth)) expect(intervalOf(e).low, name).toBeGreaterThanOrEqual(0);
  });
});

describe("late-order percentiles need enough replications", () => {
  it("a nearest-rank P90 is the largest value below 10 values, a P99 below 100", () => {
    expect(quantileNeeds(0.9)).toBe(10);
    expect(quantileNeeds(0.99)).toBe(100);
    expect(quantileNeeds(0.5)).toBe(2);
    const v = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect(nearestRank(v(9), 0.9)).toBe(9);
    expect(nearestRank(v(10), 0.9)).toBe(9);
    expect(nearestRank(v(99), 0.99)).toBe(99);
    expect(nearestRank(v(100), 0.99)).toBe(99);
  });

  const lates = [600, 650, 698, 620, 680];
  const late = (xs: number[]) => summarize(s, xs.map((x, i) => fakeRun({ seed: i, late: { "d11-ship": x } }))).advice.find((a) => a.kind === "deadline")!;

  it("with fewer than 10 replications the advice names the worst of them, not a 1-in-10 tail", () => {
    const a = late(lates);
    expect(a.en).toContain("649.6 late orders on average, the worst of 5 replications had 698;");
    expect(a.en).not.toContain("1 replication in 10");
    expect(a.zh).toContain("平均 649.6 单超时，5 次仿真中最差的一次有 698 单超时；");
    expect(a.zh).not.toContain("每 10 次仿真");
    expectFullyChinese(a.zh, ["d11-ship", "中通 ZTO"]);
  });

  it("from 10 replications it says what 1 in 10 reaches (the 9th of 10, not the largest)", () => {
    const a = late([...lates, 610, 640, 660, 670, 900]);
    expect(a.en).toContain("1 replication in 10 has 698 or more;");
    expect(a.zh).toContain("每 10 次仿真中有 1 次达到 698 单以上；");
  });
});
