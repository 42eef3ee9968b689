// JSON API for tags: details, autocomplete, and wrangling for wranglers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { requireRole } from '../authz/policy.ts';
import { applyWrangle, parseWrangleRequest } from './actions.ts';
import { autocomplete, tagDetails } from './queries.ts';
import * as schemas from '../api/schemas/tags.ts';

export function tagApiRoutes(app: FastifyInstance, ctx: Context): void {
  app.get('/api/v1/tags/:name', { schema: schemas.getTag }, async (request) => {
    const d = await tagDetails(ctx, request.viewer, (request.params as { name: string }).name);
    const names = (list: { name: string }[]) => list.map((t) => t.name);
    return {
      name: d.tag.name,
      kind: d.tag.kind,
      canonical: d.tag.canonical,
      canonical_name: d.mergerName ?? (d.tag.canonical ? d.tag.name : null),
      synonyms: names(d.synonyms),
      meta: names(d.meta),
      sub: names(d.sub),
      parents: names(d.parents),
      works: d.works,
    };
  });

  app.get('/api/v1/tags', { schema: schemas.listTags }, async (request: FastifyRequest) => {
    const q = request.query as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? v.split(',') : []);
    const limit = q.limit === undefined ? undefined : Number(q.limit);
    const tags = await autocomplete(ctx.db, typeof q.prefix === 'string' ? q.prefix : '', {
      kind: typeof q.kind === 'string' ? q.kind : undefined,
      fandoms: list(q.fandom),
      limit: Number.isInteger(limit) && limit! > 0 ? limit : undefined,
    });
    return { tags };
  });

  app.post('/api/v1/tags/wrangle', { schema: schemas.wrangleTags }, async (request, reply) => {
    // The error handler turns LoginRequired into the API's "work not found" 404; a guest here needs to hear they must log in.
    if (!request.viewer) return reply.code(401).send({ error: { code: 'login_required', message: 'Log in as a wrangler to wrangle tags' } });
    requireRole(request.viewer, 'wrangler');
    const changes = await applyWrangle(ctx, { viewer: request.viewer, name: request.user?.login ?? 'api' }, parseWrangleRequest((request.body ?? {}) as Record<string, unknown>));
    return {
      changes: changes.map((c) => ({ tag: c.tag, action: c.action, detail: c.detail, works_affected: c.recompute?.affected ?? 0, job_id: c.recompute?.jobId ?? null })),
    };
  });
}
