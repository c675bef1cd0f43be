// updateIncident keeps every field it was not asked to change, validates before
// sending, and loses nothing when several clients write at once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Incident } from "../../src/api/models.js";
import type { IncidentUpdate } from "../../src/client/update.js";
import { testEmulator } from "../helpers/emulator.js";
import { clientFor, rejection } from "../helpers/client.js";
import { workspaceOf } from "../emulator/fixtures.js";

const emulator = await testEmulator();
const sentinel = clientFor(emulator);
const ws = workspaceOf(emulator.store);

function fullIncident(): string {
  const name = randomUUID();
  emulator.store.incidents.put(ws, name, {
    title: "Credential dumping on DC01",
    description: "LSASS memory read by an unsigned binary.",
    severity: "Medium",
    status: "Active",
    classification: "TruePositive",
    classificationReason: "SuspiciousActivity",
    classificationComment: "Confirmed by IR",
    owner: { objectId: "5d7d3a8e-0a8c-4b8a-9f0e-6f1f2b7c9a01" },
    labels: [{ labelName: "ransomware" }, { labelName: "VIP", labelType: "AutoAssigned" }],
    firstActivityTimeUtc: "2024-03-01T10:00:00Z",
    lastActivityTimeUtc: "2024-03-01T11:00:00Z",
  });
  return name;
}

const stored = (name: string) => JSON.parse(emulator.store.incidents.get(ws, name)!) as Incident;

test("an update keeps every field it does not name, field by field", async () => {
  const name = fullIncident();
  const before = stored(name).properties;
  await sentinel.updateIncident(name, { severity: "high" as "High" }); // lower case still works at run time, as MSTICPy users write it
  const after = stored(name).properties;
  assert.equal(after.severity, "High", "enum values are sent canonical");
  for (const key of ["title", "description", "status", "classification", "classificationReason", "classificationComment", "firstActivityTimeUtc", "lastActivityTimeUtc", "createdTimeUtc", "incidentNumber"] as const) {
    assert.deepEqual(after[key], before[key], key);
  }
  assert.deepEqual(after.owner, before.owner, "owner");
  assert.deepEqual(after.labels, before.labels, "labels, with their label types");
  assert.notEqual(after.lastModifiedTimeUtc, undefined);
});

test("labels: replace, add and remove; owner: UPN, email, objectId, object, null", async () => {
  const name = fullIncident();
  let p = (await sentinel.updateIncident(name, { addLabels: ["phishing"], removeLabels: "ransomware" })).properties;
  assert.deepEqual(p.labels!.map((l) => l.labelName), ["VIP", "phishing"]);
  p = (await sentinel.updateIncident(name, { labels: ["a", { labelName: "b" }] })).properties;
  assert.deepEqual(p.labels!.map((l) => l.labelName), ["a", "b"]);
  p = (await sentinel.updateIncident(name, { owner: "meganb@contoso.com" })).properties;
  assert.equal(p.owner!.assignedTo, "Megan Bowen");
  p = (await sentinel.updateIncident(name, { owner: "adele.vance@contoso.com" })).properties;
  assert.equal(p.owner!.assignedTo, "Adele Vance");
  p = (await sentinel.updateIncident(name, { owner: "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b04" })).properties;
  assert.equal(p.owner!.assignedTo, "Diego Siciliani");
  p = (await sentinel.updateIncident(name, { owner: { userPrincipalName: "nestorw@contoso.com" } })).properties;
  assert.equal(p.owner!.assignedTo, "Nestor Wilke");
  p = (await sentinel.updateIncident(name, { owner: null })).properties;
  assert.equal(p.owner!.objectId, undefined);
  assert.equal(p.owner!.ownerType, "Unknown");
});

test("closing checks the classification and reason before sending anything", async () => {
  const name = fullIncident();
  const before = emulator.stats.requests;
  const dump = emulator.store.dump();
  const cases: [Record<string, unknown>, string][] = [
    [{ status: "Closed" }, "classification"],
    [{ status: "Closed", classification: "FalsePositive" }, "classificationReason"],
    [{ status: "Closed", classification: "TruePositive", classificationReason: "InaccurateData" }, "classificationReason"],
    [{ status: "Closed", classification: "Undetermined", classificationReason: "SuspiciousActivity" }, "classificationReason"],
    [{ severity: "Critical" }, "severity"],
    [{ status: "Done" }, "status"],
    [{ incidentNumber: 5 }, "incidentNumber"],
    [{ "properties.createdTimeUtc": "2024-01-01T00:00:00Z" }, "createdTimeUtc"],
    [{ colour: "red" }, "colour"],
    [{ title: "" }, "title"],
    [{ owner: "not an owner" }, "owner"],
    [{ firstActivityTimeUtc: "yesterday" }, "firstActivityTimeUtc"],
    [{}, "updateItems"],
  ];
  for (const [items, field] of cases) {
    const e = await rejection(sentinel.updateIncident(name, items as IncidentUpdate));
    assert.equal(e.name, "SentinelValidationError", JSON.stringify(items));
    assert.equal(e.field, field, JSON.stringify(items));
  }
  // @ts-expect-error "Critical" is no severity: the type refuses it, and so does the run-time check.
  const severity = await rejection(sentinel.updateIncident(name, { severity: "Critical" }));
  assert.match(severity.message, /High, Medium, Low, Informational/);
  assert.equal(emulator.stats.requests, before, "no request was sent");
  assert.equal(emulator.store.dump(), dump, "nothing changed");
});

test("closing with a fitting pair works and drops a reason that no longer fits", async () => {
  const name = fullIncident();
  const p = (await sentinel.updateIncident(name, { status: "closed", classification: "benignpositive", classificationReason: "suspiciousbutexpected" } as unknown as IncidentUpdate)).properties;
  assert.deepEqual([p.status, p.classification, p.classificationReason], ["Closed", "BenignPositive", "SuspiciousButExpected"]);
  const u = (await sentinel.updateIncident(name, { classification: "Undetermined" })).properties;
  assert.equal(u.classificationReason, undefined);
});

test("the caller's update object is never mutated", async () => {
  const name = fullIncident();
  const items: IncidentUpdate = { severity: "Low", addLabels: ["x"], owner: { userPrincipalName: "lynner@contoso.com" } };
  const copy = structuredClone(items);
  await sentinel.updateIncident(name, items);
  assert.deepEqual(items, copy);
});

test("an update that changes nothing writes nothing", async () => {
  const name = fullIncident();
  const writes = () => emulator.stats.byOperation.Incidents_CreateOrUpdate ?? 0;
  const before = writes();
  const detailed = await sentinel.updateIncidentDetailed(name, { severity: "Medium", addLabels: ["VIP"] });
  assert.equal(detailed.changed, false);
  assert.equal(writes(), before, "no PUT was sent");
  const changed = await sentinel.updateIncidentDetailed(name, { severity: "Low" });
  assert.equal(changed.changed, true);
  assert.equal(writes(), before + 1);
});

test("8 clients adding 10 labels each to one incident at once: all 80 are there", async () => {
  const name = fullIncident();
  const clients = Array.from({ length: 8 }, () => clientFor(emulator));
  await Promise.all(
    clients.flatMap((c, i) => Array.from({ length: 10 }, (_, j) => c.updateIncident(name, { addLabels: [`c${i}-l${j}`] }, { maxConflictRetries: 200 }))),
  );
  const labels = stored(name).properties.labels!.map((l) => l.labelName);
  for (let i = 0; i < 8; i++) for (let j = 0; j < 10; j++) assert.ok(labels.includes(`c${i}-l${j}`), `c${i}-l${j}`);
  assert.ok(labels.includes("ransomware") && labels.includes("VIP"));
});

test("owner and severity changes interleaved with comments: no field reverts", async () => {
  const name = fullIncident();
  const a = clientFor(emulator);
  const b = clientFor(emulator);
  const c = clientFor(emulator);
  await Promise.all([
    ...Array.from({ length: 6 }, (_, i) => a.updateIncident(name, { owner: i % 2 ? "alexw@contoso.com" : "meganb@contoso.com" }, { maxConflictRetries: 50 })),
    ...Array.from({ length: 6 }, () => b.updateIncident(name, { severity: "High" }, { maxConflictRetries: 50 })),
    ...Array.from({ length: 6 }, (_, i) => c.postComment(name, `note ${i}`)),
    b.updateIncident(name, { description: "final description" }, { maxConflictRetries: 50 }),
  ]);
  const p = stored(name).properties;
  assert.equal(p.severity, "High");
  assert.equal(p.description, "final description");
  assert.ok(["Alex Wilber", "Megan Bowen"].includes(p.owner!.assignedTo!));
  assert.equal(p.title, "Credential dumping on DC01");
  assert.equal(p.additionalData!.commentsCount, 6);
});
