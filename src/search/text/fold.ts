// The one normalisation that the indexer and the query side share: if both sides fold the
// same way, each engine's own tokenizer sees identical tokens whatever the user typed.
//
// It runs on whole chapters (300,000 words), so after the native NFKC and lower-casing
// everything is one table-driven pass over UTF-16 code units into a typed buffer:
// per-character regex replacement or string concatenation took seconds on Chinese text,
// where every character needs spaces around it.

const SEP = 0; // not part of a word: becomes a (single) space
const WORD = 1; // copied as is
const CJK = 2; // Han, kana, Hangul syllable: a token of its own
const DROP = 3; // a combining diacritic left standing alone
const FOLD = 4; // a precomposed letter with diacritics: replaced by its base letter(s)
const HIGH = 5; // high surrogate: classified together with its pair

// Only the combining-diacritic blocks: Indic vowel signs, Thai marks or the kana voicing
// marks (が = か + ゙) are letters in all but name, and stripping them would merge words.
const DIACRITIC_BLOCKS = [[0x0300, 0x036f], [0x1ab0, 0x1aff], [0x1dc0, 0x1dff], [0x20d0, 0x20ff], [0xfe20, 0xfe2f]];
function isDiacritic(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return DIACRITIC_BLOCKS.some(([from, to]) => c >= from && c <= to);
}

// Anything but a letter, digit or mark separates words. FTS5 splits there anyway, but
// PostgreSQL's parser would keep `spider-man`, `3.5`, `a@b.org` or (in a C-locale
// database, where every non-ASCII character is a letter) `🐉dragon` as tokens of their
// own, which the query parser, splitting on the same characters, could never produce.
const WORD_CHAR = /^[\p{L}\p{N}\p{M}\p{Co}]+$/u;
// Han, kana (with ー and 々, hence script extensions) and Hangul syllables carry no spaces
// between words, so each character becomes a token and a run of them a phrase.
const CJK_CHAR = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\uac00-\ud7a3]$/u;

let table: Uint8Array | undefined;
const bases = new Map<number, string>();
let longestBase = 1;

function classify(ch: string): number {
  if (CJK_CHAR.test(ch)) return CJK;
  if (!WORD_CHAR.test(ch)) return SEP;
  if (isDiacritic(ch)) return DROP;
  const nfd = ch.normalize('NFD');
  if (nfd === ch) return WORD;
  const bare = [...nfd].filter((m) => !isDiacritic(m)).join('');
  if (bare === nfd) return WORD;
  if (ch.length > 1) return WORD; // bases are kept for the BMP only
  // Composed again: NFD splits Hangul into jamo and が into か + ゙.
  const base = bare.normalize('NFC');
  bases.set(ch.charCodeAt(0), base);
  longestBase = Math.max(longestBase, base.length);
  return FOLD;
}

function buildTable(): Uint8Array {
  const t = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) t[c] = c <= 0xdbff ? HIGH : SEP;
    else t[c] = classify(String.fromCharCode(c));
  }
  return t;
}

const decoder = new TextDecoder('utf-16le');
const NON_ASCII = /[\u0080-\uffff]/;

export function foldText(s: string): string {
  // NFKC first (fullwidth letters, ligatures, half-width kana), then lower-case, so that
  // İ → i + U+0307 loses its dot along with the other diacritics.
  const t = (NON_ASCII.test(s) ? s.normalize('NFKC') : s).toLowerCase();
  const classes = (table ??= buildTable());
  // At most: a space, a CJK character and a space per code unit, or a folded letter's base.
  const out = new Uint16Array(t.length * Math.max(3, longestBase));
  let j = 0;
  const space = (): void => {
    if (j > 0 && out[j - 1] !== 32) out[j++] = 32;
  };
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    let cls = classes[c];
    let width = 1;
    if (cls === HIGH) {
      const low = i + 1 < t.length ? t.charCodeAt(i + 1) : 0;
      // A lone surrogate is a separator, so it never reaches either database.
      cls = low >= 0xdc00 && low <= 0xdfff ? classify(t.slice(i, i + 2)) : SEP;
      if (cls !== SEP) width = 2;
    }
    if (cls === WORD) {
      out[j++] = c;
      if (width === 2) out[j++] = t.charCodeAt(++i);
    } else if (cls === CJK) {
      space();
      out[j++] = c;
      if (width === 2) out[j++] = t.charCodeAt(++i);
      out[j++] = 32;
    } else if (cls === FOLD) {
      const base = bases.get(c)!;
      for (let k = 0; k < base.length; k++) out[j++] = base.charCodeAt(k);
    } else if (cls === SEP) {
      space();
    }
    // DROP writes nothing: a diacritic that NFKC could not compose onto a letter.
  }
  if (j > 0 && out[j - 1] === 32) j--;
  return decoder.decode(out.subarray(0, j));
}
