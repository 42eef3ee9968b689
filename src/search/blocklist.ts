// A reader's blocklist, applied inside the search so counts and pages stay right.
// (Editing it from pages and the API comes with the personal-filters increment.)
import type { Context } from '../context.ts';
import type { MaybeViewer } from '../authz/policy.ts';

export interface Blocklist {
  tagIds: number[];
  userIds: number[];
}

export async function blocklistOf(_ctx: Context, viewer: MaybeViewer): Promise<Blocklist | null> {
  if (viewer === null) return null;
  return { tagIds: [], userIds: [] };
}
