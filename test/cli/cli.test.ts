import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { argvLang, CliError, decodeScenarioBytes, EXIT, loadScenarioFile, loadScenarioFileDetailed, parseChoiceOption, parseIntOption, parseNumberOption, readScenarioFile, reportError, setOptionLang, writeFileAtomic } from "../../src/cli/common.js";
import { commanderMessageZh, main } from "../../src/cli.js";
import { expectFullyChinese } from "../helpers/chinese.js";
import { MAX_SCENARIO_BYTES } from "../../src/sim/model/load.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "peakline-cli-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The CliError thrown by `fn`. */
function cliError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error("expected a CliError");
}

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe("readScenarioFile", () => {
  it("names a missing file and suggests a close name in the folder", () => {
    const real = file("default.yaml", "name: x\n");
    void real;
    const e = cliError(() => readScenarioFile(join(dir, "defualt.yaml")));
    expect(e.code).toBe(EXIT.USAGE);
    expect(e.message).toMatch(/defualt\.yaml: no such file; did you mean .*default\.yaml\?/);
  });

  it("refuses a folder and lists the scenario files in it", () => {
    const sub = join(dir, "scen");
    mkdirSync(sub);
    writeFileSync(join(sub, "a.yaml"), "{}");
    const e = cliError(() => readScenarioFile(sub));
    expect(e.code).toBe(EXIT.USAGE);
    expect(e.message).toMatch(/is a folder, not a file.*a\.yaml/);
  });

  it("refuses a file over the limit by its size, without reading it", () => {
    const p = join(dir, "huge.yaml");
    writeFileSync(p, "");
    truncateSync(p, MAX_SCENARIO_BYTES * 8); // sparse: costs no disk
    const e = cliError(() => readScenarioFile(p));
    expect(e.message).toMatch(/the file is 4\.0 MiB; scenario files are limited to 512 KiB/);
  });

  it("refuses a spreadsheet renamed .yaml", () => {
    // The first bytes of every .xlsx: a zip local-file header.
    const xlsx = file("plan.yaml", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]));
    const e = cliError(() => readScenarioFile(xlsx));
    expect(e.code).toBe(EXIT.USAGE);
    expect(e.message).toMatch(/binary file.*\.xlsx renamed\?/);
  });

  it("refuses text that is not UTF-8 (GBK) and names the line", () => {
    // "name: 测试" in GBK on line 2.
    const gbk = file("gbk.yaml", new Uint8Array([...Buffer.from("seed: 1\nname: "), 0xb2, 0xe2, 0xca, 0xd4, 0x0a]));
    const e = cliError(() => readScenarioFile(gbk));
    expect(e.message).toMatch(/not UTF-8 text \(first bad byte on line 2\).*GBK/);
  });

  it("decodes UTF-16 with a byte-order mark and drops a UTF-8 BOM", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("name: 双11\n", "utf16le")]);
    expect(decodeScenarioBytes(utf16, "x")).toBe("name: 双11\n");
    const p = file("bom.yaml", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("name: 双11\n")]));
    expect(loadScenarioFile(p).name).toEqual({ en: "双11" });
  });

  it("says what is wrong with the file in Chinese with --lang zh: missing, a folder, too big, binary, not UTF-8, empty", () => {
    const zh = (f: string) => cliError(() => loadScenarioFileDetailed(f, [], "zh")).message;
    file("default.yaml", "name: x\n");
    expect(zh(join(dir, "defualt.yaml"))).toBe(`${join(dir, "defualt.yaml")}：文件不存在；是不是 ${join(dir, "default.yaml")}？`);
    const sub = join(dir, "scen-zh");
    mkdirSync(sub);
    writeFileSync(join(sub, "a.yaml"), "{}");
    expect(zh(sub)).toBe(`${sub}：这是文件夹，不是文件；请给出场景文件，如 scenarios/default.yaml；这个文件夹里的场景文件：a.yaml`);
    const huge = join(dir, "huge-zh.yaml");
    writeFileSync(huge, "");
    truncateSync(huge, MAX_SCENARIO_BYTES * 8);
    expect(zh(huge)).toBe(`${huge}：文件有 4.0 MiB；场景文件最大 512 KiB（这是不是导出的数据，而不是场景？场景文件一般只有几 KiB）`);
    const xlsx = file("plan-zh.yaml", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
    expect(zh(xlsx)).toMatch(/：这看起来是二进制文件（zip 压缩包：是不是把 Excel \.xlsx 改了扩展名？），不是 YAML\/JSON/);
    expect(zh(file("nul-zh.yaml", new Uint8Array([0x61, 0x00, 0x62])))).toMatch(/：这看起来是二进制文件（含 NUL 字节/);
    const gbk = file("gbk-zh.yaml", new Uint8Array([...Buffer.from("seed: 1\nname: "), 0xb2, 0xe2, 0xca, 0xd4, 0x0a]));
    expect(zh(gbk)).toBe(`${gbk}：不是 UTF-8 文本（第 2 行起有无法识别的字节）；可能是按 GBK/ANSI 保存的：请重新存为 UTF-8`);
    const empty = file("empty-zh.yaml", "# nothing yet\n");
    expect(zh(empty)).toBe(`${empty}：1 个问题\n  - 文件里没有任何设置（只有注释？）；请复制 scenarios/default.yaml 再修改，或写 {} 使用全部默认值`);
    // English stays the default.
    expect(cliError(() => readScenarioFile(sub)).message).toMatch(/is a folder, not a file/);
  });

  it.skipIf(process.getuid?.() === 0)("says permission denied for an unreadable file", () => {
    const p = file("secret.yaml", "{}");
    chmodSync(p, 0o000);
    try {
      expect(cliError(() => readScenarioFile(p)).message).toMatch(/permission denied/);
    } finally {
      chmodSync(p, 0o644);
    }
  });
});

describe("loadScenarioFile", () => {
  it("returns the scenario, the resolved data and the text", () => {
    const p = file("ok.yaml", "# comment\nname: Ok\ndemand: {surge: 20}\n");
    const r = loadScenarioFileDetailed(p, ["demand.surge=25"]);
    expect(r.scenario.demand.surge).toBe(25);
    expect(r.resolved).toEqual({ name: "Ok", demand: { surge: 25 } });
    expect(r.text).toContain("# comment");
  });

  it("throws one CliError(USAGE) listing every problem with its path", () => {
    const p = file("bad.yaml", "demand:\n  surge: 300\nprinters:\n  count: -1\nnmae: x\n");
    const e = cliError(() => loadScenarioFile(p));
    expect(e.code).toBe(EXIT.USAGE);
    const lines = e.message.split("\n");
    expect(lines[0]).toBe(`${p}: 3 problems`);
    expect(lines.slice(1)).toEqual([
      "  - demand.surge: 300 is too large; allowed 1 to 100 (line 2)",
      "  - printers.count: -1 is too small; allowed 0 to 1000 (whole numbers) (line 4)",
      '  - nmae: unknown key; did you mean "name"? (line 5)',
    ]);
  });

  it("reads .json files as JSON", () => {
    const p = file("s.json", '{ "name": "J", "seed": 7 }');
    expect(loadScenarioFile(p).seed).toBe(7);
  });
});

describe("writeFileAtomic", () => {
  it("writes the whole file and leaves no temporary file", () => {
    const out = join(dir, "out");
    mkdirSync(out);
    writeFileAtomic(join(out, "r.csv"), "a,b\n1,2\n");
    writeFileAtomic(join(out, "r.csv"), new Uint8Array([65, 10]));
    expect(readFileSync(join(out, "r.csv"), "utf8")).toBe("A\n");
    expect(readdirSync(out)).toEqual(["r.csv"]);
  });

  it("fails cleanly into a missing folder (exit 2) and where a folder is in the way, cleaning up", () => {
    expect(cliError(() => writeFileAtomic(join(dir, "nope", "r.csv"), "x")).message).toMatch(/folder .*nope does not exist/);
    const out = join(dir, "out2");
    mkdirSync(join(out, "r.csv"), { recursive: true });
    const e = cliError(() => writeFileAtomic(join(out, "r.csv"), "x"));
    expect(e.code).toBe(EXIT.USAGE);
    expect(readdirSync(out)).toEqual(["r.csv"]); // the temp file is gone, the folder untouched
  });
});

describe("option parsers and error reporting", () => {
  function program(): { cmd: Command; err: string[] } {
    const err: string[] = [];
    const cmd = new Command("t")
      .exitOverride()
      .configureOutput({ writeErr: (s) => err.push(s), writeOut: () => {} })
      .option("--seed <n>", "seed", parseIntOption("--seed", 0, 2 ** 32 - 1))
      .option("--replications <n>", "replications", parseIntOption("--replications", 1, 10000))
      .option("--factor <x>", "factor", parseNumberOption("--factor", 0, 10, { exclusiveMin: true }))
      .action(() => {});
    return { cmd, err };
  }
  function failure(args: string[]): { code: number; err: string } {
    const { cmd, err } = program();
    try {
      cmd.parse(args, { from: "user" });
    } catch (e) {
      if (!(e instanceof CommanderError)) throw e;
      return { code: reportError(e, () => {}), err: err.join("") };
    }
    throw new Error("expected a usage error");
  }

  it("accepts values in range", () => {
    const { cmd } = program();
    cmd.parse(["--seed", "42", "--replications", "30", "--factor", "2"], { from: "user" });
    expect(cmd.opts()).toEqual({ seed: 42, replications: 30, factor: 2 });
  });

  it("exits 2 naming the flag and the range", () => {
    const seed = failure(["--seed", "-5"]);
    expect(seed.code).toBe(EXIT.USAGE);
    expect(seed.err).toContain("--seed must be a whole number from 0 to 4294967295; got \"-5\"");
    expect(failure(["--replications", "abc"]).err).toContain("--replications must be a whole number from 1 to 10000");
    expect(failure(["--replications", "2.5"]).err).toContain("--replications must be a whole number");
    expect(failure(["--factor", "0"]).err).toContain("--factor must be a number from more than 0 to 10");
    expect(failure(["--bogus"]).code).toBe(EXIT.USAGE);
  });

  it("reads the language from the whole command line: --lang may come after the value it words", () => {
    expect(argvLang(["plan", "s.yaml", "--min-crew", "abc", "--lang", "zh"])).toBe("zh");
    expect(argvLang(["plan", "--lang=zh"])).toBe("zh");
    expect(argvLang(["plan", "--lang", "zh", "--lang", "en"])).toBe("en");
    expect(argvLang(["plan", "--", "--lang", "zh"])).toBe("en");
    expect(argvLang(["plan"])).toBe("en");
  });

  it("refuses a value in Chinese with --lang zh: a CliError commander passes through, not its English wrapper", () => {
    setOptionLang("zh");
    try {
      const refused = (f: () => unknown) => {
        try {
          f();
        } catch (e) {
          expect(e).toBeInstanceOf(CliError);
          return (e as CliError).message;
        }
        throw new Error("expected a refusal");
      };
      expect(refused(() => parseIntOption("--seed", 0, 9)("-5"))).toBe('--seed：须为 0 到 9 的整数（实为 "-5"）\n（加 --help 查看用法）');
      expect(refused(() => parseNumberOption("--factor", 0, 10, { exclusiveMin: true })("0"))).toBe('--factor：须为大于 0、不超过 10 的数字（实为 "0"）\n（加 --help 查看用法）');
      expect(refused(() => parseChoiceOption("--start", ["guess", "scenario"])("gues"))).toBe('--start：须为 guess、scenario 之一（实为 "gues"）；是不是 guess？\n（加 --help 查看用法）');
    } finally {
      setOptionLang("en");
    }
    // English (commander's wrapper) by default.
    expect(() => parseIntOption("--seed", 0, 9)("-5")).toThrow(/^--seed must be a whole number from 0 to 9; got "-5"$/);
  });

  it("words commander's own usage errors in Chinese", () => {
    const cases = [
      "error: unknown option '--fooo'\n(Did you mean --fix?)",
      "error: unknown command 'pln'\n(Did you mean plan?)",
      "error: missing required argument 'scenario'",
      "error: option '--target <spec>' argument missing",
      "error: too many arguments for 'plan'. Expected 1 argument but got 2.",
    ];
    for (const c of cases) expectFullyChinese(commanderMessageZh(c), ["scenario", "plan", "pln"]);
    expect(commanderMessageZh(cases[0])).toBe("错误：未知的选项 '--fooo'（是不是 --fix？）");
  });

  it("reports an unexpected error as one line, exit 1, stack only with PEAKLINE_DEBUG=1", () => {
    const out: string[] = [];
    const old = process.env.PEAKLINE_DEBUG;
    delete process.env.PEAKLINE_DEBUG;
    try {
      expect(reportError(new TypeError("x is undefined"), (s) => out.push(s))).toBe(EXIT.FAILURE);
      expect(out.join("")).toMatch(/^internal error: x is undefined \(set PEAKLINE_DEBUG=1 for details\)\n$/);
      process.env.PEAKLINE_DEBUG = "1";
      out.length = 0;
      reportError(new TypeError("boom"), (s) => out.push(s));
      expect(out.join("")).toContain("    at ");
    } finally {
      if (old === undefined) delete process.env.PEAKLINE_DEBUG;
      else process.env.PEAKLINE_DEBUG = old;
    }
  });
});

describe("peakline validate (in process)", () => {
  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
    const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => (err.push(String(s)), true));
    try {
      const code = await main(["node", "peakline", ...args]);
      return { code, out: out.join(""), err: err.join("") };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  it("prints a summary and exits 0 for a valid file", async () => {
    const r = await run(["validate", join(ROOT, "scenarios/default.yaml")]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK: .*\(5 stations, 3 couriers, .*15 people/);
  });

  it("warns on stderr (exit 0) about people who would be paid and idle: above maxStaff, or without a printer", async () => {
    const r = await run(["validate", join(ROOT, "scenarios/default.yaml"), "--set", "staff.roster.pack.day=100", "--set", "staff.roster.print.day=5"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK: /);
    expect(r.err).toContain("warning: staff.roster.pack.day: 100 people on the day shift but Pack has places for 40 (stations[3].maxStaff): 60 would be paid and idle");
    expect(r.err).toContain("warning: staff.roster.print.day: 5 people on the day shift but 2 printers (1 per operator) give work to 2 (printers.count): 3 would have no printer");
  });

  it("warns on stderr (exit 0) about what runs as written but not as it reads: a shift ending at its start", async () => {
    const r = await run(["validate", join(ROOT, "scenarios/default.yaml"), "--set", "staff.shifts[0].end=08:00"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK: /);
    expect(r.err).toBe("warning: staff.shifts[0].end: end is the same as start (08:00): read as a 24-hour shift, everyone on it paid 24 h (16 h of it overtime)\n");
  });

  it("applies --set and reports its errors with exit 2", async () => {
    const p = file("v.yaml", "name: V\n");
    const ok = await run(["validate", p, "--set", "demand.surge=30", "--set", "stations.pack.maxStaff=8"]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("surge 30x");
    const bad = await run(["validate", p, "--set", "demand.surj=30"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--set demand.surj=30: unknown key "surj" in demand; did you mean "surge"?');
  });

  it("exits 2 saying a file nested too deeply is nested too deeply, JSON or YAML (not a stack overflow)", async () => {
    const hint = "more than 50 levels of lists or groups inside one another; a scenario needs at most 6 levels (such as staff.shifts[0].breaks[0].at)";
    const json = file("deep.json", "[".repeat(5000) + "]".repeat(5000));
    const yaml = file("deep.yaml", `name: deep\nstaff:\n  shifts:\n    ${"- ".repeat(5000)}x\n`);
    for (const cmd of ["validate", "run"]) {
      const j = await run([cmd, json]);
      expect(j.code).toBe(2);
      expect(j.err).toBe(`${json}: 1 problem\n  - JSON nested too deeply at line 1, column 51: ${hint}\n`);
      const y = await run([cmd, yaml]);
      expect(y.code).toBe(2);
      expect(y.err).toBe(`${yaml}: 1 problem\n  - YAML nested too deeply at line 4, column 101: ${hint}\n`);
    }
  });

  it("lists the problems in Chinese with --lang zh (validate and run), exit 2; prints the summary in Chinese", async () => {
    const p = file("zh.yaml", "demand:\n  surge: 300\n  surj: 3\nstaff:\n  roster:\n    pack: { nite: 2 }\n");
    const expected = [
      `${p}：3 个问题`,
      "  - demand.surge：300 太大；允许 1 至 100（第 2 行）",
      '  - demand.surj：未知的键；是不是 "surge"？（第 3 行）',
      '  - staff.roster.pack.nite：未知的班次 "nite"；现有班次：day（第 6 行）',
    ].join("\n");
    for (const cmd of ["validate", "run"]) {
      const r = await run([cmd, p, "--lang", "zh"]);
      expect(r.code).toBe(2);
      expect(r.out).toBe("");
      expect(r.err).toBe(`${expected}\n`);
    }
    const set = await run(["validate", p, "--lang", "zh", "--set", "demand.surge=20", "--set", "demand.surj=1", "--set", "staff.roster.pack={day: 2}"]);
    expect(set.code).toBe(2);
    expect(set.err).toBe(`${p}：2 个问题\n  - --set demand.surj=1：demand 中没有 "surj" 这个键；是不是 "surge"？\n  - demand.surj：未知的键；是不是 "surge"？（第 3 行）\n`);
    const ok = await run(["validate", join(ROOT, "scenarios/default.yaml"), "--lang", "zh"]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^校验通过：.*（5 个工位，3 家快递，1 个班次，15 人，爆单 15 倍，0 个突发事件，3 条时效规则）\n$/);
    expect((await run(["validate", p, "--lang", "fr"])).code).toBe(2);
  });

  it("exits 2 for usage errors and 0 for --help", async () => {
    const folder = await run(["validate", dir]);
    expect(folder.code).toBe(2);
    expect(folder.err).toMatch(/is a folder, not a file/);
    expect((await run(["validate"])).code).toBe(2);
    expect((await run(["valdate", "x"])).code).toBe(2);
    expect((await run(["validate", "x", "--nope"])).code).toBe(2);
    expect((await run(["--help"])).code).toBe(0);
  });
});

describe("peakline as a process", () => {
  type Result = { code: number; stdout: string; stderr: string };
  /** Spawns the real entry point (node + tsx loader: faster than npx). */
  function spawnCli(args: string[]): Promise<Result> {
    return new Promise((resolve) => {
      execFile(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: ROOT, timeout: 60_000, env: { ...process.env, PEAKLINE_DEBUG: "" } }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  it("exits with the right codes, naming paths, never printing a stack trace", async () => {
    const bad = file("three.yaml", "# three mistakes\ndemand:\n  surge: 300\nstations:\n  - id: pick\n    servceSec: 12\n    serviceSec: 12\nprinters: {technicianOnSite: yes}\n");
    const xlsx = file("export.yaml", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    // Three spawns only (each costs a Node start-up); the other cases run in process above.
    const [invalid, binary, help, chinese] = await Promise.all([spawnCli(["validate", bad]), spawnCli(["validate", xlsx, "--set", "demand.surge=20"]), spawnCli(["--help"]), spawnCli(["run", bad, "--lang", "zh"])]);
    for (const r of [invalid, binary, chinese]) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).not.toContain("    at ");
      expect(r.stdout).toBe("");
    }
    expect(invalid.stderr).toContain("demand.surge: 300 is too large; allowed 1 to 100");
    expect(invalid.stderr).toContain('stations[0].servceSec: unknown key; did you mean "serviceSec"?');
    expect(invalid.stderr).toContain('printers.technicianOnSite: "yes" is text; expected true or false');
    expect(binary.stderr).toMatch(/binary file.*xlsx/);
    expect(chinese.stderr).toContain(`${bad}：3 个问题`);
    expect(chinese.stderr).toContain("demand.surge：300 太大；允许 1 至 100");
    expect(chinese.stderr).toContain('stations[0].servceSec：未知的键；是不是 "serviceSec"？');
    expect(chinese.stderr).toContain('printers.technicianOnSite："yes" 是文本；应为 true 或 false');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: peakline");
    expect(help.stdout).toContain("打包 pack");
  });
});
