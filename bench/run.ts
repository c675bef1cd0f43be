// npm run bench [-- --quick]: the client, the emulator and the command line,
// measured side by side in one run against one emulator process. Prints a table
// of medians and ratios and writes bench/results.json. Targets are reported, not
// asserted: these machines are noisy, so only ratios measured together mean much.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, ROOT, call, median, runScenario, settings, timeCommand, type Env } from "./lib.js";
import { benchBodies } from "./bodies.js";
import { benchMcp } from "./mcp.js";
import { watchBench } from "./watch.js";

const quick = process.argv.includes("--quick");
const S = quick
  ? { db: 12_000, list: 5_000, stream: [2_000, 10_000], bulk: 300, bulkSeq: 100, runs: 3, serveSeconds: 3, startRuns: 5 }
  : { db: 100_000, list: 10_000, stream: [10_000, 100_000], bulk: 2_000, bulkSeq: 300, runs: 5, serveSeconds: 10, startRuns: 10 };
const WS = { subscriptionId: "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", resourceGroup: "myRg", workspaceName: "myWorkspace" };

const log = (line: string) => process.stderr.write(`${line}\n`);

function startEmulator(args: string[]): Promise<{ child: ChildProcess; url: string; caCert?: string }> {
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

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

async function seededDatabase(): Promise<string> {
  const dir = join(ROOT, "bench", ".cache");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `seed-${S.db}.db`);
  if (!existsSync(file)) {
    log(`seeding ${S.db} incidents into ${file} (kept for later runs)…`);
    const started = performance.now();
    const { child } = await startEmulator(["--db", file, "--seed-incidents", String(S.db), "--seed", "bench"]);
    await stop(child);
    log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const work = join(mkdtempSync(join(tmpdir(), "sentinel-bench-")), "bench.db");
  copyFileSync(file, work);
  return work;
}

interface Row {
  scenario: string;
  metric: string;
  value: string;
  target?: string;
  met?: boolean;
}

const rows: Row[] = [];
const results: Record<string, unknown> = {};
const fmt = (n: number, d = 1) => n.toFixed(d);

async function main(): Promise<void> {
  if (!existsSync(CLI)) spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  const db = await seededDatabase();
  const emu = await startEmulator(["--db", db, "--https"]);
  const env: Env = { url: emu.url, caCert: emu.caCert!, ...WS };
  log(`emulator ${emu.url} (${S.db} incidents), ${cpus().length} cores, Node ${process.version}${quick ? ", quick sizes" : ""}`);
  try {
    // 1. Listing.
    log(`1. listing ${S.list} incidents in pages of 1000…`);
    // Interleaved rounds, so a slow moment of the machine hits every variant alike.
    const listTimes: Record<string, number[]> = { floor: [], client: [], sdk: [] };
    for (let round = 0; round < 3; round++) {
      for (const variant of ["floor", "client", "sdk"]) {
        const { times } = await runScenario<{ times: number[] }>("list.ts", { variant, count: S.list, runs: S.runs }, env);
        listTimes[variant]!.push(...times);
      }
    }
    const list: Record<string, number> = Object.fromEntries(Object.entries(listTimes).map(([k, v]) => [k, median(v)]));
    results.list = { count: S.list, medianMs: list, clientVsFloor: list.client! / list.floor!, sdkVsFloor: list.sdk! / list.floor! };
    rows.push(
      { scenario: `1. list ${S.list}`, metric: "fetch + JSON.parse (floor)", value: `${fmt(list.floor!, 0)} ms` },
      { scenario: "", metric: "this client", value: `${fmt(list.client!, 0)} ms = ${fmt(list.client! / list.floor!, 2)}× floor`, target: "≤ 1.15× floor", met: list.client! / list.floor! <= 1.15 },
      { scenario: "", metric: "@azure/arm-securityinsight", value: `${fmt(list.sdk!, 0)} ms = ${fmt(list.sdk! / list.floor!, 2)}× floor`, target: "client no slower", met: list.client! <= list.sdk! },
    );

    // 2. getIncident with the four extras at 20 ms latency.
    log("2. getIncident with entities, alerts, comments and bookmarks at 20 ms latency…");
    const rich = (await call(
      env,
      "GET",
      `/subscriptions/${WS.subscriptionId}/resourceGroups/${WS.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${WS.workspaceName}/providers/Microsoft.SecurityInsights/incidents?api-version=2025-12-01&$top=1&$filter=${encodeURIComponent("properties/additionalData/alertsCount gt 1 and properties/additionalData/commentsCount gt 0 and properties/additionalData/bookmarksCount gt 0")}`,
    )).json as { value: { name: string }[] };
    const incident = rich.value[0]!.name;
    await settings(env, { latencyMs: 20 });
    const g: Record<string, number> = {};
    for (const mode of ["single", "all", "sequential"]) {
      g[mode] = median((await runScenario<{ times: number[] }>("getIncident.ts", { incident, mode, runs: S.runs * 2 }, env)).times);
    }
    await settings(env, { latencyMs: 0 });
    results.getIncident = { latencyMs: 20, medianMs: g, roundTrips: g.all! / g.single!, sequentialRoundTrips: g.sequential! / g.single! };
    rows.push(
      { scenario: "2. getIncident + 4 extras", metric: "one request", value: `${fmt(g.single!, 0)} ms` },
      { scenario: "", metric: "this client (concurrent)", value: `${fmt(g.all!, 0)} ms = ${fmt(g.all! / g.single!, 2)} round trips`, target: "≤ 2.5", met: g.all! / g.single! <= 2.5 },
      { scenario: "", metric: "sequential (as MSTICPy)", value: `${fmt(g.sequential!, 0)} ms = ${fmt(g.sequential! / g.single!, 2)} round trips` },
    );

    // 3. Bulk close at 100 writes/s.
    log(`3. bulk close ${S.bulk} incidents, emulator throttled to 100 writes/s, 20 ms latency…`);
    // A network's latency, so a one-at-a-time loop pays round trips as it would against Azure.
    await settings(env, { throttle: { writesPerSecond: 100 }, latencyMs: 20 });
    await new Promise((r) => setTimeout(r, 1100));
    const bulk = await runScenario<{ items: number; rate: number; throttled: number; failed: number }>("bulkClose.ts", { count: S.bulk, mode: "bulk" }, env);
    await new Promise((r) => setTimeout(r, 1100));
    const seq = await runScenario<{ items: number; rate: number; throttled: number; failed: number }>("bulkClose.ts", { count: S.bulkSeq, mode: "sequential" }, env);
    await settings(env, { throttle: null, latencyMs: 0 });
    results.bulkClose = { throttleWritesPerSecond: 100, latencyMs: 20, bulk, sequential: seq };
    rows.push(
      { scenario: `3. bulk close ${bulk.items} @100 w/s`, metric: "bulkCloseIncidents (20 ms latency)", value: `${fmt(bulk.rate)} writes/s = ${fmt(bulk.rate)}% of throttle, ${bulk.throttled} × 429, ${bulk.failed} failed`, target: "≥ 90 %, 0 failed", met: bulk.rate >= 90 && bulk.failed === 0 },
      { scenario: "", metric: `sequential loop (${seq.items})`, value: `${fmt(seq.rate)} writes/s, ${seq.throttled} × 429, ${seq.failed} failed` },
    );

    // 4. Streaming memory.
    log("4. streaming with iterateIncidents…");
    const rss: number[] = [];
    for (const count of S.stream) rss.push((await runScenario<{ peakRssMb: number }>("stream.mjs", { count }, env)).peakRssMb);
    results.stream = Object.fromEntries(S.stream.map((c, i) => [c, { peakRssMb: rss[i] }]));
    rows.push(
      { scenario: "4. stream", metric: `${S.stream[0]} incidents`, value: `${fmt(rss[0]!, 0)} MB peak RSS`, target: "≤ 150 MB", met: rss[0]! <= 150 },
      { scenario: "", metric: `${S.stream[1]} incidents`, value: `${fmt(rss[1]!, 0)} MB = ${fmt(rss[1]! / rss[0]!, 2)}× the smaller`, target: "≤ 150 MB, ≤ 1.2×", met: rss[1]! <= 150 && rss[1]! / rss[0]! <= 1.2 },
    );

    // 5. Emulator throughput.
    log(`5. emulator: filtered $top=1000 pages over ${S.db} incidents for ${S.serveSeconds} s…`);
    const serve = await runScenario<{ pagesPerSecond: number; floorPerSecond: number; bytesPerPage: number }>("serve.ts", { seconds: S.serveSeconds }, env);
    // The same pages without TLS, from a second, read-only emulator on the same file: what TLS costs.
    const plain = await startEmulator(["--db", db]);
    let plainServe;
    try {
      plainServe = await runScenario<{ pagesPerSecond: number; floorPerSecond: number }>("serve.ts", { seconds: S.serveSeconds }, { ...env, url: plain.url });
    } finally {
      await stop(plain.child);
    }
    results.serve = { https: serve, http: plainServe };
    rows.push(
      {
        scenario: "5. emulator pages",
        metric: "filtered $top=1000, https (autocannon, 4 conns)",
        value: `${fmt(serve.pagesPerSecond)} pages/s vs JSON.stringify ${fmt(serve.floorPerSecond)}/s = ${fmt((100 * serve.pagesPerSecond) / serve.floorPerSecond, 0)}%`,
        target: "≥ 50 % of floor",
        met: serve.pagesPerSecond / serve.floorPerSecond >= 0.5,
      },
      {
        scenario: "",
        metric: "the same over plain http",
        value: `${fmt(plainServe.pagesPerSecond)} pages/s vs ${fmt(plainServe.floorPerSecond)}/s = ${fmt((100 * plainServe.pagesPerSecond) / plainServe.floorPerSecond, 0)}%`,
      },
    );

    // 6. Start-up.
    log("6. start-up…");
    const cliEnv = { SENTINEL_ENDPOINT: emu.url, SENTINEL_TOKEN: "bench", NODE_EXTRA_CA_CERTS: emu.caCert!, SENTINEL_SUBSCRIPTION_ID: WS.subscriptionId, SENTINEL_RESOURCE_GROUP: WS.resourceGroup, SENTINEL_WORKSPACE_NAME: WS.workspaceName };
    const startup = async (args: string[]) => {
      await timeCommand(args, cliEnv);
      const times: number[] = [];
      for (let i = 0; i < S.startRuns; i++) times.push(await timeCommand(args, cliEnv));
      return median(times);
    };
    const bare = await startup(["-e", "0"]);
    const version = await startup([CLI, "--version"]);
    const listCmd = await startup([CLI, "incident", "list", "--top", "5", "-o", "json"]);
    results.startup = { nodeMs: bare, versionMs: version, incidentListMs: listCmd, versionVsNode: version / bare, listVsNode: listCmd / bare };
    rows.push(
      { scenario: "6. start-up", metric: "node -e 0", value: `${fmt(bare, 0)} ms` },
      { scenario: "", metric: "sentinel --version", value: `${fmt(version, 0)} ms = ${fmt(version / bare, 2)}× node`, target: "≤ 2×", met: version / bare <= 2 },
      { scenario: "", metric: "sentinel incident list --top 5", value: `${fmt(listCmd, 0)} ms = ${fmt(listCmd / bare, 2)}× node` },
    );

    // 7. Request bodies: strict JSON stays the fast path (bench/bodies.ts).
    log("7. request bodies, strict and lenient…");
    const bodies = benchBodies(quick);
    results.bodies = bodies.results;
    rows.push(...bodies.rows);

    // 8. MCP tool calls over stdio against the same library calls.
    log("8. MCP: list_incidents and get_incident over stdio vs the library…");
    const mcp = await benchMcp(env, S.runs * 4);
    results.mcp = mcp.result;
    rows.push(...mcp.rows);
    // 9–10. The change feed.
    const feed = await watchBench(env, quick ? { backlog: [2_000, S.db], runs: 1, rounds: 3, rssRuns: 1, idlePolls: 100, lagSeconds: 5 } : { backlog: [10_000, S.db], runs: 1, rounds: 5, rssRuns: 3, idlePolls: 100, lagSeconds: 10 });
    rows.push(...feed.rows);
    results.watch = feed.results;

    // 11-12. incidentStats and the console (bench/console.ts).
    const consoleRun = await (await import("./console.js")).consoleBench(env, S, log);
    rows.push(...consoleRun.rows);
    Object.assign(results, consoleRun.results);
  } finally {
    await stop(emu.child);
    rmSync(db, { force: true });
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
  }

  const machine = { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: `${process.platform}-${process.arch}`, quick, at: new Date().toISOString() };
  writeFileSync(join(ROOT, "bench", "results.json"), `${JSON.stringify({ machine, sizes: S, results, table: rows }, null, 2)}\n`);
  const w = [28, 48, 64];
  const line = (cells: string[]) => cells.map((c, i) => (i < w.length ? c.padEnd(w[i]!) : c)).join("  ");
  process.stdout.write(`\nsentinel-incidents benchmark — ${machine.cores} cores, ${machine.cpu}, Node ${machine.node}${quick ? " (quick)" : ""}\n\n`);
  process.stdout.write(`${line(["scenario", "measure", "median", "target"])}\n`);
  for (const r of rows) process.stdout.write(`${line([r.scenario, r.metric, r.value, r.target ? `${r.target} — ${r.met ? "met" : "NOT met"}` : ""])}\n`);
  process.stdout.write(`\nwritten to bench/results.json\n`);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
