// The users API: public profiles and a user's works, with anonymity and restriction kept.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import { createToken, seedExamples, type Seed } from './seed.ts';

forEachDialect('the users API', ({ get }) => {
  let app: FastifyInstance;
  let seed: Seed;
  let tobinToken: string;
  const as = (url: string, token?: string) => app.inject({ url, headers: token ? { authorization: `Bearer ${token}` } : {} });

  before(async () => {
    app = await buildServer(testContext(get()));
    seed = await seedExamples(app);
    const tobin = new Client(app);
    await tobin.post('/login', { login: 'tobin', password: 'correct horse battery' });
    tobinToken = await createToken(tobin);
    await seed.mira.post('/pseuds', { name: 'Lamplighter' });
  });
  after(() => app.close());

  it('shows a profile with pseuds and the works each viewer may see, never counting an anonymous work for others', async () => {
    const guest = (await as('/api/v1/users/mira')).json();
    assert.equal(guest.login, 'mira');
    assert.equal(guest.works, 1, 'guest: not the restricted, not the anonymous');
    assert.deepEqual(guest.pseuds.map((p: { name: string; default: boolean }) => [p.name, p.default]), [['mira', true], ['Lamplighter', false]]);
    assert.equal((await as('/api/v1/users/mira', tobinToken)).json().works, 2, 'another user also sees the restricted one');
    assert.equal((await as('/api/v1/users/mira', seed.token)).json().works, 3, 'mira sees her anonymous work too');
  });

  it('lists a user\'s works without unmasking the anonymous one', async () => {
    const titles = async (token?: string) => (await as('/api/v1/users/mira/works', token)).json().works.map((w: { title: string }) => w.title).sort();
    assert.deepEqual(await titles(), ['The Lighthouse Keeper']);
    assert.deepEqual(await titles(tobinToken), ['Members Only Harbour', 'The Lighthouse Keeper']);
    assert.deepEqual(await titles(seed.token), ['Members Only Harbour', 'The Lighthouse Keeper', 'Unsigned Letter']);
    const everywhere = JSON.stringify((await as('/api/v1/works?q=unsigned', tobinToken)).json());
    assert.match(everywhere, /Unsigned Letter/);
    assert.doesNotMatch(everywhere, /mira/, 'the anonymous work never names its author');
    assert.deepEqual((await as('/api/v1/users/mira/works?pseud=Lamplighter')).json().works, []);
  });

  it('answers an unknown user or pseud with 404 and a bad parameter with 400', async () => {
    const missing = await as('/api/v1/users/nobody_here');
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.json(), { error: { code: 'not_found', message: 'No such user' } });
    assert.equal((await as('/api/v1/users/mira/works?pseud=Nobody')).statusCode, 404);
    assert.equal((await as('/api/v1/users/mira/works?sort=sideways')).statusCode, 400);
  });
});
