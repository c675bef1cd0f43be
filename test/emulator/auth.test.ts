// Authentication: every request needs `Authorization: Bearer <token>`; with the
// token option only that token; a non-loopback host needs a token to start.
import { test } from "node:test";
import assert from "node:assert/strict";
import { EmulatorConfigError, startEmulator } from "../../src/emulator/server.js";
import { RawApi, testEmulator } from "../helpers/emulator.js";
import { assertCloudError } from "./support.js";

const open = await testEmulator();
const SECRET = "s3cret-token-for-tests";
const guarded = await testEmulator({ token: SECRET });

test("a request without Authorization gets a 401 CloudError", async () => {
  const res = await open.api.get(open.api.path("incidents"), { token: null });
  assertCloudError(res, 401, "AuthenticationFailed", "'Authorization' header is missing");
  assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer /);
});

test("an Authorization that is not a bearer token gets a 401", async () => {
  for (const value of ["Basic x", "Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "Token abc", "bearer", "Bearer a b"]) {
    const res = await open.api.get(open.api.path("incidents"), { headers: { authorization: value } });
    assert.equal(res.status, 401, `${JSON.stringify(value)}: ${res.text}`);
    assert.ok(["AuthenticationFailed", "InvalidAuthenticationToken"].includes(res.json.error.code), res.text);
    assertCloudError(res, 401, res.json.error.code);
  }
});

test("without the token option any bearer token is accepted", async () => {
  for (const token of ["anything", "eyJhbGciOiJub25lIn0.eyJvaWQiOiJ4In0.", "x"]) {
    const res = await open.api.get(open.api.path("incidents"), { token });
    assert.equal(res.status, 200, res.text);
  }
  // The scheme is case-insensitive, as RFC 7235 says.
  assert.equal((await open.api.get(open.api.path("incidents"), { headers: { authorization: "bearer abc" } })).status, 200);
});

test("with the token option only that token is accepted", async () => {
  const { api } = guarded;
  assert.equal((await api.get(api.path("incidents"), { token: SECRET })).status, 200);
  for (const wrong of ["wrong", SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase(), "test-token-7c1f0e"]) {
    const res = await api.get(api.path("incidents"), { token: wrong });
    assertCloudError(res, 401, "InvalidAuthenticationToken", "--token");
  }
  assertCloudError(await api.get(api.path("incidents"), { token: null }), 401, "AuthenticationFailed");
});

test("a refused request changes nothing", async () => {
  const { api } = guarded;
  const before = guarded.store.dump();
  const res = await api.put(api.path("incidents", crypto.randomUUID()), { properties: { title: "t", severity: "Low", status: "New" } }, { token: "wrong" });
  assert.equal(res.status, 401);
  assert.equal(guarded.store.dump(), before);
});

test("auth comes before routing: an unknown path without a token is a 401", async () => {
  const res = await open.api.get("/nothing/here", { token: null });
  assertCloudError(res, 401, "AuthenticationFailed");
});

test("a JWT's claims name the caller, e.g. as a comment's author", async () => {
  const { api } = open;
  const claims = { oid: "8c2f6d1b-3e4a-4f5b-8a7c-9d0e1f2a3b02", upn: "meganb@contoso.com", name: "Megan Bowen" };
  const jwt = `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
  const inc = await api.put(api.path("incidents", crypto.randomUUID()), { properties: { title: "t", severity: "Low", status: "New" } });
  const comment = await api.put(api.path("incidents", inc.json.name, "comments", crypto.randomUUID()), { properties: { message: "m" } }, { token: jwt });
  assert.equal(comment.status, 201, comment.text);
  assert.equal(comment.json.properties.author.objectId, claims.oid);
  assert.equal(comment.json.properties.author.userPrincipalName, claims.upn);
  assert.equal(comment.json.properties.author.name, claims.name);
});

test("a non-loopback host without a token is refused at start", async () => {
  for (const host of ["0.0.0.0", "::", "192.168.1.10"]) {
    await assert.rejects(startEmulator({ host, port: 0 }), (e: Error) => {
      assert.ok(e instanceof EmulatorConfigError);
      assert.equal(e.name, "EmulatorConfigError");
      assert.match(e.message, /non-loopback.*--token/);
      return true;
    });
  }
});

test("a non-loopback host with a token starts, and still wants the token", async () => {
  const em = await startEmulator({ host: "0.0.0.0", port: 0, token: SECRET });
  try {
    assert.equal(em.host, "0.0.0.0");
    const api = new RawApi(`http://127.0.0.1:${em.port}`);
    assert.equal((await api.get(api.path("incidents"), { token: SECRET })).status, 200);
    assert.equal((await api.get(api.path("incidents"))).status, 401);
  } finally {
    await em.close();
  }
});

test("loopback hosts start without a token", async () => {
  for (const host of ["127.0.0.1", "localhost", "127.0.0.2"]) {
    const em = await startEmulator({ host, port: 0 });
    await em.close();
  }
});
