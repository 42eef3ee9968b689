// Sets of work ids too small to be worth a roaring bitmap (a bitmap costs ~400 bytes and
// ~5 µs to make): most tags and creators of a big archive have a handful of works.

export type Numbers = Float64Array | Uint32Array | Uint16Array | Uint8Array;

/** `a`, or a copy at least `need + 1` long (doubling, made by `make`) when `need` is past its end. */
export function grow<T extends Numbers>(a: T, need: number, make = (n: number) => new (a.constructor as new (n: number) => T)(n)): T {
  if (need < a.length) return a;
  const b = make(Math.max(need + 1, a.length * 2));
  b.set(a);
  return b;
}

/**
 * Small sets of work ids by key (tag, user or pseud id), in no order: a set of one
 * keeps its work in `start` itself, larger ones a run of the shared pool that
 * doubles (moving to the end of the pool) as it fills.
 */
export class SmallSets {
  private start = new Uint32Array(1024);
  private length = new Uint8Array(1024);
  private room = new Uint8Array(1024);
  private pool = new Uint32Array(1 << 16);
  private end = 0;
  private garbage = 0;
  private maxKey = 0;

  sizeOf(key: number): number {
    return this.length[key] ?? 0;
  }

  /** The works of `key` (a view into the pool: use it before the next change). */
  values(key: number): Uint32Array {
    const n = this.sizeOf(key);
    if (n <= 1) return n === 0 ? new Uint32Array(0) : Uint32Array.of(this.start[key]!);
    return this.pool.subarray(this.start[key]!, this.start[key]! + n);
  }

  private alloc(n: number): number {
    if (this.end + n > this.pool.length) {
      if (this.garbage > this.end / 2) this.compact();
      this.pool = grow(this.pool, this.end + n);
    }
    const at = this.end;
    this.end += n;
    return at;
  }

  private compact(): void {
    const pool = new Uint32Array(Math.max(1 << 16, (this.end - this.garbage) * 2));
    let end = 0;
    for (let key = 0; key <= this.maxKey; key++) {
      if (this.length[key]! < 2) continue;
      pool.set(this.pool.subarray(this.start[key]!, this.start[key]! + this.length[key]!), end);
      this.start[key] = end;
      end += this.room[key]!;
    }
    this.pool = pool;
    this.end = end;
    this.garbage = 0;
  }

  /** Adds `id` to the set of `key`; returns the set's new size. */
  add(key: number, id: number): number {
    if (key >= this.length.length) {
      this.start = grow(this.start, key);
      this.length = grow(this.length, key);
      this.room = grow(this.room, key);
    }
    if (key > this.maxKey) this.maxKey = key;
    const n = this.length[key]!;
    if (n === 0) {
      this.start[key] = id;
      this.length[key] = 1;
      return 1;
    }
    if (n === 1) {
      const first = this.start[key]!;
      if (first === id) return 1;
      const at = this.alloc(4);
      this.pool[at] = first;
      this.pool[at + 1] = id;
      this.start[key] = at;
      this.room[key] = 4;
      this.length[key] = 2;
      return 2;
    }
    for (let i = this.start[key]!, end = i + n; i < end; i++) if (this.pool[i] === id) return n;
    if (n === this.room[key]) {
      const at = this.alloc(n * 2);
      const from = this.start[key]!; // read after alloc: compacting may have moved it
      this.pool.copyWithin(at, from, from + n);
      this.garbage += n;
      this.start[key] = at;
      this.room[key] = n * 2;
    }
    this.pool[this.start[key]! + n] = id;
    this.length[key] = n + 1;
    return n + 1;
  }

  /** Removes `id` from the set of `key`; returns whether it was there. */
  remove(key: number, id: number): boolean {
    const n = this.sizeOf(key);
    if (n === 1 && this.start[key] === id) {
      this.length[key] = 0;
      return true;
    }
    if (n < 2) return false;
    const from = this.start[key]!;
    for (let i = from; i < from + n; i++) {
      if (this.pool[i] !== id) continue;
      this.pool[i] = this.pool[from + n - 1]!;
      this.length[key] = n - 1;
      if (n - 1 === 1) {
        this.garbage += this.room[key]!;
        this.start[key] = this.pool[from]!;
      }
      return true;
    }
    return false;
  }

  /** Empties the set of `key` (its works moved to a bitmap). */
  clear(key: number): void {
    if (this.sizeOf(key) > 1) this.garbage += this.room[key]!;
    this.length[key] = 0;
  }
}
