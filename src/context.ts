// What every service needs, built once per process by openContext() and passed down explicitly.
import type { Config } from './config.ts';
import { connect, type Connection, type DialectName } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Db } from './db/schema.ts';
import { FailureLimiter } from './accounts/rate-limit.ts';
import { LiveIndex } from './search/refresh.ts';

export interface Context {
  db: Db;
  dialect: DialectName;
  /** SQLite only: the read-only connection full-text matches are read through. */
  textReader: Connection['textReader'];
  config: Config;
  loginFailures: FailureLimiter;
  /** This process's bitmap search index, caught up from the change log. */
  search: LiveIndex;
  close(): Promise<void>;
}

export async function openContext(config: Config): Promise<Context> {
  const connection = connect(config.databaseUrl, { mmapMb: config.sqliteMmapMb });
  await migrateToLatest(connection.db);
  // A SQLite file can be read by a second connection in a worker thread while this one builds the index.
  const fileUrl = connection.dialect === 'sqlite' && !config.databaseUrl.endsWith(':memory:') ? config.databaseUrl : undefined;
  // Built by the first search (serve builds it before listening), so other commands start at once.
  const search = new LiveIndex(connection.db, fileUrl, config.facetCacheSize, connection.commits);
  return {
    db: connection.db,
    search,
    dialect: connection.dialect,
    textReader: connection.textReader,
    config,
    loginFailures: new FailureLimiter(config.loginLimit, 15 * 60 * 1000),
    close: async () => {
      search.stop();
      await connection.close();
    },
  };
}

export const nowIso = (): string => new Date().toISOString();
