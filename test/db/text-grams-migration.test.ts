// Migration 021 (word pairs of chapter text) on an archive that already has works: down
// to the tables before it and up again, the works are found by phrases as before.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { migrateTo, migrateToLatest } from '../../src/db/migrate.ts';
import { buildServer } from '../../src/web/server.ts';
import { Client, testContext, workForm, workIdFrom } from '../support/app.ts';
import { forEachDialect } from '../support/dialects.ts';

forEachDialect('the word-pair migration', ({ get, dialect }) => {
  it('indexes the pairs of works written before it, and its down migration keeps their text searchable', async () => {
    const ids: number[] = [];
    let app = await buildServer(testContext(get()));
    const writer = new Client(app);
    await writer.signup('pairwriter');
    for (const [title, body] of [
      ['Late Dragon', 'He said that the dragon was late for tea.'],
      ['Mixed Order', 'The dragon said that tea was late, and that was the end.'],
    ]) {
      ids.push(workIdFrom(await writer.post('/works', workForm({ title, chapter_body: body }))));
    }
    await app.close();

    const { db } = get().connection;
    await migrateTo(db, '020_search_changes_pruned');
    if (dialect === 'sqlite') {
      // The table of 010_search again, with its text read again from the works.
      const row = (await sql<{ body: string }>`select body from work_text where rowid = ${ids[0]}`.execute(db)).rows[0];
      assert.match(row?.body ?? '', /said that the dragon/);
    } else {
      await assert.rejects(sql`select grams_tsv from work_text`.execute(db), /grams_tsv/);
    }
    await migrateToLatest(db);

    app = await buildServer(testContext(get()));
    const guest = new Client(app);
    const titles = async (q: string) => {
      const r = await guest.get(`/api/v1/works?q=${encodeURIComponent(q)}`);
      assert.equal(r.status, 200, r.body);
      return (r.json() as { works: { title: string }[] }).works.map((w) => w.title).sort();
    };
    assert.deepEqual(await titles('"said that the"'), ['Late Dragon']);
    assert.deepEqual(await titles('text:"that was the"'), ['Mixed Order']);
    assert.deepEqual(await titles('"dragon was late"'), ['Late Dragon']);
    assert.deepEqual(await titles('"late dragon"'), ['Late Dragon']); // the title, by words
    assert.deepEqual(await titles('dragon -"said that the"'), ['Mixed Order']);
    // New writes after the migration are paired too.
    const writer2 = new Client(app);
    await writer2.signup('pairwriter2');
    await writer2.post('/works', workForm({ title: 'After', chapter_body: 'It was said that the sea was calm.' }));
    assert.deepEqual(await titles('"said that the"'), ['After', 'Late Dragon']);
    await app.close();
  });
});
