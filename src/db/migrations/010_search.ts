import { sql, type Kysely } from 'kysely';
import { SqliteAdapter } from 'kysely';

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  // Every work change appends a row here in its own transaction; each app process
  // reads rows past its last id to keep its in-memory search index current.
  if (isSqlite(db)) {
    await db.schema
      .createTable('search_changes')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('work_id', 'integer', (c) => c.notNull())
      .execute();
    // Text search documents: one row per work (rowid = work id), folded text.
    await sql`create virtual table work_text using fts5(title, summary, tags, author, body, tokenize = 'porter unicode61 remove_diacritics 2')`.execute(db);
  } else {
    await db.schema
      .createTable('search_changes')
      .addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      .addColumn('work_id', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('work_text')
      .addColumn('work_id', 'integer', (c) => c.primaryKey())
      .addColumn('meta_tsv', sql`tsvector`, (c) => c.notNull())
      .addColumn('body_tsv', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index work_text_meta on work_text using gin (meta_tsv)`.execute(db);
    await sql`create index work_text_body on work_text using gin (body_tsv)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_changes').execute();
  await sql`drop table work_text`.execute(db);
}
