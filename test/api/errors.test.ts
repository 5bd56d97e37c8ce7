/** Error bodies in the language the request prefers: Chinese throughout with Accept-Language zh-CN, English by default. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { expectFullyChinese } from "../helpers/chinese.js";
import { makeApp } from "./helpers.js";

let app: FastifyInstance;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ app, close } = await makeApp());
});
afterAll(async () => close());

const zh = { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" };

/** Field names of the request bodies and the default scenario's ids: they stay as written. */
const WORDS = ["scenario", "scenarioText", "format", "sets", "disruptions", "replications", "seed", "name", "options", "targets", "fixed", "kind", "start", "budget", "candidates", "utilization", "marginal", "stress", "ids", "guess", "run", "plan", "html", "xlsx", "csv", "json", "yaml"];
const IDS = ["print", "pick", "qc", "pack", "weigh", "day", "d11-ship", "d11-collect", "ship-48h"];

type Req = { method: "GET" | "POST" | "PUT"; url: string; payload?: object | string; headers?: Record<string, string> };

/** Bad requests answered by the request schemas (zod), the planner's checks and the error catalogue. */
const BAD: [string, Req][] = [
  ["a whole number given as text", { method: "POST", url: "/api/runs", payload: { scenario: "default", replications: "x" } }],
  ["a count above the server's limit", { method: "POST", url: "/api/runs", payload: { scenario: "default", replications: 500 } }],
  ["a fraction for a count", { method: "POST", url: "/api/runs", payload: { scenario: "default", replications: 2.5 } }],
  ["an unknown key with a near one", { method: "POST", url: "/api/runs", payload: { scenario: "default", replicatons: 5 } }],
  ["an unknown key", { method: "POST", url: "/api/runs", payload: { scenario: "default", foo: 5 } }],
  ["no scenario", { method: "POST", url: "/api/runs", payload: { replications: 5 } }],
  ["two scenarios", { method: "POST", url: "/api/runs", payload: { scenario: "default", scenarioText: "x" } }],
  ["an unknown format", { method: "POST", url: "/api/runs", payload: { scenario: "default", format: "xml" } }],
  ["sets not a list", { method: "POST", url: "/api/runs", payload: { scenario: "default", sets: "x" } }],
  ["a number for the scenario", { method: "POST", url: "/api/runs", payload: { scenario: 5 } }],
  ["a number for the name", { method: "POST", url: "/api/runs", payload: { scenario: "default", name: 5 } }],
  ["planner options of the wrong type or range", { method: "POST", url: "/api/plan", payload: { scenario: "default", options: { replications: "x", minCrew: 0, budget: -1, utilization: 2, start: "x", allowTemps: "yes" } } }],
  ["a target in a bad form", { method: "POST", url: "/api/plan", payload: { scenario: "default", options: { targets: ["foo", "within30h>=90%"] } } }],
  ["targets not a list", { method: "POST", url: "/api/plan", payload: { scenario: "default", options: { targets: 5 } } }],
  ["a target object of an unknown kind", { method: "POST", url: "/api/plan", payload: { scenario: "default", options: { targets: [{ kind: "late" }] } } }],
  ["maxReplications below replications", { method: "POST", url: "/api/plan", payload: { scenario: "default", options: { maxReplications: 3, replications: 5 } } }],
  ["minCrew above a station's maxStaff", { method: "POST", url: "/api/plan", payload: { scenario: "default", options: { minCrew: 40 } } }],
  ["unknown rule and station", { method: "POST", url: "/api/plan", payload: { scenario: "default", options: { fixed: ["pik.day=3"], targets: ["late:nosuch<=5%"] } } }],
  ["an unknown planner option", { method: "POST", url: "/api/plan", payload: { scenario: "default", options: { maxStaff: 3 } } }],
  ["a query count as text", { method: "GET", url: "/api/runs?limit=abc" }],
  ["an unknown kind in the query", { method: "GET", url: "/api/runs?kind=x" }],
  ["compare without ids", { method: "GET", url: "/api/compare" }],
  ["compare with one id", { method: "GET", url: "/api/compare?ids=a" }],
  ["a query parameter where none is taken", { method: "GET", url: "/api/info?x=1" }],
  ["a bad scenario id", { method: "PUT", url: "/api/scenarios/Bad!", payload: {} }],
  ["an unknown run", { method: "GET", url: "/api/runs/abcdef123456" }],
  ["an unknown scenario", { method: "POST", url: "/api/runs", payload: { scenario: "nosuch" } }],
  ["an unknown route", { method: "GET", url: "/api/nope" }],
  ["a body that is not JSON", { method: "POST", url: "/api/runs", payload: "{bad", headers: { "content-type": "application/json" } }],
  ["an unsupported content type", { method: "POST", url: "/api/runs", payload: "<a/>", headers: { "content-type": "application/xml" } }],
];

describe("error bodies with Accept-Language zh-CN", () => {
  for (const [what, req] of BAD) {
    it(`${what}: Chinese throughout`, async () => {
      const res = await app.inject({ ...req, headers: { ...req.headers, ...zh } });
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      const body = res.json() as { message: string; issues?: { path: string; message: string }[] };
      const echoed = [String(req.url.split("?")[1] ?? ""), "nosuch", "pik", "late", "abcdef123456", "nope", "xml", "Bad!", "application/xml", "application/json"];
      expectFullyChinese(body.message, [...WORDS, ...IDS, ...echoed]);
      for (const i of body.issues ?? []) expectFullyChinese(i.message, [...WORDS, ...IDS, ...echoed]);
    });
  }

  it("says what a zod issue received and what is allowed, by code, with the range or values from the schema", async () => {
    const issues = async (req: Req) => (await app.inject({ ...req, headers: zh })).json().issues;
    expect(await issues(BAD[0][1])).toEqual([{ path: "replications", message: '"x" 是文本；应为整数（1 至 50）' }]);
    expect(await issues(BAD[1][1])).toEqual([{ path: "replications", message: "500 太大；允许 1 至 50（整数）" }]);
    expect(await issues(BAD[3][1])).toEqual([{ path: "replicatons", message: '未知的字段；是不是 "replications"？' }]);
    expect(await issues(BAD[6][1])).toEqual([{ path: "scenario", message: "`scenario` 和 `scenarioText` 只能给出一个" }]);
    expect(await issues(BAD[7][1])).toEqual([{ path: "format", message: '"xml" 不是允许的取值；允许 "yaml"、"json"' }]);
    expect(await issues(BAD[12][1])).toEqual([
      { path: "options.targets[0]", message: '应写成 "late:<rule><=5%"、"within24h>=95%"（12 或 24 h）或 "wait:<station><=30min"（实为 "foo"）' },
      { path: "options.targets[1]", message: '小时数须为 12 或 24（模型只记录这两个比例）（实为 "within30h>=90%"）' },
    ]);
    expect(await issues(BAD[16][1])).toEqual([
      { path: "options.minCrew", message: "“每工位每班至少（人）”（minCrew）为 40，超过了 print（maxStaff 10）、pick（maxStaff 30）、qc（maxStaff 20）、weigh（maxStaff 10）能容纳的人数，排不下一整组；须在 1 到 10 之间，或在场景中调高 maxStaff" },
    ]);
    expect(await issues(BAD[21][1])).toEqual([{ path: "query.ids", message: "缺少此项；必填，应为两个运行 id，用逗号分隔，如 ids=a1b2c3d4e5f6,0f9e8d7c6b5a" }]);
    const notFound = await app.inject({ method: "GET", url: "/api/runs/abcdef123456", headers: zh });
    expect(notFound.json()).toEqual({ error: "not-found", message: '运行 "abcdef123456" 不存在' });
  });

  it("keeps the English as it was without the header", async () => {
    const body = async (req: Req) => (await app.inject(req)).json();
    expect(await body(BAD[0][1])).toEqual({ error: "validation", message: "the request is invalid; see issues for each field", issues: [{ path: "replications", message: 'replications must be a whole number from 1 to 50, got "x"' }] });
    expect((await body(BAD[3][1])).issues).toEqual([{ path: "replicatons", message: 'unknown field; did you mean "replications"?' }]);
    expect((await body(BAD[7][1])).issues).toEqual([{ path: "format", message: 'Invalid option: expected one of "yaml"|"json"' }]);
    expect((await body(BAD[21][1])).issues).toEqual([{ path: "query.ids", message: "ids is required: two run ids separated by a comma, e.g. ids=a1b2c3d4e5f6,0f9e8d7c6b5a" }]);
    expect((await body(BAD[24][1])).issues).toEqual([{ path: "params.id", message: 'scenario id must be 1-64 lower-case letters, digits, - or _, starting with a letter or digit, got "Bad!"' }]);
    expect(await body(BAD[25][1])).toEqual({ error: "not-found", message: 'run "abcdef123456" does not exist' });
    expect(await body(BAD[28][1])).toEqual({ error: "bad-request", message: "bad request: Body is not valid JSON but content-type is set to 'application/json'" });
    expect((await body(BAD[16][1])).issues[0].message).toMatch(/^minCrew \(40\) is more than print \(maxStaff 10\)/);
  });
});
