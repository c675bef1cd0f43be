// Small helpers the benchmark shares: child processes that report JSON, medians,
// and the emulator's run-time settings.
import { spawn, type ChildProcess } from "node:child_process";
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

/** Median and extremes of a figure measured once per round. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Every round's figure, in round order. */
  rounds: number[];
}

export function spreadOf(values: number[]): Spread {
  if (values.length === 0) throw new Error("no rounds measured");
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), rounds: values };
}

/** Per-round ratios a[i] / b[i] of figures measured in the same round. */
export function ratios(a: number[], b: number[]): Spread {
  return spreadOf(a.map((x, i) => x / b[i]!));
}

export type Verdict = "met" | "at the edge" | "NOT met";

/**
 * A target is met only when every round meets it; "at the edge" when the median does but
 * some round does not (the machine's noise decides); otherwise not met.
 */
export function verdict(s: Spread, op: "<=" | ">=", target: number): Verdict {
  const ok = (v: number) => (op === "<=" ? v <= target : v >= target);
  if (ok(op === "<=" ? s.max : s.min)) return "met";
  return ok(s.median) ? "at the edge" : "NOT met";
}

/** "1.04× (1.01–1.09)": the median and the min–max of the rounds. */
export function showSpread(s: Spread, digits = 2, unit = "×"): { value: string; spread: string } {
  return { value: `${s.median.toFixed(digits)}${unit}`, spread: `${s.min.toFixed(digits)}–${s.max.toFixed(digits)}${unit}` };
}

/**
 * Runs each variant once per round, in the order given, for `rounds` rounds: a slow moment
 * of the machine hits every variant alike. Returns each variant's figures in round order.
 */
export async function interleave<K extends string>(rounds: number, variants: Record<K, (round: number) => Promise<number>>): Promise<Record<K, number[]>> {
  const out = Object.fromEntries(Object.keys(variants).map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (const [k, run] of Object.entries(variants) as [K, (round: number) => Promise<number>][]) out[k].push(await run(round));
  }
  return out;
}

/** One row of the printed table; every scenario file returns these. */
export interface BenchRow {
  scenario: string;
  metric: string;
  value: string;
  /** min–max over the rounds. */
  spread?: string;
  target?: string;
  met?: boolean;
  /** The verdict when it is more than met / not met ("at the edge"). */
  status?: Verdict;
}

/** A row's verdict fields for a spread against a target. */
export function judged(s: Spread, op: "<=" | ">=", target: number): { status: Verdict; met: boolean } {
  const status = verdict(s, op, target);
  return { status, met: status === "met" };
}

/** Starts `sentinel emulator start --port 0 …args` as its own process; resolves with its URL (and CA certificate when https). */
export function spawnEmulator(args: string[]): Promise<{ child: ChildProcess; url: string; caCert?: string }> {
  const child = spawn(process.execPath, [CLI, "emulator", "start", "--port", "0", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Sentinel emulator listening on (\S+)/.exec(out);
      if (m) {
        // The details follow on stderr a moment later.
        setTimeout(() => resolve({ child, url: m[1]!, caCert: /certificate at (\S+?);/.exec(err)?.[1] }), 200);
      }
    });
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}: ${err}`)));
  });
}

/** Stops a child with SIGTERM and waits for it to go. */
export async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}
