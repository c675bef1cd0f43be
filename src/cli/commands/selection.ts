// The list command's selection flags, turned into the library's list parameters.
import type { ListIncidentsParams } from "../../client/operations/incidents.js";
import { andFilters, incidentFilter, type IncidentFilterOptions } from "../../client/filter.js";
import { UsageError } from "../errors.js";

export interface SelectionFlags {
  top?: string;
  all?: boolean;
  filter?: string;
  orderby?: string;
  severity?: string;
  status?: string;
  since?: string;
  titleContains?: string;
  label?: string;
  owner?: string;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `24h`, `7d`, `30m`, `2w`, or an ISO date-time. */
export function parseSince(value: string, now = Date.now()): Date {
  const m = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (m) return new Date(now - Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`--since must be a duration such as 24h, 7d, 30m or 2w, or an ISO date-time, got '${value}'`);
  return new Date(ms);
}

export function parseTop(value: string | undefined, flag = "--top"): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} must be a whole number of at least 1, got '${value}'`);
  return Number(value);
}

export function selectionFilter(flags: SelectionFlags): string | undefined {
  const criteria: IncidentFilterOptions = {};
  if (flags.severity !== undefined) criteria.severity = flags.severity;
  if (flags.status !== undefined) criteria.status = flags.status;
  if (flags.since !== undefined) criteria.createdAfter = parseSince(flags.since);
  if (flags.titleContains !== undefined) criteria.titleContains = flags.titleContains;
  if (flags.label !== undefined) criteria.label = flags.label;
  if (flags.owner !== undefined) criteria.ownerUpn = flags.owner;
  const built = Object.keys(criteria).length > 0 ? incidentFilter(criteria) : undefined;
  return andFilters(built, flags.filter);
}

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
