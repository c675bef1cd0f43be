// Scenario 7a: incidentStats over every incident of a time range vs the raw list
// floor (fetch + JSON.parse of the same pages, same filter), in one process.
import { statsSelection } from "../../src/client/stats/incidentStats.js";
import { args, client, listUrl, measure } from "./common.js";

const runs = Number(args.runs);
const variant = String(args.variant);
const sinceDays = Number(args.sinceDays);
const until = new Date();
const since = new Date(until.getTime() - sinceDays * 86_400_000);
const { filter } = statsSelection({ since, until });
const sentinel = client();
let counted = 0;

async function stats(): Promise<void> {
  const s = await sentinel.incidentStats({ since, until, groupBy: ["severity", "status", "owner", "classification", "tactic", "product", "label", "day", "week"] });
  counted = s.total;
}

async function floor(): Promise<void> {
  let n = 0;
  let next: string | undefined = listUrl(1000, filter);
  while (next) {
    const res: Response = await fetch(next, { headers: { authorization: "Bearer bench" } });
    const body = JSON.parse(await res.text()) as { value: unknown[]; nextLink?: string };
    n += body.value.length;
    next = body.nextLink;
  }
  counted = n;
}

await measure(variant === "stats" ? stats : floor, runs);
process.stderr.write(`  ${variant}: ${counted} incidents\n`);
