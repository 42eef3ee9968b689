import { parseHeaderBlock } from './header-block.ts';
import { chapterHeading, isBlankLine, toLines } from './line-kinds.ts';
import { fenceMask, markdownToHtml } from './markdown-body.ts';
import { emptyMeta, type ParsedWork } from './parsed-work.ts';
import type { ParseOptions } from './parse-text.ts';
import { assembleWork } from './story-structure.ts';
import { takeByline, takeTitle } from './title-line.ts';

const ATX = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;

/** A heading's or line's text without Markdown decoration: `## **Chapter 2**` → `Chapter 2`. */
function plain(line: string): string {
  const text = ATX.exec(line)?.[2] ?? line;
  return text.trim().replace(/^([*_]{1,3})(.+)\1$/, '$2').trim();
}

function isTitleHeading(line: string): boolean {
  return ATX.exec(line)?.[1] === '#';
}

// Chapter headings are `#`–`###` headings, or bold/plain lines, that read "Chapter 2", "Part III"…
function chapterAt(line: string, inFence: boolean): { title: string } | null {
  if (inFence) return null;
  const level = ATX.exec(line)?.[1].length ?? 0;
  return level <= 3 ? chapterHeading(plain(line)) : null;
}

/** Parses a Markdown story: optional header block or front matter, `# Title`, chapter headings. */
export function parseMarkdown(source: string, options: ParseOptions = {}): ParsedWork {
  const lines = toLines(source);
  const header = parseHeaderBlock(lines);
  const meta = header?.meta ?? emptyMeta();
  let body = header?.rest ?? lines;
  const first = body.findIndex((line) => !isBlankLine(line));
  if (first >= 0 && isTitleHeading(body[first]) && !chapterHeading(plain(body[first]))) {
    const heading = plain(body[first]);
    // A `# Title` that repeats the header's title is dropped; a different one is part of the story.
    if (!meta.title || heading.toLowerCase() === meta.title.toLowerCase()) {
      meta.title ??= heading;
      const byline = takeByline(body.slice(first + 1), plain);
      body = byline.rest;
      if (byline.author && meta.authors.length === 0) meta.authors.push(byline.author);
    }
  }
  const { title, rest } = meta.title ? { title: meta.title, rest: body } : takeTitle(meta, body, options.fallbackTitle, plain);
  const inFence = fenceMask(rest);
  return assembleWork({ ...meta, title }, rest, {
    heading: (line, index) => chapterAt(line, inFence[index]),
    render: markdownToHtml,
  });
}
