// Every error is the spec's CloudError `{"error":{"code","message"}}` with the
// right status, and every response carries x-ms-request-id and
// x-ms-correlation-request-id (the client's own correlation id when it sent one).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { RawApi, testEmulator, incidentBody, type RequestOptions } from "../helpers/emulator.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { assertCloudError, createIncident, guid } from "./support.js";

const { api } = await testEmulator({ maxBodyBytes: 1024 });
const incident = await createIncident(api);
const elsewhere = new RawApi(api.origin, { ...DEFAULT_WORKSPACE, workspaceName: "nope" });

const CASES: { what: string; method: string; path: string; options?: RequestOptions; status: number; code: string }[] = [
  { what: "invalid body", method: "PUT", path: api.path("incidents", guid()), options: { body: { properties: {} } }, status: 400, code: "BadRequest" },
  { what: "malformed JSON", method: "PUT", path: api.path("incidents", guid()), options: { rawBody: "{" }, status: 400, code: "InvalidRequestContent" },
  { what: "missing api-version", method: "GET", path: api.path("incidents"), options: { apiVersion: null }, status: 400, code: "MissingApiVersionParameter" },
  { what: "unknown api-version", method: "GET", path: api.path("incidents"), options: { apiVersion: "1999-01-01" }, status: 400, code: "InvalidApiVersionParameter" },
  { what: "bad $top", method: "GET", path: api.path("incidents"), options: { query: { $top: 0 } }, status: 400, code: "InvalidQueryParameterValue" },
  { what: "bad $filter", method: "GET", path: api.path("incidents"), options: { query: { $filter: "(" } }, status: 400, code: "InvalidQueryParameterValue" },
  { what: "no token", method: "GET", path: api.path("incidents"), options: { token: null }, status: 401, code: "AuthenticationFailed" },
  { what: "unknown route", method: "GET", path: "/nope", status: 404, code: "NotFound" },
  { what: "unknown workspace", method: "GET", path: elsewhere.path("incidents"), status: 404, code: "ResourceNotFound" },
  { what: "unknown incident", method: "GET", path: api.path("incidents", guid()), status: 404, code: "NotFound" },
  { what: "wrong method", method: "PATCH", path: api.path("incidents", guid()), status: 405, code: "MethodNotAllowed" },
  { what: "stale etag", method: "PUT", path: api.path("incidents", incident.name), options: { body: incidentBody({}, '"stale"') }, status: 409, code: "Conflict" },
  { what: "body too large", method: "PUT", path: api.path("incidents", guid()), options: { body: incidentBody({ description: "x".repeat(2000) }) }, status: 413, code: "RequestEntityTooLarge" },
  { what: "wrong content type", method: "PUT", path: api.path("incidents", guid()), options: { body: incidentBody(), headers: { "content-type": "text/plain" } }, status: 415, code: "UnsupportedMediaType" },
];

for (const c of CASES) {
  test(`${c.what}: ${c.status} ${c.code} as a CloudError with request ids`, async () => {
    const correlation = randomUUID();
    const res = await api.request(c.method, c.path, { ...c.options, headers: { ...c.options?.headers, "x-ms-correlation-request-id": correlation } });
    assertCloudError(res, c.status, c.code);
    assert.deepEqual(Object.keys(res.json), ["error"]);
    assert.equal(res.headers.get("x-ms-correlation-request-id"), correlation, "the client's correlation id is echoed");
  });
}

test("successes carry the request ids too, a new request id each time", async () => {
  const ids = new Set<string>();
  for (let i = 0; i < 5; i++) {
    const res = await api.get(api.path("incidents", incident.name));
    assert.equal(res.status, 200);
    ids.add(res.headers.get("x-ms-request-id")!);
    assert.match(res.headers.get("x-ms-correlation-request-id") ?? "", /^[0-9a-f-]{36}$/, "a correlation id is made when the client sends none");
  }
  assert.equal(ids.size, 5);
});

test("the client request id is echoed", async () => {
  const id = randomUUID();
  const res = await api.get(api.path("incidents"), { headers: { "x-ms-client-request-id": id } });
  assert.equal(res.headers.get("x-ms-client-request-id"), id);
});

test("error messages do not echo control characters from the request", async () => {
  const res = await api.get(api.path("incidents"), { query: { $filter: "properties/title eq 'a\u0007" } });
  assertCloudError(res, 400, "InvalidQueryParameterValue");
  assert.ok(!/[\u0000-\u001f]/.test(res.json.error.message), res.json.error.message);
});
