// The change feed's public shapes.
import type { AbortSignalLike } from "@azure/abort-controller";
import type { Incident } from "../../api/models.js";
import type { IncidentFilterOptions } from "../filter.js";
import type { IncidentDetails } from "../operations/incidents.js";
import type { CheckpointStore } from "./checkpoint.js";

export type IncidentChangeKind = "created" | "updated" | "deleted";

interface ChangeBase {
  /** The workspace's label: its name, or the label given to watchIncidentsAcrossWorkspaces. */
  workspace: string;
  /** workspace + incident name + etag: the same version always has the same id, so a consumer can be idempotent. */
  eventId: string;
  /** When the watcher read this change (ISO time). */
  observedAt: string;
}

/** A new or changed incident, as it is now (with the extras `include` asked for). */
export interface IncidentUpsert extends ChangeBase {
  kind: "created" | "updated";
  incident: IncidentDetails;
  /**
   * The version delivered before this one, when this watcher delivered it from a poll's
   * last page (kept for the last 1,000 such incidents per workspace, in memory only).
   */
  previous?: Incident;
  /** Names of the properties (under `properties`) that differ from `previous`; only when `previous` is known. */
  changedFields?: string[];
}

/** An incident found gone by a reconcile scan. */
export interface IncidentDeletion extends ChangeBase {
  kind: "deleted";
  /** What identifies the deleted incident; etag is the last version delivered. */
  incident: { id: string; name: string; etag?: string };
  previous?: Incident;
}

export type IncidentChange = IncidentUpsert | IncidentDeletion;

export interface WatchIncludeOptions {
  alerts?: boolean;
  entities?: boolean;
  comments?: boolean;
  bookmarks?: boolean;
}

/** Where a poll failed (after the pipeline's own retries); the next poll reads the same window again. */
export interface WatchErrorContext {
  workspace: string;
  /** "poll" (reading changes and their extras) or "reconcile" (the full scan). */
  stage: "poll" | "reconcile";
}

export interface WatchIncidentsOptions {
  /** Where a run with no checkpoint starts: a Date, an ISO time, or a duration back from now ("24h"). Default: the look-back before now. */
  since?: Date | string;
  /** A file path, or an object with load()/save(); without one the feed starts from `since` every run. */
  checkpoint?: string | CheckpointStore;
  /** Time between polls; default 30 s. A number of ms or a duration such as "30s". */
  pollIntervalInMs?: number | string;
  /** How far behind its cursor each poll re-reads, to catch writes that became visible late; default 2 min. */
  lookbackInMs?: number | string;
  /** The list command's criteria, or a $filter; combined with the cursor's own filter. */
  filter?: string | IncidentFilterOptions;
  /** Extras fetched for each change, as getIncident does. */
  include?: WatchIncludeOptions;
  /** Every this often, a full scan emits `deleted` for delivered incidents that are gone; off by default. */
  reconcileEveryInMs?: number | string;
  /** One poll, then end (for cron jobs). */
  once?: boolean;
  /** Ends the feed (quietly, after saving the checkpoint). */
  abortSignal?: AbortSignalLike;
  /**
   * Told about a poll that failed after the pipeline's retries; the watcher goes on and the
   * next poll reads the same window. Without it, such a failure ends the feed with the error.
   */
  onError?: (error: unknown, context: WatchErrorContext) => void;
}
