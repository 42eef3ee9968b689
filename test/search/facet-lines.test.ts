// Facet lines against counting the same entries by hand: works whose tags fit, works with more
// tags than a line holds, and tags left without a number, which must be counted from the pool.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { FacetLines } from '../../src/search/facet-lines.ts';
import { random } from '../support/random.ts';

/** Pool entries as BitmapIndex writes them: rank << 1, plus 1 for a tag without a bitmap. */
const entries = (ranks: number[], small: number[] = []) => Uint32Array.from([...ranks.map((r) => r << 1), ...small.map((r) => (r << 1) | 1)]);
const ALL_KINDS = 0xffff;

function counted(lines: FacetLines, ids: number[], codes: Uint8Array, kinds = ALL_KINDS) {
  const counts = new Uint32Array(64);
  const touched: number[] = [];
  const fromPool: number[] = [];
  lines.count(Uint32Array.from(ids), kinds, codes, counts, touched, fromPool);
  return { counts: Object.fromEntries(touched.sort((a, b) => a - b).map((r) => [r, counts[r]!])), fromPool };
}

it('counts the tags with a bitmap of each work, and sends works it cannot hold to the pool', () => {
  const lines = new FacetLines();
  const codes = new Uint8Array(64).fill(4);
  lines.set(1, entries([2, 3], [9]), 0, 3, codes, 0);
  lines.set(2, entries([3, 5]), 0, 2, codes, 0);
  const sixteen = Array.from({ length: 16 }, (_, i) => 10 + i);
  lines.set(3, entries(sixteen), 0, 16, codes, 0);
  assert.deepEqual(counted(lines, [1, 2, 3], codes), { counts: { 2: 1, 3: 2, 5: 1 }, fromPool: [3] });
  // A tag that got its bitmap: added to the line; a line that is full overflows.
  lines.add(1, 9);
  const fifteen = Array.from({ length: 15 }, (_, i) => 30 + i);
  lines.set(4, entries(fifteen), 0, 15, codes, 0);
  assert.deepEqual(counted(lines, [1, 4], codes).fromPool, []);
  lines.add(4, 50);
  assert.deepEqual(counted(lines, [1, 4], codes), { counts: { 2: 1, 3: 1, 9: 1 }, fromPool: [4] });
  // Only the kinds asked for; a cleared line counts nothing.
  codes[3] = 5;
  assert.deepEqual(counted(lines, [1, 2], codes, 1 << 5).counts, { 3: 2 });
  lines.clear(2);
  assert.deepEqual(counted(lines, [1, 2], codes, 1 << 5).counts, { 3: 1 });
  // Kinds left out of the lines are never counted from them.
  lines.set(5, entries([3, 6]), 0, 2, codes, 1 << 5);
  assert.deepEqual(counted(lines, [5], codes), { counts: { 6: 1 }, fromPool: [] });
});

it('a work with a tag that got no number, all being given, is counted from the pool', () => {
  const lines = new FacetLines(3);
  const codes = new Uint8Array(64).fill(4);
  lines.set(1, entries([1, 2]), 0, 2, codes, 0);
  lines.set(2, entries([2, 3]), 0, 2, codes, 0);
  lines.set(3, entries([1, 4]), 0, 2, codes, 0);
  assert.deepEqual(counted(lines, [1, 2, 3], codes), { counts: { 1: 1, 2: 2, 3: 1 }, fromPool: [3] });
  lines.add(1, 7);
  assert.deepEqual(counted(lines, [1, 2], codes).fromPool, [1]);
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
  const { counts, fromPool } = counted(lines, ids, codes, kinds);
  const pooled = new Set(fromPool);
  // All 40 numbers are given by now, so numberOf gives none away.
  const numbered = (r: number) => lines.numberOf(r) >= 0;
  assert.equal([...Array(50).keys()].filter(numbered).length, 40);
  const want: Record<number, number> = {};
  for (const id of ids) {
    const ranks = works.get(id)!;
    assert.equal(pooled.has(id), ranks.length > 15 || !ranks.every(numbered), `work ${id} is counted from the pool only when its line cannot hold it`);
    if (pooled.has(id)) continue;
    for (const r of ranks) if (codes[r] === 1 || codes[r] === 3) want[r] = (want[r] ?? 0) + 1;
  }
  assert.ok(fromPool.length > 100 && fromPool.length < ids.length - 100, `some works in lines, some in the pool (${fromPool.length} of ${ids.length})`);
  assert.deepEqual(counts, want);
});
