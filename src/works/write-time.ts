// Write-time work for a work has one owner: after any change to a work or its
// chapters, the service calls these inside the same transaction.
import type { Db, TagKind } from '../db/schema.ts';
import { findOrCreateTags } from '../tags/repository.ts';
import { rematerializeFilters } from '../tags/filters.ts';
import { afterWorkChange } from '../search/sync.ts';
import type { WorkFields } from './input.ts';

/** Replaces a work's tags with the ones in `fields` and recomputes its filters. */
export async function writeWorkTags(db: Db, workId: number, fields: WorkFields, now: string): Promise<void> {
  const groups: [TagKind, string[]][] = [
    ['rating', [fields.rating]],
    ['warning', fields.warnings],
    ['category', fields.categories],
    ['fandom', fields.fandoms],
    ['relationship', fields.relationships],
    ['character', fields.characters],
    ['freeform', fields.freeforms],
  ];
  const rows: { work_id: number; tag_id: number; position: number }[] = [];
  const seen = new Set<number>();
  for (const [kind, names] of groups) {
    for (const tag of await findOrCreateTags(db, kind, names, now)) {
      if (seen.has(tag.id)) continue;
      seen.add(tag.id);
      rows.push({ work_id: workId, tag_id: tag.id, position: rows.length });
    }
  }
  const old = (await db.selectFrom('work_tags').select('tag_id').where('work_id', '=', workId).execute()).map((r) => r.tag_id);
  await db.deleteFrom('work_tags').where('work_id', '=', workId).execute();
  if (rows.length > 0) await db.insertInto('work_tags').values(rows).execute();
  await adjustTaggingCounts(db, old.filter((id) => !seen.has(id)), [...seen].filter((id) => !old.includes(id)));
  await rematerializeFilters(db, [workId]);
}

/** Keeps tags.taggings_count (how many works use a tag directly) right; autocomplete and wrangling pages sort by it. */
export async function adjustTaggingCounts(db: Db, removed: number[], added: number[]): Promise<void> {
  if (removed.length > 0) await db.updateTable('tags').set((eb) => ({ taggings_count: eb('taggings_count', '-', 1) })).where('id', 'in', removed).execute();
  if (added.length > 0) await db.updateTable('tags').set((eb) => ({ taggings_count: eb('taggings_count', '+', 1) })).where('id', 'in', added).execute();
}

/** Recomputes word count, posted chapter count and completeness from the chapters. */
export async function refreshWorkStats(db: Db, workId: number, now: string, touch: boolean): Promise<void> {
  const work = await db.selectFrom('works').select(['complete', 'expected_chapters', 'status', 'published_at']).where('id', '=', workId).executeTakeFirstOrThrow();
  const stats = await db
    .selectFrom('chapters')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.coalesce(eb.fn.sum<number>('words'), eb.lit(0)).as('words')])
    .where('work_id', '=', workId)
    .where('status', '=', 'posted')
    .executeTakeFirstOrThrow();
  const posted = Number(stats.n);
  let complete = work.complete;
  let expected = work.expected_chapters;
  // "3/3" is complete, and a complete work expects exactly what it has.
  if (expected !== null && posted >= expected) complete = 1;
  if (complete === 1) expected = posted;
  await db
    .updateTable('works')
    .set({
      words: Number(stats.words),
      posted_chapters: posted,
      complete,
      expected_chapters: expected,
      published_at: work.status === 'posted' ? (work.published_at ?? now) : work.published_at,
      ...(touch ? { updated_at: now } : {}),
    })
    .where('id', '=', workId)
    .execute();
  await afterWorkChange(db, [workId]);
}
