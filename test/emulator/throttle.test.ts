// ARM-style throttling: token buckets per subscription, one for reads and one for
// writes; a throttled request gets 429 SubscriptionRequestsThrottled with
// Retry-After, and every response says what is left.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { RawApi, testEmulator, incidentBody } from "../helpers/emulator.js";
import { assertCloudError, guid } from "./support.js";

const OTHER = { subscriptionId: "99999999-8888-7777-6666-555555555555", resourceGroup: "rg2", workspaceName: "ws2" };

test("a burst of writes over the rate gets 429 with Retry-After, and nothing of them is stored", async () => {
  const em = await testEmulator({ throttle: { writesPerSecond: 5, readsPerSecond: 1000 } });
  const ids = Array.from({ length: 12 }, () => guid());
  const started = performance.now();
  const results = await Promise.all(ids.map((id) => em.api.put(em.api.path("incidents", id), incidentBody())));
  const elapsedMs = performance.now() - started;
  const created = results.filter((r) => r.status === 201);
  const throttled = results.filter((r) => r.status === 429);
  assert.equal(created.length + throttled.length, results.length, results.map((r) => r.status).join(","));
  // A bucket of 5, refilled at 5 a second while the burst was being served.
  assert.ok(created.length >= 5 && created.length <= 5 + Math.ceil(elapsedMs / 200), `${created.length} admitted in ${elapsedMs.toFixed(0)} ms`);
  assert.ok(throttled.length > 0);
  for (const r of throttled) {
    assertCloudError(r, 429, "SubscriptionRequestsThrottled", "Number of 'write' requests for subscription exceeded the limit");
    const seconds = Number(r.headers.get("retry-after"));
    const ms = Number(r.headers.get("retry-after-ms"));
    assert.ok(Number.isInteger(seconds) && seconds >= 1, `Retry-After ${seconds}`);
    assert.ok(ms > 0 && ms <= 200, `retry-after-ms ${ms}: one token comes every 200 ms`);
    assert.equal(Math.max(1, Math.ceil(ms / 1000)), seconds);
  }
  for (const r of results) {
    assert.match(r.headers.get("x-ms-ratelimit-remaining-subscription-writes") ?? "", /^\d+$/, "every write response says what is left");
  }
  const remaining = created.map((r) => Number(r.headers.get("x-ms-ratelimit-remaining-subscription-writes")));
  assert.equal(Math.max(...remaining), 4, "the first write leaves 4 of 5");
  assert.equal(Math.min(...remaining), 0);
  // Only the admitted writes were stored.
  const list = await em.api.get(em.api.path("incidents"));
  assert.equal(list.json.value.length, created.length);

  // Waiting as long as asked is enough.
  const wait = Math.max(...throttled.map((r) => Number(r.headers.get("retry-after-ms"))));
  await sleep(wait + 20);
  const retry = await em.api.put(em.api.path("incidents", guid()), incidentBody());
  assert.equal(retry.status, 201, retry.text);
  assert.equal(em.stats.throttled, throttled.length);
});

test("reads have their own bucket, and report it", async () => {
  const em = await testEmulator({ throttle: { writesPerSecond: 2, readsPerSecond: 3 } });
  const writes = await Promise.all(Array.from({ length: 8 }, () => em.api.put(em.api.path("incidents", guid()), incidentBody())));
  assert.ok(writes.some((r) => r.status === 429), "the writes are throttled");
  const read = await em.api.get(em.api.path("incidents"));
  assert.equal(read.status, 200, "reads are not");
  assert.match(read.headers.get("x-ms-ratelimit-remaining-subscription-reads") ?? "", /^\d+$/);
  assert.equal(read.headers.get("x-ms-ratelimit-remaining-subscription-writes"), null);
  const reads = await Promise.all(Array.from({ length: 10 }, () => em.api.get(em.api.path("incidents"))));
  const throttled = reads.filter((r) => r.status === 429);
  assert.ok(throttled.length > 0, "the reads' own bucket runs out too");
  assertCloudError(throttled[0]!, 429, "SubscriptionRequestsThrottled", "'read'");
  // POST actions and DELETEs count as writes, as ARM counts them.
  const del = await em.api.delete(em.api.path("incidents", guid()));
  assert.ok(del.headers.get("x-ms-ratelimit-remaining-subscription-writes") !== null);
  const action = await em.api.post(em.api.path("incidents", guid(), "alerts"));
  assert.ok(action.headers.get("x-ms-ratelimit-remaining-subscription-writes") !== null);
  assert.equal(action.headers.get("x-ms-ratelimit-remaining-subscription-reads"), null);
});

test("each subscription has its own buckets", async () => {
  const em = await testEmulator({ workspaces: [OTHER], throttle: { writesPerSecond: 3 } });
  const other = new RawApi(em.url, OTHER);
  const burst = await Promise.all(Array.from({ length: 6 }, () => em.api.put(em.api.path("incidents", guid()), incidentBody())));
  assert.ok(burst.some((r) => r.status === 429));
  const elsewhere = await other.put(other.path("incidents", guid()), incidentBody());
  assert.equal(elsewhere.status, 201, "another subscription is not throttled by this one's burst");
  assert.equal(elsewhere.headers.get("x-ms-ratelimit-remaining-subscription-writes"), "2");
});

test("without the throttle option there is no limit and no header", async () => {
  const em = await testEmulator();
  const results = await Promise.all(Array.from({ length: 30 }, () => em.api.put(em.api.path("incidents", guid()), incidentBody())));
  assert.ok(results.every((r) => r.status === 201));
  assert.equal(results[0]!.headers.get("x-ms-ratelimit-remaining-subscription-writes"), null);
});
