// A timeout per attempt. The transport's own timeout surfaces as an abort, which
// the retry policy treats as final; this one surfaces as a retriable error, while
// an abort by the caller stays an abort.
import { RestError, type PipelinePolicy } from "@azure/core-rest-pipeline";

export const timeoutPolicyName = "sentinelTimeoutPolicy";

export function timeoutPolicy(timeoutInMs: number): PipelinePolicy {
  return {
    name: timeoutPolicyName,
    async sendRequest(request, next) {
      if (!(timeoutInMs > 0)) return next(request);
      const callerSignal = request.abortSignal;
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      if (callerSignal?.aborted) controller.abort();
      callerSignal?.addEventListener("abort", onAbort);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutInMs);
      request.abortSignal = controller.signal;
      request.timeout = 0;
      try {
        return await next(request);
      } catch (e) {
        if (timedOut && !callerSignal?.aborted) {
          throw new RestError(`The request timed out after ${timeoutInMs} ms.`, { code: "REQUEST_TIMEOUT", request });
        }
        throw e;
      } finally {
        clearTimeout(timer);
        callerSignal?.removeEventListener("abort", onAbort);
        request.abortSignal = callerSignal;
      }
    },
  };
}
