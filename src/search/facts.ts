// What the bitmap index is fed (./load.ts reads it from the database): the facts of one
// posted, unhidden work, and the name and kind of one tag.
import type { TagKind } from '../db/schema.ts';

export interface WorkFacts {
  id: number;
  restricted: boolean;
  anonymous: boolean;
  complete: boolean;
  language: string;
  words: number;
  chapters: number;
  expected: number | null;
  updatedAt: number;
  publishedAt: number;
  title: string;
  author: string;
  creators: number[];
  pseuds: number[];
  filters: number[];
  fandoms: number;
}

export interface TagMeta {
  name: string;
  kind: TagKind;
  canonical: boolean;
  /** Merged into another tag (absent: not). */
  synonym?: boolean;
  /** A synonym's canonical tag (see TagSets.heldIds). */
  merger?: number;
}
