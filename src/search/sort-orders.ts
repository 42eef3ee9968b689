// Every work in the order of a numeric sort key, made once, so a page of a large result is
// read by walking that order and keeping the works of the result: page 1 of half a million
// works reads ~40 entries, page 500 ~12,000, instead of going through every work of the
// result and sorting buffers of up to four pages' worth of ids. Works changed since an order
// was made ("dirty") are skipped in it and merged in by their current keys; once too many
// have changed, the orders are dropped and made again when next wanted.

export type NumericKeys = Float64Array | Uint32Array;

export interface SortOrder {
  /** Work ids ascending by (key, id), as the keys were when the order was made. */
  ids: Uint32Array;
  /** The key of each entry of `ids` then: ascending, so a cursor is found by bisection. */
  keys: Float64Array;
}

/** Works changed since the orders were made before they are made again: up to this or 1/256 of the works. */
const MIN_DIRTY_LIMIT = 2048;

export class SortOrders {
  private readonly orders = new Map<string, SortOrder>();
  private dirtyFlags = new Uint8Array(1024);
  private readonly dirtyIds: number[] = [];

  /** Marks a work whose keys may have changed (or that is new) since the orders were made. */
  changed(id: number, works: number): void {
    if (this.orders.size === 0) return;
    if (id >= this.dirtyFlags.length) {
      const next = new Uint8Array(Math.max(id + 1, this.dirtyFlags.length * 2));
      next.set(this.dirtyFlags);
      this.dirtyFlags = next;
    }
    if (this.dirtyFlags[id] === 1) return;
    this.dirtyFlags[id] = 1;
    this.dirtyIds.push(id);
    if (this.dirtyIds.length > Math.max(MIN_DIRTY_LIMIT, works >> 8)) this.clear();
  }

  clear(): void {
    this.orders.clear();
    for (const id of this.dirtyIds) this.dirtyFlags[id] = 0;
    this.dirtyIds.length = 0;
  }

  isDirty(id: number): boolean {
    return this.dirtyFlags[id] === 1;
  }

  get dirty(): readonly number[] {
    return this.dirtyIds;
  }

  /** The order named `name` of `keys` over `ids` (ascending), made now if there is none. */
  orderOf(name: string, keys: NumericKeys, ids: () => Uint32Array): SortOrder {
    let order = this.orders.get(name);
    if (!order) {
      order = makeOrder(keys, ids());
      this.orders.set(name, order);
    }
    return order;
  }
}

const RADIX = 16;
const BUCKETS = 1 << RADIX;

/**
 * Ids (ascending) sorted by key, equal keys staying in id order: a stable radix sort on 16-bit
 * digits when every key is a whole number below 2^48 (dates in milliseconds, counts), ~10×
 * faster than a comparator sort of a million ids; a comparator sort otherwise.
 */
export function makeOrder(keys: NumericKeys, ids: Uint32Array): SortOrder {
  const n = ids.length;
  let max = 0;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const k = keys[ids[i]!]!;
    if (k > max) max = k;
    if (!(k >= 0 && k < 2 ** 48 && Math.floor(k) === k)) whole = false;
  }
  let src = Uint32Array.from(ids);
  if (!whole) {
    src.sort((a, b) => keys[a]! - keys[b]! || a - b);
  } else {
    let dst = new Uint32Array(n);
    const counts = new Uint32Array(BUCKETS);
    for (let shift = 0; shift === 0 || max >= 2 ** shift; shift += RADIX) {
      const div = 2 ** shift;
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[Math.floor(keys[src[i]!]! / div) & (BUCKETS - 1)]!++;
      let sum = 0;
      for (let d = 0; d < BUCKETS; d++) {
        const c = counts[d]!;
        counts[d] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const id = src[i]!;
        dst[counts[Math.floor(keys[id]! / div) & (BUCKETS - 1)]!++] = id;
      }
      [src, dst] = [dst, src];
    }
  }
  const snapshot = new Float64Array(n);
  for (let i = 0; i < n; i++) snapshot[i] = keys[src[i]!]!;
  return { ids: src, keys: snapshot };
}
