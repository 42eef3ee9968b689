// What a single line of a plain-text story is, read the way a person skimming the file would.

/** Splits text into lines whatever its line endings, without a byte order mark. */
export function toLines(source: string): string[] {
  return source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
}

export function isBlankLine(line: string): boolean {
  return line.trim() === '';
}

// Rows of marks (* * *, ~~~, ###, -----, = = =, <>) and the o0o / oOo / xXx family.
// No `|` or `:`, so a Markdown table's |---|:--:| row is not taken for one.
const MARKS_ONLY = /^[.*~#\-_+=<>•·◇◆❖✦★☆※§/\\^—–]+$/u;
const LETTER_BREAK = /^[-~*.=_+]*([oO0]{3,}|[xX]{3,})[-~*.=_+]*$/;

/** A line holding only scene-break marks. */
export function isSceneBreak(line: string): boolean {
  const compact = line.replace(/\s+/g, '');
  if (compact === '') return false;
  if (MARKS_ONLY.test(compact)) return true;
  const letters = LETTER_BREAK.exec(compact)?.[1];
  // "ooo", "Ooo" or "xxx" is a sound or a sign-off; a symmetric mix like o0o, OoO or xXx is a divider.
  if (letters === undefined || new Set(letters).size < 2) return false;
  return letters === [...letters].reverse().join('');
}

const CLOSING = /^[\W_]*(the\s+end|end|fin|tbc|to\s+be\s+continued)[\W_]*$/iu;

/** `complete` for a closing line (The End, ~fin~), `continued` for TBC lines, else null. */
export function closingMarker(line: string): 'complete' | 'continued' | null {
  const match = CLOSING.exec(line.trim());
  if (!match) return null;
  return /^(tbc|to\s)/i.test(match[1]) ? 'continued' : 'complete';
}

const ROMAN = /^(?=[mdclxvi])m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$/i;
const UNITS = [
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
];
const TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const NUMBER_WORD = new RegExp(
  `^(?:(?:${TENS.join('|')})(?:[- ](?:${UNITS.slice(0, 9).join('|')}))?|${UNITS.join('|')}|one hundred)$`, 'i',
);

function isChapterNumber(word: string): boolean {
  return /^\d{1,4}$/.test(word) || ROMAN.test(word) || NUMBER_WORD.test(word);
}

// The title follows punctuation or a wide gap ("Chapter I    The Period").
const NUMBERED = /^(chapter|part)\s+([a-z0-9]+(?:[- ][a-z]+)?)(?:(?:\s*[:.\-–—]+|\s{2,}|\t)\s*(.*))?$/i;
const NAMED = /^(prologue|epilogue)\s*(?:[:.\-–—]+\s*(.*))?$/i;

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function tidy(title: string | undefined): string {
  return (title ?? '').trim().replace(/[\s.:\-–—]+$/u, '');
}

/**
 * A chapter heading line ("Chapter Two: The Alley", "CHAPTER III", "Part 4 - Home", "Prologue")
 * gives the chapter's title: the part after the number, else the heading itself ("Chapter III").
 */
export function chapterHeading(line: string): { title: string } | null {
  const text = line.trim();
  const numbered = NUMBERED.exec(text);
  if (numbered) {
    const [, kind, number, rest] = numbered;
    // "Part of me" or "Chapter One was" are prose, not headings.
    if (!isChapterNumber(number)) return null;
    const numeral = ROMAN.test(number) ? number.toUpperCase() : number.replace(/[a-z]+/gi, capitalise);
    const fallback = `${capitalise(kind)} ${numeral}`;
    return { title: tidy(rest) || fallback };
  }
  const named = NAMED.exec(text);
  if (named) return { title: tidy(named[2]) || capitalise(named[1]) };
  return null;
}
