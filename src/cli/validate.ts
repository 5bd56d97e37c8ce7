/**
 * `peakline validate <file> [--set path=value ...] [--print] [--lang en|zh]`: checks a
 * scenario file without running it. Exit 0 and a one-line summary when valid (staffing
 * that would pay idle people is warned about on stderr); exit 2 and every problem
 * (field path, value, what is allowed) when not, in Chinese with --lang zh.
 */
import type { Command } from "commander";
import { stringify } from "yaml";
import { type Scenario, scenarioName } from "../sim/model/schema.js";
import { type Lang, LANGS } from "../sim/report/i18n.js";
import { collect, loadScenarioFileDetailed, parseChoiceOption } from "./common.js";

/**
 * "OK: Double 11 (5 stations, 3 couriers, 1 shift, 15 people, surge 15x, 0 disruptions, 3 deadline rules)";
 * with `lang` "zh": "校验通过：双11（5 个工位，3 家快递，1 个班次，15 人，爆单 15 倍，0 个突发事件，3 条时效规则）".
 */
export function summarizeScenario(s: Scenario, lang: Lang = "en"): string {
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const heads = (t: Record<string, Record<string, number>> | undefined) =>
    Object.values(t ?? {}).reduce((sum, byShift) => sum + Object.values(byShift).reduce((a, b) => a + b, 0), 0);
  const permanent = heads(s.staff.roster);
  const temps = heads(s.staff.temps);
  if (lang === "zh") {
    const people = `${permanent + temps} 人${temps ? `（含临时工 ${temps} 人）` : ""}`;
    return `校验通过：${scenarioName(s.name, "zh")}（${s.stations.length} 个工位，${s.couriers.length} 家快递，${s.staff.shifts.length} 个班次，${people}，爆单 ${s.demand.surge} 倍，${s.disruptions.length} 个突发事件，${s.deadlines.length} 条时效规则）`;
  }
  const people = `${count(permanent + temps, "person", "people")}${temps ? ` incl. ${temps} temps` : ""}`;
  const zh = s.name.zh !== undefined && s.name.zh !== s.name.en ? ` / ${s.name.zh}` : "";
  return `OK: ${scenarioName(s.name, "en")}${zh} (${count(s.stations.length, "station")}, ${count(s.couriers.length, "courier")}, ${count(s.staff.shifts.length, "shift")}, ${people}, surge ${s.demand.surge}x, ${count(s.disruptions.length, "disruption")}, ${count(s.deadlines.length, "deadline rule")})`;
}

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("check a scenario file (YAML or JSON) and list every problem with its field path")
    .argument("<file>", "scenario file, e.g. scenarios/default.yaml")
    .option("--set <path=value>", "override a field before validating (repeatable), e.g. --set demand.surge=30", collect)
    .option("--print", "print the scenario with every default filled in (YAML)")
    .addOption(program.createOption("--lang <lang>", "language of the problems, warnings and summary: en or zh").default("en").argParser(parseChoiceOption("--lang", LANGS)))
    .action((file: string, opts: { set?: string[]; print?: boolean; lang: Lang }) => {
      const { scenario } = loadScenarioFileDetailed(file, opts.set ?? [], opts.lang);
      if (opts.print) process.stdout.write(stringify(scenario, { lineWidth: 0 }));
      process.stdout.write(`${summarizeScenario(scenario, opts.lang)}\n`);
    });
}
