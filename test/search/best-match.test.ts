// Best-match pages against filtering the whole ranking by hand, with a text backend that
// notes what it was asked to rank: the top of the whole ranking when the filters keep works
// throughout it, only the matches they keep when those are few.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BitmapIndex } from '../../src/search/bitmap-index.ts';
import type { WorkFacts } from '../../src/search/facts.ts';
import { executeBest, rankingLimit } from '../../src/search/best-match.ts';
import type { Plan } from '../../src/search/execute.ts';
import type { Ranking, RankRequest, TextSearch } from '../../src/search/text-backend.ts';
import type { Cursor } from '../../src/search/query.ts';

const RARE = 1;
const COMMON = 2;
function facts(id: number, filters: number[]): WorkFacts {
  return {
    id, restricted: false, anonymous: false, complete: true, language: 'en', words: id, chapters: 1, expected: 1, updatedAt: id, publishedAt: id,
    title: `w${id}`, author: 'a', creators: [1], pseuds: [1], filters, fandoms: 1,
  };
}

const plan = (over: Partial<Plan>): Plan => ({
  include: [], exclude: [], languages: [], includeRestricted: true, includeAnonymousByCreator: true, blockedAuthors: [],
  sort: 'best', order: 'desc', page: 1, pageSize: 10, facets: false, facetLimit: 10, ...over,
});

// 20,000 works; the text matches every third, ranked best first by a fixed shuffle. COMMON is on
// half of all works; RARE on 1 in 25, but on no match in the top 5,000 of the ranking.
const index = new BitmapIndex();
const matches: number[] = [];
for (let id = 1; id <= 20000; id++) if (id % 3 === 0) matches.push(id);
const ranked = [...matches].sort((a, b) => ((a * 7919) % 10007) - ((b * 7919) % 10007) || b - a);
const rankOf = new Map(ranked.map((id, i) => [id, i]));
index.startBuild();
for (let id = 1; id <= 20000; id++) {
  const filters = [id % 2 === 0 ? COMMON : 0, id % 25 === 0 && (!rankOf.has(id) || rankOf.get(id)! >= 5000) ? RARE : 0].filter((t) => t > 0);
  index.put(id, facts(id, filters));
}
index.flush(true);
index.setTagMeta(RARE, { name: 'rare', kind: 'freeform', canonical: true });
index.setTagMeta(COMMON, { name: 'common', kind: 'freeform', canonical: true });

type Asked = (number | null | 'within')[];
/** A text backend over `ranked` that notes what it was asked to rank. */
function backend(asked: Asked): TextSearch {
  const score = (id: number) => 1 - rankOf.get(id)! / ranked.length;
  return {
    ids: async () => Uint32Array.from(matches),
    rank: async (request: RankRequest): Promise<Ranking> => {
      asked.push(request.within ? 'within' : request.limit);
      const keep = request.within ? new Set(request.within) : null;
      const top = keep ? ranked.filter((id) => keep.has(id)) : request.limit === null ? ranked : ranked.slice(0, request.limit);
      return { ids: Uint32Array.from(top), scores: request.limit === null ? null : Float64Array.from(top, score), complete: keep !== null || top.length === ranked.length };
    },
    scoreOf: async (id) => (rankOf.has(id) ? score(id) : null),
  };
}

const expected = (tag: number | null) => ranked.filter((id) => tag === null || index.tag(tag).has(id));

it('reads only the top of the ranking when the filters keep works throughout it', async () => {
  const asked: Asked = [];
  const r = await executeBest(index, plan({ include: [[COMMON]], page: 3 }), backend(asked));
  assert.deepEqual(r.ids, expected(COMMON).slice(20, 30));
  assert.equal(r.total, expected(COMMON).length);
  assert.deepEqual(asked, [rankingLimit(31, 0.5)]);
  assert.ok((asked[0] as number) < ranked.length / 20, `ranked ${asked[0]} of ${ranked.length}`);
});

it('ranks just the matches the filters keep when the top of the ranking holds too few of them, and pages on by cursor', async () => {
  const asked: Asked = [];
  const all = expected(RARE);
  const first = await executeBest(index, plan({ include: [[RARE]] }), backend(asked));
  assert.deepEqual(first.ids, all.slice(0, 10));
  assert.equal(asked.length, 2);
  assert.equal(asked[1], 'within', 'then the kept matches alone');
  let cursor: Cursor | null = first.nextCursor;
  const seen = [...first.ids];
  while (cursor) {
    const next = await executeBest(index, plan({ include: [[RARE]], cursor }), backend([]));
    seen.push(...next.ids);
    cursor = next.nextCursor;
  }
  assert.deepEqual(seen, all);
});

it('pages on by cursor ranking only as deep as the cursor says, and ranks the kept matches for a cursor that does not say', async () => {
  const all = expected(COMMON);
  const seen: number[] = [];
  let cursor: Cursor | null = null;
  for (let page = 1; page <= 4; page++) {
    const asked: Asked = [];
    const r = await executeBest(index, plan({ include: [[COMMON]], cursor: cursor ?? undefined }), backend(asked));
    seen.push(...r.ids);
    assert.deepEqual(asked, [rankingLimit(page * 10 + 1, 0.5)], `page ${page}`);
    cursor = r.nextCursor;
    assert.equal(cursor?.depth, page * 10);
  }
  assert.deepEqual(seen, all.slice(0, 40));

  const asked: Asked = [];
  const older = await executeBest(index, plan({ include: [[COMMON]], cursor: { ...cursor!, depth: undefined } }), backend(asked));
  assert.deepEqual(older.ids, all.slice(40, 50));
  assert.deepEqual(asked, ['within'], 'the matches the filters keep, ranked');
  assert.equal(older.nextCursor?.depth, undefined);
});

it('ranks every kept match when a cursor\'s works are not in the top its depth asks for', async () => {
  const all = expected(COMMON);
  // Works 300 places down, with a depth that asks for the top ~100 only, and the score of a work
  // in that top (as if scores had moved since): by its score the page would start in the top.
  const far = all.slice(290, 300);
  const key = 1 - rankOf.get(all[15]!)! / ranked.length;
  const cursor: Cursor = { key, id: far[far.length - 1]!, before: far.slice(0, -1).reverse(), depth: 10 };
  const asked: Asked = [];
  const r = await executeBest(index, plan({ include: [[COMMON]], cursor }), backend(asked));
  assert.deepEqual(r.ids, all.slice(300, 310));
  assert.deepEqual(asked, [rankingLimit(21, 0.5), 'within']);
});

it('ranks just the kept matches at once when the filters keep few works', async () => {
  const asked: Asked = [];
  const both = (id: number) => index.tag(RARE).has(id) && index.tag(COMMON).has(id);
  const r = await executeBest(index, plan({ include: [[RARE], [COMMON]] }), backend(asked));
  assert.deepEqual(r.ids, ranked.filter(both).slice(0, 10));
  assert.equal(r.total, ranked.filter(both).length);
  assert.deepEqual(asked, ['within']);
  const seen = [...r.ids];
  for (let cursor = r.nextCursor; cursor; ) {
    const next = await executeBest(index, plan({ include: [[RARE], [COMMON]], cursor }), backend([]));
    seen.push(...next.ids);
    cursor = next.nextCursor;
  }
  assert.deepEqual(seen, ranked.filter(both));
});

it('reads ascending pages from the bottom of the kept matches\' ranking', async () => {
  const asked: Asked = [];
  const r = await executeBest(index, plan({ include: [[COMMON]], order: 'asc', page: 2 }), backend(asked));
  assert.deepEqual(r.ids, [...expected(COMMON)].reverse().slice(10, 20));
  assert.deepEqual(asked, ['within']);
});
