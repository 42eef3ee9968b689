import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext, workForm } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';

forEachDialect('saved searches and Atom feeds', ({ get }) => {
  let app: FastifyInstance;
  let writer: Client;
  let reader: Client;
  let guest: Client;
  before(async () => {
    app = await buildServer(testContext(get()));
    writer = new Client(app);
    reader = new Client(app);
    guest = new Client(app);
    await writer.signup('feedwriter');
    await reader.signup('feedreader');
    await writer.post('/works', workForm({ title: 'Open Sea <b>&</b>', fandoms: 'Sea Tales', freeforms: 'Sailing' }));
    await writer.post('/works', workForm({ title: 'Locked Cabin', fandoms: 'Sea Tales', freeforms: 'Sailing', restricted: 'on' }));
    await writer.post('/works', workForm({ title: 'Nameless Tide', fandoms: 'Sea Tales', freeforms: 'Sailing', anonymous: 'on' }));
    await writer.post('/works', workForm({ title: 'Stormy Angst', fandoms: 'Sea Tales', freeforms: 'Sailing, Angst' }));
  });
  after(() => app.close());

  it('saves a search and serves its new matches as valid-looking Atom with the owner\'s blocklist and guest visibility', async () => {
    await reader.post('/blocklist', { tag: 'Angst' });
    assert.equal((await reader.post('/saved-searches', { name: 'Sailing stories', query: 'tag=Sailing&sort=title' })).status, 303);
    const page = await reader.get('/saved-searches');
    assert.match(page.body, /Sailing stories/);
    const token = /\/feeds\/saved\/([A-Za-z0-9_-]+)\.atom/.exec(page.body)![1]!;
    const feed = await guest.get(`/feeds/saved/${token}.atom`);
    assert.equal(feed.status, 200);
    assert.match(String(feed.headers['content-type']), /application\/atom\+xml/);
    assert.match(feed.body, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    assert.match(feed.body, /<title type="text">Open Sea &lt;b&gt;&amp;&lt;\/b&gt;<\/title>/);
    assert.doesNotMatch(feed.body, /Locked Cabin/, 'feeds never list restricted works');
    assert.doesNotMatch(feed.body, /Stormy Angst/, 'the owner\'s blocklist applies');
    assert.match(feed.body, /Nameless Tide/);
    const anonEntry = /<entry>(?:(?!<\/entry>).)*Nameless Tide(?:(?!<\/entry>).)*<\/entry>/s.exec(feed.body)![0];
    assert.match(anonEntry, /<author><name>Anonymous<\/name><\/author>/);
    assert.doesNotMatch(anonEntry, /feedwriter/);
    assert.equal((await guest.get('/feeds/saved/not-a-token.atom')).status, 404);
  });

  it('refuses to save a search that would not run, and deletes only your own', async () => {
    assert.equal((await reader.post('/saved-searches', { name: 'Broken', query: 'sort=sideways' })).status, 400);
    assert.equal((await reader.post('/saved-searches', { name: '', query: 'tag=Sailing' })).status, 400);
    const list = (await reader.get('/api/v1/saved-searches')).json().saved_searches;
    const id = list[0].id;
    assert.equal((await writer.post(`/saved-searches/${id}/delete`, {})).status, 404);
    assert.equal((await reader.post(`/saved-searches/${id}/delete`, {})).status, 303);
    assert.equal((await reader.get('/api/v1/saved-searches')).json().saved_searches.length, 0);
  });

  it('serves recent, tag and author feeds without restricted works or unmasked authors', async () => {
    for (const url of ['/works/feed.atom', '/tags/Sailing/feed.atom', '/users/feedwriter/feed.atom']) {
      const feed = await guest.get(url);
      assert.equal(feed.status, 200, url);
      assert.doesNotMatch(feed.body, /Locked Cabin/, url);
    }
    assert.doesNotMatch((await guest.get('/users/feedwriter/feed.atom')).body, /Nameless Tide/, 'an author feed never lists their anonymous works');
  });
});
