// Markup shared by the EPUB's XHTML files and the single HTML file: the title block with the
// work's details, and a chapter with its summary, notes, text and end notes.
import { tagUrl, type ExportChapter, type ExportDocument } from './document.ts';
import { el, type Element, type Node } from './tree.ts';

export interface PartOptions {
  /** EPUB semantics (epub:type) on sections. */
  epub: boolean;
  /** Level of the chapter heading; its parts are one level below. */
  level: 1 | 2;
}

const h = (level: number, attrs: Record<string, string> | null, ...children: Node[]): Element => el(`h${Math.min(level, 6)}`, attrs, ...children);

function commaList(nodes: Node[]): Node[] {
  return nodes.flatMap((n, i) => (i === 0 ? [n] : [', ', n]));
}

export function metaList(doc: ExportDocument): Element {
  // The labels are English: in a right-to-left work the block stays left-to-right, or "1/?"
  // would read "?/1" and every colon would sit on the wrong side.
  const english = /^en\b/.test(doc.language) ? null : { lang: 'en' };
  return el(
    'dl',
    { class: 'meta', dir: doc.dir === 'rtl' ? 'ltr' : undefined },
    doc.meta.map((row) => [
      el('dt', english, `${row.label}:`),
      el('dd', null, commaList(row.values.map((v) => (row.tags ? el('a', { href: tagUrl(doc, v), class: 'tag' }, v) : v)))),
    ]),
  );
}

function quoted(cls: string, heading: Element, nodes: Node[]): Element | null {
  if (nodes.length === 0) return null;
  return el('section', { class: cls }, heading, el('blockquote', { class: 'userstuff' }, nodes));
}

export function byline(doc: ExportDocument): Element {
  return el('p', { class: 'byline' }, 'by ', commaList(doc.authors.map((a) => el('span', { class: 'author' }, a))));
}

export function sourceNote(doc: ExportDocument): Element {
  return el('p', { class: 'source' }, 'Posted on ', el('a', { href: doc.siteUrl + '/' }, doc.siteName), ' at ', el('a', { href: doc.url }, doc.url), '.');
}

/** Title, byline, details, summary and notes. */
export function preface(doc: ExportDocument, opts: PartOptions): Node[] {
  return [
    h(1, { class: 'title' }, doc.title),
    byline(doc),
    metaList(doc),
    quoted('summary', h(2, null, 'Summary'), doc.summary),
    quoted('notes', h(2, null, 'Notes'), doc.notes),
    opts.epub ? sourceNote(doc) : null,
  ].filter((n): n is Element => n !== null);
}

export function chapterParts(doc: ExportDocument, chapter: ExportChapter, opts: PartOptions): Node[] {
  const sub = opts.level + 1;
  const showHeading = opts.epub || doc.multiChapter || chapter.title !== '';
  return [
    showHeading ? h(opts.level, { class: 'chapter-title' }, chapter.heading) : null,
    quoted('chapter-summary', h(sub, null, 'Summary'), chapter.summary),
    quoted('chapter-notes', h(sub, null, 'Notes'), chapter.notes),
    chapter.body.length > 0 ? el('div', { class: 'userstuff chapter-text' }, chapter.body) : null,
    quoted('chapter-end-notes', h(sub, null, 'Chapter end notes'), chapter.endNotes),
  ].filter((n): n is Element => n !== null);
}

export function endNotes(doc: ExportDocument, level: number): Node[] {
  return doc.endNotes.length === 0 ? [] : [h(level, { class: 'end-notes-title' }, 'End notes'), el('blockquote', { class: 'userstuff' }, doc.endNotes)];
}

/** Typography for both the EPUB and the HTML file: the reader's own font, calm spacing. */
export const BASE_CSS = `
body { line-height: 1.5; orphans: 2; widows: 2; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; page-break-after: avoid; }
h1.title, .chapter-title, .end-notes-title { text-align: center; }
h1.title { margin: 1em 0 0.25em; }
.chapter-title { margin: 1em 0 1.25em; }
p { margin: 0 0 0.8em; }
.byline { text-align: center; font-style: italic; margin-bottom: 1.5em; }
dl.meta { border: 1px solid #8a8a8a; padding: 0.5em 0.75em; margin: 1em 0 1.5em; font-size: 0.9em; }
dl.meta dt { font-weight: bold; margin-top: 0.25em; }
dl.meta dd { margin: 0 1.5em 0.25em; }
blockquote { margin: 0.75em 1.5em; }
.summary h2, .notes h2, .chapter-summary h2, .chapter-notes h2, .chapter-end-notes h2,
.chapter-summary h3, .chapter-notes h3, .chapter-end-notes h3 { font-size: 1em; margin: 1em 0 0.25em; }
.chapter-text { margin: 1.5em 0; }
hr { border: none; border-top: 1px solid #8a8a8a; width: 30%; margin: 1.5em auto; }
.source { font-size: 0.85em; text-align: center; margin-top: 2em; }
.center { text-align: center; }
.big { font-size: larger; }
.tt, code, kbd, samp, pre, .pre { font-family: monospace; }
pre, .pre { white-space: pre-wrap; font-size: 0.9em; }
.em, .i, .cite, .dfn, .var { font-style: italic; }
.strong, .b, .details-summary, .dt { font-weight: bold; }
.u { text-decoration: underline; }
.s { text-decoration: line-through; }
.h1, .h2, .h3, .h4, .h5, .h6 { font-weight: bold; margin: 1em 0 0.5em; }
.dd { margin: 0 1.5em 0.5em; }
table { border-collapse: collapse; margin: 1em 0; }
td, th, .td, .th { border: 1px solid #8a8a8a; padding: 0.2em 0.4em; vertical-align: top; }
.align-left { text-align: left; }
.align-center { text-align: center; }
.align-right { text-align: right; }
.align-justify { text-align: justify; }
.image-link { font-style: italic; }
a.tag { color: inherit; }
`.trim();
