import assert from 'node:assert/strict';
import { it } from 'node:test';
import { rankedStart } from '../../src/search/best-match.ts';
import { encodeCursor, parseSearchQuery } from '../../src/search/query.ts';

// Ranking best first; equal scores go by higher id first.
const scores = new Map<number, number>([[9, 5], [4, 5], [7, 3], [2, 3], [8, 1], [1, 0.5]]);
const ranked = Uint32Array.from([9, 4, 7, 2, 8, 1]);
const scoreOf = async (id: number) => scores.get(id) ?? null;

it('goes on just after the cursor\'s work, in either order', async () => {
  assert.equal(await rankedStart(ranked, scoreOf, undefined, 'desc'), 0);
  assert.equal(await rankedStart(ranked, scoreOf, { key: 3, id: 7 }, 'desc'), 3);
  assert.equal(await rankedStart(ranked, scoreOf, { key: 3, id: 7 }, 'asc'), 4);
});

it('goes on after the page\'s last work that still matches when the cursor\'s work is gone', async () => {
  assert.equal(await rankedStart(ranked, scoreOf, { key: 3, id: 99, before: [98, 4, 9] }, 'desc'), 2);
});

it('finds where a gone page would stand by its score when none of it matches any more', async () => {
  // A work scored 3 with id 5 stood between 7 and 2 (ties: higher id first).
  assert.equal(await rankedStart(ranked, scoreOf, { key: 3, id: 5, before: [97] }, 'desc'), 3);
  assert.equal(await rankedStart(ranked, scoreOf, { key: 4, id: 5 }, 'desc'), 2);
  assert.equal(await rankedStart(ranked, scoreOf, { key: 0.1, id: 5 }, 'desc'), 6);
  // Ascending reads the ranking from its end: 1, 8, 2, 7, 4, 9.
  assert.equal(await rankedStart(ranked, scoreOf, { key: 3, id: 5 }, 'asc'), 3);
  assert.equal(await rankedStart(ranked, scoreOf, { key: 9, id: 5 }, 'asc'), 6);
  await assert.rejects(rankedStart(ranked, scoreOf, { key: 'x', id: 5 }, 'desc'), /cursor is not valid/);
});

it('carries how deep the next page is, and refuses a depth that is not a count', () => {
  const cursor = { key: 2.5, id: 7, before: [9, 4], depth: 30 };
  assert.deepEqual(parseSearchQuery({ q: 'x', cursor: encodeCursor(cursor) }).cursor, cursor);
  // One made before cursors kept their depth still reads.
  const older = Buffer.from(JSON.stringify([2.5, 7, [9, 4]])).toString('base64url');
  assert.deepEqual(parseSearchQuery({ q: 'x', cursor: older }).cursor, { key: 2.5, id: 7, before: [9, 4] });
  for (const depth of [-1, 1.5, '3', null, 2 ** 60]) {
    const raw = Buffer.from(JSON.stringify([2.5, 7, [9, 4], depth])).toString('base64url');
    assert.throws(() => parseSearchQuery({ q: 'x', cursor: raw }), /cursor is not valid/, String(depth));
  }
});
