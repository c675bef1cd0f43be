// `sentinel emulator start` as a user runs it: the built bin in a child process.
// One line on stdout when ready, details on stderr, a clean exit on SIGTERM and
// SIGINT, and exit code 2 with a message for bad flags.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { RawApi } from "../helpers/emulator.js";
import { CLI_BIN, PROJECT_ROOT } from "../helpers/paths.js";

const READY = /^Sentinel emulator listening on (https?:\/\/127\.0\.0\.1:\d+)$/;

// The child must not pick up a token from the developer's shell.
const { SENTINEL_EMULATOR_TOKEN: _ignored, ...env } = process.env;

/** Source files the bin runs from dist/ whose build output is missing or older. */
function staleSources(dir = join(PROJECT_ROOT, "src")): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    // The console's page (src/console/page) is bundled by esbuild into dist/console/assets, not compiled file by file.
    if (statSync(full).isDirectory()) return entry === "client" || relative(PROJECT_ROOT, full) === join("src", "console", "page") ? [] : staleSources(full);
    if (!entry.endsWith(".ts") || entry.endsWith(".d.ts")) return [];
    const out = join(PROJECT_ROOT, "dist", relative(join(PROJECT_ROOT, "src"), full).replace(/\.ts$/, ".js"));
    return !existsSync(out) || statSync(out).mtimeMs < statSync(full).mtimeMs ? [full] : [];
  });
}

// Build when dist/ is behind the source, e.g. when this file runs alone. In a
// full `npm test` pretest has just built it, and rebuilding here would rewrite
// dist/ under the other test files that run it. A type error elsewhere fails
// the build's exit code but tsc still emits (the type check reports it), so
// only a dist/ that stayed behind fails here.
before(async () => {
  let buildOutput = "";
  if (staleSources().length > 0) {
    await promisify(execFile)("npm", ["run", "build"], { cwd: PROJECT_ROOT, env }).catch((e: { stdout?: string }) => (buildOutput = e.stdout ?? String(e)));
  }
  assert.deepEqual(staleSources().map((f) => relative(PROJECT_ROOT, f)), [], `dist/ is up to date ${buildOutput}`);
});

interface Started {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI and resolves once it printed its ready line. */
function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [CLI_BIN, "emulator", "start", "--port", "0", ...args], { cwd: PROJECT_ROOT, env });
  let out = "";
  let err = "";
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line in 20 s; stderr: ${err}`)), 20_000);
    child.stderr!.on("data", (c: Buffer) => (err += c.toString("utf8")));
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      const line = out.split("\n")[0]!;
      const m = out.includes("\n") ? READY.exec(line) : null;
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stdout: () => out, stderr: () => err, exit });
      } else if (out.includes("\n")) {
        clearTimeout(timer);
        reject(new Error(`unexpected first line: ${JSON.stringify(line)}`));
      }
    });
    void exit.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready; stderr: ${err}`));
    });
  });
}

/** Waits until the child's stderr matches: details are written just after the ready line. */
async function stderrMatching(cli: Started, pattern: RegExp): Promise<RegExpExecArray> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const m = pattern.exec(cli.stderr());
    if (m) return m;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`stderr never matched ${pattern}: ${cli.stderr()}`);
}

/** Runs the CLI to its end, for flags that must make it refuse to start. */
async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_BIN, "emulator", "start", "--port", "0", ...args], { cwd: PROJECT_ROOT, env, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

test("prints exactly one ready line on stdout, details on stderr, answers, and stops on SIGTERM", async () => {
  const cli = await start([]);
  try {
    const api = new RawApi(cli.url);
    const res = await api.get(api.path("incidents"));
    assert.equal(res.status, 200, res.text);
    await stderrMatching(cli, /SENTINEL_ENDPOINT/);
    assert.match(cli.stderr(), /database: +in memory/);
    assert.match(cli.stderr(), /workspace: +d0cfe6b2-9ac0-4464-9919-dccaee2e48c0\/myRg\/myWorkspace/);
    assert.match(cli.stderr(), /SENTINEL_ENDPOINT=http:\/\/127\.0\.0\.1:\d+/);
  } finally {
    cli.child.kill("SIGTERM");
  }
  const { code } = await cli.exit;
  assert.equal(code, 0);
  assert.equal(cli.stdout(), `Sentinel emulator listening on ${cli.url}\n`, "stdout holds the ready line and nothing else");
});

test("SIGINT stops it cleanly too", async () => {
  const cli = await start(["--seed-incidents", "5", "--workspace", "11111111-2222-3333-4444-555555555555/rg2/ws2"]);
  const second = new RawApi(cli.url, { subscriptionId: "11111111-2222-3333-4444-555555555555", resourceGroup: "rg2", workspaceName: "ws2" });
  const res = await second.get(second.path("incidents"));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.value.length, 5, "every workspace is seeded");
  await stderrMatching(cli, /ws2 \(5 incidents\)/);
  cli.child.kill("SIGINT");
  assert.equal((await cli.exit).code, 0);
});

test("--https serves TLS and names the certificate for NODE_EXTRA_CA_CERTS", async () => {
  const cli = await start(["--https", "--token", "cli-secret"]);
  try {
    assert.match(cli.url, /^https:/);
    const m = await stderrMatching(cli, /NODE_EXTRA_CA_CERTS=(\S+)/);
    assert.ok(existsSync(m[1]!));
  } finally {
    cli.child.kill("SIGTERM");
  }
  assert.equal((await cli.exit).code, 0);
});

const BAD_FLAGS: [string[], RegExp][] = [
  [["--fault-rate", "2"], /--fault-rate/],
  [["--fault-rate", "lots"], /--fault-rate/],
  [["--throttle", "nope"], /--throttle/],
  [["--throttle", "reads=0/s"], /--throttle/],
  [["--workspace", "bad"], /--workspace/],
  [["--host", "0.0.0.0"], /--token/],
  [["--port", "70000"], /--port/],
  [["--port", "abc"], /--port/],
  [["--latency-ms", "soon"], /--latency-ms/],
  [["--cert", "only-a-cert.pem"], /--cert and --key/],
  [["--no-such-flag"], /unknown option/],
];

describe("bad flags", { concurrency: true }, () => {
  for (const [flags, message] of BAD_FLAGS) {
    test(`${flags.join(" ")} exits 2 with a message on stderr`, async () => {
      const { code, stdout, stderr } = await run(flags);
      assert.equal(code, 2, stderr);
      assert.match(stderr, message);
      assert.equal(stdout, "", "nothing on stdout: no ready line");
    });
  }
});
