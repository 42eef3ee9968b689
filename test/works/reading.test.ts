import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext, workForm, workIdFrom } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';

forEachDialect('reading works', ({ get }) => {
  let app: FastifyInstance;
  let writer: Client;
  let guest: Client;
  let reader: Client;
  before(async () => {
    app = await buildServer(testContext(get()));
    writer = new Client(app);
    guest = new Client(app);
    reader = new Client(app);
    await writer.signup('writer');
    await reader.signup('reader');
  });
  after(() => app.close());

  it('shows guests the adult gate with 200 and none of the text, and proceeds with view_adult=true', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ rating: 'Explicit', chapter_body: 'SECRET-EXPLICIT-TEXT here.' })));
    const gate = await guest.get(`/works/${id}`);
    assert.equal(gate.status, 200);
    assert.match(gate.body, /adult content/i);
    assert.doesNotMatch(gate.body, /SECRET-EXPLICIT-TEXT/);
    const through = await guest.get(`/works/${id}?view_adult=true`);
    assert.equal(through.status, 200);
    assert.match(through.body, /SECRET-EXPLICIT-TEXT/);
  });

  it('gates Mature and Not Rated works too, but not Teen ones', async () => {
    for (const [rating, gated] of [['Mature', true], ['Not Rated', true], ['Teen And Up Audiences', false], ['General Audiences', false]] as const) {
      const id = workIdFrom(await writer.post('/works', workForm({ rating, chapter_body: `BODY-${rating}` })));
      const page = await new Client(app).get(`/works/${id}`);
      assert.equal(page.body.includes(`BODY-${rating}`), !gated, rating);
    }
  });

  it('lets a logged-in reader turn the gate off in preferences', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ rating: 'Explicit', chapter_body: 'PREF-TEXT' })));
    assert.doesNotMatch((await reader.get(`/works/${id}`)).body, /PREF-TEXT/);
    const saved = await reader.post('/preferences', { theme: 'dark', font_size: '120', line_width: '50', view_adult: 'on' });
    assert.equal(saved.status, 303);
    const page = await reader.get(`/works/${id}`);
    assert.match(page.body, /PREF-TEXT/);
    assert.match(page.body, /data-theme="dark"/);
    assert.match(page.body, /class="fs-120 lw-50"/);
  });

  it('sends guests to the login page for a restricted work and never shows its text', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ title: 'Members Only Tale', restricted: 'on', chapter_body: 'RESTRICTED-TEXT' })));
    const page = await guest.get(`/works/${id}`);
    assert.equal(page.status, 303);
    assert.match(String(page.headers.location), /^\/login\?return_to=/);
    assert.doesNotMatch(page.body, /RESTRICTED-TEXT/);
    assert.equal((await guest.get(`/works/${id}/chapters/1`)).status, 303);
    assert.equal((await guest.get(`/api/v1/works/${id}`)).status, 404);
    assert.equal((await guest.get(`/api/v1/works/${id}/chapters/1`)).status, 404);
    for (const url of ['/', '/works', '/users/writer', '/tags/Original%20Work/works', '/api/v1/works']) {
      const listing = await guest.get(url);
      assert.doesNotMatch(listing.body, /Members Only Tale/, url);
    }
    assert.match((await reader.get(`/works/${id}`)).body, /RESTRICTED-TEXT/);
    assert.match((await reader.get('/works')).body, /Members Only Tale/);
  });

  it('answers 404 for a draft to everyone but its author, in pages and the API', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ title: 'Unfinished Draft', draft: 'on', chapter_body: 'DRAFT-TEXT' })));
    assert.equal((await guest.get(`/works/${id}`)).status, 404);
    assert.equal((await reader.get(`/works/${id}`)).status, 404);
    assert.equal((await reader.get(`/api/v1/works/${id}`)).status, 404);
    assert.doesNotMatch((await reader.get('/works')).body, /Unfinished Draft/);
    assert.match((await writer.get(`/works/${id}`)).body, /DRAFT-TEXT/);
    assert.match((await writer.get('/drafts')).body, /Unfinished Draft/);
    assert.equal((await writer.post(`/works/${id}/post`, {})).status, 303);
    assert.match((await guest.get(`/works/${id}`)).body, /DRAFT-TEXT/);
  });

  it('shows an anonymous work as by Anonymous everywhere but to its author', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ title: 'Nameless Gift', anonymous: 'on' })));
    for (const client of [guest, reader]) {
      const page = await client.get(`/works/${id}`);
      assert.match(page.body, /Anonymous/);
      assert.doesNotMatch(page.body, /href="\/users\/writer/);
      const api = (await client.get(`/api/v1/works/${id}`)).json();
      assert.deepEqual(api.authors, ['Anonymous']);
      const listed = (await client.get('/api/v1/works')).json().works.find((w: { id: number }) => w.id === id);
      assert.deepEqual(listed.authors, ['Anonymous']);
      assert.doesNotMatch((await client.get('/users/writer')).body, /Nameless Gift/);
      assert.doesNotMatch((await client.get('/users/writer/pseuds/writer')).body, /Nameless Gift/);
      assert.doesNotMatch((await client.get('/api/v1/works?user=writer')).body, /Nameless Gift/);
      const blurb = /<li class="blurb" id="work-(\d+)">[^]*?<\/li>\s*(?=<li class="blurb"|<\/ol>)/g;
      const anonBlurb = [...(await client.get('/works')).body.matchAll(blurb)].find((m) => Number(m[1]) === id)![0];
      assert.match(anonBlurb, /Anonymous/);
      assert.doesNotMatch(anonBlurb, /writer/);
    }
    assert.match((await writer.get(`/works/${id}`)).body, /href="\/users\/writer\/pseuds\/writer"/);
    assert.match((await writer.get('/users/writer')).body, /Nameless Gift/);
  });

  it('reads chapter by chapter and as the entire work', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ title: 'Two Parts', chapter_body: 'FIRST-CHAPTER' })));
    assert.equal((await writer.post(`/works/${id}/chapters`, { title: 'Second', format: 'text', body: 'SECOND-CHAPTER' })).status, 303);
    const one = await guest.get(`/works/${id}`);
    assert.match(one.body, /FIRST-CHAPTER/);
    assert.doesNotMatch(one.body, /SECOND-CHAPTER/);
    assert.match(one.body, /Next chapter/);
    const two = await guest.get(`/works/${id}/chapters/2`);
    assert.match(two.body, /SECOND-CHAPTER/);
    assert.match(two.body, /Chapter 2: Second/);
    const full = await guest.get(`/works/${id}?view_full_work=true`);
    assert.match(full.body, /FIRST-CHAPTER[^]*SECOND-CHAPTER/);
    assert.equal((await guest.get(`/works/${id}/chapters/3`)).status, 404);
    const api = (await guest.get(`/api/v1/works/${id}`)).json();
    assert.deepEqual(api.chapters.map((c: { position: number; title: string }) => [c.position, c.title]), [[1, 'The Storm'], [2, 'Second']]);
    const ch2 = (await guest.get(`/api/v1/works/${id}/chapters/2`)).json();
    assert.match(ch2.html, /SECOND-CHAPTER/);
  });

  it('escapes titles and tags everywhere', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ title: '<script>alert(1)</script> & "quotes"', freeforms: '<img src=x onerror=alert(1)>' })));
    for (const url of [`/works/${id}`, '/works', '/']) {
      const body = (await guest.get(url)).body;
      assert.doesNotMatch(body, /<script>alert/, url);
      assert.doesNotMatch(body, /<img src=x/, url);
      assert.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;quotes&quot;/, url);
    }
    const api = (await guest.get(`/api/v1/works/${id}`)).json();
    assert.equal(api.title, '<script>alert(1)</script> & "quotes"');
  });
});
