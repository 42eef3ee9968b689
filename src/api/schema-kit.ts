// What every /api/v1 route declares beside itself: its request schemas (which Fastify
// validates with them, see ./validation.ts) and its documented replies, which feed the
// OpenAPI document (./openapi.ts). Replies live under `replies`, not Fastify's `response`,
// on purpose: a `response` schema makes Fastify serialize through fast-json-stringify,
// which silently drops any property the schema forgot; we would rather the walker test
// (test/api/walker.test.ts) fail on a wrong schema than have the API lose fields.

export type JsonSchema = Record<string, unknown>;

export interface Reply {
  description: string;
  /** JSON body schema (application/json). */
  schema?: JsonSchema;
  /** Other media types (downloads): type → schema. */
  content?: Record<string, JsonSchema>;
}

export interface ApiSchema {
  operationId: string;
  summary: string;
  description?: string;
  /** The OpenAPI tag the operation is listed under (works, tags, users, …). */
  tags: string[];
  /** 'required': a token or login session is needed; 'optional': a viewer changes what is seen. */
  auth: 'none' | 'optional' | 'required';
  params?: JsonSchema;
  querystring?: JsonSchema;
  body?: JsonSchema;
  /** A body that is not JSON (a file's bytes): documented only, under media type → schema. */
  bodyContent?: Record<string, JsonSchema>;
  replies: Record<number, Reply>;
}

const components = new Map<string, JsonSchema>();

/** Registers a shared schema and returns a $ref to it (the document lists it under components.schemas). */
export function component(name: string, schema: JsonSchema): JsonSchema {
  if (components.has(name) && components.get(name) !== schema) throw new Error(`Schema component ${name} is declared twice`);
  components.set(name, schema);
  return { $ref: `#/components/schemas/${name}` };
}

export const componentSchemas = (): Record<string, JsonSchema> => Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b)));

export const ErrorBody = component('Error', {
  type: 'object',
  description: 'Every error: a stable machine code and a message for people.',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', examples: ['invalid', 'not_found', 'rate_limited'] },
        message: { type: 'string' },
      },
    },
  },
});

const err = (description: string): Reply => ({ description, schema: ErrorBody });

/** The replies every operation may give besides its own. */
export function withErrors(auth: ApiSchema['auth'], replies: Record<number, Reply>, extra: number[] = []): Record<number, Reply> {
  const all: Record<number, Reply> = { ...replies, 400: err('A parameter or field is not valid; the message names it') };
  if (auth === 'required') all[401] = err('No valid token or login session (or an unknown token)');
  const why: Record<number, string> = { 403: 'Not allowed for this viewer', 404: 'Not found, or not visible to this viewer', 413: 'The body is too large' };
  for (const status of extra) all[status] = err(why[status] ?? 'Error');
  all[429] = err('Rate limit reached; Retry-After says when to try again');
  return all;
}

// Small builders so schemas read like the shapes they describe.
export const str = (extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...extra });
export const int = (extra: JsonSchema = {}): JsonSchema => ({ type: 'integer', ...extra });
export const bool = (extra: JsonSchema = {}): JsonSchema => ({ type: 'boolean', ...extra });
export const nullable = (type: string, extra: JsonSchema = {}): JsonSchema => ({ type: [type, 'null'], ...extra });
export const arrayOf = (items: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({ type: 'array', items, ...extra });
export const strings = (extra: JsonSchema = {}): JsonSchema => arrayOf({ type: 'string' }, extra);

/** A closed object: every property listed is required unless named in `optional`. */
export function object(properties: Record<string, JsonSchema>, optional: string[] = [], extra: JsonSchema = {}): JsonSchema {
  return { type: 'object', additionalProperties: false, required: Object.keys(properties).filter((k) => !optional.includes(k)), properties, ...extra };
}

/** An object of parameters (path or query): open, so unknown query parameters are ignored as before. */
export function parameters(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return { type: 'object', required, properties };
}

/** Write bodies may carry the CSRF token in the body instead of the X-CSRF-Token header. */
export const csrfField: JsonSchema = str({ description: 'With a login session instead of a token: the quire_csrf cookie value (or send it as X-CSRF-Token)' });
