// Scenario 4: stream N incidents with iterateIncidents and report the process's peak RSS.
import { args, client } from "./common.js";

const count = Number(args.count);
let n = 0;
let titles = 0;
for await (const incident of client().iterateIncidents({ $top: 1000 })) {
  titles += incident.properties.title.length;
  if (++n >= count) break;
}
if (n < count) throw new Error(`streamed only ${n} of ${count}`);
process.stdout.write(`${JSON.stringify({ count: n, peakRssMb: process.resourceUsage().maxRSS / 1024, titles })}\n`);
