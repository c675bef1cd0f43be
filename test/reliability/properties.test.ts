// Property-based tests (fast-check): filters built by the library's builder mean,
// on the server, exactly what their criteria say; and any title at all resolves
// to its incident. (The filter parser's own robustness over 12,000 random and
// mutated inputs is in test/emulator/odata/robustness.test.ts.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { IncidentSeverity, IncidentStatus } from "../../src/api/enums.js";
import { incidentFilter, type IncidentFilterOptions } from "../../src/client/filter.js";
import { testEmulator } from "../helpers/emulator.js";
import { clientFor } from "../helpers/client.js";
import { workspaceOf } from "../emulator/fixtures.js";

// Text as people type it: any unicode, quotes and OData/SQL punctuation, but no
// control characters (titles may hold them, but a $filter string may not).
const printable = fc
  .string({ unit: fc.oneof(fc.constantFrom("'", "\"", "%", "_", "*", "[", "]", "(", ")", "-", "/", "\\", " ", "é", "İ", "ß", "😀", "日", "‮"), fc.string({ minLength: 1, maxLength: 1 }), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 24 })
  .filter((s) => s.trim() !== "" && !/[\u0000-\u001f\u007f]|[\ud800-\udfff]/u.test(s));

// Titles that read as something else (a GUID, or #number of an incident that exists) name that instead.
const title = printable.filter((s) => !/^\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*$/i.test(s) && !/^\s*#\d+\s*$/.test(s));

const LABELS = ["phishing", "it's", "VIP", "a/b", "100%"];
const UPNS = ["alexw@contoso.com", "meganb@contoso.com", "o'neil@contoso.com"];
const DAY = 86_400_000;
const BASE = Date.parse("2024-06-01T00:00:00Z");

interface Row {
  name: string;
  title: string;
  severity: string;
  status: string;
  created: number;
  labels: string[];
  upn?: string;
  number: number;
}

test("filters from incidentFilter select exactly the incidents their criteria describe", async () => {
  const emulator = await testEmulator();
  const ws = workspaceOf(emulator.store);
  const sentinel = clientFor(emulator);
  const titles = fc.sample(printable, { numRuns: 80, seed: 7 });
  const rows: Row[] = titles.map((title, i) => ({
    name: randomUUID(),
    title,
    severity: IncidentSeverity[i % 4]!,
    status: IncidentStatus[(i * 7) % 3]!,
    created: BASE - (i % 20) * DAY - i * 1000,
    labels: LABELS.filter((_, j) => (i + j) % 3 === 0),
    upn: i % 4 === 0 ? undefined : UPNS[i % 3],
    number: 0,
  }));
  for (const r of rows) {
    emulator.store.incidents.put(
      ws,
      r.name,
      { title: r.title, severity: r.severity as "High", status: r.status as "New", labels: r.labels.map((labelName) => ({ labelName })), owner: r.upn ? { userPrincipalName: r.upn } : undefined },
      { createdTimeUtc: new Date(r.created).toISOString() },
    );
    r.number = (JSON.parse(emulator.store.incidents.get(ws, r.name)!) as { properties: { incidentNumber: number } }).properties.incidentNumber;
  }

  const criteria: fc.Arbitrary<IncidentFilterOptions> = fc.record(
    {
      severity: fc.subarray([...IncidentSeverity], { minLength: 1 }),
      status: fc.subarray([...IncidentStatus], { minLength: 1 }),
      createdAfter: fc.integer({ min: -25, max: 2 }).map((d) => new Date(BASE + d * DAY)),
      createdBefore: fc.integer({ min: -25, max: 2 }).map((d) => new Date(BASE + d * DAY)),
      titleContains: fc.oneof(printable, fc.constantFrom(...titles).map((t) => t.slice(0, 3)).filter((t) => t.trim() !== "")),
      label: fc.constantFrom(...LABELS),
      ownerUpn: fc.constantFrom(...UPNS, "MEGANB@contoso.com"),
      incidentNumber: fc.integer({ min: 1, max: 90 }),
    },
    { requiredKeys: [] },
  );
  const lower = (s: string) => s.toLowerCase();
  const matches = (r: Row, c: IncidentFilterOptions): boolean =>
    (c.severity === undefined || (c.severity as string[]).includes(r.severity)) &&
    (c.status === undefined || (c.status as string[]).includes(r.status)) &&
    (c.createdAfter === undefined || r.created >= (c.createdAfter as Date).getTime()) &&
    (c.createdBefore === undefined || r.created < (c.createdBefore as Date).getTime()) &&
    (c.titleContains === undefined || lower(r.title).includes(lower(c.titleContains))) &&
    (c.label === undefined || r.labels.includes(c.label)) &&
    (c.ownerUpn === undefined || (r.upn !== undefined && lower(r.upn) === lower(c.ownerUpn))) &&
    (c.incidentNumber === undefined || r.number === c.incidentNumber);

  await fc.assert(
    fc.asyncProperty(criteria, async (c) => {
      if (Object.keys(c).length === 0) return;
      const filter = incidentFilter(c);
      const found = await sentinel.listIncidents({ $filter: filter, $top: 1000 });
      const expected = rows.filter((r) => matches(r, c)).map((r) => r.name).sort();
      assert.deepEqual(found.map((i) => i.name).sort(), expected, filter);
    }),
    { numRuns: 300, seed: 42 },
  );
});

test("any title at all resolves to its incident, exactly", async () => {
  const emulator = await testEmulator();
  const ws = workspaceOf(emulator.store);
  const sentinel = clientFor(emulator);
  const seen = new Set<string>();
  await fc.assert(
    fc.asyncProperty(title, async (title) => {
      // Two incidents with the same title (case-insensitively) are rightly ambiguous; give each title once.
      if (seen.has(title.toLowerCase())) return;
      seen.add(title.toLowerCase());
      const name = randomUUID();
      emulator.store.incidents.put(ws, name, { title, severity: "Low", status: "New" });
      const found = await sentinel.getIncident(title);
      assert.equal(found.name, name, JSON.stringify(title));
      assert.equal(found.properties.title, title);
    }),
    { numRuns: 250, seed: 1234 },
  );
});
