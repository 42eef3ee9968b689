// Failed-login counting per key (IP, account) in fixed windows. Kept in memory
// of this process: with several app processes, each counts on its own, so the
// effective limit is multiplied by the process count (moves to Redis when we scale out).
import { TooManyRequests } from '../errors.ts';

export class FailureLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws TooManyRequests if any key is over its limit. */
  check(keys: string[]): void {
    const t = this.now();
    for (const key of keys) {
      const w = this.windows.get(key);
      if (w && t - w.start < this.windowMs && w.count >= this.limit) {
        throw new TooManyRequests(Math.ceil((w.start + this.windowMs - t) / 1000));
      }
    }
  }

  fail(keys: string[]): void {
    const t = this.now();
    for (const key of keys) {
      const w = this.windows.get(key);
      if (!w || t - w.start >= this.windowMs) this.windows.set(key, { start: t, count: 1 });
      else w.count++;
    }
    if (this.windows.size > 100_000) this.sweep(t);
  }

  reset(keys: string[]): void {
    for (const key of keys) this.windows.delete(key);
  }

  private sweep(t: number): void {
    for (const [key, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(key);
  }
}
