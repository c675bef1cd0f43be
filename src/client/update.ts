// updateIncident's rules: which keys may be set (with or without `properties.`),
// their values normalised before any request, then merged into the incident as
// read, so every field the caller did not name is kept.
import {
  IncidentClassification,
  IncidentClassificationReason,
  IncidentSeverity,
  IncidentStatus,
  ReasonsForClassification,
  onlyReasonFor,
  type IncidentClassification as Classification,
  type IncidentClassificationReason as Reason,
} from "../api/enums.js";
import type { IncidentLabel, IncidentOwnerInfo, IncidentProperties, IncidentSettableProperties } from "../api/models.js";
import { SentinelValidationError } from "./errors.js";
import { enumValue, labelNames, labelsValue, optionalText, ownerValue, requiredText, toUtcIso } from "./values.js";

/**
 * The fields updateIncident sets. Enum fields take the spec's values (the service's
 * spelling); other casings, as MSTICPy users write them, are still accepted at run time.
 */
export interface IncidentUpdateFields {
  title?: string;
  description?: string;
  severity?: IncidentSeverity;
  /** "Active" or "New" reopens a closed incident and clears its classification, reason and closing comment. */
  status?: IncidentStatus;
  /** Only together with closing (status Closed), or on an incident that is closed already. */
  classification?: IncidentClassification;
  classificationReason?: IncidentClassificationReason;
  classificationComment?: string;
  /** A UPN, email, objectId, owner object, or null to unassign. */
  owner?: string | IncidentOwnerInfo | null;
  /** Replaces the labels. */
  labels?: readonly (string | IncidentLabel)[];
  addLabels?: string | readonly string[];
  removeLabels?: string | readonly string[];
  firstActivityTimeUtc?: Date | string;
  lastActivityTimeUtc?: Date | string;
}

/** The same fields written `properties.<key>`, as the wire format nests them. */
export type PrefixedIncidentUpdateFields = { [K in keyof IncidentUpdateFields as `properties.${K}`]?: IncidentUpdateFields[K] };

/** What updateIncident takes: each key bare or as `properties.<key>`; nothing else compiles. */
export type IncidentUpdate = IncidentUpdateFields & PrefixedIncidentUpdateFields;

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
    // Closing states its verdict, as the portal asks for one: never one left over from before.
    throw new SentinelValidationError(
      `Closing an incident needs a classification. Allowed values: ${IncidentClassification.join(", ")}.`,
      "classification",
      undefined,
      IncidentClassification,
    );
  }
  const closingFields = CLOSING_KEYS.filter((k) => out.set[k] !== undefined);
  if (out.set.status !== undefined && out.set.status !== "Closed" && closingFields.length > 0) {
    throw new SentinelValidationError(
      `'${closingFields[0]}' is only accepted together with closing (status Closed); setting status ${out.set.status} reopens the incident and clears its classification.`,
      closingFields[0]!,
      out.set[closingFields[0]!],
      ["Closed"],
    );
  }
  if (out.set.classification !== undefined && out.set.classificationReason === undefined) {
    const only = onlyReasonFor(out.set.classification);
    if (only) out.set.classificationReason = only;
  }
  if (out.set.classification !== undefined) checkReason(out.set.classification, out.set.classificationReason, out.set.status === "Closed");
  else if (out.set.classificationReason !== undefined && out.set.status === "Closed") {
    throw new SentinelValidationError("'classificationReason' needs a 'classification'.", "classificationReason", out.set.classificationReason, IncidentClassification);
  }
  return out;
}

/** The fields that belong to a closed incident: set only when closing, cleared on reopening. */
export const CLOSING_KEYS = ["classification", "classificationReason", "classificationComment"] as const;

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
  const status = update.set.status;
  if (status !== undefined && status !== "Closed") {
    // Reopening, as the portal does it: the closing verdict goes with the closed state.
    for (const k of CLOSING_KEYS) delete next[k];
  } else if (update.set.classification !== undefined) {
    // A new verdict replaces the old one whole: a reason or comment not given again is dropped
    // when it belonged to the old classification or to an earlier closing.
    const allowed = ReasonsForClassification[update.set.classification];
    const reclosing = status === "Closed" && current.status !== "Closed";
    if (update.set.classificationReason === undefined && next.classificationReason !== undefined && (reclosing || !allowed.includes(next.classificationReason))) {
      delete next.classificationReason;
    }
    if (update.set.classificationComment === undefined && reclosing) delete next.classificationComment;
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

  const named = CLOSING_KEYS.find((k) => update.set[k] !== undefined);
  if (named && next.status !== "Closed") {
    throw new SentinelValidationError(
      `'${named}' is only accepted together with closing: the incident is ${next.status ?? "not closed"}; add status Closed.`,
      named,
      update.set[named],
      ["Closed"],
    );
  }
  if (next.status === "Closed" && next.classification === undefined) {
    throw new SentinelValidationError(
      `Closing an incident needs a classification. Allowed values: ${IncidentClassification.join(", ")}.`,
      "classification",
      undefined,
      IncidentClassification,
    );
  }
  if (next.classification !== undefined && (status !== undefined || named)) checkReason(next.classification, next.classificationReason, next.status === "Closed");
  return { properties: next, changed: !sameSettable(current, next, update) };
}

const SCALAR_KEYS = ["title", "description", "severity", "status", "classification", "classificationReason", "classificationComment", "firstActivityTimeUtc", "lastActivityTimeUtc"] as const;

function sameSettable(current: IncidentProperties, next: IncidentProperties, update: NormalizedUpdate): boolean {
  for (const k of SCALAR_KEYS) {
    if ((current[k] ?? "") !== (next[k] ?? "")) {
      if (!(k.endsWith("TimeUtc") && Date.parse(String(current[k])) === Date.parse(String(next[k])))) return false;
    }
  }
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

