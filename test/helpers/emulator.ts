// Starts a real emulator on a free port for a test, and a raw HTTP helper to talk
// to it with fetch, exactly as any client would.
import { after } from "node:test";
import { startEmulator, type RunningEmulator } from "../../src/emulator/server.js";
import { DEFAULT_WORKSPACE, type EmulatorOptions } from "../../src/emulator/options.js";
import { sentinelScope, type WorkspaceRef } from "../../src/api/resourceId.js";

export const API_VERSION = "2025-12-01";
export const TEST_TOKEN = "test-token-7c1f0e";

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RequestOptions {
  query?: Record<string, string | number>;
  body?: unknown;
  /** Sent as is, not JSON-encoded. */
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
  /** Bearer token; null sends no Authorization header. */
  token?: string | null;
  apiVersion?: string | null;
}

export class RawApi {
  constructor(
    readonly origin: string,
    readonly workspace: WorkspaceRef = DEFAULT_WORKSPACE,
  ) {}

  /** Path of a Sentinel resource of the workspace, e.g. path("incidents", id). */
  path(...segments: string[]): string {
    return [sentinelScope(this.workspace), ...segments.map(encodeURIComponent)].join("/");
  }

  async request(method: string, pathOrUrl: string, options: RequestOptions = {}): Promise<RawResponse> {
    const url = new URL(pathOrUrl, this.origin);
    if (options.apiVersion !== null && !url.searchParams.has("api-version")) url.searchParams.set("api-version", options.apiVersion ?? API_VERSION);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== null) headers.authorization ??= `Bearer ${options.token ?? TEST_TOKEN}`;
    let body: string | Uint8Array | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers["content-type"] ??= "application/json";
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  get(path: string, options?: RequestOptions) {
    return this.request("GET", path, options);
  }
  put(path: string, body: unknown, options?: RequestOptions) {
    return this.request("PUT", path, { ...options, body });
  }
  post(path: string, options?: RequestOptions) {
    return this.request("POST", path, options);
  }
  delete(path: string, options?: RequestOptions) {
    return this.request("DELETE", path, options);
  }
}

export interface TestEmulator extends RunningEmulator {
  api: RawApi;
}

/** A fresh emulator for the current test file, closed when the file's tests end. */
export async function testEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ port: 0, ...options });
  after(() => emulator.close());
  return Object.assign(emulator, { api: new RawApi(emulator.url) });
}

export function incidentBody(overrides: Record<string, unknown> = {}, etag?: string): unknown {
  return {
    ...(etag ? { etag } : {}),
    properties: { title: "Suspicious sign-in", severity: "Medium", status: "New", ...overrides },
  };
}
