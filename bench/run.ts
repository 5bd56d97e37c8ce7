/**
 * `npm run bench [-- <name or prefix>...]`: runs the selected benchmarks (all by
 * default), each in a fresh child process, prints one line per figure and merges
 * the figures into bench/results/latest.json (a flat map, git-ignored).
 *
 * `npm run bench -- kernel` runs every benchmark whose name starts with "kernel".
 * `--runs N` runs each selected benchmark N times (each in its own child process)
 * and reports the median of every figure, plus the fastest and slowest wall time
 * (`wallMsMin`, `wallMsMax`): on a shared VM one run can be 30% off. Benchmarks may
 * set their own default (`runs` in bench/benchmarks.ts); the flag overrides it.
 * Exit code 2 for an unknown name or a bad flag, 1 if a benchmark failed.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchmarks } from "./benchmarks.js";

const here = dirname(fileURLToPath(import.meta.url));
const resultsFile = join(here, "results", "latest.json");
const all = Object.keys(benchmarks);
let args: string[];
let runsFlag: number | undefined;
try {
  const parsed = parseArgs({ args: process.argv.slice(2), options: { runs: { type: "string" } }, allowPositionals: true });
  args = parsed.positionals;
  if (parsed.values.runs !== undefined) {
    runsFlag = Number(parsed.values.runs);
    if (!Number.isInteger(runsFlag) || runsFlag < 1 || runsFlag > 100) throw new Error(`--runs must be an integer from 1 to 100, got ${JSON.stringify(parsed.values.runs)}`);
  }
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const selected = args.length === 0 ? all : all.filter((n) => args.some((a) => n === a || n.startsWith(a)));
const unknown = args.filter((a) => !all.some((n) => n === a || n.startsWith(a)));
if (unknown.length > 0 || selected.length === 0) {
  console.error(`unknown benchmark ${unknown.map((u) => JSON.stringify(u)).join(", ")}; known:\n${all.map((n) => `  ${n.padEnd(20)} ${benchmarks[n].about}`).join("\n")}`);
  process.exit(2);
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toLocaleString("en-US", { maximumFractionDigits: 2 }));

const median = (xs: number[]): number => {
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
};

/** One run of `name` in a fresh child process: its figures, or null when it failed. */
function runOnce(name: string): Record<string, number> | null {
  // A fresh process per run: its own JIT state and its own peak RSS.
  const child = spawnSync(process.execPath, ["--import", "tsx", join(here, "one.ts"), name], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 << 20,
    cwd: join(here, ".."), // `--import tsx` resolves tsx from the repository
  });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{")) {
    console.error(`${name}: failed (exit ${child.status ?? child.signal})`);
    return null;
  }
  return JSON.parse(line) as Record<string, number>;
}

let failed = 0;
const figures: Record<string, number> = {};
for (const name of selected) {
  const runs = runsFlag ?? benchmarks[name].runs ?? 1;
  console.log(`# ${name}: ${benchmarks[name].about}${runs > 1 ? ` (median of ${runs} runs)` : ""}`);
  const all: Record<string, number>[] = [];
  for (let r = 0; r < runs; r++) {
    const got = runOnce(name);
    if (got) all.push(got);
  }
  if (all.length < runs) {
    failed++;
    continue;
  }
  const got: Record<string, number> = {};
  for (const k of Object.keys(all[0])) {
    const xs = all.map((f) => f[k]);
    got[k] = median(xs);
    if (runs > 1 && k.endsWith(".wallMs")) {
      got[`${k}Min`] = Math.min(...xs);
      got[`${k}Max`] = Math.max(...xs);
    }
  }
  for (const [k, v] of Object.entries(got)) {
    console.log(`${k.padEnd(36)} ${fmt(v).padStart(14)}`);
    figures[k] = v;
  }
}

mkdirSync(dirname(resultsFile), { recursive: true });
let merged: Record<string, unknown> = {};
try {
  merged = JSON.parse(readFileSync(resultsFile, "utf8")) as Record<string, unknown>;
} catch {
  // first run, or an unreadable file: start afresh
}
Object.assign(merged, figures);
const sorted = Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
const tmp = `${resultsFile}.${process.pid}.tmp`;
writeFileSync(tmp, `${JSON.stringify(sorted, null, 2)}\n`);
renameSync(tmp, resultsFile);
console.log(`results merged into ${resultsFile}`);
process.exit(failed > 0 ? 1 : 0);
