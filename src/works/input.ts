// Parses untrusted form or JSON input into typed work and chapter values.
// Services take only these values; nothing else from a request reaches the database.
import { InvalidInput } from '../errors.ts';
import { CATEGORIES, RATINGS, WARNINGS, matchFixed, type Category, type Rating, type Warning } from '../tags/fixed.ts';
import { splitTagList } from '../tags/names.ts';

export const LIMITS = {
  title: 255,
  summary: 1250,
  notes: 5000,
  chapterChars: 510_000,
  userTags: 75,
  expectedChapters: 10_000,
};

export const BODY_FORMATS = ['html', 'markdown', 'text'] as const;
export type BodyFormat = (typeof BODY_FORMATS)[number];

export interface WorkFields {
  title: string;
  summary: string;
  notes: string;
  endNotes: string;
  rating: Rating;
  warnings: Warning[];
  categories: Category[];
  fandoms: string[];
  relationships: string[];
  characters: string[];
  freeforms: string[];
  language: string;
  complete: boolean;
  expectedChapters: number | null;
  restricted: boolean;
  anonymous: boolean;
  draft: boolean;
  pseudIds: number[];
}

export interface ChapterFields {
  title: string;
  summary: string;
  notes: string;
  endNotes: string;
  format: BodyFormat;
  body: string;
  draft: boolean;
}

type Input = Record<string, unknown>;

const list = (v: unknown): string[] => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
export const truthy = (v: unknown): boolean => v === true || v === 'true' || v === 'on' || v === '1' || v === 1;

function text(input: Input, key: string, max: number, label: string): string {
  const v = input[key];
  if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number') throw new InvalidInput(`${label} must be text`, key);
  const s = String(v ?? '').trim();
  if ([...s].length > max) throw new InvalidInput(`${label} can be at most ${max.toLocaleString('en')} characters`, key);
  return s;
}

export function parseWorkFields(input: Input): WorkFields {
  const title = text(input, 'title', LIMITS.title, 'Title').replace(/\s+/g, ' ');
  if (title === '') throw new InvalidInput('Please give your work a title', 'title');

  const ratingRaw = String(input.rating ?? '');
  const rating = matchFixed(RATINGS, ratingRaw);
  if (!rating) throw new InvalidInput(`Rating must be one of: ${RATINGS.join(', ')}`, 'rating');

  const warnings = list(input.warnings).map((w) => {
    const found = matchFixed(WARNINGS, w);
    if (!found) throw new InvalidInput(`Unknown archive warning "${w}"`, 'warnings');
    return found;
  });
  if (warnings.length === 0) throw new InvalidInput('Choose at least one archive warning', 'warnings');

  const categories = list(input.categories).map((c) => {
    const found = matchFixed(CATEGORIES, c);
    if (!found) throw new InvalidInput(`Unknown category "${c}"`, 'categories');
    return found;
  });

  const fandoms = splitTagList(input.fandoms, 'fandoms');
  if (fandoms.length === 0) throw new InvalidInput('Add at least one fandom', 'fandoms');
  const relationships = splitTagList(input.relationships, 'relationships');
  const characters = splitTagList(input.characters, 'characters');
  const freeforms = splitTagList(input.freeforms ?? input.tags, 'freeforms');
  if (fandoms.length + relationships.length + characters.length + freeforms.length > LIMITS.userTags) {
    throw new InvalidInput(`A work can have at most ${LIMITS.userTags} fandom, relationship, character and additional tags in all`, 'freeforms');
  }

  const language = String(input.language ?? 'en').trim() || 'en';
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) throw new InvalidInput(`"${language}" is not a language code`, 'language');

  const expectedRaw = String(input.expected_chapters ?? '').trim();
  let expectedChapters: number | null = null;
  if (expectedRaw !== '' && expectedRaw !== '?') {
    expectedChapters = Number(expectedRaw);
    if (!Number.isInteger(expectedChapters) || expectedChapters < 1 || expectedChapters > LIMITS.expectedChapters) {
      throw new InvalidInput('Expected chapters must be a whole number from 1, or blank for unknown', 'expected_chapters');
    }
  }

  const pseudIds = list(input.pseud_ids ?? input.pseud_id).map(Number).filter((n) => Number.isInteger(n) && n > 0);

  return {
    title,
    summary: text(input, 'summary', LIMITS.summary, 'Summary'),
    notes: text(input, 'notes', LIMITS.notes, 'Notes'),
    endNotes: text(input, 'end_notes', LIMITS.notes, 'End notes'),
    rating,
    warnings: [...new Set(warnings)],
    categories: [...new Set(categories)],
    fandoms,
    relationships,
    characters,
    freeforms,
    language,
    complete: truthy(input.complete),
    expectedChapters,
    restricted: truthy(input.restricted),
    anonymous: truthy(input.anonymous),
    draft: truthy(input.draft) || input.status === 'draft',
    pseudIds,
  };
}

export function parseChapterFields(input: Input, prefix = ''): ChapterFields {
  const get = (k: string) => input[prefix + k];
  const format = String(get('format') ?? 'html') as BodyFormat;
  if (!BODY_FORMATS.includes(format)) throw new InvalidInput('Format must be html, markdown or text', prefix + 'format');
  const body = String(get('body') ?? '');
  if (body.length > LIMITS.chapterChars) {
    throw new InvalidInput(`A chapter can be at most ${LIMITS.chapterChars.toLocaleString('en')} characters (this one has ${body.length.toLocaleString('en')})`, prefix + 'body');
  }
  if (body.trim() === '') throw new InvalidInput('The chapter text is empty', prefix + 'body');
  const sub: Input = { title: get('title'), summary: get('summary'), notes: get('notes'), end_notes: get('end_notes') };
  return {
    title: text(sub, 'title', LIMITS.title, 'Chapter title'),
    summary: text(sub, 'summary', LIMITS.summary, 'Chapter summary'),
    notes: text(sub, 'notes', LIMITS.notes, 'Chapter notes'),
    endNotes: text(sub, 'end_notes', LIMITS.notes, 'Chapter end notes'),
    format,
    body,
    draft: truthy(get('draft')) || get('status') === 'draft',
  };
}
