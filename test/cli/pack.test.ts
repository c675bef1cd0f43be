// The published package: `npm pack` makes a tarball that, installed into an empty
// folder, gives a working `npx sentinel`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { assertBuilt, tempDir } from "../helpers/cli.js";
import { PROJECT_ROOT } from "../helpers/paths.js";

const exec = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

test("npm pack makes a tarball from which npx sentinel --help works in an empty folder", { timeout: 300_000 }, async () => {
  assertBuilt();
  const out = tempDir("sentinel-pack-");
  const app = tempDir("sentinel-app-");
  // --ignore-scripts: `prepare` would rebuild dist/ while the other test files run it; the suite has just built it.
  const { stdout } = await exec(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", out], { cwd: PROJECT_ROOT, maxBuffer: 32 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  const files = packed!.files.map((f) => f.path);
  for (const needed of ["package.json", "dist/cli/main.js", "dist/cli/program.js", "dist/version.js", "dist/index.js", "dist/index.d.ts", "dist/emulator/server.js"]) {
    assert.ok(files.includes(needed), `the tarball has ${needed}`);
  }
  // What `files` names must arrive whenever the project has it (README.md is written with the docs).
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { files: string[]; bin: Record<string, string> };
  for (const f of pkg.files) if (existsSync(join(PROJECT_ROOT, f))) assert.ok(files.some((p) => p === f || p.startsWith(`${f}/`)), `the tarball has ${f}`);
  assert.ok(!files.some((f) => f.startsWith("src/") || f.startsWith("test/") || f.startsWith("node_modules/")), "no sources, tests or dependencies");
  assert.equal(pkg.bin.sentinel, "dist/cli/main.js");
  assert.match(readFileSync(join(PROJECT_ROOT, pkg.bin.sentinel), "utf8"), /^#!\/usr\/bin\/env node\n/, "the bin has a shebang");

  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "empty-folder", version: "1.0.0", private: true }));
  // --ignore-scripts skips compiling better-sqlite3 (over a minute here without its prebuilt binary);
  // neither --help nor anything but the emulator needs it.
  await exec(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", join(out, packed!.filename)], {
    cwd: app,
    maxBuffer: 32 * 1024 * 1024,
    timeout: 240_000,
  });
  const help = await exec(npx, ["--no-install", "sentinel", "--help"], { cwd: app, env: { ...process.env, NO_COLOR: "1" } });
  assert.match(help.stdout, /^Usage: sentinel \[options\] \[command\]/);
  assert.match(help.stdout, /incident\s+list, show, triage and create incidents/);
  const version = await exec(npx, ["--no-install", "sentinel", "--version"], { cwd: app });
  assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version);
});
