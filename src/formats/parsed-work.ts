// The typed value every import format parses into; the works service takes only this.

export interface ParsedChapter {
  /** '' when the file gave the chapter no heading. */
  title: string;
  /** Sanitized HTML. */
  html: string;
  /** Plain text, from downloads that carry them (AO3's chapter summary and notes). */
  summary?: string;
  notes?: string;
  endNotes?: string;
}

/** What a header block (or HTML meta tags) can say about a work. Text fields are plain text. */
export interface WorkMeta {
  title?: string;
  authors: string[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  warnings: string[];
  categories: string[];
  tags: string[];
  /** The rating as written ("Teen", "PG-13"); the caller maps it to a rating. */
  rating?: string;
  summary?: string;
  notes?: string;
  endNotes?: string;
  language?: string;
  /** The series the work belongs to, from a download's details. */
  series?: { name: string; position: number };
}

export interface ParsedWork extends WorkMeta {
  /** Never empty. */
  title: string;
  /** False when the story closes with TBC / To be continued. */
  complete: boolean;
  /** At least one. */
  chapters: ParsedChapter[];
}

export type ListField = 'authors' | 'fandoms' | 'relationships' | 'characters' | 'warnings' | 'categories' | 'tags';
export type TextField = 'title' | 'rating' | 'summary' | 'notes' | 'endNotes' | 'language';

export function emptyMeta(): WorkMeta {
  return { authors: [], fandoms: [], relationships: [], characters: [], warnings: [], categories: [], tags: [] };
}

/** Adds a note paragraph after any notes already there. */
export function joinNotes(existing: string | undefined, more: string): string {
  return existing ? `${existing}\n\n${more}` : more;
}
