// Reports every attempt (method, URL, status, time, throttle headers) to whoever
// listens: --verbose output and the bulk runner's rate control. Never the headers
// that carry credentials.
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

export interface RequestObservation {
  method: string;
  url: string;
  /** 0 when no response arrived. */
  status: number;
  durationMs: number;
  requestId?: string;
  clientRequestId?: string;
  errorCode?: string;
  /** x-ms-ratelimit-remaining-subscription-reads / -writes, when sent. */
  remainingReads?: number;
  remainingWrites?: number;
  /** The delay a throttled response asked for, in ms. */
  retryAfterMs?: number;
}

export type RequestObserver = (observation: RequestObservation) => void;

export const observePolicyName = "sentinelObservePolicy";

function num(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

export function observePolicy(observers: Set<RequestObserver>): PipelinePolicy {
  return {
    name: observePolicyName,
    async sendRequest(request, next) {
      if (observers.size === 0) return next(request);
      const started = performance.now();
      const base = { method: request.method, url: request.url, clientRequestId: request.headers.get("x-ms-client-request-id") };
      const emit = (o: RequestObservation) => {
        for (const observer of observers) observer(o);
      };
      try {
        const response = await next(request);
        const h = response.headers;
        const retryMs = num(h.get("retry-after-ms")) ?? num(h.get("x-ms-retry-after-ms"));
        const retryS = num(h.get("retry-after"));
        emit({
          ...base,
          status: response.status,
          durationMs: performance.now() - started,
          requestId: h.get("x-ms-request-id"),
          remainingReads: num(h.get("x-ms-ratelimit-remaining-subscription-reads")),
          remainingWrites: num(h.get("x-ms-ratelimit-remaining-subscription-writes")),
          retryAfterMs: retryMs ?? (retryS !== undefined ? retryS * 1000 : undefined),
        });
        return response;
      } catch (e) {
        emit({ ...base, status: 0, durationMs: performance.now() - started, errorCode: (e as { code?: string }).code ?? (e as Error).name });
        throw e;
      }
    },
  };
}
