// The same search answered in plain SQL, without the bitmap index: what the
// archive would do if listings, filters and facets were queries over works and
// work_filters (as works/repository.ts listWorkIds does for one tag).
//
// Same semantics as src/search/service.ts for a guest: posted, unhidden,
// unrestricted works; each included tag, each warning and each category must
// match (through work_filters, so synonyms find their canonical's works), the
// ratings as one either-or group; excluded tags must not; language, completion
// and ranges as columns; text through the same FTS5 MATCH or tsquery. Then the
// total and the language and completion counts (one GROUP BY language), the page
// (ORDER BY the sort key and id, OFFSET or a keyset cursor), the tag facets
// (GROUP BY over work_filters joined to the matching works, top N per kind by a
// window function), and the page presented and given snippets as the service does.
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import type { Context } from '../../src/context.ts';
import type { Database } from '../../src/db/schema.ts';
import { InvalidInput } from '../../src/errors.ts';
import { htmlText } from '../../src/formats/wordcount.ts';
import type { Facets, FacetCount } from '../../src/search/facets.ts';
import type { SearchQuery } from '../../src/search/query.ts';
import { snippetHtml } from '../../src/search/snippet.ts';
import { hasPrefix, planToSql, scoringQuery, toFts5Match, toTsQuery } from '../../src/search/text/index.ts';
import { BM25 } from '../../src/search/text-ranker.ts';
import { normalizeTagName, tagKey } from '../../src/tags/names.ts';
import type { WorkView } from '../../src/works/present.ts';
import { presentMany } from '../../src/works/service.ts';

export interface SqlResult {
  total: number;
  works: (WorkView & { snippetHtml?: string })[];
  facets: Facets;
}

type WorksEb = ExpressionBuilder<Database & { w: Database['works'] }, 'w'>;

interface Filter {
  include: number[][];
  exclude: number[];
  query: SearchQuery;
  /** The text condition, when the query has text: `w.id in (…)`. */
  textIds?: RawBuilder<unknown>;
}

/** "… $1 … $2" with values, as a Kysely fragment with bound parameters. */
function bound(text: string, params: string[]): RawBuilder<unknown> {
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((p, i) => (i % 2 === 0 ? sql.raw(p) : sql`${params[Number(p) - 1]}`)), sql.raw(''));
}

/** Matching works with a relevance score (higher is better), as text-backend.ts computes it. */
function textTable(ctx: Context, query: SearchQuery): { ids: RawBuilder<unknown>; scored: RawBuilder<unknown> } {
  if (ctx.dialect === 'sqlite') {
    const match = toFts5Match(query.text!);
    if (match === null) throw new InvalidInput('Add a word to search for', 'q');
    const ids = sql`(select rowid as id from work_text where work_text match ${match})`;
    if (!hasPrefix(query.text!)) return { ids, scored: sql`(select rowid as id, -${sql.raw(BM25)} as score from work_text where work_text match ${match})` };
    // A prefix weighs nothing (src/search/text/scoring.ts): the other words weigh, or nothing does.
    const scoring = scoringQuery(query.text!);
    if (scoring === null) return { ids, scored: sql`(select rowid as id, 0 as score from work_text where work_text match ${match})` };
    const weighed = sql`(select rowid as id, -${sql.raw(BM25)} as score from work_text where work_text match ${toFts5Match(scoring)})`;
    return { ids, scored: sql`(select m.id, coalesce(s.score, 0) as score from ${ids} as m left join ${weighed} as s on s.id = m.id)` };
  }
  const plan = toTsQuery(query.text!);
  if (plan === null) throw new InvalidInput('Add a word to search for', 'q');
  const where = planToSql(plan);
  const rank = planToSql(plan, { mode: 'rank' });
  return {
    ids: sql`(select work_id from work_text where ${bound(where.sql, where.params)})`,
    scored: sql`(select work_id as id, ${bound(rank.sql, rank.params)} as score from work_text where ${bound(where.sql, where.params)})`,
  };
}

function conditions(eb: WorksEb, f: Filter, withText: boolean): Expression<SqlBool> {
  const q = f.query;
  const c: Expression<SqlBool>[] = [eb('w.status', '=', 'posted'), eb('w.hidden', '=', 0), eb('w.restricted', '=', 0)];
  // IN (subquery) rather than a correlated EXISTS: both engines then read each tag's works once
  // from work_filters' primary key (tag_id, work_id) instead of probing it for every work.
  const filtered = (ids: number[]) => eb.selectFrom('work_filters as f').select('f.work_id').where('f.tag_id', 'in', ids);
  for (const group of f.include) c.push(eb('w.id', 'in', filtered(group)));
  if (f.exclude.length > 0) c.push(eb('w.id', 'not in', filtered(f.exclude)));
  if (q.languages.length > 0) c.push(eb('w.language', 'in', q.languages));
  if (q.complete !== undefined) c.push(eb('w.complete', '=', q.complete ? 1 : 0));
  if (q.singleChapter !== undefined) {
    const single = eb.and([eb('w.posted_chapters', '=', 1), eb('w.complete', '=', 1)]);
    c.push(q.singleChapter ? single : eb.not(single));
  }
  if (q.crossover !== undefined) {
    const fandoms = eb
      .selectFrom('work_tags as wt')
      .innerJoin('tags as t', 't.id', 'wt.tag_id')
      .select(sql<number>`count(distinct coalesce(t.merger_id, t.id))`.as('n'))
      .whereRef('wt.work_id', '=', 'w.id')
      .where('t.kind', '=', 'fandom');
    c.push(eb(fandoms, q.crossover ? '>' : '<=', 1));
  }
  if (q.wordsMin !== undefined) c.push(eb('w.words', '>=', q.wordsMin));
  if (q.wordsMax !== undefined) c.push(eb('w.words', '<=', q.wordsMax));
  const iso = (ms: number) => new Date(ms).toISOString();
  if (q.updatedFrom !== undefined) c.push(eb('w.updated_at', '>=', iso(q.updatedFrom)));
  if (q.updatedTo !== undefined) c.push(eb('w.updated_at', '<=', iso(q.updatedTo)));
  if (q.postedFrom !== undefined) c.push(eb('w.published_at', '>=', iso(q.postedFrom)));
  if (q.postedTo !== undefined) c.push(eb('w.published_at', '<=', iso(q.postedTo)));
  if (withText && f.textIds) c.push(eb('w.id', 'in', f.textIds as any));
  return eb.and(c);
}

/** Tag names to filter ids (a synonym to its canonical), in one query. */
async function resolve(ctx: Context, q: SearchQuery): Promise<{ include: number[][]; exclude: number[] }> {
  const names = [...q.tags, ...q.ratings, ...q.warnings, ...q.categories, ...q.exclude];
  const keys = [...new Set(names.map(tagKey))];
  const rows = keys.length === 0 ? [] : await ctx.db.selectFrom('tags').select(['id', 'name_key', 'merger_id']).where('name_key', 'in', keys).execute();
  const idOf = new Map(rows.map((r) => [r.name_key, r.merger_id ?? r.id]));
  const include: number[][] = [];
  for (const n of q.tags) {
    const id = idOf.get(tagKey(n));
    if (id === undefined) throw new InvalidInput(`No tag named "${normalizeTagName(n)}"`, 'tag');
    include.push([id]);
  }
  const or = (list: string[]) => list.map((n) => idOf.get(tagKey(n)) ?? -1);
  if (q.ratings.length > 0) include.push(or(q.ratings));
  for (const w of q.warnings) include.push(or([w]));
  for (const c of q.categories) include.push(or([c]));
  return { include, exclude: q.exclude.map((n) => idOf.get(tagKey(n))).filter((id): id is number => id !== undefined) };
}

const SORT_COLUMN = { updated: 'w.updated_at', posted: 'w.published_at', words: 'w.words', chapters: 'w.posted_chapters' } as const;

async function pageIds(ctx: Context, f: Filter, pageSize: number): Promise<number[]> {
  const q = f.query;
  const desc = q.order === 'desc';
  const dir = desc ? 'desc' : 'asc';
  const skip = q.cursor ? 0 : (q.page - 1) * pageSize;
  if (q.sort === 'best') {
    const scored = textTable(ctx, q).scored;
    let qb = ctx.db
      .selectFrom('works as w')
      .innerJoin(scored.as('s') as any, 's.id' as any, 'w.id')
      .select('w.id')
      .where((eb) => conditions(eb as unknown as WorksEb, f, false));
    if (q.cursor) {
      const c = q.cursor;
      qb = qb.where(sql<SqlBool>`(s.score ${sql.raw(desc ? '<' : '>')} ${c.key} or (s.score = ${c.key} and w.id ${sql.raw(desc ? '<' : '>')} ${c.id}))`);
    }
    const rows = await qb.orderBy(sql`s.score`, dir).orderBy('w.id', dir).limit(pageSize).offset(skip).execute();
    return rows.map((r) => r.id);
  }
  if (q.sort === 'title' || q.sort === 'author') {
    // Only the total and facets of these sorts are compared: SQL collations do not order text as JavaScript does.
    const rows = await ctx.db
      .selectFrom('works as w')
      .select('w.id')
      .where((eb) => conditions(eb, f, true))
      .orderBy(sql`lower(w.title)`, dir)
      .orderBy('w.id', dir)
      .limit(pageSize)
      .offset(skip)
      .execute();
    return rows.map((r) => r.id);
  }
  const column = SORT_COLUMN[q.sort];
  let qb = ctx.db.selectFrom('works as w').select('w.id').where((eb) => conditions(eb, f, true));
  if (q.cursor) {
    const c = q.cursor;
    // Cursors carry dates as milliseconds; the columns hold the same instants as ISO text.
    const key = q.sort === 'updated' || q.sort === 'posted' ? new Date(Number(c.key)).toISOString() : Number(c.key);
    const op = desc ? '<' : '>';
    qb = qb.where((eb) => eb.or([eb(column, op, key as any), eb.and([eb(column, '=', key as any), eb('w.id', op, c.id)])]));
  }
  const rows = await qb.orderBy(column, dir).orderBy('w.id', dir).limit(pageSize).offset(skip).execute();
  return rows.map((r) => r.id);
}

const byCount = (a: FacetCount, b: FacetCount) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export async function sqlSearch(ctx: Context, query: SearchQuery): Promise<SqlResult> {
  const { include, exclude } = await resolve(ctx, query);
  const f: Filter = { include, exclude, query, textIds: query.text ? textTable(ctx, query).ids : undefined };
  const db = ctx.db;

  // Total, languages and completion in one pass over the matching works.
  const byLanguage = await db
    .selectFrom('works as w')
    .select((eb) => ['w.language', eb.fn.countAll<number | string>().as('n'), eb.fn.sum<number | string>('w.complete').as('done')])
    .where((eb) => conditions(eb, f, true))
    .groupBy('w.language')
    .execute();
  const total = byLanguage.reduce((s, r) => s + Number(r.n), 0);
  const done = byLanguage.reduce((s, r) => s + Number(r.done ?? 0), 0);

  const ids = total === 0 ? [] : await pageIds(ctx, f, ctx.config.pageSize);

  // Tag facets: counts per filter tag over the matching works, the top `facetLimit` of each kind (all ratings, warnings, categories).
  const tagFacets =
    total === 0
      ? []
      : await db
          .with('m', (qb) => qb.selectFrom('works as w').select('w.id').where((eb) => conditions(eb, f, true)))
          .with('c', (qb) => qb.selectFrom('work_filters as f').innerJoin('m', 'm.id', 'f.work_id').select((eb) => ['f.tag_id', eb.fn.countAll<number | string>().as('n')]).groupBy('f.tag_id'))
          .with('r', (qb) =>
            qb
              .selectFrom('c')
              .innerJoin('tags as t', 't.id', 'c.tag_id')
              .select(['t.kind', 't.name', 'c.n', sql<number>`row_number() over (partition by t.kind order by c.n desc, t.name)`.as('rn')])
              .where('t.kind', 'in', ['fandom', 'relationship', 'character', 'freeform', 'rating', 'warning', 'category']),
          )
          .selectFrom('r')
          .select(['r.kind', 'r.name', 'r.n'])
          .where((eb) => eb.or([eb('r.rn', '<=', query.facetLimit), eb('r.kind', 'in', ['rating', 'warning', 'category'])]))
          .execute();
  const facets: Facets = { fandom: [], relationship: [], character: [], freeform: [], rating: [], warning: [], category: [], language: [], complete: [] };
  for (const r of tagFacets) facets[r.kind as 'fandom'].push({ name: r.name, count: Number(r.n) });
  for (const list of Object.values(facets)) list.sort(byCount);
  facets.language = byLanguage.map((r) => ({ name: r.language, count: Number(r.n) })).sort(byCount);
  facets.complete = [
    { name: 'complete', count: done },
    { name: 'in progress', count: total - done },
  ];

  const works: SqlResult['works'] = await presentMany(ctx, null, ids);
  if (query.text) {
    for (const w of works) {
      const chapters = await db.selectFrom('chapters').select('body_html').where('work_id', '=', w.id).where('status', '=', 'posted').orderBy('position').execute();
      const text = [w.title, htmlText(w.summaryHtml), ...chapters.map((c) => htmlText(c.body_html))].join('\n');
      w.snippetHtml = snippetHtml(text, query.text) ?? undefined;
    }
  }
  return { total, works, facets };
}
