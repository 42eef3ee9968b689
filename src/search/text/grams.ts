// Word pairs ("grams") for phrases of common words. A phrase costs FTS5 a walk over the
// positions of each of its words in every work holding them all: "said that the" reads
// hundreds of positions a work in nearly every long work (0.1–0.2 s at 100k works of a
// few thousand words). So each pair of neighbouring words with a common word among them is
// also indexed as one token, and such a phrase is looked up as a short phrase of pairs,
// whose lists are far shorter. Index and query both make pairs here, so they always agree.
import { stemmer } from 'stemmer';

// English words found in nearly every long text, each hundreds of times: the ones whose
// position lists make phrases dear. Changing the list changes which pairs are indexed, so
// it needs a migration that indexes every work again.
const COMMON_WORDS =
  'a about after again all am an and any are as at back be because been before but by can could did do down even for from get go had has have he her here him his how i if in into is it its just know let like may me might more much must my never no not now of off oh on one only or other our out over own said shall she should so some still such than that the their them then there these they this those through to too up upon us very was we well went were what when where which while who whom will with would yes you your';

// Stems, as FTS5's porter tokenizer makes them (the same algorithm; checked against FTS5 on
// every word of the public-domain novels in ../shared): a pair of "runs the" then matches
// a phrase "running the", as FTS5 matches the words themselves.
const COMMON = new Set(COMMON_WORDS.split(' ').map((w) => stemmer(w)));

// Joins a pair's stems and ends it: a letter (U+01C2), so that FTS5's unicode61 and
// PostgreSQL's parser (in any locale) keep a pair as one token, and not ASCII, so that
// porter, whose rules all end in ASCII letters, leaves it as made here. Words holding it
// (a Khoisan click) never pair, so a pair always reads back as one pair of words.
export const JOIN = '\u01c2';

// Only words of letters and digits pair: FTS5 splits at marks, so their words are its tokens.
const PLAIN = /^[\p{L}\p{N}]+$/u;
const stems = new Map<string, string | null>();

function stemOf(word: string): string | null {
  let s = stems.get(word);
  if (s === undefined) {
    s = PLAIN.test(word) && !word.includes(JOIN) ? stemmer(word) : null;
    // A bounded memo: a chapter of Chinese or of random strings must not grow it for ever.
    if (stems.size > 200_000) stems.clear();
    stems.set(word, s);
  }
  return s;
}

const common = (s: string | null): boolean => s !== null && COMMON.has(s);
const pair = (a: string | null, b: string | null): string | null => (a !== null && b !== null && (common(a) || common(b)) ? a + JOIN + b + JOIN : null);

/**
 * The pairs of folded text (see fold.ts), in order, space-separated: what the grams column
 * indexes. A common word next to one that cannot pair leaves a lone JOIN in the pair's place,
 * so that the pairs on either side of it are not taken for neighbours (see phraseGrams).
 */
export function textGrams(folded: string): string {
  const out: string[] = [];
  let prev: string | null = null;
  let first = true;
  for (const word of folded.split(' ')) {
    if (word === '') continue;
    const s = stemOf(word);
    if (!first) {
      const g = pair(prev, s);
      if (g !== null) out.push(g);
      else if (common(prev) || common(s)) out.push(JOIN);
    }
    prev = s;
    first = false;
  }
  return out.join(' ');
}

/**
 * The pairs of a work's title, summary, tags and names (folded), each field's apart: a lone
 * JOIN between fields keeps a phrase from running on from one into the next.
 */
export function metaGrams(fields: readonly string[]): string {
  return fields.map(textGrams).join(` ${JOIN} `);
}

/** A work's folded title, summary, tags, names and body. */
export type TextFields = readonly [title: string, summary: string, tags: string, author: string, body: string];

/** The values of an FTS5 row (title, summary, tags, author, body, grams, meta_grams) for folded fields. */
export function fts5Values(f: TextFields): string[] {
  return [...f, textGrams(f[4]), metaGrams(f.slice(0, 4))];
}

/**
 * The pairs that find a phrase of folded words exactly, or null when it must be matched word
 * by word. Every neighbouring pair must be indexed, and every inner word common: pairs are
 * indexed only around common words, so after a pair ending in a common word the next pair
 * indexed is the one starting there, and consecutive pairs are consecutive words.
 */
export function phraseGrams(words: readonly string[]): string[] | null {
  if (words.length < 2) return null;
  const s = words.map(stemOf);
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) {
    const g = pair(s[i]!, s[i + 1]!);
    if (g === null) return null;
    if (i > 0 && !common(s[i]!)) return null;
    out.push(g);
  }
  return out;
}
