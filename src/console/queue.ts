// The queue's list: the list command's filters as query parameters, several
// workspaces merged in one order, and keyset paging. The service's nextLinks stay
// on the server (the browser gets an opaque cursor id), so a page can never make
// this server fetch a URL of its choosing with the Azure token.
import { IncidentSeverity, IncidentStatus } from "../api/enums.js";
import type { Incident } from "../api/models.js";
import { andFilters, incidentFilter, type IncidentFilterOptions } from "../client/filter.js";
import type { SentinelClient } from "../client/sentinelClient.js";
import { newSecret } from "./security.js";

export class ConsoleInputError extends Error {
  override name = "ConsoleInputError";
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export interface ConsoleWorkspace {
  label: string;
  client: SentinelClient;
}

export const SORTS = { created: "properties/createdTimeUtc", modified: "properties/lastModifiedTimeUtc", number: "properties/incidentNumber", title: "properties/title" } as const;
export type QueueSort = keyof typeof SORTS;
export const MAX_QUEUE_PAGE = 200;
const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** One row of the queue: only what the table shows, as plain values. */
export interface QueueRow {
  ws: string;
  name: string;
  number: number | null;
  title: string;
  severity: string;
  status: string;
  owner: string | null;
  labels: string[];
  created: string | null;
  modified: string | null;
  alerts: number;
  classification: string | null;
}

export function queueRow(ws: string, i: Incident): QueueRow {
  const p = i.properties;
  const o = p.owner;
  return {
    ws,
    name: i.name ?? "",
    number: p.incidentNumber ?? null,
    title: p.title ?? "",
    severity: p.severity,
    status: p.status,
    owner: o?.userPrincipalName || o?.email || o?.assignedTo || o?.objectId || null,
    labels: (p.labels ?? []).map((l) => l.labelName),
    created: p.createdTimeUtc ?? null,
    modified: p.lastModifiedTimeUtc ?? null,
    alerts: p.additionalData?.alertsCount ?? 0,
    classification: p.classification ?? null,
  };
}

/** `24h`, `7d`, `2w`, `30m` ago, or an ISO date-time. */
export function parseWhen(value: string, field: string, now = Date.now()): Date {
  const m = /^(\d+)([mhdw])$/i.exec(value.trim());
  if (m) return new Date(now - Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ConsoleInputError(`'${field}' must be a duration such as 24h, 7d or 2w, or an ISO date-time; got '${value}'.`, field);
  return new Date(ms);
}

function list(value: string | null, field: string, allowed: readonly string[]): string[] | undefined {
  if (value === null || value === "") return undefined;
  const items = value.split(",").map((v) => v.trim()).filter(Boolean);
  for (const v of items) if (!allowed.includes(v)) throw new ConsoleInputError(`'${field}' has the invalid value '${v}'. Allowed values: ${allowed.join(", ")}.`, field);
  return items;
}

export interface QueueQuery {
  workspaces: ConsoleWorkspace[];
  filter?: string;
  orderby: string;
  sort: QueueSort;
  dir: "asc" | "desc";
  top: number;
}

/** The query string of /api/incidents (and /api/counts), checked field by field. */
export function parseQueueQuery(q: URLSearchParams, all: ConsoleWorkspace[]): QueueQuery {
  const labels = list(q.get("ws"), "ws", all.map((w) => w.label));
  const workspaces = labels ? all.filter((w) => labels.includes(w.label)) : all;
  const criteria: IncidentFilterOptions = {};
  const severity = list(q.get("severity"), "severity", IncidentSeverity);
  if (severity) criteria.severity = severity;
  const status = list(q.get("status"), "status", IncidentStatus);
  if (status) criteria.status = status;
  const since = q.get("since");
  if (since) criteria.createdAfter = parseWhen(since, "since");
  const until = q.get("until");
  if (until) criteria.createdBefore = parseWhen(until, "until");
  const text = q.get("q")?.trim();
  if (text) criteria.titleContains = text;
  const label = q.get("label")?.trim();
  if (label) criteria.label = label;
  const owner = q.get("owner")?.trim();
  let unassigned: string | undefined;
  if (owner === "unassigned") unassigned = "properties/owner/objectId eq null";
  else if (owner) criteria.ownerUpn = owner;
  const sort = (q.get("sort") ?? "created") as QueueSort;
  if (!Object.hasOwn(SORTS, sort)) throw new ConsoleInputError(`'sort' has the invalid value '${sort}'. Allowed values: ${Object.keys(SORTS).join(", ")}.`, "sort");
  const dir = q.get("dir") ?? "desc";
  if (dir !== "asc" && dir !== "desc") throw new ConsoleInputError(`'dir' has the invalid value '${dir}'. Allowed values: asc, desc.`, "dir");
  const topText = q.get("top") ?? "50";
  const top = Number(topText);
  if (!/^\d+$/.test(topText) || top < 1 || top > MAX_QUEUE_PAGE) throw new ConsoleInputError(`'top' must be a whole number from 1 to ${MAX_QUEUE_PAGE}; got '${topText}'.`, "top");
  const built = Object.keys(criteria).length ? incidentFilter(criteria) : undefined;
  return { workspaces, filter: andFilters(built, unassigned), orderby: `${SORTS[sort]} ${dir}`, sort, dir, top };
}

interface Stream {
  ws: ConsoleWorkspace;
  buffer: Incident[];
  next?: string;
  started: boolean;
  done: boolean;
}

interface CursorState {
  signature: string;
  streams: Stream[];
}

/** Holds where each workspace's listing stands between pages; the oldest cursors are forgotten first. */
export class QueuePager {
  private readonly cursors = new Map<string, CursorState>();

  constructor(private readonly maxCursors = 1000) {}

  async page(query: QueueQuery, cursor: string | null, signal?: AbortSignal): Promise<{ rows: QueueRow[]; cursor: string | null }> {
    const signature = JSON.stringify([query.workspaces.map((w) => w.label), query.filter, query.orderby]);
    let state: CursorState;
    if (cursor) {
      const found = this.cursors.get(cursor);
      if (!found || found.signature !== signature) throw new ConsoleInputError("'cursor' is unknown or belongs to other filters; reload the first page.", "cursor");
      this.cursors.delete(cursor);
      state = found;
    } else {
      state = { signature, streams: query.workspaces.map((ws) => ({ ws, buffer: [], started: false, done: false })) };
    }
    const fill = async (s: Stream) => {
      if (s.buffer.length > 0 || s.done) return;
      const pages = s.ws.client.iterateIncidents({ $filter: query.filter, $orderby: query.orderby, $top: query.top }, { abortSignal: signal }).byPage(s.started ? { continuationToken: s.next } : { maxPageSize: query.top });
      const { value } = await pages.next();
      s.started = true;
      s.buffer = value ? [...value] : [];
      s.next = value?.continuationToken;
      s.done = !s.next;
    };
    const key = (i: Incident): string | number => {
      const p = i.properties;
      switch (query.sort) {
        case "number":
          return p.incidentNumber ?? 0;
        case "title":
          return p.title ?? "";
        case "modified":
          return p.lastModifiedTimeUtc ?? "";
        default:
          return p.createdTimeUtc ?? "";
      }
    };
    const before = (a: Incident, b: Incident) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === kb) return false;
      return query.dir === "asc" ? ka < kb : ka > kb;
    };
    const rows: QueueRow[] = [];
    while (rows.length < query.top) {
      await Promise.all(state.streams.map(fill));
      let best: Stream | undefined;
      for (const s of state.streams) if (s.buffer.length && (!best || before(s.buffer[0]!, best.buffer[0]!))) best = s;
      if (!best) break;
      rows.push(queueRow(best.ws.label, best.buffer.shift()!));
    }
    const more = state.streams.some((s) => s.buffer.length > 0 || !s.done);
    if (!more) return { rows, cursor: null };
    const id = newSecret().slice(0, 22);
    this.cursors.set(id, state);
    if (this.cursors.size > this.maxCursors) this.cursors.delete(this.cursors.keys().next().value!);
    return { rows, cursor: id };
  }
}
