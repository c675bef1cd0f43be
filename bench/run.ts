// npm run bench [-- --quick]: the client, the emulator and the command line,
// measured side by side in one run against one emulator process. Each scenario runs
// its variants interleaved over at least five rounds, each variant in its own process,
// and reports the median and the min–max spread of the per-round ratio: a target is
// "met" only when every round meets it, "at the edge" when only the median does.
// bench/results.json keeps the history of runs with the machine's description.
//
// A scenario is a function of the shared context returning table rows (and filling
// its part of `results`); main() calls them in order.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, ROOT, call, interleave, judged, spawnEmulator, stopChild, median, ratios, runScenario, settings, showSpread, spreadOf, timeCommand, verdict, type BenchRow, type Env, type Spread } from "./lib.js";
import { benchBodies } from "./bodies.js";
import { benchMcp } from "./mcp.js";
import { watchBench } from "./watch.js";

const quick = process.argv.includes("--quick");
// rounds: how many interleaved rounds every scenario runs (at least five); runs: repetitions inside one process.
const S = quick
  ? { db: 12_000, list: 5_000, stream: [2_000, 10_000], bulk: 200, bulkSeq: 40, runs: 3, serveSeconds: 2, startRuns: 3, rounds: 5 }
  : { db: 100_000, list: 10_000, stream: [10_000, 100_000], bulk: 1_000, bulkSeq: 100, runs: 5, serveSeconds: 4, startRuns: 3, rounds: 5 };
const WS = { subscriptionId: "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", resourceGroup: "myRg", workspaceName: "myWorkspace" };

const log = (line: string) => process.stderr.write(`${line}\n`);



async function seededDatabase(): Promise<string> {
  const dir = join(ROOT, "bench", ".cache");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `seed-${S.db}.db`);
  if (!existsSync(file)) {
    log(`seeding ${S.db} incidents into ${file} (kept for later runs)…`);
    const started = performance.now();
    const { child } = await spawnEmulator(["--db", file, "--seed-incidents", String(S.db), "--seed", "bench"]);
    await stopChild(child);
    log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const work = join(mkdtempSync(join(tmpdir(), "sentinel-bench-")), "bench.db");
  copyFileSync(file, work);
  return work;
}

type Row = BenchRow;

interface Ctx {
  env: Env;
  emu: { url: string; caCert?: string };
  db: string;
  results: Record<string, unknown>;
}

const fmt = (n: number, d = 1) => n.toFixed(d);
const scenarioMedian = async (script: string, args: Record<string, string | number>, env: Env) => median((await runScenario<{ times: number[] }>(script, args, env)).times);

/** 1. Listing: this client and the official SDK against fetch + JSON.parse, each variant its own process per round. */
async function benchList({ env, results }: Ctx): Promise<Row[]> {
  log(`1. listing ${S.list} incidents in pages of 1000, ${S.rounds} rounds…`);
  const t = await interleave(S.rounds, {
    floor: () => scenarioMedian("list.ts", { variant: "floor", count: S.list, runs: S.runs }, env),
    client: () => scenarioMedian("list.ts", { variant: "client", count: S.list, runs: S.runs }, env),
    sdk: () => scenarioMedian("list.ts", { variant: "sdk", count: S.list, runs: S.runs }, env),
  });
  const client = ratios(t.client, t.floor);
  const sdk = ratios(t.sdk, t.floor);
  const vsSdk = ratios(t.client, t.sdk);
  results.list = { count: S.list, ms: t, clientVsFloor: client, sdkVsFloor: sdk, clientVsSdk: vsSdk };
  return [
    { scenario: `1. list ${S.list}`, metric: "fetch + JSON.parse (floor)", value: `${fmt(median(t.floor), 0)} ms`, spread: `${fmt(Math.min(...t.floor), 0)}–${fmt(Math.max(...t.floor), 0)} ms` },
    { scenario: "", metric: "this client / floor", ...showSpread(client), target: "≤ 1.15×", ...judged(client, "<=", 1.15) },
    { scenario: "", metric: "@azure/arm-securityinsight / floor", ...showSpread(sdk) },
    { scenario: "", metric: "this client / the SDK", ...showSpread(vsSdk), target: "≤ 1× (no slower)", ...judged(vsSdk, "<=", 1) },
  ];
}

/** 2. getIncident with the four extras at 20 ms latency, in round trips. */
async function benchGetIncident({ env, results }: Ctx): Promise<Row[]> {
  log(`2. getIncident with entities, alerts, comments and bookmarks at 20 ms latency, ${S.rounds} rounds…`);
  const rich = (await call(
    env,
    "GET",
    `/subscriptions/${WS.subscriptionId}/resourceGroups/${WS.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${WS.workspaceName}/providers/Microsoft.SecurityInsights/incidents?api-version=2025-12-01&$top=1&$filter=${encodeURIComponent("properties/additionalData/alertsCount gt 1 and properties/additionalData/commentsCount gt 0 and properties/additionalData/bookmarksCount gt 0")}`,
  )).json as { value: { name: string }[] };
  const incident = rich.value[0]!.name;
  await settings(env, { latencyMs: 20 });
  try {
    const t = await interleave(S.rounds, {
      single: () => scenarioMedian("getIncident.ts", { incident, mode: "single", runs: S.runs * 2 }, env),
      all: () => scenarioMedian("getIncident.ts", { incident, mode: "all", runs: S.runs * 2 }, env),
      sequential: () => scenarioMedian("getIncident.ts", { incident, mode: "sequential", runs: S.runs * 2 }, env),
    });
    const all = ratios(t.all, t.single);
    const seq = ratios(t.sequential, t.single);
    results.getIncident = { latencyMs: 20, ms: t, roundTrips: all, sequentialRoundTrips: seq };
    return [
      { scenario: "2. getIncident + 4 extras", metric: "one request", value: `${fmt(median(t.single), 0)} ms` },
      { scenario: "", metric: "this client (concurrent), round trips", ...showSpread(all, 2, ""), target: "≤ 2.5", ...judged(all, "<=", 2.5) },
      { scenario: "", metric: "sequential (as MSTICPy), round trips", ...showSpread(seq, 2, "") },
    ];
  } finally {
    await settings(env, { latencyMs: 0 });
  }
}

/** 3. Bulk close against 100 writes/s and 20 ms latency: the runner's rate as a share of the throttle. */
async function benchBulkClose({ env, results }: Ctx): Promise<Row[]> {
  log(`3. bulk close ${S.bulk} incidents (and a sequential loop of ${S.bulkSeq}) per round, throttled to 100 writes/s, 20 ms latency, ${S.rounds} rounds…`);
  // A network's latency, so a one-at-a-time loop pays round trips as it would against Azure.
  await settings(env, { throttle: { writesPerSecond: 100 }, latencyMs: 20 });
  type Bulk = { items: number; rate: number; throttled: number; failed: number };
  const runs: { bulk: Bulk[]; sequential: Bulk[] } = { bulk: [], sequential: [] };
  try {
    // Each run starts with a full token bucket.
    const once = async (mode: "bulk" | "sequential", count: number) => {
      await new Promise((r) => setTimeout(r, 1100));
      const r = await runScenario<Bulk>("bulkClose.ts", { count, mode }, env);
      runs[mode].push(r);
      return r.rate;
    };
    await interleave(S.rounds, { bulk: () => once("bulk", S.bulk), sequential: () => once("sequential", S.bulkSeq) });
  } finally {
    await settings(env, { throttle: null, latencyMs: 0 });
  }
  const rate = spreadOf(runs.bulk.map((r) => r.rate));
  const failed = runs.bulk.reduce((n, r) => n + r.failed, 0);
  const throttled = runs.bulk.reduce((n, r) => n + r.throttled, 0);
  const seq = spreadOf(runs.sequential.map((r) => r.rate));
  const status = failed > 0 ? "NOT met" : verdict(rate, ">=", 90);
  results.bulkClose = { throttleWritesPerSecond: 100, latencyMs: 20, runs, bulkRate: rate, sequentialRate: seq };
  return [
    { scenario: `3. bulk close ${S.bulk} @100 w/s`, metric: "bulkCloseIncidents, % of throttle", ...showSpread(rate, 1, " %"), target: `≥ 90 %, 0 failed (${failed} failed, ${throttled} × 429)`, status, met: status === "met" },
    { scenario: "", metric: `sequential loop (${S.bulkSeq}), writes/s`, ...showSpread(seq, 1, "") },
  ];
}

/** 4. Streaming memory: peak RSS of iterateIncidents over the two sizes, each run its own process. */
async function benchStream({ env, results }: Ctx): Promise<Row[]> {
  const [small, large] = S.stream as [number, number];
  log(`4. streaming ${small} and ${large} incidents with iterateIncidents, ${S.rounds} rounds…`);
  const peak = async (count: number) => (await runScenario<{ peakRssMb: number }>("stream.mjs", { count }, env)).peakRssMb;
  const t = await interleave(S.rounds, { small: () => peak(small), large: () => peak(large) });
  const smallMb = spreadOf(t.small);
  const largeMb = spreadOf(t.large);
  const growth = ratios(t.large, t.small);
  results.stream = { counts: [small, large], peakRssMb: t, growth };
  return [
    { scenario: "4. stream", metric: `${small} incidents, peak RSS`, ...showSpread(smallMb, 0, " MB"), target: "≤ 100 MB", ...judged(smallMb, "<=", 100) },
    { scenario: "", metric: `${large} incidents, peak RSS`, ...showSpread(largeMb, 0, " MB"), target: "≤ 100 MB", ...judged(largeMb, "<=", 100) },
    { scenario: "", metric: `${large} / ${small}`, ...showSpread(growth), target: "≤ 1.2×", ...judged(growth, "<=", 1.2) },
  ];
}

/** 5. Emulator pages against the JSON.stringify floor, https and (for what TLS costs) plain http. */
async function benchServe({ env, db, results }: Ctx): Promise<Row[]> {
  log(`5. emulator: filtered $top=1000 pages over ${S.db} incidents, ${S.serveSeconds} s per run, ${S.rounds} rounds of https and http…`);
  // The same pages without TLS, from a second, read-only emulator on the same file.
  const plain = await spawnEmulator(["--db", db]);
  type Serve = { pagesPerSecond: number; floorPerSecond: number; bytesPerPage: number };
  const runs: { https: Serve[]; http: Serve[] } = { https: [], http: [] };
  try {
    const once = async (kind: "https" | "http") => {
      const r = await runScenario<Serve>("serve.ts", { seconds: S.serveSeconds }, kind === "https" ? env : { ...env, url: plain.url });
      runs[kind].push(r);
      return r.pagesPerSecond / r.floorPerSecond;
    };
    await interleave(S.rounds, { https: () => once("https"), http: () => once("http") });
  } finally {
    await stopChild(plain.child);
  }
  const pct = (xs: Serve[]) => spreadOf(xs.map((r) => (100 * r.pagesPerSecond) / r.floorPerSecond));
  const https = pct(runs.https);
  const http = pct(runs.http);
  results.serve = { runs, httpsPercentOfFloor: https, httpPercentOfFloor: http };
  return [
    { scenario: "5. emulator pages", metric: `https, % of JSON.stringify floor (${fmt(median(runs.https.map((r) => r.pagesPerSecond)))} pages/s)`, ...showSpread(https, 0, " %"), target: "≥ 80 %", ...judged(https, ">=", 80) },
    { scenario: "", metric: `plain http, % of floor (${fmt(median(runs.http.map((r) => r.pagesPerSecond)))} pages/s)`, ...showSpread(http, 0, " %") },
  ];
}

/** 6. Start-up: the real binary against node -e 0, each start its own process, interleaved. */
async function benchStartup({ emu, results }: Ctx): Promise<Row[]> {
  log(`6. start-up, ${S.rounds} rounds of ${S.startRuns} starts each…`);
  const cliEnv = { SENTINEL_ENDPOINT: emu.url, SENTINEL_TOKEN: "bench", NODE_EXTRA_CA_CERTS: emu.caCert!, SENTINEL_SUBSCRIPTION_ID: WS.subscriptionId, SENTINEL_RESOURCE_GROUP: WS.resourceGroup, SENTINEL_WORKSPACE_NAME: WS.workspaceName };
  const commands = { node: ["-e", "0"], version: [CLI, "--version"], list: [CLI, "incident", "list", "--top", "5", "-o", "json"] };
  for (const args of Object.values(commands)) await timeCommand(args, cliEnv); // warm the file cache
  // One round: each command startRuns times, interleaved; the round's figure is each one's median.
  const t: Record<keyof typeof commands, number[]> = { node: [], version: [], list: [] };
  for (let round = 0; round < S.rounds; round++) {
    const times: Record<keyof typeof commands, number[]> = { node: [], version: [], list: [] };
    for (let i = 0; i < S.startRuns; i++) for (const [k, args] of Object.entries(commands) as [keyof typeof commands, string[]][]) times[k].push(await timeCommand(args, cliEnv));
    for (const k of Object.keys(t) as (keyof typeof commands)[]) t[k].push(median(times[k]));
  }
  const version = ratios(t.version, t.node);
  const list = ratios(t.list, t.node);
  results.startup = { ms: t, versionVsNode: version, listVsNode: list };
  return [
    { scenario: "6. start-up", metric: "node -e 0", value: `${fmt(median(t.node), 0)} ms`, spread: `${fmt(Math.min(...t.node), 0)}–${fmt(Math.max(...t.node), 0)} ms` },
    { scenario: "", metric: `sentinel --version / node (${fmt(median(t.version), 0)} ms)`, ...showSpread(version), target: "≤ 2×", ...judged(version, "<=", 2) },
    { scenario: "", metric: `sentinel incident list --top 5 / node (${fmt(median(t.list), 0)} ms)`, ...showSpread(list), target: "≤ 2.5×", ...judged(list, "<=", 2.5) },
  ];
}

/** 7. Request bodies: strict JSON stays the fast path (bench/bodies.ts). */
async function benchRequestBodies({ results }: Ctx): Promise<Row[]> {
  log("7. request bodies, strict and lenient…");
  const bodies = benchBodies(quick);
  results.bodies = bodies.results;
  return bodies.rows;
}

/** 8. MCP tool calls over stdio against the same library calls (bench/mcp.ts). */
async function benchMcpCalls({ env, results }: Ctx): Promise<Row[]> {
  log("8. MCP: list_incidents and get_incident over stdio vs the library…");
  const mcp = await benchMcp(env, { rounds: S.rounds, runs: quick ? 10 : 20, warmup: quick ? 50 : 200 });
  results.mcp = mcp.result;
  return mcp.rows;
}

/** 9–10. The change feed: catch-up against the list floor, and steady state (bench/watch.ts). */
async function benchWatch({ env, results }: Ctx): Promise<Row[]> {
  const feed = await watchBench(
    env,
    quick ? { backlog: [2_000, S.db], runs: 1, rounds: 3, rssRuns: 1, idlePolls: 100, lagSeconds: 5 } : { backlog: [10_000, S.db], runs: 1, rounds: 5, rssRuns: 3, idlePolls: 100, lagSeconds: 10 },
  );
  results.watch = feed.results;
  return feed.rows;
}

/** 11–12. incidentStats against the list floor, and the console's first page in Chromium (bench/console.ts). */
async function benchConsole({ env, results }: Ctx): Promise<Row[]> {
  const run = await (await import("./console.js")).consoleBench(env, S, log);
  Object.assign(results, run.results);
  return run.rows;
}

// The scenarios, in the order they run; `npm run bench -- --only 4,6` runs some of them.
const SCENARIOS: [number, (ctx: Ctx) => Promise<Row[]>][] = [
  [1, benchList],
  [2, benchGetIncident],
  [3, benchBulkClose],
  [4, benchStream],
  [5, benchServe],
  [6, benchStartup],
  [7, benchRequestBodies],
  [8, benchMcpCalls],
  [9, benchWatch],
  [11, benchConsole],
];

function machineDescription() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    // What else the machine was doing: a shared machine's load explains a wide spread.
    loadAverage: loadavg().map((l) => Number(l.toFixed(2))),
  };
}

/** bench/results.json: { runs: [oldest … newest] }, each with its machine, sizes, results and table. */
function appendHistory(entry: Record<string, unknown>): void {
  const file = join(ROOT, "bench", "results.json");
  let runs: unknown[] = [];
  if (existsSync(file)) {
    try {
      const old = JSON.parse(readFileSync(file, "utf8")) as { runs?: unknown[]; machine?: unknown };
      // The file before it kept history held one run at the top level.
      runs = Array.isArray(old.runs) ? old.runs : old.machine ? [old] : [];
    } catch {
      runs = [];
    }
  }
  runs.push(entry);
  writeFileSync(file, `${JSON.stringify({ runs: runs.slice(-50) }, null, 2)}\n`);
}

async function main(): Promise<void> {
  const onlyArg = process.argv.indexOf("--only");
  const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1]!.split(",").map(Number)) : undefined;
  if (!existsSync(CLI)) spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  const machine = { ...machineDescription(), quick, at: new Date().toISOString() };
  const db = await seededDatabase();
  const emu = await spawnEmulator(["--db", db, "--https"]);
  const env: Env = { url: emu.url, caCert: emu.caCert!, ...WS };
  const results: Record<string, unknown> = {};
  const rows: Row[] = [];
  log(`emulator ${emu.url} (${S.db} incidents), ${machine.cores} cores, load ${machine.loadAverage.join(" ")}, Node ${process.version}${quick ? ", quick sizes" : ""}`);
  try {
    for (const [n, scenario] of SCENARIOS) if (!only || only.has(n)) rows.push(...(await scenario({ env, emu, db, results })));
  } finally {
    await stopChild(emu.child);
    rmSync(db, { force: true });
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
  }

  const finished = { ...machine, loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))) };
  appendHistory({ machine: finished, sizes: S, only: only ? [...only] : undefined, results, table: rows });
  const w = [30, 56, 22, 22];
  const line = (cells: string[]) => cells.map((c, i) => (i < w.length ? c.padEnd(w[i]!) : c)).join("  ");
  process.stdout.write(`\nsentinel-incidents benchmark — ${machine.cores} cores, ${machine.cpu}, Node ${machine.node}, load ${machine.loadAverage.join(" ")}${quick ? " (quick)" : ""}; ${S.rounds} interleaved rounds\n\n`);
  process.stdout.write(`${line(["scenario", "measure", "median", "spread (min–max)", "target"])}\n`);
  for (const r of rows) {
    const status = r.status ?? (r.met === undefined ? "" : r.met ? "met" : "NOT met");
    process.stdout.write(`${line([r.scenario, r.metric, r.value, r.spread ?? "", r.target ? `${r.target} — ${status}` : ""])}\n`);
  }
  process.stdout.write(`\nappended to bench/results.json (${S.rounds} rounds; "met" = every round meets the target, "at the edge" = only the median does)\n`);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
