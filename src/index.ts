// sentinel-incidents: the public entry.
export * from "./api/enums.js";
export type * from "./api/models.js";
export { ResourceTypes } from "./api/models.js";
export * from "./api/resourceId.js";
export { DEFAULT_API_VERSION, ALL_API_VERSIONS, STABLE_API_VERSIONS, PREVIEW_API_VERSIONS } from "./api/apiVersions.js";
export { OPERATIONS, buildPath, type Operation, type OperationId } from "./api/routes.js";

export { startEmulator, EmulatorConfigError, type RunningEmulator, type EmulatorStats } from "./emulator/server.js";
export { DEFAULT_WORKSPACE, type EmulatorOptions } from "./emulator/options.js";

export * from "./client/index.js";
