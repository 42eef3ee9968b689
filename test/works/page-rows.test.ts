// A page's rows read by the worker thread (a SQLite file) must be the rows this thread reads.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser, makeWork } from '../support/builders.ts';
import { listPseuds } from '../../src/accounts/repository.ts';
import { pageRows, readPageRows } from '../../src/works/page-rows.ts';
import { presentMany } from '../../src/works/service.ts';
import { makeCanonical, mergeTags } from '../../src/tags/wrangling.ts';
import { MAX_IDS, preparedReads } from '../../src/db/prepared.ts';
import { worksByIdsQuery } from '../../src/works/repository.ts';

forEachDialect('rows of a page of works', ({ get, dialect }) => {
  it('are the rows read in this thread, in the order asked, and follow what is committed', async () => {
    const ctx = testContext(get());
    const [ann, ben] = [await makeUser(ctx), await makeUser(ctx)];
    const lamp = await makeWork(ctx, ann, { title: 'The Lamp Room', characters: 'Keeper, Gull', freeforms: 'Fog, Tea' });
    const shore = await makeWork(ctx, ann, { title: 'Shore Leave', relationships: 'Keeper/Gull' });
    const [benPseud] = await listPseuds(ctx.db, ben.id);
    await ctx.db.insertInto('creatorships').values({ work_id: shore, pseud_id: benPseud!.id, position: 1 }).execute();
    const ids = [shore, 999_999, lamp];

    const viaWorker = await pageRows(ctx.db, ctx.textReader, ids, true);
    const here = await readPageRows(ctx.db, ids);
    assert.deepEqual(viaWorker, here);
    assert.deepEqual(viaWorker.works.map((w) => w.title), ['Shore Leave', 'The Lamp Room'], 'in the order asked, the missing id left out');
    assert.deepEqual(viaWorker.creators.get(shore)!.map((c) => c.login), [ann.login, ben.login]);
    assert.ok(viaWorker.tags.filter((id, i) => i % 2 === 0 && id === lamp).length >= 6, 'rating, warning, fandom, two characters, two freeforms');

    await ctx.db.updateTable('works').set({ title: 'The Lamp Room, Revised' }).where('id', '=', lamp).execute();
    assert.equal((await pageRows(ctx.db, ctx.textReader, [lamp], true)).works[0]!.title, 'The Lamp Room, Revised', 'a committed change is read');

    const [shown] = await presentMany(ctx, null, [lamp]);
    assert.deepEqual(shown!.characters, ['Keeper', 'Gull']);
    assert.deepEqual(shown!.freeforms, ['Fog', 'Tea']);
    if (dialect === 'sqlite') assert.ok(ctx.textReader && !ctx.textReader.memory, 'a file: the rows above came from the worker');
  });

  it("name a synonym's tag on a page from the index, though works filter under its canonical", async () => {
    const ctx = testContext(get());
    const [ann, wrangler] = [await makeUser(ctx), await makeUser(ctx, 'wrangler')];
    await makeWork(ctx, ann, { title: 'Harbour Lights', freeforms: 'Sea Fog, Lamps' });
    await makeWork(ctx, ann, { title: 'Early Mist', freeforms: 'Sea Fret' });
    const actor = { viewer: wrangler, name: wrangler.login };
    await makeCanonical(ctx, actor, ['Sea Fog']);
    await mergeTags(ctx, actor, ['Sea Fret'], 'Sea Fog');
    const misty = await makeWork(ctx, ann, { title: 'Misty Quay', freeforms: 'Sea Fret, Lamps' });
    await ctx.search.catchUp();
    const fret = await ctx.db.selectFrom('tags').select(['id', 'merger_id']).where('name', '=', 'Sea Fret').executeTakeFirstOrThrow();
    assert.ok(fret.merger_id !== null, 'a synonym');
    assert.equal(ctx.search.index.holdsTag(fret.id), false, 'no work filters under it');
    assert.deepEqual(ctx.search.index.knownTag(fret.id), { name: 'Sea Fret', kind: 'freeform', canonical: false, synonym: true });
    for (const inWorker of [true, false]) {
      const [shown] = await presentMany(ctx, null, [misty], inWorker);
      assert.deepEqual(shown!.freeforms, ['Sea Fret', 'Lamps'], `read ${inWorker ? 'by the worker' : 'here'}`);
    }
  });

  it('present the same works either way, with an anonymous work\'s creators hidden from a guest', async () => {
    const ctx = testContext(get());
    const ann = await makeUser(ctx);
    const open = await makeWork(ctx, ann, { title: 'Open Water', freeforms: 'Tides' });
    const masked = await makeWork(ctx, ann, { title: 'Masked Ball', anonymous: 'on' });
    for (const viewer of [null, ann]) {
      const inWorker = await presentMany(ctx, viewer, [masked, open], true);
      assert.deepEqual(inWorker, await presentMany(ctx, viewer, [masked, open], false));
      assert.deepEqual(inWorker.map((w) => w.title), ['Masked Ball', 'Open Water']);
      assert.equal(inWorker[0]!.authors === null, viewer === null, 'anonymous: the guest sees no creator, the writer does');
      assert.deepEqual(inWorker[1]!.authors, [{ pseud: ann.login, login: ann.login }]);
    }
  });

  it('read here through prepared statements are the rows Kysely reads, for lists of every length, past one part and with repeats', async () => {
    const ctx = testContext(get());
    const [ann, ben] = [await makeUser(ctx), await makeUser(ctx)];
    const [annPseud] = await listPseuds(ctx.db, ann.id);
    const made: number[] = [];
    for (let i = 0; i < 12; i++) {
      const id = await makeWork(ctx, i % 2 ? ann : ben, { title: `Tide Table ${i}`, freeforms: `Ebb ${i}, Flood, Slack Water ${i % 3}` });
      // Some of Ben's works have Ann as their second creator.
      if (i % 4 === 0) await ctx.db.insertInto('creatorships').values({ work_id: id, pseud_id: annPseud!.id, position: 1 }).execute();
      made.push(id);
    }
    // Lengths that pad differently, and one longer than a statement takes (MAX_IDS), with missing ids and repeats.
    const lists = [1, 2, 15, 16, 17, 33].map((n) => Array.from({ length: n }, (_, i) => made[(i * 5) % made.length]!));
    lists.push(Array.from({ length: MAX_IDS + 37 }, (_, i) => (i % 7 === 3 ? 900_000 + i : made[(i * 3) % made.length]!)));
    for (const ids of lists) {
      const here = await pageRows(ctx.db, ctx.textReader, ids, false);
      assert.deepEqual(here, await readPageRows(ctx.db, ids), `${ids.length} ids`);
    }
    if (dialect === 'sqlite') {
      assert.ok(ctx.textReader && !ctx.textReader.memory, 'a file: the rows above came through prepared statements');
      const reads = preparedReads(ctx.textReader);
      assert.throws(() => reads.all('one-work', [made[0]!], (db, ids) => worksByIdsQuery(db, ids).where('title', '=', 'x')), /exactly the ids/);
    }
  });
});
