// Atom feeds: recent works, a tag's works, a user's works, a saved search.
// Feeds are read by feed readers without a login, so they always show what a guest may see.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { parseSearchQuery } from '../search/query.ts';
import { searchWorks, type SearchScope } from '../search/service.ts';
import { savedSearchForFeed } from '../search/saved.ts';
import { atomFeed } from './atom.ts';

export function siteUrl(ctx: Context, request: FastifyRequest): string {
  return ctx.config.baseUrl || `${request.protocol}://${request.host}`;
}

export function feedRoutes(app: FastifyInstance, ctx: Context): void {
  const send = (reply: FastifyReply, xml: string) => reply.type('application/atom+xml; charset=utf-8').send(xml);
  const newest = parseSearchQuery({ sort: 'posted', order: 'desc' });

  async function feed(request: FastifyRequest, reply: FastifyReply, title: string, htmlPath: string, scope: SearchScope) {
    const site = siteUrl(ctx, request);
    const result = await searchWorks(ctx, null, newest, scope);
    return send(reply, atomFeed({ id: `${site}${request.url}`, title, selfUrl: `${site}${request.url}`, htmlUrl: `${site}${htmlPath}`, siteUrl: site }, result.works));
  }

  app.get('/works/feed.atom', (request, reply) => feed(request, reply, `${ctx.config.siteName}: recent works`, '/works', {}));

  app.get('/tags/:name/feed.atom', (request, reply) => {
    const name = (request.params as { name: string }).name;
    return feed(request, reply, `${ctx.config.siteName}: works in ${name}`, `/tags/${encodeURIComponent(name)}/works`, { tag: name });
  });

  app.get('/users/:login/feed.atom', (request, reply) => {
    const login = (request.params as { login: string }).login;
    return feed(request, reply, `${ctx.config.siteName}: works by ${login}`, `/users/${encodeURIComponent(login)}`, { user: login });
  });

  app.get('/feeds/saved/:token', async (request, reply) => {
    const token = (request.params as { token: string }).token.replace(/\.atom$/, '');
    const saved = await savedSearchForFeed(ctx, token);
    const site = siteUrl(ctx, request);
    const result = await searchWorks(ctx, null, saved.query, {}, { blocklistOwner: saved.owner });
    return send(reply, atomFeed({ id: `${site}/feeds/saved/${token}.atom`, title: `${ctx.config.siteName}: ${saved.name}`, selfUrl: `${site}/feeds/saved/${token}.atom`, htmlUrl: `${site}/works?${saved.queryString}`, siteUrl: site }, result.works));
  });
}
