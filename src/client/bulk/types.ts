// What bulk operations take and give back.
import type { AbortSignalLike } from "@azure/abort-controller";
import type { Incident } from "../../api/models.js";
import type { ListIncidentsParams } from "../operations/incidents.js";
import type { TitleMatch } from "../context.js";

/** Which incidents: a filter (list parameters in the API's format) or a list of incidents or references. */
export type BulkSelection = ListIncidentsParams | readonly (string | Incident)[];

export interface BulkOptions {
  /** Most requests at once per subscription; the runner adapts below it. Default 16. */
  concurrency?: number;
  /** Plan only: report what would change, write nothing. */
  dryRun?: boolean;
  onProgress?: (progress: BulkProgress) => void;
  /** Stops the run: no new item is started, items in flight end, and the result says how many are left. */
  abortSignal?: AbortSignalLike;
  /** A file recording progress; re-running the same operation with it resumes without redoing anything. */
  journal?: string;
  /**
   * What identifies the selection in the journal when the caller turned it into a list
   * itself (the filter it listed with, say): a resumed run whose list has shrunk as items
   * were done is still the same operation. By default, the selection as given.
   */
  selectionKey?: unknown;
  /** How a title in a list selection names its incident; "exact" by default, as for every write. */
  matchTitle?: TitleMatch;
}

export interface BulkProgress {
  done: number;
  total: number;
  succeeded: number;
  unchanged: number;
  failed: number;
  /** Current requests-at-once. */
  concurrency: number;
  throttled: number;
}

export interface BulkItem {
  name: string;
  incidentNumber?: number;
  title?: string;
  /** Workspace label, for runs over several workspaces. */
  workspace?: string;
}

export interface BulkFailure extends BulkItem {
  reason: string;
  code?: string;
  statusCode?: number;
}

export interface PlannedChange extends BulkItem {
  /** Field → [now, after]. */
  changes: Record<string, [unknown, unknown]>;
}

export interface BulkResult {
  operation: string;
  dryRun: boolean;
  total: number;
  succeeded: BulkItem[];
  /** Already in the target state: nothing written. */
  unchanged: BulkItem[];
  failed: BulkFailure[];
  /** Done by an earlier run of the same journal. */
  resumed: BulkItem[];
  /** With dryRun: what each item would get. */
  planned?: PlannedChange[];
  durationMs: number;
  /** Writes per second achieved. */
  writesPerSecond: number;
  throttled: number;
}
