// ARM resource ids of Sentinel workspaces and of the resources under them.

export interface WorkspaceRef {
  subscriptionId: string;
  resourceGroup: string;
  workspaceName: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** Workspace names as ARM allows them (common/2.0/types.json WorkspaceName). */
export const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]+[A-Za-z0-9]$/;

export const SECURITY_INSIGHTS = "Microsoft.SecurityInsights";
export const OPERATIONAL_INSIGHTS = "Microsoft.OperationalInsights";

export function workspaceResourceId(ws: WorkspaceRef): string {
  return (
    `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}` +
    `/providers/${OPERATIONAL_INSIGHTS}/workspaces/${ws.workspaceName}`
  );
}

/** The prefix every Sentinel resource of the workspace lives under. */
export function sentinelScope(ws: WorkspaceRef): string {
  return `${workspaceResourceId(ws)}/providers/${SECURITY_INSIGHTS}`;
}

export function incidentResourceId(ws: WorkspaceRef, incidentId: string): string {
  return `${sentinelScope(ws)}/incidents/${incidentId}`;
}

export function bookmarkResourceId(ws: WorkspaceRef, bookmarkId: string): string {
  return `${sentinelScope(ws)}/bookmarks/${bookmarkId}`;
}

export function entityResourceId(ws: WorkspaceRef, entityId: string): string {
  return `${sentinelScope(ws)}/entities/${entityId}`;
}

/** A Sentinel resource id taken apart: `/…/workspaces/ws/providers/Microsoft.SecurityInsights/<type>/<name>[/<childType>/<childName>]`. */
export interface SentinelResourceId {
  workspace: WorkspaceRef;
  /** Lower-case collection name: `incidents`, `bookmarks`, `entities`, ... */
  type: string;
  name: string;
  child?: { type: string; name: string };
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Parses a workspace resource id; undefined when `id` is not one. Literal segments match case-insensitively, as ARM does. */
export function parseWorkspaceResourceId(id: string): WorkspaceRef | undefined {
  const parts = id.trim().replace(/\/+$/, "").split("/");
  if (parts.length !== 9 || parts[0] !== "") return undefined;
  const [, subs, subscriptionId, rgs, resourceGroup, providers, ns, workspaces, workspaceName] = parts;
  if (
    subs!.toLowerCase() !== "subscriptions" ||
    rgs!.toLowerCase() !== "resourcegroups" ||
    providers!.toLowerCase() !== "providers" ||
    ns!.toLowerCase() !== OPERATIONAL_INSIGHTS.toLowerCase() ||
    workspaces!.toLowerCase() !== "workspaces"
  )
    return undefined;
  const sub = decode(subscriptionId!);
  const rg = decode(resourceGroup!);
  const name = decode(workspaceName!);
  if (!sub || !rg || !name) return undefined;
  return { subscriptionId: sub, resourceGroup: rg, workspaceName: name };
}

/** Parses the id of a resource under a workspace's Sentinel scope; undefined when `id` is not one. */
export function parseSentinelResourceId(id: string): SentinelResourceId | undefined {
  const parts = id.trim().replace(/\/+$/, "").split("/");
  if (parts.length !== 13 && parts.length !== 15) return undefined;
  const workspace = parseWorkspaceResourceId(parts.slice(0, 9).join("/"));
  if (!workspace) return undefined;
  if (parts[9]!.toLowerCase() !== "providers" || parts[10]!.toLowerCase() !== SECURITY_INSIGHTS.toLowerCase()) return undefined;
  const name = decode(parts[12]!);
  if (!name || !parts[11]) return undefined;
  const parsed: SentinelResourceId = { workspace, type: parts[11].toLowerCase(), name };
  if (parts.length === 15) {
    const childName = decode(parts[14]!);
    if (!childName || !parts[13]) return undefined;
    parsed.child = { type: parts[13].toLowerCase(), name: childName };
  }
  return parsed;
}

export function sameWorkspace(a: WorkspaceRef, b: WorkspaceRef): boolean {
  return (
    a.subscriptionId.toLowerCase() === b.subscriptionId.toLowerCase() &&
    a.resourceGroup.toLowerCase() === b.resourceGroup.toLowerCase() &&
    a.workspaceName.toLowerCase() === b.workspaceName.toLowerCase()
  );
}

/** A stable, case-folded key for a workspace (ARM names are case-insensitive). */
export function workspaceKey(ws: WorkspaceRef): string {
  return `${ws.subscriptionId}/${ws.resourceGroup}/${ws.workspaceName}`.toLowerCase();
}

/** Parses `SUB/RG/NAME`, the short form the command line and emulator options take. */
export function parseWorkspaceTriple(text: string): WorkspaceRef | undefined {
  const parts = text.split("/");
  if (parts.length !== 3 || parts.some((p) => p.length === 0)) return undefined;
  return { subscriptionId: parts[0]!, resourceGroup: parts[1]!, workspaceName: parts[2]! };
}
