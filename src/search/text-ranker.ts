// Ranks SQLite full-text matches by bm25 in a worker thread with its own read-only connection.
// bm25 costs ~0.5 µs a match (60 ms for a common word at a million works) and SQLite answers
// synchronously, so in this thread it would add to reading the matches and counting facets;
// in a worker it runs on the other core meanwhile. An in-memory database (tests) cannot be
// opened twice and is ranked in this thread.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

/** The best matches first; equal scores: higher id first. */
export interface Ranking {
  ids: Uint32Array;
  /** Relevance of each (higher is better), when the ranking was cut at a limit. */
  scores: Float64Array | null;
  /** Every match is in `ids` (no limit, or fewer matches than it). */
  complete: boolean;
}

// bm25 is lower-is-better; title and tags weigh more than the body.
export const BM25 = 'bm25(work_text, 10.0, 4.0, 4.0, 2.0, 1.0)';
const statements = new WeakMap<SQLite.Database, Record<'top' | 'all' | 'within', SQLite.Statement>>();

function statementsOf(db: SQLite.Database): Record<'top' | 'all' | 'within', SQLite.Statement> {
  let s = statements.get(db);
  if (!s) {
    s = {
      top: db.prepare(`select rowid, ${BM25} from work_text where work_text match ? order by 2, rowid desc limit ?`).raw(),
      all: db.prepare(`select rowid from work_text where work_text match ? order by ${BM25}, rowid desc`).pluck(),
      within: db.prepare(`select rowid, ${BM25} from work_text where work_text match ? and +rowid in (select value from json_each(?)) order by 2, rowid desc`).raw(),
    };
    statements.set(db, s);
  }
  return s;
}

/** What to rank: the best `limit` of all matches (all of them with null), or only the matches among `within`. */
export type RankRequest = { limit: number | null; within?: undefined } | { within: Uint32Array; limit?: undefined };

/**
 * The ranking of `match` in `db`. All of it comes as ids only (a row each costs more than the
 * ranking); a limited or restricted one with scores. Restricted to a set of works, bm25 is
 * computed only for those: `+rowid` keeps SQLite from handing the list to FTS5 as rowid
 * lookups (one pass over the term's whole posting list per id) and tests each match against
 * the list instead.
 */
export function rankIn(db: SQLite.Database, match: string, request: RankRequest): Ranking {
  const s = statementsOf(db);
  if (request.within) return scored(s.within.all(match, JSON.stringify(Array.from(request.within))) as [number, number][], true);
  if (request.limit === null) return { ids: Uint32Array.from(s.all.all(match) as number[]), scores: null, complete: true };
  const rows = s.top.all(match, request.limit) as [number, number][];
  return scored(rows, rows.length < request.limit);
}

const scored = (rows: [number, number][], complete: boolean): Ranking => ({ ids: Uint32Array.from(rows, (r) => r[0]), scores: Float64Array.from(rows, (r) => -r[1]), complete });

type Reply = { seq: number; ids: Uint32Array; scores: Float64Array | null; complete: boolean } | { seq: number; error: string };

class WorkerRanker {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (r: Ranking) => void; reject: (e: Error) => void }>();

  /** `mmapBytes`: the memory map of the connection it ranks for (see ConnectOptions.mmapMb), which the worker's own connection takes too. */
  constructor(
    private readonly path: string,
    private readonly mmapBytes: number,
  ) {}

  private start(): Worker {
    const worker = new Worker(new URL('./text-ranker-worker.mjs', import.meta.url), { workerData: { rankerPath: this.path, mmapBytes: this.mmapBytes } });
    worker.unref();
    worker.on('message', (m: Reply) => {
      const w = this.waiting.get(m.seq);
      this.waiting.delete(m.seq);
      if ('error' in m) w?.reject(new Error(m.error));
      else w?.resolve({ ids: m.ids, scores: m.scores, complete: m.complete });
    });
    const fail = (e: Error) => {
      this.worker = null;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the text ranking worker stopped (exit ${code})`)));
    return worker;
  }

  rank(match: string, request: RankRequest): Promise<Ranking> {
    this.worker ??= this.start();
    const seq = ++this.seq;
    const done = new Promise<Ranking>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    this.worker.postMessage({ seq, match, request });
    return done;
  }

  /** Starts the worker and waits until it has its connection and statements ready. */
  warm(): Promise<Ranking> {
    return this.rank('', { within: new Uint32Array(0) });
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

const rankers = new WeakMap<SQLite.Database, WorkerRanker>();

function rankerOf(reader: SQLite.Database): WorkerRanker {
  let r = rankers.get(reader);
  if (!r) rankers.set(reader, (r = new WorkerRanker(reader.name, Number(reader.pragma('mmap_size', { simple: true })))));
  return r;
}

/** Ranks `match` for the database `reader` reads: in a worker for a file, here for memory. */
export function rank(reader: SQLite.Database, match: string, request: RankRequest): Promise<Ranking> {
  if (reader.memory) {
    try {
      return Promise.resolve(rankIn(reader, match, request));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }
  return rankerOf(reader).rank(match, request);
}

/** Starts the ranking worker for `reader` ahead of the first search (loading it takes ~0.5 s), so no reader waits for it. */
export async function warmRanker(reader: SQLite.Database): Promise<void> {
  if (reader.memory) return;
  await rankerOf(reader).warm();
}

/** Stops the worker ranking for `reader`, if one was started (when its connection closes). */
export async function stopRanker(reader: SQLite.Database): Promise<void> {
  await rankers.get(reader)?.stop();
  rankers.delete(reader);
}

if (parentPort && workerData?.rankerPath) {
  const port = parentPort;
  const db = new SQLite(workerData.rankerPath as string, { readonly: true });
  db.pragma('busy_timeout = 5000');
  db.pragma(`mmap_size = ${Number(workerData.mmapBytes) || 0}`);
  port.on('message', (m: { seq: number; match: string; request: RankRequest }) => {
    try {
      // An empty match only readies the statements (see warm()).
      if (m.match === '') statementsOf(db);
      const r: Ranking = m.match === '' ? { ids: new Uint32Array(0), scores: null, complete: true } : rankIn(db, m.match, m.request);
      port.postMessage({ seq: m.seq, ...r }, (r.scores ? [r.ids.buffer, r.scores.buffer] : [r.ids.buffer]) as ArrayBuffer[]);
    } catch (e) {
      port.postMessage({ seq: m.seq, error: e instanceof Error ? e.message : String(e) });
    }
  });
}
