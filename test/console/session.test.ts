// The console server's guards, over real HTTP: no session → 401, a write without
// the CSRF header → 403, a foreign Host (DNS rebinding) or Origin → refused, the
// login link works once, and the API checks its input before any request.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startConsole, ConsoleConfigError, type RunningConsole } from "../../src/console/server.js";
import { clientFor } from "../helpers/client.js";
import { testEmulator } from "../helpers/emulator.js";
import { Cli, assertBuilt } from "../helpers/cli.js";
import { storedComments, storedIncident } from "../cli/fixtures.js";
import { spawn } from "node:child_process";
import { CLI_BIN } from "../helpers/paths.js";
import { cliEnv } from "../helpers/cli.js";

const emulator = await testEmulator({ seedIncidents: 30, seed: "console-session" });
const client = clientFor(emulator);
const running: RunningConsole = await startConsole({ workspaces: [{ label: "main", client }] });
test.after(() => running.close());
const target = (await client.listIncidents({ $top: 1 }))[0]!;

async function login(c: RunningConsole = running): Promise<{ cookie: string; csrf: string }> {
  const token = new URL(c.loginUrl()).hash.replace("#token=", "");
  const res = await fetch(`${c.origin}/api/session`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const setCookie = res.headers.get("set-cookie")!;
  return { cookie: setCookie.split(";")[0]!, csrf: ((await res.json()) as { csrf: string }).csrf };
}

test("the page is served with a strict Content-Security-Policy and no inline script", async () => {
  const res = await fetch(`${running.origin}/`);
  assert.equal(res.status, 200);
  const csp = res.headers.get("content-security-policy")!;
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const html = await res.text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script element");
  assert.doesNotMatch(html, /https?:\/\/(?!127\.0\.0\.1)/, "nothing from another host (no CDN)");
  assert.equal(res.headers.get("x-frame-options"), "DENY");
});

test("no session → 401; the one-time token gives an HttpOnly SameSite=Strict cookie, and works once", async () => {
  assert.equal((await fetch(`${running.origin}/api/config`)).status, 401);
  assert.equal((await fetch(`${running.origin}/api/incidents`)).status, 401);
  const wrong = await fetch(`${running.origin}/api/session`, { method: "POST", headers: { authorization: "Bearer not-the-token" } });
  assert.equal(wrong.status, 401);
  const token = new URL(running.loginUrl()).hash.replace("#token=", "");
  const first = await fetch(`${running.origin}/api/session`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  assert.equal(first.status, 200);
  const cookie = first.headers.get("set-cookie")!;
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\//);
  const again = await fetch(`${running.origin}/api/session`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  assert.equal(again.status, 401, "a used link does not sign in again");
  const config = await fetch(`${running.origin}/api/config`, { headers: { cookie: cookie.split(";")[0]! } });
  assert.equal(config.status, 200);
  assert.deepEqual(((await config.json()) as { workspaces: { label: string }[] }).workspaces.map((w) => w.label), ["main"]);
  assert.equal((await fetch(`${running.origin}/api/config`, { headers: { cookie: `${cookie.split("=")[0]}=forged` } })).status, 401);
});

test("two consoles on one machine keep their own sessions (a browser sends a host's cookies to every port)", async () => {
  const other = await startConsole({ workspaces: [{ label: "other", client }] });
  try {
    const a = await login(running);
    const b = await login(other);
    assert.notEqual(a.cookie.split("=")[0], b.cookie.split("=")[0], "each console names its cookie after its port");
    // What a browser sends to either port once both consoles are signed in.
    const jar = `${a.cookie}; ${b.cookie}`;
    const mine = await fetch(`${running.origin}/api/config`, { headers: { cookie: jar } });
    assert.equal(mine.status, 200);
    assert.deepEqual(((await mine.json()) as { workspaces: { label: string }[] }).workspaces.map((w) => w.label), ["main"]);
    const theirs = await fetch(`${other.origin}/api/config`, { headers: { cookie: jar } });
    assert.equal(theirs.status, 200);
    assert.deepEqual(((await theirs.json()) as { workspaces: { label: string }[] }).workspaces.map((w) => w.label), ["other"]);
    // One console's session is no key to the other.
    assert.equal((await fetch(`${other.origin}/api/config`, { headers: { cookie: `${b.cookie.split("=")[0]}=${a.cookie.split("=")[1]}` } })).status, 401);
  } finally {
    await other.close();
  }
});

test("a write without the session's CSRF header → 403 and nothing written; with it, the comment is in the store", async () => {
  const { cookie, csrf } = await login();
  const url = `${running.origin}/api/incidents/main/${target.name}/comments`;
  const before = storedComments(emulator, target.name!).length;
  const noCsrf = await fetch(url, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ message: "no csrf" }) });
  assert.equal(noCsrf.status, 403);
  const wrongCsrf = await fetch(url, { method: "POST", headers: { cookie, "x-sentinel-csrf": "guess", "content-type": "application/json" }, body: JSON.stringify({ message: "bad csrf" }) });
  assert.equal(wrongCsrf.status, 403);
  assert.equal(storedComments(emulator, target.name!).length, before, "nothing was written");
  const ok = await fetch(url, { method: "POST", headers: { cookie, "x-sentinel-csrf": csrf, "content-type": "application/json" }, body: JSON.stringify({ message: "with csrf" }) });
  assert.equal(ok.status, 201);
  assert.equal(storedComments(emulator, target.name!).at(-1)!.properties.message, "with csrf");
});

test("a foreign Host (DNS rebinding) or a foreign Origin is refused", async () => {
  const { cookie, csrf } = await login();
  const { request } = await import("node:http");
  const port = new URL(running.origin).port;
  const raw = (host: string, path = "/api/config", method = "GET", headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path, method, headers: { host, cookie, ...headers } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on("error", reject);
      req.end();
    });
  assert.equal(await raw(`attacker.example:${port}`), 421);
  assert.equal(await raw(`attacker.example:${port}`, "/"), 421, "not even the page");
  assert.equal(await raw(`127.0.0.1:${port}`), 200);
  assert.equal(await raw(`localhost:${port}`), 200);
  assert.equal(await raw(`127.0.0.1:1`), 421, "another port is another origin");
  const write = await raw(`127.0.0.1:${port}`, `/api/incidents/main/${target.name}/comments`, "POST", { "x-sentinel-csrf": csrf, origin: "http://attacker.example", "content-type": "application/json" });
  assert.equal(write, 403);
});

test("the API checks its input with clear messages before any request to the service", async () => {
  const { cookie, csrf } = await login();
  const before = emulator.stats.requests;
  const get = async (q: string) => {
    const res = await fetch(`${running.origin}/api/incidents?${q}`, { headers: { cookie } });
    return { status: res.status, body: (await res.json()) as { error: { message: string; field?: string } } };
  };
  const sev = await get("severity=Critical");
  assert.equal(sev.status, 400);
  assert.match(sev.body.error.message, /'severity' has the invalid value 'Critical'\. Allowed values: High, Medium, Low, Informational\./);
  assert.match((await get("sort=colour")).body.error.message, /Allowed values: created, modified, number, title/);
  assert.match((await get("top=5000")).body.error.message, /'top' must be a whole number from 1 to 200/);
  assert.match((await get("ws=other")).body.error.message, /'ws' has the invalid value 'other'/);
  const cursor = await get("cursor=https%3A%2F%2Fattacker.example%2F");
  assert.equal(cursor.status, 400, "a cursor is an id the server made, never a URL it would fetch");
  const patch = await fetch(`${running.origin}/api/incidents/main/${target.name}`, {
    method: "PATCH",
    headers: { cookie, "x-sentinel-csrf": csrf, "content-type": "application/json" },
    body: JSON.stringify({ update: { classification: "TruePositive", classificationReason: "InaccurateData", status: "Closed" } }),
  });
  assert.equal(patch.status, 400);
  assert.match(((await patch.json()) as { error: { message: string } }).error.message, /'InaccurateData' is not a reason for TruePositive\. Allowed: SuspiciousActivity\./);
  const me = await fetch(`${running.origin}/api/incidents/main/${target.name}`, {
    method: "PATCH",
    headers: { cookie, "x-sentinel-csrf": csrf, "content-type": "application/json" },
    body: JSON.stringify({ update: { owner: "me" } }),
  });
  assert.match(((await me.json()) as { error: { message: string } }).error.message, /start the console with --me/);
  assert.equal(emulator.stats.requests, before, "no request reached the service");
});

test("an etag conflict writes nothing and says what changed", async () => {
  const { cookie, csrf } = await login();
  const seen = await client.getIncident(target.name!);
  await client.updateIncident(target.name!, { severity: seen.properties.severity === "High" ? "Low" : "High" });
  const res = await fetch(`${running.origin}/api/incidents/main/${target.name}`, {
    method: "PATCH",
    headers: { cookie, "x-sentinel-csrf": csrf, "content-type": "application/json" },
    body: JSON.stringify({ etag: seen.etag, seen, update: { addLabels: ["late"] } }),
  });
  assert.equal(res.status, 409);
  const body = (await res.json()) as { changes: { field: string; before: string; after: string }[]; error: { message: string } };
  assert.match(body.error.message, /changed this incident since you opened it; nothing was written/);
  assert.deepEqual(body.changes.map((c) => c.field), ["severity"]);
  assert.ok(!storedIncident(emulator, target.name!)!.properties.labels?.some((l) => l.labelName === "late"));
});

test("a non-loopback host needs a token; the command line says so before starting", async () => {
  await assert.rejects(startConsole({ workspaces: [{ label: "main", client }], host: "0.0.0.0" }), (e: Error) => e instanceof ConsoleConfigError && /needs --token/.test(e.message));
  assertBuilt();
  const cli = new Cli(emulator);
  assert.match(await cli.fails(["ui", "--host", "0.0.0.0"], 2), /--host 0\.0\.0\.0 is not a loopback address: give --token/);
  assert.match(await cli.fails(["ui", "--port", "http"], 2), /--port must be a port number/);
});

test("sentinel ui prints one line with its one-time link, and that link signs in", async () => {
  assertBuilt();
  const child = spawn(process.execPath, [CLI_BIN, "ui", "--port", "0"], { env: cliEnv(emulator), stdio: ["ignore", "pipe", "pipe"] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0]!);
      });
      child.on("exit", (code) => reject(new Error(`sentinel ui exited with ${code}`)));
    });
    const m = /^Sentinel console at (http:\/\/127\.0\.0\.1:(\d+))\/#token=([\w-]+)$/.exec(line);
    assert.ok(m, line);
    const res = await fetch(`${m[1]}/api/session`, { method: "POST", headers: { authorization: `Bearer ${m[3]}` } });
    assert.equal(res.status, 200);
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
});
