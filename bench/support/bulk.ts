// Fast loading of tags and works for benchmarks and real-data tests: multi-row
// inserts inside transactions, straight into the tables (no HTTP, no per-work
// service calls), then filters materialised by their one owner, filters.ts.
import { sql, SqliteAdapter, type Insertable } from 'kysely';
import type { Database, Db, TagKind } from '../../src/db/schema.ts';
import { rematerializeFilters } from '../../src/tags/filters.ts';
import { normalizeTagName, tagKey } from '../../src/tags/names.ts';

// Both engines take tens of thousands of bound values per statement (SQLite
// 32,766, PostgreSQL 65,535); stay under the smaller with room to spare.
const MAX_PARAMS = 30_000;

/** Inserts rows in as few statements as the parameter limits allow. */
export async function insertChunked<T extends keyof Database & string>(db: Db, table: T, rows: Insertable<Database[T]>[]): Promise<void> {
  if (rows.length === 0) return;
  const size = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += size) await db.insertInto(table).values(rows.slice(i, i + size) as any).execute();
}

export interface NewTag {
  name: string;
  kind: TagKind;
  canonical: boolean;
  /** name_key of the canonical this tag is a synonym of. */
  mergerKey?: string;
  taggingsCount?: number;
}

export interface TagLoad {
  /** name_key → id for every tag asked for (new or already there). */
  ids: Map<string, number>;
  inserted: number;
  /** Asked-for names whose key was already in the table, e.g. the media tags the migration creates. */
  existing: number;
  /** Asked-for names whose key equals an earlier one in the same list ("Fluff" and "fluff"): the first spelling wins. */
  duplicates: number;
  /** Synonyms whose canonical is not in the table: loaded as unwrangled tags instead. */
  orphanSynonyms: number;
}

/** Inserts tags (canonicals and unwrangled first, then synonyms pointing at them), deduplicated by tagKey. */
export async function insertTags(db: Db, tags: Iterable<NewTag>, now: string): Promise<TagLoad> {
  const ids = new Map<string, number>();
  for (const r of await db.selectFrom('tags').select(['id', 'name_key']).execute()) ids.set(r.name_key, r.id);
  const before = new Set(ids.keys());
  const load: TagLoad = { ids, inserted: 0, existing: 0, duplicates: 0, orphanSynonyms: 0 };
  const wanted = new Map<string, NewTag & { name: string }>();
  for (const t of tags) {
    const name = normalizeTagName(t.name);
    const key = tagKey(name);
    if (before.has(key)) load.existing++;
    else if (wanted.has(key)) load.duplicates++;
    else wanted.set(key, { ...t, name });
  }
  const row = (t: NewTag, key: string, mergerId: number | null): Insertable<Database['tags']> => ({
    name: t.name,
    name_key: key,
    kind: t.kind,
    canonical: t.canonical && mergerId === null ? 1 : 0,
    merger_id: mergerId,
    taggings_count: t.taggingsCount ?? 0,
    created_at: now,
  });
  const insertReturning = async (trx: Db, rows: Insertable<Database['tags']>[]) => {
    const size = Math.floor(MAX_PARAMS / 7);
    for (let i = 0; i < rows.length; i += size) {
      const back = await trx.insertInto('tags').values(rows.slice(i, i + size)).returning(['id', 'name_key']).execute();
      for (const r of back) ids.set(r.name_key, r.id);
      load.inserted += back.length;
    }
  };
  const first = [...wanted].filter(([, t]) => t.mergerKey === undefined);
  const synonyms = [...wanted].filter(([, t]) => t.mergerKey !== undefined);
  await db.transaction().execute(async (trx) => {
    await insertReturning(trx, first.map(([key, t]) => row(t, key, null)));
    await insertReturning(
      trx,
      synonyms.map(([key, t]) => {
        const mergerId = ids.get(tagKey(t.mergerKey!)) ?? null;
        if (mergerId === null) load.orphanSynonyms++;
        return row(t, key, mergerId);
      }),
    );
  });
  return load;
}

export interface NewWork {
  title: string;
  language: string;
  words: number;
  complete: boolean;
  restricted: boolean;
  publishedAt: string;
  /** Tag ids in the writer's order; the first of any repeated id is kept. */
  tagIds: number[];
}

/** Inserts works with one posted chapter each, credited to `pseudId`; returns their ids in input order. */
export async function insertWorks(db: Db, works: NewWork[], pseudId: number, now: string, chunk = 1000): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < works.length; i += chunk) {
    const slice = works.slice(i, i + chunk);
    await db.transaction().execute(async (trx) => {
      const back = await trx
        .insertInto('works')
        .values(
          slice.map((w) => ({
            title: w.title.slice(0, 255),
            summary: '',
            notes: '',
            end_notes: '',
            language: w.language,
            words: w.words,
            posted_chapters: 1,
            expected_chapters: w.complete ? 1 : null,
            complete: w.complete ? 1 : 0,
            restricted: w.restricted ? 1 : 0,
            anonymous: 0,
            hidden: 0,
            status: 'posted',
            published_at: w.publishedAt,
            updated_at: w.publishedAt,
            created_at: now,
          })),
        )
        .returning('id')
        .execute();
      // Both engines number the rows of one VALUES list in order; sorting makes that independent of RETURNING's order.
      const ids = back.map((r) => r.id).sort((a, b) => a - b);
      if (ids.length !== slice.length) throw new Error(`inserted ${ids.length} works, expected ${slice.length}`);
      await insertChunked(trx, 'creatorships', ids.map((work_id) => ({ work_id, pseud_id: pseudId, position: 0 })));
      await insertChunked(
        trx,
        'chapters',
        slice.map((w, j) => ({
          work_id: ids[j]!,
          position: 1,
          title: '',
          summary: '',
          notes: '',
          end_notes: '',
          body_format: 'text' as const,
          body_source: w.title,
          body_html: `<p>${escapeHtml(w.title)}</p>`,
          words: w.words,
          status: 'posted' as const,
          published_at: w.publishedAt,
          created_at: now,
          updated_at: now,
        })),
      );
      const taggings: Insertable<Database['work_tags']>[] = [];
      slice.forEach((w, j) => {
        const seen = new Set<number>();
        for (const tag_id of w.tagIds) {
          if (seen.has(tag_id)) continue;
          seen.add(tag_id);
          taggings.push({ work_id: ids[j]!, tag_id, position: seen.size - 1 });
        }
      });
      await insertChunked(trx, 'work_tags', taggings);
      out.push(...ids);
    });
  }
  return out;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Sets tags.taggings_count from work_tags in one statement (an UPDATE … FROM the grouped counts; both engines have it). */
export async function recountTaggings(db: Db): Promise<void> {
  await db
    .updateTable('tags')
    .from((eb) => eb.selectFrom('work_tags').select(['work_tags.tag_id', (e) => e.fn.countAll<number>().as('n')]).groupBy('work_tags.tag_id').as('c'))
    .set((eb) => ({ taggings_count: eb.ref('c.n') }))
    .whereRef('tags.id', '=', 'c.tag_id')
    .execute();
}

/** Materialises every work's filters, `batch` works per transaction. */
export async function materializeAllFilters(db: Db, batch = 1000): Promise<number> {
  const ids = (await db.selectFrom('works').select('id').orderBy('id').execute()).map((r) => r.id);
  for (let i = 0; i < ids.length; i += batch) {
    await db.transaction().execute((trx) => rematerializeFilters(trx, ids.slice(i, i + batch)));
  }
  return ids.length;
}

/**
 * Does on PostgreSQL what autovacuum does on a running server after a bulk load (it may be off, as on
 * our test server): planner statistics, without which a fresh table is planned as if empty (whole-table
 * scans for the 500-id batches of the filter code), and the visibility map that lets index-only scans
 * skip the table. SQLite plans without statistics; nothing to do.
 */
export async function vacuumAnalyze(db: Db): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) await sql`vacuum analyze`.execute(db);
}
