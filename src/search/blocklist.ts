// A reader's blocklist of tags and creators, kept on the server and applied
// inside the search, so counts, facets and pages stay right.
import type { Context } from '../context.ts';
import { InvalidInput, NotFound } from '../errors.ts';
import { requireLogin, type MaybeViewer } from '../authz/policy.ts';
import { findTagByName } from '../tags/repository.ts';
import { normalizeTagName } from '../tags/names.ts';
import { findUserByLogin } from '../accounts/repository.ts';

export const BLOCKLIST_MAX = 1000;

export interface Blocklist {
  tagIds: number[];
  userIds: number[];
}

export async function blocklistOf(ctx: Context, viewer: MaybeViewer): Promise<Blocklist | null> {
  if (viewer === null) return null;
  const [tags, users] = await Promise.all([
    ctx.db.selectFrom('blocked_tags').innerJoin('tags', 'tags.id', 'blocked_tags.tag_id').select(['tags.id', 'tags.merger_id']).where('blocked_tags.user_id', '=', viewer.id).execute(),
    ctx.db.selectFrom('blocked_users').select('blocked_id').where('user_id', '=', viewer.id).execute(),
  ]);
  // Blocking a synonym blocks what it filters under, as including it would.
  return { tagIds: [...new Set(tags.map((t) => t.merger_id ?? t.id))], userIds: users.map((u) => u.blocked_id) };
}

export interface BlocklistView {
  tags: string[];
  users: string[];
}

export async function viewBlocklist(ctx: Context, viewer: MaybeViewer): Promise<BlocklistView> {
  const v = requireLogin(viewer);
  const tags = await ctx.db.selectFrom('blocked_tags').innerJoin('tags', 'tags.id', 'blocked_tags.tag_id').select('tags.name').where('blocked_tags.user_id', '=', v.id).orderBy('tags.name_key').execute();
  const users = await ctx.db.selectFrom('blocked_users').innerJoin('users', 'users.id', 'blocked_users.blocked_id').select('users.login').where('blocked_users.user_id', '=', v.id).orderBy('users.login_key').execute();
  return { tags: tags.map((t) => t.name), users: users.map((u) => u.login) };
}

export async function blockTag(ctx: Context, viewer: MaybeViewer, name: string, unblock = false): Promise<void> {
  const v = requireLogin(viewer);
  const tag = await findTagByName(ctx.db, name);
  if (!tag) throw new NotFound(`No tag named "${normalizeTagName(name)}"`);
  if (unblock) {
    await ctx.db.deleteFrom('blocked_tags').where('user_id', '=', v.id).where('tag_id', '=', tag.id).execute();
    return;
  }
  const count = await ctx.db.selectFrom('blocked_tags').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', v.id).executeTakeFirstOrThrow();
  if (Number(count.n) >= BLOCKLIST_MAX) throw new InvalidInput(`A blocklist holds at most ${BLOCKLIST_MAX} tags`, 'tag');
  const exists = await ctx.db.selectFrom('blocked_tags').select('tag_id').where('user_id', '=', v.id).where('tag_id', '=', tag.id).executeTakeFirst();
  if (!exists) await ctx.db.insertInto('blocked_tags').values({ user_id: v.id, tag_id: tag.id }).execute();
}

export async function blockUser(ctx: Context, viewer: MaybeViewer, login: string, unblock = false): Promise<void> {
  const v = requireLogin(viewer);
  const user = await findUserByLogin(ctx.db, login.trim());
  if (!user) throw new NotFound(`No user named "${login.trim()}"`);
  if (user.id === v.id) throw new InvalidInput('You cannot block yourself', 'user');
  if (unblock) {
    await ctx.db.deleteFrom('blocked_users').where('user_id', '=', v.id).where('blocked_id', '=', user.id).execute();
    return;
  }
  const exists = await ctx.db.selectFrom('blocked_users').select('blocked_id').where('user_id', '=', v.id).where('blocked_id', '=', user.id).executeTakeFirst();
  if (!exists) await ctx.db.insertInto('blocked_users').values({ user_id: v.id, blocked_id: user.id }).execute();
}
