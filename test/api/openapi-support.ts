// Reading the served OpenAPI document in tests: requests from its examples, ajv validators for its schemas.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDocument, Operation, Parameter } from '../../src/api/openapi.ts';
import type { JsonSchema } from '../../src/api/schema-kit.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export function schemaAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** Validates a value against a schema of the document, with its #/components refs resolvable. */
export function validatorFor(ajv: Ajv2020, doc: OpenApiDocument, schema: JsonSchema) {
  return ajv.compile({ ...schema, components: doc.components });
}

export const operations = (doc: OpenApiDocument) =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

const exampleOf = (p: Parameter): unknown => (p.schema.examples as unknown[] | undefined)?.[0];

/** The URL for an operation with its path parameters from their examples, and the query either with every example or only what is required. */
export function exampleUrl(path: string, op: Operation, which: 'required' | 'all'): string {
  const params = op.parameters ?? [];
  let url = path;
  for (const p of params.filter((x) => x.in === 'path')) {
    const v = exampleOf(p);
    if (v === undefined) throw new Error(`${op.operationId}: path parameter ${p.name} has no example`);
    url = url.replace(`{${p.name}}`, encodeURIComponent(String(v)));
  }
  const query = new URLSearchParams();
  for (const p of params.filter((x) => x.in === 'query' && (which === 'all' || x.required))) {
    const v = exampleOf(p);
    if (v === undefined) {
      if (p.required) throw new Error(`${op.operationId}: required query parameter ${p.name} has no example`);
      continue;
    }
    for (const one of Array.isArray(v) ? v : [v]) query.append(p.name, String(one));
  }
  const qs = query.toString();
  return qs ? `${url}?${qs}` : url;
}
