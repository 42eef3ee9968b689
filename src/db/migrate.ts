import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './schema.ts';
import * as m001 from './migrations/001_initial.ts';
import * as m002 from './migrations/002_wrangling.ts';
import * as m010 from './migrations/010_search.ts';
import * as m011 from './migrations/011_blocklists.ts';
import * as m012 from './migrations/012_saved_searches.ts';
import * as m013 from './migrations/013_api_tokens.ts';
import * as m014 from './migrations/014_tag_indexes.ts';
import * as m015 from './migrations/015_imported_sources.ts';
import * as m020 from './migrations/020_search_changes_pruned.ts';
import * as m021 from './migrations/021_text_grams.ts';
import * as m022 from './migrations/022_search_changes_notify.ts';

// Migrations are listed in code (not read from a folder) so they work the same from tsx, a bundle or tests.
const MIGRATIONS: Record<string, Migration> = {
  '001_initial': m001,
  '002_wrangling': m002,
  '010_search': m010,
  '011_blocklists': m011,
  '012_saved_searches': m012,
  '013_api_tokens': m013,
  '014_tag_indexes': m014,
  '015_imported_sources': m015,
  '020_search_changes_pruned': m020,
  '021_text_grams': m021,
  '022_search_changes_notify': m022,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrates up or down to the named migration (tests of a migration's up and down). */
export async function migrateTo(db: Db, name: string): Promise<void> {
  if (!(name in MIGRATIONS)) throw new Error(`no migration named ${name}`);
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
