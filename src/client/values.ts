// Normalises the values callers give: enums in any case become their canonical
// spelling, times become UTC ISO-8601 with Z, labels and owners become wire objects.
import { canonicalEnum } from "../api/enums.js";
import type { IncidentLabel, IncidentOwnerInfo } from "../api/models.js";
import { isGuid } from "../api/resourceId.js";
import { SentinelValidationError } from "./errors.js";

export function enumValue<T extends string>(field: string, allowed: readonly T[], value: unknown): T {
  if (typeof value !== "string") {
    throw new SentinelValidationError(`'${field}' must be a string, one of: ${allowed.join(", ")}.`, field, value, allowed);
  }
  const canonical = canonicalEnum(allowed, value.trim());
  if (!canonical) throw new SentinelValidationError(`'${field}' has the invalid value '${value}'. Allowed values: ${allowed.join(", ")}.`, field, value, allowed);
  return canonical;
}

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A Date or ISO string as UTC ISO-8601 with Z; a string without a zone is read as UTC. */
export function toUtcIso(value: unknown, field: string): string {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === "string" && ISO_LIKE.test(value.trim())) {
    const text = value.trim();
    const zoned = /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(text) || !text.includes("T") ? text : `${text}Z`;
    ms = Date.parse(zoned.includes("T") ? zoned : `${zoned}T00:00:00Z`);
  } else {
    throw new SentinelValidationError(`'${field}' must be a Date or an ISO 8601 date-time such as 2024-05-01T13:00:00Z, got ${JSON.stringify(value)}.`, field, value);
  }
  if (Number.isNaN(ms)) throw new SentinelValidationError(`'${field}' is not a valid date-time: ${JSON.stringify(value)}.`, field, value);
  return new Date(ms).toISOString();
}

export function requiredText(value: unknown, field: string, maxLength?: number): string {
  if (typeof value !== "string" || value.trim() === "") throw new SentinelValidationError(`'${field}' must be a non-empty string.`, field, value);
  if (maxLength !== undefined && value.length > maxLength) {
    throw new SentinelValidationError(`'${field}' is ${value.length} characters long; at most ${maxLength} are allowed.`, field, `${value.slice(0, 40)}…`);
  }
  return value;
}

export function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new SentinelValidationError(`'${field}' must be a string.`, field, value);
  return value;
}

/** Labels as strings or label objects; duplicates collapse to one. */
export function labelsValue(value: unknown, field = "labels"): IncidentLabel[] {
  if (!Array.isArray(value)) throw new SentinelValidationError(`'${field}' must be an array of label names or {labelName} objects.`, field, value);
  const out: IncidentLabel[] = [];
  const seen = new Set<string>();
  value.forEach((item, i) => {
    const name = typeof item === "string" ? item : item && typeof item === "object" ? (item as IncidentLabel).labelName : undefined;
    if (typeof name !== "string" || name.trim() === "") {
      throw new SentinelValidationError(`'${field}[${i}]' must be a non-empty label name or {labelName: string}.`, `${field}[${i}]`, item);
    }
    if (seen.has(name)) return;
    seen.add(name);
    const labelType = typeof item === "object" ? (item as IncidentLabel).labelType : undefined;
    out.push(labelType ? { labelName: name, labelType } : { labelName: name });
  });
  return out;
}

export function labelNames(value: unknown, field: string): string[] {
  return labelsValue(typeof value === "string" ? [value] : value, field).map((l) => l.labelName);
}

/**
 * An owner from a UPN, an email, an objectId, an owner object, or null (unassigned).
 * Unassigning sends every field as null, which is how the service clears an owner.
 */
export function ownerValue(value: unknown, field = "owner"): IncidentOwnerInfo {
  if (value === null || value === "none" || value === "") {
    return { objectId: null, email: null, assignedTo: null, userPrincipalName: null } as unknown as IncidentOwnerInfo;
  }
  if (typeof value === "string") {
    const v = value.trim();
    if (isGuid(v)) return { objectId: v };
    if (/^[^\s@]+@[^\s@]+$/.test(v)) return { userPrincipalName: v };
    throw new SentinelValidationError(
      `'${field}' must be a user principal name or email (name@domain), an objectId GUID, an owner object, or null to unassign; got '${value}'.`,
      field,
      value,
    );
  }
  if (typeof value === "object" && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const known = ["objectId", "email", "userPrincipalName", "assignedTo", "ownerType"];
    const unknown = Object.keys(o).filter((k) => !known.includes(k));
    if (unknown.length > 0) throw new SentinelValidationError(`'${field}' has unknown fields ${unknown.join(", ")}; allowed: ${known.join(", ")}.`, field, value, known);
    if (o.objectId !== undefined && o.objectId !== null && (typeof o.objectId !== "string" || !isGuid(o.objectId))) {
      throw new SentinelValidationError(`'${field}.objectId' must be a GUID.`, `${field}.objectId`, o.objectId);
    }
    for (const k of ["email", "userPrincipalName", "assignedTo"]) {
      if (o[k] !== undefined && o[k] !== null && typeof o[k] !== "string") throw new SentinelValidationError(`'${field}.${k}' must be a string.`, `${field}.${k}`, o[k]);
    }
    return { ...(o as IncidentOwnerInfo) };
  }
  throw new SentinelValidationError(`'${field}' must be a UPN, email, objectId, owner object or null.`, field, value);
}
