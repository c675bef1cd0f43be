// The retry strategy on its own: which outcomes are retried, and after how long.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHttpHeaders, createPipelineRequest, RestError, type PipelineResponse } from "@azure/core-rest-pipeline";
import { backoffDelayInMs, sentinelRetryStrategy, serverDelayInMs } from "../../src/client/pipeline/retryStrategies.js";

function response(status: number, headers: Record<string, string> = {}): PipelineResponse {
  return { status, headers: createHttpHeaders(headers), request: createPipelineRequest({ url: "https://x" }) };
}

test("the service's delay: ms headers first, then Retry-After seconds or date", () => {
  assert.equal(serverDelayInMs(response(429, { "retry-after-ms": "150", "retry-after": "5" })), 150);
  assert.equal(serverDelayInMs(response(429, { "x-ms-retry-after-ms": "250" })), 250);
  assert.equal(serverDelayInMs(response(429, { "retry-after": "2" })), 2000);
  const now = Date.parse("2024-01-01T00:00:00Z");
  assert.equal(serverDelayInMs(response(503, { "retry-after": "Mon, 01 Jan 2024 00:00:03 GMT" }), now), 3000);
  assert.equal(serverDelayInMs(response(429)), undefined);
});

test("429, 500, 502, 503, 504 and network failures are retried; 400, 404, 409 and aborts are not", () => {
  const s = sentinelRetryStrategy({ random: () => 0.5, retryDelayInMs: 100 });
  for (const status of [408, 429, 500, 502, 503, 504]) assert.ok(s.retry({ retryCount: 0, response: response(status) }).retryAfterInMs !== undefined, String(status));
  for (const status of [200, 400, 401, 404, 409, 413]) assert.equal(s.retry({ retryCount: 0, response: response(status) }).skipStrategy, true, String(status));
  for (const code of ["ECONNRESET", "ETIMEDOUT", "REQUEST_TIMEOUT", "ECONNREFUSED"]) {
    assert.ok(s.retry({ retryCount: 0, responseError: new RestError("x", { code }) }).retryAfterInMs !== undefined, code);
  }
  const refused = new RestError("refused", { code: "ECONNREFUSED" });
  assert.ok(s.retry({ retryCount: 1, responseError: refused }).retryAfterInMs! <= 250, "a refused connection gets a quick second look");
  assert.equal(s.retry({ retryCount: 2, responseError: refused }).errorToThrow, refused, "and no long wait");
  const abort = new RestError("aborted");
  abort.name = "AbortError";
  assert.equal(s.retry({ retryCount: 0, responseError: abort }).skipStrategy, true);
  assert.equal(s.retry({ retryCount: 0, response: response(429, { "retry-after-ms": "1000" }) }).retryAfterInMs, 1000 + 50);
});

test("back-off grows exponentially with full jitter and is capped", () => {
  assert.equal(backoffDelayInMs(0, { random: () => 1, retryDelayInMs: 100 }), 100);
  assert.equal(backoffDelayInMs(3, { random: () => 1, retryDelayInMs: 100 }), 800);
  assert.equal(backoffDelayInMs(20, { random: () => 1, retryDelayInMs: 100, maxRetryDelayInMs: 5000 }), 5000);
  assert.equal(backoffDelayInMs(3, { random: () => 0, retryDelayInMs: 100 }), 0);
});
