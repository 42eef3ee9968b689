// The search parameters of every works listing, documented and type-checked from the
// parser's own constants; src/search/query.ts parseSearchQuery stays the one parser.
import { FLAG_WORDS, LANGUAGE_CODE, MAX_FACET_LIMIT, MAX_PAGE, SORTS, encodeCursor } from '../../search/query.ts';
import { CATEGORIES, RATINGS, WARNINGS } from '../../tags/fixed.ts';
import { arrayOf, int, parameters, str, strings, type JsonSchema } from '../schema-kit.ts';

const flag = (description: string, example: string): JsonSchema =>
  str({ enum: [...FLAG_WORDS.yes, ...FLAG_WORDS.no, ...FLAG_WORDS.either], description: `${description} (true or false; empty or "any" for either)`, examples: [example] });
const tagNames = (description: string, example: string): JsonSchema => strings({ description: `${description}; repeat the parameter or separate names with commas`, examples: [[example]] });
const date = (description: string, example: string): JsonSchema => str({ format: 'date', description: `${description} (YYYY-MM-DD)`, examples: [example] });

export const searchParameters: Record<string, JsonSchema> = {
  q: str({ description: 'Search text: words, "phrases", prefix*, OR, -exclude, and fields title:, summary:, tag:, author:, text:', examples: ['lighthouse'] }),
  tag: tagNames('Works must have every one of these tags (a synonym or sub-tag counts for its canonical)', 'Original Work'),
  fandom: tagNames('Like tag, for fandoms', 'Original Work'),
  character: tagNames('Like tag, for characters', 'Mira'),
  relationship: tagNames('Like tag, for relationships', 'Mira/Tobin'),
  freeform: tagNames('Like tag, for additional tags', 'Found Family'),
  exclude: strings({ description: 'Leave out works with any of these tags (at most 500); unknown names are ignored', examples: [['Angst']] }),
  rating: arrayOf(str({ enum: [...RATINGS] }), { description: 'Any of these ratings', examples: [['General Audiences']] }),
  warning: arrayOf(str({ enum: [...WARNINGS] }), { description: 'All of these archive warnings', examples: [['No Archive Warnings Apply']] }),
  category: arrayOf(str({ enum: [...CATEGORIES] }), { description: 'All of these categories', examples: [['Gen']] }),
  language: strings({ items: { type: 'string', pattern: LANGUAGE_CODE.source }, description: 'Any of these language codes', examples: [['en']] }),
  complete: flag('Only complete (true) or in-progress (false) works', 'any'),
  crossover: flag('Only works in more than one fandom, or only in one', 'any'),
  single_chapter: flag('Only one-shots, or only multi-chapter works', 'any'),
  words_min: int({ minimum: 0, maximum: 999_999_999, description: 'At least this many words', examples: [1] }),
  words_max: int({ minimum: 0, maximum: 999_999_999, description: 'At most this many words', examples: [1_000_000] }),
  updated_from: date('Updated on or after this day', '2020-01-01'),
  updated_to: date('Updated on or before this day', '2999-12-31'),
  posted_from: date('First posted on or after this day', '2020-01-01'),
  posted_to: date('First posted on or before this day', '2999-12-31'),
  sort: str({ enum: [...SORTS], description: 'Sort key; default best with q, else updated (best needs q)', examples: ['updated'] }),
  order: str({ enum: ['asc', 'desc'], description: 'Default asc for title and author, else desc', examples: ['desc'] }),
  cursor: str({ description: 'next_cursor from the previous page (stable under new posts); use instead of page', examples: [encodeCursor({ key: 8_640_000_000_000_000, id: 2_000_000_000 })] }),
  page: int({ minimum: 1, maximum: MAX_PAGE, description: 'Page number, from 1 (default 1)', examples: [1] }),
  facets: flag('Also count tags, ratings, languages and completeness among all matches', 'true'),
  facet_limit: int({ minimum: 1, maximum: MAX_FACET_LIMIT, description: 'Tags per facet kind (default 10)', examples: [5] }),
  ignore_blocklist: flag("Leave the viewer's blocklist out of this search", 'false'),
};

export const worksQuery = parameters({
  ...searchParameters,
  user: str({ description: "Only this user's works (anonymous works are listed for their creator only)", examples: ['mira'] }),
  pseud: str({ description: 'With user: only works by this pseud of theirs', examples: ['mira'] }),
});

export const userWorksQuery = parameters({
  ...searchParameters,
  pseud: str({ description: 'Only works by this pseud of the user', examples: ['mira'] }),
});
