import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser } from '../support/builders.ts';
import type { Context } from '../../src/context.ts';
import type { Viewer } from '../../src/authz/policy.ts';
import { importFile } from '../../src/imports/import-file.ts';
import type { ImportDefaults } from '../../src/imports/service.ts';
import { deleteWork } from '../../src/works/service.ts';
import { story } from './stories.ts';

const NO_DEFAULTS: ImportDefaults = { fandoms: [], warnings: [], tags: [] };
const file = (name: string, text: string) => ({ name, bytes: Buffer.from(text) });

forEachDialect('importing the same file twice', ({ get }) => {
  let ctx: Context;
  let writer: Viewer;
  const count = async (table: 'works' | 'chapters' | 'imported_sources') =>
    Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    ctx = testContext(get());
    writer = await makeUser(ctx);
  });

  it('skips a file whose bytes were imported before, whatever its name or the defaults, and names the earlier work', async () => {
    const text = story('The Pear Tree', { seed: 1 });
    const first = await importFile(ctx, writer, file('pear.txt', text), NO_DEFAULTS);
    assert.equal(first.status, 'imported');
    const works = await count('works');
    const again = await importFile(ctx, writer, file('renamed-copy.txt', text), { ...NO_DEFAULTS, tags: ['Different Defaults'] });
    assert.deepEqual(again, { status: 'duplicate', workId: first.workId, title: 'The Pear Tree' });
    assert.equal(await count('works'), works);
    const row = await ctx.db.selectFrom('imported_sources').selectAll().where('work_id', '=', first.workId).executeTakeFirstOrThrow();
    assert.equal(row.file_name, 'pear.txt');
    assert.match(row.sha256, /^[0-9a-f]{64}$/);
  });

  it('imports a file that differs by one byte, and the same file for another user', async () => {
    const text = story('The Ferry', { seed: 2 });
    const mine = await importFile(ctx, writer, file('ferry.txt', text), NO_DEFAULTS);
    const edited = await importFile(ctx, writer, file('ferry.txt', `${text}\n`), NO_DEFAULTS);
    assert.equal(edited.status, 'imported');
    assert.notEqual(edited.workId, mine.workId);
    const other = await makeUser(ctx);
    const theirs = await importFile(ctx, other, file('ferry.txt', text), NO_DEFAULTS);
    assert.equal(theirs.status, 'imported');
  });

  it('imports the file afresh once the work it made has been deleted', async () => {
    const text = story('The Clock', { seed: 3 });
    const first = await importFile(ctx, writer, file('clock.txt', text), NO_DEFAULTS);
    await deleteWork(ctx, writer, first.workId);
    const second = await importFile(ctx, writer, file('clock.txt', text), NO_DEFAULTS);
    assert.equal(second.status, 'imported');
    assert.notEqual(second.workId, first.workId);
  });

  it('lets only one of several simultaneous imports of the same file make a work', async () => {
    const text = story('The Gulls', { chapters: 4, seed: 4 });
    const works = await count('works');
    const outcomes = await Promise.all([1, 2, 3].map(() => importFile(ctx, writer, file('gulls.txt', text), NO_DEFAULTS)));
    assert.deepEqual(outcomes.map((o) => o.status).sort(), ['duplicate', 'duplicate', 'imported']);
    assert.equal(new Set(outcomes.map((o) => o.workId)).size, 1, 'the duplicates name the one work');
    assert.equal(await count('works'), works + 1);
  });

  it('leaves no work, chapter or hash row when the import fails part-way through its transaction, so the file can be imported later', async () => {
    await importFile(ctx, writer, file('anchor.txt', story('Anchor', { fandom: 'Original Work', seed: 5 })), NO_DEFAULTS);
    const before = await Promise.all([count('works'), count('chapters'), count('imported_sources')]);
    // "Original Work" is a fandom, so as an additional tag it fails after the work row, its hash
    // row and its three chapters were written inside the transaction.
    const text = story('The Lantern Walk', { chapters: 3, fandom: 'Lantern Valley', seed: 6 });
    await assert.rejects(importFile(ctx, writer, file('lanterns.txt', text), { ...NO_DEFAULTS, tags: ['Original Work'] }), /already a Fandom tag/);
    assert.deepEqual(await Promise.all([count('works'), count('chapters'), count('imported_sources')]), before);
    const retried = await importFile(ctx, writer, file('lanterns.txt', text), NO_DEFAULTS);
    assert.equal(retried.status, 'imported', 'no hash row was left to call it a duplicate');
  });

  it('refuses a multi-chapter file with one chapter too long, writing nothing', async () => {
    const before = await Promise.all([count('works'), count('chapters'), count('imported_sources')]);
    const text = `${story('Too Long', { chapters: 2, seed: 7 })}\nChapter 3: Endless\n\n${'word '.repeat(110_000)}\n`;
    await assert.rejects(importFile(ctx, writer, file('long.txt', text), NO_DEFAULTS), /Chapter 3/);
    assert.deepEqual(await Promise.all([count('works'), count('chapters'), count('imported_sources')]), before);
  });

  it('refuses a file over 20 MB before reading it as a story', async () => {
    await assert.rejects(importFile(ctx, writer, { name: 'huge.txt', bytes: Buffer.alloc(20 * 1024 * 1024 + 1, 0x61) }, NO_DEFAULTS), /larger than 20 MB/);
  });
});
