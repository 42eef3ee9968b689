// The one read model every download format is written from: the work as this viewer may see it
// (from loadWork + readableChapters), its HTML parsed and made valid once.
import { createHash } from 'node:crypto';
import type { ChapterView } from '../chapters/service.ts';
import { authorNames, chapterCountLabel, type WorkView } from '../works/present.ts';
import { languageDirection, languageName } from '../works/languages.ts';
import { hasContent, normalizeHtml } from './normalize.ts';
import { parseFragment, type Node } from './tree.ts';

export interface ExportChapter {
  number: number;
  /** "Chapter 3: The Storm", or for a one-chapter work its own title (or the work's). */
  heading: string;
  title: string;
  summary: Node[];
  notes: Node[];
  body: Node[];
  endNotes: Node[];
}

export interface MetaRow {
  label: string;
  values: string[];
  /** Tag rows link to the archive's tag pages. */
  tags: boolean;
}

export interface ExportDocument {
  workId: number;
  title: string;
  /** "Anonymous" for an anonymous work seen by anyone but its creators and admins. */
  authors: string[];
  language: string;
  languageName: string;
  dir: 'ltr' | 'rtl';
  siteName: string;
  /** The archive's public address (no trailing slash) and the work's page on it. */
  siteUrl: string;
  url: string;
  /** A stable urn:uuid for the work, the same whoever downloads it and however. */
  identifier: string;
  /** When the work last changed: YYYY-MM-DDThh:mm:ssZ. */
  modified: string;
  published: string | null;
  updated: string;
  rating: string;
  tags: { label: string; kind: string; names: string[] }[];
  meta: MetaRow[];
  summary: Node[];
  notes: Node[];
  endNotes: Node[];
  chapters: ExportChapter[];
  /** More than one chapter: chapters get numbered headings. */
  multiChapter: boolean;
}

export interface DocumentSite {
  siteName: string;
  /** Where the reader got the file: BASE_URL, or the request's own origin. */
  siteUrl: string;
  /** What the identifier is derived from: BASE_URL when set, else the site name. */
  siteKey: string;
}

const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** RFC 4122 name-based (SHA-1, version 5) UUID. */
export function uuidV5(name: string, namespace = URL_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const workIdentifier = (siteKey: string, workId: number): string => `urn:uuid:${uuidV5(`${siteKey.replace(/\/+$/, '')}/works/${workId}`)}`;

function isoSeconds(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '1970-01-01T00:00:00Z' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const day = (iso: string | null): string | null => (iso ? iso.slice(0, 10) : null);

function part(html: string, base: string, idPrefix: string): Node[] {
  if (html.trim() === '') return [];
  const nodes = normalizeHtml(parseFragment(html), { base, idPrefix });
  return hasContent(nodes) ? nodes : [];
}

export function buildDocument(work: WorkView, chapters: ChapterView[], site: DocumentSite): ExportDocument {
  const siteUrl = site.siteUrl.replace(/\/+$/, '');
  const url = `${siteUrl}/works/${work.id}`;
  const title = work.title.trim() || `Work ${work.id}`;
  const multi = chapters.length > 1;
  const tags = [
    { label: 'Archive Warnings', kind: 'warning', names: work.warnings },
    { label: 'Categories', kind: 'category', names: work.categories },
    { label: 'Fandoms', kind: 'fandom', names: work.fandoms },
    { label: 'Relationships', kind: 'relationship', names: work.relationships },
    { label: 'Characters', kind: 'character', names: work.characters },
    { label: 'Additional Tags', kind: 'freeform', names: work.freeforms },
  ];
  const published = day(work.publishedAt);
  const meta: MetaRow[] = [
    { label: 'Rating', values: [work.rating], tags: true },
    ...tags.filter((t) => t.names.length > 0).map((t) => ({ label: t.label, values: t.names, tags: true })),
    { label: 'Language', values: [languageName(work.language)], tags: false },
    ...(published ? [{ label: 'Published', values: [published], tags: false }] : []),
    { label: 'Updated', values: [day(work.updatedAt)!], tags: false },
    { label: 'Words', values: [work.words.toLocaleString('en')], tags: false },
    { label: 'Chapters', values: [chapterCountLabel(work)], tags: false },
  ];
  return {
    workId: work.id,
    title,
    authors: authorNames(work),
    language: work.language,
    languageName: languageName(work.language),
    dir: languageDirection(work.language),
    siteName: site.siteName,
    siteUrl,
    url,
    identifier: workIdentifier(site.siteKey, work.id),
    modified: isoSeconds(work.updatedAt),
    published,
    updated: day(work.updatedAt)!,
    rating: work.rating,
    tags,
    meta,
    summary: part(work.summaryHtml, url, 'work-summary-'),
    notes: part(work.notesHtml, url, 'work-notes-'),
    endNotes: part(work.endNotesHtml, url, 'work-end-notes-'),
    multiChapter: multi,
    chapters: chapters.map((c) => {
      const base = `${url}/chapters/${c.number}`;
      const chapterTitle = c.title.trim();
      return {
        number: c.number,
        title: chapterTitle,
        heading: multi ? `Chapter ${c.number}${chapterTitle ? `: ${chapterTitle}` : ''}` : chapterTitle || title,
        summary: part(c.summaryHtml, base, `c${c.number}-summary-`),
        notes: part(c.notesHtml, base, `c${c.number}-notes-`),
        body: part(c.html, base, `c${c.number}-`),
        endNotes: part(c.endNotesHtml, base, `c${c.number}-end-notes-`),
      };
    }),
  };
}

/** The archive's page for a tag, as the work page links it. */
export const tagUrl = (doc: Pick<ExportDocument, 'siteUrl'>, name: string): string => `${doc.siteUrl}/tags/${encodeURIComponent(name)}/works`;
