// The Atom feeds (recent, tag, author, saved search) are valid RFC 4287 documents, checked with
// jing against atom.rnc, whatever the works hold: markup and quotes in titles, HTML summaries,
// characters XML cannot carry, anonymous works, and an empty feed.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext, workForm, workIdFrom } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import { noteWorksChanged } from '../../src/search/sync.ts';
import { xmlText } from '../../src/feeds/xml.ts';
import { jingErrors } from '../opds/validators.ts';

it('drops the characters XML 1.0 cannot carry and escapes the rest', () => {
  assert.equal(xmlText('a\u0007b\u0000c\uFFFEd\uD800e'), 'abcde');
  assert.equal(xmlText('tab\there\nnew 🌊 å'), 'tab\there\nnew 🌊 å');
  assert.equal(xmlText(`<b> & "q" 'a'`), '&lt;b&gt; &amp; &quot;q&quot; &apos;a&apos;');
});

forEachDialect('Atom feed validity', ({ get }) => {
  let app: FastifyInstance;
  const feeds: string[] = [];
  before(async () => {
    const ctx = testContext(get());
    app = await buildServer(ctx);
    const writer = new Client(app);
    await writer.signup('atomwriter');
    const post = async (fields: Record<string, string>) => workIdFrom(await writer.post('/works', workForm({ fandoms: 'Bell Towers', freeforms: 'Chimes', ...fields })));
    await post({ title: 'Ringing <the> "Changes" & more', summary: '<p>Bells &amp; <em>ropes</em>.</p><blockquote><p>Quoted.</p></blockquote>' });
    await post({ title: 'Unsigned Peal', anonymous: 'on' });
    await post({ title: 'Locked Belfry', restricted: 'on', freeforms: 'Only Restricted' });
    const odd = await post({ title: 'Bell Tower' });
    // A title from before the form refused control characters (or from a raw import) must not break the feed.
    await ctx.db.updateTable('works').set({ title: 'Bell\u0007 Tower\u001b' }).where('id', '=', odd).execute();
    await noteWorksChanged(ctx.db, [odd]);
    await writer.post('/saved-searches', { name: 'Chime search', query: 'tag=Chimes&sort=title' });
    const token = /\/feeds\/saved\/([A-Za-z0-9_-]+)\.atom/.exec((await writer.get('/saved-searches')).body)![1]!;
    feeds.push('/works/feed.atom', '/tags/Chimes/feed.atom', '/tags/Only%20Restricted/feed.atom', '/users/atomwriter/feed.atom', `/feeds/saved/${token}.atom`);
  });
  after(() => app.close());

  it('serves recent, tag, author, saved-search and empty feeds that are valid Atom (jing, atom.rnc)', async () => {
    const guest = new Client(app);
    const documents = [];
    for (const path of feeds) {
      const r = await guest.get(path);
      assert.equal(r.status, 200, path);
      assert.match(String(r.headers['content-type']), /^application\/atom\+xml/, path);
      assert.ok(![...r.body].some((c) => c < ' ' && c !== '\n' && c !== '\t' && c !== '\r'), `${path} holds a control character`);
      documents.push({ name: path, xml: r.body });
    }
    assert.match(documents[0]!.xml, /<title type="text">Bell Tower<\/title>/);
    assert.doesNotMatch(documents[2]!.xml, /<entry>/, 'a guest\'s feed of a tag on restricted works only is empty');
    const errors = await jingErrors('atom.rnc', documents);
    if (errors === null) return;
    assert.deepEqual(errors, [], `${documents.length} feeds`);
    console.log(`# Atom: ${documents.length} feeds valid against atom.rnc`);
  });
});
