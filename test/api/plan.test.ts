import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { makeApp, OWN_AND_WHAT_IFS, OWN_AND_WHAT_IFS_PATHS, SMALL, waitEnded } from "./helpers.js";

/** A planner search small enough to finish in about a second on the tiny scenario. */
const QUICK = { replications: 2, maxReplications: 4, maxEvaluations: 4, marginal: false, stress: false, targets: [{ kind: "shipped-within", hours: 24, minShare: 0.5 }] };

describe("POST /api/plan", () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ app, close } = await makeApp({ maxReplications: 50 }));
  });
  afterAll(async () => close());

  it("runs the planner in the background and returns its recommendation", async () => {
    // The scenario's warnings in the 202, as for a run (here a roster over the station's places, which the plan replaces).
    const res = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", sets: [...SMALL, "staff.roster.pack.day=100"], options: QUICK } });
    expect(res.statusCode).toBe(202);
    const warning = {
      path: "staff.roster.pack.day",
      message: "100 people on the day shift but Pack has places for 40 (stations[3].maxStaff): 60 would be paid and idle",
      zh: "白班排了 100 人，但打包只有 40 个工位（stations[3].maxStaff）：60 人领工资却无法上岗",
    };
    expect(res.json().warnings).toEqual([warning]);
    const { id } = res.json();
    const done = await waitEnded(app, id, 60_000);
    expect(done).toMatchObject({ kind: "plan", status: "done" });
    const result = done.result as { plan: { roster: Record<string, Record<string, number>>; temps: Record<string, Record<string, number>> }; targets: unknown[]; evaluation: { cost: { total: number } }; warnings: unknown[] };
    // The result's: the scenario's and the planned scenario's, each once, with where it comes from (the plan fits pack's
    // places, but this tiny day needs one person at some stations, and a lone person's absence stops a station).
    // (A lone packer is covered by the weighers' flex help, the default rule.)
    const lone = Object.keys(result.plan.roster).filter((id) => id !== "pack" && (result.plan.roster[id].day ?? 0) + (result.plan.temps[id]?.day ?? 0) === 1);
    expect(lone.length).toBeGreaterThan(0);
    expect(result.warnings).toEqual([
      { path: warning.path, en: warning.message, zh: warning.zh, source: "scenario" },
      ...lone.map((id) => expect.objectContaining({ path: `staff.${result.plan.roster[id].day === 1 ? "roster" : "temps"}.${id}.day`, source: "plan", en: expect.stringMatching(/^one person works at /) })),
    ]);
    expect(Object.keys(result.plan.roster)).toEqual(["print", "pick", "qc", "pack", "weigh"]);
    expect(result.targets).toEqual([{ kind: "shipped-within", hours: 24, minShare: 0.5 }]);
    expect(result.evaluation.cost.total).toBeGreaterThan(0);
    const events = await app.inject({ method: "GET", url: `/api/runs/${id}/events` });
    expect(events.body).toContain("event: done");
    // The plan's own report; plans are not in the run-only history.
    const json = await app.inject({ method: "GET", url: `/api/runs/${id}/report?format=json` });
    expect(json.statusCode).toBe(200);
    expect(json.headers["content-disposition"]).toBe(`attachment; filename="peakline-plan-${id}-en.json"`);
    expect(json.json().kind).toBe("peakline-plan");
    const csv = await app.inject({ method: "GET", url: `/api/runs/${id}/report?format=csv&table=staffing&lang=zh` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain("打包");
    // Without lang, the plan's report too speaks the language Accept-Language prefers.
    const zh = await app.inject({ method: "GET", url: `/api/runs/${id}/report?format=csv&table=staffing`, headers: { "accept-language": "zh-Hans" } });
    expect(zh.headers["content-disposition"]).toBe(`attachment; filename="peakline-plan-${id}-staffing-zh.csv"`);
    expect(zh.body).toBe(csv.body);
    const bad = await app.inject({ method: "GET", url: `/api/runs/${id}/report?format=csv&table=hourly` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe("query.table");
    const runs = (await app.inject({ method: "GET", url: "/api/runs?kind=run" })).json() as { id: string }[];
    expect(runs.map((r) => r.id)).not.toContain(id);
  });

  it("names a what-if's warnings by its index in the request in the 202 and in the plan's result, the scenario's own disruptions by theirs", async () => {
    const res = await app.inject({ method: "POST", url: "/api/plan", payload: { ...OWN_AND_WHAT_IFS, options: QUICK } });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json().warnings.map((w: { path: string }) => w.path)).toEqual(OWN_AND_WHAT_IFS_PATHS);
    const done = await waitEnded(app, res.json().id, 60_000);
    expect(done).toMatchObject({ kind: "plan", status: "done" });
    const warnings = (done.result as { warnings: { path: string; en: string; source: string }[] }).warnings;
    // The scenario's and the planned scenario's (the plan may hire printers, which changes the printer-down's message), each once.
    const paths = [...new Set(warnings.map((w) => w.path))].filter((p) => /^(couriers|disruptions)/.test(p));
    expect(paths).toEqual(OWN_AND_WHAT_IFS_PATHS);
    expect(warnings.find((w) => w.path === "couriers[2].share")!.en).toContain("a courier-cap what-if (disruptions[2]) names it");
    // Its what-ifs kept as the scenario parsed them ("1h", "2h": seconds), as the page's history formats them.
    expect((done.whatIf as { disruptions: unknown[] }).disruptions).toEqual([
      { type: "order-system", at: "00:00", duration: 3600 },
      { type: "printer-down", at: "10:00", duration: 7200, count: 9 },
      { type: "courier-cap", at: "00:00", courier: "sf", dailyCap: 10 },
    ]);
  });

  it("400 with the options path for a target naming an unknown rule", async () => {
    const res = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", options: { ...QUICK, targets: [{ kind: "late-probability", rule: "nope", maxProbability: 0.05 }] } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toMatch(/^options\.targets/);
    expect(res.json().issues[0].message).toContain("nope");
  });

  it("400 for a late target whose rule's deadline is after the end of the horizon, at the target's field", async () => {
    // The scenario's own targets: the problem is in the scenario (here a library id).
    const own = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", sets: ["horizon=1d"], options: { ...QUICK, targets: undefined } } });
    expect(own.statusCode).toBe(400);
    expect(own.json().issues).toHaveLength(1);
    expect(own.json().issues[0].path).toBe("scenario");
    expect(own.json().issues[0].message).toMatch(/rule "Double 11: shipped by 20 Nov 24:00" \(d11-ship\) is 2026-11-20 24:00 \(Asia\/Shanghai\), after the end of the horizon 1d .*at least 10d/);
    const given = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", sets: ["horizon=1d"], options: { ...QUICK, targets: ["within24h>=95%", "late:d11-ship<=5%"] } } });
    expect(given.statusCode).toBe(400);
    expect(given.json().issues.map((i: { path: string }) => i.path)).toEqual(["options.targets[1]"]);
    // In Chinese for a request that prefers it.
    const zh = await app.inject({ method: "POST", url: "/api/plan", headers: { "accept-language": "zh-CN" }, payload: { scenario: "default", sets: ["horizon=1d"], options: { ...QUICK, targets: ["within24h>=95%", "late:d11-ship<=5%"] } } });
    expect(zh.statusCode).toBe(400);
    expect(zh.json().message).toBe("请求有误，请修改以下各项");
    expect(zh.json().issues[0].message).toMatch(/^late:d11-ship<=5%：规则“双11：11月20日24:00前发货”（d11-ship）的截止时间为/);
    const inline = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: { horizon: "1d", targets: [{ kind: "late-probability", rule: "d11-ship", maxProbability: 0.05 }] }, options: { ...QUICK, targets: undefined } } });
    expect(inline.json().issues[0].path).toBe("scenario.targets[0]");
  });

  it("plans against the default targets when neither the request nor the scenario names any, and says so", async () => {
    const res = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "surge-30x", sets: SMALL, options: { ...QUICK, targets: undefined } } });
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitEnded(app, res.json().id, 60_000);
    expect(done).toMatchObject({ kind: "plan", status: "done" });
    expect(done.result).toMatchObject({
      targetsSource: "default",
      targets: [
        { kind: "late-probability", rule: "d11-ship", maxProbability: 0.05 },
        { kind: "shipped-within", hours: 24, minShare: 0.95 },
      ],
    });
    // A default target the horizon cannot reach: at options.targets (giving targets is the fix), saying it is a default.
    const short = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "surge-30x", sets: ["horizon=1d"], options: { ...QUICK, targets: undefined } } });
    expect(short.statusCode).toBe(400);
    expect(short.json().issues).toEqual([{ path: "options.targets", message: expect.stringMatching(/^late:d11-ship<=5%: .*at least 10d\. \(a default target: neither the request nor the scenario names any\)$/) }]);
    // Targets in the request: those.
    const given = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "surge-30x", sets: SMALL, options: QUICK } });
    const ended = await waitEnded(app, given.json().id, 60_000);
    expect(ended.result).toMatchObject({ targetsSource: "options", targets: QUICK.targets });
  });

  it("400 for planner replications above the server's limit, saying it is this server's", async () => {
    const res = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", options: { ...QUICK, maxReplications: 500 } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: "options.maxReplications", message: "maxReplications must be a whole number from 2 to 50 on this server, got 500" }]);
    const reps = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", options: { ...QUICK, replications: 900 } } });
    expect(reps.json().issues).toEqual([{ path: "options.replications", message: "replications must be a whole number from 2 to 50 on this server, got 900" }]);
    // API users keep the JSON field names (the CLI words the same rule with its flags).
    const cross = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", options: { ...QUICK, replications: 10, maxReplications: 5 } } });
    expect(cross.json().issues).toEqual([{ path: "options.maxReplications", message: "maxReplications (5) must be at least replications (10): raise maxReplications or lower replications" }]);
  });

  it("POST /api/plan/check answers as POST /api/plan would, in the language asked for, starting nothing", async () => {
    const check = (payload: Record<string, unknown>, lang = "en") => app.inject({ method: "POST", url: "/api/plan/check", headers: { "accept-language": lang }, payload });
    const count = async () => (await app.inject({ method: "GET", url: "/api/runs?kind=plan" })).json().length;
    const before = await count();
    // A crew larger than a station has room for: the planner's own check, after the body's.
    const body = { scenario: "default", options: { ...QUICK, minCrew: 12 } };
    const plan = await app.inject({ method: "POST", url: "/api/plan", payload: body });
    expect(plan.statusCode).toBe(400);
    const en = await check(body);
    expect(en.json()).toEqual(plan.json());
    expect(en.json().issues[0]).toMatchObject({ path: "options.minCrew" });
    const zh = await check(body, "zh-CN");
    expect(zh.json().issues[0].path).toBe("options.minCrew");
    expect(zh.json().issues[0].message).toContain("每工位每班至少");
    const range = await check({ scenario: "default", options: { ...QUICK, replications: 900 } }, "zh-CN");
    expect(range.json().issues[0].path).toBe("options.replications");
    expect(range.json().message).toBe("请求有误，请修改以下各项");
    const ok = await check({ scenario: "default", sets: SMALL, options: QUICK });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().ok).toBe(true);
    expect(await count()).toBe(before);
  });

  it("400 with the body's, the scenario's and the targets' problems at once, on POST /api/plan and /api/plan/check", async () => {
    for (const url of ["/api/plan", "/api/plan/check"]) {
      const post = (payload: Record<string, unknown>, lang = "en") => app.inject({ method: "POST", url, headers: { "accept-language": lang }, payload });
      const sets = await post({ scenario: "default", sets: ["staff.roster.pack.day=abc"], options: { ...QUICK, replications: 900 } });
      expect(sets.statusCode).toBe(400);
      expect(sets.json().issues).toEqual([
        { path: "options.replications", message: "replications must be a whole number from 2 to 50 on this server, got 900" },
        { path: "sets[0]", message: 'staff.roster.pack.day: "abc" is text; expected a whole number (0 to 1000) (from staff.roster.pack.day=abc)' },
      ]);
      const zh = await post({ scenario: "default", sets: ["staff.roster.pack.day=abc"], options: { ...QUICK, replications: 900 } }, "zh-CN");
      expect(zh.json().issues.map((i: { path: string }) => i.path)).toEqual(["options.replications", "sets[0]"]);
      expect(zh.json().issues[1].message).toContain("是文本");
      // A target against the scenario beside a bad seed: the request's, and without options the scenario's own.
      const target = await post({ scenario: "default", seed: -1, options: { ...QUICK, targets: [{ kind: "late-probability", rule: "nope", maxProbability: 0.05 }] } });
      expect(target.json().issues.map((i: { path: string }) => i.path)).toEqual(["seed", "options.targets[0]"]);
      const own = await post({ scenario: "default", sets: ["horizon=1d"], seed: -1 });
      expect(own.json().issues).toEqual([
        { path: "seed", message: "seed must be a whole number from 0 to 4294967295, got -1" },
        { path: "scenario", message: expect.stringContaining("after the end of the horizon 1d") },
      ]);
    }
  });

  it("400 for a fixed variable outside the constraints the search keeps, at options.fixed[i], with the range", async () => {
    const post = (options: object) => app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", options: { ...QUICK, ...options } } });
    const staff = await post({ fixed: ["pick.day=99"] });
    expect(staff.statusCode).toBe(400);
    expect(staff.json().issues).toEqual([{ path: "options.fixed[0]", message: "pick has room for 30 people at once (its maxStaff), so a fixed count there must be from 0 to 30, got 99" }]);
    const printers = await post({ fixed: ["pick.day=3", "printers=0"] });
    expect(printers.json().issues).toEqual([{ path: "options.fixed[1]", message: "printers must be from 1 to 1000 (print needs a printer, and the search keeps one at least), got 0" }]);
    const temps = await post({ allowTemps: false, fixed: ["pick.day.temps=2"] });
    expect(temps.statusCode).toBe(400);
    expect(temps.json().issues[0].path).toBe("options.fixed[0]");
    expect(temps.json().issues[0].message).toMatch(/^conflicts with allowTemps: false: it fixes 2 temps at pick \/ day/);
    const crew = await post({ minCrew: 3, allowTemps: false, fixed: ["qc.day=1"] });
    expect(crew.json().issues).toEqual([
      { path: "options.fixed[0]", message: expect.stringMatching(/^leaves 1 person at qc \/ day with no one free to join them, fewer than minCrew \(3\)/) },
    ]);
    const noCrew = await post({ minCrew: 0 });
    expect(noCrew.statusCode).toBe(400);
    expect(noCrew.json().issues).toEqual([{ path: "options.minCrew", message: "minCrew must be >= 1 (1: no rule)" }]);
    const head = await post({ maxHeadcount: 5, fixed: ["pack.day=8"] });
    expect(head.json().issues).toEqual([{ path: "options.maxHeadcount", message: "maxHeadcount (5) is less than the 8 people the fixed variables hold: raise maxHeadcount or fix fewer people" }]);
    // Within the range: accepted.
    const ok = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", sets: SMALL, options: { ...QUICK, maxEvaluations: 1, fixed: ["pick.day=30", "printers=1"] } } });
    expect(ok.statusCode).toBe(202);
    await waitEnded(app, ok.json().id, 60_000);
  });

  it("tries the shifts it is given (text or object) and refuses one the scenario has, at options.tryShifts[i]", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/plan",
      payload: { scenario: "default", sets: SMALL, options: { ...QUICK, tryShifts: ["launch=00:00-08:00@0", { id: "eve", start: "20:00", end: "24:00", breaks: [{ at: "22:00", duration: "30min", share: 0.5 }] }] } },
    });
    expect(res.statusCode).toBe(202);
    const done = await waitEnded(app, res.json().id, 60_000);
    const result = done.result as { shifts: string[]; tryShifts: Array<{ id: string; days?: number[]; breaks: unknown[]; people: number }> };
    expect(result.shifts).toEqual(["day", "launch", "eve"]);
    expect(result.tryShifts.map((x) => [x.id, x.days, x.breaks.length])).toEqual([
      ["launch", [0], 0],
      ["eve", undefined, 1],
    ]);
    for (const x of result.tryShifts) expect(x.people).toBeGreaterThanOrEqual(0);
    const post = (tryShifts: unknown) => app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", options: { ...QUICK, tryShifts } }, headers: { "accept-language": "en" } });
    const clash = await post(["day=00:00-08:00"]);
    expect(clash.statusCode).toBe(400);
    expect(clash.json().issues).toEqual([{ path: "options.tryShifts[0].id", message: 'tryShifts[0].id "day" is already a shift of the scenario (day); give the new shift another id' }]);
    const text = await post(["launch 00:00-08:00"]);
    expect(text.json().issues[0].path).toBe("options.tryShifts[0]");
    expect(text.json().issues[0].message).toMatch(/is not a shift: write id=HH:MM-HH:MM/);
    const zh = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", options: { ...QUICK, tryShifts: ["day=00:00-08:00"] } }, headers: { "accept-language": "zh-CN" } });
    expect(zh.json().issues[0].message).toMatch(/已是场景中的班次/);
  });

  it("400 for a bound below the default replications, saying it is the default", async () => {
    // replications left out (undefined is dropped from the JSON body).
    const res = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", options: { ...QUICK, replications: undefined, maxReplications: 5 } } });
    expect(res.json().issues).toEqual([{ path: "options.maxReplications", message: "maxReplications (5) must be at least replications (10, its default): raise maxReplications or give a smaller replications" }]);
  });

  it("400 for an unknown option, with the nearest known one", async () => {
    const res = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", options: { replicationz: 3 } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([{ path: "options.replicationz", message: 'unknown field; did you mean "replications"?' }]);
  });

  it("takes targets as the CLI writes them, and explains the forms when one is wrong", async () => {
    const res = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", sets: SMALL, options: { ...QUICK, targets: ["within24h>=50%"] } } });
    expect(res.statusCode).toBe(202);
    const done = await waitEnded(app, res.json().id, 60_000);
    expect((done.result as { targets: unknown[] }).targets).toEqual([{ kind: "shipped-within", hours: 24, minShare: 0.5 }]);
    const bad = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", options: { ...QUICK, targets: ["late:d11-ship<5%"] } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].path).toBe("options.targets[0]");
    expect(bad.json().issues[0].message).toContain('expected "late:<rule><=5%", "within24h>=95%"');
    // An object target keeps its field-by-field errors, with the nearest field name.
    const typo = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", options: { ...QUICK, targets: [{ kind: "late-probability", rule: "d11-ship", maxProbabilty: 0.05 }] } } });
    expect(typo.json().issues).toContainEqual({ path: "options.targets[0].maxProbabilty", message: 'unknown field; did you mean "maxProbability"?' });
  });
});

describe("POST /api/plan without a planner", () => {
  it("answers 503 unavailable", async () => {
    const { app, close } = await makeApp({ engine: { plan: undefined } });
    try {
      const res = await app.inject({ method: "POST", url: "/api/plan", payload: { scenario: "default", options: QUICK } });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toBe("unavailable");
      // Asked again without starting it: the same answer.
      expect((await app.inject({ method: "POST", url: "/api/plan/check", payload: { scenario: "default", options: QUICK } })).statusCode).toBe(503);
      expect((await app.inject({ method: "GET", url: "/api/info" })).json().planner).toBe(false);
    } finally {
      await close();
    }
  });
});

describe("POST /api/plan without options", () => {
  it("202 with the documented defaults, as POST /api/plan/check answers", async () => {
    // A planner that waits to be cancelled: only what the request made of the options matters here.
    const { app, close } = await makeApp({
      maxReplications: 50,
      engine: {
        plan: (_s, _o, hooks) => new Promise((_, reject) => hooks.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")), { once: true })),
        planEvaluator: () => ({ evaluate: async () => [], close: async () => {} }),
      },
    });
    try {
      const body = { scenario: "default" };
      const check = await app.inject({ method: "POST", url: "/api/plan/check", payload: body });
      expect(check.statusCode, check.body).toBe(200);
      const res = await app.inject({ method: "POST", url: "/api/plan", payload: body });
      expect(res.statusCode, res.body).toBe(202);
      const run = (await app.inject({ method: "GET", url: `/api/runs/${res.json().id}` })).json();
      // plannerOptions' defaults (src/sim/planner/options.ts), maxReplications bounded by this server's 50.
      expect(run.replications).toBe(10);
      expect(run.options).toEqual({
        minCrew: 1,
        allowTemps: true,
        fixed: [],
        tryShifts: [],
        replications: 10,
        maxReplications: 50,
        maxEvaluations: 120,
        maxRuns: 4000,
        candidates: 3,
        utilization: 0.85,
        marginal: true,
        marginalReplications: 20,
        stress: true,
        stressFactor: 2,
        start: "guess",
      });
      // An empty options object reads the same.
      const empty = await app.inject({ method: "POST", url: "/api/plan/check", payload: { ...body, options: {} } });
      expect(empty.json()).toEqual(check.json());
      expect((await app.inject({ method: "POST", url: `/api/runs/${res.json().id}/cancel` })).statusCode).toBe(200);
      expect(await waitEnded(app, res.json().id)).toMatchObject({ status: "cancelled" });
    } finally {
      await close();
    }
  });
});
