// JSON API for users: public profiles and their works (the same search as /api/v1/works?user=).
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { getUser, listUserWorks } from '../api/schemas/users.ts';
import { parseSearchQuery } from '../search/query.ts';
import { searchWorks } from '../search/service.ts';
import { workPageJson } from '../works/api.ts';
import { publicProfile } from './profile.ts';

export function userApiRoutes(app: FastifyInstance, ctx: Context): void {
  app.get('/api/v1/users/:login', { schema: getUser }, async (request) => {
    const p = await publicProfile(ctx, request.viewer, (request.params as { login: string }).login);
    return {
      login: p.login,
      joined_at: p.joinedAt,
      works: p.works,
      pseuds: p.pseuds.map((s) => ({ name: s.name, description: s.description, default: s.isDefault, works: s.works })),
    };
  });

  app.get('/api/v1/users/:login/works', { schema: listUserWorks }, async (request) => {
    const q = request.query as Record<string, unknown>;
    const pseud = typeof q.pseud === 'string' && q.pseud !== '' ? q.pseud : undefined;
    const result = await searchWorks(ctx, request.viewer, parseSearchQuery(q), { user: (request.params as { login: string }).login, pseud });
    return workPageJson(result);
  });
}
