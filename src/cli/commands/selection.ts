// The selection flags of `list` and the bulk commands. What the API's $filter says
// exactly (severity, status, classification, created between, title contains, --filter)
// is sent to the service; owner and label matches it cannot say exactly (display and
// group names, any case, "unassigned") are finished here, and --top counts what matches.
import { DEFAULT_LIST_COUNT } from "../../api/paging.js";
import type { OperationOptions } from "../../client/context.js";
import { IncidentClassification } from "../../api/enums.js";
import type { Incident, IncidentOwnerInfo } from "../../api/models.js";
import type { ListIncidentsParams } from "../../client/operations/incidents.js";
import { andFilters, incidentFilter, odataString, type IncidentFilterOptions } from "../../client/filter.js";
import type { SentinelClient } from "../../client/sentinelClient.js";
import type { SignedInUser } from "../../client/identity.js";
import { UsageError } from "../errors.js";
import { enumFlag } from "../flagValues.js";
import { parseTypedTime, type TimeZoneChoice } from "../output/time.js";

export interface SelectionFlags {
  top?: string;
  all?: boolean;
  filter?: string;
  orderby?: string;
  severity?: string;
  status?: string;
  classification?: string;
  since?: string;
  until?: string;
  titleContains?: string;
  label?: string;
  owner?: string;
  unassigned?: boolean;
}

/** What a selection asks of each workspace: the service's part, and the part checked here. */
export interface Selection {
  params: ListIncidentsParams;
  /** How many in all (undefined with --all, or in bulk without --top: every match). */
  top?: number;
  /** The client-side part; absent when the service's filter says it all. */
  matches?: (incident: Incident) => boolean;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `24h`, `7d`, `30m`, `2w` before now, or a date-time (without a zone: read in the tables' zone). */
export function parseWhen(value: string, flag: string, zone: TimeZoneChoice = {}, now = Date.now()): Date {
  const m = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (m) return new Date(now - Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  const d = parseTypedTime(value, zone);
  if (!d) throw new UsageError(`${flag} must be a duration such as 24h, 7d, 30m or 2w, or a date-time such as 2026-05-01 14:30 (read in ${zone.local ? "local time" : "UTC"} unless it ends in Z or +hh:mm), got '${value}'`);
  return d;
}

/** Kept for callers of the old name: --since read in UTC. */
export function parseSince(value: string, now = Date.now()): Date {
  return parseWhen(value, "--since", {}, now);
}

export function parseTop(value: string | undefined, flag = "--top"): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} must be a whole number of at least 1, got '${value}'`);
  return Number(value);
}

/** The $filter the service applies. */
export function selectionFilter(flags: SelectionFlags, zone: TimeZoneChoice = {}): string | undefined {
  const criteria: IncidentFilterOptions = {};
  if (flags.severity !== undefined) criteria.severity = flags.severity;
  if (flags.status !== undefined) criteria.status = flags.status;
  if (flags.since !== undefined) criteria.createdAfter = parseWhen(flags.since, "--since", zone);
  if (flags.until !== undefined) criteria.createdBefore = parseWhen(flags.until, "--until", zone);
  if (flags.titleContains !== undefined) criteria.titleContains = flags.titleContains;
  const built = Object.keys(criteria).length > 0 ? incidentFilter(criteria) : undefined;
  let classification: string | undefined;
  if (flags.classification !== undefined) {
    const values = flags.classification.split(",").map((v) => v.trim()).filter(Boolean);
    if (values.length === 0) throw new UsageError(`--classification is empty; use one of: ${IncidentClassification.join(", ")}`);
    const terms = values.map((v) => `properties/classification eq ${odataString(enumFlag("--classification", IncidentClassification, v))}`);
    classification = terms.length === 1 ? terms[0] : `(${terms.join(" or ")})`;
  }
  return andFilters(built, classification, flags.filter);
}

/** The names an owner is shown and known by: UPN, email, display or group name, objectId. */
export function ownerNames(owner: IncidentOwnerInfo | undefined): string[] {
  if (!owner) return [];
  return [owner.userPrincipalName, owner.email, owner.assignedTo, owner.objectId].filter((v): v is string => typeof v === "string" && v !== "").map((v) => v.toLowerCase());
}

export function isUnassigned(i: Incident): boolean {
  return ownerNames(i.properties.owner).length === 0;
}

/**
 * The whole selection. `me` is asked for only when --owner me is given; a bulk
 * command passes `everyMatch` so no --top means every match rather than 50.
 */
export async function buildSelection(flags: SelectionFlags, options: { zone?: TimeZoneChoice; me?: () => Promise<SignedInUser>; everyMatch?: boolean } = {}): Promise<Selection> {
  const top = parseTop(flags.top);
  if (flags.all && top !== undefined) throw new UsageError("--all and --top go against each other; give one");
  if (flags.unassigned && flags.owner !== undefined) throw new UsageError("--unassigned and --owner go against each other; give one");
  if (flags.owner !== undefined && flags.owner.trim() === "") throw new UsageError("--owner is empty: give a UPN, email, display or group name, or 'me'");
  if (flags.label !== undefined && flags.label.trim() === "") throw new UsageError("--label is empty");
  const params: ListIncidentsParams = {};
  const filter = selectionFilter(flags, options.zone);
  if (filter) params.$filter = filter;
  if (flags.orderby) params.$orderby = flags.orderby;
  const checks: ((i: Incident) => boolean)[] = [];
  if (flags.unassigned) checks.push(isUnassigned);
  if (flags.owner !== undefined) {
    let wanted = [flags.owner.trim().toLowerCase()];
    if (wanted[0] === "me") {
      if (!options.me) throw new UsageError("--owner me is not known here");
      const me = await options.me();
      wanted = [me.objectId, me.userPrincipalName, me.email].filter((v): v is string => Boolean(v)).map((v) => v.toLowerCase());
    }
    checks.push((i) => ownerNames(i.properties.owner).some((n) => wanted.includes(n)));
  }
  if (flags.label !== undefined) {
    const label = flags.label.trim().toLowerCase();
    checks.push((i) => (i.properties.labels ?? []).some((l) => l.labelName.toLowerCase() === label));
  }
  const matches = checks.length > 0 ? (i: Incident) => checks.every((c) => c(i)) : undefined;
  return { params, top: flags.all ? undefined : (top ?? (options.everyMatch ? undefined : DEFAULT_LIST_COUNT)), matches };
}


/** The incidents one workspace has for a selection: its pages until `top` match (or all). */
export async function selectIn(client: SentinelClient, selection: Selection, onCount?: (n: number) => void, options: OperationOptions = {}): Promise<Incident[]> {
  const { params, top, matches } = selection;
  if (!matches) {
    return top === undefined
      ? client.listAllIncidents(params, { onPage: onCount, abortSignal: options.abortSignal })
      : client.listIncidents({ ...params, $top: top }, { onPage: onCount, abortSignal: options.abortSignal });
  }
  const out: Incident[] = [];
  // Matching here means reading on until enough match: full pages, not $top-sized ones.
  for await (const page of client.iterateIncidents({ ...params, $top: 1000 }, { abortSignal: options.abortSignal }).byPage()) {
    for (const incident of page) {
      if (!matches(incident)) continue;
      out.push(incident);
      if (top !== undefined && out.length >= top) return out;
    }
    onCount?.(out.length);
  }
  return out;
}

/** The sort key of --orderby (a property path and a direction), newest first by default. */
export function orderOf(orderby: string | undefined): (a: Incident, b: Incident) => number {
  const m = /^\s*([\w/]+)(?:\s+(asc|desc))?\s*$/i.exec(orderby ?? "properties/createdTimeUtc desc");
  const path = (m?.[1] ?? "properties/createdTimeUtc").split("/");
  const desc = (m?.[2] ?? "asc").toLowerCase() === "desc";
  const value = (i: Incident): unknown => path.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), i);
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return 0;
    if (x === undefined || x === null) return 1;
    if (y === undefined || y === null) return -1;
    const c = typeof x === "number" && typeof y === "number" ? x - y : /Time|time/.test(path[path.length - 1]!) ? Date.parse(String(x)) - Date.parse(String(y)) : String(x).localeCompare(String(y));
    return desc ? -c : c;
  };
}

/** Back-compat: the service's part of a selection (for callers that do their own matching). */
export function selectionParams(flags: SelectionFlags): ListIncidentsParams {
  const params: ListIncidentsParams = {};
  const filter = selectionFilter(flags);
  if (filter) params.$filter = filter;
  if (flags.orderby) params.$orderby = flags.orderby;
  const top = parseTop(flags.top);
  if (top !== undefined) params.$top = top;
  if (flags.all && top !== undefined) throw new UsageError("--all and --top go against each other; give one");
  return params;
}
