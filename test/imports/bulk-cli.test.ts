// The bulk command's own behaviour (folders, summary, --json, exit codes) on SQLite; the storage
// side of importing runs on both dialects in dedup.test.ts and kill.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { signup } from '../../src/accounts/service.ts';
import { formatDuration, progressLine } from '../../src/cli/progress.ts';
import { runQuire } from '../cli/quire-process.ts';
import { story, writeTree } from './stories.ts';

interface JsonReport {
  imported: number;
  duplicates: number;
  failed: number;
  results: { file: string; status: 'imported' | 'duplicate' | 'failed'; id?: number; reason?: string }[];
}

describe('quire import with folders', () => {
  let database: TestDatabase;
  let dir: string;
  before(async () => {
    database = await createTestDatabase('sqlite');
    await signup(testContext(database), { login: 'shelf', email: 'shelf@example.org', password: 'a long enough password' });
    await signup(testContext(database), { login: 'other', email: 'other@example.org', password: 'a long enough password' });
    dir = mkdtempSync(join(tmpdir(), 'quire-bulk-'));
    writeTree(dir, {
      'library/b-second.txt': story('Second', { seed: 2 }),
      'library/a-first.md': story('First', { seed: 1 }),
      'library/Zed/deep/z-last.htm': '<html><head><title>Deepest</title></head><body><h2>One</h2><p>A quiet end.</p></body></html>',
      'library/m-middle/c-third.TXT': story('Third', { seed: 3 }),
      'library/.draft.txt': story('Hidden Dotfile', { seed: 4 }),
      'library/.git/stray.txt': story('Hidden Folder', { seed: 5 }),
      'library/cover.jpg': 'not a story',
      'library/notes.rtf': '{\\rtf1 not a story}',
      'library/nofandom.txt': story('Homeless', { fandom: null, seed: 6 }),
      'empty/readme.pdf': 'nothing importable here',
      'single.txt': story('Single', { seed: 7 }),
    });
  });
  after(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  const run = (args: string[]) => runQuire(['import', '--user', 'shelf', ...args], { databaseUrl: database.url });

  it('walks folders depth first in name order, taking only importable files and skipping dotfiles, and reports each with --json', async () => {
    const r = await run([join(dir, 'library'), '--json']);
    assert.equal(r.code, 1, 'the file with no fandom failed');
    assert.equal(r.stderr, '', '--json without a terminal prints nothing else');
    const report = JSON.parse(r.stdout) as JsonReport;
    const lib = (p: string) => join(dir, 'library', p);
    assert.deepEqual(report.results.map((x) => [x.file, x.status]), [
      [lib('Zed/deep/z-last.htm'), 'failed'],
      [lib('a-first.md'), 'imported'],
      [lib('b-second.txt'), 'imported'],
      [lib('m-middle/c-third.TXT'), 'imported'],
      [lib('nofandom.txt'), 'failed'],
    ]);
    assert.deepEqual([report.imported, report.duplicates, report.failed], [3, 0, 2]);
    assert.match(report.results[4]!.reason!, /names no fandom/);
    const titles = (await database.connection.db.selectFrom('works').select('title').orderBy('id').execute()).map((w) => w.title);
    assert.deepEqual(titles, ['First', 'Second', 'Third']);
  });

  it('skips what it imported before, prints a line per file and a summary, and exits 0 when nothing failed', async () => {
    const r = await run([join(dir, 'library'), join(dir, 'single.txt'), '--fandom', 'Shelf Stories']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trim().split('\n');
    const ids = new Map((await database.connection.db.selectFrom('works').select(['id', 'title']).execute()).map((w) => [w.title, w.id]));
    assert.deepEqual(lines, [
      `${join(dir, 'library/Zed/deep/z-last.htm')}: work ${ids.get('Deepest')}`,
      `${join(dir, 'library/a-first.md')}: skipped as duplicate of work ${ids.get('First')}`,
      `${join(dir, 'library/b-second.txt')}: skipped as duplicate of work ${ids.get('Second')}`,
      `${join(dir, 'library/m-middle/c-third.TXT')}: skipped as duplicate of work ${ids.get('Third')}`,
      `${join(dir, 'library/nofandom.txt')}: work ${ids.get('Homeless')}`,
      `${join(dir, 'single.txt')}: work ${ids.get('Single')}`,
      'imported 3, skipped as duplicate 3, failed 0',
    ]);
  });

  it('fails a missing path, a folder with nothing to import and a file it cannot read, with the reasons in the summary, and goes on with the rest', async () => {
    const missing = join(dir, 'no-such-folder');
    const r = await runQuire(['import', '--user', 'other', missing, join(dir, 'empty'), join(dir, 'library/notes.rtf'), join(dir, 'single.txt')], { databaseUrl: database.url });
    assert.equal(r.code, 1);
    const [first, second] = r.stderr.trim().split('\n');
    assert.equal(first, `${missing}: failed: no such file`);
    assert.ok(second!.startsWith(`${join(dir, 'empty')}: failed: no importable files (.txt, .text, .md, .markdown, .html, .htm`), second);
    assert.ok(second!.endsWith(') in this folder'), second);
    assert.match(r.stderr, /notes\.rtf: failed: Quire cannot import "\.rtf" files/);
    const summary = r.stdout.slice(r.stdout.indexOf('imported '));
    assert.match(summary, /^imported 1, skipped as duplicate 0, failed 3\n {2}failed: .*no-such-folder: no such file\n {2}failed: .*empty: no importable files.*\n {2}failed: .*notes\.rtf: Quire cannot import/);
  });

  it('draws the progress bar with count, percent, rate, ETA and the end of a long file name', () => {
    const line = progressLine(25, 100, 5000, '/a/very/long/path/to/some/folder/of/stories/the-last-one.txt', 90);
    assert.ok(line.startsWith('[#####---------------] 25/100 25% 5.0 works/s ETA 00:15 …'), line);
    assert.ok(line.endsWith('the-last-one.txt'));
    assert.equal(line.length, 89);
    assert.equal(progressLine(0, 3, 0, 'a.txt'), '[--------------------] 0/3 0% 0.0 works/s ETA --:-- a.txt');
    assert.equal(formatDuration(3725), '1:02:05');
  });
});
