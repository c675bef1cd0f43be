// Keyset paging must return exactly the rows, in exactly the order, of one
// big ORDER BY query: with NULLs, duplicates, mixed directions, several keys.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import fc from "fast-check";
import { keysetAfter, orderBySql, orderKeySql, type FieldSchema, type OrderItem } from "../../../src/emulator/odata/index.js";

const SCHEMA: FieldSchema = {
  name: { kind: "scalar", type: "string", sql: "name" },
  a: { kind: "scalar", type: "number", sql: "a" },
  // NOCASE on purpose: ordering and seeking must both stay ordinal.
  b: { kind: "scalar", type: "string", sql: "b" },
  c: { kind: "scalar", type: "datetime", sql: "c_ms" },
  flag: { kind: "scalar", type: "boolean", sql: "json_extract(doc, '$.flag')" },
};

interface Row {
  a: number | null;
  b: string | null;
  c: number | null;
  flag: boolean | null;
}

function load(rows: readonly Row[]): Database.Database {
  const db = new Database(":memory:");
  db.exec("CREATE TABLE t (name TEXT PRIMARY KEY, a REAL, b TEXT COLLATE NOCASE, c_ms INTEGER, doc TEXT)");
  const insert = db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)");
  rows.forEach((r, i) => insert.run(`r${String(i).padStart(3, "0")}`, r.a, r.b, r.c, JSON.stringify({ flag: r.flag })));
  return db;
}

function allAtOnce(db: Database.Database, order: OrderItem[]): string[] {
  return db.prepare(`SELECT name FROM t ORDER BY ${orderBySql(order, SCHEMA)}`).pluck().all() as string[];
}

function pageByPage(db: Database.Database, order: OrderItem[], pageSize: number): string[] {
  const keys = orderKeySql(order, SCHEMA).map((k, i) => `${k} AS k${i}`).join(", ");
  const out: string[] = [];
  let last: unknown[] | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const after = last ? keysetAfter(order, SCHEMA, last) : { sql: "1", params: [] };
    const sql = `SELECT name, ${keys} FROM t WHERE ${after.sql} ORDER BY ${orderBySql(order, SCHEMA)} LIMIT ?`;
    const page = db.prepare(sql).raw().all(...after.params, pageSize) as unknown[][];
    out.push(...page.map((row) => row[0] as string));
    if (page.length < pageSize) return out;
    last = page[page.length - 1].slice(1);
  }
  throw new Error("paging did not end");
}

const row = fc.record({
  a: fc.option(fc.constantFrom(-1, 0, 0.5, 2), { nil: null }),
  b: fc.option(fc.constantFrom("", "a", "A", "b", "B", "é", "É", "z", "a'"), { nil: null }),
  c: fc.option(fc.constantFrom(-5, 0, 1_679_400_000_000), { nil: null }),
  flag: fc.option(fc.boolean(), { nil: null }),
});

const ordering: fc.Arbitrary<OrderItem[]> = fc
  .tuple(
    fc.shuffledSubarray(["a", "b", "c", "flag"]),
    fc.array(fc.constantFrom<"asc" | "desc">("asc", "desc"), { minLength: 5, maxLength: 5 }),
  )
  .map(([fields, dirs]) => [...fields, "name"].map((field, i) => ({ field, direction: dirs[i] })));

describe("keysetAfter", () => {
  it("pages through exactly the rows of one ORDER BY query, in the same order", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), ordering, fc.integer({ min: 1, max: 7 }), (rows, order, pageSize) => {
        const db = load(rows);
        try {
          assert.deepEqual(pageByPage(db, order, pageSize), allAtOnce(db, order));
        } finally {
          db.close();
        }
      }),
      { numRuns: 300 },
    );
  });

  it("treats NULL as first in ascending and last in descending order", () => {
    const db = load([
      { a: null, b: null, c: null, flag: null },
      { a: 1, b: "x", c: 5, flag: true },
      { a: null, b: "y", c: null, flag: false },
    ]);
    const after = (order: OrderItem[], last: unknown[]) => {
      const f = keysetAfter(order, SCHEMA, last);
      return db.prepare(`SELECT name FROM t WHERE ${f.sql} ORDER BY ${orderBySql(order, SCHEMA)}`).pluck().all(...f.params);
    };
    const name = { field: "name", direction: "asc" } as const;
    assert.deepEqual(after([{ field: "a", direction: "asc" }, name], [null, "r000"]), ["r002", "r001"]);
    assert.deepEqual(after([{ field: "a", direction: "desc" }, name], [null, "r000"]), ["r002"]);
    assert.deepEqual(after([{ field: "a", direction: "desc" }, name], [1, "r001"]), ["r000", "r002"]);
    assert.deepEqual(after([{ field: "a", direction: "asc" }, name], [1, "r001"]), []);
    // Datetime keys also take Date objects or ISO strings, booleans take true/false.
    const byC = [{ field: "c", direction: "asc" }, name] as OrderItem[];
    assert.deepEqual(after(byC, [new Date(4), "r000"]), ["r001"]);
    assert.deepEqual(after(byC, ["1970-01-01T00:00:00.005Z", "r001"]), []);
    assert.deepEqual(after([{ field: "flag", direction: "asc" }, name], [false, "r002"]), ["r001"]);
    db.close();
  });

  it("pages NOT NULL keys exactly too, with the plain bound that lets an index seek", () => {
    // The same columns declared NOT NULL, as the store's indexed columns are.
    const STRICT: FieldSchema = Object.fromEntries(
      Object.entries(SCHEMA).map(([k, f]) => [k, f.kind === "scalar" && k !== "flag" ? { ...f, notNull: true } : f]),
    );
    const strictRow = fc.record({
      a: fc.constantFrom(-1, 0, 0.5, 2),
      b: fc.constantFrom("", "a", "A", "b", "é", "z"),
      c: fc.constantFrom(-5, 0, 1_679_400_000_000),
      flag: fc.option(fc.boolean(), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(strictRow, { maxLength: 40 }), ordering, fc.integer({ min: 1, max: 7 }), (rows, order, pageSize) => {
        const db = load(rows);
        try {
          const keys = orderKeySql(order, STRICT).map((k, i) => `${k} AS k${i}`).join(", ");
          const out: string[] = [];
          let last: unknown[] | undefined;
          for (;;) {
            const after = last ? keysetAfter(order, STRICT, last) : { sql: "1", params: [] };
            const page = db.prepare(`SELECT name, ${keys} FROM t WHERE ${after.sql} ORDER BY ${orderBySql(order, STRICT)} LIMIT ?`).raw().all(...after.params, pageSize) as unknown[][];
            out.push(...page.map((r) => r[0] as string));
            if (page.length < pageSize) break;
            last = page[page.length - 1]!.slice(1);
          }
          assert.deepEqual(out, allAtOnce(db, order));
        } finally {
          db.close();
        }
      }),
      { numRuns: 300 },
    );
    // The planner seeks to the last row served instead of walking from the first one,
    // so a deep page costs what the first one does.
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t (name TEXT NOT NULL, c_ms INTEGER NOT NULL); CREATE INDEX t_c ON t (c_ms, name COLLATE BINARY)");
    for (const direction of ["asc", "desc"] as const) {
      const order: OrderItem[] = [{ field: "c", direction }, { field: "name", direction }];
      const after = keysetAfter(order, STRICT, [1_679_400_000_000, "r500"]);
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT name FROM t WHERE ${after.sql} ORDER BY ${orderBySql(order, STRICT)} LIMIT 10`).all(...after.params) as { detail: string }[];
      assert.match(plan.map((p) => p.detail).join("\n"), /SEARCH t USING (COVERING )?INDEX t_c \(c_ms[<>]\?\)/, direction);
    }
    db.close();
  });

  it("refuses values that do not match the keys", () => {
    const order: OrderItem[] = [{ field: "name", direction: "asc" }];
    assert.throws(() => keysetAfter(order, SCHEMA, []), RangeError);
    assert.throws(() => keysetAfter([{ field: "c", direction: "asc" }], SCHEMA, ["yesterday"]), RangeError);
  });
});
