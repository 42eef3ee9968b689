// Full-text matching behind one interface: SQLite FTS5 or PostgreSQL tsvector.
// Returns work id → relevance (higher is better) for the works whose text matches.
import { sql, type RawBuilder } from 'kysely';
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { planToSql, toFts5Match, toTsQuery, type TextQuery } from './text/index.ts';

const ONLY_EXCLUSIONS = 'Add a word to search for, not only words to leave out';

/** Turns "… $1 … $2" text plus values into a Kysely fragment with bound parameters. */
function bound(text: string, params: string[]): RawBuilder<unknown> {
  const parts = text.split(/\$(\d+)/);
  return sql.join(
    parts.map((p, i) => (i % 2 === 0 ? sql.raw(p) : sql`${params[Number(p) - 1]}`)),
    sql.raw(''),
  );
}

export async function textScores(ctx: Context, q: TextQuery): Promise<Map<number, number>> {
  const scores = new Map<number, number>();
  if (ctx.dialect === 'sqlite') {
    const match = toFts5Match(q);
    if (match === null) throw new InvalidInput(ONLY_EXCLUSIONS, 'q');
    // bm25 is lower-is-better; title and tags weigh more than the body.
    const rows = await sql<{ id: number; score: number }>`select rowid as id, bm25(work_text, 10.0, 4.0, 4.0, 2.0, 1.0) as score from work_text where work_text match ${match}`.execute(ctx.db);
    for (const r of rows.rows) scores.set(Number(r.id), -Number(r.score));
    return scores;
  }
  const plan = toTsQuery(q);
  if (plan === null) throw new InvalidInput(ONLY_EXCLUSIONS, 'q');
  const where = planToSql(plan, 'meta_tsv', 'body_tsv', 'where');
  const rank = planToSql(plan, 'meta_tsv', 'body_tsv', 'rank');
  const rows = await sql<{ id: number; score: number }>`select work_id as id, ${bound(rank.sql, rank.params)} as score from work_text where ${bound(where.sql, where.params)}`.execute(ctx.db);
  for (const r of rows.rows) scores.set(Number(r.id), Number(r.score));
  return scores;
}
