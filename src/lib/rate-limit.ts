// A per-process fixed-window counter: cheap (no database), good enough to blunt guessing and
// floods from one client. Each process counts for itself, so N processes allow N times the rate.
export class RateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one event for `key`; false once the window's limit is exceeded. */
  take(key: string): boolean {
    const t = this.now();
    if (t - this.windowStart >= this.windowMs) {
      this.windowStart = t;
      this.counts = new Map();
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n <= this.limit;
  }

  /** Whether `key` is over the limit in this window, without counting. */
  blocked(key: string): boolean {
    return this.now() - this.windowStart < this.windowMs && (this.counts.get(key) ?? 0) >= this.limit;
  }
}
