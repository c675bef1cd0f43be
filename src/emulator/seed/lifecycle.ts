// What happens to an incident after it is created: triage status by age, the owner,
// labels, analyst comments and, for closed ones, a classification the service accepts.
import type { AlertSeverity, IncidentClassification, IncidentClassificationReason, IncidentSeverity, IncidentStatus } from "../../api/enums.js";
import { ReasonsForClassification } from "../../api/enums.js";
import type { IncidentLabel, IncidentOwnerInfo } from "../../api/models.js";
import { clientInfoOf, DIRECTORY, type DirectoryPrincipal } from "../directory.js";
import type { Cast } from "./cast.js";
import type { Product } from "./catalog.js";
import { AUTO_LABELS, CLASSIFICATION_COMMENTS, LABELS, PRODUCT_CLASSIFICATION_COMMENTS, PRODUCT_NOTES, TRIAGE_NOTES } from "./narrative.js";
import { type Rng, weightedTable, type WeightedTable } from "./random.js";
import type { SeedComment } from "./types.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const USERS = DIRECTORY.filter((p) => p.type === "User");
const GROUPS = DIRECTORY.filter((p) => p.type === "Group");

/** Severity scatters around what the detection usually reports. */
export const SEVERITY_AROUND: Readonly<Record<AlertSeverity, WeightedTable<IncidentSeverity>>> = {
  High: weightedTable<IncidentSeverity>([["High", 45], ["Medium", 40], ["Low", 15]]),
  Medium: weightedTable<IncidentSeverity>([["High", 5], ["Medium", 45], ["Low", 32], ["Informational", 18]]),
  Low: weightedTable<IncidentSeverity>([["Medium", 8], ["Low", 40], ["Informational", 52]]),
  Informational: weightedTable<IncidentSeverity>([["Low", 25], ["Informational", 75]]),
};

const CLASSIFICATIONS = weightedTable<IncidentClassification>([["TruePositive", 25], ["BenignPositive", 32], ["FalsePositive", 30], ["Undetermined", 13]]);
const LABEL_COUNT = weightedTable([[0, 45], [1, 32], [2, 16], [3, 7]] as const);
const COMMENT_COUNT: Readonly<Record<IncidentStatus, WeightedTable<number>>> = {
  Closed: weightedTable([[0, 30], [1, 25], [2, 20], [3, 15], [4, 10]]),
  Active: weightedTable([[0, 35], [1, 30], [2, 20], [3, 10], [4, 5]]),
  New: weightedTable([[0, 75], [1, 20], [2, 5]]),
};
const CLOSE_DELAY = weightedTable([[30 * MINUTE, 25], [4 * HOUR, 30], [DAY, 25], [5 * DAY, 20]]);

/** Old incidents are mostly closed; the last day's are mostly still new. */
export function statusByAge(rng: Rng, ageMs: number): IncidentStatus {
  const pClosed = ageMs > 30 * DAY ? 0.95 : ageMs > 7 * DAY ? 0.8 : ageMs > DAY ? 0.5 : 0.12;
  if (rng.chance(pClosed)) return "Closed";
  return rng.chance(ageMs > DAY ? 0.6 : 0.3) ? "Active" : "New";
}

export interface Closure {
  classification: IncidentClassification;
  classificationReason?: IncidentClassificationReason;
  classificationComment?: string;
}

export function closure(rng: Rng, product: Product, cast: Cast): Closure {
  const classification = rng.weighted(CLASSIFICATIONS);
  const reasons = ReasonsForClassification[classification];
  const result: Closure = { classification };
  if (reasons.length) result.classificationReason = rng.pick(reasons);
  if (rng.chance(0.85)) {
    const specific = PRODUCT_CLASSIFICATION_COMMENTS[product]?.[classification];
    const pool = specific && rng.chance(0.6) ? specific : CLASSIFICATION_COMMENTS[classification];
    result.classificationComment = rng.pick(pool)(cast);
  }
  return result;
}

export function lastModified(rng: Rng, status: IncidentStatus, createdMs: number, nowMs: number): number {
  const room = nowMs - createdMs;
  const delay =
    status === "Closed" ? rng.float() * rng.weighted(CLOSE_DELAY)
    : status === "Active" ? rng.float() * room * 0.5
    : rng.chance(0.7) ? 0 : rng.float() * Math.min(room, 2 * HOUR);
  return createdMs + Math.min(Math.floor(delay), room);
}

/** A directory user or group, or nobody; new incidents mostly wait in the unassigned queue. */
export function pickOwner(rng: Rng, status: IncidentStatus): DirectoryPrincipal | undefined {
  const [pUser, pGroup] = status === "New" ? [0.2, 0.1] : status === "Active" ? [0.7, 0.2] : [0.62, 0.15];
  const x = rng.float();
  if (x < pUser) return rng.pick(USERS);
  if (x < pUser + pGroup) return rng.pick(GROUPS);
  return undefined;
}

export function ownerInfo(p: DirectoryPrincipal): IncidentOwnerInfo {
  if (p.type === "Group") return { objectId: p.objectId, assignedTo: p.displayName, ownerType: "Group" };
  return { objectId: p.objectId, email: p.email, userPrincipalName: p.userPrincipalName, assignedTo: p.displayName, ownerType: "User" };
}

export function pickLabels(rng: Rng, hints: readonly string[] | undefined): IncidentLabel[] {
  const count = rng.weighted(LABEL_COUNT);
  if (count === 0) return [];
  const labels: IncidentLabel[] = [];
  const taken = new Set<string>();
  const add = (labelName: string, labelType: IncidentLabel["labelType"]) => {
    if (taken.has(labelName)) return;
    taken.add(labelName);
    labels.push({ labelName, labelType });
  };
  if (hints?.length && rng.chance(0.6)) add(rng.pick(hints), "User");
  if (rng.chance(0.15)) add(rng.pick(AUTO_LABELS), "AutoAssigned");
  while (labels.length < count) add(rng.pick(LABELS), "User");
  return labels;
}

/** 0–4 analyst notes between creation and `endMs`, oldest first. */
export function comments(
  rng: Rng, status: IncidentStatus, product: Product, cast: Cast, owner: DirectoryPrincipal | undefined, createdMs: number, endMs: number,
): SeedComment[] {
  const count = rng.weighted(COMMENT_COUNT[status]);
  if (count === 0) return [];
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(createdMs + Math.floor(rng.float() * (endMs - createdMs)));
  times.sort((a, b) => a - b);
  // Distinct notes: a mix of triage steps and the product's response actions.
  const notes = rng.sample([...TRIAGE_NOTES, ...(PRODUCT_NOTES[product] ?? []), ...(PRODUCT_NOTES[product] ?? [])], count * 2);
  const messages: string[] = [];
  for (const note of notes) {
    const message = note(cast);
    if (!messages.includes(message)) messages.push(message);
    if (messages.length === count) break;
  }
  return times.map((ms, i) => {
    const author = owner?.type === "User" && rng.chance(0.7) ? owner : rng.pick(USERS);
    return {
      name: rng.guid(),
      message: messages[i] ?? messages[0]!,
      createdTimeUtc: new Date(ms).toISOString(),
      author: clientInfoOf(author),
    };
  });
}
