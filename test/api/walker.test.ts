// Walks the served OpenAPI document: every GET operation is called with the example
// values its schema declares, and each answer must be 200 and match the declared schema.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { forEachDialect } from '../support/dialects.ts';
import { testContext } from '../support/app.ts';
import { buildServer } from '../../src/web/server.ts';
import type { OpenApiDocument } from '../../src/api/openapi.ts';
import { exampleUrl, operations, schemaAjv, validatorFor } from './openapi-support.ts';
import { seedExamples, type Seed } from './seed.ts';

forEachDialect('the OpenAPI walker', ({ get }) => {
  let app: FastifyInstance;
  let seed: Seed;
  let doc: OpenApiDocument;

  before(async () => {
    app = await buildServer(testContext(get()));
    seed = await seedExamples(app);
    doc = (await app.inject({ url: '/api/v1/openapi.json' })).json();
  });
  after(() => app.close());

  it('calls every read operation with its examples and gets what the document declares', async () => {
    const ajv = schemaAjv();
    const reads = operations(doc).filter((o) => o.method === 'get');
    assert.ok(reads.length >= 10, `only ${reads.length} read operations`);
    let checked = 0;
    for (const { path, op } of reads) {
      const ok = op.responses['200'];
      assert.ok(ok, `${op.operationId} declares no 200`);
      const required = op.security !== undefined && !op.security.some((s) => Object.keys(s).length === 0);
      // A guest and mira's token for public reads; only the token where credentials are required.
      const callers: Record<string, string>[] = required ? [{ authorization: `Bearer ${seed.token}` }] : [{}, { authorization: `Bearer ${seed.token}` }];
      for (const which of ['required', 'all'] as const) {
        for (const headers of callers) {
          const url = exampleUrl(path, op, which);
          const r = await app.inject({ method: 'GET', url, headers });
          const who = headers.authorization ? 'token' : 'guest';
          assert.equal(r.statusCode, 200, `${op.operationId} ${url} as ${who}: ${r.body.slice(0, 300)}`);
          const bare = (t: string) => t.split(';')[0]!.trim();
          const type = bare(String(r.headers['content-type']));
          const declared = Object.keys(ok.content ?? {}).map(bare);
          assert.ok(declared.includes(type), `${op.operationId}: ${type} is not among ${declared.join(', ')}`);
          if (type === 'application/json') {
            const validate = validatorFor(ajv, doc, ok.content!['application/json']!.schema);
            assert.ok(validate(r.json()), `${op.operationId} ${url} as ${who}: ${ajv.errorsText(validate.errors)}\n${r.body.slice(0, 500)}`);
          } else {
            assert.ok(r.rawPayload.length > 0, `${op.operationId}: empty file`);
          }
          checked++;
        }
      }
    }
    console.log(`# walked ${reads.length} read operations, ${checked} responses checked against their schemas`);
  });

  it('finds the seeded data through the examples (so the walk is not over empty answers)', async () => {
    const list = (await app.inject({ url: exampleUrl('/api/v1/works', doc.paths['/api/v1/works']!.get!, 'all') })).json();
    assert.deepEqual(list.works.map((w: { id: number }) => w.id), [seed.ids.lighthouse]);
    assert.ok(list.works[0].snippet?.includes('<mark>'), 'q=lighthouse gives a snippet');
    assert.ok(list.facets.fandom.length > 0);
    const user = (await app.inject({ url: '/api/v1/users/mira' })).json();
    assert.equal(user.login, 'mira');
    const saved = (await app.inject({ url: '/api/v1/saved-searches', headers: { authorization: `Bearer ${seed.token}` } })).json();
    assert.equal(saved.saved_searches.length, 1);
  });
});
