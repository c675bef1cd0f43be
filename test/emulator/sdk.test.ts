// The official SDK, @azure/arm-securityinsight, unchanged, against the emulator
// over HTTPS. It runs in a child process (sdk-client.ts) that trusts the
// emulator's self-signed certificate through NODE_EXTRA_CA_CERTS, as a user
// would; this test starts the emulator and checks the child's report.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { testEmulator } from "../helpers/emulator.js";
import { PROJECT_ROOT } from "../helpers/paths.js";
import { workspaceOf } from "./fixtures.js";

const CLIENT = fileURLToPath(new URL("./sdk-client.ts", import.meta.url));
// The SDK's own default; it sends this unless told otherwise.
const SDK_API_VERSION = "2022-09-01-preview";

const em = await testEmulator({ https: true, seedIncidents: 40, seed: "sdk" });
const ws = workspaceOf(em.store);

// A seeded incident with alerts, bookmarks and comments, for the actions.
const seeded = (em.store.db.prepare("SELECT name, doc FROM incidents WHERE ws = ? ORDER BY number").all(ws.id) as { name: string; doc: string }[])
  .find((r) => {
    const d = JSON.parse(r.doc).properties.additionalData;
    return d.alertsCount > 0 && d.bookmarksCount > 0 && d.commentsCount > 0;
  });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Report = any;

function runClient(url: string, apiVersion?: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", CLIENT],
      {
        cwd: PROJECT_ROOT,
        timeout: 60_000,
        env: {
          ...process.env,
          NODE_EXTRA_CA_CERTS: em.caCertPath,
          EMULATOR_URL: url,
          SEEDED_INCIDENT: seeded!.name,
          SUBSCRIPTION_ID: ws.ref.subscriptionId,
          RESOURCE_GROUP: ws.ref.resourceGroup,
          WORKSPACE_NAME: ws.ref.workspaceName,
          SDK_API_VERSION: apiVersion ?? "",
        },
      },
      (error, stdout, stderr) => {
        const line = stdout.trim().split("\n").pop() ?? "";
        try {
          resolve(JSON.parse(line));
        } catch {
          reject(new Error(`the SDK client printed no report (${error?.message ?? "no error"}):\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}

const RUNS = [
  { what: "with its default api-version, via 127.0.0.1", origin: em.url, apiVersion: undefined },
  { what: "pinned to 2025-12-01, via localhost", origin: em.url.replace("127.0.0.1", "localhost"), apiVersion: "2025-12-01" },
];

for (const { what, origin, apiVersion } of RUNS) {
  test(`the SDK works end to end over https ${what}`, async () => {
    assert.ok(seeded, "the seed has an incident with alerts, bookmarks and comments");
    const out = await runClient(origin, apiVersion);
    assert.ok(out.ok, `the SDK failed: ${JSON.stringify(out.error)}\n${JSON.stringify(out.exchanges)}`);
    const r = out.report;

    // Everything it sent was accepted, at the api-version it chose; the only
    // errors are the deliberately stale update and the read after the delete.
    const errors = out.exchanges.filter((x: Report) => x.status >= 400).map((x: Report) => `${x.method} ${x.status}`);
    assert.deepEqual(errors, ["PUT 409", "GET 404"]);
    assert.ok(out.exchanges.length > 30, `${out.exchanges.length} requests`);
    assert.ok(out.exchanges.every((x: Report) => x.apiVersion === (apiVersion ?? SDK_API_VERSION)), "one api-version throughout");

    // Lists: every page, in order, deserialised.
    assert.equal(r.listed, 40);
    assert.equal(r.listedDistinct, 40);
    assert.equal(r.listedHaveDates, true, "dates deserialise as Date");
    assert.ok(r.filteredPages >= 2, `${r.filteredPages} pages of 7`);
    assert.equal(r.filteredNumbersAscending, true);

    // The seeded incident and its three actions.
    const data = JSON.parse(seeded!.doc).properties;
    assert.equal(r.seededTitle, data.title);
    assert.equal(r.seededAdditionalData.alertsCount, data.additionalData.alertsCount);
    assert.equal(r.alerts, data.additionalData.alertsCount);
    assert.deepEqual(r.alertKinds, ["SecurityAlert"]);
    assert.equal(r.bookmarks, data.additionalData.bookmarksCount);
    assert.ok(r.entities > 0);
    assert.equal(r.entityMetaData.reduce((n: number, m: Report) => n + m.count, 0), r.entities);

    // Create, update, stale update.
    assert.ok(r.created.number > 40);
    assert.deepEqual(r.created.owner, { email: "alex.wilber@contoso.com", assignedTo: "Alex Wilber", objectId: "5d7d3a8e-0a8c-4b8a-9f0e-6f1f2b7c9a01", userPrincipalName: "alexw@contoso.com", ownerType: "User" });
    assert.deepEqual(r.created.labels, [{ labelName: "sdk", labelType: "User" }]);
    assert.deepEqual(r.updated, { status: "Closed", classification: "BenignPositive", number: r.created.number, etagChanged: true });
    assert.deepEqual(r.staleUpdate, { statusCode: 409, code: "Conflict" });

    // Comment, bookmark, relation.
    assert.equal(r.comment.message, "first look");
    assert.equal(r.comment.created, true);
    assert.ok(r.comment.author.objectId);
    assert.equal(r.commentEdited, "second look");
    assert.deepEqual(r.comments, ["second look"]);
    assert.equal(r.bookmarkListed, true);
    assert.equal(r.relation.relatedResourceName, r.bookmark.name);
    assert.equal(r.relation.relatedResourceType, "Microsoft.SecurityInsights/bookmarks");
    assert.deepEqual(r.relations, [r.relation.name]);
    assert.deepEqual(r.incidentBookmarks, [r.bookmark.name]);
    assert.deepEqual(r.countsAfterWrites, { comments: 1, bookmarks: 1 });

    // Deletes.
    assert.equal(r.relationsAfterDelete, 0);
    assert.equal(r.commentsAfterDelete, 0);
    assert.equal(r.afterDelete, 404);
  });
}
