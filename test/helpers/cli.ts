// Runs the built `sentinel` binary (dist/cli/main.js) as a child process, the way a
// user or a script does: real argv, real environment, real pipes. The spawn is
// asynchronous so an emulator started in the test process keeps serving meanwhile.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import type { WorkspaceRef } from "../../src/api/resourceId.js";
import { CLI_BIN, PROJECT_ROOT } from "./paths.js";

export interface CliResult {
  /** Exit code; null when the process was killed by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Added to the base environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to stdin, which is then closed (it is always closed, so nothing waits on it). */
  stdin?: string;
  timeoutMs?: number;
  /** Arguments for node itself, before the script (e.g. --import a hook). */
  nodeArgs?: string[];
}

/** A temporary directory removed when the test file ends. */
export function tempDir(prefix = "sentinel-cli-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let checkedBuild = false;

/** The tests run dist/, so a source file newer than its build output means they would test old code. */
export function assertBuilt(): void {
  if (checkedBuild) return;
  const stale: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith(".ts") && !entry.endsWith(".d.ts")) {
        const rel = relative(join(PROJECT_ROOT, "src"), full);
        const out = join(PROJECT_ROOT, "dist", rel.replace(/\.ts$/, ".js"));
        if (!existsSync(out) || statSync(out).mtimeMs < statSync(full).mtimeMs) stale.push(`src/${rel}`);
      }
    }
  };
  // What the binary runs from dist/ (the tests' emulators run from src/ in-process).
  for (const dir of ["cli", "client", "api", "mcp"]) walk(join(PROJECT_ROOT, "src", dir));
  if (stale.length > 0) {
    throw new Error(`dist/ is older than ${stale.slice(0, 5).join(", ")}${stale.length > 5 ? ", ..." : ""}: run 'npm run build' first ('npm test' does it in pretest).`);
  }
  checkedBuild = true;
}

/**
 * The environment a test run starts from: nothing of the developer's shell (no
 * NO_COLOR, MSTICPYCONFIG, SENTINEL_TOKEN, Azure sign-in), a private HOME, and the
 * SENTINEL_* variables pointing at the emulator when one is given.
 */
export function cliEnv(emulator?: { url: string }, workspace: WorkspaceRef = DEFAULT_WORKSPACE, home = tempDir("sentinel-home-")): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, LANG: "C.UTF-8" };
  if (process.env.SYSTEMROOT) env.SYSTEMROOT = process.env.SYSTEMROOT;
  if (emulator) {
    Object.assign(env, {
      SENTINEL_ENDPOINT: emulator.url,
      SENTINEL_SUBSCRIPTION_ID: workspace.subscriptionId,
      SENTINEL_RESOURCE_GROUP: workspace.resourceGroup,
      SENTINEL_WORKSPACE_NAME: workspace.workspaceName,
    });
  }
  return env;
}

/** Runs `node dist/cli/main.js ...args` with exactly the environment given. */
export function runSentinel(args: string[], env: Record<string, string>, options: CliRunOptions = {}): Promise<CliResult> {
  assertBuilt();
  const merged: Record<string, string> = { ...env };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI_BIN, ...args], {
      cwd: options.cwd,
      env: merged,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");
  });
}

/** The binary bound to an emulator and a private working directory (no msticpyconfig.yaml unless a test writes one). */
export class Cli {
  readonly cwd: string;
  readonly env: Record<string, string>;

  constructor(emulator?: { url: string }, options: { workspace?: WorkspaceRef; cwd?: string; env?: Record<string, string> } = {}) {
    this.cwd = options.cwd ?? tempDir();
    this.env = { ...cliEnv(emulator, options.workspace), ...options.env };
  }

  run(args: string[], options: CliRunOptions = {}): Promise<CliResult> {
    return runSentinel(args, this.env, { cwd: this.cwd, ...options });
  }

  /** Runs a command that must succeed with piped (default json) output and a silent stderr; returns the parsed stdout. */
  async json<T = unknown>(args: string[], options: CliRunOptions = {}): Promise<T> {
    const r = await this.run(args, options);
    assertExit(r, 0, args);
    assert.equal(r.stderr, "", `stderr of 'sentinel ${args.join(" ")}' must stay empty on success`);
    try {
      return JSON.parse(r.stdout) as T;
    } catch {
      throw new assert.AssertionError({ message: `stdout of 'sentinel ${args.join(" ")}' is not JSON:\n${r.stdout.slice(0, 500)}` });
    }
  }

  /** Runs a command that must fail with `code`; returns stderr after checking stdout stayed clean. */
  async fails(args: string[], code: number, options: CliRunOptions = {}): Promise<string> {
    const r = await this.run(args, options);
    assertExit(r, code, args);
    assert.equal(r.stdout, "", `stdout of failing 'sentinel ${args.join(" ")}' must stay clean`);
    assert.match(r.stderr, /\S/, "a failure says why on stderr");
    return r.stderr;
  }
}

export function assertExit(r: CliResult, code: number, args: string[]): void {
  if (r.code !== code) {
    throw new assert.AssertionError({
      message: `'sentinel ${args.join(" ")}' exited ${r.code}, expected ${code}\n--- stdout\n${r.stdout.slice(0, 1500)}\n--- stderr\n${r.stderr.slice(0, 1500)}`,
      actual: r.code,
      expected: code,
      operator: "strictEqual",
    });
  }
}
