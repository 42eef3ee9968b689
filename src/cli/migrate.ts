import { loadConfig } from '../config.ts';
import { connect } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { parse } from './args.ts';

export async function migrateCommand(args: string[]): Promise<number> {
  parse(args, {});
  const connection = connect(loadConfig().databaseUrl);
  try {
    const applied = await migrateToLatest(connection.db);
    console.log(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
    return 0;
  } finally {
    await connection.close();
  }
}
