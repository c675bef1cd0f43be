// `sentinel incident stats` through the built binary: the JSON is the library's
// result for the same range, CSV carries the same numbers as rows, and on a real
// terminal of 80 columns the tables fit, with Unicode or ASCII charts.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { IncidentStats } from "../../src/client/stats/types.js";
import { sparkline, bar } from "../../src/cli/output/charts.js";
import { clientFor } from "../helpers/client.js";
import { testEmulator } from "../helpers/emulator.js";
import { assertBuilt, Cli, cliEnv } from "../helpers/cli.js";
import { CLI_BIN } from "../helpers/paths.js";
import { Tmux } from "../helpers/tmux.js";
import { requireTool } from "../helpers/tools.js";

assertBuilt();
const emulator = await testEmulator({ seedIncidents: 400, seed: "cli-stats" });
const client = clientFor(emulator);
const cli = new Cli(emulator);
const since = "2026-01-01T00:00:00Z";
const until = new Date(Date.now() + 60_000).toISOString();

test("-o json is the library's result for the same selection", async () => {
  const out = await cli.json<IncidentStats>(["incident", "stats", "--since", since, "--until", until, "--by", "severity,owner,week", "--severity", "High,Medium"]);
  const lib = await client.incidentStats({ since, until, groupBy: ["severity", "owner", "week"], filter: { severity: ["High", "Medium"] } });
  assert.deepEqual(out, lib);
  assert.deepEqual(Object.keys(out.groups), ["severity", "owner", "week"]);
  assert.ok(out.total > 0 && out.groups.severity!.every((r) => r.key === "High" || r.key === "Medium"));
  assert.ok(out.approximations.some((a) => /lastModifiedTimeUtc/.test(a)));
});

test("-o csv gives the same numbers as (metric, key, value) rows", async () => {
  const r = await cli.run(["incident", "stats", "--since", since, "--until", until, "--by", "severity,status", "-o", "csv"]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.equal(lines[0], "metric,key,value");
  const lib = await client.incidentStats({ since, until, groupBy: ["severity", "status"] });
  const value = (metric: string, key: string) => lines.find((l) => l.startsWith(`${metric},${key},`))?.split(",")[2];
  assert.equal(value("total", ""), String(lib.total));
  for (const row of lib.groups.severity!) assert.equal(value("count.severity", row.key), String(row.count));
  assert.equal(value("backlog.open", ""), String(lib.backlog.open));
  assert.equal(value("timeToClose.medianHours", "all"), String(lib.timeToClose.medianHours));
  const day = lib.createdPerDay.find((d) => d.total > 0)!;
  assert.equal(value("createdPerDay.High", day.day), String(day.High));
});

test("bad flags fail with the allowed values and send no request", async () => {
  const before = emulator.stats.requests;
  assert.match(await cli.fails(["incident", "stats", "--by", "severity,colour"], 2), /--by has the invalid value 'colour'\. Allowed values: severity, status, owner, classification, tactic, product, label, day, week/);
  assert.match(await cli.fails(["incident", "stats", "--since", "yesterday"], 2), /--since must be a duration/);
  assert.match(await cli.fails(["incident", "stats", "--since", "2d", "--until", "5d"], 2), /--since .* must be before --until/);
  assert.match(await cli.fails(["incident", "stats", "--severity", "Critical"], 2), /Allowed values: High, Medium, Low, Informational/);
  assert.equal(emulator.stats.requests, before);
});

test("charts: bars to the eighth of a column, sparklines scaled to the peak, ASCII on request", () => {
  assert.equal(bar(10, 10, 4, { ascii: false }), "████");
  assert.equal(bar(5, 10, 3, { ascii: false }), "█▌");
  assert.equal(bar(5, 10, 4, { ascii: true }), "##");
  assert.equal(bar(0, 10, 4, { ascii: false }), "");
  assert.equal(sparkline([0, 1, 2, 4, 8], 10, { ascii: false }), " ▁▂▄█");
  assert.match(sparkline([0, 1, 2, 4, 8], 10, { ascii: true }), /^[ _.\-~=+*#]{5}$/);
  assert.equal(sparkline([1, 1, 1, 1, 1, 1], 3, { ascii: false }).length, 3, "a long series is folded to the width");
});

test("on an 80-column terminal: tables fit, Unicode blocks, and plain ASCII with --ascii or a non-UTF-8 locale", async (t) => {
  if (!requireTool(t, await Tmux.available(), "tmux", "apt-get install tmux")) return;
  const tmux = new Tmux(cliEnv(emulator));
  const args = [process.execPath, CLI_BIN, "incident", "stats", "--since", since, "--by", "severity,product", "--no-color"];
  await tmux.start("uni", args, { width: 80, height: 80, env: { LANG: "C.UTF-8" } });
  await tmux.start("ascii", [...args, "--ascii"], { width: 80, height: 80, env: { LANG: "C.UTF-8" } });
  await tmux.start("posix", args, { width: 80, height: 80, env: { LANG: "C", LC_ALL: "C" } });
  const uni = await tmux.waitFor("uni", /\[exit 0\]/);
  assert.match(uni, /^Incidents created 2026-01-01 to \d{4}-\d\d-\d\d: [\d,]+ \(open [\d,]+, closed [\d,]+\)$/m);
  assert.match(uni, /^Created per day  [ ▁▂▃▄▅▆▇█]+  peak \d+\/day$/m);
  assert.match(uni, /^By severity\n(  \S+ +\d+  [█▏▎▍▌▋▊▉]+\n){4}/m);
  assert.match(uni, /^Time to close \(closed, median, p90\)$/m);
  assert.match(uni, /^Note: timeToClose: the API records no closing time/m);
  for (const line of uni.split("\n")) assert.ok([...line].length <= 80, `fits 80 columns: ${line}`);
  for (const name of ["ascii", "posix"]) {
    const screen = await tmux.waitFor(name, /\[exit 0\]/);
    assert.match(screen, /^By severity\n(  \S+ +\d+  #+\n){4}/m, name);
    assert.doesNotMatch(screen.replace(/ to \d{4}/, ""), /[█▏▎▍▌▋▊▉▁▂▃▄▅▆▇]/, `${name} has no block characters`);
  }
});
