// Incident relations.
import { errors } from "../http/errors.js";
import type { Handler, RequestContext } from "../http/context.js";
import { MAX_BOOKMARKS_PER_INCIDENT } from "../store/relations.js";
import { validateRelation } from "../validation/bodies.js";
import { incidentName } from "./incidents.js";
import { runList } from "./listing.js";
import { validated } from "./validated.js";

// The RelationName parameter of Incidents.json.
const RELATION_NAME = /^[a-zA-Z0-9-]{3,63}$/;

function relationName(ctx: RequestContext): string {
  const name = ctx.params.relationName!;
  if (!RELATION_NAME.test(name)) {
    throw errors.badRequest(
      `The relation name '${name}' is not valid: use 3 to 63 letters, digits or hyphens (pattern ^[a-zA-Z0-9-]{3,63}$).`,
      "relationName",
    );
  }
  return name;
}

export const listRelations: Handler = (ctx) => {
  const incident = incidentName(ctx);
  return runList(ctx, (q) => ctx.store.relations.list(ctx.workspace, incident, q));
};

export const getRelation: Handler = (ctx) => {
  const incident = incidentName(ctx);
  const name = relationName(ctx);
  const doc = ctx.store.relations.get(ctx.workspace, incident, name);
  if (!doc) throw errors.notFound(`Relation '${name}' was not found on incident '${incident}'.`);
  return { status: 200, raw: doc };
};

export const putRelation: Handler = async (ctx) => {
  const incident = incidentName(ctx);
  const name = relationName(ctx);
  const input = validated(validateRelation, await ctx.body());
  const result = ctx.store.relations.put(ctx.workspace, incident, name, input);
  switch (result.kind) {
    case "etag-mismatch":
      throw errors.conflict(`The etag '${input.etag}' does not match the relation's current etag.`);
    case "target-invalid":
      throw errors.badRequest(result.reason, "relation.properties.relatedResourceId");
    case "duplicate":
      throw errors.conflict(
        `Incident '${incident}' is already related to '${input.relatedResourceId}' through relation '${result.existing}'; a resource is related to an incident once.`,
      );
    case "bookmark-limit":
      throw errors.badRequest(`Incident '${incident}' already has ${MAX_BOOKMARKS_PER_INCIDENT} bookmarks, the most an incident can have.`);
    default:
      return { status: result.kind === "created" ? 201 : 200, raw: result.doc };
  }
};

export const deleteRelation: Handler = (ctx) => {
  const incident = incidentName(ctx);
  return { status: ctx.store.relations.delete(ctx.workspace, incident, relationName(ctx)) ? 200 : 204 };
};
