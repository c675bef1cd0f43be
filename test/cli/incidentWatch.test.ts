// `sentinel incident watch` through the real binary: --once twice, --exec that
// fails then succeeds, --exec that always fails, Ctrl-C, -o table, bad flags.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testEmulator } from "../helpers/emulator.js";
import { clientFor } from "../helpers/client.js";
import { assertBuilt, assertExit, Cli } from "../helpers/cli.js";
import { CLI_BIN } from "../helpers/paths.js";

const emulator = await testEmulator();
const cli = new Cli(emulator);
const sentinel = clientFor(emulator);

interface Line {
  kind: string;
  eventId: string;
  incident: { name: string; etag: string; properties: { title: string; lastModifiedTimeUtc: string } };
}
const lines = (stdout: string): Line[] => stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Line);
const only = (prefix: string) => ["--filter", `startswith(properties/title, '${prefix}')`];

test("--once twice in a row with no writes between: the second prints nothing", async () => {
  for (const t of ["twice-a", "twice-b"]) await sentinel.createIncident({ title: t, severity: "Low" });
  const cp = join(cli.cwd, "twice.json");
  const first = await cli.run(["incident", "watch", "--once", "--since", "1h", "--checkpoint", cp, ...only("twice-")]);
  assertExit(first, 0, ["watch"]);
  assert.equal(first.stderr, "");
  assert.deepEqual(lines(first.stdout).map((l) => [l.kind, l.incident.properties.title]), [["created", "twice-a"], ["created", "twice-b"]], "jsonl is the default, one line per change");
  const second = await cli.run(["incident", "watch", "--once", "--since", "1h", "--checkpoint", cp, ...only("twice-")]);
  assertExit(second, 0, ["watch"]);
  assert.equal(second.stdout, "");
  const queried = await cli.run(["incident", "watch", "--once", "--since", "1h", "--query", "[kind, incident.properties.title]", ...only("twice-")]);
  assertExit(queried, 0, ["watch", "--query"]);
  assert.equal(queried.stdout, '["created","twice-a"]\n["created","twice-b"]\n', "--query shapes each line");
});

test("--exec that fails twice then succeeds: each change delivered once, in order", async () => {
  for (const t of ["exec-a", "exec-b", "exec-c"]) await sentinel.createIncident({ title: t, severity: "Low" });
  const dir = cli.cwd;
  const script = join(dir, "consumer.sh");
  // Fails on its first two runs, then appends each change it is given to a file.
  writeFileSync(script, `n=$(cat "${dir}/runs" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${dir}/runs"\nif [ $n -le 2 ]; then cat > /dev/null; exit 1; fi\ncat >> "${dir}/got.jsonl"\necho "$SENTINEL_CHANGE_KIND $SENTINEL_EVENT_ID" >> "${dir}/env.txt"\n`);
  const r = await cli.run(["incident", "watch", "--once", "--since", "1h", "--exec", `sh ${script}`, ...only("exec-")], { timeoutMs: 30_000 });
  assertExit(r, 0, ["watch", "--exec"]);
  assert.equal(r.stdout, "", "with --exec the changes go to the command, not to stdout");
  assert.match(r.stderr, /--exec failed for .* \(exit 1\); retrying in 1000 ms/);
  assert.match(r.stderr, /retrying in 2000 ms/);
  const got = lines(readFileSync(join(dir, "got.jsonl"), "utf8"));
  assert.deepEqual(got.map((l) => l.incident.properties.title), ["exec-a", "exec-b", "exec-c"]);
  assert.equal(new Set(got.map((l) => l.eventId)).size, 3);
  assert.deepEqual(readFileSync(join(dir, "env.txt"), "utf8").trim().split("\n").map((l) => l.split(" ")[1]), got.map((l) => l.eventId), "the change's id is in the environment too");
});

test("--exec that always fails: the watch stops with exit 1 and the checkpoint does not pass the change", async () => {
  const first = await sentinel.createIncident({ title: "fail-a", severity: "Low" });
  await sentinel.createIncident({ title: "fail-b", severity: "Low" });
  const cp = join(cli.cwd, "fail.json");
  const r = await cli.run(["incident", "watch", "--since", "1h", "--checkpoint", cp, "--exec", "cat > /dev/null; exit 7", "--exec-retries", "1", ...only("fail-")], { timeoutMs: 30_000 });
  assertExit(r, 1, ["watch", "--exec"]);
  assert.match(r.stderr, new RegExp(`--exec failed for \\S+${first.name}\\S+ \\(exit 7\\) after 2 attempt\\(s\\); stopping without passing it`));
  const again = await cli.run(["incident", "watch", "--once", "--since", "1h", "--checkpoint", cp, ...only("fail-")]);
  assertExit(again, 0, ["watch"]);
  assert.deepEqual(lines(again.stdout).map((l) => l.incident.properties.title), ["fail-a", "fail-b"], "the change that failed comes again, and what follows it");
});

test("Ctrl-C saves the checkpoint and exits 130", async () => {
  assertBuilt();
  await sentinel.createIncident({ title: "sigint-a", severity: "High" });
  const cp = join(cli.cwd, "sigint.json");
  const child = spawn(process.execPath, [CLI_BIN, "incident", "watch", "--since", "1h", "--interval", "50ms", "--checkpoint", cp, ...only("sigint-")], { env: cli.env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const printed = new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => ((out += d.toString()), out.includes("\n") && resolve())));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  await printed;
  child.kill("SIGINT");
  assert.equal(await exited, 130);
  assert.ok(existsSync(cp));
  assert.equal(lines(out).length, 1);
  const again = await cli.run(["incident", "watch", "--once", "--checkpoint", cp, ...only("sigint-")]);
  assert.equal(again.stdout, "", "what was printed before Ctrl-C is not printed again");
});

test("-o table: one live line per change, incident text printed as data", async () => {
  await sentinel.createIncident({ title: "table-<b>x</b> $(rm -rf /)", severity: "High" });
  const r = await cli.run(["incident", "watch", "--once", "--since", "1h", "-o", "table", ...only("table-")], { env: { COLUMNS: "80" } });
  assertExit(r, 0, ["watch", "-o", "table"]);
  const [line, ...rest] = r.stdout.trimEnd().split("\n");
  assert.equal(rest.length, 0);
  assert.match(line!, /^\d\d:\d\d:\d\d {2}created {2}#\d+ {2}High {10}New {5}table-<b>x<\/b> \$\(rm -rf \/\)$/);
  assert.ok(line!.length <= 80, "fits the terminal");
  const cp = join(cli.cwd, "table.json");
  await cli.run(["incident", "watch", "--once", "--since", "1h", "--checkpoint", cp, ...only("table-")]);
  const [incident] = await sentinel.listIncidents({ $filter: "startswith(properties/title, 'table-')" });
  // A running watcher knows the version before, so its line says what changed.
  const child = spawn(process.execPath, [CLI_BIN, "incident", "watch", "-o", "table", "--interval", "50ms", "--checkpoint", cp, ...only("table-")], { env: { ...cli.env, COLUMNS: "80" }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const lineCount = (n: number) => new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => ((out += d.toString()), out.split("\n").length > n && resolve())));
  const exited = new Promise((resolve) => child.on("close", resolve));
  const first = lineCount(1);
  await sentinel.updateIncident(incident!.name!, { severity: "Medium" });
  await first;
  const second = lineCount(2);
  await sentinel.updateIncident(incident!.name!, { status: "Active", owner: { userPrincipalName: "bob@contoso.com" } });
  await second;
  child.kill("SIGINT");
  assert.equal(await exited, 130);
  const [l1, l2] = out.trim().split("\n");
  assert.match(l1!, /updated {2}#\d+ {2}Medium {8}New {5}table-<b>/, "the first update after a restart: no previous version known");
  assert.match(l2!, /updated {2}#\d+ {2}Medium {8}Active {2}\[owner, status\] table-<b>/);
});

test("bad flags fail with exit 2 before any request", async () => {
  const offline = new Cli({ url: "http://127.0.0.1:9" });
  const cases: [string[], RegExp][] = [
    [["--interval", "0"], /--interval must be a duration such as 500ms, 30s/],
    [["--lookback", "soon"], /--lookback must be a duration/],
    [["--include", "alerts,attachments"], /--include takes alerts, entities, comments, bookmarks .*got 'attachments'/],
    [["--since", "yesterday"], /--since must be a duration such as 24h/],
    [["--severity", "Critical"], /Allowed values: High, Medium, Low, Informational/],
    [["-o", "csv"], /--output must be jsonl \(the default\) or table, got 'csv'/],
    [["--exec-retries", "x"], /--exec-retries must be a whole number/],
  ];
  for (const [args, message] of cases) assert.match(await offline.fails(["incident", "watch", ...args], 2), message, args.join(" "));
  assert.match(await offline.fails(["emulator", "start", "--visibility-lag-ms", "soon"], 2), /--visibility-lag-ms must be a whole number/);
});

test("--help names every flag of the issue", async () => {
  const r = await cli.run(["incident", "watch", "--help"]);
  assertExit(r, 0, ["--help"]);
  for (const flag of ["--since", "--checkpoint", "--interval", "--lookback", "--include", "--reconcile", "--once", "--exec", "--filter", "--severity"]) assert.match(r.stdout, new RegExp(`${flag}\\b`));
});
