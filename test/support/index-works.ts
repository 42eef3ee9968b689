// Synthetic works for tests of the bitmap index: their facts, Zipf-like filter tags, and the
// top tags of a kind counted by hand, to compare the index's facets with.
import type { TagKind } from '../../src/db/schema.ts';
import type { WorkFacts } from '../../src/search/facts.ts';

export const FREE_KINDS: TagKind[] = ['fandom', 'relationship', 'character', 'freeform'];
/** Tag t's kind and name: kinds in turn, names that sort as the ids do (below 1,000). */
export const kindOfTag = (t: number): TagKind => FREE_KINDS[t % FREE_KINDS.length]!;
export const tagName = (t: number) => `tag ${String(t).padStart(3, '0')}`;

/** A posted work of one chapter with these filters; `id` decides whether it is complete (every third). */
export function workFacts(id: number, filters: number[], over: Partial<WorkFacts> = {}): WorkFacts {
  return {
    id, restricted: false, anonymous: false, complete: id % 3 === 0, language: 'en', words: 1000, chapters: 1,
    expected: 1, updatedAt: id, publishedAt: id, title: `w${id}`, author: 'a', creators: [1], pseuds: [1], filters, fandoms: 1,
    ...over,
  };
}

/**
 * `least` to `least + spread - 1` tags of `tags`, tag t drawn with weight 1/(t+1): a few on many
 * works, most on a few (those keep their works in the shared pool rather than a bitmap).
 */
export function zipfFilters(rand: () => number, tags: number, least: number, spread: number): number[] {
  const out = new Set<number>();
  const n = least + Math.floor(rand() * spread);
  while (out.size < n) out.add(Math.min(tags - 1, Math.floor(Math.exp(rand() * Math.log(tags + 1))) - 1));
  return [...out];
}

/** The `limit` tags of `kind` on most of the works `ids` (ties by name), counted from `works`' filters. */
export function handFacets(works: Map<number, number[]>, ids: Iterable<number>, kind: TagKind, limit: number): { name: string; count: number }[] {
  const counts = new Map<number, number>();
  for (const id of ids) for (const t of works.get(id) ?? []) if (kindOfTag(t) === kind) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .map(([t, count]) => ({ name: tagName(t), count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, limit);
}
