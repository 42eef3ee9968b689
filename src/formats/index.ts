// Story formats: sanitizing, rendering and importing bodies, and counting their words.
// Pure functions: no database, no HTTP.
export { sanitizeHtml, ALLOWED_TAGS, ALLOWED_ATTRIBUTES, ALLOWED_SCHEMES, IMG_SCHEMES } from './sanitize.ts';
export { countWords, countWordsInHtml } from './wordcount.ts';
export { renderBody, type BodyFormat } from './render.ts';
export { parseText, type ParseOptions } from './parse-text.ts';
export { parseMarkdown } from './parse-markdown.ts';
export { parseHtml } from './parse-html.ts';
export { parseEpub } from './parse-epub.ts';
export { IMPORT_LIMITS } from './import-limits.ts';
export { parseImportFile, importableExtensions, isImportableName } from './import-file.ts';
export { decodeText } from './decode.ts';
export { ImportFormatError } from './import-error.ts';
export type { ParsedWork, ParsedChapter, WorkMeta } from './parsed-work.ts';
