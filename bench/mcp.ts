// Bench scenario 7: a list_incidents and a get_incident tool call to `sentinel mcp`
// over stdio (the SDK's own Client, the real binary) against the same library calls,
// interleaved in one process so both meet the same machine. Target: ≤ 1.5× the library.
//
// bench/run.ts calls benchMcp(); this file also runs as the scenario's own process
// (through runScenario, which gives it the emulator's CA certificate).
import { fileURLToPath } from "node:url";
import { CLI, median, runScenario, type BenchRow, type Env } from "./lib.js";

const LIST_LIMIT = 20;


interface McpTimes {
  listed: number;
  list: { library: number[]; mcp: number[] };
  get: { library: number[]; mcp: number[] };
}

export async function benchMcp(env: Env, runs: number): Promise<{ rows: BenchRow[]; result: Record<string, unknown> }> {
  const t = await runScenario<McpTimes>("../mcp.ts", { runs }, env);
  const m = (xs: number[]) => median(xs);
  const list = { library: m(t.list.library), mcp: m(t.list.mcp) };
  const get = { library: m(t.get.library), mcp: m(t.get.mcp) };
  const fmt = (n: number, d = 1) => n.toFixed(d);
  const rows: BenchRow[] = [
    { scenario: `8. MCP over stdio`, metric: `listIncidents $top=${LIST_LIMIT} (library)`, value: `${fmt(list.library)} ms` },
    { scenario: "", metric: `list_incidents limit=${LIST_LIMIT} tool call`, value: `${fmt(list.mcp)} ms = ${fmt(list.mcp / list.library, 2)}× library`, target: "≤ 1.5×", met: list.mcp / list.library <= 1.5 },
    { scenario: "", metric: "getIncident + 4 extras (library)", value: `${fmt(get.library)} ms` },
    { scenario: "", metric: "get_incident include 4 tool call", value: `${fmt(get.mcp)} ms = ${fmt(get.mcp / get.library, 2)}× library`, target: "≤ 1.5×", met: get.mcp / get.library <= 1.5 },
  ];
  return { rows, result: { listLimit: LIST_LIMIT, listed: t.listed, medianMs: { list, get }, listRatio: list.mcp / list.library, getRatio: get.mcp / get.library } };
}

async function scenario(): Promise<void> {
  const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
  const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
  const { args, client, url, workspace } = await import("./scenarios/common.js");
  const runs = Number(args.runs);
  const sentinel = client();
  const rich = await sentinel.listIncidents({ $filter: "properties/additionalData/alertsCount gt 1 and properties/additionalData/commentsCount gt 0", $top: 1 });
  const incident = rich[0]!.name!;

  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  Object.assign(env, { SENTINEL_ENDPOINT: url, SENTINEL_TOKEN: "bench", SENTINEL_SUBSCRIPTION_ID: workspace.subscriptionId, SENTINEL_RESOURCE_GROUP: workspace.resourceGroup, SENTINEL_WORKSPACE_NAME: workspace.workspaceName });
  const mcp = new Client({ name: "sentinel-bench", version: "1.0.0" });
  await mcp.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, "mcp"], env, stderr: "ignore" }));

  const include = ["entities", "alerts", "comments", "bookmarks"];
  const calls = {
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
  const out: McpTimes = { listed: Number(await calls.list.mcp()), list: { library: [], mcp: [] }, get: { library: [], mcp: [] } };
  for (let i = 0; i < 3; i++) for (const c of [calls.list.library, calls.list.mcp, calls.get.library, calls.get.mcp]) await c();
  // Interleaved, so a slow moment of the machine hits both sides alike.
  for (let i = 0; i < runs; i++) {
    for (const kind of ["list", "get"] as const) {
      for (const side of i % 2 ? (["mcp", "library"] as const) : (["library", "mcp"] as const)) {
        const started = performance.now();
        await calls[kind][side]();
        out[kind][side].push(performance.now() - started);
      }
    }
  }
  await mcp.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  scenario().catch((e: unknown) => {
    process.stderr.write(`mcp scenario failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
