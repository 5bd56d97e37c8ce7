import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { preferredLang } from "../../src/api/library.js";
import { makeApp, OWN_AND_WHAT_IFS, OWN_AND_WHAT_IFS_PATHS, waitEnded } from "./helpers.js";

let app: FastifyInstance;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ app, close } = await makeApp({ bodyLimit: 64 * 1024 }));
});
afterAll(async () => close());

describe("GET /api/scenarios", () => {
  it("lists the files in scenarios/, default first", async () => {
    const res = await app.inject({ method: "GET", url: "/api/scenarios" });
    expect(res.statusCode).toBe(200);
    const list = res.json() as { id: string; source: string; ok: boolean }[];
    expect(list[0]).toMatchObject({ id: "default", source: "file", ok: true });
    expect(list.map((s) => s.id)).toContain("stress-2x");
  });

  it("gives every library scenario an English and a Chinese name", async () => {
    const list = (await app.inject({ method: "GET", url: "/api/scenarios" })).json() as { id: string; name: string; nameZh?: string; source: string }[];
    const files = list.filter((s) => s.source === "file");
    expect(list[0]).toMatchObject({ id: "default", name: "Default: 15-person team, 15x surge", nameZh: "默认：15 人团队，15 倍爆单" });
    for (const s of files) {
      expect(s.name, s.id).toMatch(/^[\x20-\x7e]+$/);
      expect(s.nameZh, s.id).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("returns one scenario with its text and every default filled in", async () => {
    const res = await app.inject({ method: "GET", url: "/api/scenarios/default" });
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.text).toContain("stations:");
    expect(s.ok).toBe(true);
    expect(s.scenario.staff.roster.pack.day).toBe(6);
    expect(s.scenario.stations.map((x: { id: string }) => x.id)).toEqual(["print", "pick", "qc", "pack", "weigh"]);
  });

  it("gives the planner's default targets with each scenario (the page's planner tab shows them when the scenario names none)", async () => {
    const surge = (await app.inject({ method: "GET", url: "/api/scenarios/surge-30x" })).json();
    expect(surge.scenario.targets).toEqual([]);
    expect(surge.defaultTargets).toEqual([
      { kind: "late-probability", rule: "d11-ship", maxProbability: 0.05 },
      { kind: "shipped-within", hours: 24, minShare: 0.95 },
    ]);
    // The same defaults as default.yaml's own targets.
    const dflt = (await app.inject({ method: "GET", url: "/api/scenarios/default" })).json();
    expect(dflt.defaultTargets).toEqual(dflt.scenario.targets);
    // No d11-ship rule: the shipping target alone.
    const text = "deadlines: [{ id: ship-48h, milestone: shipped, within: 48h }]\n";
    const v = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "text/yaml" }, payload: text });
    expect(v.json()).toMatchObject({ ok: true, defaultTargets: [{ kind: "shipped-within", hours: 24, minShare: 0.95 }] });
  });

  it("answers 404 for an unknown id", async () => {
    const res = await app.inject({ method: "GET", url: "/api/scenarios/nope" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: "not-found" });
    expect(res.json().message).toContain("nope");
  });
});

describe("POST /api/scenarios/check", () => {
  const check = (payload: Record<string, unknown>, lang = "en") =>
    app.inject({ method: "POST", url: "/api/scenarios/check", headers: { "content-type": "application/json", "accept-language": lang }, payload });

  it("checks a run request's scenario with its sets and what-ifs, starting nothing", async () => {
    const before = (await app.inject({ method: "GET", url: "/api/runs" })).json().length;
    const ok = await check({ scenario: "default", sets: ['staff.shifts[1]={id: "night", start: "20:00", end: "08:00"}', "staff.roster.pack.night=3"], disruptions: [{ type: "power", at: "10:00", duration: 3600 }] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, errors: [] });
    expect(ok.json().scenario.staff.shifts.map((s: { id: string }) => s.id)).toEqual(["day", "night"]);
    expect(ok.json().scenario.staff.roster.pack).toEqual({ day: 6, night: 3 });
    expect(ok.json().scenario.disruptions.map((d: { type: string }) => d.type)).toEqual(["power"]);
    expect((await app.inject({ method: "GET", url: "/api/runs" })).json().length).toBe(before);
  });

  it("names the problems as POST /api/runs does, in the language asked for", async () => {
    const body = { scenarioText: "demand:\n  surge: 500\n", sets: ["staff.shifts.day.start=25:00"] };
    const run = await app.inject({ method: "POST", url: "/api/runs", headers: { "content-type": "application/json", "accept-language": "en" }, payload: body });
    expect(run.statusCode).toBe(400);
    const en = await check(body);
    expect(en.json().ok).toBe(false);
    expect(en.json().errors).toEqual(run.json().issues);
    expect(en.json().errors.map((e: { path: string }) => e.path)).toEqual(["scenarioText.demand.surge", "sets[0]"]);
    const zh = await check(body, "zh-CN");
    expect(zh.json().errors.find((e: { path: string }) => e.path === "sets[0]").message).toContain("应为时刻");
    const missing = await check({ scenario: "nope" });
    expect(missing.json()).toMatchObject({ ok: false, errors: [{ path: "scenario" }] });
  });

  it("names a what-if's warnings by its index in the request, as its errors, and the scenario's own disruptions by theirs", async () => {
    for (const lang of ["en", "zh-CN"]) {
      const res = await check(OWN_AND_WHAT_IFS, lang);
      expect(res.json()).toMatchObject({ ok: true, errors: [] });
      const warnings = res.json().warnings as { path: string; message: string; zh: string }[];
      // Not the combined list's disruptions[2].at, [3].count and (in the courier's) disruptions[4].
      expect(warnings.map((w) => w.path)).toEqual(OWN_AND_WHAT_IFS_PATHS);
      // The scenario's outage 00:00-01:00 (its disruptions[1]) and the what-if repeating it (the request's disruptions[0]) both stop no work.
      expect(warnings[2].message).toBe(warnings[3].message);
      expect(warnings[3].message).toMatch(/^stops no work: nobody is rostered at Print, Pick, QC, Weigh/);
      expect(warnings[4].message).toMatch(/^9 printers down but only 2 are in use/);
      expect(warnings[1].message).toContain("a courier-cap what-if (disruptions[2]) names it");
      expect(warnings[1].zh).toContain("突发事件 disruptions[2] 对它设了揽收上限");
    }
    // An error in the same what-if is named by the same index.
    const bad = await check({ ...OWN_AND_WHAT_IFS, disruptions: [OWN_AND_WHAT_IFS.disruptions[0], { ...OWN_AND_WHAT_IFS.disruptions[1], count: -1 }] });
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(["disruptions[1].count"]);
    // Without what-ifs the scenario's own keep their index.
    const own = await check({ ...OWN_AND_WHAT_IFS, disruptions: [] });
    expect(own.json().warnings.map((w: { path: string }) => w.path)).toEqual(["couriers", "disruptions[1].at"]);
  });

  it("refuses a body that is not a run request's scenario part", async () => {
    const res = await check({ scenario: "default", replications: 3 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe("validation");
    // With its scenario's problems, all at once.
    const both = await check({ scenario: "default", sets: ["staff.roster.pack.day=abc"], replications: 3 }, "zh-CN");
    expect(both.statusCode).toBe(400);
    expect(both.json().issues.map((i: { path: string }) => i.path)).toEqual(["replications", "sets[0]"]);
    expect(both.json().issues[1].message).toContain("是文本");
  });
});

describe("shift ids", () => {
  it("refuses two shifts with one id: both would take its headcounts", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/scenarios/validate",
      headers: { "content-type": "text/yaml", "accept-language": "zh-CN" },
      payload: 'staff:\n  shifts:\n    - { id: day, start: "08:00", end: "20:00" }\n    - { id: day, start: "20:00", end: "08:00" }\n',
    });
    expect(res.json()).toMatchObject({ ok: false, errors: [{ path: "staff.shifts[1].id", message: expect.stringContaining('班次 id "day" 重复') }] });
  });
});

describe("POST /api/scenarios/validate", () => {
  it("accepts valid YAML text", async () => {
    const res = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "text/yaml" }, payload: "name: T\ndemand: { surge: 20 }\n" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, errors: [], warnings: [] });
    expect(res.json().scenario.demand.surge).toBe(20);
  });

  it("accepts a roster that pays idle people, with a warning naming the field", async () => {
    const res = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "text/yaml" }, payload: "staff: { roster: { print: { day: 2 }, pick: { day: 3 }, qc: { day: 2 }, pack: { day: 45 }, weigh: { day: 2 } } }\n" });
    expect(res.json()).toMatchObject({ ok: true, warnings: [{ path: "staff.roster.pack.day", message: expect.stringContaining("5 would be paid and idle") }] });
  });

  it("accepts a what-if that never happens, with a warning naming the field", async () => {
    const res = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "text/yaml" }, payload: 'disruptions: [{ type: power, at: "2027-10-01 09:00", duration: 1h }]\n' });
    expect(res.json()).toMatchObject({ ok: true, warnings: [{ path: "disruptions[0].at", message: expect.stringContaining("never happens within the run"), zh: expect.stringContaining("运行期间不会发生") }] });
  });

  it("reports each problem of a YAML text with its field path", async () => {
    const res = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "text/yaml" }, payload: "demand:\n  surge: 300\nprinters: { count: -1 }\n" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.ok).toBe(false);
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toContain("demand.surge");
    expect(paths).toContain("printers.count");
    expect(body.errors.find((e: { path: string }) => e.path === "demand.surge").message).toMatch(/100/);
  });

  it("accepts a JSON object body and points at nested paths", async () => {
    const res = await app.inject({ method: "POST", url: "/api/scenarios/validate", payload: { stations: [{ id: "a", serviceSec: { dist: "lognormal", mean: -1, cv: 0.2 } }] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().ok).toBe(false);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain("stations[0].serviceSec.mean");
  });

  it("reports a YAML syntax error instead of failing", async () => {
    const res = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "text/plain" }, payload: "demand: [1, 2\n" });
    expect(res.statusCode).toBe(200);
    expect(res.json().ok).toBe(false);
    expect(res.json().errors[0].message).toMatch(/syntax/i);
  });

  it("says a scenario nested too deeply is nested too deeply: text, a JSON object, a run's scenario or what-if (never a 500)", async () => {
    const hint = "more than 50 levels of lists or groups inside one another; a scenario needs at most 6 levels (such as staff.shifts[0].breaks[0].at)";
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const deepObj = '{"a":'.repeat(5000) + "1" + "}".repeat(5000);
    const text = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "text/yaml" }, payload: `name: x\ndescription: ${deep}\n` });
    expect(text.statusCode).toBe(200);
    expect(text.json()).toMatchObject({ ok: false, errors: [{ path: "", message: `YAML nested too deeply at line 2, column 63: ${hint}` }] });
    const json = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "application/json" }, payload: `{"name": "x", "description": ${deepObj}}` });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual({ ok: false, errors: [{ path: "description", message: `nested too deeply: ${hint}` }] });
    const run = await app.inject({ method: "POST", url: "/api/runs", headers: { "content-type": "application/json" }, payload: `{"scenario": {"name": ${deepObj}}}` });
    expect(run.statusCode).toBe(400);
    expect(run.json().issues).toEqual([{ path: "scenario.name", message: `nested too deeply: ${hint}` }]);
    const runText = await app.inject({ method: "POST", url: "/api/runs", payload: { scenarioText: deep } });
    expect(runText.statusCode).toBe(400);
    expect(runText.json().issues[0]).toMatchObject({ path: "scenarioText", message: expect.stringContaining(`JSON nested too deeply at line 1, column 51: ${hint}`) });
    const whatIf = await app.inject({ method: "POST", url: "/api/runs", headers: { "content-type": "application/json" }, payload: `{"scenario": "default", "disruptions": [{"type": "power", "at": "09:00", "duration": ${deep}}]}` });
    expect(whatIf.statusCode).toBe(400);
    expect(whatIf.json().issues).toEqual([{ path: "disruptions[0]", message: `nested too deeply: ${hint}` }]);
    const save = await app.inject({ method: "PUT", url: "/api/scenarios/too-deep", headers: { "content-type": "application/json" }, payload: `{"name": ${deep}}` });
    expect(save.statusCode).toBe(400);
    expect(save.json().issues).toEqual([{ path: "name", message: `nested too deeply: ${hint}` }]);
    // Twice more in the same process: the parser never runs out of stack (once it did, V8 could abort on the next deep text).
    for (let k = 0; k < 2; k++) expect((await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "text/yaml" }, payload: deep })).json().ok).toBe(false);
  });

  it("answers 400 (not 500) for a body that is neither text nor an object", async () => {
    const res = await app.inject({ method: "POST", url: "/api/scenarios/validate", payload: [1, 2, 3] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe("validation");
  });

  it("answers 400 for malformed JSON", async () => {
    const res = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "application/json" }, payload: "{not json" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe("bad-request");
  });

  it("answers 413 for a body over the limit", async () => {
    const res = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "text/yaml" }, payload: `name: x\n# ${"x".repeat(70 * 1024)}\n` });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: "body-too-large" });
    expect(res.json().message).toContain(String(64 * 1024));
  });

  it("answers 415 for an unsupported content type", async () => {
    const res = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "application/xml" }, payload: "<x/>" });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toBe("unsupported-media-type");
  });
});

describe("PUT /api/scenarios/:id", () => {
  it("saves a valid scenario in the store and lists it", async () => {
    const res = await app.inject({ method: "PUT", url: "/api/scenarios/my-peak", headers: { "content-type": "text/yaml" }, payload: "name: My peak\ndemand: { surge: 25 }\n" });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: "my-peak", name: "My peak", source: "saved" });
    const again = await app.inject({ method: "PUT", url: "/api/scenarios/my-peak", headers: { "content-type": "text/yaml" }, payload: "name: My peak 2\n" });
    expect(again.statusCode).toBe(200);
    const list = (await app.inject({ method: "GET", url: "/api/scenarios" })).json() as { id: string; name: string; source: string }[];
    expect(list.find((s) => s.id === "my-peak")).toMatchObject({ source: "saved", name: "My peak 2" });
    const one = (await app.inject({ method: "GET", url: "/api/scenarios/my-peak" })).json();
    expect(one.text).toBe("name: My peak 2\n");
    expect(one).not.toHaveProperty("nameZh");
  });

  it("keeps a saved scenario's Chinese name, and names a new run in the language the request prefers", async () => {
    const res = await app.inject({ method: "PUT", url: "/api/scenarios/my-d11", headers: { "content-type": "text/yaml" }, payload: "name: { en: My Double 11, zh: 我的双11 }\n" });
    expect(res.json()).toMatchObject({ id: "my-d11", name: "My Double 11", nameZh: "我的双11" });
    const list = (await app.inject({ method: "GET", url: "/api/scenarios" })).json() as { id: string }[];
    expect(list.find((s) => s.id === "my-d11")).toMatchObject({ name: "My Double 11", nameZh: "我的双11", source: "saved" });
    expect((await app.inject({ method: "GET", url: "/api/scenarios/my-d11" })).json()).toMatchObject({ name: "My Double 11", nameZh: "我的双11" });
    // A new run's default label: the Chinese name for a Chinese request, else the English one.
    const start = async (lang?: string) => {
      const headers = lang ? { "accept-language": lang } : {};
      const r = await app.inject({ method: "POST", url: "/api/runs", headers, payload: { scenario: "my-d11", replications: 1, sets: ["horizon=1h", "demand.baselinePerDay=10"] } });
      expect(r.statusCode).toBe(202);
      const run = await waitEnded(app, r.json().id);
      return run.name as string;
    };
    expect(await start("zh-CN,zh;q=0.9,en;q=0.8")).toBe("我的双11");
    expect(await start("en-GB,zh;q=0.5")).toBe("My Double 11");
    expect(await start()).toBe("My Double 11");
  });

  it("refuses an invalid scenario with 400 and field paths", async () => {
    const res = await app.inject({ method: "PUT", url: "/api/scenarios/bad", payload: { demand: { surge: "lots" } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe("validation");
    expect(res.json().issues[0].path).toBe("demand.surge");
    const list = (await app.inject({ method: "GET", url: "/api/scenarios" })).json() as { id: string }[];
    expect(list.map((s) => s.id)).not.toContain("bad");
  });

  it("refuses to overwrite a built-in file (409)", async () => {
    const res = await app.inject({ method: "PUT", url: "/api/scenarios/default", headers: { "content-type": "text/yaml" }, payload: "name: x\n" });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe("read-only");
  });

  it("refuses a malformed id with 400 naming params.id", async () => {
    const res = await app.inject({ method: "PUT", url: "/api/scenarios/Bad%20Id", headers: { "content-type": "text/yaml" }, payload: "name: x\n" });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe("params.id");
  });
});

describe("scenario problems in the language the request prefers (Accept-Language)", () => {
  const zh = { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" };
  const CJK = /[\u4e00-\u9fff]/;
  const yamlText = "demand:\n  surge: 300\n  surj: 3\n";

  it("validate: Chinese messages with the line for zh-CN, English without the header", async () => {
    const res = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "text/yaml", ...zh }, payload: yamlText });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ok: false,
      errors: [
        { path: "demand.surge", message: "300 太大；允许 1 至 100（第 2 行）" },
        { path: "demand.surj", message: '未知的键；是不是 "surge"？（第 3 行）' },
      ],
    });
    const en = await app.inject({ method: "POST", url: "/api/scenarios/validate", headers: { "content-type": "text/yaml" }, payload: yamlText });
    expect(en.json().errors).toEqual([
      { path: "demand.surge", message: "300 is too large; allowed 1 to 100 (line 2)" },
      { path: "demand.surj", message: 'unknown key; did you mean "surge"? (line 3)' },
    ]);
  });

  it("save: 400 with a Chinese message and Chinese issues, same body shape", async () => {
    const res = await app.inject({ method: "PUT", url: "/api/scenarios/bad-zh", headers: zh, payload: { demand: { surge: "lots" }, stations: [{ id: "pack", serviceSec: 1 }, { id: "pack", serviceSec: 2 }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: "validation",
      message: "请求有误，请修改以下各项",
      issues: [{ path: "demand.surge", message: '"lots" 是文本；应为数字（1 至 100）' }],
    });
    const en = await app.inject({ method: "PUT", url: "/api/scenarios/bad-zh", payload: { demand: { surge: "lots" } } });
    expect(en.json()).toEqual({ error: "validation", message: "the request is invalid; see issues for each field", issues: [{ path: "demand.surge", message: '"lots" is text; expected a number (1 to 100)' }] });
  });

  it("runs: the scenario text, its --set overrides and the what-ifs, all in Chinese; English stays the default", async () => {
    const body = { scenarioText: yamlText, sets: ["demand.forecastFactor=0", "staff.roster.pack.nite=2"], replications: 2 };
    const res = await app.inject({ method: "POST", url: "/api/runs", headers: zh, payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: "validation", message: "请求有误，请修改以下各项" });
    expect(res.json().issues).toEqual([
      { path: "scenarioText.demand.surge", message: "300 太大；允许 1 至 100（第 2 行）" },
      { path: "sets[0]", message: "demand.forecastFactor：0 太小；允许大于 0，不超过 10（来自 demand.forecastFactor=0）" },
      { path: "scenarioText.demand.surj", message: '未知的键；是不是 "surge"？（第 3 行）' },
      { path: "sets[1]", message: 'staff.roster.pack.nite：未知的班次 "nite"；现有班次：day（来自 staff.roster.pack.nite=2）' },
    ]);
    const set = await app.inject({ method: "POST", url: "/api/runs", headers: zh, payload: { scenario: "default", sets: ["demand.surj=1"], replications: 2 } });
    expect(set.json().issues).toEqual([{ path: "sets[0]", message: '--set demand.surj=1：demand 中没有 "surj" 这个键；是不是 "surge"？' }]);
    const whatIf = await app.inject({ method: "POST", url: "/api/runs", headers: zh, payload: { scenario: "default", disruptions: [{ type: "powr", at: "09:00", duration: "1h" }], replications: 2 } });
    expect(whatIf.statusCode).toBe(400);
    for (const i of whatIf.json().issues) expect(i.message).toMatch(CJK);
    expect(whatIf.json().issues[0]).toMatchObject({ path: "disruptions[0].type", message: expect.stringContaining('是不是 "power"？') });
    const en = await app.inject({ method: "POST", url: "/api/runs", payload: body });
    expect(en.json().message).toBe("the request is invalid; see issues for each field");
    expect(en.json().issues[1]).toEqual({ path: "sets[0]", message: "demand.forecastFactor: 0 is too small; allowed more than 0, up to 10 (from demand.forecastFactor=0)" });
    for (const i of en.json().issues) expect(i.message).not.toMatch(CJK);
  });

  it("plans: the scenario's problems in Chinese too", async () => {
    const res = await app.inject({ method: "POST", url: "/api/plan", headers: zh, payload: { scenarioText: yamlText } });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toEqual({ path: "scenarioText.demand.surge", message: "300 太大；允许 1 至 100（第 2 行）" });
  });
});

describe("other routes", () => {
  it("answers unknown API routes with a JSON 404", async () => {
    const res = await app.inject({ method: "GET", url: "/api/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe("route-not-found");
  });

  it("serves the page, Chart.js from node_modules, and the OpenAPI docs", async () => {
    const page = await app.inject({ method: "GET", url: "/" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('src="/vendor/chart.umd.min.js"');
    const chart = await app.inject({ method: "GET", url: "/vendor/chart.umd.min.js" });
    expect(chart.statusCode).toBe(200);
    expect(chart.body.length).toBeGreaterThan(50_000);
    const spec = await app.inject({ method: "GET", url: "/docs/json" });
    expect(spec.statusCode).toBe(200);
    const paths = Object.keys(spec.json().paths);
    for (const p of ["/api/runs", "/api/runs/{id}", "/api/runs/{id}/events", "/api/compare", "/api/plan", "/api/scenarios/validate", "/api/runs/{id}/report"]) expect(paths).toContain(p);
    const ui = await app.inject({ method: "GET", url: "/docs" });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it("GET /api/info gives the limits", async () => {
    const res = await app.inject({ method: "GET", url: "/api/info" });
    expect(res.json()).toMatchObject({ maxReplications: 50, maxConcurrentRuns: 2, bodyLimitBytes: 64 * 1024 });
  });
});

describe("preferredLang (Accept-Language)", () => {
  it("is Chinese when the most wanted language is Chinese, else English", () => {
    expect(preferredLang("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh");
    expect(preferredLang("zh-Hans")).toBe("zh");
    expect(preferredLang("en;q=0.5, zh-TW;q=0.8")).toBe("zh");
    expect(preferredLang("en-US,zh;q=0.9")).toBe("en");
    expect(preferredLang("zhx")).toBe("en");
    expect(preferredLang("*")).toBe("en");
    expect(preferredLang("")).toBe("en");
    expect(preferredLang(undefined)).toBe("en");
  });
});
