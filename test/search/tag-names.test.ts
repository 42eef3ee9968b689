// The tag names a search is given stand for the tags a reader means: the index resolves the
// names of tags it holds, and a merged tag's name stands for its canonical even while the
// merged tag's works are re-filtered in the background (and still held under it).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser, makeWork } from '../support/builders.ts';
import { makeCanonical, mergeTags } from '../../src/tags/wrangling.ts';
import { runPendingJobs } from '../../src/tags/jobs.ts';
import { parseSearchQuery } from '../../src/search/query.ts';
import { searchWorks } from '../../src/search/service.ts';
import { findTagByName } from '../../src/tags/repository.ts';
import type { Context } from '../../src/context.ts';

const titles = async (ctx: Context, params: Record<string, string | string[]>) =>
  (await searchWorks(ctx, null, parseSearchQuery({ sort: 'title', order: 'asc', ...params }))).works.map((w) => w.title);

forEachDialect('tag names in a search', ({ get }) => {
  it('stand for the canonical of a merged tag while its works are still filtered under it', async () => {
    // Every re-filtering goes to the background job, which runs only when the test says.
    const ctx = testContext(get(), { filterInlineLimit: 0 });
    const writer = await makeUser(ctx);
    const w = await makeUser(ctx, 'wrangler');
    await makeWork(ctx, writer, { title: 'Beacon', freeforms: 'Lighthouse Keepers' });
    await makeWork(ctx, writer, { title: 'Night Watch', freeforms: 'Keepers of Lights' });
    await makeWork(ctx, writer, { title: 'Shoals', freeforms: 'Fog' });
    await makeCanonical(ctx, { viewer: w, name: w.login }, ['Lighthouse Keepers']);
    await ctx.search.build();

    assert.deepEqual(await titles(ctx, { tag: 'keepers OF lights' }), ['Night Watch'], 'a held tag, any case');
    assert.deepEqual(await titles(ctx, { exclude: ['LIGHTHOUSE keepers', 'fog'] }), ['Night Watch']);
    const merged = await findTagByName(ctx.db, 'Keepers of Lights');

    await mergeTags(ctx, { viewer: w, name: w.login }, ['Keepers of Lights'], 'Lighthouse Keepers');
    await ctx.search.catchUp();
    assert.ok(ctx.search.index.holdsTag(merged!.id), 'its work still filters under it until the job runs');
    assert.deepEqual(await titles(ctx, { tag: 'Keepers of Lights' }), ['Beacon'], 'the canonical, as filtered so far');
    assert.deepEqual(await titles(ctx, { exclude: 'Keepers of Lights' }), ['Night Watch', 'Shoals']);

    await runPendingJobs(ctx.db);
    assert.deepEqual(await titles(ctx, { tag: 'Keepers of Lights' }), ['Beacon', 'Night Watch']);
    assert.deepEqual(await titles(ctx, { exclude: 'Keepers of Lights' }), ['Shoals']);
    assert.equal(ctx.search.index.holdsTag(merged!.id), false);
  });

  it('answers an unknown name with a clear error, and drops it from exclusions', async () => {
    const ctx = testContext(get());
    const writer = await makeUser(ctx);
    await makeWork(ctx, writer, { title: 'Harbour', freeforms: 'Gulls' });
    await ctx.search.build();
    await assert.rejects(titles(ctx, { tag: 'No Such Tag Anywhere' }), /No tag named "No Such Tag Anywhere"/);
    const shown = await titles(ctx, { exclude: ['No Such Tag Anywhere', 'gulls'] });
    assert.ok(!shown.includes('Harbour') && shown.length > 0, 'the known exclusion applies, the unknown one is dropped');
    assert.deepEqual(shown, await titles(ctx, { exclude: 'gulls' }));
  });

  it('stand for the canonical of a tag another process merged, found by the catch-up of the search that names it', async () => {
    const ctx = testContext(get(), { filterInlineLimit: 0 });
    const writer = await makeUser(ctx);
    const w = await makeUser(ctx, 'wrangler');
    await makeWork(ctx, writer, { title: 'Pilot Boat', freeforms: 'Harbour Pilots' });
    await makeWork(ctx, writer, { title: 'Channel Marker', freeforms: 'Pilots of the Harbour' });
    await makeWork(ctx, writer, { title: 'Slack Tide', freeforms: 'Tidal Races' });
    await makeCanonical(ctx, { viewer: w, name: w.login }, ['Harbour Pilots']);
    await ctx.search.build();
    assert.deepEqual(await titles(ctx, { tag: 'Pilots of the Harbour' }), ['Channel Marker'], 'held, and no synonym yet');

    // Another app process merges it; this one learns of it only from the change log, as its next search reads it.
    const other = testContext(get(), { filterInlineLimit: 0 });
    await mergeTags(other, { viewer: w, name: w.login }, ['Pilots of the Harbour'], 'Harbour Pilots');
    assert.deepEqual(await titles(ctx, { tag: 'Pilots of the Harbour' }), ['Pilot Boat'], 'the canonical, as filtered so far');
    const left = await titles(ctx, { exclude: 'pilots of the HARBOUR' });
    assert.ok(left.includes('Channel Marker') && left.includes('Slack Tide') && !left.includes('Pilot Boat'), 'the canonical excluded, as filtered so far');
  });
});
