// The fault soak: bulk update N incidents, comment once on each, and create 20
// incidents with bookmarks, all through an emulator failing a quarter of its
// requests (429 with and without Retry-After, 500, 503, dropped connections, some
// after the write was made) with jittered latency; then read the store and check
// that every effect happened exactly once.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Incident } from "../../src/api/models.js";
import { derivedGuid } from "../../src/api/names.js";
import { testEmulator } from "../helpers/emulator.js";
import { clientFor } from "../helpers/client.js";
import { putBookmark, workspaceOf } from "../emulator/fixtures.js";

export interface SoakFigures {
  incidents: number;
  created: number;
  faultRate: number;
  requests: number;
  faultsInjected: number;
  statuses: Record<string, number>;
  bulkUpdateSeconds: number;
  bulkCommentSeconds: number;
  createSeconds: number;
  updated: number;
  commented: number;
}

export async function faultSoak(size: number): Promise<SoakFigures> {
  const emulator = await testEmulator({ faultRate: 0.25, faultRetryAfterMs: 25, latencyJitterMs: 8, seed: `soak-${size}` });
  const ws = workspaceOf(emulator.store);
  const names: string[] = [];
  emulator.store.db.transaction(() => {
    for (let i = 0; i < size; i++) {
      const name = randomUUID();
      emulator.store.incidents.put(ws, name, { title: `Soak incident ${i}`, severity: "Low", status: "New", labels: [{ labelName: "original" }] });
      names.push(name);
    }
  })();
  const bookmarks = Array.from({ length: 20 }, (_, i) => {
    const id = randomUUID();
    putBookmark(emulator.store, id, { displayName: `Soak bookmark ${i}` });
    return id;
  });
  const sentinel = clientFor(emulator, { retry: { maxRetries: 12, retryDelayInMs: 20, maxRetryDelayInMs: 500 } });
  const comment = "Soak: reviewed under faults.";

  let t = performance.now();
  const update = await sentinel.bulkUpdateIncidents({ $filter: "startswith(properties/title, 'Soak incident')" }, { severity: "High", addLabels: ["soak"] });
  const bulkUpdateSeconds = (performance.now() - t) / 1000;
  assert.equal(update.total, size);
  assert.deepEqual(update.failed, [], "no update failed");

  t = performance.now();
  const comments = await sentinel.bulkComment(names, comment);
  const bulkCommentSeconds = (performance.now() - t) / 1000;
  assert.deepEqual(comments.failed, [], "no comment failed");

  // Creation is made idempotent by naming the incident: a failed call is simply made again.
  t = performance.now();
  const createdIds = Array.from({ length: 20 }, (_, i) => derivedGuid("soak-create", String(size), String(i)));
  for (const [i, incidentId] of createdIds.entries()) {
    for (let attempt = 1; ; attempt++) {
      try {
        await sentinel.createIncident({ incidentId, title: `Soak created ${i}`, severity: "Medium", labels: ["soak-created"], bookmarks: [bookmarks[i]!, bookmarks[(i + 1) % 20]!] });
        break;
      } catch (e) {
        if (attempt >= 5) throw e;
      }
    }
  }
  const createSeconds = (performance.now() - t) / 1000;

  // Read the store.
  const db = emulator.store.db;
  for (const name of names) {
    const incident = JSON.parse(emulator.store.incidents.get(ws, name)!) as Incident;
    assert.equal(incident.properties.severity, "High", `${name} severity`);
    assert.deepEqual(incident.properties.labels!.map((l) => l.labelName), ["original", "soak"], `${name}: labels added exactly once`);
    const rows = db.prepare("SELECT json_extract(doc, '$.properties.message') AS m FROM comments WHERE ws = ? AND incident = ?").all(ws.id, name) as { m: string }[];
    assert.deepEqual(rows.map((r) => r.m), [comment], `${name}: exactly one comment`);
    assert.equal(incident.properties.additionalData!.commentsCount, 1);
  }
  const created = db.prepare("SELECT title, count(*) AS n FROM incidents WHERE ws = ? AND title LIKE 'Soak created %' GROUP BY title").all(ws.id) as { n: number }[];
  assert.equal(created.length, 20, "every created incident is there");
  assert.ok(created.every((c) => c.n === 1), "each once");
  for (const [i, id] of createdIds.entries()) {
    const rel = db.prepare("SELECT related_name FROM relations WHERE ws = ? AND incident = ? ORDER BY related_name").all(ws.id, id) as { related_name: string }[];
    assert.deepEqual(rel.map((r) => r.related_name).sort(), [bookmarks[i]!, bookmarks[(i + 1) % 20]!].sort(), `created ${i}: its two bookmarks, once each`);
    const doc = JSON.parse(emulator.store.incidents.get(ws, id)!) as Incident;
    assert.equal(doc.properties.additionalData!.bookmarksCount, 2);
  }
  const total = (db.prepare("SELECT count(*) AS n FROM incidents WHERE ws = ?").get(ws.id) as { n: number }).n;
  assert.equal(total, size + 20, "no incident was created twice");
  assert.ok(emulator.stats.faultsInjected > size / 10, "faults were injected");
  const figures: SoakFigures = {
    incidents: size,
    created: 20,
    faultRate: 0.25,
    requests: emulator.stats.requests,
    faultsInjected: emulator.stats.faultsInjected,
    statuses: { ...emulator.stats.byStatus },
    bulkUpdateSeconds,
    bulkCommentSeconds,
    createSeconds,
    updated: update.succeeded.length + update.unchanged.length,
    commented: comments.succeeded.length + comments.unchanged.length,
  };
  await emulator.close();
  return figures;
}
