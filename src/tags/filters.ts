// The one owner of work_filters. A work's filters are, for every tag it is
// tagged with, that tag's canonical (a synonym maps to what it was merged into;
// a canonical or unwrangled tag is its own) plus all meta tags above it,
// transitively. Listings by tag read work_filters, so a canonical finds the
// works of its synonyms and sub-tags.
import type { Db } from '../db/schema.ts';
import { noteWorksChanged } from '../search/sync.ts';

/** Every meta tag above each of `tagIds`, following meta_taggings upward. */
export async function metaAncestors(db: Db, tagIds: Iterable<number>): Promise<Map<number, Set<number>>> {
  const parents = new Map<number, number[]>();
  let frontier = [...new Set(tagIds)];
  const seen = new Set(frontier);
  while (frontier.length > 0) {
    const edges: { meta_id: number; sub_id: number }[] = [];
    for (let i = 0; i < frontier.length; i += 500) {
      edges.push(...(await db.selectFrom('meta_taggings').select(['meta_id', 'sub_id']).where('sub_id', 'in', frontier.slice(i, i + 500)).execute()));
    }
    const next: number[] = [];
    for (const e of edges) {
      parents.set(e.sub_id, [...(parents.get(e.sub_id) ?? []), e.meta_id]);
      if (!seen.has(e.meta_id)) {
        seen.add(e.meta_id);
        next.push(e.meta_id);
      }
    }
    frontier = next;
  }
  const memo = new Map<number, Set<number>>();
  const up = (id: number, path: Set<number>): Set<number> => {
    const cached = memo.get(id);
    if (cached) return cached;
    const out = new Set<number>();
    for (const p of parents.get(id) ?? []) {
      if (path.has(p)) continue; // the graph is kept acyclic; this only guards against a corrupt row
      out.add(p);
      for (const a of up(p, new Set([...path, p]))) out.add(a);
    }
    memo.set(id, out);
    return out;
  };
  const result = new Map<number, Set<number>>();
  for (const id of tagIds) result.set(id, up(id, new Set([id])));
  return result;
}

/** What each work's filters should be, from its taggings and the current wrangling. */
export async function computeFilters(db: Db, workIds: number[]): Promise<Map<number, Set<number>>> {
  const result = new Map<number, Set<number>>(workIds.map((id) => [id, new Set<number>()]));
  if (workIds.length === 0) return result;
  const rows: { work_id: number; tag_id: number }[] = [];
  for (let i = 0; i < workIds.length; i += 500) {
    rows.push(...(await db.selectFrom('work_tags').select(['work_id', 'tag_id']).where('work_id', 'in', workIds.slice(i, i + 500)).execute()));
  }
  // Synonyms looked up by id apart from the taggings: joined, PostgreSQL hashes the whole tags table for a batch of works.
  const tagIds = [...new Set(rows.map((r) => r.tag_id))];
  const mergerOf = new Map<number, number>();
  for (let i = 0; i < tagIds.length; i += 500) {
    const synonyms = await db.selectFrom('tags').select(['id', 'merger_id']).where('id', 'in', tagIds.slice(i, i + 500)).where('merger_id', 'is not', null).execute();
    for (const s of synonyms) mergerOf.set(s.id, s.merger_id!);
  }
  const direct = rows.map((r) => ({ work: r.work_id, tag: mergerOf.get(r.tag_id) ?? r.tag_id }));
  const ancestors = await metaAncestors(db, new Set(direct.map((d) => d.tag)));
  for (const d of direct) {
    const set = result.get(d.work)!;
    set.add(d.tag);
    for (const a of ancestors.get(d.tag) ?? []) set.add(a);
  }
  return result;
}

/** Brings the stored filters of `workIds` in line with computeFilters, touching only rows that change. */
export async function rematerializeFilters(db: Db, workIds: number[]): Promise<void> {
  if (workIds.length === 0) return;
  const wanted = await computeFilters(db, workIds);
  const current = new Map<number, Set<number>>(workIds.map((id) => [id, new Set<number>()]));
  for (let i = 0; i < workIds.length; i += 500) {
    const rows = await db.selectFrom('work_filters').select(['work_id', 'tag_id']).where('work_id', 'in', workIds.slice(i, i + 500)).execute();
    for (const r of rows) current.get(r.work_id)!.add(r.tag_id);
  }
  const toInsert: { work_id: number; tag_id: number }[] = [];
  const toDelete: { work_id: number; tag_id: number }[] = [];
  for (const id of workIds) {
    const want = wanted.get(id)!;
    const have = current.get(id)!;
    for (const t of want) if (!have.has(t)) toInsert.push({ work_id: id, tag_id: t });
    for (const t of have) if (!want.has(t)) toDelete.push({ work_id: id, tag_id: t });
  }
  const deleteByTag = new Map<number, number[]>();
  for (const d of toDelete) {
    const works = deleteByTag.get(d.tag_id) ?? [];
    works.push(d.work_id);
    deleteByTag.set(d.tag_id, works);
  }
  for (const [tagId, works] of deleteByTag) {
    for (let i = 0; i < works.length; i += 500) {
      await db.deleteFrom('work_filters').where('tag_id', '=', tagId).where('work_id', 'in', works.slice(i, i + 500)).execute();
    }
  }
  for (let i = 0; i < toInsert.length; i += 500) await db.insertInto('work_filters').values(toInsert.slice(i, i + 500)).execute();
  await noteWorksChanged(db, [...new Set([...toInsert, ...toDelete].map((r) => r.work_id))]);
}
