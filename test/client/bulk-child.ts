// Runs a journaled bulk comment against an emulator, printing progress, so a test
// can kill it mid-run (see bulk.test.ts). Not a test file itself.
import { SentinelClient } from "../../src/client/sentinelClient.js";
import { StaticTokenCredential } from "../../src/client/credentials.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";

const client = new SentinelClient(DEFAULT_WORKSPACE, { endpoint: process.env.EMULATOR_URL!, credential: new StaticTokenCredential("t") });
const result = await client.bulkComment({ $filter: "properties/severity eq 'Low'" }, process.env.COMMENT!, {
  journal: process.env.JOURNAL!,
  concurrency: 4,
  onProgress: (p) => process.stdout.write(`${p.done}\n`),
});
process.stdout.write(`done ${result.succeeded.length}\n`);
