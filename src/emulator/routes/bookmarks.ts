// Hunting bookmarks (Bookmarks.json).
import { errors } from "../http/errors.js";
import type { Handler, RequestContext } from "../http/context.js";
import { validateBookmark } from "../validation/bodies.js";
import { requireGuidParam, runList } from "./listing.js";
import { validated } from "./validated.js";

function bookmarkId(ctx: RequestContext): string {
  return requireGuidParam(ctx, "bookmarkId", "bookmark");
}

export const listBookmarks: Handler = (ctx) => runList(ctx, (q) => ctx.store.bookmarks.list(ctx.workspace, q));

export const getBookmark: Handler = (ctx) => {
  const id = bookmarkId(ctx);
  const doc = ctx.store.bookmarks.get(ctx.workspace, id);
  if (!doc) throw errors.notFound(`Bookmark '${id}' was not found in workspace '${ctx.workspace.ref.workspaceName}'.`);
  return { status: 200, raw: doc };
};

export const putBookmark: Handler = async (ctx) => {
  const id = bookmarkId(ctx);
  const input = validated(validateBookmark, await ctx.body());
  const { objectId, email, name } = ctx.caller;
  const result = ctx.store.bookmarks.put(ctx.workspace, id, input, { objectId, email, name });
  if (result.kind === "etag-mismatch") throw errors.conflict(`The etag '${input.etag}' does not match the bookmark's current etag.`);
  return { status: result.kind === "created" ? 201 : 200, raw: result.doc };
};

export const deleteBookmark: Handler = (ctx) => ({ status: ctx.store.bookmarks.delete(ctx.workspace, bookmarkId(ctx)) ? 200 : 204 });
