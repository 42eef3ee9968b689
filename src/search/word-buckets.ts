// Works by word count, in buckets a quarter of a doubling wide (a count's top three bits
// and its magnitude, like a float with two bits of mantissa), so that a word-count filter
// on a large result is set algebra over whole buckets, and only the works of the one or two
// buckets its ends fall in are tested one by one. Testing every work of the result instead
// means copying its ids out and a bitmap back in: ~1 ms for 150,000 works of a million.
// Whole buckets go through cuts, the works before each bucket, kept as they change: a
// union of the buckets outside the range at each search cost ~1 ms as well.
import { RoaringBitmap32, type Bitmap } from './works-by-key.ts';

/** Counts 0–3 have a bucket each; then four per power of two, up to 2³² − 1 (bucket 123). */
export const BUCKETS = 124;

/** The bucket of a word count (an integer 0 … 2³² − 1). Never smaller for a larger count. */
export function bucketOf(words: number): number {
  if (words < 4) return words;
  const e = 31 - Math.clz32(words);
  return 4 * e - 4 + ((words >>> (e - 2)) & 3);
}

export class WordBuckets {
  /** The works of each bucket. */
  private readonly buckets: Bitmap[] = Array.from({ length: BUCKETS }, () => new RoaringBitmap32());
  /**
   * For each bucket b, the works of the buckets before it, or (where `above[b]`) those of b and
   * after, whichever were fewer when made: a range is then one intersection or difference at
   * each end. Made by the first range (or makeCuts), kept current after.
   */
  private cuts: Bitmap[] | null = null;
  private above: boolean[] = [];

  /** The bitmap of a work of this count: the index adds to it (a build adds in bulk), then calls added(). */
  bucket(words: number): Bitmap {
    return this.buckets[bucketOf(words)]!;
  }

  added(id: number, words: number): void {
    this.moveInCuts(id, bucketOf(words), true);
  }

  remove(id: number, words: number): void {
    const b = bucketOf(words);
    this.buckets[b]!.remove(id);
    this.moveInCuts(id, b, false);
  }

  private moveInCuts(id: number, bucket: number, add: boolean): void {
    const cuts = this.cuts;
    if (!cuts) return;
    for (let b = 1; b < BUCKETS; b++) {
      if (this.above[b] ? bucket < b : bucket >= b) continue;
      if (add) cuts[b]!.add(id);
      else cuts[b]!.remove(id);
    }
  }

  /** Makes the cuts from the buckets, each from its neighbour's: ~3 ms at a million works. */
  makeCuts(): Bitmap[] {
    const total = this.buckets.reduce((n, b) => n + b.size, 0);
    const cuts: Bitmap[] = new Array(BUCKETS);
    const above: boolean[] = new Array(BUCKETS).fill(false);
    let below: Bitmap = new RoaringBitmap32();
    for (let b = 1; b < BUCKETS; b++) {
      below = RoaringBitmap32.or(below, this.buckets[b - 1]!);
      if (below.size * 2 > total) break;
      cuts[b] = below;
    }
    let after: Bitmap = new RoaringBitmap32();
    for (let b = BUCKETS - 1; b >= 1 && !cuts[b]; b--) {
      after = RoaringBitmap32.or(after, this.buckets[b]!);
      cuts[b] = after;
      above[b] = true;
    }
    this.cuts = cuts;
    this.above = above;
    return cuts;
  }

  /**
   * Takes out of `set` the works with fewer than `min` or more than `max` words (`words`: each
   * work's count, by id): those of the buckets outside the range's by the cuts, then those of
   * the buckets its ends fall in one by one.
   */
  keepRange(set: Bitmap, words: Uint32Array, min: number | undefined, max: number | undefined): void {
    const lo = Math.max(0, Math.ceil(min ?? 0));
    const hi = Math.min(0xffffffff, Math.floor(max ?? Infinity));
    if (lo > hi) {
      set.clear();
      return;
    }
    const cuts = this.cuts ?? this.makeCuts();
    const first = bucketOf(lo);
    const last = bucketOf(hi);
    // Works before bucket `first` go; so do works from bucket last + 1 on.
    if (first > 0) {
      if (this.above[first]) set.andInPlace(cuts[first]!);
      else set.andNotInPlace(cuts[first]!);
    }
    if (last + 1 < BUCKETS) {
      if (this.above[last + 1]) set.andNotInPlace(cuts[last + 1]!);
      else set.andInPlace(cuts[last + 1]!);
    }
    for (const b of first === last ? [first] : [first, last]) {
      const bucket = this.buckets[b]!;
      if (bucket.size === 0) continue;
      const candidates = RoaringBitmap32.and(set, bucket).toUint32Array();
      let n = 0;
      for (let i = 0; i < candidates.length; i++) {
        const v = words[candidates[i]!]!;
        if (v < lo || v > hi) candidates[n++] = candidates[i]!;
      }
      if (n > 0) set.removeMany(candidates.subarray(0, n));
    }
  }
}
