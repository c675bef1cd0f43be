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
  /** Return the documents one by one (to post-process them) instead of joined. */
  perRow?: boolean;
}

export interface Page {
  /** Documents as stored UTF-8 bytes (with `perRow`): a page goes to the socket without being decoded and encoded again. */
  docs: Buffer[];
  /** Without `perRow`: the documents already joined with commas. */
  joined?: Buffer;
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
  // The tiebreaker runs the way the first key does, so an index ending in it serves the whole order.
  const tieDirection = order.find((o) => o.field === source.tiebreaker)?.direction ?? order[0]?.direction ?? "asc";
  const items: OrderItem[] = [...order.filter((o) => o.field !== source.tiebreaker), { field: source.tiebreaker, direction: tieDirection }];
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
  const from = `FROM ${source.table} WHERE ${where.join(" AND ")} ORDER BY ${orderBySql(items, source.fields)}`;
  // The page's last row and whether one follows it, without reading any document.
  const edge = ctx.sql(`SELECT ${keys.join(", ")} ${from} LIMIT 2 OFFSET ?`).all(...params, query.top - 1) as Record<string, unknown>[];
  const result: Page = { docs: [] };
  if (source.perRow) {
    result.docs = (ctx.sql(`SELECT CAST(doc AS BLOB) AS doc ${from} LIMIT ?`).all(...params, query.top) as { doc: Buffer }[]).map((r) => r.doc);
  } else {
    // SQLite joins the documents itself, in the subquery's order: one buffer, no per-row work in JavaScript.
    const row = ctx.sql(`SELECT CAST(group_concat(doc, ',') AS BLOB) AS body FROM (SELECT doc ${from} LIMIT ?)`).get(...params, query.top) as { body: Buffer | null };
    result.joined = row.body ?? Buffer.alloc(0);
  }
  if (edge.length === 2) {
    const last = edge[0]!;
    result.nextSkipToken = codec.encode({ query: digest, last: items.map((_, i) => last[`k${i}`] ?? null) });
  }
  return result;
}
