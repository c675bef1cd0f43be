// What a program holding a running emulator sees of it. Apart from the server so
// that the package's public types never reach the SQLite driver's: a consumer
// type-checks without @types/better-sqlite3.
import type { OperationId } from "../api/routes.js";

export interface EmulatorStats {
  /** Every request that reached the server, health checks included. */
  requests: number;
  byOperation: Record<string, number>;
  byStatus: Record<string, number>;
  faultsInjected: number;
  throttled: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  operationId?: OperationId;
  fault?: string;
  durationMs: number;
}

export interface EmulatorHandle {
  /** Origin to point a client at, e.g. http://127.0.0.1:4242 */
  url: string;
  host: string;
  port: number;
  /** The self-signed certificate (PEM file) when serving https, for NODE_EXTRA_CA_CERTS. */
  caCertPath?: string;
  readonly stats: EmulatorStats;
  /** Subscribes to one record per request (method, path, status, timing). */
  onRequest(listener: (record: RequestRecord) => void): void;
  close(): Promise<void>;
}
