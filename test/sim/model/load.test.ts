import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { z } from "zod";
import { Scenario } from "../../../src/sim/model/schema.js";
import { errorMessage, formatErrors, MAX_ERRORS, MAX_NESTING, MAX_SCENARIO_BYTES, nearest, parseScenarioData, parseScenarioText, parseSetPath, resolveScenario } from "../../../src/sim/model/load.js";
import type { ParseResult, ScenarioError } from "../../../src/sim/model/load.js";
import { englishLeft, expectFullyChinese } from "../../helpers/chinese.js";

/** The errors of a parse that must fail. */
function errorsOf(r: ParseResult): ScenarioError[] {
  if (r.ok) throw new Error("expected the parse to fail");
  return r.errors;
}
function ok(r: ParseResult) {
  if (!r.ok) throw new Error(`expected success, got:\n${formatErrors(r.errors)}`);
  return r;
}
function only(r: ParseResult): ScenarioError {
  const errs = errorsOf(r);
  expect(errs, formatErrors(errs)).toHaveLength(1);
  return errs[0];
}
const yaml = (lines: string[]) => `${lines.join("\n")}\n`;

describe("reading YAML and JSON", () => {
  it("accepts YAML with comments and JSON, giving the same scenario", () => {
    const y = ok(parseScenarioText(yaml(["# peak plan", "name: Test # inline comment", "demand:", "  surge: 20   # 20x", "printers:", "  technicianOnSite: true"])));
    const j = ok(parseScenarioText('{ "name": "Test", "demand": { "surge": 20 }, "printers": { "technicianOnSite": true } }'));
    expect(y.scenario.demand.surge).toBe(20);
    expect(y.scenario.printers.technicianOnSite).toBe(true);
    expect(j.scenario).toEqual(y.scenario);
    expect(j.resolved).toEqual({ name: "Test", demand: { surge: 20 }, printers: { technicianOnSite: true } });
  });

  it("fills defaults for {} and re-validating the result changes nothing", () => {
    const r = ok(parseScenarioText("{}"));
    expect(r.scenario.stations.map((s) => s.id)).toEqual(["print", "pick", "qc", "pack", "weigh"]);
    expect(resolveScenario(r.scenario)).toEqual(r.scenario);
  });

  it("refuses a volume no run can hold (a typo of a few zeros), counting only the days the horizon reaches", () => {
    const e = only(parseScenarioData({ demand: { baselinePerDay: 5_000_000, surge: 100 } }));
    expect(e.path).toBe("demand");
    expect(e.message).toMatch(/^about 582,501,500 orders in the run \(baselinePerDay 5,000,000 x \(surge 100 \+ daysAfter 16\.5\) x forecastFactor 1 \+ 1,500 presale\); a run simulates at most 5,000,000 orders/);
    // The bench's million-order day with the default days after fits; so does 4.5M in a one-day horizon.
    ok(parseScenarioData({ demand: { baselinePerDay: 50_000, surge: 20 } }));
    ok(parseScenarioData({ demand: { baselinePerDay: 300_000, surge: 15 }, horizon: "1d" }));
    expect(only(parseScenarioData({ demand: { baselinePerDay: 300_000, surge: 15 }, horizon: "2d" })).path).toBe("demand");
    expect(only(parseScenarioData({ demand: { baselinePerDay: 50_000, surge: 20, forecastFactor: 3 } })).message).toContain("x forecastFactor 3");
    // A factor out of its own range gets its own error, not a second one about the volume (nor "about ∞").
    expect(errorsOf(parseScenarioData({ demand: { surge: 1e308 } })).map((x) => x.path)).toEqual(["demand.surge"]);
  });

  it("gives line and column for a YAML syntax error", () => {
    const e = only(parseScenarioText("name: x\ndemand:\n\tsurge: 3\n"));
    expect(e).toMatchObject({ line: 3, column: 1 });
    expect(e.message).toMatch(/line 3, column 1/);
    expect(e.message).toMatch(/tabs/i);
  });

  it("gives line and column for a JSON syntax error", () => {
    const errs = errorsOf(parseScenarioText('{\n  "name": "x",\n  "demand": {"surge": 20\n}\n', { format: "json" }));
    expect(errs[0].message).toMatch(/^JSON syntax error at line \d+, column \d+/);
    expect(errs[0].line).toBeGreaterThan(1);
  });

  it("refuses an empty file, pointing to scenarios/default.yaml", () => {
    for (const text of ["", "   \n\n", "# only a comment\n"]) {
      const e = only(parseScenarioText(text, { source: "x.yaml" }));
      expect(e.path).toBe("");
      expect(e.message).toMatch(/empty|no settings/);
      expect(e.message).toContain("scenarios/default.yaml");
    }
  });

  it("refuses a top level that is a list or a scalar", () => {
    expect(only(parseScenarioText("- name: a\n- name: b\n")).message).toMatch(/top level must be a group of fields.*a list/);
    expect(only(parseScenarioText("just some words")).message).toMatch(/top level must be a group of fields.*text/);
    expect(only(parseScenarioText("42")).message).toMatch(/top level.*a number/);
  });

  it("refuses a spreadsheet renamed .yaml (zip header) and NUL-laden binary", () => {
    expect(only(parseScenarioText("PK\u0003\u0004\u0014\u0000\u0006\u0000[Content_Types].xml")).message).toMatch(/binary file.*xlsx/);
    expect(only(parseScenarioText("abc\u0000\u0000\u0000def")).message).toMatch(/binary file/);
  });

  it("refuses text over the size limit before parsing, naming the limit", () => {
    const huge = `name: x\ndescription: "${"a".repeat(MAX_SCENARIO_BYTES)}"\n`;
    const e = only(parseScenarioText(huge));
    expect(e.message).toMatch(/limited to 512 KiB/);
  });

  it("stops a YAML alias bomb", () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    const e = only(parseScenarioText(yaml(lines)));
    expect(e.message).toMatch(/^too many alias references/);
  });

  it("refuses a start that is not a midnight (times in a run count from the peak day's 00:00), suggesting the day's", () => {
    const e = only(parseScenarioText('start: "2026-11-11 09:00"\n'));
    expect(e).toMatchObject({ path: "start", message: expect.stringMatching(/^start is the peak day's midnight, such as "2026-11-11 00:00".*got "2026-11-11 09:00"/), zh: expect.stringMatching(/^start 必须是大促当天的 0 点，如 "2026-11-11 00:00"/) });
    expect(only(parseScenarioText('start: "2026-11-10 24:00"\n')).message).toMatch(/such as "2026-11-11 00:00"/);
    expect(parseScenarioText('start: "2026-11-11 00:00"\n').ok).toBe(true);
  });

  it("says an alias names no anchor (not 'too many aliases'), on its line, in both languages", () => {
    const e = only(parseScenarioText("name: x\ndemand:\n  surge: *c\n"));
    expect(e).toMatchObject({
      message: "the alias *c names no anchor: write &c on the value it stands for, before the alias, or write the value out",
      zh: "别名 *c 没有对应的锚点：请在它所代表的值上、别名之前写 &c，或直接写出取值",
      line: 3,
    });
  });

  it("refuses text nested too deeply, JSON or YAML, flow or block, naming the limit and where", () => {
    const hint = `more than ${MAX_NESTING} levels of lists or groups inside one another; a scenario needs at most 6 levels (such as staff.shifts[0].breaks[0].at)`;
    // 5,000 nested lists: once "JSON syntax error ... Maximum call stack size exceeded".
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const hintZh = `列表或字段组一层套一层，超过 ${MAX_NESTING} 层；场景最多只需 6 层（如 staff.shifts[0].breaks[0].at）`;
    expect(only(parseScenarioText(deep, { format: "json", source: "deep.json" }))).toEqual({ path: "", message: `JSON nested too deeply at line 1, column 51: ${hint}`, zh: `JSON 第 1 行第 51 列嵌套过深：${hintZh}`, line: 1, column: 51 });
    expect(only(parseScenarioText(deep)).message).toBe(`JSON nested too deeply at line 1, column 51: ${hint}`);
    expect(only(parseScenarioText('{"a":'.repeat(5000) + "1" + "}".repeat(5000))).message).toBe(`JSON nested too deeply at line 1, column 251: ${hint}`);
    // YAML: flow inside a block, compact lists ("- - - 1"), indentation, complex keys; on a later line.
    expect(only(parseScenarioText(`name: x\ndescription: ${deep}\n`, { format: "yaml" })).message).toBe(`YAML nested too deeply at line 2, column 63: ${hint}`);
    expect(only(parseScenarioText(`${"- ".repeat(5000)}1\n`, { format: "yaml" })).message).toMatch(/^YAML nested too deeply at line 1, column 101: more than 50 levels/);
    let block = "";
    for (let i = 0; i < 300; i++) block += `${" ".repeat(i)}a:\n`;
    expect(only(parseScenarioText(block)).message).toMatch(/^YAML nested too deeply at line 51, column 51: /);
    expect(only(parseScenarioText(`${"? ".repeat(3000)}x\n`)).message).toMatch(/^YAML nested too deeply at line 1, column 101: /);
    // Brackets in quotes, comments and block scalars are text, not nesting.
    const text = "[".repeat(200);
    const r = ok(parseScenarioText(yaml([`description: "${text}"`, `# ${text} {{{{`, "name: |", `  ${"[".repeat(60)}`, `  ${"{".repeat(55)}`])));
    expect(r.scenario.description?.en).toBe(text);
    expect(r.scenario.name.en).toBe(`${"[".repeat(60)}\n${"{".repeat(55)}\n`);
    // Exactly at the limit is only wrong for the schema; one more level is refused as nesting.
    const at = (n: number) => `{"name": ${"[".repeat(n - 1)}${"]".repeat(n - 1)}}`;
    expect(only(parseScenarioText(at(MAX_NESTING)))).toMatchObject({ path: "name", message: expect.stringMatching(/^a list of 1 entry is a list; expected text/) });
    expect(only(parseScenarioText(at(MAX_NESTING + 1))).message).toMatch(/^JSON nested too deeply at line 1, column \d+: more than 50 levels/);
  });

  it("refuses data nested too deeply: an HTTP body, what aliases stand for, a --set value", () => {
    const hint = "nested too deeply: more than 50 levels of lists or groups inside one another; a scenario needs at most 6 levels (such as staff.shifts[0].breaks[0].at)";
    const zh = "嵌套过深：列表或字段组一层套一层，超过 50 层；场景最多只需 6 层（如 staff.shifts[0].breaks[0].at）";
    let v: unknown = 1;
    for (let i = 0; i < 5000; i++) v = [v];
    expect(only(parseScenarioData({ name: "x", description: v }))).toEqual({ path: "description", message: hint, zh });
    expect(only(parseScenarioData({ disruptions: [{ type: "power", at: "09:00", duration: v }] }))).toEqual({ path: "disruptions[0]", message: hint, zh });
    // Anchors 40 deep, each holding the one before: the text is shallow, the data is not.
    const lines = [`a0: &a0 ${"[".repeat(40)}1${"]".repeat(40)}`];
    for (let i = 1; i < 5; i++) lines.push(`a${i}: &a${i} ${"[".repeat(40)}*a${i - 1}${"]".repeat(40)}`);
    const e = only(parseScenarioText(yaml(lines)));
    expect([e.path, e.message, e.line]).toEqual(["a1", hint, 2]);
    // A --set value: the text itself, or where it lands.
    const set = `description=${"[".repeat(60)}${"]".repeat(60)}`;
    expect(only(parseScenarioText("name: x\n", { sets: [set] })).message).toBe(`--set ${set}: the value is ${hint}`);
    const lands = `stations[0].serviceSec=${"[".repeat(48)}${"]".repeat(48)}`;
    expect(only(parseScenarioText("name: x\n", { sets: [lands] }))).toEqual({ path: "stations[0]", message: hint, zh, set: lands });
  });

  it("reports duplicate keys with their path and both lines, alongside other problems", () => {
    const errs = errorsOf(parseScenarioText(yaml(["name: a", "demand:", "  surge: 20", "  surge: 300", "seed: -1"])));
    const dup = errs.find((e) => e.path === "demand.surge" && /twice/.test(e.message));
    expect(dup?.message).toMatch(/lines 3 and 4/);
    expect(errs.some((e) => e.path === "demand.surge" && /300 is too large/.test(e.message))).toBe(true);
    expect(errs.some((e) => e.path === "seed")).toBe(true);
  });

  it("reports duplicate keys in JSON too (JSON.parse would keep the last silently)", () => {
    const e = only(parseScenarioText('{"name": "a", "name": "b"}'));
    expect(e.path).toBe("name");
    expect(e.message).toMatch(/given twice/);
  });
});

describe("validation messages", () => {
  it("names the path, the value and the allowed range", () => {
    const e = only(parseScenarioText("demand:\n  surge: 300\n"));
    expect(e.path).toBe("demand.surge");
    expect(e.message).toBe("300 is too large; allowed 1 to 100");
    expect(e.line).toBe(2);
    expect(formatErrors([e])).toBe("demand.surge: 300 is too large; allowed 1 to 100 (line 2)");
  });

  it("suggests the nearest key for a typo, at any depth", () => {
    const text = yaml(["stations:", "  - id: print", "    serviceSec: 6", "  - id: pick", "    servceSec: 12"]);
    const errs = errorsOf(parseScenarioText(text));
    const typo = errs.find((e) => e.path === "stations[1].servceSec");
    expect(typo?.message).toBe('unknown key; did you mean "serviceSec"?');
    expect(typo?.line).toBe(5);
    expect(errorsOf(parseScenarioText("nmae: x\n"))[0].message).toContain('did you mean "name"?');
    expect(errorsOf(parseScenarioText("printers:\n  technicianOnsite: true\n"))[0].message).toContain('did you mean "technicianOnSite"?');
  });

  it("points a well-spelled key at the wrong level to where it belongs", () => {
    const e = only(parseScenarioText("surge: 20\n"));
    expect(e.path).toBe("surge");
    expect(e.message).toMatch(/belongs under demand/);
  });

  it("reports every independent mistake at once", () => {
    const text = yaml(["demand:", "  surge: 0.5", "printers:", "  count: many", "dock:", "  capacty: 100"]);
    const errs = errorsOf(parseScenarioText(text));
    expect(errs.map((e) => e.path).sort()).toEqual(["demand.surge", "dock.capacty", "printers.count"]);
    expect(errs.find((e) => e.path === "printers.count")?.message).toBe('"many" is text; expected a whole number (0 to 1000)');
  });

  it("an empty route is one error, not one more for every roster row and flex rule naming a station", () => {
    const text = readFileSync(new URL("../../../scenarios/default.yaml", import.meta.url), "utf8");
    const e = only(parseScenarioText(text, { sets: ["stations=[]"] }));
    expect(e.path).toBe("stations");
    expect(e.message).toMatch(/needs at least 1 entry/);
    // With stations, a roster row for a station that is not there is still named.
    const bad = errorsOf(parseScenarioText(text, { sets: ["staff.roster.packing={day: 2}"] }));
    expect(bad.map((x) => x.path)).toEqual(["staff.roster.packing"]);
  });

  it("lists enum members and suggests the closest", () => {
    const e = only(parseScenarioText("stations:\n  - {id: pick, kind: pik, serviceSec: 5}\n"));
    expect(e.path).toBe("stations[0].kind");
    expect(e.message).toContain('"pick", "qc"');
    expect(e.message).toContain('did you mean "pick"?');
  });

  it("says which dist and type values exist in discriminated unions", () => {
    const d = only(parseScenarioText("stations:\n  - {id: pick, serviceSec: {dist: lognorm, mean: 5, cv: 0.3}}\n"));
    expect(d.path).toBe("stations[0].serviceSec.dist");
    expect(d.message).toMatch(/"lognorm" is not a known dist; allowed "deterministic", .*"lognormal"/);
    expect(d.message).toContain('did you mean "lognormal"?');
    const t = only(parseScenarioText('disruptions:\n  - {type: printer-dwn, at: "09:00", duration: 3h}\n'));
    expect(t.path).toBe("disruptions[0].type");
    expect(t.message).toMatch(/allowed "printer-down", "order-system"/);
    const missing = only(parseScenarioText('disruptions:\n  - {at: "09:00", duration: 3h}\n'));
    expect(missing.message).toMatch(/^missing; required: type is one of "printer-down"/);
    // The tag under another key (stations say `kind`): named.
    const kind = only(parseScenarioText('disruptions:\n  - {kind: power, at: "09:00", duration: 3h}\n'));
    expect(kind.message).toMatch(/; "kind: power" is a type: did you mean "type: power"\?$/);
  });

  it("names fields inside a distribution, without blaming a field for its invalid neighbour", () => {
    const errs = errorsOf(parseScenarioText("stations:\n  - {id: pick, serviceSec: {dist: lognormal, mean: 5}}\n  - {id: pack, serviceSec: {dist: normal, mean: -2, sd: 1}}\n"));
    expect(errs.map((e) => `${e.path}: ${e.message}`)).toEqual([
      "stations[0].serviceSec.cv: missing; required: a number (0 to 10)",
      "stations[1].serviceSec.mean: -2 is too small; allowed more than 0",
    ]);
    // With mean valid, the cross-field rule is reported.
    expect(only(parseScenarioText("stations:\n  - {id: pack, serviceSec: {dist: normal, mean: 2, sd: 5}}\n")).message).toMatch(/sd must be at most 2 x mean/);
  });

  it("names a missing required field and what it needs", () => {
    const e = only(parseScenarioText("stations:\n  - id: pick\n"));
    expect(e.path).toBe("stations[0].serviceSec");
    expect(e.message).toMatch(/^missing; required: a distribution/);
  });

  it("refuses two targets on one measure (which limit would the planner meet?), but not the same limit kind on different rules", () => {
    const text = "targets:\n  - {kind: shipped-within, hours: 24, minShare: 0.9}\n  - {kind: late-probability, rule: d11-ship, maxProbability: 0.05}\n  - {kind: shipped-within, hours: 24, minShare: 0.95}\n  - {kind: shipped-within, hours: 12, minShare: 0.5}\n";
    const e = only(parseScenarioText(text));
    expect(e.path).toBe("targets[2]");
    expect(e.message).toBe("another target for within24h (the first is targets[0]); keep one, with the limit you mean");
    expect(e.line).toBe(4);
    expect(e.zh).toMatch(/^与 targets\[0\] 重复/);
    expect(parseScenarioText("targets:\n  - {kind: late-probability, rule: d11-ship, maxProbability: 0.05}\n  - {kind: late-probability, rule: d11-collect, maxProbability: 0.05}\n").ok).toBe(true);
  });

  it("explains type mismatches in a manager's words, with hints", () => {
    expect(only(parseScenarioText("printers: {technicianOnSite: yes}\n")).message).toBe('"yes" is text; expected true or false');
    expect(only(parseScenarioText('demand: {baselinePerDay: "5,000"}\n')).message).toMatch(/without quotes or thousands separators/);
    expect(only(parseScenarioText("demand: {bestSellers: {lineShare: 40%}}\n")).message).toMatch(/0\.4 for 40%/);
    // A share written as a per cent number: the same hint, in both languages; not for a share already at most 1, nor a count.
    const pct = only(parseScenarioText("targets: [{kind: shipped-within, hours: 24, minShare: 95}]\n"));
    expect(pct.message).toBe("95 is too large; allowed 0 to 1; write shares as fractions (0.95 for 95%)");
    expect(pct.zh).toMatch(/比例请写成小数（0\.95 表示 95%）$/);
    expect(only(parseScenarioText("demand: {surge: 300}\n")).message).not.toMatch(/fractions/);
    expect(only(parseScenarioText("returns: {share: 250}\n")).message).not.toMatch(/fractions/);
    expect(only(parseScenarioText("returns: {share: 50}\n")).message).toMatch(/\(0\.5 for 50%\)$/);
    expect(only(parseScenarioText("printers: {count: 2.5}\n")).message).toBe("2.5 is not a whole number; allowed whole numbers 0 to 1000");
    expect(only(parseScenarioText("couriers: []\n")).message).toBe("an empty list; needs at least 1 entry");
    expect(only(parseScenarioText("demand: {profile: peakday}\n")).message).toMatch(/did you mean "peak-day"\?/);
    // `printers:` left with nothing under it.
    expect(only(parseScenarioText("printers:\n")).message).toMatch(/^empty; expected a group of fields \(count, .*remove the line to use the default$/);
    // A cross-field message that names the key is not prefixed with the (irrelevant) value.
    expect(only(parseScenarioText("staff: {roster: {pick: {nite: 2}}}\n")).message).toBe('unknown shift "nite"; shifts are day');
  });

  it("formats a list with a header and caps it", () => {
    const errors = Array.from({ length: 60 }, (_, i) => ({ path: `a[${i}]`, message: "bad" }));
    const text = formatErrors(errors, "x.yaml", 50);
    expect(text.split("\n")[0]).toBe("x.yaml: 60 problems");
    expect(text).toContain("  - a[0]: bad");
    expect(text).not.toContain("a[50]");
    expect(text).toContain("... and 10 more");
  });

  it("lists at most MAX_ERRORS problems and counts the rest", () => {
    const roster = Object.fromEntries(Array.from({ length: MAX_ERRORS + 99 }, (_, i) => [`s${i}`, { day: 1 }]));
    const errs = errorsOf(parseScenarioData({ staff: { roster } }));
    expect(errs).toHaveLength(MAX_ERRORS + 1);
    expect(errs[0]).toMatchObject({ path: "staff.roster.s0", message: expect.stringMatching(/unknown station "s0"/) });
    expect(errs[MAX_ERRORS]).toMatchObject({ path: "", more: 99 });
    expect(formatErrors(errs, "x.yaml").split("\n")[0]).toBe(`x.yaml: ${MAX_ERRORS + 99} problems`);
  });

  it("validates parsed data (HTTP bodies) the same way", () => {
    expect(only(parseScenarioData({ demand: { surge: 300 } })).path).toBe("demand.surge");
    expect(only(parseScenarioData([1, 2])).message).toMatch(/top level/);
    expect(only(parseScenarioData(null)).message).toMatch(/empty/);
    expect(ok(parseScenarioData({}, ["demand.surge=30"])).scenario.demand.surge).toBe(30);
  });
});

describe("durations and date-times", () => {
  it("reads durations written as a manager writes them", () => {
    const cases: [unknown, number][] = [["90s", 90], ["45min", 2700], ["3h", 10800], ["1h30m", 5400], ["2d", 172800], [600, 600]];
    for (const [written, sec] of cases) {
      const r = ok(parseScenarioText(stringify({ printers: { mttr: written } })));
      expect(r.scenario.printers.mttr, String(written)).toBe(sec);
    }
  });

  it("rejects wrong durations with the path and the accepted forms", () => {
    for (const bad of ["3 hours", "-5", "1.5.h", "h"]) {
      const e = only(parseScenarioText(stringify({ printers: { mttr: bad } })));
      expect(e.path).toBe("printers.mttr");
      expect(e.message).toContain(JSON.stringify(bad));
      expect(e.message).toMatch(/"45min", "3h"/);
    }
    expect(only(parseScenarioText("printers: {mttr: -5}\n")).message).toContain("got -5");
  });

  it("bounds the horizon: at least an hour, at most 90 days (no empty run, no endless one)", () => {
    for (const bad of [0, "30min", "91d", 1e12]) {
      const e = only(parseScenarioText(stringify({ horizon: bad })));
      expect(e.path, String(bad)).toBe("horizon");
      expect(e.message).toContain('from 1 hour to 90 days ("1h" to "90d")');
    }
    for (const [good, sec] of [["1h", 3600], ["90d", 90 * 86400], ["6h", 21600]] as const) expect(ok(parseScenarioText(stringify({ horizon: good }))).scenario.horizon).toBe(sec);
  });

  it("reads date-times and clock times", () => {
    const r = ok(parseScenarioText(yaml(["disruptions:", '  - {type: power, at: "2026-11-11 09:00", duration: 1h}', '  - {type: network, at: "08:00", duration: 30min}', "  - {type: order-system, at: 2026-11-11 24:00, duration: 90s}"])));
    expect(r.scenario.disruptions.map((d) => d.at)).toEqual(["2026-11-11 09:00", "08:00", "2026-11-11 24:00"]);
  });

  it("rejects impossible date-times and clock times clearly", () => {
    for (const bad of ["2026-11-31 09:00", "2026-13-01 09:00", "24:30", "9am", "2026-11-11", "25:00"]) {
      const e = only(parseScenarioText(stringify({ disruptions: [{ type: "power", at: bad, duration: "1h" }] })));
      expect(e.path, bad).toBe("disruptions[0].at");
      expect(e.message).toContain(JSON.stringify(bad));
      expect(e.message).toMatch(/YYYY-MM-DD HH:MM/);
    }
    const shift = only(parseScenarioText(stringify({ staff: { shifts: [{ id: "day", start: "8am", end: "20:00" }] } })));
    expect(shift.path).toBe("staff.shifts[0].start");
    expect(shift.message).toMatch(/clock time "HH:MM"/);
  });

  it("requires a full date-time for the scenario start", () => {
    const e = only(parseScenarioText('start: "08:00"\n'));
    expect(e.path).toBe("start");
    expect(e.message).toMatch(/full date-time/);
  });
});

describe("--set overrides", () => {
  it("parses paths", () => {
    expect(parseSetPath("stations[3].serviceSec.mean")).toEqual(["stations", 3, "serviceSec", "mean"]);
    expect(parseSetPath("staff.roster.pack.day")).toEqual(["staff", "roster", "pack", "day"]);
    expect(parseSetPath("a..b")).toBeUndefined();
    expect(parseSetPath("a[x]")).toBeUndefined();
    expect(parseSetPath(".a")).toBeUndefined();
  });

  it("reads values as YAML scalars and flow collections", () => {
    const r = ok(parseScenarioText("name: x\n", { sets: ["demand.surge=30", "printers.technicianOnSite=true", "printers.mttr=3h", "demand.daysAfter=[2, 1.5]", 'name="Peak: 30x"'] }));
    expect(r.scenario.demand.surge).toBe(30);
    expect(r.scenario.printers.technicianOnSite).toBe(true);
    expect(r.scenario.printers.mttr).toBe(10800);
    expect(r.scenario.demand.daysAfter).toEqual([2, 1.5]);
    expect(r.scenario.name).toEqual({ en: "Peak: 30x" });
    expect(r.resolved).toEqual({ name: "Peak: 30x", demand: { surge: 30, daysAfter: [2, 1.5] }, printers: { technicianOnSite: true, mttr: "3h" } });
  });

  it("creates absent defaulted groups and reaches default lists", () => {
    const r = ok(parseScenarioText("{}", { sets: ["stations[3].serviceSec.mean=50", "staff.roster.pack.day=8", "stations.print.maxStaff=4"] }));
    expect(r.scenario.stations[3].id).toBe("pack");
    expect(r.scenario.stations[3].serviceSec).toEqual({ dist: "lognormal", mean: 50, cv: 0.35 });
    expect(r.scenario.stations[0].maxStaff).toBe(4);
    // The default team stays; only pack changes.
    expect(r.scenario.staff.roster).toEqual({ print: { day: 2 }, pick: { day: 3 }, qc: { day: 2 }, pack: { day: 8 }, weigh: { day: 2 } });
  });

  it("appends one list entry at [length]", () => {
    const r = ok(parseScenarioText("{}", { sets: ["disruptions[0]={type: printer-down, at: '09:00', duration: 3h}"] }));
    expect(r.scenario.disruptions).toEqual([{ type: "printer-down", at: "09:00", duration: 10800, count: 1 }]);
  });

  it("names the --set argument in each kind of mistake", () => {
    const cases: [string, RegExp][] = [
      ["demand.surge", /expected path=value/],
      ["demand.surge.x=1", /demand\.surge is 15 \(a number\), which has no field "x"/],
      ["stations[9].id=x", /index \[9\] is out of range: stations has 5 entries \(\[0\] to \[4\]\)/],
      ["printers.technicianOnsite=true", /unknown key "technicianOnsite" in printers; did you mean "technicianOnSite"\?/],
      ["stations.pakc.maxStaff=3", /no entry with id "pakc".*did you mean "pack"\?/],
      ["demand[0]=1", /demand is a group of fields, not a list/],
      ["a..b=1", /is not a field path/],
    ];
    for (const [arg, re] of cases) {
      const e = only(parseScenarioText("demand: {surge: 15}\n", { sets: [arg] }));
      expect(e.set, arg).toBe(arg);
      expect(e.message, arg).toMatch(re);
      expect(e.message.startsWith(`--set ${arg}: `), arg).toBe(true);
    }
  });

  it("refuses names every object inherits (__proto__, toString) and leaves Object.prototype alone", () => {
    for (const set of ["staff.roster.__proto__.day=1", "staff.roster.__proto__=1", "staff.temps.__proto__.day=1", "staff.roster.pack.__proto__.x=1"]) {
      expect(only(parseScenarioData({}, [set]))).toMatchObject({ set, message: `--set ${set}: "__proto__" is not a field name of a scenario` });
    }
    expect(only(parseScenarioData({}, ["staff.roster.toString.day=1"])).message).toContain('"toString" is not a field name');
    expect(({} as Record<string, unknown>).day).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    // "constructor" would pass the id pattern: it is reserved, as an id and in a path.
    expect(only(parseScenarioData({ stations: [{ id: "constructor", kind: "pack", serviceSec: 60 }] }))).toMatchObject({ path: "stations[0].id", message: expect.stringContaining('"constructor" is a reserved word') });
    expect(only(parseScenarioData({}, ["staff.roster.constructor.day=2"])).message).toContain('"constructor" is not a field name');
  });

  it("refuses a __proto__ key in a file (YAML and JSON keep it as a key; validation would make it a prototype)", () => {
    const y = only(parseScenarioText(yaml(["staff:", "  roster:", "    __proto__: { day: 3 }"])));
    expect(y).toMatchObject({ path: "staff.roster.__proto__", line: 3 });
    expect(y.message).toContain('"__proto__" is not a field name');
    const j = only(parseScenarioText('{"staff": {"roster": {"__proto__": {"day": 3}}}}'));
    expect(j.path).toBe("staff.roster.__proto__");
    expect(only(parseScenarioData(JSON.parse('{"demand": {"__proto__": {"surge": 30}}}'))).path).toBe("demand.__proto__");
  });

  it("validates set values like file values and says which --set gave them", () => {
    const e = only(parseScenarioText("{}", { sets: ["demand.surge=300"] }));
    expect(e).toMatchObject({ path: "demand.surge", set: "demand.surge=300", message: "300 is too large; allowed 1 to 100" });
    expect(formatErrors([e])).toBe("demand.surge: 300 is too large; allowed 1 to 100 (from --set demand.surge=300)");
    const f = only(parseScenarioText("{}", { sets: ["stations[0].serviceSec={dist: foo}"] }));
    expect(f.path).toBe("stations[0].serviceSec.dist");
    expect(f.set).toBe("stations[0].serviceSec={dist: foo}");
  });

  it("reports a bad --set together with the file's own problems", () => {
    const errs = errorsOf(parseScenarioText("seed: -1\n", { sets: ["nope"] }));
    expect(errs.map((e) => e.path).sort()).toEqual(["", "seed"]);
  });
});

describe("the scenario's name", () => {
  const nameOf = (name: unknown) => {
    const r = parseScenarioData({ name });
    return r.ok ? r.scenario.name : r.errors.map((e) => `${e.path}: ${e.message}`);
  };
  it("is text, or English and Chinese names; parsed, always {en, zh?}", () => {
    expect(nameOf("双11")).toEqual({ en: "双11" });
    expect(nameOf({ en: "Peak", zh: "大促" })).toEqual({ en: "Peak", zh: "大促" });
    expect(nameOf({ en: "Peak" })).toEqual({ en: "Peak" });
    // Only a Chinese name: it is also the name shown in English.
    expect(nameOf({ zh: "大促" })).toEqual({ en: "大促", zh: "大促" });
    const r = parseScenarioData({});
    expect(r.ok && r.scenario.name).toEqual({ en: "Untitled scenario", zh: "未命名场景" });
    // The parsed form parses again to itself (a resolved scenario can be re-run).
    expect(nameOf(nameOf({ en: "Peak", zh: "大促" }))).toEqual({ en: "Peak", zh: "大促" });
  });
  it("the description (the question the scenario answers) is text or {en, zh} too", () => {
    const d = (description: unknown) => {
      const r = parseScenarioData({ description });
      return r.ok ? r.scenario.description : r.errors.map((e) => `${e.path}: ${e.message}`);
    };
    expect(d("Is a spare worth it?")).toEqual({ en: "Is a spare worth it?" });
    expect(d({ en: "Is a spare worth it?", zh: "备用机值得吗？" })).toEqual({ en: "Is a spare worth it?", zh: "备用机值得吗？" });
    expect(d({})).toEqual(["description: description needs en or zh"]);
    expect(d(["a"])).toEqual([expect.stringMatching(/^description: .*expected text, or the English and Chinese texts/)]);
    const r = parseScenarioData({});
    expect(r.ok && r.scenario.description).toBeUndefined();
  });

  it("refuses other shapes, naming the field and what is allowed", () => {
    expect(nameOf(5)).toEqual([expect.stringMatching(/^name: 5 is a number; expected text such as .*\{en: .*, zh: .*\}/)]);
    expect(nameOf("")).toEqual(["name: empty text; needs at least 1 character"]);
    expect(nameOf({})).toEqual(["name: name needs en or zh"]);
    expect(nameOf({ en: "Peak", fr: "Pic" })).toEqual([expect.stringMatching(/^name\.fr: unknown key/)]);
  });

  it("--set name.zh / name.en works on a plain-text name too (text reads as the English name)", () => {
    const set = (data: object, ...sets: string[]) => {
      const r = parseScenarioData(data, sets);
      return r.ok ? { name: r.scenario.name, description: r.scenario.description } : r.errors.map((e) => `${e.path}: ${e.message}`);
    };
    expect(set({ name: "Plain" }, "name.zh=大促")).toEqual({ name: { en: "Plain", zh: "大促" }, description: undefined });
    expect(set({ name: "Plain" }, "name.en=Peak")).toEqual({ name: { en: "Peak" }, description: undefined });
    expect(set({ name: { en: "A", zh: "甲" } }, "name.zh=乙")).toEqual({ name: { en: "A", zh: "乙" }, description: undefined });
    expect(set({ description: "Why?" }, "description.zh=为什么？")).toEqual({ name: { en: "Untitled scenario", zh: "未命名场景" }, description: { en: "Why?", zh: "为什么？" } });
    // Absent (defaulted) name: the default group is reached, as for any group.
    expect(set({}, "name.zh=大促")).toEqual({ name: { en: "Untitled scenario", zh: "大促" }, description: undefined });
    expect(set({ name: "Plain" }, "name.fr=Pic")).toEqual(['name.fr: --set name.fr=Pic: name has the fields en and zh (or is text itself), not "fr"']);
    expect(set({ name: { en: "A" } }, "name.fr=Pic")).toEqual([expect.stringMatching(/^name\.fr: --set name\.fr=Pic: unknown key "fr" in name; allowed keys: en, zh/)]);
  });
});

describe("a station's name", () => {
  const nameOf = (name: unknown, sets: string[] = []) => {
    const r = parseScenarioData({ stations: [{ id: "pack", kind: "pack", name, serviceSec: 55 }], staff: { flex: [] } }, sets);
    return r.ok ? r.scenario.stations[0].name : r.errors.map((e) => `${e.path}: ${e.message}`);
  };
  it("is text (the name in both languages) or {en, zh}, as the scenario's name; --set name.zh works on text", () => {
    expect(nameOf("Packing line 2")).toEqual({ en: "Packing line 2" });
    expect(nameOf({ en: "Pack", zh: "打包" })).toEqual({ en: "Pack", zh: "打包" });
    expect(nameOf("Packing line 2", ["stations[0].name.zh=二号打包线"])).toEqual({ en: "Packing line 2", zh: "二号打包线" });
  });
  it("refuses other shapes naming the field and what is allowed", () => {
    expect(nameOf(5)).toEqual([expect.stringMatching(/^stations\[0\]\.name: 5 is a number; expected text such as "Packing line 2", or the English and Chinese names/)]);
    expect(nameOf("")).toEqual(["stations[0].name: empty text; needs at least 1 character"]);
    expect(nameOf("x".repeat(61))).toEqual(["stations[0].name: text of 61 characters is too long; at most 60 characters"]);
    expect(nameOf({ en: "A", fr: "B" })).toEqual([expect.stringMatching(/^stations\[0\]\.name\.fr: unknown key/)]);
  });
});

/** What a scenario's Chinese messages may name as written: every field name of the schema, the default scenario's ids, the values of its choices. */
const SCENARIO_WORDS: string[] = (() => {
  const words = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.properties && typeof o.properties === "object") for (const k of Object.keys(o.properties)) words.add(k);
      for (const e of [...(Array.isArray(o.enum) ? o.enum : []), o.const]) if (typeof e === "string") words.add(e);
      for (const x of Object.values(o)) walk(x);
    }
  };
  walk(z.toJSONSchema(Scenario, { io: "input", unrepresentable: "any" }));
  const s = Scenario.parse({});
  for (const id of [...s.stations.map((x) => x.id), ...s.staff.shifts.map((x) => x.id), ...s.deadlines.map((x) => x.id), ...s.couriers.map((x) => x.id)]) words.add(id);
  return [...words];
})();

describe("messages in Chinese", () => {
  const CJK = /[\u4e00-\u9fff]/;
  /** Every problem has its Chinese text, in Chinese, not a copy of the English, and no English left in it (`allow`: the input echoed). */
  function expectChinese(errs: ScenarioError[], allow: string[] = []): void {
    for (const e of errs) {
      expect(e.zh, `${e.path}: ${e.message}`).toMatch(CJK);
      expect(e.zh).not.toBe(e.message);
      expectFullyChinese(e.zh, [...SCENARIO_WORDS, ...allow]);
    }
  }
  const text = (t: string, sets: string[] = []) => errorsOf(parseScenarioText(t, { sets, source: "x.yaml" }));
  const data = (d: unknown, sets: string[] = []) => errorsOf(parseScenarioData(d, sets));

  // Representative mistakes: [what, errors, path, the exact Chinese (when pinned)].
  const table: [string, () => ScenarioError[], string, string?][] = [
    ["unknown key with a suggestion", () => text("demand:\n  surj: 30\n"), "demand.surj", '未知的键；是不是 "surge"？'],
    ["unknown key that belongs elsewhere", () => data({ surge: 30 }), "surge", '未知的键；"surge" 应写在 demand 下'],
    ["number out of range", () => text("demand:\n  surge: 300\n"), "demand.surge", "300 太大；允许 1 至 100"],
    ["number below an exclusive minimum", () => data({ demand: { forecastFactor: 0 } }), "demand.forecastFactor", "0 太小；允许大于 0，不超过 10"],
    ["not a whole number", () => data({ stations: [{ id: "pick", serviceSec: 1, aisles: 2.5 }] }), "stations[0].aisles", "2.5 不是整数；允许 1 至 100 的整数"],
    ["wrong type, with the quote hint", () => text('demand:\n  surge: "30"\n'), "demand.surge", '"30" 是文本；应为数字（1 至 100）；数字不要加引号，也不要用千位分隔符'],
    ["a share written as a percentage", () => data({ demand: { forecastFactor: "50%" } }), "demand.forecastFactor", '"50%" 是文本；应为数字（大于 0，不超过 10）；比例请写成小数（0.5 表示 50%）'],
    ["bad enum with a suggestion", () => data({ stations: [{ id: "pick", serviceSec: 1, needs: ["printer"] }] }), "stations[0].needs[0]", '"printer" 不是允许的取值；允许 "orderSystem"、"network"、"power"、"printers"、"cartons"、"labels"；是不是 "printers"？'],
    ["unknown distribution", () => data({ stations: [{ id: "pick", serviceSec: { dist: "lognormel", mean: 5 } }] }), "stations[0].serviceSec.dist"],
    ["missing required field", () => data({ stations: [{ id: "pick" }] }), "stations[0].serviceSec"],
    ["empty value of a defaulted group", () => text("demand:\n"), "demand"],
    ["an empty list", () => data({ couriers: [] }), "couriers", "列表为空；至少需要 1 项"],
    ["a list of the wrong length", () => data({ demand: { profile: { hourly: [1, 2] } } }), "demand.profile.hourly", "列表有 2 项；需要正好 24 项"],
    ["text too long", () => data({ name: "x".repeat(121) }), "name", "文本有 121 个字符，太长；最多 120 个字符"],
    ["duplicate station id (schema refinement)", () => data({ stations: [{ id: "pack", serviceSec: 1 }, { id: "pack", serviceSec: 2 }] }), "stations[1].id", '工位 id "pack" 重复'],
    ["unknown shift in the roster (schema refinement)", () => data({ staff: { roster: { pack: { nite: 3 } } } }), "staff.roster.pack.nite", '未知的班次 "nite"；现有班次：day'],
    ["horizon out of range (refinement wrapped with the value)", () => data({ horizon: "1m" }), "horizon", '"1m" 无效；必须在 1 小时到 90 天之间（"1h" 至 "90d"）'],
    ["id format (a hand-written format message)", () => data({ stations: [{ id: "Pack", serviceSec: 1 }] }), "stations[0].id", '"Pack" 无效；id 只能用小写字母、数字、- 或 _，以字母开头，最多 32 个字符'],
    ["YAML syntax error", () => text("name: x\ndemand:\n\tsurge: 3\n"), "", "YAML 语法错误，第 3 行第 1 列：用了 Tab 缩进（请用空格缩进，不要用 Tab）"],
    ["JSON syntax error", () => text('{"name": "x",', []), ""],
    ["duplicate key", () => text("demand:\n  surge: 20\n  surge: 30\n"), "demand.surge", '键 "surge" 写了两次（第 2 行和第 3 行）；请只保留一个'],
    ["--set unknown key", () => text("name: x\n", ["demand.surj=30"]), "demand.surj", '--set demand.surj=30：demand 中没有 "surj" 这个键；是不是 "surge"？'],
    ["--set without =", () => text("name: x\n", ["demand.surge"]), ""],
    ["--set unknown id", () => text("name: x\n", ["stations.pakc.maxStaff=3"]), "stations.pakc"],
    ["--set index out of range", () => text("name: x\n", ["stations[9].id=x"]), "stations[9]"],
    ["--set value that cannot be read", () => text("name: x\n", ["demand.surge=[1,"]), "demand.surge"],
    ["empty file", () => text(""), "", "文件是空的；请复制 scenarios/default.yaml 再修改，或写 {} 使用全部默认值"],
    ["only comments", () => text("# nothing\n"), ""],
    ["a spreadsheet renamed", () => text("PK\u0003\u0004abc"), ""],
    ["NUL bytes", () => text("abc\u0000def"), ""],
    ["a list at the top", () => text("- a\n- b\n"), "", "最外层必须是一组字段（name:、demand:、stations: 等），不能是列表；请去掉开头的 '- '"],
    ["too big", () => text(`name: x\ndescription: "${"a".repeat(MAX_SCENARIO_BYTES)}"\n`), ""],
    ["nested too deeply", () => text("[".repeat(200) + "]".repeat(200)), ""],
    ["an alias bomb", () => text(yaml(['a: &a ["x","x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 4 }, (_, i) => `${"bcde"[i]}: &${"bcde"[i]} [${Array(11).fill(`*${"abcd"[i]}`).join(",")}]`)])), ""],
    ["__proto__ key", () => data(JSON.parse('{"__proto__": {"x": 1}}')), "__proto__"],
    // Type names in Chinese words, not English or JavaScript's.
    ["true/false for a number", () => text("demand:\n  surge: true\n"), "demand.surge", "true 是布尔值（true/false）；应为数字（1 至 100）"],
    ["text for true/false", () => data({ printers: { technicianOnSite: "yes" } }), "printers.technicianOnSite", '"yes" 是文本；应为 true 或 false'],
    ["a list for a number", () => data({ demand: { surge: [1, 2] } }), "demand.surge", "含 2 项的列表是列表；应为数字（1 至 100）"],
    // Syntax errors as specific as the English: which quote or bracket, which character.
    ["an unclosed double quote", () => text('name: "abc\n'), "", 'YAML 语法错误，第 2 行第 1 列：双引号没有闭合：缺少结尾的 "'],
    ["an unclosed single quote", () => text("name: 'abc\n"), "", "YAML 语法错误，第 2 行第 1 列：单引号没有闭合：缺少结尾的 '"],
    ["an unclosed bracket", () => text("demand:\n  daysAfter: [1, 2\n"), "", "YAML 语法错误，第 3 行第 1 列：方括号 [] 没有闭合：缺少结尾的 ]，或换行后缩进不够（续行要比所在的键缩进更多）"],
    ["an unclosed brace in JSON", () => text('{"name": "x",'), "", "JSON 语法错误，第 1 行第 14 列：花括号 {} 没有闭合：缺少结尾的 }"],
    ["a value starting with @", () => text("name: @x\n"), "", "YAML 语法错误，第 1 行第 7 列：不加引号的值不能以 @ 开头；文本请加引号"],
    ["a bad escape", () => text('name: "a\\q"\n'), "", "YAML 语法错误，第 1 行第 9 列：双引号文本里的转义 \\q 无效（反斜杠本身请写成两个，或改用单引号）"],
    ["two keys on one line", () => text("name: a: b\n"), "", 'YAML 语法错误，第 1 行第 7 列：一行里写了两个“键:”；每个字段单独一行，值里含 ": " 时请加引号'],
    ["fields not aligned", () => text("demand:\n  surge: 3\n profile: flat\n"), ""],
    ["a stray closing bracket", () => text("name: x\n]\n"), ""],
    // yaml's own reason inside a --set value, in Chinese too.
    ["--set value with an unclosed bracket", () => text("name: x\n", ["demand.surge=[1,"]), "demand.surge", '--set demand.surge=[1,：无法读取值 "[1,"：方括号 [] 没有闭合：缺少结尾的 ]；文本值请加引号'],
    ["--set value with an unclosed quote", () => text("name: x\n", ['name="abc']), "name", '--set name="abc：无法读取值 "\\"abc"：双引号没有闭合：缺少结尾的 "；文本值请加引号'],
    ["--set value with two keys", () => text("name: x\n", ["name=a: b: c"]), "name"],
    ["--set value with a tab", () => text("name: x\n", ["name=\tx: 1"]), "name", '--set name=\tx: 1：无法读取值 "\\tx: 1"：用了 Tab 缩进（请用空格缩进，不要用 Tab）；文本值请加引号'],
    ["--set value with an alias", () => text("name: x\n", ["name=*a"]), "name", '--set name=*a：无法读取值 "*a"：别名 *a 没有对应的锚点（--set 的值里不能引用文件里的锚点）；文本值请加引号'],
  ];
  for (const [what, errors, path, zh] of table) {
    it(`${what}: in Chinese too`, () => {
      const errs = errors();
      expectChinese(errs);
      const e = errs.find((x) => x.path === path);
      expect(e, formatErrors(errs)).toBeDefined();
      if (zh !== undefined) expect(e!.zh).toBe(zh);
    });
  }

  it("keeps the English of a --set value's syntax error, yaml's own reason included", () => {
    const e = errorsOf(parseScenarioText("name: x\n", { sets: ["demand.surge=[1,"] }))[0];
    expect(e.message).toBe('--set demand.surge=[1,: the value "[1," cannot be read: Flow sequence must end with a ]; quote text values');
    expect(only(parseScenarioText('name: "abc\n')).message).toBe('YAML syntax error at line 2, column 1: Missing closing "quote (a bracket or quote is not closed)');
  });

  it("the English check finds English left in a Chinese message (the messages before they were translated)", () => {
    expect(englishLeft('--set demand.surge=[1,：无法读取值 "[1,"：Flow sequence must end with a ]；文本值请加引号')).toEqual(["Flow", "sequence", "must", "end", "with"]);
    expect(englishLeft("--target: the hours must be 12 or 24 (got \"within30h>=90%\")")).not.toEqual([]);
    expect(englishLeft("options.replications：replications must be a whole number from 2 to 50")).not.toEqual([]);
    // What may stay: paths, flags, quoted input, numbers with units, ids given, QC / pp.
    expect(englishLeft('--fix #1 "pik.day=3"：stations[2].staff 超过 maxStaff；30min、1.5h、5 pp、QC 工位 pick', ["pick"])).toEqual([]);
  });

  it("says every message the schema writes by hand in Chinese (each refinement and cross-field check)", () => {
    const st = (id: string, more: object = {}) => ({ id, serviceSec: 1, ...more });
    const inputs: unknown[] = [
      { printers: { mttr: "-3h" } },
      { staff: { shifts: [{ id: "day", start: "25:00", end: "20:00" }] } },
      { disruptions: [{ type: "power", at: "2026-11-31 09:00", duration: "1h" }] },
      { stations: [st("a", { serviceSec: { dist: "uniform", min: 5, max: 1 } })] },
      { stations: [st("a", { serviceSec: { dist: "normal", mean: 5, sd: 20 } })] },
      { stations: [st("a", { serviceSec: { dist: "triangular", min: 1, mode: 5, max: 3 } })] },
      { stations: [st("a", { serviceSec: { dist: "empirical", values: [1, 2], weights: [1] } })] },
      { stations: [st("a", { serviceSec: { dist: "empirical", values: [1, 2], weights: [0, 0] } })] },
      { demand: { profile: { hourly: Array(24).fill(0) } } },
      { stations: [st("Pack")] },
      { stations: [st("constructor")] },
      { staff: { shifts: [{ id: "day", start: "08:00", end: "20:00", days: [-1, 0] }] } },
      { couriers: [{ id: "zto", share: 1, pickups: ["11:00"], recordDelay: "8d" }] },
      { deadlines: [{ id: "a", milestone: "shipped" }] },
      { name: {} },
      { horizon: "1m" },
      { demand: { baselinePerDay: 5_000_000, surge: 100 } },
      { stations: [st("pack"), st("pack")] },
      { stations: [st("qc", { reworkShare: 0.1, reworkTo: "pik" })] },
      { stations: [st("a", { zones: { count: 3 } })] },
      { stations: [st("a", { reworkShare: 0.1 })] },
      { stations: [st("a", { reworkShare: 0.1, reworkTo: "a" })] },
      { returns: { share: 0.1, station: "zzz" } },
      { returns: { share: 0.1, station: "print" } },
      { staff: { roster: { packk: { day: 1 }, pack: { nite: 1 } } } },
      { staff: { flex: [{ from: "a", to: "b" }, { from: "pack", to: "pack" }] } },
      { couriers: [{ id: "zto", share: 1, pickups: ["11:00"] }, { id: "zto", share: 1, pickups: ["12:00"] }] },
      { couriers: [{ id: "zto", pickups: ["11:00"] }] },
      { disruptions: [{ type: "courier-cap", at: "2026-11-11 09:00", courier: "ems", dailyCap: 5 }] },
      { deadlines: [{ id: "a", milestone: "shipped", within: "48h" }, { id: "a", milestone: "shipped", within: "24h" }] },
      { targets: [{ kind: "late-probability", rule: "x", maxProbability: 0.1 }, { kind: "mean-wait", station: "zz", maxMin: 5 }] },
      { timeZone: "Mars/Base" },
      { start: "08:00" },
    ];
    type RawIssue = { code: string; message: string; params?: { zh?: string }; errors?: RawIssue[][] };
    const raw = (issues: RawIssue[]): RawIssue[] => issues.flatMap((i) => [i, ...raw((i.errors ?? []).flat())]);
    const seen = new Set<string>();
    for (const input of inputs) {
      const errs = data(input);
      expectChinese(errs);
      // The schema's own issues (custom, or a format with its own message) carry their Chinese in params.
      const parsed = Scenario.safeParse(input);
      expect(parsed.success).toBe(false);
      for (const i of raw(parsed.error!.issues as RawIssue[])) {
        if (i.code === "custom" || (i.code === "invalid_format" && !/^Invalid/.test(i.message))) {
          expect(i.params?.zh, i.message).toMatch(CJK);
          seen.add(i.message.replace(/"[^"]*"|\d[\d,.]*/g, "_").replace(/;.*/, ""));
        }
      }
    }
    // 31 different messages (values aside; "unknown station" is one of five checks, "weights must not all be 0" two).
    expect(seen.size).toBeGreaterThanOrEqual(31);
  });

  it("finds a Chinese text next to every message written in schema.ts (a new English-only message fails here)", () => {
    const src = readFileSync(new URL("../../../src/sim/model/schema.ts", import.meta.url), "utf8");
    const count = (re: RegExp) => [...src.matchAll(re)].length;
    const zh = /params:\s*\{\s*zh:/g;
    // The calls that put a hand-written message on an issue: refinements, cross-field checks and issues pushed by hand.
    const calls = count(/\.refine\(/g) + count(/\baddIssue\(/g) + count(/\bissues\.push\(/g);
    expect(calls).toBeGreaterThanOrEqual(37);
    expect(count(zh)).toBe(calls);
    // And each `message:` is followed by its `params: { zh }` before the next message.
    const at = [...src.matchAll(/\bmessage:/g)].map((m) => m.index);
    at.forEach((start, k) => {
      const part = src.slice(start, at[k + 1] ?? src.length);
      expect(part, src.slice(start, start + 120)).toMatch(/params:\s*\{\s*zh:/);
    });
    // `error:` on checks (number ranges, lengths, unions) never reaches a user: the loader writes those messages itself.
    // A refinement that words its message with `error:` needs its Chinese all the same (counted in `calls` above).
  });

  it("formatErrors prints the header and each line in Chinese, with the line or the --set, and falls back to English", () => {
    const errs = text("demand:\n  surge: 300\nseed: x\n", ["demand.profile=flatt"]);
    expect(formatErrors(errs, "tmp/x.yaml", 50, "zh")).toBe(
      [
        "tmp/x.yaml：3 个问题",
        '  - seed："x" 是文本；应为整数（0 至 4294967295）（第 3 行）',
        "  - demand.surge：300 太大；允许 1 至 100（第 2 行）",
        '  - demand.profile："flatt" 不是允许的取值；应为 "peak-day"、"normal-day"、"flat" 之一，或 {hourly: [24 个权重]}，或 {tenMinute: [144 个权重]}；是不是 "flat"？（来自 --set demand.profile=flatt）',
      ].join("\n"),
    );
    expect(formatErrors(errs, "tmp/x.yaml", 1, "zh").split("\n").at(-1)).toBe("  ……另有 2 个问题；请先修改以上问题");
    // English is the default and unchanged.
    expect(formatErrors(errs, "tmp/x.yaml").split("\n")[0]).toBe("tmp/x.yaml: 3 problems");
    // A problem without its Chinese (none of the loader's) is shown in English.
    expect(formatErrors([{ path: "a", message: "english only" }], undefined, 50, "zh")).toBe("a：english only");
    expect(errorMessage({ path: "", message: "en", zh: "中" }, "zh")).toBe("中");
    expect(errorMessage({ path: "", message: "en", zh: "中" }, "en")).toBe("en");
  });

  it("counts problems not listed in Chinese too", () => {
    const roster = Object.fromEntries(Array.from({ length: MAX_ERRORS + 99 }, (_, i) => [`s${i}`, { day: 1 }]));
    const errs = data({ staff: { roster } });
    expect(errs[MAX_ERRORS]).toMatchObject({ path: "", more: 99, zh: "……另有 99 个问题；请先修改以上问题" });
    expect(formatErrors(errs, "x.yaml", 50, "zh").split("\n")[0]).toBe(`x.yaml：${MAX_ERRORS + 99} 个问题`);
    expect(errs[0].zh).toBe('未知的工位 "s0"；现有工位：print、pick、qc、pack、weigh');
  });
});

describe("nearest", () => {
  it("finds typos, swaps and truncations but not unrelated words", () => {
    expect(nearest("servceSec", ["serviceSec", "perLineSec"])).toBe("serviceSec");
    expect(nearest("queue", ["surge"])).toBeUndefined();
    expect(nearest("sugre", ["surge"])).toBe("surge");
    expect(nearest("service", ["serviceSec", "id"])).toBe("serviceSec");
    expect(nearest("colour", ["id", "kind", "needs"])).toBeUndefined();
  });
});
