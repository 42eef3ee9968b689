import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row: the change-log id up to which rows were deleted (see pruneChanges in src/search/refresh.ts).
  await db.schema.createTable('search_changes_pruned').addColumn('up_to', 'bigint', (c) => c.notNull()).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_changes_pruned').execute();
}
