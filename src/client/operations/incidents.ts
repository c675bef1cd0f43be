// Reading incidents: lists, one incident with its extras, and the extras alone.
import { DEFAULT_INCIDENT_ORDER, DEFAULT_LIST_COUNT, MAX_PAGE_SIZE } from "../../api/paging.js";
import type {
  Entity,
  HuntingBookmark,
  Incident,
  IncidentAlertList,
  IncidentBookmarkList,
  IncidentComment,
  IncidentEntitiesResponse,
  ResourceList,
  SecurityAlert,
} from "../../api/models.js";
import type { ClientContext, OperationOptions, WriteOptions } from "../context.js";
import { IncidentNotFoundError, SentinelValidationError, isSentinelError } from "../errors.js";
import { collect, pager, type Page, type PagedAsyncIterableIterator } from "../paging.js";
import { resolveIncident } from "../resolve.js";

/** List parameters in the Sentinel API's own format, as MSTICPy's `params`. */
export interface ListIncidentsParams {
  $top?: number;
  $filter?: string;
  $orderby?: string;
  $skipToken?: string;
}

export interface ListIncidentsOptions extends OperationOptions {
  /** Called after each page with the number of incidents so far. */
  onPage?: (count: number) => void;
}


function checkParams(params: ListIncidentsParams): void {
  if (params === null || typeof params !== "object") throw new SentinelValidationError("params must be an object like { $top: 500 }.", "params", params);
  const known = ["$top", "$filter", "$orderby", "$skipToken"];
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) {
      throw new SentinelValidationError(`'${key}' is not a list parameter. Allowed: ${known.join(", ")} (the Sentinel API's own names).`, key, (params as Record<string, unknown>)[key], known);
    }
  }
  if (params.$top !== undefined && (!Number.isInteger(params.$top) || params.$top < 1)) {
    throw new SentinelValidationError(`'$top' must be a whole number of at least 1, got ${JSON.stringify(params.$top)}.`, "$top", params.$top);
  }
  for (const key of ["$filter", "$orderby", "$skipToken"] as const) {
    if (params[key] !== undefined && typeof params[key] !== "string") throw new SentinelValidationError(`'${key}' must be a string.`, key, params[key]);
  }
}

function nextPage<T>(ctx: ClientContext, options: OperationOptions) {
  return async (link: string): Promise<Page<T>> => (await ctx.transport.sendUrl<ResourceList<T>>("GET", withApiVersion(ctx, link), options)).body;
}

/** A nextLink keeps the api-version the client speaks, even if the service dropped it. */
function withApiVersion(ctx: ClientContext, link: string): string {
  const url = new URL(link);
  if (!url.searchParams.has("api-version")) url.searchParams.set("api-version", ctx.transport.apiVersion);
  return url.toString();
}

/** Every incident the parameters select, page by page, in constant memory. */
export function iterateIncidents(ctx: ClientContext, params: ListIncidentsParams = {}, options: OperationOptions = {}): PagedAsyncIterableIterator<Incident> {
  checkParams(params);
  return pager<Incident>({
    first: async (settings) => {
      const top = settings.maxPageSize ?? params.$top ?? MAX_PAGE_SIZE;
      const res = await ctx.transport.send<ResourceList<Incident>>("Incidents_List", {}, {
        query: { $filter: params.$filter, $orderby: params.$orderby ?? DEFAULT_INCIDENT_ORDER, $top: Math.min(top, MAX_PAGE_SIZE), $skipToken: params.$skipToken },
        abortSignal: options.abortSignal,
      });
      return res.body;
    },
    next: nextPage<Incident>(ctx, options),
  });
}

/**
 * The incidents the parameters select: the 50 newest by default. A `$top` up to
 * 1000 is one request, as the service pages; a larger one follows nextLink until
 * it has that many.
 */
export async function listIncidents(ctx: ClientContext, params: ListIncidentsParams = {}, options: ListIncidentsOptions = {}): Promise<Incident[]> {
  checkParams(params);
  const top = params.$top ?? DEFAULT_LIST_COUNT;
  const out: Incident[] = [];
  const pages = iterateIncidents(ctx, { ...params, $top: Math.min(top, MAX_PAGE_SIZE) }, options).byPage();
  for await (const page of pages) {
    for (const incident of page) {
      out.push(incident);
      if (out.length >= top) break;
    }
    options.onPage?.(out.length);
    if (out.length >= top || top <= MAX_PAGE_SIZE) break;
  }
  return out;
}

/** Every incident the parameters select, following all pages. */
export async function listAllIncidents(ctx: ClientContext, params: Omit<ListIncidentsParams, "$top"> = {}, options: ListIncidentsOptions = {}): Promise<Incident[]> {
  const out: Incident[] = [];
  for await (const page of iterateIncidents(ctx, { ...params, $top: MAX_PAGE_SIZE }, options).byPage()) {
    out.push(...page);
    options.onPage?.(out.length);
  }
  return out;
}

export interface GetIncidentOptions extends OperationOptions {
  entities?: boolean;
  alerts?: boolean;
  comments?: boolean;
  bookmarks?: boolean;
}

/** An incident with the extras asked for. */
export interface IncidentDetails extends Incident {
  entities?: Entity[];
  /** Kinds and counts of the entities, as the service summarises them. */
  entitiesSummary?: IncidentEntitiesResponse["metaData"];
  alerts?: SecurityAlert[];
  comments?: IncidentComment[];
  bookmarks?: HuntingBookmark[];
}

/** Reads one incident; the extras are fetched at the same time as the incident itself. */
export async function getIncident(ctx: ClientContext, incident: string, options: GetIncidentOptions = {}): Promise<IncidentDetails> {
  const resolved = await resolveIncident(ctx, incident, options);
  const name = resolved.name;
  const [base, extras] = await Promise.all([resolved.incident ?? readIncident(ctx, name, incident, options), incidentExtras(ctx, name, incident, options)]);
  return { ...base, ...extras };
}

/**
 * The extras asked for (entities, alerts, comments, bookmarks) of an incident already
 * read, e.g. from a list, fetched concurrently: the incident itself is not read again,
 * so the details belong to the version given.
 */
export async function addIncidentDetails(ctx: ClientContext, incident: Incident, options: GetIncidentOptions = {}): Promise<IncidentDetails> {
  if (!incident || typeof incident.name !== "string") throw new SentinelValidationError("'incident' must be an incident as the service returns it (with its name).", "incident", incident);
  return { ...incident, ...(await incidentExtras(ctx, incident.name, incident.name, options)) };
}

/** The extras of the incident named `name` exactly (no resolution); `ref` is how the caller named it, for errors. */
async function incidentExtras(ctx: ClientContext, name: string, ref: string, options: GetIncidentOptions): Promise<Omit<IncidentDetails, keyof Incident>> {
  const send = <T>(operation: "Incidents_ListEntities" | "Incidents_ListAlerts" | "Incidents_ListBookmarks") =>
    notFoundAsIncident(ctx, ref, async () => (await ctx.transport.send<T>(operation, { incidentId: name }, options)).body);
  const [entities, alerts, comments, bookmarks] = await Promise.all([
    options.entities ? send<IncidentEntitiesResponse>("Incidents_ListEntities") : undefined,
    options.alerts ? send<IncidentAlertList>("Incidents_ListAlerts").then((b) => b.value) : undefined,
    options.comments ? commentsOf(ctx, name, ref, options) : undefined,
    options.bookmarks ? send<IncidentBookmarkList>("Incidents_ListBookmarks").then((b) => b.value) : undefined,
  ]);
  const extras: Omit<IncidentDetails, keyof Incident> = {};
  if (entities) {
    extras.entities = entities.entities ?? [];
    extras.entitiesSummary = entities.metaData ?? [];
  }
  if (alerts) extras.alerts = alerts;
  if (comments) extras.comments = comments;
  if (bookmarks) extras.bookmarks = bookmarks;
  return extras;
}

/** GET by name; a 404 becomes IncidentNotFoundError. */
export async function readIncident(ctx: ClientContext, name: string, ref: string, options: OperationOptions): Promise<Incident> {
  return notFoundAsIncident(ctx, ref, async () => (await ctx.transport.send<Incident>("Incidents_Get", { incidentId: name }, options)).body);
}

export async function notFoundAsIncident<T>(ctx: ClientContext, ref: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isSentinelError(e, "SentinelRequestError") && (e as { statusCode?: number }).statusCode === 404 && (e as { code?: string }).code === "NotFound") {
      throw new IncidentNotFoundError(`Incident '${ref}' does not exist in workspace ${ctx.workspace.workspaceName}.`, ref, (e as { requestId?: string }).requestId);
    }
    throw e;
  }
}

async function resolvedName(ctx: ClientContext, incident: string, options: OperationOptions): Promise<string> {
  return (await resolveIncident(ctx, incident, options)).name;
}

export async function listIncidentEntities(ctx: ClientContext, incident: string, options: OperationOptions = {}): Promise<IncidentEntitiesResponse> {
  const name = await resolvedName(ctx, incident, options);
  return notFoundAsIncident(ctx, incident, async () => (await ctx.transport.send<IncidentEntitiesResponse>("Incidents_ListEntities", { incidentId: name }, options)).body);
}

export async function listIncidentAlerts(ctx: ClientContext, incident: string, options: OperationOptions = {}): Promise<SecurityAlert[]> {
  const name = await resolvedName(ctx, incident, options);
  return notFoundAsIncident(ctx, incident, async () => (await ctx.transport.send<IncidentAlertList>("Incidents_ListAlerts", { incidentId: name }, options)).body.value);
}

export async function listIncidentBookmarks(ctx: ClientContext, incident: string, options: OperationOptions = {}): Promise<HuntingBookmark[]> {
  const name = await resolvedName(ctx, incident, options);
  return notFoundAsIncident(ctx, incident, async () => (await ctx.transport.send<IncidentBookmarkList>("Incidents_ListBookmarks", { incidentId: name }, options)).body.value);
}

/** Every comment of an incident, oldest first, following all pages. */
export async function listComments(ctx: ClientContext, incident: string, options: OperationOptions = {}): Promise<IncidentComment[]> {
  return commentsOf(ctx, await resolvedName(ctx, incident, options), incident, options);
}

function commentsOf(ctx: ClientContext, name: string, ref: string, options: OperationOptions): Promise<IncidentComment[]> {
  return notFoundAsIncident(ctx, ref, () =>
    collect(
      pager<IncidentComment>({
        first: async () => (await ctx.transport.send<ResourceList<IncidentComment>>("IncidentComments_List", { incidentId: name }, { query: { $top: MAX_PAGE_SIZE }, abortSignal: options.abortSignal })).body,
        next: nextPage<IncidentComment>(ctx, options),
      }),
    ),
  );
}

export async function deleteIncident(ctx: ClientContext, incident: string, options: WriteOptions = {}): Promise<void> {
  const { name } = await resolveIncident(ctx, incident, { ...options, matchTitle: options.matchTitle ?? "exact" });
  await ctx.transport.send("Incidents_Delete", { incidentId: name }, options);
}

export { withApiVersion, nextPage };
