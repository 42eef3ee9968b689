import type { ChapterRow, Db } from '../db/schema.ts';
import type { ChapterContent } from './body.ts';

export async function insertChapter(db: Db, workId: number, position: number, c: ChapterContent, now: string): Promise<number> {
  const row = await db
    .insertInto('chapters')
    .values({ ...c, work_id: workId, position, published_at: c.status === 'posted' ? now : null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function chaptersOf(db: Db, workId: number): Promise<ChapterRow[]> {
  return db.selectFrom('chapters').selectAll().where('work_id', '=', workId).orderBy('position').execute();
}

/** Chapter titles and counts without bodies, for navigation. */
export function chapterOutline(db: Db, workId: number) {
  return db
    .selectFrom('chapters')
    .select(['id', 'position', 'title', 'words', 'status'])
    .where('work_id', '=', workId)
    .orderBy('position')
    .execute();
}

export async function updateChapterRow(db: Db, id: number, c: ChapterContent, publishedAt: string | null, now: string): Promise<void> {
  await db.updateTable('chapters').set({ ...c, published_at: publishedAt, updated_at: now }).where('id', '=', id).execute();
}

export async function setPositions(db: Db, workId: number, orderedIds: number[]): Promise<void> {
  // Two passes keep positions unique at every step, should a unique index ever cover them.
  for (const [i, id] of orderedIds.entries()) await db.updateTable('chapters').set({ position: -(i + 1) }).where('id', '=', id).where('work_id', '=', workId).execute();
  for (const [i, id] of orderedIds.entries()) await db.updateTable('chapters').set({ position: i + 1 }).where('id', '=', id).where('work_id', '=', workId).execute();
}
