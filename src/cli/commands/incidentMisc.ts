// link-bookmark, create, delete, and the comments/relations/tasks lists of an incident.
import { IncidentSeverity, IncidentStatus } from "../../api/enums.js";
import { enumFlag } from "../flagValues.js";
import { createInterface } from "node:readline/promises";
import type { CliContext, CommandResult } from "../context.js";
import { UsageError } from "../errors.js";
import { deprecatedOwner } from "./incidentUpdate.js";
import { closeReason, ownerFor } from "./triage.js";
import { commentTable, incidentCard, relationTable, taskTable } from "../output/views.js";

export async function incidentLinkBookmark(ctx: CliContext, incident: string, bookmark: string): Promise<CommandResult> {
  const client = await ctx.client();
  const relation = await client.addBookmarkToIncident(incident, bookmark);
  return { data: relation, human: () => `Bookmark ${relation.properties.relatedResourceName} linked (relation ${relation.name}).\n` };
}

export interface CreateFlags {
  title: string;
  severity: string;
  status?: string;
  description?: string;
  firstActivity?: string;
  lastActivity?: string;
  label?: string[];
  bookmark?: string[];
  assign?: string;
  /** Deprecated spelling of --assign. */
  owner?: string;
  classification?: string;
  reason?: string;
  classificationComment?: string;
  id?: string;
}

export async function incidentCreate(ctx: CliContext, flags: CreateFlags): Promise<CommandResult> {
  if (flags.owner !== undefined) deprecatedOwner(ctx);
  if (flags.assign !== undefined && flags.owner !== undefined) throw new UsageError("give --assign only (--owner is its old, deprecated name)");
  const status = enumFlag("--status", IncidentStatus, flags.status);
  if (flags.classification === undefined && (flags.reason !== undefined || flags.classificationComment !== undefined)) {
    throw new UsageError("--reason and --classification-comment go with --classification");
  }
  if (flags.classification !== undefined && status !== "Closed") throw new UsageError("--classification is for a closed incident: add --status Closed");
  const verdict = flags.classification !== undefined ? closeReason(flags.classification, flags.reason) : undefined;
  const client = await ctx.client();
  const assign = flags.assign ?? flags.owner;
  const owner = assign === undefined ? undefined : await ownerFor(client, assign);
  const incident = await client.createIncident({
    title: flags.title,
    severity: enumFlag("--severity", IncidentSeverity, flags.severity),
    status,
    description: flags.description,
    firstActivityTime: flags.firstActivity,
    lastActivityTime: flags.lastActivity,
    labels: flags.label,
    bookmarks: flags.bookmark,
    owner,
    classification: verdict?.classification,
    classificationReason: verdict?.reason,
    classificationComment: flags.classificationComment,
    incidentId: flags.id,
  });
  return { data: incident, human: (out) => incidentCard(incident, out.width, out.style), message: `Incident #${incident.properties.incidentNumber} created.` };
}

export async function incidentDelete(ctx: CliContext, incident: string, flags: { yes?: boolean }): Promise<CommandResult> {
  const client = await ctx.client();
  // A delete names its incident exactly (GUID, #number, resource id or whole title), as every write does.
  const resolved = await client.resolveIncident(incident, { matchTitle: "exact" });
  const found = resolved.incident ?? (await client.getIncident(resolved.name));
  const label = `#${found.properties.incidentNumber} '${found.properties.title}'`;
  if (!flags.yes) {
    if (!ctx.io.stdin.isTTY || !ctx.io.stderr.isTTY) throw new UsageError(`refusing to delete incident ${label} without --yes (not on a terminal to ask)`);
    const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr });
    const answer = await rl.question(`Delete incident ${label}? This cannot be undone. [y/N] `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) return { data: { deleted: false, name: found.name }, human: () => "Not deleted.\n" };
  }
  await client.deleteIncident(found.name!);
  return { data: { deleted: true, name: found.name, incidentNumber: found.properties.incidentNumber }, human: () => `Incident ${label} deleted.\n` };
}

export async function incidentChildren(ctx: CliContext, kind: "comments" | "relations" | "tasks", incident: string): Promise<CommandResult> {
  const client = await ctx.client();
  switch (kind) {
    case "comments": {
      const items = await client.listComments(incident);
      return { data: items, human: (out) => commentTable(items, out.width, out.style) };
    }
    case "relations": {
      const items = await client.listRelations(incident);
      return { data: items, human: (out) => relationTable(items, out.width, out.style) };
    }
    case "tasks": {
      const items = await client.listIncidentTasks(incident);
      return { data: items, human: (out) => taskTable(items, out.width, out.style) };
    }
  }
}
