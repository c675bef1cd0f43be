// MCP test clients: the SDK's own Client, talking to the real `sentinel mcp` binary
// over stdio (spawned) or Streamable HTTP, against a test emulator.
import { spawn, type ChildProcess } from "node:child_process";
import { after } from "node:test";
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, type CallToolResult, type ElicitRequest, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { assertBuilt, cliEnv, tempDir } from "../helpers/cli.js";
import { CLI_BIN } from "../helpers/paths.js";

export type Elicit = (request: ElicitRequest["params"]) => ElicitResult | Promise<ElicitResult>;

function newClient(elicit?: Elicit): Client {
  const client = new Client({ name: "sentinel-mcp-test", version: "1.0.0" }, elicit ? { capabilities: { elicitation: {} } } : {});
  if (elicit) client.setRequestHandler(ElicitRequestSchema, async (req) => elicit(req.params));
  return client;
}

/** The SDK's Client over stdio, spawning `node dist/cli/main.js mcp ...args` against the emulator. */
export async function stdioClient(emulator: { url: string }, args: string[], elicit?: Elicit, env: Record<string, string> = {}): Promise<Client> {
  assertBuilt();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_BIN, "mcp", ...args],
    env: { ...cliEnv(emulator), ...env },
    cwd: tempDir("sentinel-mcp-"),
    stderr: "pipe",
  });
  const client = newClient(elicit);
  await client.connect(transport);
  after(() => client.close());
  return client;
}

export interface HttpServer {
  url: string;
  token: string;
  child: ChildProcess;
  stderr: () => string;
}

/** Starts `sentinel mcp --transport http` as a child process and reads its URL (and token) from stderr. */
export async function httpServer(emulator: { url: string }, args: string[], env: Record<string, string> = {}): Promise<HttpServer> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI_BIN, "mcp", "--transport", "http", ...args], { env: { ...cliEnv(emulator), ...env }, cwd: tempDir("sentinel-mcp-"), stdio: ["ignore", "pipe", "pipe"] });
  after(() => {
    child.kill("SIGTERM");
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const started = Date.now();
  for (;;) {
    const url = /listening on (\S+)/.exec(err)?.[1];
    const token = /bearer token \(shown only now\): (\S+)/.exec(err)?.[1] ?? env.SENTINEL_MCP_TOKEN ?? args[args.indexOf("--token") + 1];
    if (url && token && (err.includes("bearer token") || env.SENTINEL_MCP_TOKEN || args.includes("--token"))) return { url, token, child, stderr: () => err };
    if (child.exitCode !== null) throw new Error(`sentinel mcp exited ${child.exitCode}: ${err}`);
    if (Date.now() - started > 15_000) throw new Error(`sentinel mcp did not start: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function httpClient(server: HttpServer, elicit?: Elicit, headers: Record<string, string> = {}): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { authorization: `Bearer ${server.token}`, ...headers } } });
  const client = newClient(elicit);
  await client.connect(transport);
  after(() => client.close());
  return client;
}

/** Calls a tool that must succeed; returns its structured content. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call(client: Client, name: string, args: Record<string, unknown>): Promise<any> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  assert.ok(!r.isError, `${name} failed: ${JSON.stringify(r.content)}`);
  assert.ok(r.structuredContent, `${name} has structured content`);
  assert.equal(r.content[0]?.type, "text");
  return r.structuredContent;
}

/** Calls a tool that must fail; returns its error text. */
export async function callFails(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  assert.equal(r.isError, true, `${name} should have failed: ${JSON.stringify(r.structuredContent ?? r.content).slice(0, 500)}`);
  const first = r.content[0];
  return first?.type === "text" ? first.text : "";
}

export function textOf(r: unknown): string {
  const first = (r as CallToolResult).content[0];
  return first?.type === "text" ? first.text : "";
}
