// Each work's filter tags, for facet counts over a result's works and for taking a
// work out of its tags' sets. Tags are held by rank, not id: ranks are dense and,
// after a build, go by how many works a tag has, so the counters a facet count
// touches most sit close together (counting by id strayed over a 9 MB array and
// looked each tag's kind up in another 2 MB one).
//
// A work's tags are length[id] entries from start[id] in one shared pool, each
// rank << 1, plus 1 when the tag has no bitmap (SMALL works or fewer: most tags of
// an archive, counted rarely, their counters spread thin), so a count can pass
// those over without reading anything else about them. The tags with a bitmap are
// also in the work's facet line (./facet-lines.ts), which counts read first.
import type { Bitmap } from './bitmap-index.ts';
import { FacetLines, OVERFLOW } from './facet-lines.ts';
import type { FactCounts } from './line-facts.ts';
import { grow } from './small-sets.ts';

export class WorkFilters {
  /** Tag id → rank + 1 (0: no rank yet). */
  private tagRanks = new Uint32Array(1024);
  /** Rank → tag id, and rank → kind code. */
  private rankTags = new Uint32Array(1024);
  private rankCodes = new Uint8Array(1024);
  private rankCount = 0;

  private pool = new Uint32Array(1 << 16);
  private poolEnd = 0;
  private poolGarbage = 0;
  private start = new Uint32Array(1024);
  private length = new Uint16Array(1024);
  /** By rank, the tags withAny() looks for; all zero between its calls. */
  private marks = new Uint8Array(1024);

  private readonly lines: FacetLines;
  /** Lines are left alone while a build files works, and made at its end. */
  private linesReady = true;
  /** During a build, how many works each rank's tag has (see usesOf). */
  private buildUses: Uint32Array | null = null;

  /**
   * `all`: the works in the index; `hasBitmap`: whether a tag has one; `kindCodeOf`: a tag's kind
   * code (see kindCode); `offLines`: a mask of the kind codes left out of the facet lines;
   * `fixedCodes`: the kind codes whose tags the lines keep as facts, with `languageOf` a work's language code.
   */
  constructor(
    private readonly all: Bitmap,
    private readonly hasBitmap: (tag: number) => boolean,
    private readonly kindCodeOf: (tag: number) => number,
    private readonly offLines: number,
    private readonly fixedCodes: readonly number[] = [],
    private readonly languageOf: (id: number) => number = () => 0,
  ) {
    this.lines = new FacetLines(OVERFLOW, fixedCodes);
  }

  /** How many tags have a rank: count()'s counts must be at least this long. */
  get ranks(): number {
    return this.rankCount;
  }

  /** The tag of a rank count() counted by, and its kind code. */
  tagOfRank(rank: number): number {
    return this.rankTags[rank]!;
  }

  kindCodeOfRank(rank: number): number {
    return this.rankCodes[rank]!;
  }

  /** A tag's kind became known or changed. */
  setKindCode(tag: number, code: number): void {
    const r = this.tagRanks[tag] ?? 0;
    if (r === 0) return;
    const old = this.rankCodes[r - 1]!;
    if (old !== code && (this.fixedCodes.includes(old) || this.fixedCodes.includes(code))) this.lines.staleFacts();
    this.rankCodes[r - 1] = code;
    this.lines.setCode(r - 1, code);
  }

  private rankOf(tag: number): number {
    const r = this.tagRanks[tag] ?? 0;
    if (r > 0) return r - 1;
    const rank = this.rankCount++;
    this.tagRanks = grow(this.tagRanks, tag);
    this.rankTags = grow(this.rankTags, rank);
    this.rankCodes = grow(this.rankCodes, rank);
    this.tagRanks[tag] = rank + 1;
    this.rankTags[rank] = tag;
    this.rankCodes[rank] = this.kindCodeOf(tag);
    return rank;
  }

  /** Until endBuild(), the facet lines are not kept. */
  startBuild(): void {
    this.linesReady = false;
    this.buildUses = new Uint32Array(1024);
  }

  /** During a build, how many of the works set so far have the tag. */
  usesOf(tag: number): number {
    const r = this.tagRanks[tag] ?? 0;
    return r === 0 || !this.buildUses ? 0 : this.buildUses[r - 1]!;
  }

  /** During a build, how many works each rank's tag has, by rank (see tagOfRank). */
  get uses(): Uint32Array {
    if (!this.buildUses) throw new Error('uses are counted only during a build');
    this.buildUses = grow(this.buildUses, this.rankCount);
    return this.buildUses.subarray(0, this.rankCount);
  }

  /** The build's end: ranks by frequency, marks brought up to date, and every facet line. */
  endBuild(): void {
    this.rankByFrequency(this.uses);
    this.buildUses = null;
    const lines = this.lines;
    lines.reset(this.all.isEmpty ? 0 : this.all.maximum());
    // Tag numbers most used first: their counters sit together.
    for (let r = 0; r < this.rankCount; r++) if (this.hasBitmap(this.rankTags[r]!)) lines.numberOf(r, this.rankCodes[r]!);
    this.linesReady = true;
    for (const id of this.all) this.setLine(id);
  }

  /**
   * Numbers the tags again, most used first, and rewrites the pool in the new ranks and small
   * marks (a build marks every entry as pooled, since its tags get their bitmaps at its end).
   */
  private rankByFrequency(uses: Uint32Array): void {
    const n = this.rankCount;
    // Ranks by uses, most first, ties in rank order: a counting sort (a sort by comparisons took ~1 s at 2.3 million tags).
    let most = 0;
    for (let r = 0; r < n; r++) if (uses[r]! > most) most = uses[r]!;
    const at = new Uint32Array(most + 2);
    for (let r = 0; r < n; r++) at[most - uses[r]! + 1]!++;
    for (let u = 1; u <= most + 1; u++) at[u]! += at[u - 1]!;
    const byUse = new Uint32Array(n);
    for (let r = 0; r < n; r++) byUse[at[most - uses[r]!]!++] = r;
    const newRank = new Uint32Array(n);
    const tags = new Uint32Array(this.rankTags.length);
    const codes = new Uint8Array(this.rankCodes.length);
    for (let r = 0; r < n; r++) {
      const old = byUse[r]!;
      newRank[old] = r;
      tags[r] = this.rankTags[old]!;
      codes[r] = this.rankCodes[old]!;
      this.tagRanks[tags[r]!] = r + 1;
    }
    this.rankTags = tags;
    this.rankCodes = codes;
    const small = new Uint8Array(n);
    for (let r = 0; r < n; r++) small[r] = this.hasBitmap(tags[r]!) ? 0 : 1;
    for (let j = 0; j < this.poolEnd; j++) {
      const r = newRank[this.pool[j]! >>> 1]!;
      this.pool[j] = (r << 1) | small[r]!;
    }
  }

  /**
   * The works of every tag with a bitmap, from the pool: tag ids by rank (after a build, most works
   * first), and for the i-th the works `works[offsets[i]…offsets[i + 1])`, ascending.
   */
  worksByTag(): { tags: Uint32Array; offsets: Uint32Array; works: Uint32Array } {
    const ids = this.all.toUint32Array();
    const n = this.rankCount;
    const counts = new Uint32Array(n + 1);
    const { pool, start, length } = this;
    for (let i = 0; i < ids.length; i++) {
      const from = start[ids[i]!]!;
      const to = from + length[ids[i]!]!;
      for (let j = from; j < to; j++) if ((pool[j]! & 1) === 0) counts[pool[j]! >>> 1]!++;
    }
    // Ranks with works (with a bitmap) get consecutive slots; `at` becomes each slot's next free place.
    const slot = new Int32Array(n).fill(-1);
    const tags: number[] = [];
    const offsets: number[] = [0];
    for (let r = 0; r < n; r++) {
      if (counts[r] === 0) continue;
      slot[r] = tags.length;
      tags.push(this.rankTags[r]!);
      offsets.push(offsets[offsets.length - 1]! + counts[r]!);
    }
    const at = Uint32Array.from(offsets);
    const works = new Uint32Array(offsets[offsets.length - 1]!);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const from = start[id]!;
      const to = from + length[id]!;
      for (let j = from; j < to; j++) if ((pool[j]! & 1) === 0) works[at[slot[pool[j]! >>> 1]!]!++] = id;
    }
    return { tags: Uint32Array.from(tags), offsets: Uint32Array.from(offsets), works };
  }

  /**
   * A work's tags, marked by whether each has a bitmap now; during a build, all marked as without
   * one, since the tags get their bitmaps at its end and endBuild() marks them again.
   */
  set(id: number, tags: number[]): void {
    this.start = grow(this.start, id);
    this.length = grow(this.length, id);
    this.length[id] = 0;
    if (this.poolEnd + tags.length > this.pool.length) {
      // Drop the slices of removed works when they are half the pool, else make room.
      if (this.poolGarbage > this.poolEnd / 2) this.compact();
      this.pool = grow(this.pool, this.poolEnd + tags.length);
    }
    this.start[id] = this.poolEnd;
    this.length[id] = tags.length;
    if (this.buildUses) {
      for (const t of tags) {
        const r = this.rankOf(t);
        this.pool[this.poolEnd++] = (r << 1) | 1;
        this.buildUses = grow(this.buildUses, r);
        this.buildUses[r]!++;
      }
      return;
    }
    for (const t of tags) this.pool[this.poolEnd++] = (this.rankOf(t) << 1) | (this.hasBitmap(t) ? 0 : 1);
  }

  /** The work's facet line from its entries; called once its tags are in their sets, so one that just got a bitmap is in it. */
  setLine(id: number): void {
    if (this.linesReady) this.lines.set(id, this.pool, this.start[id]!, this.start[id]! + this.length[id]!, this.rankCodes, this.offLines, this.languageOf(id));
  }

  private compact(): void {
    const pool = new Uint32Array(Math.max(1 << 16, (this.poolEnd - this.poolGarbage) * 2));
    let end = 0;
    for (const id of this.all) {
      const start = this.start[id] ?? 0;
      const n = this.length[id] ?? 0;
      pool.set(this.pool.subarray(start, start + n), end);
      this.start[id] = end;
      end += n;
    }
    this.pool = pool;
    this.poolEnd = end;
    this.poolGarbage = 0;
  }

  /** Whether count() can add up the works' fixed-kind tags and languages from the facet lines. */
  get factsReady(): boolean {
    return this.linesReady && this.lines.factsUsable;
  }

  /** The tag a fact bit of FactCounts stands for. */
  tagOfFactBit(bit: number): number {
    return this.rankTags[this.lines.factRank(bit)]!;
  }

  /** Tag ids of a work (empty if it has none). */
  tagsOf(id: number): number[] {
    const start = this.start[id] ?? 0;
    return Array.from(this.pool.subarray(start, start + (this.length[id] ?? 0)), (e) => this.rankTags[e >>> 1]!);
  }

  /**
   * The works of `ids` that have any of `tags` among their filters, found by going through each
   * work's entries with the tags' ranks marked: for a few works and many tags, far cheaper than
   * taking each tag's set out of theirs (see BitmapIndex.subtractTags).
   */
  withAny(ids: Uint32Array, tags: readonly number[]): Uint32Array {
    if (this.marks.length < this.rankCount) this.marks = new Uint8Array(Math.max(this.rankCount, this.marks.length * 2));
    const marks = this.marks;
    for (const t of tags) {
      const r = this.tagRanks[t] ?? 0;
      if (r > 0) marks[r - 1] = 1;
    }
    const { pool, start, length } = this;
    const out = new Uint32Array(ids.length);
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const from = start[id] ?? 0;
      const to = from + (length[id] ?? 0);
      for (let j = from; j < to; j++) {
        if (marks[pool[j]! >>> 1] === 1) {
          out[n++] = id;
          break;
        }
      }
    }
    for (const t of tags) {
      const r = this.tagRanks[t] ?? 0;
      if (r > 0) marks[r - 1] = 0;
    }
    return out.subarray(0, n);
  }

  /** Forgets a work's tags. */
  clear(id: number): void {
    this.poolGarbage += this.length[id] ?? 0;
    if (id < this.length.length) this.length[id] = 0;
    this.lines.clear(id);
  }

  /** A tag that got a bitmap: its entries in the pool of its works (SMALL + 1 of them, or a few more) lose the small mark, and join their lines. */
  promoted(tag: number, works: Iterable<number>): void {
    const r = this.tagRanks[tag] ?? 0;
    if (r === 0) return;
    const marked = ((r - 1) << 1) | 1;
    const inLines = this.linesReady && ((this.offLines >> this.rankCodes[r - 1]!) & 1) === 0;
    for (const id of works) {
      const start = this.start[id]!;
      const end = start + this.length[id]!;
      for (let j = start; j < end; j++) {
        if (this.pool[j] !== marked) continue;
        this.pool[j] = marked - 1;
        if (inLines) this.lines.add(id, r - 1, this.rankCodes[r - 1]!);
      }
    }
  }

  /**
   * Adds one to counts[r] for the rank r of every tag of a kind in `kinds` (see kindMask) of every
   * work of `ids` that has a bitmap, or with `small`, that has none; pushes each rank onto
   * `touched` when it is first counted (see tagOfRank). `counts` must be `ranks` long. With `keep`,
   * a tag that cannot be among the keep[code] largest counts of its kind may be left out, or counted
   * only in the works read from the pool: either way below the keep-th count (see FacetLines.count).
   */
  count(ids: Uint32Array, kinds: number, counts: Uint32Array, touched: number[], small = false, keep?: Uint16Array, facts?: FactCounts): void {
    if (facts && (small || !this.factsReady || (kinds & this.offLines) !== 0)) throw new Error('facts are counted only with tags from the facet lines (see factsReady)');
    if (!small && this.linesReady && (kinds & this.offLines) === 0) {
      // Works whose lines cannot hold their tags are counted from the pool within the count.
      this.lines.count(ids, kinds, counts, touched, [], keep, facts, (pooled) => this.countEntries(Uint32Array.from(pooled), kinds, 0, counts, touched));
      return;
    }
    this.countEntries(ids, kinds, small ? 1 : 0, counts, touched);
  }

  /** Adds one to counts[r] for the rank r of every entry of a kind in `kinds` with small mark `mark` of the works `ids`. */
  private countEntries(ids: Uint32Array, kinds: number, mark: number, counts: Uint32Array, touched: number[]): void {
    const pool = this.pool;
    const starts = this.start;
    const lengths = this.length;
    const codes = this.rankCodes;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const start = starts[id]!;
      const end = start + lengths[id]!;
      for (let j = start; j < end; j++) {
        const e = pool[j]!;
        if ((e & 1) !== mark) continue;
        const r = e >>> 1;
        if (((kinds >> codes[r]!) & 1) === 0) continue;
        if (counts[r]++ === 0) touched.push(r);
      }
    }
  }
}
