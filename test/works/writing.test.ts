import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext, workForm, workIdFrom } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import type { Context } from '../../src/context.ts';

forEachDialect('posting and editing works', ({ get }) => {
  let app: FastifyInstance;
  let ctx: Context;
  let writer: Client;
  let other: Client;
  before(async () => {
    ctx = testContext(get());
    app = await buildServer(ctx);
    writer = new Client(app);
    other = new Client(app);
    await writer.signup('author');
    await other.signup('stranger');
  });
  after(() => app.close());

  it('posts a tagged, rated work and returns its fields through the API', async () => {
    const id = workIdFrom(
      await writer.post('/works', workForm({ rating: 'Teen And Up Audiences', warnings: ['Major Character Death', 'Graphic Depictions Of Violence'], categories: ['F/F', 'Gen'], relationships: 'Mira/Tobin', expected_chapters: '3' })),
    );
    const w = (await writer.get(`/api/v1/works/${id}`)).json();
    assert.equal(w.title, 'The Lighthouse Keeper');
    assert.equal(w.rating, 'Teen And Up Audiences');
    assert.deepEqual(w.warnings.sort(), ['Graphic Depictions Of Violence', 'Major Character Death']);
    assert.deepEqual(w.categories, ['F/F', 'Gen']);
    assert.deepEqual(w.fandoms, ['Original Work']);
    assert.deepEqual(w.relationships, ['Mira/Tobin']);
    assert.deepEqual(w.characters, ['Mira', 'Tobin']);
    assert.deepEqual(w.tags, ['Fluff', 'Found Family']);
    assert.equal(w.words, 11);
    assert.equal(w.expected_chapters, 3);
    assert.equal(w.complete, false);
    assert.deepEqual(w.authors, ['author']);
    assert.ok(w.published_at);
  });

  it('refuses a work without a warning, a fandom or a title, and keeps what was typed', async () => {
    for (const [field, value, message] of [['warnings', [], /at least one archive warning/], ['fandoms', '', /at least one fandom/], ['title', '  ', /title/]] as const) {
      const r = await writer.post('/works', workForm({ [field]: value as string, chapter_body: 'KEEP-MY-WORDS' }));
      assert.equal(r.status, 400, field);
      assert.match(r.body, message);
      assert.match(r.body, /KEEP-MY-WORDS/, 'the form comes back with the text');
    }
  });

  it('enforces size limits with clear errors', async () => {
    const tooManyTags = Array.from({ length: 76 }, (_, i) => `Tag ${i}`).join(', ');
    assert.match((await writer.post('/works', workForm({ freeforms: tooManyTags }))).body, /at most 75/);
    assert.match((await writer.post('/works', workForm({ freeforms: 'x'.repeat(151) }))).body, /at most 150 characters/);
    const big = await writer.post('/works', workForm({ chapter_body: 'a'.repeat(510_001) }));
    assert.equal(big.status, 400);
    assert.match(big.body, /at most 510,000 characters/);
    const ok = await writer.post('/works', workForm({ chapter_body: 'word '.repeat(102_000) }));
    assert.equal(ok.status, 303);
  });

  it('counts CJK characters one by one', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ chapter_body: '我爱你 and 二人', language: 'zh' })));
    assert.equal((await writer.get(`/api/v1/works/${id}`)).json().words, 6);
  });

  it('does not let another user edit or delete a work, and changes nothing', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ title: 'Mine Alone' })));
    assert.equal((await other.get(`/works/${id}/edit`)).status, 403);
    assert.equal((await other.post(`/works/${id}`, workForm({ title: 'Hijacked' }))).status, 403);
    assert.equal((await other.post(`/works/${id}/delete`, { confirm: 'yes' })).status, 403);
    assert.equal((await other.post(`/works/${id}/chapters`, { body: 'intruder', format: 'text' })).status, 403);
    const chapterId = (await ctx.db.selectFrom('chapters').select('id').where('work_id', '=', id).executeTakeFirstOrThrow()).id;
    assert.equal((await other.post(`/works/${id}/chapters/edit/${chapterId}`, { body: 'intruder', format: 'text' })).status, 403);
    assert.equal((await other.post(`/works/${id}/chapters/edit/${chapterId}/delete`, { confirm: 'yes' })).status, 403);
    const w = (await other.get(`/api/v1/works/${id}`)).json();
    assert.equal(w.title, 'Mine Alone');
    assert.equal(w.chapters.length, 1);
  });

  it('ignores pseud ids of someone else in the form', async () => {
    const strangerPseud = await ctx.db.selectFrom('pseuds').innerJoin('users', 'users.id', 'pseuds.user_id').select('pseuds.id').where('users.login', '=', 'stranger').executeTakeFirstOrThrow();
    const id = workIdFrom(await writer.post('/works', workForm({ pseud_ids: String(strangerPseud.id), user_id: '999', posted_by: 'stranger' })));
    assert.deepEqual((await writer.get(`/api/v1/works/${id}`)).json().authors, ['author']);
  });

  it('refuses a state change without the CSRF token', async () => {
    const r = await writer.post('/works', workForm({ title: 'Forged' }), { csrf: null });
    assert.equal(r.status, 403);
    const wrong = await writer.post('/works', workForm({ title: 'Forged' }), { csrf: 'A'.repeat(43) });
    assert.equal(wrong.status, 403);
    assert.doesNotMatch((await writer.get('/works')).body, /Forged/);
  });

  it('edits a work, keeping it posted, and deletes it', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ title: 'Before' })));
    assert.equal((await writer.post(`/works/${id}`, workForm({ title: 'After', complete: 'on', draft: 'on' }))).status, 303);
    const w = (await writer.get(`/api/v1/works/${id}`)).json();
    assert.equal(w.title, 'After');
    assert.equal(w.complete, true);
    assert.equal(w.expected_chapters, 1);
    assert.equal((await other.get(`/works/${id}`)).status, 200, 'a posted work stays posted');
    assert.equal((await writer.post(`/works/${id}/delete`, { confirm: 'yes' })).status, 303);
    assert.equal((await writer.get(`/works/${id}`)).status, 404);
    const left = await ctx.db.selectFrom('chapters').select('id').where('work_id', '=', id).execute();
    assert.equal(left.length, 0);
  });

  it('adds, drafts, reorders and deletes chapters, keeping counts right', async () => {
    const id = workIdFrom(await writer.post('/works', workForm({ chapter_body: 'one two three' })));
    await writer.post(`/works/${id}/chapters`, { title: 'B', format: 'text', body: 'four five' });
    await writer.post(`/works/${id}/chapters`, { title: 'C', format: 'text', body: 'six', draft: 'on' });
    let w = (await other.get(`/api/v1/works/${id}`)).json();
    assert.equal(w.words, 5, 'draft chapters are not counted');
    assert.equal(w.chapter_count, 2);
    assert.deepEqual(w.chapters.map((c: { title: string }) => c.title), ['The Storm', 'B']);
    const rows = await ctx.db.selectFrom('chapters').select(['id', 'title']).where('work_id', '=', id).orderBy('position').execute();
    const [a, b, c] = rows.map((r) => r.id);
    assert.equal((await writer.post(`/works/${id}/chapters/order`, { [`position_${a}`]: '3', [`position_${b}`]: '1', [`position_${c}`]: '2' })).status, 303);
    assert.deepEqual((await writer.get(`/api/v1/works/${id}`)).json().chapters.map((x: { title: string }) => x.title), ['B', 'C', 'The Storm']);
    assert.equal((await writer.post(`/works/${id}/chapters/edit/${c}`, { title: 'C', format: 'text', body: 'six seven' })).status, 303);
    w = (await other.get(`/api/v1/works/${id}`)).json();
    assert.equal(w.words, 7);
    assert.equal(w.chapter_count, 3);
    assert.equal((await writer.post(`/works/${id}/chapters/edit/${b}/delete`, { confirm: 'yes' })).status, 303);
    w = (await other.get(`/api/v1/works/${id}`)).json();
    assert.deepEqual(w.chapters.map((x: { title: string; position: number }) => [x.position, x.title]), [[1, 'C'], [2, 'The Storm']]);
    assert.equal(w.words, 5);
    assert.equal((await writer.post(`/works/${id}/chapters/edit/${a}/delete`, { confirm: 'yes' })).status, 303);
    const last = await writer.post(`/works/${id}/chapters/edit/${c}/delete`, { confirm: 'yes' });
    assert.equal(last.status, 400);
    assert.match(last.body, /at least one chapter/);
  });

  it('lists works by tag, by user and by pseud, with pagination', async () => {
    const fresh = new Client(app);
    await fresh.signup('prolific');
    await fresh.post('/pseuds', { name: 'Quill' });
    const pseud = await ctx.db.selectFrom('pseuds').select('id').where('name', '=', 'Quill').executeTakeFirstOrThrow();
    for (let i = 0; i < 23; i++) await fresh.post('/works', workForm({ title: `Serial ${i}`, fandoms: 'Lantern Tales' }));
    await fresh.post('/works', workForm({ title: 'Under Quill', fandoms: 'Lantern Tales', pseud_ids: String(pseud.id) }));
    const p1 = await other.get('/tags/lantern%20tales/works');
    assert.match(p1.body, /24 works/);
    assert.match(p1.body, /Page 1 of 2/);
    const api = (await other.get('/api/v1/works?tag=Lantern%20Tales&page=2')).json();
    assert.equal(api.total, 24);
    assert.equal(api.works.length, 4);
    assert.equal(api.next_page, null);
    assert.match((await other.get('/users/prolific/pseuds/Quill')).body, /Under Quill/);
    assert.doesNotMatch((await other.get('/users/prolific/pseuds/Quill')).body, /Serial 3</);
    assert.match((await other.get('/users/prolific/pseuds/Quill')).body, /Quill \(prolific\)/);
    assert.equal((await other.get('/api/v1/works?page=0')).status, 400);
    assert.equal((await other.get('/tags/No%20Such%20Tag/works')).status, 404);
  });
});
