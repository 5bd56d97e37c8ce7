/**
 * POST /api/plan: the planner (cheapest staffing that meets the targets) runs in
 * the background like a run: 202 with an id, progress on GET /api/runs/:id/events
 * (done = candidate evaluations), the PlanResult on GET /api/runs/:id when done.
 * The 202 carries the scenario's warnings; the PlanResult's `warnings` adds those
 * of the scenario with the plan applied (`source`: scenario, plan or both).
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AppContext } from "../app.js";
import { ApiError, type Issue, validationError } from "../errors.js";
import { jobScenarioOrThrow, preferredLang } from "../library.js";
import { Accepted, accepted, Checked, warningsOf } from "./accepted.js";
import { bodyScenario, planBody, type PlanBody } from "../schemas.js";
import type { Scenario } from "../../sim/model/schema.js";
import { validatePlanRequest } from "../../sim/planner/index.js";

/**
 * The request field a planner input problem belongs to: under `options`, except a
 * target the request did not give (the scenario's own `targets`), which points at
 * the scenario: its entry in an inline object, else `scenarioText` or `scenario`.
 * A default target (neither names any) is `options.targets`: giving them is the fix.
 */
function issuePath(path: string, b: { scenario?: unknown; scenarioText?: unknown; options: { targets?: unknown } }, defaults: boolean): string {
  if (/^targets\b/.test(path) && defaults) return "options.targets";
  if (/^targets\b/.test(path) && b.options.targets === undefined) {
    if (b.scenario !== undefined && typeof b.scenario === "object") return `scenario.${path}`;
    return b.scenarioText !== undefined ? "scenarioText" : "scenario";
  }
  return `options.${path.replace(/^\(options\)$/, "")}`.replace(/\.$/, "");
}

/**
 * A plan request read as POST /api/plan reads it: the planner there, the scenario with
 * its sets and what-ifs, the targets and constraints against it. Throws the answer
 * the route would give (503, 404, 400 in the request's language).
 */
function checkedPlan(ctx: AppContext, b: PlanBody, acceptLanguage: string | undefined) {
  if (!ctx.jobs.plannerAvailable) throw new ApiError("unavailable", { what: "the planner" });
  const lang = preferredLang(acceptLanguage);
  const { names, ...job } = jobScenarioOrThrow(ctx.library, b, lang);
  const options = b.seed !== undefined ? { ...b.options, seed: b.seed } : b.options;
  const issues = planIssues(job.scenario, b, options, lang);
  if (issues.length) throw validationError(issues, lang);
  return { job, options, names };
}

/**
 * The problems of a plan's targets and fixed variables against its scenario, checked before
 * any simulation, at the request's paths (in Chinese where the planner has it).
 */
function planIssues(scenario: Scenario, b: Parameters<typeof issuePath>[1], options: PlanBody["options"], lang: "en" | "zh"): Issue[] {
  const v = validatePlanRequest(scenario, options);
  if (v.ok) return [];
  // Neither the request nor the scenario names a target: the planner's defaults (as the page shows them) were checked.
  const defaults = b.options.targets === undefined && scenario.targets.length === 0;
  const said = (i: (typeof v.issues)[number]) => (lang === "zh" && i.zh ? i.zh : i.message);
  const note = (i: (typeof v.issues)[number]) =>
    defaults && /^targets\b/.test(i.path) ? (lang === "zh" ? "（默认目标：请求和场景都没有给出目标）" : " (a default target: neither the request nor the scenario names any)") : "";
  return v.issues.map((i) => ({ path: issuePath(i.path, b, defaults), message: `${said(i)}${note(i)}` }));
}

/**
 * The problems of a plan body that failed its schema beside the schema's (one 400 with all
 * of them): its scenario's, and when that builds and the options pass their own schema,
 * the targets' and fixed variables' against it.
 */
function planBodyProblems(ctx: AppContext, body: unknown, lang: "en" | "zh"): Issue[] {
  const r = bodyScenario(ctx.library, body, lang);
  if (!r?.ok) return r?.issues ?? [];
  const b = body as { scenario?: unknown; scenarioText?: unknown; options?: unknown };
  const options = planBody(ctx.opts.maxReplications).shape.options.safeParse(b.options);
  return options.success ? planIssues(r.scenario, { ...b, options: options.data }, options.data, lang) : [];
}

export function registerPlanRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const config = { bodyProblems: (body: unknown, lang: "en" | "zh") => planBodyProblems(ctx, body, lang) };
  api.post(
    "/plan",
    {
      config,
      schema: {
        tags: ["planner"],
        summary: "Starts the planner on a scenario; 202 with an id (follow /api/runs/{id}/events, read /api/runs/{id})",
        body: planBody(ctx.opts.maxReplications),
        response: { 202: Accepted },
      },
    },
    async (req, reply) => {
      const { job, options, names } = checkedPlan(ctx, req.body, req.headers["accept-language"]);
      const rec = ctx.jobs.startPlan({
        ...job,
        seed: options.seed ?? job.scenario.seed,
        replications: options.replications,
        options,
        maxEvaluations: options.maxEvaluations,
        // The plan's own warnings (its result) name the request's what-ifs as the 202's do.
        warningNames: names,
      });
      return accepted(reply, rec, job.scenario, names);
    },
  );

  // The page asks again in another language for a plan it was refused (a language switch), starting nothing.
  api.post(
    "/plan/check",
    {
      config,
      schema: {
        tags: ["planner"],
        summary:
          "Checks a plan request as POST /api/plan reads it (the same body; 400, 404 or 503 with the same problems, in the language asked for), starting nothing; 200 with ok and the scenario's warnings. Whether a plan could start now (429) is not checked",
        body: planBody(ctx.opts.maxReplications),
        response: { 200: Checked },
      },
    },
    async (req) => {
      const { job, names } = checkedPlan(ctx, req.body, req.headers["accept-language"]);
      return { ok: true as const, warnings: warningsOf(job.scenario, names) };
    },
  );
}
