/** Shared set-up for the API tests: an app on a fresh temporary data directory. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp, type AppOptions } from "../../src/api/app.js";
import type { Engine } from "../../src/api/jobs.js";

/** Overrides that make the default scenario tiny: a run of a few replications takes well under a second. */
export const SMALL = ["demand.baselinePerDay=20", "demand.presaleOrders=0", "demand.daysAfter=[1]"];

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "peakline-api-"));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function makeApp(over: Partial<AppOptions> = {}): Promise<{ app: FastifyInstance; dataDir: string; close: () => Promise<void> }> {
  const dataDir = over.dataDir ?? tempDir();
  // One worker = replications in this thread: no thread start-up per run. The pool path is
  // exercised by the restart test and the UI test (workers: 2).
  const app = await buildApp({ dataDir, maxConcurrentRuns: 2, maxReplications: 50, bodyLimit: 256 * 1024, workers: 1, ...over });
  return {
    app,
    dataDir,
    close: async () => {
      await app.close();
      if (!over.dataDir) removeDir(dataDir);
    },
  };
}

/** Polls GET /api/runs/:id until the run has ended (or fails the test after `ms`). */
export async function waitEnded(app: FastifyInstance, id: string, ms = 30_000): Promise<Record<string, unknown>> {
  const until = Date.now() + ms;
  for (;;) {
    const res = await app.inject({ method: "GET", url: `/api/runs/${id}` });
    const body = res.json();
    if (!["queued", "running"].includes(body.status)) return body;
    if (Date.now() > until) throw new Error(`run ${id} still ${body.status} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * An engine whose runs report progress and then wait until released (resolve with
 * `exp`) or aborted (reject with an AbortError), so tests control when runs end.
 */
export function heldEngine(exp?: unknown): { engine: Partial<Engine>; release: () => void; started: () => number } {
  let count = 0;
  const waiters: (() => void)[] = [];
  const engine: Partial<Engine> = {
    runExperiment: (_scenario, opts) =>
      new Promise((resolve, reject) => {
        count++;
        opts.onProgress?.(1, opts.replications);
        const abort = () => reject(new DOMException("The experiment was cancelled", "AbortError"));
        if (opts.signal?.aborted) return abort();
        opts.signal?.addEventListener("abort", abort, { once: true });
        waiters.push(() => resolve(exp as never));
      }),
  };
  return { engine, release: () => waiters.splice(0).forEach((w) => w()), started: () => count };
}

/**
 * A run request on a scenario with disruptions of its own, the second in hours nobody
 * works (a warning), and what-ifs appended: the first repeats that outage (the same
 * warning), the second overlaps the scenario's printer-down with more printers than
 * there are, the third caps a courier left without a share (a warning on the courier
 * naming it). What-ifs are named by their index in the request, as errors name them.
 */
export const OWN_AND_WHAT_IFS = {
  scenarioText: [
    "demand: { baselinePerDay: 20, presaleOrders: 0, daysAfter: [1] }",
    "disruptions:",
    '  - { type: printer-down, at: "2026-11-11 09:00", duration: 3h, count: 1 }',
    '  - { type: order-system, at: "2026-11-11 00:00", duration: 1h }',
    "",
  ].join("\n"),
  sets: ["couriers[2].share=0"],
  disruptions: [
    { type: "order-system", at: "00:00", duration: "1h" },
    { type: "printer-down", at: "10:00", duration: "2h", count: 9 },
    { type: "courier-cap", at: "00:00", courier: "sf", dailyCap: 10 },
  ],
};

/** The paths of OWN_AND_WHAT_IFS's warnings, in order, and the what-if the courier's names. */
export const OWN_AND_WHAT_IFS_PATHS = ["couriers", "couriers[2].share", "disruptions[1].at", "disruptions[0].at", "disruptions[1].count"];
