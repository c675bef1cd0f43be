// Changing incidents: update (read, merge, write with the etag), create, and comments.
import { randomUUID } from "node:crypto";
import { IncidentSeverity, IncidentStatus, IncidentClassification, IncidentClassificationReason, onlyReasonFor } from "../../api/enums.js";
import type { Incident, IncidentComment, IncidentLabel, IncidentOwnerInfo, IncidentProperties } from "../../api/models.js";
import { isGuid, parseSentinelResourceId, sameWorkspace, workspaceResourceId } from "../../api/resourceId.js";
import type { ClientContext, OperationOptions, WriteOptions } from "../context.js";
import { BookmarkLinkError, IncidentExistsError, SentinelValidationError, isSentinelError } from "../errors.js";
import { resolveIncident } from "../resolve.js";
import { applyUpdate, checkReason, CLOSING_KEYS, normalizeUpdate, type IncidentUpdate } from "../update.js";
import { enumValue, labelsValue, optionalText, ownerValue, requiredText, toUtcIso } from "../values.js";
import { notFoundAsIncident, readIncident } from "./incidents.js";
import { addBookmarkToIncident } from "./relations.js";

export const MAX_COMMENT_LENGTH = 30_000;

export interface UpdateIncidentOptions extends WriteOptions {
  /** How many times a write that lost an etag race is re-applied to a fresh read; default 5. */
  maxConflictRetries?: number;
  /** The incident as already read (with its etag): saves the first GET. */
  current?: Incident;
}

export interface UpdateResult {
  incident: Incident;
  /** False when the incident was already as asked and nothing was written. */
  changed: boolean;
  /** Writes that lost an etag race and were re-applied. */
  conflicts: number;
}

/**
 * Updates the named fields of an incident and keeps every other one: reads it,
 * merges, and writes back with the etag; a 409 re-reads and re-applies the same
 * change, so concurrent writers never lose each other's fields.
 */
export async function updateIncidentDetailed(
  ctx: ClientContext,
  incident: string,
  updateItems: IncidentUpdate,
  options: UpdateIncidentOptions = {},
): Promise<UpdateResult> {
  const update = normalizeUpdate(updateItems);
  if (options.current !== undefined) checkSameWorkspace(ctx, options.current);
  const { name, incident: known } = options.current?.name
    ? { name: options.current.name, incident: options.current }
    : await resolveIncident(ctx, incident, { ...options, matchTitle: options.matchTitle ?? "exact" });
  const attempts = (options.maxConflictRetries ?? 5) + 1;
  let current = known;
  for (let attempt = 0; ; attempt++) {
    current ??= await readIncident(ctx, name, incident, options);
    const merged = applyUpdate(current.properties, update);
    if (!merged.changed) return { incident: current, changed: false, conflicts: attempt };
    try {
      const res = await notFoundAsIncident(ctx, incident, () =>
        ctx.transport.send<Incident>("Incidents_CreateOrUpdate", { incidentId: name }, {
          body: { etag: current!.etag, properties: merged.properties },
          // The etag in the body is the API's own check; If-Match also makes the PUT conditional on the
          // incident still being there, so an update racing a delete can never bring the incident back.
          headers: current!.etag ? { "if-match": current!.etag } : undefined,
          abortSignal: options.abortSignal,
        }),
      );
      return { incident: res.body, changed: true, conflicts: attempt };
    } catch (e) {
      const precondition = isSentinelError(e, "SentinelRequestError") && (e as { statusCode?: number }).statusCode === 412;
      if (!(isSentinelError(e, "SentinelConflictError") || precondition) || attempt + 1 >= attempts) throw e;
      // Changed or gone since it was read: read it again (a 404 then says it is gone) and re-apply.
      current = undefined;
    }
  }
}

/**
 * An incident read elsewhere must not be written here: its etag and fields belong to
 * its own workspace, and a PUT of them to this one would create a copy.
 */
function checkSameWorkspace(ctx: ClientContext, incident: Incident): void {
  const parsed = incident.id ? parseSentinelResourceId(incident.id) : undefined;
  if (!parsed || !sameWorkspace(parsed.workspace, ctx.workspace)) {
    throw new SentinelValidationError(
      `the incident given as 'current' (${incident.id ?? incident.name ?? "without an id"}) is not an incident of workspace ${workspaceResourceId(ctx.workspace)}; nothing was written.`,
      "current",
      incident.id,
    );
  }
}

export async function updateIncident(
  ctx: ClientContext,
  incident: string,
  updateItems: IncidentUpdate,
  options: UpdateIncidentOptions = {},
): Promise<Incident> {
  return (await updateIncidentDetailed(ctx, incident, updateItems, options)).incident;
}

export interface CreateIncidentInput {
  title: string;
  severity: IncidentSeverity;
  /** New by default; Closed needs a classification. */
  status?: IncidentStatus;
  description?: string;
  firstActivityTimeUtc?: Date | string;
  lastActivityTimeUtc?: Date | string;
  /** The seed's (MSTICPy's) name for firstActivityTimeUtc; give one or the other. */
  firstActivityTime?: Date | string;
  /** The seed's (MSTICPy's) name for lastActivityTimeUtc; give one or the other. */
  lastActivityTime?: Date | string;
  labels?: readonly (string | IncidentLabel)[];
  /** Bookmarks (GUID, resource id or display name) linked after creation. */
  bookmarks?: readonly string[];
  owner?: string | IncidentOwnerInfo;
  classification?: IncidentClassification;
  classificationReason?: IncidentClassificationReason;
  classificationComment?: string;
  /**
   * The new incident's GUID. Giving one makes creation idempotent: repeating the same
   * create returns the incident unchanged, while a different incident with that id is an
   * IncidentExistsError. A create never replaces an incident.
   */
  incidentId?: string;
}

const CREATE_KEYS = [
  "title",
  "severity",
  "status",
  "description",
  "firstActivityTimeUtc",
  "lastActivityTimeUtc",
  "firstActivityTime",
  "lastActivityTime",
  "labels",
  "bookmarks",
  "owner",
  "classification",
  "classificationReason",
  "classificationComment",
  "incidentId",
];

function activityTime(input: CreateIncidentInput, key: "firstActivityTime" | "lastActivityTime"): string | undefined {
  const utc = input[`${key}Utc`];
  const alias = input[key];
  if (utc !== undefined && alias !== undefined) {
    throw new SentinelValidationError(`give '${key}Utc' or its alias '${key}', not both.`, key, alias);
  }
  const value = utc ?? alias;
  return value === undefined ? undefined : toUtcIso(value, utc !== undefined ? `${key}Utc` : key);
}

function createProperties(input: CreateIncidentInput): IncidentProperties {
  if (input === null || typeof input !== "object") throw new SentinelValidationError("createIncident needs { title, severity, ... }.", "incident", input);
  for (const key of Object.keys(input)) {
    if (!CREATE_KEYS.includes(key)) throw new SentinelValidationError(`'${key}' is not a createIncident field. Allowed: ${CREATE_KEYS.join(", ")}.`, key, (input as unknown as Record<string, unknown>)[key], CREATE_KEYS);
  }
  const props: IncidentProperties = {
    title: requiredText(input.title, "title"),
    severity: enumValue("severity", IncidentSeverity, input.severity),
    status: input.status === undefined ? "New" : enumValue("status", IncidentStatus, input.status),
  };
  const description = optionalText(input.description, "description");
  if (description !== undefined) props.description = description;
  const first = activityTime(input, "firstActivityTime");
  const last = activityTime(input, "lastActivityTime");
  if (first !== undefined) props.firstActivityTimeUtc = first;
  if (last !== undefined) props.lastActivityTimeUtc = last;
  if (first && last && first > last) {
    throw new SentinelValidationError("the first activity time is after the last activity time.", input.firstActivityTimeUtc !== undefined ? "firstActivityTimeUtc" : "firstActivityTime", first);
  }
  if (input.labels !== undefined) props.labels = labelsValue(input.labels);
  if (input.owner !== undefined) props.owner = ownerValue(input.owner);
  if (input.classification !== undefined) props.classification = enumValue("classification", IncidentClassification, input.classification);
  if (input.classificationReason !== undefined) props.classificationReason = enumValue("classificationReason", IncidentClassificationReason, input.classificationReason);
  const comment = optionalText(input.classificationComment, "classificationComment");
  if (comment !== undefined) props.classificationComment = comment;
  const closingField = CLOSING_KEYS.find((k) => props[k] !== undefined);
  if (props.status !== "Closed" && closingField) {
    throw new SentinelValidationError(`'${closingField}' is only accepted when creating a closed incident (status Closed).`, closingField, props[closingField], ["Closed"]);
  }
  if (props.status === "Closed" && props.classification === undefined) {
    throw new SentinelValidationError(`Creating a closed incident needs a classification. Allowed values: ${IncidentClassification.join(", ")}.`, "classification", undefined, IncidentClassification);
  }
  const only = props.classification !== undefined && props.classificationReason === undefined ? onlyReasonFor(props.classification) : undefined;
  if (only) props.classificationReason = only;
  if (props.classification !== undefined) checkReason(props.classification, props.classificationReason, true);
  return props;
}

/** True when `existing` is what this create would have made: the create is being repeated. */
function sameCreate(existing: IncidentProperties, wanted: IncidentProperties): boolean {
  const text = (v: unknown) => (v === undefined || v === null ? "" : String(v));
  for (const k of ["title", "severity", "status", "description", "classification", "classificationReason", "classificationComment"] as const) {
    if (text(existing[k]) !== text(wanted[k])) return false;
  }
  for (const k of ["firstActivityTimeUtc", "lastActivityTimeUtc"] as const) {
    if (wanted[k] !== undefined && Date.parse(String(existing[k])) !== Date.parse(wanted[k]!)) return false;
  }
  const names = (p: IncidentProperties) => (p.labels ?? []).map((l) => l.labelName).sort().join("\u0000");
  if (names(existing) !== names(wanted)) return false;
  if (wanted.owner !== undefined) {
    const ids = (o: IncidentOwnerInfo | undefined) => [o?.objectId, o?.userPrincipalName, o?.email].filter(Boolean).map((v) => v!.toLowerCase());
    const have = ids(existing.owner);
    if (!ids(wanted.owner).every((id) => have.includes(id))) return false;
  }
  return true;
}

async function readIfExists(ctx: ClientContext, name: string, options: OperationOptions): Promise<Incident | undefined> {
  try {
    return (await ctx.transport.send<Incident>("Incidents_Get", { incidentId: name }, options)).body;
  } catch (e) {
    if (isSentinelError(e, "SentinelRequestError") && (e as { statusCode?: number }).statusCode === 404) return undefined;
    throw e;
  }
}

function existsError(ctx: ClientContext, incidentId: string, existing: Incident): IncidentExistsError {
  const p = existing.properties;
  return new IncidentExistsError(
    `Incident ${incidentId} already exists in workspace ${ctx.workspace.workspaceName} as #${p.incidentNumber ?? "?"} '${p.title}' (${p.severity}, ${p.status}), and it is not the incident this create describes. A create never replaces an incident: nothing was written. Use updateIncident to change it, or another incidentId.`,
    incidentId,
    { incidentNumber: p.incidentNumber, name: existing.name ?? incidentId, title: p.title, createdTimeUtc: p.createdTimeUtc },
  );
}

/**
 * Creates an incident, then links its bookmarks. It never replaces one: the PUT asks
 * the service to write only if the name is free (If-None-Match: *), and a given
 * incidentId is checked first, so a service that ignores the header is covered too.
 */
export async function createIncident(ctx: ClientContext, input: CreateIncidentInput, options: OperationOptions = {}): Promise<Incident> {
  const properties = createProperties(input);
  if (input.bookmarks !== undefined && (!Array.isArray(input.bookmarks) || input.bookmarks.some((b) => typeof b !== "string" || b.trim() === ""))) {
    throw new SentinelValidationError("'bookmarks' must be a list of bookmark GUIDs, resource ids or names.", "bookmarks", input.bookmarks);
  }
  if (input.incidentId !== undefined && !isGuid(input.incidentId)) {
    throw new SentinelValidationError(`'incidentId' must be a GUID, got '${input.incidentId}'.`, "incidentId", input.incidentId);
  }
  // The client chooses the name, so a retried PUT can only ever create one incident.
  const incidentId = input.incidentId ?? randomUUID();
  let created: Incident | undefined;
  const earlier = input.incidentId !== undefined ? await readIfExists(ctx, incidentId, options) : undefined;
  if (earlier) {
    if (!sameCreate(earlier.properties, properties)) throw existsError(ctx, incidentId, earlier);
    created = earlier;
  } else {
    try {
      created = (await ctx.transport.send<Incident>("Incidents_CreateOrUpdate", { incidentId }, { body: { properties }, headers: { "if-none-match": "*" }, abortSignal: options.abortSignal })).body;
    } catch (e) {
      // 412: the name was taken between the check and the write, or by our own attempt whose answer was lost.
      if (!(isSentinelError(e, "SentinelRequestError") && (e as { statusCode?: number }).statusCode === 412)) throw e;
      const existing = await readIfExists(ctx, incidentId, options);
      if (!existing) throw e;
      if (!sameCreate(existing.properties, properties)) throw existsError(ctx, incidentId, existing);
      created = existing;
    }
  }
  for (const bookmark of input.bookmarks ?? []) {
    try {
      await addBookmarkToIncident(ctx, incidentId, bookmark, options);
    } catch (e) {
      throw new BookmarkLinkError(
        `Incident ${incidentId} (#${created.properties.incidentNumber}) was created, but linking bookmark '${bookmark}' failed: ${(e as Error).message}`,
        incidentId,
        bookmark,
        e,
      );
    }
  }
  if ((input.bookmarks ?? []).length > 0) created = await readIncident(ctx, incidentId, incidentId, options);
  return created;
}

export interface PostCommentOptions extends WriteOptions {
  /** The comment's GUID; the same id always means the same comment, so a retry cannot duplicate it. */
  commentId?: string;
}

export function checkComment(comment: unknown): string {
  if (typeof comment !== "string" || comment.trim() === "") throw new SentinelValidationError("the comment is empty.", "comment", comment);
  if (comment.length > MAX_COMMENT_LENGTH) {
    throw new SentinelValidationError(`the comment is ${comment.length} characters long; Sentinel takes at most ${MAX_COMMENT_LENGTH}.`, "comment", `${comment.slice(0, 40)}…`);
  }
  return comment;
}

export async function postComment(ctx: ClientContext, incident: string, comment: string, options: PostCommentOptions = {}): Promise<IncidentComment> {
  return (await postCommentDetailed(ctx, incident, comment, options)).comment;
}

/** postComment, also saying whether the comment is new (false: the same comment id was posted before). */
export async function postCommentDetailed(ctx: ClientContext, incident: string, comment: string, options: PostCommentOptions = {}): Promise<{ comment: IncidentComment; created: boolean }> {
  const message = checkComment(comment);
  if (options.commentId !== undefined && !isGuid(options.commentId)) {
    throw new SentinelValidationError(`'commentId' must be a GUID, got '${options.commentId}'.`, "commentId", options.commentId);
  }
  const { name } = await resolveIncident(ctx, incident, { ...options, matchTitle: options.matchTitle ?? "exact" });
  const commentId = options.commentId ?? randomUUID();
  const res = await notFoundAsIncident(ctx, incident, () =>
    ctx.transport.send<IncidentComment>("IncidentComments_CreateOrUpdate", { incidentId: name, incidentCommentId: commentId }, {
      body: { properties: { message } },
      abortSignal: options.abortSignal,
    }),
  );
  return { comment: res.body, created: res.status === 201 };
}

export async function deleteComment(ctx: ClientContext, incident: string, commentId: string, options: WriteOptions = {}): Promise<void> {
  if (!isGuid(commentId)) throw new SentinelValidationError(`'commentId' must be a GUID, got '${commentId}'.`, "commentId", commentId);
  const { name } = await resolveIncident(ctx, incident, { ...options, matchTitle: options.matchTitle ?? "exact" });
  await ctx.transport.send("IncidentComments_Delete", { incidentId: name, incidentCommentId: commentId }, options);
}

