// Facet counts kept between searches with the same filters (src/search/facet-cache.ts):
// paging a listing reuses them, any change to the index drops them, and one reader's
// counts never reach a reader who may see other works.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext, workForm, workIdFrom } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import type { Context } from '../../src/context.ts';
import { BitmapIndex } from '../../src/search/bitmap-index.ts';
import { FacetCache } from '../../src/search/facet-cache.ts';
import type { Plan } from '../../src/search/execute.ts';
import type { Facets } from '../../src/search/facets.ts';

type Counts = { name: string; count: number }[];
const countOf = (list: Counts, name: string) => list.find((f) => f.name === name)?.count;

forEachDialect('kept facet counts', ({ get }) => {
  let ctx: Context;
  let app: FastifyInstance;
  let writer: Client;
  let guest: Client;
  const ids: Record<string, number> = {};
  const api = async (c: Client, qs: string) => {
    const r = await c.get(`/api/v1/works?${qs}`);
    assert.equal(r.status, 200, `${qs}: ${r.body.slice(0, 300)}`);
    return r.json();
  };
  const hits = () => ctx.search.facetCache.hits;

  before(async () => {
    ctx = testContext(get(), { pageSize: 2, facetCacheSize: 50 });
    app = await buildServer(ctx);
    writer = new Client(app);
    guest = new Client(app);
    await writer.signup('lampwright');
    for (const [title, freeforms, restricted] of [
      ['Tide One', 'Rowing, Fog', ''],
      ['Tide Two', 'Rowing', ''],
      ['Tide Three', 'Fog', ''],
      ['Tide Four', 'Rowing, Lanterns', ''],
      ['Tide Hidden', 'Lanterns, Fog', 'on'],
    ] as const) {
      ids[title] = workIdFrom(await writer.post('/works', workForm({ title, fandoms: 'Estuary Tales', freeforms, restricted })));
    }
  });
  after(() => app.close());

  it('gives the next page of a listing the counts of the first without counting again', async () => {
    const first = await api(guest, 'tag=Estuary+Tales&facets=true');
    const before = hits();
    const second = await api(guest, `tag=Estuary+Tales&facets=true&cursor=${first.next_cursor}`);
    assert.equal(hits(), before + 1, 'the second page used the kept counts');
    assert.deepEqual(second.facets, first.facets);
    const third = await api(guest, 'tag=Estuary+Tales&facets=true&page=2&sort=title&order=asc');
    assert.equal(hits(), before + 2, 'another page and order of the same filters too');
    assert.equal(countOf(third.facets.freeform, 'Rowing'), 3);
    assert.equal(countOf(third.facets.freeform, 'Fog'), 2);
    const page = await guest.get('/tags/Estuary%20Tales/works?page=2');
    assert.equal(page.status, 200, 'the page renders from kept (frozen) counts');
    assert.match(page.body, /Rowing/);
  });

  it('counts again after any change to the works, by this process or another', async () => {
    await api(guest, 'tag=Estuary+Tales&facets=true');
    ids['Tide Five'] = workIdFrom(await writer.post('/works', workForm({ title: 'Tide Five', fandoms: 'Estuary Tales', freeforms: 'Rowing' })));
    const before = hits();
    const posted = await api(guest, 'tag=Estuary+Tales&facets=true');
    assert.equal(hits(), before, 'counted afresh');
    assert.equal(posted.total, 5);
    assert.equal(countOf(posted.facets.freeform, 'Rowing'), 4);

    // Made restricted: the guest's counts lose it at once.
    const r = await writer.post(`/works/${ids['Tide Five']}`, workForm({ title: 'Tide Five', fandoms: 'Estuary Tales', freeforms: 'Rowing', restricted: 'on' }));
    assert.equal(r.status, 303);
    const restricted = await api(guest, 'tag=Estuary+Tales&facets=true');
    assert.equal(restricted.total, 4);
    assert.equal(countOf(restricted.facets.freeform, 'Rowing'), 3);

    // Another process hides a work: it writes the row and the change log, and this one catches up at the next search.
    await api(guest, 'tag=Estuary+Tales&facets=true');
    await ctx.db.updateTable('works').set({ hidden: 1 }).where('id', '=', ids['Tide Four']!).execute();
    await ctx.db.insertInto('search_changes').values({ work_id: ids['Tide Four']! }).execute();
    const hidden = await api(guest, 'tag=Estuary+Tales&facets=true');
    assert.equal(hidden.total, 3);
    assert.equal(countOf(hidden.facets.freeform, 'Lanterns'), undefined, 'the hidden work was the only visible one with Lanterns');
    await ctx.db.updateTable('works').set({ hidden: 0 }).where('id', '=', ids['Tide Four']!).execute();
    await ctx.db.insertInto('search_changes').values({ work_id: ids['Tide Four']! }).execute();
  });

  it('never gives one reader the counts kept for another who may see other works', async () => {
    const own = await api(writer, 'tag=Estuary+Tales&facets=true');
    const asGuest = await api(guest, 'tag=Estuary+Tales&facets=true');
    assert.equal(own.total, asGuest.total + 2, 'the writer sees the two restricted works');
    assert.equal(countOf(own.facets.freeform, 'Lanterns'), 2);
    assert.equal(countOf(asGuest.facets.freeform, 'Lanterns'), 1);

    const reader = new Client(app);
    await reader.signup('fogaverse');
    await api(reader, 'tag=Estuary+Tales&facets=true');
    assert.equal((await reader.post('/blocklist', { tag: 'Fog' })).status, 303);
    const blocked = await api(reader, 'tag=Estuary+Tales&facets=true');
    assert.equal(countOf(blocked.facets.freeform, 'Fog'), undefined);
    assert.equal(countOf((await api(guest, 'tag=Estuary+Tales&facets=true')).facets.freeform, 'Fog'), 2, 'the guest keeps seeing Fog');
    const ignoring = await api(reader, 'tag=Estuary+Tales&facets=true&ignore_blocklist=true');
    assert.equal(countOf(ignoring.facets.freeform, 'Fog'), 3, 'and the reader, logged in, sees the restricted one too');
  });

  it('counts a text search afresh every time', async () => {
    await api(guest, 'q=wind&facets=true&sort=title');
    const before = hits();
    const again = await api(guest, 'q=wind&facets=true&sort=title');
    assert.equal(hits(), before);
    assert.ok(again.total > 0);
  });
});

const plan = (include: number[][]): Plan => ({
  include, exclude: [], languages: [], includeRestricted: false, includeAnonymousByCreator: false, blockedAuthors: [],
  sort: 'updated', order: 'desc', page: 1, pageSize: 20, facets: true, facetLimit: 10,
});
const someFacets = (n: number): Facets => ({ fandom: [{ name: `F${n}`, count: n }], relationship: [], character: [], freeform: [], rating: [], warning: [], category: [], language: [], complete: [] });

/** As execute() uses the cache: look up, else count and keep. */
function through(cache: FacetCache, index: BitmapIndex, p: Plan, count: () => Facets, at = index.stamp): Facets {
  const found = cache.lookup(index, p, at);
  return found.kept ?? cache.keep(found, count());
}

it('keeps the most recently used filters up to its size, and nothing counted while the index changed', () => {
  const index = new BitmapIndex();
  const cache = new FacetCache(2);
  let counted = 0;
  const facets = (p: Plan, at = index.stamp) => through(cache, index, p, () => someFacets(++counted), at);
  const [a, b, c] = [plan([[1]]), plan([[2]]), plan([[3]])];
  facets(a);
  facets(b);
  assert.equal(facets(a).fandom[0]!.count, 1, 'a was kept');
  facets(c);
  assert.equal(counted, 3);
  facets(a);
  assert.equal(counted, 3, 'a was used last but one, so b was dropped instead');
  facets(b);
  assert.equal(counted, 4);
  assert.throws(() => facets(b).fandom.push({ name: 'x', count: 1 }), TypeError, 'kept counts are frozen');

  const stale = index.stamp;
  index.setTagMeta(1, { name: 'One', kind: 'freeform', canonical: true });
  facets(plan([[4]]), stale);
  facets(plan([[4]]), stale);
  assert.equal(counted, 6, 'counts of works found before a change are not kept');
  facets(a);
  assert.equal(counted, 7, 'a change drops every kept count');

  // A search looks up, then waits; meanwhile the index changes and another search looks up.
  const first = cache.lookup(index, c, index.stamp);
  index.setTagMeta(2, { name: 'Two', kind: 'freeform', canonical: true });
  cache.lookup(index, b, index.stamp);
  cache.keep(first, someFacets(++counted));
  facets(c);
  assert.equal(counted, 9, 'what the first search counted was not kept for the changed index');

  // The same while the index is rebuilt: a search of the old index keeps nothing for the new one.
  const rebuilt = new BitmapIndex();
  const d = plan([[5]]);
  const onOld = cache.lookup(index, d, index.stamp);
  through(cache, rebuilt, b, () => someFacets(++counted));
  cache.keep(onOld, someFacets(++counted));
  through(cache, rebuilt, d, () => someFacets(++counted));
  assert.equal(counted, 12, 'the old index\'s count was not kept for the rebuilt one');

  const off = new FacetCache(0);
  through(off, index, a, () => someFacets(++counted));
  through(off, index, a, () => someFacets(++counted));
  assert.equal(counted, 14, 'size 0 keeps nothing');
});
