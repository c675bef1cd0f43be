// sentinel-incidents: the public entry.
export * from "./api/enums.js";
export type * from "./api/models.js";
export { ResourceTypes } from "./api/models.js";
export * from "./api/resourceId.js";
export { DEFAULT_API_VERSION, ALL_API_VERSIONS, STABLE_API_VERSIONS, PREVIEW_API_VERSIONS } from "./api/apiVersions.js";
export { OPERATIONS, buildPath, type Operation, type OperationId } from "./api/routes.js";

export type { RunningEmulator, EmulatorStats } from "./emulator/server.js";
export { DEFAULT_WORKSPACE, type EmulatorOptions } from "./emulator/options.js";

import type { EmulatorOptions } from "./emulator/options.js";
import type { RunningEmulator } from "./emulator/server.js";

/**
 * Starts the local Sentinel emulator. It is loaded on first use, so a program that
 * only uses the client never loads SQLite.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { startEmulator: start } = await loadEmulator();
  return start(options);
}

/** The emulator module; better-sqlite3 is an optional dependency, needed only here. */
export async function loadEmulator(): Promise<typeof import("./emulator/server.js")> {
  try {
    return await import("./emulator/server.js");
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_MODULE_NOT_FOUND" && String((e as Error).message).includes("better-sqlite3")) {
      throw new Error("The local emulator needs the optional dependency better-sqlite3 (version 12), which is not installed: npm install better-sqlite3@12");
    }
    throw e;
  }
}

export * from "./client/index.js";

// SOC metrics (issue 14): SentinelClient.incidentStats and the pieces to reuse its numbers.
export {
  IncidentStatsAccumulator,
  STATS_GROUP_KEYS,
  DEFAULT_STATS_GROUP_BY,
  BACKLOG_BUCKETS,
  type StatsGroupKey,
  type IncidentStats,
  type IncidentStatsOptions,
  type StatsWorkspace,
  type StatsClient,
  type CountRow,
  type DurationSummary,
  type BacklogBucket,
} from "./client/stats/index.js";
