// The client's HTTP pipeline, in a fixed order (outermost first):
// user agent → client request id → retry → observe → timeout → trust → bearer → transport.
// Retry wraps the rest, so every attempt is observed, timed, checked and authenticated anew.
import type { TokenCredential } from "@azure/core-auth";
import {
  createDefaultHttpClient,
  createEmptyPipeline,
  retryPolicy,
  setClientRequestIdPolicy,
  userAgentPolicy,
  type HttpClient,
  type Pipeline,
} from "@azure/core-rest-pipeline";
import { packageVersion } from "../../version.js";
import { bearerPolicy } from "./bearerPolicy.js";
import { observePolicy, type RequestObserver } from "./observePolicy.js";
import { sentinelRetryStrategy, type BackoffOptions } from "./retryStrategies.js";
import { timeoutPolicy } from "./timeoutPolicy.js";
import { trustPolicy } from "./trustPolicy.js";

export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt; default 5. */
  maxRetries?: number;
}

export interface PipelineSettings {
  origin: string;
  credential: TokenCredential;
  scopes: string[];
  retry?: RetryOptions;
  timeoutInMs?: number;
  userAgentPrefix?: string;
  observers: Set<RequestObserver>;
  httpClient?: HttpClient;
}

export function createSentinelPipeline(settings: PipelineSettings): { pipeline: Pipeline; httpClient: HttpClient } {
  const pipeline = createEmptyPipeline();
  const prefix = [settings.userAgentPrefix, `sentinel-incidents/${packageVersion()}`].filter(Boolean).join(" ");
  pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: prefix }));
  pipeline.addPolicy(setClientRequestIdPolicy());
  pipeline.addPolicy(retryPolicy([sentinelRetryStrategy(settings.retry)], { maxRetries: settings.retry?.maxRetries ?? 5 }));
  pipeline.addPolicy(observePolicy(settings.observers));
  pipeline.addPolicy(timeoutPolicy(settings.timeoutInMs ?? 60_000));
  pipeline.addPolicy(trustPolicy(settings.origin));
  pipeline.addPolicy(bearerPolicy(settings.credential, settings.scopes));
  return { pipeline, httpClient: settings.httpClient ?? createDefaultHttpClient() };
}
