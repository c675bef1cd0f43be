// The fault soak at the size that runs with every `npm test`; `npm run soak` runs 5,000.
import { test } from "node:test";
import { faultSoak } from "./faultSoak.js";

test("fault soak, 300 incidents at a 25% fault rate: every effect exactly once", async () => {
  const figures = await faultSoak(300);
  process.stderr.write(`# soak figures: ${JSON.stringify(figures)}\n`);
});
