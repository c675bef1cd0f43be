// Output for machines and for people who paste into spreadsheets: -o none, yaml and
// az's tsv; --columns checked and applied to every row format; attacker-written text
// neutralised in every format (terminal state and spreadsheet import unchanged), with
// --raw to opt out; messages in the command line's own words; times read in the zone
// the tables show (TZ=America/New_York).
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { parse as parseYaml } from "yaml";
import type { Incident } from "../../src/api/models.js";
import { incidentBody, testEmulator } from "../helpers/emulator.js";
import { Cli } from "../helpers/cli.js";
import { storedIncident, storedIncidents } from "./fixtures.js";

const emulator = await testEmulator({ seedIncidents: 40, seed: "cli-output" });
const cli = new Cli(emulator);

/** Titles written by an attacker: escape sequences (clear screen, OSC 8, title set, colour), C1 controls, bidi override, formulas. */
const HOSTILE = [
  "\u001b[2J\u001b[HScreen cleared",
  "\u001b]8;;https://evil.example\u001b\\click me\u001b]8;;\u001b\\",
  "\u001b]0;pwned title\u0007Window title",
  "\u001b[31mred\u001b[0m and \u009b31m C1 CSI",
  "Invoice \u202Efdp.exe",
  "=HYPERLINK(\"http://evil.example\",\"x\")",
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(A1:A2)",
  "\tTabbed",
  "\rCarriage",
  "Line\nbreak",
];
const hostileIds: string[] = [];
for (const title of HOSTILE) {
  const id = randomUUID();
  hostileIds.push(id);
  const res = await emulator.api.put(emulator.api.path("incidents", id), incidentBody({ title, severity: "High", labels: [{ labelName: "hostile" }] }));
  assert.equal(res.status, 201, `stored '${JSON.stringify(title)}'`);
}

/** Nothing that a terminal acts on: no C0 (except newline), no C1, no bidi controls. */
function assertInert(text: string, where: string): void {
  // A tab moves the cursor only within its line (and separates tsv columns); every other control is flagged.
  const bad = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u.exec(text);
  assert.equal(bad?.[0], undefined, `${where}: a control character (U+${bad?.[0].codePointAt(0)!.toString(16).padStart(4, "0")}) would reach the terminal: ${JSON.stringify(text.slice(Math.max(0, (bad?.index ?? 0) - 80), (bad?.index ?? 0) + 40))}`);
}

test("-o none prints nothing and exits 0 on success, non-zero on failure", async () => {
  const ok = await cli.run(["incident", "list", "-o", "none"]);
  assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, "", ""]);
  const bad = await cli.run(["incident", "show", randomUUID(), "-o", "none"]);
  assert.equal(bad.code, 3);
  assert.equal(bad.stdout, "");
});

test("-o yaml is the same data as json", async () => {
  const json = await cli.json<Incident[]>(["incident", "list", "--top", "5"]);
  const r = await cli.run(["incident", "list", "--top", "5", "-o", "yaml"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(parseYaml(r.stdout), json);
});

test("-o tsv as az writes it: no header, one line per item, a scalar alone on its line", async () => {
  const json = await cli.json<Incident[]>(["incident", "list", "--top", "4"]);
  const r = await cli.run(["incident", "list", "--top", "4", "-o", "tsv", "--columns", "name,properties.severity,properties.incidentNumber"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.split("\n"), [...json.map((i) => `${i.name}\t${i.properties.severity}\t${i.properties.incidentNumber}`), ""]);
  const scalar = await cli.run(["incident", "show", json[0]!.name!, "-o", "tsv", "--query", "properties.title"]);
  assert.equal(scalar.stdout, `${storedIncident(emulator, json[0]!.name!)!.properties.title.replace(/[\t\r\n]+/g, " ")}\n`);
  const list = await cli.run(["incident", "list", "--top", "3", "-o", "tsv", "--query", "[].name"]);
  assert.deepEqual(list.stdout.trimEnd().split("\n"), json.slice(0, 3).map((i) => i.name));
});

test("--columns: an unknown name is an error listing the known ones; it picks csv, tsv and json rows", async () => {
  const err = await cli.fails(["incident", "list", "--top", "2", "--columns", "name,properties.titel", "-o", "csv"], 2);
  assert.match(err, /--columns: unknown column 'properties\.titel'; the known columns are: .*properties\.title/);
  const rows = await cli.json<Record<string, unknown>[]>(["incident", "list", "--top", "2", "--columns", "name,properties.title"]);
  assert.deepEqual(Object.keys(rows[0]!), ["name", "properties.title"]);
  const csv = await cli.run(["incident", "list", "--top", "2", "--columns", "properties.incidentNumber,name", "-o", "csv"]);
  assert.equal(csv.stdout.split("\n")[0], "properties.incidentNumber,name");
});

test("--columns with an unknown name after a write: the change is reported as made (exit 0), not as an error to retry", async () => {
  const [first] = await cli.json<{ name: string; properties: { severity: string } }[]>(["incident", "list", "--top", "1"]);
  const severity = first!.properties.severity === "High" ? "Low" : "High";
  const out = await cli.run(["incident", "update", first!.name, "--severity", severity, "--columns", "properties.severty,properties.severity", "-o", "csv"]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /the change was made; --columns: unknown column 'properties\.severty'/);
  assert.equal(out.stdout, `properties.severity\n${severity}\n`);
  assert.equal(storedIncident(emulator, first!.name)!.properties.severity, severity);
});

test("hostile titles: every format leaves the terminal state alone and spreadsheets see text", async () => {
  const args = ["incident", "list", "--label", "hostile", "--all"];
  for (const format of ["table", "csv", "tsv", "yaml", "jsonl", "json"]) {
    const r = await cli.run([...args, "-o", format]);
    assert.equal(r.code, 0, r.stderr);
    assertInert(r.stdout.replace(/\n/g, ""), `-o ${format}`);
    assertInert(r.stderr.replace(/\n/g, ""), `-o ${format} (stderr)`);
  }
  // The card, and an error message that lists candidates by title.
  for (const id of hostileIds) {
    const card = await cli.run(["incident", "show", id, "-o", "table"]);
    assertInert(card.stdout.replace(/\n/g, ""), "the card");
  }
  const ambiguous = await cli.run(["incident", "show", "e", "-o", "table"]);
  assert.notEqual(ambiguous.code, 0);
  assertInert(ambiguous.stderr.replace(/\n/g, ""), "the candidate list of an error");

  // Spreadsheet import: a cell never starts with = + - @ tab or CR.
  for (const format of ["csv", "tsv"] as const) {
    const r = await cli.run([...args, "-o", format, "--columns", "properties.title"]);
    const cells = format === "csv" ? parseCsv(r.stdout).slice(1).map((row) => row[0]!) : r.stdout.trimEnd().split("\n");
    assert.equal(cells.length, HOSTILE.length);
    for (const cell of cells) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `-o ${format}: '${cell}' would run as a formula`);
    assert.ok(cells.includes("'=HYPERLINK(\"http://evil.example\",\"x\")"), `${format}: the formula is kept as text behind an apostrophe`);
  }
  // --raw: exactly what is stored.
  const raw = await cli.run([...args, "-o", "csv", "--columns", "properties.title", "--raw"]);
  assert.deepEqual(parseCsv(raw.stdout).slice(1).map((r) => r[0]).sort(), [...HOSTILE].sort());
  // json keeps the data exact (escaped by JSON itself).
  const json = await cli.json<Incident[]>(args);
  assert.deepEqual(json.map((i) => i.properties.title).sort(), [...HOSTILE].sort());
});

/** RFC 4180, enough for the test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(cell), (cell = "");
    else if (ch === "\n") row.push(cell), rows.push(row), (row = []), (cell = "");
    else cell += ch;
  }
  return rows;
}

test("messages in the command line's words: flag names, 1 alert, short URLs", async () => {
  const err = await cli.fails(["incident", "create", "--title", "x", "--severity", "Low", "--first-activity", "yesterday-ish"], 2);
  assert.match(err, /--first-activity/);
  assert.doesNotMatch(err, /firstActivityTime/);
  const one = storedIncidents(emulator).find((i) => i.properties.additionalData?.alertsCount === 1);
  if (one) {
    const card = await cli.run(["incident", "show", one.name!, "-o", "table"]);
    assert.match(card.stdout, /\b1 alert,/);
    assert.doesNotMatch(card.stdout, /\b1 alerts\b/);
  }
  const tokenOnly = await testEmulator({ token: "the-right-token" });
  const wrong = new Cli(tokenOnly, { env: { SENTINEL_TOKEN: "a-wrong-token" } });
  const denied = await wrong.fails(["incident", "list"], 1);
  assert.match(denied, /SENTINEL_TOKEN/);
  assert.match(denied, /--token/);
  assert.doesNotMatch(denied, /az login/);
  assert.doesNotMatch(denied, /https?:\/\/\S{60,}/, "no long URL in the message");
});

test("TZ=America/New_York: --since as the table shows a time (UTC) selects the incidents the table shows", async () => {
  const ny = new Cli(emulator, { env: { TZ: "America/New_York", COLUMNS: "200" } });
  const all = storedIncidents(emulator).sort((a, b) => Date.parse(b.properties.createdTimeUtc!) - Date.parse(a.properties.createdTimeUtc!));
  const table = await ny.run(["incident", "list", "--all", "-o", "table"]);
  assert.match(table.stdout.split("\n")[0]!, /CREATED UTC/, "the header says the zone");
  // The tenth row's time, as printed, is the --since bound.
  const rows = table.stdout.trimEnd().split("\n").slice(1);
  const shown = /(\d{4}-\d\d-\d\d \d\d:\d\d)/.exec(rows[9]!)![1]!;
  const bound = Date.parse(`${shown.replace(" ", "T")}:00Z`);
  const expected = all.filter((i) => Date.parse(i.properties.createdTimeUtc!) >= bound).map((i) => i.name).sort();
  const since = await ny.json<Incident[]>(["incident", "list", "--all", "--since", shown]);
  assert.deepEqual(since.map((i) => i.name).sort(), expected);
  assert.ok(expected.length >= 10 && expected.length < all.length);

  // With --local the table shows New York time and --since is read in it.
  const local = await ny.run(["incident", "list", "--all", "-o", "table", "--local"]);
  assert.match(local.stdout.split("\n")[0]!, /CREATED E[SD]T/);
  const localShown = /(\d{4}-\d\d-\d\d \d\d:\d\d)/.exec(local.stdout.trimEnd().split("\n").slice(1)[9]!)![1]!;
  const sinceLocal = await ny.json<Incident[]>(["incident", "list", "--all", "--local", "--since", localShown]);
  assert.deepEqual(sinceLocal.map((i) => i.name).sort(), expected);
  // --until is the other side.
  const until = await ny.json<Incident[]>(["incident", "list", "--all", "--until", shown]);
  assert.equal(until.length + since.length, all.length);
});
