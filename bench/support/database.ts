// A throw-away archive database for a benchmark: a SQLite file in a temp
// folder, or a PostgreSQL database of its own that is dropped afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import { connect, sqlitePath, type Connection, type DialectName } from '../../src/db/connect.ts';
import type { Database, Db } from '../../src/db/schema.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const PG_ADMIN_URL = process.env.QUIRE_BENCH_PG_URL ?? process.env.QUIRE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  url: string;
  dialect: DialectName;
  /** Opened as the app opens it (src/db/connect.ts): what the measured queries run on. */
  connection: Connection;
  drop(): Promise<void>;
}

/**
 * A connection for bulk loading only. On SQLite it has a 256 MB page cache and
 * no fsync (a crashed load is simply rerun), which makes a million-row load
 * several times faster; measurements then use `connection`, set up as the app's.
 */
export function openLoader(database: BenchDatabase): { db: Db; close(): Promise<void> } {
  if (database.dialect !== 'sqlite') return { db: database.connection.db, close: async () => {} };
  const file = new SQLite(sqlitePath(database.url));
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = OFF');
  file.pragma('cache_size = -262144');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
  return { db, close: () => db.destroy() };
}

async function adminQuery(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, user: decodeURIComponent(new URL(PG_ADMIN_URL).username) || 'postgres' });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(dialect: DialectName, label: string): Promise<BenchDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `quire-${label}-`));
    const url = `sqlite:${join(dir, 'bench.db')}`;
    const connection = connect(url);
    await migrateToLatest(connection.db);
    return { url, dialect, connection, drop: async () => { await connection.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  // The name is ours (letters, digits, underscores), never user input.
  const name = `quire_bench_${label.replace(/\W/g, '_')}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const connection = connect(url);
  await migrateToLatest(connection.db);
  return {
    url,
    dialect,
    connection,
    drop: async () => {
      await connection.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
