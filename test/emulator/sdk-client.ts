// Run by sdk.test.ts in a child process with NODE_EXTRA_CA_CERTS set to the
// emulator's self-signed certificate, the way a user trusts it. It drives the
// official @azure/arm-securityinsight SDK, unchanged, against the emulator and
// prints one JSON report on stdout for the parent test to check.
//
// Env: EMULATOR_URL (https origin), SEEDED_INCIDENT (an incident with alerts,
// bookmarks and entities), SUBSCRIPTION_ID, RESOURCE_GROUP, WORKSPACE_NAME, and
// optionally SDK_API_VERSION (the SDK's own option; its default otherwise).
import { randomUUID } from "node:crypto";
import { SecurityInsights, type Incident } from "@azure/arm-securityinsight";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const url = env("EMULATOR_URL");
const seeded = env("SEEDED_INCIDENT");
const subscription = env("SUBSCRIPTION_ID");
const rg = env("RESOURCE_GROUP");
const ws = env("WORKSPACE_NAME");

// The SDK only needs something that hands out a token; the emulator takes any.
const credential = { getToken: async () => ({ token: "sdk-test-token", expiresOnTimestamp: Date.now() + 3600_000 }) };
const client = new SecurityInsights(credential, subscription, {
  endpoint: url,
  credentialScopes: ["https://management.azure.com/.default"],
  // Retries would hide a refused request behind a later success.
  retryOptions: { maxRetries: 0 },
  ...(process.env.SDK_API_VERSION ? { apiVersion: process.env.SDK_API_VERSION } : {}),
});

/** Every request the SDK made and the status it got, so the parent can see nothing was refused. */
const exchanges: { method: string; path: string; apiVersion: string | null; status: number }[] = [];
const recorder: PipelinePolicy = {
  name: "recordExchanges",
  async sendRequest(request, next) {
    const u = new URL(request.url);
    const record = (status: number) => exchanges.push({ method: request.method, path: u.pathname, apiVersion: u.searchParams.get("api-version"), status });
    try {
      const response = await next(request);
      record(response.status);
      return response;
    } catch (e) {
      // The SDK turns an error status into a RestError inside the pipeline.
      record((e as { response?: { status: number } }).response?.status ?? -1);
      throw e;
    }
  },
};
client.pipeline.addPolicy(recorder);

async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iter) out.push(item);
  return out;
}

async function main(): Promise<Record<string, unknown>> {
  const report: Record<string, unknown> = {};

  // Lists: all pages of the seeded incidents, and one filtered, ordered page.
  const all = await collect(client.incidents.list(rg, ws));
  report.listed = all.length;
  report.listedDistinct = new Set(all.map((i) => i.name)).size;
  report.listedHaveDates = all.every((i) => i.createdTimeUtc instanceof Date);
  const pages = await collect(client.incidents.list(rg, ws, { top: 7, orderby: "properties/incidentNumber asc", filter: "properties/severity ne 'Informational'" }).byPage());
  report.filteredPages = pages.length;
  report.filteredNumbersAscending = pages.flat().every((inc, i, arr) => i === 0 || arr[i - 1]!.incidentNumber! < inc.incidentNumber!);

  // The seeded incident and its three actions.
  const got = await client.incidents.get(rg, ws, seeded);
  report.seededTitle = got.title;
  report.seededAdditionalData = got.additionalData;
  const alerts = await client.incidents.listAlerts(rg, ws, seeded);
  report.alerts = alerts.value.length;
  report.alertKinds = [...new Set(alerts.value.map((a) => a.kind))];
  const bookmarks = await client.incidents.listBookmarks(rg, ws, seeded);
  report.bookmarks = bookmarks.value.length;
  const entities = await client.incidents.listEntities(rg, ws, seeded);
  report.entities = entities.entities?.length ?? 0;
  report.entityMetaData = entities.metaData;

  // An incident: create, read, update with its etag, a stale update, delete.
  const incidentId = randomUUID();
  const created = await client.incidents.createOrUpdate(rg, ws, incidentId, {
    title: "SDK incident",
    description: "made by @azure/arm-securityinsight",
    severity: "High",
    status: "New",
    labels: [{ labelName: "sdk" }],
    owner: { email: "alex.wilber@contoso.com" },
    firstActivityTimeUtc: new Date("2024-05-01T10:00:00Z"),
  });
  report.created = { name: created.name, number: created.incidentNumber, owner: created.owner, etag: created.etag, labels: created.labels };
  const read = await client.incidents.get(rg, ws, incidentId);
  // The usual read-modify-write: the whole model as read goes back, read-only parts and all.
  const changed: Incident = { ...read, status: "Closed", classification: "BenignPositive", classificationReason: "SuspiciousButExpected", classificationComment: "expected" };
  const updated = await client.incidents.createOrUpdate(rg, ws, incidentId, changed);
  report.updated = { status: updated.status, classification: updated.classification, number: updated.incidentNumber, etagChanged: updated.etag !== read.etag };
  try {
    await client.incidents.createOrUpdate(rg, ws, incidentId, { ...read, title: "stale" });
    report.staleUpdate = "accepted";
  } catch (e) {
    report.staleUpdate = { statusCode: (e as { statusCode?: number }).statusCode, code: (e as { code?: string }).code };
  }

  // A comment on it.
  const commentId = randomUUID();
  const comment = await client.incidentComments.createOrUpdate(rg, ws, incidentId, commentId, { message: "first look" });
  report.comment = { message: comment.message, author: comment.author, created: comment.createdTimeUtc instanceof Date };
  const gotComment = await client.incidentComments.get(rg, ws, incidentId, commentId);
  const editedComment = await client.incidentComments.createOrUpdate(rg, ws, incidentId, commentId, { ...gotComment, message: "second look" });
  report.commentEdited = editedComment.message;
  report.comments = (await collect(client.incidentComments.list(rg, ws, incidentId))).map((c) => c.message);

  // A bookmark, through the SDK's bookmarks API, and a relation to it.
  const bookmarkId = randomUUID();
  const bookmark = await client.bookmarks.createOrUpdate(rg, ws, bookmarkId, {
    displayName: "SDK bookmark",
    query: "SecurityEvent | take 10",
    labels: ["sdk"],
    eventTime: new Date("2024-05-01T10:05:00Z"),
  });
  report.bookmark = { name: bookmark.name, id: bookmark.id };
  report.bookmarkListed = (await collect(client.bookmarks.list(rg, ws))).some((b) => b.name === bookmarkId);
  const relationName = `rel-${randomUUID()}`;
  const relation = await client.incidentRelations.createOrUpdate(rg, ws, incidentId, relationName, { relatedResourceId: bookmark.id! });
  report.relation = { name: relation.name, relatedResourceName: relation.relatedResourceName, relatedResourceType: relation.relatedResourceType };
  const gotRelation = await client.incidentRelations.get(rg, ws, incidentId, relationName);
  await client.incidentRelations.createOrUpdate(rg, ws, incidentId, relationName, gotRelation);
  report.relations = (await collect(client.incidentRelations.list(rg, ws, incidentId))).map((r) => r.name);
  report.incidentBookmarks = (await client.incidents.listBookmarks(rg, ws, incidentId)).value.map((b) => b.name);
  const withCounts = await client.incidents.get(rg, ws, incidentId);
  report.countsAfterWrites = { comments: withCounts.additionalData?.commentsCount, bookmarks: withCounts.additionalData?.bookmarksCount };

  // And everything deleted again.
  await client.incidentRelations.delete(rg, ws, incidentId, relationName);
  report.relationsAfterDelete = (await collect(client.incidentRelations.list(rg, ws, incidentId))).length;
  await client.incidentComments.delete(rg, ws, incidentId, commentId);
  report.commentsAfterDelete = (await collect(client.incidentComments.list(rg, ws, incidentId))).length;
  await client.bookmarks.delete(rg, ws, bookmarkId);
  await client.incidents.delete(rg, ws, incidentId);
  try {
    await client.incidents.get(rg, ws, incidentId);
    report.afterDelete = "still there";
  } catch (e) {
    report.afterDelete = (e as { statusCode?: number }).statusCode;
  }
  return report;
}

main().then(
  (report) => process.stdout.write(`${JSON.stringify({ ok: true, report, exchanges })}\n`),
  (error: unknown) => {
    const e = error as { message?: string; statusCode?: number; code?: string; stack?: string };
    process.stdout.write(`${JSON.stringify({ ok: false, error: { message: e.message, statusCode: e.statusCode, code: e.code, stack: e.stack }, exchanges })}\n`);
    process.exitCode = 1;
  },
);
