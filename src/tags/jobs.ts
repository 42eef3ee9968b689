// Background filter recomputes. A wrangling change that touches few works is
// recomputed in its own transaction; a big one becomes a job that a worker
// works through in small batches, each batch one transaction that also moves
// the job's cursor, so a killed process resumes where it stopped and every
// work keeps its old filters until its batch commits.
import type { Db, FilterJob } from '../db/schema.ts';
import { rematerializeFilters } from './filters.ts';

export const BATCH_SIZE = 250;
const LEASE_MS = 60_000;

export type Scope = 'tagged' | 'filtered';

async function affectedIds(db: Db, scope: Scope, tagIds: number[], after: number, limit: number): Promise<number[]> {
  if (tagIds.length === 0) return [];
  const rows =
    scope === 'tagged'
      ? await db.selectFrom('work_tags').select('work_id').where('tag_id', 'in', tagIds).where('work_id', '>', after).distinct().orderBy('work_id').limit(limit).execute()
      : await db.selectFrom('work_filters').select('work_id').where('tag_id', 'in', tagIds).where('work_id', '>', after).distinct().orderBy('work_id').limit(limit).execute();
  return rows.map((r) => r.work_id);
}

async function countAffected(db: Db, scope: Scope, tagIds: number[]): Promise<number> {
  const table = scope === 'tagged' ? 'work_tags' : 'work_filters';
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.count<number>('work_id').distinct().as('n'))
    .where('tag_id', 'in', tagIds)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface Scheduled {
  affected: number;
  jobId: number | null;
}

/** Recomputes inline when small, else queues a job. Call inside the wrangling change's transaction. */
export async function scheduleRecompute(db: Db, reason: string, scope: Scope, tagIds: number[], now: string, inlineLimit: number): Promise<Scheduled> {
  const first = await affectedIds(db, scope, tagIds, 0, inlineLimit + 1);
  if (first.length <= inlineLimit) {
    await rematerializeFilters(db, first);
    return { affected: first.length, jobId: null };
  }
  const total = await countAffected(db, scope, tagIds);
  const job = await db
    .insertInto('filter_jobs')
    .values({ reason, scope, tag_ids: JSON.stringify(tagIds), status: 'pending', total, done: 0, cursor: 0, locked_until: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { affected: total, jobId: job.id };
}

/** Takes the oldest job nobody holds (or whose holder stopped renewing its lease). */
async function claimJob(db: Db): Promise<FilterJob | undefined> {
  const now = new Date();
  const candidates = await db
    .selectFrom('filter_jobs')
    .selectAll()
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now.toISOString())])]))
    .orderBy('id')
    .limit(5)
    .execute();
  for (const job of candidates) {
    const lease = new Date(now.getTime() + LEASE_MS).toISOString();
    const res = await db
      .updateTable('filter_jobs')
      .set({ status: 'running', locked_until: lease, updated_at: now.toISOString() })
      .where('id', '=', job.id)
      .where('updated_at', '=', job.updated_at)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) return { ...job, status: 'running', locked_until: lease, updated_at: now.toISOString() };
  }
  return undefined;
}

/** Runs one batch of the job; returns false when the job is finished. */
async function runBatch(db: Db, job: FilterJob): Promise<FilterJob | null> {
  const tagIds = JSON.parse(job.tag_ids) as number[];
  return db.transaction().execute(async (trx) => {
    const ids = await affectedIds(trx, job.scope, tagIds, job.cursor, BATCH_SIZE);
    const now = new Date();
    if (ids.length === 0) {
      await trx.updateTable('filter_jobs').set({ status: 'done', locked_until: null, updated_at: now.toISOString() }).where('id', '=', job.id).execute();
      return null;
    }
    await rematerializeFilters(trx, ids);
    const next = {
      cursor: ids[ids.length - 1]!,
      done: job.done + ids.length,
      locked_until: new Date(now.getTime() + LEASE_MS).toISOString(),
      updated_at: now.toISOString(),
    };
    await trx.updateTable('filter_jobs').set(next).where('id', '=', job.id).execute();
    return { ...job, ...next };
  });
}

export interface RunOptions {
  /** Called after each batch, e.g. to print progress. */
  onProgress?: (job: FilterJob) => void;
  /** Lets other work (HTTP requests) run between batches. */
  yieldBetweenBatches?: boolean;
}

/** Works through every pending job until none is left; returns how many jobs it finished. */
export async function runPendingJobs(db: Db, options: RunOptions = {}): Promise<number> {
  let finished = 0;
  for (let job = await claimJob(db); job; job = await claimJob(db)) {
    let current: FilterJob | null = job;
    while (current) {
      const started = performance.now();
      current = await runBatch(db, current);
      if (current) options.onProgress?.(current);
      // Readers get at least as long as the batch took: on SQLite a batch holds the one connection,
      // and a request's next query would otherwise queue behind the next batch, and the next.
      if (options.yieldBetweenBatches) await new Promise((r) => setTimeout(r, Math.min(performance.now() - started, 1000)));
    }
    finished++;
  }
  return finished;
}

export function listJobs(db: Db, limit = 20): Promise<FilterJob[]> {
  return db.selectFrom('filter_jobs').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

/** A timer that drains the queue in the background of a server process. */
export function startJobWorker(db: Db, intervalMs = 500, onError: (e: unknown) => void = console.error): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = runPendingJobs(db, { yieldBetweenBatches: true })
      .catch(onError)
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
