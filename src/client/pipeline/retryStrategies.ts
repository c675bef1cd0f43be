// When to retry, and after how long: pure functions of the last response or error.
// The service's own delay (retry-after-ms, x-ms-retry-after-ms, Retry-After) wins;
// otherwise exponential back-off with full jitter.
import type { PipelineResponse, RestError, RetryStrategy } from "@azure/core-rest-pipeline";

export interface BackoffOptions {
  /** First back-off step; default 800 ms. */
  retryDelayInMs?: number;
  /** Cap on any single wait; default 60 s. */
  maxRetryDelayInMs?: number;
  /** Source of randomness in [0,1); injectable for tests. */
  random?: () => number;
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
// Failures where the request may not have reached the service, or its answer was lost.
const RETRY_ERROR_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
  "REQUEST_SEND_ERROR",
  "REQUEST_TIMEOUT",
]);

const CONNECT_FAILURES = new Set(["ECONNREFUSED", "ENETUNREACH", "EHOSTUNREACH"]);

/** The delay the service asks for, in ms, or undefined when it names none. */
export function serverDelayInMs(response: PipelineResponse | undefined, now = Date.now()): number | undefined {
  if (!response) return undefined;
  for (const header of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = response.headers.get(header);
    if (value !== undefined && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  }
  const retryAfter = response.headers.get("retry-after");
  if (retryAfter === undefined) return undefined;
  if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoffDelayInMs(retryCount: number, options: BackoffOptions = {}): number {
  const base = options.retryDelayInMs ?? 800;
  const max = options.maxRetryDelayInMs ?? 60_000;
  const ceiling = Math.min(max, base * 2 ** retryCount);
  // Full jitter: spreads retries of many clients instead of synchronising them.
  return Math.round((options.random ?? Math.random)() * ceiling);
}

export function isRetriableError(error: RestError | undefined): boolean {
  if (!error) return false;
  if (error.name === "AbortError") return false;
  return error.code !== undefined && RETRY_ERROR_CODES.has(error.code);
}

/** One strategy for every retriable outcome: statuses, throttles and transport failures. */
export function sentinelRetryStrategy(options: BackoffOptions = {}): RetryStrategy {
  return {
    name: "sentinelRetryStrategy",
    retry({ retryCount, response, responseError }) {
      if (responseError && !response) {
        if (!isRetriableError(responseError)) return { skipStrategy: true };
        // Nothing listens there: worth a quick second look (a restarting server), not a long wait.
        if (CONNECT_FAILURES.has(responseError.code!)) {
          return retryCount < 2 ? { retryAfterInMs: Math.min(250, backoffDelayInMs(retryCount, options)) } : { errorToThrow: responseError };
        }
        return { retryAfterInMs: backoffDelayInMs(retryCount, options) };
      }
      if (!response || !RETRY_STATUSES.has(response.status)) return { skipStrategy: true };
      const asked = serverDelayInMs(response);
      if (asked !== undefined) {
        // A little jitter on top, so clients told the same delay do not return in lockstep.
        const jitter = Math.round((options.random ?? Math.random)() * Math.min(250, asked * 0.1));
        return { retryAfterInMs: Math.min(asked, options.maxRetryDelayInMs ?? 60_000) + jitter };
      }
      return { retryAfterInMs: backoffDelayInMs(retryCount, options) };
    },
  };
}
