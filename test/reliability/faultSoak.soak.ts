// `npm run soak`: the fault soak at 5,000 incidents; prints its figures and keeps them in soak-results.json.
import { test } from "node:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { faultSoak } from "./faultSoak.js";
import { PROJECT_ROOT } from "../helpers/paths.js";

test("fault soak, 5,000 incidents at a 25% fault rate: every effect exactly once", { timeout: 60 * 60_000 }, async () => {
  const size = Number(process.env.SOAK_SIZE ?? 5000);
  const figures = await faultSoak(size);
  const text = JSON.stringify({ at: new Date().toISOString(), node: process.version, ...figures }, null, 2);
  writeFileSync(join(PROJECT_ROOT, "test", "reliability", "soak-results.json"), `${text}\n`);
  process.stdout.write(`\nsoak figures:\n${text}\n`);
});
