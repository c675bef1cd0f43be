// Fault injection for resilience tests: a seeded share of requests is answered
// with a throttle, a server error, or a dropped connection. A dropped connection
// may come after the write was made (the response is lost), which is what proves
// a client's retries are safe.
import { seededRandom } from "./random.js";

export type Fault =
  | { kind: "throttle"; retryAfterMs?: number }
  | { kind: "server-error" }
  | { kind: "unavailable" }
  | { kind: "drop"; after: boolean };

export interface FaultOptions {
  /** Share of requests to fail, 0..1. */
  rate: number;
  seed: string;
  /** Delay a throttle fault asks for; Retry-After carries it rounded up to seconds. */
  retryAfterMs?: number;
}

export class FaultInjector {
  private readonly random: () => number;
  injected = 0;

  constructor(private readonly options: FaultOptions) {
    this.random = seededRandom(`faults:${options.seed}`);
  }

  next(): Fault | undefined {
    if (this.options.rate <= 0 || this.random() >= this.options.rate) return undefined;
    this.injected++;
    const pick = this.random();
    if (pick < 0.2) return { kind: "throttle", retryAfterMs: this.options.retryAfterMs ?? 1000 };
    if (pick < 0.4) return { kind: "throttle" };
    if (pick < 0.6) return { kind: "server-error" };
    if (pick < 0.8) return { kind: "unavailable" };
    return { kind: "drop", after: this.random() < 0.5 };
  }
}
