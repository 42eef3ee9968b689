// Uploaded story files: pick the parser from the file name, decode the bytes, parse.
import { decodeText } from './decode.ts';
import { ImportFormatError } from './import-error.ts';
import { IMPORT_LIMITS, mebibytes } from './import-limits.ts';
import type { ParsedWork } from './parsed-work.ts';
import { parseAo3Html } from './parse-ao3.ts';
import { parseEpub } from './parse-epub.ts';
import { parseHtml } from './parse-html.ts';
import { parseMarkdown } from './parse-markdown.ts';
import { parseText, type ParseOptions } from './parse-text.ts';
import { assertSafeMarkup } from './safe-xml.ts';

type Parse = (bytes: Uint8Array, options: ParseOptions) => ParsedWork;

// Files people rename by mistake, known by their first bytes, so the error can say what they are.
const MAGIC: [prefix: number[], what: string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an EPUB or a Word document?)'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Word document'],
];

/** A text format: refuse known binary files by name, then decode and parse. */
function textual(parse: (source: string, options: ParseOptions) => ParsedWork): Parse {
  return (bytes, options) => {
    const magic = MAGIC.find(([prefix]) => prefix.every((b, i) => bytes[i] === b));
    if (magic) throw new ImportFormatError(`This file does not look like text: it is ${magic[1]}. Check its extension.`);
    return parse(decodeText(bytes), options);
  };
}

// An HTML file may be an AO3 download; any HTML declaring entities or outside DTDs is refused.
function parseHtmlFile(source: string, options: ParseOptions): ParsedWork {
  assertSafeMarkup(source, 'This HTML file');
  return parseAo3Html(source, options) ?? parseHtml(source, options);
}

// A Map, so a name like "story.constructor" cannot reach Object.prototype.
const PARSERS = new Map<string, Parse>([
  ['txt', textual(parseText)],
  ['text', textual(parseText)],
  ['md', textual(parseMarkdown)],
  ['markdown', textual(parseMarkdown)],
  ['html', textual(parseHtmlFile)],
  ['htm', textual(parseHtmlFile)],
  ['epub', parseEpub],
]);

/** The extensions parseImportFile reads, e.g. for a folder import choosing its files or an upload form's accept list. */
export const importableExtensions = (): string[] => [...PARSERS.keys()];

/** True when parseImportFile has a parser for this file name's extension. */
export function isImportableName(filename: string): boolean {
  const name = filename.split(/[/\\]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 && PARSERS.has(name.slice(dot + 1).toLowerCase());
}

/** "the_lantern-v2.txt" → "the lantern v2": a title for files that name none inside. */
function titleFromFilename(base: string): string {
  return base.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Parses an uploaded .txt, .md, .html or .epub story, or throws ImportFormatError saying why not. */
export function parseImportFile(bytes: Buffer | Uint8Array, filename: string): ParsedWork {
  const name = filename.split(/[/\\]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const parse = PARSERS.get(extension);
  if (!parse) {
    const what = extension ? `".${extension}" files` : 'files without an extension';
    throw new ImportFormatError(`Quire cannot import ${what}. Upload a .txt, .md, .html or .epub file.`);
  }
  if (bytes.length > IMPORT_LIMITS.fileBytes) throw new ImportFormatError(`This file is larger than ${mebibytes(IMPORT_LIMITS.fileBytes)}.`);
  return parse(bytes, { fallbackTitle: titleFromFilename(name.slice(0, dot)) });
}
