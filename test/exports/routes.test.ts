// Download links on the work page, the page route behind the adult gate, and the API route.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext, workForm, workIdFrom } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import { unzip, entryText } from './support.ts';

const hrefs = (html: string, id: number) => [...html.matchAll(new RegExp(`href="(/works/${id}/download/[^"]+)"`, 'g'))].map((m) => m[1]!.replace(/&amp;/g, '&'));

forEachDialect('download routes', ({ get }) => {
  let app: FastifyInstance;
  let writer: Client;
  let reader: Client;
  before(async () => {
    app = await buildServer(testContext(get()));
    writer = new Client(app);
    reader = new Client(app);
    await writer.signup('quillon');
    await reader.signup('visitor');
  });
  after(() => app.close());

  it('lists a download per format on the work page, and each link downloads the file', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ title: 'Harbour Lights', chapter_body: 'LIGHTS-TEXT in the harbour.' })));
    const guest = new Client(app);
    const page = await guest.get(`/works/${id}`);
    assert.match(page.body, /<nav class="downloads[^"]*" aria-label="Download">/);
    const links = hrefs(page.body, id);
    assert.deepEqual(links.map((l) => l.split('.').pop()), ['epub', 'html', 'txt', 'md', 'pdf', 'pdf?paper=letter']);
    assert.equal(links[2], `/works/${id}/download/Harbour%20Lights%20-%20quillon.txt`);
    const text = await guest.get(links[2]!);
    assert.equal(text.status, 200);
    assert.equal(text.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(text.headers['content-disposition'], `attachment; filename="Harbour Lights - quillon.txt"; filename*=UTF-8''Harbour%20Lights%20-%20quillon.txt`);
    assert.equal(text.headers['cache-control'], 'private, no-cache');
    assert.match(text.body, /LIGHTS-TEXT in the harbour\./);
    // Links back to the archive use the address the request came to when BASE_URL is not set.
    assert.ok(text.body.includes(`URL: http://localhost:80/works/${id}`) || text.body.includes(`URL: http://localhost/works/${id}`), text.body.slice(0, 600));

    const epub = await app.inject({ method: 'GET', url: links[0]! });
    assert.equal(epub.statusCode, 200);
    assert.equal(epub.headers['content-type'], 'application/epub+zip');
    assert.match(entryText(unzip(epub.rawPayload), 'EPUB/chapter-001.xhtml'), /LIGHTS-TEXT/);
    const html = await guest.get(links[1]!);
    assert.equal(html.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(html.body, /<h1 class="title">Harbour Lights<\/h1>/);
    const md = await guest.get(links[3]!);
    assert.equal(md.headers['content-type'], 'text/markdown; charset=utf-8');
    assert.match(md.body, /^# Harbour Lights/);

    // The name in the address is cosmetic; the extension picks the format.
    assert.equal((await guest.get(`/works/${id}/download/anything.md`)).headers['content-type'], 'text/markdown; charset=utf-8');
    assert.equal((await guest.get(`/works/${id}/download/harbour.docx`)).status, 404);
    assert.equal((await guest.get(`/works/${id}/download/.txt`)).status, 404);
    assert.equal((await guest.get(`/works/999999/download/x.txt`)).status, 404);
  });

  it('puts guests through the adult gate before downloading a Mature, Explicit or Not Rated work', async () => {
    for (const rating of ['Mature', 'Explicit', 'Not Rated']) {
      const id = workIdFrom(await writer.post('/works', workForm({ title: `Gated ${rating}`, rating, chapter_body: 'GATED-TEXT' })));
      const guest = new Client(app);
      const url = `/works/${id}/download/gated.epub`;
      const gate = await guest.get(url);
      assert.equal(gate.status, 200, rating);
      assert.match(gate.headers['content-type'] as string, /^text\/html/);
      assert.equal(gate.headers['content-disposition'], undefined);
      assert.match(gate.body, /This work could have adult content/);
      assert.doesNotMatch(gate.body, /GATED-TEXT/);
      assert.ok(gate.body.includes(`href="/works/${id}/download/gated.epub?view_adult=true"`), 'proceeding leads to the download');
      const through = await app.inject({ method: 'GET', url: `${url}?view_adult=true`, headers: { cookie: `quire_csrf=${guest.csrf}` } });
      assert.equal(through.statusCode, 200);
      assert.equal(through.headers['content-type'], 'application/epub+zip');
      // Having passed the gate (as on the work page), the other formats download at once.
      const again = await guest.get(`/works/${id}/download/gated.txt?view_adult=true`);
      assert.match(again.body, /GATED-TEXT/);
      assert.match((await guest.get(`/works/${id}/download/gated.md`)).body, /GATED-TEXT/);
    }
    const teen = workIdFrom(await writer.post('/works', workForm({ rating: 'Teen And Up Audiences', chapter_body: 'TEEN-TEXT' })));
    assert.match((await new Client(app).get(`/works/${teen}/download/t.txt`)).body, /TEEN-TEXT/);
    const own = workIdFrom(await writer.post('/works', workForm({ rating: 'Explicit', chapter_body: 'OWN-TEXT' })));
    assert.match((await writer.get(`/works/${own}/download/o.txt`)).body, /OWN-TEXT/, 'creators are never gated');
  });

  it('asks guests to log in for a restricted work and hides drafts from everyone but their creators', async () => {
    const restricted = workIdFrom(await writer.post('/works', workForm({ title: 'Members Only', restricted: 'on', chapter_body: 'RESTRICTED-TEXT' })));
    const guest = new Client(app);
    const page = await guest.get(`/works/${restricted}/download/m.txt`);
    assert.equal(page.status, 303);
    assert.match(String(page.headers.location), /^\/login\?return_to=/);
    assert.doesNotMatch(page.body, /RESTRICTED-TEXT/);
    assert.match((await reader.get(`/works/${restricted}/download/m.txt`)).body, /RESTRICTED-TEXT/);
    const api = await guest.get(`/api/v1/works/${restricted}/download?format=txt`);
    assert.equal(api.status, 404);
    assert.deepEqual(api.json(), { error: { code: 'not_found', message: 'Work not found' } });
    assert.match((await reader.get(`/api/v1/works/${restricted}/download?format=txt`)).body, /RESTRICTED-TEXT/);

    const draft = workIdFrom(await writer.post('/works', workForm({ title: 'Draft', draft: 'on', chapter_body: 'DRAFT-TEXT' })));
    assert.equal((await reader.get(`/works/${draft}/download/d.txt`)).status, 404);
    assert.equal((await reader.get(`/api/v1/works/${draft}/download?format=txt`)).status, 404);
    assert.match((await writer.get(`/works/${draft}/download/d.txt`)).body, /DRAFT-TEXT/);
  });

  it('serves the API download in any format without the adult gate, and names anonymous works Anonymous', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ title: 'Nameless Gift', rating: 'Explicit', anonymous: 'on', chapter_body: 'GIFT-TEXT' })));
    const guest = new Client(app);
    for (const [format, type] of [['epub', 'application/epub+zip'], ['html', 'text/html; charset=utf-8'], ['txt', 'text/plain; charset=utf-8'], ['md', 'text/markdown; charset=utf-8']]) {
      const r = await app.inject({ method: 'GET', url: `/api/v1/works/${id}/download?format=${format}` });
      assert.equal(r.statusCode, 200, format);
      assert.equal(r.headers['content-type'], type);
      assert.equal(r.headers['content-disposition'], `attachment; filename="Nameless Gift - Anonymous.${format}"; filename*=UTF-8''Nameless%20Gift%20-%20Anonymous.${format}`);
      const texts = format === 'epub' ? unzip(r.rawPayload).map((i) => i.data.toString()) : [r.body];
      assert.ok(texts.some((t) => t.includes('GIFT-TEXT')), format);
      assert.ok(texts.every((t) => !t.includes('quillon')), `${format} names the creator`);
    }
    const page = await guest.get(`/works/${id}?view_adult=true`);
    assert.deepEqual(hrefs(page.body, id).map((h) => decodeURIComponent(h.split('/').pop()!)), ['epub', 'html', 'txt', 'md', 'pdf', 'pdf?paper=letter'].map((f) => `Nameless Gift - Anonymous.${f}`));
    assert.doesNotMatch((await guest.get(hrefs(page.body, id)[1]!)).body, /quillon/);

    for (const bad of ['', '?format=', '?format=docx', '?format=EPUB']) {
      const r = await guest.get(`/api/v1/works/${id}/download${bad}`);
      assert.equal(r.status, 400, bad);
      assert.equal(r.json().error.code, 'invalid');
      assert.match(r.json().error.message, /format must be one of epub, html, txt, md/);
    }
    assert.equal((await guest.get('/api/v1/works/999999/download?format=txt')).status, 404);
  });

  it('sends non-ASCII titles with an ASCII fallback and a UTF-8 file name', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ title: '雨夜的茶馆', language: 'zh', chapter_body: '雨下了一整夜。' })));
    const r = await new Client(app).get(`/api/v1/works/${id}/download?format=txt`);
    assert.equal(r.headers['content-disposition'], `attachment; filename="work-${id}.txt"; filename*=UTF-8''${encodeURIComponent('雨夜的茶馆 - quillon')}.txt`);
    assert.match(r.body, /雨下了一整夜。/);

    // A long non-ASCII title makes a long link (each character is nine bytes percent-encoded): it still routes.
    const long = workIdFrom(await writer.post('/works', workForm({ title: '雨夜的茶馆'.repeat(12), language: 'zh', chapter_body: '雨。' })));
    const links = hrefs((await writer.get(`/works/${long}`)).body, long);
    assert.ok(links[0]!.length > 500, `${links[0]!.length}`);
    const book = await writer.get(links[0]!);
    assert.equal(book.status, 200);
    assert.match(String(book.headers['content-disposition']), new RegExp(`^attachment; filename="work-${long}\\.epub"; filename\\*=UTF-8''(%[0-9A-F]{2})+`));
  });
});
