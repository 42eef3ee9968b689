// The one owner of work_filters: a work's filters are the tags it is tagged
// with, each replaced by its canonical when it is a synonym. Listings by tag
// read work_filters, so a canonical finds its synonyms' works.
import type { Db } from '../db/schema.ts';

export async function rematerializeFilters(db: Db, workIds: number[]): Promise<void> {
  if (workIds.length === 0) return;
  const rows = await db
    .selectFrom('work_tags')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .select(['work_tags.work_id', 'tags.id', 'tags.merger_id'])
    .where('work_tags.work_id', 'in', workIds)
    .execute();
  const wanted = new Map<string, { work_id: number; tag_id: number }>();
  for (const r of rows) {
    const tagId = r.merger_id ?? r.id;
    wanted.set(`${r.work_id}:${tagId}`, { work_id: r.work_id, tag_id: tagId });
  }
  await db.deleteFrom('work_filters').where('work_id', 'in', workIds).execute();
  const values = [...wanted.values()];
  for (let i = 0; i < values.length; i += 500) await db.insertInto('work_filters').values(values.slice(i, i + 500)).execute();
}
