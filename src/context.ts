// What every service needs, built once per process by openContext() and passed down explicitly.
import type { Config } from './config.ts';
import { connect, type DialectName } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Db } from './db/schema.ts';
import { FailureLimiter } from './accounts/rate-limit.ts';

export interface Context {
  db: Db;
  dialect: DialectName;
  config: Config;
  loginFailures: FailureLimiter;
  close(): Promise<void>;
}

export async function openContext(config: Config): Promise<Context> {
  const connection = connect(config.databaseUrl);
  await migrateToLatest(connection.db);
  return {
    db: connection.db,
    dialect: connection.dialect,
    config,
    loginFailures: new FailureLimiter(config.loginLimit, 15 * 60 * 1000),
    close: connection.close,
  };
}

export const nowIso = (): string => new Date().toISOString();
