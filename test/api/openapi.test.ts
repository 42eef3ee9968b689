// The OpenAPI document: its shape, that every $ref resolves and every schema compiles,
// that it documents every /api/v1 route, and that the reference page shows all of it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../support/dialects.ts';
import { Client, testContext } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import { apiRegistryOf } from '../../src/api/registry.ts';
import { openApiPath, type OpenApiDocument } from '../../src/api/openapi.ts';
import { operations, schemaAjv } from './openapi-support.ts';

// The parts of OpenAPI 3.1 this document uses, as JSON Schema (no meta-schema is fetched).
const SHAPE = {
  type: 'object',
  required: ['openapi', 'info', 'paths', 'components'],
  properties: {
    openapi: { const: '3.1.0' },
    info: { type: 'object', required: ['title', 'version'], properties: { title: { type: 'string', minLength: 1 }, version: { type: 'string' } } },
    servers: { type: 'array', items: { type: 'object', required: ['url'] } },
    paths: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^/' },
      additionalProperties: { type: 'object', minProperties: 1, propertyNames: { enum: ['get', 'put', 'post', 'delete', 'patch'] }, additionalProperties: { $ref: '#/$defs/operation' } },
    },
    components: { type: 'object', properties: { schemas: { type: 'object' }, securitySchemes: { type: 'object' } } },
  },
  $defs: {
    operation: {
      type: 'object',
      required: ['operationId', 'summary', 'responses'],
      properties: {
        parameters: { type: 'array', items: { $ref: '#/$defs/parameter' } },
        requestBody: { type: 'object', required: ['content'], properties: { content: { type: 'object', minProperties: 1, additionalProperties: { type: 'object', required: ['schema'] } } } },
        responses: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[1-5][0-9][0-9]$' }, additionalProperties: { type: 'object', required: ['description'] } },
        security: { type: 'array', items: { type: 'object' } },
      },
    },
    parameter: {
      type: 'object',
      required: ['name', 'in', 'schema'],
      properties: { in: { enum: ['path', 'query', 'header', 'cookie'] }, schema: { type: 'object' } },
      if: { properties: { in: { const: 'path' } } },
      then: { required: ['required'], properties: { required: { const: true } } },
    },
  },
};

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let doc: OpenApiDocument;
  before(async () => {
    database = await createTestDatabase('sqlite');
    app = await buildServer(testContext(database));
    const r = await app.inject({ url: '/api/v1/openapi.json' });
    assert.equal(r.statusCode, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    doc = r.json();
  });
  after(async () => {
    await app.close();
    await database.drop();
  });

  it('has the OpenAPI 3.1 shape: every operation has an id, a summary and responses', () => {
    const ajv = schemaAjv();
    const validate = ajv.compile(SHAPE);
    assert.ok(validate(doc), ajv.errorsText(validate.errors));
    const ids = operations(doc).map((o) => o.op.operationId);
    assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
  });

  it('resolves every $ref and compiles every schema in it', () => {
    for (const ref of refsIn(doc)) {
      const target = ref.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      assert.ok(target, `${ref} does not resolve`);
    }
    const ajv = schemaAjv();
    for (const { op } of operations(doc)) {
      const schemas = [...(op.parameters ?? []).map((p) => p.schema), ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema), ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}).map((c) => c.schema))];
      for (const schema of schemas) assert.doesNotThrow(() => ajv.compile({ ...schema, components: doc.components }), op.operationId);
    }
  });

  it('names each path parameter in its path and the path parameters in the operation', () => {
    for (const { path, op } of operations(doc)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort();
      assert.deepEqual(declared, inPath, op.operationId);
    }
  });

  it('documents every /api/v1 route, each with a success response that says what it returns', () => {
    const registry = apiRegistryOf(app)!;
    assert.deepEqual(registry.undocumented, [], 'routes under /api/v1 without an API schema');
    for (const route of registry.routes) {
      const op = doc.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      assert.ok(op, `${route.method} ${route.url} is missing from the document`);
      const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      assert.ok(success.length > 0, `${op.operationId} has no success response`);
      for (const [status, r] of success) assert.ok(status === '204' || r.content, `${op.operationId} ${status} has no content schema`);
      // Replies are documentation: a Fastify `response` schema would drop undocumented fields when serializing.
      assert.ok(!('response' in route.schema), `${op.operationId} uses Fastify's response schema`);
    }
    for (const url of ['/api/v1/works', '/api/v1/works/{id}', '/api/v1/works/{id}/chapters/{position}', '/api/v1/works/{id}/download', '/api/v1/tags', '/api/v1/tags/{name}', '/api/v1/users/{login}', '/api/v1/users/{login}/works']) {
      assert.ok(doc.paths[url]?.get, `GET ${url}`);
    }
  });

  it('takes enum lists from the constants the parsers use', async () => {
    const { SORTS } = await import('../../src/search/query.ts');
    const { RATINGS } = await import('../../src/tags/fixed.ts');
    const params = doc.paths['/api/v1/works']!.get!.parameters!;
    assert.deepEqual(params.find((p) => p.name === 'sort')!.schema.enum, [...SORTS]);
    assert.deepEqual((params.find((p) => p.name === 'rating')!.schema.items as { enum: string[] }).enum, [...RATINGS]);
  });

  it('shows every operation and shape on the reference page, linked from the footer', async () => {
    const page = await new Client(app).get('/api');
    assert.equal(page.status, 200);
    for (const { path, method, op } of operations(doc)) {
      assert.ok(page.body.includes(`id="${op.operationId}"`), `${op.operationId} has no section`);
      assert.ok(page.body.includes(`${method.toUpperCase()} ${path}`), `${method} ${path}`);
      for (const p of op.parameters ?? []) assert.ok(page.body.includes(`<code>${p.name}</code>`), `${op.operationId}: ${p.name}`);
    }
    for (const name of Object.keys(doc.components.schemas)) assert.ok(page.body.includes(`id="schema-${name}"`), name);
    assert.doesNotMatch(page.body, /<script(?![^>]*src="\/static\/)/, 'no inline script');
    assert.match((await new Client(app).get('/works')).body, /<a href="\/api">API<\/a>/);
  });
});
