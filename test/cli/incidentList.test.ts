// `sentinel incident list` through the real binary: every selection flag checked
// against the emulator's store, and every output format of the result.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Incident } from "../../src/api/models.js";
import { testEmulator, incidentBody } from "../helpers/emulator.js";
import { Cli } from "../helpers/cli.js";
import { labelNames, ownerUpn, sortedNames, storedIncidents } from "./fixtures.js";

const emulator = await testEmulator({ seedIncidents: 300, seed: "cli-list" });
const awkwardTitle = 'Beacon to "evil.example", port 443';
const awkward = randomUUID();
assert.equal((await emulator.api.put(emulator.api.path("incidents", awkward), incidentBody({ title: awkwardTitle, severity: "High" }))).status, 201);
const cli = new Cli(emulator);
const stored = storedIncidents(emulator);

/** Newest first, as the service orders by default. */
function newest(items: Incident[]): Incident[] {
  return [...items].sort((a, b) => Date.parse(b.properties.createdTimeUtc!) - Date.parse(a.properties.createdTimeUtc!) || a.name!.localeCompare(b.name!));
}

test("piped, the default is JSON of the 50 newest incidents, with nothing on stderr", async () => {
  const listed = await cli.json<Incident[]>(["incident", "list"]);
  assert.equal(listed.length, 50);
  assert.deepEqual(listed.map((i) => i.name), newest(stored).slice(0, 50).map((i) => i.name));
  assert.equal(listed[0]!.type, "Microsoft.SecurityInsights/incidents", "the library's data as-is");
  assert.deepEqual(await cli.json(["incident", "list", "--output", "json"]), listed, "-o json is the same");
});

test("--top N and --all", async () => {
  const seven = await cli.json<Incident[]>(["incident", "list", "--top", "7"]);
  assert.deepEqual(seven.map((i) => i.name), newest(stored).slice(0, 7).map((i) => i.name));
  const all = await cli.json<Incident[]>(["incident", "list", "--all"]);
  assert.equal(all.length, stored.length);
  assert.deepEqual(sortedNames(all), sortedNames(stored));
});

test("--severity and --status take comma-separated lists; --filter combines with them", async () => {
  const listed = await cli.json<Incident[]>(["incident", "list", "--all", "--severity", "High,Medium", "--status", "New,Active"]);
  const expected = stored.filter((i) => ["High", "Medium"].includes(i.properties.severity) && ["New", "Active"].includes(i.properties.status));
  assert.ok(expected.length > 3, "the seed has some");
  assert.deepEqual(sortedNames(listed), sortedNames(expected));

  const combined = await cli.json<Incident[]>(["incident", "list", "--all", "--filter", "properties/severity eq 'High'", "--status", "Closed"]);
  const both = stored.filter((i) => i.properties.severity === "High" && i.properties.status === "Closed");
  assert.ok(both.length > 3);
  assert.deepEqual(sortedNames(combined), sortedNames(both));
});

test("--since takes a duration or an ISO time", async () => {
  const before = Date.now();
  const week = await cli.json<Incident[]>(["incident", "list", "--all", "--since", "7d"]);
  const after = Date.now();
  const cutoff = (t: number) => t - 7 * 86_400_000;
  assert.ok(week.length > 0 && week.length < stored.length);
  for (const i of week) assert.ok(Date.parse(i.properties.createdTimeUtc!) >= cutoff(before), `${i.properties.createdTimeUtc} is within 7 days`);
  for (const i of stored) if (Date.parse(i.properties.createdTimeUtc!) >= cutoff(after)) assert.ok(week.some((w) => w.name === i.name), `${i.name} is missing`);

  const from = newest(stored)[40]!.properties.createdTimeUtc!;
  const since = await cli.json<Incident[]>(["incident", "list", "--all", "--since", from]);
  assert.deepEqual(sortedNames(since), sortedNames(stored.filter((i) => Date.parse(i.properties.createdTimeUtc!) >= Date.parse(from))));
  assert.equal(since.length, 41);
});

test("--title-contains (case-insensitive), --label and --owner", async () => {
  const spray = await cli.json<Incident[]>(["incident", "list", "--all", "--title-contains", "PASSWORD spray"]);
  const expected = stored.filter((i) => i.properties.title.toLowerCase().includes("password spray"));
  assert.ok(expected.length > 1);
  assert.deepEqual(sortedNames(spray), sortedNames(expected));

  const tuning = await cli.json<Incident[]>(["incident", "list", "--all", "--label", "tuning"]);
  const labelled = stored.filter((i) => labelNames(i).includes("tuning"));
  assert.ok(labelled.length > 5);
  assert.deepEqual(sortedNames(tuning), sortedNames(labelled));

  const nestor = await cli.json<Incident[]>(["incident", "list", "--all", "--owner", "NestorW@contoso.com"]);
  const owned = stored.filter((i) => ownerUpn(i) === "nestorw@contoso.com");
  assert.ok(owned.length > 5);
  assert.deepEqual(sortedNames(nestor), sortedNames(owned));
});

test("--orderby sorts as asked", async () => {
  const oldest = await cli.json<Incident[]>(["incident", "list", "--top", "5", "--orderby", "properties/incidentNumber asc"]);
  assert.deepEqual(oldest.map((i) => i.properties.incidentNumber), [1, 2, 3, 4, 5]);
  const byTitle = await cli.json<Incident[]>(["incident", "list", "--top", "20", "--orderby", "properties/title desc"]);
  const titles = byTitle.map((i) => i.properties.title);
  assert.deepEqual(titles, [...titles].sort().reverse());
});

test("--query applies JMESPath to the JSON result", async () => {
  const numbers = await cli.json<number[]>(["incident", "list", "--top", "3", "--query", "[].properties.incidentNumber"]);
  assert.deepEqual(numbers, newest(stored).slice(0, 3).map((i) => i.properties.incidentNumber));
  assert.equal(await cli.json(["incident", "list", "--query", "length(@)"]), 50);
  const picked = await cli.json<{ n: number; sev: string }[]>(["incident", "list", "--top", "2", "--query", "[].{n: properties.incidentNumber, sev: properties.severity}"]);
  assert.deepEqual(Object.keys(picked[0]!).sort(), ["n", "sev"]);
});

test("jsonl prints one incident per line", async () => {
  const r = await cli.run(["incident", "list", "--top", "4", "-o", "jsonl"]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  const lines = r.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 4);
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as Incident).name), newest(stored).slice(0, 4).map((i) => i.name));
});

test("csv and tsv: dotted columns, --columns picks them, and awkward values are quoted", async () => {
  const csv = await cli.run(["incident", "list", "--top", "3", "-o", "csv"]);
  assert.equal(csv.code, 0);
  const header = csv.stdout.split("\n")[0]!.split(",");
  for (const c of ["name", "properties.title", "properties.severity", "properties.incidentNumber", "properties.additionalData.alertsCount"]) assert.ok(header.includes(c), `column ${c}`);
  assert.equal(csv.stdout.trimEnd().split("\n").length, 4);

  const picked = await cli.run(["incident", "list", "--title-contains", "beacon to", "-o", "csv", "--columns", "name,properties.title,properties.severity"]);
  assert.equal(picked.code, 0);
  assert.equal(picked.stdout, `name,properties.title,properties.severity\n${awkward},"Beacon to ""evil.example"", port 443",High\n`);

  const tsv = await cli.run(["incident", "list", "--title-contains", "beacon to", "-o", "tsv", "--columns", "properties.incidentNumber,properties.title"]);
  assert.equal(tsv.code, 0);
  const number = stored.find((i) => i.name === awkward)!.properties.incidentNumber;
  // As az writes tsv: no header row.
  assert.equal(tsv.stdout, `${number}\t${awkwardTitle}\n`);
});

test("-o table when piped: the triage columns, no colour, one row per incident", async () => {
  const r = await cli.run(["incident", "list", "--top", "5", "-o", "table"]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  const lines = r.stdout.trimEnd().split("\n");
  assert.match(lines[0]!, /^\s*#\s+SEV(ERITY)?\s+STATUS\s+TITLE\s+OWNER\s+CREATED UTC\s+AL(ERTS)?$/);
  assert.equal(lines.length, 6);
  assert.doesNotMatch(r.stdout, /\u001b/, "no escape codes off a terminal");
  const top = newest(stored)[0]!;
  const sev = lines[0]!.includes("SEVERITY") ? top.properties.severity : ({ High: "High", Medium: "Med", Low: "Low", Informational: "Info" } as Record<string, string>)[top.properties.severity]!;
  assert.match(lines[1]!, new RegExp(`^\\s*${top.properties.incidentNumber}\\s+${sev}\\s+${top.properties.status}\\s`));

  const cols = await cli.run(["incident", "list", "--top", "3", "-o", "table", "--columns", "properties.incidentNumber,properties.severity"]);
  assert.equal(cols.code, 0);
  const rows = cols.stdout.trimEnd().split("\n");
  assert.match(rows[0]!, /^properties\.incidentNumber\s+properties\.severity$/);
  assert.equal(rows.length, 4);

  const none = await cli.run(["incident", "list", "--title-contains", "no such title anywhere", "-o", "table"]);
  assert.equal(none.code, 0);
  assert.equal(none.stdout, "No incidents matched.\n");
  assert.deepEqual(await cli.json(["incident", "list", "--title-contains", "no such title anywhere"]), [], "json of nothing is []");
});
