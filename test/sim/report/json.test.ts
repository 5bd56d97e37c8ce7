import { describe, expect, it } from "vitest";
import { figuresOf } from "../../../src/sim/experiment/replicate.js";
import { renderReport } from "../../../src/sim/report/index.js";
import { experiment, manifestOf } from "./fixtures.js";

describe("JSON export", () => {
  it("has schemaVersion, the summary, per-replication figures with seeds, and the manifest", async () => {
    const exp = await experiment();
    const j = JSON.parse((await renderReport(exp, { format: "json", lang: "en", manifest: manifestOf(exp) })) as string);
    expect(j.schemaVersion).toBe(1);
    expect(j.kind).toBe("peakline-experiment");
    expect(j.replications).toHaveLength(3);
    expect(j.replications[1]).toEqual({ index: 1, seed: exp.seeds[1], figures: figuresOf(exp.runs[1]) });
    expect(j.summary.figures["orders.shipped"]!.mean).toBe(exp.summary.figures["orders.shipped"]!.mean);
    expect(j.manifest.seeds).toEqual(exp.seeds);
    expect(j.manifest.scenario.name).toEqual(exp.scenario.name);
    expect(j.manifest.scenarioSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(j.manifest.command).toMatch(/^npx tsx src\/cli\.ts report /);
  });
});
