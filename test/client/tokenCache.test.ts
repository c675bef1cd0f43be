// CachedTokenCredential on its own: one entry per tenant, scope and credential, reused
// across instances (as across processes) until the margin before expiry.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { inspect } from "node:util";
import fc from "fast-check";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { CachedTokenCredential, clearTokenCache, TOKEN_CACHE_MARGIN_MS } from "../../src/client/tokenCache.js";
import { tempDir } from "../helpers/cli.js";

class CountingCredential implements TokenCredential {
  calls = 0;
  constructor(private readonly lifetimeMs = 3_600_000) {}
  async getToken(scopes: string | string[], options?: { tenantId?: string }): Promise<AccessToken> {
    this.calls++;
    return { token: `tok-${this.calls}-${String(scopes)}-${options?.tenantId ?? ""}`, expiresOnTimestamp: Date.now() + this.lifetimeMs };
  }
}

test("a fresh instance on the same file reuses the token for the same tenant, scope and credential only", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ key: fc.constantFrom("cli", "cli,msi"), tenant: fc.constantFrom(undefined, "t1", "t2"), scope: fc.constantFrom("https://management.azure.com/.default", "https://management.usgovcloudapi.net/.default") }), { minLength: 1, maxLength: 12 }),
      async (requests) => {
        const file = join(tempDir("sentinel-tc-"), "tokens.json");
        const inner = new CountingCredential();
        const seen = new Map<string, string>();
        for (const r of requests) {
          const cached = new CachedTokenCredential(inner, { file, credentialKey: r.key, tenantId: r.tenant });
          const id = JSON.stringify([r.key, r.tenant, r.scope]);
          const token = (await cached.getToken(r.scope))!.token;
          if (seen.has(id)) assert.equal(token, seen.get(id), "the same triple gets the cached token");
          else assert.ok(![...seen.values()].includes(token), "a new triple never gets another's token");
          seen.set(id, token);
        }
        assert.equal(inner.calls, seen.size, "the credential is asked once per distinct tenant, scope and credential");
        assert.equal(clearTokenCache(file), seen.size);
      },
    ),
    { numRuns: 25 },
  );
});

test("tokens within the margin of expiry, and claims challenges, go to the credential", async () => {
  const file = join(tempDir("sentinel-tc-"), "tokens.json");
  const short = new CountingCredential(TOKEN_CACHE_MARGIN_MS - 1000);
  const c = new CachedTokenCredential(short, { file, credentialKey: "cli" });
  await c.getToken("s");
  await c.getToken("s");
  assert.equal(short.calls, 2);
  const long = new CountingCredential();
  const d = new CachedTokenCredential(long, { file, credentialKey: "cli" });
  await d.getToken("s");
  await d.getToken("s", { claims: "eyJhY2Nlc3NfdG9rZW4iOnt9fQ" });
  assert.equal(long.calls, 2);
  assert.doesNotMatch(inspect(d, { showHidden: true, depth: 5 }), /tok-/, "inspecting the credential shows no token");
});
