// Loads generated data into the store: bookmarks first, then incidents with their
// alerts, entities, comments and bookmark links, in large transactions, with the
// incident's additionalData computed from exactly what was written.
import { relationNameFor } from "../../api/names.js";
import { bookmarkResourceId } from "../../api/resourceId.js";
import { ResourceTypes, type Bookmark } from "../../api/models.js";
import type { EmulatorStore, WorkspaceRecord } from "../store/index.js";
import { additionalDataOf, buildIncident } from "../store/incidents.js";
import { newEtag, timeMs } from "../store/context.js";
import { generateSeed } from "./generate.js";
import type { SeedData, SeedIncident, SeedOptions } from "./types.js";

export interface SeedSummary {
  incidents: number;
  bookmarks: number;
  alerts: number;
  comments: number;
}

const CHUNK = 2_000;

export function seedWorkspace(store: EmulatorStore, ws: WorkspaceRecord, options: Omit<SeedOptions, "workspace">): SeedSummary {
  const data = generateSeed({ ...options, workspace: ws.ref });
  // A seed is all or nothing anyway (an interrupted one is started again), so the
  // bulk load skips fsyncs and checkpoints until it is done.
  const synchronous = store.db.pragma("synchronous", { simple: true });
  store.db.pragma("synchronous = OFF");
  store.db.pragma("wal_autocheckpoint = 0");
  store.db.pragma("cache_size = -262144");
  try {
    return load(store, ws, data);
  } finally {
    store.db.pragma(`synchronous = ${synchronous}`);
    store.db.pragma("wal_autocheckpoint = 1000");
    store.db.pragma("cache_size = -16384");
    store.db.pragma("wal_checkpoint(TRUNCATE)");
  }
}

function load(store: EmulatorStore, ws: WorkspaceRecord, data: SeedData): SeedSummary {
  const summary: SeedSummary = { incidents: 0, bookmarks: data.bookmarks.length, alerts: 0, comments: 0 };
  store.db.transaction(() => {
    for (const b of data.bookmarks) {
      const bookmark: Bookmark = {
        id: bookmarkResourceId(ws.ref, b.name),
        name: b.name,
        type: ResourceTypes.bookmark,
        etag: newEtag(true),
        properties: { ...b.properties, labels: b.properties.labels ?? [] },
      };
      store.sql("INSERT INTO bookmarks (ws, name, display_name, created_ms, doc) VALUES (?, ?, ?, ?, ?)").run(
        ws.id,
        b.name,
        b.properties.displayName,
        timeMs(b.properties.created) ?? Date.now(),
        JSON.stringify(bookmark),
      );
      for (const e of b.entities) {
        store.detections.putEntity(ws, e);
        store.detections.linkEntity(ws, "bookmark", b.name, e.name!);
      }
    }
  })();

  let chunk: SeedIncident[] = [];
  const flush = store.db.transaction((items: SeedIncident[]) => {
    const first = store.incidents.nextNumber(ws, items.length);
    items.forEach((item, i) => loadIncident(store, ws, item, first + i, summary));
  });
  for (const item of data.incidents) {
    chunk.push(item);
    if (chunk.length === CHUNK) {
      flush(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) flush(chunk);
  return summary;
}

function loadIncident(store: EmulatorStore, ws: WorkspaceRecord, item: SeedIncident, number: number, summary: SeedSummary): void {
  const createdMs = timeMs(item.createdTimeUtc)!;
  const seenEntities = new Set<string>();
  item.alerts.forEach((a, i) => {
    store.detections.putAlert(ws, a.alert);
    for (const e of a.entities) {
      if (!seenEntities.has(e.name!)) {
        seenEntities.add(e.name!);
        store.detections.putEntity(ws, e);
      }
      store.detections.linkEntity(ws, "alert", a.alert.name!, e.name!);
    }
    // Relation names of linked alerts are the alert's own id, as the service does.
    store.relations.link(ws, item.name, a.alert.name!, "alert", a.alert.name!, createdMs + i);
  });
  item.bookmarkNames.forEach((b, i) => store.relations.link(ws, item.name, relationNameFor(item.name, b), "bookmark", b, createdMs + 1000 + i));
  for (const c of item.comments) {
    store.comments.write(ws, item.name, c.name, {
      message: c.message,
      createdTimeUtc: c.createdTimeUtc,
      lastModifiedTimeUtc: c.createdTimeUtc,
      author: c.author,
    });
  }
  const incident = buildIncident(
    ws,
    item.name,
    item.properties,
    {
      incidentNumber: number,
      createdTimeUtc: item.createdTimeUtc,
      lastModifiedTimeUtc: item.lastModifiedTimeUtc,
      providerName: item.providerName,
      providerIncidentId: String(number),
      relatedAnalyticRuleIds: item.relatedAnalyticRuleIds,
    },
    additionalDataOf(item.alerts.map((a) => a.alert), item.bookmarkNames.length, item.comments.length),
  );
  store.incidents.write(ws, incident, JSON.stringify(incident));
  summary.incidents++;
  summary.alerts += item.alerts.length;
  summary.comments += item.comments.length;
}
