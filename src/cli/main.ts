#!/usr/bin/env node
// The `sentinel` command. Kept tiny: everything heavy is imported by the command that needs it.
import { run } from "./program.js";

// A reader that goes away (`sentinel incident list | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

run(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sentinel: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
