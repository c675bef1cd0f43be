// Sign in once, not per command: the real binary with `--auth cli` against an emulator
// that accepts only the stand-in Azure CLI's token. The stand-in `az` on PATH sleeps
// 800 ms like the real one, prints what `az account get-access-token` prints, and counts
// its calls in a file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Cli, tempDir } from "../helpers/cli.js";
import { testEmulator } from "../helpers/emulator.js";

const TOKEN = "eyJ0eXAi.AZ-CLI-TOKEN-5b1d93e2.sig";
const emulator = await testEmulator({ seedIncidents: 12, seed: "token-cache", token: TOKEN });

/** A private bin directory with the stand-in `az`; `expiresInSeconds` is how long its token lives. */
function standInAz(expiresInSeconds = 3600): { bin: string; calls: () => number } {
  const bin = tempDir("sentinel-az-");
  const count = join(bin, "calls.log");
  writeFileSync(count, "");
  writeFileSync(
    join(bin, "az"),
    `#!/bin/sh
# Stand-in for the Azure CLI: only 'az account get-access-token' is known.
echo "$*" >> "${count}"
if [ "$1" != "account" ] || [ "$2" != "get-access-token" ]; then echo "unexpected: $*" >&2; exit 2; fi
sleep 0.8
now=$(date +%s)
exp=$((now + ${expiresInSeconds}))
printf '{\\n  "accessToken": "%s",\\n  "expiresOn": "%s",\\n  "expires_on": %s,\\n  "subscription": "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0",\\n  "tenant": "72f988bf-86f1-41af-91ab-2d7cd011db47",\\n  "tokenType": "Bearer"\\n}\\n' "${TOKEN}" "$(date -d @$exp '+%Y-%m-%d %H:%M:%S.000000')" "$exp"
`,
  );
  chmodSync(join(bin, "az"), 0o755);
  return { bin, calls: () => readFileSync(count, "utf8").split("\n").filter(Boolean).length };
}

function cliWith(bin: string): Cli {
  const cli = new Cli(emulator);
  cli.env.PATH = `${bin}:${cli.env.PATH}`;
  return cli;
}

const cacheFile = (cli: Cli) => join(cli.env.HOME!, ".config", "sentinel-incidents", "tokens.json");

// Ten everyday commands; each must reach the emulator, which refuses any other token.
const TEN: string[][] = [
  ["incident", "list", "--top", "5"],
  ["incident", "list", "--severity", "High"],
  ["bookmark", "list"],
  ["incident", "list", "--top", "1", "--query", "[0].name"],
  ["incident", "list", "--status", "New,Active"],
  ["incident", "list", "--top", "2", "-o", "jsonl"],
  ["incident", "list", "--orderby", "properties/createdTimeUtc asc", "--top", "3"],
  ["incident", "list", "--top", "5", "--verbose"],
  ["bookmark", "list", "--top", "2"],
  ["incident", "list", "--all"],
];

test("ten commands in a row start the Azure CLI once; the token is kept 0600 under the config dir, never printed", async () => {
  const az = standInAz();
  const cli = cliWith(az.bin);
  for (const args of TEN) {
    const r = await cli.run(["--auth", "cli", ...args]);
    assert.equal(r.code, 0, `sentinel ${args.join(" ")}: ${r.stderr}`);
    assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN), `sentinel ${args.join(" ")} printed the token`);
    if (args.includes("--verbose")) assert.match(r.stderr, /GET .*incidents.* 200/, "the request went out and succeeded");
  }
  assert.equal(az.calls(), 1, "the stand-in az ran once for ten commands");

  const file = cacheFile(cli);
  assert.equal(statSync(file).mode & 0o777, 0o600, "only the user can read the cache");
  assert.equal(statSync(join(file, "..")).mode & 0o077, 0, "nor list its directory");
  const text = readFileSync(file, "utf8");
  assert.ok(text.includes(TOKEN), "the access token is what is kept");
  assert.doesNotMatch(text, /refresh_?token|tenant|management\.azure/i, "no refresh token; tenants and scopes only as hashes");
  assert.deepEqual(readdirSync(cli.cwd), [], "nothing is written in the working (project) folder");
});

test("--no-token-cache and SENTINEL_NO_TOKEN_CACHE=1 sign in every time and keep nothing", async () => {
  const az = standInAz();
  const cli = cliWith(az.bin);
  await cli.json(["--auth", "cli", "--no-token-cache", "incident", "list", "--top", "1"]);
  await cli.json(["incident", "list", "--top", "1", "--auth", "cli", "--no-token-cache"]);
  await cli.json(["--auth", "cli", "incident", "list", "--top", "1"], { env: { SENTINEL_NO_TOKEN_CACHE: "1" } });
  assert.equal(az.calls(), 3);
  assert.ok(!existsSync(cacheFile(cli)), "no cache file written");
  // Turned back on, the first command signs in and the second uses its token.
  await cli.json(["--auth", "cli", "incident", "list", "--top", "1"]);
  await cli.json(["--auth", "cli", "incident", "list", "--top", "1"]);
  assert.equal(az.calls(), 4);
});

test("sentinel auth clear removes the tokens: the next command signs in again", async () => {
  const az = standInAz();
  const cli = cliWith(az.bin);
  await cli.json(["--auth", "cli", "incident", "list", "--top", "1"]);
  const cleared = await cli.json<{ removed: number; file: string }>(["auth", "clear"]);
  assert.deepEqual(cleared, { removed: 1, file: cacheFile(cli) });
  assert.ok(!existsSync(cacheFile(cli)));
  await cli.json(["--auth", "cli", "incident", "list", "--top", "1"]);
  assert.equal(az.calls(), 2);
  const human = await cli.run(["auth", "clear", "-o", "table"]);
  assert.equal(human.code, 0);
  assert.match(human.stdout, /^Removed 1 cached access token \(.*tokens\.json\); the next command signs in again\.\n$/);
  assert.equal((await cli.json<{ removed: number }>(["auth", "clear"])).removed, 0, "clearing twice is fine");
});

test("a token close to expiry is not kept; another credential gets its own sign-in", async () => {
  const soon = standInAz(120); // two minutes: inside the five-minute margin
  const cli = cliWith(soon.bin);
  await cli.json(["--auth", "cli", "incident", "list", "--top", "1"]);
  await cli.json(["--auth", "cli", "incident", "list", "--top", "1"]);
  assert.equal(soon.calls(), 2, "a token about to expire is asked for again");

  const az = standInAz();
  const other = cliWith(az.bin);
  await other.json(["--auth", "cli", "incident", "list", "--top", "1"]);
  // "cli then msi" is another credential: it does not reuse the "cli" token.
  await other.json(["--auth", "cli", "--auth", "msi", "incident", "list", "--top", "1"]);
  await other.json(["--auth", "cli", "--auth", "msi", "incident", "list", "--top", "1"]);
  assert.equal(az.calls(), 2);
});

test("a cache file others can read is not used", async () => {
  const az = standInAz();
  const cli = cliWith(az.bin);
  await cli.json(["--auth", "cli", "incident", "list", "--top", "1"]);
  chmodSync(cacheFile(cli), 0o644);
  await cli.json(["--auth", "cli", "incident", "list", "--top", "1"]);
  assert.equal(az.calls(), 2, "the world-readable file was ignored");
  assert.equal(statSync(cacheFile(cli)).mode & 0o777, 0o600, "and replaced by a private one");
});
