import type { Kysely } from 'kysely';

// One row per file a user imported, keyed by the SHA-256 of its bytes: importing the same file
// again finds the work instead of posting it twice. Deleting the work deletes the row, so the
// file can be imported afresh.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imported_sources')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    // The key is what stops two imports of the same file racing to both succeed.
    .addPrimaryKeyConstraint('imported_sources_pkey', ['user_id', 'sha256'])
    .execute();
  await db.schema.createIndex('imported_sources_work').on('imported_sources').column('work_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('imported_sources').execute();
}
