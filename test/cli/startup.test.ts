// Start-up stays light: `sentinel --version` and `--help` load commander and the
// command line's own entry modules, nothing else. A module hook (node --import)
// records every module the process loads, ESM and CommonJS alike.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Cli, tempDir } from "../helpers/cli.js";
import { PROJECT_ROOT } from "../helpers/paths.js";

const dir = tempDir("sentinel-startup-");
const hooks = join(dir, "hooks.mjs");
const register = join(dir, "register.mjs");
// Runs on the loader thread: every ES module (and CommonJS file imported from one) passes through load().
writeFileSync(
  hooks,
  `import { appendFileSync } from "node:fs";
export async function load(url, context, nextLoad) {
  appendFileSync(process.env.SENTINEL_LOADED_LOG, url + "\\n");
  return nextLoad(url, context);
}
`,
);
// Runs first on the main thread: registers the hook, and records require() calls, which skip the ESM hooks.
writeFileSync(
  register,
  `import Module, { register } from "node:module";
import { appendFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
register(${JSON.stringify(new URL(`file://${hooks}`).href)});
const load = Module._load;
Module._load = function (request, parent, isMain) {
  try {
    const file = Module._resolveFilename(request, parent, isMain);
    appendFileSync(process.env.SENTINEL_LOADED_LOG, (file.startsWith("/") ? pathToFileURL(file).href : "node:" + file.replace(/^node:/, "")) + "\\n");
  } catch {}
  return load.apply(this, arguments);
};
`,
);

const cli = new Cli();
let runs = 0;

/** Files the command loaded: the project's relative to its root, packages from node_modules/; built-ins left out. */
async function loaded(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const log = join(dir, `loaded-${runs++}.txt`);
  writeFileSync(log, "");
  const r = await cli.run(args, { nodeArgs: ["--import", register], env: { SENTINEL_LOADED_LOG: log, ...env } });
  assert.equal(r.code, 0, r.stderr);
  const urls = readFileSync(log, "utf8").split("\n").filter((u) => u.startsWith("file:"));
  const named = urls.map((u) => {
    const file = fileURLToPath(u).split("\\").join("/");
    // Packages by their node_modules path, wherever node_modules really lives (it may be a link).
    const at = file.indexOf("/node_modules/");
    return at >= 0 ? file.slice(at + 1) : relative(PROJECT_ROOT, file).split("\\").join("/");
  });
  return [...new Set(named)].filter((f) => !f.startsWith("..")).sort();
}

const HEAVY = [/node_modules\/@azure\//, /node_modules\/better-sqlite3\//, /node_modules\/jmespath\//, /node_modules\/yaml\//, /node_modules\/selfsigned\//, /^dist\/emulator\//, /^dist\/client\//, /^dist\/api\//];
const ALLOWED = /^(dist\/cli\/main\.js|dist\/cli\/program\.js|dist\/version\.js|package\.json|node_modules\/commander\/.*)$/;

test("--version and --help load commander and the entry modules only", async () => {
  for (const args of [["--version"], ["--help"], ["incident", "list", "--help"], ["emulator", "start", "--help"]]) {
    const files = await loaded(args);
    assert.ok(files.includes("dist/cli/main.js") && files.includes("dist/cli/program.js"), `the hook saw the entry modules: ${files}`);
    assert.ok(files.some((f) => f.startsWith("node_modules/commander/")), "and commander");
    for (const f of files) {
      assert.ok(!HEAVY.some((h) => h.test(f)), `sentinel ${args.join(" ")} loaded ${f}`);
      assert.match(f, ALLOWED, `sentinel ${args.join(" ")} loaded ${f}`);
    }
  }
});

test("the hook sees lazily loaded modules too: a command loads what it needs when it runs", async () => {
  writeFileSync(join(cli.cwd, "msticpyconfig.yaml"), "AzureSentinel:\n  Workspaces:\n    Default:\n      SubscriptionId: d0cfe6b2-9ac0-4464-9919-dccaee2e48c0\n      ResourceGroup: myRg\n      WorkspaceName: myWorkspace\n");
  const files = await loaded(["workspace", "show", "--query", "workspaceName"]);
  for (const needed of ["dist/cli/context.js", "dist/cli/commands/workspaces.js", "dist/client/config.js"]) assert.ok(files.includes(needed), `${needed} in ${files}`);
  assert.ok(files.some((f) => f.startsWith("node_modules/yaml/")), "yaml, to read msticpyconfig.yaml");
  assert.ok(files.some((f) => f.startsWith("node_modules/jmespath/")), "jmespath, for --query");
  assert.ok(!files.some((f) => f.startsWith("dist/emulator/") || f.startsWith("node_modules/better-sqlite3/")), "but not the emulator");
  assert.ok(!files.some((f) => f.startsWith("node_modules/@azure/identity/")), "nor @azure/identity, which only signing in needs");
});
