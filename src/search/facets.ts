// Exact facet counts over a search's result: intersections with the largest tags first,
// pruned by tag size, or, when those would cost more than going through the result's works
// (small results, results of a few percent; or tags used once might make the list), a count
// over the filters of each work of the result (./facet-lines.ts).
import type { TagKind } from '../db/schema.ts';
import { RoaringBitmap32, SMALL, kindCode, kindMask, type Bitmap, type BitmapIndex } from './bitmap-index.ts';
import { factCounts, type FactCounts } from './line-facts.ts';
import { intersectionCost, type TagOrder } from './tag-order.ts';
import { idsOf } from './scratch.ts';
import type { WorkFilters } from './work-filters.ts';

export interface FacetCount {
  name: string;
  count: number;
}
export type Facets = Record<'fandom' | 'relationship' | 'character' | 'freeform' | 'rating' | 'warning' | 'category' | 'language' | 'complete', FacetCount[]>;

const byCount = (a: FacetCount, b: FacetCount) => b.count - a.count || a.name.localeCompare(b.name);
const FREE_KINDS = ['freeform', 'character', 'relationship', 'fandom'] as const;
const FIXED_KINDS = ['rating', 'warning', 'category'] as const;

/**
 * The size of a tag's intersection with the result. A sparse result (under 1 in 16 works: roaring
 * keeps each chunk of it as a sorted array, and merging that with a tag's costs ~6–12 µs at a
 * million works even for a tag of a few hundred) is counted through its complement among all the
 * works, which is dense, so held as bits: a tag's works in the result are those not in the rest
 * (every tag's and language's works are in `all`). Small results are merged cheaply and keep the direct way.
 */
function intersections(index: BitmapIndex, set: Bitmap): (tag: Bitmap) => number {
  if (set.size < 8192 || set.size * 16 >= index.all.size) return (tag) => set.andCardinality(tag);
  let rest: Bitmap | null = null;
  return (tag) => tag.size - (rest ??= RoaringBitmap32.andNot(index.all, set)).andCardinality(tag);
}

/**
 * What counting the facets over the result's works costs (ns): reading each work's facet line
 * (see ./facet-lines.ts) is bound by memory latency, ~120 ns a work for 25,000–50,000 works of a
 * million (lines far apart, read at random), ~45 when a quarter or more of all works are read
 * (lines nearly in order). Compared with intersectionCost, measured on the same machine.
 */
const scanCost = (index: BitmapIndex, set: Bitmap): number => set.size * (45 + 80 * Math.max(0, 1 - (4 * set.size) / Math.max(1, index.all.size)));

/**
 * The top tags of a kind by intersecting tag bitmaps with the result, largest tag first, in steps
 * that stop when a budget (ns, see intersectionCost) runs out, so that facetsOf can weigh what
 * finishing would cost against counting over the result's works instead.
 */
class TopTags {
  private readonly best: FacetCount[] = [];
  private readonly order: TagOrder;
  private readonly slack: number;
  /** See BitmapIndex.chunks: read once, it is a call into roaring. */
  private readonly chunks: number;
  /** The next tag of the order to count; past its end, the tags added since the order was made. */
  private next = 0;

  constructor(
    private readonly index: BitmapIndex,
    private readonly countIn: (tag: Bitmap) => number,
    private readonly kind: TagKind,
    private readonly limit: number,
    /** Tags known to have no work in the result (see facetsOf). */
    private readonly absent: ReadonlySet<number>,
  ) {
    ({ order: this.order, slack: this.slack } = index.tagOrder(kind));
    this.chunks = index.chunks;
  }

  private kth(): number {
    return this.best.length >= this.limit ? this.best[this.best.length - 1]!.count : 0;
  }

  /** How many tags of the order are large enough to reach `k` (sizes are largest first). */
  private reaching(k: number): number {
    const sizes = this.order.sizes;
    let lo = 0;
    let hi = sizes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sizes[mid]! + this.slack >= k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** What counting the tags that could still reach the top list is expected to cost (Infinity: not known yet, or tags without a bitmap could). */
  remaining(): number {
    if (this.best.length < this.limit || (this.kth() <= SMALL && this.index.hasSmallTags(this.kind))) return Infinity;
    const { ids, cost } = this.order;
    const to = this.reaching(this.kth());
    let added = 0;
    for (let i = Math.max(0, this.next - ids.length); i < this.order.added.length; i++) added += intersectionCost(this.index.byTag.get(this.order.added[i]!)?.size ?? 0, this.chunks);
    return (to > this.next ? cost[to]! - cost[Math.min(this.next, ids.length)]! : 0) + added;
  }

  /**
   * What this kind's intersections would cost if its tags were spread over the result as over all
   * works (a result holding `share` of them): a guess, only to skip them when far dearer than the
   * count over the works.
   */
  guess(share: number): number {
    const { sizes, cost } = this.order;
    if (sizes.length < this.limit) return cost[sizes.length]!;
    const kth = sizes[this.limit - 1]! * share;
    return kth <= SMALL && this.index.hasSmallTags(this.kind) ? Infinity : cost[this.reaching(kth)]!;
  }

  /** Counts on while the budget lasts (with `untilFull`, until the top list is full); true when no tag left could reach it. */
  run(budget: { left: number }, untilFull = false): boolean {
    const { ids, sizes, added } = this.order;
    for (; this.next < ids.length; this.next++) {
      if (untilFull && this.best.length >= this.limit) return false;
      // Largest first (as of the ordering, each size widened by what it may have grown since): once
      // a tag cannot reach the k-th count, none after it can. A tag that could tie is still counted,
      // so ties go by name whichever way the facets are counted.
      if (sizes[this.next]! + this.slack < this.kth()) {
        this.next = ids.length;
        break;
      }
      if (!this.count(ids[this.next]!, budget)) return false;
    }
    for (; this.next - ids.length < added.length; this.next++) {
      if (untilFull && this.best.length >= this.limit) return false;
      if (!this.count(added[this.next - ids.length]!, budget)) return false;
    }
    return true;
  }

  private count(tagId: number, budget: { left: number }): boolean {
    const bitmap = this.index.byTag.get(tagId);
    if (!bitmap || bitmap.size < this.kth() || this.absent.has(tagId)) return true;
    if (budget.left < 0) return false;
    budget.left -= intersectionCost(bitmap.size, this.chunks);
    const n = this.countIn(bitmap);
    if (n === 0) return true;
    this.best.push({ name: this.index.tagName(tagId) ?? String(tagId), count: n });
    this.best.sort(byCount);
    if (this.best.length > this.limit) this.best.length = this.limit;
    return true;
  }

  /** The top list once run() is done, or null when tags without a bitmap (SMALL works or fewer) could be in it. */
  result(): FacetCount[] | null {
    return this.kth() > SMALL || !this.index.hasSmallTags(this.kind) ? this.best : null;
  }
}

function languagesOf(index: BitmapIndex, set: Bitmap, countIn: (b: Bitmap) => number): FacetCount[] {
  const counts = new Map<string, number>();
  if (set.size > 1000) {
    for (const [name, b] of index.byLanguage) counts.set(name, countIn(b));
  } else {
    for (const id of idsOf(set)) {
      const language = index.languageOfWork(id);
      if (language !== undefined) counts.set(language, (counts.get(language) ?? 0) + 1);
    }
  }
  return [...counts].map(([name, count]) => ({ name, count })).filter((f) => f.count > 0).sort(byCount);
}

let scratch = new Uint32Array(1024);
/**
 * Facets of these kinds from counting the filter tags of every work of `set` (each work's own
 * list of filters). Tags without a bitmap (SMALL works or fewer, most of an archive's tags)
 * are counted only for a kind whose top list does not fill above SMALL without them.
 */
function facetsByScan(index: BitmapIndex, set: Bitmap, kinds: TagKind[], limits: Record<FacetKind, number>, withFacts = false): Partial<Facets> {
  const filters = index.filters;
  const facts = withFacts ? factCounts() : undefined;
  const touched: number[] = [];
  if (scratch.length < filters.ranks) scratch = new Uint32Array(Math.max(filters.ranks, scratch.length * 2));
  const ids = idsOf(set);
  const slotOf = new Uint8Array(16);
  kinds.forEach((k, i) => (slotOf[kindCode(k)] = i));
  const want = kinds.map((k) => limits[k as FacetKind]);
  const keep = new Uint16Array(16);
  kinds.forEach((k, i) => (keep[kindCode(k)] = want[i]!));
  filters.count(ids, kindMask(kinds), scratch, touched, false, keep, facts);
  let kept = keptCounts(filters, touched, slotOf, want);
  const reachSmall = kinds.filter((k, i) => index.hasSmallTags(k) && (kept[i]!.length < want[i]! || kept[i]![0]! <= SMALL));
  if (reachSmall.length > 0) {
    filters.count(ids, kindMask(reachSmall), scratch, touched, true);
    kept = keptCounts(filters, touched, slotOf, want);
  }
  // Then every tag reaching its kind's k-th count, ties included, ordered by count and name.
  const chosen = kinds.map((): FacetCount[] => []);
  for (let i = 0; i < touched.length; i++) {
    const r = touched[i]!;
    const slot = slotOf[filters.kindCodeOfRank(r)]!;
    if (scratch[r]! >= kept[slot]![0]!) chosen[slot]!.push({ name: index.tagName(filters.tagOfRank(r)) ?? String(filters.tagOfRank(r)), count: scratch[r]! });
  }
  for (const r of touched) scratch[r] = 0;
  const out: Partial<Facets> = Object.fromEntries(kinds.map((kind, i) => [kind, chosen[i]!.sort(byCount).slice(0, want[i])]));
  return facts ? Object.assign(out, factFacets(index, facts)) : out;
}

/** Rating, warning, category and language facets from the facts a count over works added up, and from the pool and the index for works whose facts did not fit. */
function factFacets(index: BitmapIndex, facts: FactCounts): Pick<Facets, 'rating' | 'warning' | 'category' | 'language'> {
  const filters = index.filters;
  const byTag = new Map<number, number>();
  for (let bit = 0; bit < facts.bits.length; bit++) if (facts.bits[bit]! > 0) byTag.set(filters.tagOfFactBit(bit), facts.bits[bit]!);
  const languages = new Map<string, number>();
  for (let code = 0; code < facts.languages.length; code++) {
    const name = index.languageName(code);
    if (facts.languages[code]! > 0 && name) languages.set(name, facts.languages[code]!);
  }
  if (facts.invalid.length > 0) {
    const touched: number[] = [];
    filters.count(Uint32Array.from(facts.invalid), kindMask(FIXED_KINDS), scratch, touched);
    for (const r of touched) {
      const tag = filters.tagOfRank(r);
      byTag.set(tag, (byTag.get(tag) ?? 0) + scratch[r]!);
      scratch[r] = 0;
    }
    for (const id of facts.invalid) {
      const language = index.languageOfWork(id);
      if (language !== undefined) languages.set(language, (languages.get(language) ?? 0) + 1);
    }
  }
  const lists: Record<(typeof FIXED_KINDS)[number], FacetCount[]> = { rating: [], warning: [], category: [] };
  for (const [tag, count] of byTag) {
    const kind = index.kindOf(tag);
    if (kind === 'rating' || kind === 'warning' || kind === 'category') lists[kind].push({ name: index.tagName(tag) ?? String(tag), count });
  }
  return {
    rating: lists.rating.sort(byCount),
    warning: lists.warning.sort(byCount),
    category: lists.category.sort(byCount),
    language: [...languages].map(([name, count]) => ({ name, count })).sort(byCount),
  };
}

/** Per kind (by its slot) the `want` largest counts of the touched ranks, ascending, in one pass; most fall below them at once. */
function keptCounts(filters: WorkFilters, touched: number[], slotOf: Uint8Array, want: number[]): number[][] {
  const kept = want.map((): number[] => []);
  for (let i = 0; i < touched.length; i++) {
    const slot = slotOf[filters.kindCodeOfRank(touched[i]!)]!;
    const n = scratch[touched[i]!]!;
    const top = kept[slot]!;
    if (top.length === want[slot]) {
      if (n <= top[0]!) continue;
      top.shift();
    }
    let at = 0;
    while (at < top.length && top[at]! < n) at++;
    top.splice(at, 0, n);
  }
  return kept;
}

type FacetKind = (typeof FREE_KINDS)[number] | (typeof FIXED_KINDS)[number];

/**
 * `absent`: tags none of whose works are in `set` (a search's excluded tags), passed over: else a
 * search excluding 50–500 popular tags intersects those large enough to reach a top list, ~35 of
 * them at a million works, each to count 0 (in-process, the same sets: 3.8 → 3.0 ms a search).
 */
export function facetsOf(index: BitmapIndex, set: Bitmap, limit: number, absent: readonly number[] = []): Facets {
  const limits: Record<FacetKind, number> = { fandom: limit, relationship: limit, character: limit, freeform: limit, rating: 1000, warning: 1000, category: 1000 };
  const facets: Partial<Facets> = {};
  // Free kinds: each kind's top list is filled by intersections with its largest tags, which then
  // tell how many more tags could still reach it. If counting those for every kind is expected to
  // cost less than one count over the result's works (all kinds at once), they are counted; else
  // the kinds not yet done are counted over the works. Filling stops too once it costs that much,
  // and is not begun when a guess (tags spread over the result as over all works) puts the
  // intersections above that cost.
  const countIn = intersections(index, set);
  const scan = scanCost(index, set);
  const none = new Set(absent);
  const tops = FREE_KINDS.map((kind) => new TopTags(index, countIn, kind, limits[kind], none));
  const guessed = tops.reduce((sum, t) => sum + t.guess(set.size / Math.max(1, index.all.size)), 0);
  const filling = { left: guessed > scan ? -1 : scan };
  let done = tops.map((t) => t.run(filling, true));
  const needed = tops.reduce((sum, t, i) => sum + (done[i] ? 0 : t.remaining()), 0);
  if (needed < filling.left) done = tops.map((t) => t.run({ left: Infinity }));
  const rest: TagKind[] = [];
  FREE_KINDS.forEach((kind, i) => {
    const top = done[i] ? tops[i]!.result() : null;
    if (top) facets[kind] = top;
    else rest.push(kind);
  });
  // A count over the works reads each work's fixed-kind tags and language beside its free tags
  // (see FacetLines), so it does those facets too; else they are counted by intersections.
  if (rest.length > 0 && index.filters.factsReady) Object.assign(facets, facetsByScan(index, set, rest, limits, true));
  else {
    for (const kind of FIXED_KINDS) {
      const top = new TopTags(index, countIn, kind, limits[kind], none);
      const list = top.run({ left: Infinity }) ? top.result() : null;
      if (list) facets[kind] = list;
      else rest.push(kind);
    }
    if (rest.length > 0) Object.assign(facets, facetsByScan(index, set, rest, limits));
    facets.language = languagesOf(index, set, countIn);
  }
  const completeCount = set.andCardinality(index.complete);
  facets.complete = [
    { name: 'complete', count: completeCount },
    { name: 'in progress', count: set.size - completeCount },
  ];
  return facets as Facets;
}
