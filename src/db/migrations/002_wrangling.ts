import type { Kysely } from 'kysely';
import { SqliteAdapter } from 'kysely';

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

export const MEDIA = [
  'Anime & Manga', 'Books & Literature', 'Cartoons', 'Celebrities & Real People', 'Comics', 'Movies', 'Music & Bands',
  'Other Media', 'Theater', 'TV Shows', 'Video Games',
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tags').addColumn('taggings_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('tags_autocomplete').on('tags').columns(['canonical', 'name_key']).execute();
  await db.schema.createIndex('tags_merger').on('tags').column('merger_id').execute();

  // Direct meta/sub edges only; the transitive closure is computed where filters are built.
  await db.schema
    .createTable('meta_taggings')
    .addColumn('meta_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('sub_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('meta_taggings_pk', ['meta_id', 'sub_id'])
    .execute();
  await db.schema.createIndex('meta_taggings_sub').on('meta_taggings').column('sub_id').execute();

  // Fandoms of characters, relationships and freeforms; media of fandoms.
  await db.schema
    .createTable('tag_parents')
    .addColumn('parent_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('child_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('tag_parents_pk', ['parent_id', 'child_id'])
    .execute();
  await db.schema.createIndex('tag_parents_child').on('tag_parents').column('child_id').execute();

  const id = (t: any) => (isSqlite(db) ? t.addColumn('id', 'integer', (c: any) => c.primaryKey().autoIncrement()) : t.addColumn('id', 'integer', (c: any) => c.primaryKey().generatedByDefaultAsIdentity()));

  await id(db.schema.createTable('wrangling_audit'))
    .addColumn('user_id', 'integer', (c: any) => c.references('users.id').onDelete('set null'))
    .addColumn('actor', 'varchar(60)', (c: any) => c.notNull())
    .addColumn('action', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('tag_name', 'varchar(150)', (c: any) => c.notNull())
    .addColumn('detail', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();

  await db.schema
    .createTable('wrangler_assignments')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('fandom_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('wrangler_assignments_pk', ['user_id', 'fandom_id'])
    .execute();

  // Filter recomputes too big for one request. `cursor` is the last work id done, so a job resumes where it stopped.
  await id(db.schema.createTable('filter_jobs'))
    .addColumn('reason', 'varchar(200)', (c: any) => c.notNull())
    .addColumn('scope', 'varchar(16)', (c: any) => c.notNull())
    .addColumn('tag_ids', 'text', (c: any) => c.notNull())
    .addColumn('status', 'varchar(16)', (c: any) => c.notNull().defaultTo('pending'))
    .addColumn('total', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('done', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('cursor', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c: any) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c: any) => c.notNull())
    .execute();

  const now = new Date().toISOString();
  for (const name of MEDIA) {
    const key = name.toLowerCase();
    const exists = await db.selectFrom('tags').select('id').where('name_key', '=', key).executeTakeFirst();
    if (!exists) await db.insertInto('tags').values({ name, name_key: key, kind: 'media', canonical: 1, merger_id: null, created_at: now }).execute();
  }
  // Counts for tags that existed before this column.
  await db
    .updateTable('tags')
    .set((eb: any) => ({ taggings_count: eb.selectFrom('work_tags').select(eb.fn.countAll().as('n')).whereRef('work_tags.tag_id', '=', 'tags.id') }))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['filter_jobs', 'wrangler_assignments', 'wrangling_audit', 'tag_parents', 'meta_taggings']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('tags').dropColumn('taggings_count').execute();
}
