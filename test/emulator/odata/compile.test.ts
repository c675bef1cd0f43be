// compileFilter against a real SQLite table: which rows does each filter select?
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compileFilter } from "../../../src/emulator/odata/index.js";
import { FIELDS, matcher, openDb } from "./fixture.js";

const rows = matcher(openDb());

function check(cases: ReadonlyArray<readonly [string, string[]]>): void {
  for (const [filter, expected] of cases) {
    it(filter, () => assert.deepEqual(rows(filter), expected));
  }
}

describe("comparison operators", () => {
  check([
    ["properties/severity eq 'High'", ["a1", "a5"]],
    ["properties/severity ne 'High'", ["a2", "a3", "a4", "a6", "a7"]],
    ["properties/incidentNumber gt 5", ["a6", "a7"]],
    ["properties/incidentNumber ge 5", ["a5", "a6", "a7"]],
    ["properties/incidentNumber lt 2", ["a1"]],
    ["properties/incidentNumber le 2", ["a1", "a2"]],
    ["properties/additionalData/alertsCount eq 2.5", ["a6"]],
    ["properties/additionalData/alertsCount gt 2.9", ["a1", "a3", "a7"]],
    ["properties/additionalData/alertsCount gt -1", ["a1", "a2", "a3", "a6", "a7"]],
    ["5 lt properties/incidentNumber", ["a6", "a7"]],
    // Ordinal: 'x', 'É' and 'm' sort after 'a', 'S' and 'M' do not, even though the column is NOCASE.
    ["properties/title gt 'a'", ["a4", "a5", "a7"]],
    ["properties/title lt 'N'", ["a2"]],
    ["properties/title eq 'MSTIC'", []],
  ]);
});

describe("booleans", () => {
  check([
    ["properties/isActive eq true", ["a1", "a5"]],
    ["properties/isActive eq false", ["a2"]],
    ["properties/isActive ne true", ["a2", "a3", "a4", "a6", "a7"]],
    ["properties/isActive", ["a1", "a5"]],
    ["not properties/isActive", ["a2", "a3", "a4", "a6", "a7"]],
    ["true", ["a1", "a2", "a3", "a4", "a5", "a6", "a7"]],
    ["false or properties/incidentNumber eq 3", ["a3"]],
  ]);
});

describe("null semantics", () => {
  check([
    ["properties/title eq null", ["a6"]],
    ["null eq properties/title", ["a6"]],
    ["properties/title ne null", ["a1", "a2", "a3", "a4", "a5", "a7"]],
    ["properties/owner/email eq null", ["a2", "a4", "a6", "a7"]],
    ["properties/createdTimeUtc eq null", ["a4"]],
    ["properties/title ne 'mstic'", ["a1", "a2", "a3", "a4", "a5", "a6"]],
    ["properties/title gt null", []],
    ["properties/additionalData/alertsCount lt 100", ["a1", "a2", "a3", "a6", "a7"]],
    ["not (properties/incidentNumber gt 5)", ["a1", "a2", "a3", "a4", "a5"]],
    ["not (properties/additionalData/alertsCount lt 100)", ["a4", "a5"]],
    ["not contains(properties/title, 'x')", ["a1", "a2", "a5", "a6", "a7"]],
  ]);
});

describe("and, or, not, parentheses", () => {
  check([
    ["properties/severity eq 'High' or properties/severity eq 'Low' and properties/incidentNumber gt 3", ["a1", "a5"]],
    ["(properties/severity eq 'High' or properties/severity eq 'Low') and properties/incidentNumber gt 3", ["a5"]],
    ["not properties/severity eq 'High' and properties/incidentNumber lt 3", ["a2"]],
    ["not (properties/severity eq 'High' and properties/incidentNumber lt 3)", ["a2", "a3", "a4", "a5", "a6", "a7"]],
    ["not not properties/isActive", ["a1", "a5"]],
    ["((((properties/incidentNumber eq 1))))", ["a1"]],
    ["properties/incidentNumber eq 1 or properties/incidentNumber eq 2 or properties/incidentNumber eq 7", ["a1", "a2", "a7"]],
    ["not(properties/incidentNumber ge 2)", ["a1", "a4"]],
  ]);
});

describe("in", () => {
  check([
    ["properties/severity in ('High','Medium')", ["a1", "a2", "a5"]],
    ["properties/severity in ('High', null)", ["a1", "a5", "a6"]],
    ["properties/incidentNumber in (1, 3, 99)", ["a1", "a3"]],
    ["properties/createdTimeUtc in (2023-03-21T12:00:00Z, '2023-01-01')", ["a1", "a6", "a7"]],
    ["properties/title in ('mstic', null)", ["a6", "a7"]],
    ["properties/incidentNumber in (-1, 2)", ["a2"]],
    ["(properties/isActive eq true) in (true, null)", ["a1", "a5"]],
    ["not (properties/severity in ('High'))", ["a2", "a3", "a4", "a6", "a7"]],
  ]);
});

describe("functions", () => {
  check([
    ["contains(properties/title, 'Ms')", ["a2"]],
    ["contains(tolower(properties/title), tolower('MsTicPy'))", ["a2"]],
    ["contains(tolower(properties/title), 'mstic')", ["a2", "a7"]],
    ["startswith(properties/title, 'O''Brien')", ["a3"]],
    ["endswith(properties/title, '--')", ["a4"]],
    ["endswith(properties/title, '*[x]')", ["a3"]],
    ["contains(properties/title, '')", ["a1", "a2", "a3", "a4", "a5", "a7"]],
    ["contains(properties/title, 'o') eq false", ["a5", "a6", "a7"]],
    ["Contains(properties/title, 'Ms') and STARTSWITH(properties/title, 'M')", ["a2"]],
    ["toupper(properties/severity) eq 'HIGH'", ["a1", "a5", "a7"]],
  ]);
});

describe("literal characters and injection attempts are just data", () => {
  check([
    ["contains(properties/title, '%')", ["a3"]],
    ["contains(properties/title, '_')", ["a3"]],
    ["contains(properties/title, '*')", ["a3"]],
    ["contains(properties/title, '[')", ["a3"]],
    ["contains(properties/title, '--')", ["a3", "a4"]],
    ["contains(properties/title, '😀')", ["a5"]],
    ["properties/title eq 'O''Brien''s -- 100% _done_ *[x]'", ["a3"]],
    ["properties/title eq 'x'' or 1=1 --'", ["a4"]],
    ["properties/title eq ''' or ''1''=''1'", []],
    ["properties/title eq '); DROP TABLE incidents; --'", []],
    ["properties/title eq ''", []],
    ["properties/severity eq 'High' and properties/title eq 'Suspicious login'", ["a1"]],
  ]);
});

describe("unicode case mapping", () => {
  check([
    ["tolower(properties/title) eq 'école straße 😀'", ["a5"]],
    ["toupper(properties/title) eq 'ÉCOLE STRASSE 😀'", ["a5"]],
    ["tolower(properties/owner/email) eq 'émile@contoso.com'", ["a5"]],
    ["toupper(properties/owner/email) eq 'BOB@CONTOSO.COM'", ["a3"]],
  ]);
});

describe("datetimes", () => {
  check([
    ["properties/createdTimeUtc eq 2023-03-21T12:00:00Z", ["a1", "a7"]],
    ["properties/createdTimeUtc eq 2023-03-21T12:00:00.123Z", ["a2"]],
    ["properties/createdTimeUtc eq 2023-03-21T12:00:00.1234567Z", ["a2"]],
    ["properties/createdTimeUtc eq 2023-03-21T14:00:00+02:00", ["a1", "a7"]],
    ["properties/createdTimeUtc eq 2023-03-20T23:30:00-01:00", ["a5"]],
    ["properties/createdTimeUtc eq 2023-03-21T12:00:00", ["a1", "a7"]],
    ["properties/createdTimeUtc gt 2023-03-21T12:00Z", ["a2", "a3"]],
    ["properties/createdTimeUtc ge 2023-03-21 and properties/createdTimeUtc lt 2023-03-22", ["a1", "a2", "a5", "a7"]],
    ["properties/createdTimeUtc lt '2023-02-01T00:00:00Z'", ["a6"]],
    ["'2023-02-01' gt properties/createdTimeUtc", ["a6"]],
    ["properties/createdTimeUtc lt 2100-01-01", ["a1", "a2", "a3", "a5", "a6", "a7"]],
  ]);
});

describe("lambdas", () => {
  check([
    ["properties/labels/any(l: l/labelName eq 'x')", ["a1", "a5"]],
    ["properties/labels/any(l: l/labelName eq 'x' and l/labelType eq 'System')", ["a5"]],
    ["properties/labels/all(l: l/labelName eq 'x')", ["a2", "a4", "a5", "a7"]],
    ["properties/labels/any()", ["a1", "a3", "a5", "a6"]],
    ["not properties/labels/any()", ["a2", "a4", "a7"]],
    ["properties/labels/any(l: l/labelName eq 'x') eq false", ["a2", "a3", "a4", "a6", "a7"]],
    ["properties/labels/ANY(l: l/labelName eq 'x')", ["a1", "a5"]],
    ["properties/additionalData/tactics/any(t: t eq 'Persistence')", ["a1", "a3"]],
    ["properties/additionalData/tactics/all(t: t eq 'Persistence')", ["a2", "a3", "a4", "a6", "a7"]],
    ["properties/additionalData/tactics/any(tactic: startswith(tactic, 'Init'))", ["a1"]],
    ["properties/additionalData/tactics/any(name: name eq 'Exfiltration')", ["a5"]],
    ["properties/alerts/any(a: a/timeGenerated gt 2023-03-22T12:00:00Z)", ["a3"]],
    ["properties/alerts/any(a: a/timeGenerated lt '2023-03-22T00:00:00.500Z')", ["a1"]],
    ["properties/alerts/any(a: a/count ge 7)", ["a3"]],
    ["properties/additionalData/firstSeen/any(d: d lt 2023-03-02)", ["a1"]],
    ["properties/labels/any(l: l/labelName eq 'x' and properties/severity eq 'High')", ["a1", "a5"]],
    [
      "properties/labels/any(l: properties/additionalData/tactics/any(t: t eq 'Persistence') and l/labelName eq 'y')",
      ["a3"],
    ],
    ["properties/labels/any(l: properties/alerts/any(a: a/alertName eq 'al1' and l/labelType eq 'AutoAssigned'))", ["a1"]],
  ]);
});

describe("parameters", () => {
  it("puts every literal in a parameter, never in the SQL text", () => {
    const f = compileFilter(
      "properties/title eq 'zq9'' --' and properties/incidentNumber in (424242, -77.5) and properties/createdTimeUtc gt 2031-05-06 " +
        "and properties/labels/any(l: l/labelName eq 'qqlabel') and contains(name, 'zz%') and properties/isActive eq true",
      FIELDS,
    );
    for (const text of ["zq9", "424242", "77", "2031", "qqlabel", "zz", "--", "true"]) assert.ok(!f.sql.includes(text), text);
    assert.deepEqual(f.params, ["zq9' --", 424242, -77.5, Date.UTC(2031, 4, 6), '$."labelName"', "qqlabel", "zz%", 1]);
  });
});
