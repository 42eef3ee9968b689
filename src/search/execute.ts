// Runs a resolved search over the bitmap index: set algebra for filters,
// a scan of typed arrays for ranges, top-k selection for the page, and
// exact facet counts with pruning by tag size.
import type { TagKind } from '../db/schema.ts';
import { RoaringBitmap32, type Bitmap, type BitmapIndex } from './bitmap-index.ts';
import type { Cursor, Sort } from './query.ts';

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
  /** Work id → relevance (higher is better) when there is a text query. */
  textScores?: Map<number, number>;
  sort: Sort;
  order: 'asc' | 'desc';
  cursor?: Cursor;
  page: number;
  pageSize: number;
  facets: boolean;
  facetLimit: number;
}

export interface FacetCount {
  name: string;
  count: number;
}
export type Facets = Record<'fandom' | 'relationship' | 'character' | 'freeform' | 'rating' | 'warning' | 'category' | 'language' | 'complete', FacetCount[]>;

export interface Result {
  ids: number[];
  total: number;
  nextCursor: Cursor | null;
  facets?: Facets;
}

function unionOf(index: BitmapIndex, ids: number[]): Bitmap {
  return RoaringBitmap32.orMany(ids.map((id) => index.tag(id)));
}

/** The set of works matching every filter of the plan. */
export function matchSet(index: BitmapIndex, plan: Plan): Bitmap {
  const set = index.all.clone();
  if (!plan.includeRestricted) set.andNotInPlace(index.restricted);
  if (plan.creatorUserId !== undefined) {
    set.andInPlace(index.byCreator.get(plan.creatorUserId) ?? new RoaringBitmap32());
    if (!plan.includeAnonymousByCreator) set.andNotInPlace(index.anonymous);
  }
  if (plan.creatorPseudId !== undefined) set.andInPlace(index.byPseud.get(plan.creatorPseudId) ?? new RoaringBitmap32());
  for (const group of plan.include) set.andInPlace(group.length === 1 ? index.tag(group[0]!) : unionOf(index, group));
  if (plan.exclude.length > 0) set.andNotInPlace(unionOf(index, plan.exclude));
  if (plan.blockedAuthors.length > 0) {
    // Anonymous works are left alone: hiding them would tell the reader who wrote them.
    const blocked = RoaringBitmap32.orMany(plan.blockedAuthors.map((a) => index.byCreator.get(a) ?? new RoaringBitmap32()));
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
  if (plan.textScores) set.andInPlace(new RoaringBitmap32(plan.textScores.keys()));
  const ranges: [Float64Array | Uint32Array, number | undefined, number | undefined][] = [
    [index.words, plan.wordsMin, plan.wordsMax],
    [index.updated, plan.updatedFrom, plan.updatedTo],
    [index.published, plan.postedFrom, plan.postedTo],
  ];
  const active = ranges.filter(([, lo, hi]) => lo !== undefined || hi !== undefined);
  if (active.length > 0) {
    const keep: number[] = [];
    for (const id of set) {
      if (active.every(([arr, lo, hi]) => (lo === undefined || arr[id]! >= lo) && (hi === undefined || arr[id]! <= hi))) keep.push(id);
    }
    return new RoaringBitmap32(keep);
  }
  return set;
}

function sortKey(index: BitmapIndex, plan: Plan): (id: number) => number | string {
  switch (plan.sort) {
    case 'best':
      return (id) => plan.textScores?.get(id) ?? 0;
    case 'updated':
      return (id) => index.updated[id]!;
    case 'posted':
      return (id) => index.published[id]!;
    case 'words':
      return (id) => index.words[id]!;
    case 'chapters':
      return (id) => index.chapters[id]!;
    case 'title':
      return (id) => index.title[id] ?? '';
    case 'author':
      return (id) => index.author[id] ?? '';
  }
}

/** Sorts by (key, id), ascending or descending, so equal keys page stably. */
export function pageOf(index: BitmapIndex, set: Bitmap, plan: Plan): { ids: number[]; nextCursor: Cursor | null } {
  const key = sortKey(index, plan);
  const dir = plan.order === 'asc' ? 1 : -1;
  const cmp = (a: number | string, ai: number, b: number | string, bi: number) => (a < b ? -dir : a > b ? dir : (ai - bi) * dir);
  let ids = set.toUint32Array();
  if (plan.cursor) {
    const c = plan.cursor;
    ids = ids.filter((id) => cmp(key(id), id, c.key, c.id) > 0);
  }
  const skip = plan.cursor ? 0 : (plan.page - 1) * plan.pageSize;
  const want = skip + plan.pageSize + 1;
  const keys = new Map<number, number | string>();
  for (const id of ids) keys.set(id, key(id));
  const byOrder = (a: number, b: number) => cmp(keys.get(a)!, a, keys.get(b)!, b);
  // A full sort is fine for modest sets; for large ones keep only the best `want` in a bounded buffer.
  let top: number[];
  if (ids.length <= want * 8) {
    top = Array.from(ids).sort(byOrder).slice(0, want);
  } else {
    top = [];
    let worst: number | undefined;
    for (const id of ids) {
      if (top.length >= want && worst !== undefined && byOrder(id, worst) >= 0) continue;
      top.push(id);
      if (top.length >= want * 4) {
        top.sort(byOrder);
        top.length = want;
        worst = top[want - 1];
      }
    }
    top.sort(byOrder);
    top = top.slice(0, want);
  }
  const pageIds = top.slice(skip, skip + plan.pageSize);
  const more = top.length > skip + plan.pageSize;
  const last = pageIds[pageIds.length - 1];
  return { ids: pageIds, nextCursor: more && last !== undefined ? { key: keys.get(last)!, id: last } : null };
}

function topTags(index: BitmapIndex, set: Bitmap, kind: TagKind, limit: number): FacetCount[] {
  const best: FacetCount[] = [];
  for (const tagId of index.tagsOfKind(kind)) {
    const bitmap = index.tag(tagId);
    // Tags come largest first: once a tag's whole size cannot beat the k-th count, none after it can.
    if (best.length >= limit && bitmap.size <= best[best.length - 1]!.count) break;
    const n = set.andCardinality(bitmap);
    if (n === 0) continue;
    const name = index.tagMeta.get(tagId)?.name ?? String(tagId);
    best.push({ name, count: n });
    best.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    if (best.length > limit) best.length = limit;
  }
  return best;
}

export function facetsOf(index: BitmapIndex, set: Bitmap, limit: number): Facets {
  const all = (kind: TagKind) => topTags(index, set, kind, 1000);
  const languages = [...index.byLanguage].map(([name, b]) => ({ name, count: set.andCardinality(b) })).filter((f) => f.count > 0).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const completeCount = set.andCardinality(index.complete);
  return {
    fandom: topTags(index, set, 'fandom', limit),
    relationship: topTags(index, set, 'relationship', limit),
    character: topTags(index, set, 'character', limit),
    freeform: topTags(index, set, 'freeform', limit),
    rating: all('rating'),
    warning: all('warning'),
    category: all('category'),
    language: languages,
    complete: [
      { name: 'complete', count: completeCount },
      { name: 'in progress', count: set.size - completeCount },
    ],
  };
}

export function execute(index: BitmapIndex, plan: Plan): Result {
  const set = matchSet(index, plan);
  const { ids, nextCursor } = pageOf(index, set, plan);
  return { ids, total: set.size, nextCursor, facets: plan.facets ? facetsOf(index, set, plan.facetLimit) : undefined };
}
