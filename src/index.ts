// sentinel-incidents: the public entry.
export * from "./api/enums.js";
export type * from "./api/models.js";
export { ResourceTypes } from "./api/models.js";
export * from "./api/resourceId.js";
export { DEFAULT_API_VERSION, ALL_API_VERSIONS, STABLE_API_VERSIONS, PREVIEW_API_VERSIONS } from "./api/apiVersions.js";
export { OPERATIONS, buildPath, type Operation, type OperationId } from "./api/routes.js";

export type { EmulatorHandle as RunningEmulator, EmulatorStats, RequestRecord } from "./emulator/handle.js";
export { DEFAULT_WORKSPACE, type EmulatorOptions } from "./emulator/options.js";

import type { EmulatorOptions } from "./emulator/options.js";
import type { EmulatorHandle } from "./emulator/handle.js";
import { loadEmulatorModule } from "./emulator/load.js";

/**
 * Starts the local Sentinel emulator. It is loaded on first use, so a program that
 * only uses the client never loads SQLite.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const { startEmulator: start } = await loadEmulator();
  return start(options);
}

/** The emulator module; better-sqlite3 is an optional dependency, needed only here. */
export async function loadEmulator(): Promise<{ startEmulator(options?: EmulatorOptions): Promise<EmulatorHandle> }> {
  return loadEmulatorModule();
}

export * from "./client/index.js";

// The MCP server (`sentinel mcp`), for programs that host it themselves; loaded on first
// use, so the library alone never loads the MCP SDK.
export type { SentinelMcpServerOptions } from "./mcp/server.js";
export type { McpWorkspace } from "./mcp/workspaces.js";

/** An MCP server over the given workspaces' clients; connect it to any transport of `@modelcontextprotocol/sdk`. */
export async function createSentinelMcpServer(options: import("./mcp/server.js").SentinelMcpServerOptions): Promise<import("@modelcontextprotocol/sdk/server/mcp.js").McpServer> {
  return (await import("./mcp/server.js")).createSentinelMcpServer(options);
}

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
