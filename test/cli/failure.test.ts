// Exit codes and messages: 0 success (and --help on every command, --version);
// 1 service or network; 2 bad usage or invalid input, naming the option and the
// allowed values; 3 not found. Errors go to stderr and stdout stays clean.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/program.js";
import { testEmulator } from "../helpers/emulator.js";
import { Cli } from "../helpers/cli.js";
import { PROJECT_ROOT } from "../helpers/paths.js";
import { storedIncidents } from "./fixtures.js";

const emulator = await testEmulator({ seedIncidents: 30, seed: "cli-failure" });
const cli = new Cli(emulator);
const [incident] = storedIncidents(emulator);

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
// The client retries a refused connection with back-off for about 12 s before it
// gives up, so this run starts now and is awaited by its test at the end.
const refused = closedPort().then((port) => cli.run(["incident", "list", "--endpoint", `http://127.0.0.1:${port}`], { timeoutMs: 60_000 }));

test("--version prints the package version; bare 'sentinel' prints the usage", async () => {
  const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string };
  for (const flag of ["--version", "-V"]) {
    const r = await cli.run([flag]);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, `${version}\n`, ""]);
  }
  const bare = await cli.run([]);
  assert.equal(bare.code, 0);
  assert.match(bare.stdout + bare.stderr, /^Usage: sentinel \[options\] \[command\]/);
});

test("--help works on every command and exits 0", async () => {
  const paths: string[][] = [];
  const walk = (cmd: Command, path: string[]) => {
    paths.push(path);
    for (const sub of cmd.commands) if (sub.name() !== "help") walk(sub, [...path, sub.name()]);
  };
  walk(buildProgram(), []);
  assert.ok(paths.length >= 20, `${paths.length} commands`);
  const runs = await Promise.all(paths.map((p) => cli.run([...p, "--help"])));
  runs.forEach((r, i) => {
    const path = paths[i]!;
    assert.equal(r.code, 0, `sentinel ${path.join(" ")} --help`);
    assert.equal(r.stderr, "");
    // A command with an alias shows it: "incident list|ls".
    assert.match(r.stdout, new RegExp(`^Usage: sentinel${path.length ? ` ${path.join(" ")}` : ""}(\\|\\w+)? `), r.stdout.slice(0, 80));
  });
  const root = runs[0]!.stdout;
  for (const option of ["--workspace", "--subscription", "--resource-group", "--workspace-name", "--resource-id", "--endpoint", "--cloud", "--auth", "--output", "--query", "--columns", "--no-color", "--verbose", "--version"]) {
    assert.ok(root.includes(option), `sentinel --help lists ${option}`);
  }
  const list = runs[paths.findIndex((p) => p.join(" ") === "incident list")]!.stdout;
  for (const option of ["--top", "--all", "--filter", "--orderby", "--severity", "--status", "--since", "--title-contains", "--label", "--owner"]) assert.ok(list.includes(option));
  assert.match(list, /see 'sentinel --help'/, "a leaf points at the global options");
  const help = await cli.run(["help", "incident"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: sentinel incident /);
});

test("bad usage exits 2 and the message names the option and what it accepts", async () => {
  const cases: [string[], RegExp][] = [
    [["incident", "list", "--top", "abc"], /--top must be a whole number of at least 1, got 'abc'/],
    [["incident", "list", "--top", "0"], /--top must be a whole number/],
    [["incident", "list", "--all", "--top", "5"], /--all and --top/],
    [["incident", "list", "--since", "yesterday"], /--since must be a duration such as 24h, 7d, 30m or 2w, or a date-time such as .*, got 'yesterday'/],
    [["incident", "list", "--severity", "Critical"], /'severity' has the invalid value 'Critical'\. Allowed values: High, Medium, Low, Informational/],
    [["incident", "list", "--status", "Open"], /Allowed values: New, Active, Closed/],
    [["incident", "list", "--output", "xml"], /--output must be one of table, json, jsonl, yaml, csv, tsv, none, got 'xml'/],
    [["incident", "list", "--columns", ","], /--columns needs at least one column name/],
    [["incident", "list", "--query", "[[bad"], /--query '\[\[bad' is not valid JMESPath/],
    [["incident", "list", "--no-such-option"], /unknown option '--no-such-option'/],
    [["incident", "frobnicate"], /unknown command 'frobnicate'/],
    [["incident", "show"], /missing required argument 'incident'/],
    [["incident", "update", "#1"], /nothing to update/],
    [["incident", "update", "#1", "--set", "severity"], /--set takes key=value/],
    [["incident", "update", "#1", "--set", "incidentNumber=5"], /'incidentNumber' is read-only/],
    [["incident", "update", "#1", "--severity", "Urgent"], /Allowed values: High, Medium, Low, Informational/],
    [["incident", "update", "#1", "--status", "Done"], /Allowed values: New, Active, Closed/],
    [["emulator", "start", "--port", "99999"], /--port must be a whole number from 0 to 65535/],
  ];
  const before = emulator.stats.byOperation.Incidents_CreateOrUpdate ?? 0;
  const results = await Promise.all(cases.map(([args]) => cli.run(args)));
  results.forEach((r, i) => {
    const [args, message] = cases[i]!;
    assert.equal(r.code, 2, `sentinel ${args.join(" ")} exits 2, got ${r.code}: ${r.stderr}`);
    assert.equal(r.stdout, "", "stdout stays clean");
    assert.match(r.stderr, message, `sentinel ${args.join(" ")}`);
  });
  assert.equal(emulator.stats.byOperation.Incidents_CreateOrUpdate ?? 0, before, "no bad usage wrote anything");
});

test("an invalid --query is refused before a write is made", async () => {
  const name = incident!.name!;
  const severity = incident!.properties.severity === "High" ? "Low" : "High";
  const writes = emulator.stats.byOperation.Incidents_CreateOrUpdate ?? 0;
  const stderr = await cli.fails(["incident", "update", name, "--severity", severity, "--query", "properties.[severity"], 2);
  assert.match(stderr, /not valid JMESPath/);
  assert.equal(emulator.stats.byOperation.Incidents_CreateOrUpdate ?? 0, writes, "the update was not sent");
  assert.equal(storedIncidents(emulator).find((i) => i.name === name)!.properties.severity, incident!.properties.severity);
});

test("not found exits 3 for every command that takes an incident", async () => {
  const missing = "#424242";
  const commands = [
    ["incident", "show", missing],
    ["incident", "update", missing, "--severity", "High"],
    ["incident", "close", missing, "--classification", "Undetermined"],
    ["incident", "comment", missing, "hello"],
    ["incident", "comments", missing],
    ["incident", "relations", missing],
    ["incident", "tasks", missing],
    ["incident", "delete", missing, "--yes"],
  ];
  const results = await Promise.all(commands.map((args) => cli.run(args)));
  results.forEach((r, i) => {
    assert.equal(r.code, 3, `sentinel ${commands[i]!.join(" ")}: ${r.stderr}`);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^sentinel: No incident number 424242\b/);
  });
});

test("a wrong token is a service error: exit 1, with what to check", async () => {
  const guarded = await testEmulator({ token: "right" });
  const denied = await new Cli(guarded, { env: { SENTINEL_TOKEN: "wrong" } }).fails(["incident", "list"], 1);
  assert.match(denied, /401 InvalidAuthenticationToken/);
  // From the emulator the fix is its token, not a sign-in to Azure.
  assert.match(denied, /set SENTINEL_TOKEN to that token/);
  assert.doesNotMatch(denied, /az login/);
  const allowed = await new Cli(guarded, { env: { SENTINEL_TOKEN: "right" } }).json<unknown[]>(["incident", "list"]);
  assert.deepEqual(allowed, []);
});

test("an endpoint where nothing listens: exit 1, naming the endpoint and what to check", async () => {
  const r = await refused;
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /ECONNREFUSED 127\.0\.0\.1:\d+/);
  assert.match(r.stderr, /Check the endpoint and your network/);
});
