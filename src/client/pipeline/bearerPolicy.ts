// Bearer authentication with a cached token, refreshed shortly before it expires;
// concurrent requests share one token request. (core-rest-pipeline's own policy
// refuses plain http outright, which the loopback emulator needs.)
import type { AbortSignalLike } from "@azure/abort-controller";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { SentinelError } from "../errors.js";

export const bearerPolicyName = "sentinelBearerPolicy";
const REFRESH_BEFORE_EXPIRY_MS = 2 * 60_000;

export function bearerPolicy(credential: TokenCredential, scopes: string[]): PipelinePolicy {
  let cached: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;

  const fetchToken = async (abortSignal?: AbortSignalLike): Promise<AccessToken> => {
    const token = await credential.getToken(scopes, { abortSignal });
    if (!token) throw new SentinelError(`The credential returned no token for ${scopes.join(" ")}; sign in (e.g. 'az login') or pass another credential.`);
    return token;
  };

  const token = async (abortSignal?: AbortSignalLike): Promise<string> => {
    const now = Date.now();
    if (cached && cached.expiresOnTimestamp - REFRESH_BEFORE_EXPIRY_MS > now) return cached.token;
    pending ??= fetchToken(abortSignal).finally(() => {
      pending = undefined;
    });
    try {
      cached = await pending;
    } catch (e) {
      // A still-valid token beats an outage of the token service.
      if (cached && cached.expiresOnTimestamp > now) return cached.token;
      throw e;
    }
    return cached.token;
  };

  return {
    name: bearerPolicyName,
    async sendRequest(request, next) {
      request.headers.set("authorization", `Bearer ${await token(request.abortSignal)}`);
      return next(request);
    },
  };
}
