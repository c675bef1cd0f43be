// The seed's own examples (MSTICPy's Sentinel incident features), in TypeScript,
// over real HTTP against the emulator.
import { test } from "node:test";
import assert from "node:assert/strict";
import { testEmulator } from "../helpers/emulator.js";
import { clientFor } from "../helpers/client.js";
import { workspaceOf } from "../emulator/fixtures.js";

const emulator = await testEmulator({ seedIncidents: 400, seed: "seed-examples" });
const sentinel = clientFor(emulator);
const ws = workspaceOf(emulator.store);

// Incidents for the seed's list example: titles with MSTICPy, created after 2023-03-21T12:00.
for (const [i, created] of ["2023-03-20T09:00:00Z", "2023-03-22T09:00:00Z", "2023-04-01T10:00:00Z"].entries()) {
  emulator.store.incidents.put(ws, `00000000-0000-4000-8000-00000000000${i}`, { title: `MSTICPy test incident ${i}`, severity: "Low", status: "New" }, { createdTimeUtc: created });
}

test("listIncidents() returns the 50 newest incidents", async () => {
  const incidents = await sentinel.listIncidents();
  assert.equal(incidents.length, 50);
  const created = incidents.map((i) => Date.parse(i.properties.createdTimeUtc!));
  assert.deepEqual(created, [...created].sort((a, b) => b - a), "newest first");
  const all = emulator.store.db.prepare("SELECT max(created_ms) AS m FROM incidents").get() as { m: number };
  assert.equal(created[0], all.m);
});

test("listIncidents(params) passes $top and $filter in the API's own format", async () => {
  const params = { $top: 500, $filter: "contains(properties/title, 'MSTICPy') and properties/createdTimeUtc gt 2023-03-21T12:00:00Z" };
  const incidents = await sentinel.listIncidents(params);
  assert.deepEqual(incidents.map((i) => i.properties.title).sort(), ["MSTICPy test incident 1", "MSTICPy test incident 2"]);
});

test("getIncident by GUID with entities, alerts, comments and bookmarks", async () => {
  const withAll = emulator.store.db
    .prepare(
      `SELECT name FROM incidents WHERE json_extract(doc, '$.properties.additionalData.alertsCount') > 0
       AND json_extract(doc, '$.properties.additionalData.commentsCount') > 0 AND json_extract(doc, '$.properties.additionalData.bookmarksCount') > 0 LIMIT 1`,
    )
    .get() as { name: string };
  const incident = await sentinel.getIncident(withAll.name, { entities: true, alerts: true, comments: true, bookmarks: true });
  assert.equal(incident.name, withAll.name);
  const data = incident.properties.additionalData!;
  assert.equal(incident.alerts!.length, data.alertsCount);
  assert.equal(incident.comments!.length, data.commentsCount);
  assert.equal(incident.bookmarks!.length, data.bookmarksCount);
  assert.ok(incident.entities!.length > 0);
  for (const e of incident.entities!) assert.ok(e.kind, "entities keep their kind");
  for (const b of incident.bookmarks!) assert.ok(b.name && b.properties.displayName, "bookmarks carry id and display name");
  for (const a of incident.alerts!) assert.equal(a.kind, "SecurityAlert");
});

test("getIncident by title", async () => {
  const incident = await sentinel.getIncident("MSTICPy test incident 2", { entities: true, alerts: true, comments: true, bookmarks: true });
  assert.equal(incident.name, "00000000-0000-4000-8000-000000000002");
  assert.deepEqual(incident.alerts, []);
  assert.deepEqual(incident.comments, []);
});

test("updateIncident with {severity: 'High'}: no 'properties.' prefix needed", async () => {
  const id = "00000000-0000-4000-8000-000000000000";
  const updated = await sentinel.updateIncident(id, { severity: "High" });
  assert.equal(updated.properties.severity, "High");
  assert.equal(updated.properties.title, "MSTICPy test incident 0");
  const prefixed = await sentinel.updateIncident(id, { "properties.status": "Active" });
  assert.equal(prefixed.properties.status, "Active");
});

test("postComment posts the comment", async () => {
  const id = "00000000-0000-4000-8000-000000000001";
  const comment = await sentinel.postComment(id, "This is my comment");
  assert.equal(comment.properties.message, "This is my comment");
  const comments = await sentinel.listComments(id);
  assert.deepEqual(comments.map((c) => c.properties.message), ["This is my comment"]);
});

test("addBookmarkToIncident links a bookmark by id", async () => {
  const [bookmark] = await (async () => {
    for await (const b of sentinel.listBookmarks()) return [b];
    return [];
  })();
  const id = "00000000-0000-4000-8000-000000000001";
  const relation = await sentinel.addBookmarkToIncident(id, bookmark!.name!);
  assert.equal(relation.properties.relatedResourceName, bookmark!.name);
  const bookmarks = await sentinel.listIncidentBookmarks(id);
  assert.deepEqual(bookmarks.map((b) => b.name), [bookmark!.name]);
});

test("createIncident with every optional field", async () => {
  let bookmarkName: string | undefined;
  for await (const b of sentinel.listBookmarks()) {
    bookmarkName = b.name;
    break;
  }
  const created = await sentinel.createIncident({
    title: "A custom incident",
    severity: "High",
    status: "Active",
    description: "Raised from a notebook",
    firstActivityTime: new Date("2024-05-01T10:00:00+02:00"),
    lastActivityTime: "2024-05-01T09:30:00Z",
    labels: ["notebook", { labelName: "vip" }],
    bookmarks: [bookmarkName!],
    owner: "alexw@contoso.com",
  });
  const p = created.properties;
  assert.match(created.name!, /^[0-9a-f-]{36}$/);
  assert.ok(p.incidentNumber! > 0);
  assert.equal(p.title, "A custom incident");
  assert.equal(p.severity, "High");
  assert.equal(p.status, "Active");
  assert.equal(p.description, "Raised from a notebook");
  assert.equal(p.firstActivityTimeUtc, "2024-05-01T08:00:00.000Z");
  assert.equal(p.lastActivityTimeUtc, "2024-05-01T09:30:00.000Z");
  assert.deepEqual(p.labels!.map((l) => l.labelName), ["notebook", "vip"]);
  assert.equal(p.owner!.email, "alex.wilber@contoso.com");
  assert.equal(p.additionalData!.bookmarksCount, 1);
  const minimal = await sentinel.createIncident({ title: "A custom incident", severity: "High" });
  assert.equal(minimal.properties.status, "New");
});
