/**
 * The `peakline` command line. Commands live in src/cli/*.ts and register themselves
 * here. Exit codes (src/cli/common.ts EXIT): 0 ok (and --help), 1 internal failure,
 * 2 usage: unknown command or option, missing argument, invalid option value, invalid
 * scenario. Never a stack trace unless PEAKLINE_DEBUG=1.
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { argvLang, EXIT, HELP_AFTER_ERROR, reportError, setOptionLang } from "./cli/common.js";
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

/** " (Did you mean --fix?)" / "(Did you mean one of a, b?)" after a commander message, in Chinese. */
function didYouMeanZh(s: string | undefined): string {
  if (!s) return "";
  const m = /^one of (.+)$/.exec(s);
  return m ? `（是不是 ${m[1].split(", ").join("、")} 之一？）` : `（是不是 ${s}？）`;
}

/** Commander 14's own usage errors, by their form, in Chinese (--lang zh); one not listed is printed as it is. */
const COMMANDER_ZH: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^error: unknown option '(.+?)'(?:\n\(Did you mean (.+)\?\))?$/s, (m) => `错误：未知的选项 '${m[1]}'${didYouMeanZh(m[2])}`],
  [/^error: unknown command '(.+?)'(?:\n\(Did you mean (.+)\?\))?$/s, (m) => `错误：未知的命令 '${m[1]}'${didYouMeanZh(m[2])}`],
  [/^error: missing required argument '(.+)'$/, (m) => `错误：缺少参数 '${m[1]}'`],
  [/^error: option '(.+)' argument missing$/, (m) => `错误：选项 '${m[1]}' 缺少取值`],
  [/^error: required option '(.+)' not specified$/, (m) => `错误：缺少必需的选项 '${m[1]}'`],
  [/^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/, (m) => `错误：${m[1] ? `'${m[1]}' 的` : ""}参数太多：应为 ${m[2]} 个，实为 ${m[3]} 个`],
  [/^error: option '(.+)' argument '(.*)' is invalid\. (.*)$/s, (m) => `错误：选项 '${m[1]}' 的取值 '${m[2]}' 无效。${m[3]}`],
  [/^error: option '(.+)' cannot be used with option '(.+)'$/, (m) => `错误：选项 '${m[1]}' 不能与选项 '${m[2]}' 同时使用`],
];

/** Commander's message in Chinese when COMMANDER_ZH knows its form. */
export function commanderMessageZh(message: string): string {
  for (const [re, say] of COMMANDER_ZH) {
    const m = re.exec(message);
    if (m) return say(m);
  }
  return message;
}

/**
 * Applies the usage-error policy to a command and every subcommand (also those added with
 * addCommand, which do not inherit it): errors thrown, not exits, and worded in `lang`.
 */
function enforceExitPolicy(cmd: Command, lang: "en" | "zh"): void {
  cmd.exitOverride();
  cmd.showHelpAfterError(HELP_AFTER_ERROR[lang]);
  if (lang === "zh") cmd.configureOutput({ outputError: (s, write) => write(`${commanderMessageZh(s.trimEnd())}\n`) });
  for (const sub of cmd.commands) enforceExitPolicy(sub, lang);
}

/**
 * The program with every command registered; commander errors are thrown (CommanderError),
 * not exits. `lang`: the language of commander's own usage errors (a command line's --lang).
 */
export function buildProgram(lang: "en" | "zh" = "en"): Command {
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
  enforceExitPolicy(program, lang);
  return program;
}

/** Runs the CLI on `argv` (node-style: [node, script, ...args]) and returns the exit code instead of exiting. */
export async function main(argv: string[] = process.argv): Promise<number> {
  // Usage errors in the language asked for, wherever --lang comes on the line (see argvLang).
  const lang = argvLang(argv.slice(2));
  setOptionLang(lang);
  try {
    await buildProgram(lang).parseAsync(argv);
    return EXIT.OK;
  } catch (err) {
    return reportError(err);
  } finally {
    setOptionLang("en");
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
