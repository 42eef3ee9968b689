// The OPDS catalog as one service: which works each section lists and the counts its navigation
// shows. Everything goes through searchWorks, so visibility (guests never see restricted works,
// drafts or hidden works; anonymous works have no author), blocklists and paging are the search's.
import type { Context } from '../context.ts';
import type { MaybeViewer } from '../authz/policy.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { RATINGS, type Rating } from '../tags/fixed.ts';
import { encodeCursor, MAX_FACET_LIMIT, parseSearchQuery } from '../search/query.ts';
import { searchWorks, type SearchResult, type SearchScope } from '../search/service.ts';
import { canonicalFandomNames, fandomNamed } from './repository.ts';

export type Section =
  | { kind: 'recent' }
  | { kind: 'popular' }
  | { kind: 'fandom'; name: string }
  | { kind: 'rating'; rating: Rating }
  | { kind: 'search'; q: string };

/**
 * Quire counts no kudos, hits or downloads yet, so "popular" cannot mean what readers expect.
 * Until one of those exists it means "most chapters posted" (newest first among equals): a
 * fact the archive has, named as such in the catalog, rather than an invented score.
 */
export const POPULAR = { sort: 'chapters', order: 'desc', description: 'Works with the most chapters posted (Quire does not count kudos or hits yet)' } as const;

export const ratingSlug = (rating: Rating): string => rating.toLowerCase().replace(/\s+/g, '-');

export function ratingFromSlug(slug: string): Rating {
  const rating = RATINGS.find((r) => ratingSlug(r) === slug.toLowerCase() || r.toLowerCase() === slug.toLowerCase());
  if (!rating) throw new NotFound(`No rating "${slug}"; the ratings are ${RATINGS.map(ratingSlug).join(', ')}`);
  return rating;
}

export interface CatalogPage {
  section: Section;
  title: string;
  result: SearchResult;
  /** 1-based: the page asked for, or the page number carried beside a cursor (the cursor decides what is shown). */
  page: number;
  /** The cursor this page started after, if it was asked for by cursor. */
  cursor?: string;
  pageSize: number;
}

export interface Paging {
  cursor?: unknown;
  page?: unknown;
}

async function sectionQuery(ctx: Context, section: Section): Promise<{ title: string; params: Record<string, string>; scope: SearchScope; section: Section }> {
  switch (section.kind) {
    case 'recent':
      return { title: 'Recent works', params: { sort: 'posted', order: 'desc' }, scope: {}, section };
    case 'popular':
      return { title: 'Popular works', params: { sort: POPULAR.sort, order: POPULAR.order }, scope: {}, section };
    case 'rating':
      return { title: `Works rated ${section.rating}`, params: { rating: section.rating, sort: 'posted', order: 'desc' }, scope: {}, section };
    case 'search':
      if (section.q.trim() === '') throw new InvalidInput('Type something to search for in q', 'q');
      return { title: `Search: ${section.q}`, params: { q: section.q }, scope: {}, section };
    case 'fandom': {
      const fandom = await fandomNamed(ctx.db, section.name);
      if (!fandom) throw new NotFound(`No fandom named "${section.name}" in this catalog`);
      return { title: `Works in ${fandom.name}`, params: { sort: 'posted', order: 'desc' }, scope: { tag: fandom.name }, section: { kind: 'fandom', name: fandom.name } };
    }
  }
}

export async function sectionPage(ctx: Context, viewer: MaybeViewer, requested: Section, paging: Paging): Promise<CatalogPage> {
  const { title, params, scope, section } = await sectionQuery(ctx, requested);
  const query = parseSearchQuery({ ...params, ...(paging.cursor !== undefined ? { cursor: paging.cursor } : {}), ...(paging.page !== undefined ? { page: paging.page } : {}) });
  const result = await searchWorks(ctx, viewer, query, scope);
  return { section, title, result, page: query.page, cursor: query.cursor ? encodeCursor(query.cursor) : undefined, pageSize: ctx.config.pageSize };
}

export interface Counted<T> {
  value: T;
  count: number;
}

export interface CatalogCounts {
  total: number;
  /** When the newest-updated visible work changed (the epoch for an empty catalog). */
  updated: string;
  /** The largest canonical fandoms among the top facets, largest first. */
  fandoms: Counted<string>[];
  ratings: Counted<Rating>[];
}

/** Counts over what this viewer may see, so a guest's numbers never include restricted works. */
export async function catalogCounts(ctx: Context, viewer: MaybeViewer): Promise<CatalogCounts> {
  const result = await searchWorks(ctx, viewer, parseSearchQuery({ sort: 'updated', order: 'desc', facets: 'true', facet_limit: String(MAX_FACET_LIMIT) }));
  const facets = result.facets!;
  const canonical = await canonicalFandomNames(ctx.db, facets.fandom.map((f) => f.name));
  const ratingCount = new Map(facets.rating.map((f) => [f.name, f.count]));
  return {
    total: result.total,
    updated: result.works[0]?.updatedAt ?? new Date(0).toISOString(),
    fandoms: facets.fandom.filter((f) => canonical.has(f.name)).map((f) => ({ value: f.name, count: f.count })),
    ratings: RATINGS.map((r) => ({ value: r, count: ratingCount.get(r) ?? 0 })),
  };
}
