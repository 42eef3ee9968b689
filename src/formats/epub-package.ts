// The EPUB package: META-INF/container.xml names the OPF file, which holds the metadata, the
// manifest (every file, by id) and the spine (the reading order). EPUB 2 and 3 share all of it.
import { ImportFormatError } from './import-error.ts';
import { attr, elementsNamed, firstNamed, parseXml, text, type Element } from './safe-xml.ts';
import type { ZipArchive } from './zip-read.ts';

export interface ManifestItem {
  id: string;
  /** Path inside the archive. */
  path: string;
  mediaType: string;
  properties: string[];
}

export interface EpubPackage {
  version: string;
  title?: string;
  creators: string[];
  language?: string;
  description?: string;
  subjects: string[];
  series?: { name: string; position: number };
  manifest: Map<string, ManifestItem>;
  /** Reading order, `linear="no"` items left out. */
  spine: ManifestItem[];
  /** The NCX named by the spine (EPUB 2), if any. */
  ncx?: ManifestItem;
  /** The navigation document (EPUB 3), if any. */
  nav?: ManifestItem;
  /** EPUB 2 guide: archive path → reference type ("cover", "title-page", "toc", "text"). */
  guide: Map<string, string>;
}

/** Resolves an href from a file at `from` to an archive path, or undefined if it leaves the archive. */
export function resolveHref(from: string, href: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(href.split('#')[0]!.split('?')[0]!);
  } catch {
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(decoded) || decoded.startsWith('/')) return undefined;
  const parts = from.split('/').slice(0, -1);
  for (const part of decoded.split('/')) {
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

export function readUtf8(archive: ZipArchive, path: string): string {
  return archive.read(path).toString('utf8').replace(/^\uFEFF/, '');
}

function opfPath(archive: ZipArchive): string {
  if (!archive.has('META-INF/container.xml')) throw new ImportFormatError('This EPUB has no META-INF/container.xml, so its contents cannot be found.');
  const container = parseXml(readUtf8(archive, 'META-INF/container.xml'), 'The EPUB container file');
  const rootfiles = elementsNamed(container, 'rootfile');
  const opf = rootfiles.find((r) => (attr(r, 'media-type') ?? '').includes('oebps-package')) ?? rootfiles[0];
  const path = opf && resolveHref('', attr(opf, 'full-path') ?? '');
  if (!path || !archive.has(path)) throw new ImportFormatError('This EPUB names no package file (OPF) that it contains.');
  return path;
}

function readSeries(metadata: Element): EpubPackage['series'] {
  const metas = elementsNamed(metadata, 'meta');
  // EPUB 3 collections, then Calibre's EPUB 2 convention (which AO3's downloads use).
  const collection = metas.find((m) => attr(m, 'property') === 'belongs-to-collection');
  if (collection) {
    const id = attr(collection, 'id');
    const position = metas.find((m) => id && attr(m, 'refines') === `#${id}` && attr(m, 'property') === 'group-position');
    return { name: text(collection), position: Math.max(1, Math.floor(Number(text(position)) || 1)) };
  }
  const named = (n: string) => metas.find((m) => attr(m, 'name') === n)?.attribs.content;
  const calibre = named('calibre:series');
  if (calibre?.trim()) return { name: calibre.trim(), position: Math.max(1, Math.floor(Number(named('calibre:series_index')) || 1)) };
  return undefined;
}

export function readPackage(archive: ZipArchive): EpubPackage {
  const path = opfPath(archive);
  const opf = parseXml(readUtf8(archive, path), 'The EPUB package file');
  const root = firstNamed(opf, 'package');
  const metadata = firstNamed(opf, 'metadata');
  if (!root || !metadata) throw new ImportFormatError('This EPUB package file has no metadata.');
  const dc = (name: string) => elementsNamed(metadata, name).map(text).filter(Boolean);

  const manifest = new Map<string, ManifestItem>();
  for (const item of elementsNamed(opf, 'item')) {
    const id = attr(item, 'id');
    const itemPath = resolveHref(path, attr(item, 'href') ?? '');
    if (!id || !itemPath) continue;
    manifest.set(id, { id, path: itemPath, mediaType: attr(item, 'media-type') ?? '', properties: (attr(item, 'properties') ?? '').split(/\s+/).filter(Boolean) });
  }
  const spineElement = firstNamed(opf, 'spine');
  const spine = elementsNamed(spineElement ?? [], 'itemref')
    .filter((ref) => attr(ref, 'linear') !== 'no')
    .map((ref) => manifest.get(attr(ref, 'idref') ?? ''))
    .filter((item): item is ManifestItem => item !== undefined && archive.has(item.path));
  const guide = new Map<string, string>();
  for (const ref of elementsNamed(firstNamed(opf, 'guide') ?? [], 'reference')) {
    const target = resolveHref(path, attr(ref, 'href') ?? '');
    if (target && !guide.has(target)) guide.set(target, (attr(ref, 'type') ?? '').toLowerCase());
  }
  const tocId = spineElement && attr(spineElement, 'toc');
  return {
    version: attr(root, 'version') ?? '2.0',
    title: dc('title')[0],
    creators: dc('creator'),
    language: dc('language')[0],
    description: dc('description')[0],
    subjects: dc('subject'),
    series: readSeries(metadata),
    manifest,
    spine,
    ncx: (tocId ? manifest.get(tocId) : undefined) ?? [...manifest.values()].find((m) => m.mediaType === 'application/x-dtbncx+xml'),
    nav: [...manifest.values()].find((m) => m.properties.includes('nav')),
    guide,
  };
}
