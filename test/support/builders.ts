// Small builders for service-level tests: users and works without HTTP.
import type { Context } from '../../src/context.ts';
import { signup } from '../../src/accounts/service.ts';
import type { Viewer } from '../../src/authz/policy.ts';
import { parseChapterFields, parseWorkFields } from '../../src/works/input.ts';
import { createWork } from '../../src/works/service.ts';

let counter = 0;

export async function makeUser(ctx: Context, role: 'user' | 'wrangler' | 'admin' = 'user'): Promise<Viewer & { login: string }> {
  const login = `user${process.pid}x${++counter}`;
  const u = await signup(ctx, { login, email: `${login}@example.org`, password: 'correct horse battery' }, role);
  return { id: u.id, role: u.role, login: u.login };
}

export async function makeWork(
  ctx: Context,
  viewer: Viewer,
  fields: Partial<Record<'title' | 'rating' | 'fandoms' | 'relationships' | 'characters' | 'freeforms' | 'restricted' | 'draft' | 'anonymous', string>> & { warnings?: string[] } = {},
): Promise<number> {
  const work = parseWorkFields({
    title: fields.title ?? `Work ${++counter}`,
    rating: fields.rating ?? 'General Audiences',
    warnings: fields.warnings ?? ['No Archive Warnings Apply'],
    fandoms: fields.fandoms ?? 'Original Work',
    relationships: fields.relationships ?? '',
    characters: fields.characters ?? '',
    freeforms: fields.freeforms ?? '',
    restricted: fields.restricted ?? '',
    draft: fields.draft ?? '',
    anonymous: fields.anonymous ?? '',
  });
  return createWork(ctx, viewer, work, [parseChapterFields({ format: 'text', body: 'A short tame story about a lighthouse.' })]);
}
