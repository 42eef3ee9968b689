// The tags of each kind with a bitmap, largest first, for facet counts that
// intersect the largest tags with a result and stop once no smaller tag can
// enter its top list; with what counting each prefix of them is expected to cost.
import type { TagKind } from '../db/schema.ts';
import type { Bitmap } from './bitmap-index.ts';

/**
 * The expected cost (ns, on a 2-core machine of 2026) of one intersection count with a tag of
 * `size` works among `chunks` ranges of 65,536 ids, the tag's bitmap not in the processor's caches
 * (few tags are counted often enough to stay there): ~10 µs to reach it, then ~1.5 ns a work of
 * the tag, tested against the result's bits (a result of more than 1 in 16 works, or its
 * complement, is held as bits), or, for a tag on more than 1 in 16 works, whose chunks are bits
 * too, ~0.5 µs a chunk ANDed a word at a time.
 */
export const intersectionCost = (size: number, chunks: number): number => 10_000 + (size > chunks * 4096 ? 500 * chunks : 1.5 * size);

/** The tags of one kind with a bitmap, for facets that look at the largest first. */
export interface TagOrder {
  /** Largest first by `sizes`, their sizes when the order was made. */
  ids: number[];
  sizes: number[];
  /** cost[i]: what counting the first i tags by intersection is expected to cost, see intersectionCost. */
  cost: Float64Array;
  /** Tags of the kind that got a bitmap after the order was made, in no order. */
  added: number[];
}

/** An order for each kind of `kinds`, of the tags of `byTag` (tag ids up to `topTagId`) by size. */
export function makeTagOrders(kinds: readonly TagKind[], byTag: Map<number, Bitmap>, kindOf: (tag: number) => TagKind | undefined, topTagId: number, chunks: number): Map<TagKind, TagOrder> {
  const orders = new Map<TagKind, TagOrder>(kinds.map((k) => [k, { ids: [], sizes: [], cost: new Float64Array(1), added: [] }]));
  const sizes = new Uint32Array(topTagId + 1);
  for (const [id, bitmap] of byTag) {
    const k = kindOf(id);
    const size = bitmap.size;
    if (!k || size === 0) continue;
    sizes[id] = size;
    orders.get(k)!.ids.push(id);
  }
  // Sizes read once each: reading them inside the comparison crossed into native code ~40 times per tag.
  for (const o of orders.values()) {
    o.ids.sort((a, b) => sizes[b]! - sizes[a]! || a - b);
    o.sizes = o.ids.map((id) => sizes[id]!);
    o.cost = new Float64Array(o.ids.length + 1);
    o.sizes.forEach((size, i) => (o.cost[i + 1] = o.cost[i]! + intersectionCost(size, chunks)));
  }
  return orders;
}
