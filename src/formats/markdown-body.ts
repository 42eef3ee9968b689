// Markdown story bodies. Raw HTML inside Markdown is not trusted: marked's output is sanitized.
import MarkdownIt from 'markdown-it';
import { isBlankLine, isSceneBreak } from './line-kinds.ts';
import { plainTextToHtml } from './plain-text.ts';
import { sanitizeHtml } from './sanitize.ts';

// markdown-it rather than marked: marked 16 takes quadratic time on some inputs (30 KB of `*a `
// took ~10 s), while markdown-it renders the same in ~100 ms and caps nesting itself.
// Raw HTML is let through to the sanitizer, as in HTML bodies.
const markdown = new MarkdownIt({ html: true, linkify: false, breaks: false });
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** For each line, whether it sits inside (or opens/closes) a fenced code block. */
export function fenceMask(lines: string[]): boolean[] {
  let open: string | null = null;
  return lines.map((line) => {
    const fence = FENCE.exec(line)?.[1];
    if (open === null) {
      if (fence) open = fence;
      return fence !== undefined;
    }
    if (fence && fence[0] === open[0] && fence.length >= open.length) open = null;
    return true;
  });
}

// Writers mark scene breaks with o0o, ~, <> and the like, which Markdown would print as text, and
// `---` right under a paragraph would turn that paragraph into a heading. In a story each of them
// is a scene break, with the plain-text rules: none at the start or end, and never two in a row.
function markSceneBreaks(lines: string[]): string[] {
  const inFence = fenceMask(lines);
  const out: string[] = [];
  let pendingBreak = false;
  let seenText = false;
  lines.forEach((line, i) => {
    if (!inFence[i] && isSceneBreak(line)) {
      pendingBreak = seenText;
      return;
    }
    if (pendingBreak && !isBlankLine(line)) {
      out.push('', '***', '');
      pendingBreak = false;
    }
    if (!isBlankLine(line)) seenText = true;
    out.push(line);
  });
  return out;
}

// markdown-it stops at 100 levels of nesting and drops what lies deeper; quotes that deep are
// not meant as Markdown, so such a body is shown as the text it is and no word is lost.
const TOO_DEEP = /^(?:\s{0,3}>){50}/;

/** Renders Markdown lines as sanitized HTML. */
export function markdownToHtml(lines: string[]): string {
  if (lines.some((l) => TOO_DEEP.test(l))) return plainTextToHtml(lines);
  let html: string;
  try {
    html = markdown.render(markSceneBreaks(lines).join('\n'));
  } catch (error) {
    // Should a pathological body still exhaust the stack, show it as the text it is rather than fail.
    if (error instanceof RangeError) return plainTextToHtml(lines);
    throw error;
  }
  return sanitizeHtml(html).trim();
}
