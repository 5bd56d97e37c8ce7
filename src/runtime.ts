/**
 * Node-side helpers shared by the CLI and the server (src/sim stays free of I/O):
 * the Peakline version, the scenario hash of the reproducibility manifest, and the
 * Chart.js bundle that HTML reports inline (no CDN: a warehouse PC may be offline).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Scenario } from "./sim/model/schema.js";
import { canonicalJson } from "./sim/report/manifest.js";

let version: string | undefined;

/** The version in package.json ("0.0.0" if it cannot be read). */
export function peaklineVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string }).version ?? "0.0.0";
    } catch {
      version = "0.0.0";
    }
  }
  return version;
}

/** SHA-256 (hex) of the scenario's canonical JSON (the manifest's `scenarioSha256`). */
export function scenarioHash(s: Scenario): string {
  return createHash("sha256").update(canonicalJson(s)).digest("hex");
}

/** The directory holding chart.umd.min.js (chart.js's exports map hides its package.json). */
export function chartJsDir(): string {
  return dirname(createRequire(import.meta.url).resolve("chart.js"));
}

let chartJs: string | undefined;

/**
 * The Chart.js UMD bundle's text; throws an Error saying what to do when it is missing
 * (with `file`, when known, and `reason`, for a caller that words it in another language).
 */
export function readChartJs(): string {
  if (chartJs === undefined) {
    let file: string | undefined;
    try {
      file = join(chartJsDir(), "chart.umd.min.js");
      chartJs = readFileSync(file, "utf8");
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw Object.assign(new Error(`cannot read the Chart.js bundle${file ? ` ${file}` : ""} for the HTML report (${reason}); run npm ci`), { file, reason });
    }
  }
  return chartJs;
}
