// One work as a catalog publication, for both dialects: its plain-text summary, its tags as
// subjects, and its download links. Built from the WorkView the search returned, so "Anonymous"
// and the viewer's visibility are already applied.
import type { WorkView } from '../works/present.ts';
import { htmlText } from '../formats/wordcount.ts';
import { GATED_RATINGS } from '../tags/fixed.ts';
import { FORMATS, FORMAT_INFO } from '../exports/formats.ts';
import { downloadHref } from '../exports/views.tsx';
import { withParams } from './navigation.ts';

export const workPath = (work: Pick<WorkView, 'id'>): string => `/works/${work.id}`;

/** The summary as plain text, paragraphs kept apart by a blank line. */
export function plainSummary(work: Pick<WorkView, 'summaryHtml'>): string {
  return htmlText(work.summaryHtml).replace(/[ \t]+/g, ' ').replace(/ *\n\s*/g, '\n').replace(/\n+/g, '\n\n').trim();
}

export interface Subject {
  /** The tag kind, which the catalog uses as the category scheme. */
  kind: 'rating' | 'warning' | 'category' | 'fandom' | 'relationship' | 'character' | 'freeform';
  name: string;
}

export function subjectsOf(work: WorkView): Subject[] {
  const of = (kind: Subject['kind'], names: string[]) => names.map((name) => ({ kind, name }));
  return [
    ...of('rating', [work.rating]),
    ...of('warning', work.warnings),
    ...of('category', work.categories),
    ...of('fandom', work.fandoms),
    ...of('relationship', work.relationships),
    ...of('character', work.characters),
    ...of('freeform', work.freeforms),
  ];
}

/** "12,345 words · 3/5 chapters · complete" for the entry's content. */
export function statsLine(work: WorkView): string {
  return `${work.words.toLocaleString('en')} words · ${work.postedChapters}/${work.expectedChapters ?? '?'} chapters · ${work.complete ? 'complete' : 'in progress'}`;
}

export interface DownloadLink {
  href: string;
  type: string;
  title: string;
}

/**
 * Every download of the work, EPUB first. Guests meet the adult gate on the download route; a
 * reader choosing a rated work's file in an e-reader has seen its rating in the catalog, so the
 * link carries the gate's own "proceed" (view_adult=true) instead of leading to the gate page.
 */
export function downloadLinks(work: WorkView): DownloadLink[] {
  const gated = GATED_RATINGS.has(work.rating);
  return FORMATS.map((format) => ({
    href: gated ? withParams(downloadHref(work, format), { view_adult: 'true' }) : downloadHref(work, format),
    type: FORMAT_INFO[format].contentType.split(';')[0]!,
    title: FORMAT_INFO[format].label,
  }));
}
