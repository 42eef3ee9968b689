// The OPDS catalog: OPDS 1.2 (Atom) under /opds, OPDS 2.0 (JSON) under /opds/v2, and the
// OpenSearch description. Read as the request's viewer: e-reader apps come as guests, so they
// get a guest's catalog; a logged-in browser session also sees restricted works.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { DomainError } from '../errors.ts';
import { statusOf } from '../web/errors.tsx';
import { siteUrl } from '../feeds/routes.ts';
import { catalogCounts, ratingFromSlug, sectionPage, type Section } from './catalog.ts';
import { acquisitionDocument, fandomsDocument, MEDIA, ratingsDocument, rootDocument, rootPath, type Dialect, type NavDocument, type AcquisitionDocument } from './navigation.ts';
import { acquisitionFeed, navigationFeed, type Site } from './opds1.ts';
import { acquisitionJson, navigationJson } from './opds2.ts';
import { openSearchDescription } from './opensearch.ts';

const DIALECTS: Dialect[] = ['opds1', 'opds2'];
type Query = Record<string, unknown>;

function sendNav(reply: FastifyReply, dialect: Dialect, site: Site, doc: NavDocument): FastifyReply {
  reply.header('Cache-Control', 'private, no-cache');
  if (dialect === 'opds2') return reply.type(MEDIA.opds2).send(JSON.stringify(navigationJson(site, doc)));
  return reply.type(MEDIA.navigation).send(navigationFeed(site, doc));
}

function sendAcquisition(reply: FastifyReply, dialect: Dialect, site: Site, doc: AcquisitionDocument): FastifyReply {
  // Restricted works are listed for logged-in readers only: no shared cache may keep a page.
  reply.header('Cache-Control', 'private, no-cache');
  if (dialect === 'opds2') return reply.type(MEDIA.opds2).send(JSON.stringify(acquisitionJson(site, doc)));
  return reply.type(MEDIA.acquisition).send(acquisitionFeed(site, doc));
}

export function opdsRoutes(app: FastifyInstance, ctx: Context): void {
  const site = (request: FastifyRequest): Site => ({ url: siteUrl(ctx, request), name: ctx.config.siteName });

  void app.register(async (scope) => {
    // Catalog clients show the body of an error to the reader: plain words for OPDS 1.2, the API's error shape for OPDS 2.0.
    scope.setErrorHandler(async (error: FastifyError, request, reply) => {
      const status = statusOf(error);
      if (status >= 500) request.log.error(error);
      const message = status >= 500 ? 'Something went wrong on our side' : error.message;
      if (request.url.startsWith('/opds/v2')) {
        const code = error instanceof DomainError ? error.code : status >= 500 ? 'internal' : 'bad_request';
        return reply.code(status).type(MEDIA.opds2).send(JSON.stringify({ error: { code, message } }));
      }
      return reply.code(status).type('text/plain; charset=utf-8').send(message);
    });

    for (const dialect of DIALECTS) {
      const root = rootPath(dialect);
      const acquisition = (section: (request: FastifyRequest) => Section) => async (request: FastifyRequest, reply: FastifyReply) => {
        const q = request.query as Query;
        const page = await sectionPage(ctx, request.viewer, section(request), { cursor: q.cursor, page: q.page });
        return sendAcquisition(reply, dialect, site(request), acquisitionDocument(dialect, page));
      };
      const param = (request: FastifyRequest, name: string) => (request.params as Record<string, string>)[name]!;

      scope.get(root, async (request, reply) => sendNav(reply, dialect, site(request), rootDocument(dialect, ctx.config.siteName, await catalogCounts(ctx, request.viewer))));
      scope.get(`${root}/fandoms`, async (request, reply) => sendNav(reply, dialect, site(request), fandomsDocument(dialect, await catalogCounts(ctx, request.viewer))));
      scope.get(`${root}/ratings`, async (request, reply) => sendNav(reply, dialect, site(request), ratingsDocument(dialect, await catalogCounts(ctx, request.viewer))));
      scope.get(`${root}/recent`, acquisition(() => ({ kind: 'recent' })));
      scope.get(`${root}/popular`, acquisition(() => ({ kind: 'popular' })));
      scope.get(`${root}/fandoms/:name`, acquisition((request) => ({ kind: 'fandom', name: param(request, 'name') })));
      scope.get(`${root}/ratings/:rating`, acquisition((request) => ({ kind: 'rating', rating: ratingFromSlug(param(request, 'rating')) })));
      scope.get(`${root}/search`, acquisition((request) => ({ kind: 'search', q: [(request.query as Query).q ?? ''].flat().map(String).at(-1) ?? '' })));
    }

    scope.get('/opds/opensearch.xml', async (request, reply) => reply.type(MEDIA.opensearch).send(openSearchDescription(site(request))));
  });
}
