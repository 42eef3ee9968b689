// On PostgreSQL a search reads the change log only after the commit counter moved: for this
// process's own writes at once, for another process's logged changes through a notification.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import { sql } from 'kysely';
import { connect, type Connection } from '../../src/db/connect.ts';
import { migrateTo, migrateToLatest } from '../../src/db/migrate.ts';
import { LiveIndex } from '../../src/search/refresh.ts';
import { createTestDatabase, PG_ADMIN_URL, postgresAvailable, type TestDatabase } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { makeUser, makeWork } from '../support/builders.ts';

let database: TestDatabase | undefined;
/** A second connection to the same database, standing for another app process. */
let other: Connection | undefined;
let available = false;

before(async () => {
  available = await postgresAvailable();
  if (!available) return;
  database = await createTestDatabase('postgres');
  other = connect(database.url);
});
after(async () => {
  await other?.close();
  await database?.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits up to `ms` for `done`. */
async function until(done: () => boolean, ms: number): Promise<boolean> {
  const start = Date.now();
  while (!done() && Date.now() - start < ms) await sleep(10);
  return done();
}

/** A counter stands still between two reads only while its connection listens. */
const listening = (commits: () => number) => commits() === commits();

const otherContext = () => testContext({ ...database!, connection: other! });

it('moves for a change another process logs, and not for its other writes nor for reads', async (t) => {
  if (!available) return t.skip('no PostgreSQL');
  const commits = database!.connection.commits!;
  assert.ok(await until(() => listening(commits), 5000), 'the connection listens');
  const user = await makeUser(otherContext());
  await sleep(100);
  let before = commits();
  await other!.db.updateTable('users').set({ email: 'quiet@example.org' }).where('id', '=', user.id).execute();
  await sql`select count(*) from search_changes`.execute(database!.connection.db);
  await database!.connection.db.selectFrom('works').select('id').execute();
  await sleep(200);
  assert.equal(commits(), before, "another process's write that logs nothing, and this process's reads, leave it");
  before = commits();
  await makeWork(otherContext(), user, { title: 'Over The Wire' });
  assert.ok(await until(() => commits() !== before, 2000), "another process's logged change moves it");
});

it("moves at once for this process's own commits, in a transaction or not", async (t) => {
  if (!available) return t.skip('no PostgreSQL');
  const { db, commits } = database!.connection;
  assert.ok(await until(() => listening(commits!), 5000));
  let before = commits!();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ email: 'inside@example.org' }).where('id', '>', 0).execute();
    assert.equal(commits!(), before, 'not before the commit');
  });
  assert.notEqual(commits!(), before, 'the commit moved it');
  before = commits!();
  await db.updateTable('users').set({ email: 'outside@example.org' }).where('id', '>', 0).execute();
  assert.notEqual(commits!(), before, 'a write outside a transaction moved it');
});

it("lets an index skip the log until another process logs a change, then shows that process's work", async (t) => {
  if (!available) return t.skip('no PostgreSQL');
  const ctx = testContext(database!);
  const commits = database!.connection.commits!;
  const user = await makeUser(ctx);
  const index = new LiveIndex(ctx.db, undefined, 0, commits);
  await index.catchUp();
  assert.ok(await until(() => listening(commits), 5000));
  const mine = await makeWork(ctx, user, { title: 'Written Here' });
  await index.catchUp();
  assert.ok(index.index.all.has(mine), "this process's own commit moved the counter");
  // Its notification comes back too, moving the counter once more: read past it.
  await sleep(200);
  await index.catchUp();
  // Logged by the other process with its trigger off, so nothing tells this one.
  await sql`alter table search_changes disable trigger search_changes_notify`.execute(other!.db);
  const hidden = await makeWork(otherContext(), user, { title: 'Quietly Written' });
  await sql`alter table search_changes enable trigger search_changes_notify`.execute(other!.db);
  await sleep(200);
  await index.catchUp();
  assert.equal(index.index.all.has(hidden), false, 'nothing moved the counter, so the log was not read');
  const before = commits();
  const shown = await makeWork(otherContext(), user, { title: 'Heard At Once' });
  assert.ok(await until(() => commits() !== before, 2000), 'the notification came');
  await index.catchUp();
  assert.ok(index.index.all.has(shown) && index.index.all.has(hidden), 'both works are read once the counter moved');
});

it('listens again after its connection is ended, reading the log at every catch-up meanwhile', async (t) => {
  if (!available) return t.skip('no PostgreSQL');
  const commits = database!.connection.commits!;
  assert.ok(await until(() => listening(commits), 5000));
  const name = new URL(database!.url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, user: 'postgres' });
  await admin.connect();
  const killed = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and query ilike 'listen%'", [name]);
  await admin.end();
  assert.ok(killed.rowCount! >= 1, 'a listening connection was ended');
  assert.ok(await until(() => !listening(commits), 2000), 'while it is gone, the counter moves at every read');
  assert.ok(await until(() => listening(commits), 5000), 'it listens again');
  const user = await makeUser(otherContext());
  await sleep(100);
  const before = commits();
  await makeWork(otherContext(), user, { title: 'After The Break' });
  assert.ok(await until(() => commits() !== before, 2000), 'notifications come again');
});

it('migrates the notifying trigger down and up', async (t) => {
  if (!available) return t.skip('no PostgreSQL');
  const { db } = database!.connection;
  const triggers = async () => (await sql<{ n: number }>`select count(*)::int as n from pg_trigger where tgname = 'search_changes_notify'`.execute(db)).rows[0]!.n;
  assert.equal(await triggers(), 1);
  await migrateTo(db, '021_text_grams');
  assert.equal(await triggers(), 0);
  await migrateToLatest(db);
  assert.equal(await triggers(), 1);
});
