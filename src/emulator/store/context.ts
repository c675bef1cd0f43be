// What every repository of the store shares.
import { randomUUID } from "node:crypto";
import type { WorkspaceRef } from "../../api/resourceId.js";
import type { Statement } from "better-sqlite3";
import type { Db } from "./db.js";
import type { SkipTokenCodec } from "./skipToken.js";

export interface WorkspaceRecord {
  /** The row id other tables refer to the workspace by. */
  id: number;
  /** Case-folded `sub/rg/name`. */
  key: string;
  /** The workspace as configured, with the casing ids are served in. */
  ref: WorkspaceRef;
}

export interface StoreContext {
  db: Db;
  codec: SkipTokenCodec;
  /** Milliseconds since the epoch; injectable so tests can pin the clock. */
  now(): number;
  /** A prepared statement, compiled once per SQL text. */
  sql(text: string): Statement;
}

/** Prepares each distinct SQL text once; lists build a handful of shapes over and over. */
export function statementCache(db: Db, limit = 500): (text: string) => Statement {
  const cache = new Map<string, Statement>();
  return (text) => {
    let stmt = cache.get(text);
    if (!stmt) {
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      stmt = db.prepare(text);
      cache.set(text, stmt);
    }
    return stmt;
  };
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Epoch milliseconds of an ISO date-time, or null. */
export function timeMs(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * A fresh etag. Incidents, tasks and bookmarks carry quoted etags and comments
 * and relations bare ones, as the service's own examples show.
 */
export function newEtag(quoted: boolean): string {
  const id = randomUUID();
  return quoted ? `"${id}"` : id;
}

/** Etags compare without their quotes or weak prefix, so a client that strips them still matches. */
export function sameEtag(a: string, b: string): boolean {
  const bare = (e: string) => e.trim().replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
  return bare(a) === bare(b);
}
