// Keeps one process's bitmap index current. Writers append to search_changes
// in their transaction; every process polls past its last seen id, so a second
// app process on PostgreSQL or a CLI import beside a SQLite server is picked up
// within the poll interval.
import type { Db } from '../db/schema.ts';
import { BitmapIndex } from './bitmap-index.ts';
import { applyChanges, buildAll } from './load.ts';
import { readArchiveInWorker } from './build-worker.ts';
import { FacetCache } from './facet-cache.ts';

/**
 * An id missing below the last one read may belong to a transaction that took its id first and
 * commits later (PostgreSQL hands out identity values at insert, not at commit); it is looked for
 * again this long before it counts as rolled back.
 */
const GAP_WAIT_MS = 60_000;
/** The change log keeps this many rows; a process further behind than that rebuilds its index. */
export const CHANGES_KEPT = 100_000;

const CAUGHT_UP: Promise<void> = Promise.resolve();

export class LiveIndex {
  index = new BitmapIndex();
  private lastChange = 0;
  /** Ids skipped over when reading the log, with when they were first missed. */
  private readonly gaps = new Map<number, number>();
  private catching: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Full rebuilds after falling behind the pruned log (for tests and logs). */
  rebuilds = 0;
  /** Commands that never search (an import, an export) never pay for a build. */
  private built = false;
  /** What `commits` read before the last catch-up that found the log read to its end. */
  private caughtUpAt: number | undefined;

  /** Facets of recent searches, kept while the index does not change. */
  readonly facetCache: FacetCache;

  /**
   * `sqliteUrl`: the SQLite file the db reads, when a build may read it from a worker thread
   * (see ./build-worker.ts); without it a build reads through `db` in this thread.
   * `facetCacheSize`: see FacetCache (config FACET_CACHE_SIZE).
   * `commits`: see Connection.commits; while it has not moved since a catch-up, the next one
   * asks nothing of the database (the query cost 0.06–0.19 ms of every search at a million works
   * on SQLite, ~0.3 ms on PostgreSQL).
   */
  constructor(
    private readonly db: Db,
    private readonly sqliteUrl?: string,
    facetCacheSize = 0,
    private readonly commits?: () => number,
  ) {
    this.facetCache = new FacetCache(facetCacheSize);
  }

  /** Reads the whole archive. Changes made meanwhile are replayed by the next catch-up. */
  async build(): Promise<{ seconds: number; works: number }> {
    const started = performance.now();
    const last = await this.db.selectFrom('search_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    const index = new BitmapIndex();
    await buildAll(this.db, index, this.sqliteUrl ? readArchiveInWorker(this.db, this.sqliteUrl) : undefined);
    index.makeTagKeys();
    this.index = index;
    this.built = true;
    this.lastChange = Number(last?.id ?? 0);
    this.gaps.clear();
    return { seconds: (performance.now() - started) / 1000, works: index.size };
  }

  /**
   * Applies every change logged since the last call (building the index first if it never was);
   * concurrent callers share one run. Skipped while the commit counter stands still, unless `force`d.
   */
  catchUp(force = false): Promise<void> {
    if (this.catching) return this.catching;
    const version = this.commits?.();
    if (!force && this.built && version !== undefined && version === this.caughtUpAt && this.gaps.size === 0) return CAUGHT_UP;
    this.catching = (async () => {
      try {
        if (!this.built) {
          await this.build();
          this.caughtUpAt = version;
          return;
        }
        await this.fillGaps();
        for (;;) {
          const rows = await this.db.selectFrom('search_changes').select(['id', 'work_id']).where('id', '>', this.lastChange).orderBy('id').limit(5000).execute();
          if (rows.length === 0) {
            // Read before the log was: whatever committed after that moves it again.
            this.caughtUpAt = version;
            return;
          }
          if (this.lastChange > 0 && Number(rows[0]!.id) > this.lastChange + 1 && (await this.fellBehind())) return;
          await applyChanges(this.db, this.index, [...new Set(rows.map((r) => r.work_id))]);
          this.noteGaps(rows.map((r) => Number(r.id)));
          this.lastChange = Number(rows[rows.length - 1]!.id);
        }
      } finally {
        this.catching = null;
      }
    })();
    return this.catching;
  }

  private noteGaps(ids: number[]): void {
    const now = Date.now();
    let expected = this.lastChange + 1;
    for (const id of ids) {
      // A huge jump is a sequence restart or a prune, not thousands of open transactions.
      for (let g = expected; g < id && g < expected + 1000; g++) this.gaps.set(g, now);
      expected = id + 1;
    }
  }

  /** Applies changes that have appeared in earlier gaps; forgets gaps older than GAP_WAIT_MS. */
  private async fillGaps(): Promise<void> {
    if (this.gaps.size === 0) return;
    const now = Date.now();
    for (const [id, since] of this.gaps) if (now - since > GAP_WAIT_MS) this.gaps.delete(id);
    const ids = [...this.gaps.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db.selectFrom('search_changes').select(['id', 'work_id']).where('id', 'in', ids.slice(i, i + 500)).execute();
      if (rows.length === 0) continue;
      await applyChanges(this.db, this.index, [...new Set(rows.map((r) => r.work_id))]);
      for (const r of rows) this.gaps.delete(Number(r.id));
    }
  }

  /** Whether changes this process never read were pruned; if so, rebuilds the index from the database. */
  private async fellBehind(): Promise<boolean> {
    const first = await this.db.selectFrom('search_changes').select((eb) => eb.fn.min('id').as('id')).executeTakeFirst();
    const oldest = Number(first?.id ?? 0);
    if (oldest <= this.lastChange + 1) return false;
    const pruned = await this.db.selectFrom('search_changes_pruned').select('up_to').executeTakeFirst();
    if (!pruned || Number(pruned.up_to) <= this.lastChange) return false;
    await this.build();
    this.rebuilds++;
    return true;
  }

  /**
   * Catches up every `intervalMs` whether the counter moved or not: on PostgreSQL a listening
   * connection cut off without a word would leave it standing still (see db/pg-commits.ts).
   */
  startPolling(intervalMs: number, onError: (e: unknown) => void): void {
    this.timer = setInterval(() => void this.catchUp(true).then(() => this.index.layOutIfChanged()).catch(onError), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/**
 * Deletes all but the newest CHANGES_KEPT rows of the change log and records how far it
 * deleted, so a process that had not read that far knows to rebuild instead of missing them.
 */
export async function pruneChanges(db: Db, keep = CHANGES_KEPT): Promise<number> {
  const last = await db.selectFrom('search_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const upTo = Number(last?.id ?? 0) - keep;
  if (upTo <= 0) return 0;
  return db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('search_changes').where('id', '<=', upTo).executeTakeFirst();
    await trx.deleteFrom('search_changes_pruned').execute();
    await trx.insertInto('search_changes_pruned').values({ up_to: upTo }).execute();
    return Number(deleted.numDeletedRows);
  });
}
