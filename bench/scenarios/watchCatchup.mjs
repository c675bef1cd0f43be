// Scenario 7: catch up on a backlog of changes — the change feed (watchIncidents,
// with its checkpoint file) or plain fetch + JSON.parse over the same windows (the
// floor: lastModifiedTimeUtc ge since, ordered asc, every page). Plain JavaScript
// against dist/, so the peak RSS is the library's own.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SentinelClient, StaticTokenCredential } from "../../dist/index.js";

const args = JSON.parse(process.env.BENCH_ARGS ?? "{}");
const workspace = { subscriptionId: process.env.BENCH_SUB, resourceGroup: process.env.BENCH_RG, workspaceName: process.env.BENCH_WS };
const url = process.env.BENCH_URL;
const count = Number(args.count);
const runs = Number(args.runs ?? 1);
const since = "1970-01-01T00:00:00.000Z";
const dir = mkdtempSync(join(tmpdir(), "sentinel-bench-watch-"));
const client = new SentinelClient(workspace, { endpoint: url, credential: new StaticTokenCredential("bench") });

async function watcher(run) {
  let n = 0;
  for await (const change of client.watchIncidents({ once: true, since, checkpoint: join(dir, `cp-${run}.json`) })) {
    if (change.kind === "deleted") continue;
    if (++n >= count) break;
  }
  return n;
}

async function floor() {
  const u = new URL(`/subscriptions/${workspace.subscriptionId}/resourceGroups/${workspace.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${workspace.workspaceName}/providers/Microsoft.SecurityInsights/incidents`, url);
  u.searchParams.set("api-version", "2025-12-01");
  u.searchParams.set("$filter", `properties/lastModifiedTimeUtc ge ${since}`);
  u.searchParams.set("$orderby", "properties/lastModifiedTimeUtc asc");
  u.searchParams.set("$top", "1000");
  let next = u.toString();
  let n = 0;
  while (next && n < count) {
    const res = await fetch(next, { headers: { authorization: "Bearer bench" } });
    const body = JSON.parse(await res.text());
    n += body.value.length;
    next = body.nextLink;
  }
  return Math.min(n, count);
}

const fn = args.variant === "floor" ? floor : watcher;
const times = [];
try {
  // One untimed run warms the connections and the emulator's caches alike for both variants.
  if (runs > 1) await fn(-1);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const n = await fn(i);
    times.push(performance.now() - t);
    if (n < count) throw new Error(`${args.variant} read only ${n} of ${count} changes`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify({ times, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
