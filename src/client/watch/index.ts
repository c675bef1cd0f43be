// The change feed: watchIncidents on a client, or over several workspaces at once.
import type { SentinelClient } from "../sentinelClient.js";
import type { IncidentChange, WatchIncidentsOptions } from "./types.js";
import { watchSources } from "./watcher.js";

export type { IncidentChange, IncidentChangeKind, IncidentUpsert, IncidentDeletion, WatchIncidentsOptions, WatchIncludeOptions, WatchErrorContext } from "./types.js";
export type { CheckpointStore, WatchCheckpoint, WorkspaceCheckpoint } from "./checkpoint.js";
export { FileCheckpointStore } from "./checkpoint.js";
export { DEFAULT_LOOKBACK_MS, DEFAULT_POLL_INTERVAL_MS, changedProperties } from "./watcher.js";
export { durationMs } from "./duration.js";

/**
 * One feed over several workspaces: one cursor per workspace in one checkpoint,
 * polled in turn. A change's `workspace` is the label given, or the workspace name.
 */
export function watchIncidentsAcrossWorkspaces(
  clients: readonly (SentinelClient | { client: SentinelClient; label: string })[],
  options?: WatchIncidentsOptions,
): AsyncIterableIterator<IncidentChange> {
  const sources = clients.map((c) => ("client" in c && !("workspace" in c) ? { client: c.client, label: c.label } : { client: c as SentinelClient, label: (c as SentinelClient).workspace.workspaceName }));
  return watchSources(sources, options);
}
