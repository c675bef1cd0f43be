// What every scenario process gets: the emulator's address and its arguments.
import { SentinelClient } from "../../src/client/sentinelClient.js";
import { StaticTokenCredential } from "../../src/client/credentials.js";

export const url = process.env.BENCH_URL!;
export const workspace = { subscriptionId: process.env.BENCH_SUB!, resourceGroup: process.env.BENCH_RG!, workspaceName: process.env.BENCH_WS!, };
export const args = JSON.parse(process.env.BENCH_ARGS ?? "{}") as Record<string, number | string>;

export function client(): SentinelClient {
  return new SentinelClient(workspace, { endpoint: url, credential: new StaticTokenCredential("bench") });
}

export function listUrl(top: number, filter?: string): string {
  const u = new URL(
    `/subscriptions/${workspace.subscriptionId}/resourceGroups/${workspace.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${workspace.workspaceName}/providers/Microsoft.SecurityInsights/incidents`,
    url,
  );
  u.searchParams.set("api-version", "2025-12-01");
  u.searchParams.set("$orderby", "properties/createdTimeUtc desc");
  u.searchParams.set("$top", String(top));
  if (filter) u.searchParams.set("$filter", filter);
  return u.toString();
}

/** Times `fn` after `warmup` untimed runs; prints the times as JSON. */
export async function measure(fn: () => Promise<unknown>, runs: number, warmup = 1): Promise<void> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  process.stdout.write(`${JSON.stringify({ times })}\n`);
}
