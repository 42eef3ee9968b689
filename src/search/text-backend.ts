// Full-text matching behind one interface: SQLite FTS5 or PostgreSQL tsvector.
// The matching works are read apart from their ranking, which is needed only for
// the best-match sort and mostly only at its top (see best-match.ts).
import type { Database, Statement } from 'better-sqlite3';
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { toFts5Match, toTsQuery, type Term, type TextQuery } from './text/index.ts';
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
    const s = fts5(reader);
    const inParts = countsCheaply(q);
    return {
      ids: async () => Uint32Array.from(JSON.parse(s.ids.get(match) as string) as number[]),
      rank: (request) => rank(reader, match, request, inParts),
      scoreOf: async (id) => {
        const score = s.score.get(match, id) as number | undefined;
        return score === undefined ? null : -score;
      },
    };
  }
  const plan = toTsQuery(q);
  if (plan === null) throw new InvalidInput(ONLY_EXCLUSIONS, 'q');
  return pgTextSearch(ctx, plan);
}
