// The OData functions the filter language knows, and the SQL functions
// that implement them. They are JavaScript because SQLite's lower()/upper()
// fold ASCII only and LIKE/GLOB treat % _ * [ as patterns; OData wants
// Unicode case mapping and literal substring tests.
import type { Database } from "better-sqlite3";
import { parseDateTime } from "./lexer.js";
import type { ScalarType } from "./schema.js";

export interface ODataFunction {
  params: readonly ScalarType[];
  returns: ScalarType;
  /** The registered SQL function that computes it. */
  sqlName: string;
}

const CATALOGUE: Readonly<Record<string, ODataFunction>> = {
  contains: { params: ["string", "string"], returns: "boolean", sqlName: "odata_contains" },
  startswith: { params: ["string", "string"], returns: "boolean", sqlName: "odata_startswith" },
  endswith: { params: ["string", "string"], returns: "boolean", sqlName: "odata_endswith" },
  tolower: { params: ["string"], returns: "string", sqlName: "odata_tolower" },
  toupper: { params: ["string"], returns: "string", sqlName: "odata_toupper" },
};

/** Function names are case-insensitive (see parser.ts). */
export function findFunction(name: string): ODataFunction | undefined {
  const key = name.toLowerCase();
  return Object.prototype.hasOwnProperty.call(CATALOGUE, key) ? CATALOGUE[key] : undefined;
}

export const FUNCTION_NAMES: readonly string[] = Object.keys(CATALOGUE);

/** SQL function turning an ISO date-time string (as stored inside JSON collections) into epoch ms. */
export const DATETIME_MS_SQL = "odata_datetime_ms";

// A value that is not text (NULL, or a number where the schema promised a
// string) gives NULL, which the compiler turns into "false" for predicates.
function test(check: (s: string, sub: string) => boolean) {
  return (s: unknown, sub: unknown): number | null =>
    typeof s === "string" && typeof sub === "string" ? Number(check(s, sub)) : null;
}

const IMPLEMENTATIONS: Record<string, (...args: never[]) => unknown> = {
  odata_contains: test((s, sub) => s.includes(sub)),
  odata_startswith: test((s, sub) => s.startsWith(sub)),
  odata_endswith: test((s, sub) => s.endsWith(sub)),
  odata_tolower: (s: unknown) => (typeof s === "string" ? s.toLowerCase() : null),
  odata_toupper: (s: unknown) => (typeof s === "string" ? s.toUpperCase() : null),
  [DATETIME_MS_SQL]: (s: unknown) => (typeof s === "string" ? (parseDateTime(s) ?? null) : null),
};

/** Registers every SQL function compileFilter() may emit. Call once per connection. */
export function registerODataFunctions(db: Database): void {
  for (const [name, fn] of Object.entries(IMPLEMENTATIONS)) {
    db.function(name, { deterministic: true }, fn as (...args: unknown[]) => unknown);
  }
}
