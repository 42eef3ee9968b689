// AO3's downloads: a preface (details list, title, byline, summary, notes), then the chapters, each
// with a heading, summary, notes and end notes around a `userstuff` body, then an afterword with
// the work's end notes. The HTML download is one file; the EPUB is the same markup split into
// several, so the EPUB importer joins their bodies and hands them here.
import { DomUtils, parseDocument } from 'htmlparser2';
import type { AnyNode, Document, Element } from 'domhandler';
import { ImportFormatError } from './import-error.ts';
import { IMPORT_LIMITS } from './import-limits.ts';
import { MAX_NESTING, nestingDepth } from './nesting.ts';
import { emptyMeta, type ParsedChapter, type ParsedWork } from './parsed-work.ts';
import type { ParseOptions } from './parse-text.ts';
import { isPrefaceList, readPrefaceList } from './preface-list.ts';
import { classes, labelledQuotes, readAo3Chapters, textOf, type DraftChapter } from './ao3-chapters.ts';
import { sanitizeHtml } from './sanitize.ts';
import { htmlText } from './wordcount.ts';

const byId = (root: AnyNode[], id: string) => DomUtils.findOne((el) => el.attribs.id === id, root);

/** Finds the details list that marks an AO3 download, or null for any other HTML. */
export function ao3DetailsList(doc: Document): Element | null {
  const preface = byId(doc.children, 'preface');
  const marked = preface !== null || byId(doc.children, 'chapters') !== null || /Posted originally on the/i.test(textOf(doc.children));
  if (!marked) return null;
  return DomUtils.findOne((el) => el.name === 'dl' && (classes(el).has('tags') || preface !== null) && isPrefaceList(el), preface ? [preface] : doc.children);
}

const hasContent = (html: string): boolean => htmlText(html).trim() !== '' || /<img\b/i.test(html);

function finish(draft: DraftChapter): ParsedChapter {
  const chapter: ParsedChapter = { title: draft.title, html: sanitizeHtml(draft.parts.join('\n')).trim() };
  if (draft.summary) chapter.summary = draft.summary;
  if (draft.notes) chapter.notes = draft.notes;
  if (draft.endNotes) chapter.endNotes = draft.endNotes;
  return chapter;
}

/** Reads an AO3 download already recognised by ao3DetailsList. */
export function parseAo3Document(doc: Document, details: Element, options: ParseOptions = {}): ParsedWork {
  const parent = details.parent && DomUtils.isTag(details.parent) ? details.parent : null;
  const preface = byId(doc.children, 'preface') ?? parent;
  const scope = preface ? [preface] : doc.children;
  const { meta: found, series, complete } = readPrefaceList(details);
  const meta = { ...emptyMeta(), ...found };
  const h1 = DomUtils.findOne((el) => el.name === 'h1', scope);
  const next = h1 && DomUtils.nextElementSibling(h1);
  const byline = DomUtils.findOne((el) => classes(el).has('byline'), scope) ?? (next && /^by\s/i.test(textOf(next)) ? next : null);
  if (byline) {
    const links = DomUtils.findAll((el) => el.name === 'a', byline.children).map(textOf).filter(Boolean);
    meta.authors = links.length > 0 ? links : [textOf(byline).replace(/^by\s+/i, '')].filter(Boolean);
  }
  const pageTitle = textOf(DomUtils.getElementsByTagName('title', doc.children, true, 1));
  const title = (h1 && textOf(h1)) || pageTitle.replace(/\s+-\s+.*$/, '') || options.fallbackTitle || 'Untitled';

  const body = DomUtils.findOne((el) => el.name === 'body', doc.children);
  const { chapters: drafts, endNotes } = readAo3Chapters(body ? body.children : doc.children, preface);
  const chapters = drafts.map(finish).filter((c) => hasContent(c.html));
  if (chapters.length === 0) throw new ImportFormatError('This AO3 download has no story text to import.');
  if (chapters.length > IMPORT_LIMITS.chapters) throw new ImportFormatError(`This file has ${chapters.length.toLocaleString('en')} chapters; at most ${IMPORT_LIMITS.chapters.toLocaleString('en')} can be imported.`);
  const work: ParsedWork = { ...meta, title, complete: complete ?? true, chapters };
  const quotes = preface ? labelledQuotes(preface) : new Map<string, string>();
  if (quotes.get('summary')) work.summary = quotes.get('summary');
  if (quotes.get('notes')) work.notes = quotes.get('notes');
  if (endNotes) work.endNotes = endNotes;
  if (series) work.series = series;
  if (!work.language) delete work.language;
  return work;
}

/** Parses `html` and reads it as an AO3 download, or returns null when it is not one. */
export function parseAo3Html(html: string, options: ParseOptions = {}): ParsedWork | null {
  // Cheap test first: most HTML files are not AO3 downloads and need no second parse.
  if (!/\bid\s*=\s*["']?(preface|chapters)\b|Posted originally on the/i.test(html)) return null;
  if (nestingDepth(html) > MAX_NESTING) throw new ImportFormatError('This HTML file is nested too deeply to import.');
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  const details = ao3DetailsList(doc);
  return details ? parseAo3Document(doc, details, options) : null;
}
