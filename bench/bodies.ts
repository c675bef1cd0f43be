// Request body reading: strict JSON stays the fast path. The emulator's reader
// (parseJsonBody: UTF-8 check, then JSON.parse) against bare JSON.parse of the
// same incident PUT body, and the lenient second reading a Python str(dict) body
// takes (JSON.parse failing first, then json5), all measured side by side.
import { parseJsonBody } from "../src/emulator/http/body.js";

export interface BodiesRow {
  scenario: string;
  metric: string;
  value: string;
  target?: string;
  met?: boolean;
}

const JSON_BODY = Buffer.from(
  JSON.stringify({
    etag: '"0300bf09-0000-0000-0000-5c37296e0000"',
    properties: {
      title: "Suspicious PowerShell command line on host SRV-SQL-27",
      description: "powershell.exe -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
      severity: "High",
      status: "Active",
      labels: [{ labelName: "triage", labelType: "User" }, { labelName: "vip", labelType: "User" }],
      owner: { email: "alex.wilber@contoso.com" },
      firstActivityTimeUtc: "2024-05-01T10:00:00Z",
    },
  }),
);
// The same dict as Python's str() writes it (what MSTICPy sends).
const PYTHON_BODY = Buffer.from(
  "{'etag': '\"0300bf09-0000-0000-0000-5c37296e0000\"', 'properties': {'title': 'Suspicious PowerShell command line on host SRV-SQL-27', 'description': 'powershell.exe -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA', 'severity': 'High', 'status': 'Active', 'labels': [{'labelName': 'triage', 'labelType': 'User'}, {'labelName': 'vip', 'labelType': 'User'}], 'owner': {'email': 'alex.wilber@contoso.com'}, 'firstActivityTimeUtc': '2024-05-01T10:00:00Z'}}",
);

/** Operations per second of `fn` over about `ms` milliseconds, after a warm-up. */
function rate(fn: () => unknown, ms: number): number {
  for (let i = 0; i < 2_000; i++) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 500; i++) fn();
    n += 500;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

export function benchBodies(quick: boolean): { results: Record<string, number>; rows: BodiesRow[] } {
  // The lenient reader must take the Python body, or the figure means nothing.
  const parsed = parseJsonBody(PYTHON_BODY, "application/json", { lenient: true });
  if (JSON.stringify(parsed) !== JSON_BODY.toString("utf8")) throw new Error("bench/bodies: the Python-style body does not read back as the JSON one");
  const ms = quick ? 300 : 1_000;
  const samples: Record<string, number[]> = { floor: [], strict: [], lenient: [] };
  // Interleaved rounds, so a slow moment of the machine hits every variant alike.
  for (let round = 0; round < 5; round++) {
    samples.floor!.push(rate(() => JSON.parse(JSON_BODY.toString("utf8")), ms));
    samples.strict!.push(rate(() => parseJsonBody(JSON_BODY, "application/json", { lenient: true }), ms));
    samples.lenient!.push(rate(() => parseJsonBody(PYTHON_BODY, "application/json", { lenient: true }), ms));
  }
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const floor = med(samples.floor!);
  const strict = med(samples.strict!);
  const lenient = med(samples.lenient!);
  const fmt = (n: number) => `${Math.round(n / 1000)}k/s`;
  return {
    results: { floorPerSecond: floor, strictPerSecond: strict, lenientPerSecond: lenient, strictVsFloor: strict / floor, lenientVsStrict: lenient / strict },
    rows: [
      { scenario: "7. request bodies", metric: "JSON.parse of an incident PUT body (floor)", value: fmt(floor) },
      { scenario: "", metric: "emulator reader, JSON body (strict path)", value: `${fmt(strict)} = ${((100 * strict) / floor).toFixed(0)}% of floor`, target: "≥ 80 %", met: strict / floor >= 0.8 },
      { scenario: "", metric: "emulator reader, Python str(dict) body", value: `${fmt(lenient)} = ${((100 * lenient) / strict).toFixed(0)}% of strict` },
    ],
  };
}
