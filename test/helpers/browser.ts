// Debian's Chromium driven by playwright-core, for the console's tests. Playwright
// never downloads a browser here: it starts /usr/bin/chromium headless, with a
// fresh profile and every background network feature off (the test machines have
// no outside network, and Chromium would otherwise wait on it).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, type TestContext } from "node:test";
import { chromium, type BrowserContext } from "playwright-core";
import { PROJECT_ROOT } from "./paths.js";
import { requireTool } from "./tools.js";

export const CHROMIUM = process.env.SENTINEL_CHROMIUM ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** False (after skipping, or throwing under CI) when Chromium is missing. */
export function requireChromium(t: TestContext): boolean {
  return requireTool(t, existsSync(CHROMIUM), "Chromium", "apt-get install chromium");
}

/** A headless Chromium with a profile of its own, closed when the test file ends. */
export async function launchBrowser(options: { width?: number; height?: number } = {}): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), "sentinel-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    timeout: 60_000,
  });
  after(async () => {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  });
  return context;
}

/** Where a test's screenshots go: test-output/<name>/ (or $TEST_OUTPUT_DIR/<name>/). */
export function outputDir(name: string): string {
  const dir = join(process.env.TEST_OUTPUT_DIR ?? join(PROJECT_ROOT, "test-output"), name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
