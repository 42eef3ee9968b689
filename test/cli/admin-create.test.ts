import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../support/dialects.ts';
import { verifyPassword } from '../../src/accounts/passwords.ts';
import { rowCounts, runQuire } from './quire-process.ts';

forEachDialect('quire admin create', ({ get, dialect }) => {
  it('reads the password from standard input and creates an admin with a default pseud', async () => {
    const { url, connection } = get();
    // Spaces around the password are kept; only the final line ending is removed.
    const run = await runQuire(['admin', 'create', 'Keeper', '--email', 'keeper@example.org'], { databaseUrl: url, input: ' lamp oil and wicks \r\n' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Created admin Keeper \(id \d+\)$/m);
    const user = await connection.db.selectFrom('users').selectAll().where('login_key', '=', 'keeper').executeTakeFirstOrThrow();
    assert.equal(user.role, 'admin');
    assert.equal(user.email, 'keeper@example.org');
    assert.equal(await verifyPassword(' lamp oil and wicks ', user.password_hash), true);
    assert.match(user.password_hash, /^scrypt\$1024\$/, 'hashed with the SCRYPT_COST setting');
    const pseuds = await connection.db.selectFrom('pseuds').selectAll().where('user_id', '=', user.id).execute();
    assert.deepEqual(pseuds.map((p) => [p.name, p.is_default]), [['Keeper', 1]]);
  });

  it('refuses a short password, a missing --email, a bad name or a taken name, and creates nothing', async () => {
    const { url, connection } = get();
    const before = await rowCounts(connection.db);
    // `db`: the check needs the database; the others stop before it is opened, so one dialect shows them.
    const cases: { args: string[]; input: string; message: RegExp; db?: boolean }[] = [
      { args: ['admin', 'create', 'shorty', '--email', 'shorty@example.org'], input: 'short\n', message: /^quire admin: Password must be at least 8 characters$/m },
      { args: ['admin', 'create', 'noemail'], input: 'a long enough password\n', message: /^quire admin: --email is required$/m },
      { args: ['admin', 'create', 'bad name!', '--email', 'bad@example.org'], input: 'a long enough password\n', message: /User name must be 3 to 40 letters/, db: true },
      { args: ['admin', 'create', 'keeper', '--email', 'other@example.org'], input: 'a long enough password\n', message: /That user name is taken/, db: true },
      { args: ['admin', 'delete', 'keeper'], input: '', message: /usage: quire admin create NAME --email EMAIL/ },
    ].filter((c) => dialect === 'sqlite' || c.db);
    const runs = await Promise.all(cases.map((c) => runQuire(c.args, { databaseUrl: url, input: c.input })));
    for (const [i, run] of runs.entries()) {
      const label = cases[i].args.join(' ');
      assert.notEqual(run.code, 0, label);
      assert.match(run.stderr, cases[i].message, label);
      assert.doesNotMatch(run.stderr, /\n\s+at /, `${label}: no stack trace`);
      assert.equal(run.stdout, '', label);
    }
    assert.deepEqual(await rowCounts(connection.db), before);
  });
});
