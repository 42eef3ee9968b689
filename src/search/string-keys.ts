// The lower-cased titles or authors of works for the title and author sorts (./paging.ts),
// with the start of each as a number, so that a sort compares the strings, scattered over
// the heap, only where those numbers tie.
import { grow } from './small-sets.ts';

/**
 * A string's first two UTF-16 units as one number: a smaller number means a string that sorts
 * first (as JavaScript's < orders strings), so only equal numbers need the strings compared.
 * Each unit is counted from 1 (0: none, so a shorter string comes first); the two units no text
 * uses (0xFFFE, 0xFFFF) share a number, which only makes a tie.
 */
export const sortStart = (s: string): number =>
  (s.length > 0 ? Math.min(s.charCodeAt(0), 0xfffe) + 1 : 0) * 0x10000 + (s.length > 1 ? Math.min(s.charCodeAt(1), 0xfffe) + 1 : 0);

export class StringKeys {
  /** By work id. */
  readonly strings: string[] = [];
  /** sortStart of each string, by work id. */
  starts = new Uint32Array(1024);
  /** One copy of each string, when many works share theirs (see constructor). */
  private readonly copies: Map<string, string> | null;

  /**
   * `shared`: works share strings (authors), so each is kept once; at a million works of 20,000
   * authors a string per work took ~30 MB. A string no work has any more stays until a rebuild.
   */
  constructor(shared = false) {
    this.copies = shared ? new Map() : null;
  }

  set(id: number, s: string): void {
    let lower = s.toLowerCase();
    if (this.copies) {
      const kept = this.copies.get(lower);
      if (kept === undefined) this.copies.set(lower, lower);
      else lower = kept;
    }
    // Gaps filled, so that a work put far past the end (a build's chunks come in any order) does
    // not turn the array into a hash table (V8 does past a gap of ~1,000), slow to fill and to sort by.
    const strings = this.strings;
    while (strings.length < id) strings.push('');
    strings[id] = lower;
    this.starts = grow(this.starts, id);
    this.starts[id] = sortStart(lower);
  }
}
