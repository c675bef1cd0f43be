// The token never leaves for another origin, nor travels over plain http off
// loopback; a hostile service cannot redirect the client's paging elsewhere.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { SentinelClient } from "../../src/client/sentinelClient.js";
import { StaticTokenCredential } from "../../src/client/credentials.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { rejection } from "../helpers/client.js";

const SECRET = "secret-token-DO-NOT-LEAK-3f9a";

async function server(handler: (req: IncomingMessage) => { status: number; body: unknown }) {
  const seen: IncomingMessage[] = [];
  const s = createServer((req, res) => {
    seen.push(req);
    const { status, body } = handler(req);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  after(() => new Promise<void>((r) => s.close(() => r())));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen };
}

test("plain http is refused off loopback, before anything is sent", async () => {
  const credential = new StaticTokenCredential(SECRET);
  const e = await rejection(Promise.resolve().then(() => new SentinelClient(DEFAULT_WORKSPACE, { endpoint: "http://sentinel.example.com", credential })));
  assert.equal(e.name, "SentinelTrustError");
  assert.ok(!e.message.includes(SECRET));
});

test("a nextLink to another origin is not followed, and the token is not sent there", async () => {
  const attacker = await server(() => ({ status: 200, body: { value: [] } }));
  const hostile = await server(() => ({
    status: 200,
    body: { value: [{ name: "a", properties: { title: "t", severity: "Low", status: "New" } }], nextLink: `${attacker.url}/steal?api-version=2025-12-01` },
  }));
  const client = new SentinelClient(DEFAULT_WORKSPACE, { endpoint: hostile.url, credential: new StaticTokenCredential(SECRET) });
  const items: unknown[] = [];
  const e = await rejection(
    (async () => {
      for await (const i of client.iterateIncidents()) items.push(i);
    })(),
  );
  assert.equal(e.name, "SentinelTrustError");
  assert.equal(items.length, 1, "the first page was served");
  assert.equal(attacker.seen.length, 0, "nothing reached the other origin");
  assert.equal(hostile.seen[0]!.headers.authorization, `Bearer ${SECRET}`);
  assert.ok(!e.message.includes(SECRET));
});

test("an error never carries the token", async () => {
  const s = await server(() => ({ status: 403, body: { error: { code: "AuthorizationFailed", message: "The client does not have authorization" } } }));
  const client = new SentinelClient(DEFAULT_WORKSPACE, { endpoint: s.url, credential: new StaticTokenCredential(SECRET), retry: { maxRetries: 0 } });
  const e = await rejection(client.listIncidents());
  assert.equal(e.name, "SentinelRequestError");
  assert.equal(e.statusCode, 403);
  assert.equal(e.code, "AuthorizationFailed");
  const everything = JSON.stringify({ ...e, message: e.message, stack: e.stack });
  assert.ok(!everything.includes(SECRET));
});
