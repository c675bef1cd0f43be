// Incident tasks.
import { randomUUID } from "node:crypto";
import { IncidentTaskStatus } from "../../api/enums.js";
import type { IncidentTask, IncidentTaskList } from "../../api/models.js";
import { isGuid } from "../../api/resourceId.js";
import type { ClientContext, OperationOptions, WriteOptions } from "../context.js";
import { SentinelValidationError } from "../errors.js";
import { resolveIncident } from "../resolve.js";
import { enumValue, optionalText, requiredText } from "../values.js";
import { nextPage, notFoundAsIncident } from "./incidents.js";

export interface IncidentTaskInput {
  /** The task's GUID; a new one when absent. */
  taskId?: string;
  title: string;
  status?: string;
  description?: string;
}

export async function listIncidentTasks(ctx: ClientContext, incident: string, options: OperationOptions = {}): Promise<IncidentTask[]> {
  const { name } = await resolveIncident(ctx, incident, options);
  return notFoundAsIncident(ctx, incident, async () => {
    const out: IncidentTask[] = [];
    let page = (await ctx.transport.send<IncidentTaskList>("IncidentTasks_List", { incidentId: name }, options)).body;
    for (;;) {
      out.push(...(page.value ?? []));
      if (!page.nextLink) return out;
      page = (await nextPage<IncidentTask>(ctx, options)(page.nextLink)) as IncidentTaskList;
    }
  });
}

export async function createOrUpdateIncidentTask(ctx: ClientContext, incident: string, task: IncidentTaskInput, options: WriteOptions = {}): Promise<IncidentTask> {
  const properties = {
    title: requiredText(task?.title, "title"),
    status: task.status === undefined ? "New" : enumValue("status", IncidentTaskStatus, task.status),
    description: optionalText(task.description, "description"),
  };
  if (task.taskId !== undefined && !isGuid(task.taskId)) throw new SentinelValidationError(`'taskId' must be a GUID, got '${task.taskId}'.`, "taskId", task.taskId);
  const { name } = await resolveIncident(ctx, incident, { ...options, matchTitle: options.matchTitle ?? "exact" });
  const res = await notFoundAsIncident(ctx, incident, () =>
    ctx.transport.send<IncidentTask>("IncidentTasks_CreateOrUpdate", { incidentId: name, incidentTaskId: task.taskId ?? randomUUID() }, { body: { properties }, abortSignal: options.abortSignal }),
  );
  return res.body;
}

export async function deleteIncidentTask(ctx: ClientContext, incident: string, taskId: string, options: WriteOptions = {}): Promise<void> {
  if (!isGuid(taskId)) throw new SentinelValidationError(`'taskId' must be a GUID, got '${taskId}'.`, "taskId", taskId);
  const { name } = await resolveIncident(ctx, incident, { ...options, matchTitle: options.matchTitle ?? "exact" });
  await ctx.transport.send("IncidentTasks_Delete", { incidentId: name, incidentTaskId: taskId }, options);
}
