import { sql } from 'kysely';
import type { DialectName } from '../db/connect.ts';
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

/**
 * The canonical id (the tag's merger, else its own) of each tag key found. The keys go in as one
 * array parameter, so the statement's text is the same however many there are: an exclusion list
 * of 500 names as 500 placeholders took ~5 ms on SQLite at 2.3M tags, ~1.4 ms this way.
 */
export async function canonicalIdsByKeys(db: Db, dialect: DialectName, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const list = dialect === 'sqlite' ? sql<string>`(select value from json_each(${JSON.stringify(keys)}))` : sql<string>`(select unnest(${keys}::text[]))`;
  const rows = await db.selectFrom('tags').select(['id', 'merger_id', 'name_key']).where('name_key', 'in', list).execute();
  return new Map(rows.map((t) => [t.name_key, t.merger_id ?? t.id]));
}

export interface WorkTag {
  work_id: number;
  name: string;
  kind: TagKind;
}

/**
 * Names and kinds of tags held in memory (the search index's, kept current from the change log;
 * names never change): a page of 20 works has ~240 tags, and looking each up in a table of
 * millions is most of the time it takes to read them.
 */
export interface KnownTags {
  knownTag(id: number): { name: string; kind: TagKind } | undefined;
}

/** Every tag of the given works, in the order the writer gave them; tags `known` lacks are read from the table. */
export async function tagsOfWorks(db: Db, workIds: number[], known?: KnownTags): Promise<Map<number, WorkTag[]>> {
  return namedTags(db, await workTagPairs(db, workIds), known);
}

/** The query workTagPairs runs (also run as a prepared statement, see works/page-rows.ts). */
export const workTagPairsQuery = (db: Db, workIds: number[]) =>
  db.selectFrom('work_tags').select(['work_id', 'tag_id']).where('work_id', 'in', workIds).orderBy('work_id').orderBy('position');

/**
 * The works' tags by id, in pairs (work id, tag id), each work's in the order the writer gave
 * them: ~240 for a page, which as plain numbers cross to another thread in ~0.01 ms, and as
 * objects in ~0.12 (works/page-rows.ts).
 */
export async function workTagPairs(db: Db, workIds: number[]): Promise<Uint32Array> {
  if (workIds.length === 0) return new Uint32Array(0);
  const rows = await workTagPairsQuery(db, workIds).execute();
  const pairs = new Uint32Array(rows.length * 2);
  rows.forEach((r, i) => {
    pairs[2 * i] = r.work_id;
    pairs[2 * i + 1] = r.tag_id;
  });
  return pairs;
}

export type TagNames = Map<number, { name: string; kind: TagKind }>;

/** Names and kinds of these tags into `into`, 500 ids a query. */
async function readTagNames(db: Db, ids: number[], into: TagNames): Promise<TagNames> {
  for (let i = 0; i < ids.length; i += 500) {
    for (const t of await db.selectFrom('tags').select(['id', 'name', 'kind']).where('id', 'in', ids.slice(i, i + 500)).execute()) into.set(t.id, { name: t.name, kind: t.kind });
  }
  return into;
}

/** The tags of `pairs` (see workTagPairs) with their names and kinds, by work: from `known` where it has them, else from the table. */
export async function namedTags(db: Db, pairs: Uint32Array, known?: KnownTags): Promise<Map<number, WorkTag[]>> {
  const map = new Map<number, WorkTag[]>();
  const found: TagNames = new Map();
  const missing = new Set<number>();
  for (let i = 1; i < pairs.length; i += 2) {
    const tag = known?.knownTag(pairs[i]!);
    if (tag) found.set(pairs[i]!, tag);
    else missing.add(pairs[i]!);
  }
  await readTagNames(db, [...missing], found);
  for (let i = 0; i < pairs.length; i += 2) {
    const tag = found.get(pairs[i + 1]!);
    if (!tag) continue;
    const workId = pairs[i]!;
    const list = map.get(workId) ?? [];
    list.push({ work_id: workId, name: tag.name, kind: tag.kind });
    map.set(workId, list);
  }
  return map;
}
