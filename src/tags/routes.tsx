// Tag pages for readers and wrangling pages for wranglers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { h, Fragment } from '../web/jsx.ts';
import type { Context } from '../context.ts';
import { Conflict, InvalidInput, NotFound } from '../errors.ts';
import { pageContext } from '../web/layout.tsx';
import { seeOther, sendPage } from '../web/reply.ts';
import { requireRole } from '../authz/policy.ts';
import { listJobs } from './jobs.ts';
import { assignWrangler } from './wrangling.ts';
import { applyWrangle, parseWrangleRequest } from './actions.ts';
import { auditLog, fandomTopTags, tagDetails, unwrangledInFandom, wranglerFandoms } from './queries.ts';
import { AssignPage, AuditPage, FandomWranglingPage, TagEditPage, TagPage, WranglingHome } from './views.tsx';

const userError = (e: unknown): e is InvalidInput | Conflict | NotFound => e instanceof InvalidInput || e instanceof Conflict || e instanceof NotFound;
/** The same status the API gives for the error, with the form shown again. */
const statusOf = (e: InvalidInput | Conflict | NotFound): number => (e instanceof NotFound ? 404 : e instanceof Conflict ? 409 : 400);

export function tagRoutes(app: FastifyInstance, ctx: Context): void {
  const page = (request: FastifyRequest) => pageContext(request, ctx.config.siteName);
  const nameOf = (request: FastifyRequest) => (request.params as { name: string }).name;
  const actor = (request: FastifyRequest) => ({ viewer: request.viewer, name: request.user?.login ?? 'guest' });

  app.get('/tags/:name', async (request, reply) => {
    const d = await tagDetails(ctx, request.viewer, nameOf(request));
    const top = d.tag.kind === 'fandom' && !d.mergerName ? await fandomTopTags(ctx, request.viewer, d.tag.name) : undefined;
    return sendPage(reply, <TagPage page={page(request)} d={d} top={top} />);
  });

  app.get('/tags/:name/edit', async (request, reply) => {
    requireRole(request.viewer, 'wrangler');
    return sendPage(reply, <TagEditPage page={page(request)} d={await tagDetails(ctx, request.viewer, nameOf(request))} />);
  });

  app.post('/tags/:name/wrangle', async (request, reply) => {
    requireRole(request.viewer, 'wrangler');
    const name = nameOf(request);
    try {
      const changes = await applyWrangle(ctx, actor(request), parseWrangleRequest(request.body as Record<string, unknown>, [name]));
      return sendPage(reply, <TagEditPage page={page(request)} d={await tagDetails(ctx, request.viewer, name)} changes={changes} />);
    } catch (e) {
      if (!userError(e)) throw e;
      return sendPage(reply.code(statusOf(e)), <TagEditPage page={page(request)} d={await tagDetails(ctx, request.viewer, name)} error={e.message} />);
    }
  });

  app.get('/wrangling', async (request, reply) => {
    const data = await wranglerFandoms(ctx, request.viewer);
    return sendPage(reply, <WranglingHome page={page(request)} mine={data.mine} all={data.all} assignments={data.assignments} jobs={await listJobs(ctx.db)} />);
  });

  app.get('/wrangling/fandoms/:name', async (request, reply) => {
    const fandom = nameOf(request);
    return sendPage(reply, <FandomWranglingPage page={page(request)} fandom={fandom} tags={await unwrangledInFandom(ctx, request.viewer, fandom)} />);
  });

  app.post('/wrangling/bulk', async (request, reply) => {
    requireRole(request.viewer, 'wrangler');
    const body = request.body as Record<string, unknown>;
    const fandom = String(body.fandom ?? '');
    const input = { ...body, target: ['parent', 'canonical_parent'].includes(String(body.action)) ? fandom : body.target };
    try {
      const changes = await applyWrangle(ctx, actor(request), parseWrangleRequest(input));
      return sendPage(reply, <FandomWranglingPage page={page(request)} fandom={fandom} tags={await unwrangledInFandom(ctx, request.viewer, fandom)} changes={changes} />);
    } catch (e) {
      if (!userError(e)) throw e;
      return sendPage(reply.code(statusOf(e)), <FandomWranglingPage page={page(request)} fandom={fandom} tags={await unwrangledInFandom(ctx, request.viewer, fandom)} error={e.message} />);
    }
  });

  app.get('/wrangling/audit', async (request, reply) => sendPage(reply, <AuditPage page={page(request)} rows={await auditLog(ctx, request.viewer)} />));

  app.get('/admin/wranglers', async (request, reply) => {
    requireRole(request.viewer, 'admin');
    return sendPage(reply, <AssignPage page={page(request)} assignments={(await wranglerFandoms(ctx, request.viewer)).assignments} />);
  });

  app.post('/admin/wranglers', async (request, reply) => {
    requireRole(request.viewer, 'admin');
    const body = request.body as Record<string, unknown>;
    try {
      await assignWrangler(ctx, request.viewer, String(body.login ?? ''), String(body.fandom ?? ''), body.remove === '1');
      return seeOther(reply, '/admin/wranglers');
    } catch (e) {
      if (!userError(e)) throw e;
      return sendPage(reply.code(statusOf(e)), <AssignPage page={page(request)} assignments={(await wranglerFandoms(ctx, request.viewer)).assignments} error={e.message} />);
    }
  });
}
