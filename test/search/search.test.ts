import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext, workForm, workIdFrom } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';

forEachDialect('searching works', ({ get, dialect }) => {
  let app: FastifyInstance;
  let writer: Client;
  let other: Client;
  let guest: Client;
  const ids: Record<string, number> = {};
  const post = async (c: Client, key: string, fields: Record<string, string | string[]>) => {
    ids[key] = workIdFrom(await c.post('/works', workForm({ title: key, ...fields })));
  };
  const api = async (c: Client, qs: string) => {
    const r = await c.get(`/api/v1/works?${qs}`);
    assert.equal(r.status, 200, `${qs}: ${r.body.slice(0, 300)}`);
    return r.json();
  };
  const titles = (body: { works: { title: string }[] }) => body.works.map((w) => w.title).sort();

  before(async () => {
    app = await buildServer(testContext(get(), { pageSize: 5 }));
    writer = new Client(app);
    other = new Client(app);
    guest = new Client(app);
    await writer.signup('inkwell');
    await other.signup('quillfeather');
    await post(writer, 'Dragon Tea', { fandoms: 'Skyfarers', relationships: 'Ash/Bryn', freeforms: 'Fluff, Tea', chapter_body: 'The dragon was running late for tea at the café.', rating: 'General Audiences' });
    await post(writer, 'Harbour Night', { fandoms: 'Skyfarers', freeforms: 'Angst', chapter_body: 'Green tea steamed on the harbour wall. 我爱你 she wrote.', rating: 'Mature', warnings: 'Major Character Death', complete: 'on' });
    await post(writer, 'Secret Garden', { fandoms: 'Skyfarers', freeforms: 'Fluff', chapter_body: 'A restricted garden of dragons.', restricted: 'on' });
    await post(writer, 'Masked Letter', { fandoms: 'Skyfarers', freeforms: 'Letters', chapter_body: 'An unsigned letter about dragons.', anonymous: 'on' });
    await post(other, 'Other Hands', { fandoms: 'Lowlands', freeforms: 'Fluff', chapter_body: 'Dragonflies over the canal, then tea.', language: 'de', rating: 'Explicit' });
    await writer.post(`/works/${ids['Dragon Tea']}/chapters`, { format: 'text', body: 'DRAFTONLYWORD hidden in a draft chapter', draft: 'on' });
  });
  after(() => app.close());

  it('finds words, phrases, prefixes, accents, stems and CJK inside the stories', async () => {
    assert.deepEqual(titles(await api(guest, 'q=harbour')), ['Harbour Night']);
    assert.deepEqual(titles(await api(guest, 'q=%22green+tea%22')), ['Harbour Night']);
    assert.deepEqual(titles(await api(guest, 'q=dragonfl*')), ['Other Hands']);
    assert.deepEqual(titles(await api(guest, 'q=cafe')), ['Dragon Tea']);
    assert.deepEqual(titles(await api(guest, 'q=run')), ['Dragon Tea']);
    assert.deepEqual(titles(await api(guest, `q=${encodeURIComponent('爱')}`)), ['Harbour Night']);
    assert.deepEqual(titles(await api(guest, 'q=tea+-harbour')), ['Dragon Tea', 'Other Hands']);
    assert.deepEqual(titles(await api(guest, 'q=harbour+OR+canal')), ['Harbour Night', 'Other Hands']);
    assert.deepEqual(titles(await api(guest, 'q=title:dragon')), ['Dragon Tea']);
  });

  it('shows a highlighted, escaped snippet of where the text matched', async () => {
    const body = await api(guest, 'q=harbour');
    assert.match(body.works[0].snippet, /<mark>harbour<\/mark>/i);
  });

  it('never matches or shows text of draft chapters, restricted works for guests, or anonymous works by their author', async () => {
    assert.equal((await api(writer, 'q=DRAFTONLYWORD')).total, 0);
    assert.deepEqual(titles(await api(guest, 'q=garden')), []);
    assert.deepEqual(titles(await api(other, 'q=garden')), ['Secret Garden']);
    assert.deepEqual(titles(await api(guest, 'q=author:inkwell')), ['Dragon Tea', 'Harbour Night']);
    assert.deepEqual(titles(await api(guest, 'q=letter+author:inkwell')), []);
    assert.deepEqual(titles(await api(guest, 'q=author:anonymous')), ['Masked Letter']);
  });

  it('counts facets exactly over the visible result, never counting restricted works for guests', async () => {
    const g = await api(guest, 'tag=Skyfarers&facets=true');
    assert.equal(g.total, 3);
    const fluff = (f: { freeform: { name: string; count: number }[] }) => f.freeform.find((x) => x.name === 'Fluff')?.count;
    assert.equal(fluff(g.facets), 1);
    const m = await api(other, 'tag=Skyfarers&facets=true');
    assert.equal(m.total, 4);
    assert.equal(fluff(m.facets), 2);
    assert.deepEqual(g.facets.rating.map((r: { name: string; count: number }) => [r.name, r.count]).sort(), [['General Audiences', 2], ['Mature', 1]]);
    assert.deepEqual(g.facets.complete, [{ name: 'complete', count: 1 }, { name: 'in progress', count: 2 }]);
    assert.doesNotMatch((await guest.get('/works?tag=Skyfarers')).body, /Secret Garden/);
  });

  it('filters by include and exclude tags, rating, warning, language, completeness and words', async () => {
    assert.deepEqual(titles(await api(guest, 'tag=Fluff')), ['Dragon Tea', 'Other Hands']);
    assert.deepEqual(titles(await api(guest, 'tag=Fluff&tag=Skyfarers')), ['Dragon Tea']);
    assert.deepEqual(titles(await api(guest, 'exclude=Fluff&exclude=Letters')), ['Harbour Night']);
    assert.deepEqual(titles(await api(guest, 'rating=Mature&rating=Explicit')), ['Harbour Night', 'Other Hands']);
    assert.deepEqual(titles(await api(guest, 'warning=Major+Character+Death')), ['Harbour Night']);
    assert.deepEqual(titles(await api(guest, 'language=de')), ['Other Hands']);
    assert.deepEqual(titles(await api(guest, 'complete=true')), ['Harbour Night']);
    assert.deepEqual(titles(await api(guest, 'words_min=10&words_max=11')), ['Dragon Tea']);
  });

  it('answers bad parameters with a clear 400, never a 500', async () => {
    for (const qs of ['sort=sideways', 'order=up', 'rating=Spicy', 'complete=maybe', 'words_min=-3', 'cursor=%%%', 'tag=No+Such+Tag', 'sort=kudos', 'q=-alone']) {
      const r = await guest.get(`/api/v1/works?${qs}`);
      assert.equal(r.status, 400, qs);
      assert.ok(r.json().error.message.length > 0, qs);
    }
    const many = Array.from({ length: 500 }, (_, i) => `exclude=x${i}`).join('&');
    assert.equal((await guest.get(`/api/v1/works?${many}`)).status, 200);
    const tooMany = await guest.get(`/api/v1/works?${many}&exclude=one-more`);
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.json().error.message, /500/);
  });

  it('never answers 500 to odd search text', async () => {
    const odd = ['"', '((', 'NEAR(', 'AND OR', '*', '-', 'title:', '"unclosed', '🐉🍵', ':::', 'a'.repeat(300), '!'.repeat(10_000), '\u0000\u0007'].map(encodeURIComponent);
    odd.push('%ED%A0%80', '%FF%FE', '%');
    for (const q of odd) assert.notEqual((await guest.get(`/api/v1/works?q=${q}`)).status, 500, q);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (q) => {
        const r = await guest.get(`/api/v1/works?q=${encodeURIComponent(q)}`);
        assert.ok(r.status === 200 || r.status === 400, `${JSON.stringify(q)} → ${r.status}`);
        const page = await guest.get(`/works?q=${encodeURIComponent(q)}`);
        assert.ok(page.status === 200 || page.status === 400, `${JSON.stringify(q)} → page ${page.status}`);
      }),
      { numRuns: 60, seed: 4 },
    );
  });

  it('pages with a cursor without duplicates or gaps, in every sort', async () => {
    for (let i = 0; i < 7; i++) await post(other, `Paged ${i}`, { fandoms: 'Paging', chapter_body: 'word '.repeat(i % 3 + 1) });
    for (const sort of ['updated', 'posted', 'title', 'author', 'words', 'chapters']) {
      for (const order of ['asc', 'desc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const body: { works: { title: string }[]; next_cursor: string | null } = await api(guest, `tag=Paging&sort=${sort}&order=${order}${cursor ? `&cursor=${cursor}` : ''}`);
          seen.push(...body.works.map((w) => w.title));
          cursor = body.next_cursor;
        } while (cursor);
        assert.equal(seen.length, 7, `${sort} ${order}`);
        assert.equal(new Set(seen).size, 7, `${sort} ${order}`);
      }
    }
  });

  it('pages best matches the same by cursor as by page number, also past a cursor whose work was deleted', async () => {
    // Works that say "lantern" more often rank higher; some rank the same and go by id.
    for (let i = 0; i < 12; i++) await post(other, `Lit ${i}`, { fandoms: 'Lamplight', chapter_body: `${'lantern '.repeat((i % 4) + 1)}by the water.` });
    const read = async (order: string, how: 'page' | 'cursor') => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 1; page <= 3; page++) {
        const at = how === 'page' ? `&page=${page}` : cursor ? `&cursor=${cursor}` : '';
        const body: { works: { title: string }[]; next_cursor: string | null } = await api(guest, `q=lantern&order=${order}${at}`);
        seen.push(...body.works.map((w) => w.title));
        cursor = body.next_cursor;
      }
      assert.equal(cursor, null, `${order} ${how}: no page after the last`);
      return seen;
    };
    const best = await read('desc', 'page');
    assert.equal(best.length, 12);
    assert.equal(new Set(best).size, 12);
    assert.deepEqual(best.slice(0, 3).sort(), ['Lit 11', 'Lit 3', 'Lit 7'], 'four lanterns first');
    assert.deepEqual(best.slice(9).sort(), ['Lit 0', 'Lit 4', 'Lit 8'], 'one lantern last');
    assert.deepEqual(await read('desc', 'cursor'), best);
    assert.deepEqual(await read('asc', 'page'), [...best].reverse());
    assert.deepEqual(await read('asc', 'cursor'), [...best].reverse());

    const first: { works: { id: number; title: string }[]; next_cursor: string } = await api(guest, 'q=lantern');
    const last = first.works[first.works.length - 1]!;
    assert.equal((await other.post(`/works/${last.id}/delete`, { confirm: 'yes' })).status, 303);
    const next: { works: { title: string }[] } = await api(guest, `q=lantern&cursor=${first.next_cursor}`);
    assert.deepEqual(next.works.map((w) => w.title), best.slice(5, 10), 'the page after the deleted work, as before');
  });

  it('finds works by a prefix without weighing them by it: newest first, or by the query\'s other words', async () => {
    // Airships: "Zep Many" says zeppelin most, yet a prefix alone ranks every match the same.
    await post(other, 'Zep Many', { fandoms: 'Airships', chapter_body: 'zeppelins zeppelin zeppelins zeppelin over the fen.' });
    await post(other, 'Zep Few', { fandoms: 'Airships', chapter_body: 'One zeppelin over the moor, moor, moor.' });
    await post(other, 'Zep Mid', { fandoms: 'Airships', chapter_body: 'A zeppelin over the moor and the moor.' });
    for (let i = 0; i < 4; i++) await post(other, `Zep ${i}`, { fandoms: 'Airships', chapter_body: 'A small zeppelin.' });
    const read = async (qs: string) => ((await api(guest, qs)) as { works: { title: string }[] }).works.map((w) => w.title);
    const newestFirst = ['Zep 3', 'Zep 2', 'Zep 1', 'Zep 0', 'Zep Mid', 'Zep Few', 'Zep Many'];
    assert.deepEqual([...(await read('q=zepp*')), ...(await read('q=zepp*&page=2'))], newestFirst);
    assert.deepEqual(await read('q=zepp*&order=asc&page=2'), newestFirst.slice(0, 2).reverse());
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body: { works: { title: string }[]; next_cursor: string | null } = await api(guest, `q=zepp*${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.works.map((w) => w.title));
      cursor = body.next_cursor;
    } while (cursor);
    assert.deepEqual(seen, newestFirst, 'by cursor as by page');
    assert.deepEqual(await read('q=moor+zepp*'), ['Zep Few', 'Zep Mid'], 'weighed by moor');
    assert.deepEqual(await read('q=moor+OR+zepp*&tag=Airships'), ['Zep Few', 'Zep Mid', 'Zep 3', 'Zep 2', 'Zep 1'], 'the matches without moor after');
    assert.deepEqual(await read('q=zepp*+-moor&tag=Airships&sort=title&order=asc'), ['Zep 0', 'Zep 1', 'Zep 2', 'Zep 3', 'Zep Many']);
  });

  it('keeps a reader\'s blocklist inside the search, with counts right and a way to ignore it', async () => {
    const reader = new Client(app);
    await reader.signup('carefulreader');
    assert.equal((await api(reader, 'tag=Skyfarers')).total, 4);
    assert.equal((await reader.post('/blocklist', { tag: 'Angst' })).status, 303);
    assert.equal((await reader.post('/blocklist', { user: 'quillfeather' })).status, 303);
    const blocked = await api(reader, 'facets=true');
    assert.ok(!titles(blocked).includes('Harbour Night'));
    assert.ok(!titles(blocked).some((t) => t === 'Other Hands' || t.startsWith('Paged')));
    assert.equal(blocked.facets.freeform.find((f: { name: string }) => f.name === 'Angst'), undefined);
    assert.ok(titles(blocked).includes('Masked Letter'), 'anonymous works are not hidden by an author block');
    const ignoring = await api(reader, 'ignore_blocklist=true');
    assert.ok(titles(ignoring).includes('Harbour Night') || ignoring.total > blocked.total);
    assert.equal((await reader.get('/blocklist')).status, 200);
    assert.equal((await reader.post('/blocklist', { tag: 'Angst', remove: '1' })).status, 303);
    assert.equal((await reader.post('/blocklist', { tag: 'Never Heard Of It' })).status, 404);
    assert.equal((await guest.get('/blocklist')).status, 303);
  });

  it('lets a reader never see a rating or a warning, as a standing default filter', async () => {
    const reader = new Client(app);
    await reader.signup('nomcdreader');
    await reader.post('/blocklist', { tag: 'Major Character Death' });
    await reader.post('/blocklist', { tag: 'Explicit' });
    const body = await api(reader, 'tag=Skyfarers&facets=true');
    assert.ok(!titles(body).includes('Harbour Night'));
    assert.equal(body.facets.warning.find((w: { name: string }) => w.name === 'Major Character Death'), undefined);
    assert.ok(!titles(await api(reader, 'q=canal')).includes('Other Hands'));
  });
  it('shows the snippet of the first posted chapter that matched, else of the summary, on every work of the page', async () => {
    await post(writer, 'Three Rooms', { fandoms: 'Snippets', chapter_body: 'An ordinary hallway with a rug.', summary: 'A house of rooms.' });
    await writer.post(`/works/${ids['Three Rooms']}/chapters`, { format: 'text', body: 'Draft talk of quillwort under the stairs.', draft: 'on' });
    await writer.post(`/works/${ids['Three Rooms']}/chapters`, { format: 'text', body: 'The attic smelled of quillwort and old paper.' });
    await post(writer, 'Summary Only', { fandoms: 'Snippets', chapter_body: 'Nothing to see in here.', summary: 'Quillwort grows by the door.' });
    await post(writer, 'First Chapter', { fandoms: 'Snippets', chapter_body: 'Quillwort on the sill, first thing.' });
    for (const sort of ['best', 'posted']) {
      const body: { works: { title: string; snippet?: string }[] } = await api(guest, `q=quillwort&tag=Snippets&sort=${sort}`);
      const snippet = Object.fromEntries(body.works.map((w) => [w.title, w.snippet ?? '']));
      assert.deepEqual(Object.keys(snippet).sort(), ['First Chapter', 'Summary Only', 'Three Rooms'], sort);
      assert.match(snippet['Three Rooms']!, /attic smelled of <mark>quillwort<\/mark>/, sort);
      assert.doesNotMatch(snippet['Three Rooms']!, /stairs|Draft/, sort);
      assert.match(snippet['Summary Only']!, /<mark>Quillwort<\/mark> grows/, sort);
      assert.match(snippet['First Chapter']!, /<mark>Quillwort<\/mark> on the sill/, sort);
    }
  });

  // PostgreSQL's english configuration keeps no stop words, so such a query has nothing to look
  // for; it is answered from the index without reading every row of the text table.
  if (dialect === 'postgres') it('answers a search of stop words alone like no text filter on PostgreSQL: newest first, by cursor, less its exclusions', async () => {
    const quiet: number[] = [];
    for (let i = 0; i < 7; i++) {
      await post(other, `Quiet ${i}`, { fandoms: 'Quiet Words', chapter_body: `A ${i % 2 ? 'lantern' : 'lamp'} by the water.` });
      quiet.push(ids[`Quiet ${i}`]!);
    }
    const newest = [...quiet].sort((a, b) => b - a);
    const read = async (qs: string) => {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const body: { works: { id: number }[]; next_cursor: string | null } = await api(guest, `${qs}${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...body.works.map((w) => w.id));
        cursor = body.next_cursor;
      } while (cursor);
      return seen;
    };
    assert.deepEqual(await read('tag=Quiet+Words&q=each'), newest);
    assert.deepEqual(await read('tag=Quiet+Words&q=each+OR+the&order=asc'), [...newest].reverse());
    assert.deepEqual(await read('tag=Quiet+Words&q=each+-lantern'), newest.filter((id) => quiet.indexOf(id) % 2 === 0));
    assert.deepEqual(await read('tag=Quiet+Words&q=each+-%22the+water%22'), [], 'a phrase of stop words excludes by its word pairs');
    assert.deepEqual((await read('tag=Quiet+Words&q=each+lantern')).sort(), (await read('tag=Quiet+Words&q=lantern')).sort());
    const all = await api(guest, 'facets=true');
    const stop = await api(guest, 'q=the+OR+each&facets=true');
    assert.equal(stop.total, all.total);
    assert.deepEqual(stop.facets, all.facets);
    assert.ok(!titles(await api(guest, 'q=each&tag=Skyfarers')).includes('Secret Garden'));
  });
});
