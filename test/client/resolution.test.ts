// Incidents and bookmarks named by GUID, resource id, #number, title or display
// name: literal text, case-insensitive, exact match first, over every item.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { incidentResourceId } from "../../src/api/resourceId.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { testEmulator } from "../helpers/emulator.js";
import { clientFor, rejection } from "../helpers/client.js";
import { putBookmark, workspaceOf } from "../emulator/fixtures.js";

const emulator = await testEmulator();
const sentinel = clientFor(emulator);
const ws = workspaceOf(emulator.store);
const day = 86_400_000;
const base = Date.parse("2024-01-01T00:00:00Z");

function put(title: string, ageDays: number): string {
  const name = randomUUID();
  emulator.store.incidents.put(ws, name, { title, severity: "Low", status: "New" }, { createdTimeUtc: new Date(base - ageDays * day).toISOString() });
  return name;
}

// The oldest incident is the one to find: it is far beyond the first 1,000.
const oldest = put("Beaconing to rare domain from HR-LAPTOP-17", 400);
emulator.store.db.transaction(() => {
  for (let i = 0; i < 1100; i++) put(`Routine sign-in anomaly ${i}`, i / 10);
})();
const special = [
  "O'Brien's mailbox forwarded to external address",
  "Process (powershell.exe) spawned by winword.exe",
  "Access to [classified] share \\\\fs01\\finance",
  "Wildcard * match in rule",
  "100% CPU by miner on SRV-9",
  "Phishing 🎣 wave against finance",
  "Ünïcödé Ålert on Čeština host",
];
const specialIds = new Map(special.map((t) => [t, put(t, 50)]));

test("a title beyond the first 1,000 incidents resolves (the search runs on the server)", async () => {
  const found = await sentinel.getIncident("beaconing to rare domain from hr-laptop-17");
  assert.equal(found.name, oldest);
  const partial = await sentinel.getIncident("rare domain from HR-LAPTOP");
  assert.equal(partial.name, oldest);
});

test("titles are literal text: quotes, brackets, *, %, emoji and unicode", async () => {
  for (const [title, id] of specialIds) {
    assert.equal((await sentinel.getIncident(title)).name, id, title);
    assert.equal((await sentinel.getIncident(title.toUpperCase())).name, id, `${title} (upper case)`);
  }
  assert.equal((await sentinel.getIncident("'Brien's mail")).name, specialIds.get(special[0]!));
  assert.equal((await sentinel.getIncident("100%")).name, specialIds.get(special[4]!));
  assert.equal((await sentinel.getIncident("[classified]")).name, specialIds.get(special[2]!));
});

test("titles with edge spaces, a leading / or a #number that is no incident's are still titles", async () => {
  // Found by the property test in test/reliability/properties.test.ts.
  for (const title of [" @", "/ ", "  padded title  ", "#987654"]) {
    const id = put(title, 5);
    assert.equal((await sentinel.getIncident(title)).name, id, JSON.stringify(title));
  }
});

test("no match gives IncidentNotFoundError", async () => {
  const e = await rejection(sentinel.getIncident("no such incident anywhere"));
  assert.equal(e.name, "IncidentNotFoundError");
  assert.match(e.message, /no such incident anywhere/);
  // Were % or * patterns, they would match every incident.
  assert.equal((await sentinel.getIncident("%")).name, specialIds.get(special[4]!));
  assert.equal((await sentinel.getIncident("*")).name, specialIds.get(special[3]!));
  assert.equal((await rejection(sentinel.getIncident("_%"))).name, "IncidentNotFoundError");
});

test("several matches give AmbiguousIncidentError with up to 10 candidates", async () => {
  const e = await rejection(sentinel.getIncident("Routine sign-in anomaly"));
  assert.equal(e.name, "AmbiguousIncidentError");
  const candidates = e.candidates as { incidentNumber: number; name: string; title: string; createdTimeUtc: string }[];
  assert.equal(candidates.length, 10);
  for (const c of candidates) {
    assert.match(c.title, /Routine sign-in anomaly/);
    assert.ok(c.name && c.incidentNumber && c.createdTimeUtc);
  }
  assert.match(e.message, /#\d+/);
});

test("an exact title wins over titles that merely contain it", async () => {
  const a = put("Suspicious login", 1);
  put("Suspicious login from Tor", 1);
  put("Second suspicious login burst", 1);
  assert.equal((await sentinel.getIncident("SUSPICIOUS LOGIN")).name, a);
});

test("two incidents with the same exact title are ambiguous", async () => {
  put("Duplicate title", 2);
  put("Duplicate title", 3);
  const e = await rejection(sentinel.getIncident("duplicate title"));
  assert.equal(e.name, "AmbiguousIncidentError");
  assert.equal((e.candidates as unknown[]).length, 2);
});

test("#number and resource ids resolve", async () => {
  const row = emulator.store.db.prepare("SELECT number FROM incidents WHERE name = ?").get(oldest) as { number: number };
  assert.equal((await sentinel.getIncident(`#${row.number}`)).name, oldest);
  assert.equal((await sentinel.getIncident(incidentResourceId(DEFAULT_WORKSPACE, oldest))).name, oldest);
  const other = incidentResourceId({ ...DEFAULT_WORKSPACE, workspaceName: "otherWorkspace" }, oldest);
  assert.equal((await rejection(sentinel.getIncident(other))).name, "SentinelValidationError");
  assert.equal((await rejection(sentinel.getIncident("#999999"))).name, "IncidentNotFoundError");
  assert.equal((await rejection(sentinel.getIncident(randomUUID()))).name, "IncidentNotFoundError");
});

test("bookmarks resolve by GUID, resource id and display name, with the same rules", async () => {
  const ids = ["Sign-in from 203.0.113.54", "Sign-in from 203.0.113.54 (second look)", "Mimikatz 'sekurlsa' on DC01", "Twin", "Twin"].map((displayName) => {
    const id = randomUUID();
    putBookmark(emulator.store, id, { displayName });
    return id;
  });
  // Many more bookmarks than one page holds.
  emulator.store.db.transaction(() => {
    for (let i = 0; i < 120; i++) putBookmark(emulator.store, randomUUID(), { displayName: `Hunting note ${i}` });
  })();
  const target = put("Incident for bookmarks", 1);
  const exact = await sentinel.addBookmarkToIncident(target, "sign-in from 203.0.113.54");
  assert.equal(exact.properties.relatedResourceName, ids[0]);
  const quoted = await sentinel.addBookmarkToIncident(target, "mimikatz 'sekurlsa'");
  assert.equal(quoted.properties.relatedResourceName, ids[2]);
  const twin = await rejection(sentinel.addBookmarkToIncident(target, "twin"));
  assert.equal(twin.name, "AmbiguousBookmarkError");
  assert.equal((twin.candidates as unknown[]).length, 2);
  const many = await rejection(sentinel.addBookmarkToIncident(target, "Hunting note"));
  assert.equal(many.name, "AmbiguousBookmarkError");
  assert.equal((await rejection(sentinel.addBookmarkToIncident(target, "nothing like this"))).name, "BookmarkNotFoundError");
  assert.equal((await rejection(sentinel.addBookmarkToIncident(target, randomUUID()))).name, "BookmarkNotFoundError");
  const last = await sentinel.addBookmarkToIncident(target, "Hunting note 119");
  assert.equal(last.properties.relatedResourceName!.length, 36);
});

test("linking an already linked bookmark returns the existing relation", async () => {
  const target = put("Incident linked twice", 1);
  const bookmark = randomUUID();
  putBookmark(emulator.store, bookmark, { displayName: "Linked twice" });
  const first = await sentinel.addBookmarkToIncident(target, bookmark);
  const again = await sentinel.addBookmarkToIncident(target, "Linked twice");
  assert.equal(again.name, first.name);
  // A link made by another tool under another relation name is found and returned.
  const other = put("Incident linked elsewhere", 1);
  const res = await emulator.api.put(emulator.api.path("incidents", other, "relations", "made-by-another-tool"), {
    properties: { relatedResourceId: `/subscriptions/${DEFAULT_WORKSPACE.subscriptionId}/resourceGroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/bookmarks/${bookmark}` },
  });
  assert.equal(res.status, 201);
  const found = await sentinel.addBookmarkToIncident(other, bookmark);
  assert.equal(found.name, "made-by-another-tool");
  assert.equal((await sentinel.listRelations(other)).length, 1);
});
