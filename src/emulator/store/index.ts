// The emulator's store: one SQLite database, one repository per resource.
import { randomBytes } from "node:crypto";
import { workspaceKey, type WorkspaceRef } from "../../api/resourceId.js";
import { BookmarkRepository } from "./bookmarks.js";
import { CommentRepository } from "./comments.js";
import { statementCache, type StoreContext, type WorkspaceRecord } from "./context.js";
import { openDatabase, type Db } from "./db.js";
import { DetectionRepository } from "./detections.js";
import { IncidentRepository } from "./incidents.js";
import { RelationRepository } from "./relations.js";
import { SkipTokenCodec } from "./skipToken.js";
import { TaskRepository } from "./tasks.js";

export type { WorkspaceRecord } from "./context.js";

export interface StoreOptions {
  /** A file, or `:memory:` (the default). */
  path?: string;
  now?: () => number;
}

export class EmulatorStore {
  readonly db: Db;
  readonly incidents: IncidentRepository;
  readonly comments: CommentRepository;
  readonly relations: RelationRepository;
  readonly tasks: TaskRepository;
  readonly bookmarks: BookmarkRepository;
  readonly detections: DetectionRepository;
  readonly path: string;
  readonly sql: StoreContext["sql"];
  /** What the repositories share (for store extensions such as the visibility lag). */
  readonly context: StoreContext;
  private readonly workspaces = new Map<string, WorkspaceRecord>();

  constructor(options: StoreOptions = {}) {
    this.path = options.path ?? ":memory:";
    this.db = openDatabase(this.path);
    this.sql = statementCache(this.db);
    const ctx: StoreContext = { db: this.db, codec: new SkipTokenCodec(this.secret()), now: options.now ?? Date.now, sql: this.sql };
    this.context = ctx;
    this.incidents = new IncidentRepository(ctx);
    this.detections = new DetectionRepository(ctx);
    this.comments = new CommentRepository(ctx, this.incidents);
    this.relations = new RelationRepository(ctx, this.incidents, this.detections);
    this.tasks = new TaskRepository(ctx);
    this.bookmarks = new BookmarkRepository(ctx, this.incidents, this.relations);
  }

  /** Serves a workspace (idempotent); ids are served with the casing given here. */
  addWorkspace(ref: WorkspaceRef): WorkspaceRecord {
    const key = workspaceKey(ref);
    const known = this.workspaces.get(key);
    if (known) return known;
    this.db
      .prepare("INSERT INTO workspaces (key, subscription_id, resource_group, name) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING")
      .run(key, ref.subscriptionId, ref.resourceGroup, ref.workspaceName);
    const { id } = this.db.prepare("SELECT id FROM workspaces WHERE key = ?").get(key) as { id: number };
    const record = { id, key, ref: { ...ref } };
    this.workspaces.set(key, record);
    return record;
  }

  workspace(ref: WorkspaceRef): WorkspaceRecord | undefined {
    return this.workspaces.get(workspaceKey(ref));
  }

  /** Every row of every table, in a stable order: tests compare dumps to prove a request changed nothing. */
  dump(): string {
    const tables = ["workspaces", "incidents", "comments", "relations", "tasks", "bookmarks", "alerts", "entities", "entity_links"];
    return tables
      .map((t) => {
        const columns = (this.db.prepare(`PRAGMA table_info(${t})`).all() as unknown[]).length;
        const order = Array.from({ length: columns }, (_, i) => i + 1).join(", ");
        return `${t}\n${JSON.stringify(this.db.prepare(`SELECT * FROM ${t} ORDER BY ${order}`).raw().all())}`;
      })
      .join("\n");
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The key skip tokens are signed with, kept in the database so tokens outlive a restart. */
  private secret(): Buffer {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'skipTokenSecret'").get() as { value: string } | undefined;
    if (row) return Buffer.from(row.value, "base64");
    const secret = randomBytes(32);
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('skipTokenSecret', ?)").run(secret.toString("base64"));
    return secret;
  }
}
