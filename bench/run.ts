/**
 * `npm run bench [-- <name or prefix>...]`: runs the selected benchmarks (all by
 * default), each in a fresh child process, prints one line per figure and merges
 * the figures into bench/results/latest.json (a flat map, git-ignored).
 *
 * `npm run bench -- kernel` runs every benchmark whose name starts with "kernel".
 * Exit code 2 for an unknown name, 1 if a benchmark failed.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchmarks } from "./benchmarks.js";

const here = dirname(fileURLToPath(import.meta.url));
const resultsFile = join(here, "results", "latest.json");
const all = Object.keys(benchmarks);
const args = process.argv.slice(2);
const selected = args.length === 0 ? all : all.filter((n) => args.some((a) => n === a || n.startsWith(a)));
const unknown = args.filter((a) => !all.some((n) => n === a || n.startsWith(a)));
if (unknown.length > 0 || selected.length === 0) {
  console.error(`unknown benchmark ${unknown.map((u) => JSON.stringify(u)).join(", ")}; known:\n${all.map((n) => `  ${n.padEnd(20)} ${benchmarks[n].about}`).join("\n")}`);
  process.exit(2);
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toLocaleString("en-US", { maximumFractionDigits: 2 }));

let failed = 0;
const figures: Record<string, number> = {};
for (const name of selected) {
  console.log(`# ${name}: ${benchmarks[name].about}`);
  // A fresh process per benchmark: its own JIT state and its own peak RSS.
  const child = spawnSync(process.execPath, ["--import", "tsx", join(here, "one.ts"), name], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 << 20,
    cwd: join(here, ".."), // `--import tsx` resolves tsx from the repository
  });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{")) {
    console.error(`${name}: failed (exit ${child.status ?? child.signal})`);
    failed++;
    continue;
  }
  const got = JSON.parse(line) as Record<string, number>;
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
