// Facet lines against counting the same entries by hand: works whose tags fit, works with more
// tags than a line holds (in the long store), and tags left without a number, which must be
// counted from the pool.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FacetLines } from '../../src/search/facet-lines.ts';
import { random } from '../support/random.ts';

/** Pool entries as BitmapIndex writes them: rank << 1, plus 1 for a tag without a bitmap. */
const entries = (ranks: number[], small: number[] = []) => Uint32Array.from([...ranks.map((r) => r << 1), ...small.map((r) => (r << 1) | 1)]);
const ALL_KINDS = 0xffff;

function counted(lines: FacetLines, ids: number[], kinds = ALL_KINDS, keep?: Uint16Array) {
  const counts = new Uint32Array(512);
  const touched: number[] = [];
  const fromPool: number[] = [];
  lines.count(Uint32Array.from(ids), kinds, counts, touched, fromPool, keep);
  return { counts: Object.fromEntries(touched.sort((a, b) => a - b).map((r) => [r, counts[r]!])), fromPool };
}

/** One count for each of `ranks`. */
const once = (ranks: number[]) => Object.fromEntries(ranks.map((r) => [r, 1]));

it('counts the tags with a bitmap of each work, those of a work with more than a line holds from the long store', () => {
  const lines = new FacetLines();
  const codes = new Uint8Array(64).fill(4);
  lines.set(1, entries([2, 3], [9]), 0, 3, codes, 0);
  lines.set(2, entries([3, 5]), 0, 2, codes, 0);
  const fourteen = Array.from({ length: 14 }, (_, i) => 10 + i);
  lines.set(3, entries(fourteen), 0, 14, codes, 0);
  assert.deepEqual(counted(lines, [1, 2, 3]), { counts: { 2: 1, 3: 2, 5: 1, ...once(fourteen) }, fromPool: [] });
  // A tag that got its bitmap: added to the line; a line that is full moves to the long store.
  lines.add(1, 9, codes[9]!);
  const thirteen = Array.from({ length: 13 }, (_, i) => 30 + i);
  lines.set(4, entries(thirteen), 0, 13, codes, 0);
  assert.deepEqual(counted(lines, [1, 4]), { counts: { 2: 1, 3: 1, 9: 1, ...once(thirteen) }, fromPool: [] });
  lines.add(4, 50, codes[50]!);
  lines.add(3, 51, codes[51]!);
  assert.deepEqual(counted(lines, [1, 3, 4]), { counts: { 2: 1, 3: 1, 9: 1, ...once(thirteen), ...once(fourteen), 50: 1, 51: 1 }, fromPool: [] });
  // Set again with fewer tags, a long line's work is back in its line.
  lines.set(3, entries([5]), 0, 1, codes, 0);
  assert.deepEqual(counted(lines, [3]).counts, { 5: 1 });
  // Only the kinds asked for; a cleared line counts nothing.
  codes[3] = 5;
  lines.setCode(3, 5);
  assert.deepEqual(counted(lines, [1, 2], 1 << 5).counts, { 3: 2 });
  lines.clear(2);
  assert.deepEqual(counted(lines, [1, 2], 1 << 5).counts, { 3: 1 });
  // Kinds left out of the lines are never counted from them.
  lines.set(5, entries([3, 6]), 0, 2, codes, 1 << 5);
  assert.deepEqual(counted(lines, [5]), { counts: { 6: 1 }, fromPool: [] });
});

it('a work with a tag that got no number, all being given, is counted from the pool', () => {
  const lines = new FacetLines(3);
  const codes = new Uint8Array(64).fill(4);
  lines.set(1, entries([1, 2]), 0, 2, codes, 0);
  lines.set(2, entries([2, 3]), 0, 2, codes, 0);
  lines.set(3, entries([1, 4]), 0, 2, codes, 0);
  assert.deepEqual(counted(lines, [1, 2, 3]), { counts: { 1: 1, 2: 2, 3: 1 }, fromPool: [3] });
  lines.add(1, 7, codes[7]!);
  assert.deepEqual(counted(lines, [1, 2]).fromPool, [1]);
});

it('matches counting by hand over thousands of random works, in batches and out of order', () => {
  const rand = random(99);
  const lines = new FacetLines(40);
  const codes = new Uint8Array(64).map((_, r) => 1 + (r % 3));
  const works = new Map<number, number[]>();
  for (let id = 1; id <= 3000; id++) {
    const ranks = [...new Set(Array.from({ length: Math.floor(rand() * 20) }, () => Math.floor(rand() * 50)))];
    works.set(id, ranks);
    lines.set(id, entries(ranks), 0, ranks.length, codes, 0);
  }
  const ids = [...works.keys()].filter(() => rand() < 0.4);
  const kinds = (1 << 1) | (1 << 3);
  const { counts, fromPool } = counted(lines, ids, kinds);
  const pooled = new Set(fromPool);
  // All 40 numbers are given by now, so numberOf gives none away.
  const numbered = (r: number) => lines.numberOf(r, codes[r]!) >= 0;
  assert.equal([...Array(50).keys()].filter(numbered).length, 40);
  const want: Record<number, number> = {};
  for (const id of ids) {
    const ranks = works.get(id)!;
    assert.equal(pooled.has(id), !ranks.every(numbered), `work ${id} is counted from the pool only when a tag of it has no number`);
    if (pooled.has(id)) continue;
    for (const r of ranks) if (codes[r] === 1 || codes[r] === 3) want[r] = (want[r] ?? 0) + 1;
  }
  assert.ok(fromPool.length > 100 && fromPool.length < ids.length - 100, `some works in lines, some in the pool (${fromPool.length} of ${ids.length})`);
  assert.deepEqual(counts, want);
});

it('with a number of counts to keep per kind, leaves out only tags that cannot reach them, even with works counted from the pool', () => {
  // Six numbers: the tags of works 1–6 take them all, and work 7's go without.
  const lines = new FacetLines(6);
  const codes = new Uint8Array(64).fill(4);
  codes[20] = 5;
  codes[21] = 5;
  // Rank 1 on 6 works, rank 2 on 5, rank 3 on 4, rank 4 on 1; rank 20 (another kind) on 1, rank 21 on 2.
  const tagged: Record<number, number[]> = { 1: [1, 2, 3], 2: [1, 2, 20, 21], 3: [1, 2, 21, 3], 4: [1, 2, 3], 5: [1, 2, 4], 6: [1, 3] };
  for (const [id, ranks] of Object.entries(tagged)) lines.set(Number(id), entries(ranks), 0, ranks.length, codes, 0);
  const keep = new Uint16Array(16);
  keep[4] = 2;
  keep[5] = 1;
  const ids = [1, 2, 3, 4, 5, 6];
  // Kind 4 keeps 2 counts (6 and 5): ranks 3 (4) and 4 (1) cannot reach 5; kind 5 keeps 1 (2): rank 20 (1) cannot.
  assert.deepEqual(counted(lines, ids, ALL_KINDS, keep).counts, { 1: 6, 2: 5, 21: 2 });
  assert.deepEqual(counted(lines, ids).counts, { 1: 6, 2: 5, 3: 4, 4: 1, 20: 1, 21: 2 });
  // A work counted from the pool may add one to any tag: ranks 3 (4 + 1 ≥ 5) and 20 (1 + 1 ≥ 2) must stay, rank 4 (1 + 1 < 5) need not.
  const fourteen = Array.from({ length: 14 }, (_, i) => 30 + i);
  lines.set(7, entries(fourteen), 0, 14, codes, 0);
  assert.deepEqual(counted(lines, [...ids, 7], ALL_KINDS, keep), { counts: { 1: 6, 2: 5, 3: 4, 20: 1, 21: 2 }, fromPool: [7] });
  // With the pooled works counted by the caller within the count, the floor is exact: work 7 has
  // neither rank 3 nor 20, so both are left out; its own tags (ranks 30–43), without a number,
  // stay as the caller counted them, by rank.
  const pooled: number[] = [];
  const counts = new Uint32Array(64);
  const touched: number[] = [];
  lines.count(Uint32Array.from([...ids, 7]), ALL_KINDS, counts, touched, [], keep, undefined, (works) => {
    pooled.push(...works);
    for (const r of fourteen) if (counts[r]!++ === 0) touched.push(r);
  });
  assert.deepEqual(pooled, [7]);
  const got = Object.fromEntries(touched.sort((x, y) => x - y).map((r) => [r, counts[r]!]));
  assert.deepEqual(got, { 1: 6, 2: 5, 21: 2, ...once(fourteen) });
  // A kind with fewer tags than it keeps loses none; a kind left out of `kinds` is not counted at all.
  keep[4] = 10;
  assert.deepEqual(counted(lines, ids, 1 << 4, keep).counts, { 1: 6, 2: 5, 3: 4, 4: 1 });
});

it('counts a tag whose kind changed under its new kind', () => {
  const lines = new FacetLines();
  const codes = new Uint8Array(64).fill(4);
  lines.set(1, entries([2, 3]), 0, 2, codes, 0);
  codes[3] = 6;
  lines.setCode(3, 6);
  assert.deepEqual(counted(lines, [1], 1 << 6).counts, { 3: 1 });
  assert.deepEqual(counted(lines, [1], 1 << 4).counts, { 2: 1 });
});

it('counts alike whether it notes tags as first counted (few works) or goes over all numbers (many)', () => {
  const rand = random(5);
  const lines = new FacetLines();
  const codes = new Uint8Array(2048).fill(4);
  const works = new Map<number, number[]>();
  for (let id = 1; id <= 300; id++) {
    const ranks = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 12) }, () => Math.floor(rand() * 2000)))];
    works.set(id, ranks);
    lines.set(id, entries(ranks), 0, ranks.length, codes, 0);
  }
  const numbers = [...Array(2000).keys()].filter((r) => lines.numberOf(r, 4) >= 0).length;
  // Few works: 10 × 8 is well under the numbers given; all 300: 2,400 is over them.
  for (const ids of [[3, 17, 40, 41, 99, 150, 151, 200, 250, 299], [...works.keys()]]) {
    assert.ok(ids.length * 8 < numbers === ids.length < 100, `${numbers} numbers given`);
    const want: Record<number, number> = {};
    for (const id of ids) for (const r of works.get(id)!) want[r] = (want[r] ?? 0) + 1;
    const counts = new Uint32Array(2048);
    const touched: number[] = [];
    lines.count(Uint32Array.from(ids), ALL_KINDS, counts, touched, []);
    assert.deepEqual(Object.fromEntries(touched.sort((a, b) => a - b).map((r) => [r, counts[r]!])), want);
  }
});

it('keeps long lines right through thousands of sets, added tags and clears, as their store fills and is copied', () => {
  const rand = random(17);
  const lines = new FacetLines();
  const codes = new Uint8Array(300).fill(4);
  const works = new Map<number, number[]>();
  const setWork = (id: number, ranks: number[]) => {
    works.set(id, ranks);
    lines.set(id, entries(ranks), 0, ranks.length, codes, 0);
  };
  const someRanks = (n: number) => [...new Set(Array.from({ length: n }, () => Math.floor(rand() * 300)))];
  for (let id = 1; id <= 400; id++) setWork(id, someRanks(Math.floor(rand() * 40)));
  const check = () => {
    const ids = [...works.keys()].filter(() => rand() < 0.5);
    const want: Record<number, number> = {};
    for (const id of ids) for (const r of works.get(id)!) want[r] = (want[r] ?? 0) + 1;
    assert.deepEqual(counted(lines, ids), { counts: want, fromPool: [] });
  };
  check();
  for (let step = 1; step <= 6000; step++) {
    const id = 1 + Math.floor(rand() * 400);
    const op = rand();
    if (op < 0.3) setWork(id, someRanks(Math.floor(rand() * 40)));
    else if (op < 0.9) {
      const r = Math.floor(rand() * 300);
      if (works.get(id)!.includes(r)) continue;
      works.get(id)!.push(r);
      lines.add(id, r, codes[r]!);
    } else {
      lines.clear(id);
      works.set(id, []);
    }
    if (step % 500 === 0) check();
  }
  const long = [...works.values()].filter((ranks) => ranks.length > 13).length;
  assert.ok(long > 100, `${long} works in long lines at the end`);
});
