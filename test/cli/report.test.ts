import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { CSV_TABLES } from "../../src/sim/report/index.js";
import { writeFileAtomic } from "../../src/cli/common.js";
import { cli, microDir } from "./helpers-experiments.js";

const { dir, file } = microDir("peakline-report-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const common = ["--replications", "2", "--workers", "1", "--seed", "3"];

describe("peakline report", () => {
  it("writes a self-contained HTML report with the manifest and re-run command", async () => {
    const out = join(dir, "r.html");
    const r = await cli(["report", file, ...common, "--out", out, "--set", "demand.surge=12"]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`wrote ${out}`);
    const h = readFileSync(out, "utf8");
    expect(h).toContain("<canvas");
    expect(h).toContain("Chart.js v4");
    expect(h).toContain(`npx tsx src/cli.ts report ${file} --seed 3 --replications 2 --set demand.surge=12 --format html --out ${out}`);
    expect(h).not.toMatch(/\b(src|href)\s*=\s*["']?\s*https?:/i);
  });

  it("writes XLSX and JSON that hold the run's numbers (format from --format or the extension)", async () => {
    const xo = join(dir, "r.xlsx");
    expect((await cli(["report", file, ...common, "--out", xo, "--lang", "zh"])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xo);
    expect(wb.getWorksheet("摘要")).toBeTruthy();
    const jo = join(dir, "report.data");
    expect((await cli(["report", file, ...common, "--format", "json", "--out", jo])).code).toBe(0);
    const j = JSON.parse(readFileSync(jo, "utf8"));
    const summary = wb.getWorksheet("摘要")!;
    const row = (summary.getSheetValues().slice(2) as unknown[][]).find((x) => x[1] === "orders.shipped")!;
    // Same seed, same runs: the workbook and the JSON agree.
    expect(row[4]).toBe(j.summary.figures["orders.shipped"].mean);
    expect(j.manifest.replications).toBe(2);
    expect(j.manifest.command).toContain("--format json");
  });

  it("CSV without --table writes one file per table; with --table one file", async () => {
    const sub = join(dir, "csv");
    mkdirSync(sub);
    const r = await cli(["report", file, ...common, "--out", join(sub, "r.csv"), "--lang", "zh"]);
    expect(r.code).toBe(0);
    expect(readdirSync(sub).sort()).toEqual(CSV_TABLES.map((t) => `r-${t}.csv`).sort());
    // --lang zh: the progress and the closing line in Chinese too.
    expect(r.err).toContain("仿真次数 2/2");
    expect(r.err).toContain(`已写入 ${join(sub, "r-summary.csv")}、${join(sub, "r-deadlines.csv")}`);
    // No English word but in the file names (r-replications.csv is a table's name).
    expect(r.err.replace(/[^\s、]*\.csv/g, "")).not.toMatch(/replications|wrote/);
    const text = readFileSync(join(sub, "r-stations.csv"), "utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows[0]).toContain("利用率（0-1）");
    const one = join(dir, "hourly-only.csv");
    expect((await cli(["report", file, ...common, "--out", one, "--table", "hourly"])).code).toBe(0);
    expect((parse(readFileSync(one, "utf8"), { bom: true }) as string[][])[0][0]).toBe("Hour from start");
  });

  it("refuses bad options with exit 2 before running", async () => {
    const cases: [string[], RegExp][] = [
      [["--out", join(dir, "x.pdf")], /--format is needed/],
      [["--out", join(dir, "x.html"), "--table", "hourly"], /--table is for --format csv only/],
      [["--out", join(dir, "x.csv"), "--table", "nope"], /--table must be one of summary/],
      [["--out", join(dir, "no-such-folder", "x.html")], /does not exist/],
      [["--format", "pdf", "--out", join(dir, "x.pdf")], /--format must be one of html, xlsx, csv, json/],
      // --max-replications without --target-halfwidth would be ignored: refused, naming both flags.
      [["--out", join(dir, "x.html"), "--max-replications", "1"], /^--max-replications 1 needs --target-halfwidth: .*without one exactly 2 replications are run \(--replications 2\), so it would be ignored, and 1 is below --replications 2\./],
    ];
    for (const [args, msg] of cases) {
      const r = await cli(["report", file, ...common, ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(msg);
    }
    expect(existsSync(join(dir, "no-such-folder"))).toBe(false);
    const dflt = await cli(["report", file, "--out", join(dir, "x.html"), "--max-replications", "3"]);
    expect(dflt.code).toBe(2);
    expect(dflt.err).toBe(
      "--max-replications 3 needs --target-halfwidth: it caps the replications added to reach a target half-width; without one exactly 20 replications are run (the default of --replications), so it would be ignored, and 3 is below those 20. Drop --max-replications, or add --target-halfwidth (such as 1%) with --max-replications from 20 to 100000\n",
    );
    expect(existsSync(join(dir, "x.html"))).toBe(false);
  });

  it("refuses a --format that the --out extension contradicts, naming both, and writes nothing", async () => {
    const cases: [string[], string][] = [
      [["--out", join(dir, "clash.html"), "--format", "xlsx"], `--out ${join(dir, "clash.html")} and --format xlsx disagree: the extension .html says html, --format says xlsx`],
      [["--out", join(dir, "clash.json"), "--format", "csv"], `--out ${join(dir, "clash.json")} and --format csv disagree: the extension .json says json, --format says csv`],
      // CSV files are named after --out (FILE-table.csv): any extension but .csv is refused.
      [["--out", join(dir, "clash.dat"), "--format", "csv"], `--out ${join(dir, "clash.dat")} and --format csv disagree: the extension .dat is not .csv; give --out a .csv name such as ${join(dir, "clash.csv")}`],
      [["--out", join(dir, "clash2.htm"), "--format", "json"], "the extension .htm says html, --format says json"],
    ];
    for (const [args, message] of cases) {
      const r = await cli(["report", file, ...common, ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err).not.toMatch(/replications \d/); // refused before running
    }
    expect(readdirSync(dir).filter((n) => n.startsWith("clash"))).toEqual([]);
    // Formats that agree, or an extension that names no format, still work.
    const ok = await cli(["report", file, ...common, "--out", join(dir, "agree.htm"), "--format", "html"]);
    expect(ok.code, ok.err).toBe(0);
    expect(existsSync(join(dir, "agree.htm"))).toBe(true);
  });

  it("names the default of --replications when --max-replications is below it", async () => {
    const r = await cli(["report", file, "--workers", "1", "--out", join(dir, "maxr.json"), "--target-halfwidth", "1%", "--max-replications", "3"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--max-replications 3 must be at least the starting replications (20, the default of --replications)");
    expect(existsSync(join(dir, "maxr.json"))).toBe(false);
  });

  it("refuses an --out it cannot write before running: a folder, a missing folder, a folder that takes no files", async () => {
    const sub = join(dir, "atomic");
    mkdirSync(sub);
    const target = join(sub, "r.json");
    mkdirSync(target);
    const r = await cli(["report", file, ...common, "--out", target, "--format", "json"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("it is a folder; give a file name");
    expect(r.err).not.toContain("replications"); // no progress: it stopped before running
    const missing = await cli(["report", file, ...common, "--out", join(dir, "nope", "r.json")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("does not exist");
    if (existsSync("/proc/self")) {
      const proc = await cli(["report", file, ...common, "--out", "/proc/r.json"]);
      expect(proc.code).toBe(2);
      expect(proc.err).toContain("--out /proc/r.json: cannot write in the folder /proc: no file can be created there");
    }
    const underFile = await cli(["report", file, ...common, "--out", join(file, "r.json")]);
    expect(underFile.err).toContain("is a file, not a folder");
    symlinkSync(join(dir, "elsewhere.json"), join(sub, "link.json"));
    const link = await cli(["report", file, ...common, "--out", join(sub, "link.json")]);
    expect(link.code).toBe(2);
    expect(link.err).toContain("is not a regular file");
    expect(readdirSync(sub).sort()).toEqual(["link.json", "r.json"]);
  });

  it("a failing write leaves no file behind (atomic write)", () => {
    const sub = join(dir, "atomic2");
    mkdirSync(sub);
    const target = join(sub, "r.json");
    mkdirSync(target); // a folder where the file should go: the final rename fails
    expect(() => writeFileAtomic(target, "{}")).toThrow(/cannot write/);
    expect(readdirSync(sub)).toEqual(["r.json"]); // only the folder: no temp file, no partial file
    expect(readdirSync(target)).toEqual([]);
  });
});
