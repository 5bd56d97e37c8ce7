/**
 * The errors `run`, `report` and `compare` raise themselves (their flags and how they
 * combine), in the language of --lang wherever it comes on the line: each one exits 2
 * with no stack trace, names the flag and what is allowed, in Chinese throughout with
 * --lang zh (expectFullyChinese) and in English without it.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CliError, EXIT, reportError, setOptionLang } from "../../src/cli/common.js";
import { readChartJs } from "../../src/cli/report.js";
import { withCancel } from "../../src/cli/run.js";
import { expectFullyChinese } from "../helpers/chinese.js";
import { cli, microDir } from "./helpers-experiments.js";

const { dir, file } = microDir("peakline-errors-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Values a user types that stay as typed in a Chinese message (report formats). */
const VALUES = ["html", "xlsx", "csv", "json"];

interface Case {
  /** The command and its arguments after the scenario file(s). */
  args: string[];
  /** The whole English message (stderr), or a pattern for it. */
  en: string | RegExp;
  /** A line of the Chinese message. */
  zh: string;
}

const html = join(dir, "r.html");

const CASES: Case[] = [
  // run: values refused while the options are read (commander's own wrapper in English).
  {
    args: ["run", file, "--target-halfwidth", "abc"],
    en: `error: option '--target-halfwidth <x>' argument 'abc' is invalid. --target-halfwidth must be a number > 0 (absolute, in the figure's unit) or a percentage of the mean below 100% such as "1%"; got "abc"\n(add --help for usage)\n`,
    zh: '--target-halfwidth：须为大于 0 的数（绝对值，与该指标同单位），或均值的百分比（小于 100%），如 "1%"（实为 "abc"）',
  },
  {
    args: ["run", file, "--target-halfwidth", "100%"],
    en: /--target-halfwidth must be a number > 0 .* below 100% such as "1%"; got "100%"/,
    zh: '--target-halfwidth：须为大于 0 的数（绝对值，与该指标同单位），或均值的百分比（小于 100%），如 "1%"（实为 "100%"）',
  },
  // run: flags that need another, or contradict it.
  {
    args: ["run", file, "--target-figure", "orders.shipped"],
    en: "--target-figure needs --target-halfwidth: it names the figure whose half-width --target-halfwidth aims at (e.g. --target-halfwidth 1% --target-figure orders.shipped)\n",
    zh: "--target-figure 需要 --target-halfwidth：它指定 --target-halfwidth 所针对的指标（如 --target-halfwidth 1% --target-figure orders.shipped）",
  },
  {
    args: ["run", file, "--replications", "2", "--target-halfwidth", "1%", "--target-figure", "stations.pak.utilization"],
    en: /^--target-figure: unknown figure "stations\.pak\.utilization" \(did you mean stations\.pack\.utilization\?\); figures of this scenario are:\n {2}orders\.arrived\n/,
    zh: '--target-figure：未知的指标 "stations.pak.utilization"（是不是 stations.pack.utilization？）；本场景的指标有：',
  },
  {
    args: ["run", file, "--hourly"],
    en: "--hourly needs --json: the hourly series is part of the JSON output (run ... --json --hourly); the tables do not show it\n",
    zh: "--hourly 需要 --json：逐小时序列只在 JSON 输出中（加 --json --hourly）；表格不显示它",
  },
  {
    args: ["run", file, "--workers", "2"],
    en: "--workers needs --replications or --target-halfwidth: a single run uses one thread\n",
    zh: "--workers 需要 --replications 或 --target-halfwidth：单次运行只用一个线程",
  },
  {
    args: ["run", file, "--max-replications", "3"],
    en: "--max-replications 3 needs --target-halfwidth: it caps the replications added to reach a target half-width; without one a single run is made, so it would be ignored. Drop --max-replications, or add --target-halfwidth (such as 1%) with --max-replications from 20 to 100000\n",
    zh: "--max-replications 3 需要 --target-halfwidth：它限制为达到目标半宽而追加的仿真次数；没有目标时只运行一次，它不起作用。请去掉 --max-replications，或加上 --target-halfwidth（如 1%）并把 --max-replications 设为 20 到 100000",
  },
  {
    args: ["run", file, "--replications", "5", "--max-replications", "3"],
    en: /^--max-replications 3 needs --target-halfwidth: .*exactly 5 replications are run \(--replications 5\), so it would be ignored, and 3 is below --replications 5\. Drop/,
    zh: "--max-replications 3 需要 --target-halfwidth：它限制为达到目标半宽而追加的仿真次数；没有目标时正好运行 5 次仿真（--replications 5），它不起作用，而且 3 小于 --replications 5。请去掉 --max-replications，或加上 --target-halfwidth（如 1%）并把 --max-replications 设为 5 到 100000",
  },
  {
    args: ["run", file, "--replications", "5", "--target-halfwidth", "1%", "--max-replications", "3"],
    en: "--max-replications (3) must be at least --replications (5); raise --max-replications to 5 to 100000, or give a smaller --replications\n",
    zh: "--max-replications（3）须不少于 --replications（5）；请把 --max-replications 调高到 5 到 100000，或调低 --replications",
  },
  {
    args: ["run", file, "--target-halfwidth", "1%", "--max-replications", "3"],
    en: "--max-replications 3 must be at least the starting replications (20, the default of --replications); raise --max-replications or give a smaller --replications\n",
    zh: "--max-replications 3 须不少于起始仿真次数（20，即 --replications 的默认值）；请调高 --max-replications，或给出更小的 --replications",
  },
  // report: the same checks, and its own.
  {
    args: ["report", file, "--out", html, "--table", "hourly"],
    en: `--table is for --format csv only: this report is html (from --out ${html}); drop --table, or use --format csv (or an --out name ending .csv)\n`,
    zh: `--table 只用于 --format csv：这份报告是 html（由 --out ${html} 判断）；请去掉 --table，或改用 --format csv（或把 --out 改为 .csv 文件名）`,
  },
  {
    args: ["report", file, "--out", join(dir, "r.json"), "--format", "json", "--table", "hourly"],
    en: "--table is for --format csv only: this report is json; drop --table, or use --format csv (or an --out name ending .csv)\n",
    zh: "--table 只用于 --format csv：这份报告是 json；请去掉 --table，或改用 --format csv（或把 --out 改为 .csv 文件名）",
  },
  {
    args: ["report", file, "--out", html, "--max-replications", "3"],
    en: /^--max-replications 3 needs --target-halfwidth: .*exactly 20 replications are run \(the default of --replications\), so it would be ignored, and 3 is below those 20\./,
    zh: "--max-replications 3 需要 --target-halfwidth：它限制为达到目标半宽而追加的仿真次数；没有目标时正好运行 20 次仿真（--replications 的默认值），它不起作用，而且 3 小于这 20 次。请去掉 --max-replications，或加上 --target-halfwidth（如 1%）并把 --max-replications 设为 20 到 100000",
  },
  {
    args: ["report", file, "--out", html, "--target-figure", "orders.shipped"],
    en: /^--target-figure needs --target-halfwidth: /,
    zh: "--target-figure 需要 --target-halfwidth：它指定 --target-halfwidth 所针对的指标（如 --target-halfwidth 1% --target-figure orders.shipped）",
  },
  {
    args: ["report", file, "--out", html, "--target-halfwidth", "0"],
    en: /--target-halfwidth must be a number > 0 .*; got "0"/,
    zh: '--target-halfwidth：须为大于 0 的数（绝对值，与该指标同单位），或均值的百分比（小于 100%），如 "1%"（实为 "0"）',
  },
  // compare: a baseline and at least one other.
  {
    args: ["compare", file],
    en: "compare needs at least two scenario files, the baseline first (e.g. compare scenarios/default.yaml scenarios/surge-30x.yaml); got 1\n",
    zh: "'compare' 需要至少两个场景文件，第一个是基准（如 scenarios/default.yaml scenarios/surge-30x.yaml）；实为 1 个",
  },
];

describe("run, report and compare: their own errors in the language of --lang", () => {
  for (const c of CASES) {
    const label = c.args.filter((a) => a !== file).join(" ").replace(dir, "DIR");
    it(`--lang zh, before or after the flags: ${label}`, async () => {
      const [cmd, ...rest] = c.args;
      for (const order of [[cmd, "--lang", "zh", ...rest], [...c.args, "--lang", "zh"], [...c.args, "--lang=zh"]]) {
        const r = await cli(order);
        expect(r.code, r.err).toBe(EXIT.USAGE);
        expect(r.out).toBe("");
        expect(r.err).not.toMatch(/\n\s+at /);
        expect(r.err.split("\n")).toContain(c.zh);
        // The message as a whole (a list of figure names has lines of names alone).
        expectFullyChinese(r.err, [...VALUES, ...rest]);
      }
    });

    it(`in English without --lang zh: ${label}`, async () => {
      for (const args of [c.args, [...c.args, "--lang", "en"]]) {
        const r = await cli(args);
        expect(r.code).toBe(EXIT.USAGE);
        expect(r.out).toBe("");
        expect(r.err).not.toMatch(/\n\s+at /);
        expect(r.err).not.toMatch(/[\u4e00-\u9fff]/);
        if (typeof c.en === "string") expect(r.err).toBe(c.en);
        else expect(r.err).toMatch(c.en);
      }
    });
  }

  it("a report nothing was written for (its --out is not created)", async () => {
    const r = await cli(["report", file, "--out", html, "--table", "hourly", "--lang", "zh"]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(existsSync(html)).toBe(false);
  });
});

describe("errors outside the flags, in the language of --lang", () => {
  it("Ctrl-C: cancelled, exit 1", async () => {
    const abort = () => Promise.reject(new DOMException("aborted", "AbortError"));
    for (const [lang, text] of [["en", "cancelled (Ctrl-C)"], ["zh", "已取消（Ctrl-C）"]] as const) {
      const e = await withCancel(abort, lang).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).message).toBe(text);
      expect((e as CliError).code).toBe(EXIT.FAILURE);
    }
  });

  it("the Chart.js bundle missing for an HTML report: what to do, exit 1", () => {
    const missing = () => {
      throw Object.assign(new Error("cannot read the Chart.js bundle /x/chart.umd.min.js for the HTML report (ENOENT); run npm ci"), { file: "/x/chart.umd.min.js", reason: "ENOENT" });
    };
    const refused = (lang: "en" | "zh") => {
      try {
        readChartJs(lang, missing);
      } catch (e) {
        expect(e).toBeInstanceOf(CliError);
        expect((e as CliError).code).toBe(EXIT.FAILURE);
        return (e as CliError).message;
      }
      throw new Error("expected a refusal");
    };
    expect(refused("en")).toBe("cannot read the Chart.js bundle /x/chart.umd.min.js for the HTML report (ENOENT); run npm ci");
    const zh = refused("zh");
    expect(zh).toBe("无法读取 HTML 报告所需的 Chart.js 文件 /x/chart.umd.min.js（ENOENT）；请运行 `npm ci` 重新安装依赖");
    expectFullyChinese(zh, ["HTML", "ENOENT"]);
  });

  it("an internal error (a bug): one line in the command line's language, exit 1", () => {
    const old = process.env.PEAKLINE_DEBUG;
    delete process.env.PEAKLINE_DEBUG;
    const out: string[] = [];
    try {
      setOptionLang("zh");
      expect(reportError(new TypeError("x is undefined"), (s) => out.push(s))).toBe(EXIT.FAILURE);
      expect(out.join("")).toBe("内部错误：x is undefined（设置 PEAKLINE_DEBUG=1 可查看详情）\n");
      // The bug's own text stays as thrown; the rest is Chinese.
      expectFullyChinese(out.join(""), ["x is undefined", "PEAKLINE_DEBUG"]);
    } finally {
      setOptionLang("en");
      if (old !== undefined) process.env.PEAKLINE_DEBUG = old;
    }
    out.length = 0;
    reportError(new TypeError("x is undefined"), (s) => out.push(s));
    expect(out.join("")).toBe("internal error: x is undefined (set PEAKLINE_DEBUG=1 for details)\n");
  });
});
