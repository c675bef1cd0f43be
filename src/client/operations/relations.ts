// Bookmarks and relations: linking a bookmark to an incident, and the lists.
import type { Bookmark, Relation, ResourceList } from "../../api/models.js";
import { relationNameFor } from "../../api/names.js";
import { bookmarkResourceId } from "../../api/resourceId.js";
import type { ClientContext, OperationOptions, WriteOptions } from "../context.js";
import { SentinelValidationError, isSentinelError } from "../errors.js";
import { odataString } from "../filter.js";
import { collect, pager, type PagedAsyncIterableIterator } from "../paging.js";
import { resolveBookmark, resolveIncident } from "../resolve.js";
import { nextPage, notFoundAsIncident } from "./incidents.js";

/**
 * Links a bookmark to an incident and returns the relation. The relation's name
 * is derived from the pair, so linking twice (or retrying) changes nothing; a
 * link made earlier by another tool is found and returned as it is.
 */
export async function addBookmarkToIncident(ctx: ClientContext, incident: string, bookmark: string, options: WriteOptions = {}): Promise<Relation> {
  const [{ name: incidentName }, target] = await Promise.all([
    resolveIncident(ctx, incident, { ...options, matchTitle: options.matchTitle ?? "exact" }),
    resolveBookmark(ctx, bookmark, options),
  ]);
  const relationName = relationNameFor(incidentName, target.name!);
  try {
    const res = await notFoundAsIncident(ctx, incident, () =>
      ctx.transport.send<Relation>("IncidentRelations_CreateOrUpdate", { incidentId: incidentName, relationName }, {
        body: { properties: { relatedResourceId: bookmarkResourceId(ctx.workspace, target.name!) } },
        abortSignal: options.abortSignal,
      }),
    );
    return res.body;
  } catch (e) {
    if (!isSentinelError(e, "SentinelConflictError")) throw e;
    const existing = await findRelation(ctx, incidentName, target.name!, options);
    if (existing) return existing;
    throw e;
  }
}

async function findRelation(ctx: ClientContext, incidentName: string, relatedName: string, options: OperationOptions): Promise<Relation | undefined> {
  const res = await ctx.transport.send<ResourceList<Relation>>("IncidentRelations_List", { incidentId: incidentName }, {
    query: { $filter: `properties/relatedResourceName eq ${odataString(relatedName)}` },
    abortSignal: options.abortSignal,
  });
  return res.body.value.find((r) => r.properties.relatedResourceName?.toLowerCase() === relatedName.toLowerCase());
}

export async function listRelations(ctx: ClientContext, incident: string, options: OperationOptions = {}): Promise<Relation[]> {
  const { name } = await resolveIncident(ctx, incident, options);
  return notFoundAsIncident(ctx, incident, () =>
    collect(
      pager<Relation>({
        first: async () => (await ctx.transport.send<ResourceList<Relation>>("IncidentRelations_List", { incidentId: name }, { query: { $top: 1000 }, abortSignal: options.abortSignal })).body,
        next: nextPage<Relation>(ctx, options),
      }),
    ),
  );
}

export async function removeRelation(ctx: ClientContext, incident: string, relationName: string, options: WriteOptions = {}): Promise<void> {
  if (typeof relationName !== "string" || !/^[a-zA-Z0-9-]{3,63}$/.test(relationName)) {
    throw new SentinelValidationError(`'relationName' must be 3 to 63 letters, digits or hyphens, got '${relationName}'.`, "relationName", relationName);
  }
  const { name } = await resolveIncident(ctx, incident, { ...options, matchTitle: options.matchTitle ?? "exact" });
  await ctx.transport.send("IncidentRelations_Delete", { incidentId: name, relationName }, options);
}

/** Every bookmark of the workspace. */
export function listBookmarks(ctx: ClientContext, options: OperationOptions = {}): PagedAsyncIterableIterator<Bookmark> {
  return pager<Bookmark>({
    first: async () => (await ctx.transport.send<ResourceList<Bookmark>>("Bookmarks_List", {}, options)).body,
    next: nextPage<Bookmark>(ctx, options),
  });
}

export async function getBookmark(ctx: ClientContext, bookmark: string, options: OperationOptions = {}): Promise<Bookmark> {
  return resolveBookmark(ctx, bookmark, options);
}
