// A SentinelClient pointed at a test emulator, with a static token.
import { SentinelClient, type SentinelClientOptions } from "../../src/client/sentinelClient.js";
import { StaticTokenCredential } from "../../src/client/credentials.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { TEST_TOKEN } from "./emulator.js";

export function clientFor(emulator: RunningEmulator, options: SentinelClientOptions = {}): SentinelClient {
  return new SentinelClient(DEFAULT_WORKSPACE, {
    endpoint: emulator.url,
    credential: new StaticTokenCredential(TEST_TOKEN),
    // Short back-off keeps retry tests quick; the server's own delays are still honoured.
    retry: { retryDelayInMs: 20, maxRetryDelayInMs: 2000, ...options.retry },
    ...options,
  });
}

/** Waits for a promise to reject and returns the error, failing if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
