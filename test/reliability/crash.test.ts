// Crash safety: an emulator keeping its data in a file is killed with SIGKILL in
// the middle of a burst of writes from this process. After a restart every write
// that was acknowledged with a 2xx is there, nothing is half-written, counts agree
// with what is stored, and SQLite's integrity check passes. Three kill points.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { RawApi } from "../helpers/emulator.js";
import { CLI_BIN, PROJECT_ROOT } from "../helpers/paths.js";

const dir = mkdtempSync(join(tmpdir(), "sentinel-crash-"));
const db = join(dir, "crash.db");

async function start(): Promise<{ child: ChildProcess; api: RawApi }> {
  const child = spawn(process.execPath, [CLI_BIN, "emulator", "start", "--port", "0", "--db", db], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited early (${code})`)));
  });
  return { child, api: new RawApi(url) };
}

interface Acked {
  incident: string;
  title: string;
  comments: string[];
}

/** Writes until `killAfter` acknowledgements, then kills the emulator while writes are still in flight. */
async function burst(killAfter: number, acked: Map<string, Acked>): Promise<void> {
  const { child, api } = await start();
  let count = 0;
  let killed = false;
  const exited = new Promise((r) => child.once("exit", r));
  const writer = async () => {
    while (!killed) {
      const incident = randomUUID();
      const title = `Crash test ${incident.slice(0, 8)} — ${"x".repeat(Math.floor(Math.random() * 3000))}`;
      try {
        const res = await api.put(api.path("incidents", incident), { properties: { title, severity: "Medium", status: "New", labels: [{ labelName: "crash" }] } });
        if (res.status !== 201) continue;
        const entry: Acked = { incident, title, comments: [] };
        acked.set(incident, entry);
        count++;
        for (let i = 0; i < 3 && !killed; i++) {
          const message = `comment ${i} on ${incident}`;
          const c = await api.put(api.path("incidents", incident, "comments", randomUUID()), { properties: { message } });
          if (c.status === 201) {
            entry.comments.push(message);
            count++;
          }
        }
      } catch {
        // The emulator is gone: whatever was not acknowledged may or may not be there.
      }
      if (count >= killAfter && !killed) {
        killed = true;
        child.kill("SIGKILL");
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, writer));
  await exited;
}

test("killed with SIGKILL mid-burst, three times: every acknowledged write survives, nothing half-written", { timeout: 120_000 }, async () => {
  const acked = new Map<string, Acked>();
  for (const killAfter of [25, 120, 400]) {
    await burst(killAfter, acked);
    // Restart on the same file and read everything back through the API.
    const { child, api } = await start();
    try {
      for (const entry of acked.values()) {
        const res = await api.get(api.path("incidents", entry.incident));
        assert.equal(res.status, 200, `incident ${entry.incident} acknowledged before the kill`);
        assert.equal(res.json.properties.title, entry.title);
        const comments = await api.get(api.path("incidents", entry.incident, "comments"), { query: { $top: 1000 } });
        const messages = (comments.json.value as { properties: { message: string } }[]).map((c) => c.properties.message);
        for (const m of entry.comments) assert.ok(messages.includes(m), `comment '${m}' acknowledged before the kill`);
        assert.equal(res.json.properties.additionalData.commentsCount, messages.length, "counts agree with what is stored");
      }
    } finally {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    const check = new Database(db, { readonly: true });
    try {
      assert.equal(check.pragma("integrity_check", { simple: true }), "ok");
      for (const row of check.prepare("SELECT doc FROM incidents").all() as { doc: string }[]) {
        const doc = JSON.parse(row.doc);
        assert.ok(doc.properties.title && doc.etag, "every stored incident is whole");
      }
      const orphans = check.prepare("SELECT count(*) AS n FROM comments c WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.ws = c.ws AND i.name = c.incident)").get() as { n: number };
      assert.equal(orphans.n, 0, "no comment without its incident");
    } finally {
      check.close();
    }
  }
  assert.ok(acked.size > 50, `${acked.size} incidents acknowledged across the three runs`);
});
