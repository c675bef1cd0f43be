// Adaptive concurrency for bulk work, one controller per subscription (ARM
// throttles per subscription): start low, add a slot while requests succeed,
// halve on a 429 or when the remaining quota runs low, and hold every worker
// back until a throttle's Retry-After has passed.
import type { AbortSignalLike } from "@azure/abort-controller";
import type { RequestObservation } from "../pipeline/observePolicy.js";

export interface RateControllerOptions {
  /** Slots to start with; default 2. */
  initial?: number;
  /** Ceiling; default 16. */
  max?: number;
}

export class RateController {
  private limit: number;
  private max: number;
  private active = 0;
  private pausedUntil = 0;
  /** Least time between request starts; learnt from throttles, eased while none come. */
  private intervalMs = 0;
  private nextStart = 0;
  private lastThrottle = 0;
  private readonly waiting: (() => void)[] = [];
  throttled = 0;

  constructor(options: RateControllerOptions = {}) {
    this.max = Math.max(1, options.max ?? 16);
    this.limit = Math.min(this.max, Math.max(1, options.initial ?? 2));
  }

  /** Raises or lowers the ceiling (several runs may share a controller). */
  setMax(max: number): void {
    this.max = Math.max(1, max);
    this.limit = Math.min(this.limit, this.max);
  }

  get concurrency(): number {
    return Math.floor(this.limit);
  }

  get inFlight(): number {
    return this.active;
  }

  /** Waits for a free slot and for any throttle pause to end; an abort ends the wait at once. */
  async acquire(signal?: AbortSignalLike): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw abortError();
      const pause = this.pausedUntil - Date.now();
      if (pause > 0) {
        await this.wait(signal, pause);
        continue;
      }
      if (this.active < Math.floor(this.limit)) {
        const now = Date.now();
        if (this.intervalMs > 0 && this.nextStart > now) {
          await this.wait(signal, this.nextStart - now);
          continue;
        }
        this.nextStart = now + this.intervalMs;
        this.active++;
        return;
      }
      await this.wait(signal);
    }
  }

  /** Until a slot may be free (or `ms` have passed), or the signal fires. */
  private wait(signal: AbortSignalLike | undefined, ms?: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        const i = this.waiting.indexOf(done);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve();
      };
      signal?.addEventListener("abort", done, { once: true });
      if (ms !== undefined) timer = setTimeout(done, ms);
      else this.waiting.push(done);
    });
  }

  release(): void {
    this.active = Math.max(0, this.active - 1);
    this.wake();
  }

  /** Feeds the controller what one HTTP attempt saw. */
  observe(o: RequestObservation): void {
    if (o.status === 429) {
      this.throttled++;
      this.lastThrottle = Date.now();
      this.limit = Math.max(1, this.limit / 2);
      // Without a Retry-After (ARM always sends one) a short pause; the request itself backs off.
      const wait = o.retryAfterMs ?? 250;
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + wait);
      // A short stated wait means a token bucket refilling one request at a time: pace at
      // about that interval instead of meeting the empty bucket again and again.
      if (o.retryAfterMs !== undefined && wait < 2000) this.intervalMs = Math.max(this.intervalMs * 1.2, wait);
      return;
    }
    if (o.status >= 200 && o.status < 300) {
      const remaining = o.method === "GET" ? o.remainingReads : o.remainingWrites;
      if (remaining !== undefined && remaining < Math.floor(this.limit)) {
        // About to run dry: slow down before the service has to say so.
        this.limit = Math.max(1, this.limit * 0.75);
      } else if (remaining === undefined || remaining > 2 * this.limit) {
        this.limit = Math.min(this.max, this.limit + 1 / this.limit);
        this.wake();
      }
      // Ease the pacing off: slowly just after a throttle, quickly once they stop.
      if (this.intervalMs > 0) {
        const calm = Date.now() - this.lastThrottle > 1000;
        this.intervalMs = this.intervalMs < 0.5 ? 0 : this.intervalMs * (calm ? 0.9 : 0.995);
      }
    }
  }

  private wake(): void {
    let free = Math.floor(this.limit) - this.active;
    while (free-- > 0 && this.waiting.length > 0) this.waiting.shift()!();
  }
}

function abortError(): Error {
  const e = new Error("The operation was aborted.");
  e.name = "AbortError";
  return e;
}

// Throttling is per subscription, so every bulk run against one subscription shares a controller.
const controllers = new Map<string, RateController>();

export function controllerFor(endpoint: string, subscriptionId: string, options: RateControllerOptions = {}): RateController {
  const key = `${endpoint}|${subscriptionId.toLowerCase()}`;
  let c = controllers.get(key);
  if (!c) {
    c = new RateController(options);
    controllers.set(key, c);
  } else if (options.max !== undefined) c.setMax(options.max);
  return c;
}
