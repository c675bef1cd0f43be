// One error tree for the library. Every class has a stable `name`, so callers can
// tell errors apart by name even across copies of the package (`instanceof` fails
// there). Messages say what to do next; none ever holds a token.

export class SentinelError extends Error {
  override name = "SentinelError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface RequestErrorDetails {
  statusCode?: number;
  code?: string;
  serviceMessage?: string;
  requestId?: string;
  correlationId?: string;
  clientRequestId?: string;
  method: string;
  url: string;
  cause?: unknown;
}

/** The service answered with an error, or could not be reached at all (statusCode undefined). */
export class SentinelRequestError extends SentinelError {
  override name = "SentinelRequestError";
  readonly statusCode?: number;
  /** The service's error code, e.g. `BadRequest`, or the network error code, e.g. `ECONNRESET`. */
  readonly code?: string;
  readonly serviceMessage?: string;
  /** `x-ms-request-id` of the failed response: quote it to Microsoft support. */
  readonly requestId?: string;
  readonly correlationId?: string;
  readonly clientRequestId?: string;
  readonly method: string;
  /** The request URL (it never carries credentials). */
  readonly url: string;

  constructor(message: string, details: RequestErrorDetails) {
    super(message, { cause: details.cause });
    this.statusCode = details.statusCode;
    this.code = details.code;
    this.serviceMessage = details.serviceMessage;
    this.requestId = details.requestId;
    this.correlationId = details.correlationId;
    this.clientRequestId = details.clientRequestId;
    this.method = details.method;
    this.url = details.url;
  }
}

/** 409: the resource changed since it was read (etag mismatch) or the write conflicts with another. */
export class SentinelConflictError extends SentinelRequestError {
  override name = "SentinelConflictError";
}

/** Bad input caught before any request was sent. */
export class SentinelValidationError extends SentinelError {
  override name = "SentinelValidationError";
  constructor(
    message: string,
    readonly field: string,
    readonly value?: unknown,
    readonly allowedValues?: readonly string[],
  ) {
    super(message);
  }
}

/** A setting (workspace, subscription, ...) could not be found anywhere it was looked for. */
export class SentinelConfigError extends SentinelError {
  override name = "SentinelConfigError";
  constructor(
    message: string,
    readonly setting?: string,
    readonly lookedIn: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The client refused to send a request that would expose the token (plain http off loopback, or another origin). */
export class SentinelTrustError extends SentinelError {
  override name = "SentinelTrustError";
}

export interface IncidentCandidate {
  incidentNumber?: number;
  name: string;
  title: string;
  createdTimeUtc?: string;
}

export class IncidentNotFoundError extends SentinelError {
  override name = "IncidentNotFoundError";
  constructor(
    message: string,
    readonly incident: string,
    readonly requestId?: string,
    /** Incidents whose title contains the text, when a write asked for an exact title and none had it. */
    readonly candidates: IncidentCandidate[] = [],
  ) {
    super(message);
  }
}

/** A create named an incident id that is already taken by a different incident: nothing was written. */
export class IncidentExistsError extends SentinelError {
  override name = "IncidentExistsError";
  constructor(
    message: string,
    readonly incidentId: string,
    readonly existing: IncidentCandidate,
  ) {
    super(message);
  }
}

export class AmbiguousIncidentError extends SentinelError {
  override name = "AmbiguousIncidentError";
  constructor(
    message: string,
    readonly incident: string,
    readonly candidates: IncidentCandidate[],
  ) {
    super(message);
  }
}

export interface BookmarkCandidate {
  name: string;
  displayName: string;
  created?: string;
}

export class BookmarkNotFoundError extends SentinelError {
  override name = "BookmarkNotFoundError";
  constructor(
    message: string,
    readonly bookmark: string,
  ) {
    super(message);
  }
}

export class AmbiguousBookmarkError extends SentinelError {
  override name = "AmbiguousBookmarkError";
  constructor(
    message: string,
    readonly bookmark: string,
    readonly candidates: BookmarkCandidate[],
  ) {
    super(message);
  }
}

/** An incident was created but linking one of its bookmarks failed. */
export class BookmarkLinkError extends SentinelError {
  override name = "BookmarkLinkError";
  constructor(
    message: string,
    readonly incidentId: string,
    readonly bookmark: string,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/** True when `e` is a SentinelError of the given name (or any, without a name), whatever copy of the package made it. */
export function isSentinelError(e: unknown, name?: string): e is SentinelError {
  if (typeof e !== "object" || e === null) return false;
  const n = (e as { name?: unknown }).name;
  if (typeof n !== "string") return false;
  return name === undefined ? SENTINEL_ERROR_NAMES.has(n) : n === name;
}

const SENTINEL_ERROR_NAMES = new Set([
  "SentinelError",
  "SentinelRequestError",
  "SentinelConflictError",
  "SentinelValidationError",
  "SentinelConfigError",
  "SentinelTrustError",
  "IncidentNotFoundError",
  "IncidentExistsError",
  "AmbiguousIncidentError",
  "BookmarkNotFoundError",
  "AmbiguousBookmarkError",
  "BookmarkLinkError",
]);
