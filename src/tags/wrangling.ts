// Wrangling: make canonical, merge synonyms, unmerge, meta/sub tags, parents.
// Each action checks the wrangler role first, changes the graph in one
// transaction, writes the audit log and schedules the affected works' filters.
import type { Context } from '../context.ts';
import { nowIso } from '../context.ts';
import type { Db, TagKind, TagRow } from '../db/schema.ts';
import { Conflict, InvalidInput, NotFound } from '../errors.ts';
import { requireRole, type MaybeViewer } from '../authz/policy.ts';
import { KIND_LABELS, findTagByName } from './repository.ts';
import { metaAncestors } from './filters.ts';
import { noteTagChanged } from '../search/sync.ts';
import { scheduleRecompute, type Scheduled } from './jobs.ts';
import { normalizeTagName, tagKey, validateTagName } from './names.ts';

export const WRANGLABLE_KINDS: TagKind[] = ['fandom', 'relationship', 'character', 'freeform'];
const FIXED: ReadonlySet<TagKind> = new Set(['rating', 'warning', 'category', 'media']);

export interface Actor {
  viewer: MaybeViewer;
  name: string;
}

export interface Change {
  tag: string;
  action: string;
  detail: string;
  recompute?: Scheduled;
}

async function audit(db: Db, actor: Actor, change: Change, now: string): Promise<void> {
  await db
    .insertInto('wrangling_audit')
    .values({ user_id: actor.viewer?.id && actor.viewer.id > 0 ? actor.viewer.id : null, actor: actor.name, action: change.action, tag_name: change.tag, detail: change.detail, created_at: now })
    .execute();
}

async function mustFind(db: Db, name: string): Promise<TagRow> {
  const tag = await findTagByName(db, name);
  if (!tag) throw new NotFound(`No tag named "${normalizeTagName(name)}"`);
  return tag;
}

function parseKind(kind: string): TagKind {
  const k = kind.toLowerCase().replace(/s$/, '') as TagKind;
  if (!WRANGLABLE_KINDS.includes(k)) throw new InvalidInput(`Kind must be one of ${WRANGLABLE_KINDS.join(', ')}; got "${kind}"`, 'kind');
  return k;
}

async function inTransaction(ctx: Context, actor: Actor, work: (db: Db, now: string) => Promise<Change[]>): Promise<Change[]> {
  requireRole(actor.viewer, 'wrangler');
  const now = nowIso();
  const run = async (trx: Db) => {
    const changes = await work(trx, now);
    for (const c of changes) await audit(trx, actor, c, now);
    return changes;
  };
  // Inside a caller's transaction (a bulk request), join it so all tags change or none.
  return ctx.db.isTransaction ? run(ctx.db) : ctx.db.transaction().execute(run);
}

/** Marks tags canonical, creating them with `kind` if missing, or changing an unwrangled tag's kind. */
export function makeCanonical(ctx: Context, actor: Actor, names: string[], kind?: string): Promise<Change[]> {
  const wantKind = kind === undefined ? undefined : parseKind(kind);
  return inTransaction(ctx, actor, async (db, now) => {
    const changes: Change[] = [];
    for (const raw of names) {
      const name = validateTagName(raw, 'name');
      let tag = await findTagByName(db, name);
      if (!tag) {
        if (!wantKind) throw new NotFound(`No tag named "${name}" (give --kind to create it)`);
        tag = await db.insertInto('tags').values({ name, name_key: tagKey(name), kind: wantKind, canonical: 1, merger_id: null, created_at: now }).returningAll().executeTakeFirstOrThrow();
        changes.push({ tag: tag.name, action: 'create_canonical', detail: `created as a canonical ${KIND_LABELS[wantKind]}` });
        continue;
      }
      if (FIXED.has(tag.kind)) throw new InvalidInput(`"${tag.name}" is a fixed ${KIND_LABELS[tag.kind]} tag and cannot be wrangled`, 'name');
      if (tag.merger_id !== null) {
        const merger = await db.selectFrom('tags').select('name').where('id', '=', tag.merger_id).executeTakeFirstOrThrow();
        throw new Conflict(`"${tag.name}" is a synonym of "${merger.name}"; unmerge it first`);
      }
      const details: string[] = [];
      if (wantKind && wantKind !== tag.kind) {
        if (tag.canonical) throw new Conflict(`"${tag.name}" is already a canonical ${KIND_LABELS[tag.kind]}; its kind cannot change`);
        await db.updateTable('tags').set({ kind: wantKind }).where('id', '=', tag.id).execute();
        details.push(`kind ${KIND_LABELS[tag.kind]} → ${KIND_LABELS[wantKind]}`);
      }
      if (!tag.canonical) {
        await db.updateTable('tags').set({ canonical: 1 }).where('id', '=', tag.id).execute();
        details.push('made canonical');
      }
      if (details.length > 0) await noteTagChanged(db, tag.id);
      changes.push({ tag: tag.name, action: 'canonical', detail: details.length > 0 ? details.join('; ') : 'already canonical, nothing changed' });
    }
    return changes;
  });
}

/** Makes each tag a synonym of `into`: their works then filter under `into`. */
export function mergeTags(ctx: Context, actor: Actor, names: string[], intoName: string): Promise<Change[]> {
  return inTransaction(ctx, actor, async (db, now) => {
    const into = await mustFind(db, intoName);
    if (!into.canonical) throw new InvalidInput(`"${into.name}" is not canonical; only a canonical tag can have synonyms`, 'into');
    const changes: Change[] = [];
    for (const name of names) {
      const tag = await mustFind(db, name);
      if (tag.id === into.id) throw new InvalidInput(`"${tag.name}" cannot be merged into itself`, 'name');
      if (tag.kind !== into.kind) throw new InvalidInput(`"${tag.name}" is a ${KIND_LABELS[tag.kind]} and "${into.name}" a ${KIND_LABELS[into.kind]}: only tags of one kind can be merged`, 'name');
      if (tag.merger_id === into.id) {
        changes.push({ tag: tag.name, action: 'merge', detail: `already a synonym of ${into.name}` });
        continue;
      }
      if (tag.canonical) {
        const synonyms = await db.selectFrom('tags').select('name').where('merger_id', '=', tag.id).limit(1).execute();
        const edges = await db.selectFrom('meta_taggings').select('meta_id').where((eb) => eb.or([eb('meta_id', '=', tag.id), eb('sub_id', '=', tag.id)])).limit(1).execute();
        if (synonyms.length > 0 || edges.length > 0) throw new Conflict(`"${tag.name}" has synonyms or meta/sub tags of its own; move them before merging it`);
      }
      await db.updateTable('tags').set({ merger_id: into.id, canonical: 0 }).where('id', '=', tag.id).execute();
      // Searches resolve a synonym's name to its canonical in every process's index (search/bitmap-index.ts heldTagIds).
      await noteTagChanged(db, tag.id);
      const recompute = await scheduleRecompute(db, `merge ${tag.name} into ${into.name}`, 'tagged', [tag.id], now, ctx.config.filterInlineLimit);
      changes.push({ tag: tag.name, action: 'merge', detail: `synonym of ${into.name}`, recompute });
    }
    return changes;
  });
}

export function unmergeTags(ctx: Context, actor: Actor, names: string[]): Promise<Change[]> {
  return inTransaction(ctx, actor, async (db, now) => {
    const changes: Change[] = [];
    for (const name of names) {
      const tag = await mustFind(db, name);
      if (tag.merger_id === null) throw new InvalidInput(`"${tag.name}" is not a synonym`, 'name');
      const merger = await db.selectFrom('tags').select('name').where('id', '=', tag.merger_id).executeTakeFirstOrThrow();
      await db.updateTable('tags').set({ merger_id: null }).where('id', '=', tag.id).execute();
      await noteTagChanged(db, tag.id);
      const recompute = await scheduleRecompute(db, `unmerge ${tag.name}`, 'tagged', [tag.id], now, ctx.config.filterInlineLimit);
      changes.push({ tag: tag.name, action: 'unmerge', detail: `no longer a synonym of ${merger.name}`, recompute });
    }
    return changes;
  });
}

export function addMeta(ctx: Context, actor: Actor, subName: string, metaName: string): Promise<Change[]> {
  return inTransaction(ctx, actor, async (db, now) => {
    const sub = await mustFind(db, subName);
    const meta = await mustFind(db, metaName);
    if (!sub.canonical || !meta.canonical) throw new InvalidInput('Meta and sub tags must both be canonical', 'meta');
    if (sub.kind !== meta.kind) throw new InvalidInput(`A ${KIND_LABELS[sub.kind]} can only have a ${KIND_LABELS[sub.kind]} as its meta tag`, 'meta');
    if (sub.id === meta.id) throw new InvalidInput('A tag cannot be its own meta tag', 'meta');
    const aboveMeta = (await metaAncestors(db, [meta.id])).get(meta.id)!;
    if (aboveMeta.has(sub.id)) throw new Conflict(`"${sub.name}" is already above "${meta.name}": that meta tag would make a cycle`);
    const exists = await db.selectFrom('meta_taggings').select('sub_id').where('meta_id', '=', meta.id).where('sub_id', '=', sub.id).executeTakeFirst();
    if (exists) return [{ tag: sub.name, action: 'add_meta', detail: `already under ${meta.name}` }];
    await db.insertInto('meta_taggings').values({ meta_id: meta.id, sub_id: sub.id }).execute();
    const recompute = await scheduleRecompute(db, `${sub.name} under ${meta.name}`, 'filtered', [sub.id], now, ctx.config.filterInlineLimit);
    return [{ tag: sub.name, action: 'add_meta', detail: `meta tag ${meta.name}`, recompute }];
  });
}

export function removeMeta(ctx: Context, actor: Actor, subName: string, metaName: string): Promise<Change[]> {
  return inTransaction(ctx, actor, async (db, now) => {
    const sub = await mustFind(db, subName);
    const meta = await mustFind(db, metaName);
    const res = await db.deleteFrom('meta_taggings').where('meta_id', '=', meta.id).where('sub_id', '=', sub.id).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw new InvalidInput(`"${meta.name}" is not a meta tag of "${sub.name}"`, 'meta');
    const recompute = await scheduleRecompute(db, `${sub.name} no longer under ${meta.name}`, 'filtered', [sub.id], now, ctx.config.filterInlineLimit);
    return [{ tag: sub.name, action: 'remove_meta', detail: `meta tag ${meta.name} removed`, recompute }];
  });
}

/** Parents organise tags (fandoms of a character, media of a fandom); they do not change filters. */
export function addParent(ctx: Context, actor: Actor, childName: string, parentName: string, remove = false): Promise<Change[]> {
  return inTransaction(ctx, actor, async (db) => {
    const child = await mustFind(db, childName);
    const parent = await mustFind(db, parentName);
    const wantParent: TagKind | undefined = child.kind === 'fandom' ? 'media' : ['character', 'relationship', 'freeform'].includes(child.kind) ? 'fandom' : undefined;
    if (!wantParent) throw new InvalidInput(`A ${KIND_LABELS[child.kind]} tag has no parents`, 'parent');
    if (parent.kind !== wantParent) throw new InvalidInput(`The parent of a ${KIND_LABELS[child.kind]} must be a ${KIND_LABELS[wantParent]}, and "${parent.name}" is a ${KIND_LABELS[parent.kind]}`, 'parent');
    if (remove) {
      const res = await db.deleteFrom('tag_parents').where('parent_id', '=', parent.id).where('child_id', '=', child.id).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) throw new InvalidInput(`"${parent.name}" is not a parent of "${child.name}"`, 'parent');
      return [{ tag: child.name, action: 'remove_parent', detail: `parent ${parent.name} removed` }];
    }
    const exists = await db.selectFrom('tag_parents').select('child_id').where('parent_id', '=', parent.id).where('child_id', '=', child.id).executeTakeFirst();
    if (!exists) await db.insertInto('tag_parents').values({ parent_id: parent.id, child_id: child.id }).execute();
    return [{ tag: child.name, action: 'add_parent', detail: exists ? `already under ${parent.name}` : `parent ${parent.name}` }];
  });
}

export async function assignWrangler(ctx: Context, viewer: MaybeViewer, login: string, fandomName: string, remove = false): Promise<void> {
  requireRole(viewer, 'admin');
  const user = await ctx.db.selectFrom('users').select(['id', 'role']).where('login_key', '=', login.toLowerCase()).executeTakeFirst();
  if (!user) throw new NotFound(`No user named "${login}"`);
  const fandom = await mustFind(ctx.db, fandomName);
  if (fandom.kind !== 'fandom') throw new InvalidInput(`"${fandom.name}" is not a fandom`, 'fandom');
  // A synonym's tags are wrangled under its canonical, so that is the fandom to assign.
  if (!remove && fandom.merger_id !== null) throw new InvalidInput(`"${fandom.name}" is a synonym: assign its canonical fandom instead`, 'fandom');
  if (remove) {
    await ctx.db.deleteFrom('wrangler_assignments').where('user_id', '=', user.id).where('fandom_id', '=', fandom.id).execute();
    return;
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (user.role === 'user') await trx.updateTable('users').set({ role: 'wrangler' }).where('id', '=', user.id).execute();
    const exists = await trx.selectFrom('wrangler_assignments').select('user_id').where('user_id', '=', user.id).where('fandom_id', '=', fandom.id).executeTakeFirst();
    if (!exists) await trx.insertInto('wrangler_assignments').values({ user_id: user.id, fandom_id: fandom.id }).execute();
  });
}
