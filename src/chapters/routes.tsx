// Chapter pages: read one chapter, add, edit, delete and reorder.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h, Fragment } from '../web/jsx.ts';
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { pageContext } from '../web/layout.tsx';
import { seeOther, sendPage } from '../web/reply.ts';
import { requireLogin } from '../authz/policy.ts';
import { loadWorkForEdit } from '../works/service.ts';
import { parseChapterFields } from '../works/input.ts';
import { formValues, gateHref, passGate, workId } from '../works/routes.tsx';
import { ChapterForm, ManageChapters } from '../works/views/forms.tsx';
import { AdultGate, WorkPage } from '../works/views/work-page.tsx';
import * as chapters from './service.ts';

const param = (request: FastifyRequest, key: string): number => {
  const raw = (request.params as Record<string, string>)[key] ?? '';
  return /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
};

export function chapterRoutes(app: FastifyInstance, ctx: Context): void {
  const page = (request: FastifyRequest) => pageContext(request, ctx.config.siteName);

  app.get('/works/:id/chapters/:n', async (request, reply) => {
    const { work, chapters: list, chapter } = await chapters.readChapter(ctx, request.viewer, workId(request), param(request, 'n'));
    if (!passGate(ctx, request, reply, work.view)) return sendPage(reply, <AdultGate page={page(request)} work={work.view} proceedHref={gateHref(request)} />);
    return sendPage(reply, <WorkPage page={page(request)} work={work.view} chapters={list} current={chapter.number} full={false} />);
  });

  app.get('/works/:id/chapters/new', async (request, reply) => {
    const work = await loadWorkForEdit(ctx, requireLogin(request.viewer), workId(request));
    return sendPage(reply, <ChapterForm page={page(request)} values={{}} workId={work.view.id} workTitle={work.view.title} />);
  });

  app.post('/works/:id/chapters', async (request, reply) => {
    const id = workId(request);
    const work = await loadWorkForEdit(ctx, requireLogin(request.viewer), id);
    try {
      await chapters.addChapter(ctx, request.viewer, id, parseChapterFields(request.body as Record<string, unknown>));
      return seeOther(reply, `/works/${id}/chapters/manage`);
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      return sendPage(reply.code(400), <ChapterForm page={page(request)} values={formValues(request.body)} error={e.message} workId={id} workTitle={work.view.title} />);
    }
  });

  app.get('/works/:id/chapters/edit/:cid', async (request, reply) => {
    const id = workId(request);
    const row = await chapters.chapterForEdit(ctx, requireLogin(request.viewer), id, param(request, 'cid'));
    const work = await loadWorkForEdit(ctx, request.viewer, id);
    const values = { title: row.title, summary: row.summary, notes: row.notes, end_notes: row.end_notes, format: row.body_format, body: row.body_source };
    return sendPage(reply, <ChapterForm page={page(request)} values={values} workId={id} workTitle={work.view.title} chapterId={row.id} />);
  });

  app.post('/works/:id/chapters/edit/:cid', async (request, reply) => {
    const id = workId(request);
    const cid = param(request, 'cid');
    const work = await loadWorkForEdit(ctx, requireLogin(request.viewer), id);
    try {
      await chapters.updateChapter(ctx, request.viewer, id, cid, parseChapterFields(request.body as Record<string, unknown>));
      return seeOther(reply, `/works/${id}/chapters/manage`);
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      return sendPage(reply.code(400), <ChapterForm page={page(request)} values={formValues(request.body)} error={e.message} workId={id} workTitle={work.view.title} chapterId={cid} />);
    }
  });

  app.post('/works/:id/chapters/edit/:cid/delete', async (request, reply) => {
    if ((request.body as Record<string, unknown>).confirm !== 'yes') throw new InvalidInput('Tick the box to confirm the deletion', 'confirm');
    const id = workId(request);
    await chapters.deleteChapter(ctx, request.viewer, id, param(request, 'cid'));
    return seeOther(reply, `/works/${id}/chapters/manage`);
  });

  app.get('/works/:id/chapters/manage', async (request, reply) => {
    const { work, chapters: list } = await chapters.chapterOutlineForEdit(ctx, requireLogin(request.viewer), workId(request));
    return sendPage(reply, <ManageChapters page={page(request)} workId={work.view.id} workTitle={work.view.title} chapters={list} />);
  });

  app.post('/works/:id/chapters/order', async (request, reply) => {
    const id = workId(request);
    const body = request.body as Record<string, unknown>;
    // position_<chapterId> = new place; ties keep the old order.
    const { chapters: list } = await chapters.chapterOutlineForEdit(ctx, requireLogin(request.viewer), id);
    const wanted = list.map((c) => ({ id: c.id, place: Number(body[`position_${c.id}`] ?? c.position), old: c.position }));
    if (wanted.some((w) => !Number.isFinite(w.place))) throw new InvalidInput('Each place must be a number', 'order');
    wanted.sort((a, b) => a.place - b.place || a.old - b.old);
    await chapters.reorderChapters(ctx, request.viewer, id, wanted.map((w) => w.id));
    return seeOther(reply, `/works/${id}/chapters/manage`);
  });
}
