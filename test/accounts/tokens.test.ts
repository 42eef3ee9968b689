import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import type { Context } from '../../src/context.ts';

forEachDialect('API tokens and writing through the API', ({ get }) => {
  let app: FastifyInstance;
  let ctx: Context;
  let owner: Client;
  let token: string;
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, bearer: string | null = token) =>
    app.inject({ method, url, payload: body === undefined ? undefined : JSON.stringify(body), headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) } });
  const work = { title: 'Posted by a Robot', rating: 'General Audiences', warnings: ['No Archive Warnings Apply'], fandoms: ['Original Work'], tags: ['Tooling'], chapters: [{ title: 'One', body: 'Beep boop, a tame tale.', format: 'text' }] };

  before(async () => {
    ctx = testContext(get());
    app = await buildServer(ctx);
    owner = new Client(app);
    await owner.signup('tokenholder');
    const page = await owner.post('/tokens', { name: 'my script' });
    assert.equal(page.status, 200);
    token = /<code class="token">(qt_[A-Za-z0-9_-]+)<\/code>/.exec(page.body)![1]!;
  });
  after(() => app.close());

  it('stores only a hash of the token and shows it once', async () => {
    const rows = await ctx.db.selectFrom('api_tokens').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0]!.token_hash, token);
    assert.doesNotMatch((await owner.get('/tokens')).body, new RegExp(token.slice(10)));
  });

  it('posts, edits, adds a chapter to and deletes a work with a token, without CSRF', async () => {
    const created = await call('POST', '/api/v1/works', work);
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    assert.deepEqual(created.json().authors, ['tokenholder']);
    assert.deepEqual(created.json().tags, ['Tooling']);
    const edited = await call('PUT', `/api/v1/works/${id}`, { ...work, title: 'Renamed by a Robot' });
    assert.equal(edited.json().title, 'Renamed by a Robot');
    const chapter = await call('POST', `/api/v1/works/${id}/chapters`, { title: 'Two', body: 'More beeps.', format: 'text' });
    assert.equal(chapter.statusCode, 201);
    assert.equal(chapter.json().chapters.length, 2);
    assert.equal((await call('DELETE', `/api/v1/works/${id}`)).statusCode, 204);
    assert.equal((await call('GET', `/api/v1/works/${id}`)).statusCode, 404);
  });

  it('answers bad input with a JSON 400 and changes nothing', async () => {
    const before = await ctx.db.selectFrom('works').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const r = await call('POST', '/api/v1/works', { ...work, warnings: [] });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().error.code, 'invalid');
    const after = await ctx.db.selectFrom('works').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  it('refuses another user\'s work, a bad token, a revoked token, and tokens outside the API', async () => {
    const other = new Client(app);
    await other.signup('someoneelse');
    const mine = (await call('POST', '/api/v1/works', work)).json().id;
    const theirsPage = await other.post('/tokens', { name: 'theirs' });
    const theirs = /<code class="token">(qt_[A-Za-z0-9_-]+)<\/code>/.exec(theirsPage.body)![1]!;
    assert.equal((await call('DELETE', `/api/v1/works/${mine}`, undefined, theirs)).statusCode, 403);
    assert.equal((await call('PUT', `/api/v1/works/${mine}`, { ...work, title: 'Hijacked' }, theirs)).statusCode, 403);
    const bad = await call('GET', '/api/v1/works', undefined, 'qt_nope');
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().error.code, 'invalid_token');
    assert.equal((await app.inject({ method: 'GET', url: '/works', headers: { authorization: `Bearer ${theirs}` } })).statusCode, 403);
    const id = (await ctx.db.selectFrom('api_tokens').select('id').where('name', '=', 'theirs').executeTakeFirstOrThrow()).id;
    assert.equal((await owner.post(`/tokens/${id}/revoke`, {})).status, 404, 'only the owner revokes a token');
    assert.equal((await other.post(`/tokens/${id}/revoke`, {})).status, 303);
    assert.equal((await call('GET', '/api/v1/works', undefined, theirs)).statusCode, 401);
    assert.equal((await call('POST', '/api/v1/works', work, null)).statusCode, 403, 'without a token or session cookie the CSRF check applies');
  });
});
