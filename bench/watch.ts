// The change feed's benchmark (issue 12), called from bench/run.ts.
// 7. Catch-up: a backlog of changes read by the watcher vs the raw fetch floor over
//    the same windows, interleaved; peak RSS of the watcher at two backlog sizes.
// 8. Steady state: 10 idle workspaces polled 100 times (requests per workspace per
//    poll), and writes under a 2 s visibility lag (time from write to delivery).
import { median, runScenario, spawnEmulator, stopChild, type BenchRow, type Env } from "./lib.js";
import { SentinelClient, StaticTokenCredential, watchIncidentsAcrossWorkspaces, type IncidentChange } from "../src/index.js";

export interface WatchBenchSizes {
  /** Backlog sizes for the memory figure: the smaller, and the whole backlog. */
  backlog: [number, number];
  runs: number;
  /** Interleaved rounds of the two variants (each starts first in turn); the figure is the median. */
  rounds: number;
  /** Processes per backlog size for the peak RSS figure. */
  rssRuns: number;
  idlePolls: number;
  lagSeconds: number;
}


const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number, d = 1) => n.toFixed(d);

export async function watchBench(env: Env, sizes: WatchBenchSizes): Promise<{ rows: BenchRow[]; results: Record<string, unknown> }> {
  const rows: BenchRow[] = [];
  const results: Record<string, unknown> = {};
  const [small, all] = sizes.backlog;

  log(`7. change feed: catching up on ${all} changes, watcher vs fetch floor…`);
  const times: Record<string, number[]> = { floor: [], watch: [] };
  for (let round = 0; round < sizes.rounds; round++) {
    for (const variant of round % 2 ? ["watch", "floor"] : ["floor", "watch"]) {
      times[variant]!.push(...(await runScenario<{ times: number[] }>("watchCatchup.mjs", { variant, count: all, runs: sizes.runs }, env)).times);
    }
  }
  const floor = median(times.floor!);
  const watch = median(times.watch!);
  // Peak RSS moves with the moment V8 collects (±15 % on a busy machine): the median of a few processes per size, interleaved.
  const rss: Record<number, number[]> = { [small]: [], [all]: [] };
  for (let i = 0; i < sizes.rssRuns; i++) {
    for (const count of [small, all]) rss[count]!.push((await runScenario<{ peakRssMb: number }>("watchCatchup.mjs", { variant: "watch", count }, env)).peakRssMb);
  }
  const rssSmall = median(rss[small]!);
  const rssAll = median(rss[all]!);
  results.catchUp = { changes: all, medianMs: { floor, watch }, timesMs: times, watchVsFloor: watch / floor, peakRssMb: { [small]: rssSmall, [all]: rssAll }, peakRssRunsMb: rss };
  rows.push(
    { scenario: `9. watch catch-up ${all}`, metric: "fetch + JSON.parse, same windows (floor)", value: `${fmt(floor, 0)} ms` },
    { scenario: "", metric: "watchIncidents (checkpoint per page)", value: `${fmt(watch, 0)} ms = ${fmt(watch / floor, 2)}× floor`, target: "≤ 1.3× floor", met: watch / floor <= 1.3 },
    { scenario: "", metric: `peak RSS, ${small} changes`, value: `${fmt(rssSmall, 0)} MB`, target: "≤ 150 MB", met: rssSmall <= 150 },
    { scenario: "", metric: `peak RSS, ${all} changes`, value: `${fmt(rssAll, 0)} MB = ${fmt(rssAll / rssSmall, 2)}× the smaller`, target: "≤ 150 MB, ≤ 1.2×", met: rssAll <= 150 && rssAll / rssSmall <= 1.2 },
  );

  log(`8. change feed steady state: 10 workspaces, ${sizes.idlePolls} idle polls; writes under a 2 s visibility lag…`);
  const workspaces = Array.from({ length: 10 }, (_, i) => ({ subscriptionId: "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", resourceGroup: "benchRg", workspaceName: `bench-ws-${i}` }));
  const emu = await spawnEmulator(["--visibility-lag-ms", "2000", ...workspaces.flatMap((w) => ["--workspace", `${w.subscriptionId}/${w.resourceGroup}/${w.workspaceName}`])]);
  try {
    const clients = workspaces.map((w) => new SentinelClient(w, { endpoint: emu.url, credential: new StaticTokenCredential("bench") }));
    // Idle: abort once the planned number of polls has been asked for; then check the requests cycle one per workspace.
    const order: number[] = [];
    const ac = new AbortController();
    clients.forEach((c, i) => c.onRequest(() => {
      order.push(i);
      if (order.length === sizes.idlePolls * clients.length) ac.abort();
    }));
    const idleStart = performance.now();
    for await (const _ of watchIncidentsAcrossWorkspaces(clients, { pollIntervalInMs: 20, abortSignal: ac.signal })) throw new Error("an idle workspace produced a change");
    const idleMs = performance.now() - idleStart;
    const polls = Math.floor(order.length / clients.length);
    const cyclic = order.every((ws, i) => ws === i % clients.length);
    results.idle = { workspaces: clients.length, polls, requests: order.length, requestsPerWorkspacePerPoll: order.length / (polls * clients.length), oneEach: cyclic, ms: idleMs };
    rows.push({
      scenario: "10. watch steady state",
      metric: `10 idle workspaces, ${polls} polls`,
      value: `${order.length} requests = ${fmt(order.length / (polls * clients.length), 2)} per workspace per poll${cyclic ? ", one each in turn" : ", NOT one each"}`,
      target: "exactly 1",
      met: cyclic && order.length === polls * clients.length,
    });

    // Writes under a 2 s lag while a watcher polls every second with the default 2 min look-back.
    const intervalMs = 1000;
    const lookbackMs = 120_000;
    const written = new Map<string, number>(); // eventId-less key: workspace/name/etag → when the write was acknowledged
    const latencies: number[] = [];
    const delivered = new Set<string>();
    const ac2 = new AbortController();
    const watching = (async () => {
      for await (const change of watchIncidentsAcrossWorkspaces(clients, { pollIntervalInMs: intervalMs, lookbackInMs: lookbackMs, abortSignal: ac2.signal })) {
        const key = keyOf(change);
        delivered.add(key);
        const at = written.get(key);
        if (at !== undefined) latencies.push(performance.now() - at);
      }
    })();
    const until = performance.now() + sizes.lagSeconds * 1000;
    const names: { c: number; name: string }[] = [];
    let writes = 0;
    while (performance.now() < until) {
      const c = Math.floor(Math.random() * clients.length);
      const mine = names.filter((n) => n.c === c);
      const incident = mine.length === 0 || Math.random() < 0.4
        ? await clients[c]!.createIncident({ title: `bench write ${writes}`, severity: "Low" })
        : await clients[c]!.updateIncident(mine[Math.floor(Math.random() * mine.length)]!.name, { severity: Math.random() < 0.5 ? "High" : "Medium" });
      if (!names.some((n) => n.name === incident.name)) names.push({ c, name: incident.name! });
      written.set(`${workspaces[c]!.workspaceName}/${incident.name}/${incident.etag}`, performance.now());
      writes++;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 60));
    }
    // Everything written is visible after the lag; one more interval lets the watcher read it.
    await new Promise((r) => setTimeout(r, 2000 + intervalMs + 1500));
    ac2.abort();
    await watching;
    // A write that was overtaken by a newer one of the same incident before a poll saw it is delivered as that newer version.
    const latest = new Map<string, string>();
    for (const key of written.keys()) latest.set(key.split("/").slice(0, 2).join("/"), key);
    const missed = [...latest.values()].filter((k) => !delivered.has(k)).length;
    const maxLatency = Math.max(...latencies);
    results.lag = { visibilityLagMs: 2000, intervalMs, lookbackMs, writes, incidents: latest.size, deliveredVersions: latencies.length, missedLatest: missed, latencyMs: { median: median(latencies), max: maxLatency } };
    rows.push({
      scenario: "",
      metric: `${writes} writes, lag ≤ 2 s, interval 1 s`,
      value: `latest of ${latest.size} incidents all delivered: ${missed === 0 ? "yes" : `NO (${missed} missed)`}; write → delivery median ${fmt(median(latencies), 0)} ms, max ${fmt(maxLatency, 0)} ms`,
      target: "≤ interval + look-back (121 s)",
      met: missed === 0 && maxLatency <= intervalMs + lookbackMs,
    });
  } finally {
    await stopChild(emu.child);
  }
  return { rows, results };
}

function keyOf(change: IncidentChange): string {
  return `${change.workspace}/${change.incident.name}/${change.incident.etag}`;
}


