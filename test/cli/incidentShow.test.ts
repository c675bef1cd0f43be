// `sentinel incident show` by every kind of reference, with its extras; the
// comments/relations/tasks lists; `sentinel bookmark list|show`; not found and
// ambiguous references (exit 3).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Bookmark, Incident, IncidentComment, IncidentTask, Relation } from "../../src/api/models.js";
import type { IncidentDetails } from "../../src/client/operations/incidents.js";
import { testEmulator } from "../helpers/emulator.js";
import { Cli } from "../helpers/cli.js";
import { sortedNames, storedBookmarks, storedComments, storedIncidents, uniquelyTitled } from "./fixtures.js";

const emulator = await testEmulator({ seedIncidents: 200, seed: "cli-show" });
const cli = new Cli(emulator);
const stored = storedIncidents(emulator);
const rich = stored.find((i) => {
  const a = i.properties.additionalData ?? {};
  return (a.alertsCount ?? 0) > 1 && (a.commentsCount ?? 0) > 0 && (a.bookmarksCount ?? 0) > 0;
})!;
assert.ok(rich, "the seed has an incident with alerts, comments and bookmarks");
const api = emulator.api;

/** The incident's alerts, entities and bookmarks straight from the REST API. */
async function expectedExtras(name: string) {
  const alerts = (await api.post(api.path("incidents", name, "alerts"))).json.value as { name: string }[];
  const entities = (await api.post(api.path("incidents", name, "entities"))).json.entities as { name: string }[];
  const bookmarks = (await api.post(api.path("incidents", name, "bookmarks"))).json.value as { name: string }[];
  return { alerts, entities, bookmarks };
}

test("show finds an incident by GUID, #number, resource id and title", async () => {
  const byId = await cli.json<IncidentDetails>(["incident", "show", rich.name!]);
  assert.equal(byId.name, rich.name);
  assert.equal(byId.properties.title, rich.properties.title);
  assert.equal(byId.entities, undefined, "no extras unless asked");
  const byNumber = await cli.json<Incident>(["incident", "show", `#${rich.properties.incidentNumber}`]);
  assert.equal(byNumber.name, rich.name);
  const byResourceId = await cli.json<Incident>(["incident", "show", rich.id!]);
  assert.equal(byResourceId.name, rich.name);
  const titled = uniquelyTitled(stored);
  const byTitle = await cli.json<Incident>(["incident", "show", titled.properties.title]);
  assert.equal(byTitle.name, titled.name);
});

test("--entities, --alerts, --comments, --bookmarks add each section; --details adds all four", async () => {
  const expected = await expectedExtras(rich.name!);
  const comments = storedComments(emulator, rich.name!);
  const entities = await cli.json<IncidentDetails>(["incident", "show", rich.name!, "--entities"]);
  assert.deepEqual(sortedNames(entities.entities!), sortedNames(expected.entities));
  assert.equal(entities.alerts, undefined);
  const alerts = await cli.json<IncidentDetails>(["incident", "show", rich.name!, "--alerts"]);
  assert.deepEqual(sortedNames(alerts.alerts!), sortedNames(expected.alerts));
  assert.equal(alerts.alerts!.length, rich.properties.additionalData!.alertsCount);
  const withComments = await cli.json<IncidentDetails>(["incident", "show", rich.name!, "--comments"]);
  assert.deepEqual(sortedNames(withComments.comments!), sortedNames(comments));
  const withBookmarks = await cli.json<IncidentDetails>(["incident", "show", rich.name!, "--bookmarks"]);
  assert.deepEqual(sortedNames(withBookmarks.bookmarks!), sortedNames(expected.bookmarks));

  const details = await cli.json<IncidentDetails>(["incident", "show", rich.name!, "--details"]);
  for (const k of ["entities", "alerts", "comments", "bookmarks"] as const) assert.equal(details[k]!.length, { ...expected, comments }[k].length, k);
});

test("in table mode show prints a card: fields, then a section per extra", async () => {
  const r = await cli.run(["incident", "show", rich.name!, "--details", "-o", "table"]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  const p = rich.properties;
  assert.ok(r.stdout.startsWith(`#${p.incidentNumber} ${p.severity}  ${p.title}\n`), r.stdout.slice(0, 200));
  assert.match(r.stdout, new RegExp(`^Id\\s+${rich.name}$`, "m"));
  assert.match(r.stdout, new RegExp(`^Status\\s+${p.status}`, "m"));
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  assert.match(r.stdout, new RegExp(`^Counts\\s+${n(p.additionalData!.alertsCount!, "alert")}, ${n(p.additionalData!.bookmarksCount!, "bookmark")}, ${n(p.additionalData!.commentsCount!, "comment")}$`, "m"));
  const sections = [...r.stdout.matchAll(/^(Entities|Alerts|Comments|Bookmarks) \((\d+)\)$/gm)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(sections.map((s) => s.split(" ")[0]), ["Entities", "Alerts", "Comments", "Bookmarks"]);
  assert.ok(sections.includes(`Alerts ${p.additionalData!.alertsCount}`));
  assert.ok(sections.includes(`Comments ${p.additionalData!.commentsCount}`));
  const plain = await cli.run(["incident", "show", rich.name!, "-o", "table"]);
  assert.doesNotMatch(plain.stdout, /^(Entities|Alerts|Comments|Bookmarks) \(/m, "no sections unless asked");
});

test("an unknown GUID, number or title exits 3 and says so on stderr", async () => {
  const guid = randomUUID();
  assert.match(await cli.fails(["incident", "show", guid], 3), new RegExp(`^sentinel: Incident '${guid}' does not exist in workspace myWorkspace`));
  assert.match(await cli.fails(["incident", "show", "#99999"], 3), /No incident number 99999\b/);
  assert.match(await cli.fails(["incident", "show", "no incident is called this"], 3), /No incident .* title matching 'no incident is called this'/);
});

test("an ambiguous title exits 3 and lists the candidates with their numbers and GUIDs", async () => {
  const word = "Suspicious";
  const matching = stored.filter((i) => i.properties.title.toLowerCase().includes(word.toLowerCase()));
  assert.ok(matching.length > 2);
  const stderr = await cli.fails(["incident", "show", word], 3);
  assert.match(stderr, /ambiguous/);
  const listed = [...stderr.matchAll(/^\s+#(\d+)\s+([0-9a-f-]{36})\s/gm)];
  assert.ok(listed.length >= 2, stderr);
  for (const [, number, name] of listed) {
    const match = matching.find((i) => i.name === name);
    assert.ok(match, `${name} is a real candidate`);
    assert.equal(String(match.properties.incidentNumber), number);
  }
});

test("comments, relations and tasks of an incident", async () => {
  const comments = await cli.json<IncidentComment[]>(["incident", "comments", `#${rich.properties.incidentNumber}`]);
  assert.deepEqual(sortedNames(comments), sortedNames(storedComments(emulator, rich.name!)));
  const table = await cli.run(["incident", "comments", rich.name!, "-o", "table"]);
  assert.match(table.stdout.split("\n")[0]!, /^CREATED UTC\s+AUTHOR\s+MESSAGE\s+ID$/);
  assert.equal(table.stdout.trimEnd().split("\n").length, comments.length + 1);

  const relations = await cli.json<Relation[]>(["incident", "relations", rich.name!]);
  const expected = (await api.get(api.path("incidents", rich.name!, "relations"))).json.value as Relation[];
  assert.deepEqual(sortedNames(relations), sortedNames(expected));
  assert.ok(relations.some((r) => r.properties.relatedResourceType?.toLowerCase() === "microsoft.securityinsights/bookmarks"));

  assert.deepEqual(await cli.json(["incident", "tasks", rich.name!]), []);
  assert.equal((await cli.run(["incident", "tasks", rich.name!, "-o", "table"])).stdout, "No tasks.\n");
  const task = randomUUID();
  const put = await api.put(api.path("incidents", rich.name!, "tasks", task), { properties: { title: "Reset the user's password", status: "New" } });
  assert.ok(put.status === 200 || put.status === 201, put.text);
  const tasks = await cli.json<IncidentTask[]>(["incident", "tasks", rich.name!]);
  assert.deepEqual(tasks.map((t) => [t.name, t.properties.title]), [[task, "Reset the user's password"]]);
  const taskTable = await cli.run(["incident", "tasks", rich.name!, "-o", "table"]);
  assert.match(taskTable.stdout, new RegExp(`^New\\s+Reset the user's password\\s+${task}$`, "m"));
});

test("bookmark list and bookmark show by GUID and by display name", async () => {
  const all = storedBookmarks(emulator);
  assert.ok(all.length > 2);
  const listed = await cli.json<Bookmark[]>(["bookmark", "list"]);
  assert.deepEqual(sortedNames(listed), sortedNames(all));
  assert.equal((await cli.json<Bookmark[]>(["bookmark", "list", "--top", "2"])).length, 2);
  const table = await cli.run(["bookmark", "list", "-o", "table"]);
  assert.match(table.stdout.split("\n")[0]!, /^CREATED UTC\s+NAME\s+LINKED\s+ID$/);
  assert.equal(table.stdout.trimEnd().split("\n").length, all.length + 1);

  const counts = new Map<string, number>();
  for (const b of all) counts.set(b.properties.displayName.toLowerCase(), (counts.get(b.properties.displayName.toLowerCase()) ?? 0) + 1);
  const named = all.find((b) => counts.get(b.properties.displayName.toLowerCase()) === 1)!;
  const byId = await cli.json<Bookmark>(["bookmark", "show", named.name!]);
  assert.equal(byId.properties.displayName, named.properties.displayName);
  const byName = await cli.json<Bookmark>(["bookmark", "show", named.properties.displayName]);
  assert.equal(byName.name, named.name);
  const card = await cli.run(["bookmark", "show", named.name!, "-o", "table"]);
  assert.ok(card.stdout.startsWith(`${named.properties.displayName}\n`));
  assert.match(card.stdout, /^Query$/m);
  const missing = randomUUID();
  assert.match(await cli.fails(["bookmark", "show", missing], 3), new RegExp(`^sentinel: Bookmark '${missing}' does not exist in workspace myWorkspace`));
});
