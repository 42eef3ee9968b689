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
import { makeUser } from '../support/builders.ts';
import { buildServer } from '../../src/web/server.ts';
import { LiveIndex } from '../../src/search/refresh.ts';

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
    const [{ id }] = JSON.parse(stdout) as { id: number }[];
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
