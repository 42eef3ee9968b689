// One suite, every dialect (the Kysely way): forEachDialect runs a describe()
// block once on a fresh SQLite file and once on a fresh PostgreSQL database.
import { after, before, describe } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { connect, type Connection, type DialectName } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const PG_ADMIN_URL = process.env.QUIRE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const requirePostgres = process.env.QUIRE_REQUIRE_PG === '1' || process.env.CI === 'true';

let pgAvailable: Promise<boolean> | undefined;
export function postgresAvailable(): Promise<boolean> {
  pgAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, user: 'postgres', connectionTimeoutMillis: 10000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (e) {
      if (requirePostgres) throw new Error(`PostgreSQL is required here but not reachable at ${PG_ADMIN_URL}: ${String(e)}`);
      console.log(`# SKIPPED: PostgreSQL tests (no server at ${PG_ADMIN_URL})`);
      return false;
    }
  })();
  return pgAvailable;
}

export interface TestDatabase {
  url: string;
  dialect: DialectName;
  connection: Connection;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'quire-test-'));
    const url = `sqlite:${join(dir, 'test.db')}`;
    const connection = connect(url);
    await migrateToLatest(connection.db);
    return { url, dialect, connection, drop: async () => { await connection.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `quire_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, user: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const connection = connect(url);
  await migrateToLatest(connection.db);
  return {
    url,
    dialect,
    connection,
    drop: async () => {
      await connection.close();
      const c = new pg.Client({ connectionString: PG_ADMIN_URL, user: 'postgres' });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

/** Runs `suite` once per dialect with a fresh migrated database shared by the block's tests. */
export function forEachDialect(title: string, suite: (ctx: { get: () => TestDatabase; dialect: DialectName }) => void): void {
  for (const dialect of DIALECTS) {
    describe(`${title} [${dialect}]`, async () => {
      if (dialect === 'postgres' && !(await postgresAvailable())) return;
      let database: TestDatabase | undefined;
      before(async () => {
        database = await createTestDatabase(dialect);
      });
      after(async () => {
        await database?.drop();
      });
      suite({ get: () => database!, dialect });
    });
  }
}
