// The incidents API as data: each operation of Incidents.json and Bookmarks.json
// (2025-12-01) with its method, ARM path template and api-versions. The client
// builds its URLs from this table and the emulator routes requests with it, so the
// two cannot disagree about a path.
import { ALL_API_VERSIONS, apiVersionsSince } from "./apiVersions.js";

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE";

export type OperationId =
  | "Incidents_List"
  | "Incidents_Get"
  | "Incidents_CreateOrUpdate"
  | "Incidents_Delete"
  | "Incidents_ListAlerts"
  | "Incidents_ListBookmarks"
  | "Incidents_ListEntities"
  | "IncidentComments_List"
  | "IncidentComments_Get"
  | "IncidentComments_CreateOrUpdate"
  | "IncidentComments_Delete"
  | "IncidentRelations_List"
  | "IncidentRelations_Get"
  | "IncidentRelations_CreateOrUpdate"
  | "IncidentRelations_Delete"
  | "IncidentTasks_List"
  | "IncidentTasks_Get"
  | "IncidentTasks_CreateOrUpdate"
  | "IncidentTasks_Delete"
  | "Bookmarks_List"
  | "Bookmarks_Get"
  | "Bookmarks_CreateOrUpdate"
  | "Bookmarks_Delete";

export interface Operation {
  operationId: OperationId;
  method: HttpMethod;
  /** Full ARM path template, `{name}` for path parameters. */
  path: string;
  apiVersions: readonly string[];
  /** OData query options the operation takes besides api-version. */
  query: readonly ("$filter" | "$orderby" | "$top" | "$skipToken")[];
  /** Status codes of success, as the spec lists them. */
  success: readonly number[];
}

const WORKSPACE =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}/providers/Microsoft.SecurityInsights";
const INCIDENT = `${WORKSPACE}/incidents/{incidentId}`;
const ODATA = ["$filter", "$orderby", "$top", "$skipToken"] as const;
// Incident tasks arrived later than the rest of the incidents API.
const TASK_VERSIONS = apiVersionsSince("2023-11-01", "2022-12-01-preview");

function op(
  operationId: OperationId,
  method: HttpMethod,
  path: string,
  success: readonly number[],
  query: Operation["query"] = [],
  apiVersions: readonly string[] = ALL_API_VERSIONS,
): Operation {
  return { operationId, method, path, success, query, apiVersions };
}

export const OPERATIONS: readonly Operation[] = [
  op("Incidents_List", "GET", `${WORKSPACE}/incidents`, [200], ODATA),
  op("Incidents_Get", "GET", INCIDENT, [200]),
  op("Incidents_CreateOrUpdate", "PUT", INCIDENT, [200, 201]),
  op("Incidents_Delete", "DELETE", INCIDENT, [200, 204]),
  op("Incidents_ListAlerts", "POST", `${INCIDENT}/alerts`, [200]),
  op("Incidents_ListBookmarks", "POST", `${INCIDENT}/bookmarks`, [200]),
  op("Incidents_ListEntities", "POST", `${INCIDENT}/entities`, [200]),
  op("IncidentComments_List", "GET", `${INCIDENT}/comments`, [200], ODATA),
  op("IncidentComments_Get", "GET", `${INCIDENT}/comments/{incidentCommentId}`, [200]),
  op("IncidentComments_CreateOrUpdate", "PUT", `${INCIDENT}/comments/{incidentCommentId}`, [200, 201]),
  op("IncidentComments_Delete", "DELETE", `${INCIDENT}/comments/{incidentCommentId}`, [200, 204]),
  op("IncidentRelations_List", "GET", `${INCIDENT}/relations`, [200], ODATA),
  op("IncidentRelations_Get", "GET", `${INCIDENT}/relations/{relationName}`, [200]),
  op("IncidentRelations_CreateOrUpdate", "PUT", `${INCIDENT}/relations/{relationName}`, [200, 201]),
  op("IncidentRelations_Delete", "DELETE", `${INCIDENT}/relations/{relationName}`, [200, 204]),
  op("IncidentTasks_List", "GET", `${INCIDENT}/tasks`, [200], [], TASK_VERSIONS),
  op("IncidentTasks_Get", "GET", `${INCIDENT}/tasks/{incidentTaskId}`, [200], [], TASK_VERSIONS),
  op("IncidentTasks_CreateOrUpdate", "PUT", `${INCIDENT}/tasks/{incidentTaskId}`, [200, 201], [], TASK_VERSIONS),
  op("IncidentTasks_Delete", "DELETE", `${INCIDENT}/tasks/{incidentTaskId}`, [200, 204], [], TASK_VERSIONS),
  op("Bookmarks_List", "GET", `${WORKSPACE}/bookmarks`, [200]),
  op("Bookmarks_Get", "GET", `${WORKSPACE}/bookmarks/{bookmarkId}`, [200]),
  op("Bookmarks_CreateOrUpdate", "PUT", `${WORKSPACE}/bookmarks/{bookmarkId}`, [200, 201]),
  op("Bookmarks_Delete", "DELETE", `${WORKSPACE}/bookmarks/{bookmarkId}`, [200, 204]),
];

const BY_ID = new Map(OPERATIONS.map((o) => [o.operationId, o]));

export function getOperation(operationId: OperationId): Operation {
  return BY_ID.get(operationId)!;
}

export type PathParams = Record<string, string>;

/** Fills a path template; every value is percent-encoded as one segment. */
export function buildPath(operationId: OperationId, params: PathParams): string {
  return getOperation(operationId).path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === "") throw new Error(`missing path parameter ${name} for ${operationId}`);
    return encodeURIComponent(value);
  });
}

interface CompiledRoute {
  operation: Operation;
  segments: ({ literal: string } | { param: string })[];
}

const COMPILED: CompiledRoute[] = OPERATIONS.map((operation) => ({
  operation,
  segments: operation.path
    .split("/")
    .slice(1)
    .map((s) => (s.startsWith("{") ? { param: s.slice(1, -1) } : { literal: s.toLowerCase() })),
}));

export interface RouteMatch {
  operation: Operation;
  params: PathParams;
}

export type MatchResult =
  | { kind: "match"; match: RouteMatch }
  /** The path exists but not with this method. */
  | { kind: "method-not-allowed"; allowed: HttpMethod[] }
  | { kind: "no-route" }
  /** A segment could not be percent-decoded. */
  | { kind: "bad-path" };

/** Matches a request path (without query) to an operation. Literal segments match case-insensitively, as ARM does. */
export function matchRoute(method: string, pathname: string): MatchResult {
  const raw = pathname.replace(/\/+$/, "").split("/").slice(1);
  const allowed: HttpMethod[] = [];
  for (const route of COMPILED) {
    if (route.segments.length !== raw.length) continue;
    const params: PathParams = {};
    let ok = true;
    for (let i = 0; i < raw.length && ok; i++) {
      const seg = route.segments[i]!;
      if ("literal" in seg) ok = raw[i]!.toLowerCase() === seg.literal;
      else {
        let value: string;
        try {
          value = decodeURIComponent(raw[i]!);
        } catch {
          return { kind: "bad-path" };
        }
        if (value === "") ok = false;
        else params[seg.param] = value;
      }
    }
    if (!ok) continue;
    if (route.operation.method === method) return { kind: "match", match: { operation: route.operation, params } };
    allowed.push(route.operation.method);
  }
  return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "no-route" };
}
