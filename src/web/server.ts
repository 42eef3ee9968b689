// Builds the HTTP server: shared hooks first, then each concept's routes.
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import { fileURLToPath } from 'node:url';
import type { Context } from '../context.ts';
import { registerSession } from './session.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerErrorHandler } from './errors.tsx';
import { accountRoutes } from '../accounts/routes.tsx';
import { workRoutes } from '../works/routes.tsx';
import { chapterRoutes } from '../chapters/routes.tsx';
import { listingRoutes } from '../works/listing-routes.tsx';
import { workApiRoutes } from '../works/api.ts';
import { tagRoutes } from '../tags/routes.tsx';
import { tagApiRoutes } from '../tags/api.ts';
import { startJobWorker } from '../tags/jobs.ts';
import { blocklistRoutes } from '../search/blocklist-routes.tsx';
import { savedSearchRoutes } from '../search/saved-routes.tsx';
import { feedRoutes } from '../feeds/routes.ts';
import { opdsRoutes } from '../opds/routes.ts';
import { exportRoutes } from '../exports/routes.tsx';
import { tokenRoutes } from '../accounts/token-routes.tsx';
import { userApiRoutes } from '../accounts/api.ts';
import { apiDocumentRoutes, registerApi } from '../api/routes.tsx';
import type { RateStore } from '../api/rate-store.ts';
import { importRoutes } from '../imports/routes.tsx';
import { importApiRoutes } from '../imports/api.ts';

export async function buildServer(ctx: Context, options: { logger?: boolean; backgroundJobs?: boolean; rateStore?: RateStore } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { level: ctx.config.logLevel } : false,
    trustProxy: ctx.config.trustProxy,
    // A chapter may hold 510,000 characters of up to 4 bytes, plus the rest of the form.
    bodyLimit: 4 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 4 * 1024 * 1024 });
  await app.register(fastifyStatic, {
    root: fileURLToPath(new URL('./static/', import.meta.url)),
    prefix: '/static/',
    maxAge: '1h',
  });
  registerSecurityHeaders(app);
  registerSession(app, ctx);
  registerErrorHandler(app, ctx.config.siteName);
  // Before any route: it validates /api/v1 requests and lists every /api/v1 route for the OpenAPI document.
  const api = registerApi(app, ctx, { rateStore: options.rateStore });

  await app.register(async (scope) => {
    accountRoutes(scope, ctx);
    workRoutes(scope, ctx);
    chapterRoutes(scope, ctx);
    listingRoutes(scope, ctx);
    workApiRoutes(scope, ctx);
    tagRoutes(scope, ctx);
    tagApiRoutes(scope, ctx);
    blocklistRoutes(scope, ctx);
    savedSearchRoutes(scope, ctx);
    feedRoutes(scope, ctx);
    opdsRoutes(scope, ctx);
    exportRoutes(scope, ctx);
    tokenRoutes(scope, ctx);
    userApiRoutes(scope, ctx);
    apiDocumentRoutes(scope, ctx, api);
    importRoutes(scope, ctx);
    importApiRoutes(scope, ctx);
  });
  if (options.backgroundJobs) {
    const stop = startJobWorker(ctx.db, 500, (e) => app.log.error(e));
    app.addHook('onClose', async () => stop());
  }
  return app;
}
