// The order every request goes through, in one place:
// request id → latency → faults → auth → throttle → route → api-version → workspace → handler → errors.
import type { RequestRecord } from "./handle.js";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { matchRoute, type OperationId } from "../api/routes.js";
import { Authenticator } from "./auth.js";
import type { FaultInjector } from "./faults.js";
import { ClientGoneError, parseJsonBody, readBody } from "./http/body.js";
import type { RequestContext, Reply } from "./http/context.js";
import { errors, ServiceError } from "./http/errors.js";
import { seededRandom } from "./random.js";
import { HANDLERS } from "./routes/index.js";
import type { EmulatorStore } from "./store/index.js";
import { Throttle } from "./throttle.js";

export interface PipelineDeps {
  store: EmulatorStore;
  auth: Authenticator;
  // These four can be changed while running, through /_emulator/settings.
  throttle: Throttle;
  faults?: FaultInjector;
  latencyMs: number;
  latencyJitterMs: number;
  /** What /_emulator/stats answers. */
  stats(): unknown;
  /** Applies a settings change sent to /_emulator/settings. */
  reconfigure(settings: Record<string, unknown>): void;
  jitterSeed: string;
  maxBodyBytes: number;
  secure: boolean;
  /** True once the server is closing: requests still waiting are dropped, not run against a closed store. */
  closing(): boolean;
  /** Called once per request with what happened, for stats and logs. */
  onRequest(record: RequestRecord): void;
}


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Pipeline {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Resolves when no request is being handled. */
  idle(): Promise<void>;
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const jitter = seededRandom(`jitter:${deps.jitterSeed}`);
  const inFlight = new Set<Promise<void>>();
  const pipeline = (req: IncomingMessage, res: ServerResponse) => {
    const p = handle(deps, jitter, req, res).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  return Object.assign(pipeline, { idle: async () => void (await Promise.allSettled([...inFlight])) });
}

async function handle(deps: PipelineDeps, jitter: () => number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const method = req.method ?? "GET";
  const requestId = randomUUID();
  const headers: Record<string, string> = {
    "x-ms-request-id": requestId,
    "x-ms-correlation-request-id": headerValue(req, "x-ms-correlation-request-id") ?? randomUUID(),
  };
  const clientRequestId = headerValue(req, "x-ms-client-request-id");
  if (clientRequestId) headers["x-ms-client-request-id"] = clientRequestId.slice(0, 256);
  const record: RequestRecord = { method, path: (req.url ?? "/").split("?")[0]!, status: 0, durationMs: 0 };
  let dropAfter = false;
  try {
    const delay = deps.latencyMs + (deps.latencyJitterMs > 0 ? jitter() * deps.latencyJitterMs : 0);
    if (delay > 0) await sleep(delay);
    if (deps.closing()) {
      req.socket.destroy();
      return;
    }

    const fault = deps.faults?.next();
    if (fault) {
      record.fault = fault.kind;
      if (fault.kind === "throttle") throw errors.tooManyRequests(fault.retryAfterMs);
      if (fault.kind === "server-error") throw errors.internal();
      if (fault.kind === "unavailable") throw errors.unavailable();
      if (!fault.after) {
        req.socket.destroy();
        return;
      }
      dropAfter = true;
    }

    const url = requestUrl(req, deps.secure);
    if (url.pathname === "/_emulator/health") {
      send(res, 200, headers, JSON.stringify({ status: "ok", service: "sentinel-incidents emulator" }));
      record.status = 200;
      return;
    }

    const caller = deps.auth.authenticate(headerValue(req, "authorization"));

    // Test hooks, behind the same authentication as the API.
    if (url.pathname.startsWith("/_emulator/")) {
      record.status = await admin(deps, method, url.pathname, req, res, headers);
      return;
    }

    const route = matchRoute(method, url.pathname);
    if (route.kind === "bad-path") throw errors.badRequest("The request path holds a malformed percent-encoded segment.");
    if (route.kind === "no-route") throw errors.noRoute(url.pathname);
    if (route.kind === "method-not-allowed") throw errors.methodNotAllowed(method, route.allowed);
    const { operation, params } = route.match;
    record.operationId = operation.operationId;

    if (deps.throttle.enabled) {
      const { waitMs, headers: rl } = deps.throttle.admit(params.subscriptionId!, Throttle.classify(method));
      Object.assign(headers, rl);
      if (waitMs > 0) throw errors.throttled(waitMs, Throttle.classify(method));
    }

    const query = queryMap(url);
    const apiVersion = query.get("api-version");
    if (apiVersion === undefined || apiVersion === "") throw errors.missingApiVersion();
    if (!operation.apiVersions.includes(apiVersion)) throw errors.invalidApiVersion(apiVersion, operation.apiVersions);

    const workspace = deps.store.workspace({
      subscriptionId: params.subscriptionId!,
      resourceGroup: params.resourceGroupName!,
      workspaceName: params.workspaceName!,
    });
    if (!workspace) throw errors.workspaceNotFound(params.resourceGroupName!, params.workspaceName!);

    let body: Promise<unknown> | undefined;
    const ctx: RequestContext = {
      operation,
      params,
      query,
      workspace,
      caller,
      store: deps.store,
      url,
      header: (name) => headerValue(req, name),
      body: () =>
        // Resource bodies are read as Azure reads them: strict JSON, then leniently.
        (body ??= readBody(req, deps.maxBodyBytes).then((raw) => parseJsonBody(raw, headerValue(req, "content-type"), { lenient: true }))),
    };
    if (method === "PUT") await ctx.body();
    else req.resume();
    if (deps.closing()) {
      req.socket.destroy();
      return;
    }
    const reply = await HANDLERS[operation.operationId](ctx);
    if (dropAfter) {
      // The write happened; the caller never hears of it.
      req.socket.destroy();
      record.status = -reply.status;
      return;
    }
    record.status = reply.status;
    sendReply(res, reply, headers);
  } catch (e) {
    if (e instanceof ClientGoneError) {
      record.status = 0;
      return;
    }
    const error = e instanceof ServiceError ? e : internalError(e);
    record.status = error.status;
    Object.assign(headers, error.headers);
    req.resume();
    send(res, error.status, headers, error.body());
  } finally {
    record.durationMs = performance.now() - started;
    deps.onRequest(record);
  }
}

async function admin(deps: PipelineDeps, method: string, path: string, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<number> {
  if (path === "/_emulator/stats" && method === "GET") {
    send(res, 200, headers, JSON.stringify(deps.stats()));
    return 200;
  }
  if (path === "/_emulator/settings" && method === "POST") {
    const body = parseJsonBody(await readBody(req, deps.maxBodyBytes), headerValue(req, "content-type"));
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw errors.badRequest("settings must be a JSON object");
    try {
      deps.reconfigure(body as Record<string, unknown>);
    } catch (e) {
      throw errors.badRequest((e as Error).message);
    }
    send(res, 204, headers);
    return 204;
  }
  throw errors.noRoute(path);
}

function internalError(e: unknown): ServiceError {
  // A bug of the emulator: say so without leaking internals to the caller.
  process.emitWarning(`sentinel emulator: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return errors.internal("The emulator failed to process the request; this is a bug in the emulator.");
}

function sendReply(res: ServerResponse, reply: Reply, headers: Record<string, string>): void {
  if (reply.bytes !== undefined) {
    send(res, reply.status, headers, reply.bytes);
    return;
  }
  if (reply.raw === undefined && reply.json === undefined) {
    send(res, reply.status, headers);
    return;
  }
  send(res, reply.status, headers, reply.raw ?? JSON.stringify(reply.json));
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: string | Buffer | Buffer[]): void {
  if (res.headersSent || res.destroyed) return;
  const out: Record<string, string | number> = { ...headers };
  if (body !== undefined) {
    out["content-type"] = "application/json; charset=utf-8";
    out["content-length"] = Array.isArray(body) ? body.reduce((n, b) => n + b.length, 0) : Buffer.byteLength(body);
  } else {
    out["content-length"] = 0;
  }
  res.writeHead(status, out);
  if (Array.isArray(body)) {
    // Pieces go out as they are, in one corked write: a large page is never copied into one buffer.
    res.cork();
    for (const piece of body) res.write(piece);
    res.uncork();
    res.end();
    return;
  }
  res.end(body);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function requestUrl(req: IncomingMessage, secure: boolean): URL {
  const scheme = secure ? "https" : "http";
  const raw = req.url ?? "/";
  // Joined as text, never resolved: a path such as `//other.host/x` must stay a path.
  const path = raw.startsWith("/") ? raw : `/${raw}`;
  try {
    return new URL(`${scheme}://${headerValue(req, "host") ?? "localhost"}${path}`);
  } catch {
    return new URL(`${scheme}://localhost${path}`);
  }
}

/** Query options by lower-cased name: ARM and OData treat their names case-insensitively. */
function queryMap(url: URL): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, value] of url.searchParams) {
    const k = key.toLowerCase();
    if (!map.has(k)) map.set(k, value);
  }
  return map;
}
