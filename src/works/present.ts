// Builds the read model every transport shows (pages, API, later feeds and
// downloads) from rows, with the visibility decisions already applied.
import type { WorkRow } from '../db/schema.ts';
import type { MaybeViewer, WorkAccess } from '../authz/policy.ts';
import { canSeeCreators, ownsWork } from '../authz/policy.ts';
import type { WorkTag } from '../tags/repository.ts';
import type { Creator } from './repository.ts';

export interface AuthorRef {
  pseud: string;
  login: string;
}

export interface WorkView {
  id: number;
  title: string;
  summaryHtml: string;
  notesHtml: string;
  endNotesHtml: string;
  rating: string;
  warnings: string[];
  categories: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
  language: string;
  words: number;
  postedChapters: number;
  expectedChapters: number | null;
  complete: boolean;
  restricted: boolean;
  anonymous: boolean;
  draft: boolean;
  /** null means the viewer sees "Anonymous". */
  authors: AuthorRef[] | null;
  publishedAt: string | null;
  updatedAt: string;
  viewerIsCreator: boolean;
}

export function accessOf(work: WorkRow, creators: Creator[]): WorkAccess {
  return {
    status: work.status,
    restricted: work.restricted === 1,
    hidden: work.hidden === 1,
    anonymous: work.anonymous === 1,
    ownerIds: [...new Set(creators.map((c) => c.user_id))],
  };
}

export function presentWork(viewer: MaybeViewer, work: WorkRow, creators: Creator[], tags: WorkTag[]): WorkView {
  const access = accessOf(work, creators);
  const of = (kind: WorkTag['kind']) => tags.filter((t) => t.kind === kind).map((t) => t.name);
  return {
    id: work.id,
    title: work.title,
    summaryHtml: work.summary,
    notesHtml: work.notes,
    endNotesHtml: work.end_notes,
    rating: of('rating')[0] ?? 'Not Rated',
    warnings: of('warning'),
    categories: of('category'),
    fandoms: of('fandom'),
    relationships: of('relationship'),
    characters: of('character'),
    freeforms: of('freeform'),
    language: work.language,
    words: work.words,
    postedChapters: work.posted_chapters,
    expectedChapters: work.expected_chapters,
    complete: work.complete === 1,
    restricted: access.restricted,
    anonymous: access.anonymous,
    draft: work.status === 'draft',
    authors: canSeeCreators(viewer, access) ? creators.map((c) => ({ pseud: c.pseud, login: c.login })) : null,
    publishedAt: work.published_at,
    updatedAt: work.updated_at,
    viewerIsCreator: ownsWork(viewer, access),
  };
}

/** "Anonymous", or the pseuds as AO3 writes them: "pseud (login)" when they differ. */
export function authorNames(view: Pick<WorkView, 'authors'>): string[] {
  if (view.authors === null) return ['Anonymous'];
  return view.authors.map((a) => (a.pseud.toLowerCase() === a.login.toLowerCase() ? a.pseud : `${a.pseud} (${a.login})`));
}

export function chapterCountLabel(view: Pick<WorkView, 'postedChapters' | 'expectedChapters'>): string {
  return `${view.postedChapters}/${view.expectedChapters ?? '?'}`;
}
