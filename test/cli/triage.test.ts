// A shift of triage through the real binary, every effect checked in the emulator's
// store: list the unassigned High incidents, take one (assign … me), label it, add and
// complete a task, comment, close with the reason inferred, reopen (the verdict goes),
// and create an incident that is closed from the start.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Incident, IncidentTask } from "../../src/api/models.js";
import { testEmulator } from "../helpers/emulator.js";
import { Cli } from "../helpers/cli.js";
import { labelNames, storedComments, storedIncident, storedIncidents } from "./fixtures.js";

const emulator = await testEmulator({ seedIncidents: 150, seed: "cli-triage" });
/** An unsigned JWT naming the analyst: the emulator takes its claims as the caller, and `me` is read from them. */
function jwt(claims: Record<string, string>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.sig`;
}
const ME = { oid: "8c2f6d1b-3e4a-4f5b-8a7c-9d0e1f2a3b02", upn: "meganb@contoso.com", name: "Megan Bowen" };
const cli = new Cli(emulator, { env: { SENTINEL_TOKEN: jwt(ME) } });

function storedTasks(name: string): IncidentTask[] {
  const rows = emulator.store.db.prepare("SELECT doc FROM tasks WHERE incident = ?").all(name) as { doc: string }[];
  return rows.map((r) => JSON.parse(r.doc) as IncidentTask);
}

test("a triage session: list, assign me, label, task, comment, close (reason inferred), reopen, create closed", async () => {
  // 1. The unassigned High incidents: exactly those of the store.
  const queue = await cli.json<Incident[]>(["incident", "ls", "--unassigned", "--severity", "high", "--all"]);
  const expected = storedIncidents(emulator).filter((i) => i.properties.severity === "High" && !i.properties.owner?.objectId && !i.properties.owner?.userPrincipalName && !i.properties.owner?.assignedTo);
  assert.ok(expected.length > 0, "the seed has unassigned High incidents");
  assert.deepEqual(queue.map((i) => i.name).sort(), expected.map((i) => i.name).sort());
  const pick = queue.find((i) => i.properties.status !== "Closed") ?? queue[0]!;
  const ref = `#${pick.properties.incidentNumber}`;
  const name = pick.name!;

  // 2. Take it.
  await cli.json(["incident", "assign", ref, "me"]);
  assert.equal(storedIncident(emulator, name)!.properties.owner?.objectId, ME.oid);
  assert.equal(storedIncident(emulator, name)!.properties.owner?.userPrincipalName, ME.upn);
  const mine = await cli.json<Incident[]>(["incident", "list", "--owner", "me", "--all"]);
  assert.ok(mine.some((i) => i.name === name), "--owner me finds it");
  assert.ok(mine.every((i) => i.properties.owner?.objectId === ME.oid), "--owner me finds only mine");
  const byDisplayName = await cli.json<Incident[]>(["incident", "list", "--owner", "MEGAN BOWEN", "--all"]);
  assert.deepEqual(byDisplayName.map((i) => i.name).sort(), mine.map((i) => i.name).sort(), "--owner matches the display name in any case");

  // 3. Labels: added once each, any case found by --label.
  await cli.json(["incident", "label", "add", ref, "phishing", "vip"]);
  await cli.json(["incident", "label", "add", ref, "vip"]);
  assert.deepEqual(labelNames(storedIncident(emulator, name)!).filter((l) => ["phishing", "vip"].includes(l)), ["phishing", "vip"]);
  const labelled = await cli.json<Incident[]>(["incident", "list", "--label", "PHISHING", "--all"]);
  assert.ok(labelled.some((i) => i.name === name));
  await cli.json(["incident", "label", "remove", ref, "vip"]);
  assert.ok(!labelNames(storedIncident(emulator, name)!).includes("vip"));

  // 4. A task, added then completed by its title.
  const task = await cli.json<IncidentTask>(["incident", "task", "add", ref, "Reset the user's password", "--description", "and revoke sessions"]);
  assert.equal(storedTasks(name).find((t) => t.name === task.name)?.properties.status, "New");
  await cli.json(["incident", "task", "complete", ref, "reset the user's password"]);
  assert.equal(storedTasks(name).find((t) => t.name === task.name)?.properties.status, "Completed");
  const listed = await cli.json<IncidentTask[]>(["incident", "task", "list", ref]);
  assert.deepEqual(listed.map((t) => t.name), storedTasks(name).map((t) => t.name));
  await cli.json(["incident", "task", "reopen", ref, task.name!]);
  assert.equal(storedTasks(name).find((t) => t.name === task.name)?.properties.status, "New");

  // 5. A comment.
  await cli.json(["incident", "comment", ref, "Password reset; sessions revoked."]);
  assert.ok(storedComments(emulator, name).some((c) => c.properties.message === "Password reset; sessions revoked."));

  // 6. Close: TruePositive has one reason, so it is filled in.
  await cli.json(["incident", "close", ref, "--classification", "truepositive", "--comment", "Contained"]);
  let s = storedIncident(emulator, name)!.properties;
  assert.equal(s.status, "Closed");
  assert.equal(s.classification, "TruePositive");
  assert.equal(s.classificationReason, "SuspiciousActivity");
  assert.equal(s.classificationComment, "Contained");
  // FalsePositive has two: the command asks, before any request.
  const before = emulator.stats.byOperation.Incidents_CreateOrUpdate ?? 0;
  const err = await cli.fails(["incident", "close", ref, "--classification", "FalsePositive"], 2);
  assert.match(err, /--classification FalsePositive needs --reason: one of IncorrectAlertLogic, InaccurateData/);
  assert.equal(emulator.stats.byOperation.Incidents_CreateOrUpdate ?? 0, before);

  // 7. Reopen: Active, and the verdict is gone.
  await cli.json(["incident", "reopen", ref]);
  s = storedIncident(emulator, name)!.properties;
  assert.equal(s.status, "Active");
  assert.equal(s.classification, undefined);
  assert.equal(s.classificationReason, undefined);
  assert.equal(s.classificationComment, undefined);

  // 8. Unassign.
  await cli.json(["incident", "unassign", ref]);
  assert.equal(storedIncident(emulator, name)!.properties.owner?.objectId, undefined);

  // 9. Created closed, with the reason inferred from BenignPositive.
  const created = await cli.json<Incident>(["incident", "create", "--title", "Pen test traffic", "--severity", "Low", "--status", "Closed", "--classification", "BenignPositive", "--classification-comment", "Red team", "--assign", "me"]);
  const c = storedIncident(emulator, created.name!)!.properties;
  assert.equal(c.status, "Closed");
  assert.equal(c.classification, "BenignPositive");
  assert.equal(c.classificationReason, "SuspiciousButExpected");
  assert.equal(c.classificationComment, "Red team");
  assert.equal(c.owner?.objectId, ME.oid);
});

test("update --owner still works, with a deprecation notice on stderr; --assign is the flag", async () => {
  const target = storedIncidents(emulator).find((i) => i.properties.status !== "Closed")!;
  const r = await cli.run(["incident", "update", target.name!, "--owner", "alexw@contoso.com"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /--owner is deprecated.*use --assign/);
  assert.equal(storedIncident(emulator, target.name!)!.properties.owner?.userPrincipalName, "alexw@contoso.com");
  await cli.json(["incident", "update", target.name!, "--assign", "none"]);
  assert.equal(storedIncident(emulator, target.name!)!.properties.owner?.objectId, undefined);
});

test("aliases: ls for list, view for show", async () => {
  const some = storedIncidents(emulator)[0]!;
  const viewed = await cli.json<Incident>(["incident", "view", some.name!]);
  assert.equal(viewed.name, some.name);
  const listed = await cli.json<Incident[]>(["incident", "ls", "--top", "3"]);
  assert.equal(listed.length, 3);
});

test("assign me with a token that names no one says what to do instead", async () => {
  const plain = new Cli(emulator);
  const some = storedIncidents(emulator)[0]!;
  const err = await plain.fails(["incident", "assign", some.name!, "me"], 2);
  assert.match(err, /give your user principal name or email instead of 'me'/);
});
