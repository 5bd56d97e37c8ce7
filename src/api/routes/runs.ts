/**
 * Run routes: start (202 + id), history, status and results, progress as
 * Server-Sent Events, cancel, compare two runs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { startEpochMs } from "../../sim/model/time.js";
import type { Scenario } from "../../sim/model/schema.js";
import type { AppContext } from "../app.js";
import { compareRuns } from "../compare.js";
import { ApiError, validationError } from "../errors.js";
import type { JobEvent } from "../jobs.js";
import { jobScenarioOrThrow, preferredLang } from "../library.js";
import { Accepted, accepted, Checked, warningsOf } from "./accepted.js";
import { bodyScenarioIssues, CompareQuery, IdParams, RunsQuery, runBody } from "../schemas.js";
import type { RunRecord } from "../store.js";
import { registerReportRoute } from "./report.js";
import { figureLabel } from "../../sim/report/i18n.js";
import { displayNames, type NamedRun } from "../../sim/report/tables.js";

const tags = ["runs"];

/** Milliseconds between SSE keep-alive comments (proxies drop silent connections). */
const SSE_KEEPALIVE_MS = 15_000;

/** What GET /api/runs/:id shows: the record without the bulky per-replication figures. */
export function runView(ctx: AppContext, r: RunRecord) {
  const { figures: _figures, ...rest } = r;
  const scenario = r.scenario as Scenario;
  let epoch: number | null = null;
  try {
    epoch = startEpochMs(scenario);
  } catch {
    epoch = null;
  }
  const live = ctx.jobs.progress(r.id);
  return {
    ...rest,
    progress: live ? { done: live.done, total: live.total } : r.progress,
    message: live?.message,
    messageZh: live?.zh,
    timeZone: scenario.timeZone,
    startEpochMs: epoch,
    result: r.kind === "plan" && r.status === "done" ? ctx.store.getResult(r.id) : undefined,
    links:
      r.kind === "run" && r.status === "done"
        ? // No lang: the report speaks the language of the request that follows the link (Accept-Language).
          { events: `/api/runs/${r.id}/events`, report: `/api/runs/${r.id}/report?format=html` }
        : { events: `/api/runs/${r.id}/events` },
  };
}

export function getRunOr404(ctx: AppContext, id: string): RunRecord {
  const r = ctx.store.getRun(id);
  if (!r) throw new ApiError("not-found", { what: "run", id });
  return r;
}

/** Streams a job's progress as SSE: `progress` events, then one `done` event; ends at once for a finished job. */
export function streamEvents(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, id: string): void {
  const run = getRunOr404(ctx, id);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  let open = true;
  const send = (event: string, data: unknown) => {
    if (open) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const finish = (ev: { status: string; error?: string | null }) => {
    send("done", { status: ev.status, ...(ev.error ? { error: ev.error } : {}) });
    cleanup();
    res.end();
  };
  let unsubscribe: (() => void) | undefined;
  let keepAlive: NodeJS.Timeout | undefined;
  const cleanup = () => {
    open = false;
    unsubscribe?.();
    if (keepAlive) clearInterval(keepAlive);
  };
  res.write("retry: 3000\n\n");
  const live = ctx.jobs.progress(id);
  send("progress", live ? { done: live.done, total: live.total } : run.progress);
  unsubscribe = ctx.jobs.subscribe(id, (ev: JobEvent) => {
    if (ev.type === "progress") send("progress", { done: ev.done, total: ev.total, ...(ev.message ? { message: ev.message } : {}), ...(ev.zh ? { zh: ev.zh } : {}) });
    else finish(ev);
  });
  if (!unsubscribe) {
    // Not active: finished before (or while) we subscribed. Read the final state.
    const now = ctx.store.getRun(id) ?? run;
    finish({ status: now.status, error: now.error });
    return;
  }
  keepAlive = setInterval(() => open && res.write(": keep-alive\n\n"), SSE_KEEPALIVE_MS);
  // The client went away (tab closed, EventSource.close()): stop listening, keep the job running.
  req.raw.on("close", cleanup);
}

export function registerRunRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { maxReplications } = ctx.opts;
  // A body that fails its schema is also checked for its scenario's problems (one 400 with all of them).
  const config = { bodyProblems: (body: unknown, lang: "en" | "zh") => bodyScenarioIssues(ctx.library, body, lang) };

  api.post(
    "/runs",
    {
      config,
      schema: {
        tags,
        summary: "Starts a run (replications on worker threads); 202 with its id",
        body: runBody(maxReplications),
        response: { 202: Accepted },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const { names, ...job } = jobScenarioOrThrow(ctx.library, b, preferredLang(req.headers["accept-language"]));
      const rec = ctx.jobs.startRun({ ...job, seed: b.seed ?? job.scenario.seed, replications: b.replications });
      // Warnings name the request's what-ifs by their index in its `disruptions`, as errors do.
      return accepted(reply, rec, job.scenario, names);
    },
  );

  // The page asks again in another language for a run it was refused (a language switch), starting nothing.
  api.post(
    "/runs/check",
    {
      config,
      schema: {
        tags,
        summary:
          "Checks a run request as POST /api/runs reads it (the same body; 400 or 404 with the same problems, in the language asked for), starting nothing; 200 with ok and the scenario's warnings. Whether a run could start now (429) is not checked",
        body: runBody(maxReplications),
        response: { 200: Checked },
      },
    },
    async (req) => {
      const { names, ...job } = jobScenarioOrThrow(ctx.library, req.body, preferredLang(req.headers["accept-language"]));
      return { ok: true as const, warnings: warningsOf(job.scenario, names) };
    },
  );

  api.get("/runs", { schema: { tags, summary: "Run history, newest first", querystring: RunsQuery } }, async (req) => {
    return ctx.store.listRuns(req.query.limit, req.query.kind).map((r) => {
      const live = ctx.jobs.progress(r.id);
      return live ? { ...r, progress: { done: live.done, total: live.total } } : r;
    });
  });

  api.get("/runs/:id", { schema: { tags, summary: "A run's status, and its summary when done (a plan's result)", params: IdParams } }, async (req) => runView(ctx, getRunOr404(ctx, req.params.id)));

  api.get(
    "/runs/:id/events",
    { schema: { tags, summary: "Progress as Server-Sent Events: `event: progress` {done,total} ..., then `event: done` {status, error?}", params: IdParams } },
    (req, reply) => streamEvents(ctx, req, reply, req.params.id),
  );

  api.post("/runs/:id/cancel", { schema: { tags, summary: "Cancels a queued or running run (or plan)", params: IdParams } }, async (req) => {
    const run = getRunOr404(ctx, req.params.id);
    if (!ctx.jobs.cancel(run.id)) throw new ApiError("not-cancellable", { id: run.id, status: run.status });
    return { id: run.id, status: "cancelled" };
  });

  api.delete("/runs/:id", { schema: { tags, summary: "Deletes an ended run (or plan) and its results; 409 while it is queued or running (cancel it first)", params: IdParams } }, async (req, reply) => {
    const run = getRunOr404(ctx, req.params.id);
    if (run.status === "queued" || run.status === "running") throw new ApiError("still-running", { id: run.id, status: run.status });
    // Deleted meanwhile by another request: 404 as for any unknown id.
    if (!ctx.store.deleteRun(run.id)) getRunOr404(ctx, run.id);
    return reply.code(204).send();
  });

  api.get(
    "/compare",
    { schema: { tags, summary: "Two runs side by side: every figure, the difference B - A and its 95% interval (paired when the runs share seeds)", querystring: CompareQuery } },
    async (req) => {
      const [ia, ib] = req.query.ids;
      const runs = [ia, ib].map((id, k) => {
        const r = getRunOr404(ctx, id);
        if (r.kind !== "run" || r.status !== "done" || !r.figures || !r.seeds) {
          if (r.kind !== "run") {
            const lang = preferredLang(req.headers["accept-language"]);
            throw validationError([{ path: `query.ids[${k}]`, message: lang === "zh" ? `"${id}" 是规划，不是运行；请比较两个运行` : `"${id}" is a plan, not a run; compare two runs` }], lang);
          }
          throw new ApiError("not-finished", { id, status: r.status });
        }
        return r;
      });
      const [a, b] = runs;
      const cmp = compareRuns({ figures: a.figures!, seeds: a.seeds! }, { figures: b.figures!, seeds: b.seeds! });
      const head = (r: RunRecord) => ({ id: r.id, name: r.name, ...(r.names ? { names: r.names } : {}), createdAt: r.createdAt, replications: r.replications, seed: r.seed, sets: r.sets, whatIf: r.whatIf });
      // Each figure's name in words, both languages (stations, rules and couriers by run A's names, else B's).
      const named = (r: RunRecord): NamedRun => {
        const sum = (r.summary ?? {}) as Partial<NamedRun["summary"]>;
        const sc = (r.scenario ?? {}) as Partial<NamedRun["scenario"]>;
        return { summary: { stations: sum.stations ?? [], deadlines: sum.deadlines ?? [], couriers: sum.couriers ?? [] }, scenario: { stations: sc.stations ?? [] } };
      };
      const names = (lang: "en" | "zh") => ({ ...displayNames(named(b), lang), ...displayNames(named(a), lang) });
      const en = names("en");
      const zh = names("zh");
      const figures = cmp.figures.map((f) => ({ ...f, label: { en: figureLabel(f.name, "en", en), zh: figureLabel(f.name, "zh", zh) } }));
      return { a: head(a), b: head(b), ...cmp, figures };
    },
  );

  registerReportRoute(app, ctx);
}
