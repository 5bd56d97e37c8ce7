/**
 * `npm run screenshot`: regenerates docs/screenshot.png (the README's picture of the
 * web UI) at 1280x800 in English: the default scenario, 10 replications, results tab.
 * Needs /usr/bin/chromium (apt-get install -y chromium) and, for the Chinese courier
 * names, a CJK font (apt-get install -y fonts-wqy-zenhei).
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, startServer } from "./browser.js";

const OUT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "screenshot.png");

async function main(): Promise<void> {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
    await page.goto(server.url);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    await page.fill("[data-testid=replications]", "10");
    await page.click("[data-testid=run]");
    await page.waitForSelector("[data-testid=progress-text][data-status=done]", { timeout: 300_000 });
    await page.waitForSelector("[data-testid=chart-backlog][data-ready=true]");
    // The run ids and times change each time; the picture is about the layout and figures.
    await page.waitForTimeout(300);
    mkdirSync(dirname(OUT), { recursive: true });
    await page.screenshot({ path: OUT });
    process.stdout.write(`wrote ${OUT}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`screenshot: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
