// A build files its works' tags all at once at its end (BitmapIndex.fileTags); the index must
// hold each tag exactly as one filed work by work does: a bitmap past SMALL works or for a fixed
// kind, the shared pool else, and stay so as works change afterwards.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { BitmapIndex, RoaringBitmap32, SMALL } from '../../src/search/bitmap-index.ts';
import type { TagKind } from '../../src/db/schema.ts';
import { kindOfTag, tagName, workFacts, zipfFilters } from '../support/index-works.ts';
import { random } from '../support/random.ts';

const TAGS = 600;
/** Tags 600–603 are ratings, known before the build as a build knows them. */
const RATINGS = [600, 601, 602, 603];
/** Tag 610 has exactly SMALL works, 611 one more; 603 (a rating) one work. */
const AT_SMALL = 610;
const PAST_SMALL = 611;
const kindOf = (t: number): TagKind => (RATINGS.includes(t) ? 'rating' : kindOfTag(t));

function draw(rand: () => number, id: number): number[] {
  const filters = new Set(zipfFilters(rand, TAGS, 1, 12));
  filters.add(id === 7 ? 603 : RATINGS[id % 3]!);
  if (id <= SMALL) filters.add(AT_SMALL);
  if (id <= SMALL + 1) filters.add(PAST_SMALL);
  return [...filters];
}

function sameHolding(a: BitmapIndex, b: BitmapIndex, when: string): void {
  for (let t = 0; t < 620; t++) {
    assert.equal(a.byTag.has(t), b.byTag.has(t), `${when}: tag ${t} has a bitmap in one index only`);
    assert.equal(a.holdsTag(t), b.holdsTag(t), `${when}: tag ${t}`);
    assert.deepEqual([...a.tag(t)], [...b.tag(t)], `${when}: works of tag ${t}`);
  }
  for (const kind of ['rating', 'fandom', 'relationship', 'character', 'freeform'] as TagKind[]) {
    assert.equal(a.hasSmallTags(kind), b.hasSmallTags(kind), `${when}: small tags of ${kind}`);
    assert.deepEqual(a.tagOrder(kind).order.ids, b.tagOrder(kind).order.ids, `${when}: order of ${kind}`);
  }
}

it('a build files every tag where putting its works one at a time does, and both stay alike through changes', () => {
  const rand = random(20261207);
  const built = new BitmapIndex();
  const oneByOne = new BitmapIndex();
  // Ratings are known before a build; the other kinds after it (as a build reads them), but for
  // the even tags here, known before too (as in an index whose tags were set up first).
  const knownFirst = (t: number) => RATINGS.includes(t) || t % 2 === 0;
  for (const index of [built, oneByOne]) for (let t = 0; t < 620; t++) if (knownFirst(t)) index.setTagMeta(t, { name: tagName(t), kind: kindOf(t), canonical: true });
  const works = new Map<number, number[]>();
  for (let id = 1; id <= 5000; id++) works.set(id, draw(rand, id));
  built.startBuild();
  for (const [id, f] of works) built.put(id, workFacts(id, f));
  built.flush(true);
  for (const [id, f] of works) oneByOne.put(id, workFacts(id, f));
  for (const index of [built, oneByOne]) for (let t = 0; t < 620; t++) if (!knownFirst(t)) index.setTagMeta(t, { name: tagName(t), kind: kindOf(t), canonical: true });

  assert.equal(built.byTag.has(AT_SMALL), false, 'a tag of SMALL works stays pooled');
  assert.equal(built.byTag.has(PAST_SMALL), true, 'a tag of SMALL + 1 works has a bitmap');
  assert.equal(built.byTag.has(603), true, 'a rating of one work has a bitmap');
  assert.ok([...Array(TAGS).keys()].some((t) => built.holdsTag(t) && !built.byTag.has(t)), 'some free tags are pooled');
  sameHolding(built, oneByOne, 'after the build');

  // The rating of one work loses it: its bitmap empties.
  works.set(7, [1, 600]);
  for (const index of [built, oneByOne]) index.put(7, workFacts(7, [1, 600]));
  assert.equal(built.holdsTag(603), false, 'a rating whose one work left');
  sameHolding(built, oneByOne, 'after a rating lost its work');

  for (let round = 0; round < 3; round++) {
    // Deletions empty pooled tags and shrink bitmaps; new works push pooled tags past SMALL.
    for (let i = 0; i < 800; i++) {
      const id = 1 + Math.floor(rand() * 5500);
      const f = rand() < 0.25 ? null : [...draw(rand, id + 20), 500 + round];
      if (f) works.set(id, f);
      else works.delete(id);
      for (const index of [built, oneByOne]) index.put(id, f && workFacts(id, f));
    }
    sameHolding(built, oneByOne, `round ${round}`);
    const sample = new RoaringBitmap32([...works.keys()].filter(() => rand() < 0.3));
    const tags = [AT_SMALL, PAST_SMALL, 603, ...Array.from({ length: 40 }, () => Math.floor(rand() * TAGS))];
    assert.deepEqual([...built.union(tags)], [...oneByOne.union(tags)], `round ${round}: union`);
    const [x, y] = [sample.clone(), sample.clone()];
    built.subtractTags(x, tags);
    oneByOne.subtractTags(y, tags);
    assert.deepEqual([...x], [...y], `round ${round}: subtraction`);
  }
});
