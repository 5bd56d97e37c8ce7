/**
 * Runs one named benchmark in this process and prints its figures as one JSON line
 * on stdout (keys prefixed with the benchmark name), adding the process's peak
 * resident memory. Spawned by bench/run.ts so peak memory is per benchmark.
 *
 * Usage: tsx bench/one.ts <name>
 */
import { benchmarks } from "./benchmarks.js";

const name = process.argv[2];
const bench = name ? benchmarks[name] : undefined;
if (!bench) {
  console.error(`unknown benchmark ${JSON.stringify(name)}; known: ${Object.keys(benchmarks).join(", ")}`);
  process.exit(2);
}
const figures = await bench.run();
// maxRSS is in KiB on Linux.
const out: Record<string, number> = { peakRssMiB: process.resourceUsage().maxRSS / 1024 };
for (const [k, v] of Object.entries(figures)) out[k] = v;
const prefixed = Object.fromEntries(Object.entries(out).map(([k, v]) => [`${name}.${k}`, v]));
process.stdout.write(`${JSON.stringify(prefixed)}\n`);
