import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { INTERRUPTED, RunStore } from "../../src/api/store.js";
import { SHUTDOWN } from "../../src/api/jobs.js";
import { heldEngine, makeApp, removeDir, SMALL, tempDir, waitEnded } from "./helpers.js";

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach(removeDir));

describe("run store", () => {
  it("keeps the history across a restart (run on the worker pool)", async () => {
    const dataDir = fresh();
    const first = await makeApp({ dataDir, workers: 2 });
    const { id } = (await first.app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", sets: SMALL, replications: 2 } })).json();
    await waitEnded(first.app, id);
    const before = (await first.app.inject({ method: "GET", url: `/api/runs/${id}` })).json();
    await first.close();

    const second = await makeApp({ dataDir });
    try {
      const list = (await second.app.inject({ method: "GET", url: "/api/runs" })).json() as { id: string; status: string }[];
      expect(list.map((r) => r.id)).toEqual([id]);
      const after = (await second.app.inject({ method: "GET", url: `/api/runs/${id}` })).json();
      expect(after.status).toBe("done");
      expect(after.summary).toEqual(before.summary);
      const report = await second.app.inject({ method: "GET", url: `/api/runs/${id}/report?format=json` });
      expect(report.statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });

  it("marks a run left running by a crash as failed on the next start", async () => {
    const dataDir = fresh();
    // A crash: the row says running and nobody ended it.
    const store = RunStore.open(dataDir);
    const row = store.createRun({ kind: "run", name: "crashed", scenario: { timeZone: "Asia/Shanghai", start: "2026-11-11 00:00" }, sets: [], seed: 1, replications: 5 });
    store.markRunning(row.id);
    store.close();

    const { app, close } = await makeApp({ dataDir });
    try {
      const r = (await app.inject({ method: "GET", url: `/api/runs/${row.id}` })).json();
      expect(r.status).toBe("failed");
      expect(r.error).toBe(INTERRUPTED);
      expect(r.finishedAt).not.toBeNull();
    } finally {
      await close();
    }
  });

  it("fails a run still computing when the server closes, and keeps it failed after a restart", async () => {
    const dataDir = fresh();
    const held = heldEngine();
    const first = await makeApp({ dataDir, engine: held.engine });
    const { id } = (await first.app.inject({ method: "POST", url: "/api/runs", payload: { scenario: "default", replications: 4 } })).json();
    await expect.poll(() => held.started()).toBe(1);
    await first.close();

    const second = await makeApp({ dataDir });
    try {
      const r = (await second.app.inject({ method: "GET", url: `/api/runs/${id}` })).json();
      expect(r.status).toBe("failed");
      expect(r.error).toBe(SHUTDOWN);
    } finally {
      await second.close();
    }
  });

  it("never half-saves: a result that cannot be serialised leaves the run as it was", () => {
    const dataDir = fresh();
    const store = RunStore.open(dataDir);
    try {
      const row = store.createRun({ kind: "run", name: "x", scenario: {}, sets: [], seed: 1, replications: 1 });
      store.markRunning(row.id);
      expect(() => store.finishRun(row.id, { summary: { ok: 1 }, wallMs: 1, result: { n: 1n } })).toThrow();
      const after = store.getRun(row.id)!;
      expect(after.status).toBe("running");
      expect(after.summary).toBeNull();
      expect(store.getResult(row.id)).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it("drops a result that arrives after the run was cancelled", () => {
    const dataDir = fresh();
    const store = RunStore.open(dataDir);
    try {
      const row = store.createRun({ kind: "run", name: "x", scenario: {}, sets: [], seed: 1, replications: 1 });
      store.markRunning(row.id);
      expect(store.endRun(row.id, "cancelled", "cancelled by the user")).toBe(true);
      store.finishRun(row.id, { summary: { ok: 1 }, wallMs: 1, result: { ok: 1 } });
      expect(store.getRun(row.id)!.status).toBe("cancelled");
      expect(store.getResult(row.id)).toBeUndefined();
    } finally {
      store.close();
    }
  });
  it("opens a store made before scenario names could be bilingual, and keeps Chinese names from then on", () => {
    const dataDir = fresh();
    // The scenarios table as it was: no name_zh column.
    const old = new Database(join(dataDir, "peakline.db"));
    old.exec("CREATE TABLE scenarios (id TEXT PRIMARY KEY, name TEXT NOT NULL, text TEXT NOT NULL, format TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)");
    old.prepare("INSERT INTO scenarios VALUES ('mine', 'Mine', 'name: Mine', 'yaml', 'x', 'x')").run();
    old.close();
    const store = RunStore.open(dataDir);
    try {
      expect(store.listScenarios()).toEqual([{ id: "mine", name: "Mine", format: "yaml", createdAt: "x", updatedAt: "x" }]);
      store.saveScenario({ id: "d11", name: "Double 11", nameZh: "双11", text: "name: {en: Double 11, zh: 双11}", format: "yaml" });
      expect(store.getScenario("d11")).toMatchObject({ name: "Double 11", nameZh: "双11" });
      store.saveScenario({ id: "d11", name: "Double 11", text: "name: Double 11", format: "yaml" });
      expect(store.getScenario("d11")).not.toHaveProperty("nameZh");
    } finally {
      store.close();
    }
    // Opening it again does not add the column twice.
    RunStore.open(dataDir).close();
  });

  it("gives a run named after its scenario both of the scenario's names, and a run named by its request only that name", () => {
    const store = RunStore.open(fresh());
    try {
      const scenario = { name: { en: "Default peak day", zh: "默认大促日" } };
      const zh = store.createRun({ kind: "run", name: "默认大促日", scenario, sets: [], seed: 1, replications: 1 });
      const en = store.createRun({ kind: "run", name: "Default peak day", scenario, sets: [], seed: 1, replications: 1 });
      const own = store.createRun({ kind: "run", name: "Monday's check", scenario, sets: [], seed: 1, replications: 1 });
      const enOnly = store.createRun({ kind: "run", name: "Desk", scenario: { name: { en: "Desk" } }, sets: [], seed: 1, replications: 1 });
      // A run stored when scenario names were plain text.
      const old = store.createRun({ kind: "run", name: "Old", scenario: { name: "Old" }, sets: [], seed: 1, replications: 1 });
      for (const r of [store.getRun(zh.id), store.listRuns().find((x) => x.id === zh.id)]) expect(r).toMatchObject({ name: "默认大促日", names: { en: "Default peak day", zh: "默认大促日" } });
      expect(store.getRun(en.id)?.names).toEqual({ en: "Default peak day", zh: "默认大促日" });
      expect(store.getRun(own.id)).not.toHaveProperty("names");
      expect(store.getRun(enOnly.id)?.names).toEqual({ en: "Desk" });
      expect(store.listRuns().find((x) => x.id === old.id)).not.toHaveProperty("names");
    } finally {
      store.close();
    }
  });

  it("deletes an ended run with its stored result, and never a run in progress", () => {
    const store = RunStore.open(fresh());
    try {
      const done = store.createRun({ kind: "run", name: "d", scenario: {}, sets: [], seed: 1, replications: 1 });
      store.finishRun(done.id, { summary: {}, wallMs: 1, result: { big: true } });
      const running = store.createRun({ kind: "run", name: "r", scenario: {}, sets: [], seed: 1, replications: 1 });
      store.markRunning(running.id);
      expect(store.deleteRun(running.id)).toBe(false);
      expect(store.getRun(running.id)?.status).toBe("running");
      expect(store.deleteRun(done.id)).toBe(true);
      expect(store.getRun(done.id)).toBeUndefined();
      expect(store.getResult(done.id)).toBeUndefined();
      expect(store.deleteRun(done.id)).toBe(false);
    } finally {
      store.close();
    }
  });

  it("gives each done run's headline figures in the list, and fills them in for runs stored before the list had them", () => {
    const dataDir = fresh();
    const summary = {
      figures: { "orders.peakDay": { mean: 6040 }, "shippedWithin.h12": { mean: 0.53 }, "shippedWithin.h24": null, "labour.cost": { mean: 41055 } },
      // The worst rule that judged orders; a rule that judged none has no risk.
      deadlines: [{ orders: { mean: 6000 }, pAnyLate: { p: 0.1 } }, { orders: { mean: 6000 }, pAnyLate: { p: 0.3 } }, { orders: { mean: 0 }, pAnyLate: { p: 0.9 } }],
      cleared: { k: 9, n: 10 },
    };
    const headline = { peakDayOrders: 6040, shippedWithin12hShare: 0.53, shippedWithin24hShare: null, pAnyLateWorst: 0.3, labourCost: 41055, clearedRuns: 9 };
    const store = RunStore.open(dataDir);
    const run = store.createRun({ kind: "run", name: "r", scenario: {}, sets: [], seed: 1, replications: 10 });
    const plan = store.createRun({ kind: "plan", name: "p", scenario: {}, sets: [], seed: 1, replications: 10 });
    const queued = store.createRun({ kind: "run", name: "q", scenario: {}, sets: [], seed: 1, replications: 10 });
    store.finishRun(run.id, { summary, wallMs: 1, result: null });
    store.finishRun(plan.id, { summary: { figures: {} }, wallMs: 1, result: null });
    const byId = () => new Map(store.listRuns().map((r) => [r.id, r.headline]));
    expect(byId().get(run.id)).toEqual(headline);
    expect(byId().get(plan.id)).toBeNull();
    expect(byId().get(queued.id)).toBeNull();
    store.close();

    // A store from before: no headline column.
    const old = new Database(join(dataDir, "peakline.db"));
    old.exec("ALTER TABLE runs DROP COLUMN headline");
    old.close();
    const reopened = RunStore.open(dataDir);
    try {
      expect(new Map(reopened.listRuns().map((r) => [r.id, r.headline])).get(run.id)).toEqual(headline);
      expect(new Map(reopened.listRuns().map((r) => [r.id, r.headline])).get(plan.id)).toBeNull();
    } finally {
      reopened.close();
    }
  });

  it("gives a run stored with its what-ifs as the request wrote them (\"1h\") the durations its scenario parsed, on the next start", () => {
    const dataDir = fresh();
    const store = RunStore.open(dataDir);
    // The scenario's own outage first, then the two what-ifs appended to it.
    const own = { type: "power", at: "02:00", duration: 600 };
    const scenario = { disruptions: [own, { type: "order-system", at: "08:00", duration: 3600 }, { type: "printer-down", at: "09:00", duration: 5400, count: 1 }] };
    const old = store.createRun({ kind: "run", name: "old", scenario, sets: [], whatIf: { disruptions: [{ type: "order-system", at: "08:00", duration: "1h" }, { type: "printer-down", at: "09:00", duration: "90min" }] }, seed: 1, replications: 1 });
    const parsed = store.createRun({ kind: "run", name: "new", scenario, sets: [], whatIf: { disruptions: scenario.disruptions.slice(1) }, seed: 1, replications: 1 });
    store.close();
    const reopened = RunStore.open(dataDir);
    try {
      expect(reopened.getRun(old.id)?.whatIf).toEqual({ disruptions: scenario.disruptions.slice(1) });
      expect(reopened.getRun(parsed.id)?.whatIf).toEqual({ disruptions: scenario.disruptions.slice(1) });
    } finally {
      reopened.close();
    }
  });
});
