// The console in a real browser (Debian's Chromium through playwright-core), with
// real clicks and keys against an emulator: filter the queue, open an incident,
// post a comment, assign, label, change severity, close with a classification,
// reopen, add and complete a task — each effect checked in the emulator's store —
// an etag conflict, and the overview's charts. A screenshot of each view is saved.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { IncidentSeverity } from "../../src/api/enums.js";
import { startConsole } from "../../src/console/server.js";
import { clientFor } from "../helpers/client.js";
import { testEmulator } from "../helpers/emulator.js";
import { CHROMIUM, launchBrowser, outputDir, requireChromium } from "../helpers/browser.js";
import { storedComments, storedIncident, storedIncidents } from "../cli/fixtures.js";
import { existsSync } from "node:fs";

// The functions given to page.evaluate run in the browser; the project's types are Node's.
declare const document: { cookie: string; activeElement: unknown; querySelectorAll(selector: string): { length: number } };
type HTMLInputElement = { name: string };

const emulator = await testEmulator({ seedIncidents: 300, seed: "console-browser" });
const client = clientFor(emulator);
const consoleServer = await startConsole({ workspaces: [{ label: "main", client }], me: "meganb@contoso.com" });
test.after(() => consoleServer.close());
const target = await client.createIncident({ title: "Console target: beaconing from WS-PAY-07", severity: "Medium", description: "Periodic HTTPS beacons to a new domain." });
const shots = outputDir("console");

function storedTasks(incident: string): { title: string; status: string }[] {
  const ws = emulator.store.workspace({ subscriptionId: "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", resourceGroup: "myRg", workspaceName: "myWorkspace" })!;
  const rows = emulator.store.db.prepare("SELECT doc FROM tasks WHERE ws = ? AND incident = ? ORDER BY created_ms").all(ws.id, incident) as { doc: string }[];
  return rows.map((r) => (JSON.parse(r.doc) as { properties: { title: string; status: string } }).properties);
}

/** Waits for the action's notice and returns its text. */
async function notice(page: Page, pattern: RegExp): Promise<string> {
  const el = page.getByTestId("notice");
  await el.filter({ hasText: pattern }).waitFor({ timeout: 15_000 });
  return (await el.textContent()) ?? "";
}

test("the queue, an incident and the overview, driven with real clicks and keys", { timeout: 180_000 }, async (t) => {
  if (!requireChromium(t)) return;
  assert.ok(existsSync(CHROMIUM));
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("dialog", (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });

  await t.test("the login link signs in and leaves the address bar", async () => {
    await page.goto(consoleServer.loginUrl());
    await page.locator("table.queue tbody tr").first().waitFor();
    assert.doesNotMatch(page.url(), /token=/, "the token is gone from the URL");
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === `sentinel_console_${new URL(consoleServer.origin).port}`)!;
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, "Strict");
    assert.equal(await page.evaluate(() => document.cookie), "", "the page's script cannot read the session");
  });

  await t.test("filter by severity: the rows are those of the store", async () => {
    // Default filter: New and Active. Tick High.
    await page.getByRole("checkbox", { name: "High" }).check();
    await page.getByTestId("counts").filter({ hasText: /match/ }).waitFor();
    const expected = storedIncidents(emulator).filter((i) => i.properties.severity === "High" && i.properties.status !== "Closed");
    const severities = await page.locator("table.queue tbody tr td:nth-child(2)").allTextContents();
    assert.equal(severities.length, Math.min(50, expected.length));
    assert.ok(severities.every((s) => s === "High"));
    assert.match((await page.getByTestId("counts").textContent())!, new RegExp(`^${expected.length} match · High ${expected.length} · Medium 0`));
    await page.getByRole("checkbox", { name: "High" }).uncheck();
  });

  await t.test("keyset paging: Load more appends the next rows, none twice", async () => {
    // Every status, so there are several pages.
    await page.getByRole("checkbox", { name: "New" }).uncheck();
    await page.getByRole("checkbox", { name: "Active" }).uncheck();
    await page.getByTestId("counts").filter({ hasText: new RegExp(`^${storedIncidents(emulator).length} match`) }).waitFor();
    const first = await page.locator("table.queue tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name")));
    await page.getByRole("button", { name: "Load more" }).click();
    await page.waitForFunction((n) => document.querySelectorAll("table.queue tbody tr").length > n, first.length);
    const all = await page.locator("table.queue tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-name")));
    assert.deepEqual(all.slice(0, first.length), first);
    assert.equal(new Set(all).size, all.length, "no incident twice");
    const open = storedIncidents(emulator).sort((a, b) => (b.properties.createdTimeUtc! > a.properties.createdTimeUtc! ? 1 : -1));
    assert.deepEqual(all, open.slice(0, all.length).map((i) => i.name));
  });

  await t.test("/ searches, j/k move, Enter opens", async () => {
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).name), "q");
    await page.keyboard.type("beaconing from WS-PAY");
    await page.waitForFunction(() => document.querySelectorAll("table.queue tbody tr").length === 1);
    await page.keyboard.press("Escape");
    await page.keyboard.press("k");
    await page.screenshot({ path: join(shots, "queue-search.png") });
    await page.keyboard.press("Enter");
    await page.getByTestId("title").waitFor();
    assert.equal(await page.getByTestId("title").textContent(), target.properties.title);
    assert.match(page.url(), new RegExp(`#/incident/main/${target.name}$`));
  });

  await t.test("post a comment", async () => {
    await page.getByLabel("New comment").fill("Checked the proxy logs: beacons every 60 s.");
    await page.getByRole("button", { name: "Post comment" }).click();
    await notice(page, /Post comment: done/);
    assert.equal(storedComments(emulator, target.name!).at(-1)!.properties.message, "Checked the proxy logs: beacons every 60 s.");
    assert.equal(await page.getByTestId("comment").last().textContent(), "Checked the proxy logs: beacons every 60 s.");
  });

  await t.test("assign to me, then to someone else", async () => {
    await page.getByRole("button", { name: "Assign to me" }).click();
    await notice(page, /Assign to me: done/);
    assert.equal(storedIncident(emulator, target.name!)!.properties.owner?.userPrincipalName, "meganb@contoso.com");
    await page.getByLabel("Assign to (UPN, email or objectId)").fill("adelev@contoso.com");
    await page.getByRole("button", { name: "Assign", exact: true }).click();
    await notice(page, /Assign: done/);
    assert.equal(storedIncident(emulator, target.name!)!.properties.owner?.userPrincipalName, "adelev@contoso.com");
    assert.equal(await page.getByTestId("owner").textContent(), "adelev@contoso.com");
  });

  await t.test("change severity, add and remove a label", async () => {
    await page.getByLabel("Severity").selectOption("High");
    await notice(page, /Change severity: done/);
    assert.equal(storedIncident(emulator, target.name!)!.properties.severity, "High");
    await page.getByLabel("Label", { exact: true }).fill("beaconing");
    await page.getByRole("button", { name: "Add label" }).click();
    await notice(page, /Add label: done/);
    assert.deepEqual(storedIncident(emulator, target.name!)!.properties.labels?.map((l) => l.labelName), ["beaconing"]);
    await page.getByRole("button", { name: "Remove label beaconing" }).click();
    await notice(page, /Remove label: done/);
    assert.deepEqual(storedIncident(emulator, target.name!)!.properties.labels ?? [], []);
  });

  await t.test("add a task and complete it", async () => {
    await page.getByLabel("New task").fill("Block the domain at the proxy");
    await page.getByRole("button", { name: "Add task" }).click();
    await notice(page, /Add task: done/);
    assert.deepEqual(storedTasks(target.name!), [{ title: "Block the domain at the proxy", status: "New" }].map((x) => ({ ...storedTasks(target.name!)[0], ...x })));
    await page.getByRole("button", { name: "Complete" }).click();
    await notice(page, /Complete task: done/);
    assert.equal(storedTasks(target.name!)[0]!.status, "Completed");
  });

  await t.test("close: only the reasons that fit the classification are offered", async () => {
    const classification = page.getByLabel("Classification");
    await classification.selectOption("TruePositive");
    assert.deepEqual(await page.getByLabel("Reason").locator("option").allTextContents(), ["SuspiciousActivity"]);
    await classification.selectOption("Undetermined");
    assert.equal(await page.getByLabel("Reason").count(), 0, "Undetermined takes no reason");
    await classification.selectOption("FalsePositive");
    assert.deepEqual(await page.getByLabel("Reason").locator("option").allTextContents(), ["IncorrectAlertLogic", "InaccurateData"]);
    await page.getByLabel("Reason").selectOption("InaccurateData");
    await page.getByLabel("Closing comment").fill("Approved updater.");
    await page.screenshot({ path: join(shots, "incident.png"), fullPage: true });
    await page.getByRole("button", { name: "Close incident" }).click();
    await notice(page, /Close: done/);
    const p = storedIncident(emulator, target.name!)!.properties;
    assert.deepEqual([p.status, p.classification, p.classificationReason, p.classificationComment], ["Closed", "FalsePositive", "InaccurateData", "Approved updater."]);
    assert.equal(await page.getByTestId("status").textContent(), "Closed");
  });

  await t.test("reopen", async () => {
    await page.getByRole("button", { name: "Reopen" }).click();
    await notice(page, /Reopen: done/);
    assert.equal(storedIncident(emulator, target.name!)!.properties.status, "Active");
  });

  await t.test("an etag conflict writes nothing, reloads and shows what changed", async () => {
    await client.updateIncident(target.name!, { severity: "Low" });
    await page.getByLabel("Label", { exact: true }).fill("too-late");
    await page.getByRole("button", { name: "Add label" }).click();
    const text = await notice(page, /nothing was written/);
    assert.match(text, /severity: High → Low/);
    assert.equal(await page.getByTestId("severity").textContent(), "Low", "the page shows the incident as it is now");
    assert.ok(!storedIncident(emulator, target.name!)!.properties.labels?.some((l) => l.labelName === "too-late"));
  });

  await t.test("a service error is shown in plain words", async () => {
    // Someone deletes the incident while it is open here.
    await client.deleteIncident(target.name!);
    await page.getByLabel("Label", { exact: true }).fill("orphan");
    await page.getByRole("button", { name: "Add label" }).click();
    const text = await notice(page, /Add label failed:/);
    assert.match(text, new RegExp(`Incident '${target.name}' does not exist in workspace myWorkspace`));
    assert.doesNotMatch(text, /\[object|undefined/);
  });

  await t.test("the overview draws every chart with the expected series, and a table for each", async () => {
    await page.goto(`${consoleServer.origin}/#/overview`);
    await page.locator("figure[data-chart=classification] svg").waitFor({ timeout: 30_000 });
    const stats = await client.incidentStats({ groupBy: ["severity", "status", "owner", "classification", "tactic", "product"] });
    // Plot names each mark's group after its kind (rect, bar, tick); the chart's own svg has the class we gave it.
    const marks = (chart: string, kind: string, shape = "rect") => page.locator(`figure[data-chart=${chart}] svg.sentinel-plot g[aria-label="${kind}"] ${shape}`);
    const fills = (chart: string, kind: string) => marks(chart, kind).evaluateAll((rects) => [...new Set(rects.filter((r) => Number(r.getAttribute("height")) > 0 && Number(r.getAttribute("width")) > 0).map((r) => r.getAttribute("fill")))].length);
    const present = (sev: string) => stats.createdPerDay.some((d) => d[sev as "High"] > 0);
    assert.equal(await fills("created", "rect"), IncidentSeverity.filter(present).length, "created per day: one series per severity");
    assert.equal(await fills("backlog", "bar"), IncidentSeverity.filter((s) => stats.backlog.buckets.some((b) => b[s] > 0)).length, "backlog: one series per severity");
    const closedSeverities = IncidentSeverity.filter((s) => stats.timeToClose.bySeverity[s].count > 0).length;
    assert.equal(await marks("close", "bar").count(), closedSeverities);
    assert.equal(await marks("close", "tick", "line").count(), closedSeverities);
    assert.equal(await marks("owners", "bar").count(), Math.min(10, stats.groups.owner!.length));
    assert.equal(await marks("tactics", "bar").count(), Math.min(10, stats.groups.tactic!.length));
    assert.equal(await marks("products", "bar").count(), Math.min(10, stats.groups.product!.length));
    assert.equal(await marks("classification", "bar").count(), stats.classificationMix.rows.length);
    // The tables screen readers read hold the same numbers.
    assert.equal(await page.locator("table[data-table=created] tbody tr").count(), stats.createdPerDay.length);
    const owners = await page.locator("table[data-table=owners] tbody tr").evaluateAll((rows) => rows.map((r) => [r.querySelector("th")!.textContent, Number(r.querySelector("td")!.textContent)]));
    assert.deepEqual(owners, stats.groups.owner!.map((r) => [r.key, r.count]));
    assert.match((await page.getByTestId("overview-total").textContent())!, new RegExp(`^${stats.total.toLocaleString("en-US")} incidents created`));
    await page.screenshot({ path: join(shots, "overview.png"), fullPage: true });
  });

  await t.test("the queue screenshot, at rest", async () => {
    await page.goto(`${consoleServer.origin}/#/queue`);
    // The queue kept its filters (the search for the incident deleted above): clear the search.
    await page.getByRole("searchbox").fill("");
    await page.waitForFunction(() => document.querySelectorAll("table.queue tbody tr").length > 1);
    await page.getByTestId("counts").filter({ hasText: /match/ }).waitFor();
    await page.screenshot({ path: join(shots, "queue.png") });
  });

  assert.deepEqual(problems, [], "no page error and no dialog");
  assert.equal(consoleServer.cspReports, 0, "no Content-Security-Policy violation");
});
