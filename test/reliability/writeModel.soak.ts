// `npm run soak`: the write model at 5,000 sequences, longer ones than in `npm test`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runWriteModel } from "./writeModel.js";

const RUNS = Number(process.env.WRITE_MODEL_RUNS ?? 5000);

test(`write model soak: ${RUNS} long random sequences over three workspaces match the model`, { timeout: 4 * 60 * 60_000 }, async () => {
  const figures = await runWriteModel(RUNS, {
    longSequences: true,
    maxCommands: 30,
    seed: process.env.WRITE_MODEL_SEED ? Number(process.env.WRITE_MODEL_SEED) : undefined,
    path: process.env.WRITE_MODEL_PATH,
  });
  assert.ok(figures.sequences >= RUNS);
  process.stdout.write(`\nwrite model soak: ${figures.sequences} sequences, ${figures.steps} steps (${figures.cliSteps} through the binary) in ${figures.seconds.toFixed(1)} s\n`);
});
