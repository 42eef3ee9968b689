// `quire tags …` run as a child process against SQLite and PostgreSQL, on works seeded through the services.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openContext, type Context } from '../../src/context.ts';
import type { Viewer } from '../../src/authz/policy.ts';
import { listWorks } from '../../src/works/service.ts';
import { createTestDatabase, DIALECTS, postgresAvailable, type TestDatabase } from '../support/dialects.ts';
import { makeUser, makeWork } from '../support/builders.ts';
import { runQuire, tempSqliteUrl, type Run } from './quire-process.ts';

for (const dialect of DIALECTS) {
  describe(`quire tags [${dialect}]`, async () => {
    if (dialect === 'postgres' && !(await postgresAvailable())) return;
    let url: string;
    let pgDatabase: TestDatabase | undefined;
    let sqliteDir: string | undefined;
    let ctx: Context;
    let writer: Viewer;

    const tags = (...args: string[]): Promise<Run> => runQuire(['tags', ...args], { databaseUrl: url });
    const tagRow = (name: string) => ctx.db.selectFrom('tags').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
    const titles = async (tag: string) => (await listWorks(ctx, null, { tag })).works.map((w) => w.title).sort();
    const succeeded = (r: Run) => assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);

    /** Everything a wrangling command may change. */
    async function snapshot() {
      return {
        tags: await ctx.db.selectFrom('tags').select(['name', 'kind', 'canonical', 'merger_id']).orderBy('id').execute(),
        meta: await ctx.db.selectFrom('meta_taggings').selectAll().orderBy('meta_id').orderBy('sub_id').execute(),
        parents: await ctx.db.selectFrom('tag_parents').selectAll().orderBy('parent_id').orderBy('child_id').execute(),
        filters: await ctx.db.selectFrom('work_filters').selectAll().orderBy('work_id').orderBy('tag_id').execute(),
        audit: await ctx.db.selectFrom('wrangling_audit').selectAll().orderBy('id').execute(),
        jobs: await ctx.db.selectFrom('filter_jobs').select('id').execute(),
      };
    }

    before(async () => {
      if (dialect === 'sqlite') {
        const tmp = tempSqliteUrl();
        url = tmp.url;
        sqliteDir = dirname(tmp.path);
      } else {
        pgDatabase = await createTestDatabase('postgres');
        url = pgDatabase.url;
      }
      ctx = await openContext(loadConfig({ DATABASE_URL: url, SCRYPT_COST: '1024', LOG_LEVEL: 'silent' }));
      writer = await makeUser(ctx);
      await makeWork(ctx, writer, { title: 'Plain', fandoms: 'Cli Fandom', relationships: 'Rey/Ben', characters: 'Rey' });
      await makeWork(ctx, writer, { title: 'Nick', fandoms: 'Cli Fandom', relationships: 'Reylo', freeforms: 'Space Slow Burn' });
      await makeWork(ctx, writer, { title: 'Lower', fandoms: 'Cli Fandom', relationships: 'rey/kylo', freeforms: 'Slow Burn' });
    });
    after(async () => {
      await ctx?.close();
      await pgDatabase?.drop();
      if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
    });

    it('makes tags canonical, creating a missing one with --kind, and prints each change', async () => {
      const r = await tags('canonical', 'Cli Fandom', 'Cli Other Fandom', '--kind', 'fandom');
      succeeded(r);
      assert.equal(r.stdout, 'Cli Fandom: made canonical\nCli Other Fandom: created as a canonical Fandom\n');
      assert.equal(r.stderr, '');
      assert.equal((await tagRow('Cli Fandom')).canonical, 1);
      assert.equal((await tagRow('Cli Other Fandom')).kind, 'fandom');
      const audit = await ctx.db.selectFrom('wrangling_audit').select(['actor', 'user_id']).where('tag_name', '=', 'Cli Fandom').execute();
      assert.deepEqual(audit, [{ actor: 'command line', user_id: null }], 'the audit log names the command line');
    });

    it('merges several tags into a canonical one and lists their works under it', async () => {
      succeeded(await tags('canonical', 'Rey/Ben'));
      const r = await tags('merge', 'Reylo', 'REY/KYLO', '--into', 'rey/ben');
      succeeded(r);
      assert.equal(r.stdout, 'Reylo: synonym of Rey/Ben (1 work re-filtered)\nrey/kylo: synonym of Rey/Ben (1 work re-filtered)\n');
      assert.deepEqual(await titles('Rey/Ben'), ['Lower', 'Nick', 'Plain']);
      assert.equal((await tagRow('Reylo')).merger_id, (await tagRow('Rey/Ben')).id);
    });

    it('unmerges a synonym and its works leave the canonical', async () => {
      const r = await tags('unmerge', 'Reylo');
      succeeded(r);
      assert.equal(r.stdout, 'Reylo: no longer a synonym of Rey/Ben (1 work re-filtered)\n');
      assert.deepEqual(await titles('Rey/Ben'), ['Lower', 'Plain']);
      assert.equal((await tagRow('Reylo')).merger_id, null);
    });

    it('puts a tag under a meta tag and takes it out again with --remove', async () => {
      succeeded(await tags('canonical', 'Space Slow Burn', 'Slow Burn'));
      const added = await tags('meta', 'Space Slow Burn', '--under', 'Slow Burn');
      succeeded(added);
      assert.equal(added.stdout, 'Space Slow Burn: meta tag Slow Burn (1 work re-filtered)\n');
      assert.deepEqual(await titles('Slow Burn'), ['Lower', 'Nick']);
      const removed = await tags('meta', 'Space Slow Burn', '--under', 'Slow Burn', '--remove');
      succeeded(removed);
      assert.equal(removed.stdout, 'Space Slow Burn: meta tag Slow Burn removed (1 work re-filtered)\n');
      assert.deepEqual(await titles('Slow Burn'), ['Lower']);
    });

    it('gives a tag a parent fandom', async () => {
      succeeded(await tags('canonical', 'Rey'));
      const r = await tags('parent', 'Rey', '--fandom', 'Cli Fandom');
      succeeded(r);
      assert.equal(r.stdout, 'Rey: parent Cli Fandom\n');
      const parents = await ctx.db.selectFrom('tag_parents').select(['parent_id', 'child_id']).execute();
      assert.deepEqual(parents, [{ parent_id: (await tagRow('Cli Fandom')).id, child_id: (await tagRow('Rey')).id }]);
    });

    it('finishes a big recompute as a job before it exits', async () => {
      succeeded(await tags('canonical', 'Cli Big', '--kind', 'freeform'));
      for (let i = 0; i < 3; i++) await makeWork(ctx, writer, { title: `Big ${i}`, fandoms: 'Cli Fandom', freeforms: 'Cli Big Alias' });
      const r = await runQuire(['tags', 'merge', 'Cli Big Alias', '--into', 'Cli Big'], { databaseUrl: url, env: { FILTER_INLINE_LIMIT: '1' } });
      succeeded(r);
      assert.match(r.stdout, /^Cli Big Alias: synonym of Cli Big \(3 works queued as job \d+\)\nFilters recomputed in \d+\.\d s\n$/);
      assert.deepEqual(await titles('Cli Big'), ['Big 0', 'Big 1', 'Big 2']);
      assert.deepEqual((await ctx.db.selectFrom('filter_jobs').select('status').execute()).map((j) => j.status), ['done']);
    });

    it('refuses mixed kinds, a meta cycle, an unknown tag and a missing --into with a message, a failing exit and no change', async () => {
      succeeded(await tags('canonical', 'Cycle Low', 'Cycle High', '--kind', 'freeform'));
      succeeded(await tags('meta', 'Cycle Low', '--under', 'Cycle High'));
      const before = await snapshot();
      const cases: [string[], RegExp][] = [
        // Reylo alone could be merged; the character beside it spoils the whole command.
        [['merge', 'Reylo', 'Rey', '--into', 'Rey/Ben'], /"Rey" is a Character and "Rey\/Ben" a Relationship: only tags of one kind can be merged/],
        [['meta', 'Cycle High', '--under', 'Cycle Low'], /"Cycle High" is already above "Cycle Low": that meta tag would make a cycle/],
        [['unmerge', 'No Such Cli Tag'], /No tag named "No Such Cli Tag"/],
        [['meta', 'Slow Burn', '--under', 'No Such Cli Tag'], /No tag named "No Such Cli Tag"/],
        [['merge', 'Reylo'], /--into CANONICAL is required/],
        [['canonical', 'Reylo', '--kind', 'spaceship'], /Kind must be one of fandom, relationship, character, freeform/],
        [['parent', 'Rey', '--fandom', 'Slow Burn'], /The parent of a Character must be a Fandom/],
        [['explode', 'Reylo'], /unknown subcommand "explode"\nusage:/],
        [['merge', '--into', 'Rey/Ben'], /name at least one tag/],
      ];
      const runs = await Promise.all(cases.map(([args]) => tags(...args)));
      for (const [i, r] of runs.entries()) {
        const [args, message] = cases[i]!;
        assert.notEqual(r.code, 0, `${args.join(' ')} should fail`);
        assert.equal(r.stdout, '', args.join(' '));
        assert.match(r.stderr, /^quire tags: /, args.join(' '));
        assert.match(r.stderr, message, args.join(' '));
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'a message, not a stack trace');
      }
      assert.deepEqual(await snapshot(), before);
    });
  });
}
