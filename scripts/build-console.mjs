#!/usr/bin/env node
// Builds the console's page (src/console/page) into dist/console/assets: type-checks
// it, bundles it with esbuild (Preact, and Observable Plot in a chunk of its own
// that loads only with the overview), and copies the HTML and CSS. Offline: every
// library comes from node_modules, nothing from a CDN.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const page = join(root, "src", "console", "page");
const out = join(root, "dist", "console", "assets");

const tsc = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", page], { stdio: "inherit" });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  metafile: true,
  entryPoints: { console: join(page, "main.tsx") },
  bundle: true,
  format: "esm",
  splitting: true,
  outdir: out,
  chunkNames: "chunk-[hash]",
  minify: true,
  jsx: "automatic",
  jsxImportSource: "preact",
  target: "es2022",
  legalComments: "eof",
  logLevel: "warning",
});
copyFileSync(join(page, "console.css"), join(out, "console.css"));
// The chunks console.js imports statically are preloaded with it, so the browser
// fetches them at once rather than after parsing console.js.
const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith("main.tsx"));
const preloads = entry[1].imports.filter((i) => i.kind === "import-statement").map((i) => basename(i.path));
const html = readFileSync(join(page, "index.html"), "utf8").replace(
  '<script type="module" src="/assets/console.js"></script>',
  [...preloads.map((p) => `<link rel="modulepreload" href="/assets/${p}" />`), '<script type="module" src="/assets/console.js"></script>'].join("\n    "),
);
writeFileSync(join(out, "index.html"), html);
