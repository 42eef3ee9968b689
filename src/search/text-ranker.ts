// Ranks SQLite full-text matches by bm25 in the reading worker (db/reader-worker.ts).
// bm25 costs ~0.5 µs a match (60 ms for a common word at a million works) and SQLite answers
// synchronously, so in this thread it would add to reading the matches and counting facets;
// in a worker it runs on the other core meanwhile. An in-memory database (tests) cannot be
// opened twice and is ranked in this thread.
import type SQLite from 'better-sqlite3';
import { callReader, serveReads } from '../db/reader-worker.ts';

/** The best matches first; equal scores: higher id first. */
export interface Ranking {
  ids: Uint32Array;
  /** Relevance of each (higher is better), when the ranking was cut at a limit. */
  scores: Float64Array | null;
  /** Every match is in `ids` (no limit, or fewer matches than it). */
  complete: boolean;
}

// bm25 is lower-is-better; title and tags weigh more than the body. The body's word pairs
// weigh as it does; those of title, summary, tags and names (one column) as a summary.
export const BM25 = 'bm25(work_text, 10.0, 4.0, 4.0, 2.0, 1.0, 1.0, 4.0)';
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

/** Ranks `match` for the database `reader` reads: in a worker for a file, here for memory. */
export function rank(reader: SQLite.Database, match: string, request: RankRequest): Promise<Ranking> {
  if (reader.memory) {
    try {
      return Promise.resolve(rankIn(reader, match, request));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }
  return callReader<Ranking>(reader, 'rank', { match, request });
}

/** Starts the ranking worker for `reader` ahead of the first search (loading it takes ~0.5 s; see db/reader-worker.ts), so no reader waits for it. */
export async function warmRanker(reader: SQLite.Database): Promise<void> {
  if (reader.memory) return;
  await callReader(reader, 'rank', { match: '' });
}

serveReads('rank', (db, m: { match: string; request: RankRequest }) => {
  // An empty match only readies the statements (see warmRanker()).
  if (m.match === '') {
    statementsOf(db);
    return { value: { ids: new Uint32Array(0), scores: null, complete: true } };
  }
  const r = rankIn(db, m.match, m.request);
  return { value: r, transfer: (r.scores ? [r.ids.buffer, r.scores.buffer] : [r.ids.buffer]) as ArrayBuffer[] };
});
