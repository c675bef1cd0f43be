// Where the binary takes its settings from — flags > environment > msticpyconfig.yaml —
// checked through `workspace show` and through which workspace the requests hit;
// `workspace list|show`; --endpoint, --resource-id, --cloud, --auth, --verbose; and
// that a token is never printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Incident } from "../../src/api/models.js";
import { workspaceResourceId, type WorkspaceRef } from "../../src/api/resourceId.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { testEmulator } from "../helpers/emulator.js";
import { Cli } from "../helpers/cli.js";
import { storedIncidents } from "./fixtures.js";

const A = DEFAULT_WORKSPACE;
const B: WorkspaceRef = { subscriptionId: "1b1b1b1b-0000-4000-8000-00000000000b", resourceGroup: "rg-bravo", workspaceName: "ws-bravo" };
const C: WorkspaceRef = { subscriptionId: "2c2c2c2c-0000-4000-8000-00000000000c", resourceGroup: "rg-charlie", workspaceName: "ws-charlie" };
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const emulator = await testEmulator({ seedIncidents: 6, seed: "cli-context", workspaces: [B, C] });
/** Serves the default workspace, empty: tells by its request count whether it was the one called. */
const decoy = await testEmulator();

/** A CLI with only SENTINEL_ENDPOINT set and msticpyconfig.yaml in its working directory (Default = B, Other = C). */
const configured = new Cli(undefined, { env: { SENTINEL_ENDPOINT: emulator.url } });
const yaml = (entries: Record<string, WorkspaceRef & { tenant?: string }>) =>
  `AzureSentinel:\n  Workspaces:\n${Object.entries(entries)
    .map(([name, w]) => `    ${name}:\n      SubscriptionId: ${w.subscriptionId}\n      ResourceGroup: ${w.resourceGroup}\n      WorkspaceName: ${w.workspaceName}\n${w.tenant ? `      TenantId: ${w.tenant}\n` : ""}`)
    .join("")}`;
writeFileSync(join(configured.cwd, "msticpyconfig.yaml"), yaml({ Default: { ...B, tenant: TENANT }, Other: C }));
const envOf = (w: WorkspaceRef) => ({ SENTINEL_SUBSCRIPTION_ID: w.subscriptionId, SENTINEL_RESOURCE_GROUP: w.resourceGroup, SENTINEL_WORKSPACE_NAME: w.workspaceName });
const flagsOf = (w: WorkspaceRef) => ["--subscription", w.subscriptionId, "--resource-group", w.resourceGroup, "--workspace-name", w.workspaceName];

/** Which workspace a list went to, read from the ids of what came back. */
async function workspaceHit(cli: Cli, args: string[], env: Record<string, string> = {}): Promise<string> {
  const ids = await cli.json<string[]>(["incident", "list", "--top", "3", "--query", "[].id", ...args], { env });
  assert.equal(ids.length, 3);
  const hit = new Set(ids.map((id) => id.split("/providers/Microsoft.SecurityInsights/")[0]!.toLowerCase()));
  assert.equal(hit.size, 1);
  return [...hit][0]!;
}
const idOf = (w: WorkspaceRef) => workspaceResourceId(w).toLowerCase();

test("workspace list: the entries of msticpyconfig.yaml, the default marked", async () => {
  const rows = await configured.json<Record<string, unknown>[]>(["workspace", "list"]);
  assert.deepEqual(rows, [
    { name: "Default", default: true, subscriptionId: B.subscriptionId, resourceGroup: B.resourceGroup, workspaceName: B.workspaceName, tenantId: TENANT },
    { name: "Other", default: false, subscriptionId: C.subscriptionId, resourceGroup: C.resourceGroup, workspaceName: C.workspaceName, tenantId: null },
  ]);
  const table = await configured.run(["workspace", "list", "-o", "table"]);
  const lines = table.stdout.trimEnd().split("\n");
  assert.equal(lines[0], join(configured.cwd, "msticpyconfig.yaml"));
  assert.match(lines[1]!, /^name\s+default\s+subscriptionId\s+resourceGroup\s+workspaceName\s+tenantId$/);
  assert.match(lines[2]!, new RegExp(`^Default\\s+\\*\\s+${B.subscriptionId}\\s+${B.resourceGroup}\\s+${B.workspaceName}`));
  assert.match(lines[3]!, /^Other\s+2c2c/);

  const elsewhere = join(configured.cwd, "elsewhere.yaml");
  writeFileSync(elsewhere, yaml({ Lab: A }));
  const lab = await configured.json<{ name: string; default: boolean }[]>(["workspace", "list", "--config", elsewhere]);
  assert.deepEqual(lab.map((r) => [r.name, r.default]), [["Lab", true]], "--config reads another file; a lone entry is the default");
  const viaEnv = await new Cli().json<{ name: string }[]>(["workspace", "list"], { env: { MSTICPYCONFIG: elsewhere } });
  assert.deepEqual(viaEnv.map((r) => r.name), ["Lab"], "MSTICPYCONFIG names the file");

  const none = new Cli();
  assert.match(await none.fails(["workspace", "list"], 2), /No msticpyconfig\.yaml found/);
});

test("workspace show and the workspace hit: msticpyconfig.yaml, then environment, then flags", async () => {
  const fromFile = await configured.json<Record<string, string>>(["workspace", "show"]);
  assert.deepEqual(
    [fromFile.subscriptionId, fromFile.resourceGroup, fromFile.workspaceName, fromFile.tenantId, fromFile.workspaceEntry, fromFile.endpoint],
    [B.subscriptionId, B.resourceGroup, B.workspaceName, TENANT, "Default", emulator.url],
  );
  assert.equal(await workspaceHit(configured, []), idOf(B), "the config's Default entry");

  const fromEnv = await configured.json<Record<string, string>>(["workspace", "show"], { env: envOf(A) });
  assert.deepEqual([fromEnv.subscriptionId, fromEnv.resourceGroup, fromEnv.workspaceName], [A.subscriptionId, A.resourceGroup, A.workspaceName]);
  assert.equal(await workspaceHit(configured, [], envOf(A)), idOf(A), "environment over the file");

  const partial = await configured.json<Record<string, string>>(["workspace", "show"], { env: { SENTINEL_WORKSPACE_NAME: "only-the-name" } });
  assert.deepEqual([partial.subscriptionId, partial.workspaceName], [B.subscriptionId, "only-the-name"], "each setting on its own");

  const fromFlags = await configured.json<Record<string, string>>(["workspace", "show", ...flagsOf(C)], { env: envOf(A) });
  assert.deepEqual([fromFlags.subscriptionId, fromFlags.resourceGroup, fromFlags.workspaceName], [C.subscriptionId, C.resourceGroup, C.workspaceName]);
  assert.equal(await workspaceHit(configured, flagsOf(C), envOf(A)), idOf(C), "flags over the environment");
  assert.equal(await workspaceHit(configured, ["--workspace-name", B.workspaceName, "--resource-group", B.resourceGroup, "--subscription", B.subscriptionId]), idOf(B));
  // Global options also go before the command.
  const before = await configured.json<string[]>([...flagsOf(C), "incident", "list", "--top", "1", "--query", "[].id"], { env: envOf(A) });
  assert.ok(before[0]!.toLowerCase().startsWith(idOf(C)));
});

test("--workspace picks an entry of msticpyconfig.yaml; repeated, list covers each", async () => {
  const other = await configured.json<Record<string, string>>(["workspace", "show", "--workspace", "Other"]);
  assert.deepEqual([other.workspaceName, other.workspaceEntry], [C.workspaceName, "Other"]);
  assert.deepEqual(await configured.json(["workspace", "show", "other", "--query", "workspaceName"]), C.workspaceName, "by name, case-insensitively");
  assert.equal(await workspaceHit(configured, ["--workspace", "Other"]), idOf(C));

  // Merged newest first, --top counting them all.
  const both = await configured.json<(Incident & { workspace: string })[]>(["incident", "list", "--workspace", "Default", "--workspace", "Other", "--top", "4"]);
  const newest = [...storedIncidents(emulator, B).map((i) => ({ i, w: "Default" })), ...storedIncidents(emulator, C).map((i) => ({ i, w: "Other" }))]
    .sort((x, y) => Date.parse(y.i.properties.createdTimeUtc!) - Date.parse(x.i.properties.createdTimeUtc!))
    .slice(0, 4);
  assert.deepEqual(both.map((i) => [i.workspace, i.name]), newest.map((n) => [n.w, n.i.name]));
  const table = await configured.run(["--workspace", "Default", "incident", "list", "--workspace", "Other", "--top", "1", "-o", "table"]);
  assert.match(table.stdout, /^WORKSPACE\s+#\s+SEV/);
  assert.match(table.stdout, /^Other\s+\d+/m);

  const stderr = await configured.fails(["incident", "list", "--workspace", "Nope"], 2);
  assert.match(stderr, /No workspace 'Nope'/);
  assert.match(stderr, /Default, Other/, "lists the entries there are");
  assert.match(await configured.fails(["incident", "show", "#1", "--workspace", "Default", "--workspace", "Other"], 2), /one workspace/);
});

test("an explicit --workspace entry wins over SENTINEL_* variables", async () => {
  assert.equal(await workspaceHit(configured, ["--workspace", "Other"], envOf(A)), idOf(C));
});

test("--resource-id names the workspace by its ARM id", async () => {
  assert.equal(await workspaceHit(configured, ["--resource-id", workspaceResourceId(A)]), idOf(A));
  assert.equal(await workspaceHit(configured, ["--resource-id", workspaceResourceId(C)], envOf(A)), idOf(C));
  assert.match(await configured.fails(["incident", "list", "--resource-id", "/subscriptions/x"], 2), /--resource-id '\/subscriptions\/x' is not a workspace resource id/);
});

test("--endpoint beats SENTINEL_ENDPOINT", async () => {
  const cli = new Cli(decoy);
  const before = decoy.stats.requests;
  assert.deepEqual(await cli.json(["incident", "list"]), [], "the decoy is empty");
  assert.ok(decoy.stats.requests > before, "SENTINEL_ENDPOINT is used");
  const seen = decoy.stats.requests;
  const listed = await cli.json<Incident[]>(["incident", "list", "--endpoint", emulator.url]);
  assert.equal(listed.length, 6);
  assert.equal(decoy.stats.requests, seen, "the decoy was not called");
  const shown = await cli.json<{ endpoint: string }>(["workspace", "show", "--endpoint", emulator.url]);
  assert.equal(shown.endpoint, emulator.url);
});

test("a missing setting exits 2 and names every place it was looked for", async () => {
  const bare = new Cli(undefined, { env: { SENTINEL_ENDPOINT: emulator.url } });
  const stderr = await bare.fails(["incident", "list"], 2);
  assert.match(stderr, /No subscriptionId was given/);
  assert.match(stderr, /SENTINEL_SUBSCRIPTION_ID/);
  assert.match(stderr, /msticpyconfig\.yaml/);
  assert.match(stderr, /Set the missing value with a flag/);
  assert.match(await bare.fails(["workspace", "show", "--subscription", A.subscriptionId], 2), /No resourceGroup was given/);
});

test("workspace show never prints SENTINEL_TOKEN, in any format", async () => {
  const token = `secret-${randomUUID()}`;
  const env = { SENTINEL_TOKEN: token };
  const json = await configured.json<Record<string, string>>(["workspace", "show"], { env });
  assert.equal(json.token, "[set]");
  for (const format of ["table", "json", "jsonl", "csv", "tsv"]) {
    const r = await configured.run(["workspace", "show", "-o", format], { env });
    assert.equal(r.code, 0);
    assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token), `-o ${format} leaks the token`);
    assert.ok(r.stdout.includes("[set]"), `-o ${format} says a token is set`);
  }
  assert.equal((await configured.json<Record<string, unknown>>(["workspace", "show"])).token, undefined, "no token, no line");
});

test("--verbose prints each request with its status and time on stderr, never the token", async () => {
  const token = `tok-${randomUUID()}`;
  const guarded = await testEmulator({ seedIncidents: 3, token });
  const cli = new Cli(guarded, { env: { SENTINEL_TOKEN: token } });
  const r = await cli.run(["incident", "show", "#2", "--details", "--verbose"]);
  assert.equal(r.code, 0, r.stderr);
  JSON.parse(r.stdout);
  const lines = r.stderr.trimEnd().split("\n");
  assert.ok(lines.length >= 5, "the lookup and the four extras");
  for (const line of lines) assert.match(line, /^(GET|POST) http:\/\/127\.0\.0\.1:\d+\/subscriptions\/\S+ 200 \d+ms request-id=[0-9a-f-]{36}$/);
  assert.ok(lines.some((l) => l.includes("/entities?")) && lines.some((l) => l.includes("/alerts?")));
  assert.ok(!r.stderr.includes(token) && !r.stdout.includes(token));
  assert.equal((await cli.run(["incident", "show", "#2"])).stderr, "", "quiet without --verbose");

  const wrong = `wrong-${randomUUID()}`;
  const denied = await cli.run(["incident", "list", "--verbose"], { env: { SENTINEL_TOKEN: wrong } });
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /^GET \S+ 401 \d+ms/m);
  assert.match(denied.stderr, /set SENTINEL_TOKEN to that token/, "from the emulator: what to set");
  assert.ok(!denied.stderr.includes(wrong), "a refused token is not printed either");
});

test("--cloud is one of public, usgov, china; --auth names sign-in methods", async () => {
  assert.equal(await configured.json(["workspace", "show", "--cloud", "usgov", "--query", "cloud"]), "usgov");
  assert.equal((await configured.json<unknown[]>(["incident", "list", "--cloud", "china"])).length, 6, "--endpoint/SENTINEL_ENDPOINT still decides where requests go");
  assert.match(await configured.fails(["incident", "list", "--cloud", "mars"], 2), /--cloud.*'mars'.*public, usgov, china/s);

  const unknown = await configured.fails(["incident", "list", "--auth", "bogus"], 2);
  assert.match(unknown, /Unknown authentication method 'bogus'/);
  assert.match(unknown, /default, cli, msi, env, devicecode, interactive/);
  // No SENTINEL_TOKEN and no AZURE_* variables: the environment credential has nothing to work with.
  const before = emulator.stats.requests;
  const noSignIn = await configured.fails(["incident", "list", "--auth", "env"], 1);
  assert.match(noSignIn, /EnvironmentCredential is unavailable/);
  assert.match(noSignIn, /Sign in \('az login'\), or pick the sign-in methods with --auth/);
  const chained = await configured.fails(["incident", "list", "--auth", "cli", "--auth", "env"], 1);
  assert.match(chained, /ChainedTokenCredential/, "repeated --auth methods are chained");
  assert.equal(emulator.stats.requests, before, "no request goes out without a token");
});
