// Reads what the bitmap index needs about works from the database, in chunks.
import type { Db } from '../db/schema.ts';
import type { BitmapIndex, WorkFacts } from './bitmap-index.ts';

const CHUNK = 2000;
const ms = (iso: string | null): number => (iso ? Date.parse(iso) : 0);

/** Facts for these works; a work that is missing, a draft or hidden maps to null. */
export async function loadFacts(db: Db, ids: number[]): Promise<Map<number, WorkFacts | null>> {
  const out = new Map<number, WorkFacts | null>(ids.map((id) => [id, null]));
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const works = await db.selectFrom('works').selectAll().where('id', 'in', chunk).where('status', '=', 'posted').where('hidden', '=', 0).execute();
    if (works.length === 0) continue;
    const live = works.map((w) => w.id);
    const [creators, filters, fandoms] = await Promise.all([
      db.selectFrom('creatorships').innerJoin('pseuds', 'pseuds.id', 'creatorships.pseud_id').select(['creatorships.work_id', 'creatorships.pseud_id', 'pseuds.user_id', 'pseuds.name']).where('creatorships.work_id', 'in', live).orderBy('creatorships.position').execute(),
      db.selectFrom('work_filters').select(['work_id', 'tag_id']).where('work_id', 'in', live).execute(),
      db.selectFrom('work_tags').innerJoin('tags', 'tags.id', 'work_tags.tag_id').select(['work_tags.work_id', 'tags.id', 'tags.merger_id']).where('work_tags.work_id', 'in', live).where('tags.kind', '=', 'fandom').execute(),
    ]);
    for (const w of works) {
      const mine = creators.filter((c) => c.work_id === w.id);
      out.set(w.id, {
        id: w.id,
        restricted: w.restricted === 1,
        anonymous: w.anonymous === 1,
        complete: w.complete === 1,
        language: w.language,
        words: w.words,
        chapters: w.posted_chapters,
        expected: w.expected_chapters,
        updatedAt: ms(w.updated_at),
        publishedAt: ms(w.published_at),
        title: w.title,
        author: w.anonymous ? 'anonymous' : (mine[0]?.name ?? ''),
        creators: [...new Set(mine.map((c) => c.user_id))],
        pseuds: mine.map((c) => c.pseud_id),
        filters: [],
        fandoms: 0,
      });
    }
    for (const f of filters) out.get(f.work_id)?.filters.push(f.tag_id);
    const fandomSets = new Map<number, Set<number>>();
    for (const f of fandoms) {
      const set = fandomSets.get(f.work_id) ?? new Set<number>();
      set.add(f.merger_id ?? f.id);
      fandomSets.set(f.work_id, set);
    }
    for (const [id, set] of fandomSets) {
      const facts = out.get(id);
      if (facts) facts.fandoms = set.size;
    }
  }
  return out;
}

/** Loads names and kinds of the given tags into the index (for facets). */
export async function loadTagMeta(db: Db, index: BitmapIndex, tagIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(tagIds)];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.selectFrom('tags').select(['id', 'name', 'kind', 'canonical']).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    for (const r of rows) index.setTagMeta(r.id, { name: r.name, kind: r.kind, canonical: r.canonical === 1 });
  }
}

/** Applies the current database state of `ids` to the index. */
export async function applyWorks(db: Db, index: BitmapIndex, ids: number[]): Promise<void> {
  const facts = await loadFacts(db, ids);
  const tagIds = new Set<number>();
  for (const [id, f] of facts) {
    index.put(id, f);
    for (const t of f?.filters ?? []) tagIds.add(t);
  }
  await loadTagMeta(db, index, tagIds);
}

/** Builds the whole index, in id order, a chunk at a time. */
export async function buildAll(db: Db, index: BitmapIndex): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('works').select('id').where('id', '>', after).orderBy('id').limit(CHUNK).execute();
    if (rows.length === 0) break;
    await applyWorks(db, index, rows.map((r) => r.id));
    after = rows[rows.length - 1]!.id;
  }
}
