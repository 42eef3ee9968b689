// Work pages: post, read (with the adult gate), edit, delete. Thin: parse, call a service, render.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h, Fragment } from '../web/jsx.ts';
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import { pageContext } from '../web/layout.tsx';
import { seeOther, sendPage } from '../web/reply.ts';
import { ADULT_COOKIE, cookieOptions } from '../web/session.ts';
import { requireLogin } from '../authz/policy.ts';
import { listPseuds } from '../accounts/repository.ts';
import { GATED_RATINGS } from '../tags/fixed.ts';
import { readableChapters } from '../chapters/service.ts';
import { parseChapterFields, parseWorkFields } from './input.ts';
import * as works from './service.ts';
import type { WorkView } from './present.ts';
import { WorkForm, type FormValues } from './views/forms.tsx';
import { AdultGate, WorkPage } from './views/work-page.tsx';

export const workId = (request: FastifyRequest): number => {
  const raw = (request.params as { id: string }).id;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
};

/** The adult gate: Mature, Explicit and Not Rated works ask guests and users who have not opted out. */
export function passGate(ctx: Context, request: FastifyRequest, reply: FastifyReply, work: WorkView): boolean {
  if (!GATED_RATINGS.has(work.rating) || work.viewerIsCreator || request.prefs.viewAdult) return true;
  if ((request.query as Record<string, unknown>).view_adult === 'true') {
    // Remembered for this browser session, as AO3 does, so chapter links don't ask again.
    reply.setCookie(ADULT_COOKIE, '1', cookieOptions(ctx));
    return true;
  }
  return request.cookies[ADULT_COOKIE] === '1';
}

export function gateHref(request: FastifyRequest): string {
  const url = new URL(request.url, 'http://x');
  url.searchParams.set('view_adult', 'true');
  return url.pathname + url.search;
}

export function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k !== '_csrf') out[k] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

export function workRoutes(app: FastifyInstance, ctx: Context): void {
  const page = (request: FastifyRequest) => pageContext(request, ctx.config.siteName);

  app.get('/works/new', async (request, reply) => {
    const viewer = requireLogin(request.viewer);
    return sendPage(reply, <WorkForm page={page(request)} values={{ warnings: [] }} pseuds={await listPseuds(ctx.db, viewer.id)} isDraft />);
  });

  app.post('/works', async (request, reply) => {
    const viewer = requireLogin(request.viewer);
    const body = request.body as Record<string, unknown>;
    try {
      const id = await works.createWork(ctx, viewer, parseWorkFields(body), [parseChapterFields(body, 'chapter_')]);
      return seeOther(reply, `/works/${id}`);
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      const pseuds = await listPseuds(ctx.db, viewer.id);
      return sendPage(reply.code(400), <WorkForm page={page(request)} values={formValues(body)} pseuds={pseuds} error={e.message} isDraft />);
    }
  });

  app.get('/works/:id', async (request, reply) => {
    const work = await works.loadWork(ctx, request.viewer, workId(request));
    if (!passGate(ctx, request, reply, work.view)) return sendPage(reply, <AdultGate page={page(request)} work={work.view} proceedHref={gateHref(request)} />);
    const chapters = await readableChapters(ctx, request.viewer, work);
    const full = (request.query as Record<string, unknown>).view_full_work === 'true' || chapters.length <= 1;
    return sendPage(reply, <WorkPage page={page(request)} work={work.view} chapters={chapters} current={full ? undefined : 1} full={full} />);
  });

  app.get('/works/:id/edit', async (request, reply) => {
    const viewer = requireLogin(request.viewer);
    const work = await works.loadWorkForEdit(ctx, viewer, workId(request));
    const v = work.view;
    const values: FormValues = {
      title: v.title, summary: v.summaryHtml, notes: v.notesHtml, end_notes: v.endNotesHtml, rating: v.rating, warnings: v.warnings,
      categories: v.categories, fandoms: v.fandoms, relationships: v.relationships, characters: v.characters, freeforms: v.freeforms,
      language: v.language, complete: v.complete ? 'on' : '', expected_chapters: v.expectedChapters === null ? '' : String(v.expectedChapters),
      restricted: v.restricted ? 'on' : '', anonymous: v.anonymous ? 'on' : '',
    };
    return sendPage(reply, <WorkForm page={page(request)} values={values} pseuds={await listPseuds(ctx.db, viewer.id)} workId={v.id} isDraft={v.draft} />);
  });

  app.post('/works/:id', async (request, reply) => {
    const viewer = requireLogin(request.viewer);
    const id = workId(request);
    const body = request.body as Record<string, unknown>;
    const current = await works.loadWorkForEdit(ctx, viewer, id);
    try {
      await works.updateWork(ctx, viewer, id, parseWorkFields(body));
      return seeOther(reply, `/works/${id}`);
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      const pseuds = await listPseuds(ctx.db, viewer.id);
      return sendPage(reply.code(400), <WorkForm page={page(request)} values={formValues(body)} pseuds={pseuds} error={e.message} workId={id} isDraft={current.view.draft} />);
    }
  });

  app.post('/works/:id/post', async (request, reply) => {
    const id = workId(request);
    await works.postDraft(ctx, request.viewer, id);
    return seeOther(reply, `/works/${id}`);
  });

  app.post('/works/:id/delete', async (request, reply) => {
    if ((request.body as Record<string, unknown>).confirm !== 'yes') throw new InvalidInput('Tick the box to confirm the deletion', 'confirm');
    await works.deleteWork(ctx, request.viewer, workId(request));
    return seeOther(reply, '/drafts?deleted=1');
  });
}
