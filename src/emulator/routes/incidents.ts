// Incidents: list, get, create-or-update, delete, and the alerts, bookmarks and
// entities actions.
import type { Entity, IncidentEntitiesResultsMetadata } from "../../api/models.js";
import type { EntityKind } from "../../api/enums.js";
import { errors } from "../http/errors.js";
import type { Handler, RequestContext } from "../http/context.js";
import { validateIncident } from "../validation/bodies.js";
import { validated } from "./validated.js";
import { requireGuidParam, runList } from "./listing.js";

/** The stored name of the incident the path names, or a 404. */
export function incidentName(ctx: RequestContext): string {
  const requested = requireGuidParam(ctx, "incidentId", "incident");
  const name = ctx.store.incidents.canonicalName(ctx.workspace, requested);
  if (!name) throw errors.notFound(`Incident '${requested}' was not found in workspace '${ctx.workspace.ref.workspaceName}'.`);
  return name;
}

export const listIncidents: Handler = (ctx) => runList(ctx, (q) => ctx.store.incidents.list(ctx.workspace, q));

export const getIncident: Handler = (ctx) => ({ status: 200, raw: ctx.store.incidents.get(ctx.workspace, incidentName(ctx))! });

export const putIncident: Handler = async (ctx) => {
  const name = requireGuidParam(ctx, "incidentId", "incident");
  const input = validated(validateIncident, await ctx.body());
  // HTTP's conditional create: `If-None-Match: *` writes only when no incident has the
  // name, so a create can never replace one. Checked inside the store's transaction.
  const ifNoneMatch = ctx.header("if-none-match");
  const result = ctx.store.incidents.put(ctx.workspace, name, input, {}, { createOnly: ifNoneMatch?.trim() === "*", ifMatch: ctx.header("if-match") });
  if (result.kind === "precondition-failed") {
    throw errors.preconditionFailed(
      result.current === undefined
        ? `Incident '${name}' does not exist in workspace '${ctx.workspace.ref.workspaceName}', and the request asked to write it only if it does (If-Match).`
        : `The incident's current etag is not the one in If-Match: it was changed since it was read. Read it again and reapply the change.`,
    );
  }
  if (result.kind === "exists") {
    throw errors.preconditionFailed(
      `Incident '${name}' already exists in workspace '${ctx.workspace.ref.workspaceName}' and the request asked to create it only if it does not (If-None-Match: *).`,
    );
  }
  if (result.kind === "etag-mismatch") {
    throw errors.conflict(
      `The etag '${input.etag}' does not match the incident's current etag; the incident was changed since it was read. Read it again and reapply the change.`,
    );
  }
  return { status: result.kind === "created" ? 201 : 200, raw: result.doc };
};

export const deleteIncident: Handler = (ctx) => {
  const name = requireGuidParam(ctx, "incidentId", "incident");
  return { status: ctx.store.incidents.delete(ctx.workspace, name) ? 200 : 204 };
};

export const listIncidentAlerts: Handler = (ctx) => {
  const docs = ctx.store.detections.incidentAlertDocs(ctx.workspace, incidentName(ctx));
  return { status: 200, raw: `{"value":[${docs.join(",")}]}` };
};

export const listIncidentBookmarks: Handler = (ctx) => ({
  status: 200,
  json: { value: ctx.store.bookmarks.incidentBookmarks(ctx.workspace, incidentName(ctx)) },
});

export const listIncidentEntities: Handler = (ctx) => {
  const docs = ctx.store.detections.incidentEntityDocs(ctx.workspace, incidentName(ctx));
  const counts = new Map<EntityKind, number>();
  for (const doc of docs) {
    const kind = (JSON.parse(doc) as Entity).kind;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const metaData: IncidentEntitiesResultsMetadata[] = [...counts].map(([entityKind, count]) => ({ entityKind, count }));
  return { status: 200, raw: `{"entities":[${docs.join(",")}],"metaData":${JSON.stringify(metaData)}}` };
};
