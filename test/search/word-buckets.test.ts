// A word-count filter by buckets keeps exactly the works a test of every work would keep.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BUCKETS, bucketOf, WordBuckets } from '../../src/search/word-buckets.ts';
import { RoaringBitmap32, type Bitmap } from '../../src/search/works-by-key.ts';
import { random } from '../support/random.ts';
import { BitmapIndex } from '../../src/search/bitmap-index.ts';
import { DEFAULT_BUCKETS_FROM, matchSet, setBucketsFrom, type Plan } from '../../src/search/execute.ts';

it('gives a larger count the same bucket or a later one, from 0 to 2³² − 1', () => {
  let last = -1;
  const counts = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 999, 1000, 1023, 1024, 1279, 1280, 65535, 0x7fffffff, 0x80000000, 0xffffffff];
  for (const n of counts) {
    const b = bucketOf(n);
    assert.ok(b >= last && b < BUCKETS, `${n} → ${b}`);
    last = b;
  }
  for (let n = 1; n < 200_000; n++) assert.ok(bucketOf(n) >= bucketOf(n - 1), String(n));
  // A quarter of a doubling wide: 1024–1279 share one bucket, 1280 starts the next.
  assert.equal(bucketOf(1024), bucketOf(1279));
  assert.equal(bucketOf(1280), bucketOf(1279) + 1);
});

it('keeps the works whose count is in the range, for ranges open, closed, empty, inside one bucket and beyond every count', () => {
  const rand = random(11);
  const works = 20_000;
  const words = new Uint32Array(works);
  const buckets = new WordBuckets();
  const added = new Map<Bitmap, number[]>();
  for (let id = 0; id < works; id++) {
    words[id] = id % 97 === 0 ? 0 : Math.round(10 ** (1 + rand() * 4));
    const b = buckets.bucket(words[id]!);
    added.set(b, [...(added.get(b) ?? []), id]);
  }
  for (const [b, ids] of added) b.addMany(ids);
  const move = (id: number, n: number) => {
    buckets.remove(id, words[id]!);
    words[id] = n;
    buckets.bucket(n).add(id);
    buckets.added(id, n);
  };
  // A work that changed its count moves buckets.
  move(5, 1000);

  const ranges: [number | undefined, number | undefined][] = [
    [1000, undefined],
    [undefined, 1000],
    [1000, 1000],
    [1001, 1100],
    [1000, 5000],
    [0, 0],
    [10, 99_999],
    [5000, 100],
    [200_000, undefined],
    [undefined, 0xffffffff + 5],
    [12.5, 30.2],
  ];
  for (let i = 0; i < 30; i++) {
    const lo = Math.round(10 ** (1 + rand() * 4));
    ranges.push([lo, lo * (1 + Math.floor(rand() * 20))]);
  }
  for (let round = 0; round < 3; round++) {
    for (const [min, max] of ranges) {
      // Half the works (every other id) as the result to filter.
      const set = new RoaringBitmap32();
      for (let id = round; id < works; id += 2) set.add(id);
      const expected = [...set].filter((id) => words[id]! >= (min ?? -Infinity) && words[id]! <= (max ?? Infinity));
      buckets.keepRange(set, words, min, max);
      assert.deepEqual([...set], expected, `round ${round}, range ${min}…${max}`);
    }
    // Between rounds, counts change after the cuts were made: up and down across many buckets.
    for (let id = round; id < works; id += 7) move(id, round === 1 ? 3 : Math.round(10 ** (rand() * 6)));
  }
});

it('the index keeps works in the buckets of their current count, so a search by buckets matches a search testing every work', () => {
  const index = new BitmapIndex();
  const words = new Map<number, number>();
  const rand = random(5);
  const put = (id: number, n: number | null) => {
    if (n === null) words.delete(id);
    else words.set(id, n);
    index.put(id, n === null ? null : { id, restricted: false, anonymous: false, complete: true, language: 'en', words: n, chapters: 1, expected: 1, updatedAt: id, publishedAt: id, title: `w${id}`, author: 'a', creators: [1], pseuds: [1], filters: [], fandoms: 1 });
  };
  index.startBuild();
  for (let id = 1; id <= 5000; id++) put(id, Math.round(10 ** (1 + rand() * 4)));
  index.flush(true);
  // After the build: counts change (so works move buckets), works go and come.
  for (let id = 1; id <= 5000; id += 3) put(id, Math.round(10 ** (1 + rand() * 4)));
  for (let id = 2; id <= 5000; id += 11) put(id, null);
  for (let id = 5001; id <= 5400; id++) put(id, Math.round(10 ** (1 + rand() * 4)));
  const plan = (min?: number, max?: number): Plan => ({
    include: [], exclude: [], languages: [], includeRestricted: true, includeAnonymousByCreator: true, blockedAuthors: [],
    sort: 'updated', order: 'desc', page: 1, pageSize: 20, facets: false, facetLimit: 10, wordsMin: min, wordsMax: max,
  });
  try {
    for (const [min, max] of [[500, 2000], [undefined, 300], [4000, undefined], [1234, 1234]] as const) {
      const expected = [...words].filter(([, n]) => n >= (min ?? 0) && n <= (max ?? Infinity)).map(([id]) => id).sort((a, b) => a - b);
      setBucketsFrom(0);
      assert.deepEqual([...matchSet(index, plan(min, max))], expected, `buckets ${min}…${max}`);
      setBucketsFrom(Infinity);
      assert.deepEqual([...matchSet(index, plan(min, max))], expected, `scan ${min}…${max}`);
    }
  } finally {
    setBucketsFrom(DEFAULT_BUCKETS_FROM);
  }
});
