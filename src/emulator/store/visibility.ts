// Visibility lag: real services make a write visible to list queries some time
// after it was made, and not in timestamp order. With a lag of N ms each write of
// an incident (create, update, additionalData refresh, delete) keeps the time it
// was given but reaches the table lists read only after a random 0–N ms. Reads by
// name see the write at once, as on the service. The writes of one incident become
// visible in the order they were made, so a list never goes back to an older version.
import type { StoreContext, WorkspaceRecord } from "./context.js";

interface IncidentRow {
  ws: number;
  name: string;
  number: number;
  title: string;
  severity: string;
  status: string;
  created_ms: number;
  modified_ms: number;
  first_ms: number | null;
  last_ms: number | null;
  doc: string;
}

interface Pending {
  visibleAt: number;
  seq: number;
  ws: number;
  name: string;
  /** The row as written; undefined for a deletion. */
  row?: IncidentRow;
}

/** The table incident lists read while a lag is on: a copy of `incidents` that trails it. */
export const LISTED_TABLE = "listed_incidents";

export class ListVisibility {
  private readonly heap: Pending[] = [];
  /** When the last pending write of each incident becomes visible, so one incident's writes stay in order. */
  private readonly lastVisibleAt = new Map<string, number>();
  private seq = 0;

  constructor(
    private readonly ctx: StoreContext,
    readonly lagMs: number,
    private readonly random: () => number,
    /** Wall clock for when writes become visible (the store's own clock may be pinned by tests). */
    private readonly clock: () => number = Date.now,
  ) {
    // A temporary table: what lists see is state of the running emulator, never persisted.
    ctx.db.exec(`
      DROP TABLE IF EXISTS temp.${LISTED_TABLE};
      CREATE TEMP TABLE ${LISTED_TABLE} (
        ws INTEGER NOT NULL, name TEXT NOT NULL COLLATE NOCASE, number INTEGER NOT NULL, title TEXT NOT NULL,
        severity TEXT NOT NULL, status TEXT NOT NULL, created_ms INTEGER NOT NULL, modified_ms INTEGER NOT NULL,
        first_ms INTEGER, last_ms INTEGER, doc TEXT NOT NULL
      );
      CREATE UNIQUE INDEX temp.listed_name ON ${LISTED_TABLE} (ws, name);
      CREATE INDEX temp.listed_created ON ${LISTED_TABLE} (ws, created_ms, name COLLATE BINARY);
      CREATE INDEX temp.listed_modified ON ${LISTED_TABLE} (ws, modified_ms, name COLLATE BINARY);
      INSERT INTO ${LISTED_TABLE} SELECT ws, name, number, title, severity, status, created_ms, modified_ms, first_ms, last_ms, doc FROM main.incidents;
    `);
  }

  /** Records the incident's state just written (call inside the writing transaction). */
  written(ws: WorkspaceRecord, name: string): void {
    const row = this.ctx.sql("SELECT ws, name, number, title, severity, status, created_ms, modified_ms, first_ms, last_ms, doc FROM main.incidents WHERE ws = ? AND name = ?").get(ws.id, name) as
      | IncidentRow
      | undefined;
    const key = `${ws.id}/${name.toLowerCase()}`;
    const delay = Math.floor(this.random() * (this.lagMs + 1));
    const visibleAt = Math.max(this.clock() + delay, this.lastVisibleAt.get(key) ?? 0);
    this.lastVisibleAt.set(key, visibleAt);
    this.push({ visibleAt, seq: this.seq++, ws: ws.id, name, row });
  }

  /** Makes every write whose time has come visible to lists; called before each list query. */
  applyDue(): void {
    const now = this.clock();
    if (this.heap.length === 0 || this.heap[0]!.visibleAt > now) return;
    const upsert = this.ctx.sql(
      `INSERT INTO ${LISTED_TABLE} (ws, name, number, title, severity, status, created_ms, modified_ms, first_ms, last_ms, doc)
       VALUES (@ws, @name, @number, @title, @severity, @status, @created_ms, @modified_ms, @first_ms, @last_ms, @doc)
       ON CONFLICT (ws, name) DO UPDATE SET name = excluded.name, number = excluded.number, title = excluded.title, severity = excluded.severity,
         status = excluded.status, created_ms = excluded.created_ms, modified_ms = excluded.modified_ms, first_ms = excluded.first_ms,
         last_ms = excluded.last_ms, doc = excluded.doc`,
    );
    const remove = this.ctx.sql(`DELETE FROM ${LISTED_TABLE} WHERE ws = ? AND name = ?`);
    this.ctx.db.transaction(() => {
      while (this.heap.length > 0 && this.heap[0]!.visibleAt <= now) {
        const p = this.pop();
        if (p.row) upsert.run(p.row);
        else remove.run(p.ws, p.name);
        const key = `${p.ws}/${p.name.toLowerCase()}`;
        if (this.lastVisibleAt.get(key) === p.visibleAt) this.lastVisibleAt.delete(key);
      }
    })();
  }

  /** Writes not yet visible to lists. */
  get pending(): number {
    return this.heap.length;
  }

  // A binary min-heap on (visibleAt, seq): seq keeps writes with the same time in the order made.
  private less(a: Pending, b: Pending): boolean {
    return a.visibleAt < b.visibleAt || (a.visibleAt === b.visibleAt && a.seq < b.seq);
  }

  private push(p: Pending): void {
    const h = this.heap;
    h.push(p);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Pending {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
