// `sentinel emulator start`: runs the local Sentinel emulator in the foreground.
import { parseWorkspaceTriple, type WorkspaceRef } from "../../api/resourceId.js";
import { DEFAULT_WORKSPACE, type EmulatorOptions } from "../../emulator/options.js";
import { parseThrottle } from "../../emulator/throttle.js";
import { UsageError } from "../errors.js";

export interface EmulatorStartFlags {
  host?: string;
  port?: string;
  db?: string;
  seedIncidents?: string;
  seed?: string;
  workspace?: string[];
  https?: boolean;
  cert?: string;
  key?: string;
  token?: string;
  latencyMs?: string;
  faultRate?: string;
  throttle?: string;
  visibilityLagMs?: string;
}

function integer(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got '${value}'`);
  }
  return Number(value);
}

export function emulatorOptions(flags: EmulatorStartFlags): EmulatorOptions {
  const workspaces: WorkspaceRef[] = (flags.workspace ?? []).map((w) => {
    const ref = parseWorkspaceTriple(w);
    if (!ref) throw new UsageError(`--workspace must be SUBSCRIPTION/RESOURCE_GROUP/WORKSPACE, got '${w}'`);
    return ref;
  });
  let faultRate: number | undefined;
  if (flags.faultRate !== undefined) {
    faultRate = Number(flags.faultRate);
    if (!/^\d*\.?\d+$/.test(flags.faultRate) || faultRate > 1) throw new UsageError(`--fault-rate must be a number from 0 to 1, got '${flags.faultRate}'`);
  }
  let throttle;
  try {
    throttle = flags.throttle === undefined ? undefined : parseThrottle(flags.throttle);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if ((flags.cert === undefined) !== (flags.key === undefined)) throw new UsageError("--cert and --key must be given together");
  return {
    host: flags.host,
    port: integer(flags.port, "--port", 0, 65535),
    db: flags.db,
    seedIncidents: integer(flags.seedIncidents, "--seed-incidents", 0, 10_000_000),
    seed: flags.seed,
    workspaces,
    https: flags.https || flags.cert !== undefined,
    cert: flags.cert,
    key: flags.key,
    token: flags.token,
    latencyMs: integer(flags.latencyMs, "--latency-ms", 0, 600_000),
    faultRate,
    throttle,
    visibilityLagMs: integer(flags.visibilityLagMs, "--visibility-lag-ms", 0, 3_600_000),
  };
}

/** Starts the emulator and resolves when it has been stopped by SIGINT or SIGTERM. */
export async function emulatorStart(flags: EmulatorStartFlags): Promise<void> {
  const options = emulatorOptions(flags);
  const started = performance.now();
  const { startEmulator } = await (await import("../../emulator/load.js")).loadEmulatorModule();
  const emulator = await startEmulator(options);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  // The one line on stdout, for scripts to wait for.
  process.stdout.write(`Sentinel emulator listening on ${emulator.url}\n`);
  const ws = [DEFAULT_WORKSPACE, ...(options.workspaces ?? [])];
  err(`  database:   ${options.db ?? "in memory (gone when the emulator stops; use --db FILE to keep it)"}`);
  for (const w of ws) {
    const n = emulator.store.incidents.count(emulator.store.workspace(w)!);
    err(`  workspace:  ${w.subscriptionId}/${w.resourceGroup}/${w.workspaceName} (${n} incidents)`);
  }
  if (emulator.caCertPath) err(`  tls:        self-signed certificate at ${emulator.caCertPath}; trust it with NODE_EXTRA_CA_CERTS=${emulator.caCertPath}`);
  if (options.visibilityLagMs) err(`  lists:      each write becomes visible to lists after a random 0–${options.visibilityLagMs} ms (--visibility-lag-ms)`);
  err(`  auth:       ${options.token ? "Bearer token given with --token" : "any Bearer token"}`);
  err(`  started in  ${Math.round(performance.now() - started)} ms`);
  err("");
  err("  Point the client at it:");
  err(`    export SENTINEL_ENDPOINT=${emulator.url}`);
  err(`    export SENTINEL_TOKEN=${options.token ? "<the --token value>" : "local-dev"}`);
  err(`    export SENTINEL_SUBSCRIPTION_ID=${DEFAULT_WORKSPACE.subscriptionId} SENTINEL_RESOURCE_GROUP=${DEFAULT_WORKSPACE.resourceGroup} SENTINEL_WORKSPACE_NAME=${DEFAULT_WORKSPACE.workspaceName}`);
  err("    sentinel incident list");
  err("  Stop with Ctrl-C.");
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void emulator.close().then(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
