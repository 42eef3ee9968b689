// What each catalog document holds, the same for both OPDS dialects: its entries, its links and
// the download links of a work. opds1.ts (Atom XML) and opds2.ts (JSON) only write these out.
import { POPULAR, ratingSlug, type CatalogCounts, type CatalogPage, type Section } from './catalog.ts';

export type Dialect = 'opds1' | 'opds2';

export const MEDIA = {
  navigation: 'application/atom+xml;profile=opds-catalog;kind=navigation',
  acquisition: 'application/atom+xml;profile=opds-catalog;kind=acquisition',
  opds2: 'application/opds+json',
  opensearch: 'application/opensearchdescription+xml',
} as const;

export const REL = {
  acquisition: 'http://opds-spec.org/acquisition',
  newest: 'http://opds-spec.org/sort/new',
  popular: 'http://opds-spec.org/sort/popular',
} as const;

export const rootPath = (dialect: Dialect): string => (dialect === 'opds1' ? '/opds' : '/opds/v2');

export function withParams(path: string, params: Record<string, string | number | undefined>): string {
  const url = new URL(path, 'http://x');
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.pathname + url.search;
}

export function sectionPath(dialect: Dialect, section: Section): string {
  const root = rootPath(dialect);
  switch (section.kind) {
    case 'recent':
      return `${root}/recent`;
    case 'popular':
      return `${root}/popular`;
    case 'fandom':
      return `${root}/fandoms/${encodeURIComponent(section.name)}`;
    case 'rating':
      return `${root}/ratings/${ratingSlug(section.rating)}`;
    case 'search':
      return withParams(`${root}/search`, { q: section.q });
  }
}

export interface NavEntry {
  title: string;
  path: string;
  rel: string;
  /** The kind of feed the entry leads to. */
  feed: 'navigation' | 'acquisition';
  description: string;
  count?: number;
}

export interface NavDocument {
  path: string;
  title: string;
  updated: string;
  up?: string;
  entries: NavEntry[];
}

export interface AcquisitionDocument {
  path: string;
  title: string;
  updated: string;
  up: string;
  page: CatalogPage;
  first: string;
  next?: string;
  previous?: string;
}

const works = (n: number) => `${n} ${n === 1 ? 'work' : 'works'}`;

export function rootDocument(dialect: Dialect, siteName: string, counts: CatalogCounts): NavDocument {
  const root = rootPath(dialect);
  return {
    path: root,
    title: `${siteName} catalog`,
    updated: counts.updated,
    entries: [
      { title: 'Recent works', path: sectionPath(dialect, { kind: 'recent' }), rel: REL.newest, feed: 'acquisition', description: `Newest first; ${works(counts.total)}`, count: counts.total },
      { title: 'Popular works', path: sectionPath(dialect, { kind: 'popular' }), rel: REL.popular, feed: 'acquisition', description: POPULAR.description, count: counts.total },
      { title: 'By fandom', path: `${root}/fandoms`, rel: 'subsection', feed: 'navigation', description: `The ${counts.fandoms.length} largest fandoms`, count: counts.fandoms.length },
      { title: 'By rating', path: `${root}/ratings`, rel: 'subsection', feed: 'navigation', description: 'General Audiences to Explicit' },
    ],
  };
}

export function fandomsDocument(dialect: Dialect, counts: CatalogCounts): NavDocument {
  return {
    path: `${rootPath(dialect)}/fandoms`,
    title: 'Fandoms',
    updated: counts.updated,
    up: rootPath(dialect),
    entries: counts.fandoms.map((f) => ({ title: f.value, path: sectionPath(dialect, { kind: 'fandom', name: f.value }), rel: 'subsection', feed: 'acquisition', description: works(f.count), count: f.count })),
  };
}

export function ratingsDocument(dialect: Dialect, counts: CatalogCounts): NavDocument {
  return {
    path: `${rootPath(dialect)}/ratings`,
    title: 'Ratings',
    updated: counts.updated,
    up: rootPath(dialect),
    entries: counts.ratings.map((r) => ({ title: r.value, path: sectionPath(dialect, { kind: 'rating', rating: r.value }), rel: 'subsection', feed: 'acquisition', description: works(r.count), count: r.count })),
  };
}

/** The page's links: first, next by cursor (stable while works are added), previous by page number. */
export function acquisitionDocument(dialect: Dialect, page: CatalogPage): AcquisitionDocument {
  const base = sectionPath(dialect, page.section);
  const { section, result } = page;
  const up = section.kind === 'fandom' ? `${rootPath(dialect)}/fandoms` : section.kind === 'rating' ? `${rootPath(dialect)}/ratings` : rootPath(dialect);
  return {
    path: page.cursor || page.page > 1 ? withParams(base, { cursor: page.cursor, page: page.page }) : base,
    title: page.title,
    updated: result.works.reduce((m, w) => (w.updatedAt > m ? w.updatedAt : m), new Date(0).toISOString()),
    up,
    page,
    first: base,
    next: result.nextCursor ? withParams(base, { cursor: result.nextCursor, page: page.page + 1 }) : undefined,
    previous: page.page > 1 ? (page.page === 2 ? base : withParams(base, { page: page.page - 1 })) : undefined,
  };
}
