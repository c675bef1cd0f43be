// Quantiles of a stream of durations in bounded memory: exact (nearest rank) while
// the values fit a fixed budget, then a log-bucketed sketch whose answers are
// within RELATIVE_ERROR of the exact ones, so memory stays bounded for any count.

/** How many values are kept exactly before switching to the sketch (8 bytes each). */
export const EXACT_LIMIT = 1_000_000;
/** The sketch's bound on relative error. */
export const RELATIVE_ERROR = 0.005;

const GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
const LOG_GAMMA = Math.log(GAMMA);

export class QuantileStream {
  private exact: Float64Array | undefined = new Float64Array(1024);
  private size = 0;
  /** bucket index → count, used once the exact budget is spent. */
  private buckets: Map<number, number> | undefined;
  private zeros = 0;
  /** The exact values are sorted (in place) since the last add: several quantiles cost one sort. */
  private sorted = false;

  constructor(private readonly exactLimit = EXACT_LIMIT) {}

  get count(): number {
    return this.size;
  }

  /** True once answers come from the sketch rather than the exact values. */
  get approximate(): boolean {
    return this.buckets !== undefined;
  }

  add(value: number): void {
    if (!(value >= 0)) value = 0;
    this.sorted = false;
    if (this.exact) {
      if (this.size < this.exactLimit) {
        if (this.size === this.exact.length) {
          const grown = new Float64Array(Math.min(this.exact.length * 2, this.exactLimit));
          grown.set(this.exact);
          this.exact = grown;
        }
        this.exact[this.size++] = value;
        return;
      }
      this.buckets = new Map();
      for (let i = 0; i < this.size; i++) this.bucket(this.exact[i]!);
      this.exact = undefined;
    }
    this.bucket(value);
    this.size++;
  }

  private bucket(value: number): void {
    if (value < 1) {
      this.zeros++;
      return;
    }
    const index = Math.ceil(Math.log(value) / LOG_GAMMA);
    this.buckets!.set(index, (this.buckets!.get(index) ?? 0) + 1);
  }

  /** Nearest-rank quantile: the smallest value with at least q of the values at or below it. */
  quantile(q: number): number | undefined {
    if (this.size === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.size));
    if (this.exact) {
      if (!this.sorted) {
        // Typed-array sort is numeric; the order of the kept values does not matter.
        this.exact.subarray(0, this.size).sort();
        this.sorted = true;
      }
      return this.exact[rank - 1];
    }
    let seen = this.zeros;
    if (seen >= rank) return 0;
    for (const index of [...this.buckets!.keys()].sort((a, b) => a - b)) {
      seen += this.buckets!.get(index)!;
      if (seen >= rank) return (2 * Math.pow(GAMMA, index)) / (GAMMA + 1);
    }
    return undefined;
  }
}

/** The nearest-rank quantile of a list, as QuantileStream computes it exactly. */
export function nearestRank(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}
