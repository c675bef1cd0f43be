// Paging: $top bounds, the default page size, nextLink, signed skip tokens, and
// keyset paging over 2,500 incidents that nothing loses or repeats while other
// requests insert and delete.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { IncidentSeverity, IncidentStatus } from "../../src/api/enums.js";
import { RawApi, testEmulator } from "../helpers/emulator.js";
import { assertCloudError, createIncident, guid } from "./support.js";
import { workspaceOf } from "./fixtures.js";

const emulator = await testEmulator();
const { api } = emulator;
const ws = workspaceOf(emulator.store);
const list = api.path("incidents");

const SEVERITIES: IncidentSeverity[] = ["High", "Medium", "Low", "Informational"];
const STATUSES: IncidentStatus[] = ["New", "Active", "Closed"];
const OWNERS = [undefined, "alex.wilber@contoso.com", "megan.bowen@contoso.com", "stranger@example.com"];
const START = Date.parse("2025-01-01T00:00:00Z");

// 2,500 incidents written straight into the store, with ties on every sort key
// (three share each creation time, titles repeat, a quarter have no owner email).
for (let i = 0; i < 2500; i++) {
  const status = STATUSES[i % 3]!;
  const owner = OWNERS[i % 4];
  emulator.store.incidents.put(
    ws,
    guid(),
    {
      title: `Incident ${String(i % 400).padStart(3, "0")}`,
      severity: SEVERITIES[(i * 7) % 4]!,
      status,
      ...(status === "Closed" ? { classification: "Undetermined" as const } : {}),
      ...(owner ? { owner: { email: owner } } : {}),
    },
    { createdTimeUtc: new Date(START + Math.floor(i / 3) * 60_000).toISOString(), lastModifiedTimeUtc: new Date(START + ((i * 7919) % 2500) * 1000).toISOString() },
  );
}
const ORIGINAL = new Set((emulator.store.db.prepare("SELECT name FROM incidents WHERE ws = ?").all(ws.id) as { name: string }[]).map((r) => r.name));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

/** The value SQLite sorts on for an $orderby path: datetimes as epoch ms, missing as null. */
function key(doc: Doc, path: string): string | number | null {
  if (path === "name") return doc.name;
  const value = path.split("/").reduce((v: Doc, seg) => (v === undefined || v === null ? undefined : v[seg]), doc);
  if (value === undefined || value === null) return null;
  if (/TimeUtc$/.test(path)) return Date.parse(value);
  return value;
}

/** -1, 0 or 1 as SQLite orders two values: NULL first, strings by code point. */
function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function assertOrdered(items: Doc[], orderby: [string, "asc" | "desc"][]): void {
  // Ties are broken by name, in the direction of the first key.
  const keys: [string, "asc" | "desc"][] = orderby.some(([p]) => p === "name") ? orderby : [...orderby, ["name", orderby[0]?.[1] ?? "asc"]];
  for (let i = 1; i < items.length; i++) {
    let c = 0;
    for (const [path, dir] of keys) {
      c = compare(key(items[i - 1], path), key(items[i], path)) * (dir === "desc" ? -1 : 1);
      if (c !== 0) break;
    }
    assert.ok(c < 0, `items ${i - 1} and ${i} are out of order for ${JSON.stringify(keys)}: ${items[i - 1].name} / ${items[i].name}`);
  }
}

const spare = [...ORIGINAL];
/** Pages through a list while, alongside each page request, others insert and delete incidents. */
async function pageWhileChanging(query: Record<string, string>): Promise<{ items: Doc[]; deleted: Set<string>; pages: number }> {
  const deleted = new Set<string>();
  const items: Doc[] = [];
  let next: string | undefined;
  let pages = 0;
  do {
    const victims = spare.splice(0, 4);
    const [page] = await Promise.all([
      next ? api.get(next) : api.get(list, { query }),
      ...Array.from({ length: 5 }, () => createIncident(api, { title: `Inserted ${guid()}` })),
      ...victims.map(async (name) => {
        const res = await api.delete(api.path("incidents", name));
        assert.equal(res.status, 200);
        deleted.add(name);
      }),
    ]);
    assert.equal(page.status, 200, page.text);
    items.push(...page.json.value);
    next = page.json.nextLink;
    pages++;
  } while (next);
  return { items, deleted, pages };
}

const ORDERS: { orderby?: string; keys: [string, "asc" | "desc"][]; filter?: string }[] = [
  { keys: [["properties/createdTimeUtc", "desc"]] },
  { orderby: "properties/title asc, properties/createdTimeUtc desc", keys: [["properties/title", "asc"], ["properties/createdTimeUtc", "desc"]] },
  { orderby: "properties/severity desc,properties/incidentNumber asc", keys: [["properties/severity", "desc"], ["properties/incidentNumber", "asc"]] },
  { orderby: "properties/owner/email", keys: [["properties/owner/email", "asc"]] },
  { orderby: "properties/owner/email desc, properties/lastModifiedTimeUtc DESC", keys: [["properties/owner/email", "desc"], ["properties/lastModifiedTimeUtc", "desc"]] },
  { orderby: "name desc", keys: [["name", "desc"]] },
  { orderby: "properties/status asc", keys: [["properties/status", "asc"]], filter: "properties/status ne 'Closed' or properties/severity eq 'High'" },
];

for (const { orderby, keys, filter } of ORDERS) {
  test(`paging ${orderby ?? "in the default order"}${filter ? " with a filter" : ""} loses and repeats nothing while incidents come and go`, async () => {
    const query: Record<string, string> = { $top: "150" };
    if (orderby) query.$orderby = orderby;
    if (filter) query.$filter = filter;
    const { items, deleted, pages } = await pageWhileChanging(query);
    assert.ok(pages >= 10, `paged in ${pages} pages`);
    const names = items.map((i) => i.name);
    assert.equal(new Set(names).size, names.length, "no incident is served twice");
    const served = new Set(names);
    const matches = (doc: Doc) => !filter || doc.properties.status !== "Closed" || doc.properties.severity === "High";
    const expected = [...ORIGINAL].filter((n) => !deleted.has(n) && emulator.store.incidents.exists(ws, n));
    let missing = 0;
    for (const name of expected) {
      const doc = JSON.parse(emulator.store.incidents.get(ws, name)!);
      if (matches(doc) && !served.has(name)) missing++;
    }
    assert.equal(missing, 0, "every incident that existed throughout is served");
    assertOrdered(items, keys);
    if (filter) assert.ok(items.every(matches), "every served incident matches the filter");
  });
}

test("without $top a page holds 50 incidents", async () => {
  const res = await api.get(list);
  assert.equal(res.status, 200);
  assert.equal(res.json.value.length, 50);
  assert.ok(res.json.nextLink);
});

test("$top takes 1 to 1000", async () => {
  for (const top of [1, 1000]) {
    const res = await api.get(list, { query: { $top: top } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.value.length, top);
    assert.ok(res.json.nextLink);
  }
});

test("$top outside 1 to 1000 is refused", async () => {
  for (const top of ["0", "1001", "-1", "abc", "1.5", "", "1e3", "0x10"]) {
    const res = await api.get(list, { query: { $top: top } });
    assertCloudError(res, 400, "InvalidQueryParameterValue", `The value of '$top' must be an integer from 1 to 1000, but was '${top}'`);
  }
});

test("nextLink is absolute on the same origin and keeps api-version, $filter, $orderby and $top", async () => {
  const query = { $filter: "properties/severity eq 'High'", $orderby: "properties/incidentNumber desc", $top: "7" };
  const res = await api.get(list, { query, apiVersion: "2024-03-01" });
  assert.equal(res.status, 200);
  const next = new URL(res.json.nextLink);
  assert.equal(next.origin, emulator.url);
  assert.equal(next.pathname, list);
  assert.equal(next.searchParams.get("api-version"), "2024-03-01");
  assert.equal(next.searchParams.get("$filter"), query.$filter);
  assert.equal(next.searchParams.get("$orderby"), query.$orderby);
  assert.equal(next.searchParams.get("$top"), "7");
  assert.ok(next.searchParams.get("$skipToken"));
  const second = await api.get(res.json.nextLink);
  assert.equal(second.status, 200);
  assert.equal(second.json.value.length, 7);
  assert.ok(second.json.value.every((i: Doc) => i.properties.severity === "High"));
  assert.ok(second.json.value[0].properties.incidentNumber < res.json.value[6].properties.incidentNumber);
});

test("nextLink uses the origin the client addressed", async () => {
  const viaLocalhost = new RawApi(emulator.url.replace("127.0.0.1", "localhost"));
  const res = await viaLocalhost.get(list, { query: { $top: 5 } });
  assert.equal(res.status, 200);
  assert.equal(new URL(res.json.nextLink).origin, emulator.url.replace("127.0.0.1", "localhost"));
});

test("a tampered $skipToken is refused", async () => {
  const res = await api.get(list, { query: { $top: 3 } });
  const token = new URL(res.json.nextLink).searchParams.get("$skipToken")!;
  const [body, sig] = token.split(".") as [string, string];
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
  const forged = Buffer.from(JSON.stringify([1, "x", [0, "00000000-0000-0000-0000-000000000000"]])).toString("base64url");
  for (const bad of [flip(body, 5), `${body}.${flip(sig, 3)}`, `${forged}.${sig}`, "garbage", "", `${body}.`, `.${sig}`]) {
    const r = await api.get(list, { query: { $top: 3, $skipToken: bad } });
    assertCloudError(r, 400, "InvalidQueryParameterValue", "The $skipToken is not valid");
  }
});

test("a skip token is refused on a different query", async () => {
  const res = await api.get(list, { query: { $top: 3, $filter: "properties/severity eq 'Low'" } });
  const token = new URL(res.json.nextLink).searchParams.get("$skipToken")!;
  const differentFilter = await api.get(list, { query: { $top: 3, $filter: "properties/severity eq 'High'", $skipToken: token } });
  assertCloudError(differentFilter, 400, "InvalidQueryParameterValue", "belongs to a different query");
  const noFilter = await api.get(list, { query: { $top: 3, $skipToken: token } });
  assertCloudError(noFilter, 400, "InvalidQueryParameterValue");
  const differentOrder = await api.get(list, { query: { $top: 3, $filter: "properties/severity eq 'Low'", $orderby: "properties/title", $skipToken: token } });
  assertCloudError(differentOrder, 400, "InvalidQueryParameterValue");
  // Another page size is the same query.
  const otherTop = await api.get(list, { query: { $top: 10, $filter: "properties/severity eq 'Low'", $skipToken: token } });
  assert.equal(otherTop.status, 200, otherTop.text);
});

test("a skip token of one incident's comments is refused on another's", async () => {
  const a = await createIncident(api);
  const b = await createIncident(api);
  for (const inc of [a, b]) {
    for (let i = 0; i < 3; i++) await api.put(api.path("incidents", inc.name, "comments", guid()), { properties: { message: `m${i}` } });
  }
  const page = await api.get(api.path("incidents", a.name, "comments"), { query: { $top: 1 } });
  assert.equal(page.json.value.length, 1);
  const token = new URL(page.json.nextLink).searchParams.get("$skipToken")!;
  const ok = await api.get(api.path("incidents", a.name, "comments"), { query: { $top: 1, $skipToken: token } });
  assert.equal(ok.status, 200);
  const foreign = await api.get(api.path("incidents", b.name, "comments"), { query: { $top: 1, $skipToken: token } });
  assertCloudError(foreign, 400, "InvalidQueryParameterValue");
});

test("comments page oldest first", async () => {
  const inc = await createIncident(api);
  const written: string[] = [];
  for (let i = 0; i < 12; i++) {
    written.push(`m${i}`);
    await api.put(api.path("incidents", inc.name, "comments", guid()), { properties: { message: `m${i}` } });
  }
  const served: Doc[] = [];
  let res = await api.get(api.path("incidents", inc.name, "comments"), { query: { $top: 5 } });
  for (;;) {
    served.push(...res.json.value);
    if (!res.json.nextLink) break;
    res = await api.get(res.json.nextLink);
  }
  assert.deepEqual(served.map((c) => c.properties.message).sort(), written.sort());
  assertOrdered(served, [["properties/createdTimeUtc", "asc"]]);
});
