// Search and every listing of works: resolve names to ids, apply the viewer's
// visibility (authz first), run the plan on the bitmap index, present the page.
import type { Context } from '../context.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { listingScope, type MaybeViewer } from '../authz/policy.ts';
import { findUserByLogin, listPseuds } from '../accounts/repository.ts';
import { canonicalIdsByKeys, findTagByName } from '../tags/repository.ts';
import { normalizeTagName, tagKey } from '../tags/names.ts';
import { presentMany } from '../works/service.ts';
import type { WorkView } from '../works/present.ts';
import { execute, matchSet, type Plan, type Result } from './execute.ts';
import type { Facets } from './facets.ts';
import { encodeCursor, type SearchQuery } from './query.ts';
import { textSearch, type TextSearch } from './text-backend.ts';
import { executeBest } from './best-match.ts';
import { firstChapters, snippetsOf, type FirstChapter } from './page-snippets.ts';
import { blocklistOf } from './blocklist.ts';
import { phaseDone, phaseStart } from './phases.ts';

export interface SearchScope {
  tag?: string;
  user?: string;
  pseud?: string;
}

export interface SearchResult {
  works: (WorkView & { snippetHtml?: string })[];
  total: number;
  nextCursor: string | null;
  page: number;
  pages: number;
  facets?: Facets;
  tagName?: string;
  blocklistApplied: boolean;
}

/**
 * Canonical tag ids for names; -1 for an unknown name. The index knows the tags its works
 * filter under; the rest (synonyms, tags of no work) are read in one query (an exclusion list
 * may name 500 tags). The index catches up with the change log here: on PostgreSQL that is a
 * round trip of its own, so the query goes out meanwhile, for the names the index did not know
 * before; a name it stops knowing in the catch-up (a tag just merged) is asked after.
 */
async function resolveNames(ctx: Context, names: string[]): Promise<number[]> {
  const keys = names.map(tagKey);
  const index = ctx.search.index;
  const stamp = index.stamp;
  const before = index.heldTagIds(keys);
  const asked = new Set(keys.filter((_, i) => before[i] === undefined));
  const [found] = await Promise.all([canonicalIdsByKeys(ctx.db, ctx.dialect, [...asked]), ctx.search.catchUp()]);
  // The stamp moves with every change to an index (a tag's marks too); a rebuild makes another.
  const after = ctx.search.index === index && index.stamp === stamp ? before : ctx.search.index.heldTagIds(keys);
  const late = new Set(keys.filter((k, i) => after[i] === undefined && !asked.has(k)));
  if (late.size > 0) for (const [k, id] of await canonicalIdsByKeys(ctx.db, ctx.dialect, [...late])) found.set(k, id);
  return keys.map((k, i) => after[i] ?? found.get(k) ?? -1);
}

export interface SearchOptions {
  /** Whose blocklist applies, when not the viewer's: a saved search's feed is read as a guest with its owner's blocklist. */
  blocklistOwner?: MaybeViewer;
}

/** Counting the facets of fewer works takes less than a round trip to the page worker (~0.3 ms). */
const OVERLAP_MIN = 1000;

interface Planned {
  plan: Plan;
  text?: TextSearch;
  tagName?: string;
  blocklistApplied: boolean;
}

/** Names to ids, the viewer's visibility and blocklist: the query as a plan for the index. */
async function planSearch(ctx: Context, viewer: MaybeViewer, query: SearchQuery, scope: SearchScope, options: SearchOptions): Promise<Planned> {
  let t = phaseStart();
  const fixedNames = [...query.ratings, ...query.warnings, ...query.categories];
  const resolved = await resolveNames(ctx, [...query.tags, ...fixedNames, ...query.exclude]);
  const include: number[][] = [];
  const tagIds = resolved.slice(0, query.tags.length);
  tagIds.forEach((id, i) => {
    if (id < 0) throw new InvalidInput(`No tag named "${normalizeTagName(query.tags[i]!)}"`, 'tag');
    include.push([id]);
  });
  let tagName: string | undefined;
  if (scope.tag !== undefined) {
    const tag = await findTagByName(ctx.db, scope.tag);
    if (!tag) throw new NotFound(`No tag named "${normalizeTagName(scope.tag)}"`);
    include.push([tag.merger_id ?? tag.id]);
    tagName = tag.name;
  }
  // Unknown fixed tags stay in as -1 (nothing matches them); unknown exclusions are dropped.
  const fixed = resolved.slice(query.tags.length, query.tags.length + fixedNames.length);
  if (query.ratings.length > 0) include.push(fixed.slice(0, query.ratings.length));
  for (const id of fixed.slice(query.ratings.length)) include.push([id]);
  const exclude = resolved.slice(query.tags.length + fixedNames.length).filter((id) => id > 0);

  let creatorUserId: number | undefined;
  let creatorPseudId: number | undefined;
  if (scope.user !== undefined) {
    const user = await findUserByLogin(ctx.db, scope.user);
    if (!user) throw new NotFound('No such user');
    creatorUserId = user.id;
    if (scope.pseud !== undefined) {
      const pseud = (await listPseuds(ctx.db, user.id)).find((p) => p.name_key === scope.pseud!.toLowerCase());
      if (!pseud) throw new NotFound('No such pseud');
      creatorPseudId = pseud.id;
    }
  }
  const visibility = listingScope(viewer, creatorUserId);
  const blocklist = query.ignoreBlocklist ? null : await blocklistOf(ctx, options.blocklistOwner === undefined ? viewer : options.blocklistOwner);
  t = phaseDone('resolve', t);
  const text = query.text ? textSearch(ctx, query.text) : undefined;
  // The best-match sort reads the matches itself, beside their ranking (best-match.ts).
  const textIds = text && query.sort !== 'best' ? await text.ids() : undefined;
  phaseDone('text', t);
  const plan: Plan = {
    include,
    exclude: [...exclude, ...(blocklist?.tagIds ?? [])],
    languages: query.languages,
    complete: query.complete,
    crossover: query.crossover,
    singleChapter: query.singleChapter,
    wordsMin: query.wordsMin,
    wordsMax: query.wordsMax,
    updatedFrom: query.updatedFrom,
    updatedTo: query.updatedTo,
    postedFrom: query.postedFrom,
    postedTo: query.postedTo,
    includeRestricted: visibility.includeRestricted,
    creatorUserId,
    creatorPseudId,
    includeAnonymousByCreator: visibility.includeAnonymousByCreator,
    blockedAuthors: blocklist?.userIds ?? [],
    textIds,
    sort: query.sort,
    order: query.order,
    cursor: query.cursor,
    page: query.page,
    pageSize: ctx.config.pageSize,
    facets: query.facets,
    facetLimit: query.facetLimit,
  };
  return { plan, text, tagName, blocklistApplied: blocklist !== null && (blocklist.tagIds.length > 0 || blocklist.userIds.length > 0) };
}

/** How many works a search finds for this viewer, without presenting a page of them. */
export async function countWorks(ctx: Context, viewer: MaybeViewer, query: SearchQuery, scope: SearchScope = {}): Promise<number> {
  const { plan, text } = await planSearch(ctx, viewer, query, scope, {});
  return matchSet(ctx.search.index, text && !plan.textIds ? { ...plan, textIds: await text.ids() } : plan).size;
}

export async function searchWorks(ctx: Context, viewer: MaybeViewer, query: SearchQuery, scope: SearchScope = {}, options: SearchOptions = {}): Promise<SearchResult> {
  const { plan, text, tagName, blocklistApplied } = await planSearch(ctx, viewer, query, scope, options);
  let result: Result;
  let works: SearchResult['works'];
  let t: number;
  /** The first chapters of the page's works, for their snippets, read beside the page. */
  let firsts: Promise<FirstChapter[]> | undefined;
  const readFirsts = (ids: number[]): Promise<FirstChapter[]> | undefined => {
    if (!query.text) return undefined;
    const reading = firstChapters(ctx.db, ids);
    reading.catch(() => {}); // awaited below
    return reading;
  };
  if (text && plan.sort === 'best') {
    // The facets were counted while the ranking was made (best-match.ts).
    result = await executeBest(ctx.search.index, plan, text);
    t = phaseStart();
    firsts = readFirsts(result.ids);
    works = await presentMany(ctx, viewer, result.ids);
  } else {
    const found = execute(ctx.search.index, plan, ctx.search.facetCache);
    // The page is read while the facets are counted here. On a SQLite file a worker thread reads
    // it, when counting takes longer than going to the worker and back (works/page-rows.ts). On
    // PostgreSQL its server does, once the queries are sent: they wait for the pool's connections
    // until this thread lets promises settle (a turn of the event loop, ~0.05 ms). At 100k works:
    // heavy_exclude p50 6.04 → 5.75 ms, deep_page 3.09 → 2.80.
    // With its facets kept from an earlier search, nothing overlaps the read, so it is read here:
    // at a million works, deep_page's present phase p50 4.7 → 2.5 ms.
    // A page read in this thread on SQLite is read before presentMany returns (works/page-rows.ts):
    // that time belongs to the present phase too.
    const readFrom = phaseStart();
    const reading = presentMany(ctx, viewer, found.ids, plan.facets && !found.facetsKept && found.total >= OVERLAP_MIN);
    const readHere = phaseStart() - readFrom;
    reading.catch(() => {}); // awaited below; this only keeps a failure from being unhandled should counting fail first
    firsts = readFirsts(found.ids);
    if (ctx.dialect === 'postgres' && plan.facets) await new Promise((resolve) => setImmediate(resolve));
    result = { ...found, facets: found.facets() };
    t = phaseStart() - readHere;
    works = await reading;
  }
  t = phaseDone('present', t);
  if (query.text) {
    const snippets = await snippetsOf(ctx.db, works, query.text, (await firsts) ?? []);
    works.forEach((w, k) => (w.snippetHtml = snippets[k]));
    phaseDone('snippets', t);
  }
  return {
    works,
    total: result.total,
    nextCursor: result.nextCursor ? encodeCursor(result.nextCursor) : null,
    page: query.cursor ? 0 : query.page,
    pages: Math.max(1, Math.ceil(result.total / ctx.config.pageSize)),
    facets: result.facets,
    tagName,
    blocklistApplied,
  };
}
