// Hunting bookmarks. Which incident a bookmark belongs to (incidentInfo) is
// derived from the relations when it is read, so it can never go stale.
import type { Bookmark, BookmarkProperties, HuntingBookmark, Incident, UserInfo } from "../../api/models.js";
import { ResourceTypes } from "../../api/models.js";
import { bookmarkResourceId } from "../../api/resourceId.js";
import { isoTime, newEtag, sameEtag, timeMs, type StoreContext, type WorkspaceRecord } from "./context.js";
import { BOOKMARK_FIELDS } from "./fields.js";
import { listPage, type ListQuery, type Page } from "./paging.js";
import type { IncidentRepository } from "./incidents.js";
import type { RelationRepository } from "./relations.js";

export type BookmarkInput = Omit<BookmarkProperties, "incidentInfo"> & { etag?: string };

export type BookmarkPutResult = { kind: "created" | "replaced"; doc: string } | { kind: "etag-mismatch" };

export class BookmarkRepository {
  constructor(
    private readonly ctx: StoreContext,
    private readonly incidents: IncidentRepository,
    private readonly relations: RelationRepository,
  ) {}

  get(ws: WorkspaceRecord, name: string): string | undefined {
    const row = this.ctx.sql("SELECT doc FROM bookmarks WHERE ws = ? AND name = ?").get(ws.id, name) as { doc: string } | undefined;
    return row ? this.withIncidentInfo(ws, row.doc) : undefined;
  }

  list(ws: WorkspaceRecord, query: ListQuery): Page {
    const page = listPage(this.ctx, {
      table: "bookmarks",
      scope: "ws = ?",
      scopeParams: [ws.id],
      fields: BOOKMARK_FIELDS,
      entityName: "Bookmark",
      defaultOrder: [{ field: "properties/created", direction: "desc" }],
      tiebreaker: "name",
      perRow: true,
    }, query);
    return { ...page, docs: page.docs.map((d) => Buffer.from(this.withIncidentInfo(ws, d.toString("utf8")))) };
  }

  put(ws: WorkspaceRecord, name: string, input: BookmarkInput, caller: UserInfo): BookmarkPutResult {
    return this.ctx.db.transaction((): BookmarkPutResult => {
      const row = this.ctx.sql("SELECT doc FROM bookmarks WHERE ws = ? AND name = ?").get(ws.id, name) as { doc: string } | undefined;
      const existing = row ? (JSON.parse(row.doc) as Bookmark) : undefined;
      if (existing && input.etag !== undefined && !sameEtag(input.etag, existing.etag ?? "")) return { kind: "etag-mismatch" };
      const now = isoTime(this.ctx.now());
      const { etag: _etag, ...props } = input;
      const storedName = existing?.name ?? name;
      const bookmark: Bookmark = {
        id: bookmarkResourceId(ws.ref, storedName),
        name: storedName,
        type: ResourceTypes.bookmark,
        etag: newEtag(true),
        properties: {
          ...props,
          created: existing?.properties.created ?? props.created ?? now,
          createdBy: existing?.properties.createdBy ?? props.createdBy ?? caller,
          updated: props.updated && !existing ? props.updated : now,
          updatedBy: caller,
          labels: props.labels ?? [],
        },
      };
      const doc = JSON.stringify(bookmark);
      this.ctx
        .sql(
          `INSERT INTO bookmarks (ws, name, display_name, created_ms, doc) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (ws, name) DO UPDATE SET display_name = excluded.display_name, doc = excluded.doc`,
        )
        .run(ws.id, storedName, bookmark.properties.displayName, timeMs(bookmark.properties.created) ?? this.ctx.now(), doc);
      return { kind: existing ? "replaced" : "created", doc: this.withIncidentInfo(ws, doc) };
    })();
  }

  delete(ws: WorkspaceRecord, name: string): boolean {
    return this.ctx.db.transaction(() => {
      const removed = this.ctx.sql("DELETE FROM bookmarks WHERE ws = ? AND name = ?").run(ws.id, name).changes > 0;
      if (removed) {
        this.relations.deleteTo(ws, "bookmark", name);
        this.ctx.sql("DELETE FROM entity_links WHERE ws = ? AND owner_kind = 'bookmark' AND owner_name = ?").run(ws.id, name);
      }
      return removed;
    })();
  }

  /** Bookmarks linked to an incident, as the incident bookmarks action returns them (entities of kind Bookmark). */
  incidentBookmarks(ws: WorkspaceRecord, incident: string): HuntingBookmark[] {
    const out: HuntingBookmark[] = [];
    for (const name of this.relations.relatedNames(ws, incident, "bookmark")) {
      const doc = this.get(ws, name);
      if (!doc) continue;
      const b = JSON.parse(doc) as Bookmark;
      const { etag } = b;
      out.push({
        id: b.id,
        name: b.name,
        type: ResourceTypes.entity,
        kind: "Bookmark",
        properties: {
          ...b.properties,
          additionalData: { ETag: etag, EntityId: b.name },
          friendlyName: b.properties.displayName,
        },
      });
    }
    return out;
  }

  private withIncidentInfo(ws: WorkspaceRecord, doc: string): string {
    const bookmark = JSON.parse(doc) as Bookmark;
    const links = this.relations.linksTo(ws, "bookmark", bookmark.name!);
    if (links.length === 0) return doc;
    const link = links[0]!;
    const incidentDoc = this.incidents.get(ws, link.incident);
    const incident = incidentDoc ? (JSON.parse(incidentDoc) as Incident) : undefined;
    bookmark.properties.incidentInfo = {
      incidentId: link.incident,
      severity: incident?.properties.severity,
      title: incident?.properties.title,
      relationName: link.relation,
    };
    return JSON.stringify(bookmark);
  }
}
