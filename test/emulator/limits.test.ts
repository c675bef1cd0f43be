// The service's limits: comment length and count, bookmarks per incident, one
// relation per resource, relations only to what exists, the request body size,
// and what goes with a deleted incident.
import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { testEmulator, incidentBody } from "../helpers/emulator.js";
import { assertCloudError, assertSameStore, createBookmark, createIncident, guid, listAll } from "./support.js";

const emulator = await testEmulator();
const { api } = emulator;

const MiB = 1024 * 1024;

test("a comment of 30,000 characters is accepted, one of 30,001 is refused", async () => {
  const inc = await createIncident(api);
  const ok = await api.put(api.path("incidents", inc.name, "comments", guid()), { properties: { message: "x".repeat(30_000) } });
  assert.equal(ok.status, 201, ok.text.slice(0, 300));
  const tooLong = await api.put(api.path("incidents", inc.name, "comments", guid()), { properties: { message: "x".repeat(30_001) } });
  assertCloudError(tooLong, 400, "BadRequest", "is 30001 characters long; at most 30000 are allowed");
});

test("the 101st comment is refused; editing one of the 100 is not", async () => {
  const inc = await createIncident(api);
  const ids: string[] = [];
  for (let i = 0; i < 100; i++) {
    const id = guid();
    ids.push(id);
    const res = await api.put(api.path("incidents", inc.name, "comments", id), { properties: { message: `comment ${i}` } });
    assert.equal(res.status, 201, res.text);
  }
  const before = emulator.store.dump();
  const extra = await api.put(api.path("incidents", inc.name, "comments", guid()), { properties: { message: "one too many" } });
  assertCloudError(extra, 400, "BadRequest", "already has 100 comments");
  assertSameStore(emulator.store.dump(), before);
  const edit = await api.put(api.path("incidents", inc.name, "comments", ids[0]!), { properties: { message: "edited" } });
  assert.equal(edit.status, 200, edit.text);
  // Deleting one makes room again.
  assert.equal((await api.delete(api.path("incidents", inc.name, "comments", ids[1]!))).status, 200);
  assert.equal((await api.put(api.path("incidents", inc.name, "comments", guid()), { properties: { message: "room again" } })).status, 201);
  const read = await api.get(api.path("incidents", inc.name));
  assert.equal(read.json.properties.additionalData.commentsCount, 100);
});

test("the 21st bookmark relation is refused", async () => {
  const inc = await createIncident(api);
  for (let i = 0; i < 20; i++) {
    const b = await createBookmark(api);
    const res = await api.put(api.path("incidents", inc.name, "relations", `rel-${i}`), { properties: { relatedResourceId: b.id } });
    assert.equal(res.status, 201, res.text);
  }
  const b21 = await createBookmark(api);
  const before = emulator.store.dump();
  const res = await api.put(api.path("incidents", inc.name, "relations", "rel-20"), { properties: { relatedResourceId: b21.id } });
  assertCloudError(res, 400, "BadRequest", "already has 20 bookmarks");
  assertSameStore(emulator.store.dump(), before);
  const read = await api.get(api.path("incidents", inc.name));
  assert.equal(read.json.properties.additionalData.bookmarksCount, 20);
});

test("a resource is related to an incident once: a second relation name to it gets 409", async () => {
  const inc = await createIncident(api);
  const b = await createBookmark(api);
  const first = await api.put(api.path("incidents", inc.name, "relations", "first"), { properties: { relatedResourceId: b.id } });
  assert.equal(first.status, 201);
  const second = await api.put(api.path("incidents", inc.name, "relations", "second"), { properties: { relatedResourceId: b.id } });
  assertCloudError(second, 409, "Conflict", "through relation 'first'");
  // Writing the same relation again is a replace, not a duplicate.
  const again = await api.put(api.path("incidents", inc.name, "relations", "first"), { properties: { relatedResourceId: b.id } });
  assert.equal(again.status, 200, again.text);
  const { items } = await listAll(api, api.path("incidents", inc.name, "relations"));
  assert.deepEqual(items.map((r) => r.name), ["first"]);
  // The same bookmark may be related to another incident.
  const other = await createIncident(api);
  assert.equal((await api.put(api.path("incidents", other.name, "relations", "second"), { properties: { relatedResourceId: b.id } })).status, 201);
});

test("a relation to a bookmark that does not exist is refused", async () => {
  const inc = await createIncident(api);
  const missing = `${api.path("bookmarks", guid())}`;
  const res = await api.put(api.path("incidents", inc.name, "relations", "ghost"), { properties: { relatedResourceId: missing } });
  assertCloudError(res, 400, "BadRequest", "does not exist in this workspace");
});

test("a relation to something that is not a workspace resource is refused", async () => {
  const inc = await createIncident(api);
  const b = await createBookmark(api);
  const otherWorkspace = b.id.replace("/workspaces/myWorkspace/", "/workspaces/otherWorkspace/");
  for (const [id, message] of [
    [otherWorkspace, "is not in this workspace"],
    ["not-a-resource-id", "is not the resource id of a bookmark or entity"],
    [`${b.id}/relations/x`, "is not the resource id of a bookmark or entity"],
    [api.path("incidents", inc.name), "not 'incidents'"],
  ] as const) {
    const res = await api.put(api.path("incidents", inc.name, "relations", "bad-target"), { properties: { relatedResourceId: id } });
    assertCloudError(res, 400, "BadRequest", message);
  }
});

test("a body over 4 MiB is refused with 413", async () => {
  const before = emulator.store.dump();
  const body = JSON.stringify(incidentBody({ description: "d".repeat(4 * MiB) }));
  assert.ok(Buffer.byteLength(body) > 4 * MiB);
  const res = await api.put(api.path("incidents", guid()), undefined, { rawBody: body });
  assertCloudError(res, 413, "RequestEntityTooLarge", String(4 * MiB));
  assertSameStore(emulator.store.dump(), before);
});

test("a body just under 4 MiB is read", async () => {
  const padding = 4 * MiB - 200;
  const res = await api.put(api.path("incidents", guid()), incidentBody({ description: "d".repeat(padding) }));
  assert.equal(res.status, 201, res.text.slice(0, 300));
});

test("a chunked body over 4 MiB is refused with 413 too", async () => {
  // No content-length: the limit must hold while the body streams in.
  const url = new URL(`${api.path("incidents", guid())}?api-version=2025-12-01`, emulator.url);
  const result = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(url, { method: "PUT", headers: { authorization: "Bearer t", "content-type": "application/json", "transfer-encoding": "chunked" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode!, text }));
    });
    req.on("error", reject);
    const chunk = Buffer.alloc(256 * 1024, "a");
    req.write('{"properties":{"title":"t","severity":"Low","status":"New","description":"');
    for (let i = 0; i < 17; i++) req.write(chunk);
    req.end('"}}');
  });
  assert.equal(result.status, 413, result.text);
  assert.equal(JSON.parse(result.text).error.code, "RequestEntityTooLarge");
});

test("deleting an incident removes its comments, relations and tasks", async () => {
  const inc = await createIncident(api);
  const b = await createBookmark(api);
  const base = (...s: string[]) => api.path("incidents", inc.name, ...s);
  assert.equal((await api.put(base("comments", guid()), { properties: { message: "m" } })).status, 201);
  assert.equal((await api.put(base("relations", "rel-del"), { properties: { relatedResourceId: b.id } })).status, 201);
  assert.equal((await api.put(base("tasks", guid()), { properties: { title: "t", status: "New" } })).status, 201);
  assert.equal((await api.get(api.path("bookmarks", b.name))).json.properties.incidentInfo?.incidentId, inc.name);

  assert.equal((await api.delete(base())).status, 200);
  assertCloudError(await api.get(base()), 404, "NotFound");
  assertCloudError(await api.get(base("comments")), 404, "NotFound");
  // The bookmark stays, without the link.
  const bookmark = await api.get(api.path("bookmarks", b.name));
  assert.equal(bookmark.status, 200);
  assert.equal(bookmark.json.properties.incidentInfo, undefined);

  // An incident made again under the same name starts empty.
  await createIncident(api, {}, inc.name);
  for (const child of ["comments", "relations"]) {
    const { items } = await listAll(api, base(child));
    assert.deepEqual(items, [], child);
  }
  assert.deepEqual((await api.get(base("tasks"))).json.value, []);
  const again = await api.get(base());
  assert.equal(again.json.properties.additionalData.commentsCount, 0);
  assert.equal(again.json.properties.additionalData.bookmarksCount, 0);
});

test("deleting what does not exist answers 204", async () => {
  const inc = await createIncident(api);
  assert.equal((await api.delete(api.path("incidents", guid()))).status, 204);
  assert.equal((await api.delete(api.path("incidents", inc.name, "comments", guid()))).status, 204);
  assert.equal((await api.delete(api.path("incidents", inc.name, "relations", "nothing"))).status, 204);
  assert.equal((await api.delete(api.path("bookmarks", guid()))).status, 204);
});
