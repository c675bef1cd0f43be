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

/** How a title names the incident a call works on. */
export type TitleMatch = "exact" | "substring";

/** Options of every call that writes or deletes. */
export interface WriteOptions extends OperationOptions {
  /**
   * A write names its incident by GUID, resource id, #number or its exact title
   * (any case) by default; "substring" lets a unique part of the title do, as reads allow.
   */
  matchTitle?: TitleMatch;
}
