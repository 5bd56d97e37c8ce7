import { describe, expect, it } from "vitest";
import { Scenario } from "../../../src/sim/model/schema.js";
import { PlannerOptions, PlannerOptionsCli, validatePlanRequest } from "../../../src/sim/planner/index.js";
import { plannerOptions } from "../../../src/sim/planner/options.js";
import { expectFullyChinese } from "../../helpers/chinese.js";

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

describe("planner options: problems in Chinese", () => {
  const s = Scenario.parse({});
  const ids = ["print", "pick", "qc", "pack", "weigh", "day", "d11-ship", "d11-collect", "ship-48h"];
  const bad: object[] = [
    { targets: ["within30h>=90%"] },
    { targets: ["late:nosuch<=5%", "wait:packing<=3min"] },
    { targets: [] },
    { targets: [{ kind: "late" }] },
    { replications: "x", maxEvaluations: 0, utilization: 2, budget: -1, allowTemps: "yes", start: "x" },
    { replications: 2.5, fixed: ["x".repeat(90)] },
    { maxReplications: 5 },
    { replications: 20, maxReplications: 5 },
    { minCrew: 40 },
    { fixed: ["pik.day=3", "pick.nite=3", "pick=3", "x y"] },
  ];

  it("gives every issue its Chinese, with no English left, for the CLI and the API", () => {
    for (const style of ["cli", "api"] as const) {
      for (const input of bad) {
        const v = validatePlanRequest(s, { targets: ["within24h>=95%"], ...input }, style);
        expect(v.ok, JSON.stringify(input)).toBe(false);
        for (const i of v.ok ? [] : v.issues) expectFullyChinese(i.zh, [...ids, "replications", "kind", "pik", "nite", "packing", "nosuch", "late"]);
      }
    }
  });

  it("words the CLI's Chinese after the flag and the API's with the field, English unchanged", () => {
    const cli = validatePlanRequest(s, { targets: ["within24h>=95%"], replications: 20, maxReplications: 5 }, "cli");
    expect(!cli.ok && cli.issues).toEqual([
      {
        path: "maxReplications",
        message: "must be at least --replications (20) (got 5): raise --max-replications or lower --replications",
        zh: "须不少于 --replications（20）（实为 5）：请调高 --max-replications 或调低 --replications",
      },
    ]);
    const api = validatePlanRequest(s, { targets: ["within24h>=95%"], replications: "x" as never });
    expect(!api.ok && api.issues).toEqual([{ path: "replications", message: 'replications must be a whole number from 2 to 1000 (a confidence interval needs two runs), got "x"', zh: '"x" 是文本；应为整数（2 至 1000）' }]);
    const none = validatePlanRequest(s, { targets: [] }, "cli");
    expect(!none.ok && none.issues[0].zh).toBe('没有目标：请至少给出一个，如 "late:d11-ship<=5%"、"within24h>=95%" 或 "wait:pack<=30min"');
  });
});
