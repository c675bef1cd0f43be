// What the seed generator produces and the store loads: plain wire-shaped data,
// with the server-kept fields (numbers, etags, counts, urls) left to the store.
import type { WorkspaceRef } from "../../api/resourceId.js";
import type { BookmarkProperties, ClientInfo, Entity, IncidentProperties, SecurityAlert } from "../../api/models.js";

export interface SeedOptions {
  /** How many incidents to make. */
  incidents: number;
  /** Same seed, same data. */
  seed: string;
  /** The clock the "last 90 days" are counted back from. */
  now: Date;
  /** The workspace the ids of alerts, entities and bookmarks are made under. */
  workspace: WorkspaceRef;
}

export interface SeedBookmark {
  name: string;
  properties: BookmarkProperties;
  /** Entities the bookmark's query result mapped. */
  entities: Entity[];
}

export interface SeedComment {
  name: string;
  message: string;
  createdTimeUtc: string;
  author: ClientInfo;
}

export interface SeedAlert {
  alert: SecurityAlert;
  /** Entities of this alert; the same entity object may be shared by several alerts of the incident. */
  entities: Entity[];
}

export interface SeedIncident {
  name: string;
  /** User-settable fields only; the store fills the read-only ones. */
  properties: Omit<IncidentProperties, "additionalData" | "incidentNumber" | "incidentUrl" | "providerName" | "providerIncidentId" | "lastModifiedTimeUtc">;
  createdTimeUtc: string;
  lastModifiedTimeUtc: string;
  providerName: string;
  relatedAnalyticRuleIds: string[];
  alerts: SeedAlert[];
  comments: SeedComment[];
  /** Names of workspace bookmarks linked to this incident. */
  bookmarkNames: string[];
}

export interface SeedData {
  bookmarks: SeedBookmark[];
  /** Streamed, oldest first, so 100,000 incidents never sit in memory at once. */
  incidents: Iterable<SeedIncident>;
}
