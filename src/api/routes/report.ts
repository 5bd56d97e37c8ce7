/**
 * GET /api/runs/:id/report: a run's risk report, or a plan's report, as a download
 * (HTML, XLSX, CSV, JSON), rendered on demand from the stored result by the report
 * modules, with the reproducibility manifest.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { peaklineVersion, readChartJs, scenarioHash } from "../../runtime.js";
import { replicationSeed } from "../../sim/engine/random.js";
import type { Experiment } from "../../sim/experiment/types.js";
import type { Scenario } from "../../sim/model/schema.js";
import type { PlanResult } from "../../sim/planner/index.js";
import { CSV_TABLES, renderReport } from "../../sim/report/index.js";
import { buildManifest, commandLine, disruptionChange, type Manifest } from "../../sim/report/manifest.js";
import { buildPlanManifest, PLAN_TABLES, renderPlan } from "../../sim/report/plan.js";
import type { AppContext } from "../app.js";
import { ApiError, validationError } from "../errors.js";
import { preferredLang } from "../library.js";
import { IdParams, ReportQuery } from "../schemas.js";
import type { RunRecord } from "../store.js";
import { getRunOr404 } from "./runs.js";

const CONTENT_TYPE = {
  html: "text/html; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
} as const;

/**
 * The CLI command that re-runs a stored run: the library file with the same sets
 * when there is one and no extra what-ifs; otherwise the manifest's scenario
 * (saved as scenario.json) with the same replications and seed.
 */
function rerunCommand(ctx: AppContext, r: RunRecord): string {
  const tail = r.kind === "run" ? ["--replications", String(r.replications), "--seed", String(r.seed)] : ["--seed", String(r.seed)];
  const entry = r.scenarioId ? ctx.library.get(r.scenarioId) : undefined;
  if (entry?.source === "file" && !r.whatIf) {
    const file = `scenarios/${r.scenarioId}.${entry.format === "json" ? "json" : "yaml"}`;
    return commandLine([r.kind, file, ...r.sets.flatMap((s) => ["--set", s]), ...tail]);
  }
  return commandLine([r.kind, "scenario.json", ...tail]);
}

export function registerReportRoute(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/runs/:id/report",
    {
      schema: {
        tags: ["runs"],
        summary: "A run's risk report or a plan's report as a download: html, xlsx, csv (one table: ?table=) or json; lang en or zh (default: from Accept-Language)",
        params: IdParams,
        querystring: ReportQuery,
      },
    },
    async (req, reply) => {
      const r = getRunOr404(ctx, req.params.id);
      const { format, table } = req.query;
      // An explicit ?lang= wins; without it the report speaks the language the request prefers, as the rest of the API.
      const lang = req.query.lang ?? preferredLang(req.headers["accept-language"]);
      if (r.status !== "done") throw new ApiError("not-finished", { id: r.id, status: r.status });
      const tables: readonly string[] = r.kind === "plan" ? PLAN_TABLES : CSV_TABLES;
      // Errors in the language of the request's own messages (Accept-Language), as every other error.
      const said = preferredLang(req.headers["accept-language"]);
      const refuse = (en: string, zh: string) => validationError([{ path: "query.table", message: said === "zh" ? zh : en }], said);
      if (table !== undefined && format !== "csv") throw refuse("table applies to format=csv only", "table 只用于 format=csv");
      if (table !== undefined && !tables.includes(table)) {
        throw refuse(`table must be one of ${tables.join(", ")} for a ${r.kind}, got ${JSON.stringify(table)}`, `${r.kind === "plan" ? "规划" : "运行"}的 table 须为 ${tables.join("、")} 之一，实为 ${JSON.stringify(table)}`);
      }
      const stored = ctx.store.getResult(r.id);
      if (!stored) throw new ApiError("not-found", { what: "stored result of run", id: r.id });
      const disruptions = ((r.whatIf as { disruptions?: Parameters<typeof disruptionChange>[0][] } | null)?.disruptions ?? []).map(disruptionChange);
      const info = { version: peaklineVersion(), command: rerunCommand(ctx, r), changes: [...r.sets, ...disruptions], generatedAt: new Date().toISOString(), runtime: `node ${process.version}` };
      let body: string | Uint8Array;
      if (r.kind === "plan") {
        const result = stored as PlanResult;
        const scenario = r.scenario as Scenario;
        // The recommended plan's replications: seed r = replicationSeed(settings.seed, r), as the CLI's plan manifest.
        const seeds = Array.from({ length: result.evaluation.replications }, (_, k) => replicationSeed(result.settings.seed, k));
        const manifest: Manifest = buildPlanManifest(result, scenario, { ...info, sha256: scenarioHash(scenario) }, seeds);
        body = await renderPlan(result, { format, lang, table, manifest, scenario });
      } else {
        const exp = stored as Experiment;
        const manifest = buildManifest(exp, { ...info, sha256: scenarioHash(exp.scenario) });
        body = await renderReport(exp, { format, lang, table, manifest, chartJs: format === "html" ? readChartJs() : undefined });
      }
      const file = `peakline-${r.kind === "plan" ? "plan-" : ""}${r.id}${table ? `-${table}` : ""}-${lang}.${format}`;
      reply
        .header("content-type", CONTENT_TYPE[format])
        .header("content-disposition", `attachment; filename="${file}"`)
        .header("cache-control", "no-store");
      return typeof body === "string" ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    },
  );
}
