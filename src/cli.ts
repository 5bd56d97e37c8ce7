/**
 * The `peakline` command line. Commands live in src/cli/*.ts and register themselves
 * here. Exit codes (src/cli/common.ts EXIT): 0 ok (and --help), 1 internal failure,
 * 2 usage: unknown command or option, missing argument, invalid option value, invalid
 * scenario. Never a stack trace unless PEAKLINE_DEBUG=1.
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { EXIT, reportError } from "./cli/common.js";
import { registerCompare } from "./cli/compare.js";
import { registerPlan } from "./cli/plan.js";
import { registerReport } from "./cli/report.js";
import { registerRun } from "./cli/run.js";
import { registerValidate } from "./cli/validate.js";

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** Applies the usage-error policy to a command and every subcommand (also those added with addCommand, which do not inherit it). */
function enforceExitPolicy(cmd: Command): void {
  cmd.exitOverride();
  cmd.showHelpAfterError("(add --help for usage)");
  for (const sub of cmd.commands) enforceExitPolicy(sub);
}

/** The program with every command registered; commander errors are thrown (CommanderError), not exits. */
export function buildProgram(): Command {
  const program = new Command("peakline")
    .description(
      [
        "Peakline: warehouse fulfilment simulator and capacity planner for",
        "e-commerce peak days (Double 11 / 双11). It runs the line",
        "打单 print -> 拣货 pick -> QC -> 打包 pack -> 称重 weigh -> 揽收 pickup",
        "many times over and reports backlog, utilisation and deadline risk.",
      ].join("\n"),
    )
    .version(packageVersion(), "-V, --version")
    .showSuggestionAfterError(true);
  registerValidate(program);
  registerRun(program);
  registerCompare(program);
  registerReport(program);
  registerPlan(program);
  enforceExitPolicy(program);
  return program;
}

/** Runs the CLI on `argv` (node-style: [node, script, ...args]) and returns the exit code instead of exiting. */
export async function main(argv: string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.OK;
  } catch (err) {
    return reportError(err);
  }
}

function isEntry(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  // `peakline ... | head` closes stdout early: that is not an error.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(EXIT.OK);
  });
  const code = await main();
  // Exit explicitly on failure so no stray handle (worker pool, timer) can keep a failed run alive.
  if (code !== EXIT.OK) process.exit(code);
  process.exitCode = code;
}
