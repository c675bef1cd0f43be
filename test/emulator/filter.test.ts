// $filter through HTTP: the grammar the service takes, 400s that say where a
// filter went wrong, and injection attempts that stay data — the store is the
// same after every query as before.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { SecurityAlert } from "../../src/api/models.js";
import { entityResourceId } from "../../src/api/resourceId.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { testEmulator } from "../helpers/emulator.js";
import { assertCloudError, assertSameStore, createIncident, guid } from "./support.js";
import { workspaceOf } from "./fixtures.js";

// The emulator's clock is the test's, so creation times are known.
let clock = Date.parse("2023-03-20T08:00:00Z");
const emulator = await testEmulator({ now: () => clock });
const { api } = emulator;

const at = async (iso: string, props: Record<string, unknown>) => {
  clock = Date.parse(iso);
  return (await createIncident(api, props)).name as string;
};
const I = {
  msticpyNew: await at("2023-03-22T09:30:00Z", { title: "MSTICPy notebook: anomalous logons", severity: "Medium", description: "found with MSTICPy" }),
  msticpyOld: await at("2023-03-20T10:00:00Z", { title: "MSTICPy notebook: port scan", severity: "Low" }),
  phishing: await at("2023-04-01T12:00:00Z", { title: "Phishing email reported", severity: "High", labels: [{ labelName: "phishing" }, { labelName: "user-reported" }], owner: { email: "alex.wilber@contoso.com" } }),
  obrien: await at("2023-04-02T12:00:00Z", { title: "O'Brien's account -- locked", severity: "Low", owner: { userPrincipalName: "meganb@contoso.com" }, description: "a" }),
  bobby: await at("2023-04-03T12:00:00Z", { title: "Robert'); DROP TABLE incidents;--", severity: "Medium", description: "b" }),
  ransomware: await at("2023-04-04T12:00:00Z", { title: "Ransomware on HOST-01", severity: "High", status: "Active", labels: [{ labelName: "ransomware" }], description: "encrypted files" }),
  unicode: await at("2023-04-05T12:00:00Z", { title: "Überprüfung für Straße", severity: "Informational", description: "c" }),
};
clock = Date.parse("2023-05-01T00:00:00Z");

// One incident with an alert, so additionalData has something to count.
const alert: SecurityAlert = { name: guid(), kind: "SecurityAlert", properties: { alertDisplayName: "Mass download", productName: "Microsoft Defender for Cloud Apps", tactics: ["Exfiltration"] } };
emulator.store.detections.putAlert(workspaceOf(emulator.store), alert);
const withAlert = await api.put(api.path("incidents", I.ransomware, "relations", "the-alert"), { properties: { relatedResourceId: entityResourceId(DEFAULT_WORKSPACE, alert.name!) } });
assert.equal(withAlert.status, 201, withAlert.text);

const NAME_OF = new Map(Object.entries(I).map(([k, v]) => [v, k]));
const stored = emulator.store.dump();

/** The keys of I whose incidents the filter selects, sorted. */
async function select(filter: string): Promise<string[]> {
  const res = await api.get(api.path("incidents"), { query: { $filter: filter, $top: 1000 } });
  assert.equal(res.status, 200, `${filter}: ${res.text}`);
  assert.equal(res.json.nextLink, undefined);
  return res.json.value.map((i: { name: string }) => NAME_OF.get(i.name) ?? i.name).sort();
}

test("the seed's example filter: contains and an unquoted datetime", async () => {
  assert.deepEqual(await select("contains(properties/title, 'MSTICPy') and properties/createdTimeUtc gt 2023-03-21T12:00:00Z"), ["msticpyNew"]);
});

test("comparisons on strings, enums, numbers and datetimes", async () => {
  assert.deepEqual(await select("properties/severity eq 'High'"), ["phishing", "ransomware"]);
  assert.deepEqual(await select("properties/severity ne 'High' and properties/severity ne 'Low'"), ["bobby", "msticpyNew", "unicode"]);
  assert.deepEqual(await select("properties/createdTimeUtc lt 2023-03-21T00:00:00Z"), ["msticpyOld"]);
  assert.deepEqual(await select("properties/createdTimeUtc ge 2023-04-04T12:00:00Z"), ["ransomware", "unicode"]);
  assert.deepEqual(await select("properties/createdTimeUtc le 2023-03-22T09:30:00.000Z and properties/createdTimeUtc gt 2023-03-20T10:00:00+00:00"), ["msticpyNew"]);
  const numbers = await select("properties/incidentNumber le 2");
  assert.deepEqual(numbers, ["msticpyNew", "msticpyOld"]);
});

test("and, or, not and parentheses", async () => {
  assert.deepEqual(await select("properties/severity eq 'Low' or properties/status eq 'Active'"), ["msticpyOld", "obrien", "ransomware"]);
  assert.deepEqual(await select("not (properties/severity eq 'Low' or properties/severity eq 'Medium')"), ["phishing", "ransomware", "unicode"]);
  assert.deepEqual(await select("(properties/severity eq 'High' or properties/severity eq 'Low') and startswith(properties/title, 'P')"), ["phishing"]);
});

test("string functions: contains, startswith, endswith, tolower, toupper", async () => {
  assert.deepEqual(await select("startswith(properties/title, 'MSTICPy')"), ["msticpyNew", "msticpyOld"]);
  assert.deepEqual(await select("endswith(properties/title, 'HOST-01')"), ["ransomware"]);
  assert.deepEqual(await select("contains(properties/title, 'msticpy')"), [], "contains is case-sensitive, as in OData");
  assert.deepEqual(await select("contains(tolower(properties/title), 'msticpy')"), ["msticpyNew", "msticpyOld"]);
  assert.deepEqual(await select("tolower(properties/title) eq 'ransomware on host-01'"), ["ransomware"]);
  assert.deepEqual(await select("toupper(properties/title) eq 'RANSOMWARE ON HOST-01'"), ["ransomware"]);
  assert.deepEqual(await select("toupper(properties/title) eq 'ÜBERPRÜFUNG FÜR STRASSE'"), ["unicode"], "case mapping is Unicode's, not ASCII's");
});

test("labels/any with a lambda, and without", async () => {
  assert.deepEqual(await select("properties/labels/any(l: l/labelName eq 'phishing')"), ["phishing"]);
  assert.deepEqual(await select("properties/labels/any(l: startswith(l/labelName, 'r'))"), ["ransomware"]);
  assert.deepEqual(await select("properties/labels/any()"), ["phishing", "ransomware"]);
  assert.deepEqual(await select("not properties/labels/any() and properties/severity eq 'Low'"), ["msticpyOld", "obrien"]);
  assert.deepEqual(await select("properties/labels/all(l: l/labelType eq 'User') and properties/labels/any()"), ["phishing", "ransomware"]);
});

test("owner paths, filled in from the directory", async () => {
  assert.deepEqual(await select("properties/owner/email eq 'alex.wilber@contoso.com'"), ["phishing"]);
  assert.deepEqual(await select("properties/owner/assignedTo eq 'Megan Bowen'"), ["obrien"]);
  assert.deepEqual(await select("properties/owner/userPrincipalName eq 'alexw@contoso.com'"), ["phishing"]);
  assert.deepEqual(await select("properties/owner/ownerType eq 'User'"), ["obrien", "phishing"]);
});

test("additionalData paths", async () => {
  assert.deepEqual(await select("properties/additionalData/alertsCount gt 0"), ["ransomware"]);
  assert.deepEqual(await select("properties/additionalData/alertsCount eq 0 and properties/severity eq 'High'"), ["phishing"]);
  assert.deepEqual(await select("properties/additionalData/alertProductNames/any(p: p eq 'Microsoft Defender for Cloud Apps')"), ["ransomware"]);
  assert.deepEqual(await select("properties/additionalData/tactics/any(t: t eq 'Exfiltration')"), ["ransomware"]);
});

test("in and null", async () => {
  assert.deepEqual(await select("properties/severity in ('High', 'Low')"), ["msticpyOld", "obrien", "phishing", "ransomware"]);
  assert.deepEqual(await select("properties/description eq null"), ["msticpyOld", "phishing"]);
  assert.deepEqual(await select("properties/description ne null and properties/severity eq 'High'"), ["ransomware"]);
  assert.deepEqual(await select("properties/owner/email eq null and properties/severity eq 'High'"), ["ransomware"]);
});

test("quotes are escaped by doubling them", async () => {
  assert.deepEqual(await select("properties/title eq 'O''Brien''s account -- locked'"), ["obrien"]);
  assert.deepEqual(await select("contains(properties/title, '''')"), ["bobby", "obrien"]);
});

test("a title holding ' and -- is just data", async () => {
  assert.deepEqual(await select("contains(properties/title, '--')"), ["bobby", "obrien"]);
  assert.deepEqual(await select("properties/title eq 'Robert''); DROP TABLE incidents;--'"), ["bobby"]);
  const res = await api.get(api.path("incidents", I.bobby));
  assert.equal(res.json.properties.title, "Robert'); DROP TABLE incidents;--");
});

test("a value escaped by the client finds nothing extra", async () => {
  // What a careless UI would splice into `properties/title eq '...'`, escaped as OData requires.
  const input = "x' or 1 eq 1 or 'a' eq 'a";
  assert.deepEqual(await select(`properties/title eq '${input.replace(/'/g, "''")}'`), []);
  assert.deepEqual(await select(`contains(properties/title, '${"' or ''='".replace(/'/g, "''")}')`), []);
});

test("SQL in a filter is a syntax error, not SQL", async () => {
  for (const filter of [
    "properties/title eq 'a'; DELETE FROM incidents",
    "properties/title eq 'a' OR 1=1",
    "properties/title eq 'a' -- comment",
    "properties/title eq 'a' /* x */",
    "name eq (SELECT name FROM incidents)",
    "json_extract(doc, '$.name') eq 'x'",
  ]) {
    const res = await api.get(api.path("incidents"), { query: { $filter: filter } });
    assertCloudError(res, 400, "InvalidQueryParameterValue", /position \d+ in '\$filter'/);
  }
});

test("a malformed filter gets 400 with the position of the error", async () => {
  const cases: [string, number][] = [
    ["properties/title eq", 19],
    ["properties/title eq 'unterminated", 20],
    ["contains(properties/title, 'x'", 30],
    ["properties/severity eq 'High' and", 33],
    ["properties/severity eq 'High')", 29],
    ["properties/createdTimeUtc gt 2023-02-30T00:00:00Z", 29],
    ["properties/nope eq 1", 0],
    ["properties/severity eq 3", 20],
    ["bogus(properties/title)", 0],
  ];
  for (const [filter, position] of cases) {
    const res = await api.get(api.path("incidents"), { query: { $filter: filter } });
    assertCloudError(res, 400, "InvalidQueryParameterValue", `position ${position} in '$filter'`);
    assert.ok(res.json.error.message.startsWith("Invalid '$filter'"), res.json.error.message);
  }
});

test("a malformed $orderby gets 400 with the position too", async () => {
  for (const [orderby, position] of [["properties/title sideways", 17], ["properties/nope", 0], ["properties/labels", 0], ["properties/title,", 17]] as const) {
    const res = await api.get(api.path("incidents"), { query: { $orderby: orderby } });
    assertCloudError(res, 400, "InvalidQueryParameterValue", `position ${position} in '$orderby'`);
  }
});

test("no query changed the store", () => {
  assertSameStore(emulator.store.dump(), stored);
});

test("filters work on comments and relations too", async () => {
  for (const m of ["alpha", "beta", "gamma"]) {
    await api.put(api.path("incidents", I.phishing, "comments", guid()), { properties: { message: m } });
  }
  const res = await api.get(api.path("incidents", I.phishing, "comments"), { query: { $filter: "startswith(properties/message, 'g') or properties/message eq 'alpha'" } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.value.map((c: { properties: { message: string } }) => c.properties.message).sort(), ["alpha", "gamma"]);
  const rel = await api.get(api.path("incidents", I.ransomware, "relations"), { query: { $filter: "properties/relatedResourceKind eq 'SecurityAlert'" } });
  assert.deepEqual(rel.json.value.map((r: { name: string }) => r.name), ["the-alert"]);
});
