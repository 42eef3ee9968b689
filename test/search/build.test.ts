// A SQLite server builds its index from a worker thread that reads the archive; the index must
// be the same as one read in the main thread.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser, makeWork } from '../support/builders.ts';
import { BitmapIndex } from '../../src/search/bitmap-index.ts';
import { buildAll } from '../../src/search/load.ts';
import { readArchiveInWorker } from '../../src/search/build-worker.ts';
import { facetsOf } from '../../src/search/facets.ts';

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase('sqlite');
});
after(() => database.drop());

it('builds the same index from a worker thread as from the main thread', async () => {
  const ctx = testContext(database);
  const writer = await makeUser(ctx);
  for (let i = 0; i < 30; i++) {
    await makeWork(ctx, writer, {
      title: `Shelf ${i}`,
      fandoms: i % 3 === 0 ? 'Lantern Town, Harbour Tales' : 'Lantern Town',
      characters: `Keeper ${i % 4}`,
      freeforms: i % 2 ? 'Fluff, Snow' : 'Angst',
      rating: i % 5 === 0 ? 'Mature' : 'General Audiences',
      restricted: i % 7 === 0 ? 'on' : '',
      anonymous: i % 11 === 0 ? 'on' : '',
    });
  }
  const inline = new BitmapIndex();
  await buildAll(ctx.db, inline);
  assert.equal(inline.crossover.size, 10, 'every third work is in two fandoms');
  // One reader, then three, each job a few works or tags: many more jobs than a reader reads ahead.
  for (const [readers, sizes] of [[1, undefined], [2, { works: 1, tags: 1 }], [3, { works: 2, tags: 3 }]] as const) {
    const threaded = new BitmapIndex();
    await buildAll(ctx.db, threaded, readArchiveInWorker(ctx.db, database.url, readers, sizes));
    assert.equal(threaded.size, 30);
    assert.deepEqual([...threaded.all], [...inline.all]);
    for (const flag of ['restricted', 'anonymous', 'crossover', 'complete'] as const) assert.deepEqual([...threaded[flag]], [...inline[flag]], flag);
    assert.deepEqual(facetsOf(threaded, threaded.all, 10), facetsOf(inline, inline.all, 10));
    assert.equal(facetsOf(threaded, threaded.all, 10).character.length, 4);
    const named = await ctx.db.selectFrom('tags').select(['id', 'name']).where('name', 'in', ['Lantern Town', 'Keeper 3', 'Snow']).execute();
    assert.equal(named.length, 3);
    for (const t of named) assert.equal(threaded.tagName(t.id), t.name);
  }
});

it('reports a worker that cannot read the archive as an error', async () => {
  const ctx = testContext(database);
  const empty = database.url.replace(/test\.db$/, 'empty.db');
  await assert.rejects(buildAll(ctx.db, new BitmapIndex(), readArchiveInWorker(ctx.db, empty)), /no such table/);
});
