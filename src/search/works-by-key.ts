// The works of each key — a tag, a creator, a pseud — for the bitmap index. Most keys
// of a big archive have a handful of works, so a key keeps its works in a shared pool
// (SmallSets) and gets a roaring bitmap (~400 bytes and ~5 µs to make) only once it
// passes SMALL works.
import roaring from 'roaring';
import { grow, SmallSets } from './small-sets.ts';

export const { RoaringBitmap32 } = roaring;
const { bufferAlignedAlloc } = roaring;
/** roaring's own layout, which a read-only view can use in place (see WorksByKey.layOut). */
const FROZEN = 'unsafe_frozen_croaring';
const span = (bytes: number) => (bytes + 31) & ~31;
export type Bitmap = InstanceType<typeof RoaringBitmap32>;

/** A key with at most this many works keeps them in the pool rather than in a bitmap. */
export const SMALL = 16;

/** Where an addition went: the pool, a bitmap made for the key just now, or the key's bitmap. */
export type Filed = 'small' | 'promoted' | 'big';

export class WorksByKey {
  /** Keys with more than SMALL works (or made to have a bitmap) → their works. */
  readonly bitmaps = new Map<number, Bitmap>();
  private readonly pool = new SmallSets();

  /** `addId` adds to an existing bitmap: at once, or during a build later in one call per bitmap. */
  constructor(private readonly addId: (bitmap: Bitmap, id: number) => void) {}

  add(key: number, id: number, bitmapAlways = false): Filed {
    const b = this.bitmaps.get(key);
    if (b) {
      this.addId(this.writable(key, b), id);
      return 'big';
    }
    if (this.pool.sizeOf(key) < SMALL && !bitmapAlways) {
      this.pool.add(key, id);
      return 'small';
    }
    this.promote(key).add(id);
    return 'promoted';
  }

  /**
   * For a build that counts each key's works instead of filing them one by one (see
   * BitmapIndex.put): a work of a key that has `uses` works so far, this one counted. A key's first
   * SMALL works go to the pool, as add() would put them; past SMALL it leaves the pool, for
   * fileCounted() to give it a bitmap.
   */
  addCounted(key: number, id: number, uses: number): void {
    if (uses <= SMALL) this.pool.add(key, id);
    else if (uses === SMALL + 1) this.pool.clear(key);
  }

  /**
   * At such a build's end, a key with `uses` works in all: a bitmap past SMALL or with
   * `bitmapAlways` (as add() would have made, empty until layOut() fills it), else it stays pooled.
   */
  fileCounted(key: number, uses: number, bitmapAlways: boolean): Filed {
    if (uses <= SMALL && !bitmapAlways) return 'small';
    this.pool.clear(key);
    this.bitmaps.set(key, new RoaringBitmap32());
    return 'big';
  }

  /** Takes a work out of a key's works; a bitmap left empty is dropped. */
  remove(key: number, id: number): void {
    if (this.pool.remove(key, id)) return;
    const b = this.bitmaps.get(key);
    if (!b) return;
    const w = this.writable(key, b);
    w.remove(id);
    if (w.isEmpty) this.bitmaps.delete(key);
  }

  /**
   * Makes these keys' bitmaps anew from all their works (the i-th key's are
   * `works[offsets[i]…offsets[i + 1])`, ascending), one after another in this order, as read-only
   * views of one store; a key's bitmap is copied out of it when its works next change (see
   * writable). Each is made, written to the store and emptied in turn, so the space one took is
   * there for the next: the store is all that stays. Keys without a bitmap are passed over.
   */
  layOut(keys: Uint32Array, offsets: Uint32Array, works: Uint32Array): void {
    // Each bitmap is made twice, once for its size (the store's must be known before any is
    // written) and once to write it: keeping them all between the two would hold them twice over.
    const made = (i: number) => new RoaringBitmap32(works.subarray(offsets[i]!, offsets[i + 1]!));
    // Each view starts on a 32-byte boundary, as roaring requires of a frozen view.
    const sizes = new Uint32Array(keys.length);
    let total = 0;
    for (let i = 0; i < keys.length; i++) {
      if (!this.bitmaps.has(keys[i]!)) continue;
      const b = made(i);
      sizes[i] = b.getSerializationSizeInBytes(FROZEN);
      total += span(sizes[i]!);
      b.clear();
    }
    const store = bufferAlignedAlloc(Math.max(32, total));
    let at = 0;
    for (let i = 0; i < keys.length; i++) {
      if (sizes[i] === 0) continue;
      const b = made(i);
      const written = b.serialize(FROZEN, store.subarray(at, at + sizes[i]!));
      b.clear();
      const old = this.bitmaps.get(keys[i]!)!;
      if (!old.isFrozen) old.clear();
      this.bitmaps.set(keys[i]!, RoaringBitmap32.unsafeFrozenView(written, FROZEN));
      at += span(sizes[i]!);
    }
    // The views read the store in place (written and read by this one library): each holds it, so
    // it lives as long as any of them, and nothing writes to it.
  }

  /** The key's bitmap, copied first if it is a view of a store (see layOut). */
  private writable(key: number, b: Bitmap): Bitmap {
    if (!b.isFrozen) return b;
    const copy = b.clone();
    this.bitmaps.set(key, copy);
    return copy;
  }

  /** How many works of the key are in the pool (0 for a key with a bitmap). */
  pooled(key: number): number {
    return this.pool.sizeOf(key);
  }

  /** Moves a key's pooled works into a new bitmap of its own and returns it. */
  promote(key: number): Bitmap {
    const bitmap = new RoaringBitmap32(this.pool.values(key));
    this.pool.clear(key);
    this.bitmaps.set(key, bitmap);
    return bitmap;
  }

  /** The key's works (a new bitmap for a pooled key). */
  works(key: number): Bitmap {
    return this.bitmaps.get(key) ?? new RoaringBitmap32(this.pool.values(key));
  }

  /** The bitmaps of the keys that have one, and the works of those that are pooled. */
  private gather(keys: number[]): { bitmaps: Bitmap[]; pooled: number[] } {
    const bitmaps: Bitmap[] = [];
    const pooled: number[] = [];
    for (const k of keys) {
      const b = this.bitmaps.get(k);
      if (b) bitmaps.push(b);
      else for (const w of this.pool.values(k)) pooled.push(w);
    }
    return { bitmaps, pooled };
  }

  /** How many works the keys have, each counted up to `cap`. */
  sizes(keys: number[], cap: number): number {
    let n = 0;
    for (const k of keys) n += Math.min(cap, this.bitmaps.get(k)?.size ?? this.pool.sizeOf(k));
    return n;
  }

  /** Works of any of the keys. */
  union(keys: number[]): Bitmap {
    const { bitmaps, pooled } = this.gather(keys);
    if (pooled.length > 0) bitmaps.push(new RoaringBitmap32(pooled));
    return RoaringBitmap32.orMany(bitmaps);
  }

  /**
   * Takes the works of any of the keys out of `set`, a key at a time: at 300 excluded tags
   * at a million works, ~3 ms against ~7 for taking out their union (made by roaring's orMany).
   */
  subtractFrom(set: Bitmap, keys: number[]): void {
    const { bitmaps, pooled } = this.gather(keys);
    for (const b of bitmaps) set.andNotInPlace(b);
    if (pooled.length > 0) set.andNotInPlace(new RoaringBitmap32(pooled));
  }
}

/**
 * WorksByKey that also knows each work's keys, so a work can be taken out by its id
 * alone: the one key of most works (a work's creator, its pseud) in an array by work id,
 * the lists of the others in a map.
 */
export class WorksByKeys extends WorksByKey {
  private sole = new Uint32Array(1024);
  private readonly lists = new Map<number, number[]>();

  /** Files a work under its keys; the work must not be filed already. */
  put(id: number, keys: number[]): void {
    this.sole = grow(this.sole, id);
    this.sole[id] = keys.length === 1 ? keys[0]! : 0;
    if (keys.length > 1) this.lists.set(id, keys);
    for (const k of keys) this.add(k, id);
  }

  removeWork(id: number): void {
    const keys = this.lists.get(id) ?? (this.sole[id] ? [this.sole[id]!] : []);
    for (const k of keys) this.remove(k, id);
    if (id < this.sole.length) this.sole[id] = 0;
    this.lists.delete(id);
  }
}
