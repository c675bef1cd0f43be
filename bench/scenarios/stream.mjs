// Scenario 4: stream N incidents with iterateIncidents and report the process's peak RSS.
// Plain JavaScript against dist/, so the figure is the library's own, without a TypeScript loader in the process.
import { SentinelClient, StaticTokenCredential } from "../../dist/index.js";

const args = JSON.parse(process.env.BENCH_ARGS ?? "{}");
const workspace = { subscriptionId: process.env.BENCH_SUB, resourceGroup: process.env.BENCH_RG, workspaceName: process.env.BENCH_WS };
const client = new SentinelClient(workspace, { endpoint: process.env.BENCH_URL, credential: new StaticTokenCredential("bench") });
const count = Number(args.count);
let n = 0;
let titles = 0;
for await (const incident of client.iterateIncidents({ $top: 1000 })) {
  titles += incident.properties.title.length;
  if (++n >= count) break;
}
if (n < count) throw new Error(`streamed only ${n} of ${count}`);
process.stdout.write(`${JSON.stringify({ count: n, peakRssMb: process.resourceUsage().maxRSS / 1024, titles })}\n`);
