// Adding, editing, reordering and deleting chapters, and reading them.
// A chapter's number is its place among the chapters the viewer can see.
import type { Context } from '../context.ts';
import { nowIso } from '../context.ts';
import type { ChapterRow } from '../db/schema.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { canReadChapter, type MaybeViewer } from '../authz/policy.ts';
import { loadWork, loadWorkForEdit, type LoadedWork } from '../works/service.ts';
import { refreshWorkStats } from '../works/write-time.ts';
import { afterWorkChange } from '../search/sync.ts';
import type { ChapterFields } from '../works/input.ts';
import { buildChapterRow } from './body.ts';
import * as repo from './repository.ts';

export interface ChapterView {
  id: number;
  number: number;
  title: string;
  summaryHtml: string;
  notesHtml: string;
  endNotesHtml: string;
  html: string;
  words: number;
  draft: boolean;
  publishedAt: string | null;
}

function present(row: ChapterRow, number: number): ChapterView {
  return {
    id: row.id,
    number,
    title: row.title,
    summaryHtml: row.summary,
    notesHtml: row.notes,
    endNotesHtml: row.end_notes,
    html: row.body_html,
    words: row.words,
    draft: row.status === 'draft',
    publishedAt: row.published_at,
  };
}

/** The chapters this viewer may read, numbered 1..n in order. */
export async function readableChapters(ctx: Context, viewer: MaybeViewer, work: LoadedWork): Promise<ChapterView[]> {
  const rows = await repo.chaptersOf(ctx.db, work.row.id);
  return rows.filter((c) => canReadChapter(viewer, work.access, c)).map((c, i) => present(c, i + 1));
}

export async function readChapter(ctx: Context, viewer: MaybeViewer, workId: number, number: number) {
  const work = await loadWork(ctx, viewer, workId);
  const chapters = await readableChapters(ctx, viewer, work);
  const chapter = chapters[number - 1];
  if (!Number.isInteger(number) || !chapter) throw new NotFound('Chapter not found');
  return { work, chapters, chapter };
}

export async function addChapter(ctx: Context, viewer: MaybeViewer, workId: number, fields: ChapterFields): Promise<number> {
  await loadWorkForEdit(ctx, viewer, workId);
  const content = buildChapterRow(fields);
  const now = nowIso();
  return ctx.db.transaction().execute(async (trx) => {
    const outline = await repo.chapterOutline(trx, workId);
    const id = await repo.insertChapter(trx, workId, outline.length + 1, content, now);
    await refreshWorkStats(trx, workId, now, !fields.draft);
    return id;
  });
}

async function ownChapter(ctx: Context, viewer: MaybeViewer, workId: number, chapterId: number): Promise<ChapterRow> {
  await loadWorkForEdit(ctx, viewer, workId);
  const chapter = (await repo.chaptersOf(ctx.db, workId)).find((c) => c.id === chapterId);
  if (!chapter) throw new NotFound('Chapter not found');
  return chapter;
}

export async function chapterForEdit(ctx: Context, viewer: MaybeViewer, workId: number, chapterId: number): Promise<ChapterRow> {
  return ownChapter(ctx, viewer, workId, chapterId);
}

export async function updateChapter(ctx: Context, viewer: MaybeViewer, workId: number, chapterId: number, fields: ChapterFields): Promise<void> {
  const old = await ownChapter(ctx, viewer, workId, chapterId);
  const content = buildChapterRow(fields);
  const now = nowIso();
  const publishedAt = content.status === 'posted' ? (old.published_at ?? now) : old.published_at;
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateChapterRow(trx, chapterId, content, publishedAt, now);
    await refreshWorkStats(trx, workId, now, content.status === 'posted');
  });
}

export async function deleteChapter(ctx: Context, viewer: MaybeViewer, workId: number, chapterId: number): Promise<void> {
  await ownChapter(ctx, viewer, workId, chapterId);
  const now = nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    const outline = await repo.chapterOutline(trx, workId);
    if (outline.length <= 1) throw new InvalidInput('A work needs at least one chapter; delete the work instead', 'chapter');
    await trx.deleteFrom('chapters').where('id', '=', chapterId).execute();
    await repo.setPositions(trx, workId, outline.filter((c) => c.id !== chapterId).map((c) => c.id));
    await refreshWorkStats(trx, workId, now, false);
  });
}

/** `orderedIds` must name every chapter of the work exactly once. */
export async function reorderChapters(ctx: Context, viewer: MaybeViewer, workId: number, orderedIds: number[]): Promise<void> {
  await loadWorkForEdit(ctx, viewer, workId);
  await ctx.db.transaction().execute(async (trx) => {
    const outline = await repo.chapterOutline(trx, workId);
    const known = new Set(outline.map((c) => c.id));
    if (orderedIds.length !== outline.length || new Set(orderedIds).size !== orderedIds.length || !orderedIds.every((id) => known.has(id))) {
      throw new InvalidInput('The new order must list every chapter of this work once', 'order');
    }
    await repo.setPositions(trx, workId, orderedIds);
    await afterWorkChange(trx, [workId]);
  });
}

export async function chapterOutlineForEdit(ctx: Context, viewer: MaybeViewer, workId: number) {
  const work = await loadWorkForEdit(ctx, viewer, workId);
  return { work, chapters: await repo.chapterOutline(ctx.db, workId) };
}
