// The change feed survives SIGKILL. Writers create, update, close and delete
// incidents in two workspaces of an emulator with visibility lag while the real
// `sentinel incident watch --checkpoint … -o jsonl` runs; it is killed with SIGKILL
// at random points (at least 20) and started again from its checkpoint. At the end:
// the last version of every incident, and every deletion (reconcile on), has been
// delivered; an eventId came twice only if it was in the batch in flight at a kill
// (not yet in the checkpoint, at the end of the killed run's output, one workspace);
// and nothing older than a delivered version of an incident arrived after it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { workspaceResourceId, type WorkspaceRef } from "../../src/api/resourceId.js";
import { SentinelClient } from "../../src/client/sentinelClient.js";
import { StaticTokenCredential } from "../../src/client/credentials.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import type { WatchCheckpoint } from "../../src/client/watch/checkpoint.js";
import { testEmulator, TEST_TOKEN } from "../helpers/emulator.js";
import { rejection } from "../helpers/client.js";
import { assertBuilt, cliEnv, tempDir } from "../helpers/cli.js";
import { CLI_BIN } from "../helpers/paths.js";

const KILLS = 22;
const LAG_MS = 300;
const OTHER: WorkspaceRef = { subscriptionId: "9e3f1c55-0000-4000-8000-00000000c0de", resourceGroup: "rg-crash", workspaceName: "crash-two" };
const WORKSPACES = [DEFAULT_WORKSPACE, OTHER];

interface Event {
  kind: "created" | "updated" | "deleted";
  eventId: string;
  workspace: string;
  incident: { name: string; etag: string; properties?: { lastModifiedTimeUtc: string } };
}

interface Run {
  events: Event[];
  killed: boolean;
  /** The checkpoint as the run left it. */
  checkpoint?: WatchCheckpoint;
}

test(`incident watch killed with SIGKILL at ${KILLS} random points: nothing lost, repeats only from the batch in flight, never backwards`, { timeout: 120_000 }, async () => {
  assertBuilt();
  const emulator = await testEmulator({ visibilityLagMs: LAG_MS, workspaces: [OTHER], seed: "watch-crash" });
  const dir = tempDir("sentinel-watch-crash-");
  const checkpoint = join(dir, "feed.json");
  const env = cliEnv(emulator);
  const args = [
    "incident", "watch", "--checkpoint", checkpoint, "--interval", "100ms", "--lookback", "3s", "--reconcile", "250ms", "--since", "1h",
    ...WORKSPACES.flatMap((w) => ["--resource-id", workspaceResourceId(w)]),
  ];

  const clients = WORKSPACES.map((w) => new SentinelClient(w, { endpoint: emulator.url, credential: new StaticTokenCredential(TEST_TOKEN) }));
  // Each writer works on incidents of its own, so two writers never race on one incident
  // (an update that lands after a delete would create the incident again).
  const owned: { w: number; names: string[] }[] = [];
  const deleted = new Set<string>();
  let writing = true;
  let writes = 0;
  const writer = async (w: number) => {
    const client = clients[w]!;
    const mine = { w, names: [] as string[] };
    owned.push(mine);
    while (writing) {
      const pool = mine.names.filter((n) => !deleted.has(n));
      const r = Math.random();
      if (pool.length < 3 || r < 0.3) {
        mine.names.push((await client.createIncident({ title: `crash ${w}-${mine.names.length}`, severity: "Low" })).name!);
      } else {
        const name = pool[Math.floor(Math.random() * pool.length)]!;
        if (r < 0.4) {
          await client.deleteIncident(name);
          deleted.add(name);
        } else if (r < 0.5) await client.updateIncident(name, { status: "Closed", classification: "Undetermined" });
        else await client.updateIncident(name, { severity: r < 0.75 ? "High" : "Medium", title: `crash ${w} v${writes}` });
      }
      writes++;
      await new Promise((res) => setTimeout(res, 5 + Math.random() * 25));
    }
  };
  const writers = [writer(0), writer(0), writer(1), writer(1)];

  const runs: Run[] = [];
  const runOnce = (kill: boolean, extra: string[] = []) =>
    new Promise<Run>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI_BIN, ...args, ...extra], { env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      let err = "";
      let timer: NodeJS.Timeout | undefined;
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        // The kill point: a random moment after the first change was printed.
        if (kill && !timer) timer = setTimeout(() => child.kill("SIGKILL"), Math.random() * 500);
      });
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      // A run that prints nothing for long is killed too (still a kill point).
      const fallback = kill ? setTimeout(() => child.kill("SIGKILL"), 2_500) : undefined;
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        clearTimeout(fallback);
        if (kill ? signal !== "SIGKILL" : code !== 0) return reject(new Error(`watch ended with ${code ?? signal}: ${err}`));
        // A line cut by the kill never reached the consumer whole: it was not delivered.
        const lines = out.split("\n").slice(0, -1);
        const cp = existsSync(checkpoint) ? (JSON.parse(readFileSync(checkpoint, "utf8")) as WatchCheckpoint) : undefined;
        resolve({ events: lines.map((l) => JSON.parse(l) as Event), killed: kill, checkpoint: cp });
      });
    });

  for (let k = 0; k < KILLS; k++) runs.push(await runOnce(true));
  writing = false;
  await Promise.all(writers);
  // Every write is visible to lists and the reconcile is due: one last run catches up.
  await new Promise((r) => setTimeout(r, LAG_MS + 300));
  runs.push(await runOnce(false, ["--once"]));

  const all = runs.flatMap((r, i) => r.events.map((e, pos) => ({ ...e, run: i, pos })));
  const killedRuns = runs.filter((r) => r.killed).length;
  assert.equal(killedRuns, KILLS);
  assert.ok(all.length > 50, `enough changes were delivered to mean something (${all.length})`);

  // 1. The last version of every incident, and every deletion, arrived.
  let checked = 0;
  for (const { w, names } of owned) {
    const client = clients[w]!;
    for (const name of names) {
      const mine = all.filter((e) => e.incident.name === name);
      if (deleted.has(name)) {
        assert.equal((await rejection(client.getIncident(name))).name, "IncidentNotFoundError");
        if (mine.some((e) => e.kind !== "deleted")) {
          assert.equal(mine.at(-1)!.kind, "deleted", `the deletion of ${name} was delivered last: ${mine.map((e) => `run ${e.run}${runs[e.run]!.killed ? " (killed)" : ""} #${e.pos}: ${e.kind} ${e.incident.etag}`).join("; ")}`);
        }
      } else {
        const now = await client.getIncident(name);
        assert.equal(mine.at(-1)?.incident.etag, now.etag, `the last version of ${name} was delivered last`);
      }
      checked++;
    }
  }

  // 2. Repeats only from the batch in flight at a kill.
  const firstSeen = new Map<string, (typeof all)[number]>();
  const repeatedFrom = new Map<number, Set<number>>();
  let repeats = 0;
  for (const e of all) {
    const first = firstSeen.get(e.eventId);
    if (!first) {
      firstSeen.set(e.eventId, e);
      continue;
    }
    repeats++;
    const earlier = all.filter((x) => x.eventId === e.eventId && x.run < e.run);
    for (const prior of earlier) {
      const run = runs[prior.run]!;
      assert.ok(run.killed, `${e.eventId} came twice, and the first run was not killed`);
      const cp = run.checkpoint?.workspaces[wsKeyOf(prior.eventId)];
      const key = prior.incident.name.toLowerCase();
      if (prior.kind === "deleted") assert.ok(cp?.known?.[prior.incident.name] !== undefined, `the repeated deletion ${prior.eventId} was not in the checkpoint`);
      else assert.notEqual(cp?.delivered[key]?.[0], prior.incident.etag.replace(/"/g, ""), `the repeated ${prior.eventId} was not in the checkpoint`);
      if (!repeatedFrom.has(prior.run)) repeatedFrom.set(prior.run, new Set());
      repeatedFrom.get(prior.run)!.add(prior.pos);
    }
  }
  for (const [runIndex, positions] of repeatedFrom) {
    const events = runs[runIndex]!.events;
    const from = Math.min(...positions);
    const tail = events.slice(from);
    assert.ok(tail.length <= 1000, "at most one page");
    assert.equal(new Set(tail.map((e) => wsKeyOf(e.eventId))).size, 1, `the repeats of run ${runIndex} are the end of its output, from one workspace: one batch`);
  }

  // 3. Never backwards: per incident, delivered versions only move forward.
  for (const name of new Set(all.map((e) => e.incident.name))) {
    const times = all.filter((e) => e.incident.name === name && e.kind !== "deleted").map((e) => Date.parse(e.incident.properties!.lastModifiedTimeUtc));
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! >= times[i - 1]!, `${name}: a version older than one delivered arrived after it`);
  }
  const deletions = all.filter((e) => e.kind === "deleted").length;
  console.log(`# watch crash: ${KILLS} SIGKILLs, ${writes} writes, ${checked} incidents checked, ${all.length} changes delivered (${deletions} deletions), ${repeats} repeats, all from the batch in flight`);
});

function wsKeyOf(eventId: string): string {
  return eventId.split("/").slice(0, 3).join("/");
}
