// Where a file has no Title: header, its first line is usually the title, read as a person would:
// a short line that is not already a chapter heading, scene break or the story's first paragraph.
import { ImportFormatError } from './import-error.ts';
import { chapterHeading, closingMarker, isBlankLine, isSceneBreak } from './line-kinds.ts';
import type { WorkMeta } from './parsed-work.ts';

const MAX_TITLE_LENGTH = 150;
// A name, not a sentence: "By the time she woke, the lamp was out." is the story starting.
const BYLINE = /^(?:written\s+)?by[:\s]\s*([^\s.!?,;:][^.!?,;]{0,59})$/i;
const MAX_NAME_WORDS = 5;

function readsAsTitle(line: string): boolean {
  const text = line.trim();
  return text.length <= MAX_TITLE_LENGTH && !isSceneBreak(text) && !chapterHeading(text) && !closingMarker(text);
}

export interface TitleLine {
  title?: string;
  /** From a "by Name" line right under the title. */
  author?: string;
  rest: string[];
}

/** Takes the first non-blank line as the title (and a byline under it) when it reads like one. */
export function takeTitleLine(lines: string[], clean: (line: string) => string = (l) => l.trim()): TitleLine {
  const first = lines.findIndex((line) => !isBlankLine(line));
  if (first < 0 || !readsAsTitle(clean(lines[first]))) return { rest: lines };
  const title = clean(lines[first]);
  if (title === '') return { rest: lines };
  return { title, ...takeByline(lines.slice(first + 1), clean) };
}

/** Takes a "by Name" line at the top of `lines`, as found right under a title. */
export function takeByline(lines: string[], clean: (line: string) => string = (l) => l.trim()): Omit<TitleLine, 'title'> {
  const next = lines.findIndex((line) => !isBlankLine(line));
  const byline = next >= 0 ? BYLINE.exec(clean(lines[next])) : null;
  if (!byline || byline[1].trim().split(/\s+/).length > MAX_NAME_WORDS) return { rest: lines };
  return { author: byline[1].trim(), rest: lines.slice(next + 1) };
}

const TITLE_WORDS = 8;

/** The title of last resort: the file name, else the story's opening words. */
export function fallbackTitle(lines: string[], fromFile?: string): string {
  if (fromFile?.trim()) return fromFile.trim();
  const opening = lines.find((line) => !isBlankLine(line) && !isSceneBreak(line));
  if (!opening) throw new ImportFormatError('This file is empty.');
  const words = opening.trim().split(/\s+/);
  return words.length > TITLE_WORDS ? `${words.slice(0, TITLE_WORDS).join(' ')}…` : words.join(' ');
}

/**
 * For a work whose header named no title: the title from the body's first line, or the fallback,
 * and the body that is left. A byline under the title fills in `meta.authors` if it is empty.
 */
export function takeTitle(
  meta: WorkMeta, body: string[], fromFile?: string, clean?: (line: string) => string,
): { title: string; rest: string[] } {
  const titleLine = takeTitleLine(body, clean);
  if (titleLine.author && meta.authors.length === 0) meta.authors.push(titleLine.author);
  return { title: titleLine.title ?? fallbackTitle(titleLine.rest, fromFile), rest: titleLine.rest };
}
