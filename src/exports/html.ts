// One self-contained HTML file: styles inline, no scripts, no images or fonts fetched (a
// Content-Security-Policy meta tag makes sure), readable offline in any browser.
import type { ExportDocument } from './document.ts';
import { BASE_CSS, chapterParts, endNotes, preface, sourceNote } from './parts.ts';
import { el, serialize } from './tree.ts';

const HTML_CSS = `${BASE_CSS}
:root { color-scheme: light dark; }
body { max-width: 38em; margin: 0 auto; padding: 1em 1.25em 3em; font-family: Georgia, "Times New Roman", serif; font-size: 1.1rem; color: #222; background: #fdfdfb; }
a { color: #2a5db0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; }
dl.meta dt, dl.meta dd { margin: 0; }
nav.toc { margin: 2em 0; }
nav.toc h2 { font-size: 1.1em; }
nav.toc ol { padding: 0 1.5em; }
.chapter { margin-top: 3em; }
.end-notes { margin-top: 3em; }
footer { margin-top: 3em; border-top: 1px solid #8a8a8a; }
@media (prefers-color-scheme: dark) {
  body { color: #ddd; background: #1b1b1b; }
  a { color: #8db4f0; }
}
@media print { body { max-width: none; background: none; color: #000; } nav.toc { display: none; } .chapter { page-break-before: always; } }
`;

// Nothing in the file may load anything: styles come from the <style> element alone.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export function renderHtml(doc: ExportDocument): string {
  const toc =
    doc.chapters.length > 1
      ? el(
          'nav',
          { class: 'toc', 'aria-labelledby': 'toc-title' },
          el('h2', { id: 'toc-title' }, 'Chapters'),
          el('ol', null, doc.chapters.map((c) => el('li', null, el('a', { href: `#chapter-${c.number}` }, c.title || `Chapter ${c.number}`)))),
        )
      : null;
  const page = el(
    'html',
    { lang: doc.language, dir: doc.dir },
    el(
      'head',
      null,
      el('meta', { charset: 'utf-8' }),
      el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      el('meta', { 'http-equiv': 'Content-Security-Policy', content: CSP }),
      el('meta', { name: 'author', content: doc.authors.join(', ') }),
      el('title', null, `${doc.title} - ${doc.authors.join(', ')}`),
      el('style', null, HTML_CSS),
    ),
    el(
      'body',
      null,
      el('header', { class: 'preface' }, preface(doc, { epub: false, level: 2 })),
      toc,
      el('main', null, doc.chapters.map((c) => el('section', { class: 'chapter', id: `chapter-${c.number}` }, chapterParts(doc, c, { epub: false, level: 2 })))),
      doc.endNotes.length > 0 ? el('section', { class: 'end-notes' }, endNotes(doc, 2)) : null,
      el('footer', null, sourceNote(doc)),
    ),
  );
  return `<!DOCTYPE html>\n${serialize([page])}\n`;
}
