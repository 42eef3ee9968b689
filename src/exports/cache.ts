// Generated downloads, kept in memory per work version: a least-recently-used map bounded by
// bytes and entries. A key names everything the file depends on (see service.ts), so a changed
// work simply misses; older versions of a work are dropped as soon as a newer one is stored.

export interface CachedFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

interface Entry {
  workId: number;
  version: string;
  file: CachedFile;
}

export interface CacheLimits {
  maxBytes: number;
  maxEntries: number;
}

export const DEFAULT_LIMITS: CacheLimits = { maxBytes: 64 * 1024 * 1024, maxEntries: 500 };

export class ExportCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<CachedFile>>();
  private used = 0;
  hits = 0;
  misses = 0;

  constructor(readonly limits: CacheLimits = DEFAULT_LIMITS) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.used;
  }

  /** The cached file, or the one `make` builds (once, however many ask at the same time). */
  async get(key: string, workId: number, version: string, make: () => Promise<CachedFile>): Promise<CachedFile> {
    const hit = this.entries.get(key);
    if (hit) {
      this.hits++;
      // Map order is insertion order: re-inserting marks it most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.file;
    }
    const running = this.pending.get(key);
    if (running) return running;
    this.misses++;
    const promise = make().then(
      (file) => {
        this.pending.delete(key);
        this.store(key, { workId, version, file });
        return file;
      },
      (error: unknown) => {
        this.pending.delete(key);
        throw error;
      },
    );
    this.pending.set(key, promise);
    return promise;
  }

  private store(key: string, entry: Entry): void {
    const size = entry.file.body.length;
    // A file bigger than a quarter of the cache would push out everything else for one reader.
    if (size > this.limits.maxBytes / 4) return;
    for (const [k, e] of this.entries) {
      if (e.workId === entry.workId && e.version !== entry.version) this.remove(k);
    }
    this.remove(key);
    this.entries.set(key, entry);
    this.used += size;
    for (const [k] of this.entries) {
      if (this.used <= this.limits.maxBytes && this.entries.size <= this.limits.maxEntries) break;
      this.remove(k);
    }
  }

  private remove(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.used -= e.file.body.length;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}
