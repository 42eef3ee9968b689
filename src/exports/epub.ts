// EPUB 3 (with an EPUB 2 NCX for older readers): a title page with the work's details, a
// navigation document, one XHTML file per chapter and the work's end notes. Validates with
// epubcheck without errors or warnings; see test/exports/epub.test.ts.
import type { ExportDocument } from './document.ts';
import { BASE_CSS, chapterParts, endNotes, preface } from './parts.ts';
import { el, serialize, type Children, type Element, type Node } from './tree.ts';
import { textStyle } from './text.ts';
import { renderFlow } from './flow.ts';
import { zip, type ZipEntry } from './zip.ts';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

const EPUB_CSS = `${BASE_CSS}
body { margin: 0 4%; }
nav ol { list-style: none; padding: 0; margin: 0; }
nav li { margin: 0.35em 0; }
nav a { text-decoration: none; }
`;

interface ContentFile {
  id: string;
  href: string;
  /** Label in the table of contents. */
  label: string;
  /** Landmark type, if this file is one. */
  landmark?: 'titlepage' | 'bodymatter' | 'backmatter';
  xhtml: string;
}

function xhtmlDocument(doc: ExportDocument, title: string, body: Children): string {
  const html = el(
    'html',
    { xmlns: 'http://www.w3.org/1999/xhtml', 'xmlns:epub': 'http://www.idpf.org/2007/ops', lang: doc.language, 'xml:lang': doc.language, dir: doc.dir },
    el('head', null, el('meta', { charset: 'utf-8' }), el('title', null, title), el('link', { rel: 'stylesheet', type: 'text/css', href: 'style.css' })),
    el('body', { dir: doc.dir }, body),
  );
  return `${XML_DECLARATION}<!DOCTYPE html>\n${serialize([html])}\n`;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function contentFiles(doc: ExportDocument): ContentFile[] {
  const files: ContentFile[] = [];
  files.push({
    id: 'title-page',
    href: 'title.xhtml',
    label: doc.title,
    landmark: 'titlepage',
    xhtml: xhtmlDocument(doc, doc.title, el('section', { 'epub:type': 'titlepage', class: 'title-page' }, preface(doc, { epub: true, level: 1 }))),
  });
  const width = Math.max(3, String(doc.chapters.length).length);
  for (const [i, chapter] of doc.chapters.entries()) {
    files.push({
      id: `chapter-${pad(chapter.number, width)}`,
      href: `chapter-${pad(chapter.number, width)}.xhtml`,
      label: chapter.heading,
      landmark: i === 0 ? 'bodymatter' : undefined,
      xhtml: xhtmlDocument(doc, chapter.heading, el('section', { 'epub:type': 'chapter', class: 'chapter' }, chapterParts(doc, chapter, { epub: true, level: 1 }))),
    });
  }
  if (doc.endNotes.length > 0) {
    files.push({
      id: 'end-notes',
      href: 'end-notes.xhtml',
      label: 'End notes',
      landmark: 'backmatter',
      xhtml: xhtmlDocument(doc, `${doc.title}: End notes`, el('section', { 'epub:type': 'afterword', class: 'end-notes' }, endNotes(doc, 1))),
    });
  }
  return files;
}

function navDocument(doc: ExportDocument, files: ContentFile[]): string {
  const toc = el(
    'nav',
    { 'epub:type': 'toc', id: 'toc' },
    el('h1', null, 'Contents'),
    el('ol', null, files.map((f) => el('li', null, el('a', { href: f.href }, f.label)))),
  );
  const landmarks = el(
    'nav',
    { 'epub:type': 'landmarks', id: 'landmarks', hidden: 'hidden' },
    el('h2', null, 'Landmarks'),
    el(
      'ol',
      null,
      el('li', null, el('a', { 'epub:type': 'toc', href: 'nav.xhtml#toc' }, 'Contents')),
      files.filter((f) => f.landmark).map((f) => el('li', null, el('a', { 'epub:type': f.landmark!, href: f.href }, f.landmark === 'titlepage' ? 'Title page' : f.landmark === 'bodymatter' ? 'Start of the story' : 'End notes'))),
    ),
  );
  return xhtmlDocument(doc, `${doc.title}: Contents`, [toc, landmarks]);
}

function ncxDocument(doc: ExportDocument, files: ContentFile[]): string {
  const ncx = el(
    'ncx',
    { xmlns: 'http://www.daisy.org/z3986/2005/ncx/', version: '2005-1', 'xml:lang': doc.language },
    el(
      'head',
      null,
      el('meta', { name: 'dtb:uid', content: doc.identifier }),
      el('meta', { name: 'dtb:depth', content: '1' }),
      el('meta', { name: 'dtb:totalPageCount', content: '0' }),
      el('meta', { name: 'dtb:maxPageNumber', content: '0' }),
    ),
    el('docTitle', null, el('text', null, doc.title)),
    el('docAuthor', null, el('text', null, doc.authors.join(', '))),
    el(
      'navMap',
      null,
      files.map((f, i) => el('navPoint', { id: `nav-${f.id}`, playOrder: String(i + 1) }, el('navLabel', null, el('text', null, f.label)), el('content', { src: f.href }))),
    ),
  );
  return XML_DECLARATION + serialize([ncx], { xml: true }) + '\n';
}

/** Plain text of a part, for metadata fields. */
const plain = (nodes: Node[]): string => renderFlow(nodes, textStyle, Infinity).join('\n').trim();

function packageDocument(doc: ExportDocument, files: ContentFile[]): string {
  const subjects = [...new Set([doc.rating, ...doc.tags.flatMap((t) => t.names)])];
  const metadata: Element = el(
    'metadata',
    { 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' },
    el('dc:identifier', { id: 'book-id' }, doc.identifier),
    el('dc:title', { id: 'title' }, doc.title),
    doc.authors.map((name, i) => [
      el('dc:creator', { id: `creator-${i + 1}` }, name),
      el('meta', { refines: `#creator-${i + 1}`, property: 'role', scheme: 'marc:relators' }, 'aut'),
    ]),
    el('dc:language', null, doc.language),
    el('dc:publisher', null, doc.siteName),
    doc.published ? el('dc:date', null, doc.published) : null,
    el('dc:source', null, doc.url),
    doc.summary.length > 0 ? el('dc:description', null, plain(doc.summary)) : null,
    subjects.map((s) => el('dc:subject', null, s)),
    el('meta', { property: 'dcterms:modified' }, doc.modified),
  );
  const manifest = el(
    'manifest',
    null,
    el('item', { id: 'nav', href: 'nav.xhtml', 'media-type': 'application/xhtml+xml', properties: 'nav' }),
    el('item', { id: 'ncx', href: 'toc.ncx', 'media-type': 'application/x-dtbncx+xml' }),
    el('item', { id: 'style', href: 'style.css', 'media-type': 'text/css' }),
    files.map((f) => el('item', { id: f.id, href: f.href, 'media-type': 'application/xhtml+xml' })),
  );
  const spine = el(
    'spine',
    { toc: 'ncx', 'page-progression-direction': doc.dir },
    el('itemref', { idref: files[0]!.id }),
    el('itemref', { idref: 'nav' }),
    files.slice(1).map((f) => el('itemref', { idref: f.id })),
  );
  const pkg = el(
    'package',
    { xmlns: 'http://www.idpf.org/2007/opf', version: '3.0', 'unique-identifier': 'book-id', 'xml:lang': doc.language },
    metadata,
    manifest,
    spine,
  );
  return XML_DECLARATION + serialize([pkg], { xml: true }) + '\n';
}

const CONTAINER = `${XML_DECLARATION}<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

export function renderEpub(doc: ExportDocument): Buffer {
  const files = contentFiles(doc);
  const entries: ZipEntry[] = [
    // OCF: `mimetype` first, stored, so readers can recognise the file by its first bytes.
    { name: 'mimetype', data: 'application/epub+zip', store: true },
    { name: 'META-INF/container.xml', data: CONTAINER },
    { name: 'EPUB/package.opf', data: packageDocument(doc, files) },
    { name: 'EPUB/nav.xhtml', data: navDocument(doc, files) },
    { name: 'EPUB/toc.ncx', data: ncxDocument(doc, files) },
    { name: 'EPUB/style.css', data: EPUB_CSS },
    ...files.map((f) => ({ name: `EPUB/${f.href}`, data: f.xhtml })),
  ];
  return zip(entries, new Date(doc.modified));
}
