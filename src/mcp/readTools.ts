// The read tools, always registered: list_incidents, get_incident, list_comments,
// list_bookmarks. Each result fits RESULT_BUDGET and says how to get what was left out.
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { IncidentClassification, IncidentSeverity, IncidentStatus } from "../api/enums.js";
import { andFilters, incidentFilter, odataString } from "../client/filter.js";
import { isGuid } from "../api/resourceId.js";
import type { CursorCodec } from "./cursor.js";
import {
  AlertView,
  BookmarkView,
  CommentView,
  EntityView,
  IncidentView,
  LIMITS,
  TaskView,
  alertView,
  bookmarkView,
  commentView,
  entityView,
  incidentView,
  taskView,
} from "./shapes.js";
import { RESULT_BUDGET, fence, line, sizeOf } from "./text.js";
import { DATA_NOTICE, guarded, isoTime, oneOf, result, toolArgs, workspaceArg } from "./tools.js";
import { ToolInputError, type WorkspaceSet } from "./workspaces.js";

export const MAX_LIST_LIMIT = 200;

const ORDERS = {
  newest: "properties/createdTimeUtc desc",
  oldest: "properties/createdTimeUtc asc",
  recentlyModified: "properties/lastModifiedTimeUtc desc",
  highestNumber: "properties/incidentNumber desc",
  lowestNumber: "properties/incidentNumber asc",
} as const;
const ORDER_NAMES = Object.keys(ORDERS) as [keyof typeof ORDERS, ...(keyof typeof ORDERS)[]];

const INCLUDE = ["entities", "alerts", "comments", "bookmarks", "tasks"] as const;

const READ_ANNOTATIONS = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true } as const;

/** One line per incident for the text rendering. */
export function incidentLine(v: IncidentView): string {
  return line(`#${v.number ?? "?"}`, v.id, v.severity, v.status, v.owner ?? "unassigned", v.title);
}

/** The OData filter for list_incidents' arguments. */
export function listFilter(a: {
  severity?: string[];
  status?: string[];
  owner?: string;
  label?: string;
  classification?: string[];
  createdAfter?: string;
  createdBefore?: string;
  modifiedAfter?: string;
  modifiedBefore?: string;
  titleContains?: string;
}): string | undefined {
  const terms: (string | undefined)[] = [
    incidentFilter({
      severity: a.severity,
      status: a.status,
      createdAfter: isoTime("createdAfter", a.createdAfter),
      createdBefore: isoTime("createdBefore", a.createdBefore),
      modifiedAfter: isoTime("modifiedAfter", a.modifiedAfter),
      titleContains: a.titleContains,
      label: a.label,
    }),
  ];
  const modifiedBefore = isoTime("modifiedBefore", a.modifiedBefore);
  if (modifiedBefore) terms.push(`properties/lastModifiedTimeUtc lt ${modifiedBefore}`);
  if (a.classification?.length) terms.push(a.classification.map((c) => `properties/classification eq ${odataString(c)}`).join(" or "));
  if (a.owner !== undefined) {
    const owner = a.owner.trim();
    if (owner === "") throw new ToolInputError("'owner' is empty; give a UPN, email, objectId or 'unassigned'.", "owner");
    if (owner.toLowerCase() === "unassigned") {
      terms.push(["objectId", "userPrincipalName", "email", "assignedTo"].map((k) => `properties/owner/${k} eq null`).join(" and "));
    } else if (isGuid(owner)) {
      terms.push(`properties/owner/objectId eq ${odataString(owner)}`);
    } else {
      const lit = odataString(owner);
      terms.push(`tolower(properties/owner/userPrincipalName) eq tolower(${lit}) or tolower(properties/owner/email) eq tolower(${lit}) or tolower(properties/owner/assignedTo) eq tolower(${lit})`);
    }
  }
  return andFilters(...terms);
}

/** Drops items from the end of the largest lists until the whole fits the budget; returns how many each lost. */
function fitSections(base: Record<string, unknown>, sections: Record<string, unknown[]>, budget = RESULT_BUDGET): Record<string, number> {
  const sizes = Object.fromEntries(Object.entries(sections).map(([k, items]) => [k, items.map((i) => sizeOf(i) + 1)]));
  const total = () => sizeOf(base) + Object.values(sizes).reduce((s, list) => s + list.reduce((a, b) => a + b, 0), 0) + 200;
  const omitted: Record<string, number> = {};
  let over = total() - budget;
  while (over > 0) {
    const largest = Object.entries(sizes)
      .filter(([, list]) => list.length > 0)
      .sort((a, b) => b[1].reduce((x, y) => x + y, 0) - a[1].reduce((x, y) => x + y, 0))[0];
    if (!largest) break;
    const [key, list] = largest;
    over -= list.pop()!;
    sections[key]!.pop();
    omitted[key] = (omitted[key] ?? 0) + 1;
  }
  return omitted;
}

export function registerReadTools(server: McpServer, workspaces: WorkspaceSet, cursors: CursorCodec): void {
  const workspace = workspaceArg(workspaces);

  server.registerTool(
    "list_incidents",
    {
      title: "List incidents",
      description: `List Microsoft Sentinel incidents matching filters, newest first by default, at most 'limit' (≤ ${MAX_LIST_LIMIT}) per call; pass 'nextCursor' back as 'cursor' for the next page. ${DATA_NOTICE}`,
      inputSchema: toolArgs({
        workspace,
        severity: z.array(oneOf(IncidentSeverity)).min(1).optional().describe("any of these severities"),
        status: z.array(oneOf(IncidentStatus)).min(1).optional().describe("any of these statuses"),
        owner: z.string().optional().describe("assigned to this UPN, email or objectId; 'unassigned' for incidents with no owner"),
        label: z.string().optional().describe("carries this label (exact name)"),
        classification: z.array(oneOf(IncidentClassification)).min(1).optional().describe("closed with any of these classifications"),
        createdAfter: z.string().optional().describe("created at or after this ISO 8601 time"),
        createdBefore: z.string().optional().describe("created before this ISO 8601 time"),
        modifiedAfter: z.string().optional().describe("last modified at or after this ISO 8601 time"),
        modifiedBefore: z.string().optional().describe("last modified before this ISO 8601 time"),
        titleContains: z.string().min(1).optional().describe("title contains this text (case-insensitive)"),
        order: oneOf(ORDER_NAMES).optional().describe(`sort order (default newest): ${ORDER_NAMES.join(", ")}`),
        limit: z.number().int().min(1).max(MAX_LIST_LIMIT).optional().describe(`at most this many incidents (default 50, at most ${MAX_LIST_LIMIT}); fewer come back when they would not fit the result size`),
        cursor: z.string().optional().describe("the nextCursor of an earlier call: continues that listing (its filters and order are carried in it)"),
      }),
      outputSchema: {
        workspace: z.string(),
        incidents: z.array(IncidentView),
        nextCursor: z.string().optional().describe("pass as 'cursor' for the next incidents; absent at the end"),
      },
      annotations: { title: "List incidents", ...READ_ANNOTATIONS },
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        const limit = args.limit ?? 50;
        let state;
        if (args.cursor !== undefined) {
          state = cursors.decode(args.cursor);
          // A cursor continues its own listing. The same filters may come with it (clients
          // often resend them); other ones would be silently ignored, so they are refused.
          const FILTER_ARGS = ["severity", "status", "owner", "label", "classification", "createdAfter", "createdBefore", "modifiedAfter", "modifiedBefore", "titleContains"] as const;
          const given = FILTER_ARGS.filter((k) => args[k] !== undefined);
          const otherFilter = given.length > 0 && listFilter(args) !== state.filter;
          const otherOrder = args.order !== undefined && ORDERS[args.order] !== state.orderby;
          if (otherFilter || otherOrder) {
            const named = [...given, ...(args.order !== undefined ? ["order"] : [])];
            throw new ToolInputError(`'cursor' continues the listing it came from, with that listing's filters and order, and ${named.map((k) => `'${k}'`).join(", ")} differ from them; leave them out, or start a new listing without 'cursor'.`, named[0]!);
          }
          if (state.workspace !== ws.name) throw new ToolInputError(`'cursor' belongs to workspace ${state.workspace}, not ${ws.name}.`, "cursor");
        } else {
          state = { workspace: ws.name, filter: listFilter(args), orderby: ORDERS[args.order ?? "newest"], skip: 0 };
        }
        const incidents: IncidentView[] = [];
        let used = 300;
        let next: typeof state | undefined;
        let link = state.link;
        let skip = state.skip;
        const pages = ws.client
          .iterateIncidents({ $filter: state.filter, $orderby: state.orderby, $top: limit }, { abortSignal: extra.signal })
          .byPage(link ? { continuationToken: link, maxPageSize: limit } : { maxPageSize: limit });
        outer: for await (const page of pages) {
          for (let i = skip; i < page.length; i++) {
            const view = incidentView(page[i]!, { compact: true, descriptionMax: LIMITS.listDescription, more: () => `get_incident {"incident":"${page[i]!.name}"}` }, 6_000);
            const size = sizeOf(view) + 1;
            // At least one per call, so a listing always moves on (each view is bounded well below the budget).
            if (incidents.length >= limit || (incidents.length > 0 && used + size > RESULT_BUDGET)) {
              next = { ...state, link, skip: i };
              break outer;
            }
            incidents.push(view);
            used += size;
          }
          if (!page.continuationToken) break;
          link = page.continuationToken;
          skip = 0;
          if (incidents.length >= limit) {
            next = { ...state, link, skip: 0 };
            break;
          }
        }
        const nextCursor = next ? cursors.encode(next) : undefined;
        const head = `${incidents.length} incident${incidents.length === 1 ? "" : "s"} in workspace ${ws.name}${nextCursor ? "; more: call again with the nextCursor as 'cursor'" : ""}.`;
        const text = incidents.length ? `${head}\n${fence("The incident list", incidents.map(incidentLine).join("\n"))}` : head;
        return result({ workspace: ws.name, incidents, ...(nextCursor ? { nextCursor } : {}) }, text);
      }),
  );

  server.registerTool(
    "get_incident",
    {
      title: "Get an incident",
      description: `Read one incident by GUID, #number or title, optionally with its entities (summarised by kind), alerts, comments, bookmarks and tasks. A long description is cut with a marker; 'textOffset' reads on from there. ${DATA_NOTICE}`,
      inputSchema: toolArgs({
        workspace,
        incident: z.string().min(1).describe("the incident's GUID, #number (e.g. #42) or title"),
        include: z.array(oneOf(INCLUDE)).optional().describe(`what to add: ${INCLUDE.join(", ")}`),
        textOffset: z.number().int().min(0).optional().describe("show the description from this character on (as a cut marker says)"),
      }),
      outputSchema: {
        workspace: z.string(),
        incident: IncidentView,
        entities: z.object({ total: z.number(), byKind: z.record(z.string(), z.number()), items: z.array(EntityView), omitted: z.number() }).optional(),
        alerts: z.object({ items: z.array(AlertView), omitted: z.number() }).optional(),
        comments: z.object({ items: z.array(CommentView), omitted: z.number() }).optional(),
        bookmarks: z.object({ items: z.array(BookmarkView), omitted: z.number() }).optional(),
        tasks: z.object({ items: z.array(TaskView), omitted: z.number() }).optional(),
      },
      annotations: { title: "Get an incident", ...READ_ANNOTATIONS },
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        const include = new Set(args.include ?? []);
        const options = { abortSignal: extra.signal };
        const details = await ws.client.getIncident(args.incident, {
          ...options,
          entities: include.has("entities"),
          alerts: include.has("alerts"),
          comments: include.has("comments"),
          bookmarks: include.has("bookmarks"),
        });
        const tasks = include.has("tasks") ? await ws.client.listIncidentTasks(details.name!, options) : undefined;
        const id = details.name!;
        const offset = args.textOffset ?? 0;
        if (offset > 0 && offset >= (details.properties.description ?? "").length) {
          throw new ToolInputError(`'textOffset' ${offset} is past the end of the description (${(details.properties.description ?? "").length} characters).`, "textOffset");
        }
        const view = incidentView(details, {
          descriptionOffset: offset,
          more: (o) => `get_incident {"incident":"${id}","textOffset":${o}}`,
        });
        const sections: Record<string, unknown[]> = {};
        if (details.entities) sections.entities = details.entities.map(entityView);
        if (details.alerts) sections.alerts = details.alerts.map(alertView);
        if (details.comments) sections.comments = details.comments.map((c) => commentView(c, (cid, o) => `list_comments {"incident":"${id}","commentId":"${cid}","textOffset":${o}}`));
        if (details.bookmarks) sections.bookmarks = details.bookmarks.map((b) => bookmarkView(b));
        if (tasks) sections.tasks = tasks.map(taskView);
        const base = { workspace: ws.name, incident: view };
        const omitted = fitSections(base, sections);
        const out: Record<string, unknown> = { ...base };
        if (details.entities) {
          const byKind: Record<string, number> = {};
          for (const m of details.entitiesSummary ?? []) byKind[m.entityKind] = m.count;
          if (Object.keys(byKind).length === 0) for (const e of details.entities) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
          out.entities = { total: details.entities.length, byKind, items: sections.entities, omitted: omitted.entities ?? 0 };
        }
        for (const k of ["alerts", "comments", "bookmarks", "tasks"] as const) if (sections[k]) out[k] = { items: sections[k], omitted: omitted[k] ?? 0 };

        const lines = [incidentLine(view)];
        if (view.description) lines.push("", "Description:", view.description);
        const counts = Object.entries(sections).map(([k, items]) => `${k}: ${items.length}${omitted[k] ? ` shown, ${omitted[k]} left out to fit` : ""}`);
        const head = `Incident #${view.number ?? "?"} (${id}) in workspace ${ws.name}: ${view.severity}, ${view.status}, ${view.owner ? `owner ${view.owner}` : "unassigned"}${view.classification ? `, classified ${view.classification}` : ""}.${counts.length ? ` Included — ${counts.join("; ")} (see the structured content).` : ""}`;
        return result(out, `${head}\n${fence("The incident's title and description", lines.join("\n"))}`);
      }),
  );

  server.registerTool(
    "list_comments",
    {
      title: "List an incident's comments",
      description: `The comments of an incident, oldest first, from 'offset' on; a long comment is cut with a marker, and 'commentId' with 'textOffset' reads on. ${DATA_NOTICE}`,
      inputSchema: toolArgs({
        workspace,
        incident: z.string().min(1).describe("the incident's GUID, #number or title"),
        offset: z.number().int().min(0).optional().describe("skip this many comments (the nextOffset of an earlier call)"),
        limit: z.number().int().min(1).max(MAX_LIST_LIMIT).optional().describe("at most this many comments (default 50)"),
        commentId: z.string().optional().describe("only this comment (with textOffset, to read a long one on)"),
        textOffset: z.number().int().min(0).optional().describe("with commentId: show its text from this character on"),
      }),
      outputSchema: { workspace: z.string(), incident: z.string(), total: z.number(), comments: z.array(CommentView), nextOffset: z.number().optional() },
      annotations: { title: "List comments", ...READ_ANNOTATIONS },
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        if (args.textOffset !== undefined && args.commentId === undefined) throw new ToolInputError("'textOffset' needs 'commentId'.", "textOffset");
        const resolved = await ws.client.resolveIncident(args.incident, { abortSignal: extra.signal });
        const all = await ws.client.listComments(resolved.name, { abortSignal: extra.signal });
        const more = (cid: string, o: number) => `list_comments {"incident":"${resolved.name}","commentId":"${cid}","textOffset":${o}}`;
        let chosen = all;
        if (args.commentId !== undefined) {
          chosen = all.filter((c) => c.name === args.commentId);
          if (chosen.length === 0) throw new ToolInputError(`'commentId' ${JSON.stringify(args.commentId)} is not a comment of this incident.`, "commentId");
        }
        const start = args.commentId !== undefined ? 0 : (args.offset ?? 0);
        const limit = args.limit ?? 50;
        const comments: CommentView[] = [];
        let used = 300;
        let nextOffset: number | undefined;
        for (let i = start; i < chosen.length; i++) {
          const view = commentView(chosen[i]!, more, args.textOffset ?? 0);
          const size = sizeOf(view) + 1;
          if (comments.length >= limit || (comments.length > 0 && used + size > RESULT_BUDGET)) {
            nextOffset = i;
            break;
          }
          comments.push(view);
          used += size;
        }
        const head = `${comments.length} of ${all.length} comments of incident ${resolved.name} in workspace ${ws.name}${nextOffset !== undefined ? `; more with offset ${nextOffset}` : ""}.`;
        const body = comments.map((c) => `${line(c.createdTimeUtc, c.author, c.id)}\n${c.message}`).join("\n\n");
        return result(
          { workspace: ws.name, incident: resolved.name, total: all.length, comments, ...(nextOffset !== undefined ? { nextOffset } : {}) },
          comments.length ? `${head}\n${fence("The comments", body)}` : head,
        );
      }),
  );

  server.registerTool(
    "list_bookmarks",
    {
      title: "List hunting bookmarks",
      description: `The hunting bookmarks of the workspace, or those linked to one incident. ${DATA_NOTICE}`,
      inputSchema: toolArgs({
        workspace,
        incident: z.string().min(1).optional().describe("only the bookmarks linked to this incident (GUID, #number or title)"),
        offset: z.number().int().min(0).optional().describe("skip this many bookmarks (the nextOffset of an earlier call)"),
        limit: z.number().int().min(1).max(MAX_LIST_LIMIT).optional().describe("at most this many bookmarks (default 50)"),
      }),
      outputSchema: { workspace: z.string(), incident: z.string().optional(), bookmarks: z.array(BookmarkView), nextOffset: z.number().optional() },
      annotations: { title: "List bookmarks", ...READ_ANNOTATIONS },
    },
    (args, extra) =>
      guarded(async () => {
        const ws = workspaces.pick(args.workspace);
        const options = { abortSignal: extra.signal };
        const offset = args.offset ?? 0;
        const limit = args.limit ?? 50;
        let incidentId: string | undefined;
        const bookmarks: z.infer<typeof BookmarkView>[] = [];
        let used = 300;
        let nextOffset: number | undefined;
        const take = (b: Parameters<typeof bookmarkView>[0], index: number): boolean => {
          const view = bookmarkView(b);
          const size = sizeOf(view) + 1;
          if (bookmarks.length >= limit || (bookmarks.length > 0 && used + size > RESULT_BUDGET)) {
            nextOffset = index;
            return false;
          }
          bookmarks.push(view);
          used += size;
          return true;
        };
        if (args.incident !== undefined) {
          incidentId = (await ws.client.resolveIncident(args.incident, options)).name;
          const linked = await ws.client.listIncidentBookmarks(incidentId, options);
          for (let i = offset; i < linked.length; i++) if (!take(linked[i]!, i)) break;
        } else {
          let index = 0;
          for await (const b of ws.client.listBookmarks(options)) {
            if (index >= offset && !take(b, index)) break;
            index++;
          }
        }
        const head = `${bookmarks.length} bookmark${bookmarks.length === 1 ? "" : "s"}${incidentId ? ` linked to incident ${incidentId}` : ""} in workspace ${ws.name}${nextOffset !== undefined ? `; more with offset ${nextOffset}` : ""}.`;
        return result(
          { workspace: ws.name, ...(incidentId ? { incident: incidentId } : {}), bookmarks, ...(nextOffset !== undefined ? { nextOffset } : {}) },
          bookmarks.length ? `${head}\n${fence("The bookmarks", bookmarks.map((b) => line(b.id, b.created, b.displayName)).join("\n"))}` : head,
        );
      }),
  );
}
