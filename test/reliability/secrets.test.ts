// Nothing leaks the token: a recognisable token is used everywhere — library
// calls that succeed and fail, the command line in every output mode with
// --verbose, an emulator started with --token — and it must never appear in any
// captured stdout, stderr, error message, inspected object or log.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { inspect } from "node:util";
import { SentinelClient } from "../../src/client/sentinelClient.js";
import { StaticTokenCredential } from "../../src/client/credentials.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { testEmulator } from "../helpers/emulator.js";
import { Cli } from "../helpers/cli.js";
import { CLI_BIN, PROJECT_ROOT } from "../helpers/paths.js";
import { rejection } from "../helpers/client.js";

const CANARY = "CANARY-7f3e9a1c-do-not-print-me";
const captured: string[] = [];
const check = (label: string, text: string) => {
  captured.push(text);
  assert.ok(!text.includes(CANARY), `${label} contains the token:\n${text.slice(0, 400)}`);
};

const emulator = await testEmulator({ seedIncidents: 30, seed: "secrets", token: CANARY });

test("library: results, errors and inspected objects never hold the token", async () => {
  const credential = new StaticTokenCredential(CANARY);
  check("inspect(credential)", inspect(credential, { depth: 10, showHidden: true }));
  check("JSON(credential)", JSON.stringify(credential));
  const client = new SentinelClient(DEFAULT_WORKSPACE, { endpoint: emulator.url, credential, retry: { maxRetries: 1, retryDelayInMs: 5 } });
  check("inspect(client)", inspect(client, { depth: 6 }));
  const incidents = await client.listIncidents();
  check("results", JSON.stringify(incidents));
  const errors = await Promise.all([
    rejection(client.getIncident("no such incident")),
    rejection(client.listIncidents({ $filter: "broken eq" })),
    rejection(client.updateIncident(incidents[0]!.name!, { severity: "nope" } as never)),
    rejection(new SentinelClient(DEFAULT_WORKSPACE, { endpoint: "http://127.0.0.1:1", credential, retry: { maxRetries: 0 } }).listIncidents()),
    rejection(new SentinelClient(DEFAULT_WORKSPACE, { endpoint: emulator.url, credential: new StaticTokenCredential(`${CANARY}-wrong`), retry: { maxRetries: 0 } }).listIncidents()),
  ]);
  for (const e of errors) {
    check(`${e.name} message`, e.message);
    check(`${e.name} stack`, String(e.stack));
    check(`${e.name} inspect`, inspect(e, { depth: 12, showHidden: false }));
    check(`${e.name} JSON`, JSON.stringify(e));
  }
  assert.equal(errors[4]!.statusCode, 401);
});

test("command line: every output mode, errors and --verbose never print the token", async () => {
  const cli = new Cli(emulator, { env: { SENTINEL_TOKEN: CANARY } });
  const [first] = await cli.json<{ name: string }[]>(["incident", "list", "--top", "3"]);
  const runs = [
    ["--verbose", "incident", "list", "--top", "3"],
    ["--verbose", "incident", "list", "--top", "3", "-o", "table"],
    ["--verbose", "incident", "list", "--top", "3", "-o", "csv"],
    ["--verbose", "incident", "show", first!.name, "--details", "-o", "jsonl"],
    ["--verbose", "incident", "show", "no such incident at all"],
    ["--verbose", "incident", "update", first!.name, "--severity", "bogus"],
    ["--verbose", "incident", "comment", first!.name, "checked"],
    ["--verbose", "incident", "list", "--filter", "bad filter ("],
    ["workspace", "show"],
    ["--verbose", "bookmark", "list", "--top", "2"],
  ];
  for (const args of runs) {
    const r = await cli.run(args);
    check(`stdout of ${args.join(" ")}`, r.stdout);
    check(`stderr of ${args.join(" ")}`, r.stderr);
  }
  const verbose = await cli.run(["--verbose", "incident", "list", "--top", "1"]);
  assert.match(verbose.stderr, /GET https?:\/\/\S+ 200 \d+ms/, "--verbose shows the request lines");
  const wrong = await cli.run(["--verbose", "incident", "list"], { env: { SENTINEL_TOKEN: `${CANARY}x` } });
  assert.equal(wrong.code, 1);
  check("401 stderr", wrong.stderr);
  const shown = await cli.run(["workspace", "show", "-o", "json"]);
  assert.equal(JSON.parse(shown.stdout).token, "[set]");
});

test("emulator started with --token: its output never shows the token; wrong, missing and malformed headers get 401", async () => {
  const child = spawn(process.execPath, [CLI_BIN, "emulator", "start", "--port", "0"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, SENTINEL_EMULATOR_TOKEN: CANARY },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  try {
    const path = `${url}/subscriptions/${DEFAULT_WORKSPACE.subscriptionId}/resourceGroups/myRg/providers/Microsoft.OperationalInsights/workspaces/myWorkspace/providers/Microsoft.SecurityInsights/incidents?api-version=2025-12-01`;
    const status = async (headers: Record<string, string>) => {
      const res = await fetch(path, { headers });
      const body = await res.text();
      check("emulator error body", body);
      return res.status;
    };
    assert.equal(await status({ authorization: `Bearer ${CANARY}` }), 200);
    for (const h of [{} as Record<string, string>, { authorization: `Bearer ${CANARY}x` }, { authorization: `Bearer ${CANARY.slice(0, -1)}` }, { authorization: CANARY }, { authorization: `Basic ${CANARY}` }, { authorization: "Bearer" }, { authorization: `bearer  ${CANARY} extra` }]) {
      assert.equal(await status(h), 401, JSON.stringify(h).replace(CANARY, "<token>"));
    }
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  check("emulator stdout", out);
  check("emulator stderr", err);
  assert.match(err, /Bearer token given with --token/);
});

test("the checks above looked at real output", () => {
  assert.ok(captured.length > 40, `${captured.length} captures`);
  assert.ok(captured.join("").length > 10_000);
});
