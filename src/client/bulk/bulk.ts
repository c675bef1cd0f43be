// Bulk triage: the same change to many incidents, as fast as the service's rate
// limit allows and no faster. Every item ends succeeded, unchanged or failed with
// a reason; writes are idempotent, so a resumed or retried run never doubles one.
import { createHash } from "node:crypto";
import { setMaxListeners } from "node:events";
import type { Incident } from "../../api/models.js";
import { derivedGuid } from "../../api/names.js";
import { parseSentinelResourceId, sameWorkspace, workspaceKey, workspaceResourceId } from "../../api/resourceId.js";
import type { IncidentClassification, IncidentClassificationReason } from "../../api/enums.js";
import type { AbortSignalLike } from "@azure/abort-controller";
import type { ClientContext } from "../context.js";
import { SentinelValidationError } from "../errors.js";
import { listAllIncidents, listIncidents, readIncident } from "../operations/incidents.js";
import { checkComment, postCommentDetailed, updateIncidentDetailed } from "../operations/mutations.js";
import type { RequestObserver } from "../pipeline/observePolicy.js";
import { resolveIncident } from "../resolve.js";
import { applyUpdate, normalizeUpdate, type IncidentUpdate, type NormalizedUpdate } from "../update.js";
import { Journal, type Outcome } from "./journal.js";
import { controllerFor, type RateController } from "./rateController.js";
import type { BulkFailure, BulkItem, BulkOptions, BulkProgress, BulkResult, BulkSelection, PlannedChange } from "./types.js";

/** One workspace a bulk run works on. */
export interface BulkTarget {
  ctx: ClientContext;
  endpoint: string;
  onRequest(observer: RequestObserver): () => void;
  label?: string;
}

interface WorkItem {
  target: BulkTarget;
  ref: string;
  incident?: Incident;
}

type Work = (item: WorkItem) => Promise<Outcome>;
type Plan = (item: WorkItem) => Promise<PlannedChange>;

function describe(item: WorkItem, name?: string): BulkItem {
  const out: BulkItem = { name: item.incident?.name ?? name ?? item.ref };
  if (item.incident?.properties.incidentNumber !== undefined) out.incidentNumber = item.incident.properties.incidentNumber;
  if (item.incident?.properties.title !== undefined) out.title = item.incident.properties.title;
  if (item.target.label !== undefined) out.workspace = item.target.label;
  return out;
}

function targetLabel(t: BulkTarget): string {
  return t.label ?? t.ctx.workspace.workspaceName;
}

/**
 * The one workspace an entry of a list selection belongs to. An incident (or its
 * resource id) names its own workspace and goes only there; a bare GUID, #number or
 * title names none, so it is taken only when the run has a single workspace.
 */
function targetOf(targets: BulkTarget[], entry: string | Incident, index: number): BulkTarget {
  const ref = typeof entry === "string" ? entry.trim() : entry.id;
  const parsed = ref?.startsWith("/") ? parseSentinelResourceId(ref) : undefined;
  if (parsed) {
    const target = targets.find((t) => sameWorkspace(t.ctx.workspace, parsed.workspace));
    if (!target) {
      throw new SentinelValidationError(
        `selection[${index}] (${ref}) belongs to workspace ${workspaceResourceId(parsed.workspace)}, which is not one of this run's (${targets.map(targetLabel).join(", ")}); nothing was written.`,
        `selection[${index}]`,
        ref,
      );
    }
    return target;
  }
  if (targets.length === 1 && (typeof entry === "string" || entry.id === undefined)) return targets[0]!;
  throw new SentinelValidationError(
    typeof entry === "string"
      ? `selection[${index}] ('${entry}') does not say which workspace it is in; with several workspaces name incidents by resource id, or pass the incidents as listed.`
      : `selection[${index}] (${entry.name ?? "an incident"}) has no resource id saying which workspace it is in; nothing was written.`,
    `selection[${index}]`,
    typeof entry === "string" ? entry : entry.name,
  );
}

async function select(targets: BulkTarget[], selection: BulkSelection, options: BulkOptions): Promise<WorkItem[]> {
  const items: WorkItem[] = [];
  if (Array.isArray(selection)) {
    // Every entry is placed before anything is read or written, so a stray one stops the run whole.
    (selection as readonly (string | Incident)[]).forEach((entry, i) => {
      const target = targetOf(targets, entry, i);
      items.push(typeof entry === "string" ? { target, ref: entry } : { target, ref: entry.name!, incident: entry });
    });
    return items;
  }
  const params = selection as Exclude<BulkSelection, readonly unknown[]>;
  for (const target of targets) {
    // A filter is asked of each workspace, and what each answers is its own.
    const found = params.$top !== undefined
      ? await listIncidents(target.ctx, params, { abortSignal: options.abortSignal })
      : await listAllIncidents(target.ctx, params, { abortSignal: options.abortSignal });
    for (const incident of found) items.push({ target, ref: incident.name!, incident });
  }
  return items;
}

/** What the user asked, which a resumed run must ask again; never the list it led to, which shrinks as items are done. */
function operationKey(operation: string, targets: BulkTarget[], selection: BulkSelection, payload: unknown, selectionKey: unknown): string {
  const ws = targets.map((t) => workspaceKey(t.ctx.workspace)).sort();
  const sel = selectionKey !== undefined
    ? selectionKey
    : Array.isArray(selection)
      ? (selection as (string | Incident)[]).map((s) => (typeof s === "string" ? s : (s.id ?? s.name)))
      : selection;
  return createHash("sha256").update(JSON.stringify([operation, ws, sel, payload])).digest("hex").slice(0, 32);
}

/** Sleeps, ending early (with an AbortError) when the signal fires. */
function sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function abortError(): Error {
  const e = new Error("The operation was aborted.");
  e.name = "AbortError";
  return e;
}

async function runBulk(
  operation: string,
  targets: BulkTarget[],
  selection: BulkSelection,
  payload: unknown,
  work: Work,
  plan: Plan,
  options: BulkOptions,
): Promise<BulkResult & { aborted: boolean; pending: number }> {
  const started = performance.now();
  const items = await select(targets, selection, options);
  const result: BulkResult & { aborted: boolean; pending: number } = {
    operation,
    dryRun: options.dryRun === true,
    total: items.length,
    succeeded: [],
    unchanged: [],
    failed: [],
    resumed: [],
    durationMs: 0,
    writesPerSecond: 0,
    throttled: 0,
    aborted: false,
    pending: 0,
  };
  if (options.dryRun) {
    result.planned = [];
    for (const item of items) {
      const p = await plan(item);
      if (Object.keys(p.changes).length > 0) result.planned.push(p);
      else result.unchanged.push(describe(item, p.name));
    }
    result.durationMs = performance.now() - started;
    return result;
  }

  const journal = options.journal ? Journal.open(options.journal, operation, operationKey(operation, targets, selection, payload, options.selectionKey)) : undefined;
  const controllers = new Map<BulkTarget, RateController>();
  const unsubscribe: (() => void)[] = [];
  for (const t of targets) {
    const c = controllerFor(t.endpoint, t.ctx.workspace.subscriptionId, { max: options.concurrency ?? 16 });
    const throttledBefore = c.throttled;
    controllers.set(t, c);
    unsubscribe.push(t.onRequest((o) => c.observe(o)));
    unsubscribe.push(() => (result.throttled += c.throttled - throttledBefore));
  }
  const progress = (): BulkProgress => ({
    done: result.succeeded.length + result.unchanged.length + result.failed.length + result.resumed.length,
    total: items.length,
    succeeded: result.succeeded.length,
    unchanged: result.unchanged.length,
    failed: result.failed.length,
    concurrency: Math.max(...[...controllers.values()].map((c) => c.concurrency)),
    throttled: [...controllers.values()].reduce((s, c) => s + c.throttled, 0),
  });
  // An item is the incident, by workspace and name: whatever reference found it.
  const journalKey = (item: WorkItem, name: string) => `${workspaceKey(item.target.ctx.workspace)}/${name.toLowerCase()}`;
  const queue = [...items];
  const seen = new Set<string>();

  const worker = async () => {
    for (;;) {
      if (options.abortSignal?.aborted) return;
      const item = queue.shift();
      if (!item) return;
      const controller = controllers.get(item.target)!;
      try {
        await controller.acquire(options.abortSignal);
      } catch {
        queue.unshift(item);
        return;
      }
      try {
        const name = await nameOf(item, options);
        const key = journalKey(item, name);
        if (seen.has(key)) {
          // Listed twice: done once.
          result.total--;
          continue;
        }
        seen.add(key);
        if (journal?.done.has(key)) {
          result.resumed.push(describe(item));
          continue;
        }
        try {
          // One retry layer: the pipeline's. Here only the outcome is recorded.
          const outcome = await work(item);
          (outcome === "succeeded" ? result.succeeded : result.unchanged).push(describe(item));
          journal?.record(key, outcome);
        } catch (e) {
          if ((e as Error).name === "AbortError") throw e;
          result.failed.push(failureOf(item, e));
          journal?.record(key, "failed", (e as Error).message ?? String(e));
        }
      } catch (e) {
        if ((e as Error).name === "AbortError") {
          queue.unshift(item);
          return;
        }
        result.failed.push(failureOf(item, e));
      } finally {
        controller.release();
        options.onProgress?.(progress());
      }
    }
  };

  const workers = Math.max(1, Math.min(options.concurrency ?? 16, items.length));
  // Each worker listens for the abort while it waits and while its request is in flight: that is many listeners, on purpose.
  if (options.abortSignal instanceof EventTarget) setMaxListeners(Math.max(10, workers * 4), options.abortSignal);
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    for (const u of unsubscribe) u();
    journal?.close();
  }
  result.pending = queue.length;
  result.aborted = options.abortSignal?.aborted === true && queue.length > 0;
  result.durationMs = performance.now() - started;
  result.writesPerSecond = result.succeeded.length / Math.max(result.durationMs / 1000, 0.001);
  return result;
}

function failureOf(item: WorkItem, e: unknown): BulkFailure {
  const err = e as { message?: string; code?: string; statusCode?: number };
  const failure: BulkFailure = { ...describe(item), reason: err.message ?? String(e) };
  if (err.code) failure.code = err.code;
  if (err.statusCode) failure.statusCode = err.statusCode;
  return failure;
}

/** The incident's name (GUID); a bare reference is resolved in the item's own workspace, exactly as a write resolves. */
async function nameOf(item: WorkItem, options: BulkOptions): Promise<string> {
  if (item.incident?.name) return item.incident.name;
  const resolved = await resolveIncident(item.target.ctx, item.ref, { abortSignal: options.abortSignal, matchTitle: options.matchTitle ?? "exact" });
  if (resolved.incident) item.incident = resolved.incident;
  return resolved.name;
}

function changesOf(current: Incident, update: NormalizedUpdate): Record<string, [unknown, unknown]> {
  const merged = applyUpdate(current.properties, update);
  if (!merged.changed) return {};
  const changes: Record<string, [unknown, unknown]> = {};
  const before = current.properties as unknown as Record<string, unknown>;
  const after = merged.properties as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(update.set), ...(update.addLabels.length || update.removeLabels.length ? ["labels"] : []), ...(update.unassign ? ["owner"] : [])])) {
    const b = key === "labels" ? ((before.labels as { labelName: string }[] | undefined) ?? []).map((l) => l.labelName) : before[key];
    const a = key === "labels" ? ((after.labels as { labelName: string }[] | undefined) ?? []).map((l) => l.labelName) : after[key];
    if (JSON.stringify(b) !== JSON.stringify(a)) changes[key] = [b ?? null, a ?? null];
  }
  return changes;
}

async function known(item: WorkItem, options: BulkOptions): Promise<Incident> {
  if (item.incident) return item.incident;
  const name = await nameOf(item, options);
  item.incident ??= await readIncident(item.target.ctx, name, item.ref, { abortSignal: options.abortSignal });
  return item.incident;
}

export async function bulkUpdateIncidents(targets: BulkTarget[], selection: BulkSelection, updateItems: IncidentUpdate, options: BulkOptions = {}) {
  const update = normalizeUpdate(updateItems);
  return runBulk(
    "update",
    targets,
    selection,
    updateItems,
    async (item) => {
      const current = await known(item, options);
      const r = await updateIncidentDetailed(item.target.ctx, current.name!, updateItems, { current, abortSignal: options.abortSignal, maxConflictRetries: 10 });
      item.incident = r.incident;
      // A conflict followed by "already so" means an earlier attempt of ours landed.
      return r.changed || r.conflicts > 0 ? "succeeded" : "unchanged";
    },
    async (item) => {
      const current = await known(item, options);
      return { ...describe(item), changes: changesOf(current, update) };
    },
    options,
  );
}

export interface CloseSpec {
  classification: IncidentClassification;
  reason?: IncidentClassificationReason;
  comment?: string;
}

export async function bulkCloseIncidents(targets: BulkTarget[], selection: BulkSelection, spec: CloseSpec, options: BulkOptions = {}) {
  const items: IncidentUpdate = { status: "Closed", classification: spec.classification };
  if (spec.reason !== undefined) items.classificationReason = spec.reason;
  if (spec.comment !== undefined) items.classificationComment = spec.comment;
  return bulkUpdateIncidents(targets, selection, items, options);
}

export interface BulkCommentOptions extends BulkOptions {
  /**
   * Makes the comment ids of this run distinct from another run with the same text.
   * By default the same text on the same incident is the same comment, so re-running never posts it twice.
   */
  commentKey?: string;
}

export async function bulkComment(targets: BulkTarget[], selection: BulkSelection, comment: string, options: BulkCommentOptions = {}) {
  const message = checkComment(comment);
  return runBulk(
    "comment",
    targets,
    selection,
    [message, options.commentKey ?? ""],
    async (item) => {
      const name = await nameOf(item, options);
      const commentId = derivedGuid("bulk-comment", name.toLowerCase(), message, options.commentKey ?? "");
      const r = await postCommentDetailed(item.target.ctx, name, message, { commentId, abortSignal: options.abortSignal });
      return r.created ? "succeeded" : "unchanged";
    },
    async (item) => ({ ...describe(item), changes: { comment: [null, message] } }),
    options,
  );
}
