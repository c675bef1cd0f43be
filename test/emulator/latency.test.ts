// The latency option delays every response by at least the given time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { testEmulator, incidentBody } from "../helpers/emulator.js";
import { guid } from "./support.js";

const LATENCY_MS = 150;
const slow = await testEmulator({ latencyMs: LATENCY_MS });

async function timed(run: () => Promise<{ status: number }>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

test("every response, success or error, takes at least latencyMs", async () => {
  const requests = [
    () => slow.api.get(slow.api.path("incidents")),
    () => slow.api.put(slow.api.path("incidents", guid()), incidentBody()),
    () => slow.api.get(slow.api.path("incidents", guid())),
    () => slow.api.get(slow.api.path("incidents"), { token: null }),
  ];
  for (const run of requests) {
    const ms = await timed(run);
    assert.ok(ms >= LATENCY_MS - 2, `took ${ms.toFixed(1)} ms`);
  }
});

test("each of several concurrent requests is delayed", async () => {
  const times = await Promise.all(Array.from({ length: 5 }, () => timed(() => slow.api.get(slow.api.path("incidents")))));
  for (const ms of times) assert.ok(ms >= LATENCY_MS - 2, `took ${ms.toFixed(1)} ms`);
});

test("the delay applies to the actions and the child lists too", async () => {
  const inc = await slow.api.put(slow.api.path("incidents", guid()), incidentBody());
  for (const run of [
    () => slow.api.post(slow.api.path("incidents", inc.json.name, "entities")),
    () => slow.api.get(slow.api.path("incidents", inc.json.name, "comments")),
    () => slow.api.delete(slow.api.path("incidents", inc.json.name)),
  ]) {
    const ms = await timed(run);
    assert.ok(ms >= LATENCY_MS - 2, `took ${ms.toFixed(1)} ms`);
  }
});
