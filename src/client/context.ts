// What every operation of the client works with.
import type { AbortSignalLike } from "@azure/abort-controller";
import type { WorkspaceRef } from "../api/resourceId.js";
import type { Transport } from "./transport.js";

export interface ClientContext {
  transport: Transport;
  workspace: WorkspaceRef;
}

/** Every call takes an abort signal. */
export interface OperationOptions {
  abortSignal?: AbortSignalLike;
}
