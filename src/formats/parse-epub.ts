// EPUB 2 and 3 import: the archive read under limits, every XML part checked for entity tricks,
// metadata from the OPF, chapters from the spine. AO3's EPUB downloads are recognised by their
// preface and read like their HTML downloads. Nothing is fetched; images are not imported.
import { DomUtils, parseDocument } from 'htmlparser2';
import { assembleChapters, type SpineDocument } from './epub-chapters.ts';
import { readPackage, readUtf8, type EpubPackage, type ManifestItem } from './epub-package.ts';
import { readToc, type EpubToc } from './epub-toc.ts';
import { ImportFormatError } from './import-error.ts';
import { IMPORT_LIMITS } from './import-limits.ts';
import { ao3DetailsList, parseAo3Document } from './parse-ao3.ts';
import { emptyMeta, type ParsedWork } from './parsed-work.ts';
import type { ParseOptions } from './parse-text.ts';
import { paragraphText } from './preface-list.ts';
import { attr, firstNamed, parseXml } from './safe-xml.ts';
import { readZip } from './zip-read.ts';

const CONTENT_TYPES = new Set(['application/xhtml+xml', 'text/html', 'application/html']);

function languageCode(value: string | undefined): string | undefined {
  const code = value?.trim().replace(/^[A-Za-z]+/, (primary) => primary.toLowerCase());
  return code && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(code) ? code : undefined;
}

function spineDocument(archive: ReturnType<typeof readZip>, pkg: EpubPackage, toc: EpubToc, item: ManifestItem): SpineDocument {
  const source = readUtf8(archive, item.path);
  const dom = parseXml(source, `"${item.path.slice(0, 80)}"`);
  const body = firstNamed(dom, 'body');
  const types = new Set<string>();
  const addTypes = (value: string | undefined) => (value ?? '').toLowerCase().split(/\s+/).filter(Boolean).forEach((t) => types.add(t));
  if (body) {
    addTypes(attr(body, 'type'));
    for (const child of body.children) if (DomUtils.isTag(child)) addTypes(attr(child, 'type'));
  }
  addTypes(pkg.guide.get(item.path));
  addTypes(toc.landmarks.get(item.path));
  if (item.properties.includes('nav') || item.path === pkg.nav?.path) types.add('nav');
  const html = body ? DomUtils.getInnerHTML(body, { decodeEntities: false }) : '';
  return { path: item.path, types, html };
}

function summaryOf(description: string | undefined): string | undefined {
  if (!description) return undefined;
  // Calibre (and so AO3) writes the summary as escaped HTML.
  const text = /<[a-z][^>]*>/i.test(description) ? paragraphText(description) : description.trim();
  return text || undefined;
}

/** Parses an .epub file's bytes into a ParsedWork, or throws ImportFormatError saying why not. */
export function parseEpub(bytes: Uint8Array, options: ParseOptions = {}): ParsedWork {
  const archive = readZip(bytes);
  if (archive.has('mimetype') && !/^application\/epub\+zip\s*$/.test(archive.read('mimetype').toString('latin1'))) {
    throw new ImportFormatError('This ZIP archive is not an EPUB (its mimetype entry says otherwise).');
  }
  const pkg = readPackage(archive);
  const toc = readToc(archive, pkg);
  const items = pkg.spine.filter((item) => CONTENT_TYPES.has(item.mediaType));
  if (items.length > IMPORT_LIMITS.chapters * 2) throw new ImportFormatError(`This EPUB has ${items.length.toLocaleString('en')} files to read; at most ${(IMPORT_LIMITS.chapters * 2).toLocaleString('en')} are allowed.`);
  const docs = items.map((item) => spineDocument(archive, pkg, toc, item));
  const language = languageCode(pkg.language);

  // AO3's EPUBs are its HTML download cut into files: joined again, they read the same way.
  if (docs.some((d) => /\bid="(preface|chapters)"|Posted originally on the/.test(d.html))) {
    const joined = parseDocument(docs.filter((d) => !d.types.has('nav')).map((d) => d.html).join('\n'), { lowerCaseTags: true, lowerCaseAttributeNames: true });
    const details = ao3DetailsList(joined);
    if (details) {
      const work = parseAo3Document(joined, details, { fallbackTitle: pkg.title ?? options.fallbackTitle });
      if (!work.language && language) work.language = language;
      if (!work.series && pkg.series) work.series = pkg.series;
      return work;
    }
  }

  const story = assembleChapters(docs, toc);
  if (story.chapters.length === 0) throw new ImportFormatError('This EPUB has no story text to import.');
  if (story.chapters.length > IMPORT_LIMITS.chapters) throw new ImportFormatError(`This EPUB has ${story.chapters.length.toLocaleString('en')} chapters; at most ${IMPORT_LIMITS.chapters.toLocaleString('en')} can be imported.`);
  const details = story.details;
  const work: ParsedWork = {
    ...emptyMeta(),
    // dc:subject holds the details list's tags (and the rating) too, so the list wins when there is one.
    tags: details ? [] : pkg.subjects,
    ...details?.meta,
    title: pkg.title || options.fallbackTitle || 'Untitled',
    authors: pkg.creators,
    complete: details?.complete ?? true,
    chapters: story.chapters,
  };
  const summary = summaryOf(pkg.description);
  const lang = details?.meta.language ?? language;
  if (summary) work.summary = summary;
  if (story.endNotes) work.endNotes = story.endNotes;
  if (lang) work.language = lang;
  else delete work.language;
  if (details?.series ?? pkg.series) work.series = details?.series ?? pkg.series;
  return work;
}
