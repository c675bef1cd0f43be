// Validation of every request body the emulator takes, against the 2025-12-01
// definitions: required fields, types, enums, formats and the service's own rules.
// Read-only fields are ignored, as ARM ignores them.
import {
  IncidentClassification,
  IncidentClassificationReason,
  IncidentLabelType,
  IncidentSeverity,
  IncidentStatus,
  IncidentTaskStatus,
  OwnerType,
  ReasonsForClassification,
} from "../../api/enums.js";
import type { IncidentLabel, IncidentOwnerInfo, UserInfo } from "../../api/models.js";
import type { BookmarkInput } from "../store/bookmarks.js";
import type { CommentInput } from "../store/comments.js";
import type { IncidentInput } from "../store/incidents.js";
import type { RelationInput } from "../store/relations.js";
import type { TaskInput } from "../store/tasks.js";
import {
  checkText,
  optionalArray,
  optionalDateTime,
  optionalEnum,
  optionalGuid,
  optionalObject,
  optionalString,
  requiredString,
  requireObject,
  ValidationFailure,
  type JsonObject,
} from "./check.js";

export const MAX_COMMENT_LENGTH = 30_000;

function envelope(body: unknown, what: string): { etag?: string; props: JsonObject } {
  const root = requireObject(body, what);
  const etag = optionalString(root, "etag", what);
  const props = root.properties;
  if (props === undefined || props === null) throw new ValidationFailure(`'${what}.properties' is required.`, `${what}.properties`);
  return { etag, props: requireObject(props, `${what}.properties`) };
}

function owner(props: JsonObject): IncidentOwnerInfo | undefined {
  const o = optionalObject(props, "owner", "incident.properties");
  if (!o) return undefined;
  const path = "incident.properties.owner";
  const result: IncidentOwnerInfo = {
    objectId: optionalGuid(o, "objectId", path),
    email: optionalString(o, "email", path),
    userPrincipalName: optionalString(o, "userPrincipalName", path),
    assignedTo: optionalString(o, "assignedTo", path),
    ownerType: optionalEnum(o, "ownerType", path, OwnerType),
  };
  return result;
}

function labels(props: JsonObject): IncidentLabel[] | undefined {
  const list = optionalArray(props, "labels", "incident.properties");
  if (!list) return undefined;
  const seen = new Set<string>();
  const out: IncidentLabel[] = [];
  list.forEach((item, i) => {
    const path = `incident.properties.labels[${i}]`;
    const label = requireObject(item, path);
    const labelName = requiredString(label, "labelName", path, { nonEmpty: true, maxLength: 256 });
    const labelType = optionalEnum(label, "labelType", path, IncidentLabelType) ?? "User";
    // A label is one name; sending it twice keeps it once.
    if (!seen.has(labelName)) {
      seen.add(labelName);
      out.push({ labelName, labelType });
    }
  });
  return out;
}

export function validateIncident(body: unknown): IncidentInput {
  const { etag, props } = envelope(body, "incident");
  const path = "incident.properties";
  const input: IncidentInput = {
    etag,
    title: requiredString(props, "title", path, { nonEmpty: true }),
    severity: optionalEnum(props, "severity", path, IncidentSeverity, true)!,
    status: optionalEnum(props, "status", path, IncidentStatus, true)!,
    description: optionalString(props, "description", path),
    classification: optionalEnum(props, "classification", path, IncidentClassification),
    classificationReason: optionalEnum(props, "classificationReason", path, IncidentClassificationReason),
    classificationComment: optionalString(props, "classificationComment", path),
    owner: owner(props),
    labels: labels(props),
    firstActivityTimeUtc: optionalDateTime(props, "firstActivityTimeUtc", path),
    lastActivityTimeUtc: optionalDateTime(props, "lastActivityTimeUtc", path),
  };
  checkClosing(input);
  return input;
}

/** The service's closing rules: a closed incident has a classification, and the reason fits it. */
function checkClosing(input: IncidentInput): void {
  const { status, classification, classificationReason } = input;
  if (status === "Closed" && classification === undefined) {
    throw new ValidationFailure(
      `Closing an incident requires 'incident.properties.classification'. Allowed values: ${IncidentClassification.join(", ")}.`,
      "incident.properties.classification",
    );
  }
  if (classification === undefined) {
    if (classificationReason !== undefined) {
      throw new ValidationFailure(
        "'incident.properties.classificationReason' is set but 'incident.properties.classification' is not; set the classification it belongs to.",
        "incident.properties.classificationReason",
      );
    }
    return;
  }
  const allowed = ReasonsForClassification[classification];
  if (allowed.length === 0) {
    if (classificationReason !== undefined) {
      throw new ValidationFailure(
        `Classification '${classification}' takes no classificationReason, but '${classificationReason}' was given.`,
        "incident.properties.classificationReason",
      );
    }
    return;
  }
  if (status === "Closed" && classificationReason === undefined) {
    throw new ValidationFailure(
      `Closing an incident as '${classification}' requires 'incident.properties.classificationReason': ${allowed.join(" or ")}.`,
      "incident.properties.classificationReason",
    );
  }
  if (classificationReason !== undefined && !allowed.includes(classificationReason)) {
    throw new ValidationFailure(
      `Classification reason '${classificationReason}' does not fit classification '${classification}'; it takes ${allowed.join(" or ")}.`,
      "incident.properties.classificationReason",
    );
  }
}

export function validateComment(body: unknown): CommentInput {
  const { etag, props } = envelope(body, "incidentComment");
  return { etag, message: requiredString(props, "message", "incidentComment.properties", { nonEmpty: true, maxLength: MAX_COMMENT_LENGTH }) };
}

export function validateRelation(body: unknown): RelationInput {
  const { etag, props } = envelope(body, "relation");
  return { etag, relatedResourceId: requiredString(props, "relatedResourceId", "relation.properties", { nonEmpty: true, maxLength: 2048 }) };
}

export function validateTask(body: unknown): TaskInput {
  const { etag, props } = envelope(body, "incidentTask");
  const path = "incidentTask.properties";
  return {
    etag,
    title: requiredString(props, "title", path, { nonEmpty: true }),
    status: optionalEnum(props, "status", path, IncidentTaskStatus, true)!,
    description: optionalString(props, "description", path),
  };
}

function userInfo(props: JsonObject, key: string, path: string): UserInfo | undefined {
  const o = optionalObject(props, key, path);
  if (!o) return undefined;
  const p = `${path}.${key}`;
  return { objectId: optionalGuid(o, "objectId", p), email: optionalString(o, "email", p), name: optionalString(o, "name", p) };
}

export function validateBookmark(body: unknown): BookmarkInput {
  const { etag, props } = envelope(body, "bookmark");
  const path = "bookmark.properties";
  const labelList = optionalArray(props, "labels", path);
  return {
    etag,
    displayName: requiredString(props, "displayName", path, { nonEmpty: true }),
    query: requiredString(props, "query", path, { nonEmpty: true }),
    queryResult: optionalString(props, "queryResult", path),
    notes: optionalString(props, "notes", path),
    labels: labelList?.map((l, i) => {
      const p = `${path}.labels[${i}]`;
      if (typeof l !== "string") throw new ValidationFailure(`'${p}' must be a string.`, p);
      return checkText(l, p);
    }),
    created: optionalDateTime(props, "created", path),
    updated: optionalDateTime(props, "updated", path),
    eventTime: optionalDateTime(props, "eventTime", path),
    queryStartTime: optionalDateTime(props, "queryStartTime", path),
    queryEndTime: optionalDateTime(props, "queryEndTime", path),
    createdBy: userInfo(props, "createdBy", path),
    updatedBy: userInfo(props, "updatedBy", path),
  };
}
