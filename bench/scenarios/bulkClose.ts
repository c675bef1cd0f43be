// Scenario 3: close N open incidents against an emulator throttled to W writes/s:
// the bulk runner, or a sequential loop of updateIncident (as scripts do today).
import { args, client } from "./common.js";

const count = Number(args.count);
const sentinel = client();
let throttled = 0;
sentinel.onRequest((o) => o.status === 429 && throttled++);
const selection = { $filter: "properties/status ne 'Closed'", $top: count };
const spec = { classification: "BenignPositive", reason: "SuspiciousButExpected", comment: "bench" } as const;
const started = performance.now();
if (args.mode === "sequential") {
  const items = await sentinel.listIncidents(selection);
  let failed = 0;
  const writeStart = performance.now();
  for (const incident of items) {
    try {
      await sentinel.updateIncident(incident.name!, { status: "Closed", classification: spec.classification, classificationReason: spec.reason, classificationComment: spec.comment });
    } catch {
      failed++;
    }
  }
  const seconds = (performance.now() - writeStart) / 1000;
  process.stdout.write(`${JSON.stringify({ items: items.length, rate: items.length / seconds, throttled, failed, ms: performance.now() - started })}\n`);
} else {
  const result = await sentinel.bulkCloseIncidents(selection, spec, { concurrency: 32 });
  process.stdout.write(
    `${JSON.stringify({ items: result.total, rate: result.succeeded.length / (result.durationMs / 1000), throttled, failed: result.failed.length, ms: performance.now() - started })}\n`,
  );
}
