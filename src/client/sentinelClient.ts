// SentinelClient: every incident operation of MSTICPy's Sentinel features, for one workspace.
import type { TokenCredential } from "@azure/core-auth";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { DEFAULT_API_VERSION } from "../api/apiVersions.js";
import type { Bookmark, HuntingBookmark, Incident, IncidentComment, IncidentEntitiesResponse, IncidentTask, Relation, SecurityAlert } from "../api/models.js";
import { parseWorkspaceResourceId, WORKSPACE_NAME, type WorkspaceRef } from "../api/resourceId.js";
import { CLOUDS, cloudByName, isLoopbackUrl, scopeFor, type Cloud, type CloudName } from "./clouds.js";
import { resolveSettings, type ResolvedSettings, type SettingsInput } from "./config.js";
import type { ClientContext, OperationOptions, WriteOptions } from "./context.js";
import { createCredential, StaticTokenCredential } from "./credentials.js";
import { SentinelTrustError, SentinelValidationError } from "./errors.js";
import * as bulk from "./bulk/bulk.js";
import type { BulkOptions, BulkResult, BulkSelection } from "./bulk/types.js";
import * as incidents from "./operations/incidents.js";
import * as mutations from "./operations/mutations.js";
import * as relations from "./operations/relations.js";
import * as tasks from "./operations/tasks.js";
import type { PagedAsyncIterableIterator } from "./paging.js";
import { createSentinelPipeline, type RetryOptions } from "./pipeline/index.js";
import type { RequestObserver } from "./pipeline/observePolicy.js";
import { resolveIncident, type ResolvedIncident, type ResolveIncidentOptions } from "./resolve.js";
import { incidentStats, type IncidentStats, type IncidentStatsOptions } from "./stats/index.js";
import { Transport } from "./transport.js";
import { watchSources } from "./watch/watcher.js";
import type { IncidentChange, WatchIncidentsOptions } from "./watch/types.js";
import { signedInUser, type SignedInUser } from "./identity.js";
import type { IncidentUpdate } from "./update.js";

export interface SentinelClientOptions {
  /** Any TokenCredential; DefaultAzureCredential when absent. */
  credential?: TokenCredential;
  /** Resource Manager origin to use instead of the cloud's, e.g. the emulator's http://127.0.0.1:4242. */
  endpoint?: string;
  /** public (default), usgov or china. */
  cloud?: CloudName | Cloud;
  apiVersion?: string;
  retry?: RetryOptions;
  /** Per attempt; default 60 s. */
  timeoutInMs?: number;
  userAgentPrefix?: string;
  /** Transport to send with; node's keep-alive client by default. */
  httpClient?: HttpClient;
  tenantId?: string;
}

export type WorkspaceInput = WorkspaceRef | { resourceId: string };

export interface FromConfigOptions extends SettingsInput, Omit<SentinelClientOptions, "endpoint" | "cloud" | "tenantId"> {
  /** Authentication methods, as MSTICPy's Azure.auth_methods: cli, msi, env, devicecode, interactive, ... */
  auth?: string[];
  /**
   * Keep the access tokens of a sign-in (auth methods or the config file's) between
   * processes, in a file only the user can read (see CachedTokenCredential). Off by default;
   * the command line turns it on. Fixed tokens (SENTINEL_TOKEN, the emulator's) are never cached.
   */
  tokenCache?: boolean | { file?: string };
}

function workspaceOf(input: WorkspaceInput): WorkspaceRef {
  if (input && typeof input === "object" && "resourceId" in input) {
    const ws = parseWorkspaceResourceId(input.resourceId);
    if (!ws) {
      throw new SentinelValidationError(
        `'${input.resourceId}' is not a workspace resource id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>).`,
        "resourceId",
        input.resourceId,
      );
    }
    return ws;
  }
  const ws = input as WorkspaceRef;
  for (const key of ["subscriptionId", "resourceGroup", "workspaceName"] as const) {
    if (typeof ws?.[key] !== "string" || ws[key].trim() === "") throw new SentinelValidationError(`the workspace needs '${key}'.`, key, ws?.[key]);
  }
  if (!WORKSPACE_NAME.test(ws.workspaceName)) {
    throw new SentinelValidationError(`'${ws.workspaceName}' is not a valid workspace name (letters, digits and hyphens, 3-63 long).`, "workspaceName", ws.workspaceName);
  }
  return { subscriptionId: ws.subscriptionId, resourceGroup: ws.resourceGroup, workspaceName: ws.workspaceName };
}

function cloudOf(cloud: CloudName | Cloud | undefined): Cloud {
  if (cloud === undefined) return CLOUDS.public;
  if (typeof cloud === "object") return cloud;
  const found = cloudByName(cloud);
  if (!found) throw new SentinelValidationError(`Unknown cloud '${cloud}'. Allowed values: public, usgov, china.`, "cloud", cloud, ["public", "usgov", "china"]);
  return found;
}

function originOf(endpoint: string | undefined, cloud: Cloud): string {
  const raw = endpoint ?? cloud.resourceManager;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SentinelValidationError(`'${raw}' is not a URL.`, "endpoint", raw);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new SentinelValidationError(`'${raw}' must be an http(s) URL.`, "endpoint", raw);
  if (url.protocol === "http:" && !isLoopbackUrl(url)) {
    throw new SentinelTrustError(`Plain http is allowed only to loopback addresses (the emulator); '${url.host}' needs https.`);
  }
  return url.origin;
}

export class SentinelClient {
  readonly workspace: WorkspaceRef;
  /** Where requests go: Resource Manager's origin, or the emulator's. */
  readonly endpoint: string;
  readonly cloud: Cloud;
  readonly apiVersion: string;
  private readonly ctx: ClientContext;
  private readonly observers = new Set<RequestObserver>();
  readonly #credential: TokenCredential;

  constructor(workspace: WorkspaceInput, options: SentinelClientOptions = {}) {
    this.workspace = workspaceOf(workspace);
    this.cloud = cloudOf(options.cloud);
    this.endpoint = originOf(options.endpoint, this.cloud);
    this.apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
    const credential = options.credential ?? createCredential(["default"], { tenantId: options.tenantId, cloud: this.cloud });
    this.#credential = credential;
    const { pipeline, httpClient } = createSentinelPipeline({
      origin: this.endpoint,
      credential,
      scopes: [scopeFor(this.cloud.resourceManager)],
      retry: options.retry,
      timeoutInMs: options.timeoutInMs,
      userAgentPrefix: options.userAgentPrefix,
      observers: this.observers,
      httpClient: options.httpClient,
    });
    this.ctx = { transport: new Transport(this.endpoint, this.workspace, this.apiVersion, pipeline, httpClient), workspace: this.workspace };
  }

  /**
   * A client from msticpyconfig.yaml and the environment: SENTINEL_SUBSCRIPTION_ID,
   * SENTINEL_RESOURCE_GROUP, SENTINEL_WORKSPACE_NAME, SENTINEL_ENDPOINT and
   * SENTINEL_TOKEN override the file; options override both.
   */
  static async fromConfig(options: FromConfigOptions = {}): Promise<SentinelClient> {
    const s = await resolveSettings(options);
    const cloud = cloudOf((s.cloud as CloudName | undefined) ?? undefined);
    const chosen = options.credential ? { credential: options.credential } : credentialFor(s, options.auth, cloud);
    let credential = chosen.credential;
    if (options.tokenCache && chosen.methods) {
      const { CachedTokenCredential } = await import("./tokenCache.js");
      credential = new CachedTokenCredential(credential, {
        credentialKey: `${chosen.methods.map((m) => m.toLowerCase()).join(",")}@${cloud.authorityHost}`,
        tenantId: s.tenantId,
        file: typeof options.tokenCache === "object" ? options.tokenCache.file : undefined,
      });
    }
    return new SentinelClient(
      { subscriptionId: s.subscriptionId, resourceGroup: s.resourceGroup, workspaceName: s.workspaceName },
      { ...options, credential, endpoint: s.endpoint, cloud, tenantId: s.tenantId },
    );
  }

  /** Who this client signs in as, from its access token's claims (no request is made); for "assign to me". */
  signedInUser(options: OperationOptions = {}): Promise<SignedInUser> {
    return signedInUser(this.#credential, [scopeFor(this.cloud.resourceManager)], options.abortSignal);
  }

  /** Observes every HTTP attempt (for logs and rate control); returns a function that stops observing. */
  onRequest(observer: RequestObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  listIncidents(params?: incidents.ListIncidentsParams, options?: incidents.ListIncidentsOptions): Promise<Incident[]> {
    return incidents.listIncidents(this.ctx, params, options);
  }

  iterateIncidents(params?: incidents.ListIncidentsParams, options?: OperationOptions): PagedAsyncIterableIterator<Incident> {
    return incidents.iterateIncidents(this.ctx, params, options);
  }

  listAllIncidents(params?: Omit<incidents.ListIncidentsParams, "$top">, options?: incidents.ListIncidentsOptions): Promise<Incident[]> {
    return incidents.listAllIncidents(this.ctx, params, options);
  }

  getIncident(incident: string, options?: incidents.GetIncidentOptions): Promise<incidents.IncidentDetails> {
    return incidents.getIncident(this.ctx, incident, options);
  }

  /**
   * Adds the extras getIncident can include (entities, alerts, comments, bookmarks) to an
   * incident already read, e.g. from a list, without reading the incident again: the
   * details go with the version given. Requests are made concurrently.
   */
  addIncidentDetails(incident: Incident, options?: incidents.GetIncidentOptions): Promise<incidents.IncidentDetails> {
    return incidents.addIncidentDetails(this.ctx, incident, options);
  }

  resolveIncident(incident: string, options?: ResolveIncidentOptions): Promise<ResolvedIncident> {
    return resolveIncident(this.ctx, incident, options);
  }

  updateIncident(incident: string, updateItems: IncidentUpdate, options?: mutations.UpdateIncidentOptions): Promise<Incident> {
    return mutations.updateIncident(this.ctx, incident, updateItems, options);
  }

  /** updateIncident, also saying whether anything changed and how many etag races were re-applied. */
  updateIncidentDetailed(incident: string, updateItems: IncidentUpdate, options?: mutations.UpdateIncidentOptions): Promise<mutations.UpdateResult> {
    return mutations.updateIncidentDetailed(this.ctx, incident, updateItems, options);
  }

  createIncident(input: mutations.CreateIncidentInput, options?: OperationOptions): Promise<Incident> {
    return mutations.createIncident(this.ctx, input, options);
  }

  /** Deletes an incident named by GUID, resource id, #number or exact title (see WriteOptions.matchTitle). */
  deleteIncident(incident: string, options?: WriteOptions): Promise<void> {
    return incidents.deleteIncident(this.ctx, incident, options);
  }

  postComment(incident: string, comment: string, options?: mutations.PostCommentOptions): Promise<IncidentComment> {
    return mutations.postComment(this.ctx, incident, comment, options);
  }

  listComments(incident: string, options?: OperationOptions): Promise<IncidentComment[]> {
    return incidents.listComments(this.ctx, incident, options);
  }

  deleteComment(incident: string, commentId: string, options?: WriteOptions): Promise<void> {
    return mutations.deleteComment(this.ctx, incident, commentId, options);
  }

  addBookmarkToIncident(incident: string, bookmark: string, options?: WriteOptions): Promise<Relation> {
    return relations.addBookmarkToIncident(this.ctx, incident, bookmark, options);
  }

  listBookmarks(options?: OperationOptions): PagedAsyncIterableIterator<Bookmark> {
    return relations.listBookmarks(this.ctx, options);
  }

  getBookmark(bookmark: string, options?: OperationOptions): Promise<Bookmark> {
    return relations.getBookmark(this.ctx, bookmark, options);
  }

  listRelations(incident: string, options?: OperationOptions): Promise<Relation[]> {
    return relations.listRelations(this.ctx, incident, options);
  }

  removeRelation(incident: string, relationName: string, options?: WriteOptions): Promise<void> {
    return relations.removeRelation(this.ctx, incident, relationName, options);
  }

  listIncidentEntities(incident: string, options?: OperationOptions): Promise<IncidentEntitiesResponse> {
    return incidents.listIncidentEntities(this.ctx, incident, options);
  }

  listIncidentAlerts(incident: string, options?: OperationOptions): Promise<SecurityAlert[]> {
    return incidents.listIncidentAlerts(this.ctx, incident, options);
  }

  listIncidentBookmarks(incident: string, options?: OperationOptions): Promise<HuntingBookmark[]> {
    return incidents.listIncidentBookmarks(this.ctx, incident, options);
  }

  listIncidentTasks(incident: string, options?: OperationOptions): Promise<IncidentTask[]> {
    return tasks.listIncidentTasks(this.ctx, incident, options);
  }

  createOrUpdateIncidentTask(incident: string, task: tasks.IncidentTaskInput, options?: WriteOptions): Promise<IncidentTask> {
    return tasks.createOrUpdateIncidentTask(this.ctx, incident, task, options);
  }

  deleteIncidentTask(incident: string, taskId: string, options?: WriteOptions): Promise<void> {
    return tasks.deleteIncidentTask(this.ctx, incident, taskId, options);
  }

  /** A change feed of the workspace's incidents that never misses and never repeats a version (see docs/change-feed.md). */
  watchIncidents(options?: WatchIncidentsOptions): AsyncIterableIterator<IncidentChange> {
    return watchSources([{ client: this, label: this.workspace.workspaceName }], options);
  }

  /** SOC metrics of the incidents created in a time range (default the last 30 days), streamed once; `workspaces` counts several together. */
  incidentStats(options: IncidentStatsOptions = {}): Promise<IncidentStats> {
    return incidentStats(options.workspaces ?? [this], options);
  }

  /** This client as one workspace of a bulk run. */
  bulkTarget(label?: string): bulk.BulkTarget {
    return { ctx: this.ctx, endpoint: this.endpoint, onRequest: (o) => this.onRequest(o), label };
  }

  /** Applies one update to every selected incident, at the rate the service allows. */
  bulkUpdateIncidents(selection: BulkSelection, updateItems: IncidentUpdate, options?: BulkOptions): Promise<BulkRun> {
    return bulk.bulkUpdateIncidents([this.bulkTarget()], selection, updateItems, options);
  }

  /** Closes every selected incident with one classification. */
  bulkCloseIncidents(selection: BulkSelection, spec: bulk.CloseSpec, options?: BulkOptions): Promise<BulkRun> {
    return bulk.bulkCloseIncidents([this.bulkTarget()], selection, spec, options);
  }

  /** Posts one comment on every selected incident; re-running never posts it twice. */
  bulkComment(selection: BulkSelection, comment: string, options?: bulk.BulkCommentOptions): Promise<BulkRun> {
    return bulk.bulkComment([this.bulkTarget()], selection, comment, options);
  }
}

/**
 * The credential settings call for, in order: SENTINEL_TOKEN; the authentication methods
 * asked for; a placeholder token for an emulator on loopback (it takes any token unless
 * started with --token); the config file's methods, or DefaultAzureCredential. Every
 * credential signs in to the chosen cloud's authority. `methods` is set when it signs in
 * (and so may be worth caching).
 */
function credentialFor(s: ResolvedSettings, auth: readonly string[] | undefined, cloud: Cloud): { credential: TokenCredential; methods?: readonly string[] } {
  if (s.tokenCredential) return { credential: s.tokenCredential };
  if (auth && auth.length > 0) return { credential: createCredential(auth, { tenantId: s.tenantId, cloud }), methods: auth };
  if (s.endpoint && isLoopbackUrl(new URL(s.endpoint))) return { credential: new StaticTokenCredential("local-dev") };
  const methods = s.authMethods ?? ["default"];
  return { credential: createCredential(methods, { tenantId: s.tenantId, cloud }), methods };
}

export type BulkRun = BulkResult & { aborted: boolean; pending: number };

type Labeled = SentinelClient | { client: SentinelClient; label: string };
const targetsOf = (clients: readonly Labeled[]) => clients.map((c) => (c instanceof SentinelClient ? c.bulkTarget(c.workspace.workspaceName) : c.client.bulkTarget(c.label)));

/** bulkUpdateIncidents over several workspaces (the selection applies in each). */
export function bulkUpdateAcrossWorkspaces(clients: readonly Labeled[], selection: BulkSelection, updateItems: IncidentUpdate, options?: BulkOptions): Promise<BulkRun> {
  return bulk.bulkUpdateIncidents(targetsOf(clients), selection, updateItems, options);
}

export function bulkCloseAcrossWorkspaces(clients: readonly Labeled[], selection: BulkSelection, spec: bulk.CloseSpec, options?: BulkOptions): Promise<BulkRun> {
  return bulk.bulkCloseIncidents(targetsOf(clients), selection, spec, options);
}

export function bulkCommentAcrossWorkspaces(clients: readonly Labeled[], selection: BulkSelection, comment: string, options?: bulk.BulkCommentOptions): Promise<BulkRun> {
  return bulk.bulkComment(targetsOf(clients), selection, comment, options);
}
