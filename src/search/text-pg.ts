// Full-text search on PostgreSQL: tsvectors with GIN (see ./text/tsquery.ts).
// to_tsquery('english', …) keeps no stop words, so a clause of nothing but stop words ("each",
// "the OR a") is dropped, as PostgreSQL drops such words inside one tsquery; when no clause is
// left, the text matches every work. Which tsqueries came out empty is asked once, before
// searching, so that the SQL holds only clauses an index can answer: a query of stop words
// alone would otherwise read every row of work_text (150–185 ms at 100,000 works) to learn
// that it keeps all of them.
import { sql, type RawBuilder } from 'kysely';
import type { Context } from '../context.ts';
import { RoaringBitmap32, type Bitmap } from './bitmap-index.ts';
import { planToSql, type PgClause, type PgTextPlan } from './text/index.ts';
import type { TextSearch } from './text-backend.ts';

/** Turns "… $1 … $2" text plus values into a Kysely fragment with bound parameters. */
function bound({ sql: text, params }: { sql: string; params: string[] }): RawBuilder<unknown> {
  const parts = text.split(/\$(\d+)/);
  return sql.join(
    parts.map((p, i) => (i % 2 === 0 ? sql.raw(p) : sql`${params[Number(p) - 1]}`)),
    sql.raw(''),
  );
}

/** The plan without the clauses to_tsquery empties (only the english configuration has stop words). */
async function withoutStopWords(ctx: Context, plan: PgTextPlan): Promise<PgTextPlan> {
  const english = [...new Set([...plan.clauses, ...plan.not].flatMap((c) => c.any.filter((a) => a.column !== 'grams').map((a) => a.tsquery)))];
  if (english.length === 0) return plan;
  const rows = (await sql<{ q: string; n: number }>`select q, numnode(to_tsquery('english', q)) as n from unnest(${english}::text[]) as q`.execute(ctx.db)).rows;
  const empty = new Set(rows.filter((r) => Number(r.n) === 0).map((r) => r.q));
  const kept = (c: PgClause): boolean => c.any.some((a) => a.column === 'grams' || !empty.has(a.tsquery));
  // Within a kept clause an empty alternative matches nothing, as in SQL, so it may stay.
  return { clauses: plan.clauses.filter(kept), not: plan.not.filter(kept) };
}

/** The search, once the clauses to_tsquery empties are known and dropped. */
async function prepare(ctx: Context, full: PgTextPlan): Promise<TextSearch> {
  const plan = await withoutStopWords(ctx, full);
  if (plan.clauses.length > 0) return indexed(ctx, bound(planToSql(plan)), bound(planToSql(plan, { mode: 'rank' })));
  // Every work but those an exclusion matches: the exclusions read as one clause of alternatives.
  let excluded: Bitmap = new RoaringBitmap32();
  if (plan.not.length > 0) {
    const any = bound(planToSql({ clauses: [{ any: plan.not.flatMap((c) => c.any) }], not: [] }));
    const rows = (await sql<{ id: number }>`select work_id as id from work_text where ${any}`.execute(ctx.db)).rows;
    excluded = new RoaringBitmap32(rows.map((r) => Number(r.id)));
  }
  return everyWork(ctx, excluded);
}

/**
 * Matching every work: those of the index (every work has a row in work_text; the filters keep
 * only the visible), all of score 0, so best first means newest id first, as in SQL's order.
 */
function everyWork(ctx: Context, excluded: Bitmap): TextSearch {
  const matches = (ids?: Uint32Array): Uint32Array => {
    const set = ids ? new RoaringBitmap32(ids) : ctx.search.index.all.clone();
    set.andNotInPlace(excluded);
    return set.toUint32Array();
  };
  return {
    ids: async () => matches(),
    rank: async ({ limit, within }) => {
      const all = matches(within).reverse();
      const ids = limit ? all.slice(0, limit) : all;
      return { ids, scores: new Float64Array(ids.length), complete: !limit || ids.length < limit };
    },
    scoreOf: async (id) => (ctx.search.index.all.has(id) && !excluded.has(id) ? 0 : null),
  };
}

export function pgTextSearch(ctx: Context, plan: PgTextPlan): TextSearch {
  let ready: Promise<TextSearch> | null = null;
  const search = (): Promise<TextSearch> => (ready ??= prepare(ctx, plan));
  return {
    ids: async () => (await search()).ids(),
    rank: async (request) => (await search()).rank(request),
    scoreOf: async (id) => (await search()).scoreOf(id),
  };
}

function indexed(ctx: Context, where: RawBuilder<unknown>, score: RawBuilder<unknown>): TextSearch {
  return {
    // PostgreSQL answers each on its own pooled connection, so the two readings overlap there too.
    // One row of text: a row per match costs the driver ~1.5 µs each (12,000 matches: 33 → 22 ms).
    ids: async () => {
      const ids = (await sql<{ ids: string | null }>`select string_agg(work_id::text, ',') as ids from work_text where ${where}`.execute(ctx.db)).rows[0]?.ids;
      return ids ? Uint32Array.from(ids.split(','), Number) : new Uint32Array(0);
    },
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
