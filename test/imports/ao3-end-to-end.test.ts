// An AO3 download imported all the way into the database, and hostile files that must leave it
// untouched, on both dialects.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser } from '../support/builders.ts';
import type { Context } from '../../src/context.ts';
import type { Viewer } from '../../src/authz/policy.ts';
import { ImportFormatError, parseImportFile } from '../../src/formats/index.ts';
import { importParsedWork, type ImportDefaults } from '../../src/imports/service.ts';
import { loadWork } from '../../src/works/service.ts';
import { readableChapters } from '../../src/chapters/service.ts';
import { zip } from '../../src/exports/zip.ts';
import { AO3_HTML, ao3Epub } from '../formats/ao3-fixture.ts';
import { epubEntries } from '../formats/epub-builder.ts';
import { rawZip, zeroBomb } from '../formats/raw-zip.ts';

const NO_DEFAULTS: ImportDefaults = { fandoms: [], warnings: [], tags: [] };

forEachDialect('importing AO3 downloads', ({ get }) => {
  let ctx: Context;
  let writer: Viewer;
  const countRows = async (table: 'works' | 'chapters') =>
    Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const importBytes = async (bytes: Buffer, name: string) => importParsedWork(ctx, writer, parseImportFile(bytes, name), NO_DEFAULTS);

  before(async () => {
    ctx = testContext(get());
    writer = await makeUser(ctx);
  });

  it('an AO3 HTML download becomes a work with its rating, warnings, tags, series note and chapters', async () => {
    const id = await importBytes(AO3_HTML, 'tidewater.html');
    const work = await loadWork(ctx, writer, id);
    const view = work.view;
    assert.equal(view.title, 'The Tidewater Almanac');
    assert.equal(view.rating, 'Teen And Up Audiences');
    assert.deepEqual([...view.warnings].sort(), ['Graphic Depictions Of Violence', 'Major Character Death']);
    assert.deepEqual([...view.categories].sort(), ['F/F', 'Gen']);
    assert.deepEqual(view.fandoms, ['Lighthouse Keepers (Original Work)']);
    assert.deepEqual(view.relationships, ['Mira Tallow/Jun Okafor']);
    assert.deepEqual([...view.characters].sort(), ['Jun Okafor', 'Mira Tallow', 'The Harbourmaster']);
    assert.deepEqual([...view.freeforms].sort(), ['Found Family', 'Slow Burn', 'Storms & Shipwrecks']);
    assert.equal(view.language, 'en');
    assert.equal(view.complete, false);
    assert.match(view.summaryHtml, /This year the sea keeps her\./);
    assert.match(view.notesHtml, /Part 2 of the Keepers of the Northern Light series\.[\s\S]*foghorns/);
    assert.match(view.endNotesHtml, /Thank you for reading about tides\./);
    const chapters = await readableChapters(ctx, writer, work);
    assert.deepEqual(chapters.map((c) => c.title), ['Low Water', '', "The Harbourmaster's Ledger"]);
    assert.match(chapters[0]!.summaryHtml, /wrong for the first time/);
    assert.match(chapters[0]!.notesHtml, /do not sail by them/);
    assert.match(chapters[0]!.endNotesHtml, /a visitor with a lantern/);
    assert.match(chapters[1]!.html, /borrowed coat/);
  });

  it('an AO3 EPUB download imports as the same work', async () => {
    const id = await importBytes(ao3Epub(), 'tidewater.epub');
    const view = (await loadWork(ctx, writer, id)).view;
    assert.equal(view.rating, 'Teen And Up Audiences');
    assert.deepEqual([...view.freeforms].sort(), ['Found Family', 'Slow Burn', 'Storms & Shipwrecks']);
    assert.equal(view.postedChapters, 3);
  });

  it('hostile files create no work and no chapter', async () => {
    const works = await countRows('works');
    const chapters = await countRows('chapters');
    const book = { version: 3 as const, title: 'Small Boat', files: [{ href: 'c1.xhtml', label: 'One', body: '<p>A boat.</p>' }] };
    const laughs = '<!DOCTYPE d [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><d>&b;</d>';
    const hostile: [Buffer, string][] = [
      [rawZip([{ name: 'OEBPS/c1.xhtml', packed: zeroBomb(64), size: 1000 }]), 'bomb.epub'],
      [zip(epubEntries(book).map((e) => (e.name === 'OEBPS/c1.xhtml' ? { ...e, data: laughs } : e)), new Date(0)), 'laughs.epub'],
      [zip([...epubEntries(book), { name: '../../etc/passwd', data: 'x' }], new Date(0)), 'climb.epub'],
      [Buffer.from(laughs), 'laughs.html'],
      [Buffer.from([0, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0]), 'junk.txt'],
    ];
    for (const [bytes, name] of hostile) await assert.rejects(importBytes(bytes, name), ImportFormatError, name);
    assert.equal(await countRows('works'), works);
    assert.equal(await countRows('chapters'), chapters);
  });
});
