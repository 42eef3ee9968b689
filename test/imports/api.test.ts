import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import type { Context } from '../../src/context.ts';
import { story } from './stories.ts';

forEachDialect('importing a file through the API', ({ get }) => {
  let app: FastifyInstance;
  let ctx: Context;
  let owner: Client;
  let token: string;
  const send = (query: string, body: string | Buffer | undefined, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
    app.inject({ method: 'POST', url: `/api/v1/imports?${query}`, payload: body, headers: { 'content-type': 'application/octet-stream', ...headers } });
  const worksCount = async () => Number((await ctx.db.selectFrom('works').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    ctx = testContext(get());
    app = await buildServer(ctx);
    owner = new Client(app);
    await owner.signup('apiimporter');
    const page = await owner.post('/tokens', { name: 'importer' });
    token = /<code class="token">(qt_[A-Za-z0-9_-]+)<\/code>/.exec(page.body)![1]!;
  });
  after(() => app.close());

  it('imports the body as a file with a token, taking defaults from the query, and answers 201 with the work', async () => {
    const r = await send('filename=river.txt&fandom=API%20Fandom&fandom=Second&tag=From%20A%20Script&rating=teen', story('The River', { fandom: null, seed: 20 }));
    assert.equal(r.statusCode, 201, r.body);
    const { work } = r.json();
    assert.ok(Number.isInteger(work.id));
    assert.match(work.url, new RegExp(`^http://[^/]+/works/${work.id}$`));
    const read = (await app.inject({ method: 'GET', url: `/api/v1/works/${work.id}` })).json();
    assert.equal(read.title, 'The River');
    assert.deepEqual(read.fandoms, ['API Fandom', 'Second']);
    assert.deepEqual(read.tags, ['From A Script']);
    assert.equal(read.rating, 'General Audiences', 'the file\'s rating wins over the query');
    assert.deepEqual(read.authors, ['apiimporter']);
  });

  it('answers 200 with duplicate_of when the same bytes come again, whatever the content type', async () => {
    const text = story('The Weir', { seed: 21 });
    const first = await send('filename=weir.md', text);
    assert.equal(first.statusCode, 201);
    const again = await send('filename=weir-copy.md', text, { authorization: `Bearer ${token}`, 'content-type': 'text/markdown' });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(again.json(), { duplicate_of: first.json().work.id });
  });

  it('answers a bad file, a missing file name, an empty body and a bad default with a JSON 400, importing nothing', async () => {
    const before = await worksCount();
    const cases: [string, string | Buffer | undefined, RegExp][] = [
      ['filename=story.rtf', 'plain words', /cannot import "\.rtf" files/],
      ['filename=junk.txt', Buffer.from([0, 159, 146, 150, 0, 0, 1, 2]), /./],
      ['fandom=X', story('No Name', { seed: 22 }), /filename/],
      ['filename=empty.txt', undefined, /Send the file's bytes/],
      ['filename=ok.txt&rating=PG-99', story('Bad Rating', { seed: 23 }), /Unknown rating "PG-99"/],
    ];
    for (const [query, body, message] of cases) {
      const r = await send(query, body);
      assert.equal(r.statusCode, 400, `${query}: ${r.body}`);
      assert.equal(typeof r.json().error.code, 'string');
      assert.match(r.json().error.message, message, query);
    }
    assert.equal(await worksCount(), before);
  });

  it('takes a login session with the X-CSRF-Token header, and refuses one without it or a guest', async () => {
    const cookie = `quire_session=${owner.cookies.get('quire_session')}; quire_csrf=${owner.csrf}`;
    const text = story('By Session', { seed: 24 });
    const forged = await send('filename=s.txt', text, { cookie });
    assert.equal(forged.statusCode, 403);
    const ok = await send('filename=s.txt', text, { cookie, 'x-csrf-token': owner.csrf });
    assert.equal(ok.statusCode, 201, ok.body);
    const guest = await send('filename=g.txt', story('By Guest', { seed: 25 }), { cookie: `quire_csrf=${owner.csrf}`, 'x-csrf-token': owner.csrf });
    assert.equal(guest.statusCode, 401);
    assert.equal(guest.json().error.code, 'login_required');
    assert.match(guest.json().error.message, /needs an API token/);
    assert.equal((await send('filename=t.txt', text, { authorization: 'Bearer qt_revoked' })).statusCode, 401);
  });

  it('answers a body over 20 MB with 413', async () => {
    const r = await send('filename=big.txt', Buffer.alloc(20 * 1024 * 1024 + 1, 0x61));
    assert.equal(r.statusCode, 413);
    assert.equal(r.json().error.code, 'too_large');
  });
});
