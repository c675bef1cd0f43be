// What people see: incident tables with the columns a triager reads first, and a
// readable card for one incident with its entities, alerts, comments and bookmarks.
import type { Bookmark, Entity, Incident, IncidentComment, IncidentTask, Relation } from "../../api/models.js";
import type { IncidentDetails } from "../../client/operations/incidents.js";
import { renderTable, type Column } from "./table.js";
import { paint, safe, severityColor, truncate, type Style } from "./style.js";

function shortTime(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 16).replace("T", " ");
}

function ownerOf(i: Incident): string {
  const o = i.properties.owner;
  return o?.userPrincipalName ?? o?.email ?? o?.assignedTo ?? "";
}

export function incidentColumns(withWorkspace = false): Column<Incident & { workspace?: string }>[] {
  const cols: Column<Incident & { workspace?: string }>[] = [
    { header: "#", value: (i) => String(i.properties.incidentNumber ?? ""), align: "right" },
    { header: "SEVERITY", value: (i) => i.properties.severity, color: (i) => severityColor(i.properties.severity) },
    { header: "STATUS", value: (i) => i.properties.status },
    { header: "TITLE", value: (i) => i.properties.title, flex: true, min: 10 },
    { header: "OWNER", value: ownerOf, max: 24, min: 8 },
    { header: "CREATED", value: (i) => shortTime(i.properties.createdTimeUtc) },
    { header: "ALERTS", value: (i) => String(i.properties.additionalData?.alertsCount ?? 0), align: "right" },
  ];
  if (withWorkspace) cols.unshift({ header: "WORKSPACE", value: (i) => i.workspace ?? "", max: 20, min: 6 });
  return cols;
}

export function incidentTable(incidents: (Incident & { workspace?: string })[], width: number, style: Style): string {
  if (incidents.length === 0) return "No incidents matched.\n";
  return renderTable(incidents, incidentColumns(incidents.some((i) => i.workspace !== undefined)), width, style);
}

function field(style: Style, label: string, value: string | undefined, width: number): string {
  return `${paint(style, "dim", label.padEnd(16))}${truncate(safe(value ?? ""), Math.max(10, width - 16))}`;
}

function entityLabel(e: Entity): string {
  const p = e.properties as Record<string, unknown>;
  return String(p.friendlyName ?? p.address ?? p.hostName ?? p.accountName ?? p.url ?? p.hashValue ?? e.name ?? "");
}

/** The card `incident show` prints. */
export function incidentCard(incident: IncidentDetails, width: number, style: Style): string {
  const p = incident.properties;
  const out: string[] = [];
  out.push(`${paint(style, "bold", `#${p.incidentNumber ?? "?"}`)} ${paint(style, severityColor(p.severity), p.severity)}  ${safe(p.title)}`);
  out.push(field(style, "Id", incident.name, width));
  out.push(field(style, "Status", p.status + (p.classification ? ` (${p.classification}${p.classificationReason ? `: ${p.classificationReason}` : ""})` : ""), width));
  if (p.classificationComment) out.push(field(style, "Closing comment", p.classificationComment, width));
  out.push(field(style, "Owner", ownerOf(incident) || "unassigned", width));
  out.push(field(style, "Created", shortTime(p.createdTimeUtc), width));
  out.push(field(style, "Modified", shortTime(p.lastModifiedTimeUtc), width));
  if (p.firstActivityTimeUtc || p.lastActivityTimeUtc) out.push(field(style, "Activity", `${shortTime(p.firstActivityTimeUtc)} → ${shortTime(p.lastActivityTimeUtc)}`, width));
  out.push(field(style, "Labels", (p.labels ?? []).map((l) => l.labelName).join(", ") || "none", width));
  const a = p.additionalData ?? {};
  out.push(field(style, "Counts", `${a.alertsCount ?? 0} alerts, ${a.bookmarksCount ?? 0} bookmarks, ${a.commentsCount ?? 0} comments`, width));
  if (a.alertProductNames?.length) out.push(field(style, "Products", a.alertProductNames.join(", "), width));
  if (a.tactics?.length) out.push(field(style, "Tactics", a.tactics.join(", "), width));
  out.push(field(style, "Provider", p.providerName, width));
  out.push(field(style, "Portal", p.incidentUrl, width));
  if (p.description) {
    out.push("");
    out.push(paint(style, "bold", "Description"));
    out.push(...wrap(safe(p.description), width));
  }
  const section = (title: string, body: string) => {
    out.push("");
    out.push(paint(style, "bold", title));
    out.push(body.trimEnd());
  };
  if (incident.entities) {
    section(`Entities (${incident.entities.length})`, incident.entities.length === 0 ? "  none" : renderTable(incident.entities, [
      { header: "KIND", value: (e) => e.kind },
      { header: "ENTITY", value: entityLabel, flex: true },
    ], width, style));
  }
  if (incident.alerts) {
    section(`Alerts (${incident.alerts.length})`, incident.alerts.length === 0 ? "  none" : renderTable(incident.alerts, [
      { header: "SEVERITY", value: (x) => x.properties.severity ?? "", color: (x) => severityColor(x.properties.severity ?? "") },
      { header: "ALERT", value: (x) => x.properties.alertDisplayName ?? "", flex: true },
      { header: "PRODUCT", value: (x) => x.properties.productName ?? "", max: 36 },
      { header: "GENERATED", value: (x) => shortTime(x.properties.timeGenerated) },
    ], width, style));
  }
  if (incident.comments) {
    section(`Comments (${incident.comments.length})`, incident.comments.length === 0 ? "  none" : commentList(incident.comments, width, style));
  }
  if (incident.bookmarks) {
    section(`Bookmarks (${incident.bookmarks.length})`, incident.bookmarks.length === 0 ? "  none" : renderTable(incident.bookmarks, [
      { header: "ID", value: (b) => b.name ?? "" },
      { header: "BOOKMARK", value: (b) => b.properties.displayName ?? "", flex: true },
    ], width, style));
  }
  return `${out.join("\n")}\n`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/\s+/)) {
      if (line && line.length + word.length + 1 > width - 2) {
        lines.push(`  ${line}`);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(`  ${line}`);
  }
  return lines;
}

function commentList(comments: IncidentComment[], width: number, style: Style): string {
  return comments
    .map((c) => {
      const who = c.properties.author?.userPrincipalName ?? c.properties.author?.email ?? c.properties.author?.name ?? "";
      return `  ${paint(style, "dim", `${shortTime(c.properties.createdTimeUtc)} ${who}`)}\n${wrap(safe(c.properties.message), width - 2).map((l) => `  ${l}`).join("\n")}`;
    })
    .join("\n");
}

export function commentTable(comments: IncidentComment[], width: number, style: Style): string {
  if (comments.length === 0) return "No comments.\n";
  return renderTable(comments, [
    { header: "CREATED", value: (c) => shortTime(c.properties.createdTimeUtc) },
    { header: "AUTHOR", value: (c) => c.properties.author?.userPrincipalName ?? c.properties.author?.name ?? "", max: 28 },
    { header: "MESSAGE", value: (c) => c.properties.message.replace(/\s+/g, " "), flex: true },
    { header: "ID", value: (c) => c.name ?? "" },
  ], width, style);
}

export function relationTable(relations: Relation[], width: number, style: Style): string {
  if (relations.length === 0) return "No relations.\n";
  return renderTable(relations, [
    { header: "NAME", value: (r) => r.name ?? "" },
    { header: "TYPE", value: (r) => (r.properties.relatedResourceType ?? "").replace("Microsoft.SecurityInsights/", "") },
    { header: "KIND", value: (r) => r.properties.relatedResourceKind ?? "" },
    { header: "RESOURCE", value: (r) => r.properties.relatedResourceName ?? "", flex: true },
  ], width, style);
}

export function taskTable(tasks: IncidentTask[], width: number, style: Style): string {
  if (tasks.length === 0) return "No tasks.\n";
  return renderTable(tasks, [
    { header: "STATUS", value: (t) => t.properties.status },
    { header: "TITLE", value: (t) => t.properties.title, flex: true },
    { header: "ID", value: (t) => t.name ?? "" },
  ], width, style);
}

export function bookmarkTable(bookmarks: Bookmark[], width: number, style: Style): string {
  if (bookmarks.length === 0) return "No bookmarks.\n";
  return renderTable(bookmarks, [
    { header: "CREATED", value: (b) => shortTime(b.properties.created) },
    { header: "NAME", value: (b) => b.properties.displayName, flex: true, min: 16 },
    { header: "LINKED", value: (b) => (b.properties.incidentInfo ? "yes" : "") },
    { header: "ID", value: (b) => b.name ?? "" },
  ], width, style);
}

export function bookmarkCard(b: Bookmark, width: number, style: Style): string {
  const p = b.properties;
  const out = [
    paint(style, "bold", safe(p.displayName)),
    field(style, "Id", b.name, width),
    field(style, "Created", `${shortTime(p.created)} by ${p.createdBy?.name ?? p.createdBy?.email ?? "?"}`, width),
    field(style, "Event time", shortTime(p.eventTime), width),
    field(style, "Labels", (p.labels ?? []).join(", ") || "none", width),
    field(style, "Incident", p.incidentInfo ? `${p.incidentInfo.title} (${p.incidentInfo.incidentId})` : "none", width),
    "",
    paint(style, "bold", "Query"),
    ...safe(p.query).split(/\s*\|\s*/).map((l, i) => `  ${i ? "| " : ""}${l}`),
  ];
  if (p.notes) out.push("", paint(style, "bold", "Notes"), ...wrap(safe(p.notes), width));
  return `${out.join("\n")}\n`;
}
