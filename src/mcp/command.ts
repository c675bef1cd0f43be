// `sentinel mcp`: serves the configured workspaces to an AI assistant over stdio
// (the assistant starts this command) or Streamable HTTP (it connects to /mcp).
// Over stdio, stdout carries the protocol alone; everything for people goes to stderr.
import { randomBytes } from "node:crypto";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { CliContext } from "../cli/context.js";
import { UsageError } from "../cli/errors.js";
import { CursorCodec } from "./cursor.js";
import { isLoopbackHost, startMcpHttp } from "./http.js";
import { createSentinelMcpServer } from "./server.js";
import { toolCallsRunning } from "./tools.js";

export interface McpFlags {
  transport?: string;
  host?: string;
  port?: string;
  token?: string;
  allowWrites?: boolean;
  /** Where --token came from: "cli" for the flag, "env" for SENTINEL_MCP_TOKEN. */
  tokenSource?: string;
}

export interface McpSettings {
  transport: "stdio" | "http";
  host: string;
  port: number;
  token?: string;
  allowWrites: boolean;
}

/** Checks the flags before any workspace is touched. */
export function mcpSettings(flags: McpFlags): McpSettings {
  const transport = flags.transport ?? "stdio";
  if (transport !== "stdio" && transport !== "http") throw new UsageError(`--transport must be stdio or http, got '${transport}'`);
  if (transport === "stdio") {
    for (const [flag, value] of [["--host", flags.host], ["--port", flags.port], ["--token", flags.token]] as const) {
      // SENTINEL_MCP_TOKEN in the environment is fine for stdio (it is just unused); an explicit flag is a mistake.
      if (value !== undefined && !(flag === "--token" && flags.tokenSource === "env")) {
        throw new UsageError(`${flag} applies to --transport http only`);
      }
    }
  }
  const host = flags.host ?? "127.0.0.1";
  const portText = flags.port ?? "0";
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got '${portText}'`);
  if (flags.token !== undefined && flags.token.length < 16) throw new UsageError("--token must be at least 16 characters long");
  if (transport === "http" && !isLoopbackHost(host) && flags.token === undefined) {
    throw new UsageError(`--host ${host} is not a loopback address: other machines could reach the server, so give --token (or SENTINEL_MCP_TOKEN)`);
  }
  return { transport, host, port: Number(portText), token: flags.token, allowWrites: flags.allowWrites === true };
}

export async function mcpCommand(ctx: CliContext, flags: McpFlags): Promise<void> {
  const settings = mcpSettings(flags);
  const workspaces = (await ctx.clients()).map(({ label, client }) => ({ name: label, client }));
  const stderr = ctx.io.stderr;
  const names = workspaces.map((w) => w.name).join(", ");
  const writes = settings.allowWrites ? "read and write tools" : "read-only tools (no --allow-writes)";
  const cursors = new CursorCodec();
  const make = () => createSentinelMcpServer({ workspaces, allowWrites: settings.allowWrites, cursors });

  if (settings.transport === "stdio") {
    const server = make();
    const transport = new StdioServerTransport();
    const closed = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
      process.stdin.once("end", () => resolve());
    });
    await server.connect(transport);
    stderr.write(`sentinel mcp: serving ${writes} over stdio for workspace ${names}\n`);
    await closed;
    // Input ended (the client hung up, or a script sent its last request): answer what was asked first.
    while (toolCallsRunning() > 0) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 10));
    await server.close();
    return;
  }

  const generated = settings.token === undefined;
  const token = settings.token ?? randomBytes(24).toString("base64url");
  const running = await startMcpHttp({ host: settings.host, port: settings.port, token, createServer: make });
  stderr.write(`sentinel mcp: listening on ${running.url} with ${writes} for workspace ${names}\n`);
  if (generated) stderr.write(`sentinel mcp: bearer token (shown only now): ${token}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await running.close();
}
