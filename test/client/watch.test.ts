// The change feed against a real emulator over HTTP: order, dedupe, kinds,
// previous/changedFields, when the checkpoint is saved, reconcile, errors,
// several workspaces, and (model-based) no loss and no repeat under visibility lag.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { SentinelClient } from "../../src/client/sentinelClient.js";
import { StaticTokenCredential } from "../../src/client/credentials.js";
import { watchIncidentsAcrossWorkspaces, type CheckpointStore, type IncidentChange, type IncidentUpsert, type WatchCheckpoint } from "../../src/index.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { testEmulator, TEST_TOKEN } from "../helpers/emulator.js";
import { clientFor, rejection } from "../helpers/client.js";
import { tempDir } from "../helpers/cli.js";

const emulator = await testEmulator();
const OTHER = { subscriptionId: "11111111-2222-3333-4444-555555555555", resourceGroup: "rg2", workspaceName: "second-ws" };
const two = await testEmulator({ workspaces: [OTHER] });
const dir = tempDir("sentinel-watch-");
let n = 0;
const fresh = () => join(dir, `cp-${++n}.json`);

async function drain(feed: AsyncIterable<IncidentChange>): Promise<IncidentChange[]> {
  const out: IncidentChange[] = [];
  for await (const c of feed) out.push(c);
  return out;
}

/** A fresh workspace-like view: only changes to these incidents count. */
const titled = (prefix: string) => ({ filter: `startswith(properties/title, '${prefix}')` });

test("once: every incident's current version, oldest change first; a second run with the checkpoint prints nothing; an update comes once", async () => {
  const sentinel = clientFor(emulator);
  const a = await sentinel.createIncident({ title: "once-A", severity: "High" });
  const b = await sentinel.createIncident({ title: "once-B", severity: "Low" });
  await sentinel.updateIncident(a.name!, { status: "Active" });
  const cp = fresh();
  const first = await drain(sentinel.watchIncidents({ once: true, checkpoint: cp, ...titled("once-") }));
  assert.deepEqual(first.map((c) => [c.kind, c.incident.name]), [["created", b.name], ["created", a.name]], "ordered by lastModifiedTimeUtc, each incident once, at its latest version");
  const latestA = await sentinel.getIncident(a.name!);
  assert.equal(first[1]!.eventId, `${"d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/myrg/myworkspace"}/${a.name}/${latestA.etag!.replace(/"/g, "")}`);
  assert.equal(first[1]!.workspace, "myWorkspace");
  assert.ok(!Number.isNaN(Date.parse(first[0]!.observedAt)));
  assert.deepEqual(await drain(sentinel.watchIncidents({ once: true, checkpoint: cp, ...titled("once-") })), [], "nothing new: nothing printed");
  await sentinel.updateIncident(b.name!, { severity: "Medium" });
  const third = await drain(sentinel.watchIncidents({ once: true, checkpoint: cp, ...titled("once-") }));
  assert.deepEqual(third.map((c) => [c.kind, c.incident.name, c.kind !== "deleted" && c.incident.properties.severity]), [["updated", b.name, "Medium"]]);
  assert.deepEqual(await drain(sentinel.watchIncidents({ once: true, checkpoint: cp, ...titled("once-") })), []);
});

test("a running watcher gives previous and changedFields, and a `since` start reads older changes as updates of incidents created before it", async () => {
  const sentinel = clientFor(emulator);
  const a = await sentinel.createIncident({ title: "live-A", severity: "High" });
  const ac = new AbortController();
  const seen: IncidentChange[] = [];
  for await (const change of sentinel.watchIncidents({ pollIntervalInMs: 20, abortSignal: ac.signal, ...titled("live-") })) {
    seen.push(change);
    if (seen.length === 1) await sentinel.updateIncident(a.name!, { status: "Active", owner: { userPrincipalName: "alice@contoso.com" } });
    if (seen.length === 2) ac.abort();
  }
  assert.equal(seen.length, 2, "abort ends the feed quietly");
  const [created, updated] = seen as [IncidentChange, IncidentChange];
  assert.equal(created.kind, "created");
  assert.equal(updated.kind, "updated");
  const upsert = updated as IncidentUpsert;
  assert.ok(upsert.previous);
  assert.equal(upsert.previous.etag, created.incident.etag);
  assert.deepEqual(upsert.changedFields, ["lastModifiedTimeUtc", "owner", "status"]);
});

test("the checkpoint is saved when the consumer asks for the change after a batch, not before; a break keeps what was taken", async () => {
  const sentinel = clientFor(emulator);
  for (const t of ["batch-1", "batch-2", "batch-3"]) await sentinel.createIncident({ title: t, severity: "Low" });
  const saves: WatchCheckpoint[] = [];
  const store: CheckpointStore = { load: () => saves.at(-1), save: (c) => void saves.push(structuredClone(c)) };
  const it = sentinel.watchIncidents({ once: true, checkpoint: store, ...titled("batch-") });
  const got: IncidentChange[] = [];
  for (let i = 0; i < 3; i++) got.push((await it.next()).value as IncidentChange);
  assert.equal(saves.length, 0, "nothing is saved while the batch is in the consumer's hands");
  assert.equal((await it.next()).done, true);
  assert.equal(saves.length, 1);
  const ws = Object.values(saves[0]!.workspaces)[0]!;
  assert.equal(ws.cursorMs, Date.parse((got[2]!.incident as { properties: { lastModifiedTimeUtc: string } }).properties.lastModifiedTimeUtc));
  assert.equal(Object.keys(ws.delivered).length, 3);

  // A consumer that breaks after taking one change: that one is re-delivered (it was not asked past), the others come once.
  for (const t of ["brk-1", "brk-2", "brk-3"]) await sentinel.createIncident({ title: t, severity: "Low" });
  const cp = fresh();
  const firstRun: string[] = [];
  for await (const c of sentinel.watchIncidents({ once: true, checkpoint: cp, ...titled("brk-") })) {
    firstRun.push(c.eventId);
    if (firstRun.length === 2) break;
  }
  const secondRun = (await drain(sentinel.watchIncidents({ once: true, checkpoint: cp, ...titled("brk-") }))).map((c) => c.eventId);
  assert.deepEqual(secondRun, firstRun.slice(1).concat(secondRun.slice(1)).slice(0, secondRun.length));
  assert.equal(secondRun[0], firstRun[1], "the change in hand at the break comes again");
  assert.equal(new Set([...firstRun, ...secondRun]).size, 3, "all three, and only the one in hand twice");
});

test("a checkpoint file is replaced atomically and refused when damaged", async () => {
  const sentinel = clientFor(emulator);
  const cp = fresh();
  await drain(sentinel.watchIncidents({ once: true, checkpoint: cp }));
  const saved = JSON.parse(readFileSync(cp, "utf8"));
  assert.equal(saved.version, 1);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".tmp")), [], "no temporary file is left behind");
  writeFileSync(cp, "{ torn");
  const err = await rejection(drain(sentinel.watchIncidents({ once: true, checkpoint: cp })));
  assert.equal(err.name, "SentinelValidationError");
  assert.match(err.message, new RegExp(`${cp.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*not JSON`));
});

test("reconcile reports a delivered incident that is gone, once", async () => {
  const sentinel = clientFor(emulator);
  const a = await sentinel.createIncident({ title: "rec-A", severity: "Low" });
  const b = await sentinel.createIncident({ title: "rec-B", severity: "Low" });
  const cp = fresh();
  const opts = { once: true, checkpoint: cp, reconcileEveryInMs: 1, ...titled("rec-") };
  assert.equal((await drain(sentinel.watchIncidents(opts))).length, 2);
  await sentinel.deleteIncident(a.name!);
  const after = await drain(sentinel.watchIncidents(opts));
  assert.deepEqual(after.map((c) => [c.kind, c.incident.name]), [["deleted", a.name]]);
  assert.match(after[0]!.eventId, /\/deleted$/);
  assert.deepEqual(await drain(sentinel.watchIncidents(opts)), [], "a deletion is reported once");
  assert.ok(b.name);
});

test("a poll that fails after retries goes to onError and the cursor stays; without onError the feed fails", async () => {
  const cp = fresh();
  const sentinel = clientFor(emulator);
  await sentinel.createIncident({ title: "err-A", severity: "Low" });
  const dead = new SentinelClient(DEFAULT_WORKSPACE, { endpoint: "http://127.0.0.1:9", credential: new StaticTokenCredential(TEST_TOKEN), retry: { maxRetries: 0 } });
  const errors: string[] = [];
  const got = await drain(dead.watchIncidents({ once: true, checkpoint: cp, since: "1h", onError: (_e, where) => errors.push(`${where.stage}:${where.workspace}`), ...titled("err-") }));
  assert.deepEqual(got, []);
  assert.deepEqual(errors, ["poll:myWorkspace"]);
  await rejection(drain(dead.watchIncidents({ once: true, ...titled("err-") })));
  // The same checkpoint against the live service now delivers what the failed poll could not read.
  const later = await drain(sentinel.watchIncidents({ once: true, checkpoint: cp, ...titled("err-") }));
  assert.deepEqual(later.map((c) => (c as IncidentUpsert).incident.properties.title), ["err-A"]);
});

test("bad options fail before any request, naming the option", () => {
  const sentinel = clientFor(emulator);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ since: "yesterday" }, /'since' must be a Date, an ISO date-time or a duration/],
    [{ pollIntervalInMs: "soon" }, /'pollIntervalInMs' must be a duration/],
    [{ lookbackInMs: -5 }, /'lookbackInMs' must be a duration/],
    [{ include: { attachments: true } }, /'include.attachments' is not an extra. Allowed: alerts, entities, comments, bookmarks/],
    [{ pollInterval: 5 }, /'pollInterval' is not a watchIncidents option/],
    [{ filter: { severity: "Critical" } }, /severity.*Allowed values: High, Medium, Low, Informational/],
    [{ checkpoint: 42 }, /'checkpoint' must be a file path or an object with load\(\) and save\(\)/],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => sentinel.watchIncidents(options as never), (e: Error) => e.name === "SentinelValidationError" && message.test(e.message), JSON.stringify(options));
  }
});

test("include fetches the extras with each change", async () => {
  const sentinel = clientFor(emulator);
  const a = await sentinel.createIncident({ title: "inc-A", severity: "Low" });
  await sentinel.postComment(a.name!, "first note");
  await sentinel.updateIncident(a.name!, { status: "Active" });
  const [change] = await drain(sentinel.watchIncidents({ once: true, since: "1h", include: { comments: true, alerts: true }, ...titled("inc-") }));
  assert.ok(change && change.kind !== "deleted");
  assert.deepEqual(change.incident.comments?.map((c) => c.properties.message), ["first note"]);
  assert.deepEqual(change.incident.alerts, []);
});

test("several workspaces: one cursor each in one checkpoint; an idle poll costs one request per workspace", async () => {
  const one = clientFor(two);
  const other = new SentinelClient(OTHER, { endpoint: two.url, credential: new StaticTokenCredential(TEST_TOKEN) });
  await one.createIncident({ title: "multi in one", severity: "Low" });
  await other.createIncident({ title: "multi in other", severity: "Low" });
  const cp = fresh();
  const got = await drain(watchIncidentsAcrossWorkspaces([one, { client: other, label: "second" }], { once: true, checkpoint: cp }));
  assert.deepEqual(got.map((c) => [c.workspace, (c.incident as { properties: { title: string } }).properties.title]).sort(), [["myWorkspace", "multi in one"], ["second", "multi in other"]]);
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(cp, "utf8")).workspaces).sort(), ["11111111-2222-3333-4444-555555555555/rg2/second-ws", "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0/myrg/myworkspace"]);
  // Ten idle polls: stop once the 20th request is answered.
  const ac = new AbortController();
  const urls: string[] = [];
  const count = (u: string) => {
    urls.push(u);
    if (urls.length === 20) ac.abort();
  };
  one.onRequest((o) => count(o.url));
  other.onRequest((o) => count(o.url));
  assert.deepEqual(await drain(watchIncidentsAcrossWorkspaces([one, other], { checkpoint: cp, pollIntervalInMs: 5, abortSignal: ac.signal })), []);
  assert.equal(urls.length, 20, "nothing more after the abort");
  assert.equal(urls.filter((u) => u.includes("/workspaces/myWorkspace/")).length, 10, "one request per poll for the first workspace");
  assert.equal(urls.filter((u) => u.includes("/workspaces/second-ws/")).length, 10, "and for the second");
  assert.ok(urls.every((u) => /\/incidents\?/.test(u)), "each one a list request");
  assert.ok(existsSync(cp));
});

test("model: with visibility lag ≤ look-back, writers and a running watcher — the last version of every incident arrives, none twice, none out of order", async () => {
  const lagged = await testEmulator({ visibilityLagMs: 120, seed: "watch-model" });
  const sentinel = clientFor(lagged);
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.record({ op: fc.constantFrom("create", "update", "update", "close", "delete"), target: fc.nat(5), pause: fc.nat(25) }), { minLength: 5, maxLength: 30 }),
      async (ops) => {
        const prefix = `model${++run}-`;
        const names: string[] = [];
        const live = new Map<string, boolean>();
        const ac = new AbortController();
        const delivered: IncidentChange[] = [];
        const watching = (async () => {
          for await (const c of sentinel.watchIncidents({ pollIntervalInMs: 15, lookbackInMs: 300, reconcileEveryInMs: 1, abortSignal: ac.signal, ...titled(prefix) })) delivered.push(c);
        })();
        for (const { op, target, pause } of ops) {
          const name = names[target % Math.max(1, names.length)];
          if (op === "create" || !name) {
            const created = await sentinel.createIncident({ title: `${prefix}${names.length}`, severity: "Low" });
            names.push(created.name!);
            live.set(created.name!, true);
          } else if (live.get(name)) {
            if (op === "delete") {
              await sentinel.deleteIncident(name);
              live.set(name, false);
            } else if (op === "close") await sentinel.updateIncident(name, { status: "Closed", classification: "Undetermined" });
            else await sentinel.updateIncident(name, { severity: pause % 2 ? "High" : "Medium" });
          }
          await new Promise((r) => setTimeout(r, pause));
        }
        await new Promise((r) => setTimeout(r, 120 + 120));
        ac.abort();
        await watching;
        const ids = delivered.map((c) => c.eventId);
        assert.equal(new Set(ids).size, ids.length, "no eventId twice");
        for (const name of names) {
          const mine = delivered.filter((c) => c.incident.name === name);
          if (live.get(name)) {
            const now = await sentinel.getIncident(name);
            assert.equal(mine.at(-1)?.incident.etag, now.etag, `the last version of ${name} was delivered`);
          } else if (mine.length > 0) {
            // An incident deleted before any list showed it was never the consumer's to forget.
            assert.equal(mine.at(-1)?.kind, "deleted", `the deletion of ${name} was delivered`);
          }
          const times = mine.filter((c) => c.kind !== "deleted").map((c) => Date.parse((c.incident as { properties: { lastModifiedTimeUtc: string } }).properties.lastModifiedTimeUtc));
          assert.deepEqual(times, [...times].sort((x, y) => x - y), "nothing older after a newer version");
        }
      },
    ),
    { numRuns: 6 },
  );
});
