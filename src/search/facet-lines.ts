// Each work's filter tags that have a bitmap, in one fixed-size line of 32 bytes
// per work, for facet counts over a result's works. Those counts are bound by
// memory latency: reading a work's filters from the shared pool takes three
// dependent reads at random (start, length, then the entries), ~350 ns a work for
// 50,000 works of a million. A line is found from the id alone, lines are
// touched a batch ahead of counting them, so their reads overlap, and they start
// on a page boundary, so none straddles two cache lines (./aligned.ts).
//
// Entries are tag numbers of 16 bits, given to tags as they get a bitmap, most
// used first after a build. A work with more than 13 such tags (2% of a million)
// has its numbers in a long line instead, one after another in a store of their
// own, which its line points to: one more read at random, where counting it from
// the pool took ~1.4 µs a work (every tag's rank, kind and count far apart). A
// work with a tag left without a number (all 65,535 given) is marked and counted
// from the pool.
//
// Slots 1 and 2 hold the work's facts (./line-facts.ts): its rating, warning,
// category and language, counted from the line a count reads anyway.
import { alignedUint16, growAligned } from './aligned.ts';
import { FactBits, FactTally, type FactCounts } from './line-facts.ts';
import { grow } from './small-sets.ts';

const SLOTS = 16;
/** Slots 1 and 2 are the facts; tag numbers start at slot 3. */
const FIRST_TAG = 3;
const MAX_TAGS = SLOTS - FIRST_TAG;
/** Line slot 0 of a work counted from the pool instead. */
export const OVERFLOW = 0xffff;
/** Line slot 0 of a work whose numbers are in the long store: from the 32-bit index in slots 3 and 4, as many as slot 5 says. */
const LONG = 0xfffe;
/** Works touched ahead of counting them: their lines (32 B each) stay in the first-level cache. */
const BATCH = 128;

/** A count over more works than the numbers over this finds its counted numbers by going over all. */
const SCAN_AFTER = 8;

/** Reads folded into this are not optimised away. */
let _sink = 0;

export class FacetLines {
  /** Page-aligned (./aligned.ts): a line never straddles two cache lines. */
  private lines = alignedUint16(1024 * SLOTS);
  /** Rank → tag number + 1 (0: none yet); tag number → rank, and → kind code (read by counts without going to the rank). */
  private numberOfRank = new Uint32Array(1024);
  private rankOfNumber = new Uint32Array(1024);
  private codeOfNumber = new Uint8Array(1024);
  private numbers = 0;
  /** The numbers of works with long lines, each work's together; `longEnd` is used, `longLive` of it still pointed to. */
  private long = new Uint16Array(4096);
  private longEnd = 0;
  private longLive = 0;
  /** One work's numbers while set() and add() gather them. */
  private gathered = new Uint16Array(64);
  private readonly facts: FactBits;
  private readonly tally = new FactTally();
  /** Counts by tag number, all zero between calls of count(). */
  private byNumber = new Uint32Array(1024);
  /** The numbers count() found counted, in its first `seen` elements. */
  private seenNumbers = new Uint32Array(1024);

  /** `capacity`: how many tag numbers there may be (smaller only in tests); `fixedCodes`: the kind codes kept as facts (at most 3). */
  constructor(
    private readonly capacity = OVERFLOW,
    fixedCodes: readonly number[] = [],
  ) {
    this.facts = new FactBits(fixedCodes);
  }

  /** Forgets every line and number, before lines of works up to `maxId` are made again in a new order of ranks. */
  reset(maxId: number): void {
    this.lines = alignedUint16((maxId + 1) * SLOTS);
    this.long = new Uint16Array(4096);
    this.longEnd = 0;
    this.longLive = 0;
    this.numberOfRank = new Uint32Array(this.numberOfRank.length);
    this.numbers = 0;
    this.facts.reset();
  }

  /** Whether count() can add up facts (see staleFacts). */
  get factsUsable(): boolean {
    return this.facts.usable;
  }

  /** A tag's kind changed to or from a fixed kind: facts are not used until the lines are made again. */
  staleFacts(): void {
    this.facts.markStale();
  }

  /** The rank a fact bit stands for. */
  factRank(bit: number): number {
    return this.facts.rankOf(bit);
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
   * mark clear; see BitmapIndex), but for those of the kinds in `skip` (a mask of `codes`), and
   * its facts: its tags of the fixed kinds and its `language` code.
   */
  set(id: number, entries: Uint32Array, start: number, end: number, codes: Uint8Array, skip: number, language = 0): void {
    this.lines = growAligned(this.lines, id * SLOTS + SLOTS - 1);
    const base = id * SLOTS;
    const facts = this.facts.word(entries, start, end, codes, language);
    this.gathered = grow(this.gathered, end - start);
    let n = 0;
    for (let j = start; j < end; j++) {
      const e = entries[j]!;
      const code = codes[e >>> 1]!;
      if (e & 1 || (skip >> code) & 1 || n === OVERFLOW) continue;
      const number = this.numberOf(e >>> 1, code);
      if (number < 0) n = OVERFLOW;
      else this.gathered[n++] = number;
    }
    this.place(id, n);
    this.lines[base + 1] = facts & 0xffff;
    this.lines[base + 2] = facts >>> 16;
  }

  /** Puts the first `n` gathered numbers (or OVERFLOW) as the work's tags: in its line when they fit, else in the long store. */
  private place(id: number, n: number): void {
    const base = id * SLOTS;
    if (this.lines[base] === LONG) this.longLive -= this.lines[base + FIRST_TAG + 2]!;
    if (n === OVERFLOW || n <= MAX_TAGS) {
      if (n !== OVERFLOW) this.lines.set(this.gathered.subarray(0, n), base + FIRST_TAG);
      this.lines[base] = n;
      return;
    }
    if (this.longEnd + n > this.long.length) this.makeRoom(n);
    const at = this.longEnd;
    this.long.set(this.gathered.subarray(0, n), at);
    this.longEnd += n;
    this.longLive += n;
    this.lines[base] = LONG;
    this.lines[base + FIRST_TAG] = at & 0xffff;
    this.lines[base + FIRST_TAG + 1] = at >>> 16;
    this.lines[base + FIRST_TAG + 2] = n;
  }

  /**
   * Room for `n` more numbers at the end of the long store: the numbers still pointed to are
   * copied to the start of a new one at least twice as long as they and `n`, so the next copy
   * comes after at least as many numbers more.
   */
  private makeRoom(n: number): void {
    const lines = this.lines;
    const long = new Uint16Array(Math.max(this.long.length, 2 * (this.longLive + n)));
    let end = 0;
    for (let base = 0; base < lines.length; base += SLOTS) {
      if (lines[base] !== LONG) continue;
      const from = lines[base + FIRST_TAG]! + lines[base + FIRST_TAG + 1]! * 65536;
      const count = lines[base + FIRST_TAG + 2]!;
      long.set(this.long.subarray(from, from + count), end);
      lines[base + FIRST_TAG] = end & 0xffff;
      lines[base + FIRST_TAG + 1] = end >>> 16;
      end += count;
    }
    this.long = long;
    this.longEnd = end;
  }

  /** A rank's kind changed. */
  setCode(rank: number, code: number): void {
    const n = this.numberOfRank[rank] ?? 0;
    if (n > 0) this.codeOfNumber[n - 1] = code;
  }

  clear(id: number): void {
    if (id * SLOTS >= this.lines.length) return;
    if (this.lines[id * SLOTS] === LONG) this.longLive -= this.lines[id * SLOTS + FIRST_TAG + 2]!;
    this.lines.fill(0, id * SLOTS, id * SLOTS + FIRST_TAG);
  }

  /** A tag of the work (of kind `code`) got a bitmap. */
  add(id: number, rank: number, code: number): void {
    const base = id * SLOTS;
    // A work being put gets its line after its tags' bitmaps: it may have none yet.
    if (base >= this.lines.length) return;
    const n = this.lines[base]!;
    if (n === OVERFLOW) return;
    const number = this.numberOf(rank, code);
    if (number >= 0 && n < MAX_TAGS) {
      this.lines[base + FIRST_TAG + n] = number;
      this.lines[base] = n + 1;
      return;
    }
    // Moved to the end of the long store with the new number (or to the pool, without a number).
    const had = this.numbersOf(id);
    this.gathered = grow(this.gathered, had.length);
    this.gathered.set(had);
    this.gathered[had.length] = number;
    this.place(id, number < 0 ? OVERFLOW : had.length + 1);
  }

  /** The tag numbers of a work's line (none for one counted from the pool). */
  private numbersOf(id: number): Uint16Array {
    const base = id * SLOTS;
    const n = this.lines[base]!;
    if (n === OVERFLOW) return new Uint16Array(0);
    if (n !== LONG) return this.lines.slice(base + FIRST_TAG, base + FIRST_TAG + n);
    const from = this.lines[base + FIRST_TAG]! + this.lines[base + FIRST_TAG + 1]! * 65536;
    return this.long.slice(from, from + this.lines[base + FIRST_TAG + 2]!);
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
   *
   * With `facts`, each work's facts are added up there too (see factsUsable).
   *
   * With `countPool`, the works sent to the pool are counted at once by the caller, into `counts`
   * and `touched` by rank, and taken over here by tag number where the rank has one, so that `keep`
   * leaves out exactly the tags below the keep-th count, instead of those more than one per pooled
   * work below it.
   */
  count(
    ids: Uint32Array,
    kinds: number,
    counts: Uint32Array,
    touched: number[],
    fromPool: number[],
    keep?: Uint16Array,
    facts?: FactCounts,
    countPool?: (ids: number[]) => void,
  ): void {
    const lines = this.lines;
    const long = this.long;
    const tally = facts ? this.tally : null;
    // Counted by tag number, densest first, and only then by rank and kind: fewer reads at random.
    if (this.byNumber.length < this.numbers) this.byNumber = new Uint32Array(Math.max(this.numbers, this.byNumber.length * 2));
    // One past the numbers: the loop below writes each entry's number at `seen` before deciding to keep it.
    if (this.seenNumbers.length <= this.numbers) this.seenNumbers = new Uint32Array(Math.max(this.numbers + 1, this.seenNumbers.length * 2));
    const byNumber = this.byNumber;
    // The numbers counted are noted in a typed array, each written and kept by adding 0 or 1 to
    // the length, without a branch: pushing onto an array behind a branch the processor cannot
    // guess cost ~40 ns a number (2 ms for the ~23,000 numbers of 25,000 works of a million).
    const seenNumbers = this.seenNumbers;
    let seen = 0;
    // Noting each number as it is first counted costs a test per entry; once the works counted
    // are more than an eighth of the numbers, going over all numbers afterwards is cheaper (with
    // `noting` 0 the loop below still writes, always to the first element, and keeps nothing).
    const note = ids.length * SCAN_AFTER < this.numbers;
    const noting = note ? 1 : 0;
    let touch = 0;
    for (let from = 0; from < ids.length; from += BATCH) {
      const to = Math.min(ids.length, from + BATCH);
      for (let i = from; i < to; i++) touch ^= lines[ids[i]! * SLOTS]!;
      for (let i = from; i < to; i++) {
        const base = ids[i]! * SLOTS;
        if (tally !== null && !tally.add(lines[base + 1]! | (lines[base + 2]! << 16))) facts!.invalid.push(ids[i]!);
        const n = lines[base]!;
        let store = lines;
        let j = base + FIRST_TAG;
        let end = j + n;
        if (n >= LONG) {
          if (n === OVERFLOW) {
            fromPool.push(ids[i]!);
            continue;
          }
          store = long;
          j = lines[base + FIRST_TAG]! + lines[base + FIRST_TAG + 1]! * 65536;
          end = j + lines[base + FIRST_TAG + 2]!;
        }
        for (; j < end; j++) {
          const number = store[j]!;
          // (c - 1) >>> 31 is 1 for a count of 0 (counts stay far below 2^31).
          const c = byNumber[number]!++;
          seenNumbers[seen] = number;
          seen += ((c - 1) >>> 31) & noting;
        }
      }
    }
    _sink ^= touch;
    if (facts) this.tally.drain(facts);
    if (countPool) {
      const from = touched.length;
      countPool(fromPool);
      let kept = from;
      for (let i = from; i < touched.length; i++) {
        const r = touched[i]!;
        const number = (this.numberOfRank[r] ?? 0) - 1;
        if (number < 0) touched[kept++] = r;
        else {
          if (note && byNumber[number] === 0) seenNumbers[seen++] = number;
          byNumber[number]! += counts[r]!;
          counts[r] = 0;
        }
      }
      touched.length = kept;
    }
    if (!note) {
      const numbers = this.numbers;
      for (let number = 0; number < numbers; number++) {
        const c = byNumber[number]!;
        seenNumbers[seen] = number;
        seen += (c | -c) >>> 31;
      }
    }
    const floors = keep ? this.floors(seen, kinds, keep, countPool ? 0 : fromPool.length) : NO_FLOORS;
    const codeOf = this.codeOfNumber;
    for (let i = 0; i < seen; i++) {
      const number = seenNumbers[i]!;
      const c = byNumber[number]!;
      byNumber[number] = 0;
      const code = codeOf[number]!;
      if (((kinds >> code) & 1) === 0 || c < floors[code]!) continue;
      const r = this.rankOfNumber[number]!;
      if ((counts[r]! += c) === c) touched.push(r);
    }
  }

  /** By kind code, the least count a tag counted here (by number, the first `seen` of seenNumbers) needs to stay: the keep-th count of its kind, less what `fromPool` works may add. */
  private floors(seen: number, kinds: number, keep: Uint16Array, fromPool: number): Uint32Array {
    const tops: number[][] = Array.from({ length: 16 }, () => []);
    const byNumber = this.byNumber;
    const codeOf = this.codeOfNumber;
    for (let i = 0; i < seen; i++) {
      const number = this.seenNumbers[i]!;
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
