// Seeded randomness for the search benchmark: the same seed gives the same
// corpus and the same queries on every machine.

export type Rand = () => number;

/** splitmix32: a tiny PRNG with good spread, enough to pick words and tags. */
export function seeded(seed: number): Rand {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return ((z ^ (z >>> 15)) >>> 0) / 4294967296;
  };
}

/** A seed for item `i` of stream `stream`, so any item can be regenerated alone. */
export const seedOf = (stream: number, i: number): number => (Math.imul(stream, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0;

export const intBelow = (rand: Rand, n: number): number => Math.floor(rand() * n);
export const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

/** Draws indexes 0..n-1 with probability proportional to the given weights (inverse CDF, binary search). */
export class WeightedSampler {
  private readonly cdf: Float64Array;
  readonly total: number;

  constructor(weights: ArrayLike<number>) {
    this.cdf = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i]!;
      this.cdf[i] = sum;
    }
    this.total = sum;
  }

  get size(): number {
    return this.cdf.length;
  }

  draw(rand: Rand): number {
    const x = rand() * this.total;
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const zipfCache = new Map<string, WeightedSampler>();

/** Rank 0..n-1 with P(rank r) ∝ 1 / (r + 1)^s. */
export function zipf(n: number, s: number): WeightedSampler {
  const key = `${n}:${s}`;
  let z = zipfCache.get(key);
  if (!z) {
    const w = new Float64Array(n);
    for (let r = 0; r < n; r++) w[r] = 1 / (r + 1) ** s;
    z = new WeightedSampler(w);
    zipfCache.set(key, z);
  }
  return z;
}

/** A normal deviate (Box-Muller). */
export function normal(rand: Rand): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** A value from a small table of [value, weight] pairs. */
export function fromTable<T>(rand: Rand, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [v, w] of table) {
    x -= w;
    if (x < 0) return v;
  }
  return table[table.length - 1]![0];
}
