// Errors: every bad $filter is an ODataError with a precise message and position.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compileFilter, MAX_DEPTH, MAX_INPUT_LENGTH, MAX_LAMBDA_DEPTH, ODataError, parseFilter } from "../../../src/emulator/odata/index.js";
import { FIELDS, matcher, openDb } from "./fixture.js";

function rejects(filter: string, position: number, message: RegExp | string): void {
  assert.throws(
    () => compileFilter(filter, FIELDS, "Incident"),
    (e: unknown) => {
      assert.ok(e instanceof ODataError, `not an ODataError: ${String(e)}`);
      assert.equal(e.name, "ODataError");
      assert.equal(e.option, "$filter");
      assert.equal(e.position, position, e.message);
      if (typeof message === "string") assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    },
  );
}

const CASES: ReadonlyArray<readonly [string, number, RegExp | string]> = [
  // unknown properties
  ["foo eq 1", 0, "Could not find a property named 'foo' on type 'Incident' (at position 0 in '$filter')."],
  ["properties/title eq 'a' and properties/foo eq 1", 28, /named 'properties\/foo' on type 'Incident'/],
  ["Name eq 'a'", 0, /did you mean 'name'\?/],
  ["properties/owner eq 'a'", 0, /complex property; use one of its members such as 'properties\/owner\/email'/],
  ["constructor eq 'a'", 0, /named 'constructor'/],
  // tokens
  ["properties/title eq 'a' # 1", 24, "Syntax error at position 24 in '$filter': unexpected character '#' (U+0023)."],
  ["properties/title eq 'abc", 20, /unterminated string literal/],
  ["properties/title eq 'x' or 1=1 --'", 28, /unexpected character '='/],
  ["12abc eq 1", 0, /malformed number literal '12a'/],
  ["properties/incidentNumber eq 1e999", 29, /out of range/],
  ["properties/createdTimeUtc eq 2023-02-30", 29, /'2023-02-30' is not a valid date\/time/],
  ["properties/createdTimeUtc eq 2023-02-28T25:00:00Z", 29, /not a valid date\/time/],
  ["properties/createdTimeUtc eq 2023-02-28T10", 29, /malformed date\/time literal/],
  ["properties/title eq 'a' 😀", 24, /unexpected character '😀' \(U\+1F600\)/],
  // structure
  ["", 0, "Syntax error at position 0 in '$filter': the filter expression is empty."],
  ["   ", 0, /empty/],
  ["(properties/title eq 'a'", 24, "Syntax error at position 24 in '$filter': expected ')' but found end of input (to close the '(' at position 0)."],
  ["properties/title eq 'a')", 23, /found '\)' \(it has no matching '\('\)/],
  ["(properties/title eq 'a' and properties/severity eq 'b' properties)", 56, /expected '\)' but found 'properties'/],
  ["properties/title eq 'a' properties", 24, "Syntax error at position 24 in '$filter': expected 'and', 'or' or end of input but found 'properties'."],
  ["properties/title eq 'a' and", 27, /expected a property, a literal or a function call but found end of input/],
  ["properties/title EQ 'a'", 17, /found 'EQ' \(keywords are lower-case: 'eq'\)/],
  ["properties/title eq 'a' eq true", 24, /found 'eq'/],
  ["properties/severity in ()", 24, /expected a literal in the list after 'in' but found '\)'/],
  ["properties/title in (name, 'x')", 21, /expected a literal in the list after 'in' but found 'name'/],
  ["properties/severity in 'High'", 23, /expected '\(' to start the list after 'in'/],
  ["properties/severity in ('High' and 'Low')", 31, /expected ',' or '\)' but found 'and'/],
  ["contains(properties/title, 'a'", 30, /expected ',' or '\)' but found end of input/],
  ["properties/ eq 1", 12, /expected a property name right after '\/' but found 'eq'/],
  ["properties/labels/any(l: l/ labelName eq 'x')", 28, /right after '\/'/],
  ["properties/labels/all()", 22, /expected a range variable name, as in all\(x: \.\.\.\)/],
  ["properties/labels/any(l l/labelName eq 'x')", 24, /expected ':' after the range variable 'l'/],
  ["properties/labels/any(and: true)", 22, /range variable name/],
  ["eq eq 1", 0, /expected a property, a literal or a function call but found 'eq'/],
  // types
  ["properties/title", 0, "The $filter expression must be boolean, but it is of type 'string' (at position 0 in '$filter')."],
  ["tolower(properties/title)", 0, /The \$filter expression must be boolean, but it is of type 'string'/],
  ["null", 0, /The \$filter expression must be boolean, but it is of type 'null'/],
  ["properties/title eq 1", 17, "Operator 'eq' cannot compare 'string' with 'number' (at position 17 in '$filter')."],
  ["properties/incidentNumber gt 'a'", 26, /Operator 'gt' cannot compare 'number' with 'string'/],
  ["properties/createdTimeUtc gt 'not-a-date'", 29, /Operator 'gt' cannot compare 'datetime' with 'string': 'not-a-date' is not a valid date\/time/],
  ["properties/title eq 2023-03-21", 17, /cannot compare 'string' with 'datetime'/],
  ["properties/isActive eq 1", 20, /cannot compare 'boolean' with 'number'/],
  ["properties/severity in ('High', 1)", 32, /Operator 'in' cannot compare 'string' with 'number'/],
  ["properties/incidentNumber eq 1 and 2", 35, /The right operand of 'and' must be boolean, but it is of type 'number'/],
  ["not properties/title", 4, /The operand of 'not' must be boolean/],
  ["foo(properties/title)", 0, /Unknown function 'foo'; the supported functions are contains, startswith/],
  ["contains(properties/title)", 0, /Function 'contains' takes 2 arguments but was given 1/],
  ["tolower(properties/title, 'a') eq 'a'", 0, /Function 'tolower' takes 1 argument but was given 2/],
  ["contains(properties/incidentNumber, 'x')", 9, /Argument 1 of 'contains' must be of type 'string', but it is of type 'number'/],
  ["contains(properties/title, 1)", 27, /Argument 2 of 'contains' must be of type 'string'/],
  // collections and lambdas
  ["properties/labels eq 'x'", 0, /'properties\/labels' is a collection; use it through any\(\) or all\(\)/],
  ["properties/title/any(t: t eq 'x')", 17, /'properties\/title' is not a collection, so any\(\) cannot be applied/],
  ["properties/nope/any()", 0, /Could not find a property named 'properties\/nope'/],
  ["properties/labels/any(l: l eq 'x')", 25, /Range variable 'l' is an object item of 'properties\/labels'; compare one of its properties, e.g. l\/labelName/],
  ["properties/labels/any(l: l/foo eq 'x')", 25, /Could not find a property named 'foo' on the items of 'properties\/labels'/],
  ["properties/additionalData/tactics/any(t: t/x eq 'x')", 41, /is a string item of 'properties\/additionalData\/tactics' and has no property 'x'/],
  ["properties/labels/any(l: properties/labels/any(l: l/labelName eq 'x'))", 47, /Range variable 'l' is already defined/],
  ["properties/labels/any(l: l/labelName)", 25, /The body of any\(\) must be boolean, but it is of type 'string'/],
  ["properties/additionalData/tactics/any(t: t eq 1)", 43, /cannot compare 'string' with 'number'/],
  ["l/labelName eq 'x'", 0, /Could not find a property named 'l\/labelName'/],
];

describe("filter errors", () => {
  for (const [filter, position, message] of CASES) {
    it(filter || "(empty)", () => rejects(filter, position, message));
  }
});

describe("limits", () => {
  const rows = matcher(openDb());
  const nested = (n: number) => `${"(".repeat(n)}properties/incidentNumber eq 1${")".repeat(n)}`;

  it(`accepts nesting up to ${MAX_DEPTH} and runs it`, () => {
    assert.deepEqual(rows(nested(MAX_DEPTH)), ["a1"]);
    assert.deepEqual(rows(`${"not ".repeat(MAX_DEPTH)}properties/isActive`), ["a1", "a5"]);
    const lower = `${"tolower(".repeat(MAX_DEPTH)}properties/severity${")".repeat(MAX_DEPTH)} eq 'low'`;
    assert.deepEqual(rows(lower), ["a3"]);
  });

  const lambdas = (n: number, op: string) => {
    let filter = "l0/labelName eq 'y'";
    for (let i = n - 1; i >= 0; i--) filter = `properties/labels/${op}(l${i}: ${filter})`;
    return filter;
  };

  it(`accepts ${MAX_LAMBDA_DEPTH} nested lambdas inside ${MAX_DEPTH - MAX_LAMBDA_DEPTH} other levels and runs them`, () => {
    const deep = (f: string) => `${"not ".repeat(45)}${"(".repeat(45)}${f}${")".repeat(45)}`;
    assert.deepEqual(rows(deep(lambdas(MAX_LAMBDA_DEPTH, "any"))), ["a1", "a2", "a4", "a5", "a6", "a7"]);
    assert.deepEqual(rows(deep(lambdas(MAX_LAMBDA_DEPTH, "all"))), ["a1", "a5", "a6"]);
    const tooDeep = lambdas(MAX_LAMBDA_DEPTH + 1, "any");
    rejects(tooDeep, tooDeep.indexOf(`any(l${MAX_LAMBDA_DEPTH}:`), /lambdas \(any\/all\) are nested more than 10 levels deep/);
  });

  it("refuses deeper nesting with an ODataError", () => {
    rejects(nested(MAX_DEPTH + 1), MAX_DEPTH, /nested more than 100 levels deep/);
    rejects(`${"not ".repeat(MAX_DEPTH + 1)}true`, MAX_DEPTH * 4, /nested more than 100 levels deep/);
    rejects("(".repeat(5000), MAX_DEPTH, /nested/);
  });

  it("keeps long and/or chains shallow, so SQLite's expression depth limit is never reached", () => {
    // Left-nested, 500 comparisons would be about 1,500 levels deep in SQL.
    const chain = Array.from({ length: 500 }, (_, i) => `name ne '${i}'`).join(" and ");
    assert.ok(chain.length < MAX_INPUT_LENGTH);
    assert.deepEqual(rows(`${chain} and properties/incidentNumber eq 7`), ["a7"]);
    const ors = Array.from({ length: 1000 }, () => "false").join(" or ");
    assert.deepEqual(rows(`${ors} or name eq 'a2'`), ["a2"]);
  });

  it(`refuses input longer than ${MAX_INPUT_LENGTH} characters`, () => {
    const long = `properties/title eq '${"a".repeat(MAX_INPUT_LENGTH)}'`;
    rejects(long, MAX_INPUT_LENGTH, /The expression is longer than the maximum of 10000 characters \(at position 10000 in '\$filter'\)/);
  });
});

describe("parseFilter", () => {
  it("gives and precedence over or, and not over and", () => {
    const ast = parseFilter("not a eq 1 and b eq 2 or c eq 3");
    assert.equal(ast.kind, "logical");
    assert.ok(ast.kind === "logical" && ast.op === "or" && ast.left.kind === "logical" && ast.left.op === "and");
    assert.ok(ast.kind === "logical" && ast.left.kind === "logical" && ast.left.left.kind === "not");
  });

  it("balances a chain of ands", () => {
    const depth = (n: ReturnType<typeof parseFilter>): number =>
      n.kind === "logical" ? 1 + Math.max(depth(n.left), depth(n.right)) : 0;
    assert.equal(depth(parseFilter(Array.from({ length: 64 }, () => "a eq 1").join(" and "))), 6);
  });

  it("reads '' inside a string literal as one quote", () => {
    assert.deepEqual(parseFilter("a eq 'it''s'"), {
      kind: "compare", op: "eq", pos: 0, opPos: 2,
      left: { kind: "path", segments: ["a"], pos: 0 },
      right: { kind: "literal", type: "string", value: "it's", pos: 5 },
    });
  });
});
