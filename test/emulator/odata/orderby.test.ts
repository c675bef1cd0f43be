// $orderby parsing, its errors, and the ORDER BY it produces.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ODataError, orderBySql, parseOrderBy } from "../../../src/emulator/odata/index.js";
import { FIELDS, openDb } from "./fixture.js";

const parse = (text: string) => parseOrderBy(text, FIELDS, "Incident");

describe("parseOrderBy", () => {
  it("reads keys with optional, case-insensitive directions", () => {
    assert.deepEqual(parse("properties/createdTimeUtc desc, name"), [
      { field: "properties/createdTimeUtc", direction: "desc" },
      { field: "name", direction: "asc" },
    ]);
    assert.deepEqual(parse("  name DESC ,properties/title   Asc "), [
      { field: "name", direction: "desc" },
      { field: "properties/title", direction: "asc" },
    ]);
    assert.deepEqual(parse("properties/owner/email"), [{ field: "properties/owner/email", direction: "asc" }]);
  });

  const errors: ReadonlyArray<readonly [string, number, RegExp]> = [
    ["", 0, /^Syntax error at position 0 in '\$orderby': expected a property path but found end of input\.$/],
    ["foo desc", 0, /^Could not find a property named 'foo' on type 'Incident' \(at position 0 in '\$orderby'\)\.$/],
    ["name, Properties/title", 6, /did you mean 'properties\/title'\?/],
    ["properties/labels", 0, /'properties\/labels' is a collection and cannot be used to order results/],
    ["name, properties/title desc, name desc", 29, /The property 'name' appears more than once/],
    ["name sideways", 5, /expected 'asc', 'desc', ',' or end of input but found 'sideways'/],
    ["name desc desc", 10, /expected ',' or end of input but found 'desc'/],
    ["name,", 5, /expected a property path but found end of input/],
    [",name", 0, /expected a property path but found ','/],
    ["properties/", 11, /expected a property name right after '\/' but found end of input/],
    ["properties/ desc", 12, /right after '\/' but found 'desc'/],
    ["name#", 4, /unexpected character '#'/],
    ["name 'x'", 5, /found the string 'x'/],
  ];
  for (const [text, position, message] of errors) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(
        () => parse(text),
        (e: unknown) => e instanceof ODataError && e.option === "$orderby" && e.position === position && message.test(e.message),
      );
    });
  }
});

describe("orderBySql", () => {
  const db = openDb();
  const names = (text: string) =>
    db.prepare(`SELECT name FROM incidents WHERE ws = 'ws1' ORDER BY ${orderBySql(parse(text), FIELDS)}`).pluck().all();

  it("orders strings ordinally with NULL first, even on a NOCASE column", () => {
    // 'M' < 'O' < 'S' < 'm' < 'x' < 'É' by code point.
    assert.deepEqual(names("properties/title"), ["a6", "a2", "a3", "a1", "a7", "a4", "a5"]);
    assert.deepEqual(names("properties/title desc"), ["a5", "a4", "a7", "a1", "a3", "a2", "a6"]);
  });

  it("orders by several keys and directions", () => {
    assert.deepEqual(names("properties/createdTimeUtc desc, name desc"), ["a3", "a2", "a7", "a1", "a5", "a6", "a4"]);
    assert.deepEqual(names("properties/severity, properties/incidentNumber desc"), ["a6", "a5", "a1", "a4", "a3", "a2", "a7"]);
  });

  it("refuses a key that is not a scalar field of the schema", () => {
    assert.throws(() => orderBySql([{ field: "properties/labels", direction: "asc" }], FIELDS), RangeError);
    assert.throws(() => orderBySql([{ field: "nope", direction: "asc" }], FIELDS), RangeError);
  });
});
