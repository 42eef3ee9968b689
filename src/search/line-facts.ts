// A work's facts, slots 1 and 2 of its facet line (./facet-lines.ts): a bit for each of its
// rating, warning and category tags (7 bits a kind, given to tags as they are first seen) and
// its language code, in one 32-bit word, so that a count over works has those facets too, from
// the line it reads anyway, instead of an intersection per tag and language (~0.4 + 0.4 ms on a
// result of 25,000 works of a million, with the bitmaps cold). A work whose facts do not fit (an
// eighth tag of a kind, a language code over 255) has a word that is not VALID, and is counted
// by the caller.
import { grow } from './small-sets.ts';

const BITS_PER_KIND = 7;
const LANGUAGE_SHIFT = 21;
const VALID = 1 << 30;
/** A fixed kind's bits in a fact word, and the room for their values (and for language codes) in FactTally. */
const KIND_FACTS = (1 << BITS_PER_KIND) - 1;
const PART = 256;

/** What a count over works adds up from the facts: by fact bit (see FactBits.rankOf), by language code, and the works whose facts did not fit. */
export interface FactCounts {
  bits: Uint32Array;
  languages: Uint32Array;
  invalid: number[];
}

export const factCounts = (): FactCounts => ({ bits: new Uint32Array(32), languages: new Uint32Array(256), invalid: [] });

/** The fact bits given to the ranks of tags of the fixed kinds, and each work's fact word made from them. */
export class FactBits {
  /** Kind code → its place among the fixed kinds (-1: not one); rank → fact bit + 1; fact bit → rank; bits given per fixed kind. */
  private readonly fixedPlace = new Int8Array(16).fill(-1);
  private bitOfRank = new Uint8Array(1024);
  private readonly rankOfBit = new Uint32Array(32);
  private given: number[];
  /** A rank's kind changed to or from a fixed kind: words may be wrong until they are made again. */
  private stale = false;

  /** `fixedCodes`: the kind codes kept as facts (at most 3). */
  constructor(fixedCodes: readonly number[]) {
    fixedCodes.forEach((code, i) => (this.fixedPlace[code] = i));
    this.given = fixedCodes.map(() => 0);
  }

  /** Forgets every bit given, before every word is made again. */
  reset(): void {
    this.bitOfRank = new Uint8Array(this.bitOfRank.length);
    this.given = this.given.map(() => 0);
    this.stale = false;
  }

  /** Whether the words can be counted (see markStale). */
  get usable(): boolean {
    return !this.stale;
  }

  /** A tag's kind changed to or from a fixed kind: words are not counted until they are made again. */
  markStale(): void {
    this.stale = true;
  }

  /** The rank a fact bit stands for. */
  rankOf(bit: number): number {
    return this.rankOfBit[bit]!;
  }

  /**
   * The fact word of a work: its tags of the fixed kinds among the ranks of `entries[start…end)`
   * (rank << 1, as BitmapIndex writes them; `codes` by rank) and its `language` code.
   */
  word(entries: Uint32Array, start: number, end: number, codes: Uint8Array, language: number): number {
    let word = language <= 0xff ? VALID | (language << LANGUAGE_SHIFT) : 0;
    for (let j = start; j < end; j++) {
      const rank = entries[j]! >>> 1;
      const place = this.fixedPlace[codes[rank]!]!;
      if (place < 0) continue;
      const bit = this.bit(rank, place);
      word = bit < 0 ? 0 : word | (1 << bit);
    }
    return word;
  }

  /** The fact bit of a rank of a fixed kind (placed `place`), given now if it has none; -1 when its kind's are all given. */
  private bit(rank: number, place: number): number {
    const b = this.bitOfRank[rank] ?? 0;
    if (b > 0) return b - 1;
    if (this.given[place]! >= BITS_PER_KIND) return -1;
    const bit = place * BITS_PER_KIND + this.given[place]!++;
    this.bitOfRank = grow(this.bitOfRank, rank);
    this.bitOfRank[rank] = bit + 1;
    this.rankOfBit[bit] = rank;
    return bit;
  }
}

/**
 * Fact words added up by the value of each fixed kind's bits and of the language code, four
 * increments a word, and turned into counts by bit only at the end (drain). Going over each
 * word's bits as it was read took a loop of a length the processor cannot guess: 7–14% more for
 * a whole count over works (in-process A/B, 5,000–300,000 works of a million).
 */
export class FactTally {
  /** All zero between drains. */
  private readonly parts = new Uint32Array(4 * PART);

  /** Adds a work's word; false, adding nothing, for one whose facts did not fit. */
  add(word: number): boolean {
    if ((word & VALID) === 0) return false;
    const parts = this.parts;
    parts[word & KIND_FACTS]!++;
    parts[PART + ((word >>> BITS_PER_KIND) & KIND_FACTS)]!++;
    parts[2 * PART + ((word >>> (2 * BITS_PER_KIND)) & KIND_FACTS)]!++;
    parts[3 * PART + ((word >>> LANGUAGE_SHIFT) & 0xff)]!++;
    return true;
  }

  /** Adds what was tallied to `facts`, by fact bit and language code, and starts again from zero. */
  drain(facts: FactCounts): void {
    const parts = this.parts;
    for (let kind = 0; kind < 3; kind++) {
      for (let value = 1; value <= KIND_FACTS; value++) {
        const c = parts[kind * PART + value]!;
        if (c === 0) continue;
        parts[kind * PART + value] = 0;
        for (let m = value; m !== 0; m &= m - 1) facts.bits[kind * BITS_PER_KIND + 31 - Math.clz32(m & -m)]! += c;
      }
      parts[kind * PART] = 0;
    }
    for (let code = 0; code < 256; code++) {
      facts.languages[code]! += parts[3 * PART + code]!;
      parts[3 * PART + code] = 0;
    }
  }
}
