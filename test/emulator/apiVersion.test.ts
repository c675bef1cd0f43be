// api-version: required, any published Microsoft.SecurityInsights version is
// accepted, anything else gets ARM's error; tasks only exist from the versions
// that brought them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { testEmulator } from "../helpers/emulator.js";
import { assertCloudError, createIncident, guid } from "./support.js";

const { api } = await testEmulator();
const incident = await createIncident(api);

test("a request without api-version gets 400 MissingApiVersionParameter", async () => {
  assertCloudError(await api.get(api.path("incidents"), { apiVersion: null }), 400, "MissingApiVersionParameter", "api-version");
  assertCloudError(await api.get(api.path("incidents"), { apiVersion: "" }), 400, "MissingApiVersionParameter");
});

test("an unknown api-version gets 400 InvalidApiVersionParameter listing the supported ones", async () => {
  for (const version of ["2099-01-01", "2025-12-02", "latest", "2025-12-01-Preview2"]) {
    const res = await api.get(api.path("incidents"), { apiVersion: version });
    assertCloudError(res, 400, "InvalidApiVersionParameter", `The api-version '${version}' is invalid`);
    assert.ok(res.json.error.message.includes("2025-12-01"), "the message lists the supported versions");
  }
});

test("old published versions, stable and preview, are accepted", async () => {
  for (const version of ["2021-04-01", "2023-02-01-preview", "2022-09-01-preview", "2024-09-01", "2025-10-01-preview"]) {
    const list = await api.get(api.path("incidents"), { apiVersion: version });
    assert.equal(list.status, 200, `${version}: ${list.text}`);
    const get = await api.get(api.path("incidents", incident.name), { apiVersion: version });
    assert.equal(get.status, 200, `${version}: ${get.text}`);
    const comment = await api.put(api.path("incidents", incident.name, "comments", guid()), { properties: { message: version } }, { apiVersion: version });
    assert.equal(comment.status, 201, `${version}: ${comment.text}`);
  }
});

test("tasks on a version from before tasks existed get 400", async () => {
  const path = api.path("incidents", incident.name, "tasks");
  for (const version of ["2021-04-01", "2022-11-01", "2022-09-01-preview"]) {
    const res = await api.get(path, { apiVersion: version });
    assertCloudError(res, 400, "InvalidApiVersionParameter", `The api-version '${version}' is invalid`);
    assert.ok(!res.json.error.message.includes(`'${version},`), "the supported list leaves the version out");
  }
  for (const version of ["2023-11-01", "2022-12-01-preview", "2025-12-01"]) {
    assert.equal((await api.get(path, { apiVersion: version })).status, 200, version);
  }
});

test("the api-version parameter name is matched case-insensitively", async () => {
  const res = await api.get(`${api.path("incidents")}?API-Version=2025-12-01`, { apiVersion: null });
  assert.equal(res.status, 200, res.text);
});
