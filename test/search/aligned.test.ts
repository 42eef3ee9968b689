// Page-aligned arrays for the facet lines: zeroed, as long as asked, on memory of their own,
// and grown by copying what they held.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { alignedUint16, growAligned } from '../../src/search/aligned.ts';

it('makes a zeroed array at the start of its own whole pages', () => {
  const a = alignedUint16(10);
  assert.equal(a.length, 10);
  assert.deepEqual([...a], new Array(10).fill(0));
  // A store of its own, in whole 64 KiB pages: a plain Uint16Array(10) would have 20 bytes.
  assert.equal(a.byteOffset, 0);
  assert.equal(a.buffer.byteLength, 65536);
  assert.equal(alignedUint16(40000).buffer.byteLength, 131072);
});

it('grows by copying into a new aligned array at least twice as long, and keeps an array long enough', () => {
  const a = alignedUint16(4);
  a.set([1, 2, 3, 4]);
  assert.equal(growAligned(a, 3), a);
  const b = growAligned(a, 4);
  assert.notEqual(b, a);
  assert.equal(b.length, 8);
  assert.deepEqual([...b], [1, 2, 3, 4, 0, 0, 0, 0]);
  assert.equal(b.byteOffset, 0);
  assert.equal(b.buffer.byteLength % 65536, 0);
  assert.equal(growAligned(b, 100).length, 101);
});
