// Ranks SQLite full-text matches by bm25, the higher ids in the reading worker (db/reader-worker.ts)
// and the lower ones in this thread once it has read the matches and counted the facets (see
// rank()). SQLite answers synchronously, so in this thread alone the ranking would add to that
// reading and counting. An in-memory database (tests) cannot be opened twice and is ranked
// whole in this thread.
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
type Statements = Record<'top' | 'topPart' | 'all' | 'within' | 'withinPart' | 'lastId', SQLite.Statement>;
const statements = new WeakMap<SQLite.Database, Statements>();

// A part (see rank()) is `rowid > ? and rowid <= ?`, which FTS5 seeks to in each word's list of
// works; a whole ranking goes without (~3% faster).
function statementsOf(db: SQLite.Database): Statements {
  let s = statements.get(db);
  if (!s) {
    const top = (part: string) => `select rowid, ${BM25} from work_text where work_text match ? ${part} order by 2, rowid desc limit ?`;
    const within = (part: string) => `select rowid, ${BM25} from work_text where work_text match ? ${part} and +rowid in (select value from json_each(?)) order by 2, rowid desc`;
    const PART = 'and rowid > ? and rowid <= ?';
    s = {
      top: db.prepare(top('')).raw(),
      topPart: db.prepare(top(PART)).raw(),
      all: db.prepare(`select rowid from work_text where work_text match ? order by ${BM25}, rowid desc`).pluck(),
      within: db.prepare(within('')).raw(),
      withinPart: db.prepare(within(PART)).raw(),
      // The row sizes FTS5 keeps, one row a work: its largest id, without a pass over the index.
      lastId: db.prepare('select max(id) from work_text_docsize').pluck(),
    };
    statements.set(db, s);
  }
  return s;
}

/** What to rank: the best `limit` of all matches (all of them with null), or only the matches among `within` (ascending). */
export type RankRequest = { limit: number | null; within?: undefined } | { within: Uint32Array; limit?: undefined };

/** The ids above `above` and up to `upTo`: one part of a ranking, see rank(). */
interface Part {
  above: number;
  upTo: number;
}

/**
 * The ranking of `match` in `db`. All of it comes as ids only (a row each costs more than the
 * ranking); a limited or restricted one with scores. Restricted to a set of works, bm25 is
 * computed only for those: `+rowid` keeps SQLite from handing the list to FTS5 as rowid
 * lookups (one pass over the term's whole posting list per id) and tests each match against
 * the list instead.
 */
export function rankIn(db: SQLite.Database, match: string, request: RankRequest, part?: Part): Ranking {
  const s = statementsOf(db);
  const bounds = part ? [part.above, part.upTo] : [];
  if (request.within) {
    if (request.within.length === 0) return { ids: new Uint32Array(0), scores: new Float64Array(0), complete: true };
    return scored((part ? s.withinPart : s.within).all(match, ...bounds, JSON.stringify(Array.from(request.within))) as [number, number][], true);
  }
  if (request.limit === null) return { ids: Uint32Array.from(s.all.all(match) as number[]), scores: null, complete: true };
  const rows = (part ? s.topPart : s.top).all(match, ...bounds, request.limit) as [number, number][];
  return scored(rows, rows.length < request.limit);
}

const scored = (rows: [number, number][], complete: boolean): Ranking => ({ ids: Uint32Array.from(rows, (r) => r[0]), scores: Float64Array.from(rows, (r) => -r[1]), complete });

/** The best `limit` of two parts' rankings with scores, each best first (higher score; equal: higher id). */
export function mergeRankings(a: Ranking, b: Ranking, limit: number): Ranking {
  const n = Math.min(limit, a.ids.length + b.ids.length);
  const ids = new Uint32Array(n);
  const scores = new Float64Array(n);
  let i = 0;
  let j = 0;
  for (let k = 0; k < n; k++) {
    const fromA = j >= b.ids.length || (i < a.ids.length && (a.scores![i]! > b.scores![j]! || (a.scores![i] === b.scores![j] && a.ids[i]! > b.ids[j]!)));
    if (fromA) {
      ids[k] = a.ids[i]!;
      scores[k] = a.scores![i++]!;
    } else {
      ids[k] = b.ids[j]!;
      scores[k] = b.scores![j++]!;
    }
  }
  return { ids, scores, complete: a.complete && b.complete && a.ids.length + b.ids.length <= limit };
}

/**
 * The share of ids (the lowest) this thread ranks itself, the worker the rest: the worker starts
 * at once, this thread once it has read the matches and counted the facets.
 */
const NEAR_SHARE = 0.4;

/** The index of the first id of `sorted` above `id`. */
function firstAbove(sorted: Uint32Array, id: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Ranks `match` for the database `reader` reads: in a worker for a file, here for memory.
 * `inParts`: whether to rank a file's ids in two parts (see below); each part pays bm25's count
 * of every phrase's works over the whole index again, cheap for a word, but for a prefix or a
 * phrase a pass as long as the match itself (100k works of ~3,300 words: "hand*" 70 → 82 ms,
 * "appe*" 67 → 95 in parts).
 */
export function rank(reader: SQLite.Database, match: string, request: RankRequest, inParts = true): Promise<Ranking> {
  if (reader.memory) {
    try {
      return Promise.resolve(rankIn(reader, match, request));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }
  if (!inParts || request.limit === null) return callReader<Ranking>(reader, 'rank', { match, request });
  // bm25 costs ~0.8 µs a match (97 ms for the 123,000 works holding "time" at a million, where
  // reading them takes 13), and this thread is left idle once it has read the matches and counted
  // the facets. So the worker ranks the higher ids from the start, this thread the lower ones then,
  // and the two are merged. A part's scores are the whole table's: bm25 weighs words by all works.
  const split = Math.floor(Number(statementsOf(reader).lastId.get() ?? 0) * NEAR_SHARE);
  let near: RankRequest = request;
  let far: RankRequest = request;
  if (request.within) {
    const cut = firstAbove(request.within, split);
    near = { within: request.within.subarray(0, cut) };
    // Copied: a view would send the whole list to the worker.
    far = { within: request.within.slice(cut) };
  }
  const farRanking = callReader<Ranking>(reader, 'rank', { match, request: far, part: { above: split, upTo: Number.MAX_SAFE_INTEGER } });
  const nearRanking = new Promise<Ranking>((resolve, reject) =>
    setImmediate(() => {
      try {
        resolve(rankIn(reader, match, near, { above: -Number.MAX_SAFE_INTEGER, upTo: split }));
      } catch (e) {
        reject(e as Error);
      }
    }),
  );
  return Promise.all([farRanking, nearRanking]).then(([a, b]) => mergeRankings(a, b, request.limit ?? Infinity));
}

/** Starts the ranking worker for `reader` ahead of the first search (loading it takes ~0.5 s; see db/reader-worker.ts), so no reader waits for it. */
export async function warmRanker(reader: SQLite.Database): Promise<void> {
  if (reader.memory) return;
  await callReader(reader, 'rank', { match: '' });
}

serveReads('rank', (db, m: { match: string; request: RankRequest; part?: Part }) => {
  // An empty match only readies the statements (see warmRanker()).
  if (m.match === '') {
    statementsOf(db);
    return { value: { ids: new Uint32Array(0), scores: null, complete: true } };
  }
  const r = rankIn(db, m.match, m.request, m.part);
  return { value: r, transfer: (r.scores ? [r.ids.buffer, r.scores.buffer] : [r.ids.buffer]) as ArrayBuffer[] };
});
