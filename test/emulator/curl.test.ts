// curl, as people script it against Azure: the real binary against an HTTPS
// emulator, trusting its certificate with --cacert, with the query built by
// --get --data-urlencode and bodies given on the command line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { testEmulator, TEST_TOKEN } from "../helpers/emulator.js";

const hasCurl = spawnSync("curl", ["--version"], { stdio: "ignore" }).status === 0;
const em = await testEmulator({ https: true, seedIncidents: 15, seed: "curl" });

interface CurlResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Runs curl; the last line of its output is the status (-w). */
function curl(args: string[]): Promise<CurlResult> {
  const all = ["-sS", "--cacert", em.caCertPath!, "-H", `Authorization: Bearer ${TEST_TOKEN}`, "-w", "\n%{http_code}", ...args];
  return new Promise((resolve, reject) => {
    execFile("curl", all, { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`curl failed: ${error.message}\n${stderr}`));
      const cut = stdout.lastIndexOf("\n");
      const body = stdout.slice(0, cut);
      resolve({ status: Number(stdout.slice(cut + 1)), json: body ? JSON.parse(body) : undefined });
    });
  });
}

test("curl lists, creates, comments on and deletes an incident over https", async (t) => {
  // Not one of the packages .ci/run installs, so a plain skip even under CI.
  if (!hasCurl) return t.skip("curl is not installed (apt-get install curl)");
  const incidents = `${em.url}${em.api.path("incidents")}`;

  const list = await curl(["--get", incidents, "--data-urlencode", "api-version=2025-12-01", "--data-urlencode", "$top=5", "--data-urlencode", "$filter=properties/severity ne 'Informational'", "--data-urlencode", "$orderby=properties/createdTimeUtc desc"]);
  assert.equal(list.status, 200);
  assert.equal(list.json.value.length, 5);
  assert.ok(list.json.value.every((i: { properties: { severity: string } }) => i.properties.severity !== "Informational"));
  assert.match(list.json.nextLink, /(\$|%24)skipToken=/);
  const next = await curl([list.json.nextLink]);
  assert.equal(next.status, 200);
  assert.ok(next.json.value.length > 0);

  const id = randomUUID();
  const created = await curl(["-X", "PUT", `${incidents}/${id}?api-version=2025-12-01`, "-H", "Content-Type: application/json", "-d", JSON.stringify({ properties: { title: "From curl", severity: "Low", status: "New" } })]);
  assert.equal(created.status, 201);
  assert.equal(created.json.properties.title, "From curl");

  // Written by hand, as in a shell: single quotes inside, read leniently as the service does.
  const comment = await curl(["-X", "PUT", `${incidents}/${id}/comments/${randomUUID()}?api-version=2025-12-01`, "-H", "Content-Type: application/json", "-d", "{'properties': {'message': 'looked at it'}}"]);
  assert.equal(comment.status, 201);
  assert.equal(comment.json.properties.message, "looked at it");

  const stale = await curl(["-X", "PUT", `${incidents}/${id}?api-version=2025-12-01`, "-H", "Content-Type: application/json", "-d", JSON.stringify({ etag: '"stale"', properties: { title: "x", severity: "Low", status: "New" } })]);
  assert.equal(stale.status, 409);
  assert.equal(stale.json.error.code, "Conflict");

  assert.equal((await curl(["-X", "DELETE", `${incidents}/${id}?api-version=2025-12-01`])).status, 200);
  const gone = await curl([`${incidents}/${id}?api-version=2025-12-01`]);
  assert.equal(gone.status, 404);
  assert.equal(gone.json.error.code, "NotFound");
});
