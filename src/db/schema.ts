// Row types of every table. Booleans are 0/1 integers and timestamps ISO-8601
// UTC strings in both dialects, so one set of queries serves SQLite and PostgreSQL.
import type { Generated, Kysely, Selectable } from 'kysely';

export type Flag = 0 | 1;
export type Role = 'user' | 'wrangler' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  login: string;
  login_key: string;
  email: string;
  password_hash: string;
  role: Generated<Role>;
  pref_view_adult: Generated<Flag>;
  pref_theme: Generated<string>;
  pref_font_size: Generated<number>;
  pref_line_width: Generated<number>;
  created_at: string;
}

export interface PseudsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  name_key: string;
  is_default: Flag;
  description: string;
  created_at: string;
}

export interface SessionsTable {
  id: string; // sha-256 of the cookie value, so a leaked table cannot log anyone in
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface WorksTable {
  id: Generated<number>;
  title: string;
  summary: string;
  notes: string;
  end_notes: string;
  language: string;
  words: number;
  posted_chapters: number;
  expected_chapters: number | null;
  complete: Flag;
  restricted: Flag;
  anonymous: Flag;
  hidden: Flag;
  status: 'draft' | 'posted';
  published_at: string | null;
  updated_at: string;
  created_at: string;
}

export interface CreatorshipsTable {
  work_id: number;
  pseud_id: number;
  position: number;
}

export interface ChaptersTable {
  id: Generated<number>;
  work_id: number;
  position: number;
  title: string;
  summary: string;
  notes: string;
  end_notes: string;
  body_format: 'html' | 'markdown' | 'text';
  body_source: string;
  body_html: string;
  words: number;
  status: 'draft' | 'posted';
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export type TagKind = 'rating' | 'warning' | 'category' | 'fandom' | 'relationship' | 'character' | 'freeform' | 'media';

export interface TagsTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  kind: TagKind;
  canonical: Flag;
  merger_id: number | null;
  taggings_count: Generated<number>;
  created_at: string;
}

export interface MetaTaggingsTable {
  meta_id: number;
  sub_id: number;
}

export interface TagParentsTable {
  parent_id: number;
  child_id: number;
}

export interface WranglingAuditTable {
  id: Generated<number>;
  user_id: number | null;
  actor: string;
  action: string;
  tag_name: string;
  detail: string;
  created_at: string;
}

export interface WranglerAssignmentsTable {
  user_id: number;
  fandom_id: number;
}

export interface FilterJobsTable {
  id: Generated<number>;
  reason: string;
  scope: 'tagged' | 'filtered';
  tag_ids: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  cursor: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkTagsTable {
  work_id: number;
  tag_id: number;
  position: number;
}

export interface WorkFiltersTable {
  work_id: number;
  tag_id: number;
}

export interface SearchChangesPrunedTable {
  up_to: number;
}

export interface SearchChangesTable {
  id: Generated<number>;
  /** A work to read again; negated, a tag whose wrangling marks changed (see search/sync.ts). */
  work_id: number;
}

export interface BlockedTagsTable {
  user_id: number;
  tag_id: number;
}

export interface BlockedUsersTable {
  user_id: number;
  blocked_id: number;
}

export interface SavedSearchesTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  query: string;
  feed_token: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  hint: string;
  created_at: string;
  last_used_at: string | null;
}

/** A file a user imported, by the SHA-256 of its bytes (src/imports/sources.ts). */
export interface ImportedSourcesTable {
  user_id: number;
  sha256: string;
  work_id: number;
  file_name: string;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  pseuds: PseudsTable;
  sessions: SessionsTable;
  works: WorksTable;
  creatorships: CreatorshipsTable;
  chapters: ChaptersTable;
  tags: TagsTable;
  work_tags: WorkTagsTable;
  work_filters: WorkFiltersTable;
  meta_taggings: MetaTaggingsTable;
  tag_parents: TagParentsTable;
  wrangling_audit: WranglingAuditTable;
  wrangler_assignments: WranglerAssignmentsTable;
  filter_jobs: FilterJobsTable;
  search_changes: SearchChangesTable;
  search_changes_pruned: SearchChangesPrunedTable;
  blocked_tags: BlockedTagsTable;
  blocked_users: BlockedUsersTable;
  saved_searches: SavedSearchesTable;
  api_tokens: ApiTokensTable;
  imported_sources: ImportedSourcesTable;
}

export type Db = Kysely<Database>;
export type User = Selectable<UsersTable>;
export type Pseud = Selectable<PseudsTable>;
export type WorkRow = Selectable<WorksTable>;
export type ChapterRow = Selectable<ChaptersTable>;
export type TagRow = Selectable<TagsTable>;
export type FilterJob = Selectable<FilterJobsTable>;
