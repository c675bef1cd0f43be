// Small helpers the benchmark shares: child processes that report JSON, medians,
// and the emulator's run-time settings.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const CLI = join(ROOT, "dist", "cli", "main.js");

export interface Env {
  url: string;
  caCert: string;
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs a scenario script in its own process and returns the JSON it prints last. */
export async function runScenario<T>(script: string, args: Record<string, string | number>, env: Env): Promise<T> {
  // TypeScript scenarios run through tsx; plain .mjs ones (the memory scenario) without any loader.
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...loader, join(ROOT, "bench", "scenarios", script)], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: env.caCert,
      BENCH_URL: env.url,
      BENCH_SUB: env.subscriptionId,
      BENCH_RG: env.resourceGroup,
      BENCH_WS: env.workspaceName,
      BENCH_ARGS: JSON.stringify(args),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`scenario ${script} failed with exit code ${code}`);
  const last = out.trim().split("\n").pop()!;
  return JSON.parse(last) as T;
}

/** A request to the emulator from this process, trusting its self-signed certificate. */
export function call(env: Env, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const ca = readFileSync(env.caCert, "utf8");
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, env.url), { method, ca, headers: { authorization: "Bearer bench", "content-type": "application/json" } }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

export async function settings(env: Env, body: Record<string, unknown>): Promise<void> {
  const res = await call(env, "POST", "/_emulator/settings", body);
  if (res.status !== 204) throw new Error(`emulator settings failed: ${res.status} ${JSON.stringify(res.json)}`);
}

/** Wall time of a command, in ms. */
export async function timeCommand(args: string[], extraEnv: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...extraEnv }, stdio: "ignore" });
  const code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`${args.join(" ")} failed with exit code ${code}`);
  return performance.now() - started;
}
