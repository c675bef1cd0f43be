// What people see: incident tables with the columns a triager reads first, and a
// readable card for one incident with its entities, alerts, comments and bookmarks.
import type { Bookmark, Entity, Incident, IncidentComment, IncidentTask, Relation } from "../../api/models.js";
import type { IncidentDetails } from "../../client/operations/incidents.js";
import { renderTable, type Column } from "./table.js";
import { displayWidth, link, paint, plural, safe, severityColor, truncate, type Style } from "./style.js";
import { bothZones, formatTime, zoneName } from "./time.js";

/** A time as tables show it: in UTC, or local with --local (the header says which). */
function shortTime(iso: string | undefined, style?: Style, compact = false): string {
  return formatTime(iso, { local: style?.local }, compact);
}

function ownerOf(i: Incident): string {
  const o = i.properties.owner;
  return o?.userPrincipalName ?? o?.email ?? o?.assignedTo ?? "";
}

const SHORT_SEVERITY: Record<string, string> = { High: "High", Medium: "Med", Low: "Low", Informational: "Info" };

type Listed = Incident & { workspace?: string };

/**
 * The incident table's columns. `compact` is the 80-column layout: short severity,
 * month-day times, a two-letter alert count, so the title keeps at least 35 columns.
 */
export function incidentColumns(withWorkspace = false, style: Style = { color: false }, compact = false): Column<Listed>[] {
  const zone = zoneName({ local: style.local });
  const cols: Column<Listed>[] = [
    { header: "#", value: (i) => String(i.properties.incidentNumber ?? ""), align: "right" },
    compact
      ? { header: "SEV", value: (i) => SHORT_SEVERITY[i.properties.severity] ?? i.properties.severity, color: (i) => severityColor(i.properties.severity) }
      : { header: "SEVERITY", value: (i) => i.properties.severity, color: (i) => severityColor(i.properties.severity) },
    { header: "STATUS", value: (i) => i.properties.status },
    { header: "TITLE", value: (i) => i.properties.title, flex: true, min: compact ? 35 : 10 },
    { header: "OWNER", value: ownerOf, max: 24, min: compact ? 6 : 8 },
    { header: `CREATED ${zone}`, value: (i) => shortTime(i.properties.createdTimeUtc, style, compact) },
    { header: compact ? "AL" : "ALERTS", value: (i) => String(i.properties.additionalData?.alertsCount ?? 0), align: "right" },
  ];
  // The workspace is never cut: it says where a write would go.
  if (withWorkspace) cols.unshift({ header: "WORKSPACE", value: (i) => i.workspace ?? "" });
  return cols;
}

/**
 * The full layout when the title still gets a fair share (50 columns, or all it
 * needs); below that the compact one. Columns grow in this order: title, then owner
 * (up to 24), then the full severity word, full times and the ALERTS header.
 */
export function incidentTable(incidents: Listed[], width: number, style: Style): string {
  if (incidents.length === 0) return "No incidents matched.\n";
  const withWorkspace = incidents.some((i) => i.workspace !== undefined);
  const longestTitle = Math.max(...incidents.map((i) => displayWidth(safe(i.properties.title))));
  const full = incidentColumns(withWorkspace, style, false);
  const fixed = full.filter((c) => !c.flex).reduce((sum, c) => sum + Math.min(c.max ?? Infinity, Math.max(displayWidth(c.header), ...incidents.map((i) => displayWidth(safe(c.value(i)))))), 0);
  const fullTitle = width - fixed - 2 * (full.length - 1);
  const compact = fullTitle < Math.min(longestTitle, 50);
  return renderTable(incidents, compact ? incidentColumns(withWorkspace, style, true) : full, width, style);
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
  const head = `#${p.incidentNumber ?? "?"} ${p.severity}  `;
  out.push(`${paint(style, "bold", `#${p.incidentNumber ?? "?"}`)} ${paint(style, severityColor(p.severity), p.severity)}  ${truncate(safe(p.title), Math.max(10, width - displayWidth(head)))}`);
  out.push(field(style, "Id", incident.name, width));
  out.push(field(style, "Status", p.status + (p.classification ? ` (${p.classification}${p.classificationReason ? `: ${p.classificationReason}` : ""})` : ""), width));
  if (p.classificationComment) out.push(field(style, "Closing comment", p.classificationComment, width));
  out.push(field(style, "Owner", ownerOf(incident) || "unassigned", width));
  out.push(field(style, "Created", bothZones(p.createdTimeUtc), width));
  out.push(field(style, "Modified", bothZones(p.lastModifiedTimeUtc), width));
  if (p.firstActivityTimeUtc || p.lastActivityTimeUtc) out.push(field(style, "Activity", `${bothZones(p.firstActivityTimeUtc)} → ${bothZones(p.lastActivityTimeUtc)}`, width));
  out.push(field(style, "Labels", (p.labels ?? []).map((l) => l.labelName).join(", ") || "none", width));
  const a = p.additionalData ?? {};
  out.push(field(style, "Counts", `${plural(a.alertsCount ?? 0, "alert")}, ${plural(a.bookmarksCount ?? 0, "bookmark")}, ${plural(a.commentsCount ?? 0, "comment")}`, width));
  if (a.alertProductNames?.length) out.push(field(style, "Products", a.alertProductNames.join(", "), width));
  if (a.tactics?.length) out.push(field(style, "Tactics", a.tactics.join(", "), width));
  out.push(field(style, "Provider", p.providerName, width));
  // The portal link is printed whole (never cut), as a hyperlink where the terminal has them.
  if (p.incidentUrl) out.push(`${paint(style, "dim", "Portal".padEnd(16))}${link(style, p.incidentUrl)}`);
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
      { header: `GENERATED ${zoneName({ local: style.local })}`, value: (x) => shortTime(x.properties.timeGenerated, style) },
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
      return `  ${paint(style, "dim", safe(`${shortTime(c.properties.createdTimeUtc, style)} ${zoneName({ local: style.local })} ${who}`))}\n${wrap(safe(c.properties.message), width - 2).map((l) => `  ${l}`).join("\n")}`;
    })
    .join("\n");
}

export function commentTable(comments: IncidentComment[], width: number, style: Style): string {
  if (comments.length === 0) return "No comments.\n";
  return renderTable(comments, [
    { header: `CREATED ${zoneName({ local: style.local })}`, value: (c) => shortTime(c.properties.createdTimeUtc, style) },
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
    { header: `CREATED ${zoneName({ local: style.local })}`, value: (b) => shortTime(b.properties.created, style) },
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
    field(style, "Created", `${bothZones(p.created)} by ${p.createdBy?.name ?? p.createdBy?.email ?? "?"}`, width),
    field(style, "Event time", bothZones(p.eventTime), width),
    field(style, "Labels", (p.labels ?? []).join(", ") || "none", width),
    field(style, "Incident", p.incidentInfo ? `${p.incidentInfo.title} (${p.incidentInfo.incidentId})` : "none", width),
    "",
    paint(style, "bold", "Query"),
    ...safe(p.query).split(/\s*\|\s*/).map((l, i) => `  ${i ? "| " : ""}${l}`),
  ];
  if (p.notes) out.push("", paint(style, "bold", "Notes"), ...wrap(safe(p.notes), width));
  return `${out.join("\n")}\n`;
}
