// Streamable HTTP at /mcp, one MCP session per client. Before the SDK sees a
// request: the Host and Origin headers must name this server (the MCP specification's
// defence against DNS rebinding, which would let a web page reach a loopback server),
// and the bearer token must match, compared in constant time.
import { randomUUID, timingSafeEqual, createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname, networkInterfaces } from "node:os";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

export const MCP_PATH = "/mcp";
const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]", "::1"];
const MAX_SESSIONS = 64;

export interface McpHttpOptions {
  host: string;
  port: number;
  token: string;
  /** A fresh server for each session (an McpServer serves one transport). */
  createServer: () => McpServer;
}

export interface RunningMcpHttp {
  url: string;
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.includes(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

function hostnameOf(value: string): string | undefined {
  try {
    return new URL(`http://${value}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * The names a legitimate client may use for this server in Host and Origin: the loopback
 * names when bound to loopback; every address and the name of this machine when bound
 * to all interfaces; otherwise the bound host alone.
 */
export function hostNames(bound: string): Set<string> {
  const names = new Set<string>();
  const add = (h: string) => names.add(hostnameOf(h.includes(":") && !h.startsWith("[") ? `[${h}]` : h) ?? h.toLowerCase());
  if (isLoopbackHost(bound)) LOOPBACK_NAMES.forEach(add);
  else if (bound === "0.0.0.0" || bound === "::" || bound === "[::]") {
    LOOPBACK_NAMES.forEach(add);
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) add(i.address);
    add(hostname());
  } else add(bound);
  return names;
}

export async function startMcpHttp(options: McpHttpOptions): Promise<RunningMcpHttp> {
  const allowedHosts = hostNames(options.host);
  const expected = digest(`Bearer ${options.token}`);
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: McpServer }>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://placeholder");
    if (url.pathname !== MCP_PATH) return refuse(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}.`);
    const host = hostnameOf(req.headers.host ?? "");
    if (!host || !allowedHosts.has(host)) return refuse(res, 403, "Forbidden: the Host header does not name this server.");
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).hostname.toLowerCase();
      } catch {
        originHost = undefined;
      }
      if (!originHost || !allowedHosts.has(originHost)) return refuse(res, 403, "Forbidden: requests from this Origin are not accepted.");
    }
    // Hashing both sides gives equal lengths, so the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(digest(String(req.headers.authorization ?? "")), expected)) {
      return refuse(res, 401, "Unauthorized: send the server's token as 'Authorization: Bearer <token>'.", { "www-authenticate": 'Bearer realm="sentinel-mcp"' });
    }
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (!session) return refuse(res, 404, "Session not found: start a new one with an initialize request.");
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== "POST") return refuse(res, 400, "Bad request: no mcp-session-id; start with an initialize request.");
    if (sessions.size >= MAX_SESSIONS) return refuse(res, 503, "Too many sessions open; close one (DELETE /mcp) and retry.");
    const server = options.createServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res);
    // Anything but an initialize request leaves no session behind.
    if (!transport.sessionId) await server.close();
  }

  const http: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) refuse(res, 500, `Internal error: ${(e as Error).message}`);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}${MCP_PATH}`,
    async close() {
      for (const { server } of sessions.values()) await server.close().catch(() => {});
      sessions.clear();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
