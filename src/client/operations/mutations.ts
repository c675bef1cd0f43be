// Changing incidents: update (read, merge, write with the etag), create, and comments.
import { randomUUID } from "node:crypto";
import { IncidentSeverity, IncidentStatus, IncidentClassification, IncidentClassificationReason } from "../../api/enums.js";
import type { Incident, IncidentComment, IncidentLabel, IncidentOwnerInfo, IncidentProperties } from "../../api/models.js";
import { isGuid } from "../../api/resourceId.js";
import type { ClientContext, OperationOptions } from "../context.js";
import { BookmarkLinkError, SentinelValidationError, isSentinelError } from "../errors.js";
import { resolveIncident } from "../resolve.js";
import { applyUpdate, checkReason, normalizeUpdate, type IncidentUpdate } from "../update.js";
import { enumValue, labelsValue, optionalText, ownerValue, requiredText, toUtcIso } from "../values.js";
import { notFoundAsIncident, readIncident } from "./incidents.js";
import { addBookmarkToIncident } from "./relations.js";

export const MAX_COMMENT_LENGTH = 30_000;

export interface UpdateIncidentOptions extends OperationOptions {
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
  updateItems: IncidentUpdate | Record<string, unknown>,
  options: UpdateIncidentOptions = {},
): Promise<UpdateResult> {
  const update = normalizeUpdate(updateItems);
  const { name, incident: known } = options.current?.name ? { name: options.current.name, incident: options.current } : await resolveIncident(ctx, incident, options);
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
          abortSignal: options.abortSignal,
        }),
      );
      return { incident: res.body, changed: true, conflicts: attempt };
    } catch (e) {
      if (!isSentinelError(e, "SentinelConflictError") || attempt + 1 >= attempts) throw e;
      current = undefined;
    }
  }
}

export async function updateIncident(
  ctx: ClientContext,
  incident: string,
  updateItems: IncidentUpdate | Record<string, unknown>,
  options: UpdateIncidentOptions = {},
): Promise<Incident> {
  return (await updateIncidentDetailed(ctx, incident, updateItems, options)).incident;
}

export interface CreateIncidentInput {
  title: string;
  severity: string;
  status?: string;
  description?: string;
  firstActivityTime?: Date | string;
  lastActivityTime?: Date | string;
  labels?: (string | IncidentLabel)[];
  /** Bookmarks (GUID, resource id or display name) linked after creation. */
  bookmarks?: string[];
  owner?: string | IncidentOwnerInfo;
  classification?: string;
  classificationReason?: string;
  classificationComment?: string;
  /** The new incident's GUID; giving one makes creation idempotent. */
  incidentId?: string;
}

const CREATE_KEYS = [
  "title",
  "severity",
  "status",
  "description",
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
  if (input.firstActivityTime !== undefined) props.firstActivityTimeUtc = toUtcIso(input.firstActivityTime, "firstActivityTime");
  if (input.lastActivityTime !== undefined) props.lastActivityTimeUtc = toUtcIso(input.lastActivityTime, "lastActivityTime");
  if (props.firstActivityTimeUtc && props.lastActivityTimeUtc && props.firstActivityTimeUtc > props.lastActivityTimeUtc) {
    throw new SentinelValidationError("'firstActivityTime' is after 'lastActivityTime'.", "firstActivityTime", input.firstActivityTime);
  }
  if (input.labels !== undefined) props.labels = labelsValue(input.labels);
  if (input.owner !== undefined) props.owner = ownerValue(input.owner);
  if (input.classification !== undefined) props.classification = enumValue("classification", IncidentClassification, input.classification);
  if (input.classificationReason !== undefined) props.classificationReason = enumValue("classificationReason", IncidentClassificationReason, input.classificationReason);
  const comment = optionalText(input.classificationComment, "classificationComment");
  if (comment !== undefined) props.classificationComment = comment;
  if (props.status === "Closed" && props.classification === undefined) {
    throw new SentinelValidationError(`Creating a closed incident needs a classification. Allowed values: ${IncidentClassification.join(", ")}.`, "classification", undefined, IncidentClassification);
  }
  if (props.classification !== undefined) checkReason(props.classification, props.classificationReason, props.status === "Closed");
  else if (props.classificationReason !== undefined) {
    throw new SentinelValidationError("'classificationReason' needs a 'classification'.", "classificationReason", props.classificationReason);
  }
  return props;
}

/** Creates an incident, then links its bookmarks. */
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
  const res = await ctx.transport.send<Incident>("Incidents_CreateOrUpdate", { incidentId }, { body: { properties }, abortSignal: options.abortSignal });
  let created = res.body;
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

export interface PostCommentOptions extends OperationOptions {
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
  const message = checkComment(comment);
  if (options.commentId !== undefined && !isGuid(options.commentId)) {
    throw new SentinelValidationError(`'commentId' must be a GUID, got '${options.commentId}'.`, "commentId", options.commentId);
  }
  const { name } = await resolveIncident(ctx, incident, options);
  const commentId = options.commentId ?? randomUUID();
  const res = await notFoundAsIncident(ctx, incident, () =>
    ctx.transport.send<IncidentComment>("IncidentComments_CreateOrUpdate", { incidentId: name, incidentCommentId: commentId }, {
      body: { properties: { message } },
      abortSignal: options.abortSignal,
    }),
  );
  return res.body;
}

export async function deleteComment(ctx: ClientContext, incident: string, commentId: string, options: OperationOptions = {}): Promise<void> {
  if (!isGuid(commentId)) throw new SentinelValidationError(`'commentId' must be a GUID, got '${commentId}'.`, "commentId", commentId);
  const { name } = await resolveIncident(ctx, incident, options);
  await ctx.transport.send("IncidentComments_Delete", { incidentId: name, incidentCommentId: commentId }, options);
}

