/**
 * The run store: runs, their results and saved scenarios in SQLite
 * (`${dataDir}/peakline.db`, WAL journal so readers never wait for the writer).
 *
 * Invariants:
 * - A run's results are written in one transaction with its final status, so a run
 *   is either `done` with every result present or not done at all (never half-saved).
 * - A run still `queued`/`running` when the store opens was cut off by a crash or a
 *   restart: `open` marks it `failed` ("interrupted by a server restart").
 * - Large results (the Experiment with every replication's hourly series) live in
 *   `run_results` as gzipped JSON, apart from the `runs` rows that listings read.
 */
import Database from "better-sqlite3";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

export type RunStatus = "queued" | "running" | "done" | "failed" | "cancelled";
export type RunKind = "run" | "plan";

export const INTERRUPTED = "interrupted by a server restart";

export interface Progress {
  done: number;
  total: number;
}

/** One row of `runs`, JSON columns parsed. */
export interface RunRecord {
  id: string;
  kind: RunKind;
  createdAt: string;
  finishedAt: string | null;
  status: RunStatus;
  /** The run's name: given with the request, else its scenario's name in the request's language. */
  name: string;
  /**
   * The name in both languages when it is the scenario's (not one the request gave), so a
   * page in the other language shows it in its own: the scenario's English and Chinese names.
   */
  names?: { en: string; zh?: string };
  /** Id of the library scenario the run started from, if any. */
  scenarioId: string | null;
  /** The validated scenario (defaults filled, sets and what-ifs applied). */
  scenario: unknown;
  sets: string[];
  /** What-ifs requested with the run (disruptions, forecast factor), for display. */
  whatIf: unknown;
  seed: number;
  replications: number;
  progress: Progress;
  summary: unknown;
  /** Chart series for the page (small; computed once at the end). */
  charts: unknown;
  /** Per replication: flat named figures, in replication order (null: no observation in that replication). */
  figures: Record<string, number | null>[] | null;
  seeds: number[] | null;
  /** Planner options, for kind "plan". */
  options: unknown;
  error: string | null;
  wallMs: number | null;
}

/**
 * A done run's headline figures (means over its replications), for the history list:
 * what a manager compares runs by without opening each. null: the run observed no
 * such figure (no peak-day order, no rule that judged an order), or it is a plan.
 */
export interface RunHeadline {
  peakDayOrders: number | null;
  shippedWithin12hShare: number | null;
  shippedWithin24hShare: number | null;
  /** The largest P(any order late) over the rules that judged orders. */
  pAnyLateWorst: number | null;
  labourCost: number | null;
  /** Replications whose backlog cleared before the horizon. */
  clearedRuns: number | null;
}

export type RunListItem = Pick<RunRecord, "id" | "kind" | "createdAt" | "finishedAt" | "status" | "name" | "scenarioId" | "sets" | "whatIf" | "seed" | "replications" | "progress" | "error" | "wallMs" | "names"> & {
  headline: RunHeadline | null;
};

export interface NewRun {
  kind: RunKind;
  name: string;
  scenarioId?: string | null;
  scenario: unknown;
  sets: string[];
  whatIf?: unknown;
  seed: number;
  replications: number;
  options?: unknown;
}

export interface RunOutcome {
  summary: unknown;
  charts?: unknown;
  figures?: Record<string, number | null>[];
  seeds?: number[];
  wallMs: number;
  /** Final progress to show (default: whatever was last reported). */
  progress?: Progress;
  /** The full result (Experiment or plan result), stored compressed. */
  result: unknown;
}

export interface SavedScenario {
  id: string;
  /** The scenario's name (its English name when it has two). */
  name: string;
  /** Its Chinese name, when it has one. */
  nameZh?: string;
  text: string;
  format: "yaml" | "json";
  createdAt: string;
  updatedAt: string;
}

/** `{ nameZh }` when the column holds one, else nothing (the field stays absent). */
const zhName = (zh: string | null): { nameZh?: string } => (zh !== null ? { nameZh: zh } : {});

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL DEFAULT 'run',
  created_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled')),
  name TEXT NOT NULL,
  scenario_id TEXT,
  scenario TEXT NOT NULL,
  sets TEXT NOT NULL,
  what_if TEXT,
  seed INTEGER NOT NULL,
  replications INTEGER NOT NULL,
  progress TEXT NOT NULL,
  summary TEXT,
  charts TEXT,
  figures TEXT,
  seeds TEXT,
  options TEXT,
  error TEXT,
  wall_ms INTEGER,
  headline TEXT
);
CREATE INDEX IF NOT EXISTS runs_created ON runs (created_at);
CREATE TABLE IF NOT EXISTS run_results (
  run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS scenarios (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_zh TEXT,
  text TEXT NOT NULL,
  format TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;

/**
 * The headline (RunHeadline) of a run summary held in the JSON text `col`, in SQL: one
 * definition for new runs (finishRun) and for runs stored before the column existed.
 */
const headlineSql = (col: string) => `json_object(
  'peakDayOrders', json_extract(${col}, '$.figures."orders.peakDay".mean'),
  'shippedWithin12hShare', json_extract(${col}, '$.figures."shippedWithin.h12".mean'),
  'shippedWithin24hShare', json_extract(${col}, '$.figures."shippedWithin.h24".mean'),
  'pAnyLateWorst', (SELECT max(json_extract(value, '$.pAnyLate.p')) FROM json_each(${col}, '$.deadlines') WHERE coalesce(json_extract(value, '$.orders.mean'), 1) > 0),
  'labourCost', json_extract(${col}, '$.figures."labour.cost".mean'),
  'clearedRuns', json_extract(${col}, '$.cleared.k'))`;

interface RunRow {
  id: string;
  kind: RunKind;
  created_at: string;
  finished_at: string | null;
  status: RunStatus;
  name: string;
  scenario_id: string | null;
  scenario: string;
  sets: string;
  what_if: string | null;
  seed: number;
  replications: number;
  progress: string;
  summary: string | null;
  charts: string | null;
  figures: string | null;
  seeds: string | null;
  options: string | null;
  error: string | null;
  wall_ms: number | null;
  headline: string | null;
  /** The scenario's names (selected from its JSON; see NAMES_SQL). */
  scenario_en: string | null;
  scenario_zh: string | null;
}

/** The stored scenario's English and Chinese names, as two columns (null for a scenario stored with a plain-text name). */
const NAMES_SQL = "json_extract(scenario, '$.name.en') AS scenario_en, json_extract(scenario, '$.name.zh') AS scenario_zh";

const json = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

/** The light columns of a run (what the history list reads). */
function toListItem(r: RunRow): RunListItem {
  return {
    id: r.id,
    kind: r.kind,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    status: r.status,
    name: r.name,
    // A name that is the scenario's (either language) was not given by the request: it has both.
    ...(r.scenario_en !== null && (r.name === r.scenario_en || r.name === r.scenario_zh) ? { names: r.scenario_zh !== null ? { en: r.scenario_en, zh: r.scenario_zh } : { en: r.scenario_en } } : {}),
    scenarioId: r.scenario_id,
    sets: json(r.sets) as string[],
    whatIf: json(r.what_if),
    seed: r.seed,
    replications: r.replications,
    progress: json(r.progress) as Progress,
    error: r.error,
    wallMs: r.wall_ms,
    headline: (json(r.headline) as RunHeadline | null) ?? null,
  };
}

function toRecord(r: RunRow): RunRecord {
  return {
    ...toListItem(r),
    scenario: json(r.scenario),
    summary: json(r.summary),
    charts: json(r.charts),
    figures: json(r.figures) as Record<string, number | null>[] | null,
    seeds: json(r.seeds) as number[] | null,
    options: json(r.options),
  };
}

/** Run ids: 12 hex digits, unguessable enough for a local tool and short enough for a URL. */
export function newRunId(): string {
  return randomBytes(6).toString("hex");
}

export class RunStore {
  readonly path: string;
  readonly #db: Database.Database;

  private constructor(path: string) {
    this.path = path;
    this.#db = new Database(path);
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("foreign_keys = ON");
    this.#db.exec(SCHEMA);
    // Stores made before scenario names could be bilingual lack the Chinese name's column.
    const cols = this.#db.prepare("SELECT name FROM pragma_table_info('scenarios')").all() as { name: string }[];
    if (!cols.some((c) => c.name === "name_zh")) this.#db.exec("ALTER TABLE scenarios ADD COLUMN name_zh TEXT");
    // Stores made before the history list showed headline figures: add the column and fill it for their done runs.
    const runCols = this.#db.prepare("SELECT name FROM pragma_table_info('runs')").all() as { name: string }[];
    if (!runCols.some((c) => c.name === "headline")) {
      this.#db.transaction(() => {
        this.#db.exec("ALTER TABLE runs ADD COLUMN headline TEXT");
        this.#db.exec(`UPDATE runs SET headline = ${headlineSql("summary")} WHERE kind = 'run' AND status = 'done' AND json_valid(summary)`);
      })();
    }
    // Runs stored before what-ifs were kept as parsed hold a duration as the request wrote it ("1h"),
    // which the report and the page cannot format: take them from the run's validated scenario, whose
    // last disruptions they are.
    const raw = this.#db.prepare(`SELECT id, scenario, what_if FROM runs WHERE what_if LIKE '%"duration":"%'`).all() as Pick<RunRow, "id" | "scenario" | "what_if">[];
    const fix = this.#db.prepare("UPDATE runs SET what_if = ? WHERE id = ?");
    this.#db.transaction(() => {
      for (const r of raw) {
        const w = json(r.what_if) as { disruptions?: unknown[] };
        const own = (json(r.scenario) as { disruptions?: unknown[] } | null)?.disruptions ?? [];
        const n = w.disruptions?.length ?? 0;
        if (n > 0 && own.length >= n) fix.run(JSON.stringify({ ...w, disruptions: own.slice(-n) }), r.id);
      }
    })();
  }

  /** Opens (creating dir and file if needed) the store in `dataDir` and fails runs a crash left unfinished. */
  static open(dataDir: string): RunStore {
    mkdirSync(dataDir, { recursive: true });
    const store = new RunStore(join(dataDir, "peakline.db"));
    store.recoverInterrupted();
    return store;
  }

  /** Marks every queued/running run failed; returns how many. */
  recoverInterrupted(message = INTERRUPTED): number {
    const now = new Date().toISOString();
    return this.#db.prepare("UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE status IN ('queued','running')").run(message, now).changes;
  }

  createRun(run: NewRun): RunRecord {
    const id = newRunId();
    const now = new Date().toISOString();
    this.#db
      .prepare(
        `INSERT INTO runs (id, kind, created_at, status, name, scenario_id, scenario, sets, what_if, seed, replications, progress, options)
         VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        run.kind,
        now,
        run.name,
        run.scenarioId ?? null,
        JSON.stringify(run.scenario),
        JSON.stringify(run.sets),
        run.whatIf === undefined ? null : JSON.stringify(run.whatIf),
        run.seed,
        run.replications,
        JSON.stringify({ done: 0, total: run.replications }),
        run.options === undefined ? null : JSON.stringify(run.options),
      );
    return this.getRun(id)!;
  }

  markRunning(id: string): void {
    this.#db.prepare("UPDATE runs SET status = 'running' WHERE id = ? AND status = 'queued'").run(id);
  }

  updateProgress(id: string, progress: Progress): void {
    this.#db.prepare("UPDATE runs SET progress = ? WHERE id = ? AND status IN ('queued','running')").run(JSON.stringify(progress), id);
  }

  /** Writes the results and status `done` in one transaction. */
  finishRun(id: string, out: RunOutcome): void {
    // Serialise before the transaction: a failure here leaves the run untouched.
    const summary = JSON.stringify(out.summary ?? null);
    const charts = out.charts === undefined ? null : JSON.stringify(out.charts);
    const figures = out.figures === undefined ? null : JSON.stringify(out.figures);
    const seeds = out.seeds === undefined ? null : JSON.stringify(out.seeds);
    const blob = gzipSync(JSON.stringify(out.result ?? null));
    const now = new Date().toISOString();
    const tx = this.#db.transaction(() => {
      this.#db.prepare("INSERT OR REPLACE INTO run_results (run_id, data) VALUES (?, ?)").run(id, blob);
      const changes = this.#db
        .prepare(
          `UPDATE runs SET status = 'done', summary = @summary, charts = @charts, figures = @figures, seeds = @seeds, wall_ms = @wallMs,
             finished_at = @now, progress = coalesce(@progress, progress), error = NULL,
             headline = CASE WHEN kind = 'run' THEN ${headlineSql("@summary")} END
           WHERE id = @id AND status IN ('queued','running')`,
        )
        .run({ summary, charts, figures, seeds, wallMs: Math.round(out.wallMs), now, progress: out.progress ? JSON.stringify(out.progress) : null, id }).changes;
      // The run was cancelled (or failed) meanwhile: keep that status, drop the results.
      if (changes === 0) throw new StaleRun();
    });
    try {
      tx();
    } catch (e) {
      if (!(e instanceof StaleRun)) throw e;
    }
  }

  /** Ends a queued/running run as failed or cancelled; false if it had already ended. */
  endRun(id: string, status: "failed" | "cancelled", error: string): boolean {
    const now = new Date().toISOString();
    return this.#db.prepare("UPDATE runs SET status = ?, error = ?, finished_at = ? WHERE id = ? AND status IN ('queued','running')").run(status, error, now, id).changes > 0;
  }

  /** Deletes an ended run and its stored result (one statement: the result goes by cascade); false if there was none. */
  deleteRun(id: string): boolean {
    return this.#db.prepare("DELETE FROM runs WHERE id = ? AND status NOT IN ('queued','running')").run(id).changes > 0;
  }

  getRun(id: string): RunRecord | undefined {
    const row = this.#db.prepare(`SELECT *, ${NAMES_SQL} FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
    return row && toRecord(row);
  }

  /** Newest first. Reads only the light columns (summaries can be large). */
  listRuns(limit = 100, kind?: RunKind): RunListItem[] {
    const cols = `id, kind, created_at, finished_at, status, name, scenario_id, sets, what_if, seed, replications, progress, error, wall_ms, headline, ${NAMES_SQL}`;
    const rows = (
      kind
        ? this.#db.prepare(`SELECT ${cols} FROM runs WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(kind, limit)
        : this.#db.prepare(`SELECT ${cols} FROM runs ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(limit)
    ) as RunRow[];
    return rows.map(toListItem);
  }

  /** The full stored result of a done run (decompressed), or undefined. */
  getResult(id: string): unknown {
    const row = this.#db.prepare("SELECT data FROM run_results WHERE run_id = ?").get(id) as { data: Buffer } | undefined;
    return row ? JSON.parse(gunzipSync(row.data).toString("utf8")) : undefined;
  }

  /** Compressed size of a stored result, bytes (for diagnostics). */
  resultBytes(id: string): number {
    const row = this.#db.prepare("SELECT length(data) AS n FROM run_results WHERE run_id = ?").get(id) as { n: number } | undefined;
    return row?.n ?? 0;
  }

  saveScenario(s: { id: string; name: string; nameZh?: string; text: string; format: "yaml" | "json" }): SavedScenario {
    const now = new Date().toISOString();
    this.#db
      .prepare(
        `INSERT INTO scenarios (id, name, name_zh, text, format, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, name_zh = excluded.name_zh, text = excluded.text, format = excluded.format, updated_at = excluded.updated_at`,
      )
      .run(s.id, s.name, s.nameZh ?? null, s.text, s.format, now, now);
    return this.getScenario(s.id)!;
  }

  getScenario(id: string): SavedScenario | undefined {
    const r = this.#db.prepare("SELECT * FROM scenarios WHERE id = ?").get(id) as
      | { id: string; name: string; name_zh: string | null; text: string; format: "yaml" | "json"; created_at: string; updated_at: string }
      | undefined;
    return r && { id: r.id, name: r.name, ...zhName(r.name_zh), text: r.text, format: r.format, createdAt: r.created_at, updatedAt: r.updated_at };
  }

  listScenarios(): Omit<SavedScenario, "text">[] {
    const rows = this.#db.prepare("SELECT id, name, name_zh, format, created_at, updated_at FROM scenarios ORDER BY id").all() as {
      id: string;
      name: string;
      name_zh: string | null;
      format: "yaml" | "json";
      created_at: string;
      updated_at: string;
    }[];
    return rows.map((r) => ({ id: r.id, name: r.name, ...zhName(r.name_zh), format: r.format, createdAt: r.created_at, updatedAt: r.updated_at }));
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

class StaleRun extends Error {}
