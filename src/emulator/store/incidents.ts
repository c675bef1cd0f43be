// Incidents: the stored document is the resource as served, with the read-only
// fields (number, times, provider, urls, additionalData) kept by the store.
import type { AttackTactic } from "../../api/enums.js";
import type { Incident, IncidentAdditionalData, IncidentOwnerInfo, IncidentSettableProperties, SecurityAlert } from "../../api/models.js";
import { ResourceTypes } from "../../api/models.js";
import { incidentResourceId } from "../../api/resourceId.js";
import { completeOwner } from "../directory.js";
import { isoTime, newEtag, sameEtag, timeMs, type StoreContext, type WorkspaceRecord } from "./context.js";
import { INCIDENT_FIELDS } from "./fields.js";
import { listPage, type ListQuery, type Page } from "./paging.js";
import { LISTED_TABLE, type ListVisibility } from "./visibility.js";

/** The user-settable part of an incident, already validated. */
export type IncidentInput = IncidentSettableProperties & { etag?: string };

/** Server-kept fields a seeder or fixture may set when it writes history. */
export interface IncidentServerFields {
  createdTimeUtc?: string;
  lastModifiedTimeUtc?: string;
  providerName?: string;
  providerIncidentId?: string;
  relatedAnalyticRuleIds?: string[];
  incidentNumber?: number;
  /** Fixtures replaying a recorded response set the etag it had. */
  etag?: string;
}

export type PutResult =
  | { kind: "created" | "replaced"; doc: string }
  | { kind: "etag-mismatch"; current: string }
  | { kind: "exists" }
  | { kind: "precondition-failed"; current?: string };

interface Row {
  doc: string;
}

export class IncidentRepository {
  /** Set when the emulator runs with a visibility lag: lists then read what has become visible. */
  visibility?: ListVisibility;

  constructor(private readonly ctx: StoreContext) {}

  get(ws: WorkspaceRecord, name: string): string | undefined {
    const row = this.ctx.sql("SELECT doc FROM incidents WHERE ws = ? AND name = ?").get(ws.id, name) as Row | undefined;
    return row?.doc;
  }

  exists(ws: WorkspaceRecord, name: string): boolean {
    return this.ctx.sql("SELECT 1 FROM incidents WHERE ws = ? AND name = ?").get(ws.id, name) !== undefined;
  }

  /** The stored name (with its original casing) of an incident. */
  canonicalName(ws: WorkspaceRecord, name: string): string | undefined {
    const row = this.ctx.sql("SELECT name FROM incidents WHERE ws = ? AND name = ?").get(ws.id, name) as { name: string } | undefined;
    return row?.name;
  }

  list(ws: WorkspaceRecord, query: ListQuery): Page {
    this.visibility?.applyDue();
    return listPage(this.ctx, {
      table: this.visibility ? LISTED_TABLE : "incidents",
      scope: "ws = ?",
      scopeParams: [ws.id],
      fields: INCIDENT_FIELDS,
      entityName: "Incident",
      defaultOrder: [{ field: "properties/createdTimeUtc", direction: "desc" }],
      tiebreaker: "name",
    }, query);
  }

  count(ws: WorkspaceRecord): number {
    return (this.ctx.sql("SELECT count(*) AS n FROM incidents WHERE ws = ?").get(ws.id) as { n: number }).n;
  }

  /** Create or replace, in one transaction with the etag check. */
  put(ws: WorkspaceRecord, name: string, input: IncidentInput, server: IncidentServerFields = {}, conditions: { createOnly?: boolean; ifMatch?: string } = {}): PutResult {
    return this.ctx.db.transaction((): PutResult => {
      const existingDoc = this.get(ws, name);
      const existing = existingDoc ? (JSON.parse(existingDoc) as Incident) : undefined;
      if (existing && conditions.createOnly) return { kind: "exists" };
      // A conditional write never creates: the incident must be there.
      if (conditions.ifMatch !== undefined && !existing) return { kind: "precondition-failed" };
      if (existing && input.etag !== undefined && !sameEtag(input.etag, existing.etag ?? "")) {
        return { kind: "etag-mismatch", current: existing.etag ?? "" };
      }
      // A stale etag in the body is the API's 409; one only in If-Match is HTTP's 412.
      const ifMatch = conditions.ifMatch?.trim();
      if (existing && ifMatch !== undefined && ifMatch !== "*" && !sameEtag(ifMatch, existing.etag ?? "")) {
        return { kind: "precondition-failed", current: existing.etag ?? "" };
      }
      const nowMs = this.ctx.now();
      const now = isoTime(nowMs);
      // lastModifiedTimeUtc moves on every write, even two in one millisecond (each also gets a fresh etag).
      const previousMs = existing ? timeMs(existing.properties.lastModifiedTimeUtc) : null;
      const modified = previousMs !== null && previousMs >= nowMs ? isoTime(previousMs + 1) : now;
      const storedName = existing?.name ?? name;
      const number = existing?.properties.incidentNumber ?? server.incidentNumber ?? this.nextNumber(ws);
      const incident = buildIncident(ws, storedName, input, {
        incidentNumber: number,
        createdTimeUtc: existing?.properties.createdTimeUtc ?? server.createdTimeUtc ?? now,
        lastModifiedTimeUtc: server.lastModifiedTimeUtc ?? modified,
        providerName: existing?.properties.providerName ?? server.providerName ?? "Azure Sentinel",
        providerIncidentId: existing?.properties.providerIncidentId ?? server.providerIncidentId ?? String(number),
        relatedAnalyticRuleIds: existing?.properties.relatedAnalyticRuleIds ?? server.relatedAnalyticRuleIds ?? [],
        etag: server.etag,
      }, existing ? this.additionalData(ws, storedName) : emptyAdditionalData());
      const doc = JSON.stringify(incident);
      this.write(ws, incident, doc);
      return { kind: existing ? "replaced" : "created", doc };
    })();
  }

  delete(ws: WorkspaceRecord, name: string): boolean {
    return this.ctx.db.transaction(() => {
      const removed = this.ctx.sql("DELETE FROM incidents WHERE ws = ? AND name = ?").run(ws.id, name).changes > 0;
      if (removed) {
        // What hangs off an incident goes with it.
        for (const table of ["comments", "relations", "tasks"]) {
          this.ctx.sql(`DELETE FROM ${table} WHERE ws = ? AND incident = ?`).run(ws.id, name);
        }
        this.visibility?.written(ws, name);
      }
      return removed;
    })();
  }

  /** Recomputes additionalData from the stored comments and relations. Call inside the writing transaction. */
  refreshAdditionalData(ws: WorkspaceRecord, name: string): void {
    const doc = this.get(ws, name);
    if (!doc) return;
    const incident = JSON.parse(doc) as Incident;
    incident.properties.additionalData = this.additionalData(ws, name);
    this.ctx.sql("UPDATE incidents SET doc = ? WHERE ws = ? AND name = ?").run(JSON.stringify(incident), ws.id, name);
    this.visibility?.written(ws, name);
  }

  additionalData(ws: WorkspaceRecord, name: string): IncidentAdditionalData {
    const sql = this.ctx.sql;
    const comments = (sql("SELECT count(*) AS n FROM comments WHERE ws = ? AND incident = ?").get(ws.id, name) as { n: number }).n;
    const bookmarks = (sql("SELECT count(*) AS n FROM relations WHERE ws = ? AND incident = ? AND related_kind = 'bookmark'").get(ws.id, name) as { n: number }).n;
    const alertDocs = sql(
        "SELECT a.doc FROM relations r JOIN alerts a ON a.ws = r.ws AND a.name = r.related_name WHERE r.ws = ? AND r.incident = ? AND r.related_kind = 'alert'",
      ).all(ws.id, name) as Row[];
    return additionalDataOf(alertDocs.map((r) => JSON.parse(r.doc) as SecurityAlert), bookmarks, comments);
  }

  /** Takes the next `count` incident numbers of the workspace and returns the first. */
  nextNumber(ws: WorkspaceRecord, count = 1): number {
    const { n } = this.ctx.sql("SELECT next_incident_number AS n FROM workspaces WHERE id = ?").get(ws.id) as { n: number };
    this.ctx.sql("UPDATE workspaces SET next_incident_number = ? WHERE id = ?").run(n + count, ws.id);
    return n;
  }

  /** Inserts or replaces the row of a built incident. */
  write(ws: WorkspaceRecord, incident: Incident, doc: string): void {
    const p = incident.properties;
    this.ctx
      .sql(
        `INSERT INTO incidents (ws, name, number, title, severity, status, created_ms, modified_ms, first_ms, last_ms, doc)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (ws, name) DO UPDATE SET title = excluded.title, severity = excluded.severity, status = excluded.status,
           modified_ms = excluded.modified_ms, first_ms = excluded.first_ms, last_ms = excluded.last_ms, doc = excluded.doc`,
      )
      .run(
        ws.id,
        incident.name,
        p.incidentNumber,
        p.title,
        p.severity,
        p.status,
        timeMs(p.createdTimeUtc),
        timeMs(p.lastModifiedTimeUtc),
        timeMs(p.firstActivityTimeUtc),
        timeMs(p.lastActivityTimeUtc),
        doc,
      );
    this.visibility?.written(ws, incident.name!);
  }
}

/** The incident document as served, from its settable fields and the ones the service keeps. */
export function buildIncident(
  ws: WorkspaceRecord,
  name: string,
  input: IncidentInput,
  server: Required<Omit<IncidentServerFields, "etag">> & { etag?: string },
  additionalData: IncidentAdditionalData,
): Incident {
  const id = incidentResourceId(ws.ref, name);
  return {
    id,
    name,
    type: ResourceTypes.incident,
    etag: server.etag ?? newEtag(true),
    properties: {
      title: input.title,
      description: input.description,
      severity: input.severity,
      status: input.status,
      classification: input.classification,
      classificationReason: input.classificationReason,
      classificationComment: input.classificationComment,
      owner: ownerOf(input.owner),
      // Labels a person adds are User labels; the service sets AutoAssigned itself.
      labels: (input.labels ?? []).map((l) => ({ labelName: l.labelName, labelType: l.labelType ?? "User" })),
      firstActivityTimeUtc: input.firstActivityTimeUtc,
      lastActivityTimeUtc: input.lastActivityTimeUtc,
      createdTimeUtc: server.createdTimeUtc,
      lastModifiedTimeUtc: server.lastModifiedTimeUtc,
      incidentNumber: server.incidentNumber,
      incidentUrl: `https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident${id}`,
      providerName: server.providerName,
      providerIncidentId: server.providerIncidentId,
      relatedAnalyticRuleIds: server.relatedAnalyticRuleIds,
      additionalData,
    },
  };
}

/** An owner named by objectId, email or UPN is completed from the directory; no owner is `Unknown`. */
function ownerOf(owner: IncidentOwnerInfo | undefined): IncidentOwnerInfo {
  if (!owner || (!owner.objectId && !owner.email && !owner.userPrincipalName && !owner.assignedTo)) return { ownerType: "Unknown" };
  return completeOwner(owner);
}

export function emptyAdditionalData(): IncidentAdditionalData {
  return { alertsCount: 0, bookmarksCount: 0, commentsCount: 0, alertProductNames: [], tactics: [] };
}

/** additionalData as the service derives it from an incident's alerts, bookmarks and comments. */
export function additionalDataOf(alerts: SecurityAlert[], bookmarksCount: number, commentsCount: number): IncidentAdditionalData {
  const products = new Set<string>();
  const tactics = new Set<AttackTactic>();
  for (const alert of alerts) {
    if (alert.properties.productName) products.add(alert.properties.productName);
    for (const t of alert.properties.tactics ?? []) tactics.add(t);
  }
  return {
    alertsCount: alerts.length,
    bookmarksCount,
    commentsCount,
    alertProductNames: [...products],
    tactics: [...tactics],
  };
}
