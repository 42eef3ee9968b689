// Turns a parsed file into a posted work: what the file says wins, flags fill the gaps
// (additional tags are the exception: the file's and the flags' are both kept).
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import type { Viewer } from '../authz/policy.ts';
import { matchRating, matchWarning, matchFixed, CATEGORIES, type Warning } from '../tags/fixed.ts';
import { splitTagList } from '../tags/names.ts';
import { parseChapterFields, parseWorkFields, type ChapterFields } from '../works/input.ts';
import { createWork, type CreateWorkOptions } from '../works/service.ts';
import type { ParsedWork } from '../formats/index.ts';

export interface ImportDefaults {
  rating?: string;
  fandoms: string[];
  warnings: string[];
  tags: string[];
  language?: string;
}

/**
 * Checks the defaults given for a batch before any file is read, so a mistyped flag stops the
 * batch once instead of failing (or, for a warning, being dropped) file by file.
 */
export function checkImportDefaults(defaults: ImportDefaults): void {
  if (defaults.rating !== undefined && !matchRating(defaults.rating)) throw new InvalidInput(`Unknown rating "${defaults.rating}"`, 'rating');
  for (const w of defaults.warnings) if (!matchWarning(w)) throw new InvalidInput(`Unknown archive warning "${w}"`, 'warnings');
  splitTagList(defaults.fandoms, 'fandoms');
  splitTagList(defaults.tags, 'freeforms');
  if (defaults.language !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(defaults.language)) {
    throw new InvalidInput(`"${defaults.language}" is not a language code`, 'language');
  }
}

// Quire has no series yet, so the file's series is kept as a line of the work's notes.
function withSeriesNote(parsed: ParsedWork): string {
  const notes = parsed.notes ?? '';
  if (!parsed.series) return notes;
  const { name, position } = parsed.series;
  const line = `Part ${position} of ${/^the\s/i.test(name) ? '' : 'the '}${name} series.`;
  return notes ? `${line}\n\n${notes}` : line;
}

/** Posts one parsed file as a work in one transaction: either all of it is saved or none of it. */
export async function importParsedWork(ctx: Context, viewer: Viewer, parsed: ParsedWork, defaults: ImportDefaults, options: CreateWorkOptions = {}): Promise<number> {
  checkImportDefaults(defaults);
  const rating = (parsed.rating && matchRating(parsed.rating)) || (defaults.rating && matchRating(defaults.rating)) || 'Not Rated';
  // A warning the file gives that is not an archive warning ("Warnings: spiders") is still
  // something the writer wanted readers to see: it becomes an additional tag.
  const fileWarnings = parsed.warnings.map((w) => matchWarning(w)).filter((w): w is Warning => w !== undefined);
  const contentNotes = parsed.warnings.filter((w) => !matchWarning(w));
  const flagWarnings = defaults.warnings.map((w) => matchWarning(w)).filter((w): w is Warning => w !== undefined);
  const warnings = fileWarnings.length > 0 ? fileWarnings : flagWarnings;
  const fandoms = parsed.fandoms.length > 0 ? parsed.fandoms : defaults.fandoms;
  if (fandoms.length === 0) throw new InvalidInput('The file names no fandom: give one with --fandom', 'fandoms');
  const fields = parseWorkFields({
    title: parsed.title,
    summary: parsed.summary ?? '',
    notes: withSeriesNote(parsed),
    end_notes: parsed.endNotes ?? '',
    rating,
    warnings: warnings.length > 0 ? [...new Set(warnings)] : ['Choose Not To Use Archive Warnings'],
    categories: parsed.categories.map((c) => matchFixed(CATEGORIES, c)).filter(Boolean),
    fandoms,
    relationships: parsed.relationships,
    characters: parsed.characters,
    freeforms: [...parsed.tags, ...contentNotes, ...defaults.tags],
    language: parsed.language ?? defaults.language ?? 'en',
    complete: parsed.complete ? 'on' : '',
  });
  // Through the same checks as a chapter posted from the form (title and body length, empty body),
  // so SQLite and PostgreSQL refuse the same files with the same message.
  const chapters: ChapterFields[] = parsed.chapters.map((c, i) => {
    try {
      return parseChapterFields({ title: c.title, format: 'html', body: c.html, summary: c.summary, notes: c.notes, end_notes: c.endNotes });
    } catch (e) {
      if (e instanceof InvalidInput && parsed.chapters.length > 1) throw new InvalidInput(`Chapter ${i + 1}: ${e.message}`, e.field);
      throw e;
    }
  });
  return createWork(ctx, viewer, fields, chapters, options);
}
