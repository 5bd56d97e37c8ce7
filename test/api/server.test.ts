/** src/server.ts (`npm start`): environment checks and the start-up line. */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { removeDir, tempDir } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

/** Starts the server with `env`; resolves with the exit code and output, or with the first stdout line when `untilLine`. */
function start(env: Record<string, string>, untilLine = false): Promise<{ code: number | null; out: string; err: string }> {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const child = spawn(TSX, ["src/server.ts"], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not answer in time; stdout: ${out}; stderr: ${err}`));
    }, 45_000);
    child.stdout.on("data", (b: Buffer) => {
      out += b.toString();
      if (untilLine && out.includes("\n")) {
        child.kill("SIGTERM");
      }
    });
    child.stderr.on("data", (b: Buffer) => (err += b.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

describe("npm start", () => {
  it.each([
    [{ PORT: "70000" }, "PORT must be a whole number from 0 to 65535, got 70000"],
    [{ HOST: "not a host!" }, 'HOST must be an IP address (such as 127.0.0.1 or 0.0.0.0) or a host name, got "not a host!"'],
  ])("exits 2 with a clear message for %o", { concurrent: true }, async (env, message) => {
    const r = await start(env);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.out).toBe("");
  });

  it("listens on 127.0.0.1 and prints the URL", async () => {
    const r = await start({ PORT: "0" }, true);
    expect(r.out).toMatch(/^Peakline is running at http:\/\/127\.0\.0\.1:\d+\/ {2}\(API docs: http:\/\/127\.0\.0\.1:\d+\/docs;/);
  });
});
