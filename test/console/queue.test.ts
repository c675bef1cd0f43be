// The console's queue over several workspaces: pages merged in one order, keyset
// paging that neither skips nor repeats, each row labelled with its workspace.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SentinelClient } from "../../src/client/sentinelClient.js";
import { StaticTokenCredential } from "../../src/client/credentials.js";
import { startConsole } from "../../src/console/server.js";
import { clientFor } from "../helpers/client.js";
import { testEmulator, TEST_TOKEN } from "../helpers/emulator.js";

const OTHER = { subscriptionId: "0b9ffb8c-1f4b-4f36-9a7b-4a4b2f6b4c11", resourceGroup: "soc-rg", workspaceName: "second-ws" };
const emulator = await testEmulator({ seedIncidents: 70, seed: "console-queue", workspaces: [OTHER] });
const main = clientFor(emulator);
const other = new SentinelClient(OTHER, { endpoint: emulator.url, credential: new StaticTokenCredential(TEST_TOKEN) });
const server = await startConsole({ workspaces: [{ label: "prod", client: main }, { label: "lab", client: other }] });
test.after(() => server.close());
const token = new URL(server.loginUrl()).hash.replace("#token=", "");
const session = await fetch(`${server.origin}/api/session`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
const cookie = session.headers.get("set-cookie")!.split(";")[0]!;

type Row = { ws: string; name: string; created: string; number: number; title: string };
async function all(query: string): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await fetch(`${server.origin}/api/incidents?${query}${cursor ? `&cursor=${cursor}` : ""}`, { headers: { cookie } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { rows: Row[]; cursor: string | null };
    rows.push(...body.rows);
    cursor = body.cursor;
    pages++;
  } while (cursor);
  return { rows, pages };
}

test("two workspaces: every incident once, newest first across both, in pages of the size asked", async () => {
  const expected = [
    ...(await main.listAllIncidents()).map((i) => ({ ws: "prod", name: i.name!, created: i.properties.createdTimeUtc! })),
    ...(await other.listAllIncidents()).map((i) => ({ ws: "lab", name: i.name!, created: i.properties.createdTimeUtc! })),
  ].sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
  const { rows, pages } = await all("top=25&sort=created&dir=desc");
  assert.equal(rows.length, expected.length);
  assert.equal(pages, Math.ceil(expected.length / 25));
  assert.equal(new Set(rows.map((r) => `${r.ws}/${r.name}`)).size, rows.length, "no incident twice");
  assert.deepEqual(rows.map((r) => r.created), expected.map((e) => e.created), "one order across both");
  assert.deepEqual(new Set(rows.map((r) => r.ws)), new Set(["prod", "lab"]));
});

test("one workspace picked, ascending by number, with a filter", async () => {
  const { rows } = await all("ws=lab&top=7&sort=number&dir=asc&severity=High,Medium");
  const expected = (await other.listAllIncidents({ $filter: "properties/severity eq 'High' or properties/severity eq 'Medium'" })).map((i) => i.properties.incidentNumber!).sort((a, b) => a - b);
  assert.ok(expected.length > 7);
  assert.deepEqual(rows.map((r) => r.number), expected);
  assert.ok(rows.every((r) => r.ws === "lab"));
});

test("counts cover the whole selection in both workspaces", async () => {
  const res = await fetch(`${server.origin}/api/counts?status=New,Active`, { headers: { cookie } });
  const counts = (await res.json()) as { total: number; severity: Record<string, number> };
  const open = [...(await main.listAllIncidents()), ...(await other.listAllIncidents())].filter((i) => i.properties.status !== "Closed");
  assert.equal(counts.total, open.length);
  for (const s of ["High", "Medium", "Low", "Informational"]) assert.equal(counts.severity[s] ?? 0, open.filter((i) => i.properties.severity === s).length);
});
