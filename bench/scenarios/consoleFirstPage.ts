// Scenario 8: the console's queue in Chromium against the big emulator: from
// navigation to the first table rows in the DOM. The browser stays up between
// runs (as a user's does); each run is a new page with a new one-time link.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startConsole } from "../../src/console/server.js";
import { args, client } from "./common.js";

const CHROMIUM = process.env.SENTINEL_CHROMIUM ?? "/usr/bin/chromium";
const runs = Number(args.runs);
if (!existsSync(CHROMIUM)) {
  process.stdout.write(`${JSON.stringify({ skipped: `no Chromium at ${CHROMIUM}` })}\n`);
  process.exit(0);
}
const server = await startConsole({ workspaces: [{ label: "bench", client: client() }] });
const profile = mkdtempSync(join(tmpdir(), "sentinel-bench-chromium-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
// Measured in the page: performance.now() counts from the navigation's start, and a
// MutationObserver notes the moment the first table row is in the DOM.
await browser.addInitScript(() => {
  const w = globalThis as unknown as { __firstRows?: number; MutationObserver: new (cb: () => void) => { observe(n: unknown, o: unknown): void; disconnect(): void }; document: { querySelector(s: string): unknown; documentElement: unknown } };
  const seen = new w.MutationObserver(() => {
    if (w.__firstRows === undefined && w.document.querySelector("table.queue tbody tr")) {
      w.__firstRows = performance.now();
      seen.disconnect();
    }
  });
  seen.observe(w.document.documentElement ?? w.document, { childList: true, subtree: true });
});
const times: number[] = [];
const wall: number[] = [];
let rows = 0;
try {
  for (let i = 0; i < runs + 1; i++) {
    const page = await browser.newPage();
    const url = server.loginUrl();
    const started = performance.now();
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForSelector("table.queue tbody tr", { timeout: 30_000 });
    const ms = performance.now() - started;
    const inPage = await page.evaluate(() => (globalThis as unknown as { __firstRows: number }).__firstRows);
    rows = await page.locator("table.queue tbody tr").count();
    // The first run warms the browser's and the server's caches.
    if (i > 0) {
      times.push(inPage);
      wall.push(ms);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify({ times, wall, rows })}\n`);
