// Builds an FTS5 MATCH expression for a table with columns (title, summary, tags, author,
// body, grams, meta_grams: the word pairs of the body and of the rest, see ./grams.ts).
// Every word goes inside double quotes, where FTS5 reads only tokens, so user text can
// never become an operator, a column filter, NEAR or ^; the table's own tokenizer still
// stems and folds what is inside the quotes.
import { JOIN, phraseGrams } from './grams.ts';
import type { Field, Term, TextQuery } from './parse.ts';

const COLUMNS: Record<Field, string> = { title: 'title', summary: 'summary', tag: 'tags', author: 'author', text: 'body' };

function quote(s: string): string {
  // FTS5 reads its query as a C string: a NUL would end it inside the quotes.
  return `"${s.replace(/\0/g, ' ').replace(/"/g, '""')}"`;
}

/**
 * A phrase of common words as its word pairs (./grams.ts): those of the body, or with no
 * field those of the title, summary, tags and names as well. Null for any other term.
 */
function byGrams(t: Term): string | null {
  if (t.type !== 'phrase' || (t.field && t.field !== 'text')) return null;
  const grams = phraseGrams(t.words);
  if (!grams) return null;
  return `${t.field ? '{grams}' : '{grams meta_grams}'} : ${quote(grams.join(' '))}`;
}

// The columns of text, without the pairs.
const TEXT = '{title summary tags author body}';

function term(t: Term): string {
  const grams = byGrams(t);
  if (grams !== null) return grams;
  const body = t.type === 'word' ? `${quote(t.value)}${t.prefix ? ' *' : ''}` : quote(t.words.join(' '));
  if (t.field) return `{${COLUMNS[t.field]}} : ${body}`;
  // A prefix would also expand to every pair starting with it ("hand*": handǂtheǂ, handǂofǂ,
  // …), thousands of terms more to merge; a word holding JOIN could match a pair. Both are
  // kept to the text's own columns. Other words never match a pair, and a column filter
  // would make FTS5 read their positions, so they go without.
  const mayMatchPairs = t.type === 'word' ? t.prefix || t.value.includes(JOIN) : t.words.some((w) => w.includes(JOIN));
  return mayMatchPairs ? `${TEXT} : ${body}` : body;
}

function alternatives(terms: Term[]): string {
  return terms.length === 1 ? term(terms[0]) : `(${terms.map(term).join(' OR ')})`;
}

/**
 * The MATCH string, or null when nothing positive is left to search for: FTS5 has no
 * query that is only NOT, so the caller says "add a word to search for" instead.
 */
export function toFts5Match(q: TextQuery): string | null {
  const must = q.must.filter((c) => c.any.length > 0).map((c) => alternatives(c.any));
  if (must.length === 0) return null;
  const positive = must.join(' AND ');
  if (q.not.length === 0) return positive;
  // One NOT with an OR inside: FTS5's NOT is binary, and this needs no thought about how
  // a chain of them associates.
  return `(${positive}) NOT ${alternatives(q.not)}`;
}
