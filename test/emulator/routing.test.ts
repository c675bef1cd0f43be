// Routing: ARM paths under the emulator's origin, matched case-insensitively
// where ARM matches them so; unknown workspaces, routes and methods.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RawApi, testEmulator, incidentBody } from "../helpers/emulator.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { assertCloudError, createIncident, guid } from "./support.js";

const SECOND = { subscriptionId: "11111111-2222-3333-4444-555555555555", resourceGroup: "Soc-RG", workspaceName: "SecondWorkspace" };
const emulator = await testEmulator({ workspaces: [SECOND] });
const { api } = emulator;
const second = new RawApi(emulator.url, SECOND);

test("an unknown workspace gets ARM's 404 ResourceNotFound", async () => {
  for (const ws of [
    { ...DEFAULT_WORKSPACE, workspaceName: "otherWorkspace" },
    { ...DEFAULT_WORKSPACE, resourceGroup: "otherRg" },
    { ...DEFAULT_WORKSPACE, subscriptionId: guid() },
  ]) {
    const other = new RawApi(emulator.url, ws);
    const res = await other.get(other.path("incidents"));
    assertCloudError(res, 404, "ResourceNotFound", `'Microsoft.OperationalInsights/workspaces/${ws.workspaceName}' under resource group '${ws.resourceGroup}' was not found`);
  }
});

test("the workspaces option serves more workspaces, each with its own data", async () => {
  const inSecond = await createIncident(second, { title: "second workspace" });
  assert.ok(inSecond.id.startsWith(`/subscriptions/${SECOND.subscriptionId}/resourceGroups/Soc-RG/providers/Microsoft.OperationalInsights/workspaces/SecondWorkspace/`));
  assert.equal(inSecond.properties.incidentNumber, 1, "numbers are per workspace");
  assertCloudError(await api.get(api.path("incidents", inSecond.name)), 404, "NotFound");
  const { json } = await second.get(second.path("incidents"));
  assert.deepEqual(json.value.map((i: { name: string }) => i.name), [inSecond.name]);
});

test("literal path segments match case-insensitively", async () => {
  const inc = await createIncident(api);
  const canonical = api.path("incidents", inc.name);
  const variants = [
    canonical.replace("/resourceGroups/", "/resourcegroups/"),
    canonical.replace("/providers/Microsoft.SecurityInsights/", "/providers/MICROSOFT.SECURITYINSIGHTS/"),
    canonical.replace("/providers/Microsoft.OperationalInsights/workspaces/", "/PROVIDERS/microsoft.operationalinsights/WORKSPACES/"),
    canonical.replace("/subscriptions/", "/Subscriptions/").replace("/incidents/", "/Incidents/"),
  ];
  for (const path of variants) {
    const res = await api.get(path);
    assert.equal(res.status, 200, `${path}: ${res.text}`);
    assert.equal(res.json.id, inc.id, "ids are served in their canonical casing");
  }
});

test("workspace and resource names match case-insensitively, ids keep their casing", async () => {
  const inc = await createIncident(second);
  const path = second.path("incidents", inc.name).replace("Soc-RG", "soc-rg").replace("SecondWorkspace", "SECONDWORKSPACE").replace(inc.name, inc.name.toUpperCase());
  const res = await second.get(path);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.id, inc.id);
  assert.equal(res.json.name, inc.name);
  // A PUT under the other casing replaces the same incident.
  const put = await second.put(path, incidentBody({ title: "same incident" }));
  assert.equal(put.status, 200, put.text);
  assert.equal(put.json.name, inc.name);
});

test("a trailing slash is the same path", async () => {
  const res = await api.get(`${api.path("incidents")}/`);
  assert.equal(res.status, 200, res.text);
});

test("an unknown route gets 404", async () => {
  for (const path of ["/", "/foo", `${api.path("incidentz")}`, `${api.path("incidents", guid(), "notes")}`, `${api.path("incidents", guid(), "comments", guid(), "extra")}`, "/subscriptions"]) {
    const res = await api.get(path);
    assertCloudError(res, 404, "NotFound", "No HTTP resource was found");
  }
});

test("a wrong method gets 405 with Allow", async () => {
  const inc = await createIncident(api);
  const cases: [string, string, string][] = [
    ["PATCH", api.path("incidents", inc.name), "GET, PUT, DELETE"],
    ["POST", api.path("incidents", inc.name), "GET, PUT, DELETE"],
    ["DELETE", api.path("incidents"), "GET"],
    ["GET", api.path("incidents", inc.name, "alerts"), "POST"],
    ["PUT", api.path("incidents", inc.name, "entities"), "POST"],
  ];
  for (const [method, path, allow] of cases) {
    const res = await api.request(method, path);
    assertCloudError(res, 405, "MethodNotAllowed", `'${method}'`);
    assert.equal(res.headers.get("allow"), allow);
  }
});

test("a malformed percent-encoding in the path gets 400", async () => {
  const res = await api.get(`${api.path("incidents")}/%E0%A4%A`);
  assertCloudError(res, 400, "BadRequest", "percent-encoded");
});

test("the health endpoint answers without a token", async () => {
  const res = await api.get("/_emulator/health", { token: null, apiVersion: null });
  assert.equal(res.status, 200);
  assert.equal(res.json.status, "ok");
});
