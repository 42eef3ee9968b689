// Builds the OpenAPI 3.1 document from the registered routes' own schemas: the objects
// Fastify validates requests with are the ones the document shows (one source of truth).
import type { ApiRegistry, ApiRoute } from './registry.ts';
import { componentSchemas, type JsonSchema } from './schema-kit.ts';

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
};

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; headers?: Record<string, JsonSchema>; content?: Record<string, { schema: JsonSchema }> }>;
  security?: Record<string, string[]>[];
}

const TAGS = [
  { name: 'works', description: 'Works and chapters: search, read, download, post and edit' },
  { name: 'tags', description: 'Tags: details, autocomplete and wrangling' },
  { name: 'users', description: 'Users, their pseuds and their works' },
  { name: 'reader', description: 'Your blocklist and saved searches' },
  { name: 'meta', description: 'This document' },
];

/** Fastify's /works/:id → OpenAPI's /works/{id}. */
export const openApiPath = (url: string): string => url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

function parametersOf(schema: JsonSchema | undefined, where: 'path' | 'query'): Parameter[] {
  if (!schema) return [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  return Object.entries(properties).map(([name, prop]) => {
    const { description, ...rest } = prop;
    return { name, in: where, required: where === 'path' || required.includes(name), ...(description ? { description: String(description) } : {}), schema: rest };
  });
}

const SECURITY: Record<ApiRoute['schema']['auth'], Record<string, string[]>[] | undefined> = {
  none: undefined,
  // An empty requirement means "or no credentials at all".
  optional: [{}, { bearerToken: [] }, { sessionCookie: [] }],
  required: [{ bearerToken: [] }, { sessionCookie: [] }],
};

function operationOf(route: ApiRoute): Operation {
  const s = route.schema;
  const parameters = [...parametersOf(s.params, 'path'), ...parametersOf(s.querystring, 'query')];
  const responses: Operation['responses'] = {};
  for (const [status, reply] of Object.entries(s.replies)) {
    const content = reply.content ? Object.fromEntries(Object.entries(reply.content).map(([type, schema]) => [type, { schema }])) : reply.schema ? { 'application/json': { schema: reply.schema } } : undefined;
    const headers: Record<string, JsonSchema> = {};
    if (status === '429') headers['Retry-After'] = { description: 'Seconds until the limit resets', schema: { type: 'integer' } };
    if (status === '200' && route.method === 'GET') headers.ETag = { description: 'Send back as If-None-Match to get 304 when nothing changed', schema: { type: 'string' } };
    responses[status] = { description: reply.description, ...(Object.keys(headers).length ? { headers } : {}), ...(content ? { content } : {}) };
  }
  const security = SECURITY[s.auth];
  return {
    operationId: s.operationId,
    summary: s.summary,
    ...(s.description ? { description: s.description } : {}),
    tags: s.tags,
    ...(parameters.length ? { parameters } : {}),
    ...(s.body ? { requestBody: { required: true, content: { 'application/json': { schema: s.body } } } } : {}),
    ...(s.bodyContent ? { requestBody: { required: true, content: Object.fromEntries(Object.entries(s.bodyContent).map(([type, schema]) => [type, { schema }])) } } : {}),
    responses,
    ...(security ? { security } : {}),
  };
}

export function buildOpenApi(registry: ApiRegistry, site: { name: string; baseUrl: string }): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const sorted = [...registry.routes].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  for (const route of sorted) (paths[openApiPath(route.url)] ??= {})[route.method.toLowerCase()] = operationOf(route);
  return {
    openapi: '3.1.0',
    info: {
      title: `${site.name} API`,
      version: '1',
      description:
        'Read works, chapters, tags and users; post and edit with a personal API token (Authorization: Bearer qt_…, made at /tokens). ' +
        'Errors are {"error": {"code", "message"}}. Reads carry an ETag (send If-None-Match for 304) and CORS for any origin. ' +
        'Requests are rate-limited per token, or per address without one (429 with Retry-After).',
    },
    servers: [{ url: site.baseUrl || '/' }],
    tags: TAGS,
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token from /tokens (qt_…)' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'quire_session', description: 'The login session; writes also need the X-CSRF-Token header set to the quire_csrf cookie' },
      },
    },
  };
}
