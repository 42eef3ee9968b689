import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser, makeWork } from '../support/builders.ts';
import type { Context } from '../../src/context.ts';
import type { Viewer } from '../../src/authz/policy.ts';
import { addMeta, addParent, makeCanonical, mergeTags, removeMeta, unmergeTags, type Actor } from '../../src/tags/wrangling.ts';
import { listWorks } from '../../src/works/service.ts';
import { runPendingJobs } from '../../src/tags/jobs.ts';
import { computeFilters } from '../../src/tags/filters.ts';
import { autocomplete, tagDetails } from '../../src/tags/queries.ts';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../../src/errors.ts';

forEachDialect('tag wrangling', ({ get }) => {
  let ctx: Context;
  let writer: Viewer;
  let wrangler: Actor;
  const titlesFor = async (tag: string) => (await listWorks(ctx, null, { tag })).works.map((w) => w.title).sort();

  before(async () => {
    ctx = testContext(get(), { filterInlineLimit: 3 });
    writer = await makeUser(ctx);
    const w = await makeUser(ctx, 'wrangler');
    wrangler = { viewer: w, name: w.login };
  });

  it('finds a synonym\'s works under its canonical, and loses them again on unmerge', async () => {
    await makeWork(ctx, writer, { title: 'A', relationships: 'Drarry' });
    await makeWork(ctx, writer, { title: 'B', relationships: 'Draco Malfoy/Harry Potter' });
    await makeWork(ctx, writer, { title: 'C', relationships: 'draco/harry' });
    await makeCanonical(ctx, wrangler, ['Draco Malfoy/Harry Potter']);
    const changes = await mergeTags(ctx, wrangler, ['Drarry', 'DRACO/HARRY'], 'Draco Malfoy/Harry Potter');
    assert.deepEqual(changes.map((c) => c.recompute?.affected), [1, 1]);
    assert.deepEqual(await titlesFor('Draco Malfoy/Harry Potter'), ['A', 'B', 'C']);
    assert.deepEqual(await titlesFor('drarry'), ['A', 'B', 'C'], 'a synonym lists its canonical\'s works');
    const d = await tagDetails(ctx, null, 'Drarry');
    assert.equal(d.mergerName, 'Draco Malfoy/Harry Potter');
    assert.equal(d.works, 3);
    await unmergeTags(ctx, wrangler, ['Drarry']);
    assert.deepEqual(await titlesFor('Draco Malfoy/Harry Potter'), ['B', 'C']);
    assert.deepEqual(await titlesFor('Drarry'), ['A']);
  });

  it('lists sub-tags\' works under their meta tag, transitively', async () => {
    await makeWork(ctx, writer, { title: 'Iron', fandoms: 'Iron Man (Movies)' });
    await makeWork(ctx, writer, { title: 'Avengers', fandoms: 'The Avengers (2012)' });
    await makeCanonical(ctx, wrangler, ['Iron Man (Movies)', 'The Avengers (2012)']);
    await makeCanonical(ctx, wrangler, ['Marvel Cinematic Universe', 'Marvel'], 'fandom');
    await addMeta(ctx, wrangler, 'Iron Man (Movies)', 'Marvel Cinematic Universe');
    await addMeta(ctx, wrangler, 'The Avengers (2012)', 'Marvel Cinematic Universe');
    await addMeta(ctx, wrangler, 'Marvel Cinematic Universe', 'Marvel');
    assert.deepEqual(await titlesFor('Marvel'), ['Avengers', 'Iron']);
    await removeMeta(ctx, wrangler, 'Iron Man (Movies)', 'Marvel Cinematic Universe');
    assert.deepEqual(await titlesFor('Marvel'), ['Avengers']);
    const d = await tagDetails(ctx, null, 'Marvel Cinematic Universe');
    assert.deepEqual(d.meta.map((t) => t.name), ['Marvel']);
    assert.deepEqual(d.sub.map((t) => t.name), ['The Avengers (2012)']);
  });

  it('refuses cycles, mixed kinds, unknown tags and non-canonical targets with clear errors', async () => {
    await makeCanonical(ctx, wrangler, ['Cycle A', 'Cycle B', 'Cycle C'], 'freeform');
    await addMeta(ctx, wrangler, 'Cycle A', 'Cycle B');
    await addMeta(ctx, wrangler, 'Cycle B', 'Cycle C');
    await assert.rejects(addMeta(ctx, wrangler, 'Cycle C', 'Cycle A'), Conflict);
    await assert.rejects(addMeta(ctx, wrangler, 'Cycle A', 'Cycle A'), InvalidInput);
    await makeCanonical(ctx, wrangler, ['Some Character'], 'character');
    await assert.rejects(mergeTags(ctx, wrangler, ['Cycle A'], 'Some Character'), /only tags of one kind/);
    await assert.rejects(mergeTags(ctx, wrangler, ['No Such Tag Here'], 'Some Character'), NotFound);
    await makeWork(ctx, writer, { freeforms: 'Loose Tag, Another Loose Tag' });
    await assert.rejects(mergeTags(ctx, wrangler, ['Loose Tag'], 'Another Loose Tag'), /not canonical/);
    await assert.rejects(makeCanonical(ctx, wrangler, ['General Audiences']), /fixed/);
  });

  it('lets only wranglers and admins wrangle', async () => {
    const plain = await makeUser(ctx);
    await assert.rejects(makeCanonical(ctx, { viewer: plain, name: plain.login }, ['Anything'], 'freeform'), Forbidden);
    await assert.rejects(makeCanonical(ctx, { viewer: null, name: 'guest' }, ['Anything'], 'freeform'), /log in/);
  });

  it('writes every change to the audit log with who made it', async () => {
    await makeCanonical(ctx, wrangler, ['Audited Tag'], 'freeform');
    const rows = await ctx.db.selectFrom('wrangling_audit').selectAll().where('tag_name', '=', 'Audited Tag').execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.actor, wrangler.name);
    assert.match(rows[0]!.detail, /canonical/);
  });

  it('moves big changes to a background job that resumes after a crash and loses no tagging', async () => {
    for (let i = 0; i < 7; i++) await makeWork(ctx, writer, { title: `Big ${i}`, freeforms: 'Hurt/Comfort Alt' });
    await makeCanonical(ctx, wrangler, ['Hurt/Comfort'], 'freeform');
    const [change] = await mergeTags(ctx, wrangler, ['Hurt/Comfort Alt'], 'Hurt/Comfort');
    assert.equal(change!.recompute!.affected, 7);
    assert.ok(change!.recompute!.jobId, 'more works than the inline limit go to a job');
    assert.deepEqual(await titlesFor('Hurt/Comfort'), [], 'until recomputed, works keep their old filters');
    // Crash after the first batch: the job stays claimed with a lease and a cursor.
    const { BATCH_SIZE } = await import('../../src/tags/jobs.ts');
    assert.ok(BATCH_SIZE >= 1);
    await assert.rejects(runPendingJobs(ctx.db, { onProgress: () => { throw new Error('killed'); } }), /killed/);
    const mid = await ctx.db.selectFrom('filter_jobs').selectAll().where('id', '=', change!.recompute!.jobId!).executeTakeFirstOrThrow();
    assert.equal(mid.status, 'running');
    assert.ok(mid.done > 0);
    await ctx.db.updateTable('filter_jobs').set({ locked_until: '2000-01-01T00:00:00.000Z' }).where('id', '=', mid.id).execute();
    assert.equal(await runPendingJobs(ctx.db), 1);
    const done = await ctx.db.selectFrom('filter_jobs').selectAll().where('id', '=', mid.id).executeTakeFirstOrThrow();
    assert.equal(done.status, 'done');
    assert.equal(done.done, 7);
    assert.equal((await titlesFor('Hurt/Comfort')).length, 7);
    const taggings = await ctx.db.selectFrom('work_tags').innerJoin('tags', 'tags.id', 'work_tags.tag_id').select('work_tags.work_id').where('tags.name', '=', 'Hurt/Comfort Alt').execute();
    assert.equal(taggings.length, 7, 'wrangling never touches the works\' own taggings');
  });

  it('keeps parents as organisation only, checking their kinds', async () => {
    await makeCanonical(ctx, wrangler, ['Parent Fandom'], 'fandom');
    await makeCanonical(ctx, wrangler, ['Child Character'], 'character');
    await addParent(ctx, wrangler, 'Child Character', 'Parent Fandom');
    await addParent(ctx, wrangler, 'Parent Fandom', 'TV Shows');
    await assert.rejects(addParent(ctx, wrangler, 'Child Character', 'TV Shows'), /must be a Fandom/);
    assert.deepEqual((await tagDetails(ctx, null, 'Child Character')).parents.map((p) => p.name), ['Parent Fandom']);
    assert.deepEqual((await tagDetails(ctx, null, 'Parent Fandom')).children.map((p) => p.name), ['Child Character']);
    assert.deepEqual((await tagDetails(ctx, null, 'Parent Fandom')).parents.map((p) => p.name), ['TV Shows']);
    await addParent(ctx, wrangler, 'Child Character', 'Parent Fandom', true);
    await assert.rejects(addParent(ctx, wrangler, 'Child Character', 'Parent Fandom', true), /"Parent Fandom" is not a parent of "Child Character"/);
  });

  it('autocompletes canonical tags first, scoped to the chosen fandoms', async () => {
    await makeCanonical(ctx, wrangler, ['Lune Fandom', 'Sol Fandom'], 'fandom');
    await makeCanonical(ctx, wrangler, ['Zephyr Sol', 'Zephyr Lune'], 'character');
    await addParent(ctx, wrangler, 'Zephyr Lune', 'Lune Fandom');
    await makeWork(ctx, writer, { characters: 'Zephyr (unwrangled)' });
    const all = await autocomplete(ctx.db, 'zeph', { kind: 'character' });
    assert.deepEqual(all.map((s) => [s.name, s.canonical]), [['Zephyr Lune', true], ['Zephyr Sol', true], ['Zephyr (unwrangled)', false]]);
    const scoped = await autocomplete(ctx.db, 'ZEPH', { kind: 'character', fandoms: ['lune fandom'] });
    assert.equal(scoped[0]!.name, 'Zephyr Lune');
    assert.deepEqual(await autocomplete(ctx.db, 'zeph', { kind: 'fandom' }), []);
    await assert.rejects(autocomplete(ctx.db, 'zeph', { kind: 'spaceship' }), InvalidInput);
  });

  it('stores filters equal to ones recomputed from scratch after all of the above', async () => {
    const ids = (await ctx.db.selectFrom('works').select('id').execute()).map((r) => r.id);
    await runPendingJobs(ctx.db);
    const expected = await computeFilters(ctx.db, ids);
    const rows = await ctx.db.selectFrom('work_filters').select(['work_id', 'tag_id']).execute();
    const stored = new Map(ids.map((id) => [id, new Set<number>()]));
    for (const r of rows) stored.get(r.work_id)?.add(r.tag_id);
    for (const id of ids) assert.deepEqual([...stored.get(id)!].sort(), [...expected.get(id)!].sort(), `work ${id}`);
  });
});
