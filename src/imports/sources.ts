// The imported_sources table: which work each imported file became, by the SHA-256 of its bytes.
import type { Db } from '../db/schema.ts';

export interface ImportedSource {
  workId: number;
  title: string;
}

/** The work this user already made from a file with these bytes, if it still exists. */
export async function findImportedSource(db: Db, userId: number, sha256: string): Promise<ImportedSource | undefined> {
  const row = await db
    .selectFrom('imported_sources')
    .innerJoin('works', 'works.id', 'imported_sources.work_id')
    .select(['works.id', 'works.title'])
    .where('imported_sources.user_id', '=', userId)
    .where('imported_sources.sha256', '=', sha256)
    .executeTakeFirst();
  return row && { workId: row.id, title: row.title };
}

export async function insertImportedSource(db: Db, row: { userId: number; sha256: string; workId: number; fileName: string; now: string }): Promise<void> {
  await db
    .insertInto('imported_sources')
    .values({ user_id: row.userId, sha256: row.sha256, work_id: row.workId, file_name: row.fileName.slice(0, 255), created_at: row.now })
    .execute();
}
