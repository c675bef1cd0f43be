// ARM-style throttling: token buckets per subscription, one for reads and one
// for writes, refilled continuously. Every response reports what is left, as
// ARM's x-ms-ratelimit-remaining-subscription-* headers do.

export interface ThrottleOptions {
  readsPerSecond?: number;
  writesPerSecond?: number;
}

export type RequestClass = "reads" | "writes";

class Bucket {
  private tokens: number;
  private updated: number;

  constructor(
    private readonly rate: number,
    private readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updated = now;
  }

  /** Takes a token; returns 0 on success or the milliseconds until one is available. */
  take(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updated) / 1000) * this.rate);
    this.updated = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return ((1 - this.tokens) / this.rate) * 1000;
  }

  remaining(): number {
    return Math.max(0, Math.floor(this.tokens));
  }
}

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();
  throttled = 0;

  constructor(private readonly options: ThrottleOptions) {}

  /** Classifies as ARM does: GET is a read, every other method a write. */
  static classify(method: string): RequestClass {
    return method === "GET" || method === "HEAD" ? "reads" : "writes";
  }

  /** Returns the wait in ms when throttled (0 when admitted) and the headers to send either way. */
  admit(subscription: string, cls: RequestClass, now = performance.now()): { waitMs: number; headers: Record<string, string> } {
    const rate = cls === "reads" ? this.options.readsPerSecond : this.options.writesPerSecond;
    const headers: Record<string, string> = {};
    let waitMs = 0;
    if (rate !== undefined && rate > 0) {
      const key = `${subscription.toLowerCase()}:${cls}`;
      let bucket = this.buckets.get(key);
      // One second of burst, like a bucket sized to its rate.
      if (!bucket) this.buckets.set(key, (bucket = new Bucket(rate, Math.max(1, rate), now)));
      waitMs = bucket.take(now);
      if (waitMs > 0) this.throttled++;
      headers[`x-ms-ratelimit-remaining-subscription-${cls}`] = String(bucket.remaining());
    }
    return { waitMs, headers };
  }

  get enabled(): boolean {
    return (this.options.readsPerSecond ?? 0) > 0 || (this.options.writesPerSecond ?? 0) > 0;
  }
}

/** Parses `reads=R/s,writes=W/s` (either part optional). */
export function parseThrottle(text: string): ThrottleOptions {
  const options: ThrottleOptions = {};
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^(reads|writes)=(\d+(?:\.\d+)?)(?:\/s)?$/i.exec(part);
    if (!m) throw new Error(`invalid --throttle part '${part}': expected reads=R/s or writes=W/s, e.g. reads=200/s,writes=100/s`);
    const rate = Number(m[2]);
    if (!(rate > 0)) throw new Error(`invalid --throttle rate in '${part}': must be greater than 0`);
    if (m[1]!.toLowerCase() === "reads") options.readsPerSecond = rate;
    else options.writesPerSecond = rate;
  }
  return options;
}
