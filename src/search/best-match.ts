// A search sorted by best match. Ranking every match costs most (bm25 for each of 150k
// matches of a common word at a million works: ~60 ms), and a page needs only part of it:
// the top, as deep as the filters (if they keep works independently of the text) put the
// page, made in a worker thread on SQLite (on another connection on PostgreSQL) while this
// thread reads the matches and counts the facets; or, when the filters keep few works, the
// matches among those alone, read with their order at once.
import { InvalidInput } from '../errors.ts';
import { RoaringBitmap32, type Bitmap, type BitmapIndex } from './bitmap-index.ts';
import { matchSet, type Plan, type Result } from './execute.ts';
import { facetsOf } from './facets.ts';
import { pageByRank, type RankedPage } from './paging.ts';
import { phaseDone, phaseStart } from './phases.ts';
import type { Cursor } from './query.ts';
import type { Ranking, RankRequest, TextSearch } from './text-backend.ts';

/** Ranking deeper than this is read whole: the limited query saves little there. */
const MAX_LIMIT = 100_000;

/** How deep to rank for the `want`-th work kept by filters that keep `share` of all works. */
export function rankingLimit(want: number, share: number): number | null {
  const limit = Math.ceil((2 * want) / Math.max(share, 1e-9)) + 64;
  return limit > MAX_LIMIT ? null : limit;
}

/**
 * Where a best-match page past a cursor starts in the ranking (read in the query's order): just
 * after the last work of the page before that still matches. Scores move with every write (bm25
 * weighs words by how rare they are in the whole archive), so they are the last resort, when
 * none of that page matches any more: bisection over the ranking, one score read per step.
 */
export async function rankedStart(ranked: Uint32Array, scoreOf: TextSearch['scoreOf'], cursor: Cursor | undefined, order: 'asc' | 'desc'): Promise<number> {
  if (!cursor) return 0;
  const n = ranked.length;
  const at = (i: number) => ranked[order === 'desc' ? i : n - 1 - i]!;
  for (const anchor of [cursor.id, ...(cursor.before ?? [])]) {
    const pos = ranked.indexOf(anchor);
    if (pos >= 0) return (order === 'desc' ? pos : n - 1 - pos) + 1;
  }
  const key = Number(cursor.key);
  if (Number.isNaN(key)) throw new InvalidInput('The cursor is not valid; start again from the first page', 'cursor');
  const past = (score: number | null, id: number): boolean =>
    score === null || (order === 'desc' ? score < key || (score === key && id < cursor.id) : score > key || (score === key && id > cursor.id));
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (past(await scoreOf(at(mid)), at(mid))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Up to this many works (matches the filters keep) are ranked by themselves: bm25 for just those. */
const WITHIN_MAX = 20_000;
/** Filters keeping less of all works than this likely keep few of a text's matches (50k at most of a common word's 150k at a million works). */
const MIN_SHARE = 0.02;

/** The ranking that holds every work of `set` (the matches the filters keep) of `matches`. */
function rankingOf(set: Bitmap, matches: number): RankRequest {
  return set.size <= WITHIN_MAX || set.size * 2 < matches ? { within: set.toUint32Array() } : { limit: null };
}

export async function executeBest(index: BitmapIndex, plan: Plan, text: TextSearch): Promise<Result> {
  let t = phaseStart();
  const set = matchSet(index, { ...plan, textIds: undefined });
  t = phaseDone('match', t);
  const share = set.size / Math.max(1, index.all.size);
  if (share < MIN_SHARE) return keptFew(index, set, plan, text);
  // The filters keep a fair share of all works (and so, if they keep works independently of the
  // text, of the matches): the top of the whole ranking is asked for now, to be made while the
  // matches are read here, as deep as the works before the page. Ascending order (the bottom)
  // and a cursor that does not say how deep it is (made before cursors did) rank the matches the
  // filters keep, once known.
  const before = depthBefore(plan);
  const deep = before === undefined || plan.order === 'asc';
  let ranking: Promise<Ranking> | null = null;
  if (!deep) ranking = text.rank({ limit: rankingLimit(before + plan.pageSize + 1, share) });
  // Awaited below; this only keeps a failure from being unhandled should ids() fail first.
  ranking?.catch(() => {});
  const ids = set.size > 0 ? await text.ids() : new Uint32Array(0);
  t = phaseDone('text', t);
  set.andInPlace(new RoaringBitmap32(ids));
  t = phaseDone('match', t);
  if (!ranking && set.size > 0) {
    ranking = text.rank(rankingOf(set, ids.length));
    ranking.catch(() => {});
  }
  const facets = plan.facets ? facetsOf(index, set, plan.facetLimit, plan.exclude) : undefined;
  t = phaseDone('facets', t);
  if (!ranking || set.size === 0) return { ids: [], total: 0, nextCursor: null, facets };
  let r = await ranking;
  t = phaseDone('rank', t);
  let page = await pageIn(r, set, plan, text);
  if (page === null || (page.ranOut && !r.complete)) {
    // The filters kept fewer of the top than expected, or the cursor's works are not in it.
    r = await text.rank(rankingOf(set, ids.length));
    page = (await pageIn(r, set, plan, text))!;
  }
  const nextCursor = await cursorAfter(page, r, text, plan);
  phaseDone('page', t);
  return { ids: page.ids, total: set.size, nextCursor, facets };
}

/**
 * When the filters keep few works, their matches and the order of those come from one reading
 * restricted to them: a phrase of common words costs a pass over every position of its words
 * (~0.4 s in 100k long works), which reading the matches and their ranking apart would make twice.
 */
async function keptFew(index: BitmapIndex, kept: Bitmap, plan: Plan, text: TextSearch): Promise<Result> {
  let t = phaseStart();
  const r = kept.size > 0 ? await text.rank({ within: kept.toUint32Array() }) : { ids: new Uint32Array(0), scores: null, complete: true };
  t = phaseDone('rank', t);
  const set = new RoaringBitmap32(r.ids);
  t = phaseDone('match', t);
  const facets = plan.facets ? facetsOf(index, set, plan.facetLimit, plan.exclude) : undefined;
  t = phaseDone('facets', t);
  const page = (await pageIn(r, set, plan, text))!;
  const nextCursor = await cursorAfter(page, r, text, plan);
  phaseDone('page', t);
  return { ids: page.ids, total: set.size, nextCursor, facets };
}

/** How many works of the result come before the page; undefined for a cursor that does not say. */
const depthBefore = (plan: Plan): number | undefined => (plan.cursor ? plan.cursor.depth : (plan.page - 1) * plan.pageSize);

/**
 * The page of `plan` in ranking `r`; null when a cursor's works are not in a ranking cut at a
 * limit, as it may then hold works ranked after them: bm25 scores move with every write, so the
 * cursor's score alone could place the page too early in the top.
 */
async function pageIn(r: Ranking, set: Bitmap, plan: Plan, text: TextSearch): Promise<RankedPage | null> {
  const cursor = plan.cursor;
  if (cursor && !r.complete) {
    const anchors = new Set([cursor.id, ...(cursor.before ?? [])]);
    if (!r.ids.some((id) => anchors.has(id))) return null;
  }
  return pageByRank(r.ids, await rankedStart(r.ids, text.scoreOf, cursor, plan.order), set, plan);
}

/**
 * The cursor after a page: the page's other works, nearest first, let the next page go on should
 * the last stop matching; its depth, how deep to rank for the next page.
 */
async function cursorAfter(page: RankedPage, r: Ranking, text: TextSearch, plan: Plan): Promise<Cursor | null> {
  if (page.lastAt === null) return null;
  const last = page.ids[page.ids.length - 1]!;
  const before = depthBefore(plan);
  const cursor: Cursor = { key: r.scores?.[page.lastAt] ?? (await text.scoreOf(last)) ?? 0, id: last, before: page.ids.slice(0, -1).reverse() };
  if (before !== undefined) cursor.depth = before + page.ids.length;
  return cursor;
}
