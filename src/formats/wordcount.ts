// Word counts shown on works and used for filtering. Chinese and Japanese put no spaces between
// words, so every CJK character (Hangul too, for one simple rule) counts as a word of its own.
import { Parser } from 'htmlparser2';
import { MAX_NESTING, nestingDepth, stripTags } from './nesting.ts';

// A letter or digit of a CJK script; the lookahead keeps CJK punctuation (、。「」) out.
const CJK = String.raw`(?=[\p{L}\p{N}])[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]\p{M}*`;
const LETTER = String.raw`(?:(?!${CJK})[\p{L}\p{N}]\p{M}*)`;
// Apostrophes and hyphens inside a word keep it whole (don't, well-known); so do 1,000 and 3.14.
const JOINER = String.raw`(?:['\u2019\u02bc\u2010\u2011-]|(?<=\p{N})[.,](?=\p{N}))`;
const WORD = new RegExp(`${CJK}|${LETTER}+(?:${JOINER}${LETTER}+)*`, 'gu');

export function countWords(text: string): number {
  let count = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text) !== null) count++;
  return count;
}

// Tags that do not break a word: `wo<em>rd</em>` is one word.
const INLINE = new Set([
  'a', 'abbr', 'acronym', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em',
  'font', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub',
  'sup', 'time', 'tt', 'u', 'var', 'ruby', 'wbr',
]);
// Ruby readings repeat the base text; scripts and styles are not prose.
const UNCOUNTED = new Set(['rt', 'rp', 'script', 'style', 'template', 'title', 'head']);

/** The text a reader sees in `html`: tags stripped, entities decoded, a newline between blocks. */
export function htmlText(html: string): string {
  const parts: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (UNCOUNTED.has(name)) hidden++;
        else if (!INLINE.has(name)) parts.push('\n');
      },
      onclosetag(name) {
        if (UNCOUNTED.has(name)) hidden = Math.max(0, hidden - 1);
        else if (!INLINE.has(name)) parts.push('\n');
      },
      ontext(text) {
        if (hidden === 0) parts.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(nestingDepth(html) > MAX_NESTING ? stripTags(html) : html);
  parser.end();
  return parts.join('');
}

export function countWordsInHtml(html: string): number {
  return countWords(htmlText(html));
}
