/**
 * One small experiment shared by the report tests: a scenario whose name needs
 * escaping and quoting, a deadline rule that orders miss (so the risk tables are
 * not all zero) and one that judges no order, three replications run in-process.
 */
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { runExperiment } from "../../../src/sim/experiment/pool.js";
import type { Experiment } from "../../../src/sim/experiment/types.js";
import { Scenario } from "../../../src/sim/model/schema.js";
import { buildManifest, canonicalJson, commandLine, type Manifest } from "../../../src/sim/report/manifest.js";

export const NAME = 'micro, "quoted" <b>名</b></script>';

export const INPUT = {
  name: NAME,
  horizon: "3d",
  demand: { baselinePerDay: 20, surge: 10, daysAfter: [1], presaleOrders: 0 },
  deadlines: [
    { id: "d11-ship", label: { en: "Double 11: shipped by 20 Nov 24:00", zh: "双11：11月20日24:00前发货" }, paidFrom: "2026-11-11 00:00", paidTo: "2026-11-17 24:00", milestone: "shipped" as const, by: "2026-11-20 24:00" },
    { id: "ship-2h", label: { en: "Shipped within 2 h", zh: "2小时内发货" }, paidFrom: "2026-11-11 00:00", paidTo: "2026-11-12 24:00", milestone: "shipped" as const, within: "2h" },
    // Judges no order (nothing is paid in December): its risk is shown as empty, not as 0% [0%, 71%].
    { id: "december", label: { en: "December orders within 48 h", zh: "12月订单48小时内发货" }, paidFrom: "2026-12-01 00:00", paidTo: "2026-12-02 24:00", milestone: "shipped" as const, within: "48h" },
  ],
};

let cached: Promise<Experiment> | undefined;
export function experiment(): Promise<Experiment> {
  cached ??= runExperiment(Scenario.parse(INPUT), { replications: 3, seed: 2, workers: 1 });
  return cached;
}

export function manifestOf(exp: Experiment): Manifest {
  return buildManifest(exp, {
    version: "9.9.9-test",
    sha256: createHash("sha256").update(canonicalJson(exp.scenario)).digest("hex"),
    command: commandLine(["report", "scenarios/x.yaml", "--seed", String(exp.seed), "--replications", String(exp.runs.length), "--set", "name=a b", "--format", "html", "--out", "r.html"]),
    generatedAt: "2026-11-01T00:00:00.000Z",
  });
}

export function chartJsBundle(): string {
  return readFileSync(new URL("../../../node_modules/chart.js/dist/chart.umd.min.js", import.meta.url), "utf8");
}
