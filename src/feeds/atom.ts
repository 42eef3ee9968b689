// Atom (RFC 4287) feeds of works. Entries come from WorkView read models, so
// visibility (restricted, anonymous) is already decided before anything is written.
import { xmlText } from './xml.ts';
import type { WorkView } from '../works/present.ts';
import { authorNames } from '../works/present.ts';

export interface FeedMeta {
  id: string;
  title: string;
  selfUrl: string;
  htmlUrl: string;
  siteUrl: string;
}

// Not the HTML escaper: a control character in a title would make the whole feed unreadable XML.
const x = xmlText;
const latest = (works: WorkView[]): string => works.reduce((m, w) => (w.updatedAt > m ? w.updatedAt : m), '1970-01-01T00:00:00.000Z');

function entry(w: WorkView, siteUrl: string): string {
  const url = `${siteUrl}/works/${w.id}`;
  const tags = [w.rating, ...w.warnings, ...w.categories, ...w.fandoms, ...w.relationships, ...w.characters, ...w.freeforms];
  const summary = `<p>by ${x(authorNames(w).join(', '))}</p><p>Fandoms: ${x(w.fandoms.join(', '))} · Rating: ${x(w.rating)} · Words: ${w.words} · Chapters: ${w.postedChapters}/${w.expectedChapters ?? '?'}</p>${w.summaryHtml}`;
  return [
    '<entry>',
    `<id>${x(url)}</id>`,
    `<title type="text">${x(w.title)}</title>`,
    `<updated>${x(w.updatedAt)}</updated>`,
    w.publishedAt ? `<published>${x(w.publishedAt)}</published>` : '',
    ...authorNames(w).map((a) => `<author><name>${x(a)}</name></author>`),
    `<link rel="alternate" type="text/html" href="${x(url)}"/>`,
    ...tags.map((t) => `<category term="${x(t)}"/>`),
    `<summary type="html">${x(summary)}</summary>`,
    '</entry>',
  ].join('');
}

export function atomFeed(meta: FeedMeta, works: WorkView[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${x(meta.id)}</id>`,
    `<title type="text">${x(meta.title)}</title>`,
    `<updated>${x(latest(works))}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${x(meta.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${x(meta.htmlUrl)}"/>`,
    `<author><name>${x(meta.title)}</name></author>`,
    `<generator>Quire</generator>`,
    ...works.map((w) => entry(w, meta.siteUrl)),
    '</feed>',
  ].join('\n');
}
