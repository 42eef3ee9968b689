// Full-text matching behind one interface: SQLite FTS5 or PostgreSQL tsvector.
// The matching works are read apart from their ranking, which is needed only for
// the best-match sort and mostly only at its top (see best-match.ts).
import type { Database, Statement } from 'better-sqlite3';
import { sql, type RawBuilder } from 'kysely';
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { planToSql, toFts5Match, toTsQuery, type TextQuery } from './text/index.ts';
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

/** Turns "… $1 … $2" text plus values into a Kysely fragment with bound parameters. */
function bound(text: string, params: string[]): RawBuilder<unknown> {
  const parts = text.split(/\$(\d+)/);
  return sql.join(
    parts.map((p, i) => (i % 2 === 0 ? sql.raw(p) : sql`${params[Number(p) - 1]}`)),
    sql.raw(''),
  );
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

/** Checks the query (a clear 400 when it only leaves words out) and readies it. */
export function textSearch(ctx: Context, q: TextQuery): TextSearch {
  if (ctx.dialect === 'sqlite') {
    const match = toFts5Match(q);
    if (match === null) throw new InvalidInput(ONLY_EXCLUSIONS, 'q');
    const reader = ctx.textReader;
    if (!reader) throw new Error('a SQLite context needs its textReader connection for full-text search');
    const s = fts5(reader);
    return {
      ids: async () => Uint32Array.from(JSON.parse(s.ids.get(match) as string) as number[]),
      rank: (request) => rank(reader, match, request),
      scoreOf: async (id) => {
        const score = s.score.get(match, id) as number | undefined;
        return score === undefined ? null : -score;
      },
    };
  }
  const plan = toTsQuery(q);
  if (plan === null) throw new InvalidInput(ONLY_EXCLUSIONS, 'q');
  const where = bound(...sqlOf(planToSql(plan)));
  const score = bound(...sqlOf(planToSql(plan, { mode: 'rank' })));
  return {
    // PostgreSQL answers each on its own pooled connection, so the two readings overlap there too.
    ids: async () => Uint32Array.from((await sql<{ id: number }>`select work_id as id from work_text where ${where}`.execute(ctx.db)).rows, (r) => Number(r.id)),
    rank: async ({ limit, within }) => {
      const only = within ? sql`and work_id = any(${Array.from(within)}::int[])` : sql``;
      const cut = limit ? sql`limit ${limit}` : sql``;
      const rows = (await sql<{ id: number; score: number }>`select work_id as id, ${score} as score from work_text where ${where} ${only} order by 2 desc, work_id desc ${cut}`.execute(ctx.db)).rows;
      return { ids: Uint32Array.from(rows, (r) => Number(r.id)), scores: Float64Array.from(rows, (r) => Number(r.score)), complete: !limit || rows.length < limit };
    },
    scoreOf: async (id) => {
      const row = (await sql<{ score: number }>`select ${score} as score from work_text where work_id = ${id} and ${where}`.execute(ctx.db)).rows[0];
      return row === undefined ? null : Number(row.score);
    },
  };
}

const sqlOf = (s: { sql: string; params: string[] }): [string, string[]] => [s.sql, s.params];
