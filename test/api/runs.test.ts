import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { heldEngine, makeApp, OWN_AND_WHAT_IFS, OWN_AND_WHAT_IFS_PATHS, SMALL, waitEnded } from "./helpers.js";

/** Real simulations (worker pool) on the tiny scenario. */
describe("runs with the real engine", () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let runA: string;
  let runB: string;

  beforeAll(async () => {
    ({ app, close } = await makeApp());
    const a = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: SMALL, replications: 3, seed: 7 } });
    expect(a.statusCode).toBe(202);
    runA = a.json().id;
    expect(a.headers.location).toBe(`/api/runs/${runA}`);
    const b = await app.inject({
      method: "POST",
      url: "/api/runs",
      payload: { scenario: "default", sets: [...SMALL, "staff.roster.pack.day=3"], disruptions: [{ type: "printer-down", at: "09:00", duration: "2h" }], replications: 3, seed: 7 },
    });
    expect(b.statusCode).toBe(202);
    runB = b.json().id;
    await waitEnded(app, runA);
    await waitEnded(app, runB);
  });
  afterAll(async () => close());

  it("finishes with a summary, the resolved scenario and the calendar anchor", async () => {
    const res = await app.inject({ method: "GET", url: `/api/runs/${runA}` });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ id: runA, kind: "run", status: "done", replications: 3, seed: 7, scenarioId: "default", progress: { done: 3, total: 3 } });
    expect(r.summary.replications).toBe(3);
    expect(r.summary.hourly.backlog.mean.length).toBeGreaterThan(0);
    expect(r.summary.deadlines.map((d: { id: string }) => d.id)).toContain("d11-ship");
    expect(r.scenario.demand.baselinePerDay).toBe(20);
    expect(r.startEpochMs).toBe(Date.UTC(2026, 10, 10, 16, 0));
    expect(r.figures).toBeUndefined();
  });

  it("applies sets and what-if disruptions to the scenario it runs", async () => {
    const r = (await app.inject({ method: "GET", url: `/api/runs/${runB}` })).json();
    expect(r.status).toBe("done");
    expect(r.scenario.staff.roster.pack.day).toBe(3);
    expect(r.scenario.disruptions).toEqual([{ type: "printer-down", at: "09:00", duration: 7200, count: 1 }]);
    expect(r.sets).toContain("staff.roster.pack.day=3");
  });

  it("keeps what-if durations as seconds however written: the report's changes, the history and the compare view read them so", async () => {
    const disruptions = [
      { type: "order-system", at: "2026-11-11 08:00", duration: "1h" },
      { type: "power", at: "10:00", duration: 3600 },
      { type: "network", at: "12:00", duration: "90min" },
      { type: "consumables", item: "labels", at: "14:00", duration: "1h30m" },
    ];
    const res = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: SMALL, disruptions, replications: 2, seed: 7 } });
    expect(res.statusCode, res.body).toBe(202);
    const { id } = res.json();
    await waitEnded(app, id);
    const changes = ["+order-system@2026-11-11 08:00/1h", "+power@10:00/1h", "+network@12:00/1h30m", "+consumables:labels@14:00/1h30m"];
    const json = await app.inject({ method: "GET", url: `/api/runs/${id}/report?format=json` });
    expect(json.json().manifest.changes).toEqual([...SMALL, ...changes]);
    const csv = await app.inject({ method: "GET", url: `/api/runs/${id}/report?format=csv&table=manifest` });
    expect(csv.body).toContain(changes.join("  "));
    expect(csv.body).not.toContain("NaN");
    const html = await app.inject({ method: "GET", url: `/api/runs/${id}/report?format=html` });
    expect(html.body).toContain(changes[0]);
    expect(html.body).not.toContain("NaNmin");
    // What the page formats the same way (its history and compare view): the parsed what-ifs.
    const seconds = [3600, 3600, 5400, 5400];
    const listed = (await app.inject({ method: "GET", url: "/api/runs" })).json().find((r: { id: string }) => r.id === id);
    expect(listed.whatIf.disruptions.map((d: { duration: unknown }) => d.duration)).toEqual(seconds);
    const cmp = await app.inject({ method: "GET", url: `/api/compare?ids=${runA},${id}` });
    expect(cmp.json().b.whatIf.disruptions.map((d: { duration: unknown }) => d.duration)).toEqual(seconds);
  });

  it("runs every job on one set of worker threads, kept open between runs", async () => {
    const pool = app.peakline.workers();
    expect(app.peakline.workers()).toBe(pool);
    expect(pool.completed).toBeGreaterThanOrEqual(6); // runs A and B, 3 replications each
    // Both runs above went through it: it is open (a task posted now runs).
    const r = await pool.run({ scenario: (await app.inject({ method: "GET", url: `/api/runs/${runA}` })).json().scenario, seed: 1 }, new AbortController().signal);
    expect(r.orders.arrived).toBeGreaterThan(0);
  });

  it("is deterministic: the same request gives the same summary", async () => {
    const again = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: SMALL, replications: 3, seed: 7 } });
    const id = again.json().id;
    await waitEnded(app, id);
    const x = (await app.inject({ method: "GET", url: `/api/runs/${runA}` })).json();
    const y = (await app.inject({ method: "GET", url: `/api/runs/${id}` })).json();
    expect(y.summary.figures).toEqual(x.summary.figures);
    // The API's summary carries the Wilson interval of the 0/1 figures and the shares' spread.
    expect(x.summary.figures["run.cleared"]).toMatchObject({ interval: "wilson", k: x.summary.cleared.k, low: x.summary.cleared.low, high: x.summary.cleared.high });
    expect(x.summary.shareTails.map((t: { hours: number }) => t.hours)).toEqual([12, 24]);
  });

  it("lists runs newest first", async () => {
    const list = (await app.inject({ method: "GET", url: "/api/runs?kind=run" })).json() as { id: string; status: string }[];
    const ids = list.map((r) => r.id);
    expect(ids.indexOf(runB)).toBeLessThan(ids.indexOf(runA));
    expect(list.find((r) => r.id === runA)?.status).toBe("done");
    // With the headline figures the history table shows, as in the run's summary.
    const a = list.find((r) => r.id === runA) as unknown as { headline: Record<string, number | null> };
    const summary = (await app.inject({ method: "GET", url: `/api/runs/${runA}` })).json().summary;
    expect(a.headline.shippedWithin24hShare).toBe(summary.figures["shippedWithin.h24"].mean);
    expect(a.headline.labourCost).toBe(summary.figures["labour.cost"].mean);
    expect(a.headline.clearedRuns).toBe(summary.cleared.k);
  });

  it("streams a finished run's events: progress then done", async () => {
    const res = await app.inject({ method: "GET", url: `/api/runs/${runA}/events` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/event-stream");
    expect(res.body).toContain('event: progress\ndata: {"done":3,"total":3}');
    expect(res.body).toMatch(/event: done\ndata: \{"status":"done"\}/);
  });

  it("compares two runs with the same seeds by paired differences", async () => {
    const res = await app.inject({ method: "GET", url: `/api/compare?ids=${runA},${runB}` });
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.paired).toBe(true);
    expect(c.warnings).toEqual([]);
    expect(c.a.id).toBe(runA);
    const pack = c.figures.find((f: { name: string }) => f.name === "stations.pack.staffHours");
    expect(pack.b.mean).toBeLessThan(pack.a.mean);
    expect(pack.diff).toBeCloseTo(pack.b.mean - pack.a.mean, 9);
    const h24 = c.figures.find((f: { name: string }) => f.name === "shippedWithin.h24");
    expect(h24.ci.low).toBeLessThanOrEqual(h24.diff);
    expect(h24.ci.high).toBeGreaterThanOrEqual(h24.diff);
    // Every figure in words, both languages: stations and rules by their names, not ids.
    expect(h24.label).toEqual({ en: "Peak-day orders shipped within 24 h", zh: "大促当天订单 24 小时内发货" });
    expect(pack.label.en).toBe("Pack: Staff hours (h)");
    expect(pack.label.zh).toMatch(/^打包：/);
    const rule = c.figures.find((f: { name: string }) => f.name === "deadlines.d11-ship.anyLate");
    expect(rule.label.zh).toMatch(/^双11：11月20日24:00前发货：/);
    for (const f of c.figures) expect(f.label.en).not.toBe(f.name);
    // Each figure says whether it is marked (the CLI's `*`: interval excludes 0, visible difference), and how many chance gives.
    for (const f of c.figures) expect(f.significant).toBe(f.ci !== undefined && (f.ci.low > 0 || f.ci.high < 0) && f.significant);
    expect(pack.significant).toBe(true);
    expect(c.significance.compared).toBe(c.figures.filter((f: { ci?: unknown }) => f.ci).length);
    expect(c.significance.message).toMatch(/figures were compared: even if nothing differed, about [\d.]+ would be marked by chance alone/);
    // The runs' 0/1 figures with the Wilson interval.
    expect(rule.a).toMatchObject({ interval: "wilson", n: 3 });
  });

  it("compares runs with different seeds without pairing", async () => {
    const other = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: SMALL, replications: 3, seed: 99 } });
    const id = other.json().id;
    await waitEnded(app, id);
    const c = (await app.inject({ method: "GET", url: `/api/compare?ids=${runA},${id}` })).json();
    expect(c.paired).toBe(false);
    expect(c.method).toBe("welch");
  });

  it("pairs runs of one seed with more replications in one, over the replications both have", async () => {
    const more = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: SMALL, replications: 5, seed: 7 } });
    const id = more.json().id;
    await waitEnded(app, id);
    const c = (await app.inject({ method: "GET", url: `/api/compare?ids=${runA},${id}` })).json();
    expect(c).toMatchObject({ paired: true, common: 3, method: "paired" });
    // The same scenario and seeds: the three shared replications are identical, so every paired difference is 0.
    const h24 = c.figures.find((f: { name: string }) => f.name === "shippedWithin.h24");
    expect(h24).toMatchObject({ diff: 0, pairs: 3, b: { n: 5 } });
  });

  it("rejects compare with a bad ids list (400) and unknown ids (404)", async () => {
    const one = await app.inject({ method: "GET", url: `/api/compare?ids=${runA}` });
    expect(one.statusCode).toBe(400);
    expect(one.json().issues[0].path).toBe("query.ids");
    const none = await app.inject({ method: "GET", url: "/api/compare" });
    expect(none.statusCode).toBe(400);
    const unknown = await app.inject({ method: "GET", url: `/api/compare?ids=${runA},ffffffffffff` });
    expect(unknown.statusCode).toBe(404);
  });

  it.each([
    ["html", "text/html", "<html"],
    ["csv", "text/csv", ","],
    ["json", "application/json", "{"],
  ])("downloads the %s report with a file name", async (format, type, start) => {
    const res = await app.inject({ method: "GET", url: `/api/runs/${runA}/report?format=${format}&lang=zh` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain(type);
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="peakline-${runA}-zh.${format}"`);
    expect(res.body.toLowerCase()).toContain(start);
    expect(res.body.length).toBeGreaterThan(200);
  });

  it("downloads the xlsx report (a zip) and a chosen CSV table", async () => {
    const x = await app.inject({ method: "GET", url: `/api/runs/${runA}/report?format=xlsx` });
    expect(x.statusCode).toBe(200);
    expect(x.rawPayload.subarray(0, 2).toString("latin1")).toBe("PK");
    const t = await app.inject({ method: "GET", url: `/api/runs/${runA}/report?format=csv&table=stations` });
    expect(t.statusCode).toBe(200);
    expect(t.headers["content-disposition"]).toContain(`peakline-${runA}-stations-en.csv`);
  });

  it("speaks the language Accept-Language prefers when the report query gives no lang; an explicit lang wins", async () => {
    const get = (query: string, acceptLanguage?: string) =>
      app.inject({ method: "GET", url: `/api/runs/${runA}/report?${query}`, headers: acceptLanguage ? { "accept-language": acceptLanguage } : {} });
    const zh = await get("format=csv&table=stations", "zh-CN,zh;q=0.9,en;q=0.8");
    expect(zh.statusCode).toBe(200);
    expect(zh.headers["content-disposition"]).toBe(`attachment; filename="peakline-${runA}-stations-zh.csv"`);
    expect(zh.body.split("\r\n")[0]).toContain("利用率（0-1）");
    const html = await get("format=html", "zh");
    expect(html.headers["content-disposition"]).toContain("-zh.html");
    expect(html.body).toContain('<html lang="zh');
    // What the run changed from the library file, under its name.
    expect(html.body).toContain(`<code>${SMALL.join("  ")}</code>`);
    // Another language, none, or Chinese wanted less than English: English.
    for (const al of ["fr-FR", undefined, "en;q=0.9,zh;q=0.5", "*"]) {
      const r = await get("format=csv&table=stations", al);
      expect(r.headers["content-disposition"], String(al)).toContain("-stations-en.csv");
      expect(r.body.split("\r\n")[0], String(al)).toContain("Utilisation (0-1)");
    }
    // An explicit lang is what the request asked for, whatever the header says.
    expect((await get("format=csv&table=stations&lang=en", "zh-CN")).headers["content-disposition"]).toContain("-stations-en.csv");
    expect((await get("format=csv&table=stations&lang=zh", "en-US")).headers["content-disposition"]).toContain("-stations-zh.csv");
    // The run's report link leaves the language to the request that follows it.
    const link = (await app.inject({ method: "GET", url: `/api/runs/${runA}` })).json().links.report as string;
    expect(link).toBe(`/api/runs/${runA}/report?format=html`);
    const lang = await app.inject({ method: "GET", url: `/api/runs/${runA}/report?format=csv&lang=fr` });
    expect(lang.statusCode).toBe(400);
    expect(lang.json().issues[0]).toMatchObject({ path: "query.lang", message: 'lang must be en or zh, got "fr"' });
  });

  it("rejects bad report queries with 400 naming the parameter", async () => {
    const f = await app.inject({ method: "GET", url: `/api/runs/${runA}/report?format=pdf` });
    expect(f.statusCode).toBe(400);
    expect(f.json().issues[0]).toMatchObject({ path: "query.format" });
    expect(f.json().issues[0].message).toContain("html, xlsx, csv, json");
    const t = await app.inject({ method: "GET", url: `/api/runs/${runA}/report?format=csv&table=nope` });
    expect(t.statusCode).toBe(400);
    expect(t.json().issues[0].path).toBe("query.table");
    const u = await app.inject({ method: "GET", url: "/api/runs/ffffffffffff/report" });
    expect(u.statusCode).toBe(404);
  });

  it("refuses to cancel a finished run (409)", async () => {
    const res = await app.inject({ method: "POST", url: `/api/runs/${runA}/cancel` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe("not-cancellable");
  });
});

describe("bad run requests", () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await makeApp({ maxReplications: 50 }));
  });
  afterAll(async () => close());

  it("400 for replications out of range, naming the field and the range", async () => {
    const res = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", replications: 5000 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe("validation");
    expect(res.json().issues).toEqual([{ path: "replications", message: "replications must be a whole number from 1 to 50, got 5000" }]);
    const zero = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", replications: 0 } });
    expect(zero.json().issues[0].message).toContain("from 1 to 50");
    const text = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", replications: "ten" } });
    expect(text.statusCode).toBe(400);
    expect(text.json().issues[0].path).toBe("replications");
  });

  it("POST /api/runs/check answers as POST /api/runs would, in the language asked for, starting nothing", async () => {
    const check = (payload: Record<string, unknown>, lang = "en") => app.inject({ method: "POST", url: "/api/runs/check", headers: { "accept-language": lang }, payload });
    const count = async () => (await app.inject({ method: "GET", url: "/api/runs" })).json().length;
    const before = await count();
    const body = { scenarioText: "demand:\n  surge: 500\n", replications: 5000 };
    const run = await app.inject({ method: "POST", url: "/api/runs", payload: body });
    const en = await check(body);
    expect(en.statusCode).toBe(400);
    expect(en.json()).toEqual(run.json());
    // The scenario's problem with the body's, not after it is fixed.
    expect(en.json().issues.map((i: { path: string }) => i.path)).toEqual(["replications", "scenarioText.demand.surge"]);
    const zh = await check(body, "zh-CN");
    expect(zh.json().message).toBe("请求有误，请修改以下各项");
    expect(zh.json().issues[0].message).toContain("1 至 50");
    expect((await check({ scenario: "nope" })).statusCode).toBe(404);
    const ok = await check({ scenario: "default", sets: SMALL, replications: 2 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ok: true, warnings: [] });
    expect(await count()).toBe(before);
  });

  it("400 with the body's and the scenario's problems at once, on POST /api/runs and /api/runs/check, in the language asked for", async () => {
    const body = { scenario: "default", sets: ["staff.roster.pack.day=abc"], replications: 0 };
    for (const url of ["/api/runs", "/api/runs/check"]) {
      const en = await app.inject({ method: "POST", url, payload: body });
      expect(en.statusCode).toBe(400);
      expect(en.json().issues).toEqual([
        { path: "replications", message: "replications must be a whole number from 1 to 50, got 0" },
        { path: "sets[0]", message: 'staff.roster.pack.day: "abc" is text; expected a whole number (0 to 1000) (from staff.roster.pack.day=abc)' },
      ]);
      const zh = await app.inject({ method: "POST", url, headers: { "accept-language": "zh-CN" }, payload: body });
      expect(zh.json().issues.map((i: { path: string }) => i.path)).toEqual(["replications", "sets[0]"]);
      expect(zh.json().issues[1].message).toContain("是文本；应为整数（0 至 1000）");
    }
    // An unknown field and a bad what-if; an unknown library id among the problems (400: the body is wrong too).
    const whatIf = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", replication: 2, disruptions: [{ type: "power", at: "25:00", duration: "1h" }] } });
    expect(whatIf.json().issues.map((i: { path: string }) => i.path)).toEqual(["replication", "disruptions[0].at"]);
    const unknown = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "nope", seed: -1 } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues.map((i: { path: string }) => i.path)).toEqual(["seed", "scenario"]);
    // Scenario fields that fail their own schema build no scenario: the body's problems alone.
    const none = await app.inject({ method: "POST", url: "/api/runs", payload: { sets: ["staff.roster.pack.day=abc"], replications: 0 } });
    expect(none.json().issues.map((i: { path: string }) => i.path)).toEqual(["replications", "scenario"]);
    const wrong = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: 5, sets: ["staff.roster.pack.day=abc"] } });
    expect(wrong.json().issues.map((i: { path: string }) => i.path)).toEqual(["scenario"]);
  });

  it("400 when no scenario or both are given", async () => {
    const none = await app.inject({ method: "POST", url: "/api/runs", payload: { replications: 2 } });
    expect(none.statusCode).toBe(400);
    expect(none.json().issues[0].path).toBe("scenario");
    const both = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", scenarioText: "{}", replications: 2 } });
    expect(both.statusCode).toBe(400);
  });

  it("400 for an unknown body field, at its own path with the nearest known field", async () => {
    const res = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", replication: 2 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: "replication", message: 'unknown field; did you mean "replications"?' }]);
    const far = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", colour: "red" } });
    expect(far.json().issues).toEqual([{ path: "colour", message: "unknown field; allowed: scenario, scenarioText, format, sets, disruptions, replications, seed, name" }]);
  });

  it("400 for an unknown query parameter, with the nearest known one, and on endpoints that take none", async () => {
    const typo = await app.inject({ method: "GET", url: "/api/runs?limt=5" });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().issues).toEqual([{ path: "query.limt", message: 'unknown field; did you mean "limit"?' }]);
    const report = await app.inject({ method: "GET", url: "/api/runs/ffffffffffff/report?formt=csv" });
    expect(report.statusCode).toBe(400);
    expect(report.json().issues).toEqual([{ path: "query.formt", message: 'unknown field; did you mean "format"?' }]);
    const none = await app.inject({ method: "GET", url: "/api/scenarios?sort=name" });
    expect(none.statusCode).toBe(400);
    expect(none.json().issues).toEqual([{ path: "query.sort", message: "unknown field; this endpoint takes no query parameters" }]);
    expect((await app.inject({ method: "GET", url: "/api/runs?limit=5&kind=run" })).statusCode).toBe(200);
  });

  it("400 for a __proto__ override, and the next request is unaffected (no prototype pollution)", async () => {
    for (const set of ["staff.roster.__proto__.day=1", "staff.temps.__proto__.day=1", "staff.roster.pack.__proto__.x=1"]) {
      const res = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: [...SMALL, set], replications: 1 } });
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json())).toContain('\\"__proto__\\" is not a field name of a scenario');
    }
    expect(({} as Record<string, unknown>).day).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    const fine = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: SMALL, replications: 1 } });
    expect(fine.statusCode).toBe(202);
    await waitEnded(app, fine.json().id);
  });

  it("202 with the staffing warnings of a roster that pays idle people", async () => {
    const res = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: [...SMALL, "staff.roster.pack.day=100"], replications: 1 } });
    expect(res.statusCode).toBe(202);
    expect(res.json().warnings).toEqual([
      {
        path: "staff.roster.pack.day",
        message: "100 people on the day shift but Pack has places for 40 (stations[3].maxStaff): 60 would be paid and idle",
        zh: "白班排了 100 人，但打包只有 40 个工位（stations[3].maxStaff）：60 人领工资却无法上岗",
      },
    ]);
    await waitEnded(app, res.json().id);
    const fine = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: SMALL, replications: 1 } });
    expect(fine.json().warnings).toEqual([]);
    await waitEnded(app, fine.json().id);
  });

  it("202 with a warning for a what-if in hours when nobody works at the stations it stops", async () => {
    // The default team works 08:00-20:00: the order system down 00:00-01:00 changes nothing, and says so.
    const res = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: SMALL, replications: 1, disruptions: [{ type: "order-system", at: "00:00", duration: "1h" }] } });
    expect(res.statusCode).toBe(202);
    expect(res.json().warnings).toEqual([
      {
        path: "disruptions[0].at",
        message: "stops no work: nobody is rostered at Print, Pick, QC, Weigh (the stations it stops) from 2026-11-11 00:00 to 01:00, so the orders then wait for the next shift anyway; move it into working hours to test it",
        zh: "不影响作业：2026-11-11 00:00 至 01:00期间打单、拣货、QC、称重（受影响的工位）无人排班，这段时间的订单本来就要等下一个班次；请把它移到工作时间内再测试",
      },
    ]);
    await waitEnded(app, res.json().id);
    // In working hours: no warning.
    const bites = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: SMALL, replications: 1, disruptions: [{ type: "order-system", at: "09:00", duration: "1h" }] } });
    expect(bites.json().warnings).toEqual([]);
    await waitEnded(app, bites.json().id);
  });

  it("202 naming a what-if's warnings by its index in the request, the scenario's own disruptions by theirs", async () => {
    const res = await app.inject({ method: "POST", url: "/api/runs", payload: { ...OWN_AND_WHAT_IFS, replications: 1 } });
    expect(res.statusCode).toBe(202);
    expect(res.json().warnings.map((w: { path: string }) => w.path)).toEqual(OWN_AND_WHAT_IFS_PATHS);
    // As POST /api/scenarios/check names them.
    const check = await app.inject({ method: "POST", url: "/api/scenarios/check", payload: OWN_AND_WHAT_IFS });
    expect(res.json().warnings).toEqual(check.json().warnings);
    await waitEnded(app, res.json().id);
  });

  it("404 for an unknown scenario id", async () => {
    const res = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "nope", replications: 2 } });
    expect(res.statusCode).toBe(404);
  });

  it("400 with the set's index for a bad override", async () => {
    const res = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: ["demand.surge=20", "demand.surgee=3"], replications: 2 } });
    expect(res.statusCode).toBe(400);
    const issue = res.json().issues[0];
    expect(issue.path).toBe("sets[1]");
    expect(issue.message).toContain("surge");
  });

  it("400 with the body path for a bad what-if disruption", async () => {
    const res = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", disruptions: [{ type: "courier-cap", at: "00:00", courier: "dhl", dailyCap: 10 }], replications: 2 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe("disruptions[0].courier");
  });

  it("400 with paths inside scenarioText and an object scenario", async () => {
    const t = await app.inject({ method: "POST", url: "/api/runs", payload: { scenarioText: "demand:\n  surge: 0\n", replications: 2 } });
    expect(t.statusCode).toBe(400);
    expect(t.json().issues[0].path).toBe("scenarioText.demand.surge");
    const o = await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: { printers: { count: "two" } }, replications: 2 } });
    expect(o.statusCode).toBe(400);
    expect(o.json().issues[0].path).toBe("scenario.printers.count");
  });

  it("404 for unknown run ids on every run route", async () => {
    for (const [method, url] of [
      ["GET", "/api/runs/ffffffffffff"],
      ["GET", "/api/runs/ffffffffffff/events"],
      ["POST", "/api/runs/ffffffffffff/cancel"],
      ["DELETE", "/api/runs/ffffffffffff"],
      ["GET", "/api/runs/ffffffffffff/report?format=json"],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error).toBe("not-found");
    }
  });

  it("400 for a bad history query", async () => {
    const res = await app.inject({ method: "GET", url: "/api/runs?limit=0" });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe("query.limit");
  });
});

describe("limits, cancel and progress with a held engine", () => {
  it("answers 429 beyond the concurrent-run limit, cancels, and accepts again", async () => {
    const held = heldEngine();
    const { app, close } = await makeApp({ maxConcurrentRuns: 2, engine: held.engine });
    try {
      const body = { scenario: "default", replications: 4 };
      const a = await app.inject({ method: "POST", url: "/api/runs", payload: body });
      const b = await app.inject({ method: "POST", url: "/api/runs", payload: body });
      expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
      const c = await app.inject({ method: "POST", url: "/api/runs", payload: body });
      expect(c.statusCode).toBe(429);
      expect(c.json()).toMatchObject({ error: "too-many-runs" });
      expect(c.json().message).toContain("limit is 2");

      const id = a.json().id;
      await expect.poll(async () => (await app.inject({ method: "GET", url: `/api/runs/${id}` })).json().progress).toEqual({ done: 1, total: 4 });
      // A run in progress cannot be deleted: cancel it first.
      const early = await app.inject({ method: "DELETE", url: `/api/runs/${id}` });
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ error: "still-running" });
      expect(early.json().message).toContain(`POST /api/runs/${id}/cancel`);
      const cancel = await app.inject({ method: "POST", url: `/api/runs/${id}/cancel` });
      expect(cancel.statusCode).toBe(200);
      expect(cancel.json()).toEqual({ id, status: "cancelled" });
      const ended = await waitEnded(app, id);
      expect(ended.status).toBe("cancelled");
      // Then it can: gone from the history, its id unknown.
      expect((await app.inject({ method: "DELETE", url: `/api/runs/${id}` })).statusCode).toBe(204);
      expect((await app.inject({ method: "GET", url: `/api/runs/${id}` })).statusCode).toBe(404);
      expect(((await app.inject({ method: "GET", url: "/api/runs" })).json() as { id: string }[]).map((r) => r.id)).not.toContain(id);
      expect((await app.inject({ method: "DELETE", url: `/api/runs/${id}` })).statusCode).toBe(404);

      const d = await app.inject({ method: "POST", url: "/api/runs", payload: body });
      expect(d.statusCode).toBe(202);
    } finally {
      await close();
    }
  });

  it("streams live progress and ends the stream with done when the run finishes", async () => {
    const held = heldEngine();
    const { app, close } = await makeApp({ engine: held.engine });
    try {
      const { id } = (await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", replications: 4 } })).json();
      await expect.poll(() => held.started()).toBe(1);
      const stream = app.inject({ method: "GET", url: `/api/runs/${id}/events` });
      await expect.poll(() => app.peakline.jobs.subscribers(id)).toBe(1);
      // The held engine resolves with no experiment: the run fails, and the stream says so.
      held.release();
      const res = await stream;
      expect(res.body).toContain('event: progress\ndata: {"done":1,"total":4}');
      expect(res.body).toMatch(/event: done\ndata: \{"status":"failed","error":"[^"]+"\}/);
      expect(app.peakline.jobs.subscribers(id)).toBe(0);
    } finally {
      await close();
    }
  });

  it("stops streaming to a client that disconnects, and the run goes on", async () => {
    const held = heldEngine();
    const { app, close } = await makeApp({ engine: held.engine });
    try {
      const { id } = (await app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", replications: 4 } })).json();
      await app.listen({ host: "127.0.0.1", port: 0 });
      const { port } = app.server.address() as AddressInfo;
      const first = await new Promise<string>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, path: `/api/runs/${id}/events` }, (res) => {
          expect(res.headers["content-type"]).toContain("text/event-stream");
          res.once("data", (chunk: Buffer) => {
            resolve(chunk.toString());
            req.destroy();
          });
        });
        req.on("error", (e) => ((e as NodeJS.ErrnoException).code === "ECONNRESET" ? undefined : reject(e)));
        req.end();
      });
      expect(first).toContain("retry:");
      await expect.poll(() => app.peakline.jobs.subscribers(id)).toBe(0);
      expect(app.peakline.jobs.isActive(id)).toBe(true);
      expect((await app.inject({ method: "GET", url: `/api/runs/${id}` })).json().status).toBe("running");
    } finally {
      await close();
    }
  });
});
