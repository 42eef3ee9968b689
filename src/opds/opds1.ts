// OPDS 1.2 catalog documents: Atom feeds (RFC 4287) with OPDS link relations and media types.
// The OPDS schema allows only plain-text summaries, so the blurb with tags and counts goes in
// content; Dublin Core carries the language, OpenSearch elements the result counts.
import { element, xmlText } from '../feeds/xml.ts';
import { authorNames, type WorkView } from '../works/present.ts';
import { MEDIA, REL, rootPath, type AcquisitionDocument, type NavDocument } from './navigation.ts';
import { downloadLinks, plainSummary, statsLine, subjectsOf, workPath } from './publication.ts';

const NAMESPACES = {
  xmlns: 'http://www.w3.org/2005/Atom',
  'xmlns:dc': 'http://purl.org/dc/terms/',
  'xmlns:opds': 'http://opds-spec.org/2010/catalog',
  'xmlns:opensearch': 'http://a9.com/-/spec/opensearch/1.1/',
  'xmlns:thr': 'http://purl.org/syndication/thread/1.0',
};

export interface Site {
  url: string;
  name: string;
}

const link = (rel: string, href: string, type: string, extra: Record<string, string | number | undefined> = {}) => element('link', { rel, href, type, ...extra });

function head(site: Site, doc: { path: string; title: string; updated: string; up?: string }, kind: 'navigation' | 'acquisition'): string[] {
  const open = element('feed', NAMESPACES).replace('/>', '>');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    open,
    element('id', {}, site.url + doc.path),
    element('title', { type: 'text' }, doc.title),
    element('updated', {}, doc.updated),
    `<author>${element('name', {}, site.name)}${element('uri', {}, `${site.url}/`)}</author>`,
    link('self', site.url + doc.path, MEDIA[kind]),
    link('start', site.url + rootPath('opds1'), MEDIA.navigation, { title: `${site.name} catalog` }),
    doc.up ? link('up', site.url + doc.up, MEDIA.navigation) : '',
    link('search', `${site.url}/opds/opensearch.xml`, MEDIA.opensearch, { title: `Search ${site.name}` }),
  ];
}

export function navigationFeed(site: Site, doc: NavDocument): string {
  const entries = doc.entries.map((e) =>
    [
      '<entry>',
      element('id', {}, site.url + e.path),
      element('title', { type: 'text' }, e.title),
      element('updated', {}, doc.updated),
      element('content', { type: 'text' }, e.description),
      link(e.rel, site.url + e.path, MEDIA[e.feed], { 'thr:count': e.count }),
      '</entry>',
    ].join(''),
  );
  return [...head(site, doc, 'navigation'), ...entries, '</feed>'].filter((l) => l !== '').join('\n');
}

function entry(site: Site, work: WorkView): string {
  const url = site.url + workPath(work);
  const authors = authorNames(work);
  const blurb = `<p>by ${xmlText(authors.join(', '))}</p><p>${xmlText(`${work.rating} · ${work.fandoms.join(', ')}`)}</p><p>${xmlText(statsLine(work))}</p>${work.summaryHtml}`;
  const summary = plainSummary(work);
  return [
    '<entry>',
    element('id', {}, url),
    element('title', { type: 'text' }, work.title),
    element('updated', {}, work.updatedAt),
    work.publishedAt ? element('published', {}, work.publishedAt) : '',
    // An anonymous work's "author" is the word Anonymous and nothing else: no uri to a profile.
    ...(work.authors ?? [null]).map((a, i) => `<author>${element('name', {}, authors[i]!)}${a ? element('uri', {}, `${site.url}/users/${encodeURIComponent(a.login)}`) : ''}</author>`),
    element('dc:language', {}, work.language),
    work.publishedAt ? element('dc:issued', {}, work.publishedAt.slice(0, 10)) : '',
    ...subjectsOf(work).map((s) => element('category', { scheme: `${site.url}/opds/schemes/${s.kind}`, term: s.name, label: s.name })),
    summary ? element('summary', { type: 'text' }, summary) : '',
    element('content', { type: 'html' }, blurb),
    ...downloadLinks(work).map((d) => link(REL.acquisition, site.url + d.href, d.type, { title: d.title })),
    link('alternate', url, 'text/html', { title: 'Read online' }),
    '</entry>',
  ].join('');
}

export function acquisitionFeed(site: Site, doc: AcquisitionDocument): string {
  const { result, pageSize } = doc.page;
  return [
    ...head(site, doc, 'acquisition'),
    link('first', site.url + doc.first, MEDIA.acquisition),
    doc.previous ? link('previous', site.url + doc.previous, MEDIA.acquisition) : '',
    doc.next ? link('next', site.url + doc.next, MEDIA.acquisition) : '',
    element('opensearch:totalResults', {}, String(result.total)),
    element('opensearch:itemsPerPage', {}, String(pageSize)),
    ...result.works.map((w) => entry(site, w)),
    '</feed>',
  ]
    .filter((l) => l !== '')
    .join('\n');
}
