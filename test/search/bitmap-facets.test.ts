// The facet counts of the bitmap index against counting by hand, while works keep changing
// under it: the index keeps its largest-first tag order stale between re-sorts, and must
// stay exact meanwhile (a tag that grew past others, a tag that got a bitmap, one that emptied).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BitmapIndex, RoaringBitmap32 } from '../../src/search/bitmap-index.ts';
import { facetsOf } from '../../src/search/facets.ts';
import type { TagKind } from '../../src/db/schema.ts';
import { FREE_KINDS, handFacets, kindOfTag, tagName, workFacts, zipfFilters } from '../support/index-works.ts';
import { random } from '../support/random.ts';

const KINDS = FREE_KINDS;
const TAGS = 400;
const facts = (id: number, filters: number[]) => workFacts(id, filters, { language: id % 7 === 0 ? 'fr' : 'en' });
const drawFilters = (rand: () => number) => zipfFilters(rand, TAGS, 2, 10);
const expectedFacets = handFacets;

it('facet counts stay exact while works change between re-sorts of the tag order', () => {
  const rand = random(20261201);
  const index = new BitmapIndex();
  for (let t = 0; t < TAGS; t++) index.setTagMeta(t, { name: tagName(t), kind: kindOfTag(t), canonical: true });
  const works = new Map<number, number[]>();
  for (let id = 1; id <= 30000; id++) {
    const f = drawFilters(rand);
    works.set(id, f);
    index.put(id, facts(id, f));
  }
  let checked = 0;
  for (let round = 0; round < 12; round++) {
    // Changes between searches: retags (some onto a rare tag, which grows past others), deletions, new works.
    for (let i = 0; i < 700; i++) {
      const id = 1 + Math.floor(rand() * 32000);
      const r = rand();
      if (r < 0.15) {
        works.delete(id);
        index.put(id, null);
      } else {
        const f = r < 0.5 ? [...drawFilters(rand), 300 + (round % 4)] : drawFilters(rand);
        works.set(id, f);
        index.put(id, facts(id, f));
      }
    }
    // A whole result and a large slice of it: both big enough that facets come from the tag order.
    const slices: Set<number>[] = [new Set(works.keys()), new Set([...works.keys()].filter((id) => id % 2 === round % 2))];
    for (const wanted of slices) {
      const set = new RoaringBitmap32([...wanted]);
      const facets = facetsOf(index, set, 10);
      for (const kind of KINDS) {
        assert.deepEqual(facets[kind as 'fandom'], expectedFacets(works, wanted, kind, 10), `round ${round}, ${kind}, ${wanted.size} works`);
        checked++;
      }
      assert.equal(facets.complete[0]!.count, [...wanted].filter((id) => id % 3 === 0).length);
    }
  }
  assert.equal(checked, 12 * 2 * KINDS.length);
});

it('a tag that grows past the top ones, or gets its first bitmap, between re-sorts is counted', () => {
  const rand = random(7);
  const index = new BitmapIndex();
  for (let t = 0; t < TAGS; t++) index.setTagMeta(t, { name: tagName(t), kind: kindOfTag(t), canonical: true });
  const works = new Map<number, number[]>();
  for (let id = 1; id <= 12000; id++) {
    const f = drawFilters(rand).filter((t) => t !== 399);
    works.set(id, f);
    index.put(id, facts(id, f));
  }
  const all = () => new Set(works.keys());
  const before = facetsOf(index, new RoaringBitmap32([...all()]), 10);
  // The 15th largest freeform tag (to be lifted past the 5th), and tag 399 (freeform, on no work yet: no bitmap).
  const ranked = expectedFacets(works, all(), 'freeform', 15);
  const climber = Number(ranked[14]!.name.slice(4));
  const target = ranked[4]!;
  assert.deepEqual(before.freeform, ranked.slice(0, 10));
  const lift = target.count - ranked[14]!.count + 5;
  for (let id = 1, n = 0; n < lift; id++) {
    const f = works.get(id)!;
    if (f.includes(climber)) continue;
    f.push(climber);
    index.put(id, facts(id, f));
    n++;
  }
  for (let id = 12000; id > 12000 - target.count + 20; id--) {
    works.get(id)!.push(399);
    index.put(id, facts(id, works.get(id)!));
  }
  assert.ok(index.tagOrder('freeform').slack > 0, 'the order is still the stale one');
  const after = facetsOf(index, new RoaringBitmap32([...all()]), 10);
  const want = expectedFacets(works, all(), 'freeform', 10);
  assert.ok(want.some((f) => f.name === ranked[14]!.name), 'the climber is now among the top freeforms');
  assert.ok(want.some((f) => f.name === 'tag 399'), 'tag 399 is now among the top freeforms');
  assert.deepEqual(after.freeform, want);
});

it('facets counted over the works of a result stay exact for tags with and without a bitmap, after a build and after changes', () => {
  // A head of common tags and a tail of 1,000 tags with ~16 works each, so that builds and
  // later changes move tags across SMALL both ways; results small enough to be counted work by work.
  const rand = random(42);
  const name = (t: number) => `tag ${String(t).padStart(3, '0')}`;
  const draw = (): number[] => {
    const out = new Set<number>();
    while (out.size < 3) out.add(Math.min(399, Math.floor(Math.exp(rand() * Math.log(401))) - 1));
    while (out.size < 5) out.add(400 + Math.floor(rand() * 1000));
    return [...out];
  };
  const index = new BitmapIndex();
  const works = new Map<number, number[]>();
  index.startBuild();
  for (let id = 1; id <= 8000; id++) {
    const f = draw();
    works.set(id, f);
    index.put(id, facts(id, f));
  }
  index.flush(true);
  // As a build does it: the kinds of free tags become known after their works are filed.
  for (let t = 0; t < 1400; t++) index.setTagMeta(t, { name: name(t), kind: kindOfTag(t), canonical: true });
  const expected = (set: Set<number>, kind: TagKind) => {
    const counts = new Map<number, number>();
    for (const id of set) for (const t of works.get(id) ?? []) if (kindOfTag(t) === kind) counts.set(t, (counts.get(t) ?? 0) + 1);
    return [...counts].map(([t, count]) => ({ name: name(t), count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, 10);
  };
  let checked = 0;
  for (let round = 0; round < 6; round++) {
    if (round > 0) {
      // Deletions empty some tail tags; new works onto a few tail tags promote them past SMALL.
      for (let i = 0; i < 1500; i++) {
        const id = 1 + Math.floor(rand() * 9000);
        if (rand() < 0.3) {
          works.delete(id);
          index.put(id, null);
        } else {
          const f = rand() < 0.3 ? [...new Set([...draw(), 400 + round * 7])] : draw();
          works.set(id, f);
          index.put(id, facts(id, f));
        }
      }
    }
    const ids = [...works.keys()];
    for (const size of [3, 40, 300, 2500]) {
      const wanted = new Set<number>();
      while (wanted.size < size) wanted.add(ids[Math.floor(rand() * ids.length)]!);
      const facets = facetsOf(index, new RoaringBitmap32([...wanted]), 10);
      for (const kind of KINDS) {
        assert.deepEqual(facets[kind as 'fandom'], expected(wanted, kind), `round ${round}, ${kind}, ${size} works`);
        checked++;
      }
    }
  }
  assert.equal(checked, 6 * 4 * KINDS.length);
});

it('facets of a sparse result, counted through its complement among all works, are exact, also after deletions', () => {
  // Over 16 × 8,192 works, so that a result of ~8,400 is sparse but not small (see intersections()).
  const rand = random(1717);
  const index = new BitmapIndex();
  for (let t = 0; t < TAGS; t++) index.setTagMeta(t, { name: tagName(t), kind: kindOfTag(t), canonical: true });
  const works = new Map<number, number[]>();
  index.startBuild();
  for (let id = 1; id <= 140_000; id++) {
    const f = drawFilters(rand);
    works.set(id, f);
    index.put(id, facts(id, f));
  }
  index.flush(true);
  for (let round = 0; round < 2; round++) {
    if (round === 1) {
      // Deleted works leave `all` and their tags: the complement must not count them.
      for (let id = 5; id <= 140_000; id += 40) {
        works.delete(id);
        index.put(id, null);
      }
    }
    const wanted = new Set([...works.keys()].filter((id) => id % 16 === 3 || id % 16 === 8).slice(round * 500, round * 500 + 8200));
    assert.ok(wanted.size >= 8192 && wanted.size * 16 < index.all.size, `a sparse result (${wanted.size} of ${index.all.size})`);
    const facets = facetsOf(index, new RoaringBitmap32([...wanted]), 10);
    for (const kind of KINDS) assert.deepEqual(facets[kind as 'fandom'], expectedFacets(works, wanted, kind, 10), `round ${round}, ${kind}`);
  }
});

it('rating, warning, category and language facets are exact whichever way the free kinds are counted, with works whose facts do not fit a line', () => {
  // Tags 0–99 free; 100–104 ratings, 110–119 warnings (more than a line keeps bits for, so works
  // with the last ones are counted from the pool), 120–125 categories; languages 1 in 40 rare ones.
  const rand = random(2024);
  const FIXED: [TagKind, number, number][] = [['rating', 100, 5], ['warning', 110, 10], ['category', 120, 6]];
  const kindOf = (t: number): TagKind => FIXED.find(([, from, n]) => t >= from && t < from + n)?.[0] ?? kindOfTag(t);
  const name = (t: number) => `tag ${String(t).padStart(3, '0')}`;
  const index = new BitmapIndex();
  for (const [kind, from, n] of FIXED) for (let t = from; t < from + n; t++) index.setTagMeta(t, { name: name(t), kind, canonical: true });
  const works = new Map<number, { filters: number[]; language: string }>();
  const draw = () => {
    const filters = new Set(drawFilters(rand).map((t) => t % 100));
    filters.add(100 + Math.floor(rand() * 5));
    for (let i = Math.floor(rand() * 3); i > 0; i--) filters.add(110 + Math.floor(rand() ** 2 * 10));
    for (let i = 1 + Math.floor(rand() * 2); i > 0; i--) filters.add(120 + Math.floor(rand() * 6));
    const language = rand() < 0.025 ? `x${Math.floor(rand() * 5)}` : rand() < 0.8 ? 'en' : 'fr';
    return { filters: [...filters], language };
  };
  const put = (id: number, w: { filters: number[]; language: string }) => {
    works.set(id, w);
    index.put(id, { ...facts(id, w.filters), language: w.language });
  };
  index.startBuild();
  for (let id = 1; id <= 6000; id++) put(id, draw());
  index.flush(true);
  for (let t = 0; t < 100; t++) index.setTagMeta(t, { name: name(t), kind: kindOfTag(t), canonical: true });
  const expected = (set: Set<number>) => {
    const byKind: Record<string, Map<string, number>> = { rating: new Map(), warning: new Map(), category: new Map(), language: new Map() };
    for (const id of set) {
      const w = works.get(id)!;
      for (const t of w.filters) if (kindOf(t) in byKind) byKind[kindOf(t)]!.set(name(t), (byKind[kindOf(t)]!.get(name(t)) ?? 0) + 1);
      byKind.language!.set(w.language, (byKind.language!.get(w.language) ?? 0) + 1);
    }
    const list = (m: Map<string, number>) => [...m].map(([n, count]) => ({ name: n, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    return { rating: list(byKind.rating!), warning: list(byKind.warning!), category: list(byKind.category!), language: list(byKind.language!) };
  };
  for (let round = 0; round < 4; round++) {
    if (round > 0) for (let i = 0; i < 800; i++) put(1 + Math.floor(rand() * 6500), draw());
    const ids = [...works.keys()];
    for (const size of [5, 60, 700, 3000, ids.length]) {
      const wanted = new Set<number>();
      while (wanted.size < size) wanted.add(ids[Math.floor(rand() * ids.length)]!);
      const facets = facetsOf(index, new RoaringBitmap32([...wanted]), 10);
      const { rating, warning, category, language } = facets;
      assert.deepEqual({ rating, warning, category, language }, expected(wanted), `round ${round}, ${size} works`);
      for (const kind of KINDS) assert.equal(facets[kind as 'fandom'].length > 0, true, `${kind} facets too`);
    }
  }
  // A free tag that becomes a warning has no bit in the lines' facts: they are left unused until
  // the lines are made again, and the facets stay exact meanwhile.
  const moved = 5;
  index.setTagMeta(moved, { name: name(moved), kind: 'warning', canonical: true });
  FIXED.push(['warning', moved, 1]);
  const sample = new Set([...works.keys()].filter(() => rand() < 0.1));
  const { rating, warning, category, language } = facetsOf(index, new RoaringBitmap32([...sample]), 10);
  assert.ok(warning.some((f) => f.name === name(moved)), 'the moved tag is among the warnings');
  assert.deepEqual({ rating, warning, category, language }, expected(sample));
});
