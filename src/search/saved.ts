// Saved searches: a name and a query string, run again on demand or read as an Atom feed.
import { randomBytes } from 'node:crypto';
import type { Context } from '../context.ts';
import { nowIso } from '../context.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { requireLogin, type MaybeViewer } from '../authz/policy.ts';
import { parseSearchQuery, type SearchQuery } from './query.ts';

export const SAVED_MAX = 100;

export function paramsOf(queryString: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(queryString)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** The query string kept for a saved search: only search parameters, never a page or cursor. */
function canonicalQueryString(queryString: string): string {
  const params = new URLSearchParams(queryString.replace(/^\?/, ''));
  for (const k of ['page', 'cursor', '_csrf', 'name']) params.delete(k);
  return params.toString();
}

export interface SavedSearch {
  id: number;
  name: string;
  query: string;
  feedToken: string;
  createdAt: string;
}

export async function saveSearch(ctx: Context, viewer: MaybeViewer, name: string, queryString: string): Promise<SavedSearch> {
  const v = requireLogin(viewer);
  const clean = name.trim().replace(/\s+/g, ' ');
  if (clean === '' || clean.length > 100) throw new InvalidInput('Give the search a name of 1 to 100 characters', 'name');
  const query = canonicalQueryString(queryString);
  parseSearchQuery(paramsOf(query)); // refuse a search that would not run
  const count = await ctx.db.selectFrom('saved_searches').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', v.id).executeTakeFirstOrThrow();
  if (Number(count.n) >= SAVED_MAX) throw new InvalidInput(`You can keep at most ${SAVED_MAX} saved searches`, 'name');
  const row = await ctx.db
    .insertInto('saved_searches')
    .values({ user_id: v.id, name: clean, query, feed_token: randomBytes(18).toString('base64url'), created_at: nowIso() })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, query: row.query, feedToken: row.feed_token, createdAt: row.created_at };
}

export async function listSavedSearches(ctx: Context, viewer: MaybeViewer): Promise<SavedSearch[]> {
  const v = requireLogin(viewer);
  const rows = await ctx.db.selectFrom('saved_searches').selectAll().where('user_id', '=', v.id).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, query: r.query, feedToken: r.feed_token, createdAt: r.created_at }));
}

export async function deleteSavedSearch(ctx: Context, viewer: MaybeViewer, id: number): Promise<void> {
  const v = requireLogin(viewer);
  const res = await ctx.db.deleteFrom('saved_searches').where('id', '=', id).where('user_id', '=', v.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new NotFound('No such saved search');
}

/** The search behind a feed token, newest first; its owner's blocklist applies. */
export async function savedSearchForFeed(ctx: Context, token: string): Promise<{ name: string; owner: { id: number; role: 'user' | 'wrangler' | 'admin' }; query: SearchQuery; queryString: string }> {
  const row = await ctx.db
    .selectFrom('saved_searches')
    .innerJoin('users', 'users.id', 'saved_searches.user_id')
    .select(['saved_searches.name', 'saved_searches.query', 'users.id as user_id', 'users.role'])
    .where('saved_searches.feed_token', '=', token)
    .executeTakeFirst();
  if (!row) throw new NotFound('No such feed');
  const params = paramsOf(row.query);
  // A feed lists what is newest, whatever order the page used.
  const query = { ...parseSearchQuery(params), sort: 'posted' as const, order: 'desc' as const, page: 1, cursor: undefined, facets: false };
  return { name: row.name, owner: { id: row.user_id, role: row.role }, query, queryString: row.query };
}
