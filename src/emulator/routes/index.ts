// Which handler serves each operation of the route table.
import type { OperationId } from "../../api/routes.js";
import type { Handler } from "../http/context.js";
import * as bookmarks from "./bookmarks.js";
import * as comments from "./comments.js";
import * as incidents from "./incidents.js";
import * as relations from "./relations.js";
import * as tasks from "./tasks.js";

export const HANDLERS: Readonly<Record<OperationId, Handler>> = {
  Incidents_List: incidents.listIncidents,
  Incidents_Get: incidents.getIncident,
  Incidents_CreateOrUpdate: incidents.putIncident,
  Incidents_Delete: incidents.deleteIncident,
  Incidents_ListAlerts: incidents.listIncidentAlerts,
  Incidents_ListBookmarks: incidents.listIncidentBookmarks,
  Incidents_ListEntities: incidents.listIncidentEntities,
  IncidentComments_List: comments.listComments,
  IncidentComments_Get: comments.getComment,
  IncidentComments_CreateOrUpdate: comments.putComment,
  IncidentComments_Delete: comments.deleteComment,
  IncidentRelations_List: relations.listRelations,
  IncidentRelations_Get: relations.getRelation,
  IncidentRelations_CreateOrUpdate: relations.putRelation,
  IncidentRelations_Delete: relations.deleteRelation,
  IncidentTasks_List: tasks.listTasks,
  IncidentTasks_Get: tasks.getTask,
  IncidentTasks_CreateOrUpdate: tasks.putTask,
  IncidentTasks_Delete: tasks.deleteTask,
  Bookmarks_List: bookmarks.listBookmarks,
  Bookmarks_Get: bookmarks.getBookmark,
  Bookmarks_CreateOrUpdate: bookmarks.putBookmark,
  Bookmarks_Delete: bookmarks.deleteBookmark,
};
