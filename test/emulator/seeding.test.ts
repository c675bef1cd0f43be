// Seeding through the front door: the same seed gives the same incidents, another
// seed others, and what a seeded incident links (alerts, entities, comments,
// bookmarks) is reachable through the lists and the POST actions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { testEmulator, type TestEmulator } from "../helpers/emulator.js";
import { loadSpec } from "../helpers/spec.js";
import { listAll } from "./support.js";

const INCIDENTS = "securityinsights/2025-12-01/Incidents.json";
const BOOKMARKS = "securityinsights/2025-12-01/Bookmarks.json";
const spec = loadSpec();

function assertValid(file: string, definition: string, value: unknown, what: string): void {
  const errors = spec.validate(file, definition, value);
  assert.deepEqual(errors.slice(0, 5), [], `${what} is not a valid ${definition}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

async function seeded(seed: string): Promise<{ em: TestEmulator; incidents: Doc[] }> {
  const em = await testEmulator({ seedIncidents: 200, seed });
  const { items } = await listAll(em.api, em.api.path("incidents"), { $top: 1000, $orderby: "properties/incidentNumber asc" });
  return { em, incidents: items };
}

const summary = (incidents: Doc[]) => incidents.map((i) => [i.properties.incidentNumber, i.name, i.properties.title, i.properties.severity, i.properties.status]);

const a = await seeded("a");

test("200 incidents are seeded, numbered 1 to 200", () => {
  assert.equal(a.incidents.length, 200);
  assert.deepEqual(a.incidents.map((i) => i.properties.incidentNumber), Array.from({ length: 200 }, (_, i) => i + 1));
});

test("the same seed gives the same incidents; another seed others", async () => {
  const again = await seeded("a");
  assert.deepEqual(summary(again.incidents), summary(a.incidents));
  const other = await seeded("b");
  assert.equal(other.incidents.length, 200);
  const sameTitles = other.incidents.filter((inc, i) => inc.properties.title === a.incidents[i].properties.title).length;
  assert.ok(sameTitles < 100, `${sameTitles} of 200 titles coincide`);
  assert.equal(other.incidents.filter((inc) => a.incidents.some((x) => x.name === inc.name)).length, 0, "no shared incident names");
  await Promise.all([again.em.close(), other.em.close()]);
});

test("seeded incidents look real: a mix of severities and statuses over the last 90 days", () => {
  const counts = (key: string) => new Set(a.incidents.map((i) => i.properties[key])).size;
  assert.equal(counts("severity"), 4);
  assert.equal(counts("status"), 3);
  const oldest = Math.min(...a.incidents.map((i) => Date.parse(i.properties.createdTimeUtc)));
  assert.ok(Date.now() - oldest <= 91 * 86_400_000 && Date.now() - oldest > 60 * 86_400_000);
  for (const inc of a.incidents.filter((i) => i.properties.status === "Closed")) {
    assert.ok(inc.properties.classification, `closed incident ${inc.properties.incidentNumber} has a classification`);
  }
  assert.ok(a.incidents.some((i) => i.properties.labels.length > 0));
  assert.ok(a.incidents.some((i) => i.properties.owner.ownerType === "User"));
});

test("every seeded incident's counts match what the lists and actions return, all valid against the spec", async () => {
  const { api } = a.em;
  let alerts = 0;
  let comments = 0;
  let bookmarks = 0;
  await Promise.all(
    a.incidents.map(async (inc) => {
      const base = (...s: string[]) => api.path("incidents", inc.name, ...s);
      const data = inc.properties.additionalData;
      const [alertRes, bookmarkRes, entityRes, commentList] = await Promise.all([
        api.post(base("alerts")),
        api.post(base("bookmarks")),
        api.post(base("entities")),
        listAll(api, base("comments")),
      ]);
      const n = inc.properties.incidentNumber;
      assertValid(INCIDENTS, "Incident", inc, `incident ${n}`);
      assertValid(INCIDENTS, "IncidentAlertList", alertRes.json, `alerts of ${n}`);
      assertValid(INCIDENTS, "IncidentBookmarkList", bookmarkRes.json, `bookmarks of ${n}`);
      assertValid(INCIDENTS, "IncidentEntitiesResponse", entityRes.json, `entities of ${n}`);
      assertValid(INCIDENTS, "IncidentCommentList", { value: commentList.items }, `comments of ${n}`);
      assert.equal(alertRes.json.value.length, data.alertsCount, `alerts of ${inc.properties.incidentNumber}`);
      assert.equal(bookmarkRes.json.value.length, data.bookmarksCount, `bookmarks of ${inc.properties.incidentNumber}`);
      assert.equal(commentList.items.length, data.commentsCount, `comments of ${inc.properties.incidentNumber}`);
      const products = new Set(alertRes.json.value.map((x: Doc) => x.properties.productName));
      assert.deepEqual([...products].sort(), [...data.alertProductNames].sort());
      if (data.alertsCount > 0) assert.ok(entityRes.json.entities.length > 0, `entities of ${inc.properties.incidentNumber}`);
      const metaTotal = entityRes.json.metaData.reduce((n: number, m: Doc) => n + m.count, 0);
      assert.equal(metaTotal, entityRes.json.entities.length);
      alerts += data.alertsCount;
      comments += data.commentsCount;
      bookmarks += data.bookmarksCount;
    }),
  );
  assert.ok(alerts >= 200, `${alerts} alerts`);
  assert.ok(comments > 0, `${comments} comments`);
  assert.ok(bookmarks > 0, `${bookmarks} bookmark links`);
});

test("seeded relations can be read back by name", async () => {
  const { api } = a.em;
  const linked = a.incidents.filter((i) => i.properties.additionalData.bookmarksCount > 0).slice(0, 10);
  assert.ok(linked.length > 0);
  for (const inc of linked) {
    const { items } = await listAll(api, api.path("incidents", inc.name, "relations"));
    assertValid(INCIDENTS, "RelationList", { value: items }, `relations of ${inc.properties.incidentNumber}`);
    assert.equal(items.length, inc.properties.additionalData.alertsCount + inc.properties.additionalData.bookmarksCount);
    for (const rel of items) {
      const one = await api.get(api.path("incidents", inc.name, "relations", rel.name));
      assert.equal(one.status, 200, one.text);
      assert.deepEqual(one.json, rel);
    }
  }
});

test("the entity kinds are varied and the bookmark list works", async () => {
  const { api } = a.em;
  const kinds = new Set<string>();
  for (const inc of a.incidents.slice(0, 60)) {
    const res = await api.post(api.path("incidents", inc.name, "entities"));
    for (const e of res.json.entities) kinds.add(e.kind);
  }
  for (const kind of ["Account", "Host", "Ip"]) assert.ok(kinds.has(kind), `saw ${kind} among ${[...kinds].join(", ")}`);
  assert.ok(kinds.size >= 5, [...kinds].join(", "));

  const { items } = await listAll(api, api.path("bookmarks"));
  assert.ok(items.length > 0);
  assertValid(BOOKMARKS, "BookmarkList", { value: items }, "the bookmark list");
  for (const b of items) {
    assert.equal(typeof b.properties.displayName, "string");
    assert.equal(typeof b.properties.query, "string");
    const one = await api.get(api.path("bookmarks", b.name));
    assert.equal(one.status, 200);
  }
  const linkedBookmark = items.find((b) => b.properties.incidentInfo);
  assert.ok(linkedBookmark, "some bookmark is linked to an incident");
  assert.ok(a.incidents.some((i) => i.name === linkedBookmark.properties.incidentInfo.incidentId));
});
