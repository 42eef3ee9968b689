import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import { SqliteAdapter, sql } from 'kysely';

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

// SQLite wants INTEGER PRIMARY KEY AUTOINCREMENT; PostgreSQL an identity column.
function withId<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>) {
  return isSqlite(db)
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}
const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
const flag = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(0);
const text = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo('');

export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('users'))
    .addColumn('login', 'varchar(40)', notNull)
    .addColumn('login_key', 'varchar(40)', (c) => c.notNull().unique())
    .addColumn('email', 'varchar(254)', notNull)
    .addColumn('password_hash', 'text', notNull)
    .addColumn('role', 'varchar(16)', (c) => c.notNull().defaultTo('user'))
    .addColumn('pref_view_adult', 'integer', flag)
    .addColumn('pref_theme', 'varchar(8)', (c) => c.notNull().defaultTo('auto'))
    .addColumn('pref_font_size', 'integer', (c) => c.notNull().defaultTo(100))
    .addColumn('pref_line_width', 'integer', (c) => c.notNull().defaultTo(40))
    .addColumn('created_at', 'varchar(32)', notNull)
    .execute();

  await withId(db, db.schema.createTable('pseuds'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'varchar(40)', notNull)
    .addColumn('name_key', 'varchar(40)', notNull)
    .addColumn('is_default', 'integer', flag)
    .addColumn('description', 'text', text)
    .addColumn('created_at', 'varchar(32)', notNull)
    .addUniqueConstraint('pseuds_user_name', ['user_id', 'name_key'])
    .execute();
  await db.schema.createIndex('pseuds_name_key').on('pseuds').column('name_key').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(32)', notNull)
    .addColumn('expires_at', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await withId(db, db.schema.createTable('works'))
    .addColumn('title', 'varchar(255)', notNull)
    .addColumn('summary', 'text', text)
    .addColumn('notes', 'text', text)
    .addColumn('end_notes', 'text', text)
    .addColumn('language', 'varchar(16)', (c) => c.notNull().defaultTo('en'))
    .addColumn('words', 'integer', flag)
    .addColumn('posted_chapters', 'integer', flag)
    .addColumn('expected_chapters', 'integer')
    .addColumn('complete', 'integer', flag)
    .addColumn('restricted', 'integer', flag)
    .addColumn('anonymous', 'integer', flag)
    .addColumn('hidden', 'integer', flag)
    .addColumn('status', 'varchar(8)', (c) => c.notNull().defaultTo('draft'))
    .addColumn('published_at', 'varchar(32)')
    .addColumn('updated_at', 'varchar(32)', notNull)
    .addColumn('created_at', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('works_listing').on('works').columns(['status', 'hidden', 'updated_at', 'id']).execute();

  await db.schema
    .createTable('creatorships')
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('pseud_id', 'integer', (c) => c.notNull().references('pseuds.id').onDelete('cascade'))
    .addColumn('position', 'integer', flag)
    .addPrimaryKeyConstraint('creatorships_pk', ['work_id', 'pseud_id'])
    .execute();
  await db.schema.createIndex('creatorships_pseud').on('creatorships').column('pseud_id').execute();

  await withId(db, db.schema.createTable('chapters'))
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('position', 'integer', notNull)
    .addColumn('title', 'varchar(255)', text)
    .addColumn('summary', 'text', text)
    .addColumn('notes', 'text', text)
    .addColumn('end_notes', 'text', text)
    .addColumn('body_format', 'varchar(8)', (c) => c.notNull().defaultTo('html'))
    .addColumn('body_source', 'text', text)
    .addColumn('body_html', 'text', text)
    .addColumn('words', 'integer', flag)
    .addColumn('status', 'varchar(8)', (c) => c.notNull().defaultTo('posted'))
    .addColumn('published_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', notNull)
    .addColumn('updated_at', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('chapters_work').on('chapters').columns(['work_id', 'position']).execute();

  await withId(db, db.schema.createTable('tags'))
    .addColumn('name', 'varchar(150)', notNull)
    // Byte order ("C") on PostgreSQL as on SQLite, so prefix ranges for autocomplete mean the same on both.
    .addColumn('name_key', isSqlite(db) ? 'varchar(150)' : sql`varchar(150) collate "C"`, (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(16)', notNull)
    .addColumn('canonical', 'integer', flag)
    .addColumn('merger_id', 'integer', (c) => c.references('tags.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(32)', notNull)
    .execute();
  await db.schema.createIndex('tags_kind').on('tags').columns(['kind', 'name_key']).execute();

  await db.schema
    .createTable('work_tags')
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('position', 'integer', flag)
    .addPrimaryKeyConstraint('work_tags_pk', ['work_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('work_tags_tag').on('work_tags').column('tag_id').execute();

  await db.schema
    .createTable('work_filters')
    .addColumn('work_id', 'integer', (c) => c.notNull().references('works.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('work_filters_pk', ['tag_id', 'work_id'])
    .execute();
  await db.schema.createIndex('work_filters_work').on('work_filters').column('work_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['work_filters', 'work_tags', 'tags', 'chapters', 'creatorships', 'works', 'sessions', 'pseuds', 'users']) {
    await db.schema.dropTable(t).execute();
  }
}
