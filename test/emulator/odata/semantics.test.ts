// Differential test: random well-typed filters, rendered with only the
// parentheses precedence requires, must select the same rows in SQLite as
// a direct JavaScript reading of OData's rules over the fixture data.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { matcher, openDb, ROWS } from "./fixture.js";

type Row = (typeof ROWS)[number];
type Value = string | number | null;

interface Expr<T> {
  text: string;
  ev: (row: Row, item?: unknown) => T;
}
/** prec: 1 or, 2 and, 3 not, 4 anything tighter. */
interface Bool extends Expr<boolean> {
  prec: number;
}

const doc = (r: Row) => r.doc as Record<string, any>;
const STRING_FIELDS: Record<string, (r: Row) => Value> = {
  name: (r) => r.name,
  "properties/title": (r) => r.title,
  "properties/severity": (r) => r.severity,
  "properties/owner/email": (r) => doc(r).owner?.email ?? null,
};
const NUMBER_FIELDS: Record<string, (r: Row) => Value> = {
  "properties/incidentNumber": (r) => doc(r).number ?? null,
  "properties/additionalData/alertsCount": (r) => doc(r).alertsCount ?? null,
};
const DATETIME_FIELDS: Record<string, (r: Row) => Value> = {
  "properties/createdTimeUtc": (r) => (r.created === null ? null : Date.parse(r.created)),
};

const quoteLit = (s: string) => `'${s.replaceAll("'", "''")}'`;
/** SQLite compares UTF-8 bytes, which is code point order; JS `<` compares UTF-16 units. */
const codePoints = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);
function compare(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const [x, y] = [codePoints(String(a)), codePoints(String(b))];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
const OPS: Record<string, (a: Value, b: Value) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  gt: (a, b) => a !== null && b !== null && compare(a, b) > 0,
  ge: (a, b) => a !== null && b !== null && compare(a, b) >= 0,
  lt: (a, b) => a !== null && b !== null && compare(a, b) < 0,
  le: (a, b) => a !== null && b !== null && compare(a, b) <= 0,
};

const strLiteral = fc.constantFrom<string>("High", "high", "a1", "mstic", "", "x", "O'Brien", "É", "😀", "\uffff", "MsTicPy found it", "bob@contoso.com");
const lit = <T extends Value>(v: T, text: string): Expr<T> => ({ text, ev: () => v });
const field = (fields: Record<string, (r: Row) => Value>) =>
  fc.constantFrom(...Object.keys(fields)).map((p): Expr<Value> => ({ text: p, ev: (r) => fields[p](r) }));

const strExpr: fc.Arbitrary<Expr<Value>> = fc.oneof(
  field(STRING_FIELDS),
  fc.tuple(fc.constantFrom("tolower", "toupper"), field(STRING_FIELDS)).map(([fn, e]) => ({
    text: `${fn}(${e.text})`,
    ev: (r: Row) => {
      const v = e.ev(r);
      return typeof v !== "string" ? null : fn === "tolower" ? v.toLowerCase() : v.toUpperCase();
    },
  })),
);
const strOperand = fc.oneof(strExpr, strLiteral.map((s) => lit(s, quoteLit(s))), fc.constant(lit(null, "null")));
const numOperand = fc.oneof(
  fc.constantFrom(-1, 0, 2, 2.5, 3, 6, 1679400000000).map((n) => lit(n, String(n))),
  fc.constant(lit(null, "null")),
);
const dtOperand = fc.oneof(
  fc
    .tuple(fc.constantFrom("2023-03-21T12:00:00Z", "2023-03-21T12:00:00.123Z", "2023-03-21T13:00:00+01:00", "2023-03-21", "2023-01-01T00:00:00Z"), fc.boolean())
    .map(([iso, quoted]) => lit(Date.parse(iso), quoted ? quoteLit(iso) : iso)),
  fc.constant(lit(null, "null")),
);
const leaf = (e: Omit<Bool, "prec">): Bool => ({ ...e, prec: 4 });

const comparison = fc.oneof(
  fc.tuple(strExpr, fc.constantFrom(...Object.keys(OPS)), strOperand),
  fc.tuple(field(NUMBER_FIELDS), fc.constantFrom(...Object.keys(OPS)), numOperand),
  fc.tuple(field(DATETIME_FIELDS), fc.constantFrom(...Object.keys(OPS)), dtOperand),
).map(([a, op, b]) => leaf({ text: `${a.text} ${op} ${b.text}`, ev: (r) => OPS[op](a.ev(r), b.ev(r)) }));

const call = fc.tuple(fc.constantFrom("contains", "startswith", "endswith"), strExpr, strOperand).map(([fn, a, b]) =>
  leaf({
    text: `${fn}(${a.text}, ${b.text})`,
    ev: (r) => {
      const [s, sub] = [a.ev(r), b.ev(r)];
      if (typeof s !== "string" || typeof sub !== "string") return false;
      return fn === "contains" ? s.includes(sub) : fn === "startswith" ? s.startsWith(sub) : s.endsWith(sub);
    },
  }),
);

const inList = fc.tuple(strExpr, fc.array(fc.option(strLiteral, { nil: null }), { minLength: 1, maxLength: 3 })).map(([a, items]) =>
  leaf({
    text: `${a.text} in (${items.map((s) => (s === null ? "null" : quoteLit(s))).join(", ")})`,
    ev: (r) => items.includes(a.ev(r) as string | null),
  }),
);

const lambda = fc
  .tuple(fc.constantFrom("any", "all"), fc.boolean(), fc.constantFrom("x", "y", "Phish", "Persistence", "User"))
  .map(([op, labels, s]) => {
    const items = (r: Row): unknown[] => (labels ? doc(r).labels : doc(r).tactics) ?? [];
    const test = (item: unknown) => (labels ? (item as { labelName: string }).labelName === s : item === s);
    const body = labels ? `v/labelName eq ${quoteLit(s)}` : `v eq ${quoteLit(s)}`;
    const path = labels ? "properties/labels" : "properties/additionalData/tactics";
    return leaf({
      text: `${path}/${op}(v: ${body})`,
      ev: (r) => (op === "any" ? items(r).some(test) : items(r).every(test)),
    });
  });

const wrap = (e: Bool, min: number): string => (e.prec < min ? `(${e.text})` : e.text);

const { bool } = fc.letrec<{ bool: Bool }>((tie) => ({
  bool: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    comparison,
    call,
    inList,
    lambda,
    (tie("bool") as fc.Arbitrary<Bool>).map((e): Bool => ({ text: `not ${wrap(e, 3)}`, ev: (r) => !e.ev(r), prec: 3 })),
    fc.tuple(tie("bool") as fc.Arbitrary<Bool>, tie("bool") as fc.Arbitrary<Bool>).map(([a, b]): Bool => ({
      text: `${wrap(a, 2)} and ${wrap(b, 2)}`,
      ev: (r) => a.ev(r) && b.ev(r),
      prec: 2,
    })),
    fc.tuple(tie("bool") as fc.Arbitrary<Bool>, tie("bool") as fc.Arbitrary<Bool>).map(([a, b]): Bool => ({
      text: `${wrap(a, 1)} or ${wrap(b, 1)}`,
      ev: (r) => a.ev(r) || b.ev(r),
      prec: 1,
    })),
  ),
}));

describe("semantics", () => {
  it("random filters select the rows OData's rules say they should", () => {
    const rows = matcher(openDb());
    fc.assert(
      fc.property(bool, (e) => {
        const expected = ROWS.filter((r) => e.ev(r)).map((r) => r.name);
        assert.deepEqual(rows(e.text), expected, e.text);
      }),
      { numRuns: 3000 },
    );
  });
});
