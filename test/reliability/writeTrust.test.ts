// Regression tests for the ten defects of "no write ever lands where it should not"
// (issue 9), each through the public interface against a real emulator: the library,
// and the real `sentinel` binary where the defect was met on the command line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import type { Incident } from "../../src/api/models.js";
import { sentinelScope, type WorkspaceRef } from "../../src/api/resourceId.js";
import { SentinelClient, bulkUpdateAcrossWorkspaces } from "../../src/client/sentinelClient.js";
import { StaticTokenCredential } from "../../src/client/credentials.js";
import { resolveSettings } from "../../src/client/config.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { RawApi, TEST_TOKEN, testEmulator } from "../helpers/emulator.js";
import { rejection } from "../helpers/client.js";
import { Cli, tempDir } from "../helpers/cli.js";
import { CLI_BIN } from "../helpers/paths.js";
import { storedComments, storedIncident, storedIncidents } from "../cli/fixtures.js";

const LAB: WorkspaceRef = { subscriptionId: "5c0d6e1a-8f3b-4c2d-9e7f-1a2b3c4d5e6f", resourceGroup: "lab-rg", workspaceName: "lab-ws" };
const emulator = await testEmulator({ workspaces: [DEFAULT_WORKSPACE, LAB], seed: "write-trust" });
const credential = new StaticTokenCredential(TEST_TOKEN);
const fast = { retryDelayInMs: 10, maxRetryDelayInMs: 200 };
const clientOf = (ws: WorkspaceRef, options: ConstructorParameters<typeof SentinelClient>[1] = {}) =>
  new SentinelClient(ws, { endpoint: emulator.url, credential, retry: fast, ...options });
const defaultClient = clientOf(DEFAULT_WORKSPACE);
const labClient = clientOf(LAB);

function put(ws: WorkspaceRef, title: string, extra: Partial<Incident["properties"]> = {}): string {
  const name = randomUUID();
  emulator.store.incidents.put(emulator.store.workspace(ws)!, name, { title, severity: "Low", status: "New", description: `about ${title}`, ...extra });
  return name;
}

/** Every incident of both workspaces, as the store has them: what a step may and may not change. */
function snapshot(e: RunningEmulator = emulator): Map<string, string> {
  const out = new Map<string, string>();
  for (const ws of [DEFAULT_WORKSPACE, LAB]) for (const i of storedIncidents(e, ws)) out.set(`${ws.workspaceName}/${i.name}`, JSON.stringify(i));
  return out;
}

function configFile(dir: string): void {
  const entry = (name: string, ws: WorkspaceRef) =>
    `    ${name}:\n      SubscriptionId: ${ws.subscriptionId}\n      ResourceGroup: ${ws.resourceGroup}\n      WorkspaceName: ${ws.workspaceName}\n`;
  writeFileSync(join(dir, "msticpyconfig.yaml"), `AzureSentinel:\n  Workspaces:\n${entry("Default", DEFAULT_WORKSPACE)}${entry("Lab", LAB)}`);
}

test("1. a bulk run over two workspaces writes each incident only in its own workspace", async (t) => {
  const tag = `ransomware-${randomUUID().slice(0, 8)}`;
  const inDefault = Array.from({ length: 8 }, (_, i) => put(DEFAULT_WORKSPACE, `${tag} on host ${i}`));
  const inLab = Array.from({ length: 10 }, (_, i) => put(LAB, `${tag} lab ${i}`));
  const countsBefore = [storedIncidents(emulator, DEFAULT_WORKSPACE).length, storedIncidents(emulator, LAB).length];

  await t.test("library: a list of incidents from both workspaces", async () => {
    const listed = [...(await defaultClient.listAllIncidents({ $filter: `contains(properties/title, '${tag}')` })), ...(await labClient.listAllIncidents({ $filter: `contains(properties/title, '${tag}')` }))];
    assert.equal(listed.length, 18);
    const result = await bulkUpdateAcrossWorkspaces([{ client: defaultClient, label: "Default" }, { client: labClient, label: "Lab" }], listed, { addLabels: ["library-review"] });
    assert.equal(result.total, 18);
    assert.equal(result.succeeded.length, 18);
    assert.equal(result.succeeded.filter((i) => i.workspace === "Default").length, 8);
    assert.equal(result.succeeded.filter((i) => i.workspace === "Lab").length, 10);
    assert.deepEqual([storedIncidents(emulator, DEFAULT_WORKSPACE).length, storedIncidents(emulator, LAB).length], countsBefore, "no incident was created anywhere");
    for (const name of inDefault) assert.equal(storedIncident(emulator, name, LAB), undefined, "no copy in Lab");
    for (const name of inLab) assert.equal(storedIncident(emulator, name, DEFAULT_WORKSPACE), undefined, "no copy in Default");
  });

  await t.test("library: an incident of another workspace is refused before anything is written", async () => {
    const before = snapshot();
    const labIncident = await labClient.getIncident(inLab[0]!);
    const e = await rejection(defaultClient.bulkUpdateIncidents([labIncident], { severity: "High" }));
    assert.equal(e.name, "SentinelValidationError");
    assert.match(e.message, /lab-ws/);
    const single = await rejection(defaultClient.updateIncidentDetailed(labIncident.name!, { severity: "High" }, { current: labIncident }));
    assert.equal(single.name, "SentinelValidationError");
    const bare = await rejection(bulkUpdateAcrossWorkspaces([defaultClient, labClient], [inLab[0]!], { severity: "High" }));
    assert.match(bare.message, /does not say which workspace/);
    assert.deepEqual(snapshot(), before);
  });

  await t.test("command line: --workspace Default --workspace Lab bulk-update --title-contains", async () => {
    const cli = new Cli(emulator);
    configFile(cli.cwd);
    const env = { SENTINEL_SUBSCRIPTION_ID: undefined, SENTINEL_RESOURCE_GROUP: undefined, SENTINEL_WORKSPACE_NAME: undefined, COLUMNS: "250" };
    const args = ["--workspace", "Default", "--workspace", "Lab", "incident", "bulk-update", "--title-contains", tag, "--add-label", "ransomware-review"];
    const plan = await cli.run([...args, "--dry-run", "-o", "table"], { env });
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /Dry run: 18 of 18 incidents would change/);
    assert.match(plan.stdout, /WORKSPACE/);
    const rows = plan.stdout.split("\n").filter((l) => l.includes(tag));
    assert.equal(rows.length, 18, `each incident listed once:\n${plan.stdout}`);
    assert.equal(rows.filter((l) => /^\s*Lab\b/.test(l)).length, 10);
    const run = await cli.run([...args, "--yes", "-o", "table"], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /18 changed/);
    assert.deepEqual([storedIncidents(emulator, DEFAULT_WORKSPACE).length, storedIncidents(emulator, LAB).length], countsBefore, "no incident was created anywhere");
    for (const name of inLab) assert.ok(storedIncident(emulator, name, LAB)!.properties.labels!.some((l) => l.labelName === "ransomware-review"));
  });
});

test("2. a create never replaces: If-None-Match: *, 412 from the emulator, a clear error, and an identical retry returns the incident", async () => {
  const name = put(DEFAULT_WORKSPACE, "The incident #300 of this test", { labels: [{ labelName: "keep" }], severity: "High" });
  const before = storedIncident(emulator, name)!;

  const e = await rejection(defaultClient.createIncident({ incidentId: name, title: "Replacement", severity: "Low" }));
  assert.equal(e.name, "IncidentExistsError");
  assert.match(e.message, new RegExp(`#${before.properties.incidentNumber} 'The incident #300 of this test'`));
  assert.deepEqual(storedIncident(emulator, name), before, "nothing was written");

  const raw = new RawApi(emulator.url);
  const res = await raw.request("PUT", raw.path("incidents", name), { body: { properties: { title: "x", severity: "Low", status: "New" } }, headers: { "if-none-match": "*" } });
  assert.equal(res.status, 412);
  assert.equal(res.json.error.code, "PreconditionFailed");
  assert.deepEqual(storedIncident(emulator, name), before);

  const id = randomUUID();
  const input = { incidentId: id, title: "Created once", severity: "Medium", labels: ["a", "b"], firstActivityTimeUtc: "2026-11-30T10:00:00.000Z" } as const;
  const first = await defaultClient.createIncident(input);
  const again = await defaultClient.createIncident(input);
  assert.deepEqual(again, first, "the identical create returns the incident unchanged");
  assert.equal(storedIncident(emulator, id)!.etag, first.etag, "and writes nothing");

  const cli = new Cli(emulator);
  const stderr = await cli.fails(["incident", "create", "--id", name, "--title", "Overwrite?", "--severity", "Low"], 1);
  assert.match(stderr, /already exists/);
  assert.doesNotMatch(stderr, /created\./);
  assert.deepEqual(storedIncident(emulator, name), before);
});

test("3. Ctrl-C stops a bulk run cleanly: waiting workers wake, 'Stopped with N left', exit 130", async (t) => {
  await t.test("library: workers waiting for a throttle pause wake at once on abort", async () => {
    const slow = await testEmulator({ throttle: { writesPerSecond: 2 }, seed: "abort-wake" });
    const ws = slow.store.workspace(DEFAULT_WORKSPACE)!;
    const names = Array.from({ length: 40 }, (_, i) => {
      const n = randomUUID();
      slow.store.incidents.put(ws, n, { title: `Abort ${i}`, severity: "Low", status: "New" });
      return n;
    });
    const client = new SentinelClient(DEFAULT_WORKSPACE, { endpoint: slow.url, credential, retry: fast });
    const controller = new AbortController();
    let abortedAt = 0;
    const run = client.bulkUpdateIncidents(names, { severity: "Medium" }, {
      abortSignal: controller.signal,
      onProgress: (p) => {
        if (p.done === 3 && !abortedAt) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const result = await run;
    const stoppedAfter = performance.now() - abortedAt;
    assert.equal(result.aborted, true);
    assert.ok(result.pending > 20, `pending ${result.pending}`);
    assert.ok(stoppedAfter < 2000, `stopped ${Math.round(stoppedAfter)} ms after the abort`);
    assert.equal(result.succeeded.length + result.unchanged.length + result.failed.length + result.pending, result.total);
  });

  await t.test("command line: SIGINT mid-run prints the summary and how to resume, exit 130", async () => {
    const slow = await testEmulator({ latencyMs: 60, seed: "ctrl-c" });
    const ws = slow.store.workspace(DEFAULT_WORKSPACE)!;
    for (let i = 0; i < 60; i++) slow.store.incidents.put(ws, randomUUID(), { title: `Interrupt ${i}`, severity: "Low", status: "New" });
    const cli = new Cli(slow);
    const journal = join(tempDir("sentinel-ctrlc-"), "run.journal");
    const child = spawn(process.execPath, [CLI_BIN, "incident", "bulk-update", "--all", "--add-label", "interrupted", "--concurrency", "2", "--journal", journal, "--yes", "-o", "table"], { cwd: cli.cwd, env: cli.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !(existsSync(journal) && readFileSync(journal, "utf8").split("\n").length > 6)) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGINT");
    const code = await exited;
    assert.equal(code, 130, `${stdout}\n${stderr}`);
    assert.match(stdout, /Updating: \d+ changed/);
    const left = /Updating: .*\nStopped with (\d+) left; run the same command with --journal \S+ to resume\./.exec(stdout);
    assert.ok(left, `the summary, then what is left, for people on stdout:\n${stdout}\n${stderr}`);
    assert.ok(Number(left[1]) > 0);
  });
});

test("4. a bulk-close interrupted after some items resumes from its journal, as the README shows", async () => {
  const e = await testEmulator({ latencyMs: 40, seed: "resume-close" });
  const ws = e.store.workspace(DEFAULT_WORKSPACE)!;
  const names = Array.from({ length: 16 }, (_, i) => {
    const n = randomUUID();
    e.store.incidents.put(ws, n, { title: `Phishing report ${i}`, severity: "Informational", status: i % 2 ? "Active" : "New" });
    return n;
  });
  const cli = new Cli(e);
  const journal = join(tempDir("sentinel-resume-"), "j.journal");
  const args = ["incident", "bulk-close", "--status", "New,Active", "--severity", "Informational", "--classification", "BenignPositive", "--reason", "SuspiciousButExpected", "--journal", journal, "--concurrency", "1", "--yes"];
  const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: cli.cwd, env: cli.env });
  const exited = new Promise<number | null>((r) => child.on("close", (code) => r(code)));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !(existsSync(journal) && readFileSync(journal, "utf8").split("\n").length > 6)) await new Promise((r) => setTimeout(r, 10));
  child.kill("SIGINT");
  assert.equal(await exited, 130);
  const closedBefore = names.filter((n) => storedIncident(e, n)!.properties.status === "Closed").length;
  assert.ok(closedBefore > 0 && closedBefore < 16, `${closedBefore} closed before the resume`);

  const resumed = await cli.json<{ total: number; succeeded: unknown[]; failed: unknown[] }>(args);
  assert.deepEqual(resumed.failed, []);
  assert.equal(resumed.succeeded.length, 16 - closedBefore, "the rest, each once");
  for (const n of names) assert.equal(storedIncident(e, n)!.properties.status, "Closed");
  const again = await cli.json<{ total: number }>(args);
  assert.equal(again.total, 0, "nothing left to select");
});

test("5. reopening clears the verdict; a classification is only accepted with closing", async () => {
  const name = put(DEFAULT_WORKSPACE, "Closed then reopened", {
    status: "Closed",
    classification: "FalsePositive",
    classificationReason: "InaccurateData",
    classificationComment: "looked wrong",
  });
  const reopened = (await defaultClient.updateIncident(name, { status: "Active" })).properties;
  assert.equal(reopened.status, "Active");
  assert.equal(reopened.classification, undefined);
  assert.equal(reopened.classificationReason, undefined);
  assert.equal(reopened.classificationComment, undefined);
  assert.equal(storedIncident(emulator, name)!.properties.classification, undefined);

  const requests = emulator.stats.requests;
  const early = await rejection(defaultClient.updateIncident(name, { status: "Active", classification: "TruePositive" }));
  assert.equal(early.name, "SentinelValidationError");
  assert.equal(emulator.stats.requests, requests, "refused before any request");
  const onActive = await rejection(defaultClient.updateIncident(name, { classification: "TruePositive" }));
  assert.equal(onActive.name, "SentinelValidationError");
  assert.match(onActive.message, /only accepted together with closing/);
  assert.equal(storedIncident(emulator, name)!.properties.classification, undefined);

  // An open incident that still carries an old verdict (another tool left it) closes with a new one.
  const stale = put(DEFAULT_WORKSPACE, "Open with an old verdict", { status: "Active", classification: "FalsePositive", classificationReason: "InaccurateData", classificationComment: "old" });
  const cli = new Cli(emulator);
  const closed = await cli.json<Incident>(["incident", "update", stale, "--status", "Closed", "--classification", "TruePositive"]);
  assert.deepEqual([closed.properties.classification, closed.properties.classificationReason, closed.properties.classificationComment], ["TruePositive", "SuspiciousActivity", undefined]);
  const card = await cli.run(["incident", "update", name, "--status", "Active", "-o", "table"]);
  assert.equal(card.code, 0);
  assert.doesNotMatch(card.stdout, /FalsePositive/);
});

test("6. writes and deletes resolve only an exact title unless the caller opts in; the error lists the candidates", async () => {
  const tag = randomUUID().slice(0, 6);
  const victim = put(DEFAULT_WORKSPACE, `Nightly ${tag} test run failed`);
  const before = snapshot();
  for (const call of [
    () => defaultClient.deleteIncident(`${tag} test`),
    () => defaultClient.updateIncident(`${tag} test`, { severity: "High" }),
    () => defaultClient.postComment(`${tag} test`, "hello"),
  ]) {
    const e = await rejection(call());
    assert.equal(e.name, "IncidentNotFoundError");
    assert.match(e.message, new RegExp(`Nightly ${tag} test run failed`), "the candidate is listed");
    assert.equal((e.candidates as { name: string }[])[0]!.name, victim);
  }
  assert.deepEqual(snapshot(), before, "nothing deleted or changed");
  const read = await defaultClient.getIncident(`${tag} test`);
  assert.equal(read.name, victim, "reads still match part of a title");
  await defaultClient.updateIncident(`nightly ${tag} TEST run failed`, { severity: "Medium" });
  assert.equal(storedIncident(emulator, victim)!.properties.severity, "Medium", "the whole title, in any case");
  await defaultClient.deleteIncident(`${tag} test`, { matchTitle: "substring" });
  assert.equal(storedIncident(emulator, victim), undefined, "opting in deletes the one match");
});

/** Every string reachable from a value: own properties enumerable or not, symbols, cause chains, Maps, Sets, Headers. */
function reachableStrings(root: unknown): string[] {
  const seen = new Set<unknown>();
  const out: string[] = [];
  const visit = (v: unknown, depth: number) => {
    if (typeof v === "string") return void out.push(v);
    if (v === null || (typeof v !== "object" && typeof v !== "function") || seen.has(v) || depth > 40) return;
    seen.add(v);
    if (v instanceof Map) for (const [k, x] of v) (visit(k, depth + 1), visit(x, depth + 1));
    if (v instanceof Set) for (const x of v) visit(x, depth + 1);
    if (typeof (v as { entries?: unknown }).entries === "function" && !(v instanceof Map) && !Array.isArray(v)) {
      try {
        for (const entry of (v as { entries(): Iterable<unknown> }).entries()) visit(entry, depth + 1);
      } catch {
        // not an iterable of entries
      }
    }
    for (const key of Reflect.ownKeys(v as object)) {
      let x: unknown;
      try {
        x = (v as Record<string | symbol, unknown>)[key];
      } catch {
        continue;
      }
      visit(x, depth + 1);
    }
  };
  visit(root, 0);
  return out;
}

test("7. no token is reachable from an error (cause chains, every property) nor from resolved settings", async () => {
  const CANARY = `CANARY-${randomUUID()}`;
  const secret = new StaticTokenCredential(CANARY);
  const errors = await Promise.all([
    rejection(new SentinelClient(DEFAULT_WORKSPACE, { endpoint: "http://127.0.0.1:1", credential: secret, retry: { maxRetries: 0 } }).listIncidents()),
    rejection(new SentinelClient(DEFAULT_WORKSPACE, { endpoint: emulator.url, credential: secret, retry: { maxRetries: 0 }, timeoutInMs: 1 }).listIncidents()),
    rejection(new SentinelClient(DEFAULT_WORKSPACE, { endpoint: emulator.url, credential: secret }).getIncident(randomUUID())),
  ]);
  assert.ok(errors[0]!.cause, "a connection failure keeps its cause (without the request)");
  for (const e of errors) {
    const leaks = reachableStrings(e).filter((s) => s.includes(CANARY));
    assert.deepEqual(leaks, [], `${e.name}: the token is reachable`);
    assert.ok(!inspect(e, { depth: 20, showHidden: true }).includes(CANARY));
  }
  const settings = await resolveSettings({ env: { SENTINEL_TOKEN: CANARY, SENTINEL_SUBSCRIPTION_ID: DEFAULT_WORKSPACE.subscriptionId, SENTINEL_RESOURCE_GROUP: "rg", SENTINEL_WORKSPACE_NAME: "soc-ws" } });
  assert.ok(settings.tokenCredential, "the token is there, as a credential");
  assert.deepEqual(reachableStrings(settings).filter((s) => s.includes(CANARY)), []);
  assert.ok(!JSON.stringify(settings).includes(CANARY));
  assert.ok(!inspect(settings, { depth: 20, showHidden: true }).includes(CANARY));
  assert.equal((await settings.tokenCredential!.getToken("x"))!.token, CANARY);
});

test("8. the command line signs in to the chosen cloud (one settings path, the library's)", async () => {
  const dir = tempDir("sentinel-cloud-");
  const hook = join(dir, "dns-log.mjs");
  const log = join(dir, "hosts.log");
  // Records every host name the process looks up; no network is needed for the look-up to be recorded.
  writeFileSync(
    hook,
    `import dns from "node:dns";\nimport { appendFileSync } from "node:fs";\nconst original = dns.lookup;\ndns.lookup = function (host, ...rest) { appendFileSync(${JSON.stringify(log)}, host + "\\n"); return original.call(this, host, ...rest); };\n`,
  );
  const cli = new Cli(undefined, {
    env: {
      SENTINEL_SUBSCRIPTION_ID: DEFAULT_WORKSPACE.subscriptionId,
      SENTINEL_RESOURCE_GROUP: "soc-rg",
      SENTINEL_WORKSPACE_NAME: "soc-ws",
      AZURE_TENANT_ID: "72f988bf-86f1-41af-91ab-2d7cd011db47",
      AZURE_CLIENT_ID: "11111111-1111-4111-8111-111111111111",
      AZURE_CLIENT_SECRET: "not-a-real-secret",
    },
  });
  const r = await cli.run(["--cloud", "usgov", "--auth", "env", "incident", "list", "--top", "1"], { nodeArgs: ["--import", hook], timeoutMs: 60_000 });
  assert.notEqual(r.code, 0, "there is no network to sign in over");
  const hosts = existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean) : [];
  assert.ok(hosts.includes("login.microsoftonline.us"), `signed in at the US Government authority: ${hosts.join(", ")}`);
  assert.ok(!hosts.includes("login.microsoftonline.com"), "never at the public cloud's");
});

test("9. one retry layer: a failing write is attempted as often as the pipeline allows, no more; bulk comments go through postComment", async () => {
  const failing = await testEmulator({ faultRate: 1, faultRetryAfterMs: 5, seed: "retry-stack" });
  const ws = failing.store.workspace(DEFAULT_WORKSPACE)!;
  const names = Array.from({ length: 3 }, (_, i) => {
    const n = randomUUID();
    failing.store.incidents.put(ws, n, { title: `Retry ${i}`, severity: "Low", status: "New" });
    return n;
  });
  const incidents = names.map((n) => JSON.parse(failing.store.incidents.get(ws, n)!) as Incident);
  const client = new SentinelClient(DEFAULT_WORKSPACE, { endpoint: failing.url, credential, retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } });
  // Counted from the request log: a faulted request never reaches routing, so it has no operation.
  let incidentPuts = 0;
  let commentPuts = 0;
  failing.onRequest((r) => {
    if (r.method !== "PUT") return;
    if (/\/incidents\/[^/]+$/.test(r.path)) incidentPuts++;
    if (/\/comments\/[^/]+$/.test(r.path)) commentPuts++;
  });
  const puts = () => incidentPuts;
  const result = await client.bulkUpdateIncidents(incidents, { severity: "High" });
  assert.equal(result.failed.length, 3);
  assert.equal(puts(), 3 * 3, "three attempts per item: the first and the pipeline's two retries");

  const comments = () => commentPuts;
  const c = await client.bulkComment(incidents, "checked");
  assert.equal(c.failed.length, 3);
  assert.equal(comments(), 3 * 3);

  const ok = clientOf(DEFAULT_WORKSPACE);
  const target = put(DEFAULT_WORKSPACE, "Bulk comment target");
  const r1 = await ok.bulkComment([target], "Same text");
  const r2 = await ok.bulkComment([target], "Same text");
  assert.deepEqual([r1.succeeded.length, r2.unchanged.length], [1, 1]);
  assert.equal(storedComments(emulator, target).length, 1);
});

test("10. the types refuse bad writes (checked by tsc in npm test; the package's own consumer check is in test/cli/pack.test.ts)", async () => {
  const name = put(DEFAULT_WORKSPACE, "Typed update");
  // @ts-expect-error a misspelt key does not compile
  const misspelt = await rejection(defaultClient.updateIncident(name, { severty: "High" }));
  assert.equal(misspelt.name, "SentinelValidationError");
  // @ts-expect-error "Critical" is no severity
  const critical = await rejection(defaultClient.updateIncident(name, { severity: "Critical" }));
  assert.equal(critical.name, "SentinelValidationError");
  // @ts-expect-error nor a status
  await rejection(defaultClient.createIncident({ title: "t", severity: "Low", status: "Open" }));
  // The seed's habits still work at run time: lower case, and `properties.` keys.
  await defaultClient.updateIncident(name, { "properties.severity": "high" as "High" });
  assert.equal(storedIncident(emulator, name)!.properties.severity, "High");
  // One name per field: create and update both take firstActivityTimeUtc; the seed's firstActivityTime is an alias.
  const a = await defaultClient.createIncident({ title: "Times", severity: "Low", firstActivityTimeUtc: "2026-11-01T00:00:00Z" });
  const b = await defaultClient.createIncident({ title: "Times", severity: "Low", firstActivityTime: "2026-11-01T00:00:00Z" });
  assert.equal(a.properties.firstActivityTimeUtc, b.properties.firstActivityTimeUtc);
  const workspaceScope = sentinelScope(DEFAULT_WORKSPACE);
  assert.ok(a.id!.startsWith(workspaceScope));
});

test("an update never creates: an incident deleted after it was read is not brought back (If-Match; the emulator answers 412)", async () => {
  const name = put(DEFAULT_WORKSPACE, "Deleted while being triaged");
  const read = await defaultClient.getIncident(name);
  await labClient.deleteIncident(name).catch(() => undefined); // another workspace: nothing happens there
  assert.ok(storedIncident(emulator, name), "still there");
  await clientOf(DEFAULT_WORKSPACE).deleteIncident(name);
  const e = await rejection(defaultClient.updateIncidentDetailed(name, { severity: "High" }, { current: read }));
  assert.equal(e.name, "IncidentNotFoundError");
  assert.equal(storedIncident(emulator, name), undefined, "not created again");

  const raw = new RawApi(emulator.url);
  const res = await raw.request("PUT", raw.path("incidents", name), { body: { etag: read.etag, properties: { title: "x", severity: "Low", status: "New" } }, headers: { "if-match": read.etag! } });
  assert.equal(res.status, 412);
  assert.equal(storedIncident(emulator, name), undefined);
});
