// Turns a parsed file into a posted work: what the file says wins, flags fill the gaps.
import type { Context } from '../context.ts';
import { InvalidInput } from '../errors.ts';
import type { Viewer } from '../authz/policy.ts';
import { matchRating, matchWarning, matchFixed, CATEGORIES, type Warning } from '../tags/fixed.ts';
import { parseWorkFields, type ChapterFields } from '../works/input.ts';
import { createWork } from '../works/service.ts';
import type { ParsedWork } from '../formats/index.ts';

export interface ImportDefaults {
  rating?: string;
  fandoms: string[];
  warnings: string[];
  tags: string[];
  language?: string;
}

export async function importParsedWork(ctx: Context, viewer: Viewer, parsed: ParsedWork, defaults: ImportDefaults): Promise<number> {
  const rating = (parsed.rating && matchRating(parsed.rating)) || (defaults.rating && matchRating(defaults.rating)) || 'Not Rated';
  if (defaults.rating && !matchRating(defaults.rating)) throw new InvalidInput(`Unknown rating "${defaults.rating}"`, 'rating');
  const warnings = [...parsed.warnings, ...defaults.warnings].map((w) => matchWarning(w)).filter((w): w is Warning => w !== undefined);
  const fandoms = parsed.fandoms.length > 0 ? parsed.fandoms : defaults.fandoms;
  if (fandoms.length === 0) throw new InvalidInput('The file names no fandom: give one with --fandom', 'fandoms');
  const fields = parseWorkFields({
    title: parsed.title,
    summary: parsed.summary ?? '',
    notes: parsed.notes ?? '',
    end_notes: parsed.endNotes ?? '',
    rating,
    warnings: warnings.length > 0 ? [...new Set(warnings)] : ['Choose Not To Use Archive Warnings'],
    categories: parsed.categories.map((c) => matchFixed(CATEGORIES, c)).filter(Boolean),
    fandoms,
    relationships: parsed.relationships,
    characters: parsed.characters,
    freeforms: [...parsed.tags, ...defaults.tags],
    language: parsed.language ?? defaults.language ?? 'en',
    complete: parsed.complete ? 'on' : '',
  });
  const chapters: ChapterFields[] = parsed.chapters.map((c) => ({
    title: c.title,
    summary: '',
    notes: '',
    endNotes: '',
    format: 'html',
    body: c.html,
    draft: false,
  }));
  return createWork(ctx, viewer, fields, chapters);
}
