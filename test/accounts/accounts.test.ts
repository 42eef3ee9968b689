import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import type { Context } from '../../src/context.ts';

forEachDialect('accounts and sessions', ({ get }) => {
  let app: FastifyInstance;
  let ctx: Context;
  before(async () => {
    ctx = testContext(get(), { loginLimit: 5 });
    app = await buildServer(ctx);
  });
  after(() => app.close());

  it('signs up with a default pseud and stores only a scrypt hash', async () => {
    const c = new Client(app);
    await c.signup('newcomer', 'a long enough password');
    const user = await ctx.db.selectFrom('users').selectAll().where('login_key', '=', 'newcomer').executeTakeFirstOrThrow();
    assert.match(user.password_hash, /^scrypt\$/);
    assert.doesNotMatch(user.password_hash, /a long enough password/);
    const pseuds = await ctx.db.selectFrom('pseuds').selectAll().where('user_id', '=', user.id).execute();
    assert.deepEqual(pseuds.map((p) => [p.name, p.is_default]), [['newcomer', 1]]);
  });

  it('refuses short passwords and taken names, case-insensitively', async () => {
    const c = new Client(app);
    const short = await c.post('/signup', { login: 'shorty', email: 's@example.org', password: '1234567' });
    assert.equal(short.status, 400);
    assert.match(short.body, /at least 8/);
    await c.signup('Taken');
    const again = await new Client(app).post('/signup', { login: 'taken', email: 't@example.org', password: 'another password' });
    assert.equal(again.status, 409);
  });

  it('never truncates a long password', async () => {
    const long = 'p'.repeat(200) + 'X';
    await new Client(app).signup('longpass', long);
    assert.equal((await new Client(app).post('/login', { login: 'longpass', password: 'p'.repeat(200) + 'Y' })).status, 401);
    assert.equal((await new Client(app).post('/login', { login: 'longpass', password: 'p'.repeat(200) })).status, 401);
    assert.equal((await new Client(app).post('/login', { login: 'longpass', password: long })).status, 303);
  });

  it('answers an unknown user and a wrong password alike', async () => {
    await new Client(app).signup('known');
    const unknown = await new Client(app).post('/login', { login: 'nobody-here', password: 'whatever pass' });
    const wrong = await new Client(app).post('/login', { login: 'known', password: 'wrong password' });
    assert.equal(unknown.status, wrong.status);
    const message = (body: string) => /role="alert"><p>([^<]*)/.exec(body)?.[1];
    assert.equal(message(unknown.body), message(wrong.body));
  });

  it('gives a new session id at login and ends the session at logout', async () => {
    const c = new Client(app);
    await c.signup('sessiontest');
    const first = c.cookies.get('quire_session');
    await c.post('/logout', {});
    assert.equal(c.cookies.get('quire_session'), undefined);
    const stolen = new Client(app);
    stolen.cookies.set('quire_session', first!);
    assert.doesNotMatch((await stolen.get('/')).body, /Log out/, 'the old session no longer works');
    await c.post('/login', { login: 'sessiontest', password: 'correct horse battery' });
    const second = c.cookies.get('quire_session');
    assert.ok(second && second !== first);
    assert.match((await c.get('/')).body, /Log out/);
  });

  it('sets HttpOnly, SameSite=Lax session cookies and security headers', async () => {
    const c = new Client(app);
    const r = await c.post('/signup', { login: 'cookiecheck', email: 'c@example.org', password: 'correct horse battery' });
    const cookie = ([] as string[]).concat(r.headers['set-cookie'] as string[]).find((x) => x.startsWith('quire_session='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const page = await c.get('/');
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    assert.doesNotMatch(String(page.headers['content-security-policy']), /unsafe-inline/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
  });

  it('rate-limits failed logins per account with 429 and Retry-After', async () => {
    await new Client(app).signup('target');
    let last;
    for (let i = 0; i < 6; i++) last = await new Client(app).post('/login', { login: 'target', password: `guess number ${i}` });
    assert.equal(last!.status, 429);
    assert.ok(Number(last!.headers['retry-after']) > 0);
    const right = await new Client(app).post('/login', { login: 'target', password: 'correct horse battery' });
    assert.equal(right.status, 429, 'even the right password waits out the limit');
  });

  it('adds pseuds and refuses duplicates', async () => {
    const c = new Client(app);
    await c.signup('pseudful');
    assert.equal((await c.post('/pseuds', { name: 'Night Owl' })).status, 303);
    assert.equal((await c.post('/pseuds', { name: 'night owl' })).status, 400);
    assert.match((await c.get('/pseuds')).body, /Night Owl/);
    assert.equal((await new Client(app).get('/pseuds')).status, 303, 'guests are sent to log in');
  });

  it('keeps a guest reader\'s preferences in a cookie', async () => {
    const g = new Client(app);
    assert.equal((await g.post('/preferences', { theme: 'light', font_size: '150', line_width: '30' })).status, 303);
    const page = await g.get('/');
    assert.match(page.body, /data-theme="light"/);
    assert.match(page.body, /fs-150 lw-30/);
    assert.equal((await g.post('/preferences', { theme: 'neon' })).status, 400);
  });
});
