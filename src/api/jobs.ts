/**
 * Jobs: runs (an experiment of R replications) and plans (the staffing planner)
 * executing in the background while the server keeps answering. The simulation
 * itself runs on worker threads (runExperiment's pool); here we only keep track.
 *
 * Invariants:
 * - At most `maxConcurrent` jobs are active (queued or running); one more is a 429,
 *   never a queue that grows without bound.
 * - A job's final state is written to the store exactly once: results + `done` in
 *   one transaction, or `failed` / `cancelled`. A cancel wins over a result that
 *   arrives after it (the store refuses to finish a run that is no longer active).
 * - Subscribers (SSE streams) get `progress` events and exactly one `done` event.
 */
import { EventEmitter, setMaxListeners } from "node:events";
import type { Experiment } from "../sim/experiment/types.js";
import type { RunExperimentOptions } from "../sim/experiment/pool.js";
import { figuresOf } from "../sim/experiment/replicate.js";
import type { Scenario } from "../sim/model/schema.js";
import type { WarningNames } from "../sim/model/warnings.js";
import type { Evaluate, PlanHooks, PlannerOptionsInput, PlanResult } from "../sim/planner/index.js";
import { ApiError } from "./errors.js";
import type { NewRun, Progress, RunRecord, RunStatus, RunStore } from "./store.js";

/** What the jobs call to compute; the real modules by default, stand-ins in tests. */
export interface Engine {
  runExperiment(scenario: Scenario, opts: RunExperimentOptions): Promise<Experiment>;
  /** The planner; undefined when it is not part of this build (POST /api/plan answers 503). */
  plan?: (scenario: Scenario, opts: PlannerOptionsInput, hooks: PlanHooks) => Promise<PlanResult>;
  /** Simulates candidates for the planner: one evaluator per plan job, closed when the job ends. */
  planEvaluator?: (workers: number | undefined, signal: AbortSignal) => { evaluate: Evaluate; close(): Promise<void> };
}

/** Progress with the planner's step in words, in English (`message`) and Chinese (`zh`). */
type LiveProgress = Progress & { message?: string; zh?: string };

export type JobEvent = ({ type: "progress" } & LiveProgress) | { type: "done"; status: Exclude<RunStatus, "queued" | "running">; error?: string };

interface Active {
  controller: AbortController;
  events: EventEmitter;
  progress: LiveProgress;
  settled: Promise<void>;
  /** When progress was last written to the store (performance.now() ms). */
  lastWrite: number;
  /** Why the job was stopped, if it was: by the user or by the server shutting down. */
  stopReason?: "cancelled" | "shutdown";
}

export const SHUTDOWN = "the server stopped while the run was in progress";
export const CANCELLED = "cancelled by the user";

/** Progress is written to SQLite at most this often (ms); events go out on every replication. */
const PROGRESS_WRITE_MS = 500;

export class JobManager {
  readonly #store: RunStore;
  readonly #engine: Engine;
  readonly #maxConcurrent: number;
  readonly #workers: number | undefined;
  readonly #log: (msg: string, err?: unknown) => void;
  readonly #active = new Map<string, Active>();

  constructor(store: RunStore, engine: Engine, opts: { maxConcurrent: number; workers?: number; log?: (msg: string, err?: unknown) => void }) {
    this.#store = store;
    this.#engine = engine;
    this.#maxConcurrent = opts.maxConcurrent;
    this.#workers = opts.workers;
    this.#log = opts.log ?? (() => {});
  }

  get activeCount(): number {
    return this.#active.size;
  }

  get plannerAvailable(): boolean {
    return typeof this.#engine.plan === "function" && typeof this.#engine.planEvaluator === "function";
  }

  isActive(id: string): boolean {
    return this.#active.has(id);
  }

  progress(id: string): LiveProgress | undefined {
    return this.#active.get(id)?.progress;
  }

  #admit(): void {
    if (this.#active.size >= this.#maxConcurrent) throw new ApiError("too-many-runs", { active: this.#active.size, limit: this.#maxConcurrent });
  }

  /** Starts an experiment of `rec.replications` replications; returns the queued record at once. */
  startRun(rec: Omit<NewRun, "kind"> & { scenario: Scenario }): RunRecord {
    this.#admit();
    const row = this.#store.createRun({ ...rec, kind: "run" });
    this.#launch(row.id, { done: 0, total: rec.replications }, async (job) => {
      const wall0 = performance.now();
      const exp = await this.#engine.runExperiment(rec.scenario, {
        replications: rec.replications,
        seed: rec.seed,
        workers: this.#workers,
        // Always on worker threads, even for one replication: the server keeps answering.
        mainThread: false,
        signal: job.controller.signal,
        onProgress: (done, total) => this.#progress(row.id, job, { done, total }),
      });
      const n = exp.runs.length;
      this.#store.finishRun(row.id, {
        summary: exp.summary,
        figures: exp.runs.map((r) => figuresOf(r)),
        seeds: exp.seeds,
        wallMs: exp.perf?.wallMs ?? performance.now() - wall0,
        progress: { done: n, total: n },
        result: exp,
      });
    });
    return row;
  }

  /** Starts the planner; progress counts candidate evaluations against the evaluation budget. */
  startPlan(rec: Omit<NewRun, "kind" | "options"> & { scenario: Scenario; options: PlannerOptionsInput; maxEvaluations: number; warningNames?: WarningNames }): RunRecord {
    const plan = this.#engine.plan;
    const makeEvaluator = this.#engine.planEvaluator;
    if (!plan || !makeEvaluator) throw new ApiError("unavailable", { what: "the planner" });
    this.#admit();
    const { warningNames, ...stored } = rec;
    const row = this.#store.createRun({ ...stored, kind: "plan", options: rec.options });
    this.#launch(row.id, { done: 0, total: rec.maxEvaluations }, async (job) => {
      const wall0 = performance.now();
      const evaluator = makeEvaluator(this.#workers, job.controller.signal);
      let result: PlanResult;
      try {
        result = await plan(rec.scenario, rec.options, {
          evaluate: evaluator.evaluate,
          signal: job.controller.signal,
          warningNames,
          onProgress: (p) => this.#progress(row.id, job, { done: Math.min(p.evaluations, rec.maxEvaluations), total: rec.maxEvaluations, message: p.message, zh: p.zh }),
        });
      } finally {
        await evaluator.close();
      }
      // The planner returns its best plan so far when aborted; a cancelled job keeps no result.
      if (job.stopReason) throw new DOMException("aborted", "AbortError");
      this.#store.finishRun(row.id, {
        summary: { meets: result.meets, stoppedBecause: result.stoppedBecause, cost: result.evaluation.cost, plan: result.plan },
        wallMs: performance.now() - wall0,
        progress: { done: result.work.evaluations, total: result.work.evaluations },
        result,
      });
    });
    return row;
  }

  #progress(id: string, job: Active, p: LiveProgress): void {
    if (job.stopReason) return;
    job.progress = p;
    job.events.emit("event", { type: "progress", ...p } satisfies JobEvent);
    const now = performance.now();
    if (now - job.lastWrite >= PROGRESS_WRITE_MS || p.done === p.total) {
      job.lastWrite = now;
      this.#store.updateProgress(id, { done: p.done, total: p.total });
    }
  }

  #launch(id: string, progress: Progress, work: (job: Active) => Promise<void>): void {
    const job: Active = { controller: new AbortController(), events: new EventEmitter(), progress, settled: Promise.resolve(), lastWrite: -Infinity };
    job.events.setMaxListeners(0);
    // Every replication in flight listens for the abort (the pool's tasks): no listener cap.
    setMaxListeners(0, job.controller.signal);
    this.#active.set(id, job);
    job.settled = (async () => {
      // Let the POST answer 202 before any work starts.
      await new Promise<void>((r) => setImmediate(r));
      let end: JobEvent;
      try {
        if (job.controller.signal.aborted) throw new DOMException("aborted", "AbortError");
        this.#store.markRunning(id);
        await work(job);
        const rec = this.#store.getRun(id);
        end = rec?.status === "done" ? { type: "done", status: "done" } : { type: "done", status: (rec?.status as "failed" | "cancelled") ?? "failed", error: rec?.error ?? undefined };
      } catch (e) {
        if (job.stopReason === "cancelled") end = { type: "done", status: "cancelled", error: CANCELLED };
        else if (job.stopReason === "shutdown") end = { type: "done", status: "failed", error: SHUTDOWN };
        else {
          const msg = e instanceof Error ? e.message : String(e);
          this.#log(`job ${id} failed`, e);
          end = { type: "done", status: "failed", error: msg };
        }
        this.#store.endRun(id, end.status as "failed" | "cancelled", end.error ?? "failed");
      }
      this.#active.delete(id);
      job.events.emit("event", end);
      job.events.removeAllListeners();
    })();
  }

  /**
   * Cancels an active job: it is marked `cancelled` at once (a result arriving later
   * is dropped). Returns false when the job is not active.
   */
  cancel(id: string): boolean {
    const job = this.#active.get(id);
    if (!job) return false;
    if (!job.stopReason) {
      job.stopReason = "cancelled";
      this.#store.endRun(id, "cancelled", CANCELLED);
      job.controller.abort();
    }
    return true;
  }

  /** Calls `fn` with each event of an active job; undefined when the job is not active. Returns the unsubscribe function. */
  subscribe(id: string, fn: (ev: JobEvent) => void): (() => void) | undefined {
    const job = this.#active.get(id);
    if (!job) return undefined;
    job.events.on("event", fn);
    return () => job.events.off("event", fn);
  }

  /** Listeners (open SSE streams) of an active job; 0 when none or not active. */
  subscribers(id: string): number {
    return this.#active.get(id)?.events.listenerCount("event") ?? 0;
  }

  /** Stops every active job (marked failed: the server stopped) and waits until they have settled. */
  async close(): Promise<void> {
    const jobs = [...this.#active.entries()];
    for (const [id, job] of jobs) {
      if (!job.stopReason) {
        job.stopReason = "shutdown";
        this.#store.endRun(id, "failed", SHUTDOWN);
        job.controller.abort();
      }
    }
    await Promise.allSettled(jobs.map(([, j]) => j.settled));
  }
}
