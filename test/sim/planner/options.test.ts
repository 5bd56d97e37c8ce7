import { describe, expect, it } from "vitest";
import { PlannerOptions, PlannerOptionsCli } from "../../../src/sim/planner/index.js";
import { plannerOptions } from "../../../src/sim/planner/options.js";

describe("planner options: the bound on replications", () => {
  it("defaults to 100, or to replications when more are asked for", () => {
    expect(PlannerOptions.parse({}).maxReplications).toBe(100);
    expect(PlannerOptions.parse({ replications: 20 }).maxReplications).toBe(100);
    expect(PlannerOptions.parse({ replications: 200 }).maxReplications).toBe(200);
    expect(PlannerOptionsCli.parse({ replications: 200 }).maxReplications).toBe(200);
  });

  it("keeps a bound that was given, and refuses one below replications", () => {
    expect(PlannerOptions.parse({ replications: 200, maxReplications: 300 }).maxReplications).toBe(300);
    const r = PlannerOptionsCli.safeParse({ replications: 200, maxReplications: 150 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["maxReplications", "must be at least --replications (200) (got 150): raise --max-replications or lower --replications"]]);
  });

  it("a bound below the default replications says it is the default, not a count that was given", () => {
    const cli = PlannerOptionsCli.safeParse({ maxReplications: 5 });
    expect(cli.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["maxReplications", "must be at least the starting replications (10, the default of --replications) (got 5): raise --max-replications or give a smaller --replications"],
    ]);
    const api = PlannerOptions.safeParse({ maxReplications: 5 });
    expect(api.error?.issues.map((i) => i.message)).toEqual(["maxReplications (5) must be at least replications (10, its default): raise maxReplications or give a smaller replications"]);
    // Unset, replications still reads 10 in the options.
    expect(PlannerOptions.parse({ maxReplications: 50 })).toMatchObject({ replications: 10, maxReplications: 50 });
    expect(plannerOptions(4).parse({}).replications).toBe(4);
  });

  it("a server's limit caps the default", () => {
    const onServer = plannerOptions(50);
    expect(onServer.parse({}).maxReplications).toBe(50);
    expect(onServer.parse({ replications: 40 }).maxReplications).toBe(50);
    // Re-parsing the output (the search does) gives the same options.
    const once = PlannerOptions.parse({ replications: 200 });
    expect(PlannerOptions.parse(once)).toEqual(once);
  });
});
