// Keeps one process's bitmap index current. Writers append to search_changes
// in their transaction; every process polls past its last seen id, so a second
// app process on PostgreSQL or a CLI import beside a SQLite server is picked up
// within the poll interval.
import type { Db } from '../db/schema.ts';
import { BitmapIndex } from './bitmap-index.ts';
import { applyWorks, buildAll } from './load.ts';

export class LiveIndex {
  index = new BitmapIndex();
  private lastChange = 0;
  private catching: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db) {}

  /** Reads the whole archive. Changes made meanwhile are replayed by the next catch-up. */
  async build(): Promise<{ seconds: number; works: number }> {
    const started = performance.now();
    const last = await this.db.selectFrom('search_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    const index = new BitmapIndex();
    await buildAll(this.db, index);
    this.index = index;
    this.lastChange = Number(last?.id ?? 0);
    return { seconds: (performance.now() - started) / 1000, works: index.size };
  }

  /** Applies every change logged since the last call; concurrent callers share one run. */
  catchUp(): Promise<void> {
    this.catching ??= (async () => {
      try {
        for (;;) {
          const rows = await this.db.selectFrom('search_changes').select(['id', 'work_id']).where('id', '>', this.lastChange).orderBy('id').limit(5000).execute();
          if (rows.length === 0) return;
          await applyWorks(this.db, this.index, [...new Set(rows.map((r) => r.work_id))]);
          this.lastChange = Number(rows[rows.length - 1]!.id);
        }
      } finally {
        this.catching = null;
      }
    })();
    return this.catching;
  }

  startPolling(intervalMs: number, onError: (e: unknown) => void): void {
    this.timer = setInterval(() => void this.catchUp().catch(onError), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
