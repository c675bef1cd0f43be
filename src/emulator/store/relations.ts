// Incident relations: links from an incident to a bookmark, alert or entity of
// the same workspace. They drive the incident's alert and bookmark counts.
import type { Relation } from "../../api/models.js";
import { ResourceTypes } from "../../api/models.js";
import { bookmarkResourceId, entityResourceId, incidentResourceId, parseSentinelResourceId, sameWorkspace } from "../../api/resourceId.js";
import { newEtag, sameEtag, type StoreContext, type WorkspaceRecord } from "./context.js";
import type { DetectionRepository } from "./detections.js";
import { RELATION_FIELDS } from "./fields.js";
import type { IncidentRepository } from "./incidents.js";
import { listPage, type ListQuery, type Page } from "./paging.js";
import { armPathOfRelatedId } from "../validation/relatedResourceId.js";

export const MAX_BOOKMARKS_PER_INCIDENT = 20;

export type RelatedKind = "bookmark" | "alert" | "entity";

export interface RelationInput {
  etag?: string;
  relatedResourceId: string;
}

export type RelationPutResult =
  | { kind: "created" | "replaced"; doc: string }
  | { kind: "etag-mismatch" }
  | { kind: "target-invalid"; reason: string }
  | { kind: "duplicate"; existing: string }
  | { kind: "bookmark-limit" };

interface Target {
  kind: RelatedKind;
  name: string;
  id: string;
  type: string;
  resourceKind?: string;
}

export class RelationRepository {
  constructor(
    private readonly ctx: StoreContext,
    private readonly incidents: IncidentRepository,
    private readonly detections: DetectionRepository,
  ) {}

  get(ws: WorkspaceRecord, incident: string, name: string): string | undefined {
    const row = this.ctx
      .sql("SELECT doc FROM relations WHERE ws = ? AND incident = ? AND name = ?")
      .get(ws.id, incident, name) as { doc: string } | undefined;
    return row?.doc;
  }

  list(ws: WorkspaceRecord, incident: string, query: ListQuery): Page {
    return listPage(this.ctx, {
      table: "relations",
      scope: "ws = ? AND incident = ?",
      scopeParams: [ws.id, incident],
      fields: RELATION_FIELDS,
      entityName: "Relation",
      defaultOrder: [{ field: "name", direction: "asc" }],
      tiebreaker: "name",
    }, query);
  }

  /** `incident` must be the incident's stored name. */
  put(ws: WorkspaceRecord, incident: string, name: string, input: RelationInput): RelationPutResult {
    return this.ctx.db.transaction((): RelationPutResult => {
      const target = this.resolveTarget(ws, input.relatedResourceId);
      if ("reason" in target) return { kind: "target-invalid", reason: target.reason };
      const existingDoc = this.get(ws, incident, name);
      const existing = existingDoc ? (JSON.parse(existingDoc) as Relation) : undefined;
      if (existing && input.etag !== undefined && !sameEtag(input.etag, existing.etag ?? "")) return { kind: "etag-mismatch" };
      const other = this.ctx
        .sql("SELECT name FROM relations WHERE ws = ? AND incident = ? AND related_kind = ? AND related_name = ? AND name <> ?")
        .get(ws.id, incident, target.kind, target.name, name) as { name: string } | undefined;
      if (other) return { kind: "duplicate", existing: other.name };
      if (target.kind === "bookmark") {
        const n = (this.ctx
          .sql("SELECT count(*) AS n FROM relations WHERE ws = ? AND incident = ? AND related_kind = 'bookmark' AND name <> ?")
          .get(ws.id, incident, name) as { n: number }).n;
        if (n >= MAX_BOOKMARKS_PER_INCIDENT) return { kind: "bookmark-limit" };
      }
      const doc = this.write(ws, incident, existing?.name ?? name, target, this.ctx.now());
      this.incidents.refreshAdditionalData(ws, incident);
      return { kind: existing ? "replaced" : "created", doc };
    })();
  }

  /**
   * Links a resource known to exist without the checks of `put` and without
   * refreshing counts: for the seeder, which computes them itself.
   */
  link(ws: WorkspaceRecord, incident: string, name: string, kind: RelatedKind, relatedName: string, createdMs: number, resourceKind?: string): void {
    this.write(ws, incident, name, targetOf(ws, kind, relatedName, resourceKind), createdMs);
  }

  private write(ws: WorkspaceRecord, incident: string, name: string, target: Target, createdMs: number): string {
    const relation: Relation = {
      id: `${incidentResourceId(ws.ref, incident)}/relations/${name}`,
      name,
      type: ResourceTypes.relation,
      etag: newEtag(false),
      properties: {
        relatedResourceId: target.id,
        relatedResourceName: target.name,
        relatedResourceType: target.type,
        relatedResourceKind: target.resourceKind,
      },
    };
    const doc = JSON.stringify(relation);
    this.ctx
      .sql(
        `INSERT INTO relations (ws, incident, name, related_kind, related_name, created_ms, doc) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (ws, incident, name) DO UPDATE SET related_kind = excluded.related_kind, related_name = excluded.related_name, doc = excluded.doc`,
      )
      .run(ws.id, incident, name, target.kind, target.name, createdMs, doc);
    return doc;
  }

  delete(ws: WorkspaceRecord, incident: string, name: string): boolean {
    return this.ctx.db.transaction(() => {
      const removed = this.ctx.sql("DELETE FROM relations WHERE ws = ? AND incident = ? AND name = ?").run(ws.id, incident, name).changes > 0;
      if (removed) this.incidents.refreshAdditionalData(ws, incident);
      return removed;
    })();
  }

  /** Removes every relation to a resource (when it is deleted) and refreshes the incidents it was linked to. */
  deleteTo(ws: WorkspaceRecord, kind: RelatedKind, name: string): void {
    const incidents = this.ctx
      .sql("DELETE FROM relations WHERE ws = ? AND related_kind = ? AND related_name = ? RETURNING incident")
      .all(ws.id, kind, name) as { incident: string }[];
    for (const { incident } of incidents) this.incidents.refreshAdditionalData(ws, incident);
  }

  /** Incidents a resource is linked to, with the relation names. */
  linksTo(ws: WorkspaceRecord, kind: RelatedKind, name: string): { incident: string; relation: string }[] {
    return this.ctx
      .sql("SELECT incident, name AS relation FROM relations WHERE ws = ? AND related_kind = ? AND related_name = ? ORDER BY created_ms")
      .all(ws.id, kind, name) as { incident: string; relation: string }[];
  }

  relatedNames(ws: WorkspaceRecord, incident: string, kind: RelatedKind): string[] {
    const rows = this.ctx
      .sql("SELECT related_name FROM relations WHERE ws = ? AND incident = ? AND related_kind = ? ORDER BY created_ms, name")
      .all(ws.id, incident, kind) as { related_name: string }[];
    return rows.map((r) => r.related_name);
  }

  private resolveTarget(ws: WorkspaceRecord, relatedResourceId: string): Target | { reason: string } {
    const parsed = parseSentinelResourceId(armPathOfRelatedId(relatedResourceId));
    if (!parsed || parsed.child) {
      return { reason: `'${relatedResourceId}' is not the resource id of a bookmark or entity of a Microsoft Sentinel workspace.` };
    }
    if (!sameWorkspace(parsed.workspace, ws.ref)) {
      return { reason: `The related resource '${relatedResourceId}' is not in this workspace; relations link resources of the same workspace.` };
    }
    if (parsed.type === "bookmarks") {
      const row = this.ctx.sql("SELECT name FROM bookmarks WHERE ws = ? AND name = ?").get(ws.id, parsed.name) as { name: string } | undefined;
      if (!row) return { reason: `Bookmark '${parsed.name}' does not exist in this workspace.` };
      return targetOf(ws, "bookmark", row.name);
    }
    if (parsed.type === "entities") {
      const alert = this.detections.alert(ws, parsed.name);
      if (alert) {
        return targetOf(ws, "alert", alert.name!);
      }
      const entity = this.detections.entity(ws, parsed.name);
      if (entity) {
        return targetOf(ws, "entity", entity.name!, entity.kind);
      }
      return { reason: `Entity '${parsed.name}' does not exist in this workspace.` };
    }
    return { reason: `Relations can link bookmarks and entities, not '${parsed.type}'.` };
  }
}


function targetOf(ws: WorkspaceRecord, kind: RelatedKind, name: string, entityKind?: string): Target {
  if (kind === "bookmark") return { kind, name, id: bookmarkResourceId(ws.ref, name), type: ResourceTypes.bookmark };
  // Alerts are entities of kind SecurityAlert, and relations name them as such.
  return {
    kind,
    name,
    id: entityResourceId(ws.ref, name),
    type: "Microsoft.SecurityInsights/entities",
    resourceKind: kind === "alert" ? "SecurityAlert" : entityKind,
  };
}
