// The works of each key (tag, creator, pseud) against a plain Map of Sets kept beside it,
// through keys that grow past the pool into a bitmap, shrink to nothing, and works that
// are taken out by id alone.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RoaringBitmap32, SMALL, WorksByKey, WorksByKeys, type Bitmap } from '../../src/search/works-by-key.ts';
import { random } from '../support/random.ts';

const sorted = (b: Bitmap) => [...b.toArray()].sort((x, y) => x - y);
const addNow = (b: Bitmap, id: number) => b.add(id);

it('keeps a key in the pool up to SMALL works and in a bitmap past it, and drops an emptied bitmap', () => {
  const keys = new WorksByKey(addNow);
  const filed = Array.from({ length: SMALL + 2 }, (_, i) => keys.add(7, 100 + i));
  assert.deepEqual(filed, [...Array<string>(SMALL).fill('small'), 'promoted', 'big']);
  assert.equal(keys.pooled(7), 0);
  assert.equal(sorted(keys.works(7)).length, SMALL + 2);
  for (let i = 0; i < SMALL + 2; i++) keys.remove(7, 100 + i);
  assert.equal(keys.bitmaps.has(7), false);
  assert.deepEqual(sorted(keys.works(7)), []);
  assert.equal(keys.add(8, 1, true), 'promoted', 'a key made to have a bitmap gets one with its first work');
  keys.add(9, 5);
  const set = new RoaringBitmap32([1, 5, 6]);
  keys.subtractFrom(set, [9]);
  assert.deepEqual(sorted(set), [1, 6], 'a key with one pooled work is taken out too');
});

it('answers unions and subtractions over pooled and bitmap keys like sets kept by hand', () => {
  const rand = random(41);
  const keys = new WorksByKeys(addNow);
  const truth = new Map<number, Set<number>>();
  const keysOf = new Map<number, number[]>();
  for (let round = 0; round < 3; round++) {
    for (let id = 1; id <= 600; id++) {
      if (keysOf.has(id)) {
        if (rand() < 0.5) continue;
        keys.removeWork(id);
        for (const k of keysOf.get(id)!) truth.get(k)!.delete(id);
        keysOf.delete(id);
      }
      if (rand() < 0.2) continue;
      // Key 1 has most works (a bitmap); keys 2–40 hover around SMALL; a few works have several keys.
      const n = rand() < 0.1 ? 3 : 1;
      const own = [...new Set(Array.from({ length: n }, () => (rand() < 0.4 ? 1 : 2 + Math.floor(rand() * 39))))];
      keys.put(id, own);
      keysOf.set(id, own);
      for (const k of own) {
        if (!truth.has(k)) truth.set(k, new Set());
        truth.get(k)!.add(id);
      }
    }
    for (const picked of [[1], [2, 3], [1, 5, 9, 40], [41], Array.from({ length: 39 }, (_, i) => i + 2)]) {
      const expected = [...new Set(picked.flatMap((k) => [...(truth.get(k) ?? [])]))].sort((a, b) => a - b);
      assert.deepEqual(sorted(keys.union(picked)), expected, `union of ${picked.join(',')} in round ${round}`);
      const rest = new RoaringBitmap32([...keysOf.keys()]);
      keys.subtractFrom(rest, picked);
      const left = [...keysOf.keys()].filter((id) => !picked.some((k) => truth.get(k)?.has(id))).sort((a, b) => a - b);
      assert.deepEqual(sorted(rest), left, `all works less those of ${picked.join(',')} in round ${round}`);
    }
    for (const [k, works] of truth) assert.equal(keys.pooled(k) + (keys.bitmaps.get(k)?.size ?? 0), works.size, `works of key ${k}`);
    // Laid out anew from their works, as at the end of a build (some keys; one pooled, one unknown,
    // both passed over): the next rounds change the laid-out bitmaps, which are copied first.
    const listed = [...keys.bitmaps.keys()].filter((k) => k % 3 !== round);
    const pooledKey = [...truth.keys()].find((k) => !keys.bitmaps.has(k));
    const order = [...listed, 999, ...(pooledKey === undefined ? [] : [pooledKey])];
    const lists = order.map((k) => Uint32Array.from([...(truth.get(k) ?? [])].sort((a, b) => a - b)));
    const offsets = Uint32Array.from([0, ...lists.map((_, i) => lists.slice(0, i + 1).reduce((n, l) => n + l.length, 0))]);
    const unlisted = [...keys.bitmaps].filter(([k]) => !listed.includes(k));
    const all = Uint32Array.from(lists.flatMap((l) => [...l]));
    keys.layOut(Uint32Array.from(order), offsets, all);
    if (round === 1) keys.layOut(Uint32Array.from(order), offsets, all); // views laid out again
    for (const k of listed) {
      assert.equal(keys.bitmaps.get(k)!.isFrozen, true, `key ${k} is laid out`);
      assert.deepEqual(sorted(keys.bitmaps.get(k)!), [...truth.get(k)!].sort((a, b) => a - b), `key ${k} keeps its works when laid out`);
    }
    for (const [k, b] of unlisted) assert.equal(keys.bitmaps.get(k), b, `key ${k} is left as it was`);
    assert.equal(keys.bitmaps.has(999), false);
    if (pooledKey !== undefined) assert.equal(keys.bitmaps.has(pooledKey), false, 'a pooled key stays pooled');
  }
  assert.ok([...truth.keys()].some((k) => keys.bitmaps.has(k) && k !== 1), 'some small key grew into a bitmap');
});
