// updateIncident's rules: which keys may be set (with or without `properties.`),
// their values normalised before any request, then merged into the incident as
// read, so every field the caller did not name is kept.
import {
  IncidentClassification,
  IncidentClassificationReason,
  IncidentSeverity,
  IncidentStatus,
  ReasonsForClassification,
  type IncidentClassification as Classification,
  type IncidentClassificationReason as Reason,
} from "../api/enums.js";
import type { IncidentLabel, IncidentOwnerInfo, IncidentProperties, IncidentSettableProperties } from "../api/models.js";
import { SentinelValidationError } from "./errors.js";
import { enumValue, labelNames, labelsValue, optionalText, ownerValue, requiredText, toUtcIso } from "./values.js";

/** What updateIncident takes; keys may also be written `properties.<key>`. */
export interface IncidentUpdate {
  title?: string;
  description?: string;
  severity?: string;
  status?: string;
  classification?: string;
  classificationReason?: string;
  classificationComment?: string;
  /** A UPN, email, objectId, owner object, or null to unassign. */
  owner?: string | IncidentOwnerInfo | null;
  /** Replaces the labels. */
  labels?: (string | IncidentLabel)[];
  addLabels?: string | string[];
  removeLabels?: string | string[];
  firstActivityTimeUtc?: Date | string;
  lastActivityTimeUtc?: Date | string;
}

export const UPDATABLE_KEYS = [
  "title",
  "description",
  "severity",
  "status",
  "classification",
  "classificationReason",
  "classificationComment",
  "owner",
  "labels",
  "addLabels",
  "removeLabels",
  "firstActivityTimeUtc",
  "lastActivityTimeUtc",
] as const;

/** Fields the service keeps; an update that names one is refused. */
export const READ_ONLY_KEYS = [
  "id",
  "name",
  "type",
  "etag",
  "systemData",
  "incidentNumber",
  "createdTimeUtc",
  "lastModifiedTimeUtc",
  "incidentUrl",
  "providerName",
  "providerIncidentId",
  "relatedAnalyticRuleIds",
  "additionalData",
] as const;

type Settable = IncidentSettableProperties;

export interface NormalizedUpdate {
  set: Partial<Settable>;
  /** `owner: null` was asked: unassign. */
  unassign: boolean;
  addLabels: string[];
  removeLabels: string[];
}

/** Checks and normalises update items; throws SentinelValidationError before anything is sent. */
export function normalizeUpdate(items: IncidentUpdate | Record<string, unknown>): NormalizedUpdate {
  if (items === null || typeof items !== "object" || Array.isArray(items)) {
    throw new SentinelValidationError("update items must be an object such as { severity: \"High\" }.", "updateItems", items);
  }
  const out: NormalizedUpdate = { set: {}, unassign: false, addLabels: [], removeLabels: [] };
  const entries = Object.entries(items as Record<string, unknown>);
  if (entries.length === 0) throw new SentinelValidationError(`nothing to update; give at least one of: ${UPDATABLE_KEYS.join(", ")}.`, "updateItems", items, UPDATABLE_KEYS);
  const seen = new Set<string>();
  for (const [rawKey, value] of entries) {
    const key = rawKey.startsWith("properties.") ? rawKey.slice("properties.".length) : rawKey;
    if (seen.has(key)) throw new SentinelValidationError(`'${key}' is given twice (with and without 'properties.').`, key, value);
    seen.add(key);
    if ((READ_ONLY_KEYS as readonly string[]).includes(key)) {
      throw new SentinelValidationError(`'${key}' is read-only: the service keeps it. Updatable: ${UPDATABLE_KEYS.join(", ")}.`, key, value, UPDATABLE_KEYS);
    }
    switch (key) {
      case "title":
        out.set.title = requiredText(value, key);
        break;
      case "description":
      case "classificationComment":
        out.set[key] = optionalText(value, key) ?? "";
        break;
      case "severity":
        out.set.severity = enumValue(key, IncidentSeverity, value);
        break;
      case "status":
        out.set.status = enumValue(key, IncidentStatus, value);
        break;
      case "classification":
        out.set.classification = enumValue(key, IncidentClassification, value);
        break;
      case "classificationReason":
        out.set.classificationReason = enumValue(key, IncidentClassificationReason, value);
        break;
      case "owner":
        if (value === null || value === "none") out.unassign = true;
        else out.set.owner = ownerValue(value, key);
        break;
      case "labels":
        out.set.labels = labelsValue(value, key);
        break;
      case "addLabels":
        out.addLabels = labelNames(value, key);
        break;
      case "removeLabels":
        out.removeLabels = labelNames(value, key);
        break;
      case "firstActivityTimeUtc":
      case "lastActivityTimeUtc":
        out.set[key] = toUtcIso(value, key);
        break;
      default:
        throw new SentinelValidationError(`'${rawKey}' is not an incident field that can be updated. Updatable: ${UPDATABLE_KEYS.join(", ")}.`, rawKey, value, UPDATABLE_KEYS);
    }
  }
  if (out.set.status === "Closed" && out.set.classification === undefined) {
    throw new SentinelValidationError(
      `Closing an incident needs a classification. Allowed values: ${IncidentClassification.join(", ")}.`,
      "classification",
      undefined,
      IncidentClassification,
    );
  }
  if (out.set.classification !== undefined) checkReason(out.set.classification, out.set.classificationReason, out.set.status === "Closed");
  return out;
}

/** The closing rule: the reason must fit the classification (Undetermined takes none). */
export function checkReason(classification: Classification, reason: Reason | undefined, closing: boolean): void {
  const allowed = ReasonsForClassification[classification];
  if (allowed.length === 0) {
    if (reason !== undefined) {
      throw new SentinelValidationError(`Classification '${classification}' takes no classificationReason, but '${reason}' was given.`, "classificationReason", reason, []);
    }
    return;
  }
  if (reason === undefined) {
    if (closing) {
      throw new SentinelValidationError(
        `Closing as '${classification}' needs a classificationReason: ${allowed.join(" or ")}.`,
        "classificationReason",
        undefined,
        allowed,
      );
    }
    return;
  }
  if (!allowed.includes(reason)) {
    throw new SentinelValidationError(
      `Classification reason '${reason}' does not fit classification '${classification}'; allowed: ${allowed.join(", ")}.`,
      "classificationReason",
      reason,
      allowed,
    );
  }
}

const SERVER_KEPT: readonly string[] = READ_ONLY_KEYS;

export interface MergeResult {
  /** The properties to PUT: everything the incident had (but read-only fields), with the update applied. */
  properties: IncidentProperties;
  changed: boolean;
}

/** Applies an update to the incident as read. Pure; neither argument is mutated. */
export function applyUpdate(current: IncidentProperties, update: NormalizedUpdate): MergeResult {
  const base = structuredClone(current) as unknown as Record<string, unknown>;
  for (const key of SERVER_KEPT) delete base[key];
  const next = { ...base, ...structuredClone(update.set) } as unknown as IncidentProperties;

  if (update.unassign) next.owner = ownerValue(null);
  if (update.set.classification !== undefined && update.set.classificationReason === undefined) {
    // A new classification drops a reason that belonged to the old one.
    const allowed = ReasonsForClassification[update.set.classification];
    if (next.classificationReason !== undefined && !allowed.includes(next.classificationReason)) delete next.classificationReason;
  }
  let labels = next.labels ?? [];
  if (update.addLabels.length > 0) {
    const have = new Set(labels.map((l) => l.labelName));
    labels = [...labels, ...update.addLabels.filter((n) => !have.has(n)).map((labelName) => ({ labelName }))];
  }
  if (update.removeLabels.length > 0) {
    const drop = new Set(update.removeLabels);
    labels = labels.filter((l) => !drop.has(l.labelName));
  }
  next.labels = labels;

  if (next.status === "Closed" && next.classification === undefined) {
    throw new SentinelValidationError("Closing an incident needs a classification.", "classification", undefined, IncidentClassification);
  }
  if (next.classification !== undefined) checkReason(next.classification, next.classificationReason, next.status === "Closed");
  return { properties: next, changed: !sameSettable(current, next, update) };
}

function sameSettable(current: IncidentProperties, next: IncidentProperties, update: NormalizedUpdate): boolean {
  const scalar = ["title", "description", "severity", "status", "classification", "classificationReason", "classificationComment", "firstActivityTimeUtc", "lastActivityTimeUtc"] as const;
  for (const k of scalar) {
    if (k in update.set && (current[k] ?? "") !== (next[k] ?? "")) {
      if (!(k.endsWith("TimeUtc") && Date.parse(String(current[k])) === Date.parse(String(next[k])))) return false;
    }
  }
  if (update.set.classification !== undefined && (current.classificationReason ?? "") !== (next.classificationReason ?? "")) return false;
  const names = (ls: IncidentLabel[] | undefined) => (ls ?? []).map((l) => l.labelName).join("\u0000");
  if (names(current.labels) !== names(next.labels)) return false;
  if (update.unassign && hasOwner(current.owner)) return false;
  if (update.set.owner !== undefined && !ownerMatches(current.owner, update.set.owner)) return false;
  return true;
}

function hasOwner(owner: IncidentOwnerInfo | undefined): boolean {
  return Boolean(owner && (owner.objectId || owner.userPrincipalName || owner.email || owner.assignedTo));
}

function ownerMatches(current: IncidentOwnerInfo | undefined, wanted: IncidentOwnerInfo): boolean {
  if (!current) return false;
  const keys = (["objectId", "email", "userPrincipalName", "assignedTo"] as const).filter((k) => wanted[k]);
  if (keys.length === 0) return false;
  // The UPN the caller gives may be the user's email, and the other way round.
  const ids = [current.objectId, current.email, current.userPrincipalName].filter(Boolean).map((v) => v!.toLowerCase());
  return keys.every((k) => (current[k] ?? "").toLowerCase() === wanted[k]!.toLowerCase() || (k !== "assignedTo" && ids.includes(wanted[k]!.toLowerCase())));
}

