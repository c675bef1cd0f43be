// Sends one operation of the route table through the pipeline and turns error
// responses into SentinelRequestError with the service's code and request id.
import type { AbortSignalLike } from "@azure/abort-controller";
import { createHttpHeaders, createPipelineRequest, isRestError, RestError, type HttpClient, type Pipeline } from "@azure/core-rest-pipeline";
import type { CloudError } from "../api/models.js";
import { buildPath, getOperation, type OperationId, type PathParams } from "../api/routes.js";
import type { WorkspaceRef } from "../api/resourceId.js";
import { SentinelConflictError, SentinelError, SentinelRequestError } from "./errors.js";

export interface SendOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Extra request headers, e.g. `If-None-Match: *` for a create that must not replace. */
  headers?: Record<string, string>;
  abortSignal?: AbortSignalLike;
}

export interface Response<T> {
  status: number;
  body: T;
  requestId?: string;
}

export class Transport {
  constructor(
    readonly origin: string,
    readonly workspace: WorkspaceRef,
    readonly apiVersion: string,
    private readonly pipeline: Pipeline,
    private readonly httpClient: HttpClient,
  ) {}

  /** Sends an operation; `params` are the path parameters below the workspace. */
  async send<T>(operationId: OperationId, params: PathParams, options: SendOptions = {}): Promise<Response<T>> {
    const op = getOperation(operationId);
    const path = buildPath(operationId, {
      subscriptionId: this.workspace.subscriptionId,
      resourceGroupName: this.workspace.resourceGroup,
      workspaceName: this.workspace.workspaceName,
      ...params,
    });
    const url = new URL(path, this.origin);
    url.searchParams.set("api-version", this.apiVersion);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return this.sendUrl<T>(op.method, url.toString(), options);
  }

  /** Sends to a full URL (a nextLink); it must be on this client's origin, which the trust policy enforces. */
  async sendUrl<T>(method: string, url: string, options: SendOptions = {}): Promise<Response<T>> {
    const headers = createHttpHeaders({ ...options.headers, accept: "application/json" });
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers.set("content-type", "application/json");
    }
    const request = createPipelineRequest({ url, method: method as "GET", headers, body, abortSignal: options.abortSignal });
    let response;
    try {
      response = await this.pipeline.sendRequest(this.httpClient, request);
    } catch (e) {
      if (e instanceof SentinelError) throw e;
      if (isRestError(e) || (e as Error).name === "AbortError") {
        if ((e as Error).name === "AbortError") throw e;
        throw new SentinelRequestError(`${method} ${redact(url)} failed: ${(e as Error).message}. Check the endpoint and your network, then retry.`, {
          code: (e as { code?: string }).code,
          method,
          url: redact(url),
          clientRequestId: request.headers.get("x-ms-client-request-id"),
          cause: withoutRequest(e),
        });
      }
      throw e;
    }
    const text = response.bodyAsText ?? "";
    if (response.status >= 400) throw requestError(method, url, response.status, text, response.headers);
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      throw new SentinelRequestError(`${method} ${redact(url)} returned a body that is not JSON.`, { statusCode: response.status, method, url: redact(url) });
    }
    return { status: response.status, body: parsed as T, requestId: response.headers.get("x-ms-request-id") };
  }
}

function requestError(method: string, url: string, status: number, text: string, headers: { get(name: string): string | undefined }): SentinelRequestError {
  let code: string | undefined;
  let message: string | undefined;
  try {
    const body = JSON.parse(text) as CloudError;
    code = body.error?.code;
    message = body.error?.message;
  } catch {
    message = text.slice(0, 500) || undefined;
  }
  const requestId = headers.get("x-ms-request-id");
  const details = {
    statusCode: status,
    code,
    serviceMessage: message,
    requestId,
    correlationId: headers.get("x-ms-correlation-request-id"),
    clientRequestId: headers.get("x-ms-client-request-id"),
    method,
    url: redact(url),
  };
  const text2 = `${method} ${redact(url)} failed with ${status}${code ? ` ${code}` : ""}: ${message ?? "(no message)"}${requestId ? ` (request id ${requestId})` : ""}`;
  return status === 409 ? new SentinelConflictError(text2, details) : new SentinelRequestError(text2, details);
}

/**
 * The pipeline's error without its request and response: the request still holds
 * the `authorization` header, and an error's cause chain is walked by loggers.
 */
function withoutRequest(e: unknown): unknown {
  if (!isRestError(e)) return e;
  const clean = new RestError(e.message, { code: e.code, statusCode: e.statusCode });
  clean.stack = e.stack;
  return clean;
}

/** URLs never carry credentials here, but a skip token is long and opaque: shorten it for messages. */
function redact(url: string): string {
  return url.replace(/(\$skipToken=)[^&]{24,}/i, (_, p: string) => `${p}…`);
}
