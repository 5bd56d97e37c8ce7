import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { replicationSeed } from "../../src/sim/engine/random.js";
import { parse } from "csv-parse/sync";
import { fmtDiff } from "../../src/cli/compare.js";
import { formatEstimate } from "../../src/cli/run.js";
import { estimate, indicatorEstimate, nonNegativeEstimate, shareEstimate } from "../../src/sim/experiment/estimate.js";
import { cli, microDir } from "./helpers-experiments.js";

const { dir, file } = microDir("peakline-run-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("peakline run (one replication)", () => {
  it("--json prints the run's record with the agreed keys, without hourly unless --hourly", async () => {
    const r = await cli(["run", file, "--seed", "7", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.scenario).toBe("micro");
    expect(j.seed).toBe(7);
    for (const k of ["arrived", "shipped", "collected", "backlogAtEnd"]) expect(typeof j.orders[k]).toBe("number");
    for (const k of ["utilization", "meanWaitMin", "p95WaitMin", "maxQueue", "served"]) expect(typeof j.stations.pack[k]).toBe("number");
    expect(Object.keys(j.timeInSystemMin)).toEqual(expect.arrayContaining(["mean", "p50", "p95"]));
    expect(Object.keys(j.shippedWithin)).toEqual(expect.arrayContaining(["h12", "h24"]));
    expect(j.deadlines[0]).toMatchObject({ id: "d11-ship", orders: expect.any(Number), late: expect.any(Number) });
    expect(j.perf).toMatchObject({ events: expect.any(Number), wallMs: expect.any(Number) });
    expect(j.hourly).toBeUndefined();
    const h = JSON.parse((await cli(["run", file, "--seed", "7", "--json", "--hourly"])).out);
    expect(h.hourly.backlog.length).toBeGreaterThan(24);
    // Same seed, same result.
    expect({ ...h, hourly: undefined, perf: h.perf.events }).toEqual({ ...j, perf: j.perf.events });
  });

  it("prints readable tables in English and Chinese", async () => {
    const en = await cli(["run", file]);
    expect(en.code).toBe(0);
    for (const s of ["## Orders", "## Stations", "Utilisation", "Mean wait (min)", "Pack", "Peak-day orders shipped within", "## Platform deadlines", "## Couriers", "## Labour", "2026-11-20 24:00"]) expect(en.out).toContain(s);
    const zh = await cli(["run", file, "--lang", "zh"]);
    for (const s of ["工位", "利用率", "打单", "拣货", "打包", "称重", "已揽收"]) expect(zh.out).toContain(s);
    // The scenario's name in the summary's language, when it has two.
    const named = ["--set", "name={en: Micro peak, zh: 小型大促}"];
    expect((await cli(["run", file, ...named, "--lang", "zh"])).out).toContain("场景：小型大促 ·");
    expect((await cli(["run", file, ...named])).out).toContain("Scenario: Micro peak ·");
    // What was changed from the file, under its name (not in a plain run).
    expect((await cli(["run", file, ...named])).out).toContain("\nChanged from the file: --set name={en: Micro peak, zh: 小型大促}\n");
    expect(en.out).not.toContain("Changed from the file");
    const j = JSON.parse((await cli(["run", file, ...named, "--json"])).out);
    expect([j.scenario, j.scenarioZh]).toEqual(["Micro peak", "小型大促"]);
    // A run that clears has no undetermined orders, and no column for them.
    expect(en.out).not.toContain("Undetermined");
  });

  it("a run cut by its horizon counts orders unfinished before a later deadline as undetermined, not late", async () => {
    const r = await cli(["run", file, "--set", "horizon=6h", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.cleared).toBe(false);
    const ship = j.deadlines.find((d: { id: string }) => d.id === "d11-ship");
    // Nothing is late yet on 11 Nov 06:00 for a 20 Nov deadline (the day shift starts at 08:00): every order is undetermined.
    expect(ship.late).toBe(0);
    expect(ship.undetermined).toBe(j.orders.arrived - j.orders.shipped);
    expect(ship.undetermined).toBeGreaterThan(0);
    // No peak-day order has shipped by 06:00 (nobody works before 08:00) and every 12 h window is still open.
    expect(j.shippedWithin).toMatchObject({ h12: 0, h24: 0, undeterminedH12: 1, undeterminedH24: 1 });
    const text = await cli(["run", file, "--set", "horizon=6h"]);
    expect(text.out).toContain("Undetermined");
    expect(text.out).toContain("neither late nor on time");
    expect(text.out).toContain("(Undetermined: 12 h 100.0% · 24 h 100.0%)");
    const zh = await cli(["run", file, "--set", "horizon=6h", "--lang", "zh"]);
    expect(zh.out).toContain("（未判定：12 小时 100.0% · 24 小时 100.0%）");
  });

  it("shows – for figures with no observation (nobody at pack: no wait, no utilisation, nothing shipped), null in JSON", async () => {
    const j = JSON.parse((await cli(["run", file, "--set", "staff.roster.pack.day=0", "--set", "staff.flex=[]", "--json"])).out);
    expect(j.orders.shipped).toBe(0);
    expect(j.stations.pack).toMatchObject({ utilization: null, peakDayUtilization: null, meanWaitMin: null, p95WaitMin: null, queuedAtEnd: j.orders.arrived });
    expect(j.stations.weigh).toMatchObject({ utilization: 0, meanWaitMin: null });
    expect(j.timeInSystemMin).toEqual({ mean: null, p50: null, p95: null });
    expect(j.timeToCollectMin).toEqual({ mean: null, p50: null, p95: null });
    for (const lang of ["en", "zh"]) {
      const out = (await cli(["run", file, "--set", "staff.roster.pack.day=0", "--set", "staff.flex=[]", "--lang", lang])).out;
      // Pack: utilisation (run, peak day), mean wait, P95 wait "–", then the orders waiting there.
      expect(out).toMatch(new RegExp(`\\n(Pack|打包) +– +– +– +– +${j.orders.arrived} `));
      expect(out).toMatch(/\n(Weigh|称重) +0\.0% +0\.0% +– +– /);
      expect(out).toMatch(/\n(Payment to shipped \(min\)|付款至发货（分钟）) +– +– +–\n/);
      // No wait to mark: no note.
      expect(out).not.toContain("* ");
    }
  });

  it("a run cut by its horizon marks the waits of the stations where orders were still waiting, with a note", async () => {
    // No weigher helping at pack (the default flex rule), and four weighers for the six packers' ~390
    // parcels an hour, so weigh keeps up and has nothing waiting (with two, the packers' first parcels,
    // done together, can still queue at 09:00).
    // No absences either: a weigher absent on the day would leave a parcel waiting at 09:00.
    const args = ["run", file, "--set", "horizon=9h", "--set", "demand.surge=100", "--set", "staff.flex=[]", "--set", "staff.roster.weigh.day=4", "--set", "staff.absenceRate=0"];
    const j = JSON.parse((await cli([...args, "--json"])).out);
    expect(j.stations.pack.queuedAtEnd).toBeGreaterThan(0);
    expect(j.stations.weigh.queuedAtEnd).toBe(0);
    const en = (await cli(args)).out;
    const pack = en.split("\n").find((l) => l.startsWith("Pack "))!;
    expect(pack).toMatch(/ [\d.]+\* +[\d.]+\* +[\d,]+ /);
    expect(en.split("\n").find((l) => l.startsWith("Weigh "))).not.toContain("*");
    expect(en).toContain(`* Waits over the orders that started service only: when the run ended, orders were still waiting at`);
    expect(en).toContain(`Pack (${j.stations.pack.queuedAtEnd} orders)`);
    const zh = (await cli([...args, "--lang", "zh"])).out;
    expect(zh).toContain(`* 等待时间仅统计已开始处理的订单：运行结束时`);
    expect(zh).toContain(`打包（${j.stations.pack.queuedAtEnd} 单）`);
    // The times from payment cover the shipped (collected) orders only: marked, with a note.
    expect(j.orders.backlogAtEnd).toBeGreaterThan(0);
    expect(en).toMatch(/\nPayment to shipped \(min\) +[\d.]+† +[\d.]+† +[\d.]+†\n/);
    expect(en).toContain(`† Times from payment over the orders shipped (collected) only: the run stopped at its horizon with ${j.orders.backlogAtEnd.toLocaleString("en-US")} orders not shipped;`);
    // Nothing collected by 09:00: no time to pickup to mark.
    expect(en).toMatch(/\nPayment to pickup scan \(min\) +– +– +–\n/);
    expect(zh).toContain(`† 付款至发货（揽收）时间仅统计已发货（已揽收）的订单`);
  });
});

describe("peakline run --replications", () => {
  it("prints the summary as JSON, with progress lines on a non-terminal stderr", async () => {
    const r = await cli(["run", file, "--replications", "3", "--workers", "1", "--seed", "5", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    // One row per replication (with its seed); the count is the summary's.
    expect(j.replications).toHaveLength(3);
    expect(j.summary.replications).toBe(3);
    expect(j.seeds).toEqual([0, 1, 2].map((i) => replicationSeed(5, i)));
    expect(j.stoppedBecause).toBe("replications");
    expect(j.summary.figures["orders.shipped"].n).toBe(3);
    expect(j.summary.deadlines[0].pAnyLate.n).toBe(3);
    expect(j.summary.hourly).toBeUndefined();
    expect(r.err).toContain("replications 3/3");
    // `run --seed <a listed seed>` replays that replication (README): the three single
    // runs give exactly the replications' spread of figures.
    const single = await Promise.all(j.seeds.map(async (seed: number) => JSON.parse((await cli(["run", file, "--seed", String(seed), "--json"])).out)));
    const shipped = single.map((x) => x.orders.shipped as number);
    expect(new Set(shipped).size).toBeGreaterThan(1); // the seeds matter
    const f = j.summary.figures["orders.shipped"];
    expect([Math.min(...shipped), Math.max(...shipped)]).toEqual([f.min, f.max]);
    expect(shipped.reduce((a, b) => a + b, 0) / 3).toBeCloseTo(f.mean, 9);
  });

  it("--json lists every replication with its seed; run --seed <that seed> replays it alone with the same figures", async () => {
    // A 6-hour rule that the night's orders miss (nobody works before 08:00), and a --set that the replay needs too.
    const tight = join(dir, "tight.yaml");
    writeFileSync(tight, "name: tight\nhorizon: 3d\ndemand: { baselinePerDay: 20, surge: 10, daysAfter: [1], presaleOrders: 0 }\ndeadlines:\n  - { id: fast, milestone: shipped, within: 6h }\n");
    const set = ["--set", "staff.absenceRate=0.3"];
    const j = JSON.parse((await cli(["run", tight, ...set, "--replications", "4", "--workers", "1", "--seed", "3", "--json"])).out);
    expect(j.replications.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3]);
    expect(j.replications.map((r: { seed: number }) => r.seed)).toEqual(j.seeds);
    // Replication 0 is the single run with the base seed: `run --seed 3` is its first row.
    expect(j.seeds[0]).toBe(3);
    expect(Object.keys(j.replications[0]).sort()).toEqual(["backlogAtEnd", "cleared", "index", "labourCost", "late", "ordersShipped", "seed", "shippedWithinH12", "shippedWithinH24"]);
    const lates = j.replications.map((r: { late: { fast: number } }) => r.late.fast);
    expect(new Set(lates).size).toBeGreaterThan(1);
    // The one with the most late orders, replayed alone: the same figures, every one.
    const worst = j.replications[lates.indexOf(Math.max(...lates))];
    const one = JSON.parse((await cli(["run", tight, ...set, "--seed", String(worst.seed), "--json"])).out);
    expect({
      index: worst.index,
      seed: one.seed,
      ordersShipped: one.orders.shipped,
      shippedWithinH12: one.shippedWithin.h12,
      shippedWithinH24: one.shippedWithin.h24,
      late: Object.fromEntries(one.deadlines.map((d: { id: string; late: number }) => [d.id, d.late])),
      labourCost: one.labour.cost,
      backlogAtEnd: one.orders.backlogAtEnd,
      cleared: one.cleared,
    }).toEqual(worst);
    // Without the --set it is another day: the replay needs the same scenario.
    const other = JSON.parse((await cli(["run", tight, "--seed", String(worst.seed), "--json"])).out);
    expect(other.labour.cost).not.toBe(worst.labourCost);
    // The report's per-replication table holds the same rows, the seed as text (no 1.2E+09).
    const out = join(dir, "tight.csv");
    expect((await cli(["report", tight, ...set, "--replications", "4", "--workers", "1", "--seed", "3", "--out", out, "--table", "replications"])).code).toBe(0);
    const rows = parse(readFileSync(out, "utf8"), { bom: true }) as string[][];
    expect(rows[0]).toEqual(["Replication (index from 0)", "Seed", "Orders shipped (orders)", "Peak-day orders shipped within 12 h (0-1)", "Peak-day orders shipped within 24 h (0-1)", "Late orders (fast)", "Labour cost (¥)", "Backlog at end (orders)", "Backlog cleared before the horizon"]);
    expect(rows.slice(1).map((r) => [Number(r[0]), Number(r[1]), Number(r[2]), Number(r[5])])).toEqual(j.replications.map((r: { index: number; seed: number; ordersShipped: number; late: { fast: number } }) => [r.index, r.seed, r.ordersShipped, r.late.fast]));
    expect(rows[1][1]).toBe(String(j.seeds[0]));
  });

  it("prints each 0/1 figure's Wilson interval, a share's interval cut at 100%, and the 12 h / 24 h shares' worst replication", async () => {
    const r = await cli(["run", file, "--replications", "3", "--workers", "1", "--set", "staff.absenceRate=0.3", "--set", "targets=[{kind: shipped-within, hours: 24, minShare: 0.95}]"]);
    expect(r.code).toBe(0);
    // No order late in any of the 3: Wilson 0%-56.1%, not "0.0% ± 0.0%".
    expect(r.out).toMatch(/^Backlog cleared before the horizon +[\d.]+% Wilson [\d.]+%-[\d.]+% \(\d\/3\)$/m);
    expect(r.out).toMatch(/P\(any order late\) +0\.0% Wilson 0\.0%-56\.1% \(0\/3\)$/m);
    // A third of the people absent: some day ships little, and the 24 h share's interval is cut at 100%.
    expect(r.out).toMatch(/^Peak-day orders shipped within 24 h +[\d.]+% \+[\d.]+%\/-[\d.]+% \[[\d.]+%, 100\.0%\]$/m);
    expect(r.out).toContain("+x/-y: a share's 95% t interval cut at 0% or 100%");
    expect(r.out).toContain("their 95% interval is Wilson's for k of n replications, as in the deadlines table");
    expect(r.out).toMatch(/## Peak-day orders shipped within 12 h \/ 24 h over the replications\nWindow +Mean \[95% CI\] +Worst replication +Seed of the worst +Target \(at least\) +Replications below the target \[95% CI\]/);
    expect(r.out).toMatch(/^24 h +[\d.]+% \[[\d.]+%, [\d.]+%\] +[\d.]+% +\d+ +95\.0% +\d of 3 \[[\d.]+%, [\d.]+%\]$/m);
    expect(r.out).toContain("Replay one replication alone with run --seed <seed> (and the same --set).");
    expect(formatEstimate("shippedWithin.h24", shareEstimate([...Array(19).fill(1), 0.81]))).toBe("99.0% +1.0%/-2.0% [81.0%, 100.0%]");
    expect(formatEstimate("deadlines.x.anyLate", indicatorEstimate(Array(20).fill(1)))).toBe("100.0% Wilson 83.9%-100.0% (20/20)");
    expect(formatEstimate("deadlines.x.anyLate", indicatorEstimate(Array(20).fill(0)), { replications: 20, lang: "zh" })).toBe("0.0% Wilson 0.0%-16.1%（0/20）");
    const zh = await cli(["run", file, "--replications", "3", "--workers", "1", "--lang", "zh"]);
    expect(zh.out).toMatch(/^仿真结束前清空积压 +100\.0% Wilson 43\.9%-100\.0%（3\/3）$/m);
    expect(zh.out).toContain("## 大促当天订单 12 / 24 小时内发货：各次仿真的分布");
  });

  it("--lang zh: the progress lines in Chinese too", async () => {
    const r = await cli(["run", file, "--replications", "2", "--workers", "1", "--lang", "zh"]);
    expect(r.code).toBe(0);
    expect(r.err).toContain("仿真次数 2/2");
    expect(r.err).not.toContain("replications");
    expect(r.out).toContain("停止原因：已完成指定的仿真次数");
  });

  it("prints figures as mean ± half-width [min, max] and the advice", async () => {
    const r = await cli(["run", file, "--replications", "2", "--workers", "1"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Peak-day orders shipped within 24 h\s+\d+\.\d% ± \d+\.\d% \[\d+\.\d%, \d+\.\d%\]/);
    expect(r.out).toContain("Stopped because: the requested replications were run");
    expect(r.out).toContain("P(any order late)");
  });

  it("--target-halfwidth reports whether the target was met or the maximum reached", async () => {
    // A stop is trusted from 20 replications on: a target met after 2 goes on to 20.
    const met = await cli(["run", file, "--replications", "2", "--workers", "1", "--target-halfwidth", "50%", "--target-figure", "orders.arrived", "--max-replications", "30"]);
    expect(met.code).toBe(0);
    expect(met.out).toMatch(/Stopped because: the target half-width was met \(target-met; 20 replications\)/);
    expect(met.out).toMatch(/target: orders.arrived ± [\d.,]+ \(50.00% of the mean\), achieved ± [\d.,]+ \([\d.]+% of the mean\)/);
    const max = await cli(["run", file, "--replications", "2", "--workers", "1", "--target-halfwidth", "0.001", "--target-figure", "orders.arrived", "--max-replications", "3", "--json"]);
    const j = JSON.parse(max.out);
    expect(j.stoppedBecause).toBe("max-replications");
    expect(j.replications).toHaveLength(3);
    // Within the target but below 20 replications: stopped by the maximum, and the output says why.
    const few = await cli(["run", file, "--replications", "2", "--workers", "1", "--target-halfwidth", "50%", "--target-figure", "orders.arrived", "--max-replications", "6"]);
    expect(few.out).toContain("Stopped because: the maximum number of replications was reached (max-replications; 6 replications)");
    expect(few.out).toContain("the half-width is within the target, but a stop is trusted from 20 replications on: raise --max-replications to at least 20");
    const fewZh = await cli(["run", file, "--replications", "2", "--workers", "1", "--target-halfwidth", "50%", "--target-figure", "orders.arrived", "--max-replications", "6", "--lang", "zh"]);
    expect(fewZh.out).toContain("半宽已达到目标，但至少 20 次仿真才认可停止");
    // --help says so.
    const help = await cli(["run", "--help"]);
    expect(help.out.replace(/\s+/g, " ")).toContain("a stop is trusted from 20 replications on (a heavy tail hides in fewer) and never while every replication gives the figure the same value");
  });

  it("--target-halfwidth never stops on replications that all give the same value (a zero-variance interval)", async () => {
    // Nothing is late in the micro scenario: every replication's late count is 0, half-width 0.
    const r = await cli(["run", file, "--replications", "2", "--workers", "1", "--target-halfwidth", "1", "--target-figure", "deadlines.d11-ship.late", "--max-replications", "24", "--json"]);
    const j = JSON.parse(r.out);
    expect(j.summary.figures["deadlines.d11-ship.late"]).toMatchObject({ mean: 0, halfWidth: 0, n: 24 });
    expect(j.stoppedBecause).toBe("max-replications");
    expect(j.target).toMatchObject({ achievedHalfWidth: 0, allEqual: true });
    const text = await cli(["run", file, "--replications", "2", "--workers", "1", "--target-halfwidth", "1", "--target-figure", "deadlines.d11-ship.late", "--max-replications", "24"]);
    expect(text.out).toContain("every replication gave deadlines.d11-ship.late the same value (0.00): a zero-variance interval says nothing about how often it differs, so it never counts as met");
  });
});

describe("peakline run: bad input exits 2 with a clear message", () => {
  it.each([
    [["--replications", "2", "--target-halfwidth", "1%", "--target-figure", "stations.nope.utilization"], /unknown figure "stations.nope.utilization"/],
    [["--target-halfwidth", "abc"], /--target-halfwidth must be a number > 0/],
    [["--lang", "fr"], /--lang must be one of en, zh/],
    [["--replications", "0"], /--replications must be a whole number from 1/],
    [["--set", "demand.surge=1000"], /demand\.surge/],
    [["--workers", "2"], /^--workers needs --replications or --target-halfwidth/],
    // --max-replications only bounds --target-halfwidth: without it, it would be silently ignored.
    [["--replications", "5", "--max-replications", "3"], /^--max-replications 3 needs --target-halfwidth: .*without one exactly 5 replications are run \(--replications 5\), so it would be ignored, and 3 is below --replications 5\. Drop --max-replications, or add --target-halfwidth \(such as 1%\) with --max-replications from 5 to 100000\n$/],
    [["--replications", "2", "--max-replications", "30"], /^--max-replications 30 needs --target-halfwidth: .*exactly 2 replications are run \(--replications 2\), so it would be ignored\. Drop/],
    [["--max-replications", "3"], /^--max-replications 3 needs --target-halfwidth: .*without one a single run is made, so it would be ignored\. Drop --max-replications, or add --target-halfwidth \(such as 1%\) with --max-replications from 20 to 100000/],
    [["--hourly"], /^--hourly needs --json: the hourly series is part of the JSON output/],
    [["--replications", "2", "--workers", "1", "--hourly"], /^--hourly needs --json/],
    // --replications left at its default: the message says so rather than "--replications (20)".
    [["--target-halfwidth", "1%", "--max-replications", "3"], /^--max-replications 3 must be at least the starting replications \(20, the default of --replications\); raise --max-replications or give a smaller --replications/],
    [["--replications", "5", "--target-halfwidth", "1%", "--max-replications", "3"], /^--max-replications \(3\) must be at least --replications \(5\)/],
  ])("run %j", async (args, message) => {
    const r = await cli(["run", file, ...(args as string[])]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message as RegExp);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("a missing scenario file", async () => {
    const r = await cli(["run", join(dir, "nope.yaml")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("no such file");
  });
});

describe("peakline compare", () => {
  it("pairs replications (common random numbers) and marks differences whose interval excludes 0", async () => {
    const more = join(dir, "more-pack.yaml");
    writeFileSync(more, "name: more packers\nhorizon: 3d\ndemand: { baselinePerDay: 20, surge: 10, daysAfter: [1], presaleOrders: 0 }\nstaff:\n  roster: { print: { day: 2 }, pick: { day: 3 }, qc: { day: 2 }, pack: { day: 10 }, weigh: { day: 2 } }\n");
    const r = await cli(["compare", file, more, "--replications", "3", "--workers", "1", "--json"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const d = j.differences[0].figures;
    // Same seeds, same arrivals: the difference is exactly 0, not significant.
    expect(d["orders.arrived"]).toMatchObject({ mean: 0, halfWidth: 0, significant: false });
    // Four more packers on the day shift: more staff hours in every replication.
    expect(d["stations.pack.staffHours"].significant).toBe(true);
    expect(d["stations.pack.staffHours"].low).toBeGreaterThan(0);
    const text = await cli(["compare", file, more, "--replications", "3", "--workers", "1"]);
    expect(text.out).toMatch(/Pack: Staff hours \(h\).*\*/);
    expect(text.out).toContain("Common random numbers");
    // The difference says which way it was taken, and the significance mark sits with its interval.
    expect(text.out).toContain("Difference (more-pack.yaml − ");
    expect(text.out).toMatch(/Pack: Staff hours \(h\).*\+[\d,.]+ +\[\+[\d,.]+, \+[\d,.]+\] \*$/m);
    expect(text.out).not.toMatch(/-0\.0+\b/);
    // A star needs a visible difference, and the note says how many come by chance alone.
    expect(text.out).not.toMatch(/ 0\.0 pp +\[[^\]]*\] \*$/m);
    expect(text.out).toMatch(/^\* the 95% interval of the paired difference excludes 0 and the difference shows at the precision printed \(not 0\.0\)\. \d+ figures were compared: even if nothing differed, about [\d.]+ would be marked by chance alone/m);
    expect(j.significance.compared).toBeGreaterThan(50);
    expect(j.significance.expectedByChance).toBeCloseTo(j.significance.compared * 0.05, 9);
    const zh = await cli(["compare", file, more, "--replications", "3", "--workers", "1", "--lang", "zh"]);
    expect(zh.out).toMatch(/^\* 配对差异的 95% 置信区间不含 0，且差异在所示精度下不为 0。共比较 \d+ 个指标/m);
    // The 48 h rule judges no order (every payment falls in the Double 11 window): one line, not five rows of zeros; the JSON keeps it.
    expect(j.scenarios[0].figures["deadlines.ship-48h.orders"]).toMatchObject({ mean: 0, max: 0 });
    expect(d["deadlines.ship-48h.orders"]).toMatchObject({ mean: 0 });
    expect(text.out).not.toMatch(/^Shipped within 48 h of payment: (Orders judged|Late|Undetermined|P\(any)/m);
    expect(text.out).toContain("Shipped within 48 h of payment: applies to no order in any scenario compared (every order was paid in another rule's window), so it has no risk to show and is left out of the tables.");
    expect(text.out).toContain("Double 11: shipped by 20 Nov 24:00: Orders judged");
    expect(zh.out).toContain("“付款后48小时内发货”在所比较的各场景中都没有适用的订单（所有订单的付款时间都在其他规则的时段内），没有风险可显示，表中不列出。");
    expect(zh.out.match(/付款后48小时内发货/g)).toHaveLength(1);
  });

  it("--set overrides the field in every scenario, validated like run's", async () => {
    const more = join(dir, "more-pack-2.yaml");
    writeFileSync(more, "name: more packers\nhorizon: 3d\ndemand: { baselinePerDay: 20, surge: 10, daysAfter: [1], presaleOrders: 0 }\nstaff:\n  roster: { print: { day: 2 }, pick: { day: 3 }, qc: { day: 2 }, pack: { day: 10 }, weigh: { day: 2 } }\n");
    const args = ["compare", file, more, "--replications", "2", "--workers", "1", "--json"];
    const plain = JSON.parse((await cli(args)).out);
    const r = await cli([...args, "--set", "demand.presaleOrders=40"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.set).toEqual(["demand.presaleOrders=40"]);
    // Forty more presale orders in both scenarios, and still the same arrivals in each pair.
    for (const k of [0, 1]) expect(j.scenarios[k].figures["orders.arrived"].mean).toBe(plain.scenarios[k].figures["orders.arrived"].mean + 40);
    expect(j.differences[0].figures["orders.arrived"]).toMatchObject({ mean: 0, significant: false });
    const text = await cli([...args.slice(0, -1), "--set", "demand.presaleOrders=40"]);
    expect(text.out).toContain("In every scenario: --set demand.presaleOrders=40");
    const bad = await cli([...args, "--set", "demand.surge=500"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/demand\.surge: 500 is too large; allowed 1 to 100 \(from --set demand\.surge=500\)/);
    expect(bad.err).not.toMatch(/\n\s+at /);
  });

  it("--lang zh: the progress lines in Chinese", async () => {
    const r = await cli(["compare", file, file, "--replications", "2", "--workers", "1", "--lang", "zh"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^仿真次数 × 2 个场景 \d+\/\d+$/m);
    expect(r.err).not.toContain("replications");
  });

  it("writes differences in the figure's unit: percentage points for shares, never -0.0", () => {
    expect(fmtDiff("stations.pack.utilization", 0.0123)).toBe("+1.2 pp");
    expect(fmtDiff("stations.pack.utilization", 0.0123, "zh")).toBe("+1.2 个百分点");
    expect(fmtDiff("stations.pack.utilization", -0.0004)).toBe("0.0 pp");
    expect(fmtDiff("stations.pack.utilization", -0.02, "en", false)).toBe("-2.0");
    expect(fmtDiff("orders.shipped", -0.001)).toBe("0.00");
    expect(fmtDiff("orders.shipped", 1234.4)).toBe("+1,234");
    expect(fmtDiff("orders.shipped", Number.NaN)).toBe("–");
  });

  it("needs two scenarios", async () => {
    const r = await cli(["compare", file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("at least two");
  });
});

describe("a horizon that cuts the peak day, and a rule that judges no order", () => {
  it("says the peak day is incomplete and over which orders the shares are, in one run and over replications", async () => {
    const one = await cli(["run", file, "--set", "horizon=20h"]);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/^The peak day is incomplete: the horizon ends at 20:00 on 11 Nov, before the day's demand ends \(24:00\), so the 12 h \/ 24 h shares cover only the [\d,]+ peak-day orders paid by 20:00, not the whole day's; for the whole day's, set the horizon to 24 h or more\.$/m);
    const many = await cli(["run", file, "--set", "horizon=20h", "--replications", "2", "--workers", "1", "--lang", "zh"]);
    expect(many.out).toMatch(/^大促当天不完整：仿真在11月11日 20:00 结束，早于当天需求结束（24:00），因此 12 \/ 24 小时内发货比例只统计 20:00 前付款的 [\d,.]+ 单大促当天订单，而非全天；/m);
    const json = JSON.parse((await cli(["run", file, "--set", "horizon=20h", "--replications", "2", "--workers", "1", "--json"])).out);
    expect(json.summary.peakDayCut).toMatchObject({ endSec: 20 * 3600, dayEndSec: 24 * 3600, orders: expect.any(Number) });
    // A horizon past the day: nothing to say.
    const whole = await cli(["run", file, "--replications", "2", "--workers", "1", "--json"]);
    expect(JSON.parse(whole.out).summary.peakDayCut).toBeUndefined();
    expect((await cli(["run", file])).out).not.toContain("incomplete");
  });

  it("lists a rule that judges no order once, not as a row of zeros", async () => {
    const one = await cli(["run", file]);
    expect(one.out).not.toMatch(/^Shipped within 48 h of payment +shipped/m);
    expect(one.out).toContain("Shipped within 48 h of payment: applies to no order in this run (every order was paid in another rule's window), so it has no risk to show and is left out of the tables.");
    const many = await cli(["run", file, "--replications", "2", "--workers", "1", "--lang", "zh"]);
    expect(many.out.match(/付款后48小时内发货/g)).toHaveLength(1);
    expect(many.out).toContain("“付款后48小时内发货”在本次仿真中没有适用的订单");
    const json = JSON.parse((await cli(["run", file, "--replications", "2", "--workers", "1", "--json"])).out);
    expect(json.summary.deadlines.find((d: { id: string }) => d.id === "ship-48h").orders.mean).toBe(0);
  });
});

describe("formatEstimate: figures that cannot be negative and counts", () => {
  it("shows an interval cut at 0 as +x/-y, never mean ± a half-width larger than the mean", () => {
    // QC's mean wait on the default scenario: 1.4-20 min, one replication 295 min.
    const waits = [...Array(19).fill(5), 294.6];
    const e = nonNegativeEstimate(waits);
    expect(e.halfWidth).toBeGreaterThan(e.mean);
    expect(formatEstimate("stations.qc.meanWaitMin", e)).toBe(`19.48 +${(e.high! - e.mean).toFixed(2)}/-19.48 [5.00, 294.6]`);
    // A mean near 0 with a tinier spread: both ends round to the mean, so no "-0.00".
    expect(formatEstimate("stations.pack.meanQueue", nonNegativeEstimate([0, 0, 0.003]))).toBe("0.00 ± 0.00 [0.00, 0.00]");
  });

  it("prints a count's min and max whole, its mean with decimals", () => {
    expect(formatEstimate("stations.weigh.maxQueue", estimate([28, 29, 30, 139, 31, 29, 28, 30, 29, 28]))).toMatch(/^40\.10 ± [\d.]+ \[28, 139\]$/);
    expect(formatEstimate("deadlines.x.undetermined", estimate([1, 20128, 500]))).toMatch(/^6,876 [+±].* \[1, 20,128\]$/);
    expect(formatEstimate("mechanisms.printerFailures", estimate([1, 12, 3, 4]))).toMatch(/ \[1, 12\]$/);
    // Not a count: a wait's range keeps its decimals.
    expect(formatEstimate("stations.weigh.meanWaitMin", estimate([1, 4.95]))).toMatch(/ \[1\.00, 4\.95\]$/);
  });
});
