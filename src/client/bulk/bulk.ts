// Bulk triage: the same change to many incidents, as fast as the service's rate
// limit allows and no faster. Every item ends succeeded, unchanged or failed with
// a reason; writes are idempotent, so a resumed or retried run never doubles one.
import { createHash } from "node:crypto";
import type { Incident } from "../../api/models.js";
import { derivedGuid } from "../../api/names.js";
import { workspaceKey } from "../../api/resourceId.js";
import type { ClientContext } from "../context.js";
import { isSentinelError } from "../errors.js";
import { listAllIncidents, listIncidents, notFoundAsIncident, readIncident } from "../operations/incidents.js";
import { checkComment, updateIncidentDetailed } from "../operations/mutations.js";
import { backoffDelayInMs } from "../pipeline/retryStrategies.js";
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

async function select(targets: BulkTarget[], selection: BulkSelection, options: BulkOptions): Promise<WorkItem[]> {
  const items: WorkItem[] = [];
  for (const target of targets) {
    if (Array.isArray(selection)) {
      for (const entry of selection as readonly (string | Incident)[]) {
        items.push(typeof entry === "string" ? { target, ref: entry } : { target, ref: entry.name!, incident: entry });
      }
    } else {
      const params = selection as Exclude<BulkSelection, readonly unknown[]>;
      const found = params.$top !== undefined
        ? await listIncidents(target.ctx, params, { abortSignal: options.abortSignal })
        : await listAllIncidents(target.ctx, params, { abortSignal: options.abortSignal });
      for (const incident of found) items.push({ target, ref: incident.name!, incident });
    }
  }
  return items;
}

function retriable(e: unknown): boolean {
  if (!isSentinelError(e, "SentinelRequestError")) return false;
  const status = (e as { statusCode?: number }).statusCode;
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

function operationKey(operation: string, targets: BulkTarget[], selection: BulkSelection, payload: unknown): string {
  const ws = targets.map((t) => workspaceKey(t.ctx.workspace)).sort();
  const sel = Array.isArray(selection) ? (selection as (string | Incident)[]).map((s) => (typeof s === "string" ? s : s.name)) : selection;
  return createHash("sha256").update(JSON.stringify([operation, ws, sel, payload])).digest("hex").slice(0, 32);
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

  const journal = options.journal ? Journal.open(options.journal, operation, operationKey(operation, targets, selection, payload)) : undefined;
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
  const journalKey = (item: WorkItem) => `${workspaceKey(item.target.ctx.workspace)}/${(item.incident?.name ?? item.ref).toLowerCase()}`;
  const queue = [...items];
  const maxAttempts = options.maxAttempts ?? 3;

  const worker = async () => {
    for (;;) {
      if (options.abortSignal?.aborted) return;
      const item = queue.shift();
      if (!item) return;
      const key = journalKey(item);
      if (journal?.done.has(key)) {
        result.resumed.push(describe(item));
        options.onProgress?.(progress());
        continue;
      }
      const controller = controllers.get(item.target)!;
      for (let attempt = 1; ; attempt++) {
        try {
          await controller.acquire(options.abortSignal);
        } catch {
          queue.unshift(item);
          return;
        }
        try {
          const outcome = await work(item);
          (outcome === "succeeded" ? result.succeeded : result.unchanged).push(describe(item));
          journal?.record(key, outcome);
          break;
        } catch (e) {
          if ((e as Error).name === "AbortError") {
            queue.unshift(item);
            return;
          }
          if (attempt < maxAttempts && retriable(e)) {
            await new Promise((r) => setTimeout(r, backoffDelayInMs(attempt, { retryDelayInMs: 500 })));
            continue;
          }
          const err = e as { message?: string; code?: string; statusCode?: number };
          const failure: BulkFailure = { ...describe(item), reason: err.message ?? String(e) };
          if (err.code) failure.code = err.code;
          if (err.statusCode) failure.statusCode = err.statusCode;
          result.failed.push(failure);
          journal?.record(key, "failed", failure.reason);
          break;
        } finally {
          controller.release();
        }
      }
      options.onProgress?.(progress());
    }
  };

  try {
    const workers = Math.max(1, Math.min(options.concurrency ?? 16, items.length));
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
  const { name, incident } = await resolveIncident(item.target.ctx, item.ref, { abortSignal: options.abortSignal });
  item.incident = incident ?? (await readIncident(item.target.ctx, name, item.ref, { abortSignal: options.abortSignal }));
  return item.incident;
}

export async function bulkUpdateIncidents(targets: BulkTarget[], selection: BulkSelection, updateItems: IncidentUpdate | Record<string, unknown>, options: BulkOptions = {}) {
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
  classification: string;
  reason?: string;
  comment?: string;
}

export async function bulkCloseIncidents(targets: BulkTarget[], selection: BulkSelection, spec: CloseSpec, options: BulkOptions = {}) {
  const items: Record<string, unknown> = { status: "Closed", classification: spec.classification };
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
      const name = item.incident?.name ?? (await resolveIncident(item.target.ctx, item.ref, { abortSignal: options.abortSignal })).name;
      const commentId = derivedGuid("bulk-comment", name.toLowerCase(), message, options.commentKey ?? "");
      const res = await notFoundAsIncident(item.target.ctx, item.ref, () =>
        item.target.ctx.transport.send("IncidentComments_CreateOrUpdate", { incidentId: name, incidentCommentId: commentId }, {
          body: { properties: { message } },
          abortSignal: options.abortSignal,
        }),
      );
      return res.status === 201 ? "succeeded" : "unchanged";
    },
    async (item) => ({ ...describe(item), changes: { comment: [null, message] } }),
    options,
  );
}
