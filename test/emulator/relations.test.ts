// Relations and the incident's additionalData: the counts, products and tactics
// stay true to the stored comments, relations and alerts after every write and
// delete, and the POST actions list what the relations link.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Entity, SecurityAlert } from "../../src/api/models.js";
import { entityResourceId } from "../../src/api/resourceId.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { testEmulator } from "../helpers/emulator.js";
import { assertCloudError, createBookmark, createIncident, guid } from "./support.js";
import { workspaceOf } from "./fixtures.js";

const emulator = await testEmulator();
const { api } = emulator;
const ws = workspaceOf(emulator.store);

// Alerts and entities come from detections, not from this API: written into the store.
function alert(productName: string, tactics: SecurityAlert["properties"]["tactics"]): SecurityAlert {
  const name = guid();
  const doc: SecurityAlert = { name, kind: "SecurityAlert", properties: { alertDisplayName: `Alert from ${productName}`, productName, tactics, severity: "High", status: "New" } };
  emulator.store.detections.putAlert(ws, doc);
  return doc;
}

function entity(kind: "Account" | "Host" | "Ip", properties: Record<string, unknown>): Entity {
  const doc = { name: guid(), kind, properties } as Entity;
  emulator.store.detections.putEntity(ws, doc);
  return doc;
}

async function additionalData(incident: string) {
  const res = await api.get(api.path("incidents", incident));
  assert.equal(res.status, 200);
  return res.json.properties.additionalData;
}

async function relate(incident: string, name: string, relatedResourceId: string) {
  const res = await api.put(api.path("incidents", incident, "relations", name), { properties: { relatedResourceId } });
  assert.ok(res.status === 201 || res.status === 200, res.text);
  return res.json;
}

test("a relation to a bookmark is filled in with name and type", async () => {
  const inc = await createIncident(api);
  const b = await createBookmark(api, guid(), "Suspicious logons");
  const rel = await relate(inc.name, "to-bookmark", b.id);
  assert.equal(rel.name, "to-bookmark");
  assert.equal(rel.type, "Microsoft.SecurityInsights/incidents/relations");
  assert.equal(rel.id, `${inc.id}/relations/to-bookmark`);
  assert.deepEqual(rel.properties, {
    relatedResourceId: b.id,
    relatedResourceName: b.name,
    relatedResourceType: "Microsoft.SecurityInsights/bookmarks",
  });
  const bookmark = (await api.get(api.path("bookmarks", b.name))).json;
  assert.deepEqual(bookmark.properties.incidentInfo, { incidentId: inc.name, severity: "Medium", title: "Test incident", relationName: "to-bookmark" });
});

test("a relation to an alert or an entity carries its kind", async () => {
  const inc = await createIncident(api);
  const a = alert("Microsoft Defender for Endpoint", ["Execution"]);
  const e = entity("Host", { hostName: "web-01", friendlyName: "web-01" });
  const toAlert = await relate(inc.name, "to-alert", entityResourceId(DEFAULT_WORKSPACE, a.name!));
  assert.equal(toAlert.properties.relatedResourceKind, "SecurityAlert");
  assert.equal(toAlert.properties.relatedResourceType, "Microsoft.SecurityInsights/entities");
  const toEntity = await relate(inc.name, "to-entity", entityResourceId(DEFAULT_WORKSPACE, e.name!));
  assert.equal(toEntity.properties.relatedResourceKind, "Host");
  assertCloudError(
    await api.put(api.path("incidents", inc.name, "relations", "to-nothing"), { properties: { relatedResourceId: entityResourceId(DEFAULT_WORKSPACE, guid()) } }),
    400,
    "BadRequest",
    "does not exist in this workspace",
  );
});

test("additionalData follows comments, bookmarks and alerts through every write and delete", async () => {
  const inc = await createIncident(api);
  assert.deepEqual(await additionalData(inc.name), { alertsCount: 0, bookmarksCount: 0, commentsCount: 0, alertProductNames: [], tactics: [] });

  const comments = [guid(), guid()];
  for (const [i, c] of comments.entries()) {
    await api.put(api.path("incidents", inc.name, "comments", c), { properties: { message: `c${i}` } });
    assert.equal((await additionalData(inc.name)).commentsCount, i + 1);
  }
  // Editing a comment does not count it twice.
  await api.put(api.path("incidents", inc.name, "comments", comments[0]!), { properties: { message: "edited" } });
  assert.equal((await additionalData(inc.name)).commentsCount, 2);

  const b1 = await createBookmark(api);
  const b2 = await createBookmark(api);
  await relate(inc.name, "b-one", b1.id);
  await relate(inc.name, "b-two", b2.id);
  assert.equal((await additionalData(inc.name)).bookmarksCount, 2);

  const a1 = alert("Microsoft Defender for Endpoint", ["Execution", "Persistence"]);
  const a2 = alert("Microsoft Entra ID Protection", ["InitialAccess", "Execution"]);
  await relate(inc.name, "a-one", entityResourceId(DEFAULT_WORKSPACE, a1.name!));
  await relate(inc.name, "a-two", entityResourceId(DEFAULT_WORKSPACE, a2.name!));
  let data = await additionalData(inc.name);
  assert.equal(data.alertsCount, 2);
  assert.deepEqual([...data.alertProductNames].sort(), ["Microsoft Defender for Endpoint", "Microsoft Entra ID Protection"]);
  assert.deepEqual([...data.tactics].sort(), ["Execution", "InitialAccess", "Persistence"]);

  // The list shows the same counts as the single GET.
  const listed = await api.get(api.path("incidents"), { query: { $filter: `name eq '${inc.name}'` } });
  assert.deepEqual(listed.json.value[0].properties.additionalData, data);

  // And back down again.
  await api.delete(api.path("incidents", inc.name, "relations", "a-one"));
  data = await additionalData(inc.name);
  assert.equal(data.alertsCount, 1);
  assert.deepEqual(data.alertProductNames, ["Microsoft Entra ID Protection"]);
  assert.deepEqual([...data.tactics].sort(), ["Execution", "InitialAccess"]);
  await api.delete(api.path("incidents", inc.name, "relations", "b-one"));
  assert.equal((await additionalData(inc.name)).bookmarksCount, 1);
  await api.delete(api.path("incidents", inc.name, "comments", comments[1]!));
  assert.equal((await additionalData(inc.name)).commentsCount, 1);

  // Deleting a related bookmark removes the relation and its count.
  assert.equal((await api.delete(api.path("bookmarks", b2.name))).status, 200);
  assert.equal((await additionalData(inc.name)).bookmarksCount, 0);
  const relations = await api.get(api.path("incidents", inc.name, "relations"));
  assert.deepEqual(relations.json.value.map((r: { name: string }) => r.name), ["a-two"]);

  // A replace of the incident keeps what the server derived.
  const current = (await api.get(api.path("incidents", inc.name))).json;
  const replaced = await api.put(api.path("incidents", inc.name), { etag: current.etag, properties: { title: "renamed", severity: "High", status: "Active" } });
  assert.deepEqual(replaced.json.properties.additionalData, current.properties.additionalData);
});

test("the POST actions list the related alerts, bookmarks and their entities", async () => {
  const inc = await createIncident(api);
  const a = alert("Microsoft Defender for Cloud Apps", ["Exfiltration"]);
  const account = entity("Account", { accountName: "alice", friendlyName: "alice" });
  const ip = entity("Ip", { address: "10.0.0.5", friendlyName: "10.0.0.5" });
  const host = entity("Host", { hostName: "db-01", friendlyName: "db-01" });
  emulator.store.detections.linkEntity(ws, "alert", a.name!, account.name!);
  emulator.store.detections.linkEntity(ws, "alert", a.name!, ip.name!);
  const b = await createBookmark(api);
  emulator.store.detections.linkEntity(ws, "bookmark", b.name, ip.name!);
  emulator.store.detections.linkEntity(ws, "bookmark", b.name, host.name!);

  await relate(inc.name, "alert-rel", entityResourceId(DEFAULT_WORKSPACE, a.name!));
  await relate(inc.name, "bookmark-rel", b.id);

  const alerts = await api.post(api.path("incidents", inc.name, "alerts"));
  assert.equal(alerts.status, 200);
  assert.deepEqual(alerts.json.value.map((x: { name: string; kind: string }) => [x.name, x.kind]), [[a.name, "SecurityAlert"]]);

  const bookmarks = await api.post(api.path("incidents", inc.name, "bookmarks"));
  assert.equal(bookmarks.status, 200);
  assert.equal(bookmarks.json.value.length, 1);
  assert.equal(bookmarks.json.value[0].name, b.name);
  assert.equal(bookmarks.json.value[0].kind, "Bookmark");

  const entities = await api.post(api.path("incidents", inc.name, "entities"));
  assert.equal(entities.status, 200);
  const names = entities.json.entities.map((x: { name: string }) => x.name).sort();
  assert.deepEqual(names, [account.name, ip.name, host.name].sort(), "each entity once, from the alert and the bookmark");
  const meta = Object.fromEntries(entities.json.metaData.map((m: { entityKind: string; count: number }) => [m.entityKind, m.count]));
  assert.deepEqual(meta, { Account: 1, Host: 1, Ip: 1 });

  // The actions of an incident that does not exist are a 404.
  for (const action of ["alerts", "bookmarks", "entities"]) {
    assertCloudError(await api.post(api.path("incidents", guid(), action)), 404, "NotFound");
  }
});

test("relations list, get and delete", async () => {
  const inc = await createIncident(api);
  const bs = [await createBookmark(api), await createBookmark(api), await createBookmark(api)];
  for (const [i, b] of bs.entries()) await relate(inc.name, `rel-${i}`, b.id);
  const list = await api.get(api.path("incidents", inc.name, "relations"));
  assert.deepEqual(list.json.value.map((r: { name: string }) => r.name), ["rel-0", "rel-1", "rel-2"]);
  const one = await api.get(api.path("incidents", inc.name, "relations", "rel-1"));
  assert.equal(one.json.properties.relatedResourceId, bs[1]!.id);
  assertCloudError(await api.get(api.path("incidents", inc.name, "relations", "rel-9")), 404, "NotFound");
  assert.equal((await api.delete(api.path("incidents", inc.name, "relations", "rel-1"))).status, 200);
  assert.equal((await api.delete(api.path("incidents", inc.name, "relations", "rel-1"))).status, 204);
  assert.equal((await api.get(api.path("incidents", inc.name, "relations"))).json.value.length, 2);
});
