// One entry point for wrangling requests from pages, bulk forms and the API.
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import * as wrangling from './wrangling.ts';
import type { Actor, Change } from './wrangling.ts';

export const ACTIONS = ['canonical', 'merge', 'unmerge', 'add_meta', 'remove_meta', 'add_parent', 'remove_parent', 'parent', 'canonical_parent'] as const;
export type WrangleAction = (typeof ACTIONS)[number];

export interface WrangleRequest {
  action: WrangleAction;
  tags: string[];
  target?: string;
  kind?: string;
}

export function parseWrangleRequest(input: Record<string, unknown>, fixedTags?: string[]): WrangleRequest {
  const action = String(input.action ?? '');
  if (!(ACTIONS as readonly string[]).includes(action)) throw new InvalidInput(`Action must be one of ${ACTIONS.join(', ')}`, 'action');
  const raw = fixedTags ?? (Array.isArray(input.tags) ? input.tags : input.tags === undefined ? [] : [input.tags]);
  const tags = raw.map(String).filter((t) => t.trim() !== '');
  if (tags.length === 0) throw new InvalidInput('Choose at least one tag', 'tags');
  if (tags.length > 1000) throw new InvalidInput('At most 1,000 tags at once', 'tags');
  // Only `target` names the other tag: the bulk form also sends its page's fandom, which must never stand in for an empty target.
  const target = typeof input.target === 'string' && input.target.trim() !== '' ? input.target : undefined;
  const kind = typeof input.kind === 'string' && input.kind !== '' ? input.kind : undefined;
  return { action: action as WrangleAction, tags, target, kind };
}

const needTarget = (r: WrangleRequest, what: string): string => {
  if (!r.target) throw new InvalidInput(`Name the ${what}`, 'target');
  return r.target;
};

/**
 * Applies one request to all its tags in one transaction: a bulk form, an API
 * call or a command naming several tags changes all of them or none, and a
 * two-step action (canonical_parent) never stops half-way.
 */
export function applyWrangle(ctx: Context, actor: Actor, r: WrangleRequest): Promise<Change[]> {
  return ctx.db.transaction().execute((trx) => applyEach({ ...ctx, db: trx }, actor, r));
}

async function applyEach(ctx: Context, actor: Actor, r: WrangleRequest): Promise<Change[]> {
  const each = async (fn: (tag: string) => Promise<Change[]>) => {
    const out: Change[] = [];
    for (const t of r.tags) out.push(...(await fn(t)));
    return out;
  };
  switch (r.action) {
    case 'canonical':
      return wrangling.makeCanonical(ctx, actor, r.tags, r.kind);
    case 'merge':
      return wrangling.mergeTags(ctx, actor, r.tags, needTarget(r, 'canonical tag to merge into'));
    case 'unmerge':
      return wrangling.unmergeTags(ctx, actor, r.tags);
    case 'add_meta':
      return each((t) => wrangling.addMeta(ctx, actor, t, needTarget(r, 'meta tag')));
    case 'remove_meta':
      return each((t) => wrangling.removeMeta(ctx, actor, t, needTarget(r, 'meta tag')));
    case 'add_parent':
    case 'parent':
      return each((t) => wrangling.addParent(ctx, actor, t, needTarget(r, 'parent tag')));
    case 'remove_parent':
      return each((t) => wrangling.addParent(ctx, actor, t, needTarget(r, 'parent tag'), true));
    case 'canonical_parent': {
      const made = await wrangling.makeCanonical(ctx, actor, r.tags, r.kind);
      return [...made, ...(await each((t) => wrangling.addParent(ctx, actor, t, needTarget(r, 'parent fandom'))))];
    }
  }
}
