// The seed generator: deterministic, inside its 90-day window, valid against the
// enums and entity property bags of the spec, and varied enough to be believable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import {
  AlertSeverity,
  AlertStatus,
  AttackTactic,
  ConfidenceLevel,
  EntityKind,
  IncidentClassification,
  IncidentLabelType,
  IncidentSeverity,
  IncidentStatus,
  OwnerType,
  ReasonsForClassification,
} from "../../../src/api/enums.js";
import type { Entity } from "../../../src/api/models.js";
import { entityResourceId, isGuid, sentinelScope, type WorkspaceRef } from "../../../src/api/resourceId.js";
import { clientInfoOf, DIRECTORY } from "../../../src/emulator/directory.js";
import { generateSeed } from "../../../src/emulator/seed/generate.js";
import type { SeedData, SeedIncident, SeedOptions } from "../../../src/emulator/seed/types.js";
import { SPEC_DIR } from "../../helpers/paths.js";

const WORKSPACE: WorkspaceRef = { subscriptionId: "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0", resourceGroup: "myRg", workspaceName: "myWorkspace" };
const NOW = new Date("2025-06-01T12:00:00.000Z");
const DAY = 86_400_000;
const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function options(incidents: number, seed = "test-seed"): SeedOptions {
  return { incidents, seed, now: NOW, workspace: WORKSPACE };
}

function materialize(data: SeedData): { bookmarks: SeedData["bookmarks"]; incidents: SeedIncident[] } {
  return { bookmarks: data.bookmarks, incidents: [...data.incidents] };
}

const MAIN = materialize(generateSeed(options(2000)));

const inSet = (allowed: readonly string[], value: unknown, what: string) =>
  assert.ok(allowed.includes(value as string), `${what}: ${String(value)} is not one of ${allowed.join(", ")}`);

/** Every string that looks like a date-time, anywhere in `node`. */
function dateStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === "string") {
    if (/^\d{4}-\d{2}-\d{2}T/.test(node)) out.push(node);
  } else if (Array.isArray(node)) for (const n of node) dateStrings(n, out);
  else if (node && typeof node === "object") for (const v of Object.values(node)) dateStrings(v, out);
  return out;
}

test("the same options give deep-equal data, and iterating twice replays the stream", () => {
  const a = generateSeed(options(300));
  const b = generateSeed(options(300));
  const first = materialize(a);
  assert.deepStrictEqual(first, materialize(b));
  assert.deepStrictEqual([...a.incidents], first.incidents);
});

test("a different seed or workspace gives different data", () => {
  const base = materialize(generateSeed(options(300)));
  const other = materialize(generateSeed(options(300, "another-seed")));
  assert.notDeepStrictEqual(other.incidents, base.incidents);
  assert.notEqual(other.incidents[0]!.name, base.incidents[0]!.name);
  const elsewhere = materialize(generateSeed({ ...options(300), workspace: { ...WORKSPACE, workspaceName: "otherWorkspace" } }));
  assert.notEqual(elsewhere.incidents[0]!.name, base.incidents[0]!.name);
});

test("incidents is a lazy iterable, not an array", () => {
  const data = generateSeed(options(100_000));
  assert.ok(!Array.isArray(data.incidents));
  const iterator = data.incidents[Symbol.iterator]();
  assert.equal(typeof iterator.next().value?.name, "string");
});

test("incident dates lie in the 90-day window, ordered as the service orders them", () => {
  const nowMs = NOW.getTime();
  let previous = -Infinity;
  for (const inc of MAIN.incidents) {
    for (const s of dateStrings(inc)) assert.match(s, ISO_Z);
    const created = Date.parse(inc.createdTimeUtc);
    assert.ok(created >= nowMs - 90 * DAY && created <= nowMs, inc.createdTimeUtc);
    assert.ok(created >= previous, "incidents are yielded oldest first");
    previous = created;
    const first = Date.parse(inc.properties.firstActivityTimeUtc!);
    const last = Date.parse(inc.properties.lastActivityTimeUtc!);
    assert.ok(first <= last && last <= created, `${inc.name}: first ≤ last ≤ created`);
    const modified = Date.parse(inc.lastModifiedTimeUtc);
    assert.ok(modified >= created && modified <= nowMs, `${inc.name}: created ≤ lastModified ≤ now`);
    for (const { alert } of inc.alerts) {
      const p = alert.properties;
      const [start, end, generated, processed] = [p.startTimeUtc, p.endTimeUtc, p.timeGenerated, p.processingEndTime].map((s) => Date.parse(s!));
      assert.ok(first <= start! && start! <= end! && end! <= last, `${alert.name}: alert activity inside the incident's`);
      assert.ok(end! <= generated! && generated! <= processed! && processed! <= created, `${alert.name}: generated before the incident`);
    }
    let commentAt = created;
    for (const c of inc.comments) {
      const at = Date.parse(c.createdTimeUtc);
      assert.ok(at >= commentAt && at <= nowMs, `${inc.name}: comments oldest first, after creation`);
      commentAt = at;
    }
  }
});

test("closed incidents carry a classification the service accepts; open ones carry none", () => {
  for (const inc of MAIN.incidents) {
    const p = inc.properties;
    inSet(IncidentSeverity, p.severity, "severity");
    inSet(IncidentStatus, p.status, "status");
    if (p.status === "Closed") {
      inSet(IncidentClassification, p.classification, "classification");
      const reasons = ReasonsForClassification[p.classification!];
      if (reasons.length === 0) assert.equal(p.classificationReason, undefined);
      else inSet(reasons, p.classificationReason, `reason for ${p.classification}`);
    } else {
      assert.equal(p.classification, undefined);
      assert.equal(p.classificationReason, undefined);
      assert.equal(p.classificationComment, undefined);
    }
  }
});

test("owners, labels and comment authors come from the directory and the enums", () => {
  const users = DIRECTORY.filter((d) => d.type === "User");
  for (const inc of MAIN.incidents) {
    const owner = inc.properties.owner;
    if (owner) {
      inSet(OwnerType, owner.ownerType, "ownerType");
      const principal = DIRECTORY.find((d) => d.objectId === owner.objectId);
      assert.ok(principal, `owner ${owner.objectId} is in the directory`);
      assert.equal(owner.assignedTo, principal.displayName);
      assert.equal(owner.ownerType, principal.type);
      if (principal.type === "User") assert.equal(owner.userPrincipalName, principal.userPrincipalName);
    }
    const labels = inc.properties.labels ?? [];
    assert.ok(labels.length <= 3);
    assert.equal(new Set(labels.map((l) => l.labelName)).size, labels.length, "labels are distinct");
    for (const l of labels) inSet(IncidentLabelType, l.labelType, "labelType");
    assert.ok(inc.comments.length <= 4);
    for (const c of inc.comments) {
      assert.ok(c.message.length > 0);
      assert.ok(users.some((u) => isDeepStrictEqual(clientInfoOf(u), c.author)), "author is a directory user");
    }
  }
  const owned = MAIN.incidents.filter((i) => i.properties.owner?.ownerType === "User").length / MAIN.incidents.length;
  assert.ok(owned > 0.45 && owned < 0.75, `about 60% assigned to a user, got ${owned}`);
});

test("alerts and entities are shaped like the spec examples, with valid enums", () => {
  for (const inc of MAIN.incidents) {
    assert.ok(inc.alerts.length >= 1 && inc.alerts.length <= 5);
    const byId = new Map<string, Entity>();
    for (const { alert, entities } of inc.alerts) {
      assert.equal(alert.kind, "SecurityAlert");
      assert.equal(alert.type, "Microsoft.SecurityInsights/Entities");
      assert.ok(isGuid(alert.name!));
      assert.equal(alert.id, entityResourceId(WORKSPACE, alert.name!));
      const p = alert.properties;
      assert.equal(p.systemAlertId, alert.name);
      assert.equal(p.vendorName, "Microsoft");
      inSet(AlertSeverity, p.severity, "alert severity");
      inSet(AlertStatus, p.status, "alert status");
      inSet(ConfidenceLevel, p.confidenceLevel, "confidenceLevel");
      assert.ok(p.tactics!.length > 0);
      for (const t of p.tactics!) inSet(AttackTactic, t, "tactic");
      for (const t of p.techniques!) assert.match(t, /^T\d{4}(\.\d{3})?$/);
      assert.ok(p.alertDisplayName && p.description && p.compromisedEntity && p.productName);
      assert.ok(entities.length >= 1 && entities.length <= 6, `${entities.length} entities`);
      for (const e of entities) {
        inSet(EntityKind, e.kind, "entity kind");
        assert.equal(e.type, "Microsoft.SecurityInsights/Entities");
        assert.equal(e.id, entityResourceId(WORKSPACE, e.name!));
        assert.ok(typeof e.properties.friendlyName === "string" && e.properties.friendlyName.length > 0);
        const seen = byId.get(e.id!);
        assert.ok(seen === undefined || seen === e, "a shared entity is the same object");
        byId.set(e.id!, e);
      }
    }
  }
});

/** The property bag of each entity kind, straight from common/EntityTypes.json. */
function specBags(): Map<string, Map<string, Record<string, unknown>>> {
  const defs = JSON.parse(readFileSync(join(SPEC_DIR, "securityinsights", "2025-12-01", "common", "EntityTypes.json"), "utf8")).definitions as Record<string, any>;
  const bag = (name: string): Map<string, Record<string, unknown>> => {
    const def = defs[name];
    // A property given by a local $ref (GeoLocation, AlertSeverityEnum) takes the referenced type and enum.
    const resolve = (prop: Record<string, any>) => (String(prop.$ref ?? "").startsWith("#/definitions/") ? { ...defs[prop.$ref.slice(14)], ...prop } : prop);
    const props = new Map<string, Record<string, unknown>>(Object.entries(def.properties ?? {}).map(([k, v]) => [k, resolve(v as Record<string, any>)]));
    for (const part of def.allOf ?? []) for (const [k, v] of bag(String(part.$ref).split("/").pop()!)) props.set(k, v);
    return props;
  };
  const bags = new Map<string, Map<string, Record<string, unknown>>>();
  for (const def of Object.values(defs)) {
    const kind = def["x-ms-discriminator-value"];
    const ref = def.properties?.properties?.$ref;
    if (kind && ref) bags.set(kind, bag(String(ref).split("/").pop()!));
  }
  return bags;
}

function checkAgainstSpec(entity: { kind: string; properties: object }, bags: ReturnType<typeof specBags>): void {
  const bag = bags.get(entity.kind);
  assert.ok(bag, `the spec defines ${entity.kind}`);
  for (const [key, value] of Object.entries(entity.properties)) {
    // `techniques` is in the service's responses and in src/api/models.ts, though not in this spec version.
    if (entity.kind === "SecurityAlert" && key === "techniques") continue;
    const prop = bag.get(key);
    assert.ok(prop, `${entity.kind}.${key} is a property of the spec`);
    if (Array.isArray(prop.enum)) inSet(prop.enum as string[], value, `${entity.kind}.${key}`);
    const type = prop.type;
    if (type === "string") assert.equal(typeof value, "string", `${entity.kind}.${key}`);
    if (type === "boolean") assert.equal(typeof value, "boolean", `${entity.kind}.${key}`);
    if (type === "integer") assert.ok(Number.isInteger(value), `${entity.kind}.${key}`);
    if (type === "number") assert.equal(typeof value, "number", `${entity.kind}.${key}`);
    if (type === "array") assert.ok(Array.isArray(value), `${entity.kind}.${key}`);
    if (type === "object") assert.ok(value && typeof value === "object" && !Array.isArray(value), `${entity.kind}.${key}`);
  }
}

test("every entity and alert property is one the spec defines, with its type and enum", () => {
  const bags = specBags();
  for (const inc of MAIN.incidents.slice(0, 1000)) {
    for (const { alert, entities } of inc.alerts) {
      checkAgainstSpec(alert, bags);
      for (const e of entities) checkAgainstSpec(e, bags);
    }
  }
  for (const b of MAIN.bookmarks) for (const e of b.entities) checkAgainstSpec(e, bags);
});

test("cross references between entities point at entities of the same alert", () => {
  for (const inc of MAIN.incidents) {
    const ids = new Set(inc.alerts.flatMap((a) => a.entities.map((e) => e.name!)));
    for (const { entities } of inc.alerts) {
      for (const e of entities) {
        for (const [key, value] of Object.entries(e.properties)) {
          if (!/EntityIds?$/.test(key)) continue;
          for (const ref of Array.isArray(value) ? value : [value]) assert.ok(ids.has(ref as string), `${e.kind}.${key} → ${ref}`);
        }
      }
    }
  }
});

test("names are unique GUIDs across incidents, alerts, comments and bookmarks", () => {
  const names = new Set<string>();
  const add = (name: string) => {
    assert.ok(isGuid(name), name);
    assert.ok(!names.has(name), `duplicate name ${name}`);
    names.add(name);
  };
  for (const inc of MAIN.incidents) {
    add(inc.name);
    for (const { alert } of inc.alerts) add(alert.name!);
    for (const c of inc.comments) add(c.name);
  }
  for (const b of MAIN.bookmarks) add(b.name);
  assert.match(MAIN.incidents[0]!.name, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("providers and analytics rules: Sentinel incidents name 1–2 rules of a small pool, XDR ones none", () => {
  const scope = `${sentinelScope(WORKSPACE)}/alertRules/`;
  const rules = new Set<string>();
  for (const inc of MAIN.incidents) {
    if (inc.providerName === "Azure Sentinel") {
      assert.ok(inc.relatedAnalyticRuleIds.length >= 1 && inc.relatedAnalyticRuleIds.length <= 2);
      for (const id of inc.relatedAnalyticRuleIds) {
        assert.ok(id.startsWith(scope) && isGuid(id.slice(scope.length)), id);
        rules.add(id);
      }
    } else {
      assert.equal(inc.providerName, "Microsoft 365 Defender");
      assert.deepEqual(inc.relatedAnalyticRuleIds, []);
    }
  }
  assert.ok(rules.size >= 5 && rules.size <= 40, `${rules.size} rules`);
});

test("bookmarks: the expected count, well-formed, and every link resolves", () => {
  assert.equal(MAIN.bookmarks.length, 100);
  assert.equal(generateSeed(options(50)).bookmarks.length, 10);
  const nowMs = NOW.getTime();
  const names = new Set(MAIN.bookmarks.map((b) => b.name));
  const displayNames = new Set(MAIN.bookmarks.map((b) => b.properties.displayName));
  assert.ok(displayNames.size >= MAIN.bookmarks.length * 0.85, "display names are mostly unique");
  for (const b of MAIN.bookmarks) {
    const p = b.properties;
    for (const s of dateStrings({ ...p, queryResult: undefined })) assert.match(s, ISO_Z);
    assert.ok(p.query.length > 0 && p.displayName.length > 0);
    const row = JSON.parse(p.queryResult!);
    assert.equal(typeof row.__entityMapping, "object");
    assert.ok(Date.parse(p.eventTime!) <= Date.parse(p.created!));
    assert.ok(Date.parse(p.created!) <= Date.parse(p.updated!) && Date.parse(p.updated!) <= nowMs);
    assert.ok(Date.parse(p.queryStartTime!) <= Date.parse(p.queryEndTime!));
    for (const who of [p.createdBy!, p.updatedBy!]) assert.ok(DIRECTORY.some((d) => d.objectId === who.objectId && d.displayName === who.name));
    assert.ok(b.entities.length <= 3);
  }
  let linked = 0;
  for (const inc of MAIN.incidents) {
    if (inc.bookmarkNames.length) linked++;
    assert.ok(inc.bookmarkNames.length <= 2);
    assert.equal(new Set(inc.bookmarkNames).size, inc.bookmarkNames.length);
    for (const n of inc.bookmarkNames) assert.ok(names.has(n), `bookmark ${n} exists`);
  }
  const share = linked / MAIN.incidents.length;
  assert.ok(share > 0.05 && share < 0.15, `about 10% of incidents link bookmarks, got ${share}`);
});

test("500 incidents are varied: products, entity kinds, severities, statuses, titles", () => {
  const sample = MAIN.incidents.slice(0, 500);
  const products = new Set<string>();
  const kinds = new Set<string>();
  const severities = new Set<string>();
  const statuses = new Set<string>();
  const titles = new Set<string>();
  for (const inc of sample) {
    severities.add(inc.properties.severity);
    statuses.add(inc.properties.status);
    titles.add(inc.properties.title);
    for (const { alert, entities } of inc.alerts) {
      products.add(alert.properties.productName!);
      for (const e of entities) kinds.add(e.kind);
    }
  }
  assert.ok(products.size >= 4, [...products].join());
  assert.ok(kinds.size >= 5, [...kinds].join());
  assert.equal(severities.size, 4);
  assert.equal(statuses.size, 3);
  assert.ok(titles.size >= 100, `${titles.size} distinct titles`);
  // Old incidents are mostly closed, the last day's mostly not.
  const old = MAIN.incidents.filter((i) => Date.parse(i.createdTimeUtc) < NOW.getTime() - 30 * DAY);
  const recent = MAIN.incidents.filter((i) => Date.parse(i.createdTimeUtc) > NOW.getTime() - DAY);
  assert.ok(old.filter((i) => i.properties.status === "Closed").length / old.length > 0.85);
  assert.ok(recent.filter((i) => i.properties.status !== "Closed").length / recent.length > 0.5);
});

test("20,000 incidents stream through with their alerts, entities and comments", () => {
  let incidents = 0;
  let alerts = 0;
  let entities = 0;
  let comments = 0;
  for (const inc of generateSeed(options(20_000, "bulk")).incidents) {
    incidents++;
    alerts += inc.alerts.length;
    comments += inc.comments.length;
    for (const a of inc.alerts) entities += a.entities.length;
  }
  assert.equal(incidents, 20_000);
  assert.ok(alerts > incidents && entities > alerts && comments > 0, `${alerts} alerts, ${entities} entities, ${comments} comments`);
});
