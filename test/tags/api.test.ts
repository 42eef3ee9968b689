// The tags JSON API: tag details, autocomplete, and wrangling for wranglers, on both dialects.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext } from '../support/app.ts';
import { makeUser, makeWork } from '../support/builders.ts';
import { buildServer } from '../../src/web/server.ts';
import { signup } from '../../src/accounts/service.ts';
import type { Context } from '../../src/context.ts';
import type { Viewer } from '../../src/authz/policy.ts';
import type { Role } from '../../src/db/schema.ts';
import { addMeta, addParent, makeCanonical, mergeTags, type Actor } from '../../src/tags/wrangling.ts';

const PASSWORD = 'correct horse battery';
const enc = encodeURIComponent;

forEachDialect('tags API', ({ get }) => {
  let app: FastifyInstance;
  let ctx: Context;
  let writer: Viewer;
  let seed: Actor;
  let guest: Client;
  let plain: Client;
  let wrangler: Client;
  let wranglerLogin: string;
  let n = 0;

  async function loggedIn(role: Role): Promise<{ client: Client; login: string }> {
    const login = `api${role}${process.pid}n${++n}`;
    await signup(ctx, { login, email: `${login}@example.org`, password: PASSWORD }, role);
    const client = new Client(app);
    assert.equal((await client.post('/login', { login, password: PASSWORD })).status, 303);
    return { client, login };
  }

  /** POSTs JSON as the client's browser script would: its cookies, and the CSRF cookie echoed in X-CSRF-Token. */
  async function wrangle(client: Client, body: unknown, opts: { csrfHeader?: string | null } = {}) {
    const headers: Record<string, string> = {
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': 'application/json',
    };
    const token = opts.csrfHeader === undefined ? client.cookies.get('quire_csrf') : opts.csrfHeader;
    if (token !== null && token !== undefined) headers['x-csrf-token'] = token;
    const r = await app.inject({ method: 'POST', url: '/api/v1/tags/wrangle', payload: JSON.stringify(body), headers });
    return { status: r.statusCode, json: () => r.json(), type: String(r.headers['content-type']) };
  }

  const details = async (client: Client, name: string) => {
    const r = await client.get(`/api/v1/tags/${enc(name)}`);
    assert.equal(r.status, 200, `${name}: ${r.body}`);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    return r.json();
  };
  const suggest = async (query: string) => {
    const r = await guest.get(`/api/v1/tags?${query}`);
    assert.equal(r.status, 200, `${query}: ${r.body}`);
    return r.json().tags as { name: string; kind: string; canonical: boolean }[];
  };

  async function snapshot() {
    const tags = await ctx.db.selectFrom('tags').select(['name', 'kind', 'canonical', 'merger_id']).orderBy('id').execute();
    const meta = await ctx.db.selectFrom('meta_taggings').selectAll().orderBy('meta_id').orderBy('sub_id').execute();
    const parents = await ctx.db.selectFrom('tag_parents').selectAll().orderBy('parent_id').orderBy('child_id').execute();
    const filters = await ctx.db.selectFrom('work_filters').selectAll().orderBy('work_id').orderBy('tag_id').execute();
    const audit = await ctx.db.selectFrom('wrangling_audit').select('id').execute();
    return { tags, meta, parents, filters, audit: audit.length };
  }

  before(async () => {
    ctx = testContext(get());
    app = await buildServer(ctx);
    writer = await makeUser(ctx);
    const w = await makeUser(ctx, 'wrangler');
    seed = { viewer: w, name: w.login };
    guest = new Client(app);
    ({ client: plain } = await loggedIn('user'));
    ({ client: wrangler, login: wranglerLogin } = await loggedIn('wrangler'));

    await makeWork(ctx, writer, { title: 'Open Own', fandoms: 'Api Fandom', relationships: 'Api Pair' });
    await makeWork(ctx, writer, { title: 'Restricted Nick', fandoms: 'Api Fandom', relationships: 'Api Nick', restricted: 'on' });
    await makeWork(ctx, writer, { title: 'Open Sub', fandoms: 'Api Fandom', relationships: 'Api Sub' });
    await makeWork(ctx, writer, { title: 'Draft Own', fandoms: 'Api Fandom', relationships: 'Api Pair', draft: 'on' });
    await makeCanonical(ctx, seed, ['Api Fandom', 'Api Pair', 'Api Sub']);
    await makeCanonical(ctx, seed, ['Api Meta'], 'relationship');
    await mergeTags(ctx, seed, ['Api Nick'], 'Api Pair');
    await addMeta(ctx, seed, 'Api Pair', 'Api Meta');
    await addMeta(ctx, seed, 'Api Sub', 'Api Pair');
    await addParent(ctx, seed, 'Api Pair', 'Api Fandom');
  });
  after(() => app.close());

  it('returns a canonical tag as exactly name, kind, canonical, canonical_name, synonyms, meta, sub, parents and works', async () => {
    const expected = { name: 'Api Pair', kind: 'relationship', canonical: true, canonical_name: 'Api Pair', synonyms: ['Api Nick'], meta: ['Api Meta'], sub: ['Api Sub'], parents: ['Api Fandom'], works: 2 };
    assert.deepEqual(await details(guest, 'Api Pair'), expected, 'a guest counts the open own and sub works, not the restricted synonym\'s or the draft');
    assert.deepEqual(await details(plain, 'API PAIR'), { ...expected, works: 3 }, 'a logged-in reader also counts the restricted work');
  });

  it('gives a synonym its canonical\'s name and works, and an unwrangled tag no canonical name', async () => {
    assert.deepEqual(await details(guest, 'api nick'), { name: 'Api Nick', kind: 'relationship', canonical: false, canonical_name: 'Api Pair', synonyms: [], meta: [], sub: [], parents: [], works: 2 });
    await makeWork(ctx, writer, { fandoms: 'Api Fandom', freeforms: 'Api Loose <b>&</b> 東方/?#%' });
    assert.deepEqual(await details(guest, 'Api Loose <b>&</b> 東方/?#%'), {
      name: 'Api Loose <b>&</b> 東方/?#%',
      kind: 'freeform',
      canonical: false,
      canonical_name: null,
      synonyms: [],
      meta: [],
      sub: [],
      parents: [],
      works: 1,
    });
    const fandom = await details(guest, 'Api Fandom');
    assert.equal(fandom.works, 3, 'a fandom counts every visible work filtered under it');
  });

  it('answers an unknown tag with a 404 JSON error', async () => {
    const r = await guest.get(`/api/v1/tags/${enc('No Such Api Tag')}`);
    assert.equal(r.status, 404);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.deepEqual(r.json(), { error: { code: 'not_found', message: 'No tag named "No Such Api Tag"' } });
  });

  it('autocompletes canonical tags first, then unwrangled ones, never synonyms', async () => {
    await makeCanonical(ctx, seed, ['Lune Api', 'Sol Api'], 'fandom');
    await makeCanonical(ctx, seed, ['Zeph Lune', 'Zeph Sol'], 'character');
    await addParent(ctx, seed, 'Zeph Lune', 'Lune Api');
    await addParent(ctx, seed, 'Zeph Sol', 'Sol Api');
    await makeWork(ctx, writer, { fandoms: 'Sol Api', characters: 'Zeph Alias, Zeph Alpha Loose' });
    await mergeTags(ctx, seed, ['Zeph Alias'], 'Zeph Sol');
    const all = await suggest('prefix=zeph&kind=character');
    assert.deepEqual(all, [
      { name: 'Zeph Lune', kind: 'character', canonical: true },
      { name: 'Zeph Sol', kind: 'character', canonical: true },
      { name: 'Zeph Alpha Loose', kind: 'character', canonical: false },
    ]);
    assert.deepEqual((await suggest('prefix=ZEPH%20s')).map((t) => t.name), ['Zeph Sol'], 'prefixes ignore case; no kind means any kind');
    assert.deepEqual(await suggest('prefix=zeph&kind=fandom'), []);
    assert.deepEqual(await suggest('prefix=&kind=character'), [], 'an empty prefix suggests nothing');
    assert.deepEqual((await suggest('prefix=zeph&kind=characters&limit=1')).map((t) => t.name), ['Zeph Lune'], 'plural kinds as on the posting form, and a limit');
  });

  it('puts the tags of the chosen fandoms first', async () => {
    assert.deepEqual((await suggest(`prefix=zeph&kind=character&fandom=${enc('Sol Api')}`)).map((t) => t.name), ['Zeph Sol', 'Zeph Lune', 'Zeph Alpha Loose']);
    assert.deepEqual((await suggest(`prefix=zeph&kind=character&fandom=${enc('sol api, Lune Api')}`)).map((t) => t.name), ['Zeph Lune', 'Zeph Sol', 'Zeph Alpha Loose'], 'the fandom field may list several, comma-separated');
    assert.deepEqual((await suggest(`prefix=zeph&kind=character&fandom=${enc('Unknown Fandom')}`)).map((t) => t.name), ['Zeph Lune', 'Zeph Sol', 'Zeph Alpha Loose']);
  });

  it('treats % and _ in a prefix as plain characters', async () => {
    await makeWork(ctx, writer, { fandoms: 'Api Fandom', freeforms: '100% Api, 100 Api Percentless, A_b Api, Axb Api' });
    assert.deepEqual((await suggest(`prefix=${enc('100%')}`)).map((t) => t.name), ['100% Api']);
    assert.deepEqual((await suggest(`prefix=${enc('a_b')}`)).map((t) => t.name), ['A_b Api']);
  });

  it('answers an unknown kind with a 400 JSON error', async () => {
    const r = await guest.get('/api/v1/tags?prefix=zeph&kind=spaceship');
    assert.equal(r.status, 400);
    assert.equal(r.json().error.code, 'invalid');
    assert.match(r.json().error.message, /Unknown tag kind "spaceship"/);
  });

  it('lets a wrangler wrangle through the API with the CSRF header', async () => {
    await makeWork(ctx, writer, { title: 'Api Merge Source', fandoms: 'Api Fandom', characters: 'Api Wrangled, Api Alias' });
    const made = await wrangle(wrangler, { action: 'canonical', tags: ['Api Wrangled'] });
    assert.equal(made.status, 200, JSON.stringify(made.json()));
    assert.match(made.type, /^application\/json/);
    assert.deepEqual(made.json(), { changes: [{ tag: 'Api Wrangled', action: 'canonical', detail: 'made canonical', works_affected: 0, job_id: null }] });
    const merged = await wrangle(wrangler, { action: 'merge', tags: ['Api Alias'], target: 'api wrangled' });
    assert.deepEqual(merged.json(), { changes: [{ tag: 'Api Alias', action: 'merge', detail: 'synonym of Api Wrangled', works_affected: 1, job_id: null }] });
    assert.equal((await details(guest, 'Api Alias')).canonical_name, 'Api Wrangled');
    const created = await wrangle(wrangler, { action: 'canonical', tags: ['Api Brand New'], kind: 'freeform' });
    assert.equal(created.json().changes[0].detail, 'created as a canonical Additional Tag');
    const audit = await ctx.db.selectFrom('wrangling_audit').select(['actor', 'detail']).where('tag_name', '=', 'Api Alias').execute();
    assert.deepEqual(audit, [{ actor: wranglerLogin, detail: 'synonym of Api Wrangled' }]);
  });

  it('refuses a plain user, a guest and a request without the CSRF header, changing nothing', async () => {
    await makeWork(ctx, writer, { fandoms: 'Api Fandom', freeforms: 'Api Guarded' });
    const before = await snapshot();
    const body = { action: 'canonical', tags: ['Api Guarded'] };
    const asPlain = await wrangle(plain, body);
    assert.equal(asPlain.status, 403);
    assert.equal(asPlain.json().error.code, 'forbidden');
    const noHeader = await wrangle(wrangler, body, { csrfHeader: null });
    assert.equal(noHeader.status, 403);
    assert.match(noHeader.json().error.message, /CSRF/);
    assert.equal((await wrangle(wrangler, body, { csrfHeader: 'y'.repeat(43) })).status, 403);
    const asGuest = await wrangle(guest, body);
    assert.equal(asGuest.status, 401);
    assert.equal(asGuest.json().error.code, 'login_required');
    assert.deepEqual(await snapshot(), before);
  });

  it('answers bad wrangling requests with 400, 404 or 409 JSON errors, changing nothing', async () => {
    await makeCanonical(ctx, seed, ['Api Cycle Top', 'Api Cycle Bottom', 'Api Free'], 'freeform');
    await addMeta(ctx, seed, 'Api Cycle Bottom', 'Api Cycle Top');
    const before = await snapshot();
    const cases: [unknown, number, string, RegExp][] = [
      [{ action: 'explode', tags: ['Api Free'] }, 400, 'invalid', /Action must be one of canonical, merge/],
      [{ action: 'canonical', tags: [] }, 400, 'invalid', /Choose at least one tag/],
      [{ action: 'merge', tags: ['Api Free'] }, 400, 'invalid', /Name the canonical tag to merge into/],
      [{ action: 'merge', tags: ['Api Free'], target: 'Api Pair' }, 400, 'invalid', /only tags of one kind can be merged/],
      [{ action: 'canonical', tags: ['No Such Api Tag'] }, 404, 'not_found', /No tag named "No Such Api Tag"/],
      [{ action: 'add_meta', tags: ['Api Cycle Top'], target: 'Api Cycle Bottom' }, 409, 'conflict', /would make a cycle/],
      [{ action: 'canonical', tags: ['Api Free'], kind: 'spaceship' }, 400, 'invalid', /Kind must be one of/],
      // One bad tag in a list spoils the whole request: the good ones are not changed either.
      [{ action: 'add_meta', tags: ['Api Free', 'Api Cycle Top'], target: 'Api Cycle Bottom' }, 409, 'conflict', /would make a cycle/],
    ];
    for (const [body, status, code, message] of cases) {
      const r = await wrangle(wrangler, body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.equal(r.json().error.code, code, JSON.stringify(body));
      assert.match(r.json().error.message, message);
    }
    assert.deepEqual(await snapshot(), before);
  });
});
