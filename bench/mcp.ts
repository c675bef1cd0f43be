// Bench scenario 8: a list_incidents and a get_incident tool call to `sentinel mcp`
// over stdio (the SDK's own Client, the real binary) against the same library calls,
// interleaved in one process so both meet the same machine. Target: ≤ 1.5× the library.
//
// An assistant keeps its MCP server running for the whole conversation, so the server
// is warmed up first (its code optimised, its connection to the service open), as the
// library is. Then two service latencies, each for several rounds:
// - 20 ms, the round trip the other network scenarios model (getIncident, bulk close):
//   what a call costs against a workspace; the target is judged here.
// - 0 ms, the local emulator as fast as it goes: the ratio is at its worst there, and
//   the difference is the server's absolute overhead per call (the SDK's own stdio
//   round trip — a ping — is part of it, and is shown).
//
// bench/run.ts calls benchMcp(); this file also runs as the scenario's own process
// (through runScenario, which gives it the emulator's CA certificate).
import { fileURLToPath } from "node:url";
import { CLI, judged, median, ratios, runScenario, settings, showSpread, type BenchRow, type Env, type Spread } from "./lib.js";

const LIST_LIMIT = 20;
/** The service latencies measured; the target is judged at the first. */
const LATENCIES_MS = [20, 0] as const;

type Side = "library" | "mcp";
type Kind = "list" | "get";
/** Per latency, per kind and side: the median call time of each round, in ms. */
type RoundMedians = Record<Kind, Record<Side, number[]>>;

interface McpTimes {
  listed: number;
  byLatency: Record<string, RoundMedians>;
  /** Median of an MCP ping over the same stdio connection, at zero latency. */
  pingMs: number;
}

export interface McpBenchSize {
  rounds: number;
  /** Calls of each kind and side per round. */
  runs: number;
  /** Untimed calls of each kind and side first. */
  warmup: number;
}

export async function benchMcp(env: Env, size: McpBenchSize): Promise<{ rows: BenchRow[]; result: Record<string, unknown> }> {
  const t = await runScenario<McpTimes>("../mcp.ts", { ...size }, env);
  const fmt = (n: number, d = 1) => n.toFixed(d);
  const rows: BenchRow[] = [];
  const result: Record<string, unknown> = { listLimit: LIST_LIMIT, listed: t.listed, pingMs: t.pingMs, ...size, byLatency: {} };
  for (const latency of LATENCIES_MS) {
    const m = t.byLatency[String(latency)]!;
    const list: Spread = ratios(m.list.mcp, m.list.library);
    const get: Spread = ratios(m.get.mcp, m.get.library);
    const ms = (k: Kind, s: Side) => median(m[k][s]);
    (result.byLatency as Record<string, unknown>)[String(latency)] = { roundMedians: m, listRatio: list, getRatio: get };
    const judge = latency === LATENCIES_MS[0];
    const extra = (k: Kind) => `${fmt(ms(k, "library"))} → ${fmt(ms(k, "mcp"))} ms (+${fmt(ms(k, "mcp") - ms(k, "library"), 2)} ms)`;
    rows.push(
      {
        scenario: latency === LATENCIES_MS[0] ? "8. MCP over stdio" : "",
        metric: `${latency} ms service latency: list_incidents limit=${LIST_LIMIT}, ${extra("list")}`,
        ...showSpread(list),
        ...(judge ? { target: "≤ 1.5×", ...judged(list, "<=", 1.5) } : {}),
      },
      {
        scenario: "",
        metric: `${latency} ms service latency: get_incident + 4 extras, ${extra("get")}`,
        ...showSpread(get),
        ...(judge ? { target: "≤ 1.5×", ...judged(get, "<=", 1.5) } : {}),
      },
    );
  }
  rows.push({ scenario: "", metric: "an MCP ping over the same stdio connection", value: `${fmt(t.pingMs, 2)} ms` });
  return { rows, result };
}

/** The emulator's latency, set from this scenario's process (runScenario gave it the CA certificate). */
function setLatency(ms: number): Promise<void> {
  const env = { url: process.env.BENCH_URL!, caCert: process.env.NODE_EXTRA_CA_CERTS! } as Env;
  return settings(env, { latencyMs: ms });
}

async function scenario(): Promise<void> {
  const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
  const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
  const { args, client, url, workspace } = await import("./scenarios/common.js");
  const size = { rounds: Number(args.rounds), runs: Number(args.runs), warmup: Number(args.warmup) };
  const sentinel = client();
  const rich = await sentinel.listIncidents({ $filter: "properties/additionalData/alertsCount gt 1 and properties/additionalData/commentsCount gt 0", $top: 1 });
  const incident = rich[0]!.name!;

  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  Object.assign(env, { SENTINEL_ENDPOINT: url, SENTINEL_TOKEN: "bench", SENTINEL_SUBSCRIPTION_ID: workspace.subscriptionId, SENTINEL_RESOURCE_GROUP: workspace.resourceGroup, SENTINEL_WORKSPACE_NAME: workspace.workspaceName });
  const mcp = new Client({ name: "sentinel-bench", version: "1.0.0" });
  await mcp.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, "mcp"], env, stderr: "ignore" }));

  const include = ["entities", "alerts", "comments", "bookmarks"];
  const calls: Record<Kind, Record<Side, () => Promise<unknown>>> = {
    list: {
      library: () => sentinel.listIncidents({ $top: LIST_LIMIT }),
      mcp: async () => {
        const r = await mcp.callTool({ name: "list_incidents", arguments: { limit: LIST_LIMIT } });
        if (r.isError) throw new Error(JSON.stringify(r.content));
        return (r.structuredContent as { incidents: unknown[] }).incidents.length;
      },
    },
    get: {
      library: () => sentinel.getIncident(incident, { entities: true, alerts: true, comments: true, bookmarks: true }),
      mcp: async () => {
        const r = await mcp.callTool({ name: "get_incident", arguments: { incident, include } });
        if (r.isError) throw new Error(JSON.stringify(r.content));
      },
    },
  };
  const listed = Number(await calls.list.mcp());
  try {
    await setLatency(0);
    for (let i = 0; i < size.warmup; i++) for (const kind of ["list", "get"] as const) for (const side of ["library", "mcp"] as const) await calls[kind][side]();
    const pings: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await mcp.ping();
      pings.push(performance.now() - started);
    }
    const byLatency: Record<string, RoundMedians> = {};
    for (const latency of LATENCIES_MS) {
      await setLatency(latency);
      const m: RoundMedians = { list: { library: [], mcp: [] }, get: { library: [], mcp: [] } };
      for (let round = 0; round < size.rounds; round++) {
        const times: RoundMedians = { list: { library: [], mcp: [] }, get: { library: [], mcp: [] } };
        // Interleaved, and in alternating order, so a slow moment of the machine hits both sides alike.
        for (let i = 0; i < size.runs; i++) {
          for (const kind of ["list", "get"] as const) {
            for (const side of i % 2 ? (["mcp", "library"] as const) : (["library", "mcp"] as const)) {
              const started = performance.now();
              await calls[kind][side]();
              times[kind][side].push(performance.now() - started);
            }
          }
        }
        for (const kind of ["list", "get"] as const) for (const side of ["library", "mcp"] as const) m[kind][side].push(median(times[kind][side]));
      }
      byLatency[String(latency)] = m;
    }
    const out: McpTimes = { listed, byLatency, pingMs: median(pings) };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await setLatency(0);
    await mcp.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  scenario().catch((e: unknown) => {
    process.stderr.write(`mcp scenario failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
