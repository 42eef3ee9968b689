// Schemas of the works API (src/works/api.ts) and of downloads (src/exports/routes.tsx).
import { FORMATS, FORMAT_INFO, PAPERS } from '../../exports/formats.ts';
import { BODY_FORMATS, LIMITS } from '../../works/input.ts';
import { CATEGORIES, RATINGS, WARNINGS } from '../../tags/fixed.ts';
import { LANGUAGE_CODE } from '../../search/query.ts';
import { arrayOf, bool, component, csrfField, int, nullable, object, parameters, str, strings, withErrors, type ApiSchema, type JsonSchema } from '../schema-kit.ts';
import { worksQuery } from './search.ts';

const html = (what: string): JsonSchema => str({ description: `${what} as sanitized HTML` });
const workFields: Record<string, JsonSchema> = {
  id: int(),
  title: str(),
  summary: html('Summary'),
  notes: html('Notes'),
  end_notes: html('End notes'),
  rating: str({ enum: [...RATINGS] }),
  warnings: arrayOf(str({ enum: [...WARNINGS] })),
  categories: arrayOf(str({ enum: [...CATEGORIES] })),
  fandoms: strings(),
  relationships: strings(),
  characters: strings(),
  tags: strings({ description: 'Additional (freeform) tags' }),
  language: str(),
  words: int({ minimum: 0 }),
  chapter_count: int({ minimum: 0, description: 'Posted chapters' }),
  expected_chapters: nullable('integer', { description: 'null when unknown' }),
  complete: bool(),
  restricted: bool({ description: 'Only logged-in users see it' }),
  authors: strings({ description: '"pseud" or "pseud (login)"; ["Anonymous"] for an anonymous work seen by anyone but its creators' }),
  published_at: nullable('string', { format: 'date-time', description: 'null for a draft' }),
  updated_at: str({ format: 'date-time' }),
};

export const ChapterSummary = component('ChapterSummary', object({ id: int(), position: int({ minimum: 1 }), title: str(), words: int({ minimum: 0 }) }));
export const Work = component('Work', object(workFields));
const WorkInList = component('WorkInList', object({ ...workFields, snippet: str({ description: 'HTML with <mark> around the words that matched q (only when q matched the text)' }) }, ['snippet']));
export const WorkDetail = component('WorkDetail', object({ ...workFields, chapters: arrayOf(ChapterSummary, { description: 'The chapters this viewer may read' }) }));
const Chapter = component('Chapter', object({
  id: int(),
  position: int({ minimum: 1 }),
  title: str(),
  words: int({ minimum: 0 }),
  summary: html('Chapter summary'),
  notes: html('Chapter notes'),
  end_notes: html('Chapter end notes'),
  html: html('The chapter text'),
  published_at: nullable('string', { format: 'date-time' }),
}));
const facetCounts = arrayOf(object({ name: str(), count: int({ minimum: 0 }) }));
const Facets = component('Facets', object(Object.fromEntries(['fandom', 'relationship', 'character', 'freeform', 'rating', 'warning', 'category', 'language', 'complete'].map((k) => [k, facetCounts]))));
export const WorkPage = component('WorkPage', object({
  works: arrayOf(WorkInList),
  total: int({ minimum: 0, description: 'Works matching, all pages' }),
  next_cursor: nullable('string', { description: 'Pass as cursor for the next page; null on the last' }),
  page: int({ minimum: 0, description: '0 when the page was asked for by cursor' }),
  pages: int({ minimum: 0 }),
  next_page: nullable('integer'),
  facets: Facets,
}, ['facets']));

const workIdParams = parameters({ id: int({ minimum: 1, maximum: 2_147_483_647, description: 'Work id', examples: [1] }) }, ['id']);
const tagList = (what: string): JsonSchema => strings({ description: `${what}: a list, or one comma-separated string` });
const chapterInput: Record<string, JsonSchema> = {
  title: str({ maxLength: LIMITS.title }),
  body: str({ minLength: 1, maxLength: LIMITS.chapterChars, description: 'The chapter text, in `format`' }),
  format: str({ enum: [...BODY_FORMATS], description: 'How body is written (default html; HTML is sanitized)' }),
  summary: str({ maxLength: LIMITS.summary }),
  notes: str({ maxLength: LIMITS.notes }),
  end_notes: str({ maxLength: LIMITS.notes }),
  draft: bool({ description: 'Keep the chapter as a draft only its creators see' }),
};
// Request schemas stay inline (no $ref): Fastify validates with them as they are.
const ChapterInput = object(chapterInput, Object.keys(chapterInput).filter((k) => k !== 'body'));
const workInput: Record<string, JsonSchema> = {
  title: str({ minLength: 1, maxLength: LIMITS.title }),
  rating: str({ enum: [...RATINGS] }),
  warnings: arrayOf(str({ enum: [...WARNINGS] }), { minItems: 1 }),
  categories: arrayOf(str({ enum: [...CATEGORIES] })),
  fandoms: tagList('At least one fandom'),
  relationships: tagList('Relationships'),
  characters: tagList('Characters'),
  tags: tagList('Additional tags'),
  freeforms: tagList('Another name for tags'),
  summary: str({ maxLength: LIMITS.summary }),
  notes: str({ maxLength: LIMITS.notes }),
  end_notes: str({ maxLength: LIMITS.notes }),
  language: str({ pattern: LANGUAGE_CODE.source, description: 'Language code (default en)' }),
  complete: bool(),
  expected_chapters: nullable('integer', { minimum: 1, maximum: LIMITS.expectedChapters }),
  restricted: bool({ description: 'Only logged-in users may read it' }),
  anonymous: bool({ description: 'Shown as by "Anonymous" to everyone but its creators' }),
  draft: bool({ description: 'Save without posting' }),
  pseud_ids: arrayOf(int({ minimum: 1 }), { description: 'Your pseuds to post as (default: your default pseud)' }),
  chapters: arrayOf(ChapterInput, { minItems: 1, description: 'When posting: the chapters (ignored when editing)' }),
  chapter_title: str({ maxLength: LIMITS.title, description: 'Without chapters: the one chapter\'s title' }),
  body: str({ description: 'Without chapters: the one chapter\'s text' }),
  format: str({ enum: [...BODY_FORMATS], description: 'Without chapters: the one chapter\'s format' }),
  _csrf: csrfField,
};
const WorkInput = object(workInput, Object.keys(workInput).filter((k) => !['title', 'rating', 'warnings', 'fandoms'].includes(k)));

export const listWorks: ApiSchema = {
  operationId: 'listWorks',
  summary: 'Search and list works',
  description: 'Every listing and search. Guests never see restricted works; drafts and hidden works are never listed. Page with next_cursor (stable while works are posted) or page.',
  tags: ['works'],
  auth: 'optional',
  querystring: worksQuery,
  replies: withErrors('optional', { 200: { description: 'One page of works', schema: WorkPage } }, [404]),
};

export const getWork: ApiSchema = {
  operationId: 'getWork',
  summary: 'A work and its chapter list',
  description: 'A restricted work is 404 for guests, exactly like a missing one; a draft is 404 for all but its creators.',
  tags: ['works'],
  auth: 'optional',
  params: workIdParams,
  replies: withErrors('optional', { 200: { description: 'The work', schema: WorkDetail } }, [404]),
};

export const getChapter: ApiSchema = {
  operationId: 'getChapter',
  summary: 'One chapter of a work, with its text',
  tags: ['works'],
  auth: 'optional',
  params: parameters({ ...workIdParams.properties as Record<string, JsonSchema>, position: int({ minimum: 1, maximum: 1_000_000, description: 'Chapter number, from 1', examples: [1] }) }, ['id', 'position']),
  replies: withErrors('optional', { 200: { description: 'The chapter', schema: Chapter } }, [404]),
};

export const downloadWork: ApiSchema = {
  operationId: 'downloadWork',
  summary: 'The work as a file',
  description: 'Same visibility as getWork, no adult gate; Content-Disposition names the file (an anonymous work is by "Anonymous").',
  tags: ['works'],
  auth: 'optional',
  params: workIdParams,
  querystring: parameters({
    format: str({ enum: [...FORMATS], description: 'File format', examples: ['epub'] }),
    paper: str({ enum: [...PAPERS], description: 'Page size of a PDF (default a5); other formats ignore it', examples: ['letter'] }),
  }, ['format']),
  replies: withErrors('optional', {
    200: { description: 'The file', content: Object.fromEntries(FORMATS.map((f) => [FORMAT_INFO[f].contentType, str({ format: 'binary' })])) },
  }, [404]),
};

export const postWork: ApiSchema = {
  operationId: 'postWork',
  summary: 'Post a work',
  description: 'The posting form as JSON: the work\'s fields plus its chapters.',
  tags: ['works'],
  auth: 'required',
  body: WorkInput,
  replies: withErrors('required', { 201: { description: 'The new work', schema: WorkDetail } }, [403]),
};

export const editWork: ApiSchema = {
  operationId: 'editWork',
  summary: 'Edit your work',
  description: 'Replaces the work\'s fields (the same fields as posting); chapters are edited one by one.',
  tags: ['works'],
  auth: 'required',
  params: workIdParams,
  body: WorkInput,
  replies: withErrors('required', { 200: { description: 'The edited work', schema: WorkDetail } }, [403, 404]),
};

export const deleteWork: ApiSchema = {
  operationId: 'deleteWork',
  summary: 'Delete your work',
  tags: ['works'],
  auth: 'required',
  params: workIdParams,
  replies: withErrors('required', { 204: { description: 'Deleted' } }, [403, 404]),
};

export const addChapter: ApiSchema = {
  operationId: 'addChapter',
  summary: 'Add a chapter to your work',
  tags: ['works'],
  auth: 'required',
  params: workIdParams,
  body: object({ ...chapterInput, _csrf: csrfField }, [...Object.keys(chapterInput).filter((k) => k !== 'body'), '_csrf']),
  replies: withErrors('required', { 201: { description: 'The work\'s chapters after adding', schema: object({ chapters: arrayOf(ChapterSummary) }) } }, [403, 404]),
};
