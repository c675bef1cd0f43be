// The model-based suite of every write in `npm test`: a few hundred random
// sequences over three workspaces (thousands in `npm run soak`). A failure prints
// fast-check's seed and path; replay it with WRITE_MODEL_SEED and WRITE_MODEL_PATH.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runWriteModel } from "./writeModel.js";

const RUNS = Number(process.env.WRITE_MODEL_RUNS ?? 300);

test(`every write lands only where it should: ${RUNS} random sequences over three workspaces match the model`, { timeout: 600_000 }, async () => {
  const figures = await runWriteModel(RUNS, {
    seed: process.env.WRITE_MODEL_SEED ? Number(process.env.WRITE_MODEL_SEED) : undefined,
    path: process.env.WRITE_MODEL_PATH,
  });
  assert.equal(figures.sequences >= RUNS, true);
  process.stdout.write(`# write model: ${figures.sequences} sequences, ${figures.steps} steps (${figures.cliSteps} through the binary) in ${figures.seconds.toFixed(1)} s\n`);
});
