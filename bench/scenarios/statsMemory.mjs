// Scenario 7b: incidentStats over N incidents from dist/ (no TypeScript loader in
// the process) and the process's peak RSS.
import { SentinelClient, StaticTokenCredential } from "../../dist/index.js";

const args = JSON.parse(process.env.BENCH_ARGS ?? "{}");
const workspace = { subscriptionId: process.env.BENCH_SUB, resourceGroup: process.env.BENCH_RG, workspaceName: process.env.BENCH_WS };
const client = new SentinelClient(workspace, { endpoint: process.env.BENCH_URL, credential: new StaticTokenCredential("bench") });
const until = new Date();
const since = new Date(until.getTime() - Number(args.sinceDays) * 86_400_000);
const stats = await client.incidentStats({ since, until, groupBy: ["severity", "status", "owner", "classification", "tactic", "product", "label", "day", "week"] });
process.stdout.write(`${JSON.stringify({ count: stats.total, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
