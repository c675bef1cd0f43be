// HTTPS: a self-signed certificate for localhost and 127.0.0.1 made at start-up,
// written to a PEM file (caCertPath) that a client can trust.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { request } from "node:https";
import { X509Certificate } from "node:crypto";
import { startEmulator } from "../../src/emulator/server.js";
import { testEmulator, API_VERSION, TEST_TOKEN } from "../helpers/emulator.js";

const em = await testEmulator({ https: true });

function get(url: string, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: `Bearer ${TEST_TOKEN}` }, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const listUrl = (origin: string) => `${origin}${em.api.path("incidents")}?api-version=${API_VERSION}`;

test("the emulator serves https and names its certificate file", () => {
  assert.match(em.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(em.caCertPath);
  const pem = readFileSync(em.caCertPath, "utf8");
  assert.match(pem, /^-----BEGIN CERTIFICATE-----/);
  const cert = new X509Certificate(pem);
  assert.match(cert.subjectAltName ?? "", /DNS:localhost/);
  assert.match(cert.subjectAltName ?? "", /IP Address:127\.0\.0\.1/);
  assert.ok(new Date(cert.validTo).getTime() > Date.now());
});

test("a client trusting the certificate file gets through, by IP and by name", async () => {
  const ca = readFileSync(em.caCertPath!, "utf8");
  for (const origin of [em.url, em.url.replace("127.0.0.1", "localhost")]) {
    const res = await get(listUrl(origin), ca);
    assert.equal(res.status, 200, res.body);
    assert.ok(Array.isArray(JSON.parse(res.body).value));
  }
});

test("a client that does not trust it is refused by TLS", async () => {
  await assert.rejects(get(listUrl(em.url)), (e: NodeJS.ErrnoException) => {
    assert.match(e.code ?? "", /SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    return true;
  });
});

test("nextLink is https on the same origin", async () => {
  const ca = readFileSync(em.caCertPath!, "utf8");
  for (let i = 0; i < 3; i++) {
    await new Promise<void>((resolve, reject) => {
      const body = JSON.stringify({ properties: { title: `tls ${i}`, severity: "Low", status: "New" } });
      const req = request(
        `${em.url}${em.api.path("incidents", crypto.randomUUID())}?api-version=${API_VERSION}`,
        { method: "PUT", ca, headers: { authorization: "Bearer t", "content-type": "application/json" }, agent: false },
        (res) => {
          res.resume();
          res.on("end", () => (res.statusCode === 201 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }
  const res = await get(`${listUrl(em.url)}&$top=2`, ca);
  assert.equal(new URL(JSON.parse(res.body).nextLink).origin, em.url);
});

test("the generated certificate is removed when the emulator closes", async () => {
  const other = await startEmulator({ port: 0, https: true });
  const path = other.caCertPath!;
  assert.ok(existsSync(path));
  await other.close();
  assert.ok(!existsSync(path), "no certificate left behind");
  assert.ok(!existsSync(dirname(path)), "nor its folder");
});
