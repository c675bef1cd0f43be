// The write tools, registered only with --allow-writes. Each one: finds its incident
// exactly (GUID, #number or exact title), checks its arguments, asks the user when
// the client can ask (a declined write changes nothing), writes through the library,
// and shows the incident before and after. A retried call never doubles a write:
// comments and tasks get ids derived from what they say, and a retried creation
// within the server's run reuses the incident id it chose the first time.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { IncidentClassification, IncidentClassificationReason, IncidentSeverity, ReasonsForClassification, onlyReasonFor } from "../api/enums.js";
import type { Incident } from "../api/models.js";
import { isGuid } from "../api/resourceId.js";
import type { SentinelClient } from "../client/sentinelClient.js";
import { askConsent } from "./confirm.js";
import { resolveExactly } from "./resolveExact.js";
import { BookmarkView, CommentView, IncidentView, TaskView, bookmarkView, commentView, incidentView, taskView } from "./shapes.js";
import { fence, quoted } from "./text.js";
import { incidentLine } from "./readTools.js";
import { DATA_NOTICE, guarded, oneOf, result, toolArgs, workspaceArg } from "./tools.js";
import { ToolInputError, type McpWorkspace, type WorkspaceSet } from "./workspaces.js";

const OPEN_STATUSES = ["New", "Active"] as const;
const CREATE_MEMORY_MS = 10 * 60_000;

const WriteResult = {
  workspace: z.string(),
  applied: z.boolean().describe("false when the user declined: nothing was changed"),
  changed: z.boolean().describe("false when nothing had to change (already so) or the write was declined"),
  before: IncidentView.nullable().describe("the incident before the write (null for a creation)"),
  after: IncidentView.nullable().describe("the incident after the write (as before when nothing was written)"),
  note: z.string().optional(),
  comment: CommentView.optional(),
  task: TaskView.optional(),
  bookmark: BookmarkView.optional(),
};

/** A GUID derived from text, so the same request always names the same comment or task. */
export function derivedGuid(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function ownerArg(value: string): string {
  const v = value.trim();
  if (isGuid(v) || /^[^\s@]+@[^\s@]+$/.test(v)) return v;
  throw new ToolInputError(`'owner' must be a user principal name or email (name@domain) or an objectId GUID; got ${quoted(value, 100)}.`, "owner");
}

/** The reason to close with: the one given, checked, or the only one that fits (as the library and the command line do). */
function closeReason(classification: IncidentClassification, reason: IncidentClassificationReason | undefined): IncidentClassificationReason | undefined {
  const allowed = ReasonsForClassification[classification];
  if (allowed.length === 0 && reason !== undefined) throw new ToolInputError(`'reason' must be left out for classification ${classification}; got ${reason}.`, "reason");
  if (reason === undefined) reason = onlyReasonFor(classification);
  if (allowed.length > 1 && reason === undefined) throw new ToolInputError(`'reason' is required for classification ${classification}; allowed values: ${allowed.join(", ")}.`, "reason");
  if (reason !== undefined && allowed.length > 0 && !allowed.includes(reason)) {
    throw new ToolInputError(`'reason' ${reason} does not fit classification ${classification}; allowed values: ${allowed.join(", ")}.`, "reason");
  }
  return reason;
}

type WriteOutcome = { after: Incident | null; changed: boolean; note?: string; extra?: Record<string, unknown> };

interface WritePlan {
  ws: McpWorkspace;
  /** The incident as read before (null when creating one). */
  before: Incident | null;
  /** What the tool does, in words, for the question and the result. */
  change: string;
  verb: string;
  apply: () => Promise<WriteOutcome>;
}

export function registerWriteTools(server: McpServer, workspaces: WorkspaceSet): void {
  const workspace = workspaceArg(workspaces);
  const incident = z.string().min(1).describe("the incident: its GUID, #number (e.g. #42) or its exact title (case-insensitive); nothing else is accepted for a write");
  const created = new Map<string, { id: string; at: number }>();

  /** Confirms (when the client can ask), applies, and renders a write. */
  async function perform(plan: WritePlan, signal: AbortSignal) {
    const { ws, before } = plan;
    const target = before
      ? `incident #${before.properties.incidentNumber ?? "?"} (${before.name}) titled ${quoted(before.properties.title ?? "")}, now ${before.properties.severity}, ${before.properties.status}`
      : "a new incident";
    const consent = await askConsent(server, `Sentinel workspace ${ws.name}: ${plan.verb} ${target}?\nChange: ${plan.change}`, signal);
    const beforeView = before ? incidentView(before) : null;
    if (consent === "declined") {
      return result(
        { workspace: ws.name, applied: false, changed: false, before: beforeView, after: beforeView, note: "The user declined; nothing was changed." },
        `Declined by the user: nothing was changed in workspace ${ws.name}.`,
      );
    }
    const outcome = await plan.apply();
    const afterView = outcome.after ? incidentView(outcome.after) : null;
    const lines = [beforeView ? `before: ${incidentLine(beforeView)}` : undefined, afterView ? `after:  ${incidentLine(afterView)}` : undefined].filter(Boolean).join("\n");
    const head = `${outcome.changed ? "Done" : "Nothing to change"} in workspace ${ws.name}: ${plan.change}.${outcome.note ? ` ${outcome.note}` : ""}`;
    return result(
      { workspace: ws.name, applied: true, changed: outcome.changed, before: beforeView, after: afterView, ...(outcome.note ? { note: outcome.note } : {}), ...outcome.extra },
      `${head}\n${fence("The incident before and after", lines)}`,
    );
  }

  const reread = (client: SentinelClient, id: string, signal: AbortSignal) => client.getIncident(id, { abortSignal: signal });
  const annotations = (title: string, destructive: boolean, idempotent: boolean) => ({ title, readOnlyHint: false, destructiveHint: destructive, idempotentHint: idempotent, openWorldHint: true });
  const describe = (what: string) => `${what} Asks the user first when the client supports elicitation; the result shows the incident before and after. ${DATA_NOTICE}`;

  server.registerTool(
    "update_incident",
    {
      title: "Update an incident",
      description: describe("Change the severity, status (New or Active; close_incident closes), title or description of an incident, or add and remove labels; every field not named is kept."),
      inputSchema: toolArgs({
        workspace,
        incident,
        severity: oneOf(IncidentSeverity).optional(),
        status: z.enum(OPEN_STATUSES, { error: () => `must be one of: ${OPEN_STATUSES.join(", ")} (close_incident closes an incident)` }).optional(),
        title: z.string().min(1).max(5000).optional(),
        description: z.string().max(32_000).optional(),
        addLabels: z.array(z.string().min(1)).optional(),
        removeLabels: z.array(z.string().min(1)).optional(),
      }),
      outputSchema: WriteResult,
      annotations: annotations("Update an incident", true, true),
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        const update: Record<string, unknown> = {};
        const parts: string[] = [];
        const set = (key: string, value: unknown, said: string) => {
          update[key] = value;
          parts.push(said);
        };
        if (args.severity) set("severity", args.severity, `severity → ${args.severity}`);
        if (args.status) set("status", args.status, `status → ${args.status}`);
        if (args.title !== undefined) set("title", args.title, `title → ${quoted(args.title)}`);
        if (args.description !== undefined) set("description", args.description, `description → ${args.description.length} characters`);
        if (args.addLabels?.length) set("addLabels", args.addLabels, `add labels ${args.addLabels.map((l) => quoted(l, 80)).join(", ")}`);
        if (args.removeLabels?.length) set("removeLabels", args.removeLabels, `remove labels ${args.removeLabels.map((l) => quoted(l, 80)).join(", ")}`);
        if (parts.length === 0) throw new ToolInputError("nothing to update: give at least one of severity, status, title, description, addLabels, removeLabels.", "severity");
        const before = await resolveExactly(ws.client, args.incident, extra.signal);
        return perform(
          {
            ws,
            before,
            verb: "update",
            change: parts.join("; "),
            apply: async () => {
              const r = await ws.client.updateIncidentDetailed(before.name!, update, { abortSignal: extra.signal, current: before });
              return { after: r.incident, changed: r.changed };
            },
          },
          extra.signal,
        );
      }),
  );

  server.registerTool(
    "assign_incident",
    {
      title: "Assign an incident",
      description: describe("Assign an incident to a user (UPN, email or objectId), or unassign it."),
      inputSchema: toolArgs({
        workspace,
        incident,
        owner: z.string().min(1).optional().describe("the new owner: UPN, email or Entra objectId"),
        unassign: z.boolean().optional().describe("true to remove the owner (instead of 'owner')"),
      }),
      outputSchema: WriteResult,
      annotations: annotations("Assign an incident", true, true),
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        if ((args.owner !== undefined) === (args.unassign === true)) throw new ToolInputError("give exactly one of 'owner' (a UPN, email or objectId) or 'unassign': true.", "owner");
        const owner = args.owner !== undefined ? ownerArg(args.owner) : null;
        const before = await resolveExactly(ws.client, args.incident, extra.signal);
        return perform(
          {
            ws,
            before,
            verb: owner ? "assign" : "unassign",
            change: owner ? `owner → ${owner}` : "remove the owner",
            apply: async () => {
              const r = await ws.client.updateIncidentDetailed(before.name!, { owner }, { abortSignal: extra.signal, current: before });
              return { after: r.incident, changed: r.changed };
            },
          },
          extra.signal,
        );
      }),
  );

  server.registerTool(
    "close_incident",
    {
      title: "Close an incident",
      description: describe(
        `Close an incident with a classification and the reason that fits it, which may be left out when only one fits (${Object.entries(ReasonsForClassification)
          .map(([c, r]) => `${c}: ${r.length ? r.join(" or ") : "no reason"}`)
          .join("; ")}), and an optional closing comment.`,
      ),
      inputSchema: toolArgs({
        workspace,
        incident,
        classification: oneOf(IncidentClassification),
        reason: oneOf(IncidentClassificationReason).optional().describe("the classification reason; must fit the classification; when only one fits it is filled in"),
        comment: z.string().max(30_000).optional().describe("the closing (classification) comment"),
      }),
      outputSchema: WriteResult,
      annotations: annotations("Close an incident", true, true),
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        const reason = closeReason(args.classification, args.reason);
        const before = await resolveExactly(ws.client, args.incident, extra.signal);
        const update: Record<string, unknown> = { status: "Closed", classification: args.classification };
        if (reason) update.classificationReason = reason;
        if (args.comment !== undefined) update.classificationComment = args.comment;
        return perform(
          {
            ws,
            before,
            verb: "close",
            change: `status → Closed as ${args.classification}${reason ? ` (${reason})` : ""}${args.comment ? ` with comment ${quoted(args.comment)}` : ""}`,
            apply: async () => {
              const r = await ws.client.updateIncidentDetailed(before.name!, update, { abortSignal: extra.signal, current: before });
              return { after: r.incident, changed: r.changed };
            },
          },
          extra.signal,
        );
      }),
  );

  server.registerTool(
    "reopen_incident",
    {
      title: "Reopen an incident",
      description: describe("Reopen a closed incident: its status becomes Active and its classification, reason and classification comment are cleared."),
      inputSchema: toolArgs({ workspace, incident }),
      outputSchema: WriteResult,
      annotations: annotations("Reopen an incident", true, true),
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        const before = await resolveExactly(ws.client, args.incident, extra.signal);
        return perform(
          {
            ws,
            before,
            verb: "reopen",
            change: "status → Active; classification, reason and classification comment cleared",
            apply: async () => {
              if (before.properties.status !== "Closed") return { after: before, changed: false, note: `It is not closed (status ${before.properties.status}).` };
              // Reopening clears the verdict: the library does it with the status change, as the portal does.
              const r = await ws.client.updateIncidentDetailed(before.name!, { status: "Active" }, { abortSignal: extra.signal, current: before });
              return { after: r.incident, changed: r.changed };
            },
          },
          extra.signal,
        );
      }),
  );

  server.registerTool(
    "add_comment",
    {
      title: "Comment on an incident",
      description: describe("Post a comment on an incident (at most 30,000 characters). Posting the same text again on the same incident rewrites the same comment, so a retry never doubles it."),
      inputSchema: toolArgs({ workspace, incident, text: z.string().min(1).max(30_000).describe("the comment (plain text or the HTML Sentinel renders)") }),
      outputSchema: WriteResult,
      annotations: annotations("Comment on an incident", false, true),
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        if (args.text.trim() === "") throw new ToolInputError("'text' is blank.", "text");
        const before = await resolveExactly(ws.client, args.incident, extra.signal);
        const commentId = derivedGuid("comment", ws.client.workspace.workspaceName, before.name!, args.text);
        return perform(
          {
            ws,
            before,
            verb: "comment on",
            change: `post a comment of ${args.text.length} characters: ${quoted(args.text, 300)}`,
            apply: async () => {
              const comment = await ws.client.postComment(before.name!, args.text, { abortSignal: extra.signal, commentId });
              return { after: await reread(ws.client, before.name!, extra.signal), changed: true, extra: { comment: commentView(comment) } };
            },
          },
          extra.signal,
        );
      }),
  );

  server.registerTool(
    "link_bookmark",
    {
      title: "Link a bookmark to an incident",
      description: describe("Link a hunting bookmark (its GUID or exact display name) to an incident as evidence."),
      inputSchema: toolArgs({ workspace, incident, bookmark: z.string().min(1).describe("the bookmark's GUID or exact display name (case-insensitive)") }),
      outputSchema: WriteResult,
      annotations: annotations("Link a bookmark", false, true),
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        const before = await resolveExactly(ws.client, args.incident, extra.signal);
        const bookmark = await ws.client.getBookmark(args.bookmark.trim(), { abortSignal: extra.signal });
        if (!isGuid(args.bookmark.trim()) && (bookmark.properties.displayName ?? "").toLowerCase() !== args.bookmark.toLowerCase()) {
          throw new ToolInputError(`no bookmark has exactly the display name ${quoted(args.bookmark)}; name it by GUID or exact name (list_bookmarks lists them).`, "bookmark");
        }
        return perform(
          {
            ws,
            before,
            verb: "link a bookmark to",
            change: `link bookmark ${bookmark.name} ${quoted(bookmark.properties.displayName ?? "")}`,
            apply: async () => {
              const linked = (await ws.client.listRelations(before.name!, { abortSignal: extra.signal })).some((r) => r.properties.relatedResourceName === bookmark.name);
              if (!linked) await ws.client.addBookmarkToIncident(before.name!, bookmark.name!, { abortSignal: extra.signal });
              return { after: await reread(ws.client, before.name!, extra.signal), changed: !linked, extra: { bookmark: bookmarkView(bookmark) }, note: linked ? "It was already linked." : undefined };
            },
          },
          extra.signal,
        );
      }),
  );

  server.registerTool(
    "create_incident",
    {
      title: "Create an incident",
      description: describe("Create an incident. Give 'incidentId' (a GUID you choose) to make re-running it safe; without one, the same call repeated within ten minutes of this server's run reuses the first id and creates nothing new."),
      inputSchema: toolArgs({
        workspace,
        title: z.string().min(1).max(5000),
        severity: oneOf(IncidentSeverity),
        status: z.enum(OPEN_STATUSES, { error: () => `must be one of: ${OPEN_STATUSES.join(", ")}` }).optional(),
        description: z.string().max(32_000).optional(),
        labels: z.array(z.string().min(1)).optional(),
        owner: z.string().min(1).optional().describe("UPN, email or objectId"),
        incidentId: z.string().optional().describe("the new incident's GUID"),
      }),
      outputSchema: WriteResult,
      annotations: annotations("Create an incident", false, false),
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        if (args.incidentId !== undefined && !isGuid(args.incidentId)) throw new ToolInputError(`'incidentId' must be a GUID; got ${quoted(args.incidentId, 80)}.`, "incidentId");
        const owner = args.owner !== undefined ? ownerArg(args.owner) : undefined;
        const key = createHash("sha256").update(JSON.stringify([ws.name, args.title, args.severity, args.status, args.description, args.labels, owner])).digest("hex");
        const now = Date.now();
        for (const [k, v] of created) if (now - v.at > CREATE_MEMORY_MS) created.delete(k);
        const remembered = created.get(key);
        return perform(
          {
            ws,
            before: null,
            verb: "create",
            change: `create a ${args.severity} incident titled ${quoted(args.title)}${args.labels?.length ? ` with labels ${args.labels.map((l) => quoted(l, 80)).join(", ")}` : ""}${owner ? `, owner ${owner}` : ""}`,
            apply: async () => {
              const incidentId = args.incidentId ?? remembered?.id ?? derivedGuid("incident", key, String(now), String(Math.random()));
              created.set(key, { id: incidentId, at: remembered?.at ?? now });
              const after = await ws.client.createIncident(
                { title: args.title, severity: args.severity, status: args.status, description: args.description, labels: args.labels, owner, incidentId },
                { abortSignal: extra.signal },
              );
              return { after, changed: true, note: remembered && !args.incidentId ? "The same creation was asked a moment ago: the incident created then was rewritten, not doubled." : undefined };
            },
          },
          extra.signal,
        );
      }),
  );

  server.registerTool(
    "add_task",
    {
      title: "Add a task to an incident",
      description: describe("Add a task (a to-do item) to an incident. A task with the same title already on the incident is kept as it is, so a retry never doubles it."),
      inputSchema: toolArgs({ workspace, incident, title: z.string().min(1).max(5000), description: z.string().max(30_000).optional() }),
      outputSchema: WriteResult,
      annotations: annotations("Add a task", false, true),
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        const before = await resolveExactly(ws.client, args.incident, extra.signal);
        return perform(
          {
            ws,
            before,
            verb: "add a task to",
            change: `add task ${quoted(args.title)}`,
            apply: async () => {
              const tasks = await ws.client.listIncidentTasks(before.name!, { abortSignal: extra.signal });
              const same = tasks.find((t) => (t.properties.title ?? "").toLowerCase() === args.title.toLowerCase());
              const task =
                same ??
                (await ws.client.createOrUpdateIncidentTask(
                  before.name!,
                  { taskId: derivedGuid("task", ws.client.workspace.workspaceName, before.name!, args.title.toLowerCase()), title: args.title, description: args.description },
                  { abortSignal: extra.signal },
                ));
              return { after: await reread(ws.client, before.name!, extra.signal), changed: !same, extra: { task: taskView(task) }, note: same ? "A task with this title was already there; it was kept." : undefined };
            },
          },
          extra.signal,
        );
      }),
  );

  server.registerTool(
    "complete_task",
    {
      title: "Complete a task",
      description: describe("Mark a task of an incident as Completed; the task is named by its GUID or exact title."),
      inputSchema: toolArgs({ workspace, incident, task: z.string().min(1).describe("the task's GUID or exact title (case-insensitive)") }),
      outputSchema: WriteResult,
      annotations: annotations("Complete a task", false, true),
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        const before = await resolveExactly(ws.client, args.incident, extra.signal);
        const tasks = await ws.client.listIncidentTasks(before.name!, { abortSignal: extra.signal });
        const wanted = args.task.trim().toLowerCase();
        const matches = tasks.filter((t) => t.name?.toLowerCase() === wanted || (t.properties.title ?? "").toLowerCase() === args.task.toLowerCase());
        if (matches.length !== 1) {
          const listing = tasks.map((t) => `${t.name}  ${t.properties.status}  ${t.properties.title}`).join("\n") || "(none)";
          throw new ToolInputError(`${matches.length === 0 ? "no task of this incident is named" : "several tasks are named"} ${quoted(args.task)}; name it by GUID.\n${fence("The incident's tasks", listing)}`, "task");
        }
        const task = matches[0]!;
        return perform(
          {
            ws,
            before,
            verb: "complete a task of",
            change: `task ${task.name} ${quoted(task.properties.title ?? "")} → Completed`,
            apply: async () => {
              if (task.properties.status === "Completed") return { after: before, changed: false, extra: { task: taskView(task) }, note: "The task was already completed." };
              const done = await ws.client.createOrUpdateIncidentTask(
                before.name!,
                { taskId: task.name!, title: task.properties.title, description: task.properties.description, status: "Completed" },
                { abortSignal: extra.signal },
              );
              return { after: await reread(ws.client, before.name!, extra.signal), changed: true, extra: { task: taskView(done) } };
            },
          },
          extra.signal,
        );
      }),
  );
}
