// Every error the emulator answers with comes from here, in the service's wire
// shape: a CloudError body `{"error":{"code","message"}}` with the ARM code.
import { ALL_API_VERSIONS } from "../../api/apiVersions.js";

export class ServiceError extends Error {
  override name = "ServiceError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly target?: string,
  ) {
    super(message);
  }

  body(): string {
    return JSON.stringify({ error: { code: this.code, message: this.message, ...(this.target ? { target: this.target } : {}) } });
  }
}

export const errors = {
  badRequest: (message: string, target?: string) => new ServiceError(400, "BadRequest", message, {}, target),
  invalidContent: (message: string) => new ServiceError(400, "InvalidRequestContent", message),
  invalidQuery: (message: string, target?: string) => new ServiceError(400, "InvalidQueryParameterValue", message, {}, target),
  missingApiVersion: () =>
    new ServiceError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests."),
  invalidApiVersion: (version: string, supported: readonly string[] = ALL_API_VERSIONS) =>
    new ServiceError(
      400,
      "InvalidApiVersionParameter",
      `The api-version '${version}' is invalid. The supported versions are '${supported.join(",")}'.`,
    ),
  missingAuth: () =>
    new ServiceError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", {
      "www-authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
    }),
  invalidAuth: (why: string) =>
    new ServiceError(401, "InvalidAuthenticationToken", `The access token is invalid: ${why}`, {
      "www-authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
    }),
  notFound: (message: string) => new ServiceError(404, "NotFound", message),
  workspaceNotFound: (resourceGroup: string, workspace: string) =>
    new ServiceError(
      404,
      "ResourceNotFound",
      `The Resource 'Microsoft.OperationalInsights/workspaces/${workspace}' under resource group '${resourceGroup}' was not found.`,
    ),
  noRoute: (path: string) => new ServiceError(404, "NotFound", `No HTTP resource was found that matches the request URI '${path}'.`),
  methodNotAllowed: (method: string, allowed: string[]) =>
    new ServiceError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'.`, { allow: allowed.join(", ") }),
  conflict: (message: string) => new ServiceError(409, "Conflict", message),
  preconditionFailed: (message: string) => new ServiceError(412, "PreconditionFailed", message),
  tooLarge: (limit: number) =>
    new ServiceError(413, "RequestEntityTooLarge", `The request content is larger than the ${limit} bytes this service accepts.`),
  unsupportedMediaType: (type: string) =>
    new ServiceError(415, "UnsupportedMediaType", `The content type '${type}' is not supported; send application/json.`),
  throttled: (retryAfterMs: number, scope: "reads" | "writes") =>
    new ServiceError(
      429,
      "SubscriptionRequestsThrottled",
      `Number of '${scope === "reads" ? "read" : "write"}' requests for subscription exceeded the limit. Please try again after ${Math.ceil(retryAfterMs / 1000)} seconds.`,
      retryHeaders(retryAfterMs),
    ),
  tooManyRequests: (retryAfterMs?: number) =>
    new ServiceError(429, "TooManyRequests", "Too many requests; please retry later.", retryAfterMs === undefined ? {} : retryHeaders(retryAfterMs)),
  internal: (message = "An internal server error occurred. Please retry the request.") => new ServiceError(500, "InternalServerError", message),
  unavailable: () => new ServiceError(503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry the request."),
};

/** Retry-After counts whole seconds; the millisecond headers let a client wait exactly as long as needed. */
export function retryHeaders(ms: number): Record<string, string> {
  const rounded = Math.max(1, Math.ceil(ms));
  return {
    "retry-after": String(Math.max(1, Math.ceil(rounded / 1000))),
    "retry-after-ms": String(rounded),
    "x-ms-retry-after-ms": String(rounded),
  };
}
