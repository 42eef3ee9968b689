// A wrangler gives an unwrangled tag its kind: every process's index must move it
// to that kind's facet, and pages must show it under that kind, without a rebuild.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser, makeWork } from '../support/builders.ts';
import { makeCanonical, mergeTags } from '../../src/tags/wrangling.ts';
import { parseSearchQuery } from '../../src/search/query.ts';
import { searchWorks } from '../../src/search/service.ts';
import { LiveIndex } from '../../src/search/refresh.ts';
import { findTagByName, tagsOfWorks } from '../../src/tags/repository.ts';
import type { Context } from '../../src/context.ts';
import type { Viewer } from '../../src/authz/policy.ts';

const facetNames = async (ctx: Context, viewer: Viewer | null, kind: 'character' | 'freeform') =>
  ((await searchWorks(ctx, viewer, parseSearchQuery({ facets: 'true' }))).facets?.[kind] ?? []).map((f) => f.name);

forEachDialect('tag kinds changed by wrangling', ({ get }) => {
  it('moves a tag to its new kind in facets and on the page, in this process and in another', async () => {
    const ctx = testContext(get());
    const writer = await makeUser(ctx);
    const w = await makeUser(ctx, 'wrangler');
    // The first work filtered under the tag is a draft, which no index holds.
    await makeWork(ctx, writer, { title: 'Sketch', freeforms: 'Keeper Mara', draft: 'on' });
    await makeWork(ctx, writer, { title: 'Lamp', freeforms: 'Keeper Mara' });
    await makeWork(ctx, writer, { title: 'Tide', freeforms: 'Keeper Mara, Storms' });
    await ctx.search.build();
    const second = new LiveIndex(ctx.db);
    await second.build();
    assert.deepEqual(await facetNames(ctx, writer, 'freeform'), ['Keeper Mara', 'Storms']);

    await makeCanonical(ctx, { viewer: w, name: w.login }, ['Keeper Mara'], 'character');

    assert.deepEqual(await facetNames(ctx, writer, 'character'), ['Keeper Mara']);
    assert.deepEqual(await facetNames(ctx, writer, 'freeform'), ['Storms']);
    const page = await searchWorks(ctx, writer, parseSearchQuery({ sort: 'title', order: 'asc' }));
    for (const work of page.works) {
      assert.deepEqual(work.characters, ['Keeper Mara'], `${work.title} shows the tag as a character`);
      assert.ok(!work.freeforms.includes('Keeper Mara'));
    }
    const tag = await findTagByName(ctx.db, 'Keeper Mara');
    await second.catchUp();
    assert.equal(second.index.kindOf(tag!.id), 'character', 'the other process reads the new kind from the change log');
  });

  it('reads a page\'s tag names from the index where it holds them, and the rest from the table, in the writer\'s order', async () => {
    const ctx = testContext(get());
    const writer = await makeUser(ctx);
    const w = await makeUser(ctx, 'wrangler');
    const old = await makeWork(ctx, writer, { title: 'Old', fandoms: 'Harbour Tales', characters: 'Mara, Ivo', freeforms: 'Fog, Bells' });
    await ctx.search.build();
    // Merged: the index knows it as a synonym of Mara, and names it on pages.
    await makeCanonical(ctx, { viewer: w, name: w.login }, ['Mara']);
    await mergeTags(ctx, { viewer: w, name: w.login }, ['Ivo'], 'Mara');
    await ctx.search.catchUp();
    // Tagged after the build and never caught up: the index knows none of its new tags.
    const fresh = await makeWork(ctx, writer, { title: 'Fresh', fandoms: 'Harbour Tales', freeforms: 'Brand New Tag, Fog' });
    const asked: number[] = [];
    const known = {
      knownTag: (id: number) => {
        const tag = ctx.search.index.knownTag(id);
        if (tag) asked.push(id);
        return tag;
      },
    };
    const fromTable = await tagsOfWorks(ctx.db, [fresh, old]);
    assert.deepEqual(await tagsOfWorks(ctx.db, [fresh, old], known), fromTable);
    assert.deepEqual(
      fromTable.get(old)!.map((t) => `${t.kind}:${t.name}`),
      ['rating:General Audiences', 'warning:No Archive Warnings Apply', 'fandom:Harbour Tales', 'character:Mara', 'character:Ivo', 'freeform:Fog', 'freeform:Bells'],
    );
    const names = new Map((await ctx.db.selectFrom('tags').select(['id', 'name']).execute()).map((t) => [t.id, t.name]));
    assert.deepEqual(new Set(asked.map((id) => names.get(id))), new Set(['General Audiences', 'No Archive Warnings Apply', 'Harbour Tales', 'Mara', 'Ivo', 'Fog', 'Bells']), 'only the tags new since the build come from the table');
  });
});
