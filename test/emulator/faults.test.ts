// Fault injection: the share of requests given by faultRate fails with a 429
// (half of them with Retry-After), a 500, a 503 or a dropped connection, chosen
// by a seeded random source; a connection dropped after a write loses only the
// response.
import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { FaultInjector } from "../../src/emulator/faults.js";
import { EmulatorConfigError, startEmulator } from "../../src/emulator/server.js";
import { incidentBody, testEmulator, TEST_TOKEN, type TestEmulator } from "../helpers/emulator.js";
import { guid } from "./support.js";
import { workspaceOf } from "./fixtures.js";

type Outcome = { status: number; headers: Record<string, string | string[] | undefined>; body: string } | { network: string };

/** One request on its own connection (no keep-alive, no retries), so each request draws exactly one fault. */
function send(em: TestEmulator, method: string, path: string, body?: unknown): Promise<Outcome> {
  const url = new URL(`${path}?api-version=2025-12-01`, em.url);
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { authorization: `Bearer ${TEST_TOKEN}` };
    if (text !== undefined) Object.assign(headers, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    const req = request(url, { method, headers, agent: false }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: data }));
      res.on("error", (e) => resolve({ network: e.message }));
    });
    req.on("error", (e) => resolve({ network: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(text);
  });
}

/** A label per outcome: `429+retry`, `429`, `500`, `503`, `drop` or the success status. */
function label(o: Outcome): string {
  if ("network" in o) return "drop";
  if (o.status === 429) return o.headers["retry-after"] ? "429+retry" : "429";
  return String(o.status);
}

function assertFaultShape(o: Outcome): void {
  if ("network" in o) return;
  const body = JSON.parse(o.body);
  assert.equal(typeof body.error.code, "string");
  assert.equal(typeof body.error.message, "string");
  assert.ok(o.headers["x-ms-request-id"]);
  if (o.status === 429 && o.headers["retry-after"]) {
    assert.equal(o.headers["retry-after"], "1");
    assert.equal(o.headers["retry-after-ms"], "1000");
  }
}

test("with faultRate 1 every request fails, in every way", async () => {
  const em = await testEmulator({ faultRate: 1, seed: "all-fail" });
  const seen = new Set<string>();
  for (let i = 0; i < 60; i++) {
    const o = await send(em, "GET", em.api.path("incidents"));
    const l = label(o);
    assert.ok(["429+retry", "429", "500", "503", "drop"].includes(l), `request ${i} got ${l}`);
    assertFaultShape(o);
    seen.add(l);
  }
  assert.deepEqual([...seen].sort(), ["429", "429+retry", "500", "503", "drop"]);
  assert.equal(em.stats.faultsInjected, 60);
});

test("with faultRate 0.3 and a fixed seed the sequence is the seeded one", async () => {
  const run = async (seed: string) => {
    const em = await testEmulator({ faultRate: 0.3, seed });
    const labels: string[] = [];
    for (let i = 0; i < 150; i++) labels.push(label(await send(em, "GET", em.api.path("incidents"))));
    await em.close();
    return labels;
  };
  const labels = await run("mix-1");
  // What the seeded source picks, request by request.
  const injector = new FaultInjector({ rate: 0.3, seed: "mix-1" });
  const expected = labels.map(() => {
    const f = injector.next();
    if (!f) return "200";
    if (f.kind === "throttle") return f.retryAfterMs === undefined ? "429" : "429+retry";
    return { "server-error": "500", unavailable: "503", drop: "drop" }[f.kind];
  });
  assert.deepEqual(labels, expected);
  const faults = labels.filter((l) => l !== "200").length;
  assert.ok(faults >= 25 && faults <= 65, `${faults} of 150 failed`);
  for (const kind of ["429", "429+retry", "500", "503", "drop"]) assert.ok(labels.includes(kind), `saw ${kind}`);
  assert.deepEqual(await run("mix-1"), labels, "the same seed gives the same sequence");
  assert.notDeepEqual(await run("mix-2"), labels, "another seed gives another");
});

test("a connection dropped after a write: the write is stored though the client saw a network error", async () => {
  const em = await testEmulator({ faultRate: 1, seed: "drops" });
  const ws = workspaceOf(em.store);
  const outcomes: { id: string; outcome: Outcome }[] = [];
  for (let i = 0; i < 60; i++) {
    const id = guid();
    outcomes.push({ id, outcome: await send(em, "PUT", em.api.path("incidents", id), incidentBody({ title: `write ${i}` })) });
  }
  const stored = outcomes.filter(({ id }) => em.store.incidents.exists(ws, id));
  assert.ok(stored.length > 0, "some writes went through before the drop");
  for (const { outcome } of stored) assert.equal(label(outcome), "drop", "only a dropped response hides a stored write");
  const droppedBefore = outcomes.filter(({ id, outcome }) => label(outcome) === "drop" && !em.store.incidents.exists(ws, id));
  assert.ok(droppedBefore.length > 0, "other drops came before the write");
});

test("faultRetryAfterMs sets the delay throttle faults ask for", async () => {
  const em = await testEmulator({ faultRate: 1, seed: "all-fail", faultRetryAfterMs: 2500 });
  let checked = 0;
  for (let i = 0; i < 40; i++) {
    const o = await send(em, "GET", em.api.path("incidents"));
    if (label(o) !== "429+retry" || "network" in o) continue;
    assert.equal(o.headers["retry-after"], "3");
    assert.equal(o.headers["retry-after-ms"], "2500");
    checked++;
  }
  assert.ok(checked > 0);
});

test("faultRate 0 injects nothing", async () => {
  const em = await testEmulator({ faultRate: 0 });
  for (let i = 0; i < 20; i++) assert.equal(label(await send(em, "GET", em.api.path("incidents"))), "200");
});

test("a fault rate outside 0..1 is refused at start", async () => {
  for (const faultRate of [2, -0.1, Number.NaN]) {
    await assert.rejects(startEmulator({ port: 0, faultRate }), EmulatorConfigError);
  }
});
