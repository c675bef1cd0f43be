// The change feed. Each poll reads, per workspace, every incident whose
// lastModifiedTimeUtc is at or after (cursor − look-back), oldest first, following
// every page; versions already delivered are dropped. The cursor moves only past
// changes the consumer has taken: a page's changes are a batch, and the checkpoint
// is saved when the consumer asks for the change after the batch's last one. A
// crash therefore re-delivers at most the batch in flight.
import { MAX_PAGE_SIZE } from "../../api/paging.js";
import type { Incident } from "../../api/models.js";
import { incidentResourceId, workspaceKey } from "../../api/resourceId.js";
import { SentinelValidationError, isSentinelError } from "../errors.js";
import { andFilters, incidentFilter } from "../filter.js";
import type { IncidentDetails } from "../operations/incidents.js";
import type { SentinelClient } from "../sentinelClient.js";
import { checkpointStoreOf, type CheckpointStore, type WatchCheckpoint, type WorkspaceCheckpoint } from "./checkpoint.js";
import { parseDuration, parseSince } from "./duration.js";
import type { IncidentChange, IncidentDeletion, IncidentUpsert, WatchIncidentsOptions, WatchIncludeOptions } from "./types.js";

export const DEFAULT_POLL_INTERVAL_MS = 30_000;
export const DEFAULT_LOOKBACK_MS = 120_000;
/** Last versions kept per workspace for `previous` and `changedFields`. */
const PREVIOUS_CACHE = 1_000;
const PAGE_SIZE = MAX_PAGE_SIZE;
const ORDER = "properties/lastModifiedTimeUtc asc";

/** One workspace of a watch. */
export interface WatchSource {
  client: SentinelClient;
  label: string;
}

interface Settings {
  intervalMs: number;
  lookbackMs: number;
  reconcileMs?: number;
  filter?: string;
  include?: WatchIncludeOptions;
  once: boolean;
  sinceMs?: number;
}

interface WorkspaceState {
  source: WatchSource;
  key: string;
  cp: WorkspaceCheckpoint;
  /**
   * Last versions delivered from a poll's last page, least recently delivered first.
   * Pages with more to follow are a backlog being caught up on: their versions are not
   * kept, which keeps a catch-up fast and flat in memory.
   */
  previous: Map<string, Incident>;
}

function settingsOf(options: WatchIncidentsOptions, now: number): Settings {
  if (options === null || typeof options !== "object") throw new SentinelValidationError("watchIncidents options must be an object.", "options", options);
  const known = ["since", "checkpoint", "pollIntervalInMs", "lookbackInMs", "filter", "include", "reconcileEveryInMs", "once", "abortSignal", "onError"];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new SentinelValidationError(`'${key}' is not a watchIncidents option. Allowed: ${known.join(", ")}.`, key, (options as Record<string, unknown>)[key], known);
  }
  const intervalMs = parseDuration(options.pollIntervalInMs ?? DEFAULT_POLL_INTERVAL_MS, "pollIntervalInMs");
  if (intervalMs < 1) throw new SentinelValidationError("'pollIntervalInMs' must be at least 1 ms.", "pollIntervalInMs", options.pollIntervalInMs);
  const lookbackMs = parseDuration(options.lookbackInMs ?? DEFAULT_LOOKBACK_MS, "lookbackInMs");
  const reconcileMs = options.reconcileEveryInMs === undefined ? undefined : parseDuration(options.reconcileEveryInMs, "reconcileEveryInMs");
  if (reconcileMs !== undefined && reconcileMs < 1) throw new SentinelValidationError("'reconcileEveryInMs' must be at least 1 ms.", "reconcileEveryInMs", options.reconcileEveryInMs);
  let filter: string | undefined;
  if (typeof options.filter === "string") filter = options.filter.trim() === "" ? undefined : options.filter;
  else if (options.filter !== undefined) {
    if (options.filter === null || typeof options.filter !== "object") throw new SentinelValidationError("'filter' must be a $filter string or list criteria such as { severity: 'High' }.", "filter", options.filter);
    filter = incidentFilter(options.filter) || undefined;
  }
  const include = options.include;
  if (include !== undefined) {
    const kinds = ["alerts", "entities", "comments", "bookmarks"];
    if (include === null || typeof include !== "object") throw new SentinelValidationError("'include' must be an object such as { alerts: true }.", "include", include, kinds);
    for (const [k, v] of Object.entries(include)) {
      if (!kinds.includes(k)) throw new SentinelValidationError(`'include.${k}' is not an extra. Allowed: ${kinds.join(", ")}.`, `include.${k}`, v, kinds);
      if (typeof v !== "boolean" && v !== undefined) throw new SentinelValidationError(`'include.${k}' must be true or false.`, `include.${k}`, v);
    }
  }
  if (options.onError !== undefined && typeof options.onError !== "function") throw new SentinelValidationError("'onError' must be a function.", "onError", options.onError);
  const sinceMs = options.since === undefined ? undefined : parseSince(options.since, now);
  return { intervalMs, lookbackMs, reconcileMs, filter, include, once: options.once === true, sinceMs };
}

const iso = (ms: number) => new Date(ms).toISOString();
const bareEtag = (etag: string | undefined) => (etag ?? "").replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
const modifiedMs = (i: Incident) => Date.parse(i.properties.lastModifiedTimeUtc ?? "") || 0;

/** The properties whose values differ between two versions. */
export function changedProperties(before: Incident, after: Incident): string[] {
  const a = before.properties as unknown as Record<string, unknown>;
  const b = after.properties as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

function sleep(ms: number, signal?: { aborted: boolean; addEventListener?: (t: "abort", l: () => void) => void; removeEventListener?: (t: "abort", l: () => void) => void }): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener?.("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener?.("abort", done);
  });
}

/** Checks the options and returns the feed; nothing is read until it is iterated. */
export function watchSources(sources: readonly WatchSource[], options: WatchIncidentsOptions = {}): AsyncIterableIterator<IncidentChange> {
  const settings = settingsOf(options, Date.now());
  if (sources.length === 0) throw new SentinelValidationError("watchIncidents needs at least one workspace.", "clients", sources);
  const keys = new Set<string>();
  for (const s of sources) {
    const key = workspaceKey(s.client.workspace);
    if (keys.has(key)) throw new SentinelValidationError(`workspace ${s.client.workspace.workspaceName} is given twice.`, "clients", key);
    keys.add(key);
  }
  const store = options.checkpoint === undefined ? undefined : checkpointStoreOf(options.checkpoint);
  return feed(sources, settings, store, options);
}

async function* feed(sources: readonly WatchSource[], settings: Settings, store: CheckpointStore | undefined, options: WatchIncidentsOptions): AsyncGenerator<IncidentChange> {
  const signal = options.abortSignal;
  const saved = store ? await store.load() : undefined;
  const checkpoint: WatchCheckpoint = saved ? { version: 1, workspaces: { ...saved.workspaces } } : { version: 1, workspaces: {} };
  const startMs = Date.now();
  const states: WorkspaceState[] = sources.map((source) => {
    const key = workspaceKey(source.client.workspace);
    const cp = (checkpoint.workspaces[key] ??= { floorMs: settings.sinceMs ?? startMs - settings.lookbackMs, delivered: {} });
    if (settings.reconcileMs !== undefined) cp.known ??= {};
    return { source, key, cp, previous: new Map() };
  });
  let dirty = saved === undefined;
  const save = async () => {
    if (!store || !dirty) return;
    try {
      await store.save(checkpoint);
    } catch (e) {
      // Not a poll failure: going on without a checkpoint would re-deliver everything after a restart.
      throw new CheckpointSaveError(e);
    }
    dirty = false;
  };
  const stopped = () => signal?.aborted === true;

  try {
    for (;;) {
      for (const state of states) {
        if (stopped()) return;
        // A poll reads until it is caught up; each page is one batch.
        try {
          for await (const batch of pollPages(state, settings, signal)) {
            const changes: (IncidentUpsert | undefined)[] = [];
            for (const incident of batch.incidents) {
              const change = await upsertOf(state, incident, batch.lowerMs, batch.observedAt, settings, options);
              if (change) changes.push(change);
            }
            // With reconcile on, the batch's incidents are recorded as known before the consumer has
            // them: a change in flight at a crash may be gone by the restart, and its deletion must
            // still be reported (at worst, a deletion of an incident the consumer never received).
            if (settings.reconcileMs !== undefined && announce(state, changes as IncidentUpsert[])) {
              dirty = true;
              await save();
            }
            // Each change is let go once taken, so a page's incidents can be collected as it is consumed (flat memory on a backlog).
            batch.incidents.length = 0;
            const keep = !batch.more;
            for (let i = 0; i < changes.length; i++) {
              const change = changes[i]!;
              changes[i] = undefined;
              yield change;
              taken(state, change, settings, keep);
              dirty = true;
              if (stopped()) return;
            }
            prune(state, settings);
            await save();
          }
        } catch (e) {
          if (e instanceof CheckpointSaveError) throw e.cause;
          if (stopped()) return;
          if (!options.onError) throw e;
          options.onError(e, { workspace: state.source.label, stage: "poll" });
          continue;
        }
        if (settings.reconcileMs !== undefined && Date.now() - (state.cp.reconciledAtMs ?? 0) >= settings.reconcileMs) {
          let gone: IncidentDeletion[];
          try {
            gone = await reconcile(state, settings, signal);
          } catch (e) {
            if (stopped()) return;
            if (!options.onError) throw e;
            options.onError(e, { workspace: state.source.label, stage: "reconcile" });
            continue;
          }
          for (const change of gone) {
            yield change;
            forget(state, change.incident.name);
            dirty = true;
            if (stopped()) return;
          }
          state.cp.reconciledAtMs = Date.now();
          dirty = true;
          await save();
        }
      }
      await save();
      if (settings.once || stopped()) return;
      await sleep(settings.intervalMs, signal as Parameters<typeof sleep>[1]);
      if (stopped()) return;
    }
  } finally {
    // Ending early (break, abort): what was taken so far is kept.
    await save();
  }
}

class CheckpointSaveError extends Error {
  constructor(override readonly cause: unknown) {
    super("saving the checkpoint failed");
  }
}

interface Batch {
  incidents: Incident[];
  /** More pages follow: the poll is catching up on a backlog. */
  more: boolean;
  lowerMs: number;
  observedAt: string;
}

async function* pollPages(state: WorkspaceState, settings: Settings, signal: WatchIncidentsOptions["abortSignal"]): AsyncGenerator<Batch> {
  const cp = state.cp;
  const lowerMs = Math.max(cp.floorMs, (cp.cursorMs ?? cp.floorMs) - settings.lookbackMs);
  const $filter = andFilters(`properties/lastModifiedTimeUtc ge ${iso(lowerMs)}`, settings.filter)!;
  const pages = state.source.client.iterateIncidents({ $filter, $orderby: ORDER }, { abortSignal: signal }).byPage({ maxPageSize: PAGE_SIZE });
  for await (const page of pages) yield { incidents: page, more: page.continuationToken !== undefined, lowerMs, observedAt: new Date().toISOString() };
}

/** The change an incident read by a poll stands for, or undefined when it was delivered already (or is older than what was). */
async function upsertOf(state: WorkspaceState, incident: Incident, lowerMs: number, observedAt: string, settings: Settings, options: WatchIncidentsOptions): Promise<IncidentUpsert | undefined> {
  const name = incident.name ?? "";
  const key = name.toLowerCase();
  const mod = modifiedMs(incident);
  const last = state.cp.delivered[key];
  if (last && (last[0] === bareEtag(incident.etag) || mod < last[1])) return undefined;
  const previous = previousOf(state, key);
  // A name known at this very version was announced but maybe never taken: it does not count as seen.
  const knownEtag = state.cp.known?.[name];
  const seenBefore = last !== undefined || previous !== undefined || (knownEtag !== undefined && knownEtag !== bareEtag(incident.etag));
  const created = Date.parse(incident.properties.createdTimeUtc ?? "");
  // New to this feed: created inside the window being read, and never delivered.
  const kind = !seenBefore && created >= lowerMs ? "created" : "updated";
  const details = await withExtras(state, incident, settings.include, options);
  const change: IncidentUpsert = {
    kind,
    incident: details,
    workspace: state.source.label,
    eventId: `${state.key}/${key}/${bareEtag(incident.etag)}`,
    observedAt,
  };
  if (previous) {
    change.previous = previous;
    change.changedFields = changedProperties(previous, incident);
  }
  return change;
}

async function withExtras(state: WorkspaceState, incident: Incident, include: WatchIncludeOptions | undefined, options: WatchIncidentsOptions): Promise<IncidentDetails> {
  if (!include || !(include.alerts || include.entities || include.comments || include.bookmarks)) return incident;
  try {
    // By the listed incident's own name: no lookup, and no second read of the incident.
    return await state.source.client.addIncidentDetails(incident, { ...include, abortSignal: options.abortSignal });
  } catch (e) {
    // Deleted since the list read it: delivered as listed (a reconcile reports the deletion).
    if (isSentinelError(e, "IncidentNotFoundError")) return incident;
    throw e;
  }
}

/** The consumer took a change: the cursor may pass it. */
function taken(state: WorkspaceState, change: IncidentUpsert, settings: Settings, keep: boolean): void {
  const incident = change.incident;
  const key = (incident.name ?? "").toLowerCase();
  const mod = modifiedMs(incident);
  state.cp.delivered[key] = [bareEtag(incident.etag), mod];
  state.cp.cursorMs = Math.max(state.cp.cursorMs ?? mod, mod);
  if (settings.reconcileMs !== undefined) state.cp.known![incident.name ?? key] = bareEtag(incident.etag);
  state.previous.delete(key);
  if (!keep) return;
  // The bare incident (without extras) is what `previous` compares against.
  const { entities: _e, entitiesSummary: _s, alerts: _a, comments: _c, bookmarks: _b, ...bare } = incident;
  state.previous.set(key, bare as Incident);
  if (state.previous.size > PREVIOUS_CACHE) state.previous.delete(state.previous.keys().next().value!);
}

/** Versions older than the next poll's window can never be read again: they need no remembering. */
function prune(state: WorkspaceState, settings: Settings): void {
  const cp = state.cp;
  const lowerMs = Math.max(cp.floorMs, (cp.cursorMs ?? cp.floorMs) - settings.lookbackMs);
  for (const [key, [, mod]] of Object.entries(cp.delivered)) if (mod < lowerMs) delete cp.delivered[key];
}

/** Records the batch's incidents as known; true when any was new. */
function announce(state: WorkspaceState, changes: IncidentUpsert[]): boolean {
  let added = false;
  for (const change of changes) {
    const name = change.incident.name ?? "";
    const etag = bareEtag(change.incident.etag);
    if (state.cp.known![name] !== etag) {
      state.cp.known![name] = etag;
      added = true;
    }
  }
  return added;
}

function previousOf(state: WorkspaceState, key: string): Incident | undefined {
  return state.previous.get(key);
}

function forget(state: WorkspaceState, name: string): void {
  const key = name.toLowerCase();
  delete state.cp.delivered[key];
  delete state.cp.known?.[name];
  state.previous.delete(key);
}

/** A full scan: every delivered incident no longer listed is reported deleted. */
async function reconcile(state: WorkspaceState, settings: Settings, signal: WatchIncidentsOptions["abortSignal"]): Promise<IncidentDeletion[]> {
  const known = state.cp.known ?? {};
  if (Object.keys(known).length === 0) return [];
  const present = new Set<string>();
  const pages = state.source.client.iterateIncidents({ $filter: settings.filter, $orderby: "name asc" }, { abortSignal: signal }).byPage({ maxPageSize: PAGE_SIZE });
  for await (const page of pages) for (const i of page) present.add((i.name ?? "").toLowerCase());
  const observedAt = new Date().toISOString();
  const ws = state.source.client.workspace;
  const out: IncidentDeletion[] = [];
  for (const [name, etag] of Object.entries(known)) {
    const key = name.toLowerCase();
    if (present.has(key)) continue;
    const previous = previousOf(state, key);
    out.push({
      kind: "deleted",
      incident: {
        id: previous?.id ?? incidentResourceId(ws, name),
        name,
        etag: previous?.etag ?? `"${etag}"`,
      },
      ...(previous ? { previous } : {}),
      workspace: state.source.label,
      eventId: `${state.key}/${key}/${etag}/deleted`,
      observedAt,
    });
  }
  return out;
}
