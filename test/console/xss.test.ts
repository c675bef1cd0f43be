// Incident text is written by attackers. An XSS corpus goes into titles,
// descriptions, labels, alert names, entity fields, comments and the portal link;
// in a real browser, no injected script runs (no dialog, no console message from
// it, no Content-Security-Policy violation in the page or at the server), no
// javascript: link is clickable, and the text is shown literally.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { Incident } from "../../src/api/models.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import { startConsole } from "../../src/console/server.js";
import { clientFor } from "../helpers/client.js";
import { testEmulator } from "../helpers/emulator.js";
import { launchBrowser, outputDir, requireChromium } from "../helpers/browser.js";

// Functions given to page.evaluate run in the browser.
declare const document: { querySelectorAll(selector: string): ArrayLike<{ getAttribute(n: string): string | null; textContent: string | null }> };
declare const window: { __violations: string[]; __ran: string[] };

export const XSS_CORPUS = [
  `<script>window.__ran.push("script");alert("script")</script>`,
  `<img src=x onerror="window.__ran.push('img');alert('img')">`,
  `javascript:window.__ran.push('js');alert('js')`,
  `<svg onload="window.__ran.push('svg');alert('svg')"><script>alert('svg2')</script></svg>`,
  `<a href="javascript:alert('a')">click me</a>`,
  `"><iframe srcdoc="<script>parent.__ran.push('iframe')</script>"></iframe>`,
  `<style>body{display:none}</style><div style="background:url(javascript:alert(1))">css</div>`,
  `{{constructor.constructor('window.__ran.push("template")')()}}`,
] as const;
/** Bidi overrides and zero-width characters: shown as visible marks, so they cannot disguise text. */
const BIDI = { raw: "invoice\u202Efdp.exe \u2066admin\u2069 pay\u200Bpal", shown: "invoice⟦U+202E⟧fdp.exe ⟦U+2066⟧admin⟦U+2069⟧ pay⟦U+200B⟧pal" };

const emulator = await testEmulator({ seedIncidents: 20, seed: "console-xss" });
const client = clientFor(emulator);
const ws = emulator.store.workspace(DEFAULT_WORKSPACE)!;
const consoleServer = await startConsole({ workspaces: [{ label: "main", client }] });
test.after(() => consoleServer.close());

const incidents: Incident[] = [];
for (const [i, payload] of XSS_CORPUS.entries()) {
  const incident = await client.createIncident({ title: payload, severity: "High", description: `${payload}\n${BIDI.raw}`, labels: [payload.slice(0, 100)] });
  await client.postComment(incident.name!, payload);
  await client.postComment(incident.name!, BIDI.raw);
  // Alerts and entities come from detections, not this API: written into the store as the seeder does.
  const alert = randomUUID();
  const entity = randomUUID();
  emulator.store.detections.putAlert(ws, { name: alert, kind: "SecurityAlert", properties: { alertDisplayName: payload, description: payload, friendlyName: payload, startTimeUtc: new Date().toISOString(), severity: "High" } as never });
  emulator.store.detections.putEntity(ws, { name: entity, kind: "Url", properties: { url: `javascript:window.__ran.push('entity${i}')`, friendlyName: payload } });
  emulator.store.detections.linkEntity(ws, "alert", alert, entity);
  emulator.store.relations.link(ws, incident.name!, alert, "alert", alert, Date.now());
  // The portal link is set by the service; here it is a javascript: URL.
  const stored = JSON.parse(emulator.store.incidents.get(ws, incident.name!)!) as Incident;
  stored.properties.incidentUrl = `javascript:window.__ran.push('portal${i}')`;
  emulator.store.incidents.write(ws, stored, JSON.stringify(stored));
  incidents.push(incident);
}
const bidi = await client.createIncident({ title: BIDI.raw, severity: "Low" });
// One long run without spaces (a base64 blob): laid out as it was, it froze the page for seconds.
const blob = Buffer.from(Array.from({ length: 150_000 }, (_, i) => (i * 7919) % 251)).toString("base64");
const longRun = await client.createIncident({ title: `blob ${blob.slice(0, 300)}`, severity: "Low", description: blob });
await client.postComment(longRun.name!, blob.slice(0, 30_000));

test("no injected script runs and the text is shown literally, in the queue and on every incident", { timeout: 180_000 }, async (t) => {
  if (!requireChromium(t)) return;
  const browser = await launchBrowser();
  const page = await browser.newPage();
  const dialogs: string[] = [];
  const consoleMessages: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("console", (m) => consoleMessages.push(m.text()));
  page.on("pageerror", (e) => consoleMessages.push(`page error: ${e.message}`));
  // Before any page script: record CSP violations and anything an injected script would do.
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[]; __ran: string[]; addEventListener: (t: string, f: (e: { violatedDirective: string; blockedURI: string }) => void) => void };
    w.__violations = [];
    w.__ran = [];
    w.addEventListener("securitypolicyviolation", (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const shots = outputDir("console-xss");

  await page.goto(consoleServer.loginUrl());
  await page.locator("table.queue tbody tr").first().waitFor();
  await page.getByRole("checkbox", { name: "High" }).check();
  await page.waitForFunction((n) => document.querySelectorAll("table.queue tbody tr td.title").length >= n, XSS_CORPUS.length);
  const titles = await page.locator("table.queue tbody td.title").allTextContents();
  for (const payload of XSS_CORPUS) assert.ok(titles.includes(payload), `the queue shows ${payload} as text`);
  await page.screenshot({ path: join(shots, "queue.png") });

  for (const [i, incident] of incidents.entries()) {
    const payload = XSS_CORPUS[i]!;
    await page.goto(`${consoleServer.origin}/#/incident/main/${incident.name}`);
    await page.getByTestId("title").waitFor();
    assert.equal(await page.getByTestId("title").textContent(), payload);
    assert.equal(await page.getByTestId("description").textContent(), `${payload}\n${BIDI.shown}`);
    assert.deepEqual(await page.getByTestId("comment").allTextContents(), [payload, BIDI.shown]);
    assert.deepEqual(await page.getByTestId("alert-name").allTextContents(), [payload]);
    assert.deepEqual(await page.getByTestId("entity-name").allTextContents(), [payload]);
    assert.match((await page.locator(".entities .prop").allTextContents()).join("\n"), /url: javascript:window\.__ran\.push\('entity\d'\)/, "the entity's URL is text");
    assert.equal(await page.getByTestId("portal-text").textContent(), `javascript:window.__ran.push('portal${i}')`, "the javascript: portal link is text, not a link");
    const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
    assert.ok(hrefs.every((h) => h.startsWith("#/")), `only the page's own links: ${hrefs.join(" ")}`);
    const injected = await page.evaluate(() => document.querySelectorAll("main img, main iframe, main script, main style, main [onerror], main [onload], main [style]").length);
    assert.equal(injected, 0, "no element from the payload exists");
    if (i === 1) await page.screenshot({ path: join(shots, "incident.png"), fullPage: true });
  }

  await page.goto(`${consoleServer.origin}/#/incident/main/${bidi.name}`);
  await page.getByTestId("title").waitFor();
  assert.equal(await page.getByTestId("title").textContent(), BIDI.shown, "bidi overrides are shown as marks");

  await page.goto(`${consoleServer.origin}/#/incident/main/${longRun.name}`);
  await page.getByTestId("description").waitFor();
  assert.equal(await page.getByTestId("description").textContent(), blob, "the whole text, exactly (what a user copies)");
  assert.deepEqual(await page.getByTestId("comment").allTextContents(), [blob.slice(0, 30_000)]);
  // Every piece the browser lays out is short: a <wbr> at least every 40 characters of a run.
  const longest = await page.evaluate(() => {
    const pieces: string[] = [];
    for (const el of Array.from(document.querySelectorAll("[data-testid=description], [data-testid=comment], [data-testid=title]")) as unknown as { childNodes: ArrayLike<{ nodeType: number; textContent: string | null }> }[]) {
      for (const n of Array.from(el.childNodes)) if (n.nodeType === 3) pieces.push(n.textContent ?? "");
    }
    return Math.max(...pieces.map((p) => Math.max(0, ...(p.match(/\S+/g) ?? []).map((r) => r.length))));
  });
  assert.ok(longest <= 40, `no unbroken run longer than 40 characters is laid out (longest ${longest})`);

  const ran = await page.evaluate(() => window.__ran);
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(ran, [], "no injected code ran");
  assert.deepEqual(dialogs, [], "no dialog opened");
  assert.deepEqual(violations, [], "no CSP violation in the page");
  assert.equal(consoleServer.cspReports, 0, "no CSP violation reported to the server");
  assert.deepEqual(consoleMessages.filter((m) => /alert|__ran|Refused|Content Security Policy/i.test(m)), [], "nothing about the payloads in the console");
});
