// Options of the emulator, shared by `startEmulator` and `sentinel emulator start`.
import type { WorkspaceRef } from "../api/resourceId.js";
import type { ThrottleOptions } from "./throttle.js";

/** The workspace of the spec's examples, so every example request replays verbatim. */
export const DEFAULT_WORKSPACE: WorkspaceRef = {
  subscriptionId: "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0",
  resourceGroup: "myRg",
  workspaceName: "myWorkspace",
};

export const DEFAULT_PORT = 4242;

export interface EmulatorOptions {
  /** Interface to bind; 127.0.0.1 unless told otherwise. A non-loopback host needs `token`. */
  host?: string;
  /** 4242 by default; 0 picks a free port. */
  port?: number;
  /** SQLite file to persist to; in memory when absent. */
  db?: string;
  /** Seed this many realistic incidents into each workspace that has none yet. */
  seedIncidents?: number;
  /** Seed for the generated data and for fault injection. */
  seed?: string;
  /** Workspaces served besides the default one. */
  workspaces?: WorkspaceRef[];
  /** Leave out the spec examples' workspace. */
  noDefaultWorkspace?: boolean;
  /** Serve TLS; with no cert/key a self-signed certificate for localhost is made at start-up. */
  https?: boolean;
  /** PEM certificate and key files for https. */
  cert?: string;
  key?: string;
  /** Accept only this bearer token. */
  token?: string;
  /** Delay every response by this long. */
  latencyMs?: number;
  /** Add up to this much random delay (seeded) to every response. */
  latencyJitterMs?: number;
  /** Share of requests answered with a fault (429, 500, 503, dropped connection). */
  faultRate?: number;
  /** Delay throttle faults ask for, in ms (Retry-After is this rounded up to seconds). */
  faultRetryAfterMs?: number;
  /** ARM-style token buckets per subscription. */
  throttle?: ThrottleOptions;
  /** Request bodies above this are refused with 413. */
  maxBodyBytes?: number;
  /**
   * Each write of an incident becomes visible to list queries only after a random
   * 0–N ms (it keeps the time it was given), as on the real service; reads by name
   * see it at once. 0 (the default) makes writes visible at once.
   */
  visibilityLagMs?: number;
  /** Clock for stored times, in epoch ms. */
  now?: () => number;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}
