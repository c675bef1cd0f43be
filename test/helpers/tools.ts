// Tests that need a tool from outside npm (tmux, Debian's python3-azure, Chromium)
// skip with one line on a developer's machine that lacks it, and fail under CI,
// where .ci/run installs it: a green CI run must mean the test ran.
import type { TestContext } from "node:test";

/**
 * Returns true when the test may go on. Without the tool: fails under CI=true,
 * otherwise skips the test saying how to get the tool.
 */
export function requireTool(t: TestContext, present: boolean, what: string, howToGet: string): boolean {
  if (present) return true;
  const message = `${what} is not installed (${howToGet})`;
  if (process.env.CI === "true" || process.env.CI === "1") throw new Error(`${message}: under CI this is a failure, not a skip`);
  t.skip(message);
  return false;
}
