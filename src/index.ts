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

// The change feed (issue 12): sentinel.watchIncidents(), and one feed over several workspaces.
export {
  watchIncidentsAcrossWorkspaces,
  FileCheckpointStore,
  DEFAULT_LOOKBACK_MS,
  DEFAULT_POLL_INTERVAL_MS,
  type IncidentChange,
  type IncidentChangeKind,
  type IncidentUpsert,
  type IncidentDeletion,
  type WatchIncidentsOptions,
  type WatchIncludeOptions,
  type WatchErrorContext,
  type CheckpointStore,
  type WatchCheckpoint,
  type WorkspaceCheckpoint,
} from "./client/watch/index.js";
