// Paging, the filter builder, the smaller lists, tasks, deletes and rows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { incidentFilter } from "../../src/client/filter.js";
import { toRows } from "../../src/client/rows.js";
import type { Incident } from "../../src/api/models.js";

type Page = Incident[] & { continuationToken?: string };
import { testEmulator } from "../helpers/emulator.js";
import { clientFor, rejection } from "../helpers/client.js";
import { workspaceOf } from "../emulator/fixtures.js";

const emulator = await testEmulator({ seedIncidents: 2300, seed: "lists" });
const sentinel = clientFor(emulator);
const ws = workspaceOf(emulator.store);

test("iterateIncidents follows every page; byPage resumes from a continuation token", async () => {
  let n = 0;
  const seen = new Set<string>();
  for await (const incident of sentinel.iterateIncidents()) {
    seen.add(incident.name!);
    n++;
  }
  assert.equal(n, 2300);
  assert.equal(seen.size, 2300);
  const pages = sentinel.iterateIncidents({ $filter: "properties/severity ne 'Informational'" }).byPage({ maxPageSize: 100 });
  const first: Page = (await pages.next()).value;
  assert.equal(first.length, 100);
  assert.ok(first.continuationToken);
  const resumed = sentinel.iterateIncidents({ $filter: "properties/severity ne 'Informational'" }).byPage({ continuationToken: first.continuationToken });
  const second: Page = (await resumed.next()).value;
  assert.equal(second.length, 100);
  assert.ok(second.every((i) => !first.some((f) => f.name === i.name)), "no overlap");
});

test("listIncidents with $top over 1000 follows nextLink until it has that many", async () => {
  const before = emulator.stats.byOperation.Incidents_List ?? 0;
  const incidents = await sentinel.listIncidents({ $top: 1500 });
  assert.equal(incidents.length, 1500);
  assert.equal((emulator.stats.byOperation.Incidents_List ?? 0) - before, 2);
  assert.equal(new Set(incidents.map((i) => i.name)).size, 1500);
  assert.equal((await sentinel.listIncidents({ $top: 7 })).length, 7);
  assert.equal((await rejection(sentinel.listIncidents({ $top: 0 }))).name, "SentinelValidationError");
  assert.equal((await rejection(sentinel.listIncidents({ top: 5 } as never))).name, "SentinelValidationError");
});

test("incidentFilter builds filters the service understands, quoting every literal", async () => {
  assert.equal(
    incidentFilter({ severity: ["high", "Medium"], status: "New" }),
    "(properties/severity eq 'High' or properties/severity eq 'Medium') and properties/status eq 'New'",
  );
  assert.equal(incidentFilter({ titleContains: "O'Brien" }), "contains(tolower(properties/title), tolower('O''Brien'))");
  assert.equal(incidentFilter({ createdAfter: "2024-05-01T10:00:00+02:00" }), "properties/createdTimeUtc ge 2024-05-01T08:00:00.000Z");
  assert.throws(() => incidentFilter({ severity: "Critical" }), { name: "SentinelValidationError", message: /High, Medium, Low, Informational/ });
  const high = await sentinel.listIncidents({ $top: 1000, $filter: incidentFilter({ severity: "High", createdAfter: new Date(Date.now() - 30 * 86_400_000) }) });
  assert.ok(high.length > 0);
  assert.ok(high.every((i) => i.properties.severity === "High" && Date.parse(i.properties.createdTimeUtc!) >= Date.now() - 30 * 86_400_000));
  const label = (await sentinel.listIncidents({ $top: 1 }))[0];
  const name = randomUUID();
  emulator.store.incidents.put(ws, name, { title: "Quote ' in -- title; DROP TABLE incidents", severity: "Low", status: "New", labels: [{ labelName: "it's" }], owner: { userPrincipalName: "meganb@contoso.com" } });
  const found = await sentinel.listIncidents({ $filter: incidentFilter({ titleContains: "' in -- title; drop", label: "it's", ownerUpn: "MEGANB@contoso.com" }) });
  assert.deepEqual(found.map((i) => i.name), [name]);
  assert.ok(label);
});

test("comments, relations, alerts, entities and bookmarks of an incident; tasks; deletes", async () => {
  const row = emulator.store.db.prepare("SELECT name FROM incidents WHERE json_extract(doc, '$.properties.additionalData.alertsCount') >= 2 LIMIT 1").get() as { name: string };
  const alerts = await sentinel.listIncidentAlerts(row.name);
  assert.ok(alerts.length >= 2);
  const entities = await sentinel.listIncidentEntities(row.name);
  assert.ok(entities.entities!.length > 0);
  assert.equal(entities.metaData!.reduce((s, m) => s + m.count, 0), entities.entities!.length);
  const relations = await sentinel.listRelations(row.name);
  assert.equal(relations.filter((r) => r.properties.relatedResourceKind === "SecurityAlert").length, alerts.length);

  const task = await sentinel.createOrUpdateIncidentTask(row.name, { title: "Isolate the host", description: "Use MDE" });
  assert.equal(task.properties.status, "New");
  const done = await sentinel.createOrUpdateIncidentTask(row.name, { taskId: task.name!, title: "Isolate the host", status: "completed" });
  assert.equal(done.properties.status, "Completed");
  assert.deepEqual((await sentinel.listIncidentTasks(row.name)).map((t) => t.name), [task.name]);
  await sentinel.deleteIncidentTask(row.name, task.name!);
  assert.deepEqual(await sentinel.listIncidentTasks(row.name), []);

  const comment = await sentinel.postComment(row.name, "to be deleted");
  await sentinel.deleteComment(row.name, comment.name!);
  assert.ok(!(await sentinel.listComments(row.name)).some((c) => c.name === comment.name));

  const created = await sentinel.createIncident({ title: "Short-lived", severity: "Informational" });
  await sentinel.deleteIncident(created.name!);
  assert.equal((await rejection(sentinel.getIncident(created.name!))).name, "IncidentNotFoundError");
});

test("comments: empty and over-long are refused before sending", async () => {
  const [incident] = await sentinel.listIncidents({ $top: 1 });
  const before = emulator.stats.requests;
  assert.equal((await rejection(sentinel.postComment(incident!.name!, "   "))).name, "SentinelValidationError");
  const long = await rejection(sentinel.postComment(incident!.name!, "x".repeat(30_001)));
  assert.equal(long.name, "SentinelValidationError");
  assert.match(long.message, /30000/);
  assert.equal(emulator.stats.requests, before);
  await sentinel.postComment(incident!.name!, "x".repeat(30_000));
});

test("toRows flattens incidents into dotted columns", async () => {
  const incidents = await sentinel.listIncidents({ $top: 3 });
  const rows = toRows(incidents);
  assert.equal(rows.length, 3);
  for (const [row, incident] of rows.map((r, i) => [r, incidents[i]!] as const)) {
    assert.equal(row.name, incident.name);
    assert.equal(row["properties.title"], incident.properties.title);
    assert.equal(row["properties.additionalData.alertsCount"], incident.properties.additionalData!.alertsCount);
    assert.equal(row["properties.labels"], incident.properties.labels!.map((l) => l.labelName).join(", "));
  }
});

test("addIncidentDetails adds what getIncident includes to a listed incident, without reading the incident again", async () => {
  const [listed] = await sentinel.listIncidents({ $top: 1, $filter: "properties/additionalData/alertsCount gt 0 and properties/additionalData/commentsCount gt 0" });
  const include = { entities: true, alerts: true, comments: true, bookmarks: true };
  const gets = emulator.stats.byOperation.Incidents_Get ?? 0;
  const details = await sentinel.addIncidentDetails(listed!, include);
  assert.equal(emulator.stats.byOperation.Incidents_Get ?? 0, gets, "no second read of the incident");
  const fromGet = await sentinel.getIncident(listed!.name!, include);
  assert.deepEqual(details, fromGet, "the same details as getIncident's");
  assert.ok(details.alerts!.length > 0 && details.comments!.length > 0);
  assert.deepEqual(await sentinel.addIncidentDetails(listed!), listed, "nothing asked, nothing added");
  assert.equal((await rejection(sentinel.addIncidentDetails({} as Incident, include))).name, "SentinelValidationError");
  const gone = { ...listed!, name: randomUUID() };
  assert.equal((await rejection(sentinel.addIncidentDetails(gone, { alerts: true }))).name, "IncidentNotFoundError");
});
