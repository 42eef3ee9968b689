// Schema of POST /api/v1/imports (src/imports/api.ts): the file's bytes as the body,
// its name and the defaults in the query.
import { int, object, parameters, str, strings, withErrors, type ApiSchema, type JsonSchema } from '../schema-kit.ts';

const tagList = (description: string): JsonSchema => strings({ items: { type: 'string', maxLength: 500 }, maxItems: 75, description });

export const importQuerySchema = parameters({
  filename: str({ minLength: 1, maxLength: 255, description: 'The file name; its extension picks the format (.txt, .md, .html, …)', examples: ['lighthouse.txt'] }),
  rating: str({ description: 'Rating for a file that gives none (default Not Rated)' }),
  fandom: tagList('Fandoms for a file that names none; repeat the parameter for more than one'),
  warning: tagList('Archive warnings for a file that gives none; repeatable'),
  tag: tagList("Additional tags added beside the file's own; repeatable"),
  language: str({ description: 'Language code for a file that gives none (default en)' }),
}, ['filename']);

export const importWork: ApiSchema = {
  operationId: 'importWork',
  summary: 'Import a file as a new work',
  description: 'Send the file\'s bytes as the body (any Content-Type). Importing the same file again does not make a second work.',
  tags: ['works'],
  auth: 'required',
  querystring: importQuerySchema,
  bodyContent: { 'application/octet-stream': str({ format: 'binary' }) },
  replies: withErrors('required', {
    201: { description: 'The new work', schema: object({ work: object({ id: int(), url: str() }) }) },
    200: { description: 'The same file was imported before', schema: object({ duplicate_of: int() }) },
  }, [413]),
};
