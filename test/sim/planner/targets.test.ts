import { describe, expect, it } from "vitest";
import { checkTargets, decideTarget, defaultTargets, minReplicationsFor, parseTarget, planTargets, pointMeets, sampleTarget, targetKey, type TargetSample } from "../../../src/sim/planner/targets.js";
import { validatePlanRequest } from "../../../src/sim/planner/index.js";
import type { RunResult } from "../../../src/sim/model/result.js";
import { Scenario } from "../../../src/sim/model/schema.js";
import { expectFullyChinese } from "../../helpers/chinese.js";

const ok = (text: string) => {
  const r = parseTarget(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.target;
};
const err = (text: string) => {
  const r = parseTarget(text, "--target");
  if (r.ok) throw new Error(`expected an error for ${text}`);
  return r.error;
};

describe("parseTarget", () => {
  it("reads the three forms, percentages or fractions, durations or minutes", () => {
    expect(ok("late:d11-ship<=5%")).toEqual({ kind: "late-probability", rule: "d11-ship", maxProbability: 0.05 });
    expect(ok(" late : ship-48h <= 0.1 ")).toEqual({ kind: "late-probability", rule: "ship-48h", maxProbability: 0.1 });
    expect(ok("within24h>=95%")).toEqual({ kind: "shipped-within", hours: 24, minShare: 0.95 });
    expect(ok("WITHIN12h >= 0.8")).toEqual({ kind: "shipped-within", hours: 12, minShare: 0.8 });
    expect(ok("wait:pack<=30min")).toEqual({ kind: "mean-wait", station: "pack", maxMin: 30 });
    expect(ok("wait:pack<=1h30m")).toMatchObject({ maxMin: 90 });
    expect(ok("wait:pack<=90s")).toMatchObject({ maxMin: 1.5 });
    expect(ok("wait:pack<=12")).toMatchObject({ maxMin: 12 });
  });

  it("round-trips through targetKey", () => {
    for (const text of ["late:d11-ship<=5%", "within24h>=95%", "wait:pack<=30min", "late:x<=0.5%"]) expect(targetKey(ok(text))).toBe(text);
  });

  it("rejects bad text with the allowed forms and the input", () => {
    expect(err("late:d11-ship<5%").message).toMatch(/expected "late:<rule><=5%".*got "late:d11-ship<5%"/);
    expect(err("within36h>=95%").message).toMatch(/12 or 24/);
    expect(err("within24h>=120%").message).toMatch(/0% to 100%/);
    expect(err("late:d11-ship<=1.5").message).toMatch(/from 0 to 1/);
    expect(err("wait:pack<=soon").message).toMatch(/duration/);
    expect(err("").path).toBe("--target");
  });

  it("says each refusal in Chinese, with the input", () => {
    const cases: [string, string][] = [
      ["late:d11-ship<5%", '应写成 "late:<rule><=5%"、"within24h>=95%"（12 或 24 h）或 "wait:<station><=30min"（实为 "late:d11-ship<5%"）'],
      ["within30h>=90%", '小时数须为 12 或 24（模型只记录这两个比例）（实为 "within30h>=90%"）'],
      ["within24h>=120%", '比例须在 0 到 1 或 0% 到 100% 之间，如 95% 或 0.95（实为 "within24h>=120%"）'],
      ["late:d11-ship<=1.5", '概率须在 0 到 1 或 0% 到 100% 之间，如 5% 或 0.05（实为 "late:d11-ship<=1.5"）'],
      ["wait:pack<=soon", '等待时间须为不小于 0 的时长，如 30min、0.5h、90s，或分钟数（实为 "wait:pack<=soon"）'],
    ];
    for (const [text, zh] of cases) {
      expect(err(text).zh).toBe(zh);
      expectFullyChinese(err(text).zh);
    }
  });

  it("checks rule and station ids against the scenario", () => {
    const s = Scenario.parse({});
    const errors = checkTargets(s, [ok("late:nope<=5%"), ok("wait:packing<=3min"), ok("within24h>=95%")]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toEqual({ path: "targets[0]", message: expect.stringContaining("d11-ship"), zh: '未知的截止规则 "nope"；现有规则：d11-ship、d11-collect、ship-48h' });
    expect(errors[1].message).toContain('unknown station "packing"');
    expect(errors[1].zh).toBe('未知的工位 "packing"；现有工位：print、pick、qc、pack、weigh');
  });

  it("refuses two limits on one measure (which would the plan meet?), not one limit each on two measures", () => {
    const s = Scenario.parse({});
    const errors = checkTargets(s, [ok("within24h>=90%"), ok("within12h>=50%"), ok("within24h>=95%")], (i) => `--target #${i + 1}`);
    expect(errors).toEqual([{ path: "--target #3", message: "another target for within24h, as #1 is; keep one, with the limit you mean", zh: "与第 1 个目标重复，都是 within24h 的目标；请只保留一个，写上您要的限值" }]);
    expect(checkTargets(s, [ok("late:d11-ship<=5%"), ok("late:d11-collect<=5%")])).toEqual([]);
  });
});

const runs = (values: number[]): TargetSample[] => values.map((value) => ({ value, smooth: value }));

describe("default targets (neither the request nor the scenario names any)", () => {
  it("are those of scenarios/default.yaml: late for d11-ship <= 5% where the scenario has that rule, and 95% within 24 h", () => {
    const s = Scenario.parse({});
    expect(s.targets).toEqual([]);
    expect(defaultTargets(s).map(targetKey)).toEqual(["late:d11-ship<=5%", "within24h>=95%"]);
    // No d11-ship rule: the shipping target alone.
    const other = Scenario.parse({ deadlines: [{ id: "ship-48h", milestone: "shipped", within: "48h" }] });
    expect(defaultTargets(other).map(targetKey)).toEqual(["within24h>=95%"]);
  });

  it("are used, and said to be, only when neither the request nor the scenario gives targets", () => {
    const none = Scenario.parse({});
    expect(planTargets(none)).toEqual({ targets: defaultTargets(none), source: "default" });
    const own = Scenario.parse({ targets: [{ kind: "shipped-within", hours: 12, minShare: 0.8 }] });
    expect(planTargets(own)).toEqual({ targets: own.targets, source: "scenario" });
    expect(planTargets(none, [{ kind: "shipped-within", hours: 12, minShare: 0.5 }]).source).toBe("options");
    // An empty list given stays empty: "no target".
    expect(planTargets(none, [])).toEqual({ targets: [], source: "options" });
  });

  it("are what the planner validates and plans against (the request says so)", () => {
    const v = validatePlanRequest(Scenario.parse({}), {});
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(v.request.targetsSource).toBe("default");
      expect(v.request.targets.map(targetKey)).toEqual(["late:d11-ship<=5%", "within24h>=95%"]);
    }
    const given = validatePlanRequest(Scenario.parse({}), { targets: ["within12h>=80%"] });
    expect(given.ok && given.request.targetsSource).toBe("options");
  });
});

describe("decideTarget", () => {
  const late = ok("late:r<=5%");
  it("a probability target meets only when the Wilson upper bound is within the limit", () => {
    expect(minReplicationsFor(late)).toBe(73);
    expect(decideTarget(late, runs(Array(72).fill(0))).status).toBe("undecided");
    expect(decideTarget(late, runs(Array(73).fill(0))).status).toBe("meets");
    const some = decideTarget(late, runs([...Array(95).fill(0), ...Array(5).fill(1)]));
    expect(some.estimate).toBeCloseTo(0.05);
    expect(some.status).toBe("undecided");
    expect(decideTarget(late, runs([...Array(10).fill(0), ...Array(10).fill(1)])).status).toBe("fails");
  });

  it("a zero limit meets only with no late run in the maximum number of replications", () => {
    const zero = ok("late:r<=0%");
    expect(minReplicationsFor(zero)).toBe(Infinity);
    expect(decideTarget(zero, runs(Array(20).fill(0)), 50).status).toBe("undecided");
    expect(decideTarget(zero, runs(Array(50).fill(0)), 50).status).toBe("meets");
    expect(decideTarget(zero, runs([1, 0]), 50).status).toBe("fails");
  });

  it("shares and waits use the t interval", () => {
    const share = ok("within24h>=90%");
    expect(decideTarget(share, runs([0.95, 0.96, 0.94, 0.95])).status).toBe("meets");
    expect(decideTarget(share, runs([0.8, 0.82, 0.81])).status).toBe("fails");
    expect(decideTarget(share, runs([0.85, 0.99, 0.9])).status).toBe("undecided");
    expect(decideTarget(share, runs([1]))).toMatchObject({ status: "undecided", n: 1 });
    const allShipped = decideTarget(share, runs([1, 1, 1]));
    expect(allShipped).toMatchObject({ status: "meets", low: 1, high: 1 });
    const wait = ok("wait:pack<=10min");
    expect(decideTarget(wait, runs([4, 5, 6])).status).toBe("meets");
    expect(decideTarget(wait, runs([14, 15, 16])).status).toBe("fails");
  });

  it("counts the replications that alone missed the limit (the tail under a mean that meets)", () => {
    // A mean of 96.6% meets 95% at the 95% level, yet 4 of the 40 days shipped under 95%.
    const share = ok("within24h>=95%");
    const d = decideTarget(share, runs([...Array(36).fill(0.98), 0.9, 0.92, 0.93, 0.94]));
    expect(d.status).toBe("meets");
    expect(d.missedRuns).toBe(4);
    // Exactly at the limit is not a miss; a late run is; a wait over the limit or with orders unserved is.
    expect(decideTarget(share, runs([0.95, 0.95, 0.96])).missedRuns).toBe(0);
    expect(decideTarget(ok("late:r<=5%"), runs([0, 1, 0, 1, 1])).missedRuns).toBe(3);
    expect(decideTarget(ok("wait:pack<=10min"), [...runs([4, 10, 12]), { value: 3, smooth: 3, unserved: 0.1 }]).missedRuns).toBe(2);
    expect(decideTarget(share, []).missedRuns).toBe(0);
  });
});

describe("sampleTarget", () => {
  const run = (late: number, undetermined: number) =>
    ({ deadlines: [{ id: "d11-ship", orders: 1000, late, lateUnfinished: 0, undetermined }] }) as unknown as RunResult;
  const target = ok("late:d11-ship<=5%");

  it("counts a run with late orders as late, with the late share to rank candidates", () => {
    expect(sampleTarget(target, run(0, 0))).toEqual({ value: 0, smooth: 0 });
    expect(sampleTarget(target, run(10, 0))).toEqual({ value: 1, smooth: 0.01 });
  });

  it("counts undetermined orders (a run cut by its horizon) as late: not known to be on time", () => {
    expect(sampleTarget(target, run(0, 20))).toEqual({ value: 1, smooth: 0.02 });
    expect(sampleTarget(target, run(10, 20))).toEqual({ value: 1, smooth: 0.03 });
  });
});

describe("sampleTarget and decideTarget: a mean wait with orders left unserved", () => {
  const wait = ok("wait:desk<=5min");
  /** One station: `served` orders served with a 1-minute mean wait, `queued` still queued at the end of a 2-day run. */
  const run = (served: number, queued: number, meanQueue = 0) =>
    ({
      endSec: 2 * 86_400,
      stationOrder: ["desk"],
      stations: { desk: { meanWaitMin: served > 0 ? 1 : null, meanQueue, served, inStationAtEnd: queued } },
      hourly: { stations: { desk: { queue: [queued, queued] } } },
    }) as unknown as RunResult;

  it("a station that served every order keeps its own mean wait", () => {
    expect(sampleTarget(wait, run(1000, 0))).toEqual({ value: 1, smooth: 1, unserved: 0 });
    expect(decideTarget(wait, [1, 2, 3].map(() => sampleTarget(wait, run(1000, 0)))).status).toBe("meets");
  });

  it("nobody served (no wait recorded, mean null) fails, with the wait counted up to the end of the run", () => {
    // 1000 orders queued on average for the last day: no mean over 0 served, but at least 12 h over all.
    const s = sampleTarget(wait, run(0, 1000, 500));
    expect(s.unserved).toBe(1);
    expect(s.value).toBeCloseTo((500 * 2 * 86_400) / 1000 / 60);
    const d = decideTarget(wait, [s, s, s]);
    expect(d.status).toBe("fails");
    expect(d.unservedRuns).toBe(3);
  });

  it("orders still queued at the end fail the target even when the served orders' mean is within it", () => {
    const samples = [run(1000, 0), run(1000, 0), run(1000, 3, 0.01)].map((r) => sampleTarget(wait, r));
    expect(samples[2].value).toBe(1);
    const d = decideTarget(wait, samples);
    expect(d.estimate).toBe(1);
    expect(d.status).toBe("fails");
  });

  it("orders held up before the station on the route count as unserved there", () => {
    const r = {
      endSec: 86_400,
      stationOrder: ["pick", "desk"],
      stations: { pick: { meanWaitMin: null, meanQueue: 800, served: 0, inStationAtEnd: 1000 }, desk: { meanWaitMin: null, meanQueue: 0, served: 0, inStationAtEnd: 0 } },
      hourly: { stations: { desk: { queue: [0] } } },
    } as unknown as RunResult;
    const s = sampleTarget(wait, r);
    expect(s.unserved).toBe(1);
    expect(decideTarget(wait, [s, s]).status).toBe("fails");
  });

  it("a station with no wait at all (null: no order reached it, none left unserved) does not meet the target", () => {
    const s = sampleTarget(wait, run(0, 0));
    expect(s).toEqual({ value: 0, smooth: 0, unserved: 1 });
    const d = decideTarget(wait, [s, s, s]);
    expect(d.status).toBe("fails");
    expect(pointMeets(wait, d)).toBe(false);
    // One such run among runs that meet it is enough.
    expect(decideTarget(wait, [sampleTarget(wait, run(1000, 0)), s, sampleTarget(wait, run(1000, 0))]).status).toBe("fails");
  });

  it("no peak-day orders (shares null) does not meet a shipped-within target", () => {
    const within = ok("within24h>=95%");
    const r = { shippedWithin: { h12: null, h24: null } } as unknown as RunResult;
    expect(sampleTarget(within, r)).toEqual({ value: 0, smooth: 0 });
    expect(decideTarget(within, [r, r, r].map((x) => sampleTarget(within, x))).status).toBe("fails");
  });
});
