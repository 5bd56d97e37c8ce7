/** Shared by the UI test and the screenshot script: the app on an ephemeral port and Debian's Chromium. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/api/app.js";

export const CHROMIUM = "/usr/bin/chromium";

export function haveChromium(): boolean {
  return existsSync(CHROMIUM);
}

export async function launchBrowser(): Promise<Browser> {
  if (!haveChromium()) throw new Error(`${CHROMIUM} is missing: install it with "apt-get update && apt-get install -y chromium" (CI installs it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"],
  });
}

/** The app on 127.0.0.1 with a free port and a fresh data directory. */
export async function startServer(): Promise<{ app: FastifyInstance; url: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "peakline-e2e-"));
  const app = await buildApp({ dataDir, maxConcurrentRuns: 2, maxReplications: 100, bodyLimit: 1024 * 1024, workers: 2 });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
