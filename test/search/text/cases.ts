// Rows and queries shared by the FTS5 and the PostgreSQL tests, so both backends are held
// to the same answers.
import fc from 'fast-check';
import { stemmer } from 'stemmer';

export interface Row { id: number; title: string; summary: string; tags: string; author: string; body: string | null }

export const ROWS: Row[] = [
  { id: 1, title: 'Running with Dragons', summary: 'A café in the mountains', tags: 'fluff, friendship', author: 'ada', body: 'They run and run. Green tea at the café.' },
  { id: 2, title: 'The Green Knight', summary: 'Tea and swords', tags: 'angst', author: 'bea', body: 'The tea was green, and the knight drank it.' },
  { id: 3, title: '我爱你', summary: 'A short love story', tags: 'romance', author: 'chen', body: '我爱你。今天天气很好。' },
  { id: 4, title: "Spider-Man's Day Off", summary: 'Version 3.5 of a quiet day', tags: 'humor, spider-man', author: 'dee', body: "Don't panic, said the spider." },
  { id: 5, title: 'Quiet Library', summary: 'Books everywhere', tags: 'fluff', author: 'ada lovelace', body: 'Dragonflies over the pond. A naïve résumé.' },
  // A work without chapters: its body is NULL, which exclusions must not trip over.
  { id: 6, title: 'Empty Shelf', summary: 'Nothing yet', tags: 'wip', author: 'eve', body: null },
];

/** [query, ids of the rows it must find], for both backends. */
export const CASES: [string, number[]][] = [
  ['dragons', [1]],
  ['dragon', [1]],
  ['drag*', [1, 5]],
  ['green tea', [1, 2]],
  ['"green tea"', [1]],
  ['"green tea', [1]],
  ['knight OR dragons', [1, 2]],
  ['knight | dragons', [1, 2]],
  ['tea -knight', [1]],
  ['tea NOT knight', [1]],
  ['tea -"green knight"', [1]],
  ['(green OR knight) -swords', [1]],
  ['-title:green tea', [1]],
  ['cafe', [1]],
  ['CAFÉ', [1]],
  ['naive resume', [5]],
  ['running', [1]],
  ['runs', [1]],
  ['title:green', [2]],
  ['title:"green knight"', [2]],
  ['title:drag*', [1]],
  ['summary:tea', [2]],
  ['tag:fluff', [1, 5]],
  ['tags:angst', [2]],
  ['author:ada', [1, 5]],
  ['by:bea', [2]],
  ['text:knight', [2]],
  ['body:dragon*', [5]],
  ['text:dragons', []],
  ['tag:spider-man', [4]],
  ['spider-man', [4]],
  ['3.5', [4]],
  ['爱', [3]],
  ['我爱', [3]],
  ['天气', [3]],
  ['爱情', []],
  ['FLUFF AND friendship', [1]],
  ['the dragons', [1]],
  ['quiet OR "nothing yet"', [4, 5, 6]],
  ['shelf -knight', [6]],
  // NEAR is no operator here: just a word no row contains.
  ['NEAR(quiet library)', []],
  ['quiet library', [5]],
  // Phrases of common words, found in chapter text by word pairs (src/search/text/grams.ts).
  // PostgreSQL's english configuration drops stop words from titles, summaries, tags and
  // names, so there `"tea at the"` finds "Tea and swords": these avoid such phrases.
  ['"said the spider"', [4]],
  ['"was green"', [2]],
  ['text:"tea at the"', [1]],
  ['"over the pond"', [5]],
  ['"and the knight"', [2]],
  ['"running and running"', [1]],
  ['"in the mountains"', [1]],
  ['text:"in the mountains"', []],
  ['"the green"', [2]],
  ['text:"the green"', []],
  ['"the knight drank"', [2]],
  ['tea -"and the knight"', [1]],
  ['"at the" OR "was green"', [1, 2]],
];

/** Query-shaped noise: operators, quotes, fields, CJK, emoji, control and lone surrogates. */
export const hostileQuery = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom('"', '“', "'", '(', ')', '*', ':', '^', '-', '+', '|', '\\', 'OR', 'AND', 'NOT', 'NEAR(', 'NEAR', '{', '}', ',', '&', '!', '<->', ':*', ' ', ' '),
        fc.constantFrom('title:', 'tag:', 'by:', 'text:', '-title:', 'foo:', '爱', '我爱你', '🐉', 'é', '\u0000', '\ud800', '\u0301', 'dragon', 'tea', 'a'),
        fc.string({ unit: 'binary', maxLength: 4 }),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join('')),
);

const stemOrSelf = (w: string) => (/^[\p{L}\p{N}]+$/u.test(w) ? stemmer(w) : w);

/** Whether a phrase stands in a text (both as folded words), word for word by stem: what FTS5 finds. */
export function phraseStandsIn(text: string[], phrase: string[]): boolean {
  const t = text.map(stemOrSelf);
  const p = phrase.map(stemOrSelf);
  for (let i = 0; i + p.length <= t.length; i++) if (p.every((w, k) => t[i + k] === w)) return true;
  return false;
}

/** Words for random texts: common ones, others, two forms of one stem, and words that never pair (a mark; the pairs' own join). */
export const PAIR_WORDS = ['the', 'of', 'and', 'said', 'that', 'was', 'a', 'in', 'to', 'dragon', 'tea', 'run', 'running', 'runs', 'knight', 'houses', 'hou', 'café', 'नमस्ते', 'x\u01c2y'];
