// Turns what a person types into the resource it names: an incident by GUID,
// resource id, #number or title; a bookmark by GUID, resource id or display name.
// Titles and names are literal text, matched case-insensitively, exact first.
import type { Bookmark, Incident, ResourceList } from "../api/models.js";
import { isGuid, parseSentinelResourceId, sameWorkspace, workspaceResourceId } from "../api/resourceId.js";
import type { ClientContext, OperationOptions, TitleMatch } from "./context.js";
import {
  AmbiguousBookmarkError,
  AmbiguousIncidentError,
  BookmarkNotFoundError,
  IncidentNotFoundError,
  SentinelValidationError,
  isSentinelError,
  type BookmarkCandidate,
  type IncidentCandidate,
} from "./errors.js";
import { odataString } from "./filter.js";
import { pager } from "./paging.js";

export interface ResolvedIncident {
  /** The incident's name (its GUID). */
  name: string;
  /** The incident itself, when resolving had to fetch it anyway. */
  incident?: Incident;
}

const MAX_CANDIDATES = 10;

function candidate(i: Incident): IncidentCandidate {
  return { incidentNumber: i.properties.incidentNumber, name: i.name!, title: i.properties.title, createdTimeUtc: i.properties.createdTimeUtc };
}

function describe(c: IncidentCandidate): string {
  return `  #${c.incidentNumber ?? "?"}  ${c.name}  ${c.createdTimeUtc ?? ""}  ${c.title}`;
}

async function query(ctx: ClientContext, filter: string, top: number, options: OperationOptions): Promise<Incident[]> {
  const res = await ctx.transport.send<ResourceList<Incident>>("Incidents_List", {}, {
    query: { $filter: filter, $top: top, $orderby: "properties/createdTimeUtc desc" },
    abortSignal: options.abortSignal,
  });
  return res.body.value;
}

export interface ResolveIncidentOptions extends OperationOptions {
  /** "substring" (the default, for reads): a unique part of the title will do; "exact": only the whole title (any case). */
  matchTitle?: TitleMatch;
}

/** Resolves an incident reference; the title search runs on the server, over every incident of the workspace. */
export async function resolveIncident(ctx: ClientContext, ref: string, options: ResolveIncidentOptions = {}): Promise<ResolvedIncident> {
  if (typeof ref !== "string" || ref.trim() === "") {
    throw new SentinelValidationError("an incident is needed: a GUID, a resource id, #number or a title.", "incident", ref);
  }
  const text = ref.trim();
  if (isGuid(text)) return { name: text };
  const parsed = text.startsWith("/") ? parseSentinelResourceId(text) : undefined;
  if (!parsed && /^\/subscriptions\//i.test(text)) {
    throw new SentinelValidationError(`'${text}' is not an incident resource id (…/providers/Microsoft.SecurityInsights/incidents/<id>).`, "incident", text);
  }
  if (parsed) {
    if (parsed.type !== "incidents" || parsed.child) {
      throw new SentinelValidationError(`'${text}' is not an incident resource id (…/providers/Microsoft.SecurityInsights/incidents/<id>).`, "incident", text);
    }
    if (!sameWorkspace(parsed.workspace, ctx.workspace)) {
      throw new SentinelValidationError(
        `incident '${text}' belongs to workspace ${workspaceResourceId(parsed.workspace)}, not to this client's ${workspaceResourceId(ctx.workspace)}.`,
        "incident",
        text,
      );
    }
    return { name: parsed.name };
  }
  const numbered = /^#(\d+)$/.exec(text);
  if (numbered) {
    const found = await query(ctx, `properties/incidentNumber eq ${Number(numbered[1])}`, 2, options);
    if (found.length > 0) return { name: found[0]!.name!, incident: found[0] };
    // No such number: perhaps it is a title after all.
  }
  // A title is matched as given, spaces and all: it is text, not a pattern.
  const literal = odataString(ref);
  const exact = await query(ctx, `tolower(properties/title) eq tolower(${literal})`, MAX_CANDIDATES + 1, options);
  if (exact.length === 1) return { name: exact[0]!.name!, incident: exact[0] };
  if (exact.length > 1) throw ambiguous(ref, exact, "have exactly this title");
  const partial = await query(ctx, `contains(tolower(properties/title), tolower(${literal}))`, MAX_CANDIDATES + 1, options);
  if (options.matchTitle === "exact" && partial.length > 0) {
    // A write or delete goes only to the incident the caller named whole: a part of a title
    // could name another incident tomorrow.
    const candidates = partial.slice(0, MAX_CANDIDATES).map(candidate);
    throw new IncidentNotFoundError(
      `No incident of workspace ${ctx.workspace.workspaceName} has exactly the title '${text}', and a write needs its GUID, #number or whole title. ${partial.length > MAX_CANDIDATES ? `More than ${MAX_CANDIDATES}` : partial.length} contain it:\n${candidates.map(describe).join("\n")}`,
      ref,
      undefined,
      candidates,
    );
  }
  if (partial.length === 1) return { name: partial[0]!.name!, incident: partial[0] };
  if (partial.length > 1) throw ambiguous(ref, partial, "contain this text in their title");
  throw new IncidentNotFoundError(
    numbered
      ? `No incident number ${numbered[1]} (nor a title '${text}') in workspace ${ctx.workspace.workspaceName}.`
      : `No incident of workspace ${ctx.workspace.workspaceName} has a title matching '${text}'. Use its GUID, #number, or part of its title (see 'listIncidents').`,
    ref,
  );
}

function ambiguous(ref: string, found: Incident[], how: string): AmbiguousIncidentError {
  const candidates = found.slice(0, MAX_CANDIDATES).map(candidate);
  const more = found.length > MAX_CANDIDATES ? " (and more)" : "";
  return new AmbiguousIncidentError(
    `'${ref}' is ambiguous: ${found.length > MAX_CANDIDATES ? `more than ${MAX_CANDIDATES}` : found.length} incidents ${how}${more}. Name one by GUID or #number:\n${candidates.map(describe).join("\n")}`,
    ref,
    candidates,
  );
}

/** Resolves a bookmark by GUID, resource id or display name (over every bookmark of the workspace). */
export async function resolveBookmark(ctx: ClientContext, ref: string, options: OperationOptions = {}): Promise<Bookmark> {
  if (typeof ref !== "string" || ref.trim() === "") {
    throw new SentinelValidationError("a bookmark is needed: a GUID, a resource id or a display name.", "bookmark", ref);
  }
  const text = ref.trim();
  let id: string | undefined;
  if (isGuid(text)) id = text;
  else if (text.startsWith("/")) {
    const parsed = parseSentinelResourceId(text);
    if (!parsed || parsed.type !== "bookmarks" || !sameWorkspace(parsed.workspace, ctx.workspace)) {
      throw new SentinelValidationError(`'${text}' is not the resource id of a bookmark of this workspace.`, "bookmark", text);
    }
    id = parsed.name;
  }
  if (id !== undefined) {
    try {
      return (await ctx.transport.send<Bookmark>("Bookmarks_Get", { bookmarkId: id }, options)).body;
    } catch (e) {
      if (isSentinelError(e, "SentinelRequestError") && (e as { statusCode?: number }).statusCode === 404) {
        throw new BookmarkNotFoundError(`Bookmark '${id}' does not exist in workspace ${ctx.workspace.workspaceName}.`, ref);
      }
      throw e;
    }
  }
  // The bookmarks list takes no $filter in the spec, so names are matched here, over every page.
  const wanted = ref.toLowerCase();
  const exact: Bookmark[] = [];
  const partial: Bookmark[] = [];
  const all = pager<Bookmark>({
    first: async () => (await ctx.transport.send<ResourceList<Bookmark>>("Bookmarks_List", {}, options)).body,
    next: async (link) => (await ctx.transport.sendUrl<ResourceList<Bookmark>>("GET", link, options)).body,
  });
  for await (const b of all) {
    const name = (b.properties.displayName ?? "").toLowerCase();
    if (name === wanted) exact.push(b);
    else if (name.includes(wanted)) partial.push(b);
  }
  const pick = exact.length > 0 ? exact : partial;
  if (pick.length === 1) return pick[0]!;
  if (pick.length === 0) throw new BookmarkNotFoundError(`No bookmark of workspace ${ctx.workspace.workspaceName} is named like '${text}'.`, ref);
  const candidates: BookmarkCandidate[] = pick.slice(0, MAX_CANDIDATES).map((b) => ({ name: b.name!, displayName: b.properties.displayName, created: b.properties.created }));
  throw new AmbiguousBookmarkError(
    `'${ref}' is ambiguous: ${pick.length} bookmarks ${exact.length > 0 ? "have exactly this name" : "contain this text in their name"}. Name one by GUID:\n${candidates.map((c) => `  ${c.name}  ${c.created ?? ""}  ${c.displayName}`).join("\n")}`,
    ref,
    candidates,
  );
}
