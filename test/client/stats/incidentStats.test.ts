// incidentStats against a seeded emulator: every number is checked against a
// computation of our own, written plainly here, over the raw list of incidents.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import type { Incident } from "../../../src/api/models.js";
import { IncidentSeverity } from "../../../src/api/enums.js";
import { SentinelClient } from "../../../src/client/sentinelClient.js";
import { StaticTokenCredential } from "../../../src/client/credentials.js";
import { SentinelValidationError } from "../../../src/client/errors.js";
import { CLOSE_TIME_APPROXIMATION, IncidentStatsAccumulator, isoWeek, nearestRank, QuantileStream, STATS_GROUP_KEYS, type IncidentStats } from "../../../src/client/stats/index.js";
import { clientFor, rejection } from "../../helpers/client.js";
import { testEmulator, TEST_TOKEN, type TestEmulator } from "../../helpers/emulator.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OTHER = { subscriptionId: "0b9ffb8c-1f4b-4f36-9a7b-4a4b2f6b4c11", resourceGroup: "soc-rg", workspaceName: "second-ws" };

/** The reference: the same numbers from the whole list in memory, computed the obvious way. */
function reference(all: Incident[], sinceMs: number, untilMs: number) {
  const inRange = all.filter((i) => {
    const t = Date.parse(i.properties.createdTimeUtc!);
    return t >= sinceMs && t < untilMs;
  });
  const tally = (values: string[]) => {
    const m: Record<string, number> = {};
    for (const v of values) m[v] = (m[v] ?? 0) + 1;
    return m;
  };
  const owner = (i: Incident) => i.properties.owner?.userPrincipalName || i.properties.owner?.email || i.properties.owner?.assignedTo || i.properties.owner?.objectId || "(unassigned)";
  const multi = (values: string[] | undefined) => (values && values.length ? [...new Set(values)] : ["(none)"]);
  const closed = inRange.filter((i) => i.properties.status === "Closed");
  const hours = (i: Incident) => (Date.parse(i.properties.lastModifiedTimeUtc!) - Date.parse(i.properties.createdTimeUtc!)) / HOUR;
  // The backlog is every open incident created before `until`, however long before `since`.
  const open = all.filter((i) => i.properties.status !== "Closed" && Date.parse(i.properties.createdTimeUtc!) < untilMs);
  const age = (i: Incident) => (untilMs - Date.parse(i.properties.createdTimeUtc!)) / HOUR;
  const bucketOf = (h: number) => (h < 24 ? "<1d" : h < 72 ? "1-3d" : h < 168 ? "3-7d" : h < 720 ? "7-30d" : ">30d");
  return {
    inRange,
    groups: {
      severity: tally(inRange.map((i) => i.properties.severity)),
      status: tally(inRange.map((i) => i.properties.status)),
      owner: tally(inRange.map(owner)),
      classification: tally(inRange.map((i) => i.properties.classification ?? "(none)")),
      tactic: tally(inRange.flatMap((i) => multi(i.properties.additionalData?.tactics))),
      product: tally(inRange.flatMap((i) => multi(i.properties.additionalData?.alertProductNames))),
      label: tally(inRange.flatMap((i) => multi(i.properties.labels?.map((l) => l.labelName)))),
      day: tally(inRange.map((i) => i.properties.createdTimeUtc!.slice(0, 10))),
    } as Record<string, Record<string, number>>,
    perDay: tally(inRange.map((i) => `${i.properties.createdTimeUtc!.slice(0, 10)}|${i.properties.severity}`)),
    backlog: tally(open.map((i) => `${bucketOf(age(i))}|${i.properties.severity}`)),
    open: open.length,
    openInRange: inRange.filter((i) => i.properties.status !== "Closed").length,
    closeHours: closed.map(hours),
    closeHoursBySeverity: Object.fromEntries(IncidentSeverity.map((s) => [s, closed.filter((i) => i.properties.severity === s).map(hours)])),
    classification: tally(closed.map((i) => i.properties.classification ?? "(none)")),
    closed: closed.length,
  };
}

const round3 = (h: number | undefined) => (h === undefined ? null : Math.round(h * 1000) / 1000);
const asRecord = (rows: { key: string; count: number }[] | undefined) => Object.fromEntries((rows ?? []).map((r) => [r.key, r.count]));

function checkAgainstReference(stats: IncidentStats, ref: ReturnType<typeof reference>): void {
  assert.equal(stats.total, ref.inRange.length);
  for (const [key, expected] of Object.entries(ref.groups)) {
    if (!stats.groups[key as keyof IncidentStats["groups"]]) continue;
    assert.deepEqual(asRecord(stats.groups[key as keyof IncidentStats["groups"]]), expected, `groups.${key}`);
  }
  let perDayTotal = 0;
  for (const row of stats.createdPerDay) {
    for (const s of IncidentSeverity) {
      assert.equal(row[s], ref.perDay[`${row.day}|${s}`] ?? 0, `createdPerDay ${row.day} ${s}`);
      perDayTotal += row[s];
    }
    assert.equal(row.total, row.High + row.Medium + row.Low + row.Informational);
  }
  assert.equal(perDayTotal, ref.inRange.length, "every incident falls on one day of the series");
  assert.equal(stats.backlog.open, ref.open);
  assert.equal(stats.open, ref.openInRange);
  for (const b of stats.backlog.buckets) for (const s of IncidentSeverity) assert.equal(b[s], ref.backlog[`${b.bucket}|${s}`] ?? 0, `backlog ${b.bucket} ${s}`);
  assert.equal(stats.timeToClose.count, ref.closeHours.length);
  assert.equal(stats.timeToClose.medianHours, round3(nearestRank(ref.closeHours, 0.5)));
  assert.equal(stats.timeToClose.p90Hours, round3(nearestRank(ref.closeHours, 0.9)));
  for (const s of IncidentSeverity) {
    const hours = ref.closeHoursBySeverity[s]!;
    assert.deepEqual(stats.timeToClose.bySeverity[s], { count: hours.length, medianHours: round3(nearestRank(hours, 0.5)), p90Hours: round3(nearestRank(hours, 0.9)) }, `timeToClose ${s}`);
  }
  assert.equal(stats.classificationMix.closed, ref.closed);
  assert.deepEqual(Object.fromEntries(stats.classificationMix.rows.map((r) => [r.classification, r.count])), ref.classification);
  for (const r of stats.classificationMix.rows) assert.equal(r.share, r.count / ref.closed);
  assert.ok(stats.approximations.includes(CLOSE_TIME_APPROXIMATION), "the closing-time approximation is said");
}

const emulator: TestEmulator = await testEmulator({ seedIncidents: 700, seed: "stats", workspaces: [OTHER] });
const client: SentinelClient = clientFor(emulator);
// A few of our own, with labels, an owner and an incident closed at once.
await client.createIncident({ title: "labelled", severity: "High", labels: ["vip", "phishing"], owner: "alice@contoso.com" });
await client.createIncident({ title: "labelled twice", severity: "Low", labels: ["vip"] });
const closedOne = await client.createIncident({ title: "closed at once", severity: "Medium" });
await client.updateIncident(closedOne.name!, { status: "Closed", classification: "FalsePositive", classificationReason: "InaccurateData" });
const all: Incident[] = await client.listAllIncidents();
const now = Date.now() + 1000;

describe("incidentStats over a seeded emulator", () => {

  test("every number matches our own computation over the raw list (the last 100 days)", async () => {
    const since = now - 100 * DAY;
    const stats = await client.incidentStats({ since: new Date(since), until: new Date(now), groupBy: ["severity", "status", "owner", "classification", "tactic", "product", "label", "day", "week"] });
    assert.ok(stats.total >= 700, `the seeded incidents are counted (${stats.total})`);
    assert.equal(stats.createdPerDay.length, Math.ceil((now - Math.floor(since / DAY) * DAY) / DAY), "one row per day of the range");
    checkAgainstReference(stats, reference(all, since, now));
    const weeks = asRecord(stats.groups.week);
    const expectedWeeks: Record<string, number> = {};
    for (const i of all) {
      const w = isoWeek(Date.parse(i.properties.createdTimeUtc!));
      expectedWeeks[w] = (expectedWeeks[w] ?? 0) + 1;
    }
    assert.deepEqual(weeks, expectedWeeks);
    assert.equal(asRecord(stats.groups.label).vip, 2);
    assert.equal(asRecord(stats.groups.owner)["alice@contoso.com"] ?? 0, all.filter((i) => i.properties.owner?.userPrincipalName === "alice@contoso.com").length);
  });

  test("a narrower range and a filter select the same incidents the raw list does", async () => {
    const since = now - 20 * DAY;
    const until = now - 5 * DAY;
    const stats = await client.incidentStats({ since: new Date(since).toISOString(), until: new Date(until).toISOString(), filter: { severity: ["High", "Medium"] } });
    const ref = reference(all.filter((i) => ["High", "Medium"].includes(i.properties.severity)), since, until);
    assert.ok(ref.inRange.length > 0);
    checkAgainstReference(stats, ref);
    assert.equal(stats.groups.day, undefined, "only the keys asked for are counted");
    const odata = await client.incidentStats({ since: new Date(since), until: new Date(until), filter: "properties/severity eq 'Low'" });
    checkAgainstReference(odata, reference(all.filter((i) => i.properties.severity === "Low"), since, until));
  });

  test("several workspaces are counted together, each with its own row", async () => {
    const other = new SentinelClient(OTHER, { endpoint: emulator.url, credential: new StaticTokenCredential(TEST_TOKEN) });
    const otherAll = await other.listAllIncidents();
    const since = now - 100 * DAY;
    const stats = await client.incidentStats({ since: new Date(since), until: new Date(now), workspaces: [client, { label: "second", client: other }] });
    checkAgainstReference(stats, reference([...all, ...otherAll], since, now));
    assert.deepEqual(stats.workspaces, [
      { key: "myWorkspace", count: reference(all, since, now).inRange.length },
      { key: "second", count: reference(otherAll, since, now).inRange.length },
    ]);
  });

  test("bad options fail with a clear error before any request", async () => {
    const before = emulator.stats.requests;
    const bad = await rejection(client.incidentStats({ groupBy: ["severity", "colour" as never] }));
    assert.ok(bad instanceof SentinelValidationError);
    assert.match(bad.message, /'groupBy' has the invalid value 'colour'\. Allowed values: severity, status, owner/);
    const range = await rejection(client.incidentStats({ since: "2026-02-01", until: "2026-01-01" }));
    assert.match(range.message, /'since' .* must be before 'until'/);
    const date = await rejection(client.incidentStats({ since: "last tuesday" }));
    assert.equal(date.field, "since");
    const sev = await rejection(client.incidentStats({ filter: { severity: "Critical" } }));
    assert.match(sev.message, /Allowed values: High, Medium, Low, Informational/);
    assert.equal(emulator.stats.requests, before, "no request was sent");
  });
});

describe("the quantile stream", () => {
  test("is exact (nearest rank) within its budget", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0.01, max: 1, noNaN: true }), (values, q) => {
        const s = new QuantileStream();
        for (const v of values) s.add(v);
        assert.equal(s.quantile(q), nearestRank(values, q));
        assert.equal(s.approximate, false);
      }),
    );
  });

  test("past its budget stays within 0.5% of the exact quantile, in bounded memory", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e5, noNaN: true }), { minLength: 50, maxLength: 400 }), fc.constantFrom(0.5, 0.9, 0.99), (values, q) => {
        const s = new QuantileStream(20);
        for (const v of values) s.add(v);
        assert.equal(s.approximate, true);
        const exact = nearestRank(values, q)!;
        assert.ok(Math.abs(s.quantile(q)! - exact) <= exact * 0.005 + 1e-9, `${s.quantile(q)} vs ${exact}`);
      }),
    );
  });

  test("empty gives no quantile", () => assert.equal(new QuantileStream().quantile(0.5), undefined));
});

test("ISO weeks: the Thursday decides the year", () => {
  assert.equal(isoWeek(Date.parse("2021-01-03T12:00:00Z")), "2020-W53");
  assert.equal(isoWeek(Date.parse("2021-01-04T00:00:00Z")), "2021-W01");
  assert.equal(isoWeek(Date.parse("2024-12-30T23:59:59Z")), "2025-W01");
  assert.equal(isoWeek(Date.parse("2026-12-02T04:00:00Z")), "2026-W49");
});

test("property: for any incidents, the accumulator agrees with the reference computation", () => {
  const until = Date.parse("2026-06-30T12:00:00Z");
  const since = until - 40 * DAY;
  // Some incidents are older than the range: they count in the backlog only.
  const time = fc.integer({ min: since - 60 * DAY, max: until - 1 });
  const incident = fc
    .record({
      created: time,
      closeAfter: fc.integer({ min: 0, max: 20 * DAY }),
      severity: fc.constantFrom("High", "Medium", "Low", "Informational"),
      status: fc.constantFrom("New", "Active", "Closed"),
      classification: fc.option(fc.constantFrom("TruePositive", "BenignPositive", "FalsePositive", "Undetermined"), { nil: undefined }),
      owner: fc.option(fc.constantFrom("a@contoso.com", "b@contoso.com", "SOC Tier 1"), { nil: undefined }),
      tactics: fc.array(fc.constantFrom("InitialAccess", "Execution", "Impact"), { maxLength: 3 }),
      products: fc.array(fc.constantFrom("Azure Sentinel", "Microsoft Defender for Endpoint"), { maxLength: 2 }),
      labels: fc.uniqueArray(fc.constantFrom("vip", "phishing", "<b>x</b>"), { maxLength: 3 }),
    })
    .map(
      (r, i = 0): Incident => ({
        name: `i${i}`,
        properties: {
          title: "t",
          severity: r.severity as Incident["properties"]["severity"],
          status: r.status as Incident["properties"]["status"],
          classification: r.classification as Incident["properties"]["classification"],
          owner: r.owner ? (r.owner.includes("@") ? { userPrincipalName: r.owner } : { assignedTo: r.owner }) : undefined,
          labels: r.labels.map((labelName) => ({ labelName })),
          createdTimeUtc: new Date(r.created).toISOString(),
          lastModifiedTimeUtc: new Date(r.created + r.closeAfter).toISOString(),
          additionalData: { tactics: r.tactics as never, alertProductNames: r.products },
        },
      }),
    );
  fc.assert(
    fc.property(fc.array(incident, { maxLength: 120 }), (incidents) => {
      const acc = new IncidentStatsAccumulator([...STATS_GROUP_KEYS], since, until);
      for (const i of incidents) {
        if (Date.parse(i.properties.createdTimeUtc!) < since) acc.addToBacklog(i);
        else acc.add(i);
      }
      const stats = acc.result();
      checkAgainstReference(stats, reference(incidents, since, until));
      assert.equal(stats.createdPerDay.length, 41);
    }),
    { numRuns: 200 },
  );
});

test("property: timeOf reads the service's UTC times exactly as Date.parse does, odd ones included", async () => {
  const { timeOf } = await import("../../../src/client/stats/incidentStats.js");
  const two = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => String(n).padStart(2, "0"));
  const canonical = fc
    .tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")), two(0, 13), two(0, 32), two(0, 25), two(0, 61), two(0, 61), fc.option(fc.stringMatching(/^[0-9]{0,9}$/), { nil: undefined }))
    .map(([y, mo, d, h, mi, s, f]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${f === undefined ? "" : `.${f}`}Z`);
  const anything = fc.oneof(canonical, fc.string({ maxLength: 30 }), canonical.map((s) => s.replace("Z", "+01:00")), canonical.chain((s) => fc.integer({ min: 0, max: s.length - 1 }).map((i) => `${s.slice(0, i)}x${s.slice(i + 1)}`)));
  fc.assert(
    fc.property(anything, (s) => {
      assert.ok(Object.is(timeOf(s), Date.parse(s)), `${s}: ${timeOf(s)} vs ${Date.parse(s)}`);
    }),
    { numRuns: 3000 },
  );
});
