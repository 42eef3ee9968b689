// Every route under /api/v1, as Fastify registers it (onRoute), with the schema it
// declared: the OpenAPI document is built from this list, so it cannot miss a route,
// and a route without a schema shows up in `undocumented` (a test fails on it).
import type { FastifyInstance, RouteOptions } from 'fastify';
import { DomainError } from '../errors.ts';
import type { ApiSchema } from './schema-kit.ts';

export interface ApiRoute {
  method: string;
  url: string;
  schema: ApiSchema;
}

export interface ApiRegistry {
  routes: ApiRoute[];
  undocumented: { method: string; url: string }[];
}

const isApiSchema = (s: unknown): s is ApiSchema => typeof s === 'object' && s !== null && 'operationId' in s && 'replies' in s;

const registries = new WeakMap<FastifyInstance, ApiRegistry>();
/** The registry of a built server (tests check that it documents every route). */
export const apiRegistryOf = (app: FastifyInstance): ApiRegistry | undefined => registries.get(app);

export function collectApiRoutes(app: FastifyInstance): ApiRegistry {
  const registry: ApiRegistry = { routes: [], undocumented: [] };
  registries.set(app, registry);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/v1')) return;
    for (const method of ([] as string[]).concat(route.method)) {
      // HEAD routes are Fastify's automatic twins of GETs; OPTIONS is the CORS preflight.
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      if (!isApiSchema(route.schema)) registry.undocumented.push({ method, url: route.url });
      else registry.routes.push({ method, url: route.url, schema: route.schema });
    }
    if (isApiSchema(route.schema) && route.schema.auth === 'required') {
      // Not LoginRequired: the API answers that one with the 404 it gives restricted works.
      const requireViewer = async (request: { viewer: unknown }) => {
        if (!request.viewer) throw new DomainError('login_required', 'This needs an API token (Authorization: Bearer …) or a login session');
      };
      // Route-level preValidation: after the session hook, before the body is validated.
      route.preValidation = [...([] as unknown[]).concat(route.preValidation ?? []), requireViewer] as RouteOptions['preValidation'];
    }
  });
  return registry;
}
