// Request validation, one test per rule: every bad body or path gets a 400 (or
// the service's own status) naming what is wrong, and nothing is stored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { testEmulator, incidentBody } from "../helpers/emulator.js";
import { assertCloudError, assertSameStore, createBookmark, createIncident, guid } from "./support.js";

const emulator = await testEmulator();
const { api } = emulator;

/** PUTs a bad incident, checks the 400 and that the store did not change. */
async function rejectsIncident(body: unknown, message: string | RegExp, code = "BadRequest", status = 400): Promise<void> {
  const before = emulator.store.dump();
  const id = guid();
  const res = await api.put(api.path("incidents", id), body);
  assertCloudError(res, status, code, message);
  assertSameStore(emulator.store.dump(), before, "a refused write must store nothing");
}

for (const field of ["title", "severity", "status"]) {
  test(`an incident without ${field} is refused, naming the field`, async () => {
    const props: Record<string, unknown> = { title: "t", severity: "Low", status: "New" };
    delete props[field];
    await rejectsIncident({ properties: props }, `'incident.properties.${field}' is required`);
  });
}

test("an incident without properties is refused", async () => {
  await rejectsIncident({}, "'incident.properties' is required");
  await rejectsIncident({ properties: "High" }, "'incident.properties' must be an object");
});

test("a body that is not an object is refused", async () => {
  await rejectsIncident([incidentBody()], "must be an object, but was an array");
  await rejectsIncident(null, "must be an object, but was null");
  await rejectsIncident("incident", "must be an object, but was a string");
});

test("an empty title is refused", async () => {
  await rejectsIncident(incidentBody({ title: "   " }), "'incident.properties.title' must not be empty");
});

test("a miscased enum value is refused with the allowed values and the right spelling", async () => {
  await rejectsIncident(incidentBody({ severity: "high" }), /'incident\.properties\.severity' has the invalid value 'high'\. Allowed values: High, Medium, Low, Informational\. Did you mean 'High'\?/);
});

test("an unknown enum value is refused for every enum field", async () => {
  await rejectsIncident(incidentBody({ status: "Resolved" }), "Allowed values: New, Active, Closed");
  await rejectsIncident(incidentBody({ classification: "Maybe" }), "Allowed values: Undetermined, TruePositive, BenignPositive, FalsePositive");
  await rejectsIncident(incidentBody({ owner: { objectId: guid(), ownerType: "Robot" } }), "Allowed values: Unknown, User, Group");
  await rejectsIncident(incidentBody({ labels: [{ labelName: "x", labelType: "System" }] }), "Allowed values: User, AutoAssigned");
});

test("a field of the wrong type is refused, naming the type", async () => {
  await rejectsIncident(incidentBody({ title: 42 }), "'incident.properties.title' must be a string, but was a number");
  await rejectsIncident(incidentBody({ description: ["a"] }), "'incident.properties.description' must be a string, but was an array");
  await rejectsIncident(incidentBody({ severity: true }), "'incident.properties.severity' must be a string, but was a boolean");
  await rejectsIncident(incidentBody({ owner: "john@contoso.com" }), "'incident.properties.owner' must be an object");
});

test("a date-time that is not RFC 3339 is refused", async () => {
  for (const bad of ["yesterday", "2024-05-01", "2024-05-01 10:00:00Z", "1714557600000", "2024-13-01T00:00:00Z"]) {
    await rejectsIncident(incidentBody({ firstActivityTimeUtc: bad }), "'incident.properties.firstActivityTimeUtc' must be an ISO 8601 date-time");
  }
  await rejectsIncident(incidentBody({ lastActivityTimeUtc: 1714557600000 }), "'incident.properties.lastActivityTimeUtc' must be a string");
});

test("a date-time naming a day or hour that does not exist is refused", async () => {
  // Date.parse rolls 2024-02-30 over to March 1st; the service refuses it.
  for (const bad of ["2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T10:00:00Z", "2024-01-01T24:00:00Z"]) {
    await rejectsIncident(incidentBody({ firstActivityTimeUtc: bad }), "must be an ISO 8601 date-time");
  }
});

test("valid date-times are accepted and kept", async () => {
  const inc = await createIncident(api, { firstActivityTimeUtc: "2024-02-29T23:59:59.123Z", lastActivityTimeUtc: "2024-03-01T01:00:00+02:00" });
  assert.equal(inc.properties.firstActivityTimeUtc, "2024-02-29T23:59:59.123Z");
  assert.equal(Date.parse(inc.properties.lastActivityTimeUtc), Date.parse("2024-02-29T23:00:00Z"));
});

test("an owner objectId that is not a GUID is refused", async () => {
  await rejectsIncident(incidentBody({ owner: { objectId: "john" } }), "'incident.properties.owner.objectId' must be a GUID, but was 'john'");
});

test("labels must be an array of objects with a labelName", async () => {
  await rejectsIncident(incidentBody({ labels: "phishing" }), "'incident.properties.labels' must be an array, but was a string");
  await rejectsIncident(incidentBody({ labels: ["phishing"] }), "'incident.properties.labels[0]' must be an object, but was a string");
  await rejectsIncident(incidentBody({ labels: [{ labelName: "ok" }, { labelType: "User" }] }), "'incident.properties.labels[1].labelName' is required");
  await rejectsIncident(incidentBody({ labels: [{ labelName: "" }] }), "'incident.properties.labels[0].labelName' must not be empty");
});

test("read-only fields in the body are ignored", async () => {
  const first = await createIncident(api);
  const id = guid();
  const res = await api.put(api.path("incidents", id), {
    id: "/subscriptions/x/other",
    name: "someone-else",
    type: "Microsoft.Other/things",
    properties: {
      title: "Read-only fields",
      severity: "Low",
      status: "New",
      incidentNumber: 9999,
      createdTimeUtc: "2001-01-01T00:00:00Z",
      lastModifiedTimeUtc: "2001-01-01T00:00:00Z",
      incidentUrl: "https://evil.example/",
      providerName: "Someone",
      providerIncidentId: "42",
      relatedAnalyticRuleIds: ["/subscriptions/x/alertRules/y"],
      additionalData: { alertsCount: 7, commentsCount: 7, bookmarksCount: 7, alertProductNames: ["X"], tactics: ["Impact"] },
    },
  });
  assert.equal(res.status, 201, res.text);
  const p = res.json.properties;
  assert.equal(p.incidentNumber, first.properties.incidentNumber + 1, "the number is the workspace's next one");
  assert.equal(res.json.name, id);
  assert.ok(res.json.id.endsWith(`/incidents/${id}`));
  assert.equal(res.json.type, "Microsoft.SecurityInsights/incidents");
  assert.notEqual(p.createdTimeUtc, "2001-01-01T00:00:00Z");
  assert.notEqual(p.lastModifiedTimeUtc, "2001-01-01T00:00:00Z");
  assert.ok(!p.incidentUrl.includes("evil.example"));
  assert.equal(p.providerName, "Azure Sentinel");
  assert.equal(p.providerIncidentId, String(p.incidentNumber));
  assert.deepEqual(p.relatedAnalyticRuleIds, []);
  assert.deepEqual(p.additionalData, { alertsCount: 0, bookmarksCount: 0, commentsCount: 0, alertProductNames: [], tactics: [] });

  // A replace cannot change them either.
  const again = await api.put(api.path("incidents", id), { properties: { ...p, title: "Replaced", incidentNumber: 1 } });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.properties.incidentNumber, p.incidentNumber);
  assert.equal(again.json.properties.createdTimeUtc, p.createdTimeUtc);
});

test("malformed JSON is refused with InvalidRequestContent", async () => {
  const before = emulator.store.dump();
  for (const raw of ['{"properties": {"title": "x",', "{", "not json", '{"properties":{"title":"x"}} trailing', "{'properties': {'title': }}", "{'properties': {'title': True}}"]) {
    const res = await api.put(api.path("incidents", guid()), undefined, { rawBody: raw });
    assertCloudError(res, 400, "InvalidRequestContent", "could not be deserialized");
  }
  assertSameStore(emulator.store.dump(), before);
});

test("a body strict JSON refuses is read leniently, as Azure's reader does", async () => {
  // Single quotes, unquoted keys, a trailing comma, a comment: what the service takes.
  const raw = "{properties: {'title': 'it\\'s \\x41 \\u00e9', \"severity\": 'Low', status: 'New', /* why */ labels: [{'labelName': 'a',},],},}";
  const res = await api.put(api.path("incidents", guid()), undefined, { rawBody: raw });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.properties.title, "it's A \u00e9");
  assert.deepEqual(res.json.properties.labels, [{ labelName: "a", labelType: "User" }]);
  // Read leniently, what is missing is still named.
  const before = emulator.store.dump();
  const missing = await api.put(api.path("incidents", guid()), undefined, { rawBody: "{'properties': {'title': 't', 'severity': 'Low'}}" });
  assertCloudError(missing, 400, "BadRequest", "'incident.properties.status' is required");
  assertSameStore(emulator.store.dump(), before);
});

test("a body that is not valid UTF-8 is refused", async () => {
  const json = Buffer.from(JSON.stringify(incidentBody({ title: "XX" })));
  const at = json.indexOf("XX");
  json[at] = 0xc3; // a lead byte...
  json[at + 1] = 0x28; // ...without its continuation byte
  const res = await api.put(api.path("incidents", guid()), undefined, { rawBody: new Uint8Array(json) });
  assertCloudError(res, 400, "InvalidRequestContent", "not valid UTF-8");
});

test("lone surrogates in text are refused: they are not characters", async () => {
  await rejectsIncident(incidentBody({ title: "half \ud83d pair" }), "'incident.properties.title' contains an unpaired surrogate U+D83D at index 5");
  await rejectsIncident(incidentBody({ description: "tail \ude00" }), "U+DE00");
});

test("control characters are text: stored and returned faithfully as JSON escapes", async () => {
  // Alert names built from command lines and URLs carry them; the spec sets no rule against them.
  const title = "ls \u001b[31mred\u001b[0m bell\u0007 nul\u0000 del\u007f";
  const created = await createIncident(api, { title, description: "c1 \u0085 \u009b" });
  assert.equal(created.properties.title, title);
  const res = await api.get(api.path("incidents", created.name));
  assert.equal(res.json.properties.title, title);
  assert.equal(res.json.properties.description, "c1 \u0085 \u009b");
  assert.ok(res.text.includes("\\u001b[31mred"), "returned as a JSON escape, not a raw ESC byte");
  assert.ok(!/[\u0000-\u001f]/.test(res.text), "no raw control character on the wire");
  // Tabs and newlines are ordinary text.
  const ok = await createIncident(api, { title: "line one\nline two\ttabbed", description: "emoji \ud83d\ude00 fine" });
  assert.equal(ok.properties.title, "line one\nline two\ttabbed");
  assert.equal(ok.properties.description, "emoji \ud83d\ude00 fine");
});

test("an empty body is refused", async () => {
  for (const raw of ["", "   \n"]) {
    const res = await api.put(api.path("incidents", guid()), undefined, { rawBody: raw, headers: { "content-type": "application/json" } });
    assertCloudError(res, 400, "InvalidRequestContent", "empty");
  }
});

test("a content type other than JSON is refused with 415", async () => {
  for (const type of ["text/plain", "application/xml", "application/x-www-form-urlencoded"]) {
    const res = await api.put(api.path("incidents", guid()), incidentBody(), { headers: { "content-type": type } });
    assertCloudError(res, 415, "UnsupportedMediaType", type);
  }
  // JSON with parameters or a +json suffix is fine.
  const res = await api.put(api.path("incidents", guid()), incidentBody(), { headers: { "content-type": "application/json; charset=utf-8" } });
  assert.equal(res.status, 201, res.text);
});

test("a body sent without a content type is read as JSON", async () => {
  // fetch always adds one; node:http does not.
  const url = new URL(api.path("incidents", guid()) + "?api-version=2025-12-01", emulator.url);
  const body = JSON.stringify(incidentBody());
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(url, { method: "PUT", headers: { authorization: "Bearer t", "content-length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on("error", reject);
    req.end(body);
  });
  assert.equal(status, 201);
});

test("an incident id that is not a GUID is refused", async () => {
  for (const id of ["not-a-guid", "12345", "73e01a99-5cd7-4139-a149-9f2736ff2ab"]) {
    const get = await api.get(api.path("incidents", id));
    assertCloudError(get, 400, "BadRequest", `The incident id '${id}' is not valid`);
    const put = await api.put(api.path("incidents", id), incidentBody());
    assertCloudError(put, 400, "BadRequest", "must be a GUID");
  }
});

test("comment, task and bookmark ids must be GUIDs too", async () => {
  const inc = await createIncident(api);
  assertCloudError(await api.put(api.path("incidents", inc.name, "comments", "c1"), { properties: { message: "m" } }), 400, "BadRequest", "comment id 'c1'");
  assertCloudError(await api.put(api.path("incidents", inc.name, "tasks", "t1"), { properties: { title: "t", status: "New" } }), 400, "BadRequest", "task id 't1'");
  assertCloudError(await api.get(api.path("bookmarks", "b1")), 400, "BadRequest", "bookmark id 'b1'");
});

test("a relation name outside ^[a-zA-Z0-9-]{3,63}$ is refused", async () => {
  const inc = await createIncident(api);
  const bookmark = await createBookmark(api);
  for (const name of ["ab", "has_underscore", "dot.ted", "x".repeat(64)]) {
    const res = await api.put(api.path("incidents", inc.name, "relations", name), { properties: { relatedResourceId: bookmark.id } });
    assertCloudError(res, 400, "BadRequest", "pattern ^[a-zA-Z0-9-]{3,63}$");
  }
  const ok = await api.put(api.path("incidents", inc.name, "relations", "a-b"), { properties: { relatedResourceId: bookmark.id } });
  assert.equal(ok.status, 201, ok.text);
});

test("a comment needs a message", async () => {
  const inc = await createIncident(api);
  const path = api.path("incidents", inc.name, "comments", guid());
  assertCloudError(await api.put(path, { properties: {} }), 400, "BadRequest", "'incidentComment.properties.message' is required");
  assertCloudError(await api.put(path, { properties: { message: "" } }), 400, "BadRequest", "must not be empty");
  assertCloudError(await api.put(path, { properties: { message: 5 } }), 400, "BadRequest", "must be a string");
});

test("a relation needs a relatedResourceId", async () => {
  const inc = await createIncident(api);
  const res = await api.put(api.path("incidents", inc.name, "relations", "rel-1"), { properties: {} });
  assertCloudError(res, 400, "BadRequest", "'relation.properties.relatedResourceId' is required");
});

test("a task needs a title and a valid status", async () => {
  const inc = await createIncident(api);
  const path = api.path("incidents", inc.name, "tasks", guid());
  assertCloudError(await api.put(path, { properties: { status: "New" } }), 400, "BadRequest", "'incidentTask.properties.title' is required");
  assertCloudError(await api.put(path, { properties: { title: "t" } }), 400, "BadRequest", "'incidentTask.properties.status' is required");
  assertCloudError(await api.put(path, { properties: { title: "t", status: "Done" } }), 400, "BadRequest", "Allowed values: New, Completed");
});

test("a bookmark needs a displayName and a query", async () => {
  const path = api.path("bookmarks", guid());
  assertCloudError(await api.put(path, { properties: { query: "q" } }), 400, "BadRequest", "'bookmark.properties.displayName' is required");
  assertCloudError(await api.put(path, { properties: { displayName: "d" } }), 400, "BadRequest", "'bookmark.properties.query' is required");
  assertCloudError(await api.put(path, { properties: { displayName: "d", query: "q", labels: [1] } }), 400, "BadRequest", "'bookmark.properties.labels[0]' must be a string");
});

test("an etag that is not a string is refused", async () => {
  await rejectsIncident({ etag: 5, properties: { title: "t", severity: "Low", status: "New" } }, "'incident.etag' must be a string");
});
