import type { Db, TagKind, TagRow } from '../db/schema.ts';
import { InvalidInput } from '../errors.ts';
import { tagKey } from './names.ts';

const FIXED_KINDS: ReadonlySet<TagKind> = new Set(['rating', 'warning', 'category', 'media']);
export const KIND_LABELS: Record<TagKind, string> = {
  rating: 'Rating',
  warning: 'Archive Warning',
  category: 'Category',
  fandom: 'Fandom',
  relationship: 'Relationship',
  character: 'Character',
  freeform: 'Additional Tag',
  media: 'Media',
};

/** Finds each named tag, creating missing ones (unwrangled, or canonical for the fixed sets). */
export async function findOrCreateTags(db: Db, kind: TagKind, names: string[], now: string): Promise<TagRow[]> {
  if (names.length === 0) return [];
  const keys = names.map(tagKey);
  const existing = await db.selectFrom('tags').selectAll().where('name_key', 'in', keys).execute();
  const byKey = new Map(existing.map((t) => [t.name_key, t]));
  const out: TagRow[] = [];
  for (const [i, name] of names.entries()) {
    const key = keys[i]!;
    let tag = byKey.get(key);
    if (tag && tag.kind !== kind) {
      throw new InvalidInput(`"${tag.name}" is already a ${KIND_LABELS[tag.kind]} tag, so it cannot be used as a ${KIND_LABELS[kind]}`, kind);
    }
    if (!tag) {
      tag = await db
        .insertInto('tags')
        .values({ name, name_key: key, kind, canonical: FIXED_KINDS.has(kind) ? 1 : 0, merger_id: null, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      byKey.set(key, tag);
    }
    out.push(tag);
  }
  return out;
}

export function findTagByName(db: Db, name: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('name_key', '=', tagKey(name)).executeTakeFirst();
}

/** Tags by name (any case or spacing), keyed by tagKey(name); names without a tag are left out. */
export async function findTagsByNames(db: Db, names: string[]): Promise<Map<string, TagRow>> {
  const keys = [...new Set(names.map(tagKey))];
  const found = new Map<string, TagRow>();
  for (let i = 0; i < keys.length; i += 500) {
    for (const t of await db.selectFrom('tags').selectAll().where('name_key', 'in', keys.slice(i, i + 500)).execute()) found.set(t.name_key, t);
  }
  return found;
}

export interface WorkTag {
  work_id: number;
  name: string;
  kind: TagKind;
}

/** Every tag of the given works, in the order the writer gave them. */
export async function tagsOfWorks(db: Db, workIds: number[]): Promise<Map<number, WorkTag[]>> {
  const map = new Map<number, WorkTag[]>();
  if (workIds.length === 0) return map;
  const rows = await db
    .selectFrom('work_tags')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .select(['work_tags.work_id', 'tags.name', 'tags.kind'])
    .where('work_tags.work_id', 'in', workIds)
    .orderBy('work_tags.work_id')
    .orderBy('work_tags.position')
    .execute();
  for (const r of rows) {
    const list = map.get(r.work_id) ?? [];
    list.push(r);
    map.set(r.work_id, list);
  }
  return map;
}
