// Strings by id, kept as UTF-8 one after another in one store rather than as JavaScript
// strings: at a million works the index holds 2.3 million tag names, which as strings took
// 127 MB of the heap (a header and a pointer each besides the characters); here they take
// their bytes and 8 bytes an id. A name is made into a string again when read (~70 ns), which
// the index does for the few hundred it shows or checks in a search.
import { grow } from './small-sets.ts';

export class PackedStrings {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Where each id's string starts in `bytes`, and its length in bytes (0: none). */
  private starts = new Uint32Array(1024);
  private lengths = new Uint32Array(1024);
  /** One more than the highest id given a string. */
  private end = 0;

  /** Keeps `s` for `id`; the bytes of a string it replaces stay unused (ids' strings seldom change). */
  set(id: number, s: string): void {
    const need = Buffer.byteLength(s, 'utf8');
    if (this.lengths[id] === need && this.get(id) === s) return;
    if (this.used + need > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + need));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.starts = grow(this.starts, id);
    this.lengths = grow(this.lengths, id);
    this.starts[id] = this.used;
    this.lengths[id] = this.bytes.write(s, this.used, 'utf8');
    this.used += need;
    if (id >= this.end) this.end = id + 1;
  }

  has(id: number): boolean {
    return (this.lengths[id] ?? 0) !== 0;
  }

  get(id: number): string | undefined {
    const n = this.lengths[id];
    if (!n) return undefined;
    const start = this.starts[id]!;
    return this.bytes.toString('utf8', start, start + n);
  }

  /** One more than the highest id given a string: every id below it may have one. */
  get size(): number {
    return this.end;
  }
}
