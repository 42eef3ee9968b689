// Tag ids by the key of their name (tags/names.ts), so that a search resolves the names it is
// given (an exclusion list may hold 500) from memory: 275 names of a million-work archive took
// 1.3 ms as one query (an index lookup each in a table of 2.3 million tags). Only ids are kept,
// in an open-addressed table of 32-bit slots (16 MB at 2.3 million tags); each candidate's name
// is checked against the key, so the table can miss (the caller asks the database then) but
// cannot answer wrong. Beside each slot sits its hash's top byte (4 MB more): a candidate whose
// byte differs is another key, passed over without reading its name. Names are strings far
// apart on the heap and a lookup goes over ~4 slots, so checking each candidate's name took
// most of a lookup: 275 names, each looked up for the first time, 1.6–2.8 → 0.6–1.1 ms.
const EMPTY = 0;
/** Reads folded into this are not optimised away. */
let _sink = 0;
/** Slots per tag at most: a lookup goes over ~4 slots, to the next empty one. */
const LOAD = 0.6;

/** FNV-1a over UTF-16 code units. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class TagKeys {
  /** Tag id + 1, or EMPTY; and the top byte of the slot's key's hash. */
  private slots: Uint32Array;
  private checks: Uint8Array;
  private used = 0;

  /**
   * `nameOf`: a tag's name as stored, normalised (tags/names.ts), so that its key is its lower
   * case; undefined for a tag without one. `ids`: the tags to hold from the start.
   */
  constructor(
    private readonly nameOf: (id: number) => string | undefined,
    ids: Iterable<number> = [],
    expected = 0,
  ) {
    this.slots = new Uint32Array(sizeFor(expected));
    this.checks = new Uint8Array(this.slots.length);
    for (const id of ids) this.add(id);
  }

  /** Holds a tag (once: a tag added twice is found twice). */
  add(id: number): void {
    const key = this.nameOf(id)?.toLowerCase();
    if (key === undefined) return;
    if (this.used + 1 > this.slots.length * LOAD) this.rehash();
    place(this.slots, this.checks, hashOf(key), id);
    this.used++;
  }

  /**
   * find() for each key. The keys' slots are read for all of them first, then the name of each
   * one's first candidate and what `accept` reads of it, and only then is each looked up: reads
   * at random that overlap when nothing waits on them, where a lookup waits on each in turn. 275
   * names of a million-work archive, the caches emptied before each list, in alternating rounds:
   * 0.56–0.59 → 0.47–0.53 ms (a separate branch-free read of what `accept` reads did no better).
   */
  findAll(keys: readonly string[], accept: (id: number) => boolean): (number | undefined)[] {
    const mask = this.slots.length - 1;
    const hashes = keys.map(hashOf);
    let touch = 0;
    for (const hash of hashes) touch ^= this.slots[hash & mask]! ^ this.checks[hash & mask]!;
    for (const hash of hashes) {
      const check = hash >>> 24;
      for (let i = hash & mask; this.slots[i] !== EMPTY; i = (i + 1) & mask) {
        if (this.checks[i] !== check) continue;
        const id = this.slots[i]! - 1;
        touch ^= (this.nameOf(id)?.length ?? 0) ^ (accept(id) ? 1 : 0);
        break;
      }
    }
    _sink ^= touch;
    return keys.map((key, k) => this.findHashed(key, hashes[k]!, accept));
  }

  /** The one tag `accept`ed with this key; undefined when none is, or more than one. */
  find(key: string, accept: (id: number) => boolean): number | undefined {
    return this.findHashed(key, hashOf(key), accept);
  }

  private findHashed(key: string, hash: number, accept: (id: number) => boolean): number | undefined {
    const mask = this.slots.length - 1;
    const check = hash >>> 24;
    let found: number | undefined;
    for (let i = hash & mask; this.slots[i] !== EMPTY; i = (i + 1) & mask) {
      if (this.checks[i] !== check) continue;
      const id = this.slots[i]! - 1;
      // A name of another length is another key, but for the few letters whose lower case is
      // longer (İ): those miss, which only sends the name to the database.
      const name = this.nameOf(id);
      if (name === undefined || name.length !== key.length || name.toLowerCase() !== key || !accept(id)) continue;
      if (found !== undefined) return undefined;
      found = id;
    }
    return found;
  }

  private rehash(): void {
    const slots = new Uint32Array(this.slots.length * 2);
    const checks = new Uint8Array(slots.length);
    for (const s of this.slots) if (s !== EMPTY) place(slots, checks, hashOf(this.nameOf(s - 1)!.toLowerCase()), s - 1);
    this.slots = slots;
    this.checks = checks;
  }
}

function sizeFor(tags: number): number {
  let n = 1024;
  while (tags > n * LOAD) n *= 2;
  return n;
}

function place(slots: Uint32Array, checks: Uint8Array, hash: number, id: number): void {
  const mask = slots.length - 1;
  let i = hash & mask;
  while (slots[i] !== EMPTY) i = (i + 1) & mask;
  slots[i] = id + 1;
  checks[i] = hash >>> 24;
}
