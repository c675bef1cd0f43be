// startEmulator: the local Sentinel incidents API on an embedded SQLite database.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { workspaceKey } from "../api/resourceId.js";
import { Authenticator } from "./auth.js";
import { FaultInjector } from "./faults.js";
import { MAX_BODY_BYTES } from "./http/body.js";
import { DEFAULT_PORT, DEFAULT_WORKSPACE, isLoopbackHost, type EmulatorOptions } from "./options.js";
import type { EmulatorHandle, EmulatorStats, RequestRecord } from "./handle.js";
import { createPipeline, type PipelineDeps } from "./pipeline.js";
import { seedWorkspace } from "./seed/load.js";
import { EmulatorStore } from "./store/index.js";
import { ListVisibility } from "./store/visibility.js";
import { seededRandom } from "./random.js";
import { Throttle } from "./throttle.js";

export type { EmulatorStats, RequestRecord } from "./handle.js";

/** The emulator as this package's own code and tests hold it: with its store. */
export interface RunningEmulator extends EmulatorHandle {
  store: EmulatorStore;
}

export class EmulatorConfigError extends Error {
  override name = "EmulatorConfigError";
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host) && !options.token) {
    throw new EmulatorConfigError(
      `refusing to listen on non-loopback address '${host}' without --token: anyone on the network could read and change incidents. Pass --token SECRET, or bind 127.0.0.1.`,
    );
  }
  if (options.faultRate !== undefined && !(options.faultRate >= 0 && options.faultRate <= 1)) {
    throw new EmulatorConfigError(`fault rate must be between 0 and 1, got ${options.faultRate}`);
  }
  if (options.visibilityLagMs !== undefined && !(Number.isInteger(options.visibilityLagMs) && options.visibilityLagMs >= 0)) {
    throw new EmulatorConfigError(`visibilityLagMs must be a whole number of milliseconds (0 or more), got ${options.visibilityLagMs}`);
  }
  const store = new EmulatorStore({ path: options.db, now: options.now });
  // The folder of a generated certificate: it goes when the emulator does, or
  // every https start would leave one behind in the temp directory.
  let certDir: string | undefined;
  const cleanUp = () => {
    store.close();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  };
  try {
    const workspaces = [...(options.noDefaultWorkspace ? [] : [DEFAULT_WORKSPACE]), ...(options.workspaces ?? [])];
    if (workspaces.length === 0) throw new EmulatorConfigError("no workspace to serve");
    const seen = new Set<string>();
    for (const ws of workspaces) {
      if (seen.has(workspaceKey(ws))) continue;
      seen.add(workspaceKey(ws));
      const record = store.addWorkspace(ws);
      if (options.seedIncidents && options.seedIncidents > 0 && store.incidents.count(record) === 0) {
        seedWorkspace(store, record, { incidents: options.seedIncidents, seed: options.seed ?? "sentinel", now: new Date(options.now?.() ?? Date.now()) });
      }
    }

    // Seeded data is visible at once; the lag applies to writes from here on.
    if (options.visibilityLagMs) {
      store.incidents.visibility = new ListVisibility(store.context, options.visibilityLagMs, seededRandom(`${options.seed ?? "sentinel"}/visibility`));
    }

    const stats: EmulatorStats = { requests: 0, byOperation: {}, byStatus: {}, faultsInjected: 0, throttled: 0 };
    const listeners: ((r: RequestRecord) => void)[] = [];
    const makeFaults = (rate: number | undefined) =>
      rate ? new FaultInjector({ rate, seed: options.seed ?? "sentinel", retryAfterMs: options.faultRetryAfterMs }) : undefined;
    let faults = makeFaults(options.faultRate);
    let throttle = new Throttle(options.throttle ?? {});
    const tls = options.https ? await tlsMaterial(options) : undefined;
    certDir = tls?.generatedDir;
    let closing = false;
    const deps: PipelineDeps = {
      store,
      auth: new Authenticator(options.token),
      throttle,
      faults,
      latencyMs: options.latencyMs ?? 0,
      latencyJitterMs: options.latencyJitterMs ?? 0,
      jitterSeed: options.seed ?? "sentinel",
      maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
      secure: tls !== undefined,
      closing: () => closing,
      stats: () => stats,
      reconfigure(settings) {
        const { latencyMs, latencyJitterMs, faultRate, throttle: t } = settings as {
          latencyMs?: number;
          latencyJitterMs?: number;
          faultRate?: number;
          throttle?: { readsPerSecond?: number; writesPerSecond?: number } | null;
        };
        const ms = (v: unknown, name: string) => {
          if (typeof v !== "number" || !(v >= 0) || v > 600_000) throw new Error(`${name} must be a number of milliseconds from 0 to 600000`);
          return v;
        };
        if (latencyMs !== undefined) deps.latencyMs = ms(latencyMs, "latencyMs");
        if (latencyJitterMs !== undefined) deps.latencyJitterMs = ms(latencyJitterMs, "latencyJitterMs");
        if (faultRate !== undefined) {
          if (typeof faultRate !== "number" || !(faultRate >= 0 && faultRate <= 1)) throw new Error("faultRate must be a number from 0 to 1");
          deps.faults = faults = makeFaults(faultRate);
        }
        if (t !== undefined) deps.throttle = throttle = new Throttle(t ?? {});
      },
      onRequest(record) {
        stats.requests++;
        if (record.operationId) stats.byOperation[record.operationId] = (stats.byOperation[record.operationId] ?? 0) + 1;
        stats.byStatus[String(record.status)] = (stats.byStatus[String(record.status)] ?? 0) + 1;
        stats.faultsInjected = faults?.injected ?? 0;
        stats.throttled = throttle.throttled;
        for (const l of listeners) l(record);
      },
    };
    const pipeline = createPipeline(deps);
    const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, pipeline) : createHttpServer(pipeline);
    server.keepAliveTimeout = 30_000;
    const sockets = new Set<Socket>();
    server.on("connection", (s: Socket) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? DEFAULT_PORT, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const urlHost = host.includes(":") ? `[${host}]` : host;
    let closed: Promise<void> | undefined;
    return {
      url: `${tls ? "https" : "http"}://${urlHost}:${port}`,
      host,
      port,
      caCertPath: tls?.certPath,
      store,
      stats,
      onRequest: (l) => listeners.push(l),
      close: () =>
        (closed ??= new Promise<void>((resolve) => {
          closing = true;
          server.close(() => {
            // Requests already inside the store finish before it closes.
            void pipeline.idle().then(() => {
              cleanUp();
              resolve();
            });
          });
          for (const s of sockets) s.destroy();
        })),
    };
  } catch (e) {
    cleanUp();
    throw e;
  }
}

async function tlsMaterial(options: EmulatorOptions): Promise<{ cert: string; key: string; certPath: string; generatedDir?: string }> {
  if (options.cert || options.key) {
    if (!options.cert || !options.key) throw new EmulatorConfigError("--cert and --key go together");
    return { cert: readFileSync(options.cert, "utf8"), key: readFileSync(options.key, "utf8"), certPath: options.cert };
  }
  const { generate } = await import("selfsigned");
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keySize: 2048,
    days: 30,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }, { type: 7, ip: "::1" }] },
    ],
  } as Parameters<typeof generate>[1]);
  const dir = mkdtempSync(join(tmpdir(), "sentinel-emulator-"));
  const certPath = join(dir, "emulator-cert.pem");
  writeFileSync(certPath, pems.cert);
  return { cert: pems.cert, key: pems.private, certPath, generatedDir: dir };
}
