// Another process writes (a CLI import beside a live server): the server's
// in-memory index must show the new work within two seconds.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { it } from 'node:test';
import { forEachDialect } from '../support/dialects.ts';
import { Client, testContext } from '../support/app.ts';
import { makeUser, makeWork } from '../support/builders.ts';
import { buildServer } from '../../src/web/server.ts';
import { LiveIndex, pruneChanges } from '../../src/search/refresh.ts';

const run = promisify(execFile);

forEachDialect('search index across processes', ({ get }) => {
  it('shows a work imported by another process within two seconds, and its removal too', async () => {
    const ctx = testContext(get());
    await ctx.search.build();
    const app = await buildServer(ctx);
    const user = await makeUser(ctx);
    const dir = mkdtempSync(join(tmpdir(), 'quire-catchup-'));
    const file = join(dir, 'ferry.txt');
    writeFileSync(file, 'Title: The Night Ferry\nFandom: Harbour Tales\n\nThe ferry left at midnight with one passenger.\n\nEND\n');
    const env = { ...process.env, DATABASE_URL: get().url, SCRYPT_COST: '1024', LOG_LEVEL: 'silent' };
    const { stdout } = await run(process.execPath, ['bin/quire.js', 'import', file, '--user', user.login, '--json'], { env });
    const [{ id }] = (JSON.parse(stdout) as { results: { id: number }[] }).results;
    const imported = Date.now();
    const guest = new Client(app);
    let seen = false;
    while (!seen && Date.now() - imported < 2000) seen = (await guest.get('/api/v1/works?q=ferry')).json().works.some((w: { id: number }) => w.id === id);
    assert.ok(seen, 'the server found the imported work through its own index within 2 s');

    // A second index in this process stands for a second app server: it polls the change log on its own.
    const second = new LiveIndex(ctx.db);
    await second.build();
    assert.ok(second.index.all.has(id));
    await ctx.db.updateTable('works').set({ hidden: 1 }).where('id', '=', id).execute();
    await ctx.db.insertInto('search_changes').values({ work_id: id }).execute();
    second.startPolling(200, (e) => assert.fail(String(e)));
    const hidden = Date.now();
    while (second.index.all.has(id) && Date.now() - hidden < 2000) await new Promise((r) => setTimeout(r, 50));
    second.stop();
    assert.equal(second.index.all.has(id), false, 'the polling index dropped the hidden work within 2 s');
    await app.close();
  });
});

forEachDialect('search change log', ({ get }) => {
  it('reads nothing of the log while the commit counter stands still, and catches up as soon as it moves', async () => {
    const ctx = testContext(get());
    const user = await makeUser(ctx);
    let commits = 1;
    const index = new LiveIndex(ctx.db, undefined, 0, () => commits);
    await index.catchUp();
    const id = await makeWork(ctx, user, { title: 'Quiet Water' });
    await index.catchUp();
    assert.equal(index.index.all.has(id), false, 'the counter stood still, so the log was not read');
    commits++;
    await index.catchUp();
    assert.ok(index.index.all.has(id));
    // The connection's own counter moves for this process's commits as for another's.
    const counter = get().connection.commits;
    if (counter) {
      const before = counter();
      await makeWork(ctx, user, { title: 'Moving Water' });
      assert.notEqual(counter(), before);
    }
  });

  it('picks up a change whose id was taken before an already-read one but committed after it', async () => {
    const ctx = testContext(get());
    const user = await makeUser(ctx);
    const index = new LiveIndex(ctx.db);
    await index.build();
    const [early, late] = [await makeWork(ctx, user, { title: 'Early' }), await makeWork(ctx, user, { title: 'Late' })];
    await index.catchUp();
    await ctx.db.updateTable('works').set({ hidden: 1 }).where('id', 'in', [early, late]).execute();
    // The writer of change N commits after the writer of change N+1, and after a reader passed N+1.
    let commitEarly = () => {};
    let earlyInserted = () => {};
    const inserted = new Promise<void>((resolve) => (earlyInserted = resolve));
    let earlyWriter: Promise<void> = Promise.resolve();
    if (get().dialect === 'postgres') {
      // For real: PostgreSQL hands out the identity value at insert time.
      const release = new Promise<void>((resolve) => (commitEarly = resolve));
      earlyWriter = ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('search_changes').values({ work_id: early }).execute();
        earlyInserted();
        await release;
      });
      await inserted;
      await ctx.db.insertInto('search_changes').values({ work_id: late }).execute();
    } else {
      // SQLite has one writer at a time, so the same order of ids is made by hand.
      const last = Number((await ctx.db.selectFrom('search_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0);
      await ctx.db.insertInto('search_changes').values({ id: last + 2, work_id: late }).execute();
      commitEarly = () => void (earlyWriter = ctx.db.insertInto('search_changes').values({ id: last + 1, work_id: early }).execute().then(() => {}));
    }
    await index.catchUp();
    assert.equal(index.index.all.has(late), false);
    assert.equal(index.index.all.has(early), true);
    commitEarly();
    await earlyWriter;
    await index.catchUp();
    assert.equal(index.index.all.has(early), false, 'the late-committed change was applied');
  });

  it('rebuilds a process that fell behind a pruned change log, and keeps one that did not', async () => {
    const ctx = testContext(get());
    const user = await makeUser(ctx);
    const behind = new LiveIndex(ctx.db);
    const current = new LiveIndex(ctx.db);
    await behind.build();
    await current.build();
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await makeWork(ctx, user, { title: `Pruned ${i}` }));
    await current.catchUp();
    const deleted = await pruneChanges(ctx.db, 1);
    assert.ok(deleted >= 3, `pruned ${deleted} rows`);
    await behind.catchUp();
    await current.catchUp();
    for (const id of ids) assert.ok(behind.index.all.has(id) && current.index.all.has(id), `work ${id} is in both indexes`);
    assert.equal(behind.rebuilds, 1);
    assert.equal(current.rebuilds, 0);
  });
});
