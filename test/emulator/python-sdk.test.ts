// The official Python SDK, azure-mgmt-securityinsight from Debian's python3-azure,
// unchanged, against the emulator over HTTPS (azure-core refuses a bearer token
// over plain http). It runs as python-sdk-client.py under Debian's /usr/bin/python3,
// trusting the emulator's self-signed certificate through REQUESTS_CA_BUNDLE as a
// user would; this test starts the emulator and checks the child's report.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { testEmulator } from "../helpers/emulator.js";
import { requireTool } from "../helpers/tools.js";
import { hasPythonModule, runPython } from "../helpers/python.js";
import { workspaceOf } from "./fixtures.js";

const CLIENT = fileURLToPath(new URL("./python-sdk-client.py", import.meta.url));
// The SDK's own default (azure-mgmt-securityinsight 2.0.0b2); it sends this unless told otherwise.
const SDK_API_VERSION = "2022-12-01-preview";

const em = await testEmulator({ https: true, seedIncidents: 40, seed: "python-sdk" });
const ws = workspaceOf(em.store);

// A seeded incident with alerts, bookmarks and entities, for the actions.
const seeded = (em.store.db.prepare("SELECT name, doc FROM incidents WHERE ws = ? ORDER BY number").all(ws.id) as { name: string; doc: string }[]).find(
  (r) => {
    const d = JSON.parse(r.doc).properties.additionalData;
    return d.alertsCount > 0 && d.bookmarksCount > 0;
  },
);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Report = any;

test("the official Python SDK works end to end over https", async (t) => {
  const present = hasPythonModule("azure.mgmt.securityinsight");
  if (!requireTool(t, present, "Debian's python3-azure (azure-mgmt-securityinsight for /usr/bin/python3)", "apt-get install python3-azure")) return;
  assert.ok(seeded, "the seed has an incident with alerts and bookmarks");
  const run = await runPython([CLIENT], "", {
    timeoutMs: 120_000,
    env: {
      ...process.env,
      REQUESTS_CA_BUNDLE: em.caCertPath,
      EMULATOR_URL: em.url,
      SEEDED_INCIDENT: seeded.name,
      SUBSCRIPTION_ID: ws.ref.subscriptionId,
      RESOURCE_GROUP: ws.ref.resourceGroup,
      WORKSPACE_NAME: ws.ref.workspaceName,
    },
  });
  const line = run.stdout.trim().split("\n").pop() ?? "";
  let out: Report;
  try {
    out = JSON.parse(line);
  } catch {
    assert.fail(`the Python SDK client printed no report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  assert.ok(out.ok, `the Python SDK failed: ${out.error}\n${out.traceback}\n${JSON.stringify(out.exchanges.slice(-5))}`);
  const r = out.report;

  // Everything went over https at the SDK's api-version, and the only refusals are the deliberate ones.
  assert.ok(out.exchanges.length > 30, `${out.exchanges.length} requests`);
  assert.ok(out.exchanges.every((x: Report) => x.url.startsWith("https://")), "https throughout");
  assert.ok(out.exchanges.every((x: Report) => new URL(x.url).searchParams.get("api-version") === SDK_API_VERSION), "one api-version throughout");
  const errors = out.exchanges.filter((x: Report) => x.status >= 400).map((x: Report) => `${x.method} ${x.status}`);
  assert.deepEqual(errors, ["PUT 409", "PUT 400", "GET 404"]);

  // Lists across pages, filtered and ordered.
  assert.equal(r.listed, 40);
  assert.equal(r.listedDistinct, 40);
  assert.equal(r.listedHaveDates, true, "dates deserialise as datetime");
  const expected = (em.store.db.prepare("SELECT doc FROM incidents WHERE ws = ?").all(ws.id) as { doc: string }[]).filter(
    (row) => JSON.parse(row.doc).properties.severity !== "Informational",
  ).length;
  assert.equal(r.filteredCount, expected, "every matching incident, over all pages");
  assert.equal(r.filteredPages, Math.ceil(expected / 7));
  assert.equal(r.filteredAscending, true);
  assert.equal(r.filteredNoInformational, true);

  // The seeded incident and its actions.
  const data = JSON.parse(seeded.doc).properties;
  assert.equal(r.seededTitle, data.title);
  assert.deepEqual(r.seededCounts, { alerts: data.additionalData.alertsCount, bookmarks: data.additionalData.bookmarksCount });
  assert.equal(r.alerts, data.additionalData.alertsCount);
  assert.equal(r.bookmarks, data.additionalData.bookmarksCount);
  assert.ok(r.entities > 0);

  // Create, update with the etag, stale update, close.
  assert.equal(r.created.title, "python sdk \u001b[31mred\u001b[0m \u00e9 \ud83d\ude00", "control characters are text, returned faithfully");
  assert.ok(r.created.number > 40);
  assert.deepEqual(r.created.labels, [["python", "User"]]);
  assert.equal(r.created.first, "2024-05-01T10:00:00+00:00");
  assert.deepEqual(r.updated, { severity: "High", etagChanged: true });
  assert.deepEqual(r.staleUpdate, { status: 409, code: "Conflict" });
  assert.deepEqual(r.closed, { status: "Closed", classification: "BenignPositive", reason: "SuspiciousButExpected", comment: "expected" });
  assert.equal(r.closeWithoutClassification.status, 400);

  // Comments, bookmark and alert relations, tasks.
  assert.deepEqual(r.comment, { message: "first look", hasAuthor: true });
  assert.deepEqual(r.comments, ["first look"]);
  assert.equal(r.bookmarkListed, true);
  assert.equal(r.relation.type, "Microsoft.SecurityInsights/bookmarks");
  assert.equal(r.alertRelation.kind, "SecurityAlert");
  assert.equal(r.relations.length, 2);
  assert.equal(r.incidentBookmarks.length, 1);
  assert.equal(r.incidentAlerts, 1);
  assert.deepEqual(r.counts, { comments: 1, bookmarks: 1, alerts: 1 });
  assert.deepEqual(r.task, { title: "check the host", status: "Completed" });
  assert.deepEqual(r.tasks, ["check the host"]);

  // Deletes, and the store agrees.
  assert.deepEqual(r.afterDeletes, { tasks: 0, comments: 0, relations: 1 });
  assert.deepEqual(r.afterDelete, { status: 404, code: "NotFound" });
  const left = em.store.db.prepare("SELECT count(*) AS n FROM incidents WHERE ws = ? AND name = ?").get(ws.id, r.incidentId) as { n: number };
  assert.equal(left.n, 0);
});
