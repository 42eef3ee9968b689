// Chapter titles and landmarks from an EPUB's table of contents: the EPUB 3 navigation document
// (nav epub:type="toc" and "landmarks") or, for EPUB 2, the NCX navMap.
import { DomUtils } from 'htmlparser2';
import { readUtf8, resolveHref, type EpubPackage } from './epub-package.ts';
import { attr, elementsNamed, firstNamed, parseXml, text } from './safe-xml.ts';
import type { ZipArchive } from './zip-read.ts';

export interface EpubToc {
  /** Archive path → the first label the table of contents gives it. */
  labels: Map<string, string>;
  /** Archive path → landmark type ("cover", "titlepage", "toc", "bodymatter", "backmatter"). */
  landmarks: Map<string, string>;
}

const types = (value: string | undefined) => (value ?? '').split(/\s+/).filter(Boolean);

function fromNav(archive: ZipArchive, path: string, toc: EpubToc): void {
  const doc = parseXml(readUtf8(archive, path), 'The EPUB navigation document');
  for (const nav of elementsNamed(doc, 'nav')) {
    const kind = types(attr(nav, 'type'));
    for (const link of elementsNamed(nav, 'a')) {
      const target = resolveHref(path, attr(link, 'href') ?? '');
      if (!target) continue;
      if (kind.includes('toc') && !toc.labels.has(target)) toc.labels.set(target, text(link));
      if (kind.includes('landmarks')) for (const type of types(attr(link, 'type'))) if (!toc.landmarks.has(target)) toc.landmarks.set(target, type);
    }
  }
}

function fromNcx(archive: ZipArchive, path: string, toc: EpubToc): void {
  const doc = parseXml(readUtf8(archive, path), 'The EPUB table of contents (NCX)');
  const navMap = firstNamed(doc, 'navmap');
  for (const point of elementsNamed(navMap ?? [], 'navpoint')) {
    // The point's own label, not those of the points nested inside it.
    const label = DomUtils.findOne((el) => el.name.toLowerCase().endsWith('navlabel'), point.children, false);
    const content = DomUtils.findOne((el) => el.name.toLowerCase().endsWith('content'), point.children, false);
    const target = content && resolveHref(path, attr(content, 'src') ?? '');
    if (target && label && !toc.labels.has(target)) toc.labels.set(target, text(label));
  }
}

/** Reads the navigation document when it gives labels, else the NCX. */
export function readToc(archive: ZipArchive, pkg: EpubPackage): EpubToc {
  const toc: EpubToc = { labels: new Map(), landmarks: new Map() };
  if (pkg.nav && archive.has(pkg.nav.path)) fromNav(archive, pkg.nav.path, toc);
  if (toc.labels.size === 0 && pkg.ncx && archive.has(pkg.ncx.path)) fromNcx(archive, pkg.ncx.path, toc);
  return toc;
}
