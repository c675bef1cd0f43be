// What MSTICPy 3.0.2's MicrosoftSentinel sends, sent to the emulator: bodies that
// are Python's str() of the dicts MSTICPy builds (made by /usr/bin/python3 running
// msticpy-requests.py, standard library only), to the same paths (lower-case
// 'resourcegroups') with the same api-versions and headers. Each must be taken as
// real Sentinel takes it, and its effect must be in the store. MSTICPy's own code
// is not needed; the runner in ../shared/tools/msticpy-runner checks that.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { testEmulator, TEST_TOKEN } from "../helpers/emulator.js";
import { requireTool } from "../helpers/tools.js";
import { DEBIAN_PYTHON, hasPython, runPython } from "../helpers/python.js";
import { workspaceOf } from "./fixtures.js";

const SCRIPT = fileURLToPath(new URL("./msticpy-requests.py", import.meta.url));

const em = await testEmulator({ seedIncidents: 12, seed: "msticpy" });
const ws = workspaceOf(em.store);

// An open seeded incident, given labels and a description so the PUT's replacing shows.
const target = (em.store.db.prepare("SELECT name, doc FROM incidents WHERE ws = ? ORDER BY number").all(ws.id) as { name: string; doc: string }[])
  .map((r) => ({ name: r.name, props: JSON.parse(r.doc).properties }))
  .find((r) => r.props.status !== "Closed");
if (target) {
  const res = await em.api.put(em.api.path("incidents", target.name), {
    properties: { ...target.props, labels: [{ labelName: "triage", labelType: "User" }], description: "set before the update" },
  });
  assert.equal(res.status, 200, res.text);
}
const bookmark = (em.store.db.prepare("SELECT name FROM bookmarks WHERE ws = ? ORDER BY name LIMIT 1").get(ws.id) as { name: string }).name;

// Every escape Python's repr() writes: \' (the text holds both quotes), \\, \n, \t,
// \xNN (C0, DEL, C1), \uNNNN (a zero-width space), \UNNNNNNNN (tag characters of a
// flag emoji), with printable non-ASCII and an emoji kept as UTF-8.
const TEXT =
  'it\'s "quoted" C:\\Users\\x\\new\nline\ttab \u001b[31mred\u001b[0m bell\u0007 nul\u0000 del\u007f c1\u0085 ' +
  "zero\u200bwidth caf\u00e9 \ud83d\ude00 flag \ud83c\udff4\udb40\udc67\udb40\udc62\udb40\udc65\udb40\udc6e\udb40\udc67\udb40\udc7f";

interface PyRequest {
  step: string;
  method: string;
  url: string;
  body: string | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function stored(table: string, name: string): any {
  const row = em.store.db.prepare(`SELECT doc FROM ${table} WHERE ws = ? AND name = ?`).get(ws.id, name) as { doc: string } | undefined;
  return row && JSON.parse(row.doc);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const seen: Record<string, any> = {};

async function send(r: PyRequest): Promise<{ status: number; text: string }> {
  // MSTICPy's get_api_headers: a bearer token and a JSON content type, on every request.
  const res = await fetch(r.url, {
    method: r.method,
    headers: { Authorization: `Bearer ${TEST_TOKEN}`, "Content-Type": "application/json" },
    body: r.body ?? (r.method === "POST" ? "" : undefined),
  });
  return { status: res.status, text: await res.text() };
}

test("MSTICPy's requests, bodies as Python's str(dict), are accepted and take effect", async (t) => {
  if (!requireTool(t, hasPython(), `${DEBIAN_PYTHON}`, "apt-get install python3")) return;
  assert.ok(target, "the seed has an open incident");

  // update_incident reads the incident first, as MSTICPy does, for title, status and etag.
  const read = await send({ step: "read", method: "GET", url: `${em.url}${em.api.path("incidents", target.name)}?api-version=2020-01-01`, body: null });
  const current = JSON.parse(read.text);
  const py = await runPython(
    [SCRIPT],
    JSON.stringify({
      base: `${em.url}/`,
      sub: ws.ref.subscriptionId,
      rg: ws.ref.resourceGroup,
      ws: ws.ref.workspaceName,
      incident: target.name,
      bookmark,
      text: TEXT,
      current: { title: current.properties.title, status: current.properties.status, etag: current.etag },
    }),
  );
  assert.equal(py.code, 0, py.stderr);
  const { requests, ids } = JSON.parse(py.stdout) as { requests: PyRequest[]; ids: Record<string, string> };

  // The bodies really are Python's, not JSON: single quotes and Python's escapes.
  const update = requests.find((r) => r.step === "update_incident")!;
  assert.match(update.body!, /^\{'properties': \{'severity': 'High', 'title': /);
  const comment = requests.find((r) => r.step === "post_comment")!;
  for (const escape of ["\\'", "\\\\", "\\n", "\\t", "\\x1b", "\\x00", "\\x7f", "\\x85", "\\u200b", "\\U000e0067"]) {
    assert.ok(comment.body!.includes(escape), `the comment body carries ${escape}`);
  }
  assert.ok(requests.every((r) => r.url.includes("/resourcegroups/")), "MSTICPy's lower-case resourcegroups");
  assert.ok(requests[0]!.url.endsWith("?%24top=50&api-version=2020-01-01"), "the query as httpx encodes it");

  const before = em.store.dump();
  for (const r of requests) {
    const res = await send(r);
    if (r.url.includes("api-version=2020-04-01")) {
      // MSTICPy reads comments and relations with api-version 2020-04-01, which
      // Microsoft.SecurityInsights never published: ARM refuses it, and MSTICPy,
      // which does not look at the status there, shows no comments or bookmarks.
      assert.equal(res.status, 400, `${r.step}: ${res.text}`);
      assert.equal(JSON.parse(res.text).error.code, "InvalidApiVersionParameter");
    } else if (r.step === "update_incident (stale etag)") {
      assert.equal(res.status, 409, `${r.step}: ${res.text}`);
      assert.equal(JSON.parse(res.text).error.code, "Conflict");
    } else {
      assert.ok(res.status === 200 || res.status === 201, `${r.step}: ${res.status} ${res.text.slice(0, 300)}`);
    }
    if (r.step === "create_bookmark") seen.bookmark = JSON.parse(res.text);
    if (r.step === "delete_bookmark") seen.bookmarkAfterDelete = stored("bookmarks", ids.bookmark!);
  }
  assert.notEqual(em.store.dump(), before);

  // update_incident: severity changed; title and status as sent; and, as ARM's PUT
  // does, what MSTICPy left out (labels, description) is replaced.
  const updated = stored("incidents", target.name);
  assert.equal(updated.properties.severity, "High", "the stale update did not overwrite it");
  assert.equal(updated.properties.title, target.props.title);
  assert.equal(updated.properties.status, target.props.status);
  assert.deepEqual(updated.properties.labels, []);
  assert.equal(updated.properties.description, undefined);
  assert.notEqual(updated.etag, current.etag);

  // post_comment: the text exactly, every character.
  assert.equal(stored("comments", ids.comment!)?.properties.message, TEXT);

  // add_bookmark_to_incident: 'subscriptions/…' without a leading slash names the bookmark.
  const relation = stored("relations", ids.relation!);
  assert.equal(relation.properties.relatedResourceName, bookmark);
  assert.equal(relation.properties.relatedResourceType, "Microsoft.SecurityInsights/bookmarks");
  assert.equal(relation.properties.relatedResourceId, `${em.api.path("bookmarks", bookmark)}`);

  // create_incident: title, description and labels exactly; isoformat() times as sent; the bookmark related by its whole URL.
  const created = stored("incidents", ids.created!);
  assert.equal(created.properties.title, TEXT);
  assert.equal(created.properties.description, TEXT);
  assert.equal(created.properties.severity, "High");
  assert.equal(created.properties.status, "New");
  assert.deepEqual(created.properties.labels, [
    { labelName: "msticpy", labelType: "User" },
    { labelName: TEXT, labelType: "User" },
  ]);
  assert.equal(created.properties.firstActivityTimeUtc, ids.first);
  assert.equal(created.properties.lastActivityTimeUtc, ids.last);
  assert.equal(Date.parse(created.properties.firstActivityTimeUtc), Date.UTC(2019, 0, 1, 13, 15, 30, 123));
  assert.equal(stored("relations", ids.createdRelation!)?.properties.relatedResourceName, bookmark);
  assert.equal(created.properties.additionalData.bookmarksCount, 1);

  // create_bookmark, then delete_bookmark.
  assert.equal(seen.bookmark.properties.displayName, TEXT);
  assert.equal(seen.bookmark.properties.notes, TEXT);
  assert.deepEqual(seen.bookmark.properties.labels, ["msticpy", TEXT]);
  assert.equal(seen.bookmarkAfterDelete, undefined);

  // Returned faithfully: control characters as JSON escapes, never raw on the wire.
  const get = await send({ step: "get", method: "GET", url: `${em.url}${em.api.path("incidents", ids.created!)}?api-version=2020-01-01`, body: null });
  assert.equal(JSON.parse(get.text).properties.title, TEXT);
  assert.ok(!/[\u0000-\u001f]/.test(get.text), "no raw control character in the response");
  assert.ok(get.text.includes("\\u001b[31mred"));
});

test("a PUT that leaves fields out replaces them, as ARM's does and MSTICPy's update relies on (no merge)", async () => {
  const id = crypto.randomUUID();
  const path = `${em.url}${em.api.path("incidents", id)}?api-version=2020-01-01`;
  const full = "{'properties': {'title': 'full', 'severity': 'Low', 'status': 'Active', 'description': 'd', 'labels': [{'labelName': 'a', 'labelType': 'User'}], 'owner': {'email': 'alex.wilber@contoso.com'}}}";
  assert.equal((await send({ step: "create", method: "PUT", url: path, body: full })).status, 201);
  const bare = "{'properties': {'severity': 'High', 'title': 'full', 'status': 'Active'}}";
  assert.equal((await send({ step: "update", method: "PUT", url: path, body: bare })).status, 200);
  const after = stored("incidents", id).properties;
  assert.equal(after.severity, "High");
  assert.equal(after.description, undefined);
  assert.deepEqual(after.labels, []);
  assert.equal(after.owner.email, undefined);
});
