/**
 * Print operators and printers: the planner never recommends more print operators on
 * duty at once than the printers give work to (the model caps on-duty print slots at
 * the printers, and the scenario check warns about the rest), unless the user fixed
 * both; and the removal pass and the marginal table agree on every one-fewer move.
 */
import { describe, expect, it } from "vitest";
import { Scenario } from "../../../src/sim/model/schema.js";
import { analyticGuess } from "../../../src/sim/planner/guess.js";
import { plan, type PlanResult } from "../../../src/sim/planner/index.js";
import type { PlanConstraintsResolved, PlanVariables, RemovalVerdict } from "../../../src/sim/planner/types.js";
import { buildPlanTables } from "../../../src/sim/report/plan.js";
import { fitPrintOperators, idlePrintOperators, moveBlockedBy, planOf, violated } from "../../../src/sim/planner/variables.js";
import { evaluateInProcess, printDeskScenario, throttledLineScenario } from "./fixtures.js";

const WAIT = ["wait:print<=0.5min"];
const FAST = { marginalReplications: 4, maxReplications: 20, stress: false } as const;

const limits = (s: Scenario, extra: Partial<PlanConstraintsResolved> = {}): PlanConstraintsResolved => ({
  allowTemps: true,
  fixed: {},
  maxStaff: Object.fromEntries(s.stations.map((x) => [x.id, x.maxStaff])),
  ...extra,
});

/** People at the print desk (one 24-hour shift) and whether each has a printer. */
const printPeople = (p: PlanVariables) => (p.roster.print?.all ?? 0) + (p.temps.print?.all ?? 0);

describe("print operators and printers: the constraint", () => {
  it("a print operator beyond ceil(printers / perOperator) breaks 'printers'; a printer fewer that would leave one is blocked", () => {
    const s = printDeskScenario(2, 2);
    const c = limits(s);
    expect(idlePrintOperators(s, planOf(s))).toBe(0);
    expect(violated(s, c, planOf(s))).toBeUndefined();
    expect(moveBlockedBy(s, c, planOf(s), { kind: "printers", delta: -1 })).toBe("printers");
    expect(idlePrintOperators(s, { ...planOf(s), printers: 1 })).toBe(1);
    expect(violated(s, c, { ...planOf(s), printers: 1 })).toBe("printers");
    // Printers fixed: a person more is blocked by them, not given a printer.
    const fixed = limits(s, { fixed: { printers: 2 } });
    expect(moveBlockedBy(s, fixed, planOf(s), { kind: "staff", station: "print", shift: "all", type: "permanent", delta: 1 })).toBe("printers");
    // Two per operator: 3 printers give work to 2 people.
    const two = Scenario.parse({ ...s, printers: { ...s.printers, perOperator: 2, count: 3 } });
    expect(idlePrintOperators(two, planOf(two))).toBe(0);
    expect(moveBlockedBy(two, c, { ...planOf(two), printers: 3 }, { kind: "printers", delta: -1 })).toBe("printers");
  });

  it("the user may fix both: the fixed people are allowed, no one more", () => {
    const s = printDeskScenario(2, 1);
    const both = limits(s, { fixed: { printers: 1, "print.all.permanent": 2 } });
    expect(violated(s, both, planOf(s))).toBeUndefined();
    expect(violated(s, both, { ...planOf(s), temps: { print: { all: 1 } } })).toBe("printers");
    expect(violated(s, limits(s, { fixed: { printers: 1 } }), planOf(s))).toBe("printers");
  });

  it("fitPrintOperators gives each operator a printer, or (printers fixed) drops those without one, temps first", () => {
    const s = printDeskScenario(3, 1);
    expect(fitPrintOperators(s, { fixed: {} }, planOf(s)).printers).toBe(3);
    const p: PlanVariables = { roster: { print: { all: 2 } }, temps: { print: { all: 2 } }, printers: 3 };
    const q = fitPrintOperators(s, { fixed: { printers: 3 } }, p);
    expect(q).toMatchObject({ roster: { print: { all: 2 } }, temps: { print: { all: 1 } }, printers: 3 });
  });
});

describe("print operators and printers: the analytic guess", () => {
  it("counts printers in people, so fixed temps (slower) and a permanent cap's extra temps each get one", () => {
    const s = printDeskScenario(1, 1);
    const targets = [{ kind: "mean-wait", station: "print", maxMin: 0.5 }] as const;
    // 3 temps at 60% speed are 1.8 printer slots of work, but 3 people on 3 printers.
    const temps = analyticGuess(s, { targets: [...targets], constraints: limits(s, { fixed: { "print.all.temp": 3 } }) });
    expect(temps.plan.temps.print.all).toBe(3);
    expect(temps.plan.printers).toBeGreaterThanOrEqual(printPeople(temps.plan));
    // No permanent staff: each permanent person becomes 2 temps, each at a printer.
    const capped = analyticGuess(s, { targets: [...targets], constraints: limits(s, { maxPermanent: 0 }) });
    expect(capped.plan.temps.print.all).toBeGreaterThan(0);
    expect(capped.plan.printers).toBeGreaterThanOrEqual(printPeople(capped.plan));
    // Printers fixed at 1: no more than one operator on duty.
    const one = analyticGuess(s, { targets: [...targets], constraints: limits(s, { maxPermanent: 0, fixed: { printers: 1 } }) });
    expect(printPeople(one.plan)).toBe(1);
  });
});

describe("print operators and printers: the search", () => {
  it("with the printers fixed, does not add an operator who has no printer (it used to: he covers the lone operator's break)", async () => {
    const s = printDeskScenario(1, 1);
    const r = await plan(s, { ...FAST, targets: WAIT, fixed: ["printers=1"], start: "scenario" }, { evaluate: evaluateInProcess });
    expect(printPeople(r.plan)).toBe(1);
    expect(r.plan.printers).toBe(1);
    expect(r.meets).toBe(false);
    expect(r.stoppedBecause).toBe("constraints");
    expect(r.bottleneck).toMatchObject({ station: "print", blockedBy: "printers" });
    const note = r.notes.find((n) => n.code === "infeasible-constraints");
    expect(note?.en).toContain("--fix print.all=2 --fix printers=1");
    expect(note?.zh).toContain("--fix print.all=2 --fix printers=1");
    expect(r.marginal.find((m) => m.move.kind === "staff" && m.move.delta > 0)?.blockedBy).toBe("printers");
    expect(r.warnings.filter((w) => w.path.startsWith("staff."))).toEqual([]);
  });

  it("does not remove a printer and keep its operator (it used to: 2 operators on 1 printer)", async () => {
    const s = printDeskScenario(2, 2);
    const r = await plan(s, { ...FAST, targets: WAIT, start: "scenario" }, { evaluate: evaluateInProcess });
    expect(r.meets).toBe(true);
    expect(printPeople(r.plan)).toBe(2);
    expect(r.plan.printers).toBe(2);
    expect(idlePrintOperators(s, r.plan)).toBe(0);
    expect(r.steps.some((x) => x.move?.kind === "printers")).toBe(false);
    // The table says why the printer stays; the operator's removal was tried and failed (his break stops printing).
    expect(r.marginal.find((m) => m.move.kind === "printers" && m.move.delta < 0)?.blockedBy).toBe("printers");
    const fewer = r.marginal.find((m) => m.move.kind === "staff" && m.move.delta < 0)!;
    expect(fewer.meetsPoint).toBe(false);
    expect(fewer.removal?.outcome).toMatch(/^(screen|fails)$/);
  });

  it("the guess and the search give each operator a printer when the printers are free", async () => {
    const s = printDeskScenario(1, 1);
    const r = await plan(s, { ...FAST, targets: WAIT }, { evaluate: evaluateInProcess });
    expect(r.meets).toBe(true);
    expect(idlePrintOperators(s, r.plan)).toBe(0);
    expect(idlePrintOperators(s, r.guess.plan)).toBe(0);
  });

  it("keeps both when the user fixed both, and says so (a note and the plan's scenario warning)", async () => {
    const s = printDeskScenario(1, 1);
    const r = await plan(s, { ...FAST, targets: WAIT, fixed: ["printers=1", "print.all=2"] }, { evaluate: evaluateInProcess });
    expect(r.plan.roster.print.all).toBe(2);
    expect(r.plan.printers).toBe(1);
    expect(r.plan.temps.print.all).toBe(0);
    const note = r.notes.find((n) => n.code === "fixed-idle-print-operators");
    expect(note?.en).toMatch(/2 people on duty at once, but the fixed 1 printer\(s\) \(1 per operator\) give work to 1/);
    expect(note?.zh).toContain("只够 1 人用");
    expect(r.warnings).toEqual([expect.objectContaining({ path: "staff.roster.print.all", source: "plan" })]);
    expect(r.warnings[0].en).toContain("would have no printer");
    expect(r.warnings[0].zh).toContain("没有打印机");
  });
});

describe("the removal pass and the marginal table agree", () => {
  /** Every simulated one-fewer move of a plan that met its targets was tried by the removal pass, and rejected. */
  const expectVerdicts = (r: PlanResult) => {
    const fewer = r.marginal.filter((m) => m.move.delta < 0 && m.effects);
    expect(fewer.length).toBeGreaterThan(0);
    for (const m of fewer) {
      if (r.meets) expect(m.removal?.outcome, m.label).toMatch(/^(screen|fails|undecided)$/);
      else expect(m.removal, m.label).toEqual({ outcome: "not-tried", reason: r.stoppedBecause });
    }
  };

  it("repeats the pass: a packer fewer fails, holds once a picker has gone, and is then taken (it used to be left, shown as meeting)", async () => {
    const s = throttledLineScenario(2, 3);
    const r = await plan(s, { ...FAST, targets: ["wait:pack<=1.5min"], start: "scenario", marginalReplications: 10 }, { evaluate: evaluateInProcess });
    expect(r.meets).toBe(true);
    expect(r.plan.roster).toEqual({ pick: { all: 1 }, pack: { all: 2 } });
    expect(r.steps.filter((x) => x.phase === "remove").map((x) => x.action)).toEqual(["pick / all -1 permanent", "pack / all -1 permanent"]);
    // No one-fewer move left that meets by the point estimates without the pass's verdict.
    expectVerdicts(r);
    for (const m of r.marginal) if (m.move.delta < 0 && m.meetsPoint) expect(m.removal?.outcome).not.toBe("not-tried");
  });

  it("the marginal table says why a one-fewer move that meets by the point estimates is kept, in both languages", async () => {
    const s = printDeskScenario(2, 2);
    const r = await plan(s, { ...FAST, targets: WAIT, start: "scenario" }, { evaluate: evaluateInProcess });
    const i = r.marginal.findIndex((m) => m.move.kind === "staff" && m.move.delta < 0);
    const column = (x: PlanResult, lang: "en" | "zh") => {
      const tb = buildPlanTables(x, lang, s).marginal;
      const at = tb.columns.findIndex((c) => c.key === "removal");
      expect(at).toBe(tb.columns.length - 1);
      return tb.rows.map((row) => row[at]);
    };
    // Shown as failing: the numbers say why, the column is empty.
    expect(column(r, "en").every((x) => x === "")).toBe(true);
    const as = (removal: RemovalVerdict, meets = r.meets): PlanResult => ({ ...r, meets, marginal: r.marginal.map((m, j) => (j === i ? { ...m, meetsPoint: true, removal } : m)) });
    // Row 0 is "this plan".
    expect(column(as({ outcome: "undecided", replications: 20 }), "en")[i + 1]).toBe("kept: not shown to meet the targets at 95% confidence within 20 replications (--max-replications)");
    expect(column(as({ outcome: "undecided", replications: 20 }), "zh")[i + 1]).toBe("保留：在 20 次仿真内（--max-replications）无法以95%置信度证明达标");
    expect(column(as({ outcome: "screen", replications: 10 }), "en")[i + 1]).toBe("kept: the removal pass saw a target missed on its first 10 seeds");
    expect(column(as({ outcome: "fails", replications: 40 }), "zh")[i + 1]).toBe("保留：减人环节用 40 个种子判定目标未达标");
    expect(column(as({ outcome: "not-tried", reason: "no-improving-move" }, false), "en")[i + 1]).toBe("not tried: this plan itself is not shown to meet the targets");
    expect(column(as({ outcome: "not-tried", reason: "max-runs" }), "en")[i + 1]).toBe("not tried: the search stopped first (the replication limit was reached (--max-runs))");
  });

  it("a plan not shown to meet its targets: the one-fewer moves are 'not tried', with the reason", async () => {
    const s = printDeskScenario(1, 1);
    const r = await plan(s, { ...FAST, targets: WAIT, fixed: ["printers=1"], start: "scenario" }, { evaluate: evaluateInProcess });
    expect(r.meets).toBe(false);
    expectVerdicts(r);
  });
});
