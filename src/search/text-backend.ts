// Full-text matching behind one interface: SQLite FTS5 or PostgreSQL tsvector.
// The matching works are read apart from their ranking, which is needed only for
// the best-match sort and mostly only at its top (see best-match.ts).
import type { Database, Statement } from 'better-sqlite3';
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { hasPrefix, scoringQuery, toFts5Match, toTsQuery, type Term, type TextQuery } from './text/index.ts';
import { RoaringBitmap32, type Bitmap } from './bitmap-index.ts';
import { phraseGrams } from './text/grams.ts';
import { pgTextSearch } from './text-pg.ts';
import { BM25, rank, type Ranking, type RankRequest } from './text-ranker.ts';

export type { Ranking, RankRequest } from './text-ranker.ts';

const ONLY_EXCLUSIONS = 'Add a word to search for, not only words to leave out';

/** A text query, validated, ready to be read two ways: every match, and the best matches in order. */
export interface TextSearch {
  /** Every matching work, in no particular order. */
  ids(): Promise<Uint32Array>;
  /** The best `limit` matches (all with null), or every match among `within`, best first. */
  rank(request: RankRequest): Promise<Ranking>;
  /** The relevance of one work (higher is better), or null when it does not match (any more). */
  scoreOf(id: number): Promise<number | null>;
}

const FTS5_SQL = {
  // A common word matches 150k works at a million: bm25 for each (the order is not wanted
  // here) would cost several times the match, and even plucked rows cost ~30% more than one
  // JSON array parsed at once.
  ids: `select json_group_array(rowid) from work_text where work_text match ?`,
  score: `select ${BM25} from work_text where work_text match ? and rowid = ?`,
};
type Fts5Statements = Record<keyof typeof FTS5_SQL, Statement>;
const prepared = new WeakMap<object, Fts5Statements>();

function fts5(reader: Database): Fts5Statements {
  let s = prepared.get(reader);
  if (!s) {
    s = { ids: reader.prepare(FTS5_SQL.ids).pluck(), score: reader.prepare(FTS5_SQL.score).pluck() };
    prepared.set(reader, s);
  }
  return s;
}

/**
 * Whether FTS5 counts the works of each of the query's phrases cheaply (as bm25 does once per
 * statement): a word's or a word pair's list of works is read once, but a prefix merges the lists
 * of every word it starts and a phrase checks positions.
 */
function countsCheaply(q: TextQuery): boolean {
  const cheap = (t: Term) => (t.type === 'word' ? !t.prefix : (!t.field || t.field === 'text') && phraseGrams(t.words)?.length === 1);
  return [...q.must.flatMap((c) => c.any), ...q.not].every(cheap);
}

/** Checks the query (a clear 400 when it only leaves words out) and readies it. */
export function textSearch(ctx: Context, q: TextQuery): TextSearch {
  if (ctx.dialect === 'sqlite') {
    const match = toFts5Match(q);
    if (match === null) throw new InvalidInput(ONLY_EXCLUSIONS, 'q');
    const reader = ctx.textReader;
    if (!reader) throw new Error('a SQLite context needs its textReader connection for full-text search');
    return hasPrefix(q) ? fts5WithPrefixes(reader, match, scoringQuery(q)) : fts5Search(reader, match, countsCheaply(q));
  }
  const plan = toTsQuery(q);
  if (plan === null) throw new InvalidInput(ONLY_EXCLUSIONS, 'q');
  return pgTextSearch(ctx, plan);
}

const readIds = (s: Fts5Statements, match: string): Uint32Array => Uint32Array.from(JSON.parse(s.ids.get(match) as string) as number[]);
const scoreIn = (s: Fts5Statements, match: string, id: number): number | undefined => s.score.get(match, id) as number | undefined;

function fts5Search(reader: Database, match: string, inParts: boolean): TextSearch {
  const s = fts5(reader);
  return {
    ids: async () => readIds(s, match),
    rank: (request) => rank(reader, match, request, inParts),
    scoreOf: async (id) => {
      const score = scoreIn(s, match, id);
      return score === undefined ? null : -score;
    },
  };
}

/**
 * A query with a prefix: its matches are read once, and ranked by what weighs in them
 * (text/scoring.ts), those that hold none of it after, at 0, newest first.
 */
function fts5WithPrefixes(reader: Database, match: string, scoring: TextQuery | null): TextSearch {
  const s = fts5(reader);
  const weigh = scoring ? toFts5Match(scoring) : null;
  let matched: Bitmap | null = null;
  const matches = (): Bitmap => (matched ??= new RoaringBitmap32(readIds(s, match)));
  return {
    ids: async () => matches().toUint32Array(),
    rank: async (request) => {
      const set = request.within ? new RoaringBitmap32(request.within).andInPlace(matches()) : matches().clone();
      if (set.size === 0) return { ids: new Uint32Array(0), scores: new Float64Array(0), complete: true };
      const weighed = weigh ? await rank(reader, weigh, { within: set.toUint32Array() }, countsCheaply(scoring!)) : null;
      const ids = new Uint32Array(set.size);
      const scores = new Float64Array(set.size);
      let n = 0;
      if (weighed) {
        ids.set(weighed.ids);
        scores.set(weighed.scores!);
        n = weighed.ids.length;
        set.removeMany(weighed.ids);
      }
      // Every match is ranked, whatever the limit: beyond the matches, the rest costs no reading.
      const rest = set.toUint32Array().reverse();
      ids.set(rest, n);
      return { ids, scores, complete: true };
    },
    scoreOf: async (id) => {
      if (!matches().has(id)) return null;
      const score = weigh ? scoreIn(s, weigh, id) : undefined;
      return score === undefined ? 0 : -score;
    },
  };
}
