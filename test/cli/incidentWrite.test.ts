// The commands that change things — update, close, comment, link-bookmark, create,
// delete — through the real binary, each checked in the emulator's store.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Incident, IncidentComment, Relation } from "../../src/api/models.js";
import { testEmulator } from "../helpers/emulator.js";
import { Cli } from "../helpers/cli.js";
import { labelNames, linkedBookmarks, storedBookmarks, storedComments, storedIncident, storedIncidents } from "./fixtures.js";

const emulator = await testEmulator({ seedIncidents: 120, seed: "cli-write" });
const cli = new Cli(emulator);
const seeded = storedIncidents(emulator);
// Each test works on incidents of its own, so the order of the tests does not matter.
const open = seeded.filter((i) => i.properties.status !== "Closed");
const [forUpdate, forOwner, forClose, forComment, forLink] = open;
assert.ok(forLink, "the seed has enough open incidents");
const writes = () => emulator.stats.byOperation.Incidents_CreateOrUpdate ?? 0;

test("update: title, description, severity, status, repeated --add-label/--remove-label and --set", async () => {
  const name = forUpdate!.name!;
  const [keep, drop1, drop2] = ["keep-me", "drop-one", "drop-two"];
  await cli.json(["incident", "update", name, "--add-label", keep, "--add-label", drop1, "--add-label", drop2]);
  assert.deepEqual(labelNames(storedIncident(emulator, name)!).filter((l) => [keep, drop1, drop2].includes(l)), [keep, drop1, drop2]);

  const updated = await cli.json<Incident>([
    "incident", "update", `#${forUpdate!.properties.incidentNumber}`,
    "--title", "Renamed from the command line",
    "--description", "Checked by the CLI test",
    "--severity", "High",
    "--status", "Active",
    "--remove-label", drop1, "--remove-label", drop2,
    "--add-label", "from-cli",
    "--set", "firstActivityTimeUtc=2026-01-02T03:04:05Z",
  ]);
  const s = storedIncident(emulator, name)!;
  assert.deepEqual(updated.properties.title, s.properties.title, "prints what the service stored");
  assert.equal(s.properties.title, "Renamed from the command line");
  assert.equal(s.properties.description, "Checked by the CLI test");
  assert.equal(s.properties.severity, "High");
  assert.equal(s.properties.status, "Active");
  assert.equal(Date.parse(s.properties.firstActivityTimeUtc!), Date.parse("2026-01-02T03:04:05Z"));
  const labels = labelNames(s);
  assert.ok(labels.includes(keep) && labels.includes("from-cli"));
  assert.ok(!labels.includes(drop1) && !labels.includes(drop2));
  for (const l of labelNames(forUpdate!)) assert.ok(labels.includes(l), `seeded label ${l} is kept`);

  await cli.json(["incident", "update", name, "--set", 'labels=["only","these"]', "--set", "severity=Low"]);
  const replaced = storedIncident(emulator, name)!;
  assert.deepEqual(labelNames(replaced), ["only", "these"], "--set takes JSON values");
  assert.equal(replaced.properties.severity, "Low");
  assert.equal(replaced.properties.title, "Renamed from the command line", "fields not named are kept");
});

test("update in table mode prints the card and whether anything changed", async () => {
  const name = forUpdate!.name!;
  const r = await cli.run(["incident", "update", name, "--severity", "Medium", "-o", "table"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^#\d+ Medium  /);
  assert.match(r.stdout, new RegExp(`\nIncident #${forUpdate!.properties.incidentNumber} updated\\.\n$`));
  const before = writes();
  const again = await cli.run(["incident", "update", name, "--severity", "Medium", "-o", "table"]);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /already as asked; nothing changed\.\n$/);
  assert.equal(writes(), before, "no write when nothing changes");
});

test("update --assign takes a UPN, an email, an objectId, or none", async () => {
  const name = forOwner!.name!;
  const owner = () => storedIncident(emulator, name)!.properties.owner!;
  // --assign sets the owner (--owner, its old name, still works with a notice: see triage.test.ts).
  await cli.json(["incident", "update", name, "--assign", "alexw@contoso.com"]);
  assert.equal(owner().userPrincipalName, "alexw@contoso.com");
  await cli.json(["incident", "update", name, "--assign", "megan.bowen@contoso.com"]);
  assert.equal(owner().userPrincipalName, "meganb@contoso.com");
  await cli.json(["incident", "update", name, "--assign", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b04"]);
  assert.equal(owner().userPrincipalName, "diegos@contoso.com");
  const unassigned = await cli.json<Incident>(["incident", "update", name, "--assign", "none"]);
  assert.equal(owner().objectId ?? owner().userPrincipalName ?? owner().assignedTo, undefined);
  assert.equal(unassigned.properties.owner?.userPrincipalName, undefined);
});

test("update --classification/--reason/--classification-comment, and close with each valid pair", async () => {
  const name = forClose!.name!;
  await cli.json([
    "incident", "update", name, "--status", "Closed", "--classification", "BenignPositive", "--reason", "SuspiciousButExpected", "--classification-comment", "expected admin work",
  ]);
  let p = storedIncident(emulator, name)!.properties;
  assert.deepEqual([p.status, p.classification, p.classificationReason, p.classificationComment], ["Closed", "BenignPositive", "SuspiciousButExpected", "expected admin work"]);

  const pairs: [string, string | undefined][] = [
    ["TruePositive", "SuspiciousActivity"],
    ["FalsePositive", "IncorrectAlertLogic"],
    ["FalsePositive", "InaccurateData"],
    ["BenignPositive", "SuspiciousButExpected"],
    ["Undetermined", undefined],
  ];
  for (const [classification, reason] of pairs) {
    await cli.json(["incident", "update", name, "--status", "Active"]);
    const args = ["incident", "close", name, "--classification", classification, "--comment", `closed as ${classification}`];
    if (reason) args.push("--reason", reason);
    const closed = await cli.json<Incident>(args);
    p = storedIncident(emulator, name)!.properties;
    assert.equal(p.status, "Closed");
    assert.equal(p.classification, classification);
    if (reason) assert.equal(p.classificationReason, reason);
    assert.equal(p.classificationComment, `closed as ${classification}`);
    assert.equal(closed.properties.classification, classification);
  }
});

test("close with a reason that does not fit the classification exits 2 and names the allowed reasons", async () => {
  const name = forClose!.name!;
  await cli.json(["incident", "update", name, "--status", "Active"]);
  const before = writes();
  const stderr = await cli.fails(["incident", "close", name, "--classification", "TruePositive", "--reason", "SuspiciousButExpected"], 2);
  assert.match(stderr, /SuspiciousButExpected/);
  assert.match(stderr, /use one of: SuspiciousActivity/);
  const bad = await cli.fails(["incident", "close", name, "--classification", "Bogus"], 2);
  assert.match(bad, /Undetermined, TruePositive, BenignPositive, FalsePositive/);
  assert.match(await cli.fails(["incident", "close", name], 2), /--classification/, "the classification is required");
  assert.equal(writes(), before, "nothing was written");
  assert.equal(storedIncident(emulator, name)!.properties.status, "Active");
});

test("comment: as text, with --file, and from stdin with '-' (and --file -)", async () => {
  const name = forComment!.name!;
  const before = storedComments(emulator, name).length;
  const table = await cli.run(["incident", "comment", name, "Posted as text", "-o", "table"]);
  assert.equal(table.code, 0);
  assert.equal(table.stderr, "");
  const m = /^Comment posted\.\n([0-9a-f-]{36})\n$/.exec(table.stdout);
  assert.ok(m, table.stdout);
  const messageOf = (id: string) => storedComments(emulator, name).find((c) => c.name === id)?.properties.message;
  assert.equal(messageOf(m[1]!), "Posted as text");

  const file = join(cli.cwd, "note.md");
  writeFileSync(file, "Line one\nLine two\n");
  const fromFile = await cli.json<IncidentComment>(["incident", "comment", name, "--file", file]);
  assert.equal(messageOf(fromFile.name!), "Line one\nLine two");

  const fromStdin = await cli.json<IncidentComment>(["incident", "comment", `#${forComment!.properties.incidentNumber}`, "-"], { stdin: "Piped in\n" });
  assert.equal(messageOf(fromStdin.name!), "Piped in");
  const fileDash = await cli.json<IncidentComment>(["incident", "comment", name, "--file", "-"], { stdin: "Also piped" });
  assert.equal(messageOf(fileDash.name!), "Also piped");
  assert.equal(storedComments(emulator, name).length, before + 4);

  assert.match(await cli.fails(["incident", "comment", name], 2), /comment text is missing/);
  assert.match(await cli.fails(["incident", "comment", name, "--file", join(cli.cwd, "absent.txt")], 2), /cannot read --file/);
  assert.match(await cli.fails(["incident", "comment", name, "text", "--file", file], 2), /not both/);
  assert.equal(storedComments(emulator, name).length, before + 4, "failed commands posted nothing");
});

test("link-bookmark by GUID and by display name", async () => {
  const name = forLink!.name!;
  const bookmarks = storedBookmarks(emulator);
  const counts = new Map<string, number>();
  for (const b of bookmarks) counts.set(b.properties.displayName.toLowerCase(), (counts.get(b.properties.displayName.toLowerCase()) ?? 0) + 1);
  const unique = bookmarks.filter((b) => counts.get(b.properties.displayName.toLowerCase()) === 1 && !linkedBookmarks(emulator, name).includes(b.name!.toLowerCase()));
  const [byId, byName] = unique;
  assert.ok(byName, "two bookmarks with unique names");

  const r = await cli.run(["incident", "link-bookmark", name, byId!.name!, "-o", "table"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, new RegExp(`^Bookmark ${byId!.name} linked \\(relation [0-9a-f-]{36}\\)\\.\n$`));
  const relation = await cli.json<Relation>(["incident", "link-bookmark", `#${forLink!.properties.incidentNumber}`, byName!.properties.displayName]);
  assert.equal(relation.properties.relatedResourceName?.toLowerCase(), byName!.name!.toLowerCase());
  const linked = linkedBookmarks(emulator, name);
  assert.ok(linked.includes(byId!.name!.toLowerCase()) && linked.includes(byName!.name!.toLowerCase()));
  assert.match(await cli.fails(["incident", "link-bookmark", name, "no bookmark has this name"], 3), /No bookmark of workspace myWorkspace is named like 'no bookmark has this name'/);
});

test("create with every option", async () => {
  const [b1, b2] = storedBookmarks(emulator);
  const id = randomUUID();
  const r = await cli.run([
    "incident", "create",
    "--title", "Created by the CLI test",
    "--severity", "High",
    "--status", "Active",
    "--description", "Every option at once",
    "--first-activity", "2026-11-01T08:00:00Z",
    "--last-activity", "2026-11-01T09:30:00Z",
    "--label", "cli", "--label", "created",
    "--bookmark", b1!.name!, "--bookmark", b2!.name!,
    "--assign", "adelev@contoso.com",
    "--id", id,
    "-o", "table",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const s = storedIncident(emulator, id)!;
  assert.ok(s, "created under the given GUID");
  const p = s.properties;
  assert.deepEqual([p.title, p.severity, p.status, p.description], ["Created by the CLI test", "High", "Active", "Every option at once"]);
  assert.equal(Date.parse(p.firstActivityTimeUtc!), Date.parse("2026-11-01T08:00:00Z"));
  assert.equal(Date.parse(p.lastActivityTimeUtc!), Date.parse("2026-11-01T09:30:00Z"));
  assert.deepEqual(labelNames(s), ["cli", "created"]);
  assert.equal(p.owner?.userPrincipalName, "adelev@contoso.com");
  assert.deepEqual(linkedBookmarks(emulator, id).sort(), [b1!.name!, b2!.name!].map((n) => n.toLowerCase()).sort());
  assert.match(r.stdout, new RegExp(`^#${p.incidentNumber} High  Created by the CLI test\n`));
  assert.match(r.stdout, new RegExp(`\nIncident #${p.incidentNumber} created\\.\n$`));

  const minimal = await cli.json<Incident>(["incident", "create", "--title", "Only the required options", "--severity", "low"]);
  assert.equal(storedIncident(emulator, minimal.name!)!.properties.status, "New");
  assert.match(await cli.fails(["incident", "create", "--severity", "High"], 2), /--title/);
  assert.match(await cli.fails(["incident", "create", "--title", "x", "--severity", "Critical"], 2), /High, Medium, Low, Informational/);
  // Another incident under the same --id: nothing replaced, and the way out in this tool's words.
  const clash = await cli.run(["incident", "create", "--title", "Another incident", "--severity", "Low", "--id", id]);
  assert.notEqual(clash.code, 0);
  assert.match(clash.stderr, /already exists .*nothing was written\. Use 'sentinel incident update' to change it, or another --id\./s);
  assert.equal(storedIncident(emulator, id)!.properties.title, "Created by the CLI test");
});

test("delete: refuses without --yes when not on a terminal; deletes with --yes", async () => {
  const created = await cli.json<Incident>(["incident", "create", "--title", "To be deleted", "--severity", "Informational"]);
  const name = created.name!;
  const stderr = await cli.fails(["incident", "delete", name], 2);
  assert.match(stderr, /without --yes/);
  assert.ok(storedIncident(emulator, name), "nothing deleted");

  const r = await cli.run(["incident", "delete", `#${created.properties.incidentNumber}`, "--yes", "-o", "table"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `Incident #${created.properties.incidentNumber} 'To be deleted' deleted.\n`);
  assert.equal(storedIncident(emulator, name), undefined);

  const other = await cli.json<Incident>(["incident", "create", "--title", "Deleted as JSON", "--severity", "Low"]);
  assert.deepEqual(await cli.json(["incident", "delete", other.name!, "--yes"]), { deleted: true, name: other.name, incidentNumber: other.properties.incidentNumber });
  assert.equal(storedIncident(emulator, other.name!), undefined);
  assert.match(await cli.fails(["incident", "delete", name, "--yes"], 3), /does not exist/);
});
