import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { signup } from '../../src/accounts/service.ts';
import { quireEnv, runQuire, spawnQuire } from '../cli/quire-process.ts';
import { story, writeTree } from './stories.ts';

const FILES = 60;
const chaptersOf = (i: number) => 2 + (i % 4);

forEachDialect('quire import killed part-way', ({ get }) => {
  let dir: string;
  before(async () => {
    await signup(testContext(get()), { login: 'killjoy', email: 'killjoy@example.org', password: 'a long enough password' });
    dir = mkdtempSync(join(tmpdir(), 'quire-kill-'));
    const files: Record<string, string> = {};
    for (let i = 0; i < FILES; i++) files[`story-${String(i).padStart(3, '0')}.txt`] = story(`Kill ${i}`, { chapters: chaptersOf(i), seed: i });
    writeTree(dir, files);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves only whole works after SIGKILL, and a second run imports the rest and skips the rest as duplicates', async () => {
    const { url, connection } = get();
    const db = connection.db;
    const child = spawnQuire(['import', '--user', 'killjoy', dir], quireEnv(url));
    let stdout = '';
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    // Kill the moment the first work is reported committed: the next one is then mid-import.
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (/: work \d+$/m.test(stdout)) child.kill('SIGKILL');
    });
    assert.equal(await closed, 'SIGKILL', `the import finished before it could be killed: ${stdout.slice(-300)} ${stderr}`);

    const works = await db.selectFrom('works').select(['id', 'title', 'posted_chapters', 'words']).execute();
    assert.ok(works.length >= 1 && works.length < FILES, `${works.length} works`);
    for (const w of works) {
      const expected = chaptersOf(Number(/^Kill (\d+)$/.exec(w.title)![1]));
      const chapters = await db.selectFrom('chapters').select('id').where('work_id', '=', w.id).execute();
      assert.equal(chapters.length, expected, `${w.title} has all its chapters`);
      assert.equal(w.posted_chapters, expected);
      assert.ok(w.words > 0);
    }
    const sources = await db.selectFrom('imported_sources').leftJoin('works', 'works.id', 'imported_sources.work_id').select(['imported_sources.work_id', 'works.id as found']).execute();
    assert.equal(sources.length, works.length, 'one hash row per work, no more, no fewer');
    for (const s of sources) assert.equal(s.found, s.work_id, 'every hash row points at a work');

    const rerun = await runQuire(['import', '--user', 'killjoy', dir, '--json'], { databaseUrl: url });
    assert.equal(rerun.code, 0, rerun.stderr);
    const report = JSON.parse(rerun.stdout) as { imported: number; duplicates: number; failed: number };
    assert.deepEqual([report.imported, report.duplicates, report.failed], [FILES - works.length, works.length, 0]);
    const total = await db.selectFrom('works').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(total.n), FILES);
  });
});
