// Personal API tokens: created and revoked in account settings, stored hashed,
// shown once. A request with `Authorization: Bearer TOKEN` acts as its owner.
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from '../context.ts';
import { nowIso } from '../context.ts';
import type { User } from '../db/schema.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { requireLogin, type MaybeViewer } from '../authz/policy.ts';

export const TOKEN_PREFIX = 'qt_';
export const TOKENS_MAX = 20;
const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface TokenInfo {
  id: number;
  name: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function createToken(ctx: Context, viewer: MaybeViewer, name: string): Promise<{ token: string; info: TokenInfo }> {
  const v = requireLogin(viewer);
  const clean = name.trim();
  if (clean === '' || clean.length > 100) throw new InvalidInput('Name the token (1 to 100 characters), e.g. after the tool that will use it', 'name');
  const count = await ctx.db.selectFrom('api_tokens').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', v.id).executeTakeFirstOrThrow();
  if (Number(count.n) >= TOKENS_MAX) throw new InvalidInput(`You can have at most ${TOKENS_MAX} tokens; revoke one first`, 'name');
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = await ctx.db
    .insertInto('api_tokens')
    .values({ user_id: v.id, name: clean, token_hash: hashOf(token), hint: token.slice(0, 9), created_at: nowIso(), last_used_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, info: { id: row.id, name: row.name, hint: row.hint, createdAt: row.created_at, lastUsedAt: null } };
}

export async function listTokens(ctx: Context, viewer: MaybeViewer): Promise<TokenInfo[]> {
  const v = requireLogin(viewer);
  const rows = await ctx.db.selectFrom('api_tokens').selectAll().where('user_id', '=', v.id).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, hint: r.hint, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

export async function revokeToken(ctx: Context, viewer: MaybeViewer, id: number): Promise<void> {
  const v = requireLogin(viewer);
  const res = await ctx.db.deleteFrom('api_tokens').where('id', '=', id).where('user_id', '=', v.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new NotFound('No such token');
}

/** The user a bearer token belongs to, or null. */
export async function userForToken(ctx: Context, token: string): Promise<User | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const hash = hashOf(token);
  const user = await ctx.db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').selectAll('users').where('api_tokens.token_hash', '=', hash).executeTakeFirst();
  if (!user) return null;
  await ctx.db.updateTable('api_tokens').set({ last_used_at: nowIso() }).where('token_hash', '=', hash).execute();
  return user;
}
