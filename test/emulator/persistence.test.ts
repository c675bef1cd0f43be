// Persistence with a database file: what was written survives a restart,
// incident numbers carry on, and a skip token from before still works.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import { RawApi } from "../helpers/emulator.js";
import { createBookmark, createIncident, guid, listAll } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "sentinel-persist-"));
after(() => rmSync(dir, { recursive: true, force: true }));

async function withEmulator<T>(db: string, run: (api: RawApi, em: RunningEmulator) => Promise<T>, seedIncidents?: number): Promise<T> {
  const em = await startEmulator({ port: 0, db, seedIncidents, seed: "persist" });
  try {
    return await run(new RawApi(em.url), em);
  } finally {
    await em.close();
  }
}

test("data, numbers and skip tokens survive a restart", async () => {
  const db = join(dir, "restart.db");
  const first = await withEmulator(db, async (api) => {
    const incidents = [];
    for (let i = 0; i < 5; i++) incidents.push(await createIncident(api, { title: `persisted ${i}`, labels: [{ labelName: "keep" }] }));
    const comment = guid();
    await api.put(api.path("incidents", incidents[0].name, "comments", comment), { properties: { message: "still here?" } });
    const bookmark = await createBookmark(api);
    await api.put(api.path("incidents", incidents[0].name, "relations", "kept"), { properties: { relatedResourceId: bookmark.id } });
    const task = guid();
    await api.put(api.path("incidents", incidents[0].name, "tasks", task), { properties: { title: "t", status: "New" } });
    const page = await api.get(api.path("incidents"), { query: { $top: 2, $orderby: "properties/incidentNumber asc" } });
    const served = (await api.get(api.path("incidents", incidents[0].name))).json;
    return { incidents, comment, bookmark, task, page: page.json, served };
  });
  assert.ok(existsSync(db));

  await withEmulator(db, async (api) => {
    const [inc0] = first.incidents;
    const read = await api.get(api.path("incidents", inc0.name));
    assert.equal(read.status, 200);
    assert.deepEqual(read.json, first.served, "the incident is served exactly as before, etag and all");
    assert.equal(read.json.properties.additionalData.commentsCount, 1);
    assert.equal(read.json.properties.additionalData.bookmarksCount, 1);
    assert.equal((await api.get(api.path("incidents", inc0.name, "comments", first.comment))).json.properties.message, "still here?");
    assert.equal((await api.get(api.path("incidents", inc0.name, "relations", "kept"))).json.properties.relatedResourceId, first.bookmark.id);
    assert.equal((await api.get(api.path("incidents", inc0.name, "tasks", first.task))).status, 200);
    assert.equal((await api.get(api.path("bookmarks", first.bookmark.name))).json.properties.incidentInfo.incidentId, inc0.name);

    // Numbers carry on from where they were.
    const next = await createIncident(api);
    assert.equal(next.properties.incidentNumber, 6);

    // The nextLink from before the restart still pages on (its origin's port has changed; the token has not).
    const token = new URL(first.page.nextLink).searchParams.get("$skipToken")!;
    const page2 = await api.get(api.path("incidents"), { query: { $top: 2, $orderby: "properties/incidentNumber asc", $skipToken: token } });
    assert.equal(page2.status, 200, page2.text);
    assert.deepEqual(page2.json.value.map((i: { properties: { incidentNumber: number } }) => i.properties.incidentNumber), [3, 4]);
  });
});

test("deletes survive a restart too", async () => {
  const db = join(dir, "deletes.db");
  const name = await withEmulator(db, async (api) => {
    const inc = await createIncident(api);
    assert.equal((await api.delete(api.path("incidents", inc.name))).status, 200);
    return inc.name as string;
  });
  await withEmulator(db, async (api) => {
    assert.equal((await api.get(api.path("incidents", name))).status, 404);
    assert.equal((await createIncident(api)).properties.incidentNumber, 2, "a deleted incident's number is not reused");
  });
});

test("a seeded database is not seeded again on restart", async () => {
  const db = join(dir, "seeded.db");
  const before = await withEmulator(db, async (api) => (await listAll(api, api.path("incidents"), { $top: 1000 })).items.map((i) => i.name).sort(), 30);
  assert.equal(before.length, 30);
  const afterRestart = await withEmulator(db, async (api) => (await listAll(api, api.path("incidents"), { $top: 1000 })).items.map((i) => i.name).sort(), 30);
  assert.deepEqual(afterRestart, before);
});

test("without a db file nothing survives", async () => {
  const name = await withEmulator(":memory:", async (api) => (await createIncident(api)).name as string);
  await withEmulator(":memory:", async (api) => assert.equal((await api.get(api.path("incidents", name))).status, 404));
});

test("the database file is in WAL mode and carries its schema version", async () => {
  const db = join(dir, "wal.db");
  await withEmulator(db, async (api, em) => {
    await createIncident(api);
    assert.equal(em.store.db.pragma("journal_mode", { simple: true }), "wal");
  });
  const raw = new Database(db);
  try {
    assert.ok((raw.pragma("user_version", { simple: true }) as number) >= 1);
  } finally {
    raw.close();
  }
});

test("a database from a newer emulator is refused, not overwritten", async () => {
  const db = join(dir, "newer.db");
  await withEmulator(db, async (api) => void (await createIncident(api)));
  const raw = new Database(db);
  raw.pragma("user_version = 999");
  raw.close();
  await assert.rejects(startEmulator({ port: 0, db }), /schema version 999 is newer than this emulator understands/);
});
