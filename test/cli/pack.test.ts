// The published package: `npm pack` makes a tarball that, installed into an empty
// folder, gives a working `npx sentinel`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { assertBuilt, tempDir } from "../helpers/cli.js";
import { PROJECT_ROOT } from "../helpers/paths.js";

const exec = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

test("npm pack makes a tarball from which npx sentinel --help works in an empty folder", { timeout: 300_000 }, async () => {
  assertBuilt();
  const out = tempDir("sentinel-pack-");
  const app = tempDir("sentinel-app-");
  // --ignore-scripts: `prepare` would rebuild dist/ while the other test files run it; the suite has just built it.
  const { stdout } = await exec(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", out], { cwd: PROJECT_ROOT, maxBuffer: 32 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  const files = packed!.files.map((f) => f.path);
  for (const needed of ["package.json", "dist/cli/main.js", "dist/cli/program.js", "dist/version.js", "dist/index.js", "dist/index.d.ts", "dist/emulator/server.js"]) {
    assert.ok(files.includes(needed), `the tarball has ${needed}`);
  }
  // What `files` names must arrive whenever the project has it (README.md is written with the docs).
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { files: string[]; bin: Record<string, string> };
  for (const f of pkg.files) if (existsSync(join(PROJECT_ROOT, f))) assert.ok(files.some((p) => p === f || p.startsWith(`${f}/`)), `the tarball has ${f}`);
  assert.ok(!files.some((f) => f.startsWith("src/") || f.startsWith("test/") || f.startsWith("node_modules/")), "no sources, tests or dependencies");
  assert.equal(pkg.bin.sentinel, "dist/cli/main.js");
  assert.match(readFileSync(join(PROJECT_ROOT, pkg.bin.sentinel), "utf8"), /^#!\/usr\/bin\/env node\n/, "the bin has a shebang");

  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "empty-folder", version: "1.0.0", private: true }));
  // --ignore-scripts skips compiling better-sqlite3 (over a minute here without its prebuilt binary);
  // neither --help nor anything but the emulator needs it.
  await exec(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", join(out, packed!.filename)], {
    cwd: app,
    maxBuffer: 32 * 1024 * 1024,
    timeout: 240_000,
  });
  const help = await exec(npx, ["--no-install", "sentinel", "--help"], { cwd: app, env: { ...process.env, NO_COLOR: "1" } });
  assert.match(help.stdout, /^Usage: sentinel \[options\] \[command\]/);
  assert.match(help.stdout, /incident\s+list, show, triage and create incidents/);
  const version = await exec(npx, ["--no-install", "sentinel", "--version"], { cwd: app });
  assert.equal(version.stdout.trim(), (JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version);

  // A consumer's type check: strict, skipLibCheck off, without @types/better-sqlite3 (a devDependency of
  // ours, never of theirs). Every public function is used; bad writes must not compile.
  await exec(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", `typescript@${TYPESCRIPT}`, `@types/node@${TYPES_NODE}`], {
    cwd: app,
    maxBuffer: 32 * 1024 * 1024,
    timeout: 240_000,
  });
  assert.ok(!existsSync(join(app, "node_modules", "@types", "better-sqlite3")), "the consumer has no better-sqlite3 types");
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: false, noEmit: true, types: ["node"] }, files: ["consumer.ts"] }),
  );
  writeFileSync(join(app, "consumer.ts"), CONSUMER);
  const tsc = await exec(process.execPath, [join(app, "node_modules", "typescript", "bin", "tsc"), "-p", app], { cwd: app }).catch((e: { stdout: string }) => e);
  assert.equal(tsc.stdout, "", `the consumer type-checks:\n${tsc.stdout}`);
});

const pinned = JSON.parse(readFileSync(join(PROJECT_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
const TYPESCRIPT = pinned.packages["node_modules/typescript"]!.version;
const TYPES_NODE = pinned.packages["node_modules/@types/node"]!.version;

/** A consumer's program: every public function, and writes the types must refuse (each @ts-expect-error must be needed). */
const CONSUMER = `
import {
  SentinelClient, bulkUpdateAcrossWorkspaces, bulkCloseAcrossWorkspaces, bulkCommentAcrossWorkspaces,
  createCredential, StaticTokenCredential, incidentFilter, odataString, andFilters, toRows, columnsOf,
  resolveSettings, readConfigFile, findConfigFile, pickWorkspace, startEmulator, loadEmulator, isSentinelError,
  parseWorkspaceResourceId, parseSentinelResourceId, workspaceResourceId, sentinelScope, incidentResourceId,
  bookmarkResourceId, sameWorkspace, buildPath, IncidentSeverity, ReasonsForClassification, DEFAULT_WORKSPACE,
  type Incident, type IncidentUpdate, type BulkRun, type RunningEmulator, type SentinelRequestError,
  CachedTokenCredential, clearTokenCache, tokenCacheFile, type TokenCacheOptions,
} from "sentinel-incidents";

export async function everything(): Promise<void> {
  const emulator: RunningEmulator = await startEmulator({ port: 0 });
  const sentinel = new SentinelClient(DEFAULT_WORKSPACE, { endpoint: emulator.url, credential: new StaticTokenCredential("t") });
  const fromConfig = await SentinelClient.fromConfig({ workspace: "Default", auth: ["cli"] });
  const list: Incident[] = await sentinel.listIncidents({ $top: 5, $filter: incidentFilter({ severity: ["High"] }) });
  for await (const page of sentinel.iterateIncidents().byPage({ maxPageSize: 50 })) toRows(page);
  await sentinel.listAllIncidents();
  const one = await sentinel.getIncident("#1", { entities: true, alerts: true, comments: true, bookmarks: true });
  await sentinel.resolveIncident("title", { matchTitle: "exact" });
  const update: IncidentUpdate = { severity: "High", status: "Closed", classification: "FalsePositive", classificationReason: "InaccurateData", addLabels: ["x"] };
  await sentinel.updateIncident(one.name!, update);
  await sentinel.updateIncident(one.name!, { "properties.severity": "Low", owner: null });
  await sentinel.updateIncidentDetailed(one.name!, { title: "t" }, { abortSignal: new AbortController().signal });
  await sentinel.createIncident({ title: "t", severity: "Low", firstActivityTimeUtc: new Date(), labels: ["a"], incidentId: "00000000-0000-4000-8000-000000000000" });
  await sentinel.createIncident({ title: "t", severity: "Low", firstActivityTime: new Date() });
  await sentinel.deleteIncident("Exact title", { matchTitle: "substring" });
  await sentinel.postComment("#1", "c", { commentId: "00000000-0000-4000-8000-000000000001" });
  await sentinel.listComments("#1");
  await sentinel.deleteComment("#1", "00000000-0000-4000-8000-000000000001");
  await sentinel.addBookmarkToIncident("#1", "bookmark");
  for await (const b of sentinel.listBookmarks()) void b;
  await sentinel.getBookmark("b");
  await sentinel.listRelations("#1");
  await sentinel.removeRelation("#1", "rel");
  await sentinel.listIncidentEntities("#1");
  await sentinel.listIncidentAlerts("#1");
  await sentinel.listIncidentBookmarks("#1");
  await sentinel.listIncidentTasks("#1");
  await sentinel.createOrUpdateIncidentTask("#1", { title: "t" });
  await sentinel.deleteIncidentTask("#1", "00000000-0000-4000-8000-000000000002");
  const runs: BulkRun[] = [
    await sentinel.bulkUpdateIncidents({ $filter: "properties/status eq 'New'" }, { addLabels: ["b"] }, { journal: "j", dryRun: true }),
    await sentinel.bulkCloseIncidents(list, { classification: "BenignPositive" }),
    await sentinel.bulkComment(list, "c", { commentKey: "k" }),
    await bulkUpdateAcrossWorkspaces([sentinel, { client: fromConfig, label: "L" }], list, { severity: "Medium" }),
    await bulkCloseAcrossWorkspaces([sentinel], list, { classification: "TruePositive", reason: "SuspiciousActivity" }),
    await bulkCommentAcrossWorkspaces([sentinel], list, "c"),
  ];
  void runs;
  sentinel.onRequest((o) => void o.status)();
  createCredential(["cli", "msi"]);
  const cacheOptions: TokenCacheOptions = { credentialKey: "cli", tenantId: "t", file: tokenCacheFile() };
  new CachedTokenCredential(createCredential(["cli"]), cacheOptions);
  await SentinelClient.fromConfig({ auth: ["cli"], tokenCache: true });
  clearTokenCache();
  odataString("it's"); andFilters("a", undefined); columnsOf(toRows(list));
  const settings = await resolveSettings({ workspace: "Default" });
  void settings.tokenCredential;
  const file = findConfigFile({});
  if (file.path) pickWorkspace(await readConfigFile(file.path), "Default");
  await loadEmulator();
  const ws = parseWorkspaceResourceId(workspaceResourceId(DEFAULT_WORKSPACE))!;
  sameWorkspace(ws, DEFAULT_WORKSPACE); parseSentinelResourceId(incidentResourceId(ws, "x")); bookmarkResourceId(ws, "b"); sentinelScope(ws);
  buildPath("Incidents_Get", { subscriptionId: "s", resourceGroupName: "r", workspaceName: "w", incidentId: "i" });
  const severities: readonly string[] = IncidentSeverity; void severities; void ReasonsForClassification.FalsePositive;
  try { await sentinel.listIncidents(); } catch (e) { if (isSentinelError(e, "SentinelRequestError")) void (e as SentinelRequestError).requestId; }
  await emulator.close();

  // @ts-expect-error a misspelt update key does not compile
  await sentinel.updateIncident("#1", { severty: "High" });
  // @ts-expect-error "Critical" is no severity
  await sentinel.updateIncident("#1", { severity: "Critical" });
  // @ts-expect-error nor on create
  await sentinel.createIncident({ title: "t", severity: "Critical" });
  // @ts-expect-error an unknown status
  await sentinel.updateIncident("#1", { status: "Resolved" });
  // @ts-expect-error read-only fields are not updatable
  await sentinel.updateIncident("#1", { incidentNumber: 3 });
  // @ts-expect-error nor a classification that does not exist
  await sentinel.bulkCloseIncidents(list, { classification: "Benign" });
}
`;
