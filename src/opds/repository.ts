// The tag lookups the catalog needs besides search: the fandom a URL names, and which of the
// fandom facets are canonical (the catalog lists wrangled fandoms, as AO3's fandom index does).
import type { Db, TagRow } from '../db/schema.ts';
import { findTagByName } from '../tags/repository.ts';

/** The canonical fandom a name stands for (a synonym leads to its canonical), or undefined. */
export async function fandomNamed(db: Db, name: string): Promise<TagRow | undefined> {
  const tag = await findTagByName(db, name);
  if (!tag || tag.kind !== 'fandom') return undefined;
  if (tag.merger_id === null) return tag;
  return db.selectFrom('tags').selectAll().where('id', '=', tag.merger_id).executeTakeFirst();
}

export async function canonicalFandomNames(db: Db, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await db.selectFrom('tags').select('name').where('kind', '=', 'fandom').where('canonical', '=', 1).where('name', 'in', names).execute();
  return new Set(rows.map((r) => r.name));
}
