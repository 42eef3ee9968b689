// Validates API requests with the routes' own schemas and turns the first failure into
// the same InvalidInput (400, code "invalid") the parsers throw, with a message naming
// the parameter or field. Our Ajv, not Fastify's default one: unknown body fields are
// refused (not silently removed) and `default` stays documentation (never injected).
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { InvalidInput } from '../errors.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function requestAjv(): Ajv {
  // coerceTypes 'array': query strings are text, and a parameter given once is a list of one.
  const ajv = new Ajv({ coerceTypes: 'array', useDefaults: false, removeAdditional: false, allErrors: false, verbose: true, strict: true });
  addFormats(ajv);
  return ajv;
}

const PLACE: Record<string, string> = { querystring: 'query parameter', params: 'path parameter', body: 'field', headers: 'header' };

const shown = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

const TYPE_WORDS: Record<string, string> = { integer: 'a whole number', number: 'a number', boolean: 'true or false', string: 'text', array: 'a list', object: 'an object', null: 'null' };

/** "page", "chapters[0].title": where in the input the error is. Query lists are named by their parameter. */
function nameOf(e: ErrorObject, dataVar: string): string {
  const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (dataVar === 'querystring') return parts.filter((p) => !/^\d+$/.test(p)).join('.');
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

export function messageOf(e: ErrorObject, dataVar: string): { message: string; field: string } {
  const place = PLACE[dataVar] ?? dataVar;
  const name = nameOf(e, dataVar) || (dataVar === 'body' ? 'The request body' : `The ${place}s`);
  const p = e.params as Record<string, unknown>;
  const got = e.data === undefined ? '' : `, got "${shown(e.data)}"`;
  switch (e.keyword) {
    case 'required': {
      const missing = String(p.missingProperty);
      const parent = nameOf(e, dataVar);
      const field = parent ? `${parent}.${missing}` : missing;
      const allowed = (e.parentSchema as { properties?: Record<string, { enum?: unknown[] }> } | undefined)?.properties?.[missing]?.enum;
      return { field, message: `The ${place} ${field} is required${allowed ? `; ${missing} must be one of ${allowed.join(', ')}` : ''}` };
    }
    case 'additionalProperties':
      return { field: String(p.additionalProperty), message: `Unknown ${place} "${String(p.additionalProperty)}"${nameOf(e, dataVar) ? ` in ${name}` : ''}` };
    case 'enum':
      return { field: name, message: `${name} must be one of ${(p.allowedValues as unknown[]).join(', ')}${got}` };
    case 'type': {
      const types = String(p.type).split(',').map((t) => TYPE_WORDS[t] ?? t);
      return { field: name, message: `${name} must be ${types.join(' or ')}${got}` };
    }
    case 'minimum':
    case 'maximum':
      return { field: name, message: `${name} must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}${got}` };
    case 'minLength':
    case 'maxLength':
      return { field: name, message: `${name} must have ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${String(p.limit)} characters` };
    case 'minItems':
    case 'maxItems':
      return { field: name, message: `${name} must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${String(p.limit)} entries` };
    case 'format':
      return { field: name, message: `${name} must be ${p.format === 'date' ? 'a date like 2024-05-31' : `in ${String(p.format)} form`}${got}` };
    case 'pattern':
      return { field: name, message: `${name} is not in the expected form${got}` };
    default:
      return { field: name, message: `${name} ${e.message ?? 'is not valid'}` };
  }
}

export function registerValidation(app: FastifyInstance): void {
  const ajv = requestAjv();
  const compile: FastifySchemaCompiler<unknown> = ({ schema }) => ajv.compile(schema as object);
  app.setValidatorCompiler(compile);
  app.setSchemaErrorFormatter((errors, dataVar) => {
    const { message, field } = messageOf(errors[0] as ErrorObject, dataVar);
    return new InvalidInput(message, field);
  });
}
