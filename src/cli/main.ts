#!/usr/bin/env node
// The `sentinel` command. Kept tiny: everything heavy is imported by the command that needs it.
import { run } from "./program.js";

run(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sentinel: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
