// Every table and card on real terminals of 80x24 and 200x50 (tmux panes): no line
// wider than the pane except the portal URL, which is printed whole; at 80 columns the
// incident list's title keeps at least 35 columns; a completion script loads in bash
// and completes `sentinel inc<TAB>`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { incidentBody, testEmulator } from "../helpers/emulator.js";
import { assertBuilt, Cli, cliEnv, tempDir } from "../helpers/cli.js";
import { CLI_BIN } from "../helpers/paths.js";
import { Tmux } from "../helpers/tmux.js";
import { displayWidth } from "../../src/cli/output/style.js";
import { link } from "../../src/cli/output/style.js";
import { storedIncidents } from "./fixtures.js";

assert.ok(await Tmux.available(), "the terminal test needs tmux (apt-get install tmux)");
assertBuilt();
const emulator = await testEmulator({ seedIncidents: 40, seed: "cli-layout" });
const longTitle = "Multi-stage attack involving credential theft, lateral movement and data exfiltration to an unknown host";
const longId = randomUUID();
assert.equal((await emulator.api.put(emulator.api.path("incidents", longId), incidentBody({ title: longTitle, severity: "High", description: "x ".repeat(300) }))).status, 201);
const cli = new Cli(emulator);
// The incident with the most of everything, for the card and the child tables.
const rich = storedIncidents(emulator).sort((a, b) => {
  const n = (i: typeof a) => (i.properties.additionalData?.commentsCount ?? 0) + (i.properties.additionalData?.bookmarksCount ?? 0) + (i.properties.additionalData?.alertsCount ?? 0);
  return n(b) - n(a);
})[0]!;
await cli.json(["incident", "task", "add", rich.name!, "Isolate the host and collect a memory image for the forensic team to analyse"]);
const tmux = new Tmux(cliEnv(emulator));
const cwd = tempDir();

const SIZES = [
  { width: 80, height: 24 },
  { width: 200, height: 50 },
];
const VIEWS: [string, string[]][] = [
  ["incident list", ["incident", "list", "--top", "30"]],
  ["incident card", ["incident", "show", rich.name!, "--details", "--no-pager"]],
  ["comments", ["incident", "comments", rich.name!]],
  ["tasks", ["incident", "task", "list", rich.name!]],
  ["relations", ["incident", "relations", rich.name!]],
  ["bookmarks", ["bookmark", "list"]],
];

let session = 0;
async function screen(argv: string[], width: number, height: number): Promise<string[]> {
  const name = `s${session++}`;
  await tmux.start(name, [process.execPath, CLI_BIN, ...argv], { cwd, width, height });
  await tmux.waitFor(name, /^\[exit \d+\]$/m, { timeoutMs: 30_000 });
  const all = (await tmux.capture(name, { history: true })).split("\n").map((l) => l.trimEnd());
  const end = all.findIndex((l) => /^\[exit \d+\]$/.test(l));
  assert.equal(all[end], "[exit 0]", `'sentinel ${argv.join(" ")}' succeeded:\n${all.join("\n")}`);
  return all.slice(0, end);
}

for (const { width, height } of SIZES) {
  test(`every table and card fits ${width}x${height}; the portal URL is whole`, async () => {
    for (const [what, argv] of VIEWS) {
      const lines = await screen(argv, width, height);
      assert.ok(lines.length > 1, `${what}: printed something`);
      for (const line of lines) {
        if (/^Portal\s+https:\/\//.test(line)) continue;
        assert.ok(displayWidth(line) <= width, `${what} at ${width} columns: a line wraps (${displayWidth(line)} wide): '${line}'`);
      }
      if (what === "incident card") {
        const portal = lines.find((l) => /^Portal\s/.test(l));
        assert.ok(portal, "the card has the portal link");
        assert.equal(portal!.replace(/^Portal\s+/, ""), rich.properties.incidentUrl, "the URL whole, not cut");
        assert.match(lines.join("\n"), /Created\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC/, "the card says the zone");
      }
      if (what === "incident list") {
        const header = lines[0]!;
        const titleAt = header.indexOf("TITLE");
        const nextAt = header.indexOf("OWNER");
        assert.ok(nextAt - titleAt - 2 >= Math.min(35, longTitle.length), `${width} columns: the title column is ${nextAt - titleAt - 2} wide`);
        assert.match(header, /CREATED UTC/);
        if (width >= 200) {
          assert.match(header, /SEVERITY/, "wide terminals get the full words");
          assert.ok(lines.some((l) => l.includes(longTitle)), "at 200 columns the long title shows whole");
        }
      }
    }
  });
}

test("OSC 8: the portal link is a terminal hyperlink when the terminal has them, its text the whole URL", () => {
  const url = "https://portal.azure.com/#asset/Microsoft_Azure_Security_Insights/Incident/x";
  assert.equal(link({ color: false, hyperlinks: true }, url), `\u001b]8;;${url}\u001b\\${url}\u001b]8;;\u001b\\`);
  assert.equal(link({ color: false, hyperlinks: false }, url), url);
  assert.equal(link({ color: false, hyperlinks: true }, "https://x\u001b]8;;evil"), "https://x\u241b]8;;evil", "a hostile URL is neutralised and not made a link");
});

test("completion: the bash script loads and completes sentinel inc<TAB>", async () => {
  const bin = tempDir("sentinel-bin-");
  const shim = join(bin, "sentinel");
  writeFileSync(shim, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_BIN)} "$@"\n`);
  chmodSync(shim, 0o755);
  const env = { PATH: `${bin}:${process.env.PATH}` };
  const name = "completion";
  await tmux.start(name, ["bash", "--norc", "--noprofile", "-i"], { cwd, width: 100, height: 20, env });
  await tmux.sendKeys(name, `PS1='$ '; export PATH=${bin}:$PATH; source <(sentinel completion bash) && echo loaded`, "Enter");
  await tmux.waitFor(name, /^loaded$/m);
  await tmux.sendKeys(name, "sentinel inc", "Tab");
  await tmux.waitFor(name, /\$ sentinel incident $/m);
  await tmux.sendKeys(name, "ta", "Tab");
  await tmux.waitFor(name, /\$ sentinel incident task/);
  await tmux.sendKeys(name, " c", "Tab");
  await tmux.waitFor(name, /\$ sentinel incident task complete $/m);
  for (const shell of ["zsh", "fish", "powershell"]) {
    const r = await cli.run(["completion", shell]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /incident/);
    assert.match(r.stdout, /TruePositive/, `${shell}: enum values too`);
  }
  assert.match(await cli.fails(["completion", "tcsh"], 2), /bash, zsh, fish, powershell/);
});
