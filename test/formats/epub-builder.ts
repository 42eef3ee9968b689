// Builds small EPUB 2 and EPUB 3 files for import tests with our own ZIP writer: the package,
// the NCX or navigation document, and one XHTML file per spine item.
import { zip, type ZipEntry } from '../../src/exports/zip.ts';

export interface SpineFile {
  /** File name under OEBPS/. */
  href: string;
  /** Body markup. */
  body: string;
  /** Table of contents label; none leaves the file out of the TOC. */
  label?: string;
  linear?: boolean;
  /** EPUB 2 guide type ("cover", "title-page", "text"). */
  guide?: string;
  /** Written as the <!DOCTYPE …> line; EPUB 3 defaults to `<!DOCTYPE html>`. */
  doctype?: string;
}

export interface BookOptions {
  version: 2 | 3;
  title: string;
  creators?: string[];
  language?: string;
  description?: string;
  subjects?: string[];
  /** Extra lines inside <metadata>. */
  metadata?: string;
  files: SpineFile[];
  /** Order of the spine by href, when it differs from the manifest's. */
  spineOrder?: string[];
}

const XHTML_1_1 = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function xhtml(title: string, body: string, doctype = '<!DOCTYPE html>'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>${esc(title)}</title></head>\n<body>${body}</body></html>\n`;
}

export const CONTAINER = `<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>`;

const id = (href: string) => `f-${href.replace(/[^a-z0-9]/gi, '-')}`;

function packageDocument(book: BookOptions): string {
  const items = book.files.map((f) => `<item id="${id(f.href)}" href="${f.href}" media-type="application/xhtml+xml"/>`);
  const nav = book.version === 3 ? '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>' : '';
  const order = book.spineOrder ?? book.files.map((f) => f.href);
  const spine = order.map((href) => {
    const file = book.files.find((f) => f.href === href)!;
    return `<itemref idref="${id(href)}"${file.linear === false ? ' linear="no"' : ''}/>`;
  });
  const guide = book.files.filter((f) => f.guide).map((f) => `<reference type="${f.guide}" title="${f.guide}" href="${f.href}"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="${book.version}.0" unique-identifier="uid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:identifier id="uid">urn:uuid:00000000-0000-4000-8000-000000000001</dc:identifier>
    <dc:title>${esc(book.title)}</dc:title>
    ${(book.creators ?? []).map((c) => `<dc:creator opf:role="aut">${esc(c)}</dc:creator>`).join('\n    ')}
    ${book.language ? `<dc:language>${book.language}</dc:language>` : ''}
    ${book.description ? `<dc:description>${esc(book.description)}</dc:description>` : ''}
    ${(book.subjects ?? []).map((s) => `<dc:subject>${esc(s)}</dc:subject>`).join('\n    ')}
    ${book.metadata ?? ''}
  </metadata>
  <manifest>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    ${nav}
    ${items.join('\n    ')}
  </manifest>
  <spine toc="ncx">
    ${spine.join('\n    ')}
  </spine>
  ${guide.length > 0 ? `<guide>${guide.join('')}</guide>` : ''}
</package>`;
}

function ncx(book: BookOptions): string {
  const points = book.files.filter((f) => f.label !== undefined).map((f, i) =>
    `<navPoint id="p${i + 1}" playOrder="${i + 1}"><navLabel><text>${esc(f.label!)}</text></navLabel><content src="${f.href}"/></navPoint>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE ncx PUBLIC "-//NISO//DTD ncx 2005-1//EN" "http://www.daisy.org/z3986/2005/ncx-2005-1.dtd">
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/><docTitle><text>${esc(book.title)}</text></docTitle>
<navMap>${points.join('\n')}</navMap></ncx>`;
}

function navDocument(book: BookOptions): string {
  const links = book.files.filter((f) => f.label !== undefined).map((f) => `<li><a href="${f.href}">${esc(f.label!)}</a></li>`);
  const landmarks = book.files.filter((f) => f.guide === 'cover' || f.guide === 'title-page')
    .map((f) => `<li><a epub:type="${f.guide === 'cover' ? 'cover' : 'titlepage'}" href="${f.href}">${f.guide}</a></li>`);
  return xhtml('Contents', `<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>${links.join('')}</ol></nav><nav epub:type="landmarks" hidden="hidden"><ol>${landmarks.join('')}</ol></nav>`);
}

/** The entries of an EPUB, in the order a real one has them, for tests that tamper with them. */
export function epubEntries(book: BookOptions): ZipEntry[] {
  return [
    { name: 'mimetype', data: 'application/epub+zip', store: true },
    { name: 'META-INF/container.xml', data: CONTAINER },
    { name: 'OEBPS/content.opf', data: packageDocument(book) },
    { name: 'OEBPS/toc.ncx', data: ncx(book) },
    ...(book.version === 3 ? [{ name: 'OEBPS/nav.xhtml', data: navDocument(book) }] : []),
    ...book.files.map((f) => ({ name: `OEBPS/${f.href}`, data: xhtml(f.label ?? book.title, f.body, f.doctype ?? (book.version === 2 ? XHTML_1_1 : undefined)) })),
  ];
}

export const buildEpub = (book: BookOptions): Buffer => zip(epubEntries(book), new Date('2024-01-01T00:00:00Z'));
