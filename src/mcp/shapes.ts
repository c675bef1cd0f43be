// What the tools return: compact views of incidents and their evidence, with the
// zod schemas the tools declare as their outputSchema. Every free-text field is
// cut to a size that leaves room for the rest of the result.
import { z } from "zod";
import type { Bookmark, Entity, HuntingBookmark, Incident, IncidentComment, IncidentTask, SecurityAlert } from "../api/models.js";
import { cut, sizeOf } from "./text.js";

/** Per-field limits, in characters (and items, for the lists inside one view). */
export const LIMITS = { labels: 50, label: 100, entityFields: 20, title: 500, listDescription: 300, description: 6_000, comment: 2_000, alertDescription: 500, entityValue: 300, query: 500, taskDescription: 500 } as const;

export const IncidentView = z.object({
  id: z.string().describe("the incident's GUID"),
  number: z.number().optional().describe("the incident number, usable as #number"),
  title: z.string(),
  severity: z.string(),
  status: z.string(),
  owner: z.string().nullable().describe("UPN, email, name or objectId of the owner; null when unassigned"),
  labels: z.array(z.string()),
  classification: z.string().optional(),
  classificationReason: z.string().optional(),
  classificationComment: z.string().optional(),
  description: z.string().optional(),
  createdTimeUtc: z.string().optional(),
  lastModifiedTimeUtc: z.string().optional(),
  firstActivityTimeUtc: z.string().optional(),
  lastActivityTimeUtc: z.string().optional(),
  alertsCount: z.number().optional(),
  commentsCount: z.number().optional(),
  bookmarksCount: z.number().optional(),
  tactics: z.array(z.string()).optional(),
  products: z.array(z.string()).optional(),
  url: z.string().optional(),
});
export type IncidentView = z.infer<typeof IncidentView>;

/** A list of short names, at most LIMITS.labels of them, the rest counted in a last entry. */
function capped(names: string[], shrink = 1): string[] {
  const most = Math.ceil(LIMITS.labels / shrink);
  const shown = names.slice(0, most).map((n) => cut(n, Math.ceil(LIMITS.label / shrink)));
  return names.length > most ? [...shown, `…(${names.length - most} more)`] : shown;
}

export function ownerText(owner: Incident["properties"]["owner"]): string | null {
  if (!owner) return null;
  return owner.userPrincipalName || owner.email || owner.assignedTo || owner.objectId || null;
}

export interface ViewOptions {
  descriptionMax?: number;
  /** Show the description from this character on (to read a long one piece by piece). */
  descriptionOffset?: number;
  /** The call that reads on from an offset, for the cut marker. */
  more?: (offset: number) => string;
  /** For lists: leave out the portal URL (long, and get_incident has it). */
  compact?: boolean;
}

/**
 * An incident as a tool shows it, at most `maxSize` characters serialised: text that
 * escapes heavily in JSON (control characters) is cut shorter until the view fits.
 */
export function incidentView(i: Incident, options: ViewOptions = {}, maxSize = 14_000): IncidentView {
  return fit((shrink) => buildView(i, options, shrink), maxSize);
}

/** Builds a view with its text limits divided by 1, 2, 4, … until it serialises within maxSize. */
function fit<T>(build: (shrink: number) => T, maxSize: number): T {
  let view = build(1);
  for (let shrink = 2; sizeOf(view) > maxSize && shrink <= 64; shrink *= 2) view = build(shrink);
  return view;
}

function buildView(i: Incident, options: ViewOptions, shrink: number): IncidentView {
  const p = i.properties;
  const a = p.additionalData ?? {};
  const view: IncidentView = {
    id: i.name ?? "",
    number: p.incidentNumber,
    title: cut(p.title ?? "", Math.ceil(LIMITS.title / shrink)),
    severity: p.severity,
    status: p.status,
    owner: ownerText(p.owner),
    labels: capped((p.labels ?? []).map((l) => l.labelName), shrink),
  };
  if (p.classification) view.classification = p.classification;
  if (p.classificationReason) view.classificationReason = p.classificationReason;
  if (p.classificationComment) view.classificationComment = cut(p.classificationComment, Math.ceil(LIMITS.comment / shrink));
  const offset = options.descriptionOffset ?? 0;
  if (p.description) view.description = cut(p.description.slice(offset), Math.ceil((options.descriptionMax ?? LIMITS.description) / shrink), options.more, offset);
  for (const k of ["createdTimeUtc", "lastModifiedTimeUtc", "firstActivityTimeUtc", "lastActivityTimeUtc"] as const) if (p[k]) view[k] = p[k];
  if (a.alertsCount !== undefined) view.alertsCount = a.alertsCount;
  if (a.commentsCount !== undefined) view.commentsCount = a.commentsCount;
  if (a.bookmarksCount !== undefined) view.bookmarksCount = a.bookmarksCount;
  if (a.tactics?.length) view.tactics = a.tactics;
  if (a.alertProductNames?.length) view.products = a.alertProductNames;
  if (p.incidentUrl && !options.compact) view.url = p.incidentUrl;
  return view;
}

export const CommentView = z.object({ id: z.string(), author: z.string().optional(), createdTimeUtc: z.string().optional(), message: z.string() });
export type CommentView = z.infer<typeof CommentView>;

export function commentView(c: IncidentComment, more?: (id: string, offset: number) => string, offset = 0): CommentView {
  const id = c.name ?? "";
  const author = c.properties.author;
  const text = c.properties.message ?? "";
  return {
    id,
    author: author?.userPrincipalName || author?.email || author?.name || undefined,
    createdTimeUtc: c.properties.createdTimeUtc,
    message: cut(text.slice(offset), LIMITS.comment, more ? (o) => more(id, o) : undefined, offset),
  };
}

export const AlertView = z.object({
  id: z.string(),
  name: z.string(),
  severity: z.string().optional(),
  status: z.string().optional(),
  product: z.string().optional(),
  timeGenerated: z.string().optional(),
  tactics: z.array(z.string()).optional(),
  description: z.string().optional(),
});

export function alertView(a: SecurityAlert): z.infer<typeof AlertView> {
  const p = a.properties;
  return {
    id: a.name ?? "",
    name: cut(p.alertDisplayName ?? p.friendlyName ?? "", LIMITS.title),
    severity: p.severity,
    status: p.status,
    product: p.productName,
    timeGenerated: p.timeGenerated,
    tactics: p.tactics?.length ? p.tactics : undefined,
    description: p.description ? cut(p.description, LIMITS.alertDescription) : undefined,
  };
}

export const EntityView = z.object({ kind: z.string(), name: z.string(), details: z.record(z.string(), z.string()) });

/** An entity as its kind, its friendly name and its other scalar fields, each cut short. */
export function entityView(e: Entity): z.infer<typeof EntityView> {
  const details: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.properties ?? {})) {
    if (k === "friendlyName" || k === "additionalData") continue;
    if (Object.keys(details).length >= LIMITS.entityFields) break;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") details[k] = cut(String(v), LIMITS.entityValue);
  }
  return { kind: e.kind, name: cut(String(e.properties?.friendlyName ?? e.name ?? ""), LIMITS.entityValue), details };
}

export const BookmarkView = z.object({
  id: z.string(),
  displayName: z.string(),
  created: z.string().optional(),
  labels: z.array(z.string()).optional(),
  query: z.string().optional(),
  notes: z.string().optional(),
  incident: z.string().optional().describe("the GUID of the incident it is linked to"),
});

export function bookmarkView(b: Bookmark | HuntingBookmark, maxSize = 6_000): z.infer<typeof BookmarkView> {
  const p = b.properties as Bookmark["properties"];
  return fit(
    (shrink) => ({
      id: b.name ?? "",
      displayName: cut(p.displayName ?? "", Math.ceil(LIMITS.title / shrink)),
      created: p.created,
      labels: p.labels?.length ? capped(p.labels, shrink) : undefined,
      query: p.query ? cut(p.query, Math.ceil(LIMITS.query / shrink)) : undefined,
      notes: p.notes ? cut(p.notes, Math.ceil(LIMITS.query / shrink)) : undefined,
      incident: p.incidentInfo?.incidentId,
    }),
    maxSize,
  );
}

export const TaskView = z.object({ id: z.string(), title: z.string(), status: z.string(), description: z.string().optional() });

export function taskView(t: IncidentTask): z.infer<typeof TaskView> {
  return {
    id: t.name ?? "",
    title: cut(t.properties.title ?? "", LIMITS.title),
    status: t.properties.status,
    description: t.properties.description ? cut(t.properties.description, LIMITS.taskDescription) : undefined,
  };
}
