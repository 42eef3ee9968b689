// The one place that decides who may see or change what. Every service calls
// these before it reads or writes; no route or query decides visibility alone.
import { Forbidden, LoginRequired, NotFound } from '../errors.ts';
import type { Role } from '../db/schema.ts';

export interface Viewer {
  id: number;
  role: Role;
}
export type MaybeViewer = Viewer | null;

/** The facts about a work that visibility depends on. */
export interface WorkAccess {
  status: 'draft' | 'posted';
  restricted: boolean;
  hidden: boolean;
  anonymous: boolean;
  ownerIds: number[];
}

export const isAdmin = (viewer: MaybeViewer): boolean => viewer?.role === 'admin';
export const ownsWork = (viewer: MaybeViewer, work: WorkAccess): boolean => viewer !== null && work.ownerIds.includes(viewer.id);

/** Throws unless the viewer may read the work: drafts 404 for all but their authors, hidden for all but authors and admins, restricted asks guests to log in. */
export function requireReadWork(viewer: MaybeViewer, work: WorkAccess): void {
  if (ownsWork(viewer, work)) return;
  if (work.status === 'draft') throw new NotFound('Work not found');
  if (work.hidden && !isAdmin(viewer)) throw new NotFound('Work not found');
  if (work.restricted && viewer === null) throw new LoginRequired('This work is only available to logged-in users');
}

export function canReadWork(viewer: MaybeViewer, work: WorkAccess): boolean {
  try {
    requireReadWork(viewer, work);
    return true;
  } catch {
    return false;
  }
}

/** Only a work's own creators edit or delete it; others learn nothing more than a reader would. */
export function requireEditWork(viewer: MaybeViewer, work: WorkAccess): void {
  if (ownsWork(viewer, work)) return;
  requireReadWork(viewer, work);
  throw new Forbidden('Only the creators of this work can change it');
}

/** Draft chapters are shown to the work's creators only. */
export function canReadChapter(viewer: MaybeViewer, work: WorkAccess, chapter: { status: 'draft' | 'posted' }): boolean {
  return chapter.status === 'posted' || ownsWork(viewer, work);
}

/** Anonymous works name their creators only to those creators and to admins. */
export function canSeeCreators(viewer: MaybeViewer, work: WorkAccess): boolean {
  return !work.anonymous || ownsWork(viewer, work) || isAdmin(viewer);
}

/**
 * What a listing may include for this viewer. Listings show posted works only;
 * `byCreator` listings (a user's or pseud's page) leave out anonymous works
 * unless the viewer is that user or an admin, or the page would unmask them.
 */
export interface ListingScope {
  includeRestricted: boolean;
  includeHidden: boolean;
  includeAnonymousByCreator: boolean;
}
export function listingScope(viewer: MaybeViewer, creatorUserId?: number): ListingScope {
  return {
    includeRestricted: viewer !== null,
    includeHidden: false,
    includeAnonymousByCreator: creatorUserId !== undefined && (viewer?.id === creatorUserId || isAdmin(viewer)),
  };
}

export function requireLogin(viewer: MaybeViewer): Viewer {
  if (viewer === null) throw new LoginRequired('Please log in first');
  return viewer;
}

export function requireRole(viewer: MaybeViewer, role: Role): Viewer {
  const v = requireLogin(viewer);
  const rank: Record<Role, number> = { user: 0, wrangler: 1, admin: 2 };
  if (rank[v.role] < rank[role]) throw new Forbidden(`This needs the ${role} role`);
  return v;
}
