// `sentinel ui`'s HTTP server: the built page (dist/console/assets), the JSON API
// behind a session, and the guards of security.ts in front of everything.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConsoleApi } from "./api.js";
import type { ConsoleWorkspace } from "./queue.js";
import { allowedHosts, CSRF_HEADER, hostAllowed, originAllowed, SECURITY_HEADERS, sessionCookieName, Sessions } from "./security.js";

export interface ConsoleOptions {
  workspaces: ConsoleWorkspace[];
  /** 127.0.0.1 unless told otherwise; any other address needs `token`. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A login secret of the user's choosing, reusable; without it each login URL holds a fresh one-time token. */
  token?: string;
  /** The UPN that "me" assigns to. */
  me?: string;
  /** Where the built page is; found next to this module by default. */
  assetsDir?: string;
}

export interface RunningConsole {
  /** http://host:port */
  origin: string;
  /** A URL that logs a browser in once: origin/#token=… */
  loginUrl(): string;
  /** CSP violation reports the browser sent (an injected script or style would make one). */
  readonly cspReports: number;
  close(): Promise<void>;
}

export class ConsoleConfigError extends Error {
  override name = "ConsoleConfigError";
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};
const MAX_BODY = 1_000_000;

/** The built page: next to the compiled server (dist/console/assets) or, from the sources, in dist. */
export function findAssets(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  for (const dir of [join(here, "assets"), join(here, "..", "..", "dist", "console", "assets")]) if (existsSync(join(dir, "index.html"))) return dir;
  throw new ConsoleConfigError("the console's page is not built: run 'npm run build'.");
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/i;

export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const host = options.host ?? "127.0.0.1";
  const loopback = LOOPBACK.test(host);
  if (!loopback && !options.token) throw new ConsoleConfigError(`listening on ${host} (not loopback) needs --token <secret>, so that others on the network cannot use your session.`);
  if (options.token !== undefined && options.token.length < 16) throw new ConsoleConfigError("--token must be at least 16 characters long.");
  if (options.workspaces.length === 0) throw new ConsoleConfigError("the console needs at least one workspace.");
  const assetsDir = options.assetsDir ?? findAssets();
  // The page's files are read once: only these names are ever served.
  const assets = new Map<string, Buffer>();
  for (const name of readdirSync(assetsDir)) if (/^[\w.-]+$/.test(name) && TYPES[extname(name)]) assets.set(name, readFileSync(join(assetsDir, name)));
  const sessions = new Sessions(options.token);
  const api = new ConsoleApi({ workspaces: options.workspaces, me: options.me });
  let cspReports = 0;
  let allowed = new Set<string>();

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const json = body === undefined ? "" : JSON.stringify(body);
    res.writeHead(status, { ...SECURITY_HEADERS, ...(json ? { "content-type": "application/json; charset=utf-8" } : {}), ...headers });
    res.end(json);
  };
  const fail = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } });

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          reject(Object.assign(new Error("body too large"), { status: 413 }));
          req.destroy();
        } else chunks.push(c);
      });
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!hostAllowed(req, allowed)) return fail(res, 421, "MisdirectedRequest", "this console answers only to its own address; the Host header names another.");
    const url = new URL(req.url ?? "/", "http://console.invalid");
    const method = req.method ?? "GET";
    const path = url.pathname;
    if (method === "GET" && (path === "/" || path === "/index.html")) {
      res.writeHead(200, { ...SECURITY_HEADERS, "content-type": TYPES[".html"]! });
      return res.end(assets.get("index.html"));
    }
    // The page has no icon; an empty answer spares the browser's console a 404.
    if (method === "GET" && path === "/favicon.ico") return send(res, 204, undefined);
    if (method === "GET" && path.startsWith("/assets/")) {
      const file = assets.get(path.slice("/assets/".length));
      if (!file) return fail(res, 404, "NotFound", "no such file.");
      res.writeHead(200, { ...SECURITY_HEADERS, "content-type": TYPES[extname(path)]!, "cache-control": "no-cache" });
      return res.end(file);
    }
    if (method === "POST" && path === "/csp-report") {
      await readBody(req).catch(() => "");
      cspReports++;
      process.stderr.write("sentinel ui: the browser reported a Content-Security-Policy violation (something tried to run or load outside the policy).\n");
      return send(res, 204, undefined);
    }
    if (!path.startsWith("/api/")) return fail(res, 404, "NotFound", "no such page.");
    const write = method !== "GET" && method !== "HEAD";
    if (write && !originAllowed(req, allowed)) return fail(res, 403, "Forbidden", "a write from another origin is refused.");
    if (path === "/api/session" && method === "POST") {
      const auth = req.headers.authorization;
      const token = typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : "";
      const s = token ? sessions.login(token) : undefined;
      if (!s) return fail(res, 401, "Unauthorized", "that console link is not valid (each link works once); run 'sentinel ui' again for a new one.");
      // The page's settings come with the session: one round trip less before the queue.
      return send(res, 200, { csrf: s.csrf, config: api.config() }, { "set-cookie": sessions.cookie(s.id) });
    }
    const session = sessions.lookup(req);
    if (!session) return fail(res, 401, "Unauthorized", "no session: open the link 'sentinel ui' printed.");
    if (path === "/api/session" && method === "GET") return send(res, 200, { csrf: session.csrf, config: api.config() });
    if (write && !sessions.checkCsrf(session, req)) return fail(res, 403, "Forbidden", `a write needs the session's ${CSRF_HEADER} header.`);
    if (path === "/api/session" && method === "DELETE") {
      sessions.logout(session.id);
      return send(res, 204, undefined, { "set-cookie": `${sessions.cookie("")}; Max-Age=0` });
    }
    let body: unknown;
    if (write) {
      const text = await readBody(req);
      if (text) {
        if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) return fail(res, 415, "UnsupportedMediaType", "send JSON with Content-Type: application/json.");
        try {
          body = JSON.parse(text);
        } catch {
          return fail(res, 400, "BadRequest", "the request body is not valid JSON.");
        }
      }
    }
    const abort = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) abort.abort();
    });
    const r = await api.handle({ method, path, query: url.searchParams, body, signal: abort.signal });
    if (!res.destroyed) send(res, r.status, r.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: { status?: number }) => {
      if (!res.headersSent) fail(res, e.status ?? 500, e.status === 413 ? "PayloadTooLarge" : "InternalError", e.status === 413 ? "the request body is too large." : "the console failed unexpectedly.");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowed = allowedHosts(host, port, loopback);
  sessions.cookieName = sessionCookieName(port);
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const origin = `http://${shownHost}:${port}`;
  return {
    origin,
    loginUrl: () => `${origin}/#token=${sessions.mintLoginToken()}`,
    get cspReports() {
      return cspReports;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
