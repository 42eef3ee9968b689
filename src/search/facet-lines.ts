// Each work's filter tags that have a bitmap, in one fixed-size line of 32 bytes
// per work, for facet counts over a result's works. Those counts are bound by
// memory latency: reading a work's filters from the shared pool takes three
// dependent reads at random (start, length, then the entries), ~350 ns a work for
// 50,000 works of a million. A line is found from the id alone, and lines are
// touched a batch ahead of counting them, so their reads overlap: ~170 ns a work.
//
// Entries are tag numbers of 16 bits, given to tags as they get a bitmap, most
// used first after a build; a work whose tags do not fit (more than 15 with a
// bitmap, or a tag left without a number) is marked and counted from the pool.
import { grow } from './small-sets.ts';

const SLOTS = 16;
/** Line slot 0 of a work counted from the pool instead. */
export const OVERFLOW = 0xffff;
/** Works touched ahead of counting them: their lines (32 B each) stay in the first-level cache. */
const BATCH = 128;

/** Reads folded into this are not optimised away. */
let _sink = 0;

export class FacetLines {
  private lines = new Uint16Array(1024 * SLOTS);
  /** Rank → tag number + 1 (0: none yet); tag number → rank, and → kind code (read by counts without going to the rank). */
  private numberOfRank = new Uint32Array(1024);
  private rankOfNumber = new Uint32Array(1024);
  private codeOfNumber = new Uint8Array(1024);
  private numbers = 0;
  /** Counts by tag number, all zero between calls of count(). */
  private byNumber = new Uint32Array(1024);

  /** `capacity`: how many tag numbers there may be (smaller only in tests). */
  constructor(private readonly capacity = OVERFLOW) {}

  /** Forgets every line and number, before lines of works up to `maxId` are made again in a new order of ranks. */
  reset(maxId: number): void {
    this.lines = new Uint16Array((maxId + 1) * SLOTS);
    this.numberOfRank = new Uint32Array(this.numberOfRank.length);
    this.numbers = 0;
  }

  /** The tag number of a rank (of kind `code`), given now if it has none; -1 when all are given. Numbers given first are counted fastest. */
  numberOf(rank: number, code: number): number {
    const n = this.numberOfRank[rank] ?? 0;
    if (n > 0) return n - 1;
    if (this.numbers >= this.capacity) return -1;
    this.numberOfRank = grow(this.numberOfRank, rank);
    this.rankOfNumber = grow(this.rankOfNumber, this.numbers);
    this.codeOfNumber = grow(this.codeOfNumber, this.numbers);
    this.rankOfNumber[this.numbers] = rank;
    this.codeOfNumber[this.numbers] = code;
    this.numberOfRank[rank] = ++this.numbers;
    return this.numbers - 1;
  }

  /**
   * A work's line: the ranks of its filter tags with a bitmap (`entries[start…end)` with the small
   * mark clear; see BitmapIndex), but for those of the kinds in `skip` (a mask of `codes`).
   */
  set(id: number, entries: Uint32Array, start: number, end: number, codes: Uint8Array, skip: number): void {
    this.lines = grow(this.lines, id * SLOTS + SLOTS - 1);
    const base = id * SLOTS;
    let n = 0;
    for (let j = start; j < end; j++) {
      const e = entries[j]!;
      if (e & 1 || (skip >> codes[e >>> 1]!) & 1) continue;
      const number = this.numberOf(e >>> 1, codes[e >>> 1]!);
      if (number < 0 || n === SLOTS - 1) {
        this.lines[base] = OVERFLOW;
        return;
      }
      this.lines[base + 1 + n++] = number;
    }
    this.lines[base] = n;
  }

  /** A rank's kind changed. */
  setCode(rank: number, code: number): void {
    const n = this.numberOfRank[rank] ?? 0;
    if (n > 0) this.codeOfNumber[n - 1] = code;
  }

  clear(id: number): void {
    if (id * SLOTS < this.lines.length) this.lines[id * SLOTS] = 0;
  }

  /** A tag of the work (of kind `code`) got a bitmap. */
  add(id: number, rank: number, code: number): void {
    const base = id * SLOTS;
    const n = this.lines[base]!;
    if (n === OVERFLOW) return;
    const number = this.numberOf(rank, code);
    if (number < 0 || n === SLOTS - 1) this.lines[base] = OVERFLOW;
    else {
      this.lines[base + 1 + n] = number;
      this.lines[base] = n + 1;
    }
  }

  /**
   * Adds one to counts[r] for the rank r of every entry of a kind in `kinds` (a mask of kind codes
   * as given to numberOf and setCode, see kindMask) of the lines of `ids`, pushing r onto `touched` when first counted; the ids of
   * marked works go to `fromPool`, to be counted by the caller.
   *
   * With `keep` (by kind code, how many of the largest counts of the kind the caller keeps), a tag
   * is left out when it cannot be among them: its count plus one for each work sent to the pool
   * (all that counting those can add to it) is below the keep-th count of its kind here, which the
   * final one can only exceed. Most tags of a large result are left out so, before their ranks are read.
   */
  count(ids: Uint32Array, kinds: number, counts: Uint32Array, touched: number[], fromPool: number[], keep?: Uint16Array): void {
    const lines = this.lines;
    // Counted by tag number, densest first, and only then by rank and kind: fewer reads at random.
    if (this.byNumber.length < this.numbers) this.byNumber = new Uint32Array(Math.max(this.numbers, this.byNumber.length * 2));
    const byNumber = this.byNumber;
    const seen: number[] = [];
    let touch = 0;
    for (let from = 0; from < ids.length; from += BATCH) {
      const to = Math.min(ids.length, from + BATCH);
      for (let i = from; i < to; i++) touch ^= lines[ids[i]! * SLOTS]!;
      for (let i = from; i < to; i++) {
        const base = ids[i]! * SLOTS;
        const n = lines[base]!;
        if (n === OVERFLOW) {
          fromPool.push(ids[i]!);
          continue;
        }
        for (let j = base + 1; j <= base + n; j++) if (byNumber[lines[j]!]!++ === 0) seen.push(lines[j]!);
      }
    }
    _sink ^= touch;
    const floors = keep ? this.floors(seen, kinds, keep, fromPool.length) : NO_FLOORS;
    const codeOf = this.codeOfNumber;
    for (const number of seen) {
      const c = byNumber[number]!;
      byNumber[number] = 0;
      const code = codeOf[number]!;
      if (((kinds >> code) & 1) === 0 || c < floors[code]!) continue;
      const r = this.rankOfNumber[number]!;
      if ((counts[r]! += c) === c) touched.push(r);
    }
  }

  /** By kind code, the least count a tag counted here (by number) needs to stay: the keep-th count of its kind, less what `fromPool` works may add. */
  private floors(seen: number[], kinds: number, keep: Uint16Array, fromPool: number): Uint32Array {
    const tops: number[][] = Array.from({ length: 16 }, () => []);
    const byNumber = this.byNumber;
    const codeOf = this.codeOfNumber;
    for (const number of seen) {
      const code = codeOf[number]!;
      const want = keep[code]!;
      if (((kinds >> code) & 1) === 0 || want === 0) continue;
      const c = byNumber[number]!;
      const top = tops[code]!;
      // Ascending, at most `want` long: most counts fall below its first at once.
      if (top.length === want) {
        if (c <= top[0]!) continue;
        top.shift();
      }
      let at = 0;
      while (at < top.length && top[at]! < c) at++;
      top.splice(at, 0, c);
    }
    const floors = new Uint32Array(16);
    for (let code = 0; code < 16; code++) {
      const top = tops[code]!;
      if (keep[code]! > 0 && top.length === keep[code]) floors[code] = Math.max(0, top[0]! - fromPool);
    }
    return floors;
  }
}

const NO_FLOORS = new Uint32Array(16);
