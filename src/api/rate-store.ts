// Where API rate-limit counts live: this process's memory by default, or Redis
// (REDIS_URL) so every app process behind one proxy shares the same counts.
// Fixed windows: a key's count starts at its first hit and resets WINDOW later.
import { Redis } from 'ioredis';

export interface WindowCount {
  count: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

export interface RateStore {
  /** Counts one request against `key` and returns the window's count so far. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** The window's count without adding to it (0 when none). */
  peek(key: string): Promise<WindowCount>;
  close(): Promise<void>;
}

export class MemoryRateStore implements RateStore {
  private readonly windows = new Map<string, { end: number; count: number }>();
  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || w.end <= t) {
      w = { end: t + windowMs, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.sweep(t);
    }
    w.count++;
    return { count: w.count, resetMs: w.end - t };
  }

  async peek(key: string): Promise<WindowCount> {
    const t = this.now();
    const w = this.windows.get(key);
    return !w || w.end <= t ? { count: 0, resetMs: 0 } : { count: w.count, resetMs: w.end - t };
  }

  async close(): Promise<void> {}

  private sweep(t: number): void {
    for (const [key, w] of this.windows) if (w.end <= t) this.windows.delete(key);
  }
}

// INCR and the expiry in one script, so a crash between them never leaves a key without a TTL.
const HIT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

export class RedisRateStore implements RateStore {
  private readonly redis: Redis;
  constructor(url: string, private readonly prefix = 'quire:rate:') {
    // Fail fast rather than queue: the limiter lets requests through when Redis is away (see rate-limit.ts).
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false, connectTimeout: 2000, commandTimeout: 1000 });
    this.redis.on('error', () => {});
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const [count, ttl] = (await this.redis.eval(HIT, 1, this.prefix + key, windowMs)) as [number, number];
    return { count, resetMs: ttl };
  }

  async peek(key: string): Promise<WindowCount> {
    const [count, ttl] = await Promise.all([this.redis.get(this.prefix + key), this.redis.pttl(this.prefix + key)]);
    return count === null ? { count: 0, resetMs: 0 } : { count: Number(count), resetMs: Math.max(ttl, 0) };
  }

  /** Resolves once connected (tests and start-up checks). */
  async ready(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      this.redis.once('ready', () => resolve());
      this.redis.once('end', () => reject(new Error('Redis connection closed')));
    });
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
