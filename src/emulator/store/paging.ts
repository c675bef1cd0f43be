// One keyset pager for every list: filter and order compiled to SQL with bound
// parameters, `top + 1` rows fetched to know whether a next page exists, and the
// next page starting strictly after the last row served.
import type { FieldSchema } from "../odata/schema.js";
import { compileFilter, keysetAfter, orderBySql, parseOrderBy, type OrderItem } from "../odata/index.js";
import type { StoreContext } from "./context.js";
import { SkipTokenCodec } from "./skipToken.js";

export interface ListQuery {
  filter?: string;
  orderby?: string;
  top: number;
  skipToken?: string;
}

export interface ListSource {
  table: string;
  /** SQL restricting rows to the collection, e.g. `ws = ? AND incident = ?`. */
  scope: string;
  scopeParams: unknown[];
  fields: FieldSchema;
  entityName: string;
  defaultOrder: OrderItem[];
  /** A unique column that makes any order total. */
  tiebreaker: string;
}

export interface Page {
  /** Documents as stored UTF-8 bytes: a page goes to the socket without being decoded and encoded again. */
  docs: Buffer[];
  nextSkipToken?: string;
}

export class InvalidSkipTokenError extends Error {
  override name = "InvalidSkipTokenError";
}

export function listPage(ctx: StoreContext, source: ListSource, query: ListQuery): Page {
  const { codec } = ctx;
  const order = query.orderby !== undefined && query.orderby.trim() !== ""
    ? parseOrderBy(query.orderby, source.fields, source.entityName)
    : source.defaultOrder;
  const items: OrderItem[] = [...order.filter((o) => o.field !== source.tiebreaker), { field: source.tiebreaker, direction: order.find((o) => o.field === source.tiebreaker)?.direction ?? "asc" }];
  const where: string[] = [source.scope];
  const params: unknown[] = [...source.scopeParams];
  if (query.filter !== undefined && query.filter.trim() !== "") {
    const f = compileFilter(query.filter, source.fields, source.entityName);
    where.push(`(${f.sql})`);
    params.push(...f.params);
  }
  const digest = SkipTokenCodec.queryDigest([source.table, JSON.stringify(source.scopeParams), query.filter?.trim() ?? "", JSON.stringify(items)]);
  if (query.skipToken !== undefined) {
    const token = codec.decode(query.skipToken);
    if (!token || token.query !== digest || token.last.length !== items.length) {
      throw new InvalidSkipTokenError(
        "The $skipToken is not valid: it was altered, or it belongs to a different query. Start again from the first page.",
      );
    }
    const after = keysetAfter(items, source.fields, token.last);
    where.push(`(${after.sql})`);
    params.push(...after.params);
  }
  const keys = items.map((item, i) => {
    const field = source.fields[item.field];
    return `${field && field.kind === "scalar" ? field.sql : "NULL"} AS k${i}`;
  });
  const sql = `SELECT CAST(doc AS BLOB) AS doc, ${keys.join(", ")} FROM ${source.table} WHERE ${where.join(" AND ")} ORDER BY ${orderBySql(items, source.fields)} LIMIT ?`;
  const rows = ctx.sql(sql).all(...params, query.top + 1) as Record<string, unknown>[];
  const page = rows.slice(0, query.top);
  const result: Page = { docs: page.map((r) => r.doc as Buffer) };
  if (rows.length > query.top) {
    const last = page[page.length - 1]!;
    result.nextSkipToken = codec.encode({ query: digest, last: items.map((_, i) => last[`k${i}`] ?? null) });
  }
  return result;
}
