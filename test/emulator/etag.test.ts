// Optimistic concurrency through the body's etag: a stale etag gets 409 and
// changes nothing, each write gets a new etag, no etag means "write anyway".
import { test } from "node:test";
import assert from "node:assert/strict";
import { testEmulator, incidentBody } from "../helpers/emulator.js";
import { assertCloudError, assertSameStore, createBookmark, createIncident, guid } from "./support.js";

const emulator = await testEmulator();
const { api } = emulator;

test("create answers 201 with an etag, replace answers 200 with a new one", async () => {
  const path = api.path("incidents", guid());
  const created = await api.put(path, incidentBody({ title: "v1" }));
  assert.equal(created.status, 201);
  assert.match(created.json.etag, /^"[0-9a-f-]{36}"$/, "incident etags are quoted, as in the spec's examples");
  const replaced = await api.put(path, incidentBody({ title: "v2" }, created.json.etag));
  assert.equal(replaced.status, 200);
  assert.notEqual(replaced.json.etag, created.json.etag);
  const read = await api.get(path);
  assert.equal(read.json.etag, replaced.json.etag, "GET serves the etag of the last write");
  assert.equal(read.json.properties.title, "v2");
});

test("a stale etag gets 409 Conflict and nothing is saved", async () => {
  const path = api.path("incidents", guid());
  const v1 = (await api.put(path, incidentBody({ title: "v1" }))).json;
  const v2 = (await api.put(path, incidentBody({ title: "v2" }, v1.etag))).json;
  const before = emulator.store.dump();
  const stale = await api.put(path, incidentBody({ title: "lost update", severity: "High" }, v1.etag));
  assertCloudError(stale, 409, "Conflict", "does not match");
  assertSameStore(emulator.store.dump(), before);
  const read = await api.get(path);
  assert.equal(read.json.properties.title, "v2");
  assert.equal(read.json.etag, v2.etag);
});

test("an invented etag gets 409 too", async () => {
  const inc = await createIncident(api);
  const res = await api.put(api.path("incidents", inc.name), incidentBody({}, '"00000000-0000-0000-0000-000000000000"'));
  assertCloudError(res, 409, "Conflict");
});

test("without an etag a write is unconditional", async () => {
  const path = api.path("incidents", guid());
  const v1 = (await api.put(path, incidentBody({ title: "v1" }))).json;
  await api.put(path, incidentBody({ title: "v2" }, v1.etag));
  const blind = await api.put(path, incidentBody({ title: "v3" }));
  assert.equal(blind.status, 200, blind.text);
  assert.equal(blind.json.properties.title, "v3");
  assert.notEqual(blind.json.etag, v1.etag);
});

test("the etag matches with or without its quotes", async () => {
  const inc = await createIncident(api);
  const bare = inc.etag.replace(/"/g, "");
  const res = await api.put(api.path("incidents", inc.name), incidentBody({ title: "bare etag" }, bare));
  assert.equal(res.status, 200, res.text);
});

test("comments follow the same rules, with bare etags", async () => {
  const inc = await createIncident(api);
  const path = api.path("incidents", inc.name, "comments", guid());
  const c1 = await api.put(path, { properties: { message: "one" } });
  assert.equal(c1.status, 201);
  assert.match(c1.json.etag, /^[0-9a-f-]{36}$/);
  const c2 = await api.put(path, { etag: c1.json.etag, properties: { message: "two" } });
  assert.equal(c2.status, 200);
  assert.notEqual(c2.json.etag, c1.json.etag);
  const stale = await api.put(path, { etag: c1.json.etag, properties: { message: "stale" } });
  assertCloudError(stale, 409, "Conflict");
  assert.equal((await api.get(path)).json.properties.message, "two");
});

test("relations and bookmarks follow the same rules", async () => {
  const inc = await createIncident(api);
  const b = await createBookmark(api);
  const bPath = api.path("bookmarks", b.name);
  const b2 = await api.put(bPath, { etag: b.etag, properties: { displayName: "renamed", query: "q" } });
  assert.equal(b2.status, 200);
  assertCloudError(await api.put(bPath, { etag: b.etag, properties: { displayName: "stale", query: "q" } }), 409, "Conflict");

  const rPath = api.path("incidents", inc.name, "relations", "rel-etag");
  const r1 = await api.put(rPath, { properties: { relatedResourceId: b.id } });
  assert.equal(r1.status, 201);
  const r2 = await api.put(rPath, { etag: r1.json.etag, properties: { relatedResourceId: b.id } });
  assert.equal(r2.status, 200);
  assert.notEqual(r2.json.etag, r1.json.etag);
  assertCloudError(await api.put(rPath, { etag: r1.json.etag, properties: { relatedResourceId: b.id } }), 409, "Conflict");
});

test("tasks follow the same rules", async () => {
  const inc = await createIncident(api);
  const path = api.path("incidents", inc.name, "tasks", guid());
  const t1 = await api.put(path, { properties: { title: "triage", status: "New" } });
  assert.equal(t1.status, 201);
  const t2 = await api.put(path, { etag: t1.json.etag, properties: { title: "triage", status: "Completed" } });
  assert.equal(t2.status, 200);
  assertCloudError(await api.put(path, { etag: t1.json.etag, properties: { title: "x", status: "New" } }), 409, "Conflict");
  assert.equal((await api.get(path)).json.properties.status, "Completed");
});

test("concurrent writers with the same etag: exactly one wins", async () => {
  const inc = await createIncident(api);
  const path = api.path("incidents", inc.name);
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => api.put(path, incidentBody({ title: `writer ${i}` }, inc.etag))),
  );
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409, 409, 409]);
  const winner = results.find((r) => r.status === 200)!;
  assert.equal((await api.get(path)).json.properties.title, winner.json.properties.title);
});
