import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { OPTIONS } from '../../src/config.ts';
import { runQuire, tempSqliteUrl } from './quire-process.ts';

// Each command here is a separate node process (~1 s), so the checks of one test run side by side.
describe('quire help and settings', { concurrency: true }, () => {
  const sqlite = tempSqliteUrl();
  after(() => rmSync(sqlite.dir, { recursive: true, force: true }));

  test('--help lists every command and every environment variable', async () => {
    const [help, bare] = await Promise.all([runQuire(['--help'], { databaseUrl: sqlite.url }), runQuire([], { databaseUrl: sqlite.url })]);
    assert.equal(help.code, 0, help.stderr);
    for (const command of ['serve', 'import', 'admin', 'migrate']) assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'), command);
    for (const option of Object.values(OPTIONS)) assert.match(help.stdout, new RegExp(`^  ${option.env} `, 'm'), option.env);
    assert.match(help.stdout, /import FILE\.\.\. --user NAME/);
    assert.match(help.stdout, /admin create NAME --email EMAIL/);
    assert.equal(bare.code, 0, 'quire with no command shows the help too');
    assert.equal(bare.stdout, help.stdout);
    assert.equal(existsSync(sqlite.path), false, 'help touches no database');
  });

  test('an unknown command or option exits non-zero and says what was wrong', async () => {
    const [command, option] = await Promise.all([
      runQuire(['publish'], { databaseUrl: sqlite.url }),
      runQuire(['migrate', '--force'], { databaseUrl: sqlite.url }),
    ]);
    assert.notEqual(command.code, 0);
    assert.match(command.stderr, /unknown command "publish"/);
    assert.match(command.stderr, /Usage: quire COMMAND/, 'and shows what the commands are');
    assert.equal(command.stdout, '');
    assert.notEqual(option.code, 0);
    assert.match(option.stderr, /quire migrate: .*'--force'/);
  });

  test('a bad setting stops any command with a message naming the variable, before touching the database', async () => {
    const cases: { args: string[]; env: Record<string, string>; message: RegExp }[] = [
      { args: ['migrate'], env: { PORT: 'abc' }, message: /PORT must be a whole number, got "abc"/ },
      { args: ['serve'], env: { PORT: '70000' }, message: /PORT must be between 0 and 65535/ },
      { args: ['import', 'x.txt', '--user', 'someone'], env: { DATABASE_URL: 'mysql://x' }, message: /DATABASE_URL must be sqlite:PATH or postgres:\/\/…, got "mysql:\/\/x"/ },
      { args: ['admin', 'create', 'root', '--email', 'root@example.org'], env: { SCRYPT_COST: '3000' }, message: /SCRYPT_COST must be a power of two/ },
      { args: ['serve'], env: { TRUST_PROXY: 'maybe' }, message: /TRUST_PROXY must be true or false/ },
      { args: ['serve'], env: { SQLITE_MMAP_MB: '4096' }, message: /SQLITE_MMAP_MB must be between 0 and 2047, got 4096/ },
      { args: ['serve'], env: { FACET_CACHE_SIZE: 'lots' }, message: /FACET_CACHE_SIZE must be a whole number, got "lots"/ },
    ];
    const runs = await Promise.all(cases.map((c) => runQuire(c.args, { databaseUrl: sqlite.url, env: c.env, input: 'a long enough password\n' })));
    for (const [i, run] of runs.entries()) {
      const { args, message } = cases[i];
      assert.notEqual(run.code, 0, args.join(' '));
      assert.match(run.stderr, /^quire: configuration error: /, args.join(' '));
      assert.match(run.stderr, message, args.join(' '));
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(run.stdout, '');
    }
    assert.equal(existsSync(sqlite.path), false, 'no command got as far as creating the database');
  });

  test('an unreachable database is reported in one line, without a stack trace', async () => {
    const run = await runQuire(['migrate'], { databaseUrl: 'postgres://quire:secret@127.0.0.1:1/quire' });
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /^quire migrate: cannot use the database at postgres:\/\/…@127\.0\.0\.1:1\/quire: .*ECONNREFUSED/);
    assert.doesNotMatch(run.stderr, /secret/, 'the password is not printed');
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });
});
