import { sql, SqliteAdapter, type Kysely } from 'kysely';

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

// PostgreSQL only: every statement that adds change-log rows notifies the channel each app process
// listens on (src/db/pg-commits.ts), at its commit, so a process reads the log only after something
// was logged. A trigger, so that every writer notifies, whatever code or process wrote the rows.
// SQLite needs none: PRAGMA data_version moves for every connection's commits.
export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return;
  await sql`create function quire_search_changes_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('quire_search_changes', '');
      return null;
    end
  $$`.execute(db);
  await sql`create trigger search_changes_notify after insert on search_changes for each statement execute function quire_search_changes_notify()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) return;
  await sql`drop trigger search_changes_notify on search_changes`.execute(db);
  await sql`drop function quire_search_changes_notify()`.execute(db);
}
