// JSON API v1 for works: the same services as the pages, with explicit response shapes (never raw rows).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { addChapter, readableChapters, readChapter, type ChapterView } from '../chapters/service.ts';
import { parseChapterFields, parseWorkFields } from './input.ts';
import { authorNames, type WorkView } from './present.ts';
import * as works from './service.ts';
import { parseSearchQuery } from '../search/query.ts';
import { searchWorks, type SearchResult } from '../search/service.ts';
import { workId } from './routes.tsx';
import * as schemas from '../api/schemas/works.ts';

export function workJson(w: WorkView) {
  return {
    id: w.id,
    title: w.title,
    summary: w.summaryHtml,
    notes: w.notesHtml,
    end_notes: w.endNotesHtml,
    rating: w.rating,
    warnings: w.warnings,
    categories: w.categories,
    fandoms: w.fandoms,
    relationships: w.relationships,
    characters: w.characters,
    tags: w.freeforms,
    language: w.language,
    words: w.words,
    chapter_count: w.postedChapters,
    expected_chapters: w.expectedChapters,
    complete: w.complete,
    restricted: w.restricted,
    authors: authorNames(w),
    published_at: w.publishedAt,
    updated_at: w.updatedAt,
  };
}

/** One page of a listing, as /api/v1/works and /api/v1/users/:login/works answer it. */
export function workPageJson(result: SearchResult) {
  return {
    works: result.works.map((w) => ({ ...workJson(w), ...(w.snippetHtml ? { snippet: w.snippetHtml } : {}) })),
    total: result.total,
    next_cursor: result.nextCursor,
    page: result.page,
    pages: result.pages,
    next_page: result.page > 0 && result.page < result.pages ? result.page + 1 : null,
    ...(result.facets ? { facets: result.facets } : {}),
  };
}

const chapterSummary = (c: ChapterView) => ({ id: c.id, position: c.number, title: c.title, words: c.words });

export function workApiRoutes(app: FastifyInstance, ctx: Context): void {
  const str = (request: FastifyRequest, key: string): string | undefined => {
    const v = (request.query as Record<string, unknown>)[key];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };

  app.get('/api/v1/works', { schema: schemas.listWorks }, async (request) => {
    const query = parseSearchQuery(request.query as Record<string, unknown>);
    return workPageJson(await searchWorks(ctx, request.viewer, query, { user: str(request, 'user'), pseud: str(request, 'pseud') }));
  });

  app.get('/api/v1/works/:id', { schema: schemas.getWork }, async (request) => {
    const work = await works.loadWork(ctx, request.viewer, workId(request));
    const chapters = await readableChapters(ctx, request.viewer, work);
    return { ...workJson(work.view), chapters: chapters.map(chapterSummary) };
  });

  // Writes: the same parsing and services as the posting form. JSON arrays or comma-separated strings are both accepted for tags.
  app.post('/api/v1/works', { schema: schemas.postWork }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const chapters = Array.isArray(body.chapters) ? body.chapters : [{ title: body.chapter_title, body: body.body, format: body.format }];
    const id = await works.createWork(ctx, request.viewer, parseWorkFields(body), chapters.map((c) => parseChapterFields((c ?? {}) as Record<string, unknown>)));
    const work = await works.loadWork(ctx, request.viewer, id);
    return reply.code(201).send({ ...workJson(work.view), chapters: (await readableChapters(ctx, request.viewer, work)).map(chapterSummary) });
  });

  app.put('/api/v1/works/:id', { schema: schemas.editWork }, async (request) => {
    const id = workId(request);
    await works.updateWork(ctx, request.viewer, id, parseWorkFields((request.body ?? {}) as Record<string, unknown>));
    const work = await works.loadWork(ctx, request.viewer, id);
    return { ...workJson(work.view), chapters: (await readableChapters(ctx, request.viewer, work)).map(chapterSummary) };
  });

  app.delete('/api/v1/works/:id', { schema: schemas.deleteWork }, async (request, reply) => {
    await works.deleteWork(ctx, request.viewer, workId(request));
    return reply.code(204).send();
  });

  app.post('/api/v1/works/:id/chapters', { schema: schemas.addChapter }, async (request, reply) => {
    const id = workId(request);
    await addChapter(ctx, request.viewer, id, parseChapterFields((request.body ?? {}) as Record<string, unknown>));
    const work = await works.loadWork(ctx, request.viewer, id);
    return reply.code(201).send({ chapters: (await readableChapters(ctx, request.viewer, work)).map(chapterSummary) });
  });

  app.get('/api/v1/works/:id/chapters/:position', { schema: schemas.getChapter }, async (request) => {
    const raw = String((request.params as { position: unknown }).position);
    const position = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    const { chapter } = await readChapter(ctx, request.viewer, workId(request), position);
    return {
      ...chapterSummary(chapter),
      summary: chapter.summaryHtml,
      notes: chapter.notesHtml,
      end_notes: chapter.endNotesHtml,
      html: chapter.html,
      published_at: chapter.publishedAt,
    };
  });
}
