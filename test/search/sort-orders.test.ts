// Pages of numeric sorts against sorting by hand: the index walks an order of all works made
// once, with works changed since merged in by their current keys, and must page exactly like
// a full sort would, by page number and by cursor, as works change between rounds.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BitmapIndex, RoaringBitmap32, type Bitmap } from '../../src/search/bitmap-index.ts';
import type { WorkFacts } from '../../src/search/facts.ts';
import type { Plan } from '../../src/search/execute.ts';
import { pageOf } from '../../src/search/paging.ts';
import { makeOrder } from '../../src/search/sort-orders.ts';
import type { Cursor } from '../../src/search/query.ts';
import { random } from '../support/random.ts';

function facts(id: number, words: number, updatedAt: number): WorkFacts {
  return {
    id, restricted: false, anonymous: false, complete: true, language: 'en', words, chapters: 1, expected: 1, updatedAt, publishedAt: updatedAt,
    title: `w${id}`, author: 'a', creators: [1], pseuds: [1], filters: [], fandoms: 1,
  };
}

const plan = (over: Partial<Plan>): Plan => ({
  include: [], exclude: [], languages: [], includeRestricted: true, includeAnonymousByCreator: true, blockedAuthors: [],
  sort: 'words', order: 'desc', page: 1, pageSize: 20, facets: false, facetLimit: 10, ...over,
});

/**
 * Page `page` of `set` equals that slice of `expected` (the full sort), and so do up to three
 * pages by cursor from there, with a next cursor exactly while works are left. Returns how many
 * cursor pages were checked.
 */
function checkPages(index: BitmapIndex, set: Bitmap, over: Partial<Plan>, expected: number[], page: number, label: string): number {
  const byPage = pageOf(index, set, plan({ ...over, page }));
  assert.deepEqual(byPage.ids, expected.slice((page - 1) * 20, page * 20), `${label}: page ${page} of ${set.size}`);
  let cursor: Cursor | null = byPage.nextCursor;
  let at = page * 20;
  let checked = 0;
  for (; checked < 3 && cursor; checked++) {
    const next = pageOf(index, set, plan({ ...over, cursor }));
    assert.deepEqual(next.ids, expected.slice(at, at + 20), `${label}: cursor page from ${at}`);
    at += 20;
    cursor = next.nextCursor;
  }
  assert.equal(cursor === null, at >= expected.length, `${label}: a next cursor exactly when works are left`);
  return checked;
}

it('sorts ids by key with equal keys in id order, by radix and by comparator alike', () => {
  const keys = new Float64Array([0, 5, 2 ** 40 + 3, 5, 0, 7, 2 ** 40 + 3]);
  const ids = Uint32Array.from([1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...makeOrder(keys, ids).ids], [4, 1, 3, 5, 2, 6]);
  const fractional = new Float64Array([0, 5, 0.5, 5, 0, 7, 0.5]);
  assert.deepEqual([...makeOrder(fractional, ids).ids], [4, 2, 6, 1, 3, 5]);
});

it('pages numeric sorts exactly as a full sort does while works change between pages', () => {
  const rand = random(1201);
  const index = new BitmapIndex();
  const words = new Map<number, number>();
  const updated = new Map<number, number>();
  const put = (id: number) => {
    words.set(id, Math.floor(rand() * 50) * 100);
    updated.set(id, 1_700_000_000_000 + Math.floor(rand() * 1000) * 1000);
    index.put(id, facts(id, words.get(id)!, updated.get(id)!));
  };
  index.startBuild();
  for (let id = 1; id <= 20000; id++) put(id);
  index.flush(true);

  const reference = (set: Bitmap, sort: 'words' | 'updated', order: 'asc' | 'desc'): number[] => {
    const key = sort === 'words' ? words : updated;
    const dir = order === 'asc' ? 1 : -1;
    return [...set.toArray()].sort((a, b) => (key.get(a)! - key.get(b)! || a - b) * dir);
  };
  let checked = 0;
  for (let round = 0; round < 40; round++) {
    // Changes: rewritten works (new keys), new works, deleted works — some rounds more than the dirty limit.
    const changes = round % 10 === 9 ? 3000 : Math.floor(rand() * 200);
    for (let i = 0; i < changes; i++) {
      const r = rand();
      if (r < 0.7) put(1 + Math.floor(rand() * 20000));
      else if (r < 0.85) put(20001 + Math.floor(rand() * 2000));
      else index.remove(1 + Math.floor(rand() * 22000));
    }
    // Results from every work down to a few dozen, so both the walk and the scan are taken.
    // Every fifth round a word-count range as well, which the set then keeps to (as matchSet does).
    const set = new RoaringBitmap32();
    const keep = [1, 0.5, 0.05, 0.003][round % 4]!;
    const range = round % 5 === 2 ? { wordsMin: 1000 + Math.floor(rand() * 10) * 100, wordsMax: 2000 + Math.floor(rand() * 20) * 100 } : {};
    const inRange = (id: number) => range.wordsMin === undefined || (words.get(id)! >= range.wordsMin && words.get(id)! <= range.wordsMax);
    for (const id of index.all.toArray()) if (rand() < keep && inRange(id)) set.add(id);
    const sort = round % 5 === 2 || round % 2 === 0 ? 'words' : 'updated';
    const order = round % 3 === 0 ? 'asc' : 'desc';
    const expected = reference(set, sort, order);
    const page = 1 + Math.floor(rand() * Math.min(60, Math.ceil(expected.length / 20)));
    checked += checkPages(index, set, { sort, order, ...range }, expected, page, `round ${round}`);
  }
  assert.ok(checked > 40, `${checked} cursor pages checked`);
});

it('pages title and author sorts exactly as comparing whole strings does, ties of their first letters included', () => {
  const rand = random(1301);
  // Few first letters, so most works tie on the number a string starts with; empty and one-letter
  // strings, accents, the two highest UTF-16 units and a surrogate pair, which all order by unit.
  const starts = ['', 'a', 'ab', 'ab', 'th', 'the', 'The'.toLowerCase(), 'é', 'z\uffff', 'z\ufffe', '\uffff', '\ud83d\ude00', 'zz'];
  const index = new BitmapIndex();
  const title = new Map<number, string>();
  const author = new Map<number, string>();
  const text = () => starts[Math.floor(rand() * starts.length)]! + (rand() < 0.7 ? String.fromCharCode(97 + Math.floor(rand() * 4)).repeat(1 + Math.floor(rand() * 3)) : '');
  const put = (id: number) => {
    title.set(id, text());
    author.set(id, text());
    index.put(id, { ...facts(id, 100, 0), title: title.get(id)!, author: author.get(id)! });
  };
  for (let id = 1; id <= 3000; id++) put(id);
  let checked = 0;
  for (let round = 0; round < 24; round++) {
    for (let i = 0; i < 50; i++) put(1 + Math.floor(rand() * 3200));
    const set = new RoaringBitmap32(index.all.toArray().filter(() => rand() < [1, 0.3, 0.02][round % 3]!));
    const sort = round % 2 === 0 ? 'title' : 'author';
    const order = round % 4 < 2 ? 'asc' : 'desc';
    const key = sort === 'title' ? title : author;
    const dir = order === 'asc' ? 1 : -1;
    const expected = set.toArray().sort((a, b) => (key.get(a)! < key.get(b)! ? -dir : key.get(a)! > key.get(b)! ? dir : (a - b) * dir));
    const page = 1 + Math.floor(rand() * Math.max(1, Math.ceil(expected.length / 20)));
    checked += checkPages(index, set, { sort, order }, expected, page, `round ${round}: ${sort} ${order}`);
  }
  assert.ok(checked > 20, `${checked} cursor pages checked`);
  assert.throws(() => pageOf(index, index.all, plan({ sort: 'title', cursor: { key: 5, id: 1 } })), /cursor is not valid/);
});
