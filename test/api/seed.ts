// The data the API examples name (src/api/schemas/*: work 1, user "mira", tag "Original Work", …),
// posted through the site like a user would, plus a token for mira.
import type { FastifyInstance } from 'fastify';
import { Client, workForm, workIdFrom } from '../support/app.ts';

export interface Seed {
  mira: Client;
  token: string;
  ids: { lighthouse: number; restricted: number; anonymous: number; other: number };
}

export async function createToken(client: Client, name = 'script'): Promise<string> {
  const page = await client.post('/tokens', { name });
  const token = /<code class="token">(qt_[A-Za-z0-9_-]+)<\/code>/.exec(page.body)?.[1];
  if (!token) throw new Error(`no token on the page: ${page.status}`);
  return token;
}

export async function seedExamples(app: FastifyInstance): Promise<Seed> {
  const mira = new Client(app);
  await mira.signup('mira');
  const lighthouse = workIdFrom(await mira.post('/works', workForm({ relationships: 'Mira/Tobin', characters: 'Mira, Tobin', freeforms: 'Found Family', categories: 'Gen' })));
  if (lighthouse !== 1) throw new Error(`the examples name work 1, the first work got ${lighthouse}`);
  await mira.post(`/works/${lighthouse}/chapters`, { format: 'text', title: 'After the Storm', body: 'The lighthouse stood. Tobin made tea.' });
  const restricted = workIdFrom(await mira.post('/works', workForm({ title: 'Members Only Harbour', restricted: 'on' })));
  const anonymous = workIdFrom(await mira.post('/works', workForm({ title: 'Unsigned Letter', anonymous: 'on' })));
  const tobin = new Client(app);
  await tobin.signup('tobin');
  const other = workIdFrom(await tobin.post('/works', workForm({ title: 'Tide Tables', freeforms: 'Angst' })));
  const token = await createToken(mira);
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  await app.inject({ method: 'POST', url: '/api/v1/saved-searches', headers: auth, payload: JSON.stringify({ name: 'Lighthouses', query: 'q=lighthouse' }) });
  await app.inject({ method: 'POST', url: '/api/v1/blocklist', headers: auth, payload: JSON.stringify({ tag: 'Angst' }) });
  return { mira, token, ids: { lighthouse, restricted, anonymous, other } };
}
