import { assembleWork } from './story-structure.ts';
import { parseHeaderBlock } from './header-block.ts';
import { chapterHeading, toLines } from './line-kinds.ts';
import { emptyMeta, type ParsedWork } from './parsed-work.ts';
import { plainTextToHtml } from './plain-text.ts';
import { takeTitle } from './title-line.ts';

export interface ParseOptions {
  /** Used when the file itself names no title, e.g. taken from the uploaded file's name. */
  fallbackTitle?: string;
}

/** Parses a plain-text story: optional header block or title line, chapters, scene breaks, closing line. */
export function parseText(source: string, options: ParseOptions = {}): ParsedWork {
  const lines = toLines(source);
  const header = parseHeaderBlock(lines);
  const meta = header?.meta ?? emptyMeta();
  const body = header?.rest ?? lines;
  const { title, rest } = meta.title ? { title: meta.title, rest: body } : takeTitle(meta, body, options.fallbackTitle);
  return assembleWork({ ...meta, title }, rest, {
    heading: (line) => chapterHeading(line),
    render: plainTextToHtml,
  });
}
