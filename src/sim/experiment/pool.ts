/**
 * Running an experiment's replications on a pool of worker threads (piscina).
 *
 * Invariant: the result depends on (scenario, base seed, replications, target)
 * only, never on the number of workers. Replication r always runs with
 * `replicationSeed(seed, r)`, results are stored by index, and the sequential
 * stopping rule (target half-width) grows the replication count by a rule that
 * looks at the results alone.
 *
 * This module is the one place in src/sim that touches Node (`node:os` for the
 * default worker count, piscina for threads); replicate.ts and summary.ts stay pure.
 *
 * A thread costs about a second to start (tsx compiles the model in it) and its
 * JIT warms up separately, so a pool pays off for long runs; for short runs the
 * CLI lets the main thread work too (`mainThread`), which starts at once.
 */
import { setMaxListeners } from "node:events";
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { RunResult } from "../model/result.js";
import type { Scenario } from "../model/schema.js";
import { simulate } from "../model/simulate.js";
import { expectedOrders } from "../model/demand.js";
import { estimate, type Estimate } from "./estimate.js";
import { figureEstimateOf, figureNames, figuresOf, replicationSeeds } from "./replicate.js";
import { summarize } from "./summary.js";
import type { Experiment, StoppedBecause, TargetSpec } from "./types.js";
import type { ReplicationTask } from "./worker.js";

export interface RunExperimentOptions {
  /** Replications to run (with `target`: the first batch; >= 1). */
  replications: number;
  /** Base seed (default: the scenario's seed). */
  seed?: number;
  /**
   * Threads doing replications (default `os.availableParallelism()`; 1 = in this
   * thread, no pool). With `mainThread` this thread is one of them, and when
   * `workers` is left unset a short experiment runs in this thread alone (see
   * `lanesWorthStarting`).
   */
  workers?: number;
  /**
   * Let this thread run replications too, beside workers - 1 pool threads. It works
   * while the pool threads start, which matters when a run takes less than a
   * thread's start-up, but it blocks this thread's event loop for one run at a
   * time: right for the CLI, wrong for a server. Unset: only when one lane is
   * needed (no pool at all). `false`: never, even for one replication (a server).
   */
  mainThread?: boolean;
  /** Called after each finished replication with (done, planned total); the total grows in target mode. */
  onProgress?(done: number, total: number): void;
  /** Cancels: the pool is destroyed and the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Keep adding replications until this figure's half-width is small enough... */
  target?: TargetSpec;
  /** ...or this many replications have run (default 200). */
  maxReplications?: number;
  /**
   * Long-lived worker threads to run on (a server's, see createWorkerPool) instead of
   * starting threads for this experiment: `workers` is then the pool's size, and a
   * cancel stops this experiment's tasks without closing the pool.
   */
  pool?: WorkerPool;
}

export const DEFAULT_MAX_REPLICATIONS = 200;

export function abortError(): DOMException {
  return new DOMException("The experiment was cancelled", "AbortError");
}

/** Yields to the event loop so progress output, timers and abort signals get a turn (setImmediate: no 1 ms timer floor). */
const tick = () => new Promise<void>((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** Where the worker module is: worker.ts next to this file when running from source (tsx), worker.js in a build. */
function workerSpec(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    // The worker thread needs tsx's loader to import .ts; resolve it from here so the cwd does not matter.
    let tsx = "tsx";
    try {
      tsx = import.meta.resolve("tsx");
    } catch {
      // Some test runners do not provide import.meta.resolve; Node resolves "tsx" from the cwd then.
    }
    return { filename: new URL("./worker.ts", here).href, execArgv: ["--import", tsx] };
  }
  return { filename: new URL("./worker.js", here).href, execArgv: [] };
}

/**
 * Worker threads that outlive one experiment: a server starts them once, so a run
 * does not pay thread start-up (about a second under tsx) and finds their JIT warm.
 * Several experiments may share it at once (each result is stored by its own index).
 */
export interface WorkerPool {
  readonly threads: number;
  /** Tasks finished so far. */
  readonly completed: number;
  /** Runs one replication; `signal` aborts it (the thread running it is replaced). */
  run(task: ReplicationTask, signal: AbortSignal): Promise<RunResult>;
  close(): Promise<void>;
}

function newPiscina(threads: number): Piscina<ReplicationTask, RunResult> {
  const spec = workerSpec();
  return new Piscina<ReplicationTask, RunResult>({
    filename: spec.filename,
    execArgv: spec.execArgv,
    minThreads: threads,
    maxThreads: threads,
    // Idle threads stay until close(): target mode submits several batches.
    idleTimeout: 60_000,
  });
}

/** `threads` worker threads (>= 1), started now. */
export function createWorkerPool(threads: number): WorkerPool {
  const n = Math.max(1, Math.floor(threads));
  const pool = newPiscina(n);
  let closed: Promise<void> | undefined;
  return {
    threads: n,
    get completed() {
      return pool.completed;
    },
    // piscina would start new threads for a task posted after destroy().
    run: (task, signal) => (closed ? Promise.reject(new Error("the worker pool is closed")) : pool.run(task, { signal })),
    close: () => (closed ??= pool.destroy()),
  };
}

/**
 * Runs (scenario, seed) tasks on "lanes": `threads` piscina worker threads, plus
 * this thread when `mainThread`. Each lane takes the next task index when it is
 * free (so a slow lane, or a thread still starting, takes fewer tasks) and stores
 * its result at that index: which lane ran a task never changes its result.
 */
class Runner {
  readonly threads: number;
  readonly mainThread: boolean;
  #pool: WorkerPool | undefined;
  /** The pool was started here (closed with the runner), not lent by the caller. */
  #owned: boolean;
  #destroyed = false;

  constructor(threads: number, mainThread: boolean, shared?: WorkerPool) {
    this.threads = shared ? shared.threads : threads;
    this.mainThread = mainThread || this.threads === 0;
    this.#owned = !shared && threads > 0;
    this.#pool = shared ?? (threads > 0 ? createWorkerPool(threads) : undefined);
  }

  /** Lanes doing replications (the main thread counts as one). */
  get workers(): number {
    return this.threads + (this.mainThread ? 1 : 0);
  }

  async run(tasks: ReplicationTask[], onDone: () => void, signal?: AbortSignal): Promise<RunResult[]> {
    if (signal?.aborted) throw abortError();
    const out = new Array<RunResult>(tasks.length);
    let next = 0;
    let stop = false;
    const take = () => (stop || next >= tasks.length ? -1 : next++);
    const lane = async (work: (t: ReplicationTask) => RunResult | Promise<RunResult>, yieldFirst: boolean) => {
      try {
        for (;;) {
          if (yieldFirst) await tick();
          const i = take();
          if (i < 0) return;
          out[i] = await work(tasks[i]);
          onDone();
        }
      } catch (e) {
        stop = true; // the other lanes finish what they hold and take nothing more
        throw e;
      }
    };
    const lanes: Promise<void>[] = [];
    const pool = this.#pool;
    // Aborts this call's tasks in the pool (a cancel, or a failed task), not other callers'.
    const tasksDone = new AbortController();
    setMaxListeners(0, tasksDone.signal); // every task in flight listens
    if (pool) for (let k = 0; k < this.threads; k++) lanes.push(lane((t) => pool.run(t, tasksDone.signal), false));
    // The main lane yields before each task so pool results, progress and Ctrl-C get through.
    if (this.mainThread) lanes.push(lane((t) => simulate(t.scenario, { seed: t.seed }), true));

    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        stop = true;
        tasksDone.abort();
        void this.destroy();
        reject(abortError());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    const all = Promise.all(lanes);
    // After an abort (or a failed task) the other lanes reject too; nobody awaits them.
    all.catch(() => {});
    aborted.catch(() => {});
    try {
      await Promise.race([all, aborted]);
    } catch (e) {
      stop = true;
      tasksDone.abort();
      await this.destroy();
      throw e;
    } finally {
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
    return out;
  }

  /** Closes the threads this runner started (a lent pool stays open). */
  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    if (this.#owned) await this.#pool?.close();
  }

  close(): Promise<void> {
    return this.destroy();
  }
}

/** Lanes for `lanes` workers: see RunExperimentOptions.mainThread; a lent pool sets the thread count. */
function newRunner(lanes: number, mainThread: boolean | undefined, shared?: WorkerPool): Runner {
  if (shared) return new Runner(shared.threads, mainThread === true, shared);
  if (mainThread === false) return new Runner(Math.max(1, lanes), false);
  if (lanes <= 1) return new Runner(0, true);
  return mainThread ? new Runner(lanes - 1, true) : new Runner(lanes, false);
}

/**
 * Long-lived lanes for many small batches of (scenario, seed) runs, such as the
 * planner's candidates: one pool for the whole search (a pool per batch would pay
 * thread start-up and JIT warm-up every time). Results are stored by seed order,
 * whatever lane ran them.
 */
export interface SeedRunner {
  readonly workers: number;
  evaluate(scenario: Scenario, seeds: readonly number[], signal?: AbortSignal): Promise<RunResult[]>;
  close(): Promise<void>;
}

export function createSeedRunner(workers: number, opts: { mainThread?: boolean; pool?: WorkerPool } = {}): SeedRunner {
  const exec = newRunner(Math.max(1, Math.floor(workers)), opts.mainThread, opts.pool);
  return {
    workers: exec.workers,
    evaluate: (scenario, seeds, signal) => exec.run(seeds.map((seed) => ({ scenario, seed })), () => {}, signal),
    close: () => exec.close(),
  };
}

/** The number of worker threads to use for `replications` (never more threads than replications). */
export function resolveWorkers(workers: number | undefined, replications: number): number {
  const w = workers ?? availableParallelism();
  return Math.max(1, Math.min(Math.floor(w), replications));
}

/**
 * Single-thread cost of one order in a replication, ms: 2.5-3 us on the development
 * VM (bench/, model.* figures), rounded up.
 */
const MS_PER_ORDER = 0.003;
/**
 * Estimated single-thread time under which worker threads are not started: a thread
 * takes about a second to start under tsx and competes with this thread for the
 * cores meanwhile (on the 2-core development VM, 20 replications of the default
 * scenario took 2.9 s in this thread alone and 3.2 s with a worker thread).
 */
const THREADS_WORTH_MS = 1500;

/**
 * The lanes worth starting for `runs` runs of `scenarios` when this thread can work
 * too: 1 when the whole job is estimated to take under THREADS_WORTH_MS in one
 * thread, else `lanes`. The estimate only picks the thread count, which never
 * changes a result.
 */
export function lanesWorthStarting(lanes: number, runs: number, scenarios: readonly Scenario[]): number {
  const ms = runs * scenarios.reduce((a, s) => a + expectedOrders(s), 0) * MS_PER_ORDER;
  return ms < THREADS_WORTH_MS ? 1 : lanes;
}

function checkOptions(opts: RunExperimentOptions, scenarios: readonly Scenario[]): void {
  const r = opts.replications;
  if (!(Number.isInteger(r) && r >= 1)) throw new RangeError(`replications must be a whole number >= 1, got ${r}`);
  if (opts.workers !== undefined && !(Number.isInteger(opts.workers) && opts.workers >= 1)) throw new RangeError(`workers must be a whole number >= 1, got ${opts.workers}`);
  if (opts.maxReplications !== undefined && !(Number.isInteger(opts.maxReplications) && opts.maxReplications >= 1)) throw new RangeError(`maxReplications must be a whole number >= 1, got ${opts.maxReplications}`);
  const t = opts.target;
  if (t) {
    if (!(t.halfWidth > 0 && Number.isFinite(t.halfWidth))) throw new RangeError(`target half-width must be a number > 0, got ${t.halfWidth}`);
    for (const s of scenarios) {
      const names = figureNames(s);
      if (!names.includes(t.figure)) throw new RangeError(`unknown figure "${t.figure}"; figures are ${names.join(", ")}`);
    }
  }
}

/**
 * The next replication count of the sequential rule: the count the current
 * variance says is needed, n (hw / goal)^2, at least one more and at most double
 * (a noisy early half-width must not launch thousands of runs).
 */
export function nextReplications(n: number, halfWidth: number, goal: number, max: number): number {
  const ratio = goal > 0 ? halfWidth / goal : Infinity;
  const projected = Number.isFinite(ratio) ? Math.ceil(n * ratio * ratio) : 2 * n;
  return Math.min(max, Math.max(n + 1, Math.min(2 * n, projected)));
}

/**
 * The fewest replications a half-width stop is trusted with. A peak day has a heavy
 * lower tail (the day both print operators are absent ships almost nothing, about one
 * replication in thirty or more): ten replications often hold none of it and give a
 * narrow interval that a longer run refutes (10 runs: 100.0% +- 0.1%; 400 runs: 99.75%
 * +- 0.19%). Fewer are run only when --max-replications is lower.
 */
export const MIN_REPLICATIONS_TO_STOP = 20;

/**
 * The sequential rule's decision after `n` replications on the target figure's estimate
 * `e` (over the replications that have it): stop ("target-met", "max-replications",
 * "no-observation") or go on to `next` replications. The target counts as met only when
 * the half-width is at most the goal, at least MIN_REPLICATIONS_TO_STOP replications have
 * run, and the replications do not all give the same value: a zero-variance interval (every
 * run 100% shipped, none late) says nothing about how often it differs. Without variance to
 * project from, the count doubles; it never passes `max`.
 */
export function stopDecision(n: number, e: Estimate | null, goal: number, max: number): { stop: StoppedBecause } | { next: number } {
  if (e === null) return { stop: "no-observation" };
  const allEqual = e.n > 0 && e.min === e.max;
  if (!allEqual && n >= MIN_REPLICATIONS_TO_STOP && e.halfWidth <= goal) return { stop: "target-met" };
  if (n >= max) return { stop: "max-replications" };
  const next = nextReplications(n, allEqual ? Infinity : e.halfWidth, goal, max);
  return { next: Math.min(max, Math.max(next, MIN_REPLICATIONS_TO_STOP)) };
}

/** Half-width goal of a target at the current mean. */
function goalOf(t: TargetSpec, mean: number): number {
  return t.relative ? t.halfWidth * Math.abs(mean) : t.halfWidth;
}

/**
 * Runs `replications` replications of each scenario with the same seeds (common
 * random numbers), sharing one pool. With a target, the rule is judged on the
 * first scenario's figure and every scenario gets the same count.
 */
export async function runExperiments(scenarios: readonly Scenario[], opts: RunExperimentOptions): Promise<Experiment[]> {
  if (scenarios.length === 0) throw new RangeError("runExperiments: no scenarios");
  checkOptions(opts, scenarios);
  const wall0 = performance.now();
  const base = opts.seed ?? scenarios[0].seed;
  const max = Math.max(opts.replications, opts.maxReplications ?? DEFAULT_MAX_REPLICATIONS);
  const S = scenarios.length;
  const runs: RunResult[][] = scenarios.map(() => []);
  let planned = opts.replications;
  let done = 0;
  let lanes = resolveWorkers(opts.workers, (opts.target ? max : planned) * S);
  // Target mode may grow to `max` replications: its size is not known up front.
  if (opts.workers === undefined && opts.mainThread === true && !opts.pool && !opts.target) lanes = lanesWorthStarting(lanes, planned, scenarios);
  const exec = newRunner(lanes, opts.mainThread, opts.pool);
  let stoppedBecause: StoppedBecause = "replications";
  let targetInfo: Experiment["target"];
  try {
    for (;;) {
      const have = runs[0].length;
      const seeds = replicationSeeds(base, planned - have, have);
      // Interleaved (replication, scenario) so a cancelled compare has every scenario at the same depth.
      const tasks: ReplicationTask[] = [];
      for (const seed of seeds) for (const scenario of scenarios) tasks.push({ scenario, seed });
      const results = await exec.run(tasks, () => opts.onProgress?.(++done, planned * S), opts.signal);
      results.forEach((r, i) => runs[i % S].push(r));
      const t = opts.target;
      if (!t) break;
      // Over the replications with an observation of the figure, by its kind (a 0/1
      // indicator's half-width from its Wilson interval); none yet: no half-width.
      const observed = figureEstimateOf(t.figure, runs[0].map((r) => figuresOf(r)[t.figure] ?? null));
      const e = observed ?? estimate([]);
      const goal = goalOf(t, e.mean);
      targetInfo = { ...t, achievedHalfWidth: e.halfWidth, mean: e.mean, ...(observed !== null && observed.min === observed.max ? { allEqual: true } : {}) };
      // Not one observation in the starting replications (a rule that judged no order, a
      // figure of returns that never came back): no count of replications will give a half-width.
      const step = stopDecision(runs[0].length, observed, goal, max);
      if ("stop" in step) {
        stoppedBecause = step.stop;
        break;
      }
      planned = step.next;
    }
  } finally {
    await exec.close();
  }
  const wallMs = performance.now() - wall0;
  const seeds = replicationSeeds(base, runs[0].length);
  return scenarios.map((scenario, k) => {
    const exp: Experiment = { scenario, seed: base, seeds, runs: runs[k], summary: summarize(scenario, runs[k]), stoppedBecause, perf: { wallMs, workers: exec.workers } };
    if (targetInfo) exp.target = targetInfo;
    return exp;
  });
}

/** Runs an experiment: replications (in a worker pool when workers > 1), then the summary. */
export async function runExperiment(scenario: Scenario, opts: RunExperimentOptions): Promise<Experiment> {
  const [exp] = await runExperiments([scenario], opts);
  return exp;
}
