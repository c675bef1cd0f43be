// Scenario 5: how fast the emulator serves filtered $top=1000 pages (autocannon),
// against the floor of JSON.stringify on the same rows in this process.
import autocannon from "autocannon";
import { args, listUrl } from "./common.js";

const seconds = Number(args.seconds);
const target = listUrl(1000, "properties/severity eq 'High'");
const page = (await (await fetch(target, { headers: { authorization: "Bearer bench" } })).json()) as { value: unknown[] };
if (page.value.length !== 1000) throw new Error(`expected a full page, got ${page.value.length}`);

// The floor: serialising those same rows, as any server must at least do.
const rows = page.value;
let n = 0;
const until = performance.now() + seconds * 1000;
while (performance.now() < until) {
  JSON.stringify({ value: rows });
  n++;
}
const floorPerSecond = n / seconds;

const result = await autocannon({
  url: target,
  connections: 4,
  duration: seconds,
  headers: { authorization: "Bearer bench" },
});
if (result.non2xx > 0 || result.errors > 0) throw new Error(`autocannon saw ${result.non2xx} non-2xx and ${result.errors} errors`);
process.stdout.write(`${JSON.stringify({ pagesPerSecond: result.requests.average, floorPerSecond, bytesPerPage: JSON.stringify(page).length })}\n`);
