// Incident tasks.
import { errors } from "../http/errors.js";
import type { Handler, RequestContext } from "../http/context.js";
import { validateTask } from "../validation/bodies.js";
import { incidentName } from "./incidents.js";
import { requireGuidParam } from "./listing.js";
import { validated } from "./validated.js";

function taskId(ctx: RequestContext): string {
  return requireGuidParam(ctx, "incidentTaskId", "task");
}

export const listTasks: Handler = (ctx) => {
  const docs = ctx.store.tasks.list(ctx.workspace, incidentName(ctx));
  return { status: 200, raw: `{"value":[${docs.join(",")}]}` };
};

export const getTask: Handler = (ctx) => {
  const incident = incidentName(ctx);
  const id = taskId(ctx);
  const doc = ctx.store.tasks.get(ctx.workspace, incident, id);
  if (!doc) throw errors.notFound(`Task '${id}' was not found on incident '${incident}'.`);
  return { status: 200, raw: doc };
};

export const putTask: Handler = async (ctx) => {
  const incident = incidentName(ctx);
  const id = taskId(ctx);
  const input = validated(validateTask, await ctx.body());
  const result = ctx.store.tasks.put(ctx.workspace, incident, id, input, ctx.caller);
  if (result.kind === "etag-mismatch") throw errors.conflict(`The etag '${input.etag}' does not match the task's current etag.`);
  return { status: result.kind === "created" ? 201 : 200, raw: result.doc };
};

export const deleteTask: Handler = (ctx) => {
  const incident = incidentName(ctx);
  return { status: ctx.store.tasks.delete(ctx.workspace, incident, taskId(ctx)) ? 200 : 204 };
};
