// Tag pages for readers and the wrangling pages for wranglers and admins, over HTTP, on both dialects.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext, type Response } from '../support/app.ts';
import { makeUser, makeWork } from '../support/builders.ts';
import { buildServer } from '../../src/web/server.ts';
import { signup } from '../../src/accounts/service.ts';
import type { Context } from '../../src/context.ts';
import type { Viewer } from '../../src/authz/policy.ts';
import type { Role } from '../../src/db/schema.ts';
import { addMeta, addParent, makeCanonical, mergeTags, type Actor } from '../../src/tags/wrangling.ts';

const PASSWORD = 'correct horse battery';
const enc = encodeURIComponent;
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The link texts listed under the `<h2>` titled `title` (a TagList or CountList section), unescaped. */
function listed(body: string, title: string): string[] {
  const m = new RegExp(`<h2>${title}</h2>([^]*?)</section>`).exec(body);
  if (!m) return [];
  return [...m[1]!.matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((a) => unescape(a[1]!));
}

/** "name (count)" for each entry of a CountList section. */
function counted(body: string, title: string): string[] {
  const m = new RegExp(`<h2>${title}</h2>([^]*?)</section>`).exec(body);
  if (!m) return [];
  return [...m[1]!.matchAll(/<a [^>]*>([^<]*)<\/a> <span class="count">\(([^)]*)\)<\/span>/g)].map((a) => `${unescape(a[1]!)} (${a[2]})`);
}

const h1 = (body: string): string => unescape(/<h1>([^]*?)<\/h1>/.exec(body)?.[1]?.replace(/<[^>]*>/g, '') ?? '');
const kindLine = (body: string): string => unescape(/<p class="tag-kind">([^<]*)<\/p>/.exec(body)?.[1] ?? '');
/** Titles of the work blurbs on a listing page. */
const titles = (body: string): string[] => [...body.matchAll(/<h2 class="heading"[^>]*>\s*<a href="\/works\/\d+">([^<]*)<\/a>/g)].map((m) => unescape(m[1]!)).sort();

forEachDialect('tag pages and wrangling pages', ({ get }) => {
  let app: FastifyInstance;
  let ctx: Context;
  let writer: Viewer;
  let seed: Actor;
  let guest: Client;
  let plain: Client;
  let plainLogin: string;
  let wrangler: Client;
  let wranglerLogin: string;
  let admin: Client;
  let n = 0;

  /** A user of `role` made through the accounts service, logged in through the login form. */
  async function loggedIn(role: Role): Promise<{ client: Client; login: string }> {
    const login = `${role}${process.pid}n${++n}`;
    await signup(ctx, { login, email: `${login}@example.org`, password: PASSWORD }, role);
    const client = new Client(app);
    const r = await client.post('/login', { login, password: PASSWORD });
    assert.equal(r.status, 303, `login as ${role}: ${r.body.slice(0, 200)}`);
    return { client, login };
  }

  /** Everything wrangling can change, to show a refused request changed nothing. */
  async function snapshot() {
    const tags = await ctx.db.selectFrom('tags').select(['name', 'kind', 'canonical', 'merger_id']).orderBy('id').execute();
    const meta = await ctx.db.selectFrom('meta_taggings').selectAll().orderBy('meta_id').orderBy('sub_id').execute();
    const parents = await ctx.db.selectFrom('tag_parents').selectAll().orderBy('parent_id').orderBy('child_id').execute();
    const filters = await ctx.db.selectFrom('work_filters').selectAll().orderBy('work_id').orderBy('tag_id').execute();
    const audit = await ctx.db.selectFrom('wrangling_audit').select('id').execute();
    const assignments = await ctx.db.selectFrom('wrangler_assignments').selectAll().execute();
    return { tags, meta, parents, filters, audit: audit.length, assignments };
  }

  const tagRow = (name: string) => ctx.db.selectFrom('tags').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  const wrangle = (client: Client, tag: string, form: Record<string, string | string[]>, opts?: { csrf?: string | null }) => client.post(`/tags/${enc(tag)}/wrangle`, form, opts);
  const okPage = (r: Response, what: string) => assert.equal(r.status, 200, `${what}: ${r.status} ${r.body.slice(0, 300)}`);

  before(async () => {
    ctx = testContext(get());
    app = await buildServer(ctx);
    writer = await makeUser(ctx);
    const w = await makeUser(ctx, 'wrangler');
    seed = { viewer: w, name: w.login };
    guest = new Client(app);
    ({ client: plain, login: plainLogin } = await loggedIn('user'));
    ({ client: wrangler, login: wranglerLogin } = await loggedIn('wrangler'));
    ({ client: admin } = await loggedIn('admin'));

    // One canonical relationship with a synonym, a meta tag, a sub tag and a parent fandom.
    await makeWork(ctx, writer, { title: 'Own Tag', fandoms: 'Good Omens (TV)', relationships: 'Aziraphale/Crowley' });
    await makeWork(ctx, writer, { title: 'Synonym Tag', fandoms: 'Good Omens (TV)', relationships: 'Ineffable Husbands' });
    await makeWork(ctx, writer, { title: 'Sub Tag', fandoms: 'Good Omens (TV)', relationships: 'Aziraphale/Crowley (Swap)' });
    await makeWork(ctx, writer, { title: 'Other Pair', fandoms: 'Good Omens (TV)', relationships: 'Gabriel/Beelzebub' });
    await makeCanonical(ctx, seed, ['Good Omens (TV)', 'Aziraphale/Crowley', 'Aziraphale/Crowley (Swap)', 'Gabriel/Beelzebub']);
    await makeCanonical(ctx, seed, ['Angel/Demon'], 'relationship');
    await mergeTags(ctx, seed, ['Ineffable Husbands'], 'Aziraphale/Crowley');
    await addMeta(ctx, seed, 'Aziraphale/Crowley', 'Angel/Demon');
    await addMeta(ctx, seed, 'Aziraphale/Crowley (Swap)', 'Aziraphale/Crowley');
    await addMeta(ctx, seed, 'Gabriel/Beelzebub', 'Angel/Demon');
    await addParent(ctx, seed, 'Aziraphale/Crowley', 'Good Omens (TV)');
  });
  after(() => app.close());

  it('shows a canonical tag\'s kind, status, synonyms, meta and sub tags, parent fandoms and a link to its works with their count', async () => {
    const r = await guest.get(`/tags/${enc('Aziraphale/Crowley')}`);
    okPage(r, 'tag page');
    assert.equal(h1(r.body), 'Aziraphale/Crowley');
    assert.equal(kindLine(r.body), 'Relationship · canonical');
    assert.deepEqual(listed(r.body, 'Synonyms'), ['Ineffable Husbands']);
    assert.deepEqual(listed(r.body, 'Meta tags'), ['Angel/Demon']);
    assert.deepEqual(listed(r.body, 'Sub tags'), ['Aziraphale/Crowley (Swap)']);
    assert.deepEqual(listed(r.body, 'Fandoms'), ['Good Omens (TV)']);
    assert.ok(r.body.includes(`href="/tags/${enc('Angel/Demon')}"`), 'meta tags link to their own tag pages');
    assert.ok(r.body.includes(`href="/tags/${enc('Good Omens (TV)')}"`), 'parents link to their tag pages');
    assert.ok(r.body.includes(`<a href="/tags/${enc('Aziraphale/Crowley')}/works">3 works</a>`), 'own, synonym\'s and sub tag\'s works are counted');
    assert.doesNotMatch(r.body, /Wrangle this tag/, 'guests get no wrangling link');
    assert.match((await wrangler.get(`/tags/${enc('Aziraphale/Crowley')}`)).body, new RegExp(`href="/tags/${enc('Aziraphale/Crowley')}/edit"`));
  });

  it('says a synonym is listed under its canonical tag, with a link to it', async () => {
    const r = await guest.get(`/tags/${enc('ineffable husbands')}`);
    okPage(r, 'synonym page');
    assert.equal(h1(r.body), 'Ineffable Husbands', 'any spelling of the name finds the tag');
    assert.equal(kindLine(r.body), 'Relationship · a synonym of Aziraphale/Crowley');
    assert.ok(r.body.includes(`are listed under <a href="/tags/${enc('Aziraphale/Crowley')}">Aziraphale/Crowley</a>`), r.body);
    assert.ok(r.body.includes(`<a href="/tags/${enc('Aziraphale/Crowley')}/works">3 works</a>`));
  });

  it('lists a fandom\'s top characters, relationships and additional tags with counts', async () => {
    const fandom = 'Lighthouse Saga';
    await makeWork(ctx, writer, { fandoms: fandom, characters: 'Mira, Tobin', relationships: 'Mira/Tobin', freeforms: 'Fluff' });
    await makeWork(ctx, writer, { fandoms: fandom, characters: 'Mira, Tobin', relationships: 'Mira/Tobin' });
    await makeWork(ctx, writer, { fandoms: fandom, characters: 'Mira', freeforms: 'Angst, Fluff' });
    await makeWork(ctx, writer, { fandoms: 'Elsewhere Entirely', characters: 'Tobin, Tobin Elsewhere' });
    const r = await guest.get(`/tags/${enc(fandom)}`);
    okPage(r, 'fandom page');
    assert.equal(kindLine(r.body), 'Fandom · not yet wrangled');
    assert.deepEqual(counted(r.body, 'Top characters'), ['Mira (3)', 'Tobin (2)']);
    assert.deepEqual(counted(r.body, 'Top relationships'), ['Mira/Tobin (2)']);
    assert.deepEqual(counted(r.body, 'Top additional tags'), ['Fluff (2)', 'Angst (1)']);
    assert.ok(r.body.includes(`href="/tags/${enc('Mira/Tobin')}/works"`), 'each top tag links to its works');
  });

  it('finds tags whose names hold / & | ? # % CJK or HTML-looking text, and escapes them on every page', async () => {
    const names = ['Tom & Jerry/Spike', 'Pipe|Dream', 'Why? Because', 'C# Sharp #1', '100% Accurate', '50%2F50', '東方Project', '<b>x</b>', '"Quoted" Tag'];
    await makeWork(ctx, writer, { title: 'Odd Names', fandoms: 'Odd Fandom', freeforms: names.join(', ') });
    await makeCanonical(ctx, seed, ['<b>x</b>', 'Tom & Jerry/Spike']);
    await mergeTags(ctx, seed, ['Pipe|Dream'], 'Tom & Jerry/Spike');
    for (const name of names) {
      const page = await guest.get(`/tags/${enc(name)}`);
      okPage(page, name);
      assert.equal(h1(page.body), name);
      assert.doesNotMatch(page.body, /<b>x<\/b>/, 'HTML in a tag name is shown as text, never as markup');
      const works = await guest.get(`/tags/${enc(name)}/works`);
      okPage(works, `${name} works`);
      assert.ok(titles(works.body).includes('Odd Names'), name);
      assert.doesNotMatch(works.body, /<b>x<\/b>/);
    }
    const markup = await guest.get(`/tags/${enc('<b>x</b>')}`);
    assert.ok(markup.body.includes('<h1>&lt;b&gt;x&lt;/b&gt;</h1>'));
    assert.ok(markup.body.includes(`href="/tags/${enc('<b>x</b>')}/works"`), 'links use encodeURIComponent');
    const synonym = await guest.get(`/tags/${enc('Pipe|Dream')}`);
    assert.ok(synonym.body.includes(`<a href="/tags/${enc('Tom & Jerry/Spike')}">Tom &amp; Jerry/Spike</a>`));
    const canonical = await guest.get(`/tags/${enc('Tom & Jerry/Spike')}`);
    assert.deepEqual(listed(canonical.body, 'Synonyms'), ['Pipe|Dream']);
    assert.ok(canonical.body.includes(`href="/tags/${enc('Pipe|Dream')}"`));
    // The blurb on a listing links every tag through its encoded name too.
    const listing = await guest.get(`/tags/${enc('Odd Fandom')}/works`);
    for (const name of names) assert.ok(listing.body.includes(`href="/tags/${enc(name)}/works"`), name);
    assert.equal((await guest.get(`/tags/${enc('50/50')}`)).status, 404, '%2F in a name is not a slash');
  });

  it('lists a canonical tag\'s works together with its synonyms\' and sub tags\' works', async () => {
    const own = await guest.get(`/tags/${enc('Aziraphale/Crowley')}/works`);
    okPage(own, 'canonical works');
    assert.deepEqual(titles(own.body), ['Own Tag', 'Sub Tag', 'Synonym Tag']);
    assert.deepEqual(titles((await guest.get(`/tags/${enc('Angel/Demon')}/works`)).body), ['Other Pair', 'Own Tag', 'Sub Tag', 'Synonym Tag'], 'meta tags collect works transitively');
    assert.deepEqual(titles((await guest.get(`/tags/${enc('Aziraphale/Crowley (Swap)')}/works`)).body), ['Sub Tag']);
    assert.deepEqual(titles((await guest.get(`/tags/${enc('Ineffable Husbands')}/works`)).body), ['Own Tag', 'Sub Tag', 'Synonym Tag'], 'a synonym lists its canonical\'s works');
  });

  it('never counts restricted works in a guest\'s counts or lists, but does for a logged-in reader', async () => {
    const fandom = 'Guarded Fandom';
    await makeWork(ctx, writer, { title: 'Open Story', fandoms: fandom, characters: 'Warden', freeforms: 'Keys' });
    await makeWork(ctx, writer, { title: 'Members Story', fandoms: fandom, characters: 'Warden', freeforms: 'Keys', restricted: 'on' });
    await makeWork(ctx, writer, { title: 'Draft Story', fandoms: fandom, characters: 'Warden', draft: 'on' });
    await makeCanonical(ctx, seed, ['Warden']);
    const asGuest = await guest.get(`/tags/${enc('Warden')}`);
    assert.ok(asGuest.body.includes('>1 work</a>'), 'guests count only the open work');
    assert.ok((await plain.get(`/tags/${enc('Warden')}`)).body.includes('>2 works</a>'), 'readers count restricted works, never drafts');
    assert.deepEqual(counted((await guest.get(`/tags/${enc(fandom)}`)).body, 'Top characters'), ['Warden (1)']);
    assert.deepEqual(counted((await plain.get(`/tags/${enc(fandom)}`)).body, 'Top characters'), ['Warden (2)']);
    assert.deepEqual(titles((await guest.get(`/tags/${enc('Warden')}/works`)).body), ['Open Story']);
    assert.deepEqual(titles((await plain.get(`/tags/${enc('Warden')}/works`)).body), ['Members Story', 'Open Story']);
  });

  it('refuses every wrangling page to a plain user with 403 and changes nothing', async () => {
    await makeWork(ctx, writer, { fandoms: 'Plain Fandom', freeforms: 'Plain Loose Tag' });
    const before = await snapshot();
    const tag = enc('Plain Loose Tag');
    for (const url of [`/tags/${tag}/edit`, '/wrangling', `/wrangling/fandoms/${enc('Plain Fandom')}`, '/wrangling/audit', '/admin/wranglers']) {
      assert.equal((await plain.get(url)).status, 403, url);
    }
    assert.equal((await plain.post(`/tags/${tag}/wrangle`, { action: 'canonical' })).status, 403);
    assert.equal((await plain.post('/wrangling/bulk', { fandom: 'Plain Fandom', tags: 'Plain Loose Tag', action: 'canonical' })).status, 403);
    assert.equal((await plain.post('/admin/wranglers', { login: plainLogin, fandom: 'Plain Fandom' })).status, 403);
    assert.doesNotMatch((await plain.get(`/tags/${tag}`)).body, /Wrangle this tag/);
    assert.deepEqual(await snapshot(), before);
  });

  it('sends a guest to log in for the wrangling pages and changes nothing on a guest\'s post', async () => {
    const before = await snapshot();
    const edit = `/tags/${enc('Plain Loose Tag')}/edit`;
    for (const url of [edit, '/wrangling', `/wrangling/fandoms/${enc('Plain Fandom')}`, '/wrangling/audit', '/admin/wranglers']) {
      const r = await guest.get(url);
      assert.equal(r.status, 303, url);
      assert.equal(r.headers.location, `/login?return_to=${enc(url)}&reason=restricted`);
    }
    for (const [url, form] of [[`/tags/${enc('Plain Loose Tag')}/wrangle`, { action: 'canonical' }], ['/wrangling/bulk', { fandom: 'Plain Fandom', tags: 'Plain Loose Tag', action: 'canonical' }]] as const) {
      const r = await guest.post(url, form);
      assert.equal(r.status, 401, url);
      assert.match(r.body, /log in/i);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('lets a wrangler make a tag canonical from its edit page', async () => {
    await makeWork(ctx, writer, { fandoms: 'Edit Fandom', freeforms: 'Becomes A Character' });
    const edit = await wrangler.get(`/tags/${enc('Becomes A Character')}/edit`);
    okPage(edit, 'edit page');
    assert.ok(edit.body.includes(`action="/tags/${enc('Becomes A Character')}/wrangle"`));
    assert.match(edit.body, /name="action" value="canonical"/);
    assert.ok(edit.body.includes(`name="_csrf" value="${wrangler.csrf}"`), 'every wrangling form carries the CSRF token');
    const r = await wrangle(wrangler, 'Becomes A Character', { action: 'canonical', kind: 'character' });
    okPage(r, 'make canonical');
    assert.match(r.body, /Becomes A Character: kind Additional Tag → Character; made canonical/);
    assert.equal(kindLine((await guest.get(`/tags/${enc('Becomes A Character')}`)).body), 'Character · canonical');
    assert.doesNotMatch(r.body, /value="canonical"/, 'a canonical tag is not offered "make canonical" again');
  });

  it('lets a wrangler merge a tag into a canonical one and unmerge it again', async () => {
    await makeWork(ctx, writer, { title: 'Spelled Out', fandoms: 'Merge Fandom', characters: 'Hermione Granger' });
    await makeWork(ctx, writer, { title: 'Nicknamed', fandoms: 'Merge Fandom', characters: 'Mione' });
    assert.equal((await wrangle(wrangler, 'Hermione Granger', { action: 'canonical' })).status, 200);
    const merged = await wrangle(wrangler, 'Mione', { action: 'merge', target: 'hermione granger' });
    okPage(merged, 'merge');
    assert.match(merged.body, /Mione: synonym of Hermione Granger \(1 work re-filtered\)/);
    assert.match(merged.body, /Unmerge from Hermione Granger/, 'the edit page now offers to unmerge');
    assert.deepEqual(titles((await guest.get(`/tags/${enc('Hermione Granger')}/works`)).body), ['Nicknamed', 'Spelled Out']);
    assert.deepEqual(listed((await guest.get(`/tags/${enc('Hermione Granger')}`)).body, 'Synonyms'), ['Mione']);
    const unmerged = await wrangle(wrangler, 'Mione', { action: 'unmerge' });
    okPage(unmerged, 'unmerge');
    assert.match(unmerged.body, /Mione: no longer a synonym of Hermione Granger/);
    assert.deepEqual(titles((await guest.get(`/tags/${enc('Hermione Granger')}/works`)).body), ['Spelled Out']);
    assert.equal((await tagRow('Mione')).merger_id, null);
  });

  it('lets a wrangler add and remove a meta tag from the edit page', async () => {
    await makeWork(ctx, writer, { title: 'Narrow', fandoms: 'Meta Fandom', freeforms: 'Slow Burn Extreme' });
    await makeCanonical(ctx, seed, ['Slow Burn Extreme', 'Slow Burn'], 'freeform');
    const added = await wrangle(wrangler, 'Slow Burn Extreme', { action: 'add_meta', target: 'Slow Burn' });
    okPage(added, 'add meta');
    assert.match(added.body, /Slow Burn Extreme: meta tag Slow Burn/);
    assert.match(added.body, /Remove meta tag Slow Burn/);
    assert.deepEqual(listed((await guest.get(`/tags/${enc('Slow Burn')}`)).body, 'Sub tags'), ['Slow Burn Extreme']);
    assert.deepEqual(titles((await guest.get(`/tags/${enc('Slow Burn')}/works`)).body), ['Narrow']);
    const removed = await wrangle(wrangler, 'Slow Burn Extreme', { action: 'remove_meta', target: 'Slow Burn' });
    okPage(removed, 'remove meta');
    assert.match(removed.body, /meta tag Slow Burn removed/);
    assert.deepEqual(listed((await guest.get(`/tags/${enc('Slow Burn')}`)).body, 'Sub tags'), []);
    assert.deepEqual(titles((await guest.get(`/tags/${enc('Slow Burn')}/works`)).body), []);
  });

  it('lets a wrangler add and remove a parent fandom from the edit page', async () => {
    await makeWork(ctx, writer, { fandoms: 'Parent Fandom Page', characters: 'Orphan Character' });
    const added = await wrangle(wrangler, 'Orphan Character', { action: 'add_parent', target: 'Parent Fandom Page' });
    okPage(added, 'add parent');
    assert.match(added.body, /Orphan Character: parent Parent Fandom Page/);
    assert.match(added.body, /Remove parent Parent Fandom Page/);
    assert.deepEqual(listed((await guest.get(`/tags/${enc('Orphan Character')}`)).body, 'Fandoms'), ['Parent Fandom Page']);
    const removed = await wrangle(wrangler, 'Orphan Character', { action: 'remove_parent', target: 'Parent Fandom Page' });
    okPage(removed, 'remove parent');
    assert.match(removed.body, /parent Parent Fandom Page removed/);
    assert.deepEqual(listed((await guest.get(`/tags/${enc('Orphan Character')}`)).body, 'Fandoms'), []);
  });

  it('shows a wrangler the unwrangled tags of a fandom with how many works use each', async () => {
    const fandom = 'Unwrangled Land';
    await makeWork(ctx, writer, { fandoms: fandom, characters: 'Loose Kid', freeforms: 'Loose Thread' });
    await makeWork(ctx, writer, { fandoms: fandom, characters: 'Loose Kid, Settled Kid' });
    await makeWork(ctx, writer, { fandoms: 'Far Away Land', characters: 'Far Kid' });
    await makeCanonical(ctx, seed, ['Settled Kid']);
    const r = await wrangler.get(`/wrangling/fandoms/${enc(fandom)}`);
    okPage(r, 'fandom wrangling');
    const rows = [...r.body.matchAll(/<label for="t-\d+">([^<]*)<\/label>[^]*?<td>([^<]*)<\/td><td>(\d+)<\/td>/g)].map((m) => `${unescape(m[1]!)} | ${m[2]} | ${m[3]}`);
    assert.deepEqual(rows, ['Loose Kid | Character | 2', 'Unwrangled Land | Fandom | 2', 'Loose Thread | Additional Tag | 1']);
    assert.doesNotMatch(r.body, /Settled Kid|Far Kid/, 'canonical tags and other fandoms\' tags are not listed');
    assert.equal((await wrangler.get(`/wrangling/fandoms/${enc('No Such Fandom Here')}`)).status, 404);
  });

  it('applies a bulk action to several tags of a fandom at once', async () => {
    const fandom = 'Bulk Fandom';
    await makeWork(ctx, writer, { fandoms: fandom, characters: 'Bulk One, Bulk Two, Bulk Three', freeforms: 'Bulk Alias' });
    await makeCanonical(ctx, seed, [fandom]);
    const r = await wrangler.post('/wrangling/bulk', { fandom, tags: ['Bulk One', 'Bulk Two'], action: 'canonical_parent' });
    okPage(r, 'bulk');
    for (const t of ['Bulk One', 'Bulk Two']) {
      assert.match(r.body, new RegExp(`${t}: made canonical`));
      assert.match(r.body, new RegExp(`${t}: parent ${fandom}`));
      assert.equal((await tagRow(t)).canonical, 1);
      assert.deepEqual(listed((await guest.get(`/tags/${enc(t)}`)).body, 'Fandoms'), [fandom]);
    }
    const left = (await wrangler.get(`/wrangling/fandoms/${enc(fandom)}`)).body;
    assert.doesNotMatch(left, /Bulk One|Bulk Two/, 'wrangled tags leave the list');
    assert.match(left, /Bulk Three/);
    await makeCanonical(ctx, seed, ['Bulk Canon'], 'freeform');
    const merged = await wrangler.post('/wrangling/bulk', { fandom, tags: ['Bulk Alias'], action: 'merge', target: 'Bulk Canon' });
    okPage(merged, 'bulk merge');
    assert.match(merged.body, /Bulk Alias: synonym of Bulk Canon/);
    assert.equal((await tagRow('Bulk Alias')).merger_id, (await tagRow('Bulk Canon')).id);
  });

  it('shows the audit log with the wrangler\'s name', async () => {
    await makeWork(ctx, writer, { fandoms: 'Audit Fandom', freeforms: 'Audited Page Tag' });
    okPage(await wrangle(wrangler, 'Audited Page Tag', { action: 'canonical' }), 'canonical');
    const r = await wrangler.get('/wrangling/audit');
    okPage(r, 'audit');
    const row = [...r.body.matchAll(/<tr><td>[^<]*<\/td><td>([^<]*)<\/td><td><a href="([^"]*)">([^<]*)<\/a><\/td><td>([^<]*)<\/td><\/tr>/g)].find((m) => m[3] === 'Audited Page Tag');
    assert.ok(row, 'the change is in the log');
    assert.equal(row[1], wranglerLogin);
    assert.equal(row[2], `/tags/${enc('Audited Page Tag')}`);
    assert.equal(row[4], 'made canonical');
  });

  it('answers bad wrangling requests with 400, 404 or 409 (as the API does) and a clear message, changing nothing', async () => {
    await makeWork(ctx, writer, { fandoms: 'Bad Fandom', characters: 'Bad Character', freeforms: 'Bad Freeform' });
    await makeCanonical(ctx, seed, ['Bad Character', 'Bad Freeform']);
    await makeCanonical(ctx, seed, ['Cycle Top', 'Cycle Bottom'], 'freeform');
    await addMeta(ctx, seed, 'Cycle Bottom', 'Cycle Top');
    const before = await snapshot();
    const cases: [string, Record<string, string | string[]>, number, RegExp][] = [
      ['Bad Freeform', { action: 'merge', target: 'Bad Character' }, 400, /only tags of one kind can be merged/],
      ['Cycle Top', { action: 'add_meta', target: 'Cycle Bottom' }, 409, /would make a cycle/],
      ['Bad Freeform', { action: 'add_meta', target: 'No Such Meta Tag' }, 404, /No tag named "No Such Meta Tag"/],
      ['No Such Tag Anywhere', { action: 'canonical' }, 404, /No tag named "No Such Tag Anywhere"/],
      ['Bad Freeform', { action: 'merge' }, 400, /Name the canonical tag to merge into/],
      ['Bad Freeform', { action: 'explode' }, 400, /Action must be one of/],
      ['Bad Character', { action: 'add_parent', target: 'Bad Freeform' }, 400, /must be a Fandom/],
    ];
    for (const [tag, form, status, message] of cases) {
      const r = await wrangle(wrangler, tag, form);
      assert.equal(r.status, status, `${tag} ${JSON.stringify(form)}: ${r.body.slice(0, 200)}`);
      assert.match(unescape(r.body), message);
    }
    const bulk = await wrangler.post('/wrangling/bulk', { fandom: 'Bad Fandom', action: 'canonical' });
    assert.equal(bulk.status, 400);
    assert.match(bulk.body, /Choose at least one tag/);
    assert.equal((await wrangler.get(`/tags/${enc('No Such Tag Anywhere')}/edit`)).status, 404);
    assert.deepEqual(await snapshot(), before);
    // The bulk form always sends its fandom; an empty merge target must not fall back to it.
    await makeCanonical(ctx, seed, ['Bad Fandom']);
    await makeWork(ctx, writer, { fandoms: 'Bad Fandom, Bad Fandom Alias' });
    const state = await snapshot();
    const noTarget = await wrangler.post('/wrangling/bulk', { fandom: 'Bad Fandom', tags: ['Bad Fandom Alias'], action: 'merge', target: '' });
    assert.equal(noTarget.status, 400);
    assert.match(noTarget.body, /Name the canonical tag to merge into/);
    assert.equal((await tagRow('Bad Fandom Alias')).merger_id, null, 'not merged into the page\'s fandom');
    assert.deepEqual(await snapshot(), state);
  });

  it('applies a bulk action to all of the tags or none of them', async () => {
    const fandom = 'All Or Nothing';
    await makeWork(ctx, writer, { fandoms: `${fandom}, Stowaway Fandom`, characters: 'Atomic Kid' });
    const before = await snapshot();
    // "Stowaway Fandom" is a fandom, which cannot have a fandom as its parent: the whole request fails.
    const r = await wrangler.post('/wrangling/bulk', { fandom, tags: ['Atomic Kid', 'Stowaway Fandom'], action: 'canonical_parent' });
    assert.equal(r.status, 400);
    assert.match(r.body, /must be a Media/);
    assert.deepEqual(await snapshot(), before, 'neither tag was made canonical or given a parent');
  });

  it('lets an admin assign a wrangler to a fandom, which makes the user a wrangler and shows on /wrangling', async () => {
    const fandom = 'Assigned Fandom';
    await makeWork(ctx, writer, { fandoms: fandom });
    const { client: helper, login } = await loggedIn('user');
    const form = await admin.get('/admin/wranglers');
    okPage(form, 'assign page');
    assert.match(form.body, /data-autocomplete="fandom"/);
    const r = await admin.post('/admin/wranglers', { login, fandom });
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, '/admin/wranglers');
    const listedAssignments = (await admin.get('/admin/wranglers')).body;
    assert.match(listedAssignments, new RegExp(`<td>${login}</td>\\s*<td>${fandom}</td>`));
    assert.equal((await ctx.db.selectFrom('users').select('role').where('login', '=', login).executeTakeFirstOrThrow()).role, 'wrangler');
    const home = await helper.get('/wrangling');
    okPage(home, 'wrangling home');
    const mine = /<h2>Your fandoms<\/h2>([^]*?)<h2>/.exec(home.body)![1]!;
    assert.ok(mine.includes(`<a href="/wrangling/fandoms/${enc(fandom)}">${fandom}</a>`), mine);
    assert.match(home.body, new RegExp(`${fandom}</a> <span class="count">\\(1\\)</span> ${login}`), 'the fandom list names its wranglers');
    okPage(await helper.get(`/wrangling/fandoms/${enc(fandom)}`), 'the new wrangler can wrangle');
    assert.equal((await admin.post('/admin/wranglers', { login, fandom, remove: '1' })).status, 303);
    assert.doesNotMatch((await helper.get('/wrangling')).body, new RegExp(`/wrangling/fandoms/${enc(fandom)}"[^]*<h2>Progress`), 'removed again');
    const unknown = await admin.post('/admin/wranglers', { login: 'nobody_by_this_name', fandom });
    assert.equal(unknown.status, 404);
    assert.match(unknown.body, /No user named/);
    await makeWork(ctx, writer, { fandoms: 'Assigned Fandom (Alt)' });
    await makeCanonical(ctx, seed, [fandom], 'fandom');
    await mergeTags(ctx, seed, ['Assigned Fandom (Alt)'], fandom);
    const synonym = await admin.post('/admin/wranglers', { login, fandom: 'Assigned Fandom (Alt)' });
    assert.equal(synonym.status, 400);
    assert.match(synonym.body, /is a synonym: assign its canonical fandom instead/);
  });

  it('keeps /admin/wranglers from a wrangler', async () => {
    const before = await snapshot();
    assert.equal((await wrangler.get('/admin/wranglers')).status, 403);
    assert.equal((await wrangler.post('/admin/wranglers', { login: plainLogin, fandom: 'Assigned Fandom' })).status, 403);
    assert.doesNotMatch((await wrangler.get('/wrangling')).body, /Assign wranglers/);
    assert.deepEqual(await snapshot(), before);
  });

  it('refuses a wrangling post without the CSRF token with 403', async () => {
    await makeWork(ctx, writer, { fandoms: 'Csrf Fandom', freeforms: 'Csrf Tag' });
    const before = await snapshot();
    assert.equal((await wrangle(wrangler, 'Csrf Tag', { action: 'canonical' }, { csrf: null })).status, 403);
    assert.equal((await wrangle(wrangler, 'Csrf Tag', { action: 'canonical' }, { csrf: 'x'.repeat(43) })).status, 403);
    assert.equal((await wrangler.post('/wrangling/bulk', { fandom: 'Csrf Fandom', tags: 'Csrf Tag', action: 'canonical' }, { csrf: null })).status, 403);
    assert.deepEqual(await snapshot(), before);
    assert.equal((await tagRow('Csrf Tag')).canonical, 0);
  });
});
