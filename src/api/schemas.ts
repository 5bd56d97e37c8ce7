/**
 * Request schemas of the HTTP API (zod, also the OpenAPI description at /docs).
 * Messages name the field, the allowed range and the value received, because a
 * zod default ("Too big") does not tell a manager what to type.
 */
import { z } from "zod";
import { describeAs } from "../sim/model/load.js";
import { plannerOptions } from "../sim/planner/options.js";
import type { Issue } from "./errors.js";
import { resolveScenario, SCENARIO_ID_RE, type ResolveResult, type ScenarioLibrary } from "./library.js";

const got = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v)?.slice(0, 60) ?? String(v));

/** A whole number in [min, max] whose every error says so. */
export function wholeNumber(field: string, min: number, max: number) {
  const msg = (iss: { input?: unknown }) => `${field} must be a whole number from ${min} to ${max}, got ${got(iss.input)}`;
  return z.number({ error: msg }).int({ error: msg }).min(min, { error: msg }).max(max, { error: msg });
}

export const Id = z.string().min(1).max(64).describe("Run id (12 hex digits)");
export const IdParams = z.object({ id: Id });

export const ScenarioIdParams = z.object({
  // As .regex(SCENARIO_ID_RE, { error }) (the same "invalid_format" issue), with the message's Chinese, which .regex would not keep.
  id: z.string().check((ctx) => {
    if (SCENARIO_ID_RE.test(ctx.value)) return;
    ctx.issues.push({
      code: "invalid_format",
      format: "regex",
      pattern: SCENARIO_ID_RE.toString(),
      input: ctx.value,
      message: `scenario id must be 1-64 lower-case letters, digits, - or _, starting with a letter or digit, got ${got(ctx.value)}`,
      params: { zh: "场景 id 须为 1 到 64 个小写字母、数字、- 或 _，以字母或数字开头" },
    });
  }),
});

/** Where the scenario of a run or plan comes from, and what to change in it. */
const scenarioFields = {
  scenario: describeAs(z.union([z.string().min(1).max(64), z.record(z.string(), z.unknown())]), {
    en: 'a library id such as "default" (see GET /api/scenarios), or the scenario as an object',
    zh: '场景库 id，如 "default"（见 GET /api/scenarios），或场景对象',
  })
    .optional()
    .describe('A library id ("default", see GET /api/scenarios) or the scenario as a JSON object'),
  scenarioText: z.string().optional().describe("The scenario as YAML or JSON text (instead of `scenario`)"),
  format: z.enum(["yaml", "json"]).optional().describe("Format of scenarioText (default: detected)"),
  sets: z
    .array(z.string().max(500, { error: "each set must be at most 500 characters" }))
    .max(200, { error: "at most 200 sets" })
    .default([])
    .describe('Overrides "path=value", e.g. "staff.roster.pack.day=8", "demand.forecastFactor=2"'),
  disruptions: z
    .array(z.record(z.string(), z.unknown()))
    .max(50, { error: "at most 50 disruptions" })
    .default([])
    .describe('What-ifs appended to the scenario\'s disruptions, e.g. {type: "printer-down", at: "09:00", duration: "3h"}'),
};

function oneScenario(v: { scenario?: unknown; scenarioText?: unknown }, ctx: z.RefinementCtx): void {
  const n = (v.scenario !== undefined ? 1 : 0) + (v.scenarioText !== undefined ? 1 : 0);
  if (n !== 1) {
    ctx.addIssue({
      code: "custom",
      path: ["scenario"],
      message: n === 0 ? "give the scenario: `scenario` (a library id or an object) or `scenarioText` (YAML/JSON text)" : "give only one of `scenario` and `scenarioText`",
      params: { zh: n === 0 ? "请给出场景：`scenario`（场景库 id 或场景对象）或 `scenarioText`（YAML/JSON 文本）" : "`scenario` 和 `scenarioText` 只能给出一个" },
    });
  }
}

/**
 * The scenario part of a run or plan request, checked without starting anything
 * (POST /api/scenarios/check): the page asks again in the other language after a
 * switch, where asking POST /api/runs again could start a run.
 */
export const CheckBody = z.strictObject(scenarioFields).superRefine(oneScenario);
export type CheckBody = z.output<typeof CheckBody>;

/**
 * The scenario of a request whose body failed its schema (a run, a plan, a check), built
 * from its scenario fields alone, so that one 400 names the scenario's problems beside the
 * body's: all errors at once (a `replications` out of range must not hide a bad set).
 * Undefined when those fields fail their own schema (no scenario, or both, a set too long):
 * nothing can be built from them, and the body's errors say what to fix first.
 */
export function bodyScenario(lib: ScenarioLibrary, body: unknown, lang: "en" | "zh"): ResolveResult | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const fields = Object.fromEntries(Object.keys(scenarioFields).flatMap((k) => (Object.hasOwn(body, k) ? [[k, (body as Record<string, unknown>)[k]]] : [])));
  const parsed = CheckBody.safeParse(fields);
  return parsed.success ? resolveScenario(lib, parsed.data, lang) : undefined;
}

/** The scenario's problems of a body that failed its schema (see bodyScenario); an unknown library id is one of them. */
export function bodyScenarioIssues(lib: ScenarioLibrary, body: unknown, lang: "en" | "zh"): Issue[] {
  const r = bodyScenario(lib, body, lang);
  return r && !r.ok ? r.issues : [];
}

export function runBody(maxReplications: number) {
  return z
    .strictObject({
      ...scenarioFields,
      replications: wholeNumber("replications", 1, maxReplications).default(Math.min(20, maxReplications)).describe(`Replications (independent runs with their own seeds), 1 to ${maxReplications}`),
      seed: wholeNumber("seed", 0, 2 ** 32 - 1).optional().describe("Base seed (default: the scenario's)"),
      name: z.string().max(120).optional().describe("A label for the run history (default: the scenario's name, its Chinese name when the Accept-Language header prefers Chinese)"),
    })
    .superRefine(oneScenario);
}
export type RunBody = z.output<ReturnType<typeof runBody>>;

export function planBody(maxReplications: number) {
  return z
    .strictObject({
      ...scenarioFields,
      seed: wholeNumber("seed", 0, 2 ** 32 - 1).optional(),
      name: z.string().max(120).optional(),
      // The replication counts bounded by this server's limit (their errors say so). prefault, not
      // default: zod 4 returns a default as it is, unparsed, so `{}` would skip every inner default.
      options: plannerOptions(maxReplications)
        .prefault({})
        .describe(`Planner options: targets (default: the scenario's, else the planner's default targets, late:d11-ship<=5% where the scenario has that rule and within24h>=95%, as GET /api/scenarios/{id} gives them in defaultTargets; objects or text such as "late:d11-ship<=5%"), constraints and search settings; replications at most ${maxReplications}`),
    })
    .superRefine(oneScenario);
}
export type PlanBody = z.output<ReturnType<typeof planBody>>;

export const RunsQuery = z.strictObject({
  kind: z.enum(["run", "plan"]).optional(),
  limit: z.coerce.number({ error: "limit must be a whole number from 1 to 500" }).int({ error: "limit must be a whole number from 1 to 500" }).min(1, { error: "limit must be a whole number from 1 to 500" }).max(500, { error: "limit must be a whole number from 1 to 500" }).default(100),
});

export const ReportQuery = z.strictObject({
  format: z.enum(["html", "xlsx", "csv", "json"], { error: (iss) => `format must be one of html, xlsx, csv, json, got ${got(iss.input)}` }).default("html"),
  lang: z
    .enum(["en", "zh"], { error: (iss) => `lang must be en or zh, got ${got(iss.input)}` })
    .optional()
    .describe("en or zh (default: the language the Accept-Language header prefers: zh for zh, zh-CN, zh-Hans..., else en)"),
  table: z.string().max(64).optional().describe("CSV only: which table. Runs: summary, deadlines, hourly, stations, staffing, cohorts, couriers, bottlenecks, shipping, replications, manifest; plans: staffing, targets, marginal, cost, steps, notes, manifest"),
});

export const CompareQuery = z.strictObject({
  ids: describeAs(
    z
      .string({ error: "ids is required: two run ids separated by a comma, e.g. ids=a1b2c3d4e5f6,0f9e8d7c6b5a" })
      .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
      .refine((a) => a.length === 2, { message: "ids must be exactly two run ids separated by a comma", params: { zh: "ids 须为恰好两个运行 id，用逗号分隔" } }),
    { en: "two run ids separated by a comma, e.g. ids=a1b2c3d4e5f6,0f9e8d7c6b5a", zh: "两个运行 id，用逗号分隔，如 ids=a1b2c3d4e5f6,0f9e8d7c6b5a" },
  ),
});

/** Body of validate / save: YAML or JSON text, or a JSON object. */
export const ScenarioBody = z.union([z.string(), z.record(z.string(), z.unknown())]).describe("The scenario: YAML/JSON text (content-type text/yaml or text/plain) or a JSON object");
