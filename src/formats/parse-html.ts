import { DomUtils, parseDocument } from 'htmlparser2';
import { outlineHtml, type Span } from './html-outline.ts';
import { ImportFormatError } from './import-error.ts';
import { chapterHeading, closingMarker, isBlankLine } from './line-kinds.ts';
import { MAX_NESTING, nestingDepth } from './nesting.ts';
import { emptyMeta, type ParsedChapter, type ParsedWork } from './parsed-work.ts';
import type { ParseOptions } from './parse-text.ts';
import { sanitizeHtml } from './sanitize.ts';
import { isSubstantial } from './story-structure.ts';
import { fallbackTitle } from './title-line.ts';
import { htmlText } from './wordcount.ts';

function textLines(html: string): string[] {
  return htmlText(html).split('\n').filter((line) => !isBlankLine(line));
}

function hasContent(html: string): boolean {
  return textLines(html).length > 0 || /<img\b/i.test(html);
}

/** The source between `start` and `end`, leaving out `skip` (the title's <h1>) if it lies inside. */
function cut(source: string, start: number, end: number, skip?: Span): string {
  if (!skip || skip.end <= start || skip.start >= end) return source.slice(start, end);
  return source.slice(start, skip.start) + source.slice(skip.end, end);
}

// Cutting at <h2>s leaves the wrappers around them open or stray; the sanitizer closes or drops
// them, which can leave empty shells such as `<div> </div>` at a chapter's edges.
const EMPTY_AT_START = /^[ \t\r\n]*<([a-z0-9]+)[^>]*>[ \t\r\n]*<\/\1>/;
const EMPTY_AT_END = /<([a-z0-9]+)[^>]*>[ \t\r\n]*<\/\1>[ \t\r\n]*$/;

function chapterHtml(fragment: string): string {
  let html = sanitizeHtml(fragment).trim();
  for (let before = ''; before !== html;) {
    before = html;
    html = html.replace(EMPTY_AT_START, '').replace(EMPTY_AT_END, '').trim();
  }
  return html;
}

/** Strips a closing line (The End, TBC) that ends the chapter, however deeply it is wrapped. */
function takeClosing(html: string): { html: string; complete: boolean } {
  const doc = parseDocument(html);
  let children: typeof doc.children = doc.children;
  for (;;) {
    const last = children.findLast((node) => DomUtils.textContent(node).trim() !== '' || (DomUtils.isTag(node) && node.name === 'img'));
    if (!last) break;
    const marker = closingMarker(DomUtils.textContent(last));
    if (marker) {
      DomUtils.removeElement(last);
      return { html: chapterHtml(DomUtils.getOuterHTML(doc.children)), complete: marker === 'complete' };
    }
    if (!DomUtils.hasChildren(last)) break;
    children = last.children;
  }
  return { html, complete: true };
}

// Saved pages often call themselves "Story - Author - Site"; an <h1> found inside that is the
// story's own name.
function pickTitle(pageTitle: string, h1: string | undefined): string {
  if (!h1 || chapterHeading(h1)) return pageTitle || h1 || '';
  return pageTitle.toLowerCase().includes(h1.toLowerCase()) ? h1 : pageTitle || h1;
}

/** Parses an HTML story: title from <title> or the first <h1>, a chapter per <h2> if there are any. */
export function parseHtml(source: string, options: ParseOptions = {}): ParsedWork {
  const html = source.replace(/^\uFEFF/, '');
  if (nestingDepth(html) > MAX_NESTING) throw new ImportFormatError('This HTML file is nested too deeply to import.');
  const outline = outlineHtml(html);
  const meta = emptyMeta();
  meta.authors.push(...outline.authors);
  if (outline.description) meta.summary = outline.description;
  if (outline.lang) meta.language = outline.lang;
  const h1 = outline.firstH1;
  const title = pickTitle(outline.title, h1?.text) || fallbackTitle(textLines(sanitizeHtml(html)), options.fallbackTitle);
  const skip = h1 && h1.text.toLowerCase() === title.toLowerCase() ? h1 : undefined;

  const { body, h2s } = outline;
  const headings = h2s.filter((h2) => h2.start >= body.start && h2.end <= body.end);
  const chapters: ParsedChapter[] = headings.map((h2, i) => ({
    title: chapterHeading(h2.text)?.title ?? (h2.text || `Chapter ${i + 1}`),
    html: chapterHtml(cut(html, h2.end, headings[i + 1]?.start ?? body.end, skip)),
  }));
  const preface = chapterHtml(cut(html, body.start, headings[0]?.start ?? body.end, skip));
  if (hasContent(preface)) {
    if (chapters.length === 0 || isSubstantial(textLines(preface))) chapters.unshift({ title: '', html: preface });
    else meta.notes = textLines(preface).map((line) => line.trim()).join('\n');
  }
  const withText = chapters.filter((chapter) => hasContent(chapter.html));
  const last = withText.at(-1);
  const closing = last ? takeClosing(last.html) : { html: '', complete: true };
  if (last) last.html = closing.html;
  const story = withText.filter((chapter) => hasContent(chapter.html));
  if (story.length === 0) throw new ImportFormatError('This file has no story text to import.');
  return { ...meta, title, complete: closing.complete, chapters: story };
}
