// `sentinel demo` (what `npm start` runs): an embedded emulator and the seed's
// story, step by step, ending with how to go on by hand; exit 0, loopback only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Cli } from "../helpers/cli.js";

test("sentinel demo walks the whole story against an embedded emulator and exits 0", async () => {
  const started = Date.now();
  const r = await new Cli().run(["demo"], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  assert.ok(Date.now() - started < 30_000, "finishes in a few seconds");
  const out = r.stdout;
  const steps = [...out.matchAll(/^▸ (.+)\n\$ sentinel (\S+ \S+)/gm)].map((m) => m[2]);
  assert.deepEqual(steps, [
    "incident list",
    "incident list",
    "incident show",
    "incident show",
    "incident update",
    "incident comment",
    "incident link-bookmark",
    "incident create",
    "incident list",
    "incident bulk-close",
    "incident list",
  ]);
  assert.match(out, /^Emulator at http:\/\/127\.0\.0\.1:\d+, workspace myWorkspace, 500 seeded incidents/m);
  assert.match(out, /^Entities \(\d+\)$/m, "the incident shown with its details");
  assert.match(out, /^Incident #\d+ updated\.$/m);
  assert.match(out, /^Comment posted\.\n[0-9a-f-]{36}$/m);
  assert.match(out, /^Bookmark [0-9a-f-]{36} linked/m);
  const created = /^Incident #(\d+) created\.$/m.exec(out);
  assert.ok(created, "an incident was created");
  const lastList = out.slice(out.lastIndexOf("▸ The newest incidents again"));
  assert.match(lastList, new RegExp(`^\\s*${created[1]}\\s+High\\s+New\\s+A custom incident`, "m"), "the new one is on top");
  assert.match(out, /sentinel emulator start --db /, "how to keep a workspace");
  assert.match(out, /az login/, "how to go to Azure");
  assert.match(out, /^Demo finished in [\d.]+ s\.$/m);
  for (const url of out.match(/https?:\/\/[^\s'"]+/g) ?? []) {
    assert.ok(/^http:\/\/127\.0\.0\.1[:/]/.test(url) || url.startsWith("https://portal.azure.com/"), `the demo calls only loopback: ${url}`);
  }
});
