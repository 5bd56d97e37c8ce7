/**
 * Runs the CLI in this process (fast: no tsx start-up per call), capturing
 * stdout and stderr, and returns the exit code `main` would exit with.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vi } from "vitest";
import { main } from "../../src/cli.js";

export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const so = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  const se = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => {
    err.push(String(s));
    return true;
  });
  try {
    const code = await main(["node", "peakline", ...args]);
    return { code, out: out.join(""), err: err.join("") };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

/** A temporary folder with a small scenario file "micro.yaml" (about 200 orders, 3-day horizon). */
export function microDir(prefix: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, "micro.yaml");
  writeFileSync(file, "name: micro\nhorizon: 3d\ndemand: { baselinePerDay: 20, surge: 10, daysAfter: [1], presaleOrders: 0 }\n");
  return { dir, file };
}
