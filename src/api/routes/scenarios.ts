/** Scenario routes: list, read, validate, save (saved scenarios live in the store, never in scenarios/). */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { parseScenarioData, parseScenarioText, type ParseResult } from "../../sim/model/load.js";
import type { AppContext } from "../app.js";
import { ApiError, validationError } from "../errors.js";
import { entryNames, preferredLang, resolveScenario, toIssues } from "../library.js";
import { warningsOf } from "./accepted.js";
import { defaultTargets } from "../../sim/planner/index.js";
import { bodyScenarioIssues, CheckBody, ScenarioBody, ScenarioIdParams } from "../schemas.js";

const tags = ["scenarios"];

/** Parses a body that is either text (YAML/JSON) or an already-parsed JSON object. */
function parseBody(body: string | Record<string, unknown>, contentType: string | undefined): ParseResult {
  if (typeof body === "string") return parseScenarioText(body, { format: contentType?.includes("json") ? "json" : undefined });
  return parseScenarioData(body);
}

export function registerScenarioRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get("/scenarios", { schema: { tags, summary: "The scenarios: files in scenarios/ and those saved through the API" } }, async () => ctx.library.list());

  api.get("/scenarios/:id", { schema: { tags, summary: "One scenario: its text and the validated scenario with every default filled in, and the planner's defaultTargets (used when the scenario names no targets)", params: ScenarioIdParams } }, async (req) => {
    const entry = ctx.library.get(req.params.id);
    if (!entry) throw new ApiError("not-found", { what: "scenario", id: req.params.id });
    const r = parseScenarioText(entry.text, { format: entry.format, source: entry.id });
    const name = r.ok ? entryNames(r.scenario) : { name: entry.id };
    // defaultTargets: what the planner plans against when the scenario names no targets (the page's planner tab shows them).
    return r.ok
      ? { ...entry, ...name, ok: true, errors: [], scenario: r.scenario, defaultTargets: defaultTargets(r.scenario) }
      : { ...entry, ...name, ok: false, errors: toIssues(r.errors, "", preferredLang(req.headers["accept-language"])), scenario: null };
  });

  api.post(
    "/scenarios/validate",
    {
      schema: {
        tags,
        summary: "Validates a scenario (YAML/JSON text or a JSON object); 200 with ok and the problems by field path (when valid, the scenario and the planner's defaultTargets)",
        body: ScenarioBody,
      },
    },
    async (req) => {
      const r = parseBody(req.body, req.headers["content-type"]);
      return r.ok
        ? { ok: true, errors: [], warnings: warningsOf(r.scenario), scenario: r.scenario, defaultTargets: defaultTargets(r.scenario) }
        : { ok: false, errors: toIssues(r.errors, "", preferredLang(req.headers["accept-language"])) };
    },
  );

  api.post(
    "/scenarios/check",
    {
      // A body with an unknown field is also checked for its scenario's problems (one 400 with all of them).
      config: { bodyProblems: (body: unknown, lang: "en" | "zh") => bodyScenarioIssues(ctx.library, body, lang) },
      schema: {
        tags,
        summary:
          "Checks the scenario part of a run or plan request (scenario or scenarioText, sets, disruptions) as POST /api/runs and POST /api/plan read it, without starting anything; 200 with ok and the problems by the request's field paths (sets[i], scenarioText.…, disruptions[i]…)",
        body: CheckBody,
      },
    },
    async (req) => {
      const r = resolveScenario(ctx.library, req.body, preferredLang(req.headers["accept-language"]));
      return r.ok ? { ok: true, errors: [], warnings: warningsOf(r.scenario, r.names), scenario: r.scenario } : { ok: false, errors: r.issues };
    },
  );

  api.put(
    "/scenarios/:id",
    {
      schema: {
        tags,
        summary: "Saves a scenario under an id (400 with the problems if it does not validate; 409 for the ids of built-in files)",
        params: ScenarioIdParams,
        body: ScenarioBody,
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      if (ctx.library.isFile(id)) throw new ApiError("read-only", { id });
      const r = parseBody(req.body, req.headers["content-type"]);
      if (!r.ok) {
        const lang = preferredLang(req.headers["accept-language"]);
        throw validationError(toIssues(r.errors, "", lang), lang);
      }
      const text = typeof req.body === "string" ? req.body : JSON.stringify(req.body, null, 2);
      const format = typeof req.body === "string" && !/^\s*[[{]/.test(req.body) ? "yaml" : "json";
      const existed = ctx.store.getScenario(id) !== undefined;
      const saved = ctx.store.saveScenario({ id, ...entryNames(r.scenario), text, format });
      reply.code(existed ? 200 : 201);
      return { id: saved.id, ...entryNames({ name: { en: saved.name, zh: saved.nameZh } }), source: "saved", format: saved.format, updatedAt: saved.updatedAt };
    },
  );
}
