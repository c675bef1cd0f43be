// Incident comments. Each write refreshes the incident's commentsCount.
import type { ClientInfo, IncidentComment } from "../../api/models.js";
import { ResourceTypes } from "../../api/models.js";
import { incidentResourceId } from "../../api/resourceId.js";
import { isoTime, newEtag, sameEtag, timeMs, type StoreContext, type WorkspaceRecord } from "./context.js";
import { COMMENT_FIELDS } from "./fields.js";
import type { IncidentRepository } from "./incidents.js";
import { listPage, type ListQuery, type Page } from "./paging.js";

export const MAX_COMMENTS_PER_INCIDENT = 100;

export interface CommentInput {
  etag?: string;
  message: string;
}

export type CommentPutResult =
  | { kind: "created" | "replaced"; doc: string }
  | { kind: "etag-mismatch" }
  | { kind: "limit-reached" };

export class CommentRepository {
  constructor(
    private readonly ctx: StoreContext,
    private readonly incidents: IncidentRepository,
  ) {}

  get(ws: WorkspaceRecord, incident: string, name: string): string | undefined {
    const row = this.ctx
      .sql("SELECT doc FROM comments WHERE ws = ? AND incident = ? AND name = ?")
      .get(ws.id, incident, name) as { doc: string } | undefined;
    return row?.doc;
  }

  list(ws: WorkspaceRecord, incident: string, query: ListQuery): Page {
    return listPage(this.ctx, {
      table: "comments",
      scope: "ws = ? AND incident = ?",
      scopeParams: [ws.id, incident],
      fields: COMMENT_FIELDS,
      entityName: "IncidentComment",
      defaultOrder: [{ field: "properties/createdTimeUtc", direction: "asc" }],
      tiebreaker: "name",
    }, query);
  }

  /** `incident` must be the incident's stored name. */
  put(ws: WorkspaceRecord, incident: string, name: string, input: CommentInput, author: ClientInfo): CommentPutResult {
    return this.ctx.db.transaction((): CommentPutResult => {
      const existingDoc = this.get(ws, incident, name);
      const existing = existingDoc ? (JSON.parse(existingDoc) as IncidentComment) : undefined;
      if (existing && input.etag !== undefined && !sameEtag(input.etag, existing.etag ?? "")) return { kind: "etag-mismatch" };
      if (!existing) {
        const n = (this.ctx.sql("SELECT count(*) AS n FROM comments WHERE ws = ? AND incident = ?").get(ws.id, incident) as { n: number }).n;
        if (n >= MAX_COMMENTS_PER_INCIDENT) return { kind: "limit-reached" };
      }
      const now = isoTime(this.ctx.now());
      const doc = this.write(ws, incident, existing?.name ?? name, {
        message: input.message,
        createdTimeUtc: existing?.properties.createdTimeUtc ?? now,
        lastModifiedTimeUtc: now,
        author: existing?.properties.author ?? author,
      });
      if (!existing) this.incidents.refreshAdditionalData(ws, incident);
      return { kind: existing ? "replaced" : "created", doc };
    })();
  }

  /** Writes a comment row without checks or count refresh: for the seeder. */
  write(ws: WorkspaceRecord, incident: string, name: string, properties: Required<IncidentComment["properties"]>): string {
    const comment: IncidentComment = {
      id: `${incidentResourceId(ws.ref, incident)}/comments/${name}`,
      name,
      type: ResourceTypes.comment,
      etag: newEtag(false),
      properties,
    };
    const doc = JSON.stringify(comment);
    this.ctx
      .sql(
        `INSERT INTO comments (ws, incident, name, created_ms, modified_ms, doc) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (ws, incident, name) DO UPDATE SET modified_ms = excluded.modified_ms, doc = excluded.doc`,
      )
      .run(ws.id, incident, name, timeMs(properties.createdTimeUtc), timeMs(properties.lastModifiedTimeUtc), doc);
    return doc;
  }

  delete(ws: WorkspaceRecord, incident: string, name: string): boolean {
    return this.ctx.db.transaction(() => {
      const removed = this.ctx.sql("DELETE FROM comments WHERE ws = ? AND incident = ? AND name = ?").run(ws.id, incident, name).changes > 0;
      if (removed) this.incidents.refreshAdditionalData(ws, incident);
      return removed;
    })();
  }
}
