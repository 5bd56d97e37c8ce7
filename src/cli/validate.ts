/**
 * `peakline validate <file> [--set path=value ...] [--print]`: checks a scenario file
 * without running it. Exit 0 and a one-line summary when valid (staffing that would
 * pay idle people is warned about on stderr); exit 2 and every problem (field path,
 * value, what is allowed) when not.
 */
import type { Command } from "commander";
import { stringify } from "yaml";
import { type Scenario, scenarioName } from "../sim/model/schema.js";
import { collect, loadScenarioFileDetailed } from "./common.js";

/** "OK: Double 11 (5 stations, 3 couriers, 1 shift, 15 people, surge 15x, 0 disruptions, 3 deadline rules)". */
export function summarizeScenario(s: Scenario): string {
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const heads = (t: Record<string, Record<string, number>> | undefined) =>
    Object.values(t ?? {}).reduce((sum, byShift) => sum + Object.values(byShift).reduce((a, b) => a + b, 0), 0);
  const permanent = heads(s.staff.roster);
  const temps = heads(s.staff.temps);
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
    .action((file: string, opts: { set?: string[]; print?: boolean }) => {
      const { scenario } = loadScenarioFileDetailed(file, opts.set ?? []);
      if (opts.print) process.stdout.write(stringify(scenario, { lineWidth: 0 }));
      process.stdout.write(`${summarizeScenario(scenario)}\n`);
    });
}
