// A PostgreSQL server that ends an idle pooled connection (a restart, a failover, an admin's
// pg_terminate_backend) must not take the app process down: the next query simply reconnects.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import pg from 'pg';
import { sql } from 'kysely';
import { createTestDatabase, PG_ADMIN_URL, postgresAvailable, type TestDatabase } from '../support/dialects.ts';

let database: TestDatabase | undefined;
let available = false;

before(async () => {
  available = await postgresAvailable();
  if (available) database = await createTestDatabase('postgres');
});
after(async () => {
  await database?.drop();
});

it('survives the server ending its idle pooled connections, and the next query reconnects', async (t) => {
  if (!available) return t.skip('no PostgreSQL');
  const db = database!.connection.db;
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  const warn = t.mock.method(console, 'warn', () => {});
  try {
    // Several connections open and idle in the pool.
    await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(db)));
    const name = new URL(database!.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL, user: 'postgres' });
    await admin.connect();
    const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    await admin.end();
    assert.ok(killed.rowCount! >= 1, 'idle connections were ended');
    // Let the ended connections report it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { rows } = await sql<{ n: number }>`select 1 as n`.execute(db);
    assert.equal(rows[0]!.n, 1);
    assert.deepEqual(uncaught, []);
    assert.ok(warn.mock.callCount() >= 1, 'the lost connection is noted');
  } finally {
    process.off('uncaughtException', onUncaught);
  }
});
