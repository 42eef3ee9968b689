// Runs a resolved search over the bitmap index: set algebra for filters,
// a scan of typed arrays for ranges, the page (./paging.ts), and the facets
// (./facets.ts).
import { RoaringBitmap32, type Bitmap, type BitmapIndex } from './bitmap-index.ts';
import { facetsOf, type Facets } from './facets.ts';
import type { FacetCache } from './facet-cache.ts';
import type { Cursor, Sort } from './query.ts';
import { phaseDone, phaseStart } from './phases.ts';
import { pageOf } from './paging.ts';
import { idsOf } from './scratch.ts';

export interface Plan {
  /** Each group must match: a work needs at least one tag of every group. */
  include: number[][];
  exclude: number[];
  languages: string[];
  complete?: boolean;
  crossover?: boolean;
  singleChapter?: boolean;
  wordsMin?: number;
  wordsMax?: number;
  updatedFrom?: number;
  updatedTo?: number;
  postedFrom?: number;
  postedTo?: number;
  includeRestricted: boolean;
  creatorUserId?: number;
  creatorPseudId?: number;
  includeAnonymousByCreator: boolean;
  blockedAuthors: number[];
  /** The works a text query matched (for the best-match sort, see best-match.ts instead). */
  textIds?: Uint32Array;
  sort: Sort;
  order: 'asc' | 'desc';
  cursor?: Cursor;
  page: number;
  pageSize: number;
  facets: boolean;
  facetLimit: number;
}

export interface Result {
  ids: number[];
  total: number;
  nextCursor: Cursor | null;
  facets?: Facets;
}

/** A word-count filter on a result of this many works or more goes by WordBuckets. */
export const DEFAULT_BUCKETS_FROM = 10000;
let BUCKETS_FROM = DEFAULT_BUCKETS_FROM;
/** For tests and probes comparing the two ways. */
export const setBucketsFrom = (n: number): void => void (BUCKETS_FROM = n);

/** The set of works matching every filter of the plan. */
export function matchSet(index: BitmapIndex, plan: Plan): Bitmap {
  const set = index.all.clone();
  if (!plan.includeRestricted) set.andNotInPlace(index.restricted);
  if (plan.creatorUserId !== undefined) {
    set.andInPlace(index.byCreators([plan.creatorUserId]));
    if (!plan.includeAnonymousByCreator) set.andNotInPlace(index.anonymous);
  }
  if (plan.creatorPseudId !== undefined) set.andInPlace(index.byPseuds([plan.creatorPseudId]));
  for (const group of plan.include) set.andInPlace(group.length === 1 ? index.tag(group[0]!) : index.union(group));
  if (plan.exclude.length > 0) index.subtractTags(set, plan.exclude);
  if (plan.blockedAuthors.length > 0) {
    // Anonymous works are left alone: hiding them would tell the reader who wrote them.
    const blocked = index.byCreators(plan.blockedAuthors);
    blocked.andNotInPlace(index.anonymous);
    set.andNotInPlace(blocked);
  }
  if (plan.languages.length > 0) set.andInPlace(RoaringBitmap32.orMany(plan.languages.map((l) => index.byLanguage.get(l) ?? new RoaringBitmap32())));
  const applyFlag = (value: boolean | undefined, bitmap: Bitmap) => {
    if (value === true) set.andInPlace(bitmap);
    else if (value === false) set.andNotInPlace(bitmap);
  };
  applyFlag(plan.complete, index.complete);
  applyFlag(plan.crossover, index.crossover);
  applyFlag(plan.singleChapter, index.singleChapter);
  if (plan.textIds) set.andInPlace(new RoaringBitmap32(plan.textIds));
  const wordsByBuckets = set.size >= BUCKETS_FROM && (plan.wordsMin !== undefined || plan.wordsMax !== undefined);
  if (wordsByBuckets) index.wordBuckets.keepRange(set, index.words, plan.wordsMin, plan.wordsMax);
  const ranges: [Float64Array | Uint32Array, number | undefined, number | undefined][] = [
    wordsByBuckets ? [index.words, undefined, undefined] : [index.words, plan.wordsMin, plan.wordsMax],
    [index.updated, plan.updatedFrom, plan.updatedTo],
    [index.published, plan.postedFrom, plan.postedTo],
  ];
  const active = ranges.filter(([, lo, hi]) => lo !== undefined || hi !== undefined);
  if (active.length > 0) {
    // A plain loop over the ids as one typed array: the bitmap's own iterator costs ~0.3 µs an id.
    let ids = idsOf(set);
    for (const [arr, lo, hi] of active) {
      const min = lo ?? -Infinity;
      const max = hi ?? Infinity;
      let n = 0;
      for (let i = 0; i < ids.length; i++) {
        const v = arr[ids[i]!]!;
        if (v >= min && v <= max) ids[n++] = ids[i]!;
      }
      ids = ids.subarray(0, n);
    }
    return new RoaringBitmap32(ids);
  }
  return set;
}

/** A plan's page and total, and its facets to count (when the plan asks) once the caller has started reading the page. */
export interface Found extends Omit<Result, 'facets'> {
  facets(): Facets | undefined;
  /** The facets were kept from an earlier search (see ./facet-cache.ts): facets() will not count. */
  facetsKept: boolean;
}

/** `cache`: where facets of the same filters may be kept (see ./facet-cache.ts). */
export function execute(index: BitmapIndex, plan: Plan, cache?: FacetCache): Found {
  let t = phaseStart();
  const matchedAt = index.stamp;
  const set = matchSet(index, plan);
  t = phaseDone('match', t);
  const { ids, nextCursor } = pageOf(index, set, plan);
  phaseDone('page', t);
  const lookup = plan.facets && cache ? cache.lookup(index, plan, matchedAt) : undefined;
  const facets = () => {
    const started = phaseStart();
    let f = lookup?.kept;
    if (!f && plan.facets) {
      f = facetsOf(index, set, plan.facetLimit, plan.exclude);
      if (cache && lookup) cache.keep(lookup, f);
    }
    phaseDone('facets', started);
    return f;
  };
  return { ids, total: set.size, nextCursor, facets, facetsKept: lookup?.kept !== undefined };
}
