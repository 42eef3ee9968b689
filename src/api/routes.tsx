// Wires the API's shared machinery into the server (validation, the route registry,
// ETag/CORS, rate limits) and serves the OpenAPI document and its reference page.
import type { FastifyInstance } from 'fastify';
import { h } from '../web/jsx.ts';
import type { Context } from '../context.ts';
import { pageContext } from '../web/layout.tsx';
import { sendPage } from '../web/reply.ts';
import { registerValidation } from './validation.ts';
import { collectApiRoutes, type ApiRegistry } from './registry.ts';
import { registerReadCaching } from './http-cache.ts';
import { registerRateLimit } from './rate-limit.ts';
import { MemoryRateStore, RedisRateStore, type RateStore } from './rate-store.ts';
import { buildOpenApi, type OpenApiDocument } from './openapi.ts';
import { ApiReference } from './reference.tsx';
import { withErrors, type ApiSchema } from './schema-kit.ts';

const openApiSchema: ApiSchema = {
  operationId: 'getOpenApi',
  summary: 'This OpenAPI 3.1 document',
  tags: ['meta'],
  auth: 'none',
  replies: withErrors('none', { 200: { description: 'The document', schema: { type: 'object', required: ['openapi', 'paths'], properties: { openapi: { const: '3.1.0' }, paths: { type: 'object' } } } } }),
};

/** Call before any route is added: the registry learns routes as they are registered. */
export function registerApi(app: FastifyInstance, ctx: Context, options: { rateStore?: RateStore } = {}): ApiRegistry {
  registerValidation(app);
  const registry = collectApiRoutes(app);
  registerReadCaching(app);
  const store = options.rateStore ?? (ctx.config.redisUrl ? new RedisRateStore(ctx.config.redisUrl) : new MemoryRateStore());
  registerRateLimit(app, store, ctx.config.apiRateLimit);
  if (!options.rateStore) app.addHook('onClose', async () => store.close());
  return registry;
}

export function apiDocumentRoutes(app: FastifyInstance, ctx: Context, registry: ApiRegistry): void {
  let doc: OpenApiDocument | undefined;
  // Built on first use, when every route has been registered.
  const document = () => (doc ??= buildOpenApi(registry, { name: ctx.config.siteName, baseUrl: ctx.config.baseUrl }));
  app.get('/api/v1/openapi.json', { schema: openApiSchema }, async () => document());
  app.get('/api', async (request, reply) => sendPage(reply, <ApiReference page={pageContext(request, ctx.config.siteName)} doc={document()} />));
}
