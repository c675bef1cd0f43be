#!/usr/bin/env node
// Runs MSTICPy itself, unchanged, against a fresh emulator and checks the effect
// of every write in the emulator's store. Needs the runner in
// ../shared/tools/msticpy-runner (run its setup.sh once) and a built project
// (npm run build).
//
//   node scripts/msticpy-check.mjs [--runner DIR] [--msticpy-src DIR]
//   (defaults: $MSTICPY_RUNNER, $SENTINEL_SHARED_DIR/tools/msticpy-runner or
//   ../shared/tools/msticpy-runner; $MSTICPY_SRC or /tmp/msticpy-src)
//
// It starts `sentinel emulator start` on a free port with a SQLite file in a
// temporary folder, runs `run.py all` with an open incident and a bookmark of the
// seed, prints each scenario's line, then reads the file: severity changed,
// comment stored, relation stored, incident created with labels, times and
// bookmark. Exit 0 only when every scenario is ok and every check holds.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

const root = fileURLToPath(new URL("..", import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const shared = process.env.SENTINEL_SHARED_DIR ?? join(root, "..", "shared");
const runner = resolve(arg("--runner", process.env.MSTICPY_RUNNER ?? join(shared, "tools", "msticpy-runner")));
const msticpySrc = resolve(arg("--msticpy-src", process.env.MSTICPY_SRC ?? join(tmpdir(), "msticpy-src")));
const PYTHON = "/usr/bin/python3";

function fail(message) {
  process.stderr.write(`msticpy-check: ${message}\n`);
  process.exit(2);
}
if (!existsSync(join(runner, "run.py"))) fail(`no run.py in ${runner} (--runner DIR, MSTICPY_RUNNER or SENTINEL_SHARED_DIR)`);
if (!existsSync(join(msticpySrc, "msticpy", "__init__.py"))) fail(`no MSTICPy source in ${msticpySrc}: run ${join(runner, "setup.sh")} GIT_DIR ${msticpySrc}`);
if (!existsSync(join(root, "dist", "cli", "main.js"))) fail("dist/ is missing: run npm run build");

const dir = mkdtempSync(join(tmpdir(), "msticpy-check-"));
const dbFile = join(dir, "store.db");
// A token of this run only; never printed.
const token = randomBytes(18).toString("base64url");
const emulator = spawn(
  process.execPath,
  [join(root, "dist", "cli", "main.js"), "emulator", "start", "--port", "0", "--db", dbFile, "--seed-incidents", "20", "--seed", "msticpy-check"],
  { env: { ...process.env, SENTINEL_EMULATOR_TOKEN: token }, stdio: ["ignore", "pipe", "pipe"] },
);
let stopped = false;
const stop = () => {
  if (!stopped) emulator.kill("SIGINT");
  stopped = true;
};
process.on("exit", () => {
  stop();
  rmSync(dir, { recursive: true, force: true });
});

const url = await new Promise((resolveUrl, reject) => {
  let out = "";
  let err = "";
  emulator.stdout.on("data", (d) => {
    out += d;
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) resolveUrl(m[1]);
  });
  emulator.stderr.on("data", (d) => (err += d));
  emulator.on("exit", (code) => reject(new Error(`the emulator exited (${code}) before listening:\n${out}${err}`)));
});

const db = new Database(dbFile, { readonly: true, fileMustExist: true });
const ws = db.prepare("SELECT id FROM workspaces ORDER BY id LIMIT 1").get();
const incidents = db.prepare("SELECT name, doc FROM incidents WHERE ws = ? ORDER BY number").all(ws.id).map((r) => ({ name: r.name, p: JSON.parse(r.doc).properties, etag: JSON.parse(r.doc).etag }));
// MSTICPy finds an incident by a title substring, which must match that one incident only.
const target = incidents.find((i) => i.p.status !== "Closed" && i.p.severity !== "High" && incidents.filter((o) => o.p.title.includes(i.p.title)).length === 1);
const bookmark = db.prepare("SELECT name FROM bookmarks WHERE ws = ? ORDER BY name LIMIT 1").get(ws.id)?.name;
if (!target || !bookmark) fail("the seed has no open, non-High incident with a unique title, or no bookmark");

const commentText = `Checked with MSTICPy: it's "quoted", C:\\temp\\x.ps1, \u001b[1mbold\u001b[0m, café ${new Date().toISOString()}`;
const createTitle = `Created by MSTICPy ${randomBytes(4).toString("hex")}`;
const args = [
  join(runner, "run.py"), "all",
  "--base-url", url, "--token", token, "--msticpy-src", msticpySrc,
  "--incident", target.name, "--incident-title", target.p.title, "--bookmark", bookmark,
  "--comment-text", commentText, "--create-title", createTitle, "--create-bookmarks", bookmark,
];
const run = spawnSync(PYTHON, args, { encoding: "utf8", timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
if (run.error) fail(`${PYTHON}: ${run.error.message}`);
if (run.status !== 0) fail(`run.py exited with ${run.status}:\n${run.stderr.slice(-3000)}`);
const outFile = join(tmpdir(), "msticpy-check.out.jsonl");
writeFileSync(outFile, run.stdout);
const lines = run.stdout.split("\n").filter((l) => l.trim().startsWith("{"));
const scenarios = lines.map((l) => JSON.parse(l));
console.log(`emulator ${url}, MSTICPy from ${msticpySrc}; incident ${target.name} ("${target.p.title}"), bookmark ${bookmark}`);
console.log(`run.py all (${scenarios.length} scenarios; its full output lines are in ${outFile}):`);
for (const s of scenarios) {
  const calls = s.calls.map((c) => `${c.call.length > 90 ? `${c.call.slice(0, 90)}…` : c.call} ${c.ok ? "ok" : `FAILED ${c.error}`} ${c.elapsed_ms} ms`);
  console.log(`  ${s.scenario.padEnd(15)} ${s.ok ? "ok" : "FAILED"}  ${calls.join("; ")}`);
}

// The store, read straight from the emulator's SQLite file.
const checks = [];
const check = (what, ok, detail = "") => checks.push({ what, ok: Boolean(ok), detail });
const doc = (table, where, ...params) => db.prepare(`SELECT doc FROM ${table} WHERE ws = ? AND ${where}`).all(ws.id, ...params).map((r) => JSON.parse(r.doc));

const updated = doc("incidents", "name = ?", target.name)[0];
check("update_incident: severity changed", updated.properties.severity === "High", `${target.p.severity} -> ${updated.properties.severity}`);
check("update_incident: new etag", updated.etag !== target.etag);
const comments = doc("comments", "incident = ?", target.name).filter((c) => c.properties.message === commentText);
check("post_comment: comment stored, text exact", comments.length === 1, `${comments.length} comment(s) with the exact text`);
const related = doc("relations", "incident = ? AND related_name = ?", target.name, bookmark);
check("add_bookmark_to_incident: relation stored", related.length === 1 && related[0].properties.relatedResourceType === "Microsoft.SecurityInsights/bookmarks", related[0]?.name ?? "none");
const created = doc("incidents", "json_extract(doc, '$.properties.title') = ?", createTitle);
const c = created[0]?.properties;
check("create_incident: incident stored", created.length === 1, created[0]?.name ?? "none");
check("create_incident: severity, status, description", c?.severity === "High" && c?.status === "New" && c?.description === "Created offline by msticpy-runner", `${c?.severity}/${c?.status}`);
check("create_incident: labels", JSON.stringify(c?.labels) === JSON.stringify([{ labelName: "label1", labelType: "User" }, { labelName: "label2", labelType: "User" }]), (c?.labels ?? []).map((l) => l.labelName).join(","));
check("create_incident: times", c?.firstActivityTimeUtc === "2019-01-01T13:15:30+00:00" && c?.lastActivityTimeUtc === "2019-01-01T14:15:30+00:00", `${c?.firstActivityTimeUtc} .. ${c?.lastActivityTimeUtc}`);
const createdRel = created[0] ? doc("relations", "incident = ? AND related_name = ?", created[0].name, bookmark) : [];
check("create_incident: bookmark related", createdRel.length === 1 && c?.additionalData?.bookmarksCount === 1, `bookmarksCount ${c?.additionalData?.bookmarksCount}`);
db.close();

console.log("store checks:");
for (const k of checks) console.log(`  ${k.ok ? "ok    " : "FAILED"} ${k.what}${k.detail ? ` (${k.detail})` : ""}`);
const allOk = scenarios.length === 8 && scenarios.every((s) => s.ok) && checks.every((k) => k.ok);
console.log(allOk ? "MSTICPy: every scenario ok, every effect in the store" : "MSTICPy: FAILED");
stop();
process.exitCode = allOk ? 0 : 1;
