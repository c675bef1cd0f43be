// What a route handler gets to work with, and what it gives back.
import type { ClientInfo } from "../../api/models.js";
import type { Operation, PathParams } from "../../api/routes.js";
import type { EmulatorStore, WorkspaceRecord } from "../store/index.js";

export interface RequestContext {
  operation: Operation;
  params: PathParams;
  /** Query options by lower-cased name (`$top`, `$filter`, `api-version`, ...). */
  query: ReadonlyMap<string, string>;
  workspace: WorkspaceRecord;
  caller: ClientInfo;
  store: EmulatorStore;
  /** The request URL as the client addressed it (origin from its Host header). */
  url: URL;
  /** The parsed JSON body; only PUT handlers read it. */
  body(): Promise<unknown>;
  /** A request header by lower-cased name (the first value when repeated). */
  header(name: string): string | undefined;
}

export interface Reply {
  status: number;
  /** A value to serialise, or already-serialised JSON text. */
  json?: unknown;
  raw?: string;
  /** Already-encoded JSON, possibly in pieces. */
  bytes?: Buffer | Buffer[];
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;
