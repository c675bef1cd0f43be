// Bulk triage against the emulator with faults and throttling: each incident
// ends in the intended state exactly once, dry runs change nothing, and a run
// killed half-way resumes from its journal without redoing or doubling anything.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Incident } from "../../src/api/models.js";
import { bulkUpdateAcrossWorkspaces } from "../../src/client/sentinelClient.js";
import { StaticTokenCredential } from "../../src/client/credentials.js";
import { SentinelClient } from "../../src/client/sentinelClient.js";
import { testEmulator } from "../helpers/emulator.js";
import { clientFor, rejection } from "../helpers/client.js";
import { workspaceOf } from "../emulator/fixtures.js";
import { PROJECT_ROOT } from "../helpers/paths.js";
import type { EmulatorStore, WorkspaceRecord } from "../../src/emulator/store/index.js";

function addIncidents(store: EmulatorStore, ws: WorkspaceRecord, n: number, severity: "Low" | "Informational" = "Low"): string[] {
  const names: string[] = [];
  store.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const name = randomUUID();
      store.incidents.put(ws, name, { title: `Bulk target ${i}`, severity, status: "New", labels: [{ labelName: "keep-me" }] });
      names.push(name);
    }
  })();
  return names;
}

const doc = (store: EmulatorStore, ws: WorkspaceRecord, name: string) => JSON.parse(store.incidents.get(ws, name)!) as Incident;
const tmp = mkdtempSync(join(tmpdir(), "sentinel-bulk-"));

test("bulk update under faults and throttling: every incident updated exactly once, nothing else touched", async () => {
  const emulator = await testEmulator({ faultRate: 0.2, faultRetryAfterMs: 20, throttle: { writesPerSecond: 150 }, seed: "bulk-faults" });
  const ws = workspaceOf(emulator.store);
  const names = addIncidents(emulator.store, ws, 100);
  const sentinel = clientFor(emulator, { retry: { maxRetries: 8 } });
  const result = await sentinel.bulkUpdateIncidents({ $filter: "properties/severity eq 'Low'" }, { severity: "Medium", addLabels: ["bulk-1"] });
  assert.equal(result.total, 100);
  assert.equal(result.failed.length, 0, JSON.stringify(result.failed.slice(0, 3)));
  assert.equal(result.succeeded.length + result.unchanged.length, 100);
  assert.ok(emulator.stats.faultsInjected > 20, "faults were injected");
  for (const name of names) {
    const p = doc(emulator.store, ws, name).properties;
    assert.equal(p.severity, "Medium");
    assert.deepEqual(p.labels!.map((l) => l.labelName), ["keep-me", "bulk-1"], "label added once, old one kept");
    assert.equal(p.title.startsWith("Bulk target"), true);
  }
  const again = await sentinel.bulkUpdateIncidents(names, { severity: "Medium", addLabels: ["bulk-1"] });
  assert.equal(again.unchanged.length, 100, "already in the target state");
  assert.equal(again.succeeded.length, 0);
});

test("bulk comment under faults: exactly one comment per incident, also when run again", async () => {
  const emulator = await testEmulator({ faultRate: 0.2, faultRetryAfterMs: 20, seed: "bulk-comments" });
  const ws = workspaceOf(emulator.store);
  const names = addIncidents(emulator.store, ws, 80);
  const sentinel = clientFor(emulator, { retry: { maxRetries: 8 } });
  const first = await sentinel.bulkComment(names, "Part of campaign CAMP-42; see the IR ticket.");
  assert.equal(first.failed.length, 0);
  const second = await sentinel.bulkComment({ $filter: "startswith(properties/title, 'Bulk target')" }, "Part of campaign CAMP-42; see the IR ticket.");
  assert.equal(second.failed.length, 0);
  for (const name of names) {
    const n = emulator.store.db.prepare("SELECT count(*) AS n FROM comments WHERE ws = ? AND incident = ?").get(ws.id, name) as { n: number };
    assert.equal(n.n, 1, `one comment on ${name}`);
    assert.equal(doc(emulator.store, ws, name).properties.additionalData!.commentsCount, 1);
  }
});

test("bulk close reports unchanged and failed items, never skipping one silently", async () => {
  const emulator = await testEmulator();
  const ws = workspaceOf(emulator.store);
  const names = addIncidents(emulator.store, ws, 10, "Informational");
  const sentinel = clientFor(emulator);
  await sentinel.updateIncident(names[0]!, { status: "Closed", classification: "BenignPositive", classificationReason: "SuspiciousButExpected", classificationComment: "noise" });
  const missing = randomUUID();
  const result = await sentinel.bulkCloseIncidents([...names, missing], { classification: "BenignPositive", reason: "SuspiciousButExpected", comment: "noise" });
  assert.equal(result.total, 11);
  assert.equal(result.unchanged.length, 1);
  assert.equal(result.succeeded.length, 9);
  assert.equal(result.failed.length, 1);
  assert.equal(result.failed[0]!.name, missing);
  assert.match(result.failed[0]!.reason, /does not exist/);
  for (const n of names.slice(1)) {
    const p = doc(emulator.store, ws, n).properties;
    assert.deepEqual([p.status, p.classification, p.classificationReason, p.classificationComment], ["Closed", "BenignPositive", "SuspiciousButExpected", "noise"]);
  }
  const bad = await rejection(sentinel.bulkCloseIncidents(names, { classification: "TruePositive", reason: "InaccurateData" }));
  assert.equal(bad.name, "SentinelValidationError", "a wrong pair fails before any item is touched");
});

test("a dry run plans the changes and writes nothing", async () => {
  const emulator = await testEmulator({ seedIncidents: 120, seed: "dry" });
  const sentinel = clientFor(emulator);
  const dump = emulator.store.dump();
  const writes = emulator.stats.byOperation.Incidents_CreateOrUpdate ?? 0;
  const plan = await sentinel.bulkCloseIncidents({ $filter: "properties/status ne 'Closed'" }, { classification: "Undetermined" }, { dryRun: true });
  assert.equal(plan.dryRun, true);
  const open = (emulator.store.db.prepare("SELECT count(*) AS n FROM incidents WHERE status <> 'Closed'").get() as { n: number }).n;
  assert.equal(plan.planned!.length, open);
  for (const p of plan.planned!) assert.deepEqual(p.changes.status![1], "Closed");
  assert.equal(emulator.store.dump(), dump);
  assert.equal(emulator.stats.byOperation.Incidents_CreateOrUpdate ?? 0, writes);
});

test("a run killed half-way resumes from its journal without redoing or doubling anything", async () => {
  const emulator = await testEmulator({ latencyMs: 15 });
  const ws = workspaceOf(emulator.store);
  const names = addIncidents(emulator.store, ws, 200);
  const journal = join(tmp, "comment.journal");
  const comment = "Reviewed in the weekly triage.";
  const child = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "test/client/bulk-child.ts")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, EMULATOR_URL: emulator.url, JOURNAL: journal, COMMENT: comment },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const done = out.trim().split("\n").map(Number).filter(Number.isFinite);
      if (done.some((n) => n >= 60)) {
        child.kill("SIGKILL");
        resolve();
      }
    });
    child.on("exit", () => resolve());
    child.on("error", reject);
  });
  await new Promise((r) => child.once("exit", r).emit("noop"));
  const before = (emulator.store.db.prepare("SELECT count(*) AS n FROM comments WHERE ws = ?").get(ws.id) as { n: number }).n;
  assert.ok(before >= 60 && before < 200, `killed half-way (${before} comments)`);
  const journalled = readFileSync(journal, "utf8").trim().split("\n").length - 1;
  assert.ok(journalled >= 55, `the journal recorded the finished items (${journalled})`);

  const sentinel = clientFor(emulator);
  const resumed = await sentinel.bulkComment({ $filter: "properties/severity eq 'Low'" }, comment, { journal, concurrency: 4 });
  assert.equal(resumed.failed.length, 0);
  assert.ok(resumed.resumed.length >= journalled - 1, `resumed items were skipped (${resumed.resumed.length})`);
  assert.equal(resumed.resumed.length + resumed.succeeded.length + resumed.unchanged.length, 200);
  for (const name of names) {
    const n = emulator.store.db.prepare("SELECT count(*) AS n FROM comments WHERE ws = ? AND incident = ?").get(ws.id, name) as { n: number };
    assert.equal(n.n, 1, "exactly one comment each");
  }
  const other = await rejection(sentinel.bulkComment(names, "a different comment", { journal }));
  assert.equal(other.name, "SentinelValidationError", "a journal of another operation is refused");
});

test("an abort stops the run and reports what is left", async () => {
  const emulator = await testEmulator({ latencyMs: 20 });
  const names = addIncidents(emulator.store, workspaceOf(emulator.store), 100);
  const sentinel = clientFor(emulator);
  const controller = new AbortController();
  const result = await sentinel.bulkUpdateIncidents(names, { severity: "High" }, {
    abortSignal: controller.signal,
    onProgress: (p) => p.done >= 10 && controller.abort(),
  });
  assert.equal(result.aborted, true);
  assert.ok(result.pending > 0);
  assert.equal(result.succeeded.length + result.pending + result.failed.length + result.unchanged.length, 100);
});

test("one bulk run over several workspaces, each item labelled with its workspace", async () => {
  const second = { subscriptionId: "11111111-2222-4333-8444-555555555555", resourceGroup: "soc-rg", workspaceName: "second-ws" };
  const emulator = await testEmulator({ workspaces: [second] });
  const a = addIncidents(emulator.store, workspaceOf(emulator.store), 5);
  const b = addIncidents(emulator.store, emulator.store.workspace(second)!, 7);
  const credential = new StaticTokenCredential("t");
  const clientA = clientFor(emulator);
  const clientB = new SentinelClient(second, { endpoint: emulator.url, credential });
  const result = await bulkUpdateAcrossWorkspaces([{ client: clientA, label: "A" }, { client: clientB, label: "B" }], { $filter: "properties/status eq 'New'" }, { status: "Active" });
  assert.equal(result.total, 12);
  assert.equal(result.succeeded.filter((i) => i.workspace === "A").length, 5);
  assert.equal(result.succeeded.filter((i) => i.workspace === "B").length, 7);
  assert.equal(doc(emulator.store, emulator.store.workspace(second)!, b[0]!).properties.status, "Active");
  assert.equal(doc(emulator.store, workspaceOf(emulator.store), a[0]!).properties.status, "Active");
});

test("a low rate limit is respected without a storm of 429s", async () => {
  // A window-style limit like Sentinel's incident writes: a handful at once, then one every 200 ms.
  const emulator = await testEmulator({ throttle: { writesPerSecond: 5 } });
  const names = addIncidents(emulator.store, workspaceOf(emulator.store), 25);
  const sentinel = clientFor(emulator);
  const result = await sentinel.bulkUpdateIncidents(names, { severity: "Medium" });
  assert.equal(result.failed.length, 0);
  assert.equal(result.succeeded.length, 25);
  assert.ok(result.throttled <= 8, `${result.throttled} throttled responses for 25 writes`);
  assert.ok(result.writesPerSecond <= 8, `paced at ${result.writesPerSecond.toFixed(1)} writes/s`);
});
