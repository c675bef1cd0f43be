// Incident tasks.
import type { ClientInfo, IncidentTask } from "../../api/models.js";
import { ResourceTypes } from "../../api/models.js";
import type { IncidentTaskStatus } from "../../api/enums.js";
import { incidentResourceId } from "../../api/resourceId.js";
import { isoTime, newEtag, sameEtag, type StoreContext, type WorkspaceRecord } from "./context.js";

export interface TaskInput {
  etag?: string;
  title: string;
  status: IncidentTaskStatus;
  description?: string;
}

export type TaskPutResult = { kind: "created" | "replaced"; doc: string } | { kind: "etag-mismatch" };

export class TaskRepository {
  constructor(private readonly ctx: StoreContext) {}

  get(ws: WorkspaceRecord, incident: string, name: string): string | undefined {
    const row = this.ctx
      .sql("SELECT doc FROM tasks WHERE ws = ? AND incident = ? AND name = ?")
      .get(ws.id, incident, name) as { doc: string } | undefined;
    return row?.doc;
  }

  list(ws: WorkspaceRecord, incident: string): string[] {
    const rows = this.ctx
      .sql("SELECT doc FROM tasks WHERE ws = ? AND incident = ? ORDER BY created_ms, name")
      .all(ws.id, incident) as { doc: string }[];
    return rows.map((r) => r.doc);
  }

  put(ws: WorkspaceRecord, incident: string, name: string, input: TaskInput, caller: ClientInfo): TaskPutResult {
    return this.ctx.db.transaction((): TaskPutResult => {
      const existingDoc = this.get(ws, incident, name);
      const existing = existingDoc ? (JSON.parse(existingDoc) as IncidentTask) : undefined;
      if (existing && input.etag !== undefined && !sameEtag(input.etag, existing.etag ?? "")) return { kind: "etag-mismatch" };
      const now = this.ctx.now();
      const storedName = existing?.name ?? name;
      const task: IncidentTask = {
        id: `${incidentResourceId(ws.ref, incident)}/tasks/${storedName}`,
        name: storedName,
        etag: newEtag(true),
        type: ResourceTypes.task,
        properties: {
          title: input.title,
          description: input.description,
          status: input.status,
          createdTimeUtc: existing?.properties.createdTimeUtc ?? isoTime(now),
          lastModifiedTimeUtc: isoTime(now),
          createdBy: existing?.properties.createdBy ?? caller,
          lastModifiedBy: caller,
        },
      };
      const doc = JSON.stringify(task);
      this.ctx
        .sql(
          `INSERT INTO tasks (ws, incident, name, created_ms, doc) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (ws, incident, name) DO UPDATE SET doc = excluded.doc`,
        )
        .run(ws.id, incident, storedName, Date.parse(task.properties.createdTimeUtc!), doc);
      return { kind: existing ? "replaced" : "created", doc };
    })();
  }

  delete(ws: WorkspaceRecord, incident: string, name: string): boolean {
    return this.ctx.sql("DELETE FROM tasks WHERE ws = ? AND incident = ? AND name = ?").run(ws.id, incident, name).changes > 0;
  }
}
