// Excluded tags are taken out of a result either tag by tag (each tag's set) or work by work
// (each work's filters checked against the tags), whichever is cheaper: both must give the
// works a hand count gives, while works keep changing, and the facets of the result, which
// pass over the excluded tags without counting them, must stay exact.
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { BitmapIndex, setSubtractWay } from '../../src/search/bitmap-index.ts';
import { matchSet, type Plan } from '../../src/search/execute.ts';
import { facetsOf } from '../../src/search/facets.ts';
import { FREE_KINDS, handFacets, kindOfTag, tagName, workFacts, zipfFilters } from '../support/index-works.ts';
import { random } from '../support/random.ts';

const KINDS = FREE_KINDS;
const TAGS = 600;
const facts = (id: number, filters: number[]) => workFacts(id, filters, { restricted: id % 11 === 0 });
const drawFilters = (rand: () => number) => zipfFilters(rand, TAGS, 1, 12);

const plan = (include: number[][], exclude: number[]): Plan => ({
  include, exclude, languages: [], includeRestricted: false, includeAnonymousByCreator: true, blockedAuthors: [],
  sort: 'updated', order: 'desc', page: 1, pageSize: 20, facets: true, facetLimit: 10,
});

after(() => setSubtractWay('cost'));

it('excluded tags are taken out of small and large results alike, tag by tag or work by work, while works change', () => {
  const rand = random(20261207);
  const index = new BitmapIndex();
  for (let t = 0; t < TAGS; t++) index.setTagMeta(t, { name: tagName(t), kind: kindOfTag(t), canonical: true });
  const works = new Map<number, number[]>();
  for (let id = 1; id <= 30000; id++) {
    const f = drawFilters(rand);
    works.set(id, f);
    index.put(id, facts(id, f));
  }
  let small = 0;
  let large = 0;
  for (let round = 0; round < 5; round++) {
    // Retags (the shared pool of filters fills and is compacted), deletions and new works between searches.
    for (let i = 0; i < 1500; i++) {
      const id = 1 + Math.floor(rand() * 32000);
      if (rand() < 0.2) {
        works.delete(id);
        index.put(id, null);
      } else {
        const f = drawFilters(rand);
        works.set(id, f);
        index.put(id, facts(id, f));
      }
    }
    // Odd rounds search the tags' bitmaps laid out anew, as the poll does after enough changes; the
    // next round's changes copy them out again.
    if (round % 2 === 1) {
      assert.equal(index.layOutIfChanged(), true, `round ${round}: 1,500 changes call for a new layout`);
      assert.equal(index.layOutIfChanged(), false, `round ${round}: not again before more works change`);
    }
    const sizes = new Map<number, number>();
    for (const f of works.values()) for (const t of f) sizes.set(t, (sizes.get(t) ?? 0) + 1);
    // Half the searches within a tag of a few dozen to a few hundred works, half over everything.
    const rare = [...sizes].filter(([, n]) => n >= 20 && n <= 400).map(([t]) => t);
    for (let trial = 0; trial < 10; trial++) {
      const include = trial % 2 === 0 && rare.length > 0 ? [[rare[Math.floor(rand() * rare.length)]!]] : [];
      const exclude = [...new Set(Array.from({ length: 5 + Math.floor(rand() * 120) }, () => Math.floor(rand() * TAGS)))].filter((t) => t !== include[0]?.[0]);
      const wanted = [...works]
        .filter(([id, f]) => id % 11 !== 0 && include.every(([t]) => f.includes(t!)) && !f.some((t) => exclude.includes(t)))
        .map(([id]) => id)
        .sort((a, b) => a - b);
      const ways = ['tags', 'works', 'cost'] as const;
      for (const way of ways) {
        setSubtractWay(way);
        const set = matchSet(index, plan(include, exclude));
        assert.deepEqual([...set], wanted, `round ${round}, trial ${trial}, ${way}: ${include.length} included, ${exclude.length} excluded`);
        if (way !== 'cost') continue;
        if (include.length > 0) small++;
        else large++;
        const facets = facetsOf(index, set, 10, exclude);
        for (const kind of KINDS) assert.deepEqual(facets[kind as 'fandom'], handFacets(works, wanted, kind, 10), `round ${round}, trial ${trial}, ${kind}`);
      }
    }
  }
  assert.ok(small >= 20 && large >= 20, `${small} small and ${large} large results checked`);
});

it('the works with any of some tags are found from their filters, whether the tags have a bitmap or not', () => {
  const index = new BitmapIndex();
  for (let t = 0; t < 40; t++) index.setTagMeta(t, { name: tagName(t), kind: kindOfTag(t), canonical: true });
  // Tag 1 on every work (a bitmap), tag 2 on every 50th (a few works: the pool), tag 3 on none.
  for (let id = 1; id <= 500; id++) index.put(id, facts(id, id % 50 === 0 ? [1, 2] : [1, 4 + (id % 30)]));
  const ids = Uint32Array.from([1, 7, 50, 100, 101, 250, 499]);
  assert.deepEqual([...index.filters.withAny(ids, [2])], [50, 100, 250]);
  assert.deepEqual([...index.filters.withAny(ids, [3, 5, 15])], [1, 101]);
  assert.deepEqual([...index.filters.withAny(ids, [1])], [...ids]);
  assert.deepEqual([...index.filters.withAny(ids, [])], []);
  // The marks are cleared between calls: tag 2 is not still looked for.
  assert.deepEqual([...index.filters.withAny(ids, [3])], []);
});
