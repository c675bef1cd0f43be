// Alerts and entities. They come from detections, not from this API, so only the
// seeder and test fixtures write them; the incident actions read them.
import type { Entity, SecurityAlert } from "../../api/models.js";
import { ResourceTypes } from "../../api/models.js";
import { entityResourceId } from "../../api/resourceId.js";
import type { StoreContext, WorkspaceRecord } from "./context.js";

export type EntityOwnerKind = "alert" | "bookmark";

export class DetectionRepository {
  constructor(private readonly ctx: StoreContext) {}

  putAlert(ws: WorkspaceRecord, alert: SecurityAlert): void {
    const name = alert.name!;
    const doc: SecurityAlert = { ...alert, id: alert.id ?? entityResourceId(ws.ref, name), name, type: alert.type ?? ResourceTypes.entity, kind: "SecurityAlert" };
    this.ctx
      .sql("INSERT INTO alerts (ws, name, doc) VALUES (?, ?, ?) ON CONFLICT (ws, name) DO UPDATE SET doc = excluded.doc")
      .run(ws.id, name, JSON.stringify(doc));
  }

  putEntity(ws: WorkspaceRecord, entity: Entity): void {
    const name = entity.name!;
    const doc: Entity = { ...entity, id: entity.id ?? entityResourceId(ws.ref, name), name, type: entity.type ?? ResourceTypes.entity };
    this.ctx
      .sql("INSERT INTO entities (ws, name, kind, doc) VALUES (?, ?, ?, ?) ON CONFLICT (ws, name) DO UPDATE SET kind = excluded.kind, doc = excluded.doc")
      .run(ws.id, name, entity.kind, JSON.stringify(doc));
  }

  linkEntity(ws: WorkspaceRecord, owner: EntityOwnerKind, ownerName: string, entityName: string): void {
    this.ctx
      .sql("INSERT OR IGNORE INTO entity_links (ws, owner_kind, owner_name, entity) VALUES (?, ?, ?, ?)")
      .run(ws.id, owner, ownerName, entityName);
  }

  alert(ws: WorkspaceRecord, name: string): SecurityAlert | undefined {
    const row = this.ctx.sql("SELECT doc FROM alerts WHERE ws = ? AND name = ?").get(ws.id, name) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as SecurityAlert) : undefined;
  }

  entity(ws: WorkspaceRecord, name: string): Entity | undefined {
    const row = this.ctx.sql("SELECT doc FROM entities WHERE ws = ? AND name = ?").get(ws.id, name) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Entity) : undefined;
  }

  /** Alert documents linked to an incident, oldest link first. */
  incidentAlertDocs(ws: WorkspaceRecord, incident: string): string[] {
    const rows = this.ctx
      .sql(
        `SELECT a.doc FROM relations r JOIN alerts a ON a.ws = r.ws AND a.name = r.related_name
         WHERE r.ws = ? AND r.incident = ? AND r.related_kind = 'alert' ORDER BY r.created_ms, r.name`,
      )
      .all(ws.id, incident) as { doc: string }[];
    return rows.map((r) => r.doc);
  }

  /**
   * Entities of an incident: those of its alerts and bookmarks, and entities
   * related to it directly, each once. (CROSS JOIN keeps SQLite starting from the
   * incident's few relations rather than from every entity link of the workspace.)
   */
  incidentEntityDocs(ws: WorkspaceRecord, incident: string): string[] {
    const rows = this.ctx
      .sql(
        `SELECT e.doc FROM entities e WHERE e.ws = @ws AND e.name IN (
           SELECT l.entity FROM relations r CROSS JOIN entity_links l
             ON l.ws = r.ws AND l.owner_kind = r.related_kind AND l.owner_name = r.related_name
           WHERE r.ws = @ws AND r.incident = @incident
           UNION
           SELECT r.related_name FROM relations r WHERE r.ws = @ws AND r.incident = @incident AND r.related_kind = 'entity'
         ) ORDER BY e.kind, e.name`,
      )
      .all({ ws: ws.id, incident }) as { doc: string }[];
    return rows.map((r) => r.doc);
  }
}
