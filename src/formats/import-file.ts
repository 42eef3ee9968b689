// Uploaded story files: pick the parser from the file name, decode the bytes, parse.
import { decodeText } from './decode.ts';
import { ImportFormatError } from './import-error.ts';
import type { ParsedWork } from './parsed-work.ts';
import { parseHtml } from './parse-html.ts';
import { parseMarkdown } from './parse-markdown.ts';
import { parseText, type ParseOptions } from './parse-text.ts';

type Parse = (source: string, options: ParseOptions) => ParsedWork;

// A Map, so a name like "story.constructor" cannot reach Object.prototype.
const PARSERS = new Map<string, Parse>([
  ['txt', parseText],
  ['text', parseText],
  ['md', parseMarkdown],
  ['markdown', parseMarkdown],
  ['html', parseHtml],
  ['htm', parseHtml],
]);

/** "the_lantern-v2.txt" → "the lantern v2": a title for files that name none inside. */
function titleFromFilename(base: string): string {
  return base.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Parses an uploaded .txt, .md or .html story, or throws ImportFormatError saying why not. */
export function parseImportFile(bytes: Buffer | Uint8Array, filename: string): ParsedWork {
  const name = filename.split(/[/\\]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const parse = PARSERS.get(extension);
  if (!parse) {
    const what = extension ? `".${extension}" files` : 'files without an extension';
    throw new ImportFormatError(`Quire cannot import ${what}. Upload a .txt, .md or .html file.`);
  }
  const text = decodeText(bytes);
  return parse(text, { fallbackTitle: titleFromFilename(name.slice(0, dot)) });
}
