// What every request carries, and how tokens are fetched: against a plain HTTP
// server that records what arrives.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { AccessToken, GetTokenOptions } from "@azure/core-auth";
import { SentinelClient } from "../../src/client/sentinelClient.js";
import { createCredential } from "../../src/client/credentials.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { packageVersion } from "../../src/version.js";
import { rejection } from "../helpers/client.js";

const seen: IncomingHttpHeaders[] = [];
let failNext = 0;
const server = createServer((req, res) => {
  seen.push(req.headers);
  if (failNext > 0) {
    failNext--;
    res.writeHead(503, { "content-type": "application/json", "retry-after-ms": "5" });
    res.end('{"error":{"code":"ServiceUnavailable","message":"try again"}}');
    return;
  }
  res.writeHead(200, { "content-type": "application/json", "x-ms-request-id": "r-1" });
  res.end('{"value":[]}');
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
after(() => new Promise<void>((r) => server.close(() => r())));
const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

class CountingCredential {
  calls: string[][] = [];
  constructor(private readonly lifetimeMs: number) {}
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    this.calls.push([scopes].flat());
    await new Promise((r) => setTimeout(r, 5));
    return { token: `t${this.calls.length}`, expiresOnTimestamp: Date.now() + this.lifetimeMs };
  }
}

test("requests carry a bearer token, a client request id, the user agent and accept JSON", async () => {
  seen.length = 0;
  const client = new SentinelClient(DEFAULT_WORKSPACE, { endpoint, credential: new CountingCredential(3_600_000), userAgentPrefix: "my-tool/2.0" });
  await client.listIncidents();
  const h = seen[0]!;
  assert.equal(h.authorization, "Bearer t1");
  assert.match(String(h["x-ms-client-request-id"]), /^[0-9a-f-]{36}$/);
  assert.match(String(h["user-agent"]), new RegExp(`^my-tool/2\\.0 sentinel-incidents/${packageVersion().replace(/\./g, "\\.")}`));
  assert.equal(h.accept, "application/json");
});

test("a retried request keeps its client request id", async () => {
  seen.length = 0;
  failNext = 2;
  const client = new SentinelClient(DEFAULT_WORKSPACE, { endpoint, credential: new CountingCredential(3_600_000) });
  await client.listIncidents();
  assert.equal(seen.length, 3);
  assert.equal(new Set(seen.map((h) => h["x-ms-client-request-id"])).size, 1);
});

test("one token serves many requests, concurrent ones share one fetch, and it is renewed before it expires", async () => {
  const lasting = new CountingCredential(3_600_000);
  const client = new SentinelClient(DEFAULT_WORKSPACE, { endpoint, credential: lasting });
  await Promise.all(Array.from({ length: 10 }, () => client.listIncidents()));
  await client.listIncidents();
  assert.equal(lasting.calls.length, 1, "one token for eleven requests");
  // A token within two minutes of expiry is renewed before it is used.
  const short = new CountingCredential(60_000);
  const renewing = new SentinelClient(DEFAULT_WORKSPACE, { endpoint, credential: short });
  await renewing.listIncidents();
  await renewing.listIncidents();
  assert.equal(short.calls.length, 2);
});

test("the token scope is the chosen cloud's Resource Manager", async () => {
  for (const [cloud, scope] of [["public", "https://management.azure.com/.default"], ["usgov", "https://management.usgovcloudapi.net/.default"], ["china", "https://management.chinacloudapi.cn/.default"]] as const) {
    const credential = new CountingCredential(3_600_000);
    await new SentinelClient(DEFAULT_WORKSPACE, { endpoint, credential, cloud }).listIncidents();
    assert.deepEqual(credential.calls[0], [scope]);
  }
});

test("createCredential takes MSTICPy's method names and refuses others before any sign-in", async () => {
  for (const methods of [["cli"], ["cli", "msi", "devicecode"], ["env"], ["default"], ["interactive"], ["managedidentity"]]) {
    assert.equal(typeof createCredential(methods).getToken, "function");
  }
  const e = await rejection(Promise.resolve().then(() => createCredential(["cli", "kerberos"])));
  assert.equal(e.name, "SentinelValidationError");
  assert.match(e.message, /default, cli, msi, env, devicecode, interactive/);
  assert.equal((await rejection(Promise.resolve().then(() => createCredential([])))).name, "SentinelValidationError");
});
