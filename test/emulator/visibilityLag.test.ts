// Visibility lag: a write keeps its timestamp but reaches list queries only after
// a random 0–N ms, one incident's writes in order; reads by name see it at once.
// And lastModifiedTimeUtc moves on every write, with a fresh etag each time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { testEmulator, incidentBody } from "../helpers/emulator.js";
import { guid } from "./support.js";

const LAG = 400;
const lagged = await testEmulator({ visibilityLagMs: LAG, seed: "lag-test" });
const pinnedNow = Date.parse("2026-03-01T10:00:00.000Z");
const pinned = await testEmulator({ now: () => pinnedNow });

async function listed(api = lagged.api): Promise<Map<string, { etag: string; title: string }>> {
  const res = await api.get(api.path("incidents"), { query: { $top: 1000, $orderby: "properties/lastModifiedTimeUtc asc" } });
  assert.equal(res.status, 200);
  return new Map(res.json.value.map((i: { name: string; etag: string; properties: { title: string } }) => [i.name, { etag: i.etag, title: i.properties.title }]));
}

test("with a lag, writes reach lists late and out of timestamp order, but GET sees them at once", async () => {
  const { api } = lagged;
  const names = Array.from({ length: 30 }, () => guid());
  const times = new Map<string, number>();
  for (const name of names) {
    const res = await api.put(api.path("incidents", name), incidentBody({ title: `t-${name}` }));
    assert.equal(res.status, 201);
    times.set(name, Date.parse(res.json.properties.lastModifiedTimeUtc));
    assert.equal((await api.get(api.path("incidents", name))).status, 200, "a read by name sees the write at once");
  }
  const early = await listed();
  const missing = names.filter((n) => !early.has(n));
  assert.ok(missing.length > 0, "some writes are not yet visible right after they were made");
  // Out of order: some incident written later is listed while an earlier one is not.
  const firstMissing = Math.min(...missing.map((n) => times.get(n)!));
  assert.ok(names.some((n) => early.has(n) && times.get(n)! > firstMissing) || missing.length === names.length, "visibility does not follow timestamp order");
  await new Promise((r) => setTimeout(r, LAG + 50));
  const late = await listed();
  for (const n of names) assert.ok(late.has(n), "every write is visible once the lag has passed");
  const res = await api.get(api.path("incidents"), { query: { $top: 1000, $orderby: "properties/lastModifiedTimeUtc asc" } });
  const listedTimes = res.json.value.map((i: { properties: { lastModifiedTimeUtc: string } }) => i.properties.lastModifiedTimeUtc);
  assert.deepEqual(listedTimes, [...listedTimes].sort(), "the list keeps each write's own timestamp");
});

test("with a lag, an update and a delete reach lists in the order made, never going back to an older version", async () => {
  const { api } = lagged;
  const name = guid();
  const path = api.path("incidents", name);
  let etag = (await api.put(path, incidentBody({ title: "v0" }))).json.etag as string;
  const seen: string[] = [];
  for (let v = 1; v <= 8; v++) {
    etag = (await api.put(path, incidentBody({ title: `v${v}` }, etag))).json.etag;
    const now = (await listed()).get(name);
    if (now) seen.push(now.title);
  }
  assert.equal((await api.delete(path)).status, 200);
  assert.equal((await api.get(path)).status, 404, "the deletion is seen at once by name");
  for (let i = 0; i < 10; i++) {
    const now = (await listed()).get(name);
    if (now) seen.push(now.title);
    await new Promise((r) => setTimeout(r, LAG / 8));
  }
  await new Promise((r) => setTimeout(r, LAG + 50));
  assert.equal((await listed()).has(name), false, "the deletion reaches lists");
  const versions = seen.map((t) => Number(t.slice(1)));
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b), `versions listed go forward only: ${seen.join(",")}`);
});

test("lastModifiedTimeUtc changes on every write, in ms, even when the clock does not move; etags differ", async () => {
  const { api } = pinned;
  const path = api.path("incidents", guid());
  const first = (await api.put(path, incidentBody({ title: "a" }))).json;
  assert.equal(first.properties.lastModifiedTimeUtc, "2026-03-01T10:00:00.000Z");
  const stamps = [first.properties.lastModifiedTimeUtc as string];
  const etags = new Set([first.etag as string]);
  for (let i = 0; i < 5; i++) {
    const next = (await api.put(path, incidentBody({ title: `a${i}` }))).json;
    stamps.push(next.properties.lastModifiedTimeUtc);
    etags.add(next.etag);
  }
  assert.equal(new Set(stamps).size, stamps.length, `every write has its own lastModifiedTimeUtc: ${stamps.join(" ")}`);
  assert.deepEqual(stamps, [...stamps].sort(), "and they only move forward");
  assert.equal(etags.size, stamps.length, "and its own etag");
  assert.match(stamps[1]!, /^2026-03-01T10:00:00\.\d{3}Z$/, "millisecond resolution");
});

test("a comment changes the incident's commentsCount but neither its etag nor its lastModifiedTimeUtc", async () => {
  const { api } = pinned;
  const path = api.path("incidents", guid());
  const created = (await api.put(path, incidentBody())).json;
  const comment = await api.put(`${path}/comments/${guid()}`, { properties: { message: "hello" } });
  assert.equal(comment.status, 201);
  const after = (await api.get(path)).json;
  assert.equal(after.properties.additionalData.commentsCount, 1);
  assert.equal(after.etag, created.etag);
  assert.equal(after.properties.lastModifiedTimeUtc, created.properties.lastModifiedTimeUtc);
});

test("`emulator start --visibility-lag-ms N` passes N to the emulator; startEmulator refuses a bad value", async () => {
  const { emulatorOptions } = await import("../../src/cli/commands/emulatorStart.js");
  assert.equal(emulatorOptions({ visibilityLagMs: "2000" }).visibilityLagMs, 2000);
  assert.equal(emulatorOptions({}).visibilityLagMs, undefined);
  assert.throws(() => emulatorOptions({ visibilityLagMs: "-1" }), /--visibility-lag-ms must be a whole number from 0 to 3600000/);
  const { startEmulator } = await import("../../src/emulator/server.js");
  await assert.rejects(startEmulator({ port: 0, visibilityLagMs: 1.5 }), /visibilityLagMs must be a whole number of milliseconds/);
});
