// Parse first: query-string or form parameters become one typed SearchQuery.
// Execution (./execute.ts, ./service.ts) takes only this value. Sort keys,
// fields and flags come from fixed lists; anything else is a clear 400.
import { InvalidInput } from '../errors.ts';
import { RATINGS, WARNINGS, CATEGORIES, matchFixed } from '../tags/fixed.ts';
import { parseTextQuery, type TextQuery } from './text/index.ts';

export const SORTS = ['best', 'updated', 'posted', 'title', 'author', 'words', 'chapters'] as const;
export type Sort = (typeof SORTS)[number];
const NOT_YET = ['kudos', 'hits', 'comments', 'bookmarks'];
export const MAX_EXCLUDES = 500;
export const MAX_FACET_LIMIT = 100;
export const MAX_PAGE = 100_000;
export const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export interface Cursor {
  key: number | string;
  id: number;
  /** Best-match order only: the page's other works, nearest first, to go on from should `id` stop matching. */
  before?: number[];
  /** Best-match order only: how many works of the result came before the next page (how deep to rank for it). */
  depth?: number;
}

export interface SearchQuery {
  q: string;
  text: TextQuery | null;
  tags: string[];
  exclude: string[];
  ratings: string[];
  warnings: string[];
  categories: string[];
  languages: string[];
  complete?: boolean;
  crossover?: boolean;
  singleChapter?: boolean;
  wordsMin?: number;
  wordsMax?: number;
  updatedFrom?: number;
  updatedTo?: number;
  postedFrom?: number;
  postedTo?: number;
  sort: Sort;
  order: 'asc' | 'desc';
  cursor?: Cursor;
  page: number;
  facets: boolean;
  facetLimit: number;
  ignoreBlocklist: boolean;
}

type Params = Record<string, unknown>;
const list = (v: unknown): string[] => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).map(String).filter((s) => s.trim() !== ''));
const one = (p: Params, key: string): string | undefined => {
  const v = list(p[key]);
  return v.length === 0 ? undefined : v[v.length - 1];
};

/** How a yes/no parameter may be written (the API's schema lists the same values). */
export const FLAG_WORDS = { yes: ['true', '1', 'on', 'yes'], no: ['false', '0', 'no'], either: ['any', ''] } as const;

function flag(p: Params, key: string): boolean | undefined {
  const v = one(p, key);
  if (v === undefined || (FLAG_WORDS.either as readonly string[]).includes(v)) return undefined;
  if ((FLAG_WORDS.yes as readonly string[]).includes(v)) return true;
  if ((FLAG_WORDS.no as readonly string[]).includes(v)) return false;
  throw new InvalidInput(`${key} must be true or false, got "${v}"`, key);
}

function count(p: Params, key: string): number | undefined {
  const v = one(p, key);
  if (v === undefined) return undefined;
  if (!/^\d{1,9}$/.test(v)) throw new InvalidInput(`${key} must be a whole number, got "${v}"`, key);
  return Number(v);
}

function date(p: Params, key: string, endOfDay: boolean): number | undefined {
  const v = one(p, key);
  if (v === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new InvalidInput(`${key} must be a date like 2024-05-31, got "${v}"`, key);
  return Date.parse(v) + (endOfDay ? 86_399_999 : 0);
}

function fixed<T extends string>(values: string[], allowed: readonly T[], key: string): T[] {
  return values.map((v) => {
    const m = matchFixed(allowed, v);
    if (!m) throw new InvalidInput(`Unknown ${key} "${v}"; use one of: ${allowed.join(', ')}`, key);
    return m;
  });
}

export function encodeCursor(c: Cursor): string {
  const parts: unknown[] = [c.key, c.id];
  if (c.before) parts.push(c.before);
  if (c.before && c.depth !== undefined) parts.push(c.depth);
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

const MAX_CURSOR_BEFORE = 100;

function decodeCursor(raw: string): Cursor {
  try {
    const [key, id, before, depth] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if ((typeof key === 'number' || typeof key === 'string') && Number.isInteger(id)) {
      if (before === undefined) return { key, id: id as number };
      if (Array.isArray(before) && before.length <= MAX_CURSOR_BEFORE && before.every((b) => Number.isInteger(b))) {
        // Cursors made before depth was kept have none.
        if (depth === undefined) return { key, id: id as number, before: before as number[] };
        if (Number.isSafeInteger(depth) && (depth as number) >= 0) return { key, id: id as number, before: before as number[], depth: depth as number };
      }
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidInput('The cursor is not valid; start again from the first page', 'cursor');
}

export function parseSearchQuery(p: Params): SearchQuery {
  const q = (one(p, 'q') ?? '').slice(0, 10_000);
  const text = q.trim() === '' ? null : parseTextQuery(q);
  const sortRaw = one(p, 'sort') ?? (text ? 'best' : 'updated');
  if (NOT_YET.includes(sortRaw)) throw new InvalidInput(`Sorting by ${sortRaw} will come with ${sortRaw}; sort by one of: ${SORTS.join(', ')}`, 'sort');
  if (!(SORTS as readonly string[]).includes(sortRaw)) throw new InvalidInput(`Unknown sort "${sortRaw}"; use one of: ${SORTS.join(', ')}`, 'sort');
  const sort = sortRaw as Sort;
  if (sort === 'best' && !text) throw new InvalidInput('Sorting by best match needs a search text (q)', 'sort');
  const orderRaw = one(p, 'order') ?? (sort === 'title' || sort === 'author' ? 'asc' : 'desc');
  if (orderRaw !== 'asc' && orderRaw !== 'desc') throw new InvalidInput(`order must be asc or desc, got "${orderRaw}"`, 'order');
  // Tag names never hold commas, so a form field may list several.
  const names = (v: unknown) => list(v).flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x !== '');
  const exclude = names(p.exclude);
  if (exclude.length > MAX_EXCLUDES) throw new InvalidInput(`At most ${MAX_EXCLUDES} excluded tags, got ${exclude.length}`, 'exclude');
  const facetLimit = count(p, 'facet_limit') ?? 10;
  if (facetLimit < 1 || facetLimit > MAX_FACET_LIMIT) throw new InvalidInput(`facet_limit must be 1 to ${MAX_FACET_LIMIT}`, 'facet_limit');
  const page = count(p, 'page') ?? 1;
  if (page < 1 || page > MAX_PAGE) throw new InvalidInput('Page must be a whole number from 1', 'page');
  const cursorRaw = one(p, 'cursor');
  const languages = list(p.language);
  for (const l of languages) if (!LANGUAGE_CODE.test(l)) throw new InvalidInput(`"${l}" is not a language code`, 'language');
  const tagsOf = (...keys: string[]) => keys.flatMap((k) => names(p[k]));
  return {
    q,
    text,
    tags: tagsOf('tag', 'fandom', 'character', 'relationship', 'freeform'),
    exclude,
    ratings: fixed(list(p.rating), RATINGS, 'rating'),
    warnings: fixed(list(p.warning), WARNINGS, 'warning'),
    categories: fixed(list(p.category), CATEGORIES, 'category'),
    languages,
    complete: flag(p, 'complete'),
    crossover: flag(p, 'crossover'),
    singleChapter: flag(p, 'single_chapter'),
    wordsMin: count(p, 'words_min'),
    wordsMax: count(p, 'words_max'),
    updatedFrom: date(p, 'updated_from', false),
    updatedTo: date(p, 'updated_to', true),
    postedFrom: date(p, 'posted_from', false),
    postedTo: date(p, 'posted_to', true),
    sort,
    order: orderRaw,
    cursor: cursorRaw ? decodeCursor(cursorRaw) : undefined,
    page,
    facets: flag(p, 'facets') ?? false,
    facetLimit,
    ignoreBlocklist: flag(p, 'ignore_blocklist') ?? false,
  };
}
