// OPDS 2.0 catalog documents (application/opds+json): the same navigation and publications as
// the Atom catalog. The schema wants at least one item in `navigation` or `publications`, so an
// empty list becomes one navigation link back to the catalog instead.
import { authorNames, type WorkView } from '../works/present.ts';
import { MEDIA, REL, rootPath, type AcquisitionDocument, type NavDocument } from './navigation.ts';
import { downloadLinks, plainSummary, subjectsOf, workPath } from './publication.ts';
import type { Site } from './opds1.ts';

interface Link {
  href: string;
  type?: string;
  rel?: string;
  title?: string;
  templated?: boolean;
  properties?: { numberOfItems: number };
}

function feedLinks(site: Site, self: string, up?: string): Link[] {
  return [
    { rel: 'self', href: site.url + self, type: MEDIA.opds2 },
    { rel: 'start', href: site.url + rootPath('opds2'), type: MEDIA.opds2, title: `${site.name} catalog` },
    ...(up ? [{ rel: 'up', href: site.url + up, type: MEDIA.opds2 }] : []),
    { rel: 'search', href: `${site.url}${rootPath('opds2')}/search{?q}`, type: MEDIA.opds2, templated: true, title: `Search ${site.name}` },
  ];
}

const backToCatalog = (site: Site): Link[] => [{ href: site.url + rootPath('opds2'), type: MEDIA.opds2, rel: 'start', title: 'Nothing here yet: back to the catalog' }];

export function navigationJson(site: Site, doc: NavDocument): object {
  const navigation: Link[] = doc.entries.map((e) => ({
    href: site.url + e.path,
    type: MEDIA.opds2,
    rel: e.rel,
    title: e.title,
    ...(e.count !== undefined ? { properties: { numberOfItems: e.count } } : {}),
  }));
  return {
    metadata: { title: doc.title, modified: doc.updated },
    links: feedLinks(site, doc.path, doc.up),
    navigation: navigation.length > 0 ? navigation : backToCatalog(site),
  };
}

function publication(site: Site, work: WorkView): object {
  const summary = plainSummary(work);
  return {
    metadata: {
      '@type': 'http://schema.org/Book',
      identifier: site.url + workPath(work),
      title: work.title,
      author: authorNames(work).map((name) => ({ name })),
      language: work.language,
      modified: work.updatedAt,
      ...(work.publishedAt ? { published: work.publishedAt } : {}),
      ...(summary ? { description: summary } : {}),
      subject: subjectsOf(work).map((s) => ({ name: s.name, scheme: `${site.url}/opds/schemes/${s.kind}` })),
    },
    links: [
      ...downloadLinks(work).map((d) => ({ rel: REL.acquisition, href: site.url + d.href, type: d.type, title: d.title })),
      { rel: 'alternate', href: site.url + workPath(work), type: 'text/html', title: 'Read online' },
    ],
  };
}

export function acquisitionJson(site: Site, doc: AcquisitionDocument): object {
  const { result, pageSize, page } = doc.page;
  const links: Link[] = [
    ...feedLinks(site, doc.path, doc.up),
    { rel: 'first', href: site.url + doc.first, type: MEDIA.opds2 },
    ...(doc.previous ? [{ rel: 'previous', href: site.url + doc.previous, type: MEDIA.opds2 }] : []),
    ...(doc.next ? [{ rel: 'next', href: site.url + doc.next, type: MEDIA.opds2 }] : []),
  ];
  return {
    metadata: { title: doc.title, modified: doc.updated, numberOfItems: result.total, itemsPerPage: pageSize, currentPage: page },
    links,
    ...(result.works.length > 0 ? { publications: result.works.map((w) => publication(site, w)) } : { navigation: backToCatalog(site) }),
  };
}
