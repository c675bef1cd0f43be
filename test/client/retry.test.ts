// Calls succeed through faults and throttling, retries never duplicate a write,
// the service's Retry-After is honoured, and an abort stops a call at once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Incident } from "../../src/api/models.js";
import { testEmulator } from "../helpers/emulator.js";
import { clientFor, rejection } from "../helpers/client.js";
import { putBookmark, workspaceOf } from "../emulator/fixtures.js";

test("every operation succeeds under a 30% fault rate, and nothing is written twice", async () => {
  const emulator = await testEmulator({ seedIncidents: 30, seed: "retry", faultRate: 0.3, faultRetryAfterMs: 30 });
  const sentinel = clientFor(emulator, { retry: { maxRetries: 12 } });
  const bookmark = randomUUID();
  putBookmark(emulator.store, bookmark, { displayName: "Fault-tolerant bookmark" });
  const list = await sentinel.listIncidents({ $top: 20 });
  assert.equal(list.length, 20);
  const created: Incident[] = [];
  for (let i = 0; i < 8; i++) {
    created.push(await sentinel.createIncident({ title: `Created under faults ${i}`, severity: "Low", bookmarks: [bookmark] }));
  }
  for (const incident of list.slice(0, 10)) {
    await sentinel.postComment(incident.name!, "Triaged under faults");
    await sentinel.updateIncident(incident.name!, { addLabels: ["faulty-network"] });
    await sentinel.getIncident(incident.name!, { entities: true, alerts: true, comments: true, bookmarks: true });
  }
  assert.ok(emulator.stats.faultsInjected > 10, `faults were injected (${emulator.stats.faultsInjected})`);
  const ws = workspaceOf(emulator.store);
  const db = emulator.store.db;
  const titles = db.prepare("SELECT title, count(*) AS n FROM incidents WHERE ws = ? AND title LIKE 'Created under faults%' GROUP BY title").all(ws.id) as { n: number }[];
  assert.equal(titles.length, 8);
  assert.ok(titles.every((t) => t.n === 1), "each created incident exists once");
  for (const c of created) {
    const relations = db.prepare("SELECT count(*) AS n FROM relations WHERE ws = ? AND incident = ?").get(ws.id, c.name) as { n: number };
    assert.equal(relations.n, 1, "one relation per created incident");
  }
  for (const incident of list.slice(0, 10)) {
    const n = db.prepare("SELECT count(*) AS n FROM comments WHERE ws = ? AND incident = ? AND json_extract(doc, '$.properties.message') = 'Triaged under faults'").get(ws.id, incident.name) as { n: number };
    assert.equal(n.n, 1, "one comment per incident");
  }
});

test("Retry-After is honoured: the retry waits as long as the service asked", async () => {
  const emulator = await testEmulator({ throttle: { writesPerSecond: 1 } });
  const sentinel = clientFor(emulator);
  const name = randomUUID();
  emulator.store.incidents.put(workspaceOf(emulator.store), name, { title: "Throttled", severity: "Low", status: "New" });
  const seen: number[] = [];
  sentinel.onRequest((o) => seen.push(o.status));
  await sentinel.postComment(name, "one");
  const started = performance.now();
  await sentinel.postComment(name, "two");
  const elapsed = performance.now() - started;
  assert.ok(seen.includes(429), "the second write was throttled");
  assert.ok(elapsed >= 900, `waited ${Math.round(elapsed)} ms for the bucket to refill`);
});

test("retries stop after the configured count and the error carries status, code and request id", async () => {
  const emulator = await testEmulator({ faultRate: 1, faultRetryAfterMs: 5 });
  const sentinel = clientFor(emulator, { retry: { maxRetries: 2 } });
  const e = await rejection(sentinel.listIncidents());
  assert.equal(emulator.stats.requests, 3, "one try and two retries");
  assert.ok(["SentinelRequestError"].includes(e.name), e.name);
});

test("a service error carries the HTTP status, the service's code and the request id", async () => {
  const emulator = await testEmulator();
  const sentinel = clientFor(emulator);
  const e = await rejection(sentinel.listIncidents({ $filter: "properties/title eq" }));
  assert.equal(e.name, "SentinelRequestError");
  assert.equal(e.statusCode, 400);
  assert.equal(e.code, "InvalidQueryParameterValue");
  assert.match(String(e.requestId), /^[0-9a-f-]{36}$/);
  assert.match(e.message, /position/);
});

test("an abort stops a call promptly", async () => {
  const emulator = await testEmulator({ latencyMs: 5000 });
  const sentinel = clientFor(emulator);
  const controller = new AbortController();
  const started = performance.now();
  setTimeout(() => controller.abort(), 100);
  const e = await rejection(sentinel.listIncidents({}, { abortSignal: controller.signal }));
  const elapsed = performance.now() - started;
  assert.equal(e.name, "AbortError");
  assert.ok(elapsed < 1500, `stopped after ${Math.round(elapsed)} ms`);
});

test("a request that times out is retried, then fails with a clear error", async () => {
  const emulator = await testEmulator({ latencyMs: 400 });
  const sentinel = clientFor(emulator, { timeoutInMs: 100, retry: { maxRetries: 1 } });
  const e = await rejection(sentinel.listIncidents());
  assert.equal(e.name, "SentinelRequestError");
  assert.equal(e.code, "REQUEST_TIMEOUT");
  assert.match(e.message, /timed out/);
});
