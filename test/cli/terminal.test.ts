// The binary on a real terminal (a tmux pane of 80 x 40): the default is a table
// that fits the width, long titles cut with an ellipsis, severity in colour unless
// NO_COLOR or --no-color; a long listing shows progress on stderr, and only there;
// delete asks before it deletes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Incident } from "../../src/api/models.js";
import { incidentBody, testEmulator } from "../helpers/emulator.js";
import { assertBuilt, Cli, cliEnv, tempDir } from "../helpers/cli.js";
import { CLI_BIN } from "../helpers/paths.js";
import { shellQuote, Tmux } from "../helpers/tmux.js";
import { storedIncident, storedIncidents } from "./fixtures.js";

assert.ok(await Tmux.available(), "the terminal test needs tmux (apt-get install tmux)");
assertBuilt();
const emulator = await testEmulator({ seedIncidents: 60, seed: "cli-terminal" });
const longTitle = "Multi-stage attack involving credential theft, lateral movement and data exfiltration to an unknown host";
const longId = randomUUID();
assert.equal((await emulator.api.put(emulator.api.path("incidents", longId), incidentBody({ title: longTitle, severity: "High" }))).status, 201);
// Three pages of 1000 at 600 ms each: well over the second after which progress shows.
const slow = await testEmulator({ seedIncidents: 2500, seed: "cli-terminal-slow", latencyMs: 600 });
const cwd = tempDir();
const tmux = new Tmux(cliEnv(emulator));
const sentinel = (...args: string[]) => [process.execPath, CLI_BIN, ...args];
/** The command with its stdout sent to a file. */
const toFile = (argv: string[], file: string) => ["sh", "-c", `${argv.map(shellQuote).join(" ")} > ${shellQuote(file)}`];
const byNumber = new Map(storedIncidents(emulator).map((i) => [i.properties.incidentNumber, i]));
const COLOURS = /\u001b\[(?:1|31|33|34|90)m/;

/** The command's output: the screen up to the `[exit N]` line, and N. */
function output(screen: string): { lines: string[]; code: number } {
  const lines = screen.split("\n").map((l) => l.trimEnd());
  const end = lines.findIndex((l) => /^\[exit \d+\]$/.test(l));
  assert.ok(end >= 0, `the command ended:\n${screen}`);
  return { lines: lines.slice(0, end), code: Number(/\d+/.exec(lines[end]!)![0]) };
}

test("on a terminal incident list is a table that fits 80 columns, cuts long titles with … and colours severity", async () => {
  await tmux.start("table", sentinel("incident", "list", "--top", "30"), { cwd });
  await tmux.start("no-color-env", sentinel("incident", "list", "--top", "30"), { cwd, env: { NO_COLOR: "1" } });
  await tmux.start("no-color-flag", sentinel("incident", "list", "--top", "30", "--no-color"), { cwd });
  const screen = await tmux.waitFor("table", /^\[exit \d+\]$/m);
  const { lines, code } = output(screen);
  assert.equal(code, 0);
  assert.match(lines[0]!, /^\s*#\s+SEV\s+STATUS\s+TITLE\s+OWNER\s+CREATED UTC\s+AL$/, "a table, not JSON, by default; at 80 columns the compact layout");
  assert.equal(lines.length, 31, "a header and one line per incident: nothing wrapped");
  for (const line of lines) assert.ok([...line].length <= 80, `wider than 80 columns: '${line}' (${[...line].length})`);

  let cut = 0;
  for (const line of lines.slice(1)) {
    const m = /^\s*(\d+)\s{2}(High|Med|Low|Info)\s+(New|Active|Closed)\s{2}(.+?)\s{2,}.*?(\d\d-\d\d \d\d:\d\d)\s+\d+$/.exec(line);
    assert.ok(m, `a row with its severity, status, title and whole creation time: '${line}'`);
    const incident = byNumber.get(Number(m[1])) ?? storedIncident(emulator, longId)!;
    assert.equal(m[2], ({ High: "High", Medium: "Med", Low: "Low", Informational: "Info" } as Record<string, string>)[incident.properties.severity]);
    const shown = m[4]!;
    if (shown.endsWith("…")) {
      cut++;
      assert.ok(incident.properties.title.startsWith(shown.slice(0, -1)), `'${shown}' is the start of '${incident.properties.title}'`);
      assert.ok(shown.length >= 35, `at 80 columns a cut title keeps at least 35 columns: '${shown}'`);
    } else assert.ok(incident.properties.title.startsWith(shown.trimEnd()), `'${shown}' is the title of #${m[1]}`);
  }
  assert.ok(cut > 0, "the long titles are cut");
  assert.match(lines[1]!, /\sMulti-stage .*…\s/, "the newest, longest title is the first row, cut");

  const coloured = await tmux.capture("table", { escapes: true });
  assert.match(coloured, /\u001b\[31mHigh/, "High in red");
  assert.match(coloured, /\u001b\[33mMed/, "Medium in yellow");
  assert.match(coloured, /\u001b\[1m\s*#\s+SEV/, "a bold header");

  for (const session of ["no-color-env", "no-color-flag"]) {
    await tmux.waitFor(session, /^\[exit 0\]$/m);
    const plain = await tmux.capture(session, { escapes: true });
    assert.match(plain, /SEV/);
    assert.doesNotMatch(plain, COLOURS, `${session}: no colour`);
  }
});

test("a long listing shows progress on stderr, on a terminal and for people only", async () => {
  const env = { SENTINEL_ENDPOINT: slow.url };
  const tableFile = join(cwd, "table.txt");
  const jsonFile = join(cwd, "incidents.json");
  const started = Date.now();
  await tmux.start("progress", sentinel("incident", "list", "--all"), { cwd, env });
  await tmux.start("progress-file", toFile(sentinel("incident", "list", "--all", "-o", "table"), tableFile), { cwd, env });
  await tmux.start("progress-json", toFile(sentinel("incident", "list", "--all", "-o", "json"), jsonFile), { cwd, env });
  const spinner = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Listing incidents (\d+)/;
  const seen: Record<string, string[]> = { progress: [], "progress-file": [], "progress-json": [] };
  const watch = (name: string) => tmux.waitFor(name, /^\[exit \d+\]$/m, { intervalMs: 80, timeoutMs: 30_000, onScreen: (s) => seen[name]!.push(...(spinner.exec(s) ?? []).slice(1)) });
  const [shown, filed, asJson] = await Promise.all([watch("progress"), watch("progress-file"), watch("progress-json")]);
  assert.ok(Date.now() - started > 1500, "the listing took long enough to show progress");

  assert.ok(seen.progress!.length > 0, "a spinner with a count showed while listing to the terminal");
  assert.ok(seen.progress!.every((n) => Number(n) % 1000 === 0 && Number(n) < 2500), `counts by page: ${seen.progress}`);
  assert.equal(output(shown).code, 0);
  assert.ok(seen["progress-file"]!.length > 0, "with stdout in a file the spinner still shows on the terminal's stderr");
  assert.doesNotMatch(filed, /Listing incidents/, "and its line is cleared when done");
  const table = readFileSync(tableFile, "utf8");
  assert.match(table, /^\s*#\s+SEV(ERITY)?\s+STATUS\s+TITLE/);
  assert.equal(table.trimEnd().split("\n").length, 2501);
  assert.doesNotMatch(table, /Listing incidents|\r/, "progress never reaches stdout");

  assert.deepEqual(seen["progress-json"], [], "no progress with --output json");
  assert.equal(output(asJson).code, 0);
  assert.equal((JSON.parse(readFileSync(jsonFile, "utf8")) as unknown[]).length, 2500);
});

test("piped, the same long listing prints nothing on stderr", async () => {
  const started = Date.now();
  const r = await new Cli(slow).run(["incident", "list", "--all", "-o", "table"]);
  assert.ok(Date.now() - started > 1500);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
});

test("delete on a terminal asks first, and only 'y' deletes", async () => {
  const cli = new Cli(emulator);
  const victim = await cli.json<Incident>(["incident", "create", "--title", "Delete me on a terminal", "--severity", "Low"]);
  const ref = `#${victim.properties.incidentNumber}`;
  await tmux.start("delete-no", sentinel("incident", "delete", ref), { cwd });
  await tmux.waitFor("delete-no", /Delete incident #\d+ 'Delete me on a terminal'\? This cannot be undone\. \[y\/N\]/);
  await tmux.sendKeys("delete-no", "n", "Enter");
  const kept = output(await tmux.waitFor("delete-no", /^\[exit \d+\]$/m));
  assert.equal(kept.code, 0);
  assert.ok(kept.lines.includes("Not deleted."));
  assert.ok(storedIncident(emulator, victim.name!), "still there");

  await tmux.start("delete-yes", sentinel("incident", "delete", ref), { cwd });
  await tmux.waitFor("delete-yes", /\[y\/N\]/);
  await tmux.sendKeys("delete-yes", "y", "Enter");
  const gone = output(await tmux.waitFor("delete-yes", /^\[exit \d+\]$/m));
  assert.equal(gone.code, 0);
  assert.ok(gone.lines.includes(`Incident ${ref} 'Delete me on a terminal' deleted.`));
  assert.equal(storedIncident(emulator, victim.name!), undefined);
});

test("an error message on a terminal is wrapped to its 80 columns, every word kept", async () => {
  await tmux.start("long-error", sentinel("incident", "stats", "--since", "yesterdayish"), { cwd });
  const screen = await tmux.waitFor("long-error", /^\[exit \d+\]$/m);
  const { lines, code } = output(screen);
  assert.equal(code, 2);
  const message = lines.join("\n");
  assert.match(message, /^sentinel: /);
  for (const line of lines) assert.ok([...line].length <= 80, `fits 80 columns: '${line}'`);
  assert.ok(lines.length > 1, "the long message took several lines");
  assert.match(message.replace(/\n\s+/g, " "), /yesterdayish/);
});
