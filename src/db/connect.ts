import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db } from './schema.ts';
import { countingCommits, PgCommits } from './pg-commits.ts';
import { stopReader } from './reader-worker.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Connection {
  db: Db;
  dialect: DialectName;
  /**
   * SQLite only: a read-only connection for full-text matching, which reads plain rows outside
   * Kysely (see search/text-backend.ts); worker threads reading for it open the file as it does (reader-worker.ts).
   */
  textReader?: SQLite.Database;
  /**
   * A number that moves whenever a connection, of this process or another, may have logged a
   * change for the search index. SQLite file: PRAGMA data_version (any commit), read on the text
   * reader, which never writes itself (an in-memory database has no second connection, and its own
   * commits would not move it: none there). PostgreSQL: this process's commits and the change log's
   * notifications (see ./pg-commits.ts).
   */
  commits?: () => number;
  close(): Promise<void>;
}

export function dialectOf(databaseUrl: string): DialectName {
  return databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.slice('sqlite:'.length);
}

export interface ConnectOptions {
  /**
   * SQLite only: how much of the file (MB) its connections read through a memory map instead of
   * copying each page out of the OS cache. Search reads hundreds of pages at random per request
   * (a page's tags, a list of excluded tag names, full-text doclists): at a million works this
   * took present from 3.0 to 2.1 ms and resolving 50–500 names from 4.0 to 2.9; at 100k works
   * with full bodies, text p99 from 202 to 132 ms. Mapped pages read count in the process's
   * resident memory, but belong to the OS file cache, which can drop them. 0: no map.
   */
  mmapMb?: number;
}

export function connect(databaseUrl: string, options: ConnectOptions = {}): Connection {
  const mmap = `mmap_size = ${Math.max(0, Math.floor(options.mmapMb ?? 0)) * 1024 * 1024}`;
  if (dialectOf(databaseUrl) === 'sqlite') {
    const path = sqlitePath(databaseUrl);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const database = new SQLite(path);
    // WAL lets readers go on while a writer commits; busy_timeout lets a CLI import run beside the server.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    database.pragma(mmap);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    // Its own connection, so a match never reads another request's open write transaction;
    // an in-memory database has no file to open twice and is read through the one connection.
    const textReader = path === ':memory:' ? database : new SQLite(path, { readonly: true });
    if (textReader !== database) {
      textReader.pragma('busy_timeout = 5000');
      textReader.pragma(mmap);
    }
    const close = async () => {
      await stopReader(textReader);
      if (textReader !== database) textReader.close();
      await db.destroy();
    };
    const version = textReader !== database ? textReader.prepare('pragma data_version').pluck() : null;
    return { db, dialect: 'sqlite', textReader, commits: version ? () => version.get() as number : undefined, close };
  }
  const url = new URL(databaseUrl);
  // pg falls back to $USER, which is unset on some machines: name the user explicitly.
  const client = { connectionString: databaseUrl, user: decodeURIComponent(url.username) || 'postgres' };
  const pool = new pg.Pool({ ...client, max: 10 });
  // An idle pooled connection the server ends (a restart, a failover, pg_terminate_backend) comes
  // as an 'error' event on the pool, and an event with no listener would end the process. pg drops
  // that connection and the next query opens another, so noting it is all there is to do.
  let closing = false;
  pool.on('error', (e) => {
    if (!closing) console.warn(`quire: a PostgreSQL connection was closed by the server (${e.message}); the next query opens another`);
  });
  const commits = new PgCommits(client);
  const db = new Kysely<Database>({ dialect: countingCommits(new PostgresDialect({ pool }), () => commits.committed()) });
  const close = async () => {
    closing = true;
    await commits.close();
    await db.destroy();
  };
  return { db, dialect: 'postgres', commits: () => commits.read(), close };
}
