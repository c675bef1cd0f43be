// The console's JSON API. Every call goes through the public SentinelClient: the
// browser holds only its session cookie, never the Azure token. Answers carry data
// only; the page renders every string as text.
import { IncidentClassification, IncidentClassificationReason, IncidentSeverity, IncidentStatus, ReasonsForClassification } from "../api/enums.js";
import type { Entity, Incident, IncidentTask } from "../api/models.js";
import { isSentinelError } from "../client/errors.js";
import type { IncidentUpdate } from "../client/update.js";
import { STATS_GROUP_KEYS, type StatsGroupKey } from "../client/stats/types.js";
import { ConsoleInputError, parseQueueQuery, parseWhen, QueuePager, type ConsoleWorkspace } from "./queue.js";

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  signal: AbortSignal;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
}

export interface ConsoleApiOptions {
  workspaces: ConsoleWorkspace[];
  /** Who "me" is when assigning (a UPN); without it "me" is refused with a clear message. */
  me?: string;
}

const UPDATE_FIELDS = ["owner", "severity", "status", "classification", "classificationReason", "classificationComment", "addLabels", "removeLabels"] as const;

/** A link is clickable only when it is http(s); anything else (javascript:, data:, ...) is shown as text. */
export function safeLink(url: unknown): string | null {
  if (typeof url !== "string") return null;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : null;
  } catch {
    return null;
  }
}

function text(value: unknown, field: string, max = 30_000): string {
  if (typeof value !== "string" || value.trim() === "") throw new ConsoleInputError(`'${field}' must be a non-empty string.`, field);
  if (value.length > max) throw new ConsoleInputError(`'${field}' is ${value.length} characters long; at most ${max} are allowed.`, field);
  return value;
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new ConsoleInputError("the request body must be a JSON object.", "body");
  return body as Record<string, unknown>;
}

/** What changed between two versions of an incident, field by field, for the page to say after a conflict. */
export function incidentChanges(before: Incident, after: Incident): { field: string; before: unknown; after: unknown }[] {
  const out: { field: string; before: unknown; after: unknown }[] = [];
  const pick = (i: Incident) => ({
    title: i.properties.title,
    severity: i.properties.severity,
    status: i.properties.status,
    owner: i.properties.owner?.userPrincipalName ?? i.properties.owner?.email ?? i.properties.owner?.assignedTo ?? null,
    labels: (i.properties.labels ?? []).map((l) => l.labelName).join(", "),
    classification: i.properties.classification ?? null,
    classificationReason: i.properties.classificationReason ?? null,
    description: i.properties.description ?? null,
  });
  const a = pick(before);
  const b = pick(after);
  for (const k of Object.keys(a) as (keyof typeof a)[]) if (a[k] !== b[k]) out.push({ field: k, before: a[k], after: b[k] });
  return out;
}

function groupEntities(entities: Entity[]): { kind: string; items: { name: string; friendlyName: string | null; properties: Record<string, unknown> }[] }[] {
  const groups = new Map<string, { name: string; friendlyName: string | null; properties: Record<string, unknown> }[]>();
  for (const e of entities) {
    const list = groups.get(e.kind) ?? [];
    groups.set(e.kind, list);
    const { additionalData: _ignored, ...props } = e.properties as Record<string, unknown>;
    list.push({ name: e.name ?? "", friendlyName: typeof e.properties.friendlyName === "string" ? e.properties.friendlyName : null, properties: props });
  }
  return [...groups].sort((x, y) => x[0].localeCompare(y[0])).map(([kind, items]) => ({ kind, items }));
}

export class ConsoleApi {
  private readonly pager = new QueuePager();

  constructor(private readonly options: ConsoleApiOptions) {}

  /** Settings the page needs: workspaces, who "me" is, and the allowed values of every choice. */
  config(): unknown {
    return {
      workspaces: this.options.workspaces.map((w) => ({ label: w.label, workspaceName: w.client.workspace.workspaceName, endpoint: new URL(w.client.endpoint).host })),
      me: this.options.me ?? null,
      severities: IncidentSeverity,
      statuses: IncidentStatus,
      classifications: IncidentClassification,
      reasons: ReasonsForClassification,
      statsGroupKeys: STATS_GROUP_KEYS,
    };
  }

  private workspace(label: string): ConsoleWorkspace {
    const ws = this.options.workspaces.find((w) => w.label === label);
    if (!ws) throw new ConsoleInputError(`no workspace '${label}'. Workspaces: ${this.options.workspaces.map((w) => w.label).join(", ")}.`, "ws");
    return ws;
  }

  async handle(req: ApiRequest): Promise<ApiResponse> {
    try {
      return await this.route(req);
    } catch (e) {
      return errorResponse(e);
    }
  }

  private async route(req: ApiRequest): Promise<ApiResponse> {
    const parts = req.path.split("/").filter(Boolean).map(decodeURIComponent); // ["api", ...]
    const [, first, ws, name, sub, subId] = parts;
    const opts = { abortSignal: req.signal };
    if (req.method === "GET" && first === "config" && parts.length === 2) return { status: 200, body: this.config() };
    if (req.method === "GET" && first === "incidents" && parts.length === 2) {
      const query = parseQueueQuery(req.query, this.options.workspaces);
      return { status: 200, body: await this.pager.page(query, req.query.get("cursor"), req.signal) };
    }
    if (req.method === "GET" && first === "counts" && parts.length === 2) return { status: 200, body: await this.counts(req) };
    if (req.method === "GET" && first === "stats" && parts.length === 2) return { status: 200, body: await this.stats(req) };
    if (first !== "incidents" || !ws || !name) return { status: 404, body: { error: { code: "NotFound", message: `no API at ${req.method} ${req.path}` } } };
    const { client } = this.workspace(ws);
    if (req.method === "GET" && parts.length === 4) return { status: 200, body: await this.details(ws, name, req.signal) };
    if (req.method === "PATCH" && parts.length === 4) return this.update(ws, name, objectBody(req.body), req.signal);
    if (req.method === "POST" && sub === "comments" && parts.length === 5) {
      const message = text(objectBody(req.body).message, "message");
      return { status: 201, body: await client.postComment(name, message, opts) };
    }
    if (req.method === "POST" && sub === "tasks" && parts.length === 5) {
      const b = objectBody(req.body);
      const title = text(b.title, "title", 150);
      return { status: 201, body: await client.createOrUpdateIncidentTask(name, { title, description: typeof b.description === "string" ? b.description : undefined }, opts) };
    }
    if (req.method === "PATCH" && sub === "tasks" && subId && parts.length === 6) {
      const b = objectBody(req.body);
      const status = b.status;
      if (status !== "New" && status !== "Completed") throw new ConsoleInputError("'status' must be New or Completed.", "status");
      const task = (await client.listIncidentTasks(name, opts)).find((t) => t.name === subId);
      if (!task) return { status: 404, body: { error: { code: "NotFound", message: `no task '${subId}' on this incident.` } } };
      return { status: 200, body: await client.createOrUpdateIncidentTask(name, { taskId: subId, title: task.properties.title, description: task.properties.description, status }, opts) };
    }
    return { status: 404, body: { error: { code: "NotFound", message: `no API at ${req.method} ${req.path}` } } };
  }

  private async details(ws: string, name: string, signal: AbortSignal): Promise<unknown> {
    const { client } = this.workspace(ws);
    const [incident, tasks] = await Promise.all([
      client.getIncident(name, { entities: true, alerts: true, comments: true, bookmarks: true, abortSignal: signal }),
      client.listIncidentTasks(name, { abortSignal: signal }).catch(() => [] as IncidentTask[]),
    ]);
    const { entities, alerts, comments, bookmarks, entitiesSummary: _summary, ...base } = incident;
    const alertRows = (alerts ?? [])
      .map((a) => ({
        name: a.name ?? "",
        displayName: a.properties.alertDisplayName ?? a.properties.friendlyName ?? "",
        severity: (a.properties as { severity?: string }).severity ?? null,
        time: a.properties.startTimeUtc ?? a.properties.timeGenerated ?? null,
        end: a.properties.endTimeUtc ?? null,
        product: (a.properties as { productName?: string }).productName ?? null,
        tactics: (a.properties as { tactics?: string[] }).tactics ?? [],
        description: a.properties.description ?? null,
      }))
      .sort((x, y) => String(x.time).localeCompare(String(y.time)));
    return {
      ws,
      incident: base,
      portalUrl: safeLink(base.properties.incidentUrl),
      entities: groupEntities(entities ?? []),
      alerts: alertRows,
      comments: (comments ?? []).map((c) => ({
        name: c.name ?? "",
        message: c.properties.message,
        author: c.properties.author?.name ?? c.properties.author?.userPrincipalName ?? c.properties.author?.email ?? null,
        created: c.properties.createdTimeUtc ?? null,
      })),
      bookmarks: (bookmarks ?? []).map((b) => ({ name: b.name ?? "", displayName: b.properties.displayName, created: b.properties.created ?? null, query: b.properties.query })),
      tasks: tasks.map((t) => ({ name: t.name ?? "", title: t.properties.title, status: t.properties.status, description: t.properties.description ?? null })),
    };
  }

  private async update(ws: string, name: string, body: Record<string, unknown>, signal: AbortSignal): Promise<ApiResponse> {
    const { client } = this.workspace(ws);
    const change = objectBody(body.update);
    const update: IncidentUpdate = {};
    for (const key of Object.keys(change)) {
      if (!(UPDATE_FIELDS as readonly string[]).includes(key)) throw new ConsoleInputError(`'${key}' cannot be changed here. Allowed: ${UPDATE_FIELDS.join(", ")}.`, key);
    }
    if (change.owner !== undefined) {
      if (change.owner === "me") {
        if (!this.options.me) throw new ConsoleInputError("'me' is not known: start the console with --me you@contoso.com (or set SENTINEL_ME).", "owner");
        update.owner = this.options.me;
      } else update.owner = change.owner === null || change.owner === "" ? null : text(change.owner, "owner", 256);
    }
    // Enum values arrive as the page sent them; the library checks each against the spec before any request.
    for (const key of ["severity", "status", "classification", "classificationReason", "classificationComment"] as const) {
      if (change[key] !== undefined) (update as Record<string, unknown>)[key] = text(change[key], key, 4000);
    }
    if (update.classification !== undefined) {
      const c = update.classification as IncidentClassification;
      const allowed = ReasonsForClassification[c];
      if (allowed === undefined) throw new ConsoleInputError(`'classification' has the invalid value '${c}'. Allowed values: ${IncidentClassification.join(", ")}.`, "classification");
      if (update.classificationReason !== undefined && !allowed.includes(update.classificationReason as IncidentClassificationReason)) {
        throw new ConsoleInputError(`'${update.classificationReason}' is not a reason for ${c}. Allowed: ${allowed.join(", ") || "none"}.`, "classificationReason");
      }
    }
    for (const key of ["addLabels", "removeLabels"] as const) {
      const v = change[key];
      if (v === undefined) continue;
      if (!Array.isArray(v) || v.some((l) => typeof l !== "string" || l.trim() === "")) throw new ConsoleInputError(`'${key}' must be a list of label names.`, key);
      update[key] = v as string[];
    }
    // The write is made against the version the page showed: if the incident changed
    // since, nothing is written and the page is told what changed.
    const etag = typeof body.etag === "string" ? body.etag : undefined;
    const current = await client.getIncident(name, { abortSignal: signal });
    if (etag !== undefined && current.etag !== etag) return conflict(current, body.seen);
    try {
      const r = await client.updateIncidentDetailed(name, update, { current, maxConflictRetries: 0, abortSignal: signal });
      return { status: 200, body: { incident: r.incident, changed: r.changed } };
    } catch (e) {
      if (isSentinelError(e, "SentinelConflictError")) return conflict(await client.getIncident(name, { abortSignal: signal }), body.seen);
      throw e;
    }
  }

  private async counts(req: ApiRequest): Promise<unknown> {
    const query = parseQueueQuery(req.query, this.options.workspaces);
    const severity: Record<string, number> = {};
    const status: Record<string, number> = {};
    let total = 0;
    let unassigned = 0;
    for (const { client } of query.workspaces) {
      for await (const page of client.iterateIncidents({ $filter: query.filter, $top: 1000 }, { abortSignal: req.signal }).byPage()) {
        for (const i of page) {
          total++;
          severity[i.properties.severity] = (severity[i.properties.severity] ?? 0) + 1;
          status[i.properties.status] = (status[i.properties.status] ?? 0) + 1;
          if (!i.properties.owner?.objectId && !i.properties.owner?.userPrincipalName && !i.properties.owner?.email) unassigned++;
        }
      }
    }
    return { total, severity, status, unassigned };
  }

  private async stats(req: ApiRequest): Promise<unknown> {
    const labels = req.query.get("ws");
    const workspaces = labels ? labels.split(",").map((l) => this.workspace(l)) : this.options.workspaces;
    const since = parseWhen(req.query.get("since") ?? "30d", "since");
    const until = req.query.get("until") ? parseWhen(req.query.get("until")!, "until") : new Date();
    const groupBy: StatsGroupKey[] = ["severity", "status", "owner", "classification", "tactic", "product"];
    return workspaces[0]!.client.incidentStats({ since, until, groupBy, workspaces, abortSignal: req.signal });
  }
}

function conflict(current: Incident, seen: unknown): ApiResponse {
  const changes = seen && typeof seen === "object" && "properties" in (seen as object) ? incidentChanges(seen as Incident, current) : [];
  return {
    status: 409,
    body: { error: { code: "Conflict", message: "Someone else changed this incident since you opened it; nothing was written. It has been reloaded." }, current, changes },
  };
}

/** The service's or our own error, in plain words, with the status it deserves. */
export function errorResponse(e: unknown): ApiResponse {
  const err = e as { name?: string; message?: string; statusCode?: number; code?: string; field?: string; requestId?: string };
  if (err?.name === "ConsoleInputError" || err?.name === "SentinelValidationError") return { status: 400, body: { error: { code: "BadRequest", message: err.message, field: err.field } } };
  if (err?.name === "IncidentNotFoundError") return { status: 404, body: { error: { code: "NotFound", message: err.message } } };
  if (err?.name === "AbortError") return { status: 499, body: { error: { code: "Aborted", message: "the request was cancelled." } } };
  if (isSentinelError(e)) {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 502;
    return { status, body: { error: { code: err.code ?? err.name, message: err.message, requestId: err.requestId } } };
  }
  process.stderr.write(`sentinel ui: ${(e as Error)?.stack ?? String(e)}\n`);
  return { status: 500, body: { error: { code: "InternalError", message: "the console failed unexpectedly; see its terminal." } } };
}
