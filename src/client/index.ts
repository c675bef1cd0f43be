// The library's public surface.
export {
  SentinelClient,
  bulkUpdateAcrossWorkspaces,
  bulkCloseAcrossWorkspaces,
  bulkCommentAcrossWorkspaces,
  type SentinelClientOptions,
  type WorkspaceInput,
  type FromConfigOptions,
  type BulkRun,
} from "./sentinelClient.js";
export type { BulkOptions, BulkResult, BulkSelection, BulkProgress, BulkItem, BulkFailure, PlannedChange } from "./bulk/types.js";
export type { CloseSpec, BulkCommentOptions } from "./bulk/bulk.js";
export * from "./errors.js";
export { createCredential, StaticTokenCredential, AUTH_METHODS, type AuthMethod, type CredentialOptions } from "./credentials.js";
export { CachedTokenCredential, clearTokenCache, tokenCacheFile, userConfigDir, TOKEN_CACHE_MARGIN_MS, type TokenCacheOptions } from "./tokenCache.js";
export { CLOUDS, type Cloud, type CloudName } from "./clouds.js";
export { incidentFilter, odataString, andFilters, type IncidentFilterOptions } from "./filter.js";
export { toRows, columnsOf, type Row } from "./rows.js";
export { resolveSettings, readConfigFile, findConfigFile, pickWorkspace, type ResolvedSettings, type SettingsInput, type WorkspaceConfig, type ConfigFile } from "./config.js";
export type { PagedAsyncIterableIterator, PageSettings } from "./paging.js";
export type { RetryOptions } from "./pipeline/index.js";
export type { RequestObservation, RequestObserver } from "./pipeline/observePolicy.js";
export type { OperationOptions } from "./context.js";
export type { IncidentUpdate } from "./update.js";
export { UPDATABLE_KEYS, READ_ONLY_KEYS } from "./update.js";
export type { ListIncidentsParams, ListIncidentsOptions, GetIncidentOptions, IncidentDetails } from "./operations/incidents.js";
export type { CreateIncidentInput, PostCommentOptions, UpdateIncidentOptions, UpdateResult } from "./operations/mutations.js";
export type { IncidentTaskInput } from "./operations/tasks.js";
export type { SignedInUser } from "./identity.js";
export type { ResolvedIncident } from "./resolve.js";
