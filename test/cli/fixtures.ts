// What the command-line tests compare the binary's output with: the emulator's
// store, read directly, so a wrong answer cannot agree with itself.
import type { Bookmark, Incident, IncidentComment } from "../../src/api/models.js";
import type { WorkspaceRef } from "../../src/api/resourceId.js";
import { DEFAULT_WORKSPACE } from "../../src/emulator/options.js";
import type { RunningEmulator } from "../../src/emulator/server.js";

type Docs = { doc: string }[];

function wsId(emulator: RunningEmulator, ref: WorkspaceRef): number {
  const ws = emulator.store.workspace(ref);
  if (!ws) throw new Error(`the emulator does not serve ${ref.workspaceName}`);
  return ws.id;
}

export function storedIncidents(emulator: RunningEmulator, ref: WorkspaceRef = DEFAULT_WORKSPACE): Incident[] {
  const rows = emulator.store.db.prepare("SELECT doc FROM incidents WHERE ws = ?").all(wsId(emulator, ref)) as Docs;
  return rows.map((r) => JSON.parse(r.doc) as Incident);
}

export function storedIncident(emulator: RunningEmulator, name: string, ref: WorkspaceRef = DEFAULT_WORKSPACE): Incident | undefined {
  const doc = emulator.store.incidents.get(emulator.store.workspace(ref)!, name);
  return doc ? (JSON.parse(doc) as Incident) : undefined;
}

export function storedComments(emulator: RunningEmulator, incident: string, ref: WorkspaceRef = DEFAULT_WORKSPACE): IncidentComment[] {
  const rows = emulator.store.db.prepare("SELECT doc FROM comments WHERE ws = ? AND incident = ? ORDER BY created_ms").all(wsId(emulator, ref), incident) as Docs;
  return rows.map((r) => JSON.parse(r.doc) as IncidentComment);
}

export function storedBookmarks(emulator: RunningEmulator, ref: WorkspaceRef = DEFAULT_WORKSPACE): Bookmark[] {
  const rows = emulator.store.db.prepare("SELECT doc FROM bookmarks WHERE ws = ?").all(wsId(emulator, ref)) as Docs;
  return rows.map((r) => JSON.parse(r.doc) as Bookmark);
}

/** Names of the bookmarks linked to an incident, from the relations table. */
export function linkedBookmarks(emulator: RunningEmulator, incident: string, ref: WorkspaceRef = DEFAULT_WORKSPACE): string[] {
  const rows = emulator.store.db
    .prepare("SELECT related_name AS name FROM relations WHERE ws = ? AND incident = ? AND related_kind = 'bookmark'")
    .all(wsId(emulator, ref), incident) as { name: string }[];
  return rows.map((r) => r.name.toLowerCase());
}

/** An incident whose title no other incident's title contains, so it resolves by title alone. */
export function uniquelyTitled(incidents: Incident[], where: (i: Incident) => boolean = () => true): Incident {
  const found = incidents.find(
    (i) => where(i) && incidents.every((o) => o === i || !o.properties.title.toLowerCase().includes(i.properties.title.toLowerCase())),
  );
  if (!found) throw new Error("no uniquely titled incident in the seed");
  return found;
}

export function sortedNames(items: { name?: string }[]): string[] {
  return items.map((i) => i.name!.toLowerCase()).sort();
}

export function ownerUpn(i: Incident): string | undefined {
  return i.properties.owner?.userPrincipalName;
}

export function labelNames(i: Incident): string[] {
  return (i.properties.labels ?? []).map((l) => l.labelName);
}
