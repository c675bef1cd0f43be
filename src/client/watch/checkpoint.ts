// Where a watch resumes from: one cursor per workspace, and the versions already
// delivered inside the look-back window. A file checkpoint is replaced atomically
// (temporary file, fsync, rename, fsync of the folder), so a crash leaves either
// the old checkpoint or the new one, never a torn one.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { SentinelValidationError } from "../errors.js";

/** What one workspace's cursor holds. */
export interface WorkspaceCheckpoint {
  /** Changes are read from here on (epoch ms): the `since` of the first run. */
  floorMs: number;
  /** The newest lastModifiedTimeUtc delivered (epoch ms); absent before the first change. */
  cursorMs?: number;
  /** Incident name (lower case) → [etag, lastModified ms] of the last version delivered, for the look-back window only. */
  delivered: Record<string, [string, number]>;
  /** With reconcile on: incident name (lower case) → etag of every delivered incident not known to be deleted. */
  known?: Record<string, string>;
  /** With reconcile on: when the last full scan ran (epoch ms). */
  reconciledAtMs?: number;
}

/** The whole checkpoint, as saved: one entry per workspace, keyed by `subscription/resourceGroup/workspace` in lower case. */
export interface WatchCheckpoint {
  version: 1;
  workspaces: Record<string, WorkspaceCheckpoint>;
}

/** The caller's own store for the checkpoint (a database row, a blob...). */
export interface CheckpointStore {
  load(): Promise<WatchCheckpoint | undefined> | WatchCheckpoint | undefined;
  save(checkpoint: WatchCheckpoint): Promise<void> | void;
}

/** Checks a loaded checkpoint, so a foreign or damaged one is refused instead of silently restarting the feed. */
export function validCheckpoint(value: unknown, source: string): WatchCheckpoint {
  const bad = (why: string) => new SentinelValidationError(`The checkpoint ${source} is not a watch checkpoint (${why}); move it away to start afresh.`, "checkpoint", source);
  if (!value || typeof value !== "object") throw bad("not an object");
  const c = value as Partial<WatchCheckpoint>;
  if (c.version !== 1) throw bad(`version ${JSON.stringify(c.version)}, expected 1`);
  if (!c.workspaces || typeof c.workspaces !== "object") throw bad("no workspaces");
  for (const [key, ws] of Object.entries(c.workspaces)) {
    if (!ws || typeof ws.floorMs !== "number" || (ws.cursorMs !== undefined && typeof ws.cursorMs !== "number") || !ws.delivered || typeof ws.delivered !== "object") {
      throw bad(`workspace ${key} has no valid cursor`);
    }
  }
  return c as WatchCheckpoint;
}

/** A checkpoint kept in a JSON file. */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly path: string) {
    if (typeof path !== "string" || path.trim() === "") throw new SentinelValidationError("'checkpoint' must be a file path or an object with load() and save().", "checkpoint", path);
  }

  load(): WatchCheckpoint | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new SentinelValidationError(`The checkpoint file ${this.path} is not JSON; move it away to start afresh.`, "checkpoint", this.path);
    }
    return validCheckpoint(parsed, `file ${this.path}`);
  }

  save(checkpoint: WatchCheckpoint): void {
    const dir = dirname(this.path);
    // One fixed name: a temporary file left by a crash is simply overwritten by the next save.
    const temp = join(dir, `.${basename(this.path)}.tmp`);
    const fd = openSync(temp, "w", 0o600);
    try {
      writeSync(fd, JSON.stringify(checkpoint));
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      try {
        unlinkSync(temp);
      } catch {
        // Already gone.
      }
      throw e;
    }
    closeSync(fd);
    renameSync(temp, this.path);
    // The rename itself is durable only once the folder is synced (not possible on every platform).
    try {
      const dirFd = openSync(dir, "r");
      try {
        fsyncSync(dirFd);
      } finally {
        closeSync(dirFd);
      }
    } catch {
      // Windows cannot open a folder for fsync; the rename is still atomic there.
    }
  }
}

export function checkpointStoreOf(value: string | CheckpointStore): CheckpointStore {
  if (typeof value === "string") return new FileCheckpointStore(value);
  if (value && typeof value === "object" && typeof value.load === "function" && typeof value.save === "function") return value;
  throw new SentinelValidationError("'checkpoint' must be a file path or an object with load() and save().", "checkpoint", value);
}
