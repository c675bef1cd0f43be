// Whatever text arrives in $filter or $orderby, the module either returns or
// throws ODataError, and whatever it returns is SQL that SQLite accepts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compileFilter, ODataError, parseOrderBy } from "../../../src/emulator/odata/index.js";
import { FIELDS, openDb } from "./fixture.js";

const SEEDS = [
  "properties/severity in ('High','Medium') and not (properties/title eq null)",
  "contains(tolower(properties/title), tolower('MsTicPy')) or startswith(name, 'a')",
  "properties/labels/any(l: l/labelName eq 'x' and l/labelType ne 'System') and properties/labels/all(l: endswith(l/labelName, 'x'))",
  "properties/additionalData/tactics/any(t: t eq 'Persistence') or properties/labels/any()",
  "properties/createdTimeUtc ge 2023-03-21T12:00:00.123+02:00 and properties/createdTimeUtc lt '2023-03-22'",
  "(properties/incidentNumber gt -5 or properties/additionalData/alertsCount le 2.5) and properties/isActive eq true",
  "properties/alerts/any(a: a/timeGenerated gt 2023-03-22 and a/count ge 7) eq false",
  "properties/title eq 'O''Brien''s -- 100% _done_ *[x] 😀' or toupper(properties/owner/email) ne 'É'",
];

const FRAGMENTS = [
  "(", ")", "'", "''", ",", "/", ":", " ", " and ", " or ", "not ", " eq ", " gt ", " in ", "null", "true",
  "any(", "all(", "l/", "-", ".", "1", "2023-", "T", "Z", "+02:00", "tolower(", "properties/", "😀", "\u0000", "\ud800", "%", "$",
];

const mutation = fc.record({
  kind: fc.constantFrom("insert", "delete", "replace"),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 4 }),
  text: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 2 }) },
  ),
});

function mutate(seed: string, steps: ReadonlyArray<{ kind: string; at: number; length: number; text: string }>): string {
  let s = seed;
  for (const step of steps) {
    const at = step.at % (s.length + 1);
    if (step.kind === "insert") s = s.slice(0, at) + step.text + s.slice(at);
    else if (step.kind === "delete") s = s.slice(0, at) + s.slice(at + step.length);
    else s = s.slice(0, at) + step.text + s.slice(at + step.length);
  }
  return s;
}

describe("robustness", () => {
  const db = openDb();
  let compiled = 0;

  /** Compiles; on success runs the SQL, on failure insists on a well-formed ODataError. */
  function tryFilter(text: string): void {
    let f: { sql: string; params: unknown[] };
    try {
      f = compileFilter(text, FIELDS, "Incident");
    } catch (e) {
      assertODataError(e, text);
      return;
    }
    compiled++;
    db.prepare(`SELECT count(*) FROM incidents WHERE ws = ? AND (${f.sql})`).pluck().get("ws1", ...f.params);
  }

  it("every seed compiles", () => {
    for (const seed of SEEDS) compileFilter(seed, FIELDS, "Incident");
  });

  it("10,000 mutated filters never throw anything but ODataError", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seed, steps) => {
        tryFilter(mutate(seed, steps));
      }),
      { numRuns: 10_000 },
    );
    // The mutations must not all be fatal, or the SQL side is never exercised.
    assert.ok(compiled > 200, `only ${compiled} mutated filters compiled`);
  });

  it("random text, unicode and deep nesting never throw anything but ODataError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 60 }), fc.string({ unit: "grapheme" })), tryFilter),
      { numRuns: 2000 },
    );
    for (const text of ["(".repeat(9999), `${"not ".repeat(2400)}true`, `${"tolower(".repeat(1200)}x`, "'".repeat(9999), "a/".repeat(4999)]) {
      tryFilter(text);
    }
  });

  it("mutated $orderby values never throw anything but ODataError", () => {
    const seed = "properties/createdTimeUtc desc, name asc,properties/owner/email";
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (steps) => {
        const text = mutate(seed, steps);
        try {
          parseOrderBy(text, FIELDS, "Incident");
        } catch (e) {
          assertODataError(e, text);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

function assertODataError(e: unknown, text: string): void {
  if (!(e instanceof ODataError)) throw new Error(`${JSON.stringify(text)} threw ${String(e)}`);
  assert.equal(e.name, "ODataError");
  assert.ok(e.position >= 0 && e.position <= Math.max(text.length, 10_000), `position ${e.position}`);
  assert.ok(e.message.includes(`position ${e.position}`), e.message);
}
