// A typed builder for incident $filter expressions. Every literal is quoted by
// OData's rules (a quote doubles), so any value is data, never syntax.
import { canonicalEnum, IncidentSeverity, IncidentStatus } from "../api/enums.js";
import { SentinelValidationError } from "./errors.js";
import { toUtcIso } from "./values.js";

export interface IncidentFilterOptions {
  severity?: string | readonly string[];
  status?: string | readonly string[];
  createdAfter?: Date | string;
  createdBefore?: Date | string;
  modifiedAfter?: Date | string;
  /** Case-insensitive substring of the title. */
  titleContains?: string;
  /** Incidents carrying this label (exact name). */
  label?: string;
  /** Incidents assigned to this user principal name (case-insensitive). */
  ownerUpn?: string;
  incidentNumber?: number;
}

/** An OData string literal. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function enumList(field: string, allowed: readonly string[], value: string | readonly string[]): string[] {
  const values = typeof value === "string" ? value.split(",").map((v) => v.trim()).filter(Boolean) : [...value];
  if (values.length === 0) throw new SentinelValidationError(`'${field}' is empty. Allowed values: ${allowed.join(", ")}.`, field, value, allowed);
  return values.map((v) => {
    const canonical = canonicalEnum(allowed, v);
    if (!canonical) throw new SentinelValidationError(`'${field}' has the invalid value '${v}'. Allowed values: ${allowed.join(", ")}.`, field, v, allowed);
    return canonical;
  });
}

function anyOf(path: string, values: string[]): string {
  const terms = values.map((v) => `${path} eq ${odataString(v)}`);
  return terms.length === 1 ? terms[0]! : `(${terms.join(" or ")})`;
}

/** Builds a $filter from typed criteria; all given criteria must hold. */
export function incidentFilter(options: IncidentFilterOptions): string {
  const terms: string[] = [];
  if (options.severity !== undefined) terms.push(anyOf("properties/severity", enumList("severity", IncidentSeverity, options.severity)));
  if (options.status !== undefined) terms.push(anyOf("properties/status", enumList("status", IncidentStatus, options.status)));
  if (options.createdAfter !== undefined) terms.push(`properties/createdTimeUtc ge ${toUtcIso(options.createdAfter, "createdAfter")}`);
  if (options.createdBefore !== undefined) terms.push(`properties/createdTimeUtc lt ${toUtcIso(options.createdBefore, "createdBefore")}`);
  if (options.modifiedAfter !== undefined) terms.push(`properties/lastModifiedTimeUtc ge ${toUtcIso(options.modifiedAfter, "modifiedAfter")}`);
  if (options.titleContains !== undefined) {
    if (options.titleContains === "") throw new SentinelValidationError("'titleContains' is empty.", "titleContains", "");
    terms.push(`contains(tolower(properties/title), tolower(${odataString(options.titleContains)}))`);
  }
  if (options.label !== undefined) terms.push(`properties/labels/any(l: l/labelName eq ${odataString(options.label)})`);
  if (options.ownerUpn !== undefined) terms.push(`tolower(properties/owner/userPrincipalName) eq tolower(${odataString(options.ownerUpn)})`);
  if (options.incidentNumber !== undefined) {
    if (!Number.isInteger(options.incidentNumber) || options.incidentNumber < 1) {
      throw new SentinelValidationError(`'incidentNumber' must be a positive whole number, got ${options.incidentNumber}.`, "incidentNumber", options.incidentNumber);
    }
    terms.push(`properties/incidentNumber eq ${options.incidentNumber}`);
  }
  return terms.join(" and ");
}

/** Joins filters with `and`, parenthesising each so their own `or`s keep their meaning. */
export function andFilters(...filters: (string | undefined)[]): string | undefined {
  const present = filters.filter((f): f is string => f !== undefined && f.trim() !== "");
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : present.map((f) => `(${f})`).join(" and ");
}
