// A third-party MCP client: the official MCP Inspector in its CLI mode (a
// devDependency) starts the real `sentinel mcp` and lists and calls its tools.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { testEmulator } from "../helpers/emulator.js";
import { clientFor } from "../helpers/client.js";
import { assertBuilt, tempDir } from "../helpers/cli.js";
import { CLI_BIN, PROJECT_ROOT } from "../helpers/paths.js";
import { requireTool } from "../helpers/tools.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";

const INSPECTOR = join(PROJECT_ROOT, "node_modules", "@modelcontextprotocol", "inspector", "cli", "build", "cli.js");
const emulator = await testEmulator();

function inspector(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = [
    `SENTINEL_ENDPOINT=${emulator.url}`,
    `SENTINEL_SUBSCRIPTION_ID=${DEFAULT_WORKSPACE.subscriptionId}`,
    `SENTINEL_RESOURCE_GROUP=${DEFAULT_WORKSPACE.resourceGroup}`,
    `SENTINEL_WORKSPACE_NAME=${DEFAULT_WORKSPACE.workspaceName}`,
  ].flatMap((e) => ["-e", e]);
  const child = spawn(process.execPath, [INSPECTOR, "--cli", ...env, process.execPath, CLI_BIN, "mcp", ...args], {
    cwd: tempDir("sentinel-inspector-"),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("sentinel-home-") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

test("the MCP Inspector CLI lists the tools of sentinel mcp (read-only, then with --allow-writes)", async (t) => {
  if (!requireTool(t, existsSync(INSPECTOR), "@modelcontextprotocol/inspector", "npm install (it is a devDependency)")) return;
  assertBuilt();
  const read = await inspector(["--method", "tools/list"]);
  assert.equal(read.code, 0, read.stderr);
  const names = (JSON.parse(read.stdout) as { tools: { name: string }[] }).tools.map((x) => x.name).sort();
  assert.deepEqual(names, ["get_incident", "incident_stats", "list_bookmarks", "list_comments", "list_incidents"]);
  const all = await inspector(["--allow-writes", "--method", "tools/list"]);
  assert.equal(all.code, 0, all.stderr);
  assert.equal((JSON.parse(all.stdout) as { tools: unknown[] }).tools.length, 14);
});

test("the MCP Inspector CLI calls list_incidents and gets structured content", async (t) => {
  if (!requireTool(t, existsSync(INSPECTOR), "@modelcontextprotocol/inspector", "npm install (it is a devDependency)")) return;
  const made = await clientFor(emulator).createIncident({ title: "Seen by the Inspector", severity: "High" });
  const r = await inspector(["--method", "tools/call", "--tool-name", "list_incidents", "--tool-arg", "severity=[\"High\"]"]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { structuredContent: { incidents: { id: string }[] } };
  assert.deepEqual(out.structuredContent.incidents.map((i) => i.id), [made.name]);
});
