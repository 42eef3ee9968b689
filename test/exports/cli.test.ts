// `quire export`, run as a person would: files written where asked, paths printed, guests by
// default, --as for restricted works and drafts, a non-zero exit and a message on any failure.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { signup } from '../../src/accounts/service.ts';
import { runQuire } from '../cli/quire-process.ts';
import { entryText, postWork, unzip } from './support.ts';

forEachDialect('quire export', ({ get, dialect }) => {
  const ids = { plain: 0, second: 0, restricted: 0, draft: 0, anonymous: 0 };
  before(async () => {
    const ctx = testContext(get());
    const u = await signup(ctx, { login: 'quillwright', email: 'quillwright@example.org', password: 'a long enough password' });
    const writer = { id: u.id, role: u.role };
    await signup(ctx, { login: 'reader', email: 'reader@example.org', password: 'a long enough password' });
    ids.plain = await postWork(ctx, writer, { title: 'Harbour Lights', summary: 'A calm night.' }, [{ title: 'Dusk', body: 'PLAIN-TEXT by the water.\n\n* * *\n\nThe end.' }]);
    ids.second = await postWork(ctx, writer, { title: 'Harbour Lights' }, [{ body: 'SECOND-TEXT' }]);
    ids.restricted = await postWork(ctx, writer, { title: 'Members Only', restricted: 'on' }, [{ body: 'RESTRICTED-TEXT' }]);
    ids.draft = await postWork(ctx, writer, { title: 'Unposted', draft: 'on' }, [{ body: 'DRAFT-TEXT' }]);
    ids.anonymous = await postWork(ctx, writer, { title: 'Nameless Gift', anonymous: 'on' }, [{ body: 'GIFT-TEXT' }]);
  });

  it('writes each work into a directory under its own name and prints the paths', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'quire-export-')), 'out');
    const run = await runQuire(['export', String(ids.plain), String(ids.second), String(ids.anonymous), '--format', 'txt', '-o', dir], { databaseUrl: get().url });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    const first = join(dir, 'Harbour Lights - quillwright.txt');
    const second = join(dir, `Harbour Lights - quillwright (${ids.second}).txt`);
    const anonymous = join(dir, 'Nameless Gift - Anonymous.txt');
    assert.deepEqual(run.stdout.trim().split('\n'), [first, second, anonymous]);
    assert.match(readFileSync(first, 'utf8'), /^Harbour Lights\n=+\nby quillwright\n[^]*PLAIN-TEXT by the water\.\n\n\* \* \*\n\nThe end\./);
    assert.match(readFileSync(second, 'utf8'), /SECOND-TEXT/);
    const gift = readFileSync(anonymous, 'utf8');
    assert.match(gift, /by Anonymous/);
    assert.doesNotMatch(gift, /quillwright/);
    assert.deepEqual(readdirSync(dir).sort(), [first, second, anonymous].map((p) => p.slice(dir.length + 1)).sort(), 'no temporary files are left');
  });

  it('exports as a guest by default: a restricted work or a draft fails with a message and a non-zero exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-export-'));
    const run = await runQuire(['export', String(ids.restricted), String(ids.draft), String(ids.plain), '-o', dir], { databaseUrl: get().url });
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`^work ${ids.restricted}: failed: .*logged-in users.*--as LOGIN`, 'm'));
    assert.match(run.stderr, new RegExp(`^work ${ids.draft}: failed: no posted work with that id`, 'm'));
    assert.match(run.stderr, /2 of 3 works failed/);
    assert.deepEqual(readdirSync(dir), ['Harbour Lights - quillwright.epub'], 'the readable work is still written, nothing else');
    const book = unzip(readFileSync(join(dir, 'Harbour Lights - quillwright.epub')));
    assert.match(entryText(book, 'EPUB/chapter-001.xhtml'), /PLAIN-TEXT/);
  });

  it('exports as a user with --as, to a named file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-export-'));
    const file = join(dir, 'members.md');
    const draft = join(dir, 'draft.html');
    const [asReader, asAuthor] = await Promise.all([
      runQuire(['export', String(ids.restricted), '--format', 'md', '--as', 'reader', '-o', file], { databaseUrl: get().url }),
      runQuire(['export', String(ids.draft), '-f', 'html', '--as', 'quillwright', '-o', draft], { databaseUrl: get().url }),
    ]);
    assert.equal(asReader.code, 0, asReader.stderr);
    assert.equal(asReader.stdout.trim(), file);
    assert.match(readFileSync(file, 'utf8'), /^# Members Only\n[^]*RESTRICTED-TEXT/);
    assert.equal(asAuthor.code, 0, asAuthor.stderr);
    assert.match(readFileSync(draft, 'utf8'), /DRAFT-TEXT/);
  });

  it('writes a PDF on Letter pages with --format pdf --paper letter', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'quire-export-')), 'lights.pdf');
    const run = await runQuire(['export', String(ids.anonymous), '--format', 'pdf', '--paper', 'letter', '-o', file], { databaseUrl: get().url });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), file);
    const pdf = readFileSync(file);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(pdf.toString('latin1'), /\/MediaBox \[0 0 612 792\]/);
    assert.doesNotMatch(pdf.toString('latin1'), /quillwright/);
  });

  it('refuses bad requests before writing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-export-'));
    const taken = join(dir, 'taken.txt');
    writeFileSync(taken, 'x');
    const cases: { args: string[]; message: RegExp }[] = [{ args: ['export', String(ids.plain), '--as', 'nobody', '-o', dir], message: /no user named "nobody"/ }];
    // Usage errors stop before the database is opened: once is enough.
    if (dialect === 'sqlite') {
      cases.push(
        { args: ['export'], message: /name at least one work ID/ },
        { args: ['export', String(ids.plain), '--format', 'docx'], message: /--format must be one of epub, html, txt, md, pdf, got "docx"/ },
        { args: ['export', String(ids.plain), '--format', 'pdf', '--paper', 'b5'], message: /--paper must be one of a5, letter, got "b5"/ },
        { args: ['export', String(ids.plain), '--format', 'txt', '--paper', 'letter'], message: /--paper only applies to --format pdf/ },
        { args: ['export', 'twelve'], message: /"twelve" is not a work id/ },
        { args: ['export', String(ids.plain), String(ids.second), '-o', join(dir, 'one.txt')], message: /names one file, but 2 works were given/ },
      );
    }
    const runs = await Promise.all(cases.map((c) => runQuire(c.args, { databaseUrl: get().url })));
    for (const [i, c] of cases.entries()) {
      const run = runs[i]!;
      assert.equal(run.code, 2, `${c.args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, c.message);
      assert.equal(run.stdout, '');
    }
    assert.deepEqual(readdirSync(dir), ['taken.txt']);
    assert.ok(!existsSync(join(dir, 'one.txt')));
  });
});
