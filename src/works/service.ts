// Posting, editing, deleting, reading and listing works. Every function asks
// the authorization module first and returns read models, never raw rows.
import type { Context } from '../context.ts';
import { nowIso } from '../context.ts';
import type { Db, WorkRow } from '../db/schema.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { listingScope, requireEditWork, requireLogin, requireReadWork, type MaybeViewer, type Viewer, type WorkAccess } from '../authz/policy.ts';
import { listPseuds } from '../accounts/repository.ts';
import { findUserByLogin } from '../accounts/repository.ts';
import { findTagByName, namedTags, tagsOfWorks } from '../tags/repository.ts';
import { pageRows } from './page-rows.ts';
import { insertChapter } from '../chapters/repository.ts';
import { buildChapterRow } from '../chapters/body.ts';
import type { ChapterFields, WorkFields } from './input.ts';
import * as repo from './repository.ts';
import { accessOf, presentWork, type WorkView } from './present.ts';
import { richText } from './rich-text.ts';
import { adjustTaggingCounts, refreshWorkStats, writeWorkTags } from './write-time.ts';
import { afterWorkChange } from '../search/sync.ts';

export interface LoadedWork {
  row: WorkRow;
  access: WorkAccess;
  view: WorkView;
}

/** Loads a work the viewer may read, or throws NotFound / LoginRequired. */
export async function loadWork(ctx: Context, viewer: MaybeViewer, id: number): Promise<LoadedWork> {
  const row = Number.isSafeInteger(id) ? await repo.findWork(ctx.db, id) : undefined;
  if (!row) throw new NotFound('Work not found');
  const creators = (await repo.creatorsOf(ctx.db, [id])).get(id) ?? [];
  const access = accessOf(row, creators);
  requireReadWork(viewer, access);
  const tags = (await tagsOfWorks(ctx.db, [id])).get(id) ?? [];
  return { row, access, view: presentWork(viewer, row, creators, tags) };
}

/** Loads a work only its creators may change. */
export async function loadWorkForEdit(ctx: Context, viewer: MaybeViewer, id: number): Promise<LoadedWork> {
  const row = Number.isSafeInteger(id) ? await repo.findWork(ctx.db, id) : undefined;
  if (!row) throw new NotFound('Work not found');
  const creators = (await repo.creatorsOf(ctx.db, [id])).get(id) ?? [];
  const access = accessOf(row, creators);
  requireEditWork(viewer, access);
  const tags = (await tagsOfWorks(ctx.db, [id])).get(id) ?? [];
  return { row, access, view: presentWork(viewer, row, creators, tags) };
}

/** Only the viewer's own pseuds may be named as creators; anything else in the form is ignored. */
async function chooseOwnPseuds(ctx: Context, viewer: Viewer, requested: number[]): Promise<number[]> {
  const own = await listPseuds(ctx.db, viewer.id);
  const chosen = own.filter((p) => requested.includes(p.id)).map((p) => p.id);
  if (chosen.length > 0) return chosen;
  const fallback = own.find((p) => p.is_default === 1) ?? own[0];
  if (!fallback) throw new InvalidInput('Your account has no pseud to post under', 'pseud_ids');
  return [fallback.id];
}

function workColumns(fields: WorkFields) {
  return {
    title: fields.title,
    summary: richText(fields.summary),
    notes: richText(fields.notes),
    end_notes: richText(fields.endNotes),
    language: fields.language,
    expected_chapters: fields.expectedChapters,
    complete: fields.complete ? (1 as const) : (0 as const),
    restricted: fields.restricted ? (1 as const) : (0 as const),
    anonymous: fields.anonymous ? (1 as const) : (0 as const),
    status: fields.draft ? ('draft' as const) : ('posted' as const),
  };
}

export interface CreateWorkOptions {
  /** Runs inside the work's transaction right after its row is written, so what it writes stands or falls with the work. */
  inTransaction?: (trx: Db, workId: number) => Promise<void>;
}

export async function createWork(ctx: Context, viewer: MaybeViewer, fields: WorkFields, chapters: ChapterFields[], options: CreateWorkOptions = {}): Promise<number> {
  const v = requireLogin(viewer);
  if (chapters.length === 0) throw new InvalidInput('A work needs at least one chapter', 'body');
  const pseudIds = await chooseOwnPseuds(ctx, v, fields.pseudIds);
  const now = nowIso();
  const rendered = chapters.map((c) => buildChapterRow(c));
  return ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('works')
      .values({ ...workColumns(fields), words: 0, posted_chapters: 0, hidden: 0, published_at: null, updated_at: now, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('creatorships').values(pseudIds.map((pseud_id, position) => ({ work_id: id, pseud_id, position }))).execute();
    await options.inTransaction?.(trx, id);
    for (const [i, c] of rendered.entries()) await insertChapter(trx, id, i + 1, c, now);
    await writeWorkTags(trx, id, fields, now);
    await refreshWorkStats(trx, id, now, true);
    return id;
  });
}

export async function updateWork(ctx: Context, viewer: MaybeViewer, id: number, fields: WorkFields): Promise<void> {
  const { row } = await loadWorkForEdit(ctx, viewer, id);
  const v = requireLogin(viewer);
  const now = nowIso();
  const pseudIds = fields.pseudIds.length > 0 ? await chooseOwnPseuds(ctx, v, fields.pseudIds) : null;
  await ctx.db.transaction().execute(async (trx) => {
    const columns = workColumns(fields);
    // Once posted, a work cannot quietly go back to being a draft and lose its readers' links.
    if (row.status === 'posted') columns.status = 'posted';
    await trx.updateTable('works').set(columns).where('id', '=', id).execute();
    if (pseudIds) {
      await trx.deleteFrom('creatorships').where('work_id', '=', id).execute();
      await trx.insertInto('creatorships').values(pseudIds.map((pseud_id, position) => ({ work_id: id, pseud_id, position }))).execute();
    }
    await writeWorkTags(trx, id, fields, now);
    await refreshWorkStats(trx, id, now, true);
  });
}

export async function deleteWork(ctx: Context, viewer: MaybeViewer, id: number): Promise<void> {
  await loadWorkForEdit(ctx, viewer, id);
  await ctx.db.transaction().execute(async (trx) => {
    const tagIds = (await trx.selectFrom('work_tags').select('tag_id').where('work_id', '=', id).execute()).map((r) => r.tag_id);
    await adjustTaggingCounts(trx, tagIds, []);
    for (const table of ['work_filters', 'work_tags', 'chapters', 'creatorships'] as const) {
      await trx.deleteFrom(table).where('work_id', '=', id).execute();
    }
    await trx.deleteFrom('works').where('id', '=', id).execute();
    await afterWorkChange(trx, [id]);
  });
}

export interface ListRequest {
  tag?: string;
  user?: string;
  pseud?: string;
  page?: number;
}

export interface WorkList {
  works: WorkView[];
  total: number;
  page: number;
  pages: number;
  /** What the listing is narrowed to, for headings. */
  tagName?: string;
}

export async function listWorks(ctx: Context, viewer: MaybeViewer, req: ListRequest): Promise<WorkList> {
  const pageSize = ctx.config.pageSize;
  const page = req.page === undefined ? 1 : req.page;
  if (!Number.isInteger(page) || page < 1 || page > 100_000) throw new InvalidInput('Page must be a whole number from 1', 'page');
  const filter: repo.ListFilter = {};
  let tagName: string | undefined;
  let creatorUserId: number | undefined;
  if (req.tag !== undefined) {
    const tag = await findTagByName(ctx.db, req.tag);
    if (!tag) throw new NotFound(`No tag named "${req.tag}"`);
    const canonical = tag.merger_id ?? tag.id;
    filter.filterTagId = canonical;
    tagName = tag.name;
  }
  if (req.user !== undefined) {
    const user = await findUserByLogin(ctx.db, req.user);
    if (!user) throw new NotFound('No such user');
    creatorUserId = user.id;
    filter.creatorUserId = user.id;
    if (req.pseud !== undefined) {
      const pseud = (await listPseuds(ctx.db, user.id)).find((p) => p.name_key === req.pseud!.toLowerCase());
      if (!pseud) throw new NotFound('No such pseud');
      filter.creatorPseudId = pseud.id;
    }
  }
  const { ids, total } = await repo.listWorkIds(ctx.db, filter, listingScope(viewer, creatorUserId), { limit: pageSize, offset: (page - 1) * pageSize });
  return { works: await presentMany(ctx, viewer, ids), total, page, pages: Math.max(1, Math.ceil(total / pageSize)), tagName };
}

/** `meanwhile`: the caller has other work until it awaits this, and the rows may be read in another thread (see pageRows). */
export async function presentMany(ctx: Context, viewer: MaybeViewer, ids: number[], meanwhile = false): Promise<WorkView[]> {
  const rows = await pageRows(ctx.db, ctx.textReader, ids, meanwhile);
  const tags = await namedTags(ctx.db, rows.tags, ctx.search.index);
  return rows.works.map((r) => presentWork(viewer, r, rows.creators.get(r.id) ?? [], tags.get(r.id) ?? []));
}

export async function myDrafts(ctx: Context, viewer: MaybeViewer): Promise<WorkView[]> {
  const v = requireLogin(viewer);
  return presentMany(ctx, v, await repo.draftIdsOf(ctx.db, v.id));
}

/** Posts a draft work as it stands. */
export async function postDraft(ctx: Context, viewer: MaybeViewer, id: number): Promise<void> {
  const { row } = await loadWorkForEdit(ctx, viewer, id);
  if (row.status === 'posted') return;
  const now = nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('works').set({ status: 'posted' }).where('id', '=', id).execute();
    await refreshWorkStats(trx, id, now, true);
  });
}
