// The verbs of triage as analysts say them: assign, unassign, reopen, close (with the
// reason inferred when only one fits), label add/remove, and the task verbs. Each is
// one library call; the card or table of what the service now holds is the result.
import { IncidentClassification, type IncidentClassificationReason, IncidentTaskStatus, ReasonsForClassification, onlyReasonFor } from "../../api/enums.js";
import type { IncidentOwnerInfo } from "../../api/models.js";
import type { SentinelClient } from "../../client/sentinelClient.js";
import type { CliContext, CommandResult } from "../context.js";
import { UsageError } from "../errors.js";
import { enumFlag } from "../flagValues.js";
import { incidentCard, taskTable } from "../output/views.js";
import { incidentUpdate } from "./incidentUpdate.js";

/** `me` is the signed-in identity (on the emulator, the caller its token names); anything else is passed as typed. */
export async function ownerFor(client: SentinelClient, user: string): Promise<string | IncidentOwnerInfo> {
  if (user.trim() === "") throw new UsageError("the user is empty: give a UPN, email, objectId or 'me'");
  if (user.toLowerCase() !== "me") return user;
  const me = await client.signedInUser();
  const owner: IncidentOwnerInfo = {};
  if (me.objectId) owner.objectId = me.objectId;
  if (me.userPrincipalName) owner.userPrincipalName = me.userPrincipalName;
  if (me.email) owner.email = me.email;
  if (me.name) owner.assignedTo = me.name;
  return owner;
}

export async function incidentAssign(ctx: CliContext, incident: string, user: string): Promise<CommandResult> {
  const client = await ctx.client();
  const owner = await ownerFor(client, user);
  const result = await client.updateIncidentDetailed(incident, { owner });
  const p = result.incident.properties;
  const who = p.owner?.userPrincipalName ?? p.owner?.email ?? p.owner?.assignedTo ?? user;
  return {
    data: result.incident,
    human: (out) => incidentCard(result.incident, out.width, out.style),
    message: result.changed ? `Incident #${p.incidentNumber} assigned to ${who}.` : `Incident #${p.incidentNumber} was already assigned to ${who}; nothing changed.`,
  };
}

export async function incidentUnassign(ctx: CliContext, incident: string): Promise<CommandResult> {
  const client = await ctx.client();
  const result = await client.updateIncidentDetailed(incident, { owner: null });
  const n = result.incident.properties.incidentNumber;
  return {
    data: result.incident,
    human: (out) => incidentCard(result.incident, out.width, out.style),
    message: result.changed ? `Incident #${n} unassigned.` : `Incident #${n} was not assigned; nothing changed.`,
  };
}

/** Status Active; the library clears the classification, its reason and comment. */
export async function incidentReopen(ctx: CliContext, incident: string): Promise<CommandResult> {
  const client = await ctx.client();
  const result = await client.updateIncidentDetailed(incident, { status: "Active" });
  const n = result.incident.properties.incidentNumber;
  return {
    data: result.incident,
    human: (out) => incidentCard(result.incident, out.width, out.style),
    message: result.changed ? `Incident #${n} reopened (Active, classification cleared).` : `Incident #${n} was already open; nothing changed.`,
  };
}

export interface CloseFlags {
  classification: string;
  reason?: string;
  comment?: string;
}

/** The reason to close with: the one given, or the only one the classification allows. */
export function closeReason(classificationFlag: string, reasonFlag: string | undefined): { classification: IncidentClassification; reason?: IncidentClassificationReason } {
  const classification = enumFlag("--classification", IncidentClassification, classificationFlag);
  const fits = ReasonsForClassification[classification];
  if (reasonFlag !== undefined) {
    if (fits.length === 0) throw new UsageError(`--reason does not go with --classification ${classification}; leave it out`);
    return { classification, reason: enumFlag("--reason", fits, reasonFlag) };
  }
  const only = onlyReasonFor(classification);
  if (only) return { classification, reason: only };
  if (fits.length > 1) throw new UsageError(`--classification ${classification} needs --reason: one of ${fits.join(", ")}`);
  return { classification };
}

export async function incidentClose(ctx: CliContext, incident: string, flags: CloseFlags): Promise<CommandResult> {
  const { classification, reason } = closeReason(flags.classification, flags.reason);
  return incidentUpdate(ctx, incident, { status: "Closed", classification, reason, classificationComment: flags.comment });
}

export async function labelAdd(ctx: CliContext, incident: string, labels: string[]): Promise<CommandResult> {
  return labelChange(ctx, incident, labels, "add");
}

export async function labelRemove(ctx: CliContext, incident: string, labels: string[]): Promise<CommandResult> {
  return labelChange(ctx, incident, labels, "remove");
}

async function labelChange(ctx: CliContext, incident: string, labels: string[], how: "add" | "remove"): Promise<CommandResult> {
  if (labels.length === 0 || labels.some((l) => l.trim() === "")) throw new UsageError(`give at least one label to ${how}: sentinel incident label ${how} <incident> <label>...`);
  const client = await ctx.client();
  const result = await client.updateIncidentDetailed(incident, how === "add" ? { addLabels: labels } : { removeLabels: labels });
  const n = result.incident.properties.incidentNumber;
  const names = (result.incident.properties.labels ?? []).map((l) => l.labelName);
  return {
    data: result.incident,
    human: () => `Incident #${n} labels: ${names.join(", ") || "none"}\n`,
    message: result.changed ? undefined : "Nothing changed.",
  };
}

export interface TaskAddFlags {
  description?: string;
  id?: string;
}

export async function taskAdd(ctx: CliContext, incident: string, title: string, flags: TaskAddFlags): Promise<CommandResult> {
  const client = await ctx.client();
  const task = await client.createOrUpdateIncidentTask(incident, { title, description: flags.description, taskId: flags.id });
  return { data: task, human: (out) => taskTable([task], out.width, out.style), message: "Task added." };
}

export async function taskList(ctx: CliContext, incident: string): Promise<CommandResult> {
  const client = await ctx.client();
  const tasks = await client.listIncidentTasks(incident);
  return { data: tasks, human: (out) => taskTable(tasks, out.width, out.style) };
}

/** A task by its GUID, or by its whole title (case-insensitive) when only one task has it. */
async function findTask(client: SentinelClient, incident: string, ref: string) {
  const tasks = await client.listIncidentTasks(incident);
  const byId = tasks.find((t) => t.name?.toLowerCase() === ref.toLowerCase());
  if (byId) return byId;
  const byTitle = tasks.filter((t) => t.properties.title.toLowerCase() === ref.toLowerCase());
  if (byTitle.length === 1) return byTitle[0]!;
  if (byTitle.length > 1) throw new UsageError(`${byTitle.length} tasks are titled '${ref}'; give the task's id (sentinel incident task list <incident>)`);
  throw new UsageError(`the incident has no task '${ref}' (give its id or whole title; sentinel incident task list <incident> shows them)`);
}

async function taskStatus(ctx: CliContext, incident: string, ref: string, status: (typeof IncidentTaskStatus)[number]): Promise<CommandResult> {
  const client = await ctx.client();
  const task = await findTask(client, incident, ref);
  const updated = await client.createOrUpdateIncidentTask(incident, {
    taskId: task.name!,
    title: task.properties.title,
    description: task.properties.description,
    status,
  });
  return { data: updated, human: (out) => taskTable([updated], out.width, out.style), message: status === "Completed" ? "Task completed." : "Task reopened." };
}

export function taskComplete(ctx: CliContext, incident: string, task: string): Promise<CommandResult> {
  return taskStatus(ctx, incident, task, "Completed");
}

export function taskReopen(ctx: CliContext, incident: string, task: string): Promise<CommandResult> {
  return taskStatus(ctx, incident, task, "New");
}

export async function taskDelete(ctx: CliContext, incident: string, ref: string): Promise<CommandResult> {
  const client = await ctx.client();
  const task = await findTask(client, incident, ref);
  await client.deleteIncidentTask(incident, task.name!);
  return { data: { deleted: true, name: task.name }, human: () => `Task '${task.properties.title}' deleted.\n` };
}
