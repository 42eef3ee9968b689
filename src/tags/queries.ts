// Read side of tags: tag pages, fandom pages, autocomplete, wrangling lists.
import type { Context } from '../context.ts';
import type { Db, TagKind, TagRow } from '../db/schema.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { listingScope, requireRole, type MaybeViewer } from '../authz/policy.ts';
import { findTagByName } from './repository.ts';
import { normalizeTagName, tagKey } from './names.ts';
import { WRANGLABLE_KINDS } from './wrangling.ts';

export interface TagRef {
  name: string;
  kind: TagKind;
  canonical: boolean;
}
const ref = (t: Pick<TagRow, 'name' | 'kind' | 'canonical'>): TagRef => ({ name: t.name, kind: t.kind, canonical: t.canonical === 1 });

export interface TagDetails {
  tag: TagRef;
  mergerName: string | null;
  synonyms: TagRef[];
  meta: TagRef[];
  sub: TagRef[];
  parents: TagRef[];
  children: TagRef[];
  works: number;
}

/** How many works this viewer may see whose filters hold the tag. */
export async function visibleWorkCount(db: Db, viewer: MaybeViewer, tagId: number): Promise<number> {
  const scope = listingScope(viewer);
  let q = db
    .selectFrom('work_filters')
    .innerJoin('works', 'works.id', 'work_filters.work_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('work_filters.tag_id', '=', tagId)
    .where('works.status', '=', 'posted')
    .where('works.hidden', '=', 0);
  if (!scope.includeRestricted) q = q.where('works.restricted', '=', 0);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function tagDetails(ctx: Context, viewer: MaybeViewer, name: string): Promise<TagDetails> {
  const tag = await findTagByName(ctx.db, name);
  if (!tag) throw new NotFound(`No tag named "${normalizeTagName(name)}"`);
  const db = ctx.db;
  const merger = tag.merger_id === null ? undefined : await db.selectFrom('tags').selectAll().where('id', '=', tag.merger_id).executeTakeFirst();
  const byIds = async (ids: number[]) => (ids.length === 0 ? [] : (await db.selectFrom('tags').selectAll().where('id', 'in', ids).orderBy('name_key').execute()).map(ref));
  const synonyms = (await db.selectFrom('tags').selectAll().where('merger_id', '=', tag.id).orderBy('name_key').execute()).map(ref);
  const meta = await byIds((await db.selectFrom('meta_taggings').select('meta_id').where('sub_id', '=', tag.id).execute()).map((r) => r.meta_id));
  const sub = await byIds((await db.selectFrom('meta_taggings').select('sub_id').where('meta_id', '=', tag.id).execute()).map((r) => r.sub_id));
  const parents = await byIds((await db.selectFrom('tag_parents').select('parent_id').where('child_id', '=', tag.id).execute()).map((r) => r.parent_id));
  const children = (
    await db
      .selectFrom('tag_parents')
      .innerJoin('tags', 'tags.id', 'tag_parents.child_id')
      .selectAll('tags')
      .where('tag_parents.parent_id', '=', tag.id)
      .where('tags.canonical', '=', 1)
      .orderBy('tags.name_key')
      .limit(500)
      .execute()
  ).map(ref);
  return {
    tag: ref(tag),
    mergerName: merger?.name ?? null,
    synonyms,
    meta,
    sub,
    parents,
    children,
    works: await visibleWorkCount(db, viewer, merger?.id ?? tag.id),
  };
}

export interface TagCount {
  name: string;
  count: number;
}

/** The most used tags of each kind among the works (visible to the viewer) that filter under `fandom`. */
export async function fandomTopTags(ctx: Context, viewer: MaybeViewer, fandomName: string, limit = 10): Promise<Record<'character' | 'relationship' | 'freeform', TagCount[]>> {
  const fandom = await findTagByName(ctx.db, fandomName);
  if (!fandom) throw new NotFound(`No tag named "${fandomName}"`);
  const fandomId = fandom.merger_id ?? fandom.id;
  const scope = listingScope(viewer);
  const out = { character: [] as TagCount[], relationship: [] as TagCount[], freeform: [] as TagCount[] };
  for (const kind of ['character', 'relationship', 'freeform'] as const) {
    let q = ctx.db
      .selectFrom('work_filters as f')
      .innerJoin('tags', 'tags.id', 'f.tag_id')
      .innerJoin('work_filters as in_fandom', (j) => j.onRef('in_fandom.work_id', '=', 'f.work_id').on('in_fandom.tag_id', '=', fandomId))
      .innerJoin('works', 'works.id', 'f.work_id')
      .select(['tags.name', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tags.kind', '=', kind)
      .where('works.status', '=', 'posted')
      .where('works.hidden', '=', 0);
    if (!scope.includeRestricted) q = q.where('works.restricted', '=', 0);
    const rows = await q.groupBy('tags.name').orderBy('n', 'desc').orderBy('tags.name').limit(limit).execute();
    out[kind] = rows.map((r) => ({ name: r.name, count: Number(r.n) }));
  }
  return out;
}

export interface Suggestion {
  name: string;
  kind: TagKind;
  canonical: boolean;
}

/**
 * Prefix autocomplete: canonical tags first (those under the chosen fandoms
 * before the rest), then unwrangled ones. Each step is an index range scan on
 * (canonical, name_key, kind, merger_id) with a limit, the kind checked in the
 * index, so it stays fast at a million tags (bench/autocomplete.ts).
 */
export async function autocomplete(db: Db, prefixRaw: string, opts: { kind?: string; fandoms?: string[]; limit?: number } = {}): Promise<Suggestion[]> {
  const prefix = tagKey(prefixRaw);
  if (prefix === '') return [];
  if (prefix.length > 150) throw new InvalidInput('The prefix is too long', 'prefix');
  const limit = Math.min(opts.limit ?? 10, 50);
  let kind: TagKind | undefined;
  if (opts.kind !== undefined && opts.kind !== '') {
    const k = opts.kind.toLowerCase().replace(/s$/, '') as TagKind;
    if (![...WRANGLABLE_KINDS, 'rating', 'warning', 'category', 'media'].includes(k)) throw new InvalidInput(`Unknown tag kind "${opts.kind}"`, 'kind');
    kind = k;
  }
  const upper = prefix + '\u{10FFFF}';
  const base = (canonical: 0 | 1) => {
    let q = db.selectFrom('tags').select(['tags.id', 'tags.name', 'tags.kind', 'tags.canonical']).where('tags.canonical', '=', canonical).where('tags.name_key', '>=', prefix).where('tags.name_key', '<', upper);
    if (kind) q = q.where('tags.kind', '=', kind);
    return q;
  };
  const results: Suggestion[] = [];
  const seen = new Set<number>();
  const add = (rows: { id: number; name: string; kind: TagKind; canonical: number }[]) => {
    for (const r of rows) {
      if (results.length >= limit || seen.has(r.id)) continue;
      seen.add(r.id);
      results.push({ name: r.name, kind: r.kind, canonical: r.canonical === 1 });
    }
  };
  const fandomKeys = (opts.fandoms ?? []).map(tagKey).filter((k) => k !== '');
  if (fandomKeys.length > 0 && (kind === 'character' || kind === 'relationship' || kind === 'freeform')) {
    // The fandoms' ids first, so that each candidate costs one probe of tag_parents' primary key.
    const fandomIds = (await db.selectFrom('tags').select('id').where('name_key', 'in', fandomKeys).execute()).map((r) => r.id);
    if (fandomIds.length > 0) {
      const scoped = await base(1)
        .where((eb) => eb.exists(eb.selectFrom('tag_parents').select('tag_parents.child_id').whereRef('tag_parents.child_id', '=', 'tags.id').where('tag_parents.parent_id', 'in', fandomIds)))
        .orderBy('tags.name_key')
        .limit(limit)
        .execute();
      add(scoped);
    }
  }
  if (results.length < limit) add(await base(1).orderBy('tags.name_key').limit(limit).execute());
  if (results.length < limit) add(await base(0).where('tags.merger_id', 'is', null).orderBy('tags.name_key').limit(limit).execute());
  return results;
}

export interface UnwrangledTag {
  name: string;
  kind: TagKind;
  works: number;
}

/** Tags used on works in a fandom that nobody has wrangled yet, most used first. */
export async function unwrangledInFandom(ctx: Context, viewer: MaybeViewer, fandomName: string, limit = 200): Promise<UnwrangledTag[]> {
  requireRole(viewer, 'wrangler');
  const fandom = await findTagByName(ctx.db, fandomName);
  if (!fandom) throw new NotFound(`No tag named "${fandomName}"`);
  const fandomId = fandom.merger_id ?? fandom.id;
  const rows = await ctx.db
    .selectFrom('work_tags')
    .innerJoin('tags', 'tags.id', 'work_tags.tag_id')
    .innerJoin('work_filters', (j) => j.onRef('work_filters.work_id', '=', 'work_tags.work_id').on('work_filters.tag_id', '=', fandomId))
    .select(['tags.name', 'tags.kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tags.canonical', '=', 0)
    .where('tags.merger_id', 'is', null)
    .where('tags.kind', 'in', ['character', 'relationship', 'freeform', 'fandom'])
    .groupBy(['tags.name', 'tags.kind'])
    .orderBy('n', 'desc')
    .orderBy('tags.name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ name: r.name, kind: r.kind, works: Number(r.n) }));
}

export async function auditLog(ctx: Context, viewer: MaybeViewer, limit = 100) {
  requireRole(viewer, 'wrangler');
  return ctx.db.selectFrom('wrangling_audit').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export async function wranglerFandoms(ctx: Context, viewer: MaybeViewer) {
  const v = requireRole(viewer, 'wrangler');
  const mine = await ctx.db
    .selectFrom('wrangler_assignments')
    .innerJoin('tags', 'tags.id', 'wrangler_assignments.fandom_id')
    .select(['tags.name'])
    .where('wrangler_assignments.user_id', '=', v.id)
    .orderBy('tags.name_key')
    .execute();
  const all = await ctx.db.selectFrom('tags').select(['name', 'taggings_count']).where('kind', '=', 'fandom').where('merger_id', 'is', null).orderBy('taggings_count', 'desc').limit(200).execute();
  const assignments = await ctx.db
    .selectFrom('wrangler_assignments')
    .innerJoin('tags', 'tags.id', 'wrangler_assignments.fandom_id')
    .innerJoin('users', 'users.id', 'wrangler_assignments.user_id')
    .select(['users.login', 'tags.name'])
    .orderBy('tags.name_key')
    .execute();
  return { mine: mine.map((r) => r.name), all: all.map((r) => ({ name: r.name, uses: r.taggings_count })), assignments };
}

