// The OPDS catalog in both dialects: every document valid against its schema, a guest's catalog
// free of restricted, draft and hidden works and of anonymous authors' names, pagination that
// visits every work once, OpenSearch, and clear errors.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext, workForm, workIdFrom } from '../support/app.ts';
import { makeUser } from '../support/builders.ts';
import { buildServer } from '../../src/web/server.ts';
import { makeCanonical, mergeTags } from '../../src/tags/wrangling.ts';
import { noteWorksChanged } from '../../src/search/sync.ts';
import { crawl, entriesOf, local, nextOf, ROOT, type Dialect } from './support.ts';
import { jingErrors, opds2Errors, opds2FeedValidator } from './validators.ts';

const DIALECTS: Dialect[] = ['opds1', 'opds2'];

/** The count the fandom navigation shows this reader for a fandom, or undefined when it is not listed. */
async function fandomCount(client: Client, dialect: Dialect, fandom: string): Promise<number | undefined> {
  const r = await client.get(`${ROOT[dialect]}/fandoms`);
  if (dialect === 'opds2') return (r.json().navigation as { title: string; properties?: { numberOfItems: number } }[]).find((n) => n.title === fandom)?.properties?.numberOfItems;
  const entry = [...r.body.matchAll(/<entry>(.*?)<\/entry>/gs)].find((m) => m[1]!.includes(`<title type="text">${fandom}</title>`));
  return entry ? Number(/thr:count="(\d+)"/.exec(entry[1]!)![1]) : undefined;
}
const NEVER_FOR_GUESTS = ['Locked Cabin', 'Unfinished Draft', 'Taken Down', 'Hidden Cove'];

forEachDialect('OPDS catalog', ({ get }) => {
  let app: FastifyInstance;
  let writer: Client;
  let reader: Client;
  const visible: string[] = [];
  before(async () => {
    const ctx = testContext(get(), { pageSize: 3 });
    app = await buildServer(ctx);
    writer = new Client(app);
    reader = new Client(app);
    await writer.signup('opdswriter');
    await reader.signup('opdsreader');
    const post = async (title: string, fields: Record<string, string> = {}) => workIdFrom(await writer.post('/works', workForm({ title, fandoms: 'Sea Tales', ...fields })));
    for (const [title, fields] of [
      ['Harbour Light', { summary: '<p>Two keepers &amp; <em>one</em> storm.</p><p>A second paragraph.</p>' }],
      ['Cliff Path', { rating: 'Teen And Up Audiences' }],
      ['Night Watch', { rating: 'Explicit' }],
      ['Masked Letter', { anonymous: 'on' }],
      ['Moon Ferry', { fandoms: 'Moon/Tide, Sea Stories' }],
      ['Tide Tables', {}],
      ['Lighthouse Logbook', { summary: 'A keeper writes down every ship.' }],
    ] as const) {
      await post(title, fields);
      visible.push(title);
    }
    await post('Locked Cabin', { restricted: 'on', fandoms: 'Sea Tales, Hidden Cove' });
    await writer.post('/works', workForm({ title: 'Unfinished Draft', fandoms: 'Sea Tales', draft: 'on' }));
    const hidden = await post('Taken Down');
    await ctx.db.updateTable('works').set({ hidden: 1 }).where('id', '=', hidden).execute();
    await noteWorksChanged(ctx.db, [hidden]);
    const admin = await makeUser(ctx, 'admin');
    await makeCanonical(ctx, { viewer: admin, name: admin.login }, ['Sea Tales', 'Moon/Tide', 'Hidden Cove'], 'fandom');
    await mergeTags(ctx, { viewer: admin, name: admin.login }, ['Sea Stories'], 'Sea Tales');
  });
  after(() => app.close());

  it('serves every OPDS 1.2 document reachable from /opds as a valid catalog (jing, opds.rnc)', async () => {
    const guest = new Client(app);
    const pages = await crawl(guest, 'opds1');
    pages.set('/opds/search?q=lighthouse', await guest.get('/opds/search?q=lighthouse'));
    pages.set('/opds/search?q=nothingmatchesthis', await guest.get('/opds/search?q=nothingmatchesthis'));
    for (const [path, r] of pages) assert.match(String(r.headers['content-type']), /^application\/atom\+xml;profile=opds-catalog;kind=(navigation|acquisition)/, path);
    const kinds = [...pages.keys()];
    for (const expected of ['/opds', '/opds/recent', '/opds/popular', '/opds/fandoms', '/opds/fandoms/Sea%20Tales', '/opds/fandoms/Moon%2FTide', '/opds/ratings', '/opds/ratings/explicit']) assert.ok(kinds.includes(expected), `${expected} is linked (crawled: ${kinds.join(' ')})`);
    assert.ok(kinds.some((k) => k.includes('cursor=')), 'a second page is linked');
    const errors = await jingErrors('opds.rnc', [...pages].map(([name, r]) => ({ name, xml: r.body })));
    if (errors === null) return;
    assert.deepEqual(errors, [], `${pages.size} documents`);
    console.log(`# OPDS 1.2: ${pages.size} documents valid against opds.rnc`);
  });

  it('serves every OPDS 2.0 document reachable from /opds/v2 valid against the feed schema (ajv)', async () => {
    const guest = new Client(app);
    const pages = await crawl(guest, 'opds2');
    pages.set('/opds/v2/search?q=lighthouse', await guest.get('/opds/v2/search?q=lighthouse'));
    pages.set('/opds/v2/search?q=nothingmatchesthis', await guest.get('/opds/v2/search?q=nothingmatchesthis'));
    for (const [path, r] of pages) assert.match(String(r.headers['content-type']), /^application\/opds\+json(; charset=utf-8)?$/, path);
    assert.ok(pages.size >= 12, `crawled ${[...pages.keys()].join(' ')}`);
    const validate = opds2FeedValidator();
    if (!validate) return;
    for (const [path, r] of pages) assert.deepEqual(opds2Errors(validate, r.json()), [], path);
    console.log(`# OPDS 2.0: ${pages.size} documents valid against feed.schema.json`);
  });

  for (const dialect of DIALECTS) {
    it(`never shows a guest a restricted, draft or hidden work, nor an anonymous work's author (${dialect})`, async () => {
      const pages = await crawl(new Client(app), dialect);
      const listed = new Set<string>();
      for (const [path, r] of pages) {
        for (const title of NEVER_FOR_GUESTS) assert.ok(!r.body.includes(title), `${path} mentions ${title}`);
        for (const e of entriesOf(dialect, r)) {
          listed.add(e.title);
          if (e.title === 'Masked Letter') {
            assert.deepEqual(e.authors, ['Anonymous'], path);
            assert.ok(!e.text.includes('opdswriter'), `${path} names the anonymous work's author`);
          } else assert.deepEqual(e.authors, ['opdswriter'], path);
        }
      }
      assert.deepEqual([...listed].sort(), [...visible].sort());
      // Counts are a guest's too: the restricted work's fandom is not listed, nor counted in Sea Tales.
      assert.equal(await fandomCount(new Client(app), dialect, 'Sea Tales'), 7);
      assert.equal(await fandomCount(new Client(app), dialect, 'Hidden Cove'), undefined);
    });

    it(`lists restricted works to a logged-in reader, never another writer's draft (${dialect})`, async () => {
      const pages = await crawl(reader, dialect);
      const all = [...pages.values()].map((r) => r.body).join('\n');
      assert.ok(all.includes('Locked Cabin'));
      assert.equal(await fandomCount(reader, dialect, 'Hidden Cove'), 1);
      assert.equal(await fandomCount(reader, dialect, 'Sea Tales'), 8);
      for (const title of ['Unfinished Draft', 'Taken Down']) assert.ok(!all.includes(title), title);
    });

    it(`walks every work once through the next links, and back through previous (${dialect})`, async () => {
      const guest = new Client(app);
      const titles: string[] = [];
      const first = await guest.get(`${ROOT[dialect]}/recent`);
      let page = first;
      let path: string | undefined = `${ROOT[dialect]}/recent`;
      let pagesSeen = 0;
      while (path) {
        page = await guest.get(path);
        assert.equal(page.status, 200, path);
        titles.push(...entriesOf(dialect, page).map((e) => e.title));
        pagesSeen++;
        path = nextOf(dialect, page);
      }
      assert.equal(pagesSeen, 3);
      assert.equal(new Set(titles).size, titles.length, `no duplicates: ${titles.join(', ')}`);
      assert.deepEqual([...titles].sort(), [...visible].sort());
      const second = await guest.get(nextOf(dialect, first)!);
      const previous = dialect === 'opds1' ? /<link rel="previous" href="([^"]+)"/.exec(second.body)![1]! : second.json().links.find((l: { rel: string }) => l.rel === 'previous').href;
      assert.deepEqual(entriesOf(dialect, await guest.get(local(previous.replace(/&amp;/g, '&')))).map((e) => e.title), entriesOf(dialect, first).map((e) => e.title));
    });

    it(`gives every listed work an EPUB link a guest can download, adult-rated works included (${dialect})`, async () => {
      const pages = await crawl(new Client(app), dialect);
      const links = new Map<string, string>();
      for (const r of pages.values()) for (const e of entriesOf(dialect, r)) if (e.epub) links.set(e.title, local(e.epub.replace(/&amp;/g, '&')));
      assert.equal(links.size, visible.length);
      for (const [title, href] of links) {
        const r = await new Client(app).get(href);
        assert.equal(r.status, 200, `${title}: ${href}`);
        assert.equal(r.headers['content-type'], 'application/epub+zip', `${title}: ${href}`);
      }
      assert.match(links.get('Masked Letter')!, /Anonymous\.epub$/);
    });
  }

  it('describes search with OpenSearch, and its templates find works in both dialects', async () => {
    const guest = new Client(app);
    const description = await guest.get('/opds/opensearch.xml');
    assert.equal(description.status, 200);
    assert.match(String(description.headers['content-type']), /^application\/opensearchdescription\+xml/);
    assert.match(description.body, /<OpenSearchDescription xmlns="http:\/\/a9.com\/-\/spec\/opensearch\/1.1\/">/);
    const templates = [...description.body.matchAll(/<Url type="([^"]+)" template="([^"]+)"\/>/g)].map((m) => ({ type: m[1]!.replace(/&amp;/g, '&'), template: m[2]!.replace(/&amp;/g, '&') }));
    for (const type of ['application/atom+xml;profile=opds-catalog;kind=acquisition', 'application/opds+json']) {
      const template = templates.find((t) => t.type === type)!.template;
      assert.match(template, /\{searchTerms\}/);
      const r = await guest.get(local(template.replace('{searchTerms}', encodeURIComponent('lighthouse logbook'))));
      assert.equal(r.status, 200, template);
      assert.ok(entriesOf(type.includes('json') ? 'opds2' : 'opds1', r).some((e) => e.title === 'Lighthouse Logbook'), r.body.slice(0, 500));
    }
    const search = (await guest.get('/opds/v2')).json().links.find((l: { rel: string }) => l.rel === 'search');
    assert.equal(search.templated, true);
    const expanded = local(search.href.replace('{?q}', `?q=${encodeURIComponent('cabin')}`));
    assert.deepEqual(entriesOf('opds2', await guest.get(expanded)), [], 'a guest finds no restricted work by searching');
    assert.ok(entriesOf('opds2', await reader.get(expanded)).some((e) => e.title === 'Locked Cabin'));
  });

  it('answers an unknown fandom or rating with 404 and a message, and bad paging with 400', async () => {
    const guest = new Client(app);
    const fandom = await guest.get('/opds/fandoms/No%20Such%20Fandom');
    assert.equal(fandom.status, 404);
    assert.equal(fandom.body, 'No fandom named "No Such Fandom" in this catalog');
    const freeform = await guest.get('/opds/v2/fandoms/Fluff');
    assert.equal(freeform.status, 404, 'a tag of another kind is not a fandom');
    assert.deepEqual(freeform.json(), { error: { code: 'not_found', message: 'No fandom named "Fluff" in this catalog' } });
    const rating = await guest.get('/opds/ratings/pg-13');
    assert.equal(rating.status, 404);
    assert.match(rating.body, /No rating "pg-13"; the ratings are general-audiences, teen-and-up-audiences, mature, explicit, not-rated/);
    assert.equal((await guest.get('/opds/v2/ratings/nope')).json().error.code, 'not_found');
    assert.equal((await guest.get('/opds/recent?cursor=!!!')).status, 400);
    assert.equal((await guest.get('/opds/v2/recent?page=0')).status, 400);
    const empty = await guest.get('/opds/search?q=');
    assert.equal(empty.status, 400);
    assert.match(empty.body, /Type something to search for/);
  });

  it('finds a fandom by a synonym and lists it under its canonical name, with the synonym\'s works', async () => {
    const r = await new Client(app).get('/opds/fandoms/Sea%20Stories');
    assert.equal(r.status, 200, r.body);
    assert.match(r.body, /<title type="text">Works in Sea Tales<\/title>/);
    assert.match(r.body, /<link rel="self" href="http:\/\/localhost:80\/opds\/fandoms\/Sea%20Tales"/);
    assert.ok(entriesOf('opds1', r).some((e) => e.title === 'Moon Ferry'), 'the work tagged with the synonym is listed');
    const last = await new Client(app).get('/opds/v2/fandoms/Sea%20Stories?page=3');
    assert.deepEqual(entriesOf('opds2', last).map((e) => e.title), ['Harbour Light']);
    assert.deepEqual(last.json().metadata, { title: 'Works in Sea Tales', modified: last.json().metadata.modified, numberOfItems: 7, itemsPerPage: 3, currentPage: 3 });
  });
});
