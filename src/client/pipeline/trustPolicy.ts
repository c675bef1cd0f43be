// Guards the token: a request goes only to the configured origin, and over plain
// http only to a loopback address (the emulator). Runs before authentication.
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { isLoopbackUrl } from "../clouds.js";
import { SentinelTrustError } from "../errors.js";

export const trustPolicyName = "sentinelTrustPolicy";

export function trustPolicy(origin: string): PipelinePolicy {
  const expected = new URL(origin).origin;
  return {
    name: trustPolicyName,
    async sendRequest(request, next) {
      const url = new URL(request.url);
      if (url.origin !== expected) {
        throw new SentinelTrustError(
          `Refusing to send a request to ${url.origin}: this client only talks to ${expected}, so its token is never sent elsewhere.`,
        );
      }
      if (url.protocol === "http:") {
        if (!isLoopbackUrl(url)) {
          throw new SentinelTrustError(`Refusing to send a bearer token over plain http to ${url.host}; use https (plain http is allowed only to loopback addresses).`);
        }
        request.allowInsecureConnection = true;
      }
      return next(request);
    },
  };
}
