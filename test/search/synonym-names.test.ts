// A search that names a synonym (a heavy exclusion list names several) resolves it from the
// index, without asking the tags table, in every process, through merges and unmerges.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser, makeWork } from '../support/builders.ts';
import { makeCanonical, mergeTags, unmergeTags } from '../../src/tags/wrangling.ts';
import { parseSearchQuery } from '../../src/search/query.ts';
import { searchWorks } from '../../src/search/service.ts';
import { LiveIndex } from '../../src/search/refresh.ts';
import { findTagByName } from '../../src/tags/repository.ts';
import { tagKey } from '../../src/tags/names.ts';
import type { Context } from '../../src/context.ts';

const titles = async (ctx: Context, params: Record<string, string | string[]>) =>
  (await searchWorks(ctx, null, parseSearchQuery({ ...params, sort: 'title', order: 'asc' }))).works.map((w) => w.title);
const idOf = async (ctx: Context, name: string) => (await findTagByName(ctx.db, name))!.id;

forEachDialect('synonyms named in a search', ({ get }) => {
  it('answers for a synonym with its canonical from every index, and follows merges and unmerges logged by another process', async () => {
    const ctx = testContext(get());
    const writer = await makeUser(ctx);
    const w = { viewer: await makeUser(ctx, 'wrangler'), name: 'wrangler' };
    await makeWork(ctx, writer, { title: 'Baker Street', characters: 'Sherlock Holmes' });
    await makeWork(ctx, writer, { title: 'Moor Walk', characters: 'Mr Holmes' });
    await makeWork(ctx, writer, { title: 'Quiet Pier', characters: 'Mara Lind' });
    await makeCanonical(ctx, w, ['Sherlock Holmes']);
    await mergeTags(ctx, w, ['Mr Holmes'], 'Sherlock Holmes');
    // A tag of no work, merged after the indexes were built: only the log can tell them.
    await makeCanonical(ctx, w, ['The Detective'], 'character');
    const sherlock = await idOf(ctx, 'Sherlock Holmes');
    const mr = await idOf(ctx, 'Mr Holmes');
    const detective = await idOf(ctx, 'The Detective');

    // A file's index is read by worker threads; PostgreSQL's in this thread.
    const built = new LiveIndex(ctx.db, get().dialect === 'sqlite' ? get().url : undefined);
    await built.build();
    assert.deepEqual(built.index.heldTagIds([tagKey('Mr Holmes'), tagKey('Sherlock Holmes'), tagKey('The Detective')]), [sherlock, sherlock, undefined]);
    assert.deepEqual(built.index.knownTag(mr), { name: 'Mr Holmes', kind: 'character', canonical: false, synonym: true }, 'pages name the synonym from the index');
    await ctx.search.build();
    assert.deepEqual(await titles(ctx, { tag: 'Mr Holmes' }), ['Baker Street', 'Moor Walk']);
    assert.deepEqual(await titles(ctx, { exclude: 'Mr Holmes' }), ['Quiet Pier']);

    await mergeTags(ctx, w, ['The Detective'], 'Sherlock Holmes');
    await built.catchUp();
    assert.deepEqual(built.index.heldTagIds([tagKey('The Detective')]), [sherlock], 'a merge of a tag no work has reaches the other index');
    assert.deepEqual(await titles(ctx, { exclude: ['The Detective', 'Quiet'] }), ['Quiet Pier']);

    await unmergeTags(ctx, w, ['Mr Holmes']);
    await built.catchUp();
    assert.deepEqual(built.index.heldTagIds([tagKey('Mr Holmes')]), [mr], 'unmerged, it answers for itself');
    assert.equal(built.index.knownTag(mr)?.synonym, false);
    assert.deepEqual(await titles(ctx, { tag: 'Mr Holmes' }), ['Moor Walk']);
    assert.deepEqual(await titles(ctx, { exclude: 'Mr Holmes' }), ['Baker Street', 'Quiet Pier']);

    await unmergeTags(ctx, w, ['The Detective']);
    await built.catchUp();
    assert.deepEqual(built.index.heldTagIds([tagKey('The Detective')]), [undefined], 'unmerged and of no work, it is left to the table');
    assert.deepEqual(await titles(ctx, { tag: 'The Detective' }), []);
    assert.ok(detective > 0);
  });
});
