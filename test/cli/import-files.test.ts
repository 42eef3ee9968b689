import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { signup } from '../../src/accounts/service.ts';
import { fixture, rowCounts, runQuire, storedWork, type Run } from './quire-process.ts';

const NONE = 'Choose Not To Use Archive Warnings';

/** `path: work 12` lines → ids by file. */
function idsFromLines(run: Run): Map<string, number> {
  return new Map([...run.stdout.matchAll(/^(.+): work (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
}

forEachDialect('quire import', ({ get, dialect }) => {
  before(async () => {
    // One account per test that imports the same fixture: a second import by the same account is a duplicate.
    for (const login of ['writer', 'second', 'third']) await signup(testContext(get()), { login, email: `${login}@example.org`, password: 'a long enough password' });
  });

  it('imports text, Markdown and HTML files as works, reports each file with --json, and skips files it cannot read', async () => {
    const { url, connection } = get();
    const files = [
      fixture('garden-header.txt'),
      fixture('night-train-crlf.txt'),
      fixture('cafe-cp1252.txt'),
      fixture('meadow.md'),
      fixture('letters.html'),
      fixture('missing-story.txt'),
      fixture('postcard.rtf'),
      fixture('junk.txt'),
    ];
    const worksBefore = (await rowCounts(connection.db)).works;
    const run = await runQuire(['import', ...files, '--user', 'writer', '--fandom', 'Flag Fandom', '--tag', 'Imported', '--json'], { databaseUrl: url });
    assert.equal(run.code, 1, 'some files failed');
    assert.equal(run.stderr, '');
    const report = JSON.parse(run.stdout) as { imported: number; duplicates: number; failed: number; results: { file: string; status: string; id?: number; reason?: string }[] };
    const results = report.results;
    assert.deepEqual(results.map((r) => r.file), files, 'one result per file, in order');
    assert.deepEqual([report.imported, report.duplicates, report.failed], [5, 0, 3]);
    const [garden, train, cafe, meadow, letters, missing, rtf, junk] = results;
    for (const r of [garden, train, cafe, meadow, letters]) assert.ok(r.status === 'imported' && Number.isInteger(r.id), JSON.stringify(r));
    assert.deepEqual(missing, { file: files[5], status: 'failed', reason: 'no such file' });
    assert.match(rtf.reason ?? '', /cannot import "\.rtf" files/);
    assert.match(junk.reason ?? '', /does not look like text|is a PNG image, not text/);
    assert.equal((await rowCounts(connection.db)).works, worksBefore + 5, 'the failed files created no works');
    const work = (r: (typeof results)[number]) => storedWork(connection.db, (r as { id: number }).id);

    // A `Key: value` header block: its rating, warning and fandom win over the flags.
    const g = await work(garden);
    assert.equal(g.title, 'The Allotment Year');
    assert.match(g.summary, /last plot by the railway/);
    assert.deepEqual(g.rating, ['Teen And Up Audiences']);
    assert.deepEqual(g.warnings, ['No Archive Warnings Apply']);
    assert.deepEqual(g.fandoms, ['Original Work']);
    assert.deepEqual(g.characters, ['June', 'Mr Pell']);
    assert.deepEqual(g.freeforms, ['Gardening', 'Slice of Life', 'Imported']);
    assert.deepEqual(g.chapters.map((c) => c.title), ['Seeds', 'Rain']);
    assert.equal(g.chapters[0].html.match(/<hr \/>/g)?.length, 1, 'the * * * scene break');
    assert.equal(g.chapters[1].html.match(/<hr \/>/g)?.length, 1, 'the ~~~ scene break');
    assert.doesNotMatch(g.chapters[1].html, /The End/);
    assert.equal(g.complete, true);
    assert.equal(g.status, 'posted');
    assert.deepEqual(g.creators, ['writer']);
    assert.ok(g.words > 80, `counted ${g.words} words`);

    // No header, CRLF line endings, numbered chapters, a TBC line: the flags fill the gaps.
    const t = await work(train);
    assert.equal(t.title, 'The Night Train');
    assert.deepEqual(t.rating, ['Not Rated']);
    assert.deepEqual(t.warnings, [NONE]);
    assert.deepEqual(t.fandoms, ['Flag Fandom']);
    assert.deepEqual(t.freeforms, ['Imported']);
    assert.deepEqual(t.chapters.map((c) => c.title), ['Chapter 1', 'Chapter 2', 'Chapter 3']);
    assert.equal(t.complete, false, 'TBC: a work in progress');
    for (const c of t.chapters) assert.doesNotMatch(c.html, /\r|TBC|by Quill/);
    assert.match(t.chapters[0].html, /<hr \/>/);

    // Windows-1252 bytes: curly quotes, an apostrophe, a dash and accents come out right.
    const c = await work(cafe);
    assert.equal(c.title, 'Café du Port');
    assert.deepEqual(c.rating, ['General Audiences']);
    assert.deepEqual(c.fandoms, ['Harbour Town']);
    assert.deepEqual(c.chapters.map((ch) => ch.title), ['']);
    assert.match(c.chapters[0].html, /“Two coffees,” said Naïa, “and one crème brûlée\.”/);
    assert.match(c.chapters[0].html, /waiter’s pencil hovered — then/);

    // Markdown with front matter; a warning that is not an archive warning becomes a tag.
    const m = await work(meadow);
    assert.equal(m.title, 'Meadow Notes');
    assert.deepEqual(m.rating, ['General Audiences']);
    assert.deepEqual(m.warnings, [NONE]);
    assert.deepEqual(m.fandoms, ['Pastoral Tales']);
    assert.deepEqual(m.freeforms, ['Picnics', 'Friendship', 'Mild Peril', 'Imported']);
    assert.deepEqual(m.chapters.map((ch) => ch.title), ['The Hill', 'The Brook']);
    assert.match(m.chapters[0].html, /<em>basket<\/em> and a <strong>kite<\/strong>/);
    assert.match(m.chapters[1].html, /<li>a blue one for Bea<\/li>/);
    assert.doesNotMatch(m.chapters[1].html, /Fin/);
    assert.equal(m.complete, true);

    // HTML: <title> and the meta description; a chapter per <h2>.
    const l = await work(letters);
    assert.equal(l.title, 'Letters from the Coast');
    assert.match(l.summary, /Two cousins write to each other/);
    assert.deepEqual(l.fandoms, ['Flag Fandom']);
    assert.deepEqual(l.chapters.map((ch) => ch.title), ['June', 'July']);
    assert.match(l.chapters[0].html, /<em>good morning<\/em>/);
    assert.doesNotMatch(l.chapters[0].html, /<h1|Letters from the Coast/);
  });

  it('prints the new work ids one per line, and --rating and --warning fill only what a file leaves out', async () => {
    const { url, connection } = get();
    const [train, garden] = [fixture('night-train-crlf.txt'), fixture('garden-header.txt')];
    const run = await runQuire(['import', train, garden, '--user', 'second', '--fandom', 'Railways', '--rating', 'mature', '--warning', 'Major Character Death'], { databaseUrl: url });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const ids = idsFromLines(run);
    assert.deepEqual([...ids.keys()], [train, garden]);
    const t = await storedWork(connection.db, ids.get(train)!);
    assert.deepEqual([t.rating, t.warnings, t.fandoms], [['Mature'], ['Major Character Death'], ['Railways']]);
    const g = await storedWork(connection.db, ids.get(garden)!);
    assert.deepEqual([g.rating, g.warnings, g.fandoms], [['Teen And Up Audiences'], ['No Archive Warnings Apply'], ['Original Work']]);
  });

  it('fails a file that names no fandom when no --fandom is given, creates no work for it, and still imports the others', async () => {
    const { url, connection } = get();
    const before = await rowCounts(connection.db);
    const [lost, garden] = [fixture('no-fandom.txt'), fixture('garden-header.txt')];
    const run = await runQuire(['import', lost, garden, '--user', 'third'], { databaseUrl: url });
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `${lost}: failed: The file names no fandom: give one with --fandom\n`);
    assert.deepEqual([...idsFromLines(run).keys()], [garden]);
    assert.equal((await rowCounts(connection.db)).works, before.works + 1);
    const titles = (await connection.db.selectFrom('works').select('title').execute()).map((w) => w.title);
    assert.ok(!titles.includes('A Story Without a Home'));
  });

  it('writes a work all or nothing: a failure part-way through leaves no work, chapter or tag behind', async () => {
    const { url, connection } = get();
    // "Original Work" is already a fandom, so using it as an additional tag fails after the work,
    // its chapter and its new fandom tag have been written inside the transaction.
    const existing = await connection.db.selectFrom('tags').select('kind').where('name', '=', 'Original Work').executeTakeFirstOrThrow();
    assert.equal(existing.kind, 'fandom');
    const before = await rowCounts(connection.db);
    const file = fixture('tag-conflict.txt');
    const run = await runQuire(['import', file, '--user', 'writer', '--tag', 'Original Work', '--json'], { databaseUrl: url });
    assert.equal(run.code, 1);
    const [result] = (JSON.parse(run.stdout) as { results: { file: string; status: string; reason?: string }[] }).results;
    assert.equal(result.file, file);
    assert.equal(result.status, 'failed');
    assert.match(result.reason ?? '', /"Original Work" is already a Fandom tag/);
    assert.deepEqual(await rowCounts(connection.db), before);
    const fandom = await connection.db.selectFrom('tags').select('id').where('name', '=', 'Lantern Valley Chronicles').executeTakeFirst();
    assert.equal(fandom, undefined, 'the new fandom tag was rolled back too');
  });

  it('stops before importing anything on a mistyped flag, an unknown user or a missing --user', async () => {
    const { url, connection } = get();
    const before = await rowCounts(connection.db);
    const garden = fixture('garden-header.txt');
    // Only the unknown user needs the database; the flag checks run before it is opened, so one dialect shows them.
    const cases: [string[], RegExp][] = [
      [['--user', 'nobody'], /^quire import: no user named "nobody"$/m],
      ...(dialect === 'sqlite'
        ? ([
            [['--user', 'writer', '--warning', 'Mild Peril'], /^quire import: Unknown archive warning "Mild Peril"$/m],
            [['--user', 'writer', '--rating', 'PG-99'], /^quire import: Unknown rating "PG-99"$/m],
            [['--user', 'writer', '--language', 'English'], /"English" is not a language code/],
            [[], /--user NAME is required/],
          ] as [string[], RegExp][])
        : []),
    ];
    const runs = await Promise.all(cases.map(([flags]) => runQuire(['import', garden, ...flags], { databaseUrl: url })));
    for (const [i, run] of runs.entries()) {
      const [flags, message] = cases[i];
      assert.equal(run.code, 2, flags.join(' '));
      assert.match(run.stderr, message, flags.join(' '));
      assert.equal(run.stdout, '', flags.join(' '));
    }
    assert.deepEqual(await rowCounts(connection.db), before);
  });
});
