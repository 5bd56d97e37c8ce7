import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli.js";
import { expectFullyChinese } from "../helpers/chinese.js";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A one-station M/M/c scenario (4 orders a minute, 1 min exponential service): a plan takes about a second. */
const SCENARIO = {
  name: "cli plan test",
  seed: 3,
  horizon: "2d",
  demand: { baselinePerDay: 5760, surge: 1, presaleOrders: 0, daysAfter: [], profile: "flat", linesPerOrder: 1, bestSellers: { prepackedShare: 0, lineShare: 0 } },
  stations: [{ id: "desk", kind: "generic", name: { en: "Desk", zh: "工位" }, serviceSec: { dist: "exponential", mean: 60 }, maxStaff: 50 }],
  staff: { shifts: [{ id: "all", start: "00:00", end: "24:00" }], roster: { desk: { all: 2 } }, absenceRate: 0 },
  printers: { count: 0, spares: 0, mtbf: 0, costPerDay: 0 },
  couriers: [{ id: "c", share: 1, pickups: ["06:00", "12:00", "18:00", "23:30"] }],
};

/**
 * SCENARIO without targets, its "d11-ship" rule's deadline within the 2-day horizon: a
 * plan against the default targets (late:d11-ship<=5%, within24h>=95%) can run.
 */
const NO_TARGETS = {
  ...SCENARIO,
  deadlines: [{ id: "d11-ship", label: { en: "Shipped by 12 Nov 24:00", zh: "11月12日24:00前发货" }, paidFrom: "2026-11-11 00:00", paidTo: "2026-11-11 24:00", milestone: "shipped", by: "2026-11-12 24:00" }],
};
/** A short search: the default late target needs many replications to be shown met, and these tests only read what was planned against. */
const SHORT = ["--workers", "1", "--no-marginal", "--no-stress", "--no-progress", "--max-evaluations", "3", "--max-replications", "10"];

let dir: string;
let file: string;
let noTargets: string;

/** The CLI in a child process (real exit code, real worker threads). */
function cliProcess(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The CLI in this process (fast): the exit code `main` returns and what it wrote. */
async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await main(["node", "peakline", ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "peakline-plan-"));
  file = join(dir, "desk.yaml");
  writeFileSync(file, JSON.stringify(SCENARIO));
  noTargets = join(dir, "no-targets.yaml");
  writeFileSync(noTargets, JSON.stringify(NO_TARGETS));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("peakline plan", () => {
  it("exits 2 on a bad target, naming the flag and the allowed forms", () => {
    const r = cliProcess("plan", file, "--target", "late:d11-ship<=5%", "--target", "wait:desk<30min");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--target #2");
    expect(r.stderr).toContain('"wait:<station><=30min"');
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("exits 2 on an unknown rule, a bad --fix, or xlsx without --out", async () => {
    const rule = await cli("plan", file, "--target", "late:nope<=5%");
    expect(rule.code).toBe(2);
    expect(rule.stderr).toMatch(/--target #1 .*unknown deadline rule "nope"/);
    const fix = await cli("plan", file, "--target", "wait:desk<=0.3min", "--fix", "desk.night=2");
    expect(fix.code).toBe(2);
    expect(fix.stderr).toMatch(/--fix #1 .*unknown shift "night"/);
    const xlsx = await cli("plan", file, "--target", "wait:desk<=0.3min", "--format", "xlsx");
    expect(xlsx.code).toBe(2);
    expect(xlsx.stderr).toContain("--out");
    // No target in the file nor --target: the default targets, whose late one this 2-day horizon cannot reach.
    const none = await cli("plan", file);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^default target #1 "late:d11-ship<=5%": late:d11-ship<=5%: the deadline of rule .* Lengthen the scenario's horizon to at least 10d\. Or give --target: the scenario names no targets of its own\.\n$/);
    const noneZh = await cli("plan", file, "--lang", "zh");
    expect(noneZh.code).toBe(2);
    expect(noneZh.stderr).toMatch(/^默认目标 #1 "late:d11-ship<=5%"：.*或用 --target 指定目标：场景本身未设目标。\n$/);
    // An --out that cannot be written is refused before the search, not after it.
    const out = await cli("plan", file, "--target", "wait:desk<=0.3min", "--format", "json", "--out", join(dir, "missing", "p.json"));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("does not exist");
    expect(out.stderr).not.toMatch(/evaluation/);
  });

  it("--try-shift: a shift the planner may add, refused naming the flag when it is not one or its id is taken; the report says what became of it", async () => {
    const bad = await cli("plan", file, "--target", "wait:desk<=0.3min", "--try-shift", "extra=00:00-12:00", "--try-shift", "all=00:00-08:00");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('--try-shift #2 "all=00:00-08:00": "all" is already a shift of the scenario (all); give the new shift another id\n');
    const text = await cli("plan", file, "--target", "wait:desk<=0.3min", "--try-shift", "extra 00:00-12:00", "--lang", "zh");
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/^--try-shift #1 "extra 00:00-12:00"："extra 00:00-12:00" 不是班次：请写成 id=HH:MM-HH:MM/);
    // The round-the-clock shift already staffs the desk: a morning shift on the peak day is tried and left out.
    const r = await cli("plan", file, "--target", "wait:desk<=0.3min", "--try-shift", "extra=00:00-12:00@0", "--workers", "1", "--no-marginal", "--no-stress", "--no-progress");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("- Tried and left out: extra (00:00-12:00, the peak day only)");
    // No station prints: the plan keeps the scenario's printers (none), not one.
    expect(r.stdout).toMatch(/Printers \(in use\) +0 +– +0 +0 +0/);
  });

  it("names the flag, not the API field, in a planner option error", async () => {
    const r = await cli("plan", file, "--target", "wait:desk<=0.3min", "--replications", "10", "--max-replications", "5");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--max-replications: must be at least --replications (10) (got 5): raise --max-replications or lower --replications");
    expect(r.stderr).not.toMatch(/maxReplications|\(replications\)/);
    expect(r.stderr).not.toMatch(/evaluations/);
  });

  it("names the default of --replications when --max-replications is below it and --replications was not given", async () => {
    const r = await cli("plan", file, "--target", "wait:desk<=0.3min", "--max-replications", "5");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--max-replications: must be at least the starting replications (10, the default of --replications) (got 5)");
    expect(r.stderr).not.toMatch(/evaluations/);
  });

  it("refuses a --fix outside the constraints the search keeps: maxStaff, one printer, --no-temps (exit 2, before any simulation)", async () => {
    const cases: [string[], string][] = [
      [["--fix", "pick.day=99"], '--fix #1 "pick.day=99": pick has room for 30 people at once (its maxStaff), so a fixed count there must be from 0 to 30, got 99'],
      [["--fix", "printers=0"], '--fix #1 "printers=0": printers must be from 1 to 1000 (print needs a printer, and the search keeps one at least), got 0'],
      [["--no-temps", "--fix", "pick.day.temps=2"], '--fix #1 "pick.day.temps=2": conflicts with --no-temps: it fixes 2 temps at pick / day'],
      [["--fix", "pick.day=20", "--fix", "pick.day.temps=15"], '--fix #2 "pick.day.temps=15": the fixed counts at pick (--fix "pick.day=20", --fix "pick.day.temps=15") put 35 people on duty at once'],
      [["--fix", "pack.day=8", "--max-headcount", "5"], "--max-headcount: must be at least the 8 people fixed by --fix (got 5)"],
      // Fewer people than stations: one would stay empty and nothing ship (it used to "recommend" QC 1, Pack 1, Weigh 1).
      [["--max-headcount", "3"], "--max-headcount: cannot staff the 5 stations of the route (print, pick, qc, pack, weigh), which every order passes: it needs at least 5 people, one person at each on some shift (got 3)"],
      [["--max-headcount", "9", "--min-crew", "2"], "--max-headcount: cannot staff the 5 stations of the route (print, pick, qc, pack, weigh), which every order passes: it needs at least 10 people, a crew of 2 at each on some shift (got 9)"],
    ];
    for (const [args, message] of cases) {
      const r = await cli("plan", "scenarios/default.yaml", ...args, "--workers", "1", "--no-progress");
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
    // The same in Chinese with --lang zh.
    const zh = await cli("plan", "scenarios/default.yaml", "--fix", "pick.day=99", "--lang", "zh");
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain('--fix #1 "pick.day=99"：pick 最多同时容纳 30 人（maxStaff），固定人数须在 0 到 30 之间，实为 99');
  });

  it("takes the format from the --out extension as report does; refuses an extension that is not a plan format or disagrees with --format", async () => {
    const quick = ["--target", "wait:desk<=0.3min", "--workers", "1", "--no-marginal", "--no-stress", "--no-progress"];
    const html = join(dir, "plan.html");
    const r = await cli("plan", file, ...quick, "--out", html);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(html, "utf8")).toMatch(/^<!doctype html>/i);
    // The text report goes to the terminal beside the export.
    expect(r.stdout).toContain("## Recommended staffing");
    const refused: [string[], RegExp][] = [
      [["--out", join(dir, "plan.pdf")], /--format is needed: cannot tell the format from --out .*plan\.pdf \(\.pdf is none of \.txt, \.html, \.xlsx, \.csv, \.json\)/],
      [["--out", join(dir, "plan2.html"), "--format", "json"], /--out .*plan2\.html and --format json disagree: the extension \.html says html, --format says json/],
      [["--out", join(dir, "plan3.txt"), "--format", "csv"], /--out .*plan3\.txt and --format csv disagree/],
    ];
    for (const [args, message] of refused) {
      const x = await cli("plan", file, ...quick, ...args);
      expect(x.code, args.join(" ")).toBe(2);
      expect(x.stderr).toMatch(message);
      expect(x.stderr).not.toMatch(/evaluations/);
    }
    for (const name of ["plan.pdf", "plan2.html", "plan3.txt"]) expect(existsSync(join(dir, name)), name).toBe(false);
  });

  it("refuses a late target whose deadline is after the horizon: exit 2 naming the rule, the deadline and the horizon", async () => {
    const r = await cli("plan", "scenarios/default.yaml", "--set", "horizon=1d", "--no-progress");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("scenarios/default.yaml targets[0]: late:d11-ship<=5%: the deadline of rule");
    expect(r.stderr).toContain("2026-11-20 24:00 (Asia/Shanghai)");
    expect(r.stderr).toContain("the horizon 1d (2026-11-12 00:00)");
    expect(r.stderr).toContain("horizon to at least 10d");
    expect(r.stdout).toBe("");
    const zh = await cli("plan", "scenarios/default.yaml", "--set", "horizon=1d", "--target", "late:d11-ship<=5%", "--lang", "zh");
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain("--target #1 \"late:d11-ship<=5%\"：late:d11-ship<=5%：规则“双11：11月20日24:00前发货”（d11-ship）的截止时间为 2026-11-20 24:00（Asia/Shanghai）");
    expect(zh.stderr).toContain("请把场景的 horizon 延长到至少 10d");
  });

  it("prints progress in Chinese with --lang zh, stations and shifts by name", async () => {
    const r = await cli("plan", file, "--target", "wait:desk<=0.3min", "--workers", "1", "--start", "scenario", "--no-marginal", "--no-stress", "--lang", "zh");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/规划 \[加人\] 已评估 \d+ 次，仿真 \d+ 次，最优成本 -：尝试 工位 \/ all 班 \+1 正式工/);
    expect(r.stderr).toContain("规划 [完成]");
    expect(r.stderr).toContain("已达标且无法再减人");
    expect(r.stderr).not.toMatch(/evaluations|trying|desk \/ all/);
    // The title with a full-width colon and no space after it.
    expect(r.stdout.split("\n")[0]).toBe("产能规划方案：cli plan test");
  });

  it("plans on a worker pool and writes the JSON export atomically", () => {
    const out = join(dir, "plan.json");
    const r = cliProcess("plan", file, "--target", "wait:desk<=0.3min", "--workers", "2", "--marginal-replications", "4", "--format", "json", "--out", out, "--no-progress");
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json.kind).toBe("peakline-plan");
    expect(json.plan.plan.roster.desk.all).toBe(6);
    expect(json.plan.meets).toBe(true);
    expect(json.manifest.seeds).toHaveLength(json.plan.evaluation.replications);
    expect(json.manifest.command).toContain("plan");
    expect(r.stdout).toContain("The plan meets every target.");
    expect(r.stderr).toContain(`wrote ${out}`);
    // No temporary file left behind.
    expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("prints the scenario's warnings on stderr as run does, then the plan's own marked as such; the JSON carries them all once", async () => {
    const warned = join(dir, "warned.yaml");
    writeFileSync(warned, JSON.stringify({ ...SCENARIO, couriers: [{ ...SCENARIO.couriers[0], share: 0.5 }] }));
    // Nobody at the desk (fixed at 0): the planned scenario ships nothing, which its own warning says.
    const args = [warned, "--target", "wait:desk<=0.3min", "--fix", "desk.all=0", "--no-temps", "--workers", "1", "--no-marginal", "--no-stress", "--no-progress"];
    const r = await cli("plan", ...args, "--format", "json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("warning: couriers: shares add up to 0.5, so orders are split in proportion: c 1\n");
    expect(r.stderr).toContain("warning: staff.roster.desk: no one works at Desk on any shift of the run (roster and temps): no order gets past it, so the run ships nothing (in the plan)\n");
    // The scenario's warning once, before the search.
    expect(r.stderr.match(/warning: couriers/g)).toHaveLength(1);
    const json = JSON.parse(r.stdout);
    expect(json.plan.warnings.map((w: { path: string; source: string }) => [w.path, w.source])).toEqual([
      ["couriers", "both"],
      ["staff.roster.desk", "plan"],
    ]);
    const zh = await cli("plan", ...args, "--lang", "zh");
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stderr).toContain("警告：couriers：各快递的 share 合计 0.5，按比例分单：c 1\n");
    expect(zh.stderr).toContain("警告：staff.roster.desk：整个运行期间没有任何班次给工位排人（正式工和临时工）：订单都过不了这个工位，一单也发不出去（方案中）\n");
    // A scenario without warnings: none.
    const quiet = await cli("plan", file, "--target", "wait:desk<=0.3min", "--workers", "1", "--no-marginal", "--no-stress", "--no-progress");
    expect(quiet.stderr).not.toMatch(/warning/);
  });

  it("prints a CSV table (with BOM) and a Chinese text report", async () => {
    const csv = await cli("plan", file, "--target", "wait:desk<=0.3min", "--workers", "1", "--no-marginal", "--no-stress", "--format", "csv", "--table", "targets", "--no-progress");
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.charCodeAt(0)).toBe(0xfeff);
    // The station by its name, not its id "desk".
    expect(csv.stdout).toMatch(/Mean wait at Desk <= 0\.3 min/);
    const zh = await cli("plan", file, "--target", "wait:desk<=0.3min", "--workers", "1", "--no-marginal", "--no-stress", "--lang", "zh", "--no-progress");
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain("推荐排班");
    expect(zh.stdout).toContain("该方案满足全部目标");
    // No internal codes in the Chinese text: the stop reason is in words only.
    expect(zh.stdout).not.toContain("(targets-met)");
    expect(zh.stdout).toContain("已达标且无法再减人。");
    expect(existsSync(join(dir, "plan.csv"))).toBe(false);
  });

  it("Ctrl-C stops the search and prints the best plan so far (exit 0)", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "plan", "scenarios/default.yaml", "--target", "within24h>=95%", "--workers", "1"], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    let sent = false;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      stderr += d;
      // The first progress line of the search proper (the default scenario's search runs for many seconds more).
      if (!sent && stderr.includes("plan [guess]")) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(sent).toBe(true);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("Ctrl-C again to quit at once");
    expect(stdout).toContain("interrupted (Ctrl-C): best plan so far");
    expect(stdout).toContain("## Recommended staffing");
  });
});

describe("peakline plan: no targets in the scenario nor --target", () => {
  it("plans against the default targets (those of the web page's planner) and says so in one line", async () => {
    const r = await cli("plan", noTargets, ...SHORT);
    expect(r.code, r.stderr).toBe(0);
    const line = 'No targets in the scenario or --target: planning against the default targets "late:d11-ship<=5%", "within24h>=95%" (as the web page\'s planner does); give --target to choose others';
    expect(r.stderr.split("\n").filter((l) => l.startsWith("No targets"))).toEqual([line]);
    // The report says so too, and checks both targets.
    expect(r.stdout).toContain('\nTargets: the defaults, as the scenario names none and none was given ("late:d11-ship<=5%", "within24h>=95%").\n');
    expect(r.stdout).toContain('P(any order late for "Shipped by 12 Nov 24:00") <= 5%');
    expect(r.stdout).toContain("Peak-day orders shipped within 24 h >= 95%");
  });

  it("--json (as --format json): valid JSON that records the targets used and that they were the defaults", async () => {
    for (const flags of [["--json"], ["--format", "json"], ["--json", "--format", "json"]]) {
      const r = await cli("plan", noTargets, ...SHORT, ...flags);
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.kind).toBe("peakline-plan");
      expect(j.plan.targetsSource).toBe("default");
      expect(j.plan.targets).toEqual([
        { kind: "late-probability", rule: "d11-ship", maxProbability: 0.05 },
        { kind: "shipped-within", hours: 24, minShare: 0.95 },
      ]);
      expect(r.stderr).toContain("planning against the default targets");
    }
    // Targets given: not the defaults.
    const given = await cli("plan", noTargets, ...SHORT, "--json", "--target", "wait:desk<=0.3min");
    expect(given.code, given.stderr).toBe(0);
    expect(JSON.parse(given.stdout).plan).toMatchObject({ targetsSource: "options", targets: [{ kind: "mean-wait", station: "desk", maxMin: 0.3 }] });
    expect(given.stderr).not.toContain("default targets");
    // The scenario's own: not the defaults either.
    const own = await cli("plan", "scenarios/default.yaml", "--json", "--max-evaluations", "1", "--replications", "2", "--max-replications", "2", "--workers", "1", "--no-marginal", "--no-stress", "--no-progress", "--set", "demand.baselinePerDay=200");
    expect(own.code, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout).plan.targetsSource).toBe("scenario");
    expect(own.stderr).not.toContain("default targets");
    // --json with another --format: which one was meant?
    const clash = await cli("plan", noTargets, ...SHORT, "--json", "--format", "csv");
    expect(clash.code).toBe(2);
    expect(clash.stderr).toBe("--json and --format csv disagree: --json is --format json; drop one of them\n");
  });

  it("says so in Chinese with --lang zh, in the line and in the report", async () => {
    const r = await cli("plan", noTargets, ...SHORT, "--lang", "zh");
    expect(r.code, r.stderr).toBe(0);
    const line = r.stderr.split("\n").find((l) => l.includes("默认目标"));
    expect(line).toBe('场景和 --target 都没有给出目标：按默认目标 "late:d11-ship<=5%"、"within24h>=95%" 规划（与网页规划器相同）；可用 --target 指定其他目标');
    expectFullyChinese(line);
    expect(r.stdout).toContain('目标：场景未设目标，也没有另行给出，使用默认目标（"late:d11-ship<=5%"、"within24h>=95%"）。');
  });
});

describe("peakline plan --lang zh: every refusal in Chinese", () => {
  /** The default scenario's ids (they stay as written in a Chinese message). */
  const IDS = ["demand", "print", "pick", "qc", "pack", "weigh", "day", "d11-ship", "d11-collect", "ship-48h", "guess", "scenario", "staffing", "targets", "marginal", "cost", "steps", "notes", "manifest", "text", "html", "xlsx", "csv", "json"];
  const cases: [string[], string?][] = [
    [["--target", "late:nosuchrule<=5%"], '--target #1 "late:nosuchrule<=5%"：未知的截止规则 "nosuchrule"；现有规则：d11-ship、d11-collect、ship-48h'],
    [["--target", "within30h>=90%"], '--target：小时数须为 12 或 24（模型只记录这两个比例）（实为 "within30h>=90%"）'],
    [["--target", "within24h>=95%", "--target", "foo"]],
    [["--target", "wait:pack<=soon"]],
    [["--target", "wait:packing<=30min"]],
    [["--fix", "pik.day=3"], '--fix #1 "pik.day=3"：未知的工位 "pik"；现有工位：print、pick、qc、pack、weigh（或 "printers"）'],
    [["--fix", "pick.nite=3"]],
    [["--fix", "pick=3"]],
    [["--fix", "x y"]],
    [["--fix", "pick.day=99"]],
    [["--fix", "pack.day=8", "--max-headcount", "5"]],
    [["--max-headcount", "3"], "--max-headcount：不够给路线上的 5 个工位（print、pick、qc、pack、weigh）排人，每个订单都要经过它们：至少需要 5 人，每工位 1 人，任一班次均可（实为 3）"],
    [["--no-temps", "--fix", "pick.day.temps=2"]],
    [["--min-crew", "40"], "--min-crew：超过了 print（maxStaff 10）、pick（maxStaff 30）、qc（maxStaff 20）、weigh（maxStaff 10）能容纳的人数，排不下一整组；须在 1 到 10 之间（实为 40），或在场景中调高 maxStaff"],
    [["--min-crew", "2", "--fix", "printers=1"]],
    [["--replications", "5", "--max-replications", "3"], "--max-replications：须不少于 --replications（5）（实为 3）：请调高 --max-replications 或调低 --replications"],
    [["--max-replications", "3"]],
    // Refused while the options are read, --lang coming after them or not.
    [["--min-crew", "abc"], '--min-crew：须为 1 到 50 的整数（实为 "abc"）'],
    [["--budget", "-1"]],
    [["--utilization", "2"]],
    [["--start", "gues"]],
    [["--format", "pdf"]],
    [["--fooo"], "错误：未知的选项 '--fooo'"],
    [["--target"]],
    [["--target", "within24h>=95%", "--format", "xlsx"]],
    [["--target", "within24h>=95%", "--out", "plan.pdf"]],
    [["--target", "within24h>=95%", "--table", "nope", "--format", "csv"]],
    [["--json", "--format", "csv"], "--json 与 --format csv 不一致：--json 即 --format json；请去掉其中一个"],
    [["--json", "--out", "plan.html"]],
    [["--set", "demand.surge=[1,"], '  - --set demand.surge=[1,：无法读取值 "[1,"：方括号 [] 没有闭合：缺少结尾的 ]；文本值请加引号'],
    [["--set", "demand.surj=30"]],
  ];
  for (const [args, line] of cases) {
    it(args.join(" "), async () => {
      for (const order of [["--lang", "zh", ...args], [...args, "--lang", "zh"]]) {
        const r = await cli("plan", "scenarios/default.yaml", "--no-progress", "--workers", "1", ...order);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stdout).toBe("");
        for (const l of r.stderr.trimEnd().split("\n")) expectFullyChinese(l, [...IDS, ...args]);
        if (line !== undefined) expect(r.stderr.split("\n")).toContain(line);
      }
    });
  }

  it("keeps the English without --lang zh (commander's own wording for a refused value)", async () => {
    const r = await cli("plan", "scenarios/default.yaml", "--min-crew", "abc");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: option '--min-crew <n>' argument 'abc' is invalid. --min-crew must be a whole number from 1 to 50; got "abc"`);
    const t = await cli("plan", "scenarios/default.yaml", "--target", "within30h>=90%", "--lang", "en");
    expect(t.stderr).toBe('--target: the hours must be 12 or 24 (the shares the model records) (got "within30h>=90%")\n');
  });

  it("in a child process too: a value refused before --lang, and yaml's reason in a --set value", () => {
    const crew = cliProcess("plan", "scenarios/default.yaml", "--min-crew", "0", "--lang", "zh");
    expect(crew.code).toBe(2);
    expect(crew.stderr).toBe('--min-crew：须为 1 到 50 的整数（实为 "0"）\n（加 --help 查看用法）\n');
    const set = cliProcess("run", "scenarios/default.yaml", "--lang", "zh", "--set", "demand.surge=[1,");
    expect(set.code).toBe(2);
    expect(set.stderr).toBe('scenarios/default.yaml：1 个问题\n  - --set demand.surge=[1,：无法读取值 "[1,"：方括号 [] 没有闭合：缺少结尾的 ]；文本值请加引号\n');
  });
});
