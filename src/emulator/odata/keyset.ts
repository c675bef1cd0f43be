// Keyset ("seek") paging: instead of OFFSET, the next page is the rows that
// sort strictly after the last row of this one. With keys k1..kn and that
// row's values v1..vn, a row is after it when, for some i, it ties on
// k1..k(i-1) and is after on ki. SQLite sorts NULL first in ASC and so last
// in DESC; because the values are known when the SQL is built, each NULL
// case gets its own plain predicate instead of a three-valued one.
import { parseDateTime } from "./lexer.js";
import { orderKeySql, sortField, type OrderItem } from "./orderby.js";
import type { FieldSchema, ScalarType } from "./schema.js";

interface Fragment {
  sql: string;
  params: unknown[];
}

/**
 * A predicate true exactly for rows after the one whose sort-key values
 * (as selected with orderKeySql) were `last`. The order must be total, so
 * callers end `items` with a unique key.
 */
export function keysetAfter(items: OrderItem[], schema: FieldSchema, last: readonly unknown[]): Fragment {
  if (last.length !== items.length) {
    throw new RangeError(`keysetAfter needs one value per sort key: ${items.length} keys, ${last.length} values`);
  }
  const keys = orderKeySql(items, schema);
  let rest: Fragment = { sql: "0", params: [] };
  for (let i = items.length - 1; i >= 0; i--) {
    const field = sortField(schema, items[i].field);
    const value = sqlValue(last[i], field.type);
    const after = afterOn(keys[i], items[i].direction, value, field.notNull === true);
    const tie: Fragment = value === null ? { sql: `${keys[i]} IS NULL`, params: [] } : { sql: `${keys[i]} IS ?`, params: [value] };
    const tieThenRest: Fragment =
      rest.sql === "0" ? rest : { sql: `(${tie.sql} AND ${rest.sql})`, params: [...tie.params, ...rest.params] };
    rest = combine(after, tieThenRest);
  }
  // The OR above is exact but opaque to SQLite's planner, which would then walk the
  // index from the start of the range on every page (page n costing n pages). When the
  // first key is never NULL, a plain bound on it (implied by the OR) lets the index
  // seek straight to the last row served.
  const first = sortField(schema, items[0].field);
  const firstValue = sqlValue(last[0], first.type);
  if (first.notNull && firstValue !== null && rest.sql !== "0") {
    const op = items[0].direction === "asc" ? ">=" : "<=";
    rest = { sql: `(${keys[0]} ${op} ? AND ${rest.sql})`, params: [firstValue, ...rest.params] };
  }
  return rest;
}

function afterOn(key: string, direction: OrderItem["direction"], value: unknown, notNull: boolean): Fragment | undefined {
  if (notNull && value !== null) return { sql: `${key} ${direction === "asc" ? ">" : "<"} ?`, params: [value] };
  if (direction === "asc") {
    return value === null ? { sql: `${key} IS NOT NULL`, params: [] } : { sql: `COALESCE(${key} > ?, 0)`, params: [value] };
  }
  // Nothing sorts after NULL in DESC; NULL sorts after every value.
  return value === null ? undefined : { sql: `(${key} IS NULL OR ${key} < ?)`, params: [value] };
}

function combine(after: Fragment | undefined, tieThenRest: Fragment): Fragment {
  if (!after) return tieThenRest;
  if (tieThenRest.sql === "0") return after;
  return { sql: `(${after.sql} OR ${tieThenRest.sql})`, params: [...after.params, ...tieThenRest.params] };
}

/** The value as SQLite stores it: booleans as 0/1, datetimes as epoch ms. */
function sqlValue(value: unknown, type: ScalarType): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean") return Number(value);
  if (type === "datetime" && value instanceof Date) return value.getTime();
  if (type === "datetime" && typeof value === "string") {
    const ms = parseDateTime(value);
    if (ms === undefined) throw new RangeError(`not a date/time: ${value}`);
    return ms;
  }
  return value;
}
