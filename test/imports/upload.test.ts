import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import type { Context } from '../../src/context.ts';
import { story } from './stories.ts';

forEachDialect('importing works from the upload page', ({ get }) => {
  let app: FastifyInstance;
  let ctx: Context;
  let writer: Client;
  const worksCount = async () => Number((await ctx.db.selectFrom('works').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const defaults = { fandoms: '', rating: '', tags: '' };

  before(async () => {
    ctx = testContext(get());
    app = await buildServer(ctx);
    writer = new Client(app);
    await writer.signup('uploader');
  });
  after(() => app.close());

  it('is linked from the navigation and the posting page, and asks guests to log in', async () => {
    assert.match((await writer.get('/works/new')).body, /href="\/works\/import"/);
    const page = await writer.get('/works/import');
    assert.equal(page.status, 200);
    assert.match(page.body, /<form method="post" action="\/works\/import" enctype="multipart\/form-data"/);
    assert.match(page.body, /<input id="files" name="files" type="file" multiple/);
    assert.match(page.body, /name="_csrf"/);
    const guest = await new Client(app).get('/works/import');
    assert.equal(guest.status, 303);
    assert.match(String(guest.headers.location), /^\/login\?return_to=%2Fworks%2Fimport/);
  });

  it('imports several files at once, fills gaps from the form, links each new work and reports each failure with its reason', async () => {
    const r = await writer.postMultipart('/works/import', { ...defaults, fandoms: 'Upload Fandom, Second Fandom', rating: 'Mature', warnings: 'No Archive Warnings Apply', tags: 'Uploaded' }, [
      { field: 'files', name: 'harbour.txt', content: story('The Harbour', { fandom: null, seed: 10 }), type: 'text/plain' },
      { field: 'files', name: 'orchard.md', content: story('The Orchard', { seed: 11 }) },
      { field: 'files', name: 'résumé "notes".rtf', content: 'not a story' },
      { field: 'files', name: 'blank.txt', content: Buffer.from([0, 1, 2, 3, 0, 0, 255, 254]) },
    ]);
    assert.equal(r.status, 200, r.body.slice(0, 500));
    assert.match(r.body, /Imported 2, skipped as duplicate 0, failed 2/);
    const harbour = await ctx.db.selectFrom('works').select('id').where('title', '=', 'The Harbour').executeTakeFirstOrThrow();
    assert.match(r.body, new RegExp(`<strong>harbour.txt</strong>: imported as <a href="/works/${harbour.id}">The Harbour</a>`));
    assert.match(r.body, /<strong>résumé %22notes%22.rtf<\/strong>: failed: Quire cannot import &quot;.rtf&quot; files/);
    assert.match(r.body, /<strong>blank.txt<\/strong>: failed: /);
    const tags = await ctx.db.selectFrom('work_tags').innerJoin('tags', 'tags.id', 'work_tags.tag_id').select(['tags.name', 'tags.kind']).where('work_tags.work_id', '=', harbour.id).execute();
    const of = (kind: string) => tags.filter((t) => t.kind === kind).map((t) => t.name).sort();
    assert.deepEqual(of('fandom'), ['Second Fandom', 'Upload Fandom'], 'the file named no fandom: the form\'s apply');
    assert.deepEqual(of('rating'), ['General Audiences'], 'the file\'s own rating wins');
    assert.deepEqual(of('freeform'), ['Uploaded']);
  });

  it('reports a file uploaded again as a duplicate with a link to the earlier work', async () => {
    const before = await worksCount();
    const r = await writer.postMultipart('/works/import', defaults, [{ field: 'files', name: 'orchard-again.md', content: story('The Orchard', { seed: 11 }) }]);
    assert.equal(r.status, 200);
    const orchard = await ctx.db.selectFrom('works').select('id').where('title', '=', 'The Orchard').executeTakeFirstOrThrow();
    assert.match(r.body, new RegExp(`<strong>orchard-again.md</strong>: skipped, you imported it before as <a href="/works/${orchard.id}">The Orchard</a>`));
    assert.equal(await worksCount(), before);
  });

  it('refuses an upload without the CSRF token, or with a wrong one, and imports nothing', async () => {
    const before = await worksCount();
    const file = { field: 'files', name: 'forged.txt', content: story('Forged', { seed: 12 }) };
    for (const csrf of [null, 'x'.repeat(43)]) {
      const r = await writer.postMultipart('/works/import', defaults, [file], { csrf });
      assert.equal(r.status, 403);
      assert.match(r.body, /CSRF check failed/);
    }
    assert.equal(await worksCount(), before);
  });

  it('answers a bad default, no file, too many files and a malformed body with a clear error and imports nothing', async () => {
    const before = await worksCount();
    const file = (i: number) => ({ field: 'files', name: `f${i}.txt`, content: story(`Many ${i}`, { seed: 100 + i }) });
    const badRating = await writer.postMultipart('/works/import', { ...defaults, rating: 'PG-99' }, [file(1)]);
    assert.equal(badRating.status, 400);
    assert.match(badRating.body, /Unknown rating &quot;PG-99&quot;/);
    const none = await writer.postMultipart('/works/import', defaults, [{ field: 'files', name: '', content: '' }]);
    assert.equal(none.status, 400);
    assert.match(none.body, /Choose at least one file/);
    const many = await writer.postMultipart('/works/import', defaults, Array.from({ length: 51 }, (_, i) => file(i)));
    assert.equal(many.status, 413);
    assert.match(many.body, /at most 50 files/);
    const cut = await app.inject({ method: 'POST', url: '/works/import', payload: '--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc', headers: { cookie: `quire_csrf=${writer.csrf}; quire_session=${writer.cookies.get('quire_session')}`, 'content-type': 'multipart/form-data; boundary=b' } });
    assert.equal(cut.statusCode, 400);
    assert.match(cut.body, /cut short/);
    assert.equal(await worksCount(), before);
  });

  it('reports a file over 20 MB as failed and still imports the others', async () => {
    const r = await writer.postMultipart('/works/import', { ...defaults, fandoms: 'Big' }, [
      { field: 'files', name: 'huge.txt', content: Buffer.alloc(20 * 1024 * 1024 + 10, 0x61) },
      { field: 'files', name: 'small.txt', content: story('Small Beside Huge', { seed: 13 }) },
    ]);
    assert.equal(r.status, 200);
    assert.match(r.body, /<strong>huge.txt<\/strong>: failed: The file is larger than 20 MB/);
    assert.match(r.body, /<strong>small.txt<\/strong>: imported as/);
  });
});
