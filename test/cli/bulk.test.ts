// bulk-update, bulk-close and bulk-comment through the real binary: dry runs write
// nothing, more than 10 items need --yes off a terminal, summaries and exit codes,
// journals resume, failed items are listed and make the exit code 1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import type { BulkResult } from "../../src/client/bulk/types.js";
import { testEmulator } from "../helpers/emulator.js";
import { Cli, tempDir } from "../helpers/cli.js";
import { storedComments, storedIncident, storedIncidents } from "./fixtures.js";

const emulator = await testEmulator({ seedIncidents: 150, seed: "cli-bulk" });
const cli = new Cli(emulator);
const dir = tempDir("sentinel-bulk-");

test("--dry-run prints what would change and how many, and writes nothing", async () => {
  const dump = emulator.store.dump();
  const plan = await cli.json<BulkResult>(["incident", "bulk-close", "--status", "New,Active", "--severity", "Informational", "--classification", "Undetermined", "--dry-run"]);
  const open = storedIncidents(emulator).filter((i) => i.properties.severity === "Informational" && i.properties.status !== "Closed");
  assert.equal(plan.dryRun, true);
  assert.equal(plan.planned!.length, open.length);
  assert.ok(open.length > 0);
  const table = await cli.run(["incident", "bulk-close", "--status", "New,Active", "--severity", "Informational", "--classification", "Undetermined", "--dry-run", "-o", "table"]);
  assert.equal(table.code, 0);
  assert.match(table.stdout, new RegExp(`Dry run: ${open.length} of ${open.length} incidents would change`));
  assert.match(table.stdout, /status: "(New|Active)" → "Closed"/);
  assert.equal(emulator.store.dump(), dump);
});

test("above 10 incidents and not on a terminal, --yes is needed; nothing is written without it", async () => {
  const dump = emulator.store.dump();
  const r = await cli.run(["incident", "bulk-update", "--all", "--add-label", "never"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /would touch \d+ incidents; add --yes/);
  assert.equal(emulator.store.dump(), dump);
  const none = await cli.run(["incident", "bulk-update", "--add-label", "x"]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /say which incidents/);
});

test("bulk-close closes the selection and prints a summary; a re-run finds them already closed", async () => {
  const target = storedIncidents(emulator).filter((i) => i.properties.severity === "Low" && i.properties.status !== "Closed");
  const r = await cli.run(["incident", "bulk-close", "--severity", "Low", "--status", "New,Active", "--classification", "BenignPositive", "--reason", "SuspiciousButExpected", "--comment", "bulk from the CLI", "--yes", "-o", "table"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Closing: ${target.length} changed, 0 already as asked, 0 failed, of ${target.length}`));
  for (const i of target) {
    const p = storedIncident(emulator, i.name!)!.properties;
    assert.deepEqual([p.status, p.classification, p.classificationReason, p.classificationComment], ["Closed", "BenignPositive", "SuspiciousButExpected", "bulk from the CLI"]);
  }
  const again = await cli.json<BulkResult>(["incident", "bulk-update", "--title-contains", target[0]!.properties.title, "--set", "status=Closed", "--set", "classification=BenignPositive", "--set", "classificationReason=SuspiciousButExpected", "--set", "classificationComment=bulk from the CLI", "--yes"]);
  assert.equal(again.failed.length, 0);
  assert.ok(again.unchanged.length >= 1);
});

test("bulk-comment with a journal: a second run resumes and posts nothing twice", async () => {
  const journal = join(dir, "comment.journal");
  const selection = ["--severity", "Medium"];
  const first = await cli.json<BulkResult>(["incident", "bulk-comment", ...selection, "Reviewed in the weekly triage", "--journal", journal, "--yes"]);
  assert.equal(first.failed.length, 0);
  assert.ok(first.succeeded.length > 0);
  const second = await cli.json<BulkResult>(["incident", "bulk-comment", ...selection, "Reviewed in the weekly triage", "--journal", journal, "--yes"]);
  assert.equal(second.resumed.length, first.succeeded.length, "everything was done by the first run");
  assert.equal(second.succeeded.length, 0);
  assert.ok(readFileSync(journal, "utf8").split("\n").length > first.succeeded.length);
  for (const item of first.succeeded) {
    const comments = storedComments(emulator, item.name).filter((c) => c.properties.message === "Reviewed in the weekly triage");
    assert.equal(comments.length, 1, "exactly one each");
  }
  const other = await cli.run(["incident", "bulk-comment", ...selection, "something else", "--journal", journal, "--yes"]);
  assert.equal(other.code, 2);
  assert.match(other.stderr, /belongs to another bulk operation/);
});

test("items that fail are listed with their reasons and make the exit code 1", async () => {
  // A reason without a fitting classification fails on every incident that has none.
  const r = await cli.run(["incident", "bulk-update", "--severity", "High", "--set", "classificationReason=SuspiciousActivity", "--yes", "-o", "table"]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /\d+ failed/);
  assert.match(r.stdout, /REASON/);
  const json = await cli.run(["incident", "bulk-update", "--severity", "High", "--set", "classificationReason=SuspiciousActivity", "--yes"]);
  assert.equal(json.code, 1);
  const result = JSON.parse(json.stdout) as BulkResult;
  assert.ok(result.failed.length > 0);
  for (const f of result.failed) assert.ok(f.reason.length > 10 && f.name);
});

test("--concurrency is checked", async () => {
  const r = await cli.run(["incident", "bulk-update", "--all", "--add-label", "x", "--concurrency", "0", "--yes"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--concurrency must be a whole number from 1 to 64/);
});
