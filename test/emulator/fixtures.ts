// Preconditions of the spec examples: the resources each example's request
// expects to exist, written straight into a fresh emulator's store.
import type { Bookmark, Entity, Incident, IncidentComment, IncidentTask, SecurityAlert } from "../../src/api/models.js";
import type { EmulatorStore, WorkspaceRecord } from "../../src/emulator/store/index.js";
import type { IncidentInput } from "../../src/emulator/store/incidents.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";

export function workspaceOf(store: EmulatorStore): WorkspaceRecord {
  return store.workspace(DEFAULT_WORKSPACE)!;
}

/** Writes an incident as a recorded response shows it, keeping its number, times and etag. */
export function putRecordedIncident(store: EmulatorStore, incident: Incident): void {
  const p = incident.properties;
  const input: IncidentInput = {
    title: p.title,
    severity: p.severity,
    status: p.status,
    description: p.description,
    classification: p.classification,
    classificationReason: p.classificationReason,
    classificationComment: p.classificationComment,
    owner: p.owner,
    labels: p.labels,
    firstActivityTimeUtc: p.firstActivityTimeUtc,
    lastActivityTimeUtc: p.lastActivityTimeUtc,
  };
  store.incidents.put(workspaceOf(store), incident.name!, input, {
    createdTimeUtc: p.createdTimeUtc,
    lastModifiedTimeUtc: p.lastModifiedTimeUtc,
    incidentNumber: p.incidentNumber,
    providerName: p.providerName,
    providerIncidentId: p.providerIncidentId,
    relatedAnalyticRuleIds: p.relatedAnalyticRuleIds,
    etag: incident.etag,
  });
}

export function putSimpleIncident(store: EmulatorStore, name: string, title = "Fixture incident"): void {
  store.incidents.put(workspaceOf(store), name, { title, severity: "Medium", status: "New" });
}

export function putRecordedComment(store: EmulatorStore, incident: string, comment: IncidentComment): void {
  store.comments.write(workspaceOf(store), incident, comment.name!, {
    message: comment.properties.message,
    createdTimeUtc: comment.properties.createdTimeUtc!,
    lastModifiedTimeUtc: comment.properties.lastModifiedTimeUtc!,
    author: comment.properties.author!,
  });
  store.incidents.refreshAdditionalData(workspaceOf(store), incident);
}

export function putRecordedTask(store: EmulatorStore, incident: string, task: IncidentTask): void {
  store.tasks.put(workspaceOf(store), incident, task.name!, { title: task.properties.title, status: task.properties.status, description: task.properties.description }, task.properties.createdBy!);
}

export function putBookmark(store: EmulatorStore, name: string, properties: Partial<Bookmark["properties"]> = {}): void {
  store.bookmarks.put(
    workspaceOf(store),
    name,
    { displayName: `Bookmark ${name.slice(0, 8)}`, query: "SecurityEvent | take 1", ...properties },
    { objectId: "b03ca914-5eb6-45e5-9417-fe0797c372fd", email: "user@microsoft.com", name: "user" },
  );
}

export function putAlert(store: EmulatorStore, alert: SecurityAlert, incident?: string): void {
  store.detections.putAlert(workspaceOf(store), alert);
  if (incident) store.relations.link(workspaceOf(store), incident, alert.name!, "alert", alert.name!, Date.now());
  if (incident) store.incidents.refreshAdditionalData(workspaceOf(store), incident);
}

export function putEntity(store: EmulatorStore, entity: Entity, incident?: string): void {
  store.detections.putEntity(workspaceOf(store), entity);
  if (incident) store.relations.link(workspaceOf(store), incident, entity.name!, "entity", entity.name!, Date.now(), entity.kind);
}
