// HTTP behaviour shared by every API read: ETag and 304, CORS for reads only,
// and request validation answered as 400 {error: {code, message}} naming the parameter.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import { seedExamples, type Seed } from './seed.ts';

forEachDialect('API reads over HTTP', ({ get }) => {
  let app: FastifyInstance;
  let seed: Seed;
  const call = (method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'OPTIONS' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    app.inject({ method, url, headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, payload: payload === undefined ? undefined : JSON.stringify(payload) });

  before(async () => {
    app = await buildServer(testContext(get()));
    seed = await seedExamples(app);
  });
  after(() => app.close());

  it('answers If-None-Match with 304 while the work is unchanged, and 200 with a new ETag after an edit', async () => {
    const url = `/api/v1/works/${seed.ids.lighthouse}`;
    const first = await call('GET', url);
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[\w-]{10,}"$/);
    assert.equal(first.headers.vary, 'Authorization, Cookie');
    const again = await call('GET', url, { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
    assert.equal((await call('GET', url, { 'if-none-match': `"other", W/${etag}` })).statusCode, 304, 'weak and listed tags match too');
    assert.equal((await call('HEAD', url, { 'if-none-match': etag })).statusCode, 304);

    const edit = await seed.mira.post(`/works/${seed.ids.lighthouse}`, { title: 'The Lighthouse Keeper, Revised', rating: 'General Audiences', warnings: 'No Archive Warnings Apply', fandoms: 'Original Work', characters: 'Mira, Tobin', relationships: 'Mira/Tobin', freeforms: 'Found Family', categories: 'Gen', language: 'en' });
    assert.equal(edit.status, 303, edit.body.slice(0, 300));
    const changed = await call('GET', url, { 'if-none-match': etag });
    assert.equal(changed.statusCode, 200);
    assert.equal(changed.json().title, 'The Lighthouse Keeper, Revised');
    assert.notEqual(changed.headers.etag, etag);
  });

  it('gives each viewer their own ETag, so a guest never revalidates into a member\'s answer', async () => {
    const url = `/api/v1/works?user=mira`;
    const guest = await call('GET', url);
    const member = await call('GET', url, { authorization: `Bearer ${seed.token}` });
    assert.notEqual(guest.headers.etag, member.headers.etag, 'mira sees her restricted and anonymous works');
    assert.equal((await call('GET', url, { 'if-none-match': String(member.headers.etag) })).statusCode, 200);
    assert.equal(member.headers['cache-control'], 'private, no-cache');
  });

  it('allows any origin to read, with a preflight for GET only', async () => {
    for (const url of ['/api/v1/works', '/api/v1/works/999999', '/api/v1/tags?prefix=Orig']) {
      const r = await call('GET', url, { origin: 'https://reader.example' });
      assert.equal(r.headers['access-control-allow-origin'], '*', url);
      assert.match(String(r.headers['access-control-expose-headers']), /ETag/);
    }
    const preflight = await call('OPTIONS', '/api/v1/works/1', { origin: 'https://reader.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.equal(preflight.headers['access-control-allow-methods'], 'GET, HEAD');
    assert.match(String(preflight.headers['access-control-allow-headers']), /Authorization/);
  });

  it('gives writes no CORS: a POST preflight is answered without any Allow header', async () => {
    const preflight = await call('OPTIONS', '/api/v1/works', { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' });
    assert.equal(preflight.statusCode, 204);
    for (const h of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers']) assert.equal(preflight.headers[h], undefined, h);
    const post = await call('POST', '/api/v1/saved-searches', { authorization: `Bearer ${seed.token}`, origin: 'https://evil.example' }, { name: 'x', query: 'q=x' });
    assert.equal(post.statusCode, 201);
    assert.equal(post.headers['access-control-allow-origin'], undefined);
  });

  it('answers a bad parameter or field with 400 {error: {code, message}} naming it, and changes nothing', async () => {
    const token = { authorization: `Bearer ${seed.token}` };
    const cases: [string, string, unknown, RegExp][] = [
      ['GET', '/api/v1/works?page=0', undefined, /^page must be at least 1/],
      ['GET', '/api/v1/works?sort=sideways', undefined, /^sort must be one of best, updated/],
      ['GET', '/api/v1/works?posted_from=2024-02-31', undefined, /^posted_from must be a date like/],
      ['GET', '/api/v1/works/abc', undefined, /^id must be a whole number, got "abc"/],
      ['GET', '/api/v1/works/1/chapters/0', undefined, /^position must be at least 1/],
      ['GET', '/api/v1/tags?limit=lots', undefined, /^limit must be a whole number/],
      ['POST', '/api/v1/works', { title: 'No Rating', warnings: ['No Archive Warnings Apply'], fandoms: ['Original Work'], body: 'x', format: 'text' }, /rating is required/],
      ['POST', '/api/v1/works', { title: 'Typo', rating: 'General Audiences', warnings: ['No Archive Warnings Apply'], fandoms: ['Original Work'], body: 'x', titel: 'oops' }, /Unknown field "titel"/],
      ['POST', '/api/v1/works', { title: 'Bad Chapter', rating: 'General Audiences', warnings: ['No Archive Warnings Apply'], fandoms: ['Original Work'], chapters: [{ body: 'x', format: 'docx' }] }, /^chapters\[0\]\.format must be one of html, markdown, text/],
      ['POST', '/api/v1/works', 'not an object', /request body must be an object/],
    ];
    const before = (await call('GET', '/api/v1/users/mira', token)).json().works;
    for (const [method, url, body, message] of cases) {
      const r = await call(method as 'GET', url, token, body);
      assert.equal(r.statusCode, 400, `${method} ${url}: ${r.body}`);
      assert.deepEqual(Object.keys(r.json()), ['error']);
      assert.equal(r.json().error.code, 'invalid', url);
      assert.match(r.json().error.message, message, `${method} ${url}`);
    }
    assert.equal((await call('GET', '/api/v1/users/mira', token)).json().works, before);
  });

  it('reports a missing login or a bad token before a bad body', async () => {
    const guest = await call('GET', '/api/v1/blocklist');
    assert.equal(guest.statusCode, 401);
    assert.equal(guest.json().error.code, 'login_required');
    const bad = await call('POST', '/api/v1/works', { authorization: 'Bearer qt_made_up' }, { nonsense: true });
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().error.code, 'invalid_token');
    const noCsrf = await new Client(app).get('/api/v1/works');
    assert.equal(noCsrf.status, 200);
  });
});
