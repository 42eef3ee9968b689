// Facet counts kept between searches with the same filters: a reader paging through a
// listing, or the many readers who open all works or a popular tag, ask for the same
// counts again, and counting them is most of such a search (~3 ms at a million works).
// Kept until the index changes at all, so a kept count is never stale.
import type { BitmapIndex } from './bitmap-index.ts';
import type { Plan } from './execute.ts';
import type { Facets } from './facets.ts';

/**
 * The part of a plan the facets depend on: all of it but the order and the page. A text query's
 * matches come from the database, which may be ahead of this process's index, so those are not
 * kept. Every other field is part of the key, visibility and blocklist included, so one
 * reader's counts are never given to another who may see other works.
 */
function keyOf(plan: Plan): string | null {
  const { sort: _sort, order: _order, cursor: _cursor, page: _page, pageSize: _pageSize, facets: _facets, textIds, ...filters } = plan;
  return textIds ? null : JSON.stringify(filters);
}

/** Frozen, as one kept value is handed to every search with those filters. */
function frozen(facets: Facets): Facets {
  for (const list of Object.values(facets)) {
    for (const f of list) Object.freeze(f);
    Object.freeze(list);
  }
  return Object.freeze(facets);
}

export interface FacetLookup {
  kept?: Facets;
  key: string | null;
  matchedAt: number;
}

export class FacetCache {
  private readonly kept = new Map<string, Facets>();
  /** The index stamp the kept counts were made at (see BitmapIndex.stamp). */
  private stamp = -1;
  /** For the benchmark's report. */
  hits = 0;

  /** `size`: how many sets of filters are kept, least recently used dropped first; 0 keeps none. */
  constructor(private readonly size: number) {}

  /** Drops every kept count (the benchmark does after its warm-up, so only repeats within its timed mix find any). */
  clear(): void {
    this.kept.clear();
  }

  /**
   * The plan's kept facets, if the index has not changed since they were counted, with what
   * keep() needs to keep them otherwise. `matchedAt`: the index's stamp when the plan's works
   * were found.
   */
  lookup(index: BitmapIndex, plan: Plan, matchedAt: number): FacetLookup {
    const key = this.size > 0 && index.stamp === matchedAt ? keyOf(plan) : null;
    if (key === null) return { key, matchedAt };
    if (index.stamp !== this.stamp) {
      this.kept.clear();
      this.stamp = index.stamp;
    }
    const kept = this.kept.get(key);
    if (!kept) return { key, matchedAt };
    this.hits++;
    this.kept.delete(key);
    this.kept.set(key, kept);
    return { kept, key, matchedAt };
  }

  /**
   * Keeps facets counted after a lookup found none, unless another lookup has since found the
   * index changed (another search caught it up while this one waited) or rebuilt: those counts
   * may be of works no longer visible. Counts kept after a change nobody has looked up since are
   * never served, as the next lookup drops them.
   */
  keep(lookup: FacetLookup, facets: Facets): Facets {
    if (lookup.key === null || this.stamp !== lookup.matchedAt) return facets;
    this.kept.set(lookup.key, frozen(facets));
    if (this.kept.size > this.size) this.kept.delete(this.kept.keys().next().value!);
    return facets;
  }
}
