// A user's public profile: pseuds and how many works of theirs this viewer may see.
// Counts go through search, so they follow the listing rules: anonymous works never
// count under their creator for anyone but that creator or an admin, restricted ones only for users.
import type { Context } from '../context.ts';
import type { MaybeViewer } from '../authz/policy.ts';
import { parseSearchQuery } from '../search/query.ts';
import { countWorks } from '../search/service.ts';
import { userProfile } from './service.ts';

export interface PseudProfile {
  name: string;
  description: string;
  isDefault: boolean;
  works: number;
}

export interface PublicProfile {
  login: string;
  joinedAt: string;
  works: number;
  pseuds: PseudProfile[];
}

export async function publicProfile(ctx: Context, viewer: MaybeViewer, login: string): Promise<PublicProfile> {
  const { user, pseuds } = await userProfile(ctx, login);
  // The viewer's blocklist is a reading preference, not visibility: counts leave it out.
  const all = parseSearchQuery({ ignore_blocklist: 'true' });
  const count = (pseud?: string) => countWorks(ctx, viewer, all, { user: user.login, pseud });
  return {
    login: user.login,
    joinedAt: user.created_at,
    works: await count(),
    pseuds: await Promise.all(pseuds.map(async (p) => ({ name: p.name, description: p.description, isDefault: p.is_default === 1, works: await count(p.name) }))),
  };
}
