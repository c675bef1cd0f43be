// Settings from msticpyconfig.yaml, the environment and options, in that order of
// strength, and errors that say where each missing setting was looked for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SentinelClient } from "../../src/client/sentinelClient.js";
import { resolveSettings } from "../../src/client/config.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { testEmulator, TEST_TOKEN } from "../helpers/emulator.js";
import { rejection } from "../helpers/client.js";

const dir = mkdtempSync(join(tmpdir(), "sentinel-config-"));
const yamlPath = join(dir, "msticpyconfig.yaml");
writeFileSync(
  yamlPath,
  `AzureSentinel:
  Workspaces:
    Default:
      WorkspaceId: 52b1ab41-869e-4138-9e40-2a4457f09bf0
      TenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47
      SubscriptionId: ${DEFAULT_WORKSPACE.subscriptionId}
      ResourceGroup: ${DEFAULT_WORKSPACE.resourceGroup}
      WorkspaceName: ${DEFAULT_WORKSPACE.workspaceName}
    ContosoProd:
      WorkspaceId: 0a1b2c3d-0000-4000-8000-000000000001
      TenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47
      SubscriptionId: 11111111-2222-3333-4444-555555555555
      ResourceGroup: soc-prod
      WorkspaceName: contoso-sentinel
Azure:
  cloud: global
  auth_methods: [cli, msi, devicecode]
`,
);
const only = join(dir, "only.yaml");
writeFileSync(only, "AzureSentinel:\n  Workspaces:\n    Lab:\n      SubscriptionId: aaaa\n      ResourceGroup: lab-rg\n      WorkspaceName: lab-ws\n");
const partial = join(dir, "partial.yaml");
writeFileSync(partial, "AzureSentinel:\n  Workspaces:\n    Default:\n      SubscriptionId: bbbb\n");

test("msticpyconfig.yaml: Default entry, named entries case-insensitively, auth methods and cloud", async () => {
  const s = await resolveSettings({ env: { MSTICPYCONFIG: yamlPath } });
  assert.deepEqual([s.subscriptionId, s.resourceGroup, s.workspaceName, s.tenantId], [DEFAULT_WORKSPACE.subscriptionId, "myRg", "myWorkspace", "72f988bf-86f1-41af-91ab-2d7cd011db47"]);
  assert.deepEqual(s.authMethods, ["cli", "msi", "devicecode"]);
  assert.equal(s.cloud, "global");
  const prod = await resolveSettings({ env: { MSTICPYCONFIG: yamlPath }, workspace: "contosoprod" });
  assert.deepEqual([prod.subscriptionId, prod.resourceGroup, prod.workspaceName, prod.workspaceEntry], ["11111111-2222-3333-4444-555555555555", "soc-prod", "contoso-sentinel", "ContosoProd"]);
  const lone = await resolveSettings({ configPath: only, env: {} });
  assert.equal(lone.workspaceName, "lab-ws", "the only entry is the default");
});

test("./msticpyconfig.yaml is read when MSTICPYCONFIG is not set", async () => {
  const s = await resolveSettings({ env: {}, cwd: dir });
  assert.equal(s.configPath, yamlPath);
});

test("precedence: options over environment over the file", async () => {
  const env = { MSTICPYCONFIG: yamlPath, SENTINEL_RESOURCE_GROUP: "env-rg", SENTINEL_WORKSPACE_NAME: "env-ws" };
  const s = await resolveSettings({ env, workspaceName: "option-ws" });
  assert.equal(s.subscriptionId, DEFAULT_WORKSPACE.subscriptionId, "file");
  assert.equal(s.resourceGroup, "env-rg", "environment");
  assert.equal(s.workspaceName, "option-ws", "option");
});

test("an entry named on purpose beats the environment; the implicit Default does not", async () => {
  const env = { MSTICPYCONFIG: yamlPath, SENTINEL_SUBSCRIPTION_ID: "env-sub", SENTINEL_RESOURCE_GROUP: "env-rg", SENTINEL_WORKSPACE_NAME: "env-ws" };
  const named = await resolveSettings({ env, workspace: "ContosoProd" });
  assert.deepEqual([named.subscriptionId, named.resourceGroup, named.workspaceName], ["11111111-2222-3333-4444-555555555555", "soc-prod", "contoso-sentinel"]);
  const implicit = await resolveSettings({ env });
  assert.deepEqual([implicit.subscriptionId, implicit.resourceGroup, implicit.workspaceName], ["env-sub", "env-rg", "env-ws"]);
  const flag = await resolveSettings({ env, workspace: "ContosoProd", workspaceName: "flag-ws" });
  assert.equal(flag.workspaceName, "flag-ws", "a flag beats the entry");
});

test("a missing setting names every place it was looked for", async () => {
  const e = await rejection(resolveSettings({ configPath: partial, env: {} }));
  assert.equal(e.name, "SentinelConfigError");
  assert.match(e.message, /resourceGroup/);
  assert.match(e.message, /SENTINEL_RESOURCE_GROUP/);
  assert.match(e.message, /partial\.yaml AzureSentinel\.Workspaces\.Default\.ResourceGroup/);
  const none = await rejection(resolveSettings({ env: {}, cwd: join(dir, "nowhere") }));
  assert.match(none.message, /SENTINEL_SUBSCRIPTION_ID/);
  assert.match(none.message, /msticpyconfig\.yaml/);
  const unknown = await rejection(resolveSettings({ env: { MSTICPYCONFIG: yamlPath }, workspace: "Nope" }));
  assert.match(unknown.message, /Default, ContosoProd/);
});

test("fromConfig talks to the emulator through SENTINEL_ENDPOINT and SENTINEL_TOKEN", async () => {
  const emulator = await testEmulator({ seedIncidents: 5, token: TEST_TOKEN });
  const client = await SentinelClient.fromConfig({ env: { MSTICPYCONFIG: yamlPath, SENTINEL_ENDPOINT: emulator.url, SENTINEL_TOKEN: TEST_TOKEN } });
  assert.equal(client.endpoint, new URL(emulator.url).origin);
  assert.equal((await client.listIncidents()).length, 5);
});

test("a workspace resource id configures a client", async () => {
  const emulator = await testEmulator({ seedIncidents: 3 });
  const { StaticTokenCredential } = await import("../../src/client/credentials.js");
  const client = new SentinelClient(
    { resourceId: `/subscriptions/${DEFAULT_WORKSPACE.subscriptionId}/resourcegroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace` },
    { endpoint: emulator.url, credential: new StaticTokenCredential("t") },
  );
  assert.equal(client.workspace.resourceGroup, "myRg");
  assert.equal((await client.listIncidents()).length, 3);
  assert.equal((await rejection(Promise.resolve().then(() => new SentinelClient({ resourceId: "/subscriptions/x" })))).name, "SentinelValidationError");
});

test("clouds: public by default, usgov and china by name, unknown refused", async () => {
  const { StaticTokenCredential } = await import("../../src/client/credentials.js");
  const credential = new StaticTokenCredential("t");
  assert.equal(new SentinelClient(DEFAULT_WORKSPACE, { credential }).endpoint, "https://management.azure.com");
  assert.equal(new SentinelClient(DEFAULT_WORKSPACE, { credential, cloud: "usgov" }).endpoint, "https://management.usgovcloudapi.net");
  assert.equal(new SentinelClient(DEFAULT_WORKSPACE, { credential, cloud: "china" }).endpoint, "https://management.chinacloudapi.cn");
  const e = await rejection(Promise.resolve().then(() => new SentinelClient(DEFAULT_WORKSPACE, { credential, cloud: "mars" as "public" })));
  assert.equal(e.name, "SentinelValidationError");
});
