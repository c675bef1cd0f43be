// Incident comments.
import { errors } from "../http/errors.js";
import type { Handler, RequestContext } from "../http/context.js";
import { MAX_COMMENTS_PER_INCIDENT } from "../store/comments.js";
import { validateComment } from "../validation/bodies.js";
import { incidentName } from "./incidents.js";
import { requireGuidParam, runList } from "./listing.js";
import { validated } from "./validated.js";

function commentId(ctx: RequestContext): string {
  return requireGuidParam(ctx, "incidentCommentId", "comment");
}

export const listComments: Handler = (ctx) => {
  const incident = incidentName(ctx);
  return runList(ctx, (q) => ctx.store.comments.list(ctx.workspace, incident, q));
};

export const getComment: Handler = (ctx) => {
  const incident = incidentName(ctx);
  const id = commentId(ctx);
  const doc = ctx.store.comments.get(ctx.workspace, incident, id);
  if (!doc) throw errors.notFound(`Comment '${id}' was not found on incident '${incident}'.`);
  return { status: 200, raw: doc };
};

export const putComment: Handler = async (ctx) => {
  const incident = incidentName(ctx);
  const id = commentId(ctx);
  const input = validated(validateComment, await ctx.body());
  const result = ctx.store.comments.put(ctx.workspace, incident, id, input, ctx.caller);
  if (result.kind === "etag-mismatch") throw errors.conflict(`The etag '${input.etag}' does not match the comment's current etag.`);
  if (result.kind === "limit-reached") {
    throw errors.badRequest(`Incident '${incident}' already has ${MAX_COMMENTS_PER_INCIDENT} comments, the most an incident can have.`);
  }
  return { status: result.kind === "created" ? 201 : 200, raw: result.doc };
};

export const deleteComment: Handler = (ctx) => {
  const incident = incidentName(ctx);
  return { status: ctx.store.comments.delete(ctx.workspace, incident, commentId(ctx)) ? 200 : 204 };
};
