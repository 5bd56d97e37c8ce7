/**
 * Builds the Peakline HTTP app (Fastify 5) apart from `listen`, so tests drive it
 * with `app.inject()` and src/server.ts only adds the port.
 *
 * - JSON API under /api, requests validated with zod (fastify-type-provider-zod),
 *   OpenAPI description at /docs.
 * - Static page from web/, Chart.js from node_modules (no CDN: works offline).
 * - Every error answers `{ error, message, issues? }` with the catalogue's status
 *   (src/api/errors.ts); bad input is a 400 naming the field, never a 500.
 */
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chartJsDir } from "../runtime.js";
import { createWorkerPool, runExperiment, type WorkerPool } from "../sim/experiment/pool.js";
import { explainSchemaIssue, unknownKeyHint } from "../sim/model/load.js";
import { ApiError, badRequestDetail, pointerSegments, pointerToPath, validationError, type Issue } from "./errors.js";
import { JobManager, type Engine } from "./jobs.js";
import { preferredLang, ScenarioLibrary } from "./library.js";
import { defaultPlanner } from "./planner.js";
import { registerPlanRoutes } from "./routes/plan.js";
import { registerRunRoutes } from "./routes/runs.js";
import { registerScenarioRoutes } from "./routes/scenarios.js";
import { RunStore } from "./store.js";

export interface AppOptions {
  /** Directory of the run store (created if missing); the database is `${dataDir}/peakline.db`. */
  dataDir: string;
  /** Runs and plans computing at once; one more is answered 429. */
  maxConcurrentRuns: number;
  /** Largest `replications` a request may ask for (400 above). */
  maxReplications: number;
  /** Largest request body, bytes (413 above). */
  bodyLimit: number;
  logger?: FastifyServerOptions["logger"];
  /** Built-in scenarios (default: the repository's scenarios/). */
  scenariosDir?: string;
  /** Static page (default: the repository's web/). */
  webDir?: string;
  /**
   * Worker threads shared by every run and plan (default: the machine's cores). They
   * start with the first job (or `app.peakline.workers()`) and live until the app closes, so
   * a run after the first pays no thread start-up and finds the JIT warm.
   */
  workers?: number;
  /** Replaces the simulation entry points (tests use slow or failing stand-ins). */
  engine?: Partial<Engine>;
}

export interface AppContext {
  opts: AppOptions;
  store: RunStore;
  library: ScenarioLibrary;
  jobs: JobManager;
  /** The shared worker threads, started on first use (src/server.ts starts them at once). */
  workers(): WorkerPool;
}

declare module "fastify" {
  interface FastifyInstance {
    peakline: AppContext;
  }
  interface FastifyContextConfig {
    /**
     * A route's further problems of a body that failed its schema, which the schema cannot
     * see (its scenario's), in `lang`: the 400 lists them after the schema's, all at once.
     */
    bodyProblems?: (body: unknown, lang: "en" | "zh") => Issue[];
  }
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");


const CONTENT_TYPES_YAML = ["text/yaml", "application/yaml", "application/x-yaml", "text/x-yaml"];

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit,
    // SSE streams are long-lived: close them with the server instead of waiting.
    forceCloseConnections: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // YAML scenario text arrives as a string (text/plain is built in).
  app.addContentTypeParser(CONTENT_TYPES_YAML, { parseAs: "string" }, (_req, body, done) => done(null, body));

  const store = RunStore.open(opts.dataDir);
  const library = new ScenarioLibrary(opts.scenariosDir ?? join(ROOT, "scenarios"), store);
  for (const p of library.reload()) app.log.warn({ scenario: p.id, errors: p.errors }, `scenarios/${p.id} does not validate`);
  let pool: WorkerPool | undefined;
  const workers = (): WorkerPool => (pool ??= createWorkerPool(opts.workers ?? availableParallelism()));
  const engine: Engine = { runExperiment: (s, o) => runExperiment(s, { ...o, pool: workers() }), ...defaultPlanner(workers), ...opts.engine };
  const jobs = new JobManager(store, engine, {
    maxConcurrent: opts.maxConcurrentRuns,
    workers: opts.workers,
    log: (msg, err) => app.log.error({ err }, msg),
  });
  app.decorate("peakline", { opts, store, library, jobs, workers });

  app.addHook("preClose", async () => {
    await jobs.close();
  });
  app.addHook("onClose", async () => {
    store.close();
    await pool?.close();
  });

  app.setErrorHandler((err, req, reply) => {
    // Messages in the language the request prefers (Accept-Language), English by default.
    const lang = preferredLang(req.headers["accept-language"]);
    if (err instanceof ApiError) return reply.code(err.status).send(err.bodyIn(lang));
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext && err.validationContext !== "body" ? `${err.validationContext === "querystring" ? "query" : err.validationContext}.` : "";
      const ctx = err.validationContext ?? "body";
      const schema = (req.routeOptions.schema as Record<string, unknown> | undefined)?.[ctx];
      const data = ctx === "body" ? req.body : ctx === "querystring" ? req.query : ctx === "params" ? req.params : req.headers;
      // English as the schemas word it; Chinese as the loader words a scenario's problems.
      const issues: Issue[] = err.validation.flatMap((v): Issue[] => {
        const path = `${where}${pointerToPath(v.instancePath)}`.replace(/\.$/, "");
        const segs = pointerSegments(v.instancePath);
        const keys = (v.params as { keys?: unknown } | undefined)?.keys;
        if (v.keyword === "unrecognized_keys" && Array.isArray(keys)) {
          // One issue per unknown key, at the key's own path, with the nearest known key (as the scenario loader does).
          return keys.map((k) => {
            const hint = unknownKeyHint(schema, segs, data, String(k));
            const message =
              lang === "zh"
                ? `未知的字段；${hint.near ? `是不是 "${hint.near}"？` : hint.keys.length ? `可用的字段：${hint.keys.join("、")}` : "请删除"}`
                : `unknown field; ${hint.near ? `did you mean "${hint.near}"?` : hint.keys.length ? `allowed: ${hint.keys.join(", ")}` : "remove it"}`;
            return { path: path ? `${path}.${String(k)}` : `${where}${String(k)}`, message };
          });
        }
        const message = v.message ?? "invalid";
        if (lang === "en") return [{ path, message }];
        const zh = explainSchemaIssue(schema, { ...(v.params as object), code: v.keyword, path: segs, message }, data).map((e) => e.zh);
        return [{ path, message: zh.length ? zh.join("；") : message }];
      });
      // With the body's other problems, so that fixing the fields above does not reveal new ones.
      const more = ctx === "body" ? (req.routeOptions.config.bodyProblems?.(req.body, lang) ?? []) : [];
      return reply.code(400).send(validationError([...issues, ...more], lang).body);
    }
    const code = (err as { code?: string }).code;
    if (code === "FST_ERR_CTP_BODY_TOO_LARGE") return reply.code(413).send(new ApiError("body-too-large", { limit: opts.bodyLimit }).bodyIn(lang));
    if (code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return reply.code(415).send(new ApiError("unsupported-media-type", { type: String(req.headers["content-type"] ?? "") }).bodyIn(lang));
    const status = (err as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.code(status).send(new ApiError("bad-request", { detail: badRequestDetail(err as Error & { code?: string }, lang) }).bodyIn(lang));
    }
    req.log.error({ err }, "unhandled error");
    return reply.code(500).send(new ApiError("internal").bodyIn(lang));
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(new ApiError("route-not-found", { method: req.method, url: req.url.split("?")[0] }).bodyIn(preferredLang(req.headers["accept-language"])));
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Peakline API",
        description: "Warehouse fulfilment simulator and capacity planner for e-commerce peak days (Double 11). Runs execute in the background: POST /api/runs answers 202 with an id; follow GET /api/runs/{id}/events (Server-Sent Events) and read GET /api/runs/{id}.",
        version: "0.1.0",
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });

  await app.register(fastifyStatic, { root: opts.webDir ?? join(ROOT, "web"), prefix: "/", index: ["index.html"] });
  const chartDir = chartJsDir();
  app.get("/vendor/chart.umd.min.js", { schema: { hide: true } }, (_req, reply) => reply.sendFile("chart.umd.min.js", chartDir, { maxAge: 86_400_000 }));

  await app.register(
    async (api) => {
      // An endpoint without a query schema takes no query parameters: a stray one (a typo of
      // a parameter that belongs elsewhere) is refused, not silently ignored.
      api.addHook("preValidation", async (req) => {
        const schema = req.routeOptions.schema as { querystring?: unknown } | undefined;
        if (schema?.querystring) return;
        const keys = Object.keys((req.query ?? {}) as object);
        if (keys.length) {
          const lang = preferredLang(req.headers["accept-language"]);
          const message = lang === "zh" ? "未知的字段；这个接口不接受查询参数" : "unknown field; this endpoint takes no query parameters";
          throw validationError(keys.map((k) => ({ path: `query.${k}`, message })), lang);
        }
      });
      api.get("/info", { schema: { summary: "Server limits and features", tags: ["info"] } }, async () => ({
        name: "peakline",
        version: "0.1.0",
        maxReplications: opts.maxReplications,
        maxConcurrentRuns: opts.maxConcurrentRuns,
        bodyLimitBytes: opts.bodyLimit,
        activeRuns: jobs.activeCount,
        planner: jobs.plannerAvailable,
      }));
      registerScenarioRoutes(api, app.peakline);
      registerRunRoutes(api, app.peakline);
      registerPlanRoutes(api, app.peakline);
    },
    { prefix: "/api" },
  );

  await app.ready();
  return app;
}
