// Reads what a person types into a search box into a small AND-of-ORs structure. Nothing
// here knows about SQL: fts5.ts and tsquery.ts each turn the result into their own syntax,
// quoting every word, so no input is ever interpreted by a database as an operator.
import { foldText } from './fold.ts';

export type Field = 'title' | 'summary' | 'tag' | 'author' | 'text'; // text = chapter bodies; no field = any field
export type Term =
  | { type: 'word'; value: string; prefix: boolean; field?: Field }
  | { type: 'phrase'; words: string[]; field?: Field };
export interface Clause { any: Term[] } // at least one of these must match
export interface TextQuery { must: Clause[]; not: Term[] } // every clause must match; no `not` term may

export const MAX_TERMS = 64;
// A pasted paragraph in quotes is still one phrase, but a bounded one.
export const MAX_PHRASE_WORDS = 64;

// A Map, not an object literal: `constructor:x` must not find Object.prototype.constructor.
const FIELDS = new Map<string, Field>([
  ['title', 'title'], ['summary', 'summary'], ['tag', 'tag'], ['tags', 'tag'],
  ['author', 'author'], ['by', 'author'], ['text', 'text'], ['body', 'text'],
]);

// Phones type “smart” quotes; NFKC has already turned fullwidth ＂ into ".
const QUOTE = /["“”„]/y;
// A quoted phrase (an unclosed quote runs to the end), `|`, separators, or a chunk.
const TOKEN = /["“”„]([^"“”„]*)["“”„]?|(\|)|[\s()]+|([^\s()|"“”„]+)/gy;
const FIELD_PREFIX = /^([a-z]+):/i;
// Inside a chunk, apostrophes, hyphens, underscores and dots hold the pieces together as one
// phrase (don't, spider-man, dark_lord, 3.5); any other punctuation (harry/draco, a,b)
// separates independent words.
const SPLIT = /[^\p{L}\p{N}\p{M}\p{Co}'’‘ʼ\-‐‑_.]+/u;
const HAS_LETTER = /[\p{L}\p{N}\p{Co}]/u;

interface Modifiers { neg: boolean; field?: Field }

/** A term from folded text: one word, or a phrase when folding split it (CJK, don't). */
function termFrom(text: string, prefix: boolean, field: Field | undefined): Term | undefined {
  // A word made only of marks (a stray Thai vowel sign) is no token to FTS5 at all.
  const words = foldText(text).split(' ').filter((w) => HAS_LETTER.test(w)).slice(0, MAX_PHRASE_WORDS);
  if (words.length === 0) return undefined;
  const f = field ? { field } : {};
  if (words.length > 1) return { type: 'phrase', words, ...f };
  // A one-letter prefix would expand to half the dictionary.
  const isPrefix = prefix && [...words[0]].length >= 2;
  return { type: 'word', value: words[0], prefix: isPrefix, ...f };
}

export function parseTextQuery(input: string): TextQuery {
  const query: TextQuery = { must: [], not: [] };
  const text = input.normalize('NFKC');
  let count = 0;
  let pending: Modifiers = { neg: false };
  let orPending = false; // an OR came right after a positive term
  let lastWasPositive = false;

  const add = (term: Term | undefined, mods: Modifiers): void => {
    if (!term || count >= MAX_TERMS) return;
    count++;
    if (mods.neg) {
      query.not.push(term);
      orPending = lastWasPositive = false;
      return;
    }
    if (orPending && lastWasPositive) query.must[query.must.length - 1].any.push(term);
    else query.must.push({ any: [term] });
    orPending = false;
    lastWasPositive = true;
  };

  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (count < MAX_TERMS && (m = TOKEN.exec(text)) !== null) {
    const [, quoted, pipe, chunk] = m;
    if (quoted !== undefined) {
      add(termFrom(quoted, false, pending.field), pending);
      pending = { neg: false };
    } else if (pipe !== undefined || chunk === 'OR') {
      orPending = lastWasPositive;
    } else if (chunk === 'NOT') {
      pending = { ...pending, neg: true };
      orPending = lastWasPositive = false;
    } else if (chunk !== undefined && chunk !== 'AND') {
      QUOTE.lastIndex = TOKEN.lastIndex;
      const nextIsQuote = QUOTE.test(text);
      pending = readChunk(chunk, pending, nextIsQuote, add);
    }
  }
  return query;
}

/** Handles one unquoted chunk; returns the modifiers that carry over to the next term. */
function readChunk(
  chunk: string,
  carried: Modifiers,
  nextIsQuote: boolean,
  add: (t: Term | undefined, m: Modifiers) => void,
): Modifiers {
  let rest = chunk;
  const neg = carried.neg || rest.startsWith('-');
  rest = rest.replace(/^-+/, '');
  const named = FIELD_PREFIX.exec(rest);
  const own = named ? FIELDS.get(named[1].toLowerCase()) : undefined;
  const field = own ?? carried.field;
  if (own) rest = rest.slice(named![0].length);
  if (rest === '') {
    // `-"phrase"`, `title:"phrase"`, and forgivingly `title: dragon`; a lone `-` is nothing.
    return own || nextIsQuote ? { neg, field } : carried;
  }
  const prefix = rest.endsWith('*');
  const pieces = rest.replace(/\*+$/, '').split(SPLIT);
  pieces.forEach((piece, i) => add(termFrom(piece, prefix && i === pieces.length - 1, field), { neg, field }));
  return { neg: false };
}
