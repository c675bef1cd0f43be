// The shape of incidentStats' options and result.
import type { IncidentClassification, IncidentSeverity } from "../../api/enums.js";
import type { OperationOptions } from "../context.js";
import type { IncidentFilterOptions } from "../filter.js";
import type { SentinelClient } from "../sentinelClient.js";

export const STATS_GROUP_KEYS = ["severity", "status", "owner", "classification", "tactic", "product", "label", "day", "week"] as const;
/** What incidents can be counted by. `tactic`, `product` and `label` count an incident once per value it carries. */
export type StatsGroupKey = (typeof STATS_GROUP_KEYS)[number];

export const DEFAULT_STATS_GROUP_BY: readonly StatsGroupKey[] = ["severity", "status", "owner", "classification", "tactic", "product", "label"];

/** Age buckets of the open backlog, youngest first. */
export const BACKLOG_BUCKETS = [
  { bucket: "<1d", maxHours: 24 },
  { bucket: "1-3d", maxHours: 72 },
  { bucket: "3-7d", maxHours: 168 },
  { bucket: "7-30d", maxHours: 720 },
  { bucket: ">30d", maxHours: Infinity },
] as const;
export type BacklogBucket = (typeof BACKLOG_BUCKETS)[number]["bucket"];

/** The value counted for an incident without one (no owner, no tactic, ...). */
export const NONE_KEY = "(none)";
export const UNASSIGNED_KEY = "(unassigned)";

export interface IncidentStatsOptions extends OperationOptions {
  /** Incidents created at or after this time; default 30 days before `until`. */
  since?: Date | string;
  /** Incidents created before this time; default now. The backlog's ages are measured at this time. */
  until?: Date | string;
  /** The keys to count by; default severity, status, owner, classification, tactic, product and label. */
  groupBy?: readonly StatsGroupKey[];
  /** Further selection: typed criteria, or an OData $filter in the API's format. */
  filter?: Omit<IncidentFilterOptions, "createdAfter" | "createdBefore"> | string;
  /** Several workspaces, counted together (each gets a row in `workspaces`); default this client's one. */
  workspaces?: readonly (StatsWorkspace | StatsClient)[];
}

/** What incidentStats needs of a client: SentinelClient is one. */
export interface StatsClient {
  workspace: { workspaceName: string };
  iterateIncidents: SentinelClient["iterateIncidents"];
}

/** Anything that lists incidents the way SentinelClient does, with a label for the result. */
export interface StatsWorkspace {
  label: string;
  client: Pick<StatsClient, "iterateIncidents">;
}

export interface CountRow {
  key: string;
  count: number;
}

export interface DurationSummary {
  count: number;
  /** Nearest-rank median, in hours; null without closed incidents. */
  medianHours: number | null;
  p90Hours: number | null;
}

export type SeverityCounts = Record<IncidentSeverity, number>;

export interface IncidentStats {
  since: string;
  until: string;
  /** Incidents created in the range. */
  total: number;
  /** Of those, the ones still open (New or Active). */
  open: number;
  /** Counts per requested key, largest first (day and week in time order). */
  groups: Partial<Record<StatsGroupKey, CountRow[]>>;
  /** One row per UTC day of the range, zero-filled. */
  createdPerDay: ({ day: string; total: number } & SeverityCounts)[];
  /**
   * Every open (New or Active) incident matching the filter and created before `until`,
   * whatever `since` says — the backlog's oldest part is what matters most — by age at `until`.
   */
  backlog: { open: number; buckets: ({ bucket: BacklogBucket; count: number } & SeverityCounts)[] };
  /** From creation to the last modification of a closed incident (see approximations). */
  timeToClose: DurationSummary & { bySeverity: Record<IncidentSeverity, DurationSummary> };
  /** Closed incidents by classification; share is of all closed ones (0..1). */
  classificationMix: { closed: number; rows: { classification: IncidentClassification | typeof NONE_KEY; count: number; share: number }[] };
  /** Incidents per workspace when several were asked for. */
  workspaces: CountRow[];
  /** Where a number is the best evidence rather than the exact truth. */
  approximations: string[];
}
